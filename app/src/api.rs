//! Every call the app makes to the worker, typed by the shared API types.

use domain::account::SignedIn;
use domain::api::{ApiError, Notice, SentEmail};
use domain::email_change::EmailChangeForm;
use domain::email_fix::{LinkStatus, NewEmailForm};
use domain::form::FieldMessage;
use domain::link_token::LinkToken;
use domain::routes;
use domain::transfer::TransferForm;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{Request, RequestInit, Response};
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::JsFuture;

/// Why a call did not give the answer the page wanted, in words for the person.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The form has mistakes, field by field (the form reads them as its fields).
    Fields(Vec<FieldMessage>),
    /// The registry refused, and said why.
    Refused(String),
    /// No live session: the page sends the person to sign in.
    NotSignedIn,
    /// No answer: the network or the registry is down.
    Unreachable,
}

impl ApiFailure {
    pub fn message(&self) -> String {
        match self {
            Self::Fields(_) => "Some answers need your attention.".into(),
            Self::Refused(message) => message.clone(),
            Self::NotSignedIn => "Please sign in to continue.".into(),
            Self::Unreachable => concat!(
                "We could not reach the National Registry. Check your connection and try again. ",
                "If this keeps happening, contact ",
                domain::the_help_desk!(),
                "."
            )
            .into(),
        }
    }
}

pub async fn submit_transfer(form: TransferForm) -> Result<Notice, ApiFailure> {
    let body = serde_json::to_string(&form).map_err(|_| ApiFailure::Unreachable)?;
    call("POST", routes::API_TRANSFER, Some(body)).await
}

/// Whether the link in a "NOT migrated" email can still be used.
pub async fn check_fix_link(token: LinkToken) -> Result<LinkStatus, ApiFailure> {
    call("GET", &routes::TRANSFER_FIX.api.with(token.as_str()), None).await
}

pub async fn request_new_email(token: LinkToken, form: NewEmailForm) -> Result<Notice, ApiFailure> {
    let body = serde_json::to_string(&form).map_err(|_| ApiFailure::Unreachable)?;
    call("POST", &routes::TRANSFER_FIX.api.with(token.as_str()), Some(body)).await
}

/// Whether the link in a "Confirm your new email address" email can still be used.
pub async fn check_confirm_link(token: LinkToken) -> Result<LinkStatus, ApiFailure> {
    call("GET", &routes::TRANSFER_CONFIRM.api.with(token.as_str()), None).await
}

pub async fn confirm_new_email(token: LinkToken) -> Result<Notice, ApiFailure> {
    call("POST", &routes::TRANSFER_CONFIRM.api.with(token.as_str()), Some("{}".into())).await
}

/// The signed-in person and their CSRF token; [`ApiFailure::NotSignedIn`] when signed out.
pub async fn session() -> Result<SignedIn, ApiFailure> {
    call("GET", routes::API_SESSION, None).await
}

pub async fn change_email(csrf_token: String, form: EmailChangeForm) -> Result<Notice, ApiFailure> {
    let body = serde_json::to_string(&form).map_err(|_| ApiFailure::Unreachable)?;
    call_with_token("POST", routes::API_ACCOUNT_EMAIL, Some(body), Some(&csrf_token)).await
}

/// Whether the link in an email-change confirmation can still be used.
pub async fn check_email_change_link(token: LinkToken) -> Result<LinkStatus, ApiFailure> {
    call("GET", &routes::EMAIL_CHANGE_CONFIRM.api.with(token.as_str()), None).await
}

pub async fn confirm_email_change(token: LinkToken) -> Result<Notice, ApiFailure> {
    call("POST", &routes::EMAIL_CHANGE_CONFIRM.api.with(token.as_str()), Some("{}".into())).await
}

pub async fn sent_emails() -> Result<Vec<SentEmail>, ApiFailure> {
    call("GET", routes::API_DEV_MAILBOX, None).await
}

async fn call<T: DeserializeOwned>(method: &str, url: &str, json: Option<String>) -> Result<T, ApiFailure> {
    call_with_token(method, url, json, None).await
}

/// A call that changes something for the signed-in person carries their CSRF token.
async fn call_with_token<T: DeserializeOwned>(
    method: &str,
    url: &str,
    json: Option<String>,
    csrf_token: Option<&str>,
) -> Result<T, ApiFailure> {
    let (status, text) = fetch(method, url, json, csrf_token).await.map_err(|_| ApiFailure::Unreachable)?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| ApiFailure::Unreachable);
    }
    if status == 401 {
        return Err(ApiFailure::NotSignedIn);
    }
    match serde_json::from_str::<ApiError>(&text) {
        Ok(error) if !error.fields.is_empty() => Err(ApiFailure::Fields(error.fields)),
        Ok(error) => Err(ApiFailure::Refused(error.message)),
        Err(_) => Err(ApiFailure::Unreachable),
    }
}

async fn fetch(
    method: &str,
    url: &str,
    json: Option<String>,
    csrf_token: Option<&str>,
) -> Result<(u16, String), JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(json) = json {
        init.set_body(&JsValue::from_str(&json));
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    request.headers().set("accept", "application/json")?;
    if method != "GET" {
        request.headers().set("content-type", "application/json")?;
    }
    if let Some(token) = csrf_token {
        request.headers().set("x-csrf-token", token)?;
    }
    let response: Response =
        JsFuture::from(leptos::prelude::window().fetch_with_request(&request)).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    Ok((response.status(), text))
}
