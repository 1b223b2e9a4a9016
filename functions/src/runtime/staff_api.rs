//! The staff side (help desk, program office, administrators); all but the
//! sign-in runs in the staff API's own worker (`staff_api_worker`):
//! - the end of a staff sign-in (`/auth/staff/login`, the same callback):
//!   every check of login.gov's answer done, then the card (PIV/CAC), then a
//!   `staff_members` row for the identity; a staff session of its own;
//! - `/api/staff/*`: every path, known or not, answers 401 without a staff
//!   session and 403 to an examiner's session, before anything else is read;
//!   then each route answers only the roles the route table gives it
//!   (`route_table`, `Role::may`), and a change only with the session's CSRF token.

use domain::api::Notice;
use domain::audit::{Actor, AuditEvent};
use domain::campaign::CampaignChange;
use domain::email_change::EmailSlot;
use domain::email_fix::EMAIL_TAKEN;
use domain::emails;
use domain::form::FieldErrors;
use domain::funnel::{outreach_csv, FunnelFilter};
use domain::identity::{may_correct, OnFile};
use domain::routes;
use domain::session::{Examiner, Session};
use domain::sign_in::SignInProblem;
use domain::staff::{
    may_decide, AccountAction, AccountSearch, ActionChange, ActionField, ActionForm, DecisionRefused, Reason, Recovery,
    SignedInStaff, StaffAccountView, StaffMember, StaffMemberForm, WaitingRecovery,
};
use domain::{Email, MigrationState};
use worker::{Headers, Request, Response};

use super::campaigns::{self, CampaignAnswer};
use super::config::Config;
use super::context::Context;
use super::redirect;
use super::sign_in_steps::refuse;
use super::{csrf, grants, json_body, no_store_json, provider, random_link_token, random_text, sessions, transfer};
use crate::cloudflare_access;
use crate::cookies;
use crate::error::AppError;
use crate::login_gov::Identity;
use crate::route_table::{Caller, Method, PathValues, StaffEndpoint};
use crate::store::d1::D1;
use crate::store::recoveries::Decision;
use crate::store::{accounts, audit, funnel, links, recoveries, staff_side, Database, Statement};

/// A staff sign-in whose every check of login.gov's answer passed.
pub async fn sign_in(req: &Request, cx: &Context, identity: &Identity) -> Result<Response, AppError> {
    if !identity.piv_presented {
        return refuse(cx, SignInProblem::StaffWithoutPiv, "a staff sign-in without a PIV or CAC card").await;
    }
    let db = &cx.db;
    let Some(member) = staff_side::member(db, &identity.subject, &identity.emails).await? else {
        return refuse(cx, SignInProblem::NotStaff, "no staff member has this identity or its emails").await;
    };
    let staff_id = member.staff_id;
    let id = sessions::start(req, cx, member).await?;
    db.batch(&[staff_side::staff_event(staff_id, AuditEvent::StaffSignedIn)]).await?;
    redirect(
        routes::STAFF,
        &[cookies::set_until_browser_closes(cookies::STAFF_SESSION, &id), cookies::clear(cookies::SIGN_IN)],
    )
}

