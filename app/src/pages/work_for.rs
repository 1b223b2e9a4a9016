//! Examiners you work for: someone who works for examiners (an assistant, a
//! third party) signs in with their own login.gov account, asks an examiner
//! for access by National Registry number, and chooses whom they work for.

use domain::grant::{AccessRequestField, AccessRequestForm, ExaminerYouWorkFor, GrantState, WorkingFor};
use domain::routes;
use domain::AccountType;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{
    local_time, ErrorNotice, ErrorSummary, FormState, Page, SessionTimeout, SuccessNotice, TextField,
};

#[component]
pub fn WorkFor() -> impl IntoView {
    let working_for = LocalResource::new(api::work_for);
    view! {
        <Page title="Examiners you work for">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || working_for.get().map(|answer| match answer {
                    Ok(signed_in) => view! { <Signed signed_in /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! { <SignInToWork /> }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn SignInToWork() -> impl IntoView {
    view! {
        <p>"If you are a Medical Examiner Administrative Assistant or a Third Party, you work for examiners with "
            "your own login.gov account: one account, however many examiners you work for. Each examiner approves "
            "your access, and can revoke it."</p>
        <p>"You can see the registry account of each examiner who approves you. You cannot change it, nor their "
            "emails or their login.gov account."</p>
        <a class="usa-button" href=routes::WORK_FOR_LOGIN rel="external">"Sign in with login.gov to work for examiners"</a>
    }
}

#[component]
fn Signed(signed_in: WorkingFor) -> impl IntoView {
    let WorkingFor { email, grants, csrf_token, session } = signed_in;
    // Read again after each request, the form and its answer staying as they are.
    let grants = RwSignal::new(grants);
    let refresh = Callback::new(move |()| {
        leptos::task::spawn_local(async move {
            if let Ok(now) = api::work_for().await {
                grants.set(now.grants);
            }
        });
    });
    view! {
        <SessionTimeout of=SessionOf::Person time=session csrf_token=csrf_token.clone() />
        <p>"Signed in with login.gov as " <strong>{email}</strong> "."</p>
        <h2>"Choose whom you work for"</h2>
        {move || {
            let grants = grants.get();
            if grants.is_empty() {
                view! { <p>"You do not work for any examiner yet. Ask an examiner below."</p> }.into_any()
            } else {
                view! { <GrantTable grants /> }.into_any()
            }
        }}
        <AskForAccess csrf_token=csrf_token.clone() refresh />
        <h2>"Sign out"</h2>
        <form method="post" action=routes::WORK_FOR_LOGOUT>
            <input type="hidden" name="csrf_token" value=csrf_token />
            <button type="submit" class="usa-button usa-button--outline">"Sign out"</button>
        </form>
    }
}

#[component]
fn GrantTable(grants: Vec<ExaminerYouWorkFor>) -> impl IntoView {
    view! {
        <table class="usa-table usa-table--stacked usa-table--borderless">
            <caption>"Your requests and the examiners you work for"</caption>
            <thead>
                <tr>
                    <th scope="col">"Examiner"</th>
                    <th scope="col">"As"</th>
                    <th scope="col">"Where it stands"</th>
                    <th scope="col">"Asked on"</th>
                </tr>
            </thead>
            <tbody>
                {grants.into_iter().map(|grant| {
                    let examiner = match &grant.examiner_name {
                        Some(name) => format!("{name} ({})", grant.registry_number),
                        None => format!("National Registry number {}", grant.registry_number),
                    };
                    let open = (grant.state == GrantState::Approved).then(|| {
                        let href = routes::WORK_FOR_EXAMINER.with(&grant.grant_id.to_string());
                        view! { <A href>{format!("Work for {examiner}")}</A> }
                    });
                    let stands = match (grant.state, &grant.expires_at) {
                        (GrantState::Approved, Some(until)) => format!("Approved until {}", local_time::moment(until)),
                        (state, _) => state.words().to_owned(),
                    };
                    view! {
                        <tr>
                            <th scope="row" data-label="Examiner">{open.map_or_else(|| examiner.clone().into_any(), IntoAny::into_any)}</th>
                            <td data-label="As">{grant.role.label()}</td>
                            <td data-label="Where it stands">{stands}</td>
                            <td data-label="Asked on">{local_time::moment(&grant.requested_at)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn field_label(field: AccessRequestField) -> &'static str {
    match field {
        AccessRequestField::RegistryNumber => "The examiner's National Registry number",
        AccessRequestField::Role => "You work for them as",
        AccessRequestField::Name => "Your full name",
        AccessRequestField::Organization => "Your organization (Third Party)",
    }
}

#[component]
fn AskForAccess(csrf_token: String, refresh: Callback<()>) -> impl IntoView {
    let form = RwSignal::new(AccessRequestForm {
        registry_number: String::new(),
        role: AccountType::AdministrativeAssistant.code().to_owned(),
        name: String::new(),
        organization: String::new(),
    });
    let state = FormState::new(move |form: &AccessRequestForm| api::ask_for_access(csrf_token.clone(), form.clone()));
    let FormState { errors, failure, sent, .. } = state;
    let pending = state.pending();
    Effect::new(move |_| {
        if sent.get().is_some() {
            refresh.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit(form.with(|f| f.parse().err().unwrap_or_default()), form.get_untracked());
    };
    let role_choice = move |role: AccountType| {
        let id = format!("role-{}", role.code());
        view! {
            <div class="usa-radio">
                <input class="usa-radio__input" id=id.clone() type="radio" name="role" value=role.code()
                    prop:checked=move || form.with(|f| f.role == role.code())
                    on:change=move |_| form.update(|f| f.role = role.code().to_owned()) />
                <label class="usa-radio__label" for=id>{role.label()}</label>
            </div>
        }
    };
    let text = move |field: AccessRequestField| {
        Signal::derive(move || {
            form.with(|f| match field {
                AccessRequestField::RegistryNumber => f.registry_number.clone(),
                AccessRequestField::Name => f.name.clone(),
                AccessRequestField::Organization | AccessRequestField::Role => f.organization.clone(),
            })
        })
    };
    let typed = move |field: AccessRequestField| {
        Callback::new(move |value: String| {
            form.update(|f| match field {
                AccessRequestField::RegistryNumber => f.registry_number = value,
                AccessRequestField::Name => f.name = value,
                AccessRequestField::Organization | AccessRequestField::Role => f.organization = value,
            })
        })
    };
    let third_party = Signal::derive(move || form.with(|f| f.role == AccountType::ThirdParty.code()));
    view! {
        <h2>"Ask an examiner for access"</h2>
        <p>"We email the examiner, who approves or declines on their My account. We email you their answer."</p>
        {move || sent.get().map(|message| view! { <SuccessNotice message /> })}
        <form class="usa-form usa-form--large" novalidate on:submit=submit>
            <ErrorSummary errors labels=field_label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            <TextField field=AccessRequestField::RegistryNumber label=field_label(AccessRequestField::RegistryNumber)
                hint="10 digits, on the examiner's certificate" inputmode="numeric"
                value=text(AccessRequestField::RegistryNumber) on_input=typed(AccessRequestField::RegistryNumber) errors />
            <fieldset class="usa-fieldset">
                <legend class="usa-legend">{field_label(AccessRequestField::Role)}</legend>
                {role_choice(AccountType::AdministrativeAssistant)}
                {role_choice(AccountType::ThirdParty)}
            </fieldset>
            <TextField field=AccessRequestField::Name label=field_label(AccessRequestField::Name) autocomplete="name"
                value=text(AccessRequestField::Name) on_input=typed(AccessRequestField::Name) errors />
            {move || third_party.get().then(|| view! {
                <TextField field=AccessRequestField::Organization label=field_label(AccessRequestField::Organization)
                    autocomplete="organization"
                    value=text(AccessRequestField::Organization) on_input=typed(AccessRequestField::Organization) errors />
            })}
            <button type="submit" class="usa-button" aria-disabled=move || pending.get().then_some("true")>"Ask for access"</button>
        </form>
    }
}
