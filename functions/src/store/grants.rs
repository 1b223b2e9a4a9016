//! The SQL of people who work for examiners (`domain::grant`): a person by
//! their login.gov identity, their requests and grants, the examiner's answers,
//! and what an approved grant lets its holder read.

use domain::audit::{Actor, AuditEvent};
use domain::emails::{OutgoingEmail, Unaddressed};
use domain::grant::{
    AccessRequest, ExaminerRecord, ExaminerYouWorkFor, GrantPeriod, GrantState, PersonWorkingForYou, StaffGrant,
    REMINDER_DAYS_BEFORE_END, REQUEST_EMAILS_PER_EXAMINER_PER_DAY, REQUEST_LAPSES_AFTER_DAYS,
};
use domain::session::Person;
use serde::Deserialize;

use super::{audit, outbox, typed_rows, Database, Statement, StoreError, Value};

/// The grants a condition picks, as [`HeldGrant`] reads them: its columns written once.
macro_rules! held_grants {
    ($where:literal) => {
        concat!(
            "SELECT g.id AS grant_id, g.person_id, g.examiner_id, g.state, g.registry_number, g.expires_at, p.email \
             FROM grants g JOIN people p ON p.id = g.person_id ",
            $where
        )
    };
}

statements! {
    // A sign-in: the person of this identity, made on their first, with the
    // email login.gov gives now (where answers go).
    SIGN_IN = "INSERT INTO people (login_gov_subject, email) VALUES (?1, ?2) \
         ON CONFLICT (login_gov_subject) DO UPDATE SET email = excluded.email \
         RETURNING id AS person_id, session_generation AS generation";
    SESSION_HOLDS = "SELECT id FROM people WHERE id = ?1 AND login_gov_subject = ?2 AND session_generation = ?3";
    // A request, whether or not an examiner holds the number (then examiner_id
    // is NULL); nothing if the person has one open for it already.
    ASK = "INSERT INTO grants (person_id, registry_number, examiner_id, role, name, organization) \
         VALUES (?1, ?2, (SELECT id FROM registry_accounts WHERE registry_number = ?2 AND account_type = 'examiner'), \
                 ?3, ?4, ?5) \
         ON CONFLICT DO NOTHING";
    // Audited if the request was made (the examiner's account, or none).
    AUDIT_ASKED = "INSERT INTO audit_events (account_id, event, actor, detail) \
         SELECT examiner_id, 'access_requested', ?1, 'grant ' || id FROM grants \
         WHERE id = last_insert_rowid() AND changes() = 1";
    // The examiner's email, if the audit before it was written for an
    // examiner's account, and while they got fewer than ?5 such emails today.
    QUEUE_REQUEST_EMAIL =
        "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, next_attempt_at) \
         SELECT e.id, ?2, e.primary_email, ?3, ?4, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         FROM registry_accounts e \
         WHERE e.registry_number = ?1 AND e.account_type = 'examiner' AND changes() = 1 \
           AND (SELECT count(*) FROM email_outbox o WHERE o.account_id = e.id AND o.kind = ?2 \
                AND o.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')) < ?5 \
         RETURNING id AS outbox_id";
    OF_PERSON = "SELECT g.id AS grant_id, \
           CASE WHEN g.state = 'approved' THEN e.first_name || ' ' || e.last_name END AS examiner_name, \
           g.registry_number, g.role, g.state, g.requested_at, g.expires_at \
         FROM grants g LEFT JOIN registry_accounts e ON e.id = g.examiner_id \
         WHERE g.person_id = ?1 ORDER BY g.requested_at DESC LIMIT 100";
    OF_EXAMINER = "SELECT g.id AS grant_id, g.name, g.organization, g.role, g.state, p.email, g.requested_at, \
           g.decided_at, g.expires_at, g.last_used_at \
         FROM grants g JOIN people p ON p.id = g.person_id \
         WHERE g.examiner_id = ?1 \
         ORDER BY g.state IN ('requested', 'approved') DESC, g.requested_at DESC LIMIT 100";
    // For the help desk: the grants of an examiner's account, and those of the
    // person this account's login.gov identity is.
    FOR_STAFF_BY_EXAMINER = "SELECT g.id AS grant_id, g.name, g.organization, p.email AS person_email, g.role, \
           g.state, g.registry_number, e.first_name || ' ' || e.last_name AS examiner_name, g.requested_at, \
           g.expires_at, g.last_used_at \
         FROM grants g JOIN people p ON p.id = g.person_id JOIN registry_accounts e ON e.id = g.examiner_id \
         WHERE g.examiner_id = ?1 ORDER BY g.requested_at DESC LIMIT 50";
    FOR_STAFF_BY_PERSON = "SELECT g.id AS grant_id, g.name, g.organization, p.email AS person_email, g.role, \
           g.state, g.registry_number, e.first_name || ' ' || e.last_name AS examiner_name, g.requested_at, \
           g.expires_at, g.last_used_at \
         FROM registry_accounts a JOIN people p ON p.login_gov_subject = a.login_gov_subject \
         JOIN grants g ON g.person_id = p.id LEFT JOIN registry_accounts e ON e.id = g.examiner_id \
         WHERE a.id = ?1 ORDER BY g.requested_at DESC LIMIT 50";
    // One grant, whoever's (the help desk's revoke).
    ONE = held_grants!("WHERE g.id = ?1");
    // A change, only from the state it was read in (two answers at once: one wins).
    CHANGE = "UPDATE grants SET state = ?3, \
           decided_at = coalesce(decided_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), \
           expires_at = CASE WHEN ?3 = 'approved' \
             THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ?4 || ' days') ELSE expires_at END, \
           ended_at = CASE WHEN ?3 IN ('revoked', 'expired') THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END, \
           reminded_at = CASE WHEN ?3 = 'approved' THEN NULL ELSE reminded_at END \
         WHERE id = ?1 AND state = ?2 RETURNING id AS changed_grant";
    // What an approved grant, in its period, lets its holder read.
    RECORD_FOR = "SELECT g.id AS grant_id, g.role, g.expires_at, e.first_name || ' ' || e.last_name AS name, \
           e.registry_number, e.license_number, e.license_state, e.certification_issued, e.certification_expires, \
           e.id AS examiner_id \
         FROM grants g JOIN registry_accounts e ON e.id = g.examiner_id \
         WHERE g.id = ?1 AND g.person_id = ?2 AND g.state = 'approved' \
           AND g.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    USED = "UPDATE grants SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1";
    // The cron's: approved grants past their period, and requests unanswered
    // for ?2 days, each on its own index.
    PAST_PERIOD = held_grants!(
        "WHERE g.state = 'approved' AND g.expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') LIMIT ?1"
    );
    // Approved grants ending within ?2 days whose person was not reminded yet.
    ENDING_SOON = held_grants!(
        "WHERE g.state = 'approved' AND g.reminded_at IS NULL \
           AND g.expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ?2 || ' days') LIMIT ?1"
    );
    REMINDED = "UPDATE grants SET reminded_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND state = 'approved' AND reminded_at IS NULL";
    LAPSED = held_grants!(
        "WHERE g.state = 'requested' \
           AND g.requested_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ?2 || ' days') LIMIT ?1"
    );
}