/// `/api/staff/*` past the session's own routes: the route asked (or why
/// there is none: no such path, another method), answered only once the gate
/// holds — a staff session (not an examiner's), Cloudflare Access's assertion
/// where it is in front —, the member's role reaches the route's work and a
/// change carries the session's CSRF token.
pub async fn api(
    asked: Result<(Method, Caller, StaffEndpoint, PathValues<'_>), AppError>,
    req: Request,
    cx: &Context,
) -> Result<Response, AppError> {
    let session = match sessions::signed_in::<StaffMember>(&req, cx).await {
        Ok(session) => session,
        // A person signed in to their own account is no staff member.
        Err(AppError::NotSignedIn) if sessions::live::<Examiner>(&req, cx).await.is_ok() => {
            return Err(AppError::NotPermitted("an examiner's session on the staff API"));
        }
        Err(e) => return Err(e),
    };
    access_granted(&req, cx).await?;
    let (method, caller, endpoint, values) = asked?;
    if !matches!(caller, Caller::Staff(work) if session.holder.role.may(work)) {
        return Err(AppError::NotPermitted("a staff role that does not reach this part"));
    }
    // A change is the member's, with their session's CSRF token: refused and
    // audited before anything else is read or written (its id may be anyone's).
    let staff_id = session.holder.staff_id;
    if method.changes() {
        csrf::check(&req, cx, (session.csrf_token.as_str(), None, Actor::Staff(staff_id))).await?;
    }
    let db = &cx.db;
    // Who read what is audited too, as this member.
    let reader = Actor::Staff(staff_id);
    match endpoint {
        StaffEndpoint::Session => no_store_json(&SignedInStaff {
            email: session.holder.email.clone(),
            role: session.holder.role,
            session: sessions::time_of(cx, &session),
            csrf_token: session.csrf_token,
        }),
        StaffEndpoint::Search => {
            let terms = query(&req, "q")?.unwrap_or_default();
            let search = AccountSearch::parse(&terms).map_err(|e| AppError::Refused(e.to_string()))?;
            let found = staff_side::search(db, &search).await?;
            let detail = format!("{} ({} found)", terms.trim(), found.len());
            db.batch(&[audit::record(None, AuditEvent::StaffSearched, reader, Some(&detail))]).await?;
            no_store_json(&found)
        }
        StaffEndpoint::Funnel => {
            let filter = FunnelFilter::parse(query(&req, "type")?.as_deref(), query(&req, "state")?.as_deref());
            no_store_json(&funnel::days(db, &filter, "").await?)
        }
        StaffEndpoint::Outreach => {
            // One State at a time: nobody downloads every examiner's name, license and email at once.
            let filter = FunnelFilter::parse(None, query(&req, "state")?.as_deref());
            let Some(state) = filter.state else {
                return Err(AppError::Refused("Choose a State: the list is made one State at a time.".into()));
            };
            let rows = funnel::outreach(db, &filter).await?;
            let detail = format!("{} ({} rows)", state.code(), rows.len());
            db.batch(&[audit::record(None, AuditEvent::StaffExported, reader, Some(&detail))]).await?;
            let csv = outreach_csv(&rows);
            let headers = Headers::new();
            headers.set("content-type", "text/csv; charset=utf-8")?;
            headers.set("content-disposition", "attachment; filename=\"examiners-not-transferred.csv\"")?;
            headers.set("cache-control", "no-store")?;
            Ok(Response::ok(csv)?.with_headers(headers))
        }
        StaffEndpoint::Members => no_store_json(&staff_side::list(db).await?),
        StaffEndpoint::Member => {
            no_store_json(&staff_side::activity(db, values.id()?).await?.ok_or(AppError::NotFound)?)
        }
        StaffEndpoint::AddMember => add_member(req, db, &session).await,
        StaffEndpoint::RemoveMember => remove_member(db, &session, values.id()?).await,
        StaffEndpoint::Account => {
            let account_id = values.id()?;
            let mut account = staff_side::account(db, account_id).await?.ok_or(AppError::NotFound)?;
            let waiting = recoveries::waiting(db, account_id, staff_id).await?;
            account.waiting_recovery = waiting.map(|w| w.shown);
            db.batch(&[audit::record(Some(account_id), AuditEvent::StaffViewedAccount, reader, None)]).await?;
            no_store_json(&account)
        }
        StaffEndpoint::Action => {
            let action = AccountAction::parse(values.word).ok_or(AppError::NotFound)?;
            act(req, cx, &session, values.id()?, action).await
        }
        StaffEndpoint::Campaigns => campaigns::answer(req, cx, &session, CampaignAnswer::List).await,
        StaffEndpoint::ComposeCampaign => campaigns::answer(req, cx, &session, CampaignAnswer::Compose).await,
        StaffEndpoint::Campaign => campaigns::answer(req, cx, &session, CampaignAnswer::One(values.id()?)).await,
        StaffEndpoint::ChangeCampaign => {
            let change = CampaignChange::parse(values.word).ok_or(AppError::NotFound)?;
            let asked = CampaignAnswer::Change(values.id()?, change);
            campaigns::answer(req, cx, &session, asked).await
        }
    }
}

/// Where Cloudflare Access is in front of the staff side, its assertion must
/// be on the request and hold (`cloudflare_access`); elsewhere nothing is asked.
pub async fn access_granted(req: &Request, cx: &Context) -> Result<(), AppError> {
    let Some(policy) = &cx.config.staff_access else { return Ok(()) };
    let assertion = req.headers().get(cloudflare_access::ASSERTION_HEADER)?.unwrap_or_default();
    if assertion.is_empty() {
        return Err(AppError::Forbidden("no Cloudflare Access assertion"));
    }
    provider::verify_access(cx, policy, &assertion).await?.map(drop).map_err(AppError::AccessRefused)
}

fn query(req: &Request, name: &str) -> Result<Option<String>, AppError> {
    Ok(req.url()?.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned()))
}

