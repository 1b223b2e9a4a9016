//! A first sign-in that found a registry account by email: whose account it
//! is, and the person's answer. Nothing is linked until they say it is theirs,
//! and, when the address proves nothing, until login.gov has verified that
//! they are the person on file; "This is not my account" links nothing and
//! leads to the help desk.

use domain::link_confirmation::{AccountToConfirm, LinkAnswer};
use domain::routes;
use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Page};

#[component]
pub fn SignInConfirm() -> impl IntoView {
    let question = LocalResource::new(api::link_to_confirm);
    view! {
        <Page title="Is this your National Registry account?">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || question.get().map(|answer| match answer {
                    Ok(account) => view! { <Question account /> }.into_any(),
                    Err(failure) => view! {
                        <ErrorNotice message=failure.message() />
                        <p><a class="usa-button" href=routes::LOGIN_GOV rel="external">"Sign in again"</a></p>
                    }
                    .into_any(),
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Question(account: AccountToConfirm) -> impl IntoView {
    let AccountToConfirm { first_name, last_name, registry_number, verify_identity, csrf_token } = account;
    let failure = RwSignal::new(None::<String>);
    let answering = Action::new_local(move |answer: &LinkAnswer| {
        let sending = api::answer_link(csrf_token.clone(), answer.clone());
        async move {
            match sending.await {
                // Signed in, to login.gov to verify, or refused: the worker names the next page.
                Ok(next) => {
                    let _ = window().location().assign(&next.location);
                }
                Err(refusal) => failure.set(Some(refusal.message())),
            }
        }
    });
    let answer = move |mine: bool| {
        if answering.pending().get_untracked() {
            return;
        }
        failure.set(None);
        answering.dispatch_local(LinkAnswer { mine });
    };
    let pending = answering.pending();
    let yes = if verify_identity { "Yes, verify my identity with login.gov" } else { "Yes, this is my account" };
    view! {
        <p class="usa-intro">"Your login.gov email address is an email address on file for this National Registry account:"</p>
        <dl class="registry-account">
            <div class="registry-account__row"><dt>"Name"</dt><dd>{format!("{first_name} {last_name}")}</dd></div>
            <div class="registry-account__row"><dt>"National Registry number"</dt><dd>{registry_number}</dd></div>
        </dl>
        {if verify_identity {
            view! {
                <p>"This email address was used by more than one account, was never confirmed, or was given to the account by the help desk or a link. An email address alone does not show that the account is yours."</p>
                <p>"If it is yours, login.gov verifies your identity first. We link the account only if the name and date of birth that login.gov verifies are the ones on file. From then on you sign in to it with login.gov."</p>
            }
            .into_any()
        } else {
            view! { <p>"If it is yours, we link it to your login.gov account: from now on you sign in to it with login.gov."</p> }.into_any()
        }}
        <form class="usa-form usa-form--large" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            answer(true);
        }>
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            <ul class="usa-button-group">
                <li class="usa-button-group__item">
                    <button type="submit" class="usa-button" aria-disabled=move || pending.get().then_some("true")>{yes}</button>
                </li>
                <li class="usa-button-group__item">
                    <button type="button" class="usa-button usa-button--outline" on:click=move |_| answer(false)>"This is not my account"</button>
                </li>
            </ul>
        </form>
    }
}
