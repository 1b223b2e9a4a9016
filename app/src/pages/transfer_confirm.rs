//! Behind the button of "Confirm your new email address": one more button
//! (so that a mail scanner opening the link changes nothing), then the
//! account is migrated.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::{LinkRefused, Page, SuccessNotice};

#[component]
pub fn TransferConfirm() -> impl IntoView {
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    let link = LocalResource::new({
        let token = token.clone();
        move || {
            let token = token.clone();
            async move { api::check_confirm_link(&token).await }
        }
    });
    view! {
        <Page title="Confirm your new email address">
            <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || link.get().map(|answer| match answer {
                    Ok(_) => view! { <Confirm token=token.clone() /> }.into_any(),
                    Err(refusal) => view! { <LinkRefused message=refusal.message() /> }.into_any(),
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Confirm(token: String) -> impl IntoView {
    let answer = RwSignal::new(None::<Result<String, ApiFailure>>);
    let pending = RwSignal::new(false);
    let confirm = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let token = token.clone();
        spawn_local(async move {
            answer.set(Some(api::confirm_new_email(&token).await.map(|notice| notice.message)));
            pending.set(false);
        });
    };
    move || match answer.get() {
        Some(Ok(message)) => view! { <SuccessNotice message /> }.into_any(),
        Some(Err(ApiFailure::Fields(errors))) => {
            let message = errors.0.first().map(|e| e.message.clone()).unwrap_or_default();
            view! { <LinkRefused message /> }.into_any()
        }
        Some(Err(ApiFailure::Refused(message))) => view! { <LinkRefused message /> }.into_any(),
        answer => view! {
            {answer.and_then(Result::err).map(|failure| view! {
                <div class="usa-alert usa-alert--error" role="alert"><div class="usa-alert__body"><p class="usa-alert__text">{failure.message()}</p></div></div>
            })}
            <p class="usa-intro">"Select the button to use this email address for your National Registry account. Your account will then be migrated to use login.gov."</p>
            <button type="button" class="usa-button" on:click=confirm.clone() aria-disabled=move || pending.get().then_some("true")>"Confirm my email address"</button>
        }
        .into_any(),
    }
}
