//! The registry's calls to login.gov: discovery and keys (kept for an hour in
//! the isolate's memory, and in KV for the other isolates), the token exchange
//! and userinfo. Each call gives up after a few seconds, so a slow provider
//! makes a clear "try again" page, not a hung sign-in.

use std::cell::RefCell;
use std::time::Duration;

use futures_util::future::{select, Either};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use worker::{AbortController, Delay, Fetch, Headers, Method, Request, RequestInit};

use super::context::Context;
use super::now_seconds;
use super::webcrypto::WebCrypto;
use crate::cloudflare_access::{self, AccessPolicy};
use crate::error::AppError;
use crate::login_gov::id_token::{self, Expected, JwkSet, TokenError, VerifiedIdToken};
use crate::login_gov::{token_request, LoginGovClient, ProviderMetadata, TokenResponse, UserInfo};
use oauth2::RequestTokenError;

/// How long the registry waits for login.gov on each call.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Discovery and keys are fetched again at least this often (KV's TTL).
const CACHE_SECONDS: u64 = 3600;
const DISCOVERY_KEY: &str = "login-gov:discovery";
const KEYS_KEY: &str = "login-gov:jwks";

thread_local! {
    // Each sign-in needs both; reading them from KV every time cost a round trip each.
    static DISCOVERY: RefCell<Option<(ProviderMetadata, i64)>> = const { RefCell::new(None) };
    static KEYS: RefCell<Option<(JwkSet, i64)>> = const { RefCell::new(None) };
    static ACCESS_KEYS: RefCell<Option<(JwkSet, i64)>> = const { RefCell::new(None) };
}
const ACCESS_KEYS_KEY: &str = "access:jwks";

type Memory<T> = std::thread::LocalKey<RefCell<Option<(T, i64)>>>;

/// What this isolate keeps, if it is younger than an hour.
fn remembered<T: Clone>(memory: &'static Memory<T>) -> Option<T> {
    let now = now_seconds();
    memory.with(|m| m.borrow().as_ref().filter(|(_, until)| now < *until).map(|(value, _)| value.clone()))
}

/// Keeps `value` in this isolate's memory for an hour.
fn keep_in_memory<T: Clone>(memory: &'static Memory<T>, value: &T) {
    let until = now_seconds() + CACHE_SECONDS as i64;
    memory.with(|m| *m.borrow_mut() = Some((value.clone(), until)));
}

/// What this isolate, or else KV, keeps under `key`, if it `fits`; a copy
/// read from KV is kept in memory too.
async fn recall<T: DeserializeOwned + Clone>(
    cx: &Context,
    memory: &'static Memory<T>,
    key: &str,
    fits: impl Fn(&T) -> bool,
) -> Result<Option<T>, AppError> {
    if let Some(value) = remembered(memory).filter(&fits) {
        return Ok(Some(value));
    }
    let stored = cx.kv()?.get(key).json::<T>().await?.filter(&fits);
    if let Some(value) = &stored {
        keep_in_memory(memory, value);
    }
    Ok(stored)
}

/// Keeps `value` in this isolate's memory and in KV, for an hour.
async fn remember<T: Serialize + Clone>(
    cx: &Context,
    memory: &'static Memory<T>,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    keep_in_memory(memory, value);
    let kv = cx.kv()?;
    kv.put(key, serde_json::to_string(value)?)?.expiration_ttl(CACHE_SECONDS).execute().await?;
    Ok(())
}

/// A call that had no answer: the URL called, and why (an error of the
/// runtime's fetch; none when it timed out).
#[derive(Debug)]
pub(super) struct NoAnswer {
    url: String,
    cause: Option<worker::Error>,
}

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cause {
            Some(_) => write!(f, "{}", self.url),
            None => write!(f, "{}: no answer in {} s", self.url, TIMEOUT.as_secs()),
        }
    }
}

impl std::error::Error for NoAnswer {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|e| e as _)
    }
}

