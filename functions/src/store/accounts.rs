//! The SQL of signing in: finding the account of a login.gov identity,
//! linking it, what My account shows, and the audit of sign-ins.

use domain::account::{Certification, MyAccount};
use domain::session::Examiner;
use domain::audit::{Actor, AuditEvent};
use domain::emails::OutgoingEmail;
use domain::sign_in::EmailMatch;
use domain::{AccountType, Email, MigrationState, UsState};
use serde::Deserialize;

use super::{audit, links, outbox, typed_rows, Database, Statement, StoreError};

statements! {
    LINKED_TO = "SELECT id FROM registry_accounts WHERE login_gov_subject = ?1";
    // A session holds while the account is linked to the identity that signed in, and its generation is the same.
    SESSION_HOLDS = "SELECT id FROM registry_accounts \
         WHERE id = ?1 AND login_gov_subject = ?2 AND session_generation = ?3";
    SESSION_GENERATION = "SELECT session_generation AS generation FROM registry_accounts WHERE id = ?1";
    END_SESSIONS = "UPDATE registry_accounts SET session_generation = session_generation + 1 WHERE id = ?1";
    // ?1 is a JSON array of the person's login.gov emails, compared in lower
    // case; per account, whether its primary matched ('primary' < 'secondary'),
    // whether a matched address was ever shared, and whether its addresses were
    // given or it was recovered without its owner's login.gov account (0014).
    WITH_EMAILS = "SELECT a.id, a.migration_state, min(e.slot) = 'primary' AS by_primary, \
         max(s.address IS NOT NULL) AS once_shared, a.verify_identity_to_link AS addresses_unproven \
         FROM account_emails e JOIN registry_accounts a ON a.id = e.account_id \
         LEFT JOIN shared_addresses s ON s.address = e.address \
         WHERE e.address IN (SELECT lower(value) FROM json_each(?1)) GROUP BY a.id ORDER BY a.id";
    TO_CONFIRM = "SELECT first_name, last_name, registry_number, date_of_birth FROM registry_accounts WHERE id = ?1";
    ACCOUNT = "SELECT first_name, last_name, registry_number, account_type, license_number, license_state, \
         primary_email, secondary_email, certification_expires FROM registry_accounts WHERE id = ?1";
    EMAILS = "SELECT primary_email, secondary_email FROM registry_accounts WHERE id = ?1";
    // An account never transferred, linked at Log in, is migrated first in the
    // same batch: the funnel's triggers and the audit see both steps.
    MIGRATE_AT_LOG_IN = "UPDATE registry_accounts SET migration_state = 'migrated', \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND migration_state = 'legacy' AND login_gov_subject IS NULL";
    // Only a migrated account that no identity holds yet; the UNIQUE index on
    // login_gov_subject keeps an identity to one account, even in a race. Not
    // an account whose addresses came to prove nothing since the question was
    // asked, unless login.gov verified the person (?4).
    LINK = "UPDATE registry_accounts SET migration_state = 'linked', login_gov_subject = ?2, linked_email = ?3, \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND migration_state = 'migrated' AND login_gov_subject IS NULL \
         AND (?4 = 1 OR verify_identity_to_link = 0)";
}

#[derive(Deserialize)]
struct Id {
    id: i64,
}

#[derive(Deserialize)]
struct MatchRow {
    id: i64,
    migration_state: String,
    by_primary: i64,
    once_shared: i64,
    addresses_unproven: i64,
}

#[derive(Deserialize)]
struct AccountRow {
    first_name: String,
    last_name: String,
    registry_number: String,
    account_type: String,
    license_number: Option<String>,
    license_state: Option<String>,
    primary_email: String,
    secondary_email: Option<String>,
    certification_expires: Option<String>,
}

/// The account already linked to this login.gov identity.
pub async fn linked_to(db: &dyn Database, subject: &str) -> Result<Option<i64>, StoreError> {
    let rows: Vec<Id> = typed_rows(db, &Statement::new(LINKED_TO, [subject.into()])).await?;
    Ok(rows.first().map(|row| row.id))
}

/// Whether an examiner's session still holds: the account is still linked to
/// the identity that signed in, and none of its sessions were ended since.
pub async fn session_holds(db: &dyn Database, examiner: &Examiner) -> Result<bool, StoreError> {
    let params = [examiner.account_id.into(), examiner.subject.as_str().into(), examiner.generation.into()];
    let rows: Vec<Id> = typed_rows(db, &Statement::new(SESSION_HOLDS, params)).await?;
    Ok(!rows.is_empty())
}

/// The account's session generation now, which a new session begins under.
pub async fn session_generation(db: &dyn Database, account_id: i64) -> Result<i64, StoreError> {
    #[derive(Deserialize)]
    struct Generation {
        generation: i64,
    }
    let rows: Vec<Generation> = typed_rows(db, &Statement::new(SESSION_GENERATION, [account_id.into()])).await?;
    Ok(rows.first().map_or(0, |row| row.generation))
}