/// A help desk action: a reason, the change and its audit event (who, why) together.
async fn act(
    mut req: Request,
    cx: &Context,
    session: &Session<StaffMember>,
    account_id: i64,
    action: AccountAction,
) -> Result<Response, AppError> {
    let (db, staff_id) = (&cx.db, session.holder.staff_id);
    let form: ActionForm = json_body(&mut req).await?;
    let (reason, change) = form.parse(action)?;
    let account = staff_side::account(db, account_id).await?.ok_or(AppError::NotFound)?;
    let message = match action {
        AccountAction::ResendEmail => {
            let primary = Email::parse(&account.summary.primary_email)
                .map_err(|e| AppError::internal(format!("account {account_id}'s primary email: {e}")))?;
            // The email the account's state calls for now (after an unlink, "linked" would no longer be true).
            let email = match account.summary.migration_state {
                MigrationState::Migrated => {
                    emails::migrated(&primary, &cx.config.log_in_url(), cx.config.deadline_reminder().as_deref())
                }
                MigrationState::Linked => emails::already_linked(&primary, &cx.config.log_in_url()),
                MigrationState::Legacy => return Err(AppError::Refused(NOT_TRANSFERRED.into())),
            };
            let written = db.batch(&staff_side::resend(account_id, staff_id, &reason, &email)).await?;
            cx.enqueue(&written).await;
            format!("\"{}\" is on its way to {primary}.", email.subject)
        }
        AccountAction::Unlink => {
            if account.summary.migration_state != MigrationState::Linked {
                return Err(AppError::Refused(NOT_LINKED.into()));
            }
            ask_recovery(cx, &account, Recovery::Unlink, &change, staff_id, &reason).await?
        }
        AccountAction::EndSessions => {
            db.batch(&[
                accounts::end_sessions(account_id),
                staff_side::action_taken(account_id, staff_id, AuditEvent::StaffSessionsEnded, &reason),
            ])
            .await?;
            "Every session of the account has ended: the person signs in again.".into()
        }
        AccountAction::RerunTransfer => {
            let claim = staff_side::claim_of(db, account_id).await?.ok_or(AppError::NotFound)?;
            db.batch(&[staff_side::action_taken(account_id, staff_id, AuditEvent::StaffTransferRerun, &reason)])
                .await?;
            // Decided as the queue's consumer decides a person's claim, under a name of its own.
            let emailed = transfer::decide_claim(cx, &format!("staff-{}", random_text()?), &claim).await?;
            if emailed {
                "The transfer was run again for the account as it is on file; its email is on its way.".into()
            } else {
                "The transfer was run again for the account as it is on file, but no email was sent: the account \
                 got 3 transfer emails in the last hour already (see Emails sent)."
                    .into()
            }
        }
        AccountAction::SetPrimaryEmail => {
            let ActionChange::PrimaryEmail(new_email) = &change else {
                return Err(AppError::internal("a primary email asked without its address"));
            };
            if links::taken_by_another(db, account_id, new_email).await? {
                return Err(FieldErrors::one(ActionField::NewEmail, EMAIL_TAKEN).into());
            }
            ask_recovery(cx, &account, Recovery::SetPrimaryEmail, &change, staff_id, &reason).await?
        }
        AccountAction::CorrectIdentity => {
            let ActionChange::Identity(corrected) = &change else {
                return Err(AppError::internal("a correction asked without its name"));
            };
            let on_file = OnFile {
                first_name: &account.summary.first_name,
                last_name: &account.summary.last_name,
                date_of_birth: account.date_of_birth.as_deref(),
            };
            let linked = account.summary.migration_state == MigrationState::Linked;
            may_correct(&on_file, corrected, linked).map_err(|refused| AppError::Refused(refused.to_string()))?;
            ask_recovery(cx, &account, Recovery::CorrectIdentity, &change, staff_id, &reason).await?
        }
        AccountAction::RevokeGrant => {
            // Only an access this account's page shows (the examiner's, or the person's).
            let grant_id = form.grant_id.filter(|id| account.grants.iter().any(|g| g.grant_id == *id));
            let grant_id = grant_id.ok_or_else(|| AppError::Refused(NO_SUCH_GRANT.into()))?;
            grants::revoke_by_staff(cx, staff_id, grant_id, &reason).await?
        }
        AccountAction::ApproveRecovery | AccountAction::RejectRecovery => {
            let waiting = recoveries::waiting(db, account_id, staff_id).await?;
            let asked = waiting.as_ref().map(|w| (w.shown.request_id, w.requested_by));
            may_decide(asked, form.request_id, staff_id).map_err(|refused| AppError::Refused(refused.to_string()))?;
            let Some(waiting) = waiting else {
                return Err(AppError::Refused(DecisionRefused::NoneWaiting.to_string()));
            };
            let decision = Decision { account_id, request_id: waiting.shown.request_id, staff_id };
            let (statements, done) = recovery_decided(&cx.config, decision, waiting.shown, action, &reason, &account)?;
            let written = db.batch(&statements).await?;
            if !recoveries::took_effect(&written) {
                // Another staff member decided it meanwhile.
                return Err(AppError::Refused(DecisionRefused::NoneWaiting.to_string()));
            }
            cx.enqueue(&written).await;
            done
        }
    };
    no_store_json(&Notice { message })
}

