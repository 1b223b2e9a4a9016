//! The SQL of the staff side: staff members by login.gov identity, the help
//! desk's searches and account page, and its actions — each on an index,
//! each change with its audit event naming the staff member and the reason.

use domain::audit::{Actor, AuditEvent};
use domain::emails::OutgoingEmail;
use domain::staff::{
    AccountSearch, AccountSummary, OpenLink, Reason, Role, SentEmailRecord, StaffActivity, StaffListEntry, StaffMember,
    StaffMemberActivity, TimelineEvent, SEARCH_LIMIT,
};
use domain::transfer::{TransferClaim, TransferForm};
use domain::Email;
use serde::Deserialize;

use super::{audit, outbox, typed_rows, Database, Statement, StoreError, Value};

statements! {
    // A member removed keeps their row (migration 0020): every read but the audit's passes it over.
    BY_SUBJECT = "SELECT id, email, role, session_generation FROM staff_members \
         WHERE login_gov_subject = ?1 AND removed_at IS NULL";
    BY_ID = "SELECT id, email, role, session_generation FROM staff_members WHERE id = ?1 AND removed_at IS NULL";
    LIST = "SELECT id AS staff_id, email, role, login_gov_subject IS NOT NULL AS signed_in_once, added_at \
         FROM staff_members WHERE removed_at IS NULL ORDER BY email LIMIT 500";
    MEMBER = "SELECT id AS staff_id, email, role, login_gov_subject IS NOT NULL AS signed_in_once, added_at \
         FROM staff_members WHERE id = ?1 AND removed_at IS NULL";
    // On the audit's index by actor and time (migration 0015).
    ACTIVITY = "SELECT e.occurred_at, e.event, e.account_id, a.registry_number, e.detail \
         FROM audit_events e LEFT JOIN registry_accounts a ON a.id = e.account_id \
         WHERE e.actor = ?1 ORDER BY e.occurred_at DESC, e.id DESC LIMIT 200";
    // A member removed and added again has their row back: the same id, the same history.
    ADD = "INSERT INTO staff_members (email, role) VALUES (lower(?1), ?2) \
         ON CONFLICT (email) DO UPDATE SET role = excluded.role, removed_at = NULL";
    // The audit first: it names the member the removal takes off the list (once).
    RECORD_REMOVAL = "INSERT INTO audit_events (account_id, event, actor, detail) \
         SELECT NULL, ?3, ?2, email || ' ' || role FROM staff_members WHERE id = ?1 AND removed_at IS NULL";
    REMOVE = "UPDATE staff_members SET removed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), \
         login_gov_subject = NULL, session_generation = session_generation + 1 WHERE id = ?1 AND removed_at IS NULL";
    // An operator's command names the member by email, and itself in the detail.
    RECORD_REMOVAL_BY_EMAIL = "INSERT INTO audit_events (account_id, event, actor, detail) \
         SELECT NULL, ?3, ?2, email || ' ' || role || ?4 FROM staff_members WHERE email = lower(?1) AND removed_at IS NULL";
    REMOVE_BY_EMAIL = "UPDATE staff_members SET removed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), \
         login_gov_subject = NULL, session_generation = session_generation + 1 \
         WHERE email = lower(?1) AND removed_at IS NULL";
    // A member's first sign-in: their row, named by a verified email, takes their `sub`.
    CLAIM_BY_EMAIL = "UPDATE staff_members SET login_gov_subject = ?2 \
         WHERE email = lower(?1) AND login_gov_subject IS NULL AND removed_at IS NULL \
         RETURNING id, email, role, session_generation";
    BY_NUMBER = "SELECT a.id AS account_id, a.registry_number, a.first_name, a.last_name, a.account_type, \
         a.primary_email, a.migration_state FROM registry_accounts a WHERE a.registry_number = ?1";
    BY_EMAIL = "SELECT DISTINCT a.id AS account_id, a.registry_number, a.first_name, a.last_name, a.account_type, \
         a.primary_email, a.migration_state FROM account_emails e JOIN registry_accounts a ON a.id = e.account_id \
         WHERE e.address = ?1 ORDER BY a.id LIMIT ?2";
    // ?1 the prefix, ?2 just past every text that starts with it.
    BY_EMAIL_PREFIX = "SELECT DISTINCT a.id AS account_id, a.registry_number, a.first_name, a.last_name, a.account_type, \
         a.primary_email, a.migration_state FROM account_emails e JOIN registry_accounts a ON a.id = e.account_id \
         WHERE e.address >= ?1 AND e.address < ?2 ORDER BY e.address LIMIT ?3";
    BY_LAST_NAME_PREFIX = "SELECT a.id AS account_id, a.registry_number, a.first_name, a.last_name, a.account_type, \
         a.primary_email, a.migration_state FROM registry_accounts a \
         WHERE lower(a.last_name) >= ?1 AND lower(a.last_name) < ?2 ORDER BY lower(a.last_name) LIMIT ?3";
    DETAILS = "SELECT a.id AS account_id, a.registry_number, a.first_name, a.last_name, a.account_type, \
         a.primary_email, a.migration_state, a.license_number, a.license_state, a.secondary_email, a.linked_email, \
         a.date_of_birth FROM registry_accounts a WHERE a.id = ?1";
    EMAILS = "SELECT kind, to_address, subject, status, attempts, last_error, created_at, sent_at \
         FROM email_outbox WHERE account_id = ?1 ORDER BY id DESC LIMIT 50";
    OPEN_LINKS = "SELECT purpose, created_at, expires_at FROM account_links \
         WHERE account_id = ?1 AND used_at IS NULL AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         ORDER BY created_at DESC";
    EVENTS = "SELECT occurred_at, event, actor, detail FROM audit_events \
         WHERE account_id = ?1 ORDER BY occurred_at DESC, id DESC LIMIT 200";
    CLAIM_OF = "SELECT account_type, registry_number, examiner_registry_number, license_number, license_state, \
         primary_email FROM registry_accounts WHERE id = ?1";
}

