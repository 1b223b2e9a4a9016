//! The SQL of Transfer or Create Account.

use domain::audit::{Actor, AuditEvent};
use domain::link::LinkPurpose;
use domain::emails::OutgoingEmail;
use domain::rate_limit::TRANSFER_EMAILS_PER_HOUR;
use domain::link_token::LinkToken;
use domain::transfer::{MatchedAccount, TransferClaim, TransferOutcome};
use domain::{Email, MigrationState};
use serde::Deserialize;

use super::links::NewLink;
use super::{audit, outbox, typed_rows, Database, Statement, StoreError};

/// The account, with how many *other* accounts use its primary email, as primary or secondary.
macro_rules! claimed_account {
    ($where:literal) => {
        concat!(
            "SELECT a.id, a.primary_email, a.migration_state, \
               (SELECT count(DISTINCT o.account_id) FROM account_emails o \
                  WHERE o.address = lower(a.primary_email) AND o.account_id <> a.id) AS sharing \
             FROM registry_accounts a WHERE ",
            $where,
            " ORDER BY a.id LIMIT 1"
        )
    };
}

statements! {
    // The license is matched on its key: "md 483920" finds "MD-483920".
    FIND_EXAMINER = claimed_account!(
        "a.registry_number = ?1 AND a.account_type = 'examiner' AND a.license_key = ?2 AND a.license_state = ?3"
    );
    FIND_WORKS_FOR_EXAMINER = claimed_account!(
        "a.examiner_registry_number = ?1 AND a.account_type = ?2 \
         AND a.id IN (SELECT account_id FROM account_emails WHERE address = lower(?3))"
    );
    MARK_MIGRATED = "UPDATE registry_accounts SET migration_state = 'migrated', \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1 AND migration_state = 'legacy'";
    DECIDED = "SELECT count(*) AS n FROM transfer_claims_decided WHERE message_id = ?1";
    // No ON CONFLICT: a claim decided twice at once fails the second batch whole.
    MARK_DECIDED = "INSERT INTO transfer_claims_decided (message_id) VALUES (?1)";
    FORGET_DECIDED = "DELETE FROM transfer_claims_decided \
         WHERE decided_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-14 days')";
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

/// Whether the claim of this queue message was decided already.
pub async fn decided(db: &dyn Database, message_id: &str) -> Result<bool, StoreError> {
    let rows: Vec<Count> = typed_rows(db, &Statement::new(DECIDED, [message_id.into()])).await?;
    Ok(rows.first().is_some_and(|c| c.n > 0))
}

/// Forgets the decided claims older than any message a queue still keeps.
pub async fn forget_decided(db: &dyn Database) -> Result<(), StoreError> {
    db.batch(&[Statement::new(FORGET_DECIDED, [])]).await.map(drop)
}

#[derive(Deserialize)]
struct ClaimedRow {
    id: i64,
    primary_email: String,
    migration_state: String,
    sharing: u32,
}

/// The account a claim names, with the number of other accounts that use its
/// primary email: one index search for either kind of claim.
pub async fn find_claimed(
    db: &dyn Database,
    claim: &TransferClaim,
) -> Result<Option<(MatchedAccount, u32)>, StoreError> {
    let statement = match claim {
        TransferClaim::Examiner { registry_number, license_number, license_state } => Statement::new(
            FIND_EXAMINER,
            [registry_number.as_str().into(), license_number.key().into(), license_state.code().into()],
        ),
        TransferClaim::WorksForExaminer { account_type, examiner, email } => Statement::new(
            FIND_WORKS_FOR_EXAMINER,
            [examiner.as_str().into(), account_type.code().into(), email.as_str().into()],
        ),
    };
    let Some(row) = typed_rows::<ClaimedRow>(db, &statement).await?.into_iter().next() else {
        return Ok(None);
    };
    let bad = |e: &dyn std::fmt::Display| StoreError::BadRow(format!("registry_accounts {}: {e}", row.id));
    let account = MatchedAccount {
        id: row.id,
        primary_email: Email::parse(&row.primary_email).map_err(|e| bad(&e))?,
        migration_state: MigrationState::parse(&row.migration_state).map_err(|e| bad(&e))?,
    };
    Ok(Some((account, row.sharing)))
}

/// The writes of one transfer, to run as one batch: the claim's queue message
/// marked decided, the state change, the email in the outbox, the fix link's
/// hash and the audit event. A migration that another claim made meanwhile
/// changes nothing and sends nothing.
pub fn record(
    message_id: &str,
    outcome: &TransferOutcome,
    email: Option<&OutgoingEmail>,
    fix_link: Option<&LinkToken>,
) -> Vec<Statement> {
    let (account_id, event) = match outcome {
        TransferOutcome::NoMatch => (None, AuditEvent::TransferNoMatch),
        TransferOutcome::Migrate(a) => (Some(a.id), AuditEvent::TransferMigrated),
        TransferOutcome::DuplicateEmail(a) => (Some(a.id), AuditEvent::TransferDuplicateEmail),
        TransferOutcome::AlreadyMigrated(a) => (Some(a.id), AuditEvent::TransferAlreadyMigrated),
        TransferOutcome::AlreadyLinked(a) => (Some(a.id), AuditEvent::TransferAlreadyLinked),
    };
    let mut statements = vec![Statement::new(MARK_DECIDED, [message_id.into()])];
    match (outcome, account_id) {
        (TransferOutcome::Migrate(_), Some(account_id)) => {
            statements.push(Statement::new(MARK_MIGRATED, [account_id.into()]));
            if let Some(email) = email {
                statements.push(outbox::queue_if_changed(account_id.into(), email));
            }
            statements.push(audit::record_if_changed(account_id, event, Actor::Transfer, None));
        }
        // A claim anyone can make again and again: its email (and the fix link
        // in it) only while the account got few this hour.
        (_, Some(account_id)) => {
            if let Some(email) = email {
                statements.push(outbox::queue_unless_many_this_hour(account_id, email, TRANSFER_EMAILS_PER_HOUR));
                if let Some(link) = fix_link {
                    let fix = NewLink {
                        token: link,
                        account_id,
                        purpose: LinkPurpose::DuplicateEmailFix,
                        new_email: None,
                        slot: None,
                    };
                    statements.push(fix.create_if_changed());
                }
            }
            statements.push(audit::record(Some(account_id), event, Actor::Transfer, None));
        }
        (_, None) => statements.push(audit::record(None, event, Actor::Transfer, None)),
    }
    statements
}