/// A call to another service (login.gov, Turnstile) that gives up after [`TIMEOUT`].
pub(super) async fn call_within_timeout(url: &str, init: &RequestInit) -> Result<worker::Response, NoAnswer> {
    let no_answer = |cause| NoAnswer { url: url.into(), cause };
    let request = Request::new_with_init(url, init).map_err(|e| no_answer(Some(e)))?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let fetch = Fetch::Request(request);
    let call = std::pin::pin!(fetch.send_with_signal(&signal));
    let timeout = std::pin::pin!(Delay::from(TIMEOUT));
    match select(call, timeout).await {
        Either::Left((Ok(response), _)) => Ok(response),
        Either::Left((Err(e), _)) => Err(no_answer(Some(e))),
        Either::Right(_) => {
            controller.abort();
            Err(no_answer(None))
        }
    }
}

async fn send(url: &str, init: &RequestInit) -> Result<worker::Response, AppError> {
    call_within_timeout(url, init).await.map_err(|e| AppError::provider_because("no answer", e))
}

/// The JSON answer of a call, or a provider error naming the status.
async fn json<T: DeserializeOwned>(url: &str, init: &RequestInit) -> Result<T, AppError> {
    let mut response = send(url, init).await?;
    let status = response.status_code();
    if !(200..300).contains(&status) {
        // An OAuth error answer says why (`invalid_grant`…); it carries no personal data.
        let said: String = response.text().await.unwrap_or_default().chars().take(200).collect();
        return Err(AppError::provider(format!("{url}: status {status}: {said}")));
    }
    response.json().await.map_err(|e| AppError::provider_because(url, e))
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, AppError> {
    let headers = Headers::new();
    headers.set("accept", "application/json")?;
    json(url, RequestInit::new().with_method(Method::Get).with_headers(headers)).await
}

/// The provider's discovery document, from memory, KV or fetched, kept for an hour.
/// Its issuer must be the configured one (OpenID Connect Discovery 4.3).
pub async fn metadata(cx: &Context) -> Result<ProviderMetadata, AppError> {
    if let Some(cached) = recall(cx, &DISCOVERY, DISCOVERY_KEY, |m| m.issuer == cx.config.login_gov.issuer).await? {
        return Ok(cached);
    }
    let url = format!("{}/.well-known/openid-configuration", cx.config.login_gov.issuer.trim_end_matches('/'));
    let metadata: ProviderMetadata = get_json(&url).await?;
    if metadata.issuer != cx.config.login_gov.issuer {
        return Err(AppError::provider(format!(
            "discovery names issuer {} instead of {}",
            metadata.issuer, cx.config.login_gov.issuer
        )));
    }
    remember(cx, &DISCOVERY, DISCOVERY_KEY, &metadata).await?;
    Ok(metadata)
}

async fn fetch_keys(cx: &Context, metadata: &ProviderMetadata) -> Result<JwkSet, AppError> {
    let keys: JwkSet = get_json(&metadata.jwks_uri).await?;
    remember(cx, &KEYS, KEYS_KEY, &keys).await?;
    Ok(keys)
}

/// Verifies the ID token with the cached keys; on an unknown `kid` (login.gov
/// rotated its keys) fetches the key set once more and tries again. The outer
/// error is login.gov not giving its keys (the person may try again) or a
/// signature we could not check; the inner one, a token that fails a check.
pub async fn verify_id_token(
    cx: &Context,
    metadata: &ProviderMetadata,
    token: &str,
    expected: &Expected<'_>,
) -> Result<Result<VerifiedIdToken, TokenError>, AppError> {
    // A cached set that cannot be read is fetched again.
    let cached = recall(cx, &KEYS, KEYS_KEY, |_| true).await.ok().flatten();
    let (keys, fetched_now) = match cached {
        Some(keys) => (keys, false),
        None => (fetch_keys(cx, metadata).await?, true),
    };
    ours_apart(match id_token::verify(token, &keys, expected, &WebCrypto).await {
        Err(TokenError::UnknownKey | TokenError::AmbiguousKey) if !fetched_now => {
            id_token::verify(token, &fetch_keys(cx, metadata).await?, expected, &WebCrypto).await
        }
        verified => verified,
    })
}

/// Verifies Cloudflare Access's assertion with its team's keys (kept for an
/// hour; fetched again once on an unknown `kid`, as Access rotates them). The
/// outer error is Access not giving its keys, or a signature we could not check; the inner one, an assertion that fails a check.
pub async fn verify_access(
    cx: &Context,
    policy: &AccessPolicy,
    assertion: &str,
) -> Result<Result<String, TokenError>, AppError> {
    let fetch = || async {
        let keys: JwkSet = get_json(&cloudflare_access::certs_url(&policy.issuer)).await?;
        remember(cx, &ACCESS_KEYS, ACCESS_KEYS_KEY, &keys).await?;
        Ok::<_, AppError>(keys)
    };
    let cached = recall(cx, &ACCESS_KEYS, ACCESS_KEYS_KEY, |_| true).await.ok().flatten();
    let (keys, fetched_now) = match cached {
        Some(keys) => (keys, false),
        None => (fetch().await?, true),
    };
    let now = now_seconds();
    ours_apart(match cloudflare_access::verify(assertion, &keys, policy, now, &WebCrypto).await {
        Err(TokenError::UnknownKey | TokenError::AmbiguousKey) if !fetched_now => {
            cloudflare_access::verify(assertion, &fetch().await?, policy, now, &WebCrypto).await
        }
        verified => verified,
    })
}

/// A signature WebCrypto could not check is a failure of ours, with its
/// cause, not a token that fails a check.
fn ours_apart<T>(verified: Result<T, TokenError>) -> Result<Result<T, TokenError>, AppError> {
    match verified {
        Err(TokenError::CheckFailed(cause)) => Err(AppError::while_doing("checking a signature", cause)),
        verified => Ok(verified),
    }
}

/// The authorization code for tokens, with the PKCE verifier and, for
/// `private_key_jwt`, a fresh client assertion.
pub async fn exchange_code(
    client: &LoginGovClient,
    assertion: Option<&str>,
    code: &str,
    verifier: &str,
) -> Result<TokenResponse, AppError> {
    token_request(client, assertion, code, verifier).request_async(&oauth2_http).await.map_err(|e| match e {
        RequestTokenError::Request(failure) => failure,
        // An OAuth error answer (`invalid_grant`…) or one that could not be read; no personal data.
        refused => AppError::provider_because("the token endpoint", refused),
    })
}

/// oauth2's HTTP client: the Workers runtime's fetch, with the same time-out as every call to login.gov.
async fn oauth2_http(request: oauth2::HttpRequest) -> Result<oauth2::HttpResponse, AppError> {
    let url = request.uri().to_string();
    let headers = Headers::new();
    for (name, value) in request.headers() {
        headers.set(name.as_str(), value.to_str().map_err(|e| AppError::while_doing("a header", e))?)?;
    }
    let method = Method::from(request.method().as_str().to_owned());
    let body = JsValue::from(js_sys::Uint8Array::from(request.body().as_slice()));
    let mut response =
        send(&url, RequestInit::new().with_method(method).with_headers(headers).with_body(Some(body))).await?;
    let mut answer = oauth2::http::Response::builder().status(response.status_code());
    for (name, value) in response.headers().entries() {
        answer = answer.header(name, value);
    }
    answer.body(response.bytes().await?).map_err(|e| AppError::while_doing("login.gov's answer", e))
}

pub async fn userinfo(metadata: &ProviderMetadata, access_token: &str) -> Result<UserInfo, AppError> {
    let headers = Headers::new();
    headers.set("authorization", &format!("Bearer {access_token}"))?;
    headers.set("accept", "application/json")?;
    json(&metadata.userinfo_endpoint, RequestInit::new().with_method(Method::Get).with_headers(headers)).await
}
