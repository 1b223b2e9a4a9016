//! Transfer or Create Account: the wizard. Its steps, their order and their
//! fields are the domain's `WizardStep`s; the same code checks the fields
//! here and in the worker. What was typed survives a refresh (session
//! storage) and is cleared on submit; a step opens only once the steps before
//! it are done.

use domain::challenge::Challenge;
use domain::form::FieldErrors;
use domain::transfer::{TransferField, TransferForm, WizardStep, SUBMITTED_MESSAGE};
use domain::AccountType;
use leptos::prelude::*;
use leptos::web_sys::Storage;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, ApiFailure};
use crate::components::{
    control_id, focus_first_error, show_refusal, ChallengeWidget, ErrorNotice, ErrorSummary, Link, Page, StateSelect,
    StepIndicator, TextField, TheHelpDesk,
};
use domain::routes;

const SAVED_FORM: &str = "registry.transfer.form";
/// Submit selected while the check is shown, before it is complete.
const CHECK_FIRST: &str = "Complete the check below first, then select Submit.";
const SUBMITTED: &str = "registry.transfer.submitted";

fn session() -> Option<Storage> {
    // None where the page is made at build time: there is no browser.
    if cfg!(feature = "prerender") {
        None
    } else {
        window().session_storage().ok().flatten()
    }
}

fn saved_form() -> TransferForm {
    let json = session().and_then(|s| s.get_item(SAVED_FORM).ok().flatten());
    json.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

// Session storage can be full or turned off; the wizard still works without it.
fn remember(key: &str, value: Option<&str>) {
    if let Some(session) = session() {
        let _ = match value {
            Some(value) => session.set_item(key, value),
            None => session.remove_item(key),
        };
    }
}

fn was_submitted() -> bool {
    session().and_then(|s| s.get_item(SUBMITTED).ok().flatten()).is_some()
}

fn field_label(field: TransferField) -> &'static str {
    match field {
        TransferField::AccountType => "Account type",
        TransferField::RegistryNumber => "National Registry number",
        TransferField::LicenseNumber => "Professional license number",
        TransferField::LicenseState => "State that issued the license",
        TransferField::Email => "Email address on file for your account",
    }
}

fn account_type_description(account_type: AccountType) -> &'static str {
    match account_type {
        AccountType::MedicalExaminer => "You are a certified medical examiner listed on the National Registry.",
        AccountType::AdministrativeAssistant => "You have your own account and work in a medical examiner’s office.",
        AccountType::ThirdParty => {
            "You have your own account and work for a medical examiner from another organization, such as a clinic."
        }
    }
}

#[component]
pub fn Transfer(step: WizardStep) -> impl IntoView {
    let form = RwSignal::new(saved_form());
    Effect::new(move |_| form.with(|f| remember(SAVED_FORM, serde_json::to_string(f).ok().as_deref())));
    let errors = RwSignal::new(FieldErrors::<TransferField>::default());
    let step_done = |s: WizardStep| form.with_untracked(|f| f.check_step(s).is_empty());

    let content = match step {
        WizardStep::AccountType => {
            remember(SUBMITTED, None);
            view! { <ChooseAccountType form errors /> }.into_any()
        }
        WizardStep::IdentifyAccount if !step_done(WizardStep::AccountType) => {
            view! { <Redirect path=routes::TRANSFER /> }.into_any()
        }
        WizardStep::IdentifyAccount => view! { <IdentifyAccount form errors /> }.into_any(),
        WizardStep::Submitted if !was_submitted() => view! { <Redirect path=routes::TRANSFER /> }.into_any(),
        WizardStep::Submitted => view! { <Submitted /> }.into_any(),
    };
    view! {
        <Page title="Transfer or Create Account">
            <StepIndicator current=step label="Transfer or Create Account progress" />
            {content}
        </Page>
    }
}

