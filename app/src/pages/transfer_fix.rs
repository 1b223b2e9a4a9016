//! Behind the button of "Your account was NOT migrated successfully": the page
//! names the account the link is for and asks "Is this you?" (a shared mailbox
//! is read by more than one person); then the person gives a new email address
//! of their own, twice, and a confirmation link goes to it. "No" spends the link.

use domain::email_fix::{NewEmailField, NewEmailForm};
use domain::link::AccountNamed;
use domain::link_token::LinkToken;
use leptos::prelude::*;

use crate::api;
use crate::components::{page_behind_link, ErrorNotice, ErrorSummary, FormState, SuccessNotice, TextField};

fn field_label(field: NewEmailField) -> &'static str {
    match field {
        NewEmailField::NewEmail => "New email address",
        NewEmailField::ConfirmEmail => "Enter the new email address again",
    }
}

#[component]
pub fn TransferFix() -> impl IntoView {
    page_behind_link("Update your email address", api::check_fix_link, |token, link| {
        view! { <IsThisYou token account=link.account /> }.into_any()
    })
}

#[component]
fn IsThisYou(token: LinkToken, account: AccountNamed) -> impl IntoView {
    let AccountNamed { name, registry_number } = account;
    let answer = RwSignal::new(None::<bool>);
    let declining = {
        let token = token.clone();
        Action::new_local(move |_: &()| api::decline_fix_link(token.clone()))
    };
    move || {
        match (answer.get(), declining.value().get()) {
        (Some(true), _) => view! { <NewEmail token=token.clone() /> }.into_any(),
        (_, Some(Ok(notice))) => view! { <SuccessNotice message=notice.message /> }.into_any(),
        (_, declined) => view! {
            <p class="usa-intro">"This link is for this National Registry account:"</p>
            <dl class="registry-account">
                <div class="registry-account__row"><dt>"Name"</dt><dd>{name.clone()}</dd></div>
                <div class="registry-account__row"><dt>"National Registry number"</dt><dd>{registry_number.clone()}</dd></div>
            </dl>
            <p>"Is this you? If you share this email address with someone else, the link may be theirs: only the person this account belongs to may give it a new address."</p>
            {declined.and_then(Result::err).map(|failure| view! { <ErrorNotice message=failure.message() /> })}
            <ul class="usa-button-group">
                <li class="usa-button-group__item">
                    <button type="button" class="usa-button" on:click=move |_| answer.set(Some(true))>"Yes, this is my account"</button>
                </li>
                <li class="usa-button-group__item">
                    <button type="button" class="usa-button usa-button--outline"
                        aria-disabled=move || declining.pending().get().then_some("true")
                        on:click=move |_| { if !declining.pending().get_untracked() { declining.dispatch_local(()); } }>
                        "This is not my account"
                    </button>
                </li>
            </ul>
        }
        .into_any(),
    }
    }
}

#[component]
fn NewEmail(token: LinkToken) -> impl IntoView {
    let form = RwSignal::new(NewEmailForm::default());
    let state = FormState::new(move |form: &NewEmailForm| api::request_new_email(token.clone(), form.clone()));
    let FormState { errors, failure, sent, .. } = state;
    let pending = state.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit(form.with(NewEmailForm::parse).err().unwrap_or_default(), form.get_untracked());
    };

    let new_email = Signal::derive(move || form.with(|f| f.new_email.clone()));
    let confirm_email = Signal::derive(move || form.with(|f| f.confirm_email.clone()));
    move || {
        match sent.get() {
        Some(message) => view! { <SuccessNotice message /> }.into_any(),
        None => view! {
            <p class="usa-intro">"Your email address is used by another National Registry account. Give an email address that only you use."</p>
            <p>
                "We recommend a personal email address that you control, not a .gov, .mil or .edu address: "
                "you may lose access to those when you leave your position or school."
            </p>
            <form class="usa-form usa-form--large" novalidate on:submit=submit>
                <ErrorSummary errors labels=field_label />
                {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
                <TextField field=NewEmailField::NewEmail label=field_label(NewEmailField::NewEmail) input_type="email" autocomplete="email"
                    value=new_email on_input=Callback::new(move |text| form.update(|f| f.new_email = text)) errors />
                <TextField field=NewEmailField::ConfirmEmail label=field_label(NewEmailField::ConfirmEmail) input_type="email" autocomplete="email"
                    value=confirm_email on_input=Callback::new(move |text| form.update(|f| f.confirm_email = text)) errors />
                <button type="submit" class="usa-button" aria-disabled=move || pending.get().then_some("true")>"Send the confirmation link"</button>
            </form>
        }
        .into_any(),
    }
    }
}
