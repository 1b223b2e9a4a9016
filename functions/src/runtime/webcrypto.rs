//! RS256 signatures with the Workers runtime's WebCrypto (`crypto.subtle`):
//! native code, so signing the client assertion costs well under a
//! millisecond where RSA compiled to wasm would cost several.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto, WorkerGlobalScope};

use crate::error::AppError;
use crate::login_gov::client_assertion::ClientKey;

const ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

thread_local! {
    // The imported key, for as long as this isolate lives: importing costs more than signing.
    static IMPORTED: RefCell<Option<(String, CryptoKey)>> = const { RefCell::new(None) };
}

fn failed(what: &str, e: &JsValue) -> AppError {
    AppError::internal(format!("WebCrypto {what}: {e:?}"))
}

fn subtle() -> Result<SubtleCrypto, AppError> {
    let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
    Ok(scope.crypto().map_err(|e| failed("crypto", &e))?.subtle())
}

async fn signing_key(subtle: &SubtleCrypto, key: &ClientKey) -> Result<CryptoKey, AppError> {
    if let Some(cached) =
        IMPORTED.with(|imported| imported.borrow().as_ref().filter(|(jwk, _)| jwk == key.jwk()).map(|(_, k)| k.clone()))
    {
        return Ok(cached);
    }
    let jwk: js_sys::Object = js_sys::JSON::parse(key.jwk()).map_err(|e| failed("JWK", &e))?.unchecked_into();
    let algorithm = js_sys::Object::new();
    js_sys::Reflect::set(&algorithm, &"name".into(), &ALGORITHM.into()).map_err(|e| failed("algorithm", &e))?;
    js_sys::Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into()).map_err(|e| failed("algorithm", &e))?;
    let usages = js_sys::Array::of1(&"sign".into());
    let promise =
        subtle.import_key_with_object("jwk", &jwk, &algorithm, false, &usages).map_err(|e| failed("importKey", &e))?;
    let imported: CryptoKey = JsFuture::from(promise).await.map_err(|e| failed("importKey", &e))?.unchecked_into();
    IMPORTED.with(|cache| *cache.borrow_mut() = Some((key.jwk().to_owned(), imported.clone())));
    Ok(imported)
}

/// The RS256 signature of `input` with the client's key.
pub async fn sign_rs256(key: &ClientKey, input: &str) -> Result<Vec<u8>, AppError> {
    let subtle = subtle()?;
    let crypto_key = signing_key(&subtle, key).await?;
    let data = js_sys::Uint8Array::from(input.as_bytes());
    let promise =
        subtle.sign_with_str_and_buffer_source(ALGORITHM, &crypto_key, &data).map_err(|e| failed("sign", &e))?;
    let signature = JsFuture::from(promise).await.map_err(|e| failed("sign", &e))?;
    Ok(js_sys::Uint8Array::new(&signature).to_vec())
}