#[component]
fn ChooseAccountType(form: RwSignal<TransferForm>, errors: RwSignal<FieldErrors<TransferField>>) -> impl IntoView {
    let navigate = use_navigate();
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = form.with(|f| f.check_step(WizardStep::AccountType));
        focus_first_error(&found);
        let done = found.is_empty();
        errors.set(found);
        if done {
            navigate(routes::TRANSFER_IDENTIFY, NavigateOptions::default());
        }
    };
    let error = move || errors.with(|e| e.get(TransferField::AccountType).map(str::to_owned));
    view! {
        <form class="usa-form usa-form--large" novalidate on:submit=next>
            <ErrorSummary errors labels=field_label />
            <div class="usa-form-group" class:usa-form-group--error=move || error().is_some()>
                <fieldset class="usa-fieldset" aria-describedby=move || error().map(|_| format!("{}-error", control_id(TransferField::AccountType)))>
                    <legend class="usa-legend">"Select the type of account you have."</legend>
                    {move || error().map(|message| view! { <span class="usa-error-message" id=format!("{}-error", control_id(TransferField::AccountType))>{message}</span> })}
                    {AccountType::ALL.into_iter().enumerate().map(|(i, account_type)| {
                        // The first choice carries the field's id: the error summary links there.
                        let id = if i == 0 { control_id(TransferField::AccountType) } else { format!("{}-{}", control_id(TransferField::AccountType), account_type.code()) };
                        view! {
                            <div class="usa-radio">
                                <input
                                    class="usa-radio__input usa-radio__input--tile"
                                    id=id.clone()
                                    type="radio"
                                    name="account_type"
                                    value=account_type.code()
                                    prop:checked=move || form.with(|f| AccountType::parse(&f.account_type) == Ok(account_type))
                                    on:change=move |_| form.update(|f| f.account_type = account_type.code().to_owned())
                                />
                                <label class="usa-radio__label" for=id>
                                    {account_type.label()}
                                    <span class="usa-checkbox__label-description">{account_type_description(account_type)}</span>
                                </label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            </div>
            <p>
                "A Medical Examiner Administrative Assistant or Third Party without an account of your own, or who works \
                 for more than one examiner: ask each examiner for access with your own login.gov account instead, on "
                <Link href=routes::WORK_FOR>"Examiners you work for"</Link> "."
            </p>
            <ul class="usa-button-group">
                <li class="usa-button-group__item"><Link href=routes::SIGN_IN class="usa-button usa-button--outline">"Back"</Link></li>
                <li class="usa-button-group__item"><button type="submit" class="usa-button">"Continue"</button></li>
            </ul>
        </form>
    }
}

#[component]
fn IdentifyAccount(form: RwSignal<TransferForm>, errors: RwSignal<FieldErrors<TransferField>>) -> impl IntoView {
    let account_type = form.with_untracked(|f| AccountType::parse(&f.account_type).ok());
    let failure = RwSignal::new(None::<String>);
    // Past a limit the registry asks for the check first: what it sent, and the person's answer.
    let challenge = RwSignal::new(None::<(Challenge, String)>);
    let checked = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let sending = Action::new_local(move |(submitted, answer): &(TransferForm, Option<String>)| {
        let (submitted, answer, navigate) = (submitted.clone(), answer.clone(), navigate.clone());
        async move {
            match api::submit_transfer(submitted, answer).await {
                Ok(_) => {
                    remember(SAVED_FORM, None);
                    remember(SUBMITTED, Some("yes"));
                    let replace = NavigateOptions { replace: true, ..NavigateOptions::default() };
                    navigate(routes::TRANSFER_SUBMITTED, replace);
                }
                // Drawn anew: an answer passes once.
                Err(ApiFailure::Challenge { challenge: asked, message }) => challenge.set(Some((asked, message))),
                Err(refusal) => {
                    // A check passed before this failure is spent: the next Submit asks for a new one.
                    challenge.set(None);
                    show_refusal(refusal, errors, failure);
                }
            }
        }
    });
    let pending = sending.pending();

    let value = move |field: TransferField| Signal::derive(move || form.with(|f| f.value(field).to_owned()));
    let set = move |field: TransferField| Callback::new(move |text: String| form.update(|f| f.set(field, text)));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.set(None);
        let found = form.with(|f| f.check_step(WizardStep::IdentifyAccount));
        focus_first_error(&found);
        let ready = found.is_empty();
        errors.set(found);
        let unanswered = challenge.with_untracked(Option::is_some) && checked.with_untracked(Option::is_none);
        if ready && unanswered {
            failure.set(Some(CHECK_FIRST.into()));
        } else if ready {
            sending.dispatch_local((form.get_untracked(), checked.get_untracked()));
            checked.set(None);
        }
    };

    let works_for_an_examiner = account_type.is_some_and(AccountType::works_for_an_examiner);
    let fields = if works_for_an_examiner {
        view! {
            <p>"Give the National Registry number of the medical examiner you work for, and the email address on file for your own account."</p>
            <TextField field=TransferField::RegistryNumber label="Examiner’s National Registry number" hint="10 digits" inputmode="numeric" autocomplete="off"
                value=value(TransferField::RegistryNumber) on_input=set(TransferField::RegistryNumber) errors />
            <TextField field=TransferField::Email label=field_label(TransferField::Email) input_type="email" autocomplete="email"
                value=value(TransferField::Email) on_input=set(TransferField::Email) errors />
        }
        .into_any()
    } else {
        view! {
            <p>"Give your National Registry number, your professional license number and the State that issued your license."</p>
            <TextField field=TransferField::RegistryNumber label=field_label(TransferField::RegistryNumber) hint="10 digits, as on your National Registry certificate" inputmode="numeric" autocomplete="off"
                value=value(TransferField::RegistryNumber) on_input=set(TransferField::RegistryNumber) errors />
            <TextField field=TransferField::LicenseNumber label=field_label(TransferField::LicenseNumber) autocomplete="off"
                value=value(TransferField::LicenseNumber) on_input=set(TransferField::LicenseNumber) errors />
            <StateSelect field=TransferField::LicenseState label=field_label(TransferField::LicenseState)
                value=value(TransferField::LicenseState) on_input=set(TransferField::LicenseState) errors />
        }
        .into_any()
    };

    view! {
        <form class="usa-form usa-form--large" novalidate on:submit=submit>
            <ErrorSummary errors labels=field_label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            <p class="usa-hint">{account_type.map(AccountType::label)}</p>
            {fields}
            {move || challenge.get().map(|(challenge, message)| view! { <ChallengeWidget challenge message answer=checked /> })}
            <ul class="usa-button-group">
                <li class="usa-button-group__item"><Link href=routes::TRANSFER class="usa-button usa-button--outline">"Back"</Link></li>
                <li class="usa-button-group__item">
                    <button type="submit" class="usa-button" aria-disabled=move || pending.get().then_some("true")>"Submit"</button>
                </li>
            </ul>
        </form>
    }
}

#[component]
fn Submitted() -> impl IntoView {
    view! {
        <div class="usa-alert usa-alert--success" role="status">
            <div class="usa-alert__body">
                <p class="usa-alert__text">{SUBMITTED_MESSAGE}</p>
            </div>
        </div>
        <p><Link href=routes::HOME>"Click Here"</Link>" to go to National Registry Home Page."</p>
        <h2>"What happens next"</h2>
        <p>
            "If the details you entered match a National Registry account, we email the address on file within a few \
             minutes. The email tells you what to do next: its button takes you to login.gov, where you create your \
             login.gov account (or sign in to it) with that email address, and brings you back here, signed in."
        </p>
        <p>
            "If you already have a login.gov account with the email address on file, you do not need to wait: "
            <Link href=routes::SIGN_IN>"Sign in"</Link> " and select Log in."
        </p>
        <h2>"If no email comes"</h2>
        <ul class="usa-list">
            <li>"Look in your spam or junk folder, after 15 minutes."</li>
            <li>"Check the National Registry number, the professional license number and the State you entered: \
                 a detail typed differently from the registry's sends nothing. Then "
                <Link href=routes::TRANSFER>"start again"</Link> "."</li>
            <li>"If the email address on file is no longer yours, or no email comes after that, contact "
                <TheHelpDesk /> "."</li>
        </ul>
    }
}
