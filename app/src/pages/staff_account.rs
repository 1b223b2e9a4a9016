//! `/staff/accounts/:id`: an account as the help desk sees it — its registry
//! data, migration state and login.gov link, the emails sent (never their
//! links), open links (never their tokens), its history — and the actions,
//! each with a required reason that goes into that history. An unlink or a new
//! primary email is a request that another staff member approves here.

use domain::grant::StaffGrant;
use domain::routes;
use domain::staff::{AccountAction, ActionField, ActionForm, StaffAccountView, WaitingRecovery};
use domain::MigrationState;
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::api::{self, ApiFailure, SessionOf};
use crate::components::{
    local_time, ErrorNotice, ErrorSummary, FormState, Link, Page, SessionTimeout, StaffSignInButton, SuccessNotice,
    TextField,
};

#[derive(Params, Clone, PartialEq)]
struct AccountAddress {
    id: i64,
}

#[component]
pub fn StaffAccount() -> impl IntoView {
    let id = use_params::<AccountAddress>().get_untracked().map_or(0, |a| a.id);
    let session = LocalResource::new(api::staff_session);
    let account = LocalResource::new(move || api::staff_account(id));
    // The actions stay while the account is read again after one: their answer stays in view.
    let reload = move || account.refetch();
    let waiting = Signal::derive(move || account.get().and_then(Result::ok).and_then(|view| view.waiting_recovery));
    let grants = Signal::derive(move || account.get().and_then(Result::ok).map(|view| view.grants).unwrap_or_default());
    view! {
        <Page title="An account, for the help desk">
            <p><Link href=routes::STAFF>"Back to the search"</Link></p>
            <Transition fallback=|| view! { <p>"Loading the account…"</p> }>
                {move || account.get().map(|answer| match answer {
                    Ok(view) => view! { <Summary view /> }.into_any(),
                    Err(ApiFailure::NotSignedIn) => view! {
                        <p>"Please sign in to continue."</p>
                        <StaffSignInButton />
                    }
                    .into_any(),
                    Err(failure) => view! { <ErrorNotice message=failure.message() /> }.into_any(),
                })}
            </Transition>
            <Suspense fallback=|| ()>
                {move || session.get().and_then(Result::ok).map(|staff| view! {
                    <SessionTimeout of=SessionOf::Staff time=staff.session csrf_token=staff.csrf_token.clone() />
                    <Actions account_id=id csrf_token=staff.csrf_token reload waiting grants />
                })}
            </Suspense>
            <Transition fallback=|| ()>
                {move || account.get().and_then(Result::ok).map(|view| view! { <Records view /> })}
            </Transition>
        </Page>
    }
}

fn row(term: &'static str, value: String) -> impl IntoView {
    view! { <div class="registry-account__row"><dt>{term}</dt><dd>{value}</dd></div> }
}

/// Who the account is, and where it stands.
#[component]
fn Summary(view: StaffAccountView) -> impl IntoView {
    let StaffAccountView {
        summary, license_number, license_state, secondary_email, linked_email, date_of_birth, ..
    } = view;
    let none = || "None".to_owned();
    let state = summary.migration_state;
    // Past the transfer deadline: the date is over and the account was never transferred.
    let deadline = LocalResource::new(api::deadline);
    let past = move || {
        let notice = deadline.get().flatten()?;
        let past = notice.is_past_for(state);
        past.then(|| row("Transfer deadline", format!("Past it: not transferred by {}", notice.last_day_words)))
    };
    // An account linked before this system (the registry's import) has no login.gov email recorded.
    let login_gov = match (state, linked_email) {
        (_, Some(email)) => format!("Linked by {email}"),
        (MigrationState::Linked, None) => "Linked before this system: its login.gov email was not recorded".to_owned(),
        _ => "Not linked".to_owned(),
    };
    view! {
        <h2>{format!("{} {}", summary.first_name, summary.last_name)}</h2>
        <dl class="registry-account">
            {row("National Registry number", summary.registry_number)}
            {row("Account type", summary.account_type.label().to_owned())}
            {row("Professional license", format!("{} {}", license_number.unwrap_or_else(none), license_state.unwrap_or_default()))}
            {row("Primary email", summary.primary_email)}
            {row("Secondary email", secondary_email.unwrap_or_else(none))}
            {row("Date of birth", date_of_birth.unwrap_or_else(none))}
            {row("Migration", state.words().to_owned())}
            <Suspense fallback=|| ()>{past}</Suspense>
            {row("login.gov", login_gov)}
        </dl>
    }
}

