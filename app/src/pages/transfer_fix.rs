//! Behind the button of "Your account was NOT migrated successfully": the
//! person gives a new email address of their own, twice; a confirmation link
//! goes to it.

use domain::email_fix::{NewEmailField, NewEmailForm};
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
    page_behind_link("Update your email address", api::check_fix_link, |token, _| {
        view! { <NewEmail token /> }.into_any()
    })
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
