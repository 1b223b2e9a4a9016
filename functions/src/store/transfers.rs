//! The SQL of Transfer or Create Account.

use domain::emails::OutgoingEmail;
use domain::link_token::LinkToken;
use domain::transfer::{MatchedAccount, TransferClaim, TransferOutcome};
use domain::{Email, MigrationState};
use serde::Deserialize;

use super::{outbox, typed_rows, Database, Statement, StoreError, Value};

/// How many *other* accounts use this account's primary email, as primary or secondary.
macro_rules! claimed_account {
    ($where:literal) => {
        concat!(
            "SELECT a.id, a.primary_email, a.migration_state, \
               (SELECT count(*) FROM registry_accounts o WHERE o.id <> a.id \
                  AND (lower(o.primary_email) = lower(a.primary_email) \
                       OR lower(o.secondary_email) = lower(a.primary_email))) AS sharing \
             FROM registry_accounts a WHERE ",
            $where,
            " ORDER BY a.id LIMIT 1"
        )
    };
}

const FIND_EXAMINER: &str = claimed_account!(
    "a.registry_number = ?1 AND a.account_type = 'examiner' AND a.license_number = ?2 AND a.license_state = ?3"
);
const FIND_WORKS_FOR_EXAMINER: &str = claimed_account!(
    "a.examiner_registry_number = ?1 AND a.account_type = ?2 \
     AND (lower(a.primary_email) = lower(?3) OR lower(a.secondary_email) = lower(?3))"
);

const MARK_MIGRATED: &str = "UPDATE registry_accounts SET migration_state = 'migrated', \
     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1 AND migration_state = 'legacy'";
const CREATE_FIX_LINK: &str = "INSERT INTO account_links (token_hash, account_id, purpose, expires_at) \
     VALUES (?1, ?2, 'duplicate_email_fix', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+24 hours'))";
const AUDIT: &str = "INSERT INTO audit_events (account_id, event, actor) VALUES (?1, ?2, 'transfer')";

#[derive(Deserialize)]
struct ClaimedRow {
    id: i64,
    primary_email: String,
    migration_state: String,
    sharing: u32,
}

/// The account a claim names, with the number of other accounts that use its
/// primary email. Both kinds of claim cost one query, found or not.
pub async fn find_claimed(
    db: &dyn Database,
    claim: &TransferClaim,
) -> Result<Option<(MatchedAccount, u32)>, StoreError> {
    let statement = match claim {
        TransferClaim::Examiner { registry_number, license_number, license_state } => Statement::new(
            FIND_EXAMINER,
            [registry_number.as_str().into(), license_number.as_str().into(), license_state.code().into()],
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

/// The writes of one transfer, to run as one batch: the state change, the
/// email in the outbox, the fix link's hash and the audit event.
pub fn record(
    outcome: &TransferOutcome,
    email: Option<&OutgoingEmail>,
    fix_link: Option<&LinkToken>,
) -> Vec<Statement> {
    let (account, event) = match outcome {
        TransferOutcome::NoMatch => (None, "transfer_no_match"),
        TransferOutcome::Migrate(a) => (Some(a), "transfer_migrated"),
        TransferOutcome::DuplicateEmail(a) => (Some(a), "transfer_duplicate_email"),
        TransferOutcome::AlreadyMigrated(a) => (Some(a), "transfer_already_migrated"),
    };
    let account_id = account.map_or(Value::Null, |a| a.id.into());
    let mut statements = Vec::new();
    if matches!(outcome, TransferOutcome::Migrate(_)) {
        statements.push(Statement::new(MARK_MIGRATED, [account_id.clone()]));
    }
    if let Some(link) = fix_link {
        statements.push(Statement::new(CREATE_FIX_LINK, [link.hash().as_str().into(), account_id.clone()]));
    }
    if let Some(email) = email {
        statements.push(outbox::queue(account_id.clone(), email));
    }
    statements.push(Statement::new(AUDIT, [account_id, event.into()]));
    statements
}