/// Every session of the account ends (their generation is behind).
pub fn end_sessions(account_id: i64) -> Statement {
    Statement::new(END_SESSIONS, [account_id.into()])
}

/// The accounts whose primary or secondary email is one of `emails`.
pub async fn with_emails(db: &dyn Database, emails: &[Email]) -> Result<Vec<EmailMatch>, StoreError> {
    let list: Vec<String> = emails.iter().map(Email::canonical).collect();
    let json = serde_json::to_string(&list).map_err(|e| StoreError::BadRow(e.to_string()))?;
    let rows: Vec<MatchRow> = typed_rows(db, &Statement::new(WITH_EMAILS, [json.as_str().into()])).await?;
    rows.into_iter()
        .map(|row| {
            let migration_state = MigrationState::parse(&row.migration_state)
                .map_err(|e| StoreError::BadRow(format!("registry_accounts {}: {e}", row.id)))?;
            Ok(EmailMatch {
                account_id: row.id,
                migration_state,
                by_primary: row.by_primary == 1,
                once_shared: row.once_shared == 1,
                addresses_unproven: row.addresses_unproven == 1,
            })
        })
        .collect()
}

/// What a first sign-in's confirmation shows of the account, and what a
/// verified identity is checked against.
#[derive(Debug, Deserialize)]
pub struct ToConfirm {
    pub first_name: String,
    pub last_name: String,
    pub registry_number: String,
    pub date_of_birth: Option<String>,
}

pub async fn to_confirm(db: &dyn Database, account_id: i64) -> Result<Option<ToConfirm>, StoreError> {
    let rows: Vec<ToConfirm> = typed_rows(db, &Statement::new(TO_CONFIRM, [account_id.into()])).await?;
    Ok(rows.into_iter().next())
}

#[derive(Deserialize)]
struct EmailsRow {
    primary_email: String,
    secondary_email: Option<String>,
}

/// The account's primary and secondary email.
pub async fn emails_of(db: &dyn Database, account_id: i64) -> Result<Option<(Email, Option<Email>)>, StoreError> {
    let rows: Vec<EmailsRow> = typed_rows(db, &Statement::new(EMAILS, [account_id.into()])).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let bad = |e: &dyn std::fmt::Display| StoreError::BadRow(format!("registry_accounts {account_id}: {e}"));
    let primary = Email::parse(&row.primary_email).map_err(|e| bad(&e))?;
    let secondary = row.secondary_email.as_deref().map(Email::parse).transpose().map_err(|e| bad(&e))?;
    Ok(Some((primary, secondary)))
}

/// My account as of `today` (`YYYY-MM-DD`); the login.gov email comes from the session.
pub async fn my_account(
    db: &dyn Database,
    account_id: i64,
    today: &str,
    login_gov_email: &str,
) -> Result<Option<MyAccount>, StoreError> {
    let rows: Vec<AccountRow> = typed_rows(db, &Statement::new(ACCOUNT, [account_id.into()])).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let bad = |e: &dyn std::fmt::Display| StoreError::BadRow(format!("registry_accounts {account_id}: {e}"));
    let account_type = AccountType::parse(&row.account_type).map_err(|e| bad(&e))?;
    let license_state = row.license_state.as_deref().map(UsState::parse).transpose().map_err(|e| bad(&e))?;
    Ok(Some(MyAccount {
        first_name: row.first_name,
        last_name: row.last_name,
        registry_number: row.registry_number,
        account_type: account_type.label().to_owned(),
        license_number: row.license_number,
        license_state: license_state.map(|s| s.name().to_owned()),
        primary_email: row.primary_email,
        secondary_email: row.secondary_email,
        certification: Certification::as_of(row.certification_expires.as_deref(), today),
        login_gov_email: login_gov_email.to_owned(),
    }))
}

/// Links the account to the identity, tells its primary email, and records it:
/// the email and the audit only if the link changed a row. An account not transferred
/// yet is migrated on the way (audited as migrated by the sign-in), and its
/// shared-email fix links, if any, are spent: its own address proved enough, or
/// login.gov verified the person (`verified`, audited too).
pub fn link(
    account_id: i64,
    subject: &str,
    login_gov_email: &str,
    email: &OutgoingEmail,
    verified: bool,
) -> Vec<Statement> {
    let mut statements = vec![
        Statement::new(MIGRATE_AT_LOG_IN, [account_id.into()]),
        audit::record_if_changed(account_id, AuditEvent::TransferMigrated, Actor::SignIn, None),
        // Unconditional, and may change several rows: no `_if_changed` statement may follow it.
        links::spend_fix_links(account_id),
        Statement::new(LINK, [account_id.into(), subject.into(), login_gov_email.into(), i64::from(verified).into()]),
        outbox::queue_if_changed(account_id.into(), email),
        audit::record_if_changed(account_id, AuditEvent::LoginGovLinked, Actor::SignIn, None),
    ];
    if verified {
        statements.push(audit::record_if_changed(account_id, AuditEvent::IdentityVerified, Actor::SignIn, None));
    }
    statements
}
