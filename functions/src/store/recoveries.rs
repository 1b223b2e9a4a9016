//! The SQL of two-person recoveries (migrations 0015, 0016): a help-desk
//! unlink, new primary address or corrected name on file is asked by one staff member — the account's addresses
//! told in the same batch — and carried out only when another approves it.
//! Every write of a decision runs only if the decision itself changed a row:
//! a request decided twice, even in a race, is carried out once.

use domain::audit::{Actor, AuditEvent};
use domain::emails::OutgoingEmail;
use domain::link_token::LinkToken;
use domain::identity::{correction_words, CorrectedIdentity, OnFile};
use domain::staff::{ActionChange, Reason, Recovery, WaitingRecovery};
use domain::Email;
use serde::Deserialize;

use super::{audit, email_changes, outbox, typed_rows, Database, Statement, StoreError, Value};

statements! {
    // The unique index on waiting requests keeps one per account: a second one changes nothing.
    REQUEST = "INSERT INTO recovery_requests (account_id, recovery, new_email, new_first_name, new_last_name, \
         new_date_of_birth, reason, requested_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (account_id) WHERE decided_at IS NULL DO NOTHING RETURNING id AS recovery_id";
    WAITING = "SELECT r.id, r.recovery, r.new_email, r.new_first_name, r.new_last_name, r.new_date_of_birth, \
         r.reason, r.requested_by, r.requested_at, \
         coalesce(s.email, 'a former staff member') AS requested_by_email \
         FROM recovery_requests r LEFT JOIN staff_members s ON s.id = r.requested_by \
         WHERE r.account_id = ?1 AND r.decided_at IS NULL";
    // The request the staff member read (?4), still waiting for the account;
    // never by the one who asked (the table's CHECK holds it too).
    DECIDE = "UPDATE recovery_requests SET decided_by = ?2, approved = ?3, \
         decided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?4 AND account_id = ?1 AND decided_at IS NULL AND requested_by <> ?2 RETURNING id AS recovery_id";
    // Only a linked account, only after its approval changed a row; it is
    // migrated again, and its next link verifies the person (migration 0014).
    UNLINK_IF_APPROVED = "UPDATE registry_accounts SET migration_state = 'migrated', login_gov_subject = NULL, \
         linked_email = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND migration_state = 'linked' AND changes() = 1";
    // Only after its approval changed a row; no date of birth keeps the one on file.
    CORRECT_IDENTITY_IF_APPROVED = "UPDATE registry_accounts SET first_name = ?2, last_name = ?3, \
         date_of_birth = coalesce(?4, date_of_birth), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND changes() = 1";
}

/// A waiting request, and the id of the staff member who asked.
pub struct Waiting {
    pub requested_by: i64,
    pub shown: WaitingRecovery,
}

#[derive(Deserialize)]
struct WaitingRow {
    id: i64,
    recovery: String,
    new_email: Option<String>,
    new_first_name: Option<String>,
    new_last_name: Option<String>,
    new_date_of_birth: Option<String>,
    reason: String,
    requested_by: i64,
    requested_at: String,
    requested_by_email: String,
}

/// The request waiting for the account, if any, as `reader` (a staff id) sees it.
pub async fn waiting(db: &dyn Database, account_id: i64, reader: i64) -> Result<Option<Waiting>, StoreError> {
    let rows: Vec<WaitingRow> = typed_rows(db, &Statement::new(WAITING, [account_id.into()])).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let recovery = Recovery::parse(&row.recovery)
        .ok_or_else(|| StoreError::BadRow(format!("recovery_requests of {account_id}: {}", row.recovery)))?;
    Ok(Some(Waiting {
        requested_by: row.requested_by,
        shown: WaitingRecovery {
            request_id: row.id,
            recovery,
            new_email: row.new_email,
            corrected: row.new_first_name.zip(row.new_last_name).map(|(first_name, last_name)| CorrectedIdentity {
                first_name,
                last_name,
                date_of_birth: row.new_date_of_birth,
            }),
            reason: row.reason,
            requested_by: row.requested_by_email,
            requested_at: row.requested_at,
            yours: row.requested_by == reader,
        },
    }))
}

