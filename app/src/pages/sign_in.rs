//! The National Registry login page: two choices, and who each is for.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::{Link, Page};
use crate::paths;

#[component]
pub fn SignIn() -> impl IntoView {
    // A page that asked for sign-in (`?return_to=/account`) is where login.gov brings the person back;
    // the worker accepts only paths of this site.
    let login = match use_query_map().get_untracked().get("return_to") {
        Some(path) => format!("{}?return_to={}", paths::LOGIN_GOV, js_sys_encode(&path)),
        None => paths::LOGIN_GOV.to_owned(),
    };
    view! {
        <Page title="Sign in">
            <p class="usa-intro">"The National Registry uses login.gov to sign you in."</p>
            <ul class="usa-card-group">
                <li class="usa-card tablet:grid-col-6">
                    <div class="usa-card__container">
                        <div class="usa-card__header"><h2 class="usa-card__heading">"Log in"</h2></div>
                        <div class="usa-card__body">
                            <p>"Choose this if you already have a login.gov account with the email address of your National Registry account."</p>
                        </div>
                        <div class="usa-card__footer">
                            // The worker's route to login.gov: a full page load, not the app's router.
                            <a class="usa-button" href=login rel="external">"Log in"</a>
                        </div>
                    </div>
                </li>
                <li class="usa-card tablet:grid-col-6">
                    <div class="usa-card__container">
                        <div class="usa-card__header"><h2 class="usa-card__heading">"Transfer or Create Account"</h2></div>
                        <div class="usa-card__body">
                            <p>"Choose this if you do not have a login.gov account yet: we first move your National Registry account to login.gov."</p>
                        </div>
                        <div class="usa-card__footer">
                            <Link href=paths::TRANSFER class="usa-button usa-button--outline">"Transfer or Create Account"</Link>
                        </div>
                    </div>
                </li>
            </ul>
            <p><Link href=paths::WHAT_IS_LOGIN_GOV>"What is login.gov and why do I have to create an account?"</Link></p>
        </Page>
    }
}

/// The path, percent-encoded for a query string (`encodeURIComponent`).
fn js_sys_encode(path: &str) -> String {
    leptos::wasm_bindgen::JsValue::from(leptos::web_sys::js_sys::encode_uri_component(path)).as_string().unwrap_or_default()
}