/// A staff member as stored, before it is parsed.
#[derive(Deserialize)]
struct MemberRow {
    id: i64,
    email: String,
    role: String,
    session_generation: i64,
}

impl MemberRow {
    fn parse(self) -> Result<StaffMember, StoreError> {
        let role = Role::parse(&self.role).ok_or_else(|| StoreError::BadRow(format!("staff_members {}: role", self.id)))?;
        Ok(StaffMember { staff_id: self.id, email: self.email, role, generation: self.session_generation })
    }
}

/// The staff member of this login.gov identity: by its `sub`, or at their
/// first sign-in by one of its verified emails (which then records the `sub`).
pub async fn member(db: &dyn Database, subject: &str, emails: &[String]) -> Result<Option<StaffMember>, StoreError> {
    let known: Vec<MemberRow> = typed_rows(db, &Statement::new(BY_SUBJECT, [subject.into()])).await?;
    if let Some(row) = known.into_iter().next() {
        return row.parse().map(Some);
    }
    for email in emails {
        let claimed = db.batch(&[Statement::new(CLAIM_BY_EMAIL, [email.as_str().into(), subject.into()])]).await?;
        if let Some(row) = claimed.into_iter().flatten().next() {
            let row: MemberRow = serde_json::from_value(row).map_err(|e| StoreError::BadRow(e.to_string()))?;
            return row.parse().map(Some);
        }
    }
    Ok(None)
}

/// The member as the staff list holds them now: a session of a member
/// removed, or given another role, since it began is worth nothing.
pub async fn still_member(db: &dyn Database, member: &StaffMember) -> Result<bool, StoreError> {
    let rows: Vec<MemberRow> = typed_rows(db, &Statement::new(BY_ID, [member.staff_id.into()])).await?;
    Ok(rows.into_iter().next().map(MemberRow::parse).transpose()?.is_some_and(|now| now == *member))
}

#[derive(Deserialize)]
struct ListRow {
    staff_id: i64,
    email: String,
    role: String,
    signed_in_once: i64,
    added_at: String,
}

/// The staff list, by email.
pub async fn list(db: &dyn Database) -> Result<Vec<StaffListEntry>, StoreError> {
    let rows: Vec<ListRow> = typed_rows(db, &Statement::new(LIST, [])).await?;
    rows.into_iter().map(ListRow::parse).collect()
}

