//! People who work for examiners (`domain::grant`), both sides:
//! - the person's, in a session of their own (`/auth/work-for/login`):
//!   `GET /api/work-for` their requests and grants; `POST /api/work-for` a
//!   request for access (one answer for every number);
//!   `GET /api/work-for/{grant}` the examiner's account, read-only, audited;
//! - the examiner's, on My account: `GET /api/account/people`;
//!   `POST /api/account/people/{grant}/{approve|decline|extend|revoke}`;
//! - the help desk's revoke, with a reason;
//! - the cron's: reminders before an end, grants past their period and lapsed requests expire.

use domain::api::Notice;
use domain::audit::{Actor, AuditEvent};
use domain::emails::{self, EmailKind};
use domain::grant::{
    ending_soon, AccessRequestForm, ApprovalForm, GrantChange, GrantPeriod, GrantState, NotNow, WorkingFor, ASKED,
    REQUESTS_PER_PERSON_PER_HOUR,
};
use domain::routes;
use domain::session::{Examiner, Person, Session};
use domain::staff::Reason;
use domain::Email;
use worker::{Request, Response};

use super::config::Config;
use super::context::Context;
use super::redirect;
use super::{json_body, no_store_json, now_seconds, sessions};
use crate::cookies;
use crate::error::AppError;
use crate::login_gov::Identity;
use crate::outbox::sending::{enqueue_rows, send_emails};
use crate::route_table::PathValues;
use crate::store::grants::{self, HeldGrant};
use crate::store::{audit, outbox, rate_limits, Database};

/// The end of a sign-in to work for examiners: the person of this identity
/// (made at their first), and a session of their own.
pub async fn signed_in(req: &Request, cx: &Context, identity: &Identity) -> Result<Response, AppError> {
    let db = &cx.db;
    let (person_id, generation) = grants::sign_in(db, &identity.subject, &identity.login_gov_email).await?;
    let person = Person {
        person_id,
        subject: identity.subject.clone(),
        login_gov_email: identity.login_gov_email.clone(),
        generation,
    };
    let id = sessions::start(req, cx, person).await?;
    db.batch(&[audit::record(None, AuditEvent::SignedIn, Actor::Person(person_id), None)]).await?;
    redirect(
        routes::WORK_FOR,
        &[cookies::set_until_browser_closes(cookies::PERSON_SESSION, &id), cookies::clear(cookies::SIGN_IN)],
    )
}

/// `GET /api/work-for`.
pub async fn mine(cx: &Context, session: Session<Person>) -> Result<Response, AppError> {
    let db = &cx.db;
    let grants = grants::of_person(db, session.holder.person_id).await?;
    no_store_json(&WorkingFor {
        email: session.holder.login_gov_email.clone(),
        grants,
        session: sessions::time_of(cx, &session),
        csrf_token: session.csrf_token,
    })
}

/// `POST /api/work-for`: a request for access to the examiner a number names,
/// answered the same whatever the number.
pub async fn ask(mut req: Request, cx: &Context, session: Session<Person>) -> Result<Response, AppError> {
    let person_id = session.holder.person_id;
    let request = json_body::<AccessRequestForm>(&mut req).await?.parse()?;
    let db = &cx.db;
    let bucket = [format!("access-request-person:{person_id}")];
    if !rate_limits::within(db, &bucket, [REQUESTS_PER_PERSON_PER_HOUR]).await? {
        return Err(AppError::TooManyRequests);
    }
    let who = match &request.organization {
        Some(organization) => format!("{} of {organization}", request.name),
        None => request.name.clone(),
    };
    let today = domain::account::us_today(now_seconds());
    let email = emails::access_requested(&who, request.role.label(), &today, &cx.config.my_account_url());
    let written = db.batch(&grants::ask(person_id, &request, &email)).await?;
    // One message on the queue whatever the number: an examiner's email, or
    // none (its delivery finds nothing to send), so that the answer takes as
    // long either way.
    let mut to_send = outbox::queued(&written);
    if to_send.is_empty() {
        to_send.push(NO_EMAIL);
    }
    enqueue_rows(&cx.env, &cx.db, to_send).await;
    Ok(Response::from_json(&Notice { message: ASKED.to_owned() })?.with_status(202))
}

/// No outbox row has this id (ids start at 1): a queue message that sends nothing.
const NO_EMAIL: i64 = 0;

/// `GET /api/work-for/{grant}`: the examiner's account, while the grant is
/// approved and in its period (checked in D1 at each request), audited as
/// the person's, for the examiner.
pub async fn examiner_record(
    cx: &Context,
    session: Session<Person>,
    asked: PathValues<'_>,
) -> Result<Response, AppError> {
    let grant_id = asked.id()?;
    let person_id = session.holder.person_id;
    let db = &cx.db;
    let Some((record, examiner_id)) = grants::record_for(db, grant_id, person_id).await? else {
        return Err(AppError::NotPermitted("no approved grant of this person's for this examiner"));
    };
    db.batch(&grants::used(grant_id, examiner_id, person_id)).await?;
    no_store_json(&record)
}