/// An administrator adds a member, or changes their role (never their own).
async fn add_member(mut req: Request, db: &D1, session: &Session<StaffMember>) -> Result<Response, AppError> {
    let form: StaffMemberForm = json_body(&mut req).await?;
    let (email, role) = form.parse()?;
    if email.canonical() == session.holder.email {
        return Err(AppError::Refused("You cannot change your own role: ask another administrator.".into()));
    }
    db.batch(&staff_side::add(&email, role, session.holder.staff_id)).await?;
    no_store_json(&Notice { message: format!("{email} is on the staff list ({}).", role.label()) })
}

/// An administrator removes a member (never themselves).
async fn remove_member(db: &D1, session: &Session<StaffMember>, member: i64) -> Result<Response, AppError> {
    if member == session.holder.staff_id {
        return Err(AppError::Refused("You cannot remove yourself: ask another administrator.".into()));
    }
    db.batch(&staff_side::remove(member, session.holder.staff_id)).await?;
    no_store_json(&Notice { message: "Removed from the staff list.".to_owned() })
}

/// Asks for an unlink, a new primary email or a corrected name: waiting for a
/// second staff member, and every address of the account told now, before anything changes.
async fn ask_recovery(
    cx: &Context,
    account: &StaffAccountView,
    recovery: Recovery,
    change: &ActionChange,
    staff_id: i64,
    reason: &Reason,
) -> Result<String, AppError> {
    let addresses = [Some(account.summary.primary_email.as_str()), account.secondary_email.as_deref()];
    let notices: Vec<_> = addresses
        .into_iter()
        .flatten()
        .filter_map(|address| Email::parse(address).ok())
        .map(|address| emails::recovery_requested(&address, recovery.words()))
        .collect();
    let account_id = account.summary.account_id;
    let written = cx.db.batch(&recoveries::request(account_id, recovery, change, reason, staff_id, &notices)).await?;
    if !recoveries::took_effect(&written) {
        return Err(AppError::Refused(ALREADY_WAITING.into()));
    }
    cx.enqueue(&written).await;
    Ok("Asked. Another staff member must approve it on this page before anything changes; the account's email addresses were told.".into())
}