/// The person of this login.gov identity (made at their first sign-in), and
/// the session generation a new session begins under.
pub async fn sign_in(db: &dyn Database, subject: &str, email: &str) -> Result<(i64, i64), StoreError> {
    #[derive(Deserialize)]
    struct Signed {
        person_id: i64,
        generation: i64,
    }
    let rows = db.batch(&[Statement::new(SIGN_IN, [subject.into(), email.into()])]).await?;
    let row = rows.into_iter().flatten().next().ok_or_else(|| StoreError::BadRow("people: no row returned".into()))?;
    let signed: Signed = serde_json::from_value(row).map_err(|e| StoreError::BadRow(e.to_string()))?;
    Ok((signed.person_id, signed.generation))
}

/// Whether a person's session still holds: none of their sessions were ended since.
pub async fn session_holds(db: &dyn Database, person: &Person) -> Result<bool, StoreError> {
    let params = [person.person_id.into(), person.subject.as_str().into(), person.generation.into()];
    Ok(!db.rows(&Statement::new(SESSION_HOLDS, params)).await?.is_empty())
}

/// A request for access, its audit, and the examiner's email: the same
/// statements whether or not an examiner holds the number (none of them
/// writes anything then but the request), and nothing at all when the person
/// has one open for the number already.
pub fn ask(person_id: i64, request: &AccessRequest, email: &Unaddressed) -> Vec<Statement> {
    let number = request.examiner.as_str();
    vec![
        Statement::new(
            ASK,
            [
                person_id.into(),
                number.into(),
                request.role.code().into(),
                request.name.as_str().into(),
                request.organization.as_deref().map_or(Value::Null, Value::from),
            ],
        ),
        Statement::new(AUDIT_ASKED, [Value::Text(Actor::Person(person_id).code().into_owned())]),
        Statement::new(
            QUEUE_REQUEST_EMAIL,
            [
                number.into(),
                email.kind.code().into(),
                email.subject.as_str().into(),
                email.text.as_str().into(),
                REQUEST_EMAILS_PER_EXAMINER_PER_DAY.into(),
                email.html.as_str().into(),
            ],
        ),
    ]
}

/// The person's requests and grants, newest first.
pub async fn of_person(db: &dyn Database, person_id: i64) -> Result<Vec<ExaminerYouWorkFor>, StoreError> {
    typed_rows(db, &Statement::new(OF_PERSON, [person_id.into()])).await
}

/// Who asked to work for the examiner, and who does: the open ones first (a
/// long history of declined requests never hides an access to revoke), newest first.
pub async fn of_examiner(db: &dyn Database, examiner_id: i64) -> Result<Vec<PersonWorkingForYou>, StoreError> {
    typed_rows(db, &Statement::new(OF_EXAMINER, [examiner_id.into()])).await
}

