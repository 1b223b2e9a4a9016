//! The SQL of single-use links and of the shared-email fix.

use domain::audit::{Actor, AuditEvent};
use domain::email_change::EmailSlot;
use domain::email_fix::REFUSALS_PER_LINK;
use domain::link::{LinkPurpose, StoredLink};
use domain::emails::OutgoingEmail;
use domain::link_token::LinkToken;
use domain::Email;
use serde::Deserialize;

use super::{audit, outbox, typed_rows, Database, Sql, Statement, StoreError, Value};

statements! {
    FIND = "SELECT account_id, purpose, new_email, email_slot, used_at IS NOT NULL AS used, \
         expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS expired FROM account_links WHERE token_hash = ?1";
    OTHER_ACCOUNTS_WITH_EMAIL =
        "SELECT count(*) AS n FROM account_emails WHERE address = lower(?2) AND account_id <> ?1";
    // `used_at IS NULL` makes a second use of the same link change nothing, even in a race.
    pub(super) USE = "UPDATE account_links SET used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE token_hash = ?1 AND used_at IS NULL";
    CREATE = "INSERT INTO account_links (token_hash, account_id, purpose, new_email, email_slot, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+24 hours'))";
    // Each write of a batch that spends a link runs only if the statement before
    // it changed a row (`changes() = 1`), starting from USE: a link spent twice,
    // even in a race, makes no second change and sends no second email.
    CREATE_IF_CHANGED =
        "INSERT INTO account_links (token_hash, account_id, purpose, new_email, email_slot, expires_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+24 hours') WHERE changes() = 1";
    // One more address refused on this fix link; at the limit (?2) the link is spent.
    REFUSED = "UPDATE account_links SET refusals = refusals + 1, \
           used_at = CASE WHEN refusals + 1 >= ?2 THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE used_at END \
         WHERE token_hash = ?1 AND used_at IS NULL";
    // Once an account is migrated, its other fix and confirmation links open nothing.
    SPEND_THE_OTHERS = "UPDATE account_links SET used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE account_id = ?1 AND purpose IN ('duplicate_email_fix', 'confirm_new_email') AND used_at IS NULL";
    CHANGE_PRIMARY_EMAIL_AND_MIGRATE = "UPDATE registry_accounts SET primary_email = ?2, migration_state = 'migrated', \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND migration_state = 'legacy' AND changes() = 1";
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

#[derive(Deserialize)]
struct LinkRow {
    account_id: i64,
    purpose: LinkPurpose,
    new_email: Option<String>,
    email_slot: Option<EmailSlot>,
    used: i64,
    expired: i64,
}

pub async fn find(db: &dyn Database, token: &LinkToken) -> Result<Option<StoredLink>, StoreError> {
    let rows: Vec<LinkRow> = typed_rows(db, &Statement::new(FIND, [token.hash().as_str().into()])).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    Ok(Some(StoredLink {
        account_id: row.account_id,
        purpose: row.purpose,
        new_email: row.new_email,
        email_slot: row.email_slot,
        used: row.used != 0,
        expired: row.expired != 0,
    }))
}

/// Whether an account other than `account_id` has this address, as primary or secondary.
pub async fn taken_by_another(db: &dyn Database, account_id: i64, email: &Email) -> Result<bool, StoreError> {
    let rows: Vec<Count> =
        typed_rows(db, &Statement::new(OTHER_ACCOUNTS_WITH_EMAIL, [account_id.into(), email.as_str().into()])).await?;
    Ok(rows.first().is_some_and(|c| c.n > 0))
}

/// A fix link whose account the person who opened it said is not theirs:
/// spent, and audited (only if it was still usable).
pub fn decline_fix(fix: &LinkToken, account_id: i64) -> Vec<Statement> {
    vec![
        Statement::new(USE, [fix.hash().as_str().into()]),
        audit::record_if_changed(account_id, AuditEvent::FixLinkDeclined, Actor::Transfer, None),
    ]
}

/// One more address refused on this fix link; the last allowed spends it.
pub async fn refused(db: &dyn Database, fix: &LinkToken) -> Result<(), StoreError> {
    let statement = Statement::new(REFUSED, [fix.hash().as_str().into(), REFUSALS_PER_LINK.into()]);
    db.batch(&[statement]).await.map(drop)
}

/// A new single-use link for an account, good for 24 hours; only its token's
/// hash is stored.
pub struct NewLink<'a> {
    pub token: &'a LinkToken,
    pub account_id: i64,
    pub purpose: LinkPurpose,
    /// The address it confirms, if any.
    pub new_email: Option<&'a Email>,
    /// Where that address goes (an email change).
    pub slot: Option<EmailSlot>,
}

impl NewLink<'_> {
    pub fn create(&self) -> Statement {
        self.insert(CREATE)
    }

    /// The same, only if the statement before it in the batch changed a row.
    pub fn create_if_changed(&self) -> Statement {
        self.insert(CREATE_IF_CHANGED)
    }

    fn insert(&self, sql: Sql) -> Statement {
        Statement::new(
            sql,
            [
                self.token.hash().as_str().into(),
                self.account_id.into(),
                self.purpose.code().into(),
                self.new_email.map_or(Value::Null, |e| e.as_str().into()),
                self.slot.map_or(Value::Null, |s| s.code().into()),
            ],
        )
    }
}

/// Spends the account's fix and confirmation links: once it is migrated they open nothing.
pub fn spend_fix_links(account_id: i64) -> Statement {
    Statement::new(SPEND_THE_OTHERS, [account_id.into()])
}

/// The fix link is spent; a confirmation link for the new address is made and mailed to it.
pub fn request_new_email(
    fix: &LinkToken,
    account_id: i64,
    new_email: &Email,
    confirm: &LinkToken,
    email: &OutgoingEmail,
) -> Vec<Statement> {
    vec![
        Statement::new(USE, [fix.hash().as_str().into()]),
        NewLink {
            token: confirm,
            account_id,
            purpose: LinkPurpose::ConfirmNewEmail,
            new_email: Some(new_email),
            slot: None,
        }
        .create_if_changed(),
        outbox::queue_if_changed(account_id.into(), email),
        audit::record_if_changed(account_id, AuditEvent::NewEmailRequested, Actor::EmailFix, None),
    ]
}

/// The confirmation link is spent; the account takes the new address as its
/// primary email, is migrated, and gets "migrated successfully" (the batch
/// returns that email's id: none when another link had migrated it already);
/// the account's other fix and confirmation links are spent.
pub fn confirm_new_email(
    confirm: &LinkToken,
    account_id: i64,
    new_email: &Email,
    email: &OutgoingEmail,
) -> Vec<Statement> {
    vec![
        Statement::new(USE, [confirm.hash().as_str().into()]),
        Statement::new(CHANGE_PRIMARY_EMAIL_AND_MIGRATE, [account_id.into(), new_email.as_str().into()]),
        outbox::queue_if_changed(account_id.into(), email),
        audit::record_if_changed(account_id, AuditEvent::PrimaryEmailChanged, Actor::EmailFix, None),
        audit::record_if_changed(account_id, AuditEvent::TransferMigrated, Actor::EmailFix, None),
        spend_fix_links(account_id),
    ]
}