/// Another staff member's request, approved (and carried out) or turned down:
/// the statements that do it, and the words that say so.
fn recovery_decided(
    config: &Config,
    decision: Decision,
    waiting: WaitingRecovery,
    action: AccountAction,
    reason: &Reason,
    account: &StaffAccountView,
) -> Result<(Vec<Statement>, String), AppError> {
    let account_id = decision.account_id;
    let (statements, done) = match (action, waiting.recovery) {
        (AccountAction::RejectRecovery, _) => {
            (recoveries::reject(decision, reason), "Turned down: nothing changed.".to_owned())
        }
        (_, Recovery::Unlink) => (
            // The identity let go signs in to nothing any more: its sessions end with the link (migration 0013).
            recoveries::approve_unlink(decision, reason),
            "Approved: the login.gov account was unlinked and the person's sessions ended. At their next sign-in, \
             login.gov verifies their identity before the account is linked again."
                .to_owned(),
        ),
        (_, Recovery::SetPrimaryEmail) => {
            let new_email = waiting.new_email.as_deref().and_then(|e| Email::parse(e).ok()).ok_or_else(|| {
                AppError::internal(format!("a primary email request of {account_id} without its address"))
            })?;
            let token = random_link_token()?;
            let confirmation =
                emails::confirm_email_change(&new_email, EmailSlot::Primary.label(), &config.email_change_url(&token));
            (
                recoveries::approve_primary_email(decision, reason, &new_email, &token, &confirmation),
                format!("Approved: a link went to {new_email}. The primary email changes when the person selects it."),
            )
        }
        (_, Recovery::CorrectIdentity) => {
            let corrected = waiting.corrected.ok_or_else(|| {
                AppError::internal(format!("a correction of {account_id}'s identity without its name"))
            })?;
            let done = format!(
                "Approved: the name on file is now {} {}. When the person next links a login.gov account, \
                 its verified identity is compared with it.",
                corrected.first_name, corrected.last_name
            );
            let on_file = OnFile {
                first_name: &account.summary.first_name,
                last_name: &account.summary.last_name,
                date_of_birth: account.date_of_birth.as_deref(),
            };
            (recoveries::approve_identity(decision, reason, &on_file, &corrected), done)
        }
    };
    Ok((statements, done))
}

const ALREADY_WAITING: &str =
    "A request is already waiting for this account: another staff member approves or turns it down first.";
const NO_SUCH_GRANT: &str = "This access is not this account's, or it is gone: open the account again.";
const NOT_LINKED: &str = "This account is not linked to a login.gov account.";

const NOT_TRANSFERRED: &str = "This account has not been transferred, so it has no sign-in email to send again: \
     \"Run the transfer again\" sends the one its state calls for.";

/// Whether `path` is the staff API's: known or not, it answers only past the gate ([`api`]).
pub fn is_staff_api(path: &str) -> bool {
    routes::is_under(path, routes::API_STAFF)
}
