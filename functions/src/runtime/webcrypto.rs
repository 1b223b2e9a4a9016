//! RS256 with the Workers runtime's WebCrypto (`crypto.subtle`): native code,
//! so signing the client assertion and checking the ID token's signature cost
//! a fraction of a millisecond where RSA compiled to wasm would cost several.

use std::cell::RefCell;

use async_trait::async_trait;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto, WorkerGlobalScope};

use crate::error::AppError;
use crate::login_gov::client_assertion::ClientKey;
use crate::login_gov::id_token::{CheckFailed, Jwk, SignatureCheck};

const ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

thread_local! {
    // The imported key, for as long as this isolate lives: importing costs more than signing.
    static IMPORTED: RefCell<Option<(String, CryptoKey)>> = const { RefCell::new(None) };
    // login.gov's public keys, imported, by their JWK: a handful at most (the current one, the next).
    static PUBLIC: RefCell<Vec<(Jwk, CryptoKey)>> = const { RefCell::new(Vec::new()) };
}

fn failed(what: &str, e: &JsValue) -> AppError {
    AppError::internal(format!("WebCrypto {what}: {e:?}"))
}

fn subtle() -> Result<SubtleCrypto, AppError> {
    let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
    Ok(scope.crypto().map_err(|e| failed("crypto", &e))?.subtle())
}

/// Imports a JWK (JSON) as an RS256 key for `usage` ("sign" or "verify").
async fn import(subtle: &SubtleCrypto, jwk: &str, usage: &str) -> Result<CryptoKey, AppError> {
    let jwk: js_sys::Object = js_sys::JSON::parse(jwk).map_err(|e| failed("JWK", &e))?.unchecked_into();
    let algorithm = js_sys::Object::new();
    js_sys::Reflect::set(&algorithm, &"name".into(), &ALGORITHM.into()).map_err(|e| failed("algorithm", &e))?;
    js_sys::Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into()).map_err(|e| failed("algorithm", &e))?;
    let usages = js_sys::Array::of1(&usage.into());
    let promise =
        subtle.import_key_with_object("jwk", &jwk, &algorithm, false, &usages).map_err(|e| failed("importKey", &e))?;
    Ok(JsFuture::from(promise).await.map_err(|e| failed("importKey", &e))?.unchecked_into())
}

async fn signing_key(subtle: &SubtleCrypto, key: &ClientKey) -> Result<CryptoKey, AppError> {
    if let Some(cached) =
        IMPORTED.with(|imported| imported.borrow().as_ref().filter(|(jwk, _)| jwk == key.jwk()).map(|(_, k)| k.clone()))
    {
        return Ok(cached);
    }
    let imported = import(subtle, key.jwk(), "sign").await?;
    IMPORTED.with(|cache| *cache.borrow_mut() = Some((key.jwk().to_owned(), imported.clone())));
    Ok(imported)
}

async fn verifying_key(subtle: &SubtleCrypto, key: &Jwk) -> Result<CryptoKey, AppError> {
    if let Some(cached) =
        PUBLIC.with(|public| public.borrow().iter().find(|(jwk, _)| jwk == key).map(|(_, k)| k.clone()))
    {
        return Ok(cached);
    }
    let only_the_numbers = serde_json::json!({"kty": "RSA", "n": key.n, "e": key.e, "alg": "RS256"});
    let imported = import(subtle, &only_the_numbers.to_string(), "verify").await?;
    PUBLIC.with(|public| {
        let mut public = public.borrow_mut();
        // login.gov publishes one or two keys; a longer list is old keys.
        if public.len() >= 4 {
            public.remove(0);
        }
        public.push((key.clone(), imported.clone()));
    });
    Ok(imported)
}

/// The ID token's signature, checked by WebCrypto with the provider's key.
pub struct WebCrypto;

#[async_trait(?Send)]
impl SignatureCheck for WebCrypto {
    async fn rs256(&self, key: &Jwk, message: &[u8], signature: &[u8]) -> Result<bool, CheckFailed> {
        let verified = async {
            let subtle = subtle()?;
            let crypto_key = verifying_key(&subtle, key).await?;
            let promise = subtle
                .verify_with_str_and_u8_array_and_u8_array(ALGORITHM, &crypto_key, signature, message)
                .map_err(|e| failed("verify", &e))?;
            JsFuture::from(promise)
                .await
                .map_err(|e| failed("verify", &e))?
                .as_bool()
                .ok_or_else(|| AppError::internal("WebCrypto verify: an answer that is not a boolean"))
        };
        verified.await.map_err(|e| CheckFailed(e.for_the_log()))
    }
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
