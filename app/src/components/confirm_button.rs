//! The page behind a confirmation link: one button to press (so that a mail
//! scanner opening the link changes nothing), then the answer.

use std::future::Future;

use domain::api::Notice;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{ErrorNotice, Link, LinkRefused, SuccessNotice};
use crate::api::ApiFailure;

/// `intro` says what the button does; `confirm(token)` does it; `then`, a
/// link to follow once it is done.
pub fn confirm_button<Confirming>(
    token: String,
    intro: &'static str,
    confirm: fn(String) -> Confirming,
    then: Option<(&'static str, &'static str)>,
) -> impl IntoView
where
    Confirming: Future<Output = Result<Notice, ApiFailure>> + 'static,
{
    let answer = RwSignal::new(None::<Result<String, ApiFailure>>);
    let pending = RwSignal::new(false);
    let press = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let token = token.clone();
        spawn_local(async move {
            answer.set(Some(confirm(token).await.map(|notice| notice.message)));
            pending.set(false);
        });
    };
    move || {
        match answer.get() {
        Some(Ok(message)) => view! {
            <SuccessNotice message />
            {then.map(|(href, text)| view! { <p><Link href class="usa-button">{text}</Link></p> })}
        }
        .into_any(),
        Some(Err(ApiFailure::Fields(errors))) => {
            let message = errors.first().map(|e| e.message.clone()).unwrap_or_default();
            view! { <LinkRefused message /> }.into_any()
        }
        Some(Err(ApiFailure::Refused(message))) => view! { <LinkRefused message /> }.into_any(),
        answer => view! {
            {answer.and_then(Result::err).map(|failure| view! { <ErrorNotice message=failure.message() /> })}
            <p class="usa-intro">{intro}</p>
            <button type="button" class="usa-button" on:click=press.clone() aria-disabled=move || pending.get().then_some("true")>"Confirm my email address"</button>
        }
        .into_any(),
    }
    }
}