/// Asks for a recovery, with what it would change (a new address, a
/// corrected name); the account's addresses are told, and it is audited as
/// the staff member's — only if no other request was waiting.
pub fn request(
    account_id: i64,
    recovery: Recovery,
    change: &ActionChange,
    reason: &Reason,
    staff_id: i64,
    notices: &[OutgoingEmail],
) -> Vec<Statement> {
    let text = |value: Option<&str>| value.map_or(Value::Null, Value::from);
    let (new_email, corrected) = match change {
        ActionChange::PrimaryEmail(email) => (Some(email.as_str()), None),
        ActionChange::Identity(corrected) => (None, Some(corrected)),
        ActionChange::Nothing => (None, None),
    };
    let mut statements = vec![Statement::new(
        REQUEST,
        [
            account_id.into(),
            recovery.code().into(),
            text(new_email),
            text(corrected.map(|c| c.first_name.as_str())),
            text(corrected.map(|c| c.last_name.as_str())),
            text(corrected.and_then(|c| c.date_of_birth.as_deref())),
            reason.as_str().into(),
            staff_id.into(),
        ],
    )];
    statements.extend(notices.iter().map(|notice| outbox::queue_if_changed(account_id.into(), notice)));
    let detail = format!("{}: {}", recovery.words(), reason.as_str());
    statements.push(audit::record_if_changed(
        account_id,
        AuditEvent::StaffRecoveryRequested,
        Actor::Staff(staff_id),
        Some(&detail),
    ));
    statements
}

/// Which request is decided, and by whom.
#[derive(Debug, Clone, Copy)]
pub struct Decision {
    pub account_id: i64,
    pub request_id: i64,
    pub staff_id: i64,
}

impl Decision {
    fn statement(self, approved: bool) -> Statement {
        let params = [self.account_id.into(), self.staff_id.into(), i64::from(approved).into(), self.request_id.into()];
        Statement::new(DECIDE, params)
    }
}

/// The waiting unlink approved and carried out, audited as the approver's.
pub fn approve_unlink(decision: Decision, reason: &Reason) -> Vec<Statement> {
    let Decision { account_id, staff_id, .. } = decision;
    vec![
        decision.statement(true),
        Statement::new(UNLINK_IF_APPROVED, [account_id.into()]),
        audit::record_if_changed(account_id, AuditEvent::StaffUnlinked, Actor::Staff(staff_id), Some(reason.as_str())),
    ]
}

/// The waiting new primary email approved: its confirmation link goes to it,
/// audited as the approver's.
pub fn approve_primary_email(
    decision: Decision,
    reason: &Reason,
    new_email: &Email,
    link: &LinkToken,
    confirmation: &OutgoingEmail,
) -> Vec<Statement> {
    let by = (AuditEvent::StaffPrimaryEmailRequested, Actor::Staff(decision.staff_id), reason.as_str());
    email_changes::request_after(decision.statement(true), decision.account_id, new_email, link, confirmation, by)
}

/// The waiting correction of the name (or date of birth) on file approved and
/// made, audited as the approver's with what it was and what it is now.
pub fn approve_identity(
    decision: Decision,
    reason: &Reason,
    on_file: &OnFile<'_>,
    corrected: &CorrectedIdentity,
) -> Vec<Statement> {
    let Decision { account_id, staff_id, .. } = decision;
    let detail = format!("{}: {}", correction_words(on_file, corrected), reason.as_str());
    let CorrectedIdentity { first_name, last_name, date_of_birth } = corrected;
    vec![
        decision.statement(true),
        Statement::new(
            CORRECT_IDENTITY_IF_APPROVED,
            [
                account_id.into(),
                first_name.as_str().into(),
                last_name.as_str().into(),
                date_of_birth.as_deref().map_or(Value::Null, Value::from),
            ],
        ),
        audit::record_if_changed(account_id, AuditEvent::StaffIdentityCorrected, Actor::Staff(staff_id), Some(&detail)),
    ]
}

/// The waiting request turned down, audited as the staff member's.
pub fn reject(decision: Decision, reason: &Reason) -> Vec<Statement> {
    let Decision { account_id, staff_id, .. } = decision;
    vec![
        decision.statement(false),
        audit::record_if_changed(
            account_id,
            AuditEvent::StaffRecoveryRejected,
            Actor::Staff(staff_id),
            Some(reason.as_str()),
        ),
    ]
}

/// Whether the batch's first statement (a request or a decision) changed a row.
pub fn took_effect(batch_results: &[Vec<serde_json::Value>]) -> bool {
    batch_results.first().is_some_and(|rows| !rows.is_empty())
}
