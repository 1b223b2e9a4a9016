//! A first sign-in that found a registry account by email: whose account it
//! is, and the person's answer. Nothing is linked until they say it is theirs
//! (with its license or registry number, when the address proves too little);
//! "This is not my account" links nothing and leads to the help desk.

use domain::link_confirmation::{AccountToConfirm, LinkAnswer, LinkField, Proof};
use domain::routes;
use leptos::prelude::*;

use crate::api;
use crate::components::{show_refusal, ErrorNotice, ErrorSummary, Page, TextField};

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
    let AccountToConfirm { first_name, last_name, registry_number, proof, csrf_token } = account;
    let typed = RwSignal::new(String::new());
    let errors = RwSignal::new(Default::default());
    let failure = RwSignal::new(None::<String>);
    let answering = Action::new_local(move |answer: &LinkAnswer| {
        let sending = api::answer_link(csrf_token.clone(), answer.clone());
        async move {
            match sending.await {
                // Signed in (or refused): the worker names the next page.
                Ok(next) => {
                    let _ = window().location().assign(&next.location);
                }
                Err(refusal) => show_refusal(refusal, errors, failure),
            }
        }
    });
    let answer = move |mine: bool| {
        if answering.pending().get_untracked() {
            return;
        }
        failure.set(None);
        answering.dispatch_local(LinkAnswer { mine, proof: typed.get_untracked() });
    };
    let pending = answering.pending();
    let label: fn(LinkField) -> &'static str = match proof {
        Some(Proof::RegistryNumber) => |_| Proof::RegistryNumber.label(),
        _ => |_| Proof::LicenseNumber.label(),
    };
    view! {
        <p class="usa-intro">"Your login.gov email address is the email address on file for this National Registry account:"</p>
        <dl class="registry-account">
            <div class="registry-account__row"><dt>"Name"</dt><dd>{format!("{first_name} {last_name}")}</dd></div>
            {registry_number.map(|number| view! {
                <div class="registry-account__row"><dt>"National Registry number"</dt><dd>{number}</dd></div>
            })}
        </dl>
        <p>"If it is yours, we link it to your login.gov account: from now on you sign in to it with login.gov."</p>
        <form class="usa-form usa-form--large" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            answer(true);
        }>
            <ErrorSummary errors labels=label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            {proof.map(|proof| view! {
                <p>"This email address was used by more than one account, or was never confirmed. To protect the account, enter what only its owner knows."</p>
                <TextField field=LinkField::Proof label=proof.label() value=typed.into()
                    on_input=Callback::new(move |text| typed.set(text)) errors autocomplete="off" />
            })}
            <ul class="usa-button-group">
                <li class="usa-button-group__item">
                    <button type="submit" class="usa-button" aria-disabled=move || pending.get().then_some("true")>"Yes, this is my account"</button>
                </li>
                <li class="usa-button-group__item">
                    <button type="button" class="usa-button usa-button--outline" on:click=move |_| answer(false)>"This is not my account"</button>
                </li>
            </ul>
        </form>
    }
}