impl ListRow {
    fn parse(self) -> Result<StaffListEntry, StoreError> {
        let role = Role::parse(&self.role).ok_or_else(|| StoreError::BadRow(format!("staff_members {}", self.staff_id)))?;
        Ok(StaffListEntry {
            staff_id: self.staff_id,
            email: self.email,
            role,
            signed_in_once: self.signed_in_once == 1,
            added_at: self.added_at,
        })
    }
}

/// A member added (or their role changed) by an administrator, audited.
pub fn add(email: &Email, role: Role, by_staff_id: i64) -> Vec<Statement> {
    let detail = format!("{} {}", email.canonical(), role.code());
    vec![
        Statement::new(ADD, [email.canonical().as_str().into(), role.code().into()]),
        audit::record(None, AuditEvent::StaffMemberAdded, Actor::Staff(by_staff_id), Some(&detail)),
    ]
}

/// A member removed by an administrator, audited; their session ends at its next use.
pub fn remove(staff_id: i64, by_staff_id: i64) -> Vec<Statement> {
    let actor = Value::Text(Actor::Staff(by_staff_id).code().into_owned());
    vec![
        Statement::new(RECORD_REMOVAL, [staff_id.into(), actor, AuditEvent::StaffMemberRemoved.code().into()]),
        Statement::new(REMOVE, [staff_id.into()]),
    ]
}

/// `scripts/staff add`: a member added (or their role changed) by an
/// operator's command, audited with the operator's name (`user`).
pub fn add_by_command(email: &Email, role: Role, user: &str) -> Vec<Statement> {
    let detail = format!("{} {} (run by {user})", email.canonical(), role.code());
    vec![
        Statement::new(ADD, [email.canonical().as_str().into(), role.code().into()]),
        audit::record(None, AuditEvent::StaffMemberAdded, Actor::Command, Some(&detail)),
    ]
}

/// `scripts/staff remove`: a member removed by an operator's command, audited.
pub fn remove_by_command(email: &Email, user: &str) -> Vec<Statement> {
    let email = || Value::from(email.canonical().as_str());
    vec![
        Statement::new(
            RECORD_REMOVAL_BY_EMAIL,
            [
                email(),
                Actor::Command.code().as_ref().into(),
                AuditEvent::StaffMemberRemoved.code().into(),
                format!(" (run by {user})").as_str().into(),
            ],
        ),
        Statement::new(REMOVE_BY_EMAIL, [email()]),
    ]
}

/// `scripts/staff list`: the staff list, as an administrator reads it.
pub fn list_for_command() -> Statement {
    Statement::new(LIST, [])
}

