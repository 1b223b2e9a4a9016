//! Behind the button of "Confirm your new email address": one more button
//! (so that a mail scanner opening the link changes nothing), then the
//! account is migrated.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::components::{page_behind_link, ErrorNotice, LinkRefused, SuccessNotice};

#[component]
pub fn TransferConfirm() -> impl IntoView {
    page_behind_link("Confirm your new email address", api::check_confirm_link, |token| view! { <Confirm token /> }.into_any())
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
            answer.set(Some(api::confirm_new_email(token).await.map(|notice| notice.message)));
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
            {answer.and_then(Result::err).map(|failure| view! { <ErrorNotice message=failure.message() /> })}
            <p class="usa-intro">"Select the button to use this email address for your National Registry account. Your account will then be migrated to use login.gov."</p>
            <button type="button" class="usa-button" on:click=confirm.clone() aria-disabled=move || pending.get().then_some("true")>"Confirm my email address"</button>
        }
        .into_any(),
    }
}