/// What happened to the account: its emails, its open links, its history.
#[component]
fn Records(view: StaffAccountView) -> impl IntoView {
    let StaffAccountView { emails, open_links, events, grants, .. } = view;
    view! {
        <h2>"People who work for examiners"</h2>
        {if grants.is_empty() { view! { <p>"Nobody works for this examiner, and this account works for no examiner."</p> }.into_any() } else { view! {
            <table class="usa-table usa-table--stacked">
                <caption>"Who asked to work for this examiner, and the examiners this account's login.gov identity works for, newest first"</caption>
                <thead><tr>
                    <th scope="col">"Person"</th><th scope="col">"For the examiner"</th><th scope="col">"As"</th>
                    <th scope="col">"Where it stands"</th><th scope="col">"Asked"</th><th scope="col">"Until"</th><th scope="col">"Last used"</th>
                </tr></thead>
                <tbody>{grants.into_iter().map(|g| view! {
                    <tr>
                        <th scope="row" data-label="Person">
                            {format!("{}{} ({})", g.name, g.organization.map(|o| format!(", {o}")).unwrap_or_default(), g.person_email)}
                        </th>
                        <td data-label="For the examiner">{format!("{} ({})", g.examiner_name.unwrap_or_else(|| "no examiner has this number".into()), g.registry_number)}</td>
                        <td data-label="As">{g.role.label()}</td>
                        <td data-label="Where it stands">{g.state.words()}</td>
                        <td data-label="Asked">{local_time::moment(&g.requested_at)}</td>
                        <td data-label="Until">{g.expires_at.as_deref().filter(|_| g.state.is_open()).map(local_time::moment).unwrap_or_default()}</td>
                        <td data-label="Last used">{g.last_used_at.as_deref().map(local_time::moment).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}
        <h2>"Emails sent"</h2>
        {if emails.is_empty() { view! { <p>"No email has been sent to this account."</p> }.into_any() } else { view! {
            <table class="usa-table usa-table--stacked">
                <caption>"The account's emails, newest first (their links are not kept)"</caption>
                <thead><tr>
                    <th scope="col">"Email"</th><th scope="col">"To"</th><th scope="col">"Status"</th>
                    <th scope="col">"Attempts"</th><th scope="col">"Last error"</th><th scope="col">"Written"</th><th scope="col">"Sent"</th>
                </tr></thead>
                <tbody>{emails.into_iter().map(|e| view! {
                    <tr>
                        <th scope="row" data-label="Email">{e.subject}</th>
                        <td data-label="To">{e.to_address}</td>
                        <td data-label="Status">{e.status.words()}</td>
                        <td data-label="Attempts">{e.attempts}</td>
                        <td data-label="Last error">{e.last_error.unwrap_or_default()}</td>
                        <td data-label="Written">{local_time::moment(&e.created_at)}</td>
                        <td data-label="Sent">{e.sent_at.as_deref().map(local_time::moment).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}
        <h2>"Open links"</h2>
        {if open_links.is_empty() { view! { <p>"No link of this account can be used now."</p> }.into_any() } else { view! {
            <ul>{open_links.into_iter().map(|l| view! {
                <li>{format!("{}: sent {}, works until {}", l.purpose.words(), local_time::moment(&l.created_at), local_time::moment(&l.expires_at))}</li>
            }).collect_view()}</ul>
        }.into_any() }}
        <h2>"History"</h2>
        <ol class="registry-timeline" reversed>
            {events.into_iter().map(|e| view! {
                <li>
                    <time datetime=e.occurred_at.clone()>{local_time::moment(&e.occurred_at)}</time>
                    {format!(" — {} ({})", e.event.words(), e.actor.words())}
                    {e.detail.map(|detail| format!(": {detail}"))}
                </li>
            }).collect_view()}
        </ol>
    }
}

/// A request waiting for a second staff member: what, who asked, why.
fn waiting_words(waiting: &WaitingRecovery) -> String {
    let what = match (&waiting.new_email, &waiting.corrected) {
        (Some(email), _) => format!("{} ({email})", waiting.recovery.words()),
        (None, Some(corrected)) => {
            let birth = corrected.date_of_birth.as_ref().map(|date| format!(", born {date}")).unwrap_or_default();
            format!("{} (to {} {}{birth})", waiting.recovery.words(), corrected.first_name, corrected.last_name)
        }
        (None, None) => waiting.recovery.words().to_owned(),
    };
    format!(
        "Waiting for a second staff member: {} asked {} to {what}, because: {}",
        waiting.requested_by,
        local_time::moment(&waiting.requested_at),
        waiting.reason
    )
}

/// The actions: one reason, a button for each; the answer shown above them.
/// A waiting request is approved or turned down here, by anyone but who asked.
#[component]
fn Actions(
    account_id: i64,
    csrf_token: String,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    waiting: Signal<Option<WaitingRecovery>>,
    grants: Signal<Vec<StaffGrant>>,
) -> impl IntoView {
    let form = RwSignal::new(ActionForm::default());
    let state = FormState::then_reload(
        move |(action, form): &(AccountAction, ActionForm)| {
            api::staff_action(csrf_token.clone(), account_id, *action, form.clone())
        },
        reload,
    );
    let FormState { errors, failure, sent, .. } = state;
    let act = move |action: AccountAction| {
        sent.set(None);
        state.submit(form.with(|f| f.parse(action)).err().unwrap_or_default(), (action, form.get_untracked()));
    };
    let label: fn(ActionField) -> &'static str = |field| match field {
        ActionField::Reason => "Reason",
        ActionField::NewEmail => "New primary email",
        ActionField::NewFirstName => "First name to put on file",
        ActionField::NewLastName => "Last name to put on file",
        ActionField::NewDateOfBirth => "Date of birth to put on file",
    };
    let reason = Signal::derive(move || form.with(|f| f.reason.clone()));
    let new_email = Signal::derive(move || form.with(|f| f.new_email.clone()));
    let new_first_name = Signal::derive(move || form.with(|f| f.new_first_name.clone()));
    let new_last_name = Signal::derive(move || form.with(|f| f.new_last_name.clone()));
    let new_date_of_birth = Signal::derive(move || form.with(|f| f.new_date_of_birth.clone()));
    view! {
        <h2>"Actions"</h2>
        <form class="usa-form usa-form--large" novalidate on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <ErrorSummary errors labels=label />
            {move || failure.get().map(|message| view! { <ErrorNotice message /> })}
            {move || sent.get().map(|message| view! { <SuccessNotice message /> })}
            <TextField field=ActionField::Reason label="Reason" value=reason
                hint="Required for every action, and kept in the account's history with your name."
                on_input=Callback::new(move |text| form.update(|f| f.reason = text)) errors />
            <TextField field=ActionField::NewEmail label=label(ActionField::NewEmail) value=new_email input_type="email"
                hint="Only to send a link to a new primary email: it changes when the person selects the link."
                on_input=Callback::new(move |text| form.update(|f| f.new_email = text)) errors />
            <TextField field=ActionField::NewFirstName label=label(ActionField::NewFirstName) value=new_first_name autocomplete="off"
                hint="Only to correct the name on file, as on the person's identity documents: login.gov's verified identity must match it."
                on_input=Callback::new(move |text| form.update(|f| f.new_first_name = text)) errors />
            <TextField field=ActionField::NewLastName label=label(ActionField::NewLastName) value=new_last_name autocomplete="off"
                on_input=Callback::new(move |text| form.update(|f| f.new_last_name = text)) errors />
            <TextField field=ActionField::NewDateOfBirth label=label(ActionField::NewDateOfBirth) value=new_date_of_birth autocomplete="off"
                hint="YYYY-MM-DD. Leave it empty to keep the one on file."
                on_input=Callback::new(move |text| form.update(|f| f.new_date_of_birth = text)) errors />
            {move || waiting.get().map(|waiting| view! {
                <div class="usa-alert usa-alert--warning usa-alert--slim">
                    <div class="usa-alert__body">
                        <p class="usa-alert__text">{waiting_words(&waiting)}</p>
                        {if waiting.yours {
                            view! { <p class="usa-alert__text">"You asked for it: another staff member approves or turns it down."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="usa-button-group">
                                    {[AccountAction::ApproveRecovery, AccountAction::RejectRecovery].into_iter().map(|action| {
                                        let request_id = waiting.request_id;
                                        view! {
                                            <li class="usa-button-group__item">
                                                <button type="button" class="usa-button" on:click=move |_| {
                                                    // The decision names the request this page shows.
                                                    form.update(|f| f.request_id = Some(request_id));
                                                    act(action);
                                                }>{action.label()}</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }}
                    </div>
                </div>
            })}
            <ul class="usa-button-group registry-actions">
                {AccountAction::OFFERED.into_iter().map(|action| view! {
                    <li class="usa-button-group__item">
                        <button type="button" class="usa-button usa-button--outline" on:click=move |_| act(action)>{action.label()}</button>
                    </li>
                }).collect_view()}
                {move || grants.get().into_iter().filter(|g| g.state.is_open()).map(|grant| {
                    let grant_id = grant.grant_id;
                    view! {
                        <li class="usa-button-group__item">
                            <button type="button" class="usa-button usa-button--outline" on:click=move |_| {
                                form.update(|f| f.grant_id = Some(grant_id));
                                act(AccountAction::RevokeGrant);
                            }>{format!("Revoke the access of {} for {}", grant.name, grant.registry_number)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::identity::CorrectedIdentity;
    use domain::staff::Recovery;

    fn waiting(recovery: Recovery) -> WaitingRecovery {
        WaitingRecovery {
            request_id: 7,
            recovery,
            new_email: None,
            corrected: None,
            reason: "Called from the clinic".into(),
            requested_by: "agent@dot.gov".into(),
            // Without a browser, a moment is written as it came (local_time).
            requested_at: "2026-12-04T12:40:01Z".into(),
            yours: false,
        }
    }

    #[test]
    fn a_waiting_request_says_what_who_when_and_why() {
        assert_eq!(
            waiting_words(&waiting(Recovery::Unlink)),
            "Waiting for a second staff member: agent@dot.gov asked 2026-12-04T12:40:01Z to unlink its login.gov \
             account, because: Called from the clinic"
        );
        let new_email =
            WaitingRecovery { new_email: Some("new@clinic.example".into()), ..waiting(Recovery::SetPrimaryEmail) };
        assert!(waiting_words(&new_email).contains("to set a new primary email address (new@clinic.example),"));
        let corrected = |date_of_birth: Option<&str>| WaitingRecovery {
            corrected: Some(CorrectedIdentity {
                first_name: "Ana".into(),
                last_name: "Núñez".into(),
                date_of_birth: date_of_birth.map(Into::into),
            }),
            ..waiting(Recovery::CorrectIdentity)
        };
        assert!(waiting_words(&corrected(None)).contains("(to Ana Núñez),"));
        assert!(waiting_words(&corrected(Some("1970-01-31"))).contains("(to Ana Núñez, born 1970-01-31),"));
    }
}
