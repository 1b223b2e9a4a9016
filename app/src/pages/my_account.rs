//! My account: the registry's information about the signed-in person, to
//! review; changing the primary or secondary email; the people who work for
//! them (approve, decline, revoke); signing out. Signed out,
//! the page sends the person to sign in and brings them back.

use domain::account::{Certification, MyAccount, SignedIn, REVIEW_REMINDER};
use domain::email_change::{
    is_institutional, EmailChangeField, EmailChangeForm, EmailSlot, INSTITUTIONAL_EMAIL_WARNING,
};
use domain::grant::{ApprovalForm, GrantChange, GrantPeriod, GrantState, PersonWorkingForYou};
use domain::Email;
use leptos::prelude::*;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{
    local_time, Checkbox, ErrorNotice, ErrorSummary, FormState, Page, SessionTimeout, SignedInHere, SuccessNotice,
    TextField, TheHelpDesk,
};
use domain::routes;

#[component]
pub fn MyAccountPage() -> impl IntoView {
    let session = LocalResource::new(api::session);
    // The header offers My account and Sign out, not Sign in, once the session is read.
    if let Some(SignedInHere(signed_in)) = use_context::<SignedInHere>() {
        Effect::new(move |_| {
            signed_in.set(session.get().and_then(Result::ok).map(|signed_in| signed_in.csrf_token));
        });
    }
    // Signed out: to the sign-in page (an effect, not part of drawing the page);
    // signing in brings the person back here.
    Effect::new(move |_| {
        if matches!(session.get(), Some(Err(ApiFailure::NotSignedIn))) {
            let _ = window().location().assign(routes::SIGN_IN);
        }
    });
    view! {
        <Page title="My account">
            <Suspense fallback=|| view! { <p>"Loading your account…"</p> }>
                {move || session.get().map(|answer| match answer {
                    Ok(signed_in) => view! { <Account signed_in /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! { <p>"Taking you to sign in…"</p> }.into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Suspense>
        </Page>
    }
}

fn row(term: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="registry-account__row">
            <dt>{term}</dt>
            <dd>{value}</dd>
        </div>
    }
}

fn certification(certification: &Certification) -> String {
    match certification {
        Certification::None => "None (only Medical Examiners are certified)".into(),
        Certification::Active { expires } => format!("Active, expires {}", local_time::day(expires)),
        Certification::Expired { expired } => format!("Expired on {}", local_time::day(expired)),
    }
}

#[component]
fn Account(signed_in: SignedIn) -> impl IntoView {
    let SignedIn { account, csrf_token, session } = signed_in;
    let MyAccount {
        first_name,
        last_name,
        registry_number,
        account_type,
        license_number,
        license_state,
        primary_email,
        secondary_email,
        login_gov_email,
        ..
    } = account.clone();
    let not_on_file = || "Not on file".to_owned();
    let notices = account.notices();
    view! {
        <SessionTimeout of=SessionOf::Examiner time=session csrf_token=csrf_token.clone() />
        <div class="usa-alert usa-alert--info" role="region" aria-label="Review your information">
            <div class="usa-alert__body"><p class="usa-alert__text">{REVIEW_REMINDER} " " <TheHelpDesk /> "."</p></div>
        </div>
        {notices.into_iter().map(|notice| view! {
            <div class="usa-alert usa-alert--warning" role="region" aria-label=notice.heading()>
                <div class="usa-alert__body">
                    <h2 class="usa-alert__heading">{notice.heading()}</h2>
                    <p class="usa-alert__text">{notice.text()} " "
                        <a class="usa-link" href=format!("#{CHANGE_EMAIL_ID}")>"Change an email address"</a>
                    </p>
                </div>
            </div>
        }).collect_view()}
        <h2>"Your National Registry information"</h2>
        <dl class="registry-account">
            {row("Name", format!("{first_name} {last_name}"))}
            {row("National Registry number", registry_number)}
            {row("Account type", account_type)}
            {row("Professional license number", license_number.unwrap_or_else(not_on_file))}
            {row("State that issued the license", license_state.unwrap_or_else(not_on_file))}
            {row("Primary email", primary_email)}
            {row("Secondary email", secondary_email.unwrap_or_else(not_on_file))}
            {row("Certification", certification(&account.certification))}
            {row("login.gov email", login_gov_email)}
        </dl>
        <ChangeEmail csrf_token=csrf_token.clone() />
        <PeopleWhoWorkForYou csrf_token=csrf_token.clone() />
        <h2>"Sign out"</h2>
        <p>"Signing out ends your National Registry session and your login.gov session."</p>
        <form method="post" action=routes::LOGOUT>
            <input type="hidden" name="csrf_token" value=csrf_token />
            <button type="submit" class="usa-button usa-button--outline">"Sign out"</button>
        </form>
    }
}

/// Where the notices' links lead: the email change form's heading.
const CHANGE_EMAIL_ID: &str = "change-email";

fn field_label(field: EmailChangeField) -> &'static str {
    match field {
        EmailChangeField::NewEmail => "New email address",
        EmailChangeField::ConfirmEmail => "Enter the new email address again",
        EmailChangeField::KeepInstitutionalEmail => "Use this .gov, .mil or .edu address anyway",
    }
}

#[component]
fn ChangeEmail(csrf_token: String) -> impl IntoView {
    let form = RwSignal::new(EmailChangeForm {
        slot: EmailSlot::Primary,
        new_email: String::new(),
        confirm_email: String::new(),
        keep_institutional_email: false,
    });
    let state = FormState::new(move |form: &EmailChangeForm| api::change_email(csrf_token.clone(), form.clone()));
    let FormState { errors, failure, sent, .. } = state;
    let pending = state.pending();
    // The FAQ's warning shows as soon as the address typed is one of those.
    let institutional =
        Signal::derive(move || form.with(|f| Email::parse(&f.new_email).is_ok_and(|e| is_institutional(&e))));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit(form.with(EmailChangeForm::parse).err().unwrap_or_default(), form.get_untracked());
    };

    let slot_choice = move |slot: EmailSlot| {
        let id = format!("email-slot-{}", slot.code());
        view! {
            <div class="usa-radio">
                <input class="usa-radio__input" id=id.clone() type="radio" name="slot" value=slot.code()
                    prop:checked=move || form.with(|f| f.slot == slot)
                    on:change=move |_| form.update(|f| f.slot = slot) />
                <label class="usa-radio__label" for=id>{format!("My {}", slot.label())}</label>
            </div>
        }
    };
    let new_email = Signal::derive(move || form.with(|f| f.new_email.clone()));
    let confirm_email = Signal::derive(move || form.with(|f| f.confirm_email.clone()));
    let keep = Signal::derive(move || form.with(|f| f.keep_institutional_email));
    view! {
        <h2 id=CHANGE_EMAIL_ID tabindex="-1">"Change an email address"</h2>
        <p>"We send a link to the new address. Nothing changes until you select it, and we tell the old address once it has."</p>
        {move || sent.get().map(|message| view! { <SuccessNotice message /> })}
        <form class="usa-form usa-form--large" novalidate on:submit=submit>
            <ErrorSummary errors labels=field_label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            <fieldset class="usa-fieldset">
                <legend class="usa-legend">"Which address do you want to change?"</legend>
                {slot_choice(EmailSlot::Primary)}
                {slot_choice(EmailSlot::Secondary)}
            </fieldset>
            <TextField field=EmailChangeField::NewEmail label=field_label(EmailChangeField::NewEmail) input_type="email" autocomplete="email"
                value=new_email on_input=Callback::new(move |text| form.update(|f| f.new_email = text)) errors />
            <TextField field=EmailChangeField::ConfirmEmail label=field_label(EmailChangeField::ConfirmEmail) input_type="email" autocomplete="email"
                value=confirm_email on_input=Callback::new(move |text| form.update(|f| f.confirm_email = text)) errors />
            {move || institutional.get().then(|| view! {
                <div class="usa-alert usa-alert--warning usa-alert--slim">
                    <div class="usa-alert__body"><p class="usa-alert__text">{INSTITUTIONAL_EMAIL_WARNING}</p></div>
                </div>
                <Checkbox field=EmailChangeField::KeepInstitutionalEmail label=field_label(EmailChangeField::KeepInstitutionalEmail)
                    checked=keep on_change=Callback::new(move |on| form.update(|f| f.keep_institutional_email = on)) errors />
            })}
            <button type="submit" class="usa-button" aria-disabled=move || pending.get().then_some("true")>"Send the confirmation link"</button>
        </form>
    }
}

/// "People who work for you": each request and grant, newest first, with
/// what the examiner can do about it; the list is read again after each answer.
#[component]
fn PeopleWhoWorkForYou(csrf_token: String) -> impl IntoView {
    let people = LocalResource::new(api::people_working_for_me);
    let done = RwSignal::new(None::<Result<String, String>>);
    let answering = Action::new_local(move |(grant_id, change, period): &(i64, GrantChange, GrantPeriod)| {
        let answer = api::answer_grant(csrf_token.clone(), *grant_id, *change, ApprovalForm { period: *period });
        async move {
            done.set(Some(answer.await.map(|notice| notice.message).map_err(|failure| failure.message())));
            people.refetch();
        }
    });
    let answer = Callback::new(move |choice: (i64, GrantChange, GrantPeriod)| {
        if !answering.pending().get_untracked() {
            answering.dispatch_local(choice);
        }
    });
    view! {
        <h2 id="people-who-work-for-you">"People who work for you"</h2>
        <p>"Medical Examiner Administrative Assistants and Third Parties ask for access with their own login.gov \
            account. Someone you approve can see your registry information above, not change it. You can revoke \
            access at any time."</p>
        {move || done.get().map(|answer| match answer {
            Ok(message) => view! { <SuccessNotice message /> }.into_any(),
            Err(message) => view! { <ErrorNotice message /> }.into_any(),
        })}
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || people.get().map(|found| match found {
                Ok(list) if list.is_empty() => view! { <p>"Nobody has asked to work for you."</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="usa-card-group">
                        {list.into_iter().map(|person| view! { <PersonCard person answer /> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn PersonCard(person: PersonWorkingForYou, answer: Callback<(i64, GrantChange, GrantPeriod)>) -> impl IntoView {
    let PersonWorkingForYou {
        grant_id,
        name,
        organization,
        role,
        state,
        email,
        requested_at,
        decided_at,
        expires_at,
        last_used_at,
    } = person;
    let period = RwSignal::new(GrantPeriod::default());
    let heading = match &organization {
        Some(organization) => format!("{name}, {organization}"),
        None => name.clone(),
    };
    let period_id = format!("grant-period-{grant_id}");
    let when = |label: &str, moment: Option<String>| {
        moment.map(|moment| view! { <li>{format!("{label} {}", local_time::moment(&moment))}</li> })
    };
    // How long an approval, or an extension from today, lasts.
    let choose_period = view! {
        <div class="usa-form-group">
            <label class="usa-label" for=period_id.clone()>{format!("Access for {name} lasts")}</label>
            <select class="usa-select" id=period_id name="period"
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(found) = GrantPeriod::ALL.into_iter().find(|p| p.code() == chosen) {
                        period.set(found);
                    }
                }>
                {GrantPeriod::ALL.into_iter().map(|p| view! {
                    <option value=p.code() selected=p == GrantPeriod::default()>{p.label()}</option>
                }).collect_view()}
            </select>
        </div>
    };
    let button = move |change: GrantChange, label: String, class: &'static str| {
        view! {
            <button type="button" class=class on:click=move |_| answer.run((grant_id, change, period.get_untracked()))>
                {label}
            </button>
        }
    };
    let actions = match state {
        GrantState::Requested => view! {
            {choose_period}
            {button(GrantChange::Approve, format!("Approve {name}"), "usa-button")}
            {button(GrantChange::Decline, format!("Decline {name}"), "usa-button usa-button--secondary")}
        }
        .into_any(),
        GrantState::Approved => view! {
            {choose_period}
            {button(GrantChange::Extend, format!("Extend access for {name}"), "usa-button usa-button--outline")}
            {button(GrantChange::Revoke, format!("Revoke access for {name}"), "usa-button usa-button--secondary")}
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <li class="usa-card tablet:grid-col-6">
            <div class="usa-card__container">
                <div class="usa-card__header"><h3 class="usa-card__heading">{heading}</h3></div>
                <div class="usa-card__body">
                    <p>{format!("{}, signs in with login.gov as {email}.", role.label())}</p>
                    <p><strong>{state.words()}</strong></p>
                    <ul class="usa-list usa-list--unstyled">
                        {when("Asked on", Some(requested_at))}
                        {when("Answered on", decided_at)}
                        {when("Access until", expires_at.filter(|_| state == GrantState::Approved))}
                        {when("Last worked for you on", last_used_at)}
                    </ul>
                </div>
                <div class="usa-card__footer">{actions}</div>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certification_says_where_it_stands_and_until_when() {
        // Without a browser, a day is written as it came (local_time).
        assert_eq!(
            certification(&Certification::Active { expires: "2033-05-01".into() }),
            "Active, expires 2033-05-01"
        );
        assert_eq!(certification(&Certification::Expired { expired: "2024-04-01".into() }), "Expired on 2024-04-01");
        assert_eq!(certification(&Certification::None), "None (only Medical Examiners are certified)");
    }
}