/// Just past every text that starts with `prefix`, for a range on an index.
fn past(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The accounts a search finds, at most [`SEARCH_LIMIT`].
pub async fn search(db: &dyn Database, search: &AccountSearch) -> Result<Vec<AccountSummary>, StoreError> {
    let rows: Vec<AccountSummary> = match search {
        AccountSearch::RegistryNumber(number) => typed_rows(db, &Statement::new(BY_NUMBER, [number.as_str().into()])).await?,
        AccountSearch::Email(email) => {
            typed_rows(db, &Statement::new(BY_EMAIL, [email.canonical().as_str().into(), SEARCH_LIMIT.into()])).await?
        }
        AccountSearch::Prefix(prefix) => {
            let range = || [prefix.as_str().into(), past(prefix).as_str().into(), SEARCH_LIMIT.into()];
            let mut rows: Vec<AccountSummary> = typed_rows(db, &Statement::new(BY_LAST_NAME_PREFIX, range())).await?;
            let by_email: Vec<AccountSummary> = typed_rows(db, &Statement::new(BY_EMAIL_PREFIX, range())).await?;
            for row in by_email {
                if !rows.iter().any(|r| r.account_id == row.account_id) {
                    rows.push(row);
                }
            }
            rows.truncate(usize::try_from(SEARCH_LIMIT).unwrap_or(25));
            rows
        }
    };
    Ok(rows)
}

#[derive(Deserialize)]
struct DetailsRow {
    #[serde(flatten)]
    summary: AccountSummary,
    license_number: Option<String>,
    license_state: Option<String>,
    secondary_email: Option<String>,
    linked_email: Option<String>,
    date_of_birth: Option<String>,
}

/// The account as the help desk sees it; `None` if there is no such account.
pub async fn account(db: &dyn Database, account_id: i64) -> Result<Option<domain::staff::StaffAccountView>, StoreError> {
    let id = || [Value::from(account_id)];
    let details: Vec<DetailsRow> = typed_rows(db, &Statement::new(DETAILS, id())).await?;
    let Some(details) = details.into_iter().next() else { return Ok(None) };
    Ok(Some(domain::staff::StaffAccountView {
        summary: details.summary,
        license_number: details.license_number,
        license_state: details.license_state,
        secondary_email: details.secondary_email,
        linked_email: details.linked_email,
        date_of_birth: details.date_of_birth,
        emails: typed_rows::<SentEmailRecord>(db, &Statement::new(EMAILS, id())).await?,
        open_links: typed_rows::<OpenLink>(db, &Statement::new(OPEN_LINKS, id())).await?,
        events: typed_rows::<TimelineEvent>(db, &Statement::new(EVENTS, id())).await?,
        waiting_recovery: None,
        grants: super::grants::for_staff(db, account_id).await?,
    }))
}

#[derive(Deserialize)]
struct ClaimRow {
    account_type: String,
    registry_number: String,
    examiner_registry_number: Option<String>,
    license_number: Option<String>,
    license_state: Option<String>,
    primary_email: String,
}

/// A staff member and the newest 200 things they did, or None if no such member.
pub async fn activity(db: &dyn Database, staff_id: i64) -> Result<Option<StaffMemberActivity>, StoreError> {
    let members: Vec<ListRow> = typed_rows(db, &Statement::new(MEMBER, [staff_id.into()])).await?;
    let Some(member) = members.into_iter().next() else { return Ok(None) };
    let actor = Actor::Staff(staff_id).code();
    let events = typed_rows::<StaffActivity>(db, &Statement::new(ACTIVITY, [actor.as_ref().into()])).await?;
    Ok(Some(StaffMemberActivity { member: member.parse()?, events }))
}

/// The claim a person of this account would make in Transfer or Create
/// Account, from what is on file: for the help desk's "Run the transfer again".
pub async fn claim_of(db: &dyn Database, account_id: i64) -> Result<Option<TransferClaim>, StoreError> {
    let rows: Vec<ClaimRow> = typed_rows(db, &Statement::new(CLAIM_OF, [account_id.into()])).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let form = TransferForm {
        account_type: row.account_type,
        registry_number: row.examiner_registry_number.unwrap_or_else(|| row.registry_number.clone()),
        license_number: row.license_number.unwrap_or_default(),
        license_state: row.license_state.unwrap_or_default(),
        email: row.primary_email,
    };
    form.parse().map(Some).map_err(|e| StoreError::BadRow(format!("registry_accounts {account_id}: {:?}", e.to_messages())))
}

/// An email sent again, recorded with who and why.
pub fn resend(account_id: i64, staff_id: i64, reason: &Reason, email: &OutgoingEmail) -> Vec<Statement> {
    vec![
        outbox::queue(account_id.into(), email),
        audit::record(Some(account_id), AuditEvent::StaffEmailResent, Actor::Staff(staff_id), Some(reason.as_str())),
    ]
}

/// An action of the help desk whose change is made elsewhere (a transfer run
/// again, a link sent), recorded with who and why.
pub fn action_taken(account_id: i64, staff_id: i64, event: AuditEvent, reason: &Reason) -> Statement {
    audit::record(Some(account_id), event, Actor::Staff(staff_id), Some(reason.as_str()))
}

/// An event of the staff side that is no account's (signing in and out).
pub fn staff_event(staff_id: i64, event: AuditEvent) -> Statement {
    audit::record(None, event, Actor::Staff(staff_id), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_of_a_prefix_holds_every_text_that_starts_with_it_and_nothing_else() {
        let end = past("lop");
        for inside in ["lop", "lopez", "lopez@example.com", "lop\u{ffff}"] {
            assert!(inside >= "lop" && inside < end.as_str(), "{inside}");
        }
        for outside in ["lon", "loq", "lo"] {
            assert!(!(outside >= "lop" && outside < end.as_str()), "{outside}");
        }
    }
}