/// A grant, where it stands, and the person's address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HeldGrant {
    pub grant_id: i64,
    pub person_id: i64,
    pub examiner_id: Option<i64>,
    pub state: GrantState,
    pub registry_number: String,
    pub expires_at: Option<String>,
    pub email: String,
}

/// One grant of this examiner's; none if it is another examiner's.
pub async fn one_of_examiner(
    db: &dyn Database,
    grant_id: i64,
    examiner_id: i64,
) -> Result<Option<HeldGrant>, StoreError> {
    Ok(one(db, grant_id).await?.filter(|grant| grant.examiner_id == Some(examiner_id)))
}

/// The grants the help desk sees on an account's page: those of the examiner, then the person's.
pub async fn for_staff(db: &dyn Database, account_id: i64) -> Result<Vec<StaffGrant>, StoreError> {
    let mut grants: Vec<StaffGrant> = typed_rows(db, &Statement::new(FOR_STAFF_BY_EXAMINER, [account_id.into()])).await?;
    grants.extend(typed_rows(db, &Statement::new(FOR_STAFF_BY_PERSON, [account_id.into()])).await?);
    Ok(grants)
}

/// One grant, whoever's.
pub async fn one(db: &dyn Database, grant_id: i64) -> Result<Option<HeldGrant>, StoreError> {
    Ok(typed_rows(db, &Statement::new(ONE, [grant_id.into()])).await?.into_iter().next())
}

/// The grant moved from where it was read to `to`, audited as `event` by
/// `actor` on the examiner's account (none: a request for a number nobody
/// holds), and the person told if `notice`: each write only if the change was
/// made (two answers at once: the second changes nothing).
pub fn change(
    grant: &HeldGrant,
    to: GrantState,
    period: GrantPeriod,
    (event, actor, reason): (AuditEvent, Actor, Option<&str>),
    notice: Option<&OutgoingEmail>,
) -> Vec<Statement> {
    let detail = match reason {
        Some(reason) => format!("grant {}: {reason}", grant.grant_id),
        None => format!("grant {}", grant.grant_id),
    };
    let mut statements = vec![
        Statement::new(
            CHANGE,
            [grant.grant_id.into(), grant.state.code().into(), to.code().into(), period.days().into()],
        ),
        audit::record_if_changed(grant.examiner_id, event, actor, Some(&detail)),
    ];
    // Only about an examiner's account: an outbox row belongs to one.
    if let (Some(notice), Some(examiner_id)) = (notice, grant.examiner_id) {
        statements.push(outbox::queue_if_changed(examiner_id.into(), notice));
    }
    statements
}

/// Whether a batch of [`change`] made the change (none: another answer, or
/// the cron, moved the grant first).
pub fn changed(batch_results: &[Vec<serde_json::Value>]) -> bool {
    batch_results.first().is_some_and(|rows| !rows.is_empty())
}

/// What an approved grant in its period lets the person read, and the
/// examiner's account id; none otherwise (not theirs, revoked, expired…).
pub async fn record_for(
    db: &dyn Database,
    grant_id: i64,
    person_id: i64,
) -> Result<Option<(ExaminerRecord, i64)>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        record: ExaminerRecord,
        examiner_id: i64,
    }
    let rows: Vec<Row> = typed_rows(db, &Statement::new(RECORD_FOR, [grant_id.into(), person_id.into()])).await?;
    Ok(rows.into_iter().next().map(|row| (row.record, row.examiner_id)))
}

/// The grant was used now, for its examiner's account: audited as the person's.
pub fn used(grant_id: i64, examiner_id: i64, person_id: i64) -> Vec<Statement> {
    vec![
        Statement::new(USED, [grant_id.into()]),
        audit::record(
            Some(examiner_id),
            AuditEvent::ReadForExaminer,
            Actor::Person(person_id),
            Some(&format!("grant {grant_id}")),
        ),
    ]
}

/// Approved grants ending within [`REMINDER_DAYS_BEFORE_END`] days whose person was not reminded, at most `limit`.
pub async fn ending_soon(db: &dyn Database, limit: i64) -> Result<Vec<HeldGrant>, StoreError> {
    typed_rows(db, &Statement::new(ENDING_SOON, [limit.into(), REMINDER_DAYS_BEFORE_END.into()])).await
}

/// The person is reminded, once per period (an extension clears it).
pub fn remind(grant: &HeldGrant, reminder: &OutgoingEmail) -> Vec<Statement> {
    let mut statements = vec![Statement::new(REMINDED, [grant.grant_id.into()])];
    if let Some(examiner_id) = grant.examiner_id {
        statements.push(outbox::queue_if_changed(examiner_id.into(), reminder));
    }
    statements
}

/// Grants whose period ended and requests that lapsed, at most `limit` of each.
pub async fn due_to_expire(db: &dyn Database, limit: i64) -> Result<Vec<HeldGrant>, StoreError> {
    let mut due: Vec<HeldGrant> = typed_rows(db, &Statement::new(PAST_PERIOD, [limit.into()])).await?;
    due.extend(typed_rows(db, &Statement::new(LAPSED, [limit.into(), REQUEST_LAPSES_AFTER_DAYS.into()])).await?);
    Ok(due)
}