/// `GET /api/account/people`: who asked to work for the signed-in examiner, and who does.
pub async fn of_my_account(cx: &Context, session: Session<Examiner>) -> Result<Response, AppError> {
    let db = &cx.db;
    no_store_json(&grants::of_examiner(db, session.holder.account_id).await?)
}

/// `POST /api/account/people/{grant}/{approve|decline|extend|revoke}` (an
/// approval may say how long it lasts): only a grant of the signed-in
/// examiner's, only from a state that allows it; the person is told.
pub async fn answer(
    mut req: Request,
    cx: &Context,
    session: Session<Examiner>,
    asked: PathValues<'_>,
) -> Result<Response, AppError> {
    let account_id = session.holder.account_id;
    let grant_id = asked.id()?;
    let change = GrantChange::by_the_examiner(asked.word).ok_or(AppError::NotFound)?;
    let ApprovalForm { period } = json_body(&mut req).await?;
    let db = &cx.db;
    // Another examiner's grant is no grant of this one's.
    let grant = grants::one_of_examiner(db, grant_id, account_id).await?.ok_or(AppError::NotFound)?;
    let reason = matches!(change, GrantChange::Approve | GrantChange::Extend).then(|| period.label());
    made(cx, &grant, (change, period), (Actor::Account, reason)).await?;
    no_store_json(&Notice { message: change.done().to_owned() })
}

/// The change made by `actor` (with its reason), audited and told to the
/// person; refused if the grant's state does not allow it, or if another
/// answer (or the cron) moved the grant since it was read.
async fn made(
    cx: &Context,
    grant: &HeldGrant,
    (change, period): (GrantChange, GrantPeriod),
    (actor, reason): (Actor, Option<&str>),
) -> Result<(), AppError> {
    let to = grant.state.after(change).map_err(|e| AppError::Refused(e.to_string()))?;
    let notice = told(grant, change, period, &cx.config);
    let written =
        cx.db.batch(&grants::change(grant, to, period, (change.event(), actor, reason), notice.as_ref())).await?;
    if !grants::changed(&written) {
        return Err(AppError::Refused(NotNow.to_string()));
    }
    cx.enqueue(&written).await;
    Ok(())
}

/// The email that tells the person what became of their grant (none if their
/// address, as login.gov gave it, is not one the registry can send to).
fn told(grant: &HeldGrant, change: GrantChange, period: GrantPeriod, config: &Config) -> Option<emails::OutgoingEmail> {
    let to = Email::parse(&grant.email).ok()?;
    let (subject, what) = change.told(&grant.registry_number, period);
    Some(emails::about_access(EmailKind::AccessChanged, &to, subject, &what, &work_for_url(config)))
}

fn work_for_url(config: &Config) -> String {
    format!("{}{}", config.public_origin, routes::WORK_FOR)
}

/// The help desk's revoke (`AccountAction::RevokeGrant`, with a reason): the
/// grant ends, audited as the staff member's with the reason, and the person
/// is told; what the staff member is told.
pub async fn revoke_by_staff(cx: &Context, staff_id: i64, grant_id: i64, reason: &Reason) -> Result<String, AppError> {
    let grant = grants::one(&cx.db, grant_id).await?.ok_or(AppError::NotFound)?;
    let revoke = (GrantChange::Revoke, GrantPeriod::default());
    made(cx, &grant, revoke, (Actor::Staff(staff_id), Some(reason.as_str()))).await?;
    Ok("Access revoked. It stops at the person's next request; we emailed them.".into())
}

/// At most this many grants expire in one run of the cron (each is a batch).
const EXPIRY_LIMIT: i64 = 50;

/// The cron's: people whose access ends within two weeks are reminded (once
/// a period); grants past the period their examiner chose end, and the
/// person is told; requests unanswered for 30 days lapse, untold (a request
/// for a number nobody holds lapses the same way).
pub async fn expire(cx: &Context) -> Result<(), AppError> {
    let db = &cx.db;
    let mut queued = Vec::new();
    for grant in grants::ending_soon(db, EXPIRY_LIMIT).await? {
        let (Ok(to), Some(ends)) = (Email::parse(&grant.email), grant.expires_at.as_deref()) else { continue };
        let (subject, what) = ending_soon(&grant.registry_number, ends.get(..10).unwrap_or(ends));
        let reminder = emails::about_access(EmailKind::AccessEnding, &to, subject, &what, &work_for_url(&cx.config));
        queued.extend(outbox::queued(&db.batch(&grants::remind(&grant, &reminder)).await?));
    }
    for grant in grants::due_to_expire(db, EXPIRY_LIMIT).await? {
        let notice = (grant.state == GrantState::Approved)
            .then(|| told(&grant, GrantChange::Expire, GrantPeriod::default(), &cx.config))
            .flatten();
        let by = (GrantChange::Expire.event(), Actor::Schedule, None);
        let written =
            db.batch(&grants::change(&grant, GrantState::Expired, GrantPeriod::default(), by, notice.as_ref())).await?;
        queued.extend(outbox::queued(&written));
    }
    send_emails(&cx.env, &cx.db, queued).await
}
