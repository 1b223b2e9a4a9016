//! The page behind a confirmation link: one button to press (so that a mail
//! scanner opening the link changes nothing), then the answer.

use std::future::Future;

use domain::api::Notice;
use domain::link_token::LinkToken;
use leptos::prelude::*;

use super::{ErrorNotice, Link, LinkRefused, SuccessNotice};
use crate::api::ApiFailure;

/// `intro` says what the button does; `confirm(token)` does it; `then`, a
/// link to follow once it is done.
pub fn confirm_button<Confirming>(
    token: LinkToken,
    intro: String,
    confirm: fn(LinkToken) -> Confirming,
    then: Option<(&'static str, &'static str)>,
) -> impl IntoView
where
    Confirming: Future<Output = Result<Notice, ApiFailure>> + 'static,
{
    let confirming = Action::new_local(move |token: &LinkToken| {
        let answer = confirm(token.clone());
        async move { answer.await.map(|notice| notice.message) }
    });
    let pending = confirming.pending();
    let press = move |_| {
        if !pending.get_untracked() {
            confirming.dispatch_local(token.clone());
        }
    };
    move || {
        match confirming.value().get() {
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
            <p class="usa-intro">{intro.clone()}</p>
            <button type="button" class="usa-button" on:click=press.clone() aria-disabled=move || pending.get().then_some("true")>"Confirm my email address"</button>
        }
        .into_any(),
    }
    }
}
