//! The SQL of reminder campaigns (`domain::campaign`): composing, the
//! staff's changes, the cron's paced batches (each recipient once, on the
//! key of `campaign_recipients`), and the visits by a reminder's link. The
//! counters a page reads are the campaign's own columns: nothing here counts
//! a campaign's recipients.

use domain::audit::{Actor, AuditEvent};
use domain::campaign::{
    Audience, CampaignChange, CampaignEffect, CampaignProgress, CampaignStage, CampaignState, CampaignView, LinkVisit,
    NewCampaign,
};
use domain::emails::Unaddressed;
use domain::{AccountType, UsState};
use serde::Deserialize;

use super::{audit, typed_rows, Database, Statement, StoreError, Value};

/// The campaigns a condition picks, as [`CampaignRow`] reads them.
macro_rules! campaigns {
    ($where:literal) => {
        concat!(
            "SELECT c.id, c.name, c.account_type, c.license_state, c.stage, c.note, c.state, c.starts_at, \
               m.email AS composed_by, a.email AS approved_by, c.created_at, c.approved_at, c.finished_at, \
               c.audience, c.queued, c.sent, c.failed, c.skipped, c.transferred_1d, c.transferred_7d, \
               c.transferred_30d, c.linked_1d, c.linked_7d, c.linked_30d, c.arrivals, c.composed_by AS composer_id \
             FROM campaigns c JOIN staff_members m ON m.id = c.composed_by \
             LEFT JOIN staff_members a ON a.id = c.approved_by ",
            $where
        )
    };
}

statements! {
    COMPOSE = "INSERT INTO campaigns (name, account_type, license_state, stage, note, starts_at, composed_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?7)";
    // The campaign just composed, audited as its author's.
    AUDIT_COMPOSED = "INSERT INTO audit_events (account_id, event, actor, detail) \
         SELECT NULL, ?1, ?2, 'campaign ' || id || ': ' || name FROM campaigns WHERE id = last_insert_rowid()";
    // The comparison's: the campaigns of the last 400 days, newest first.
    NEWEST = campaigns!("WHERE c.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-400 days') \
         ORDER BY c.created_at DESC LIMIT ?1");
    ONE = campaigns!("WHERE c.id = ?1");
    // funnel_counts is small and bounded: read whole, as the funnel's cron does.
    AUDIENCE_SIZE = "SELECT coalesce(sum(accounts), 0) AS accounts FROM funnel_counts \
         WHERE account_type = ?1 AND stage = ?2 AND (?3 IS NULL OR license_state = ?3)";
    // Approved by an administrator who did not compose it, from a draft; the
    // audience's size as it is now kept with it.
    APPROVE = "UPDATE campaigns SET state = 'approved', approved_by = ?2, \
           approved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), audience = ?3 \
         WHERE id = ?1 AND state = 'draft' AND composed_by <> ?2 RETURNING id AS changed_campaign";
    // Paused, resumed, cancelled: only from the state it was read in.
    CHANGE = "UPDATE campaigns SET state = ?2, \
           finished_at = CASE WHEN ?2 = 'cancelled' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END \
         WHERE id = ?1 AND state = ?3 RETURNING id AS changed_campaign";
    // The cron's: campaigns sending and started (a few), with their pace's inputs.
    SENDING = "SELECT id, account_type, license_state, stage, note, last_account, \
           CAST((julianday('now') - julianday(batched_at)) * 86400 AS INTEGER) AS seconds, \
           queued - sent - failed - skipped AS in_flight \
         FROM campaigns WHERE state = 'approved' AND starts_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         ORDER BY starts_at LIMIT 10";
    // The audience after the last account batched, in id order: every State
    // (on registry_accounts_campaign), or one (on registry_accounts_outreach).
    // ?3: 1 for the accounts waiting on a new address, 0 for the others not transferred.
    NEXT_OF_EVERY_STATE = "SELECT id, primary_email FROM registry_accounts \
         WHERE account_type = ?1 AND migration_state = ?2 AND (?2 <> 'legacy' OR awaiting_fix = ?3) AND id > ?4 \
         ORDER BY id LIMIT ?5";
    NEXT_OF_ONE_STATE = "SELECT id, primary_email FROM registry_accounts \
         WHERE account_type = ?1 AND migration_state = ?2 AND license_state = ?6 \
           AND (?2 <> 'legacy' OR awaiting_fix = ?3) AND id > ?4 \
         ORDER BY id LIMIT ?5";
    // A batch (?6: a JSON array of [account id, address]), while the campaign
    // is sending: the emails of the accounts it never wrote to, then those
    // accounts recorded, then the campaign moved past them.
    QUEUE_REMINDERS = "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, campaign_id) \
         SELECT json_extract(value, '$[0]'), ?2, json_extract(value, '$[1]'), ?3, ?4, ?5, ?1 FROM json_each(?6) \
         WHERE (SELECT state FROM campaigns WHERE id = ?1) = 'approved' \
           AND NOT EXISTS (SELECT 1 FROM campaign_recipients r \
                           WHERE r.campaign_id = ?1 AND r.account_id = json_extract(json_each.value, '$[0]')) \
         RETURNING id AS outbox_id";
    RECORD_RECIPIENTS = "INSERT INTO campaign_recipients (campaign_id, account_id) \
         SELECT ?1, json_extract(value, '$[0]') FROM json_each(?2) \
         WHERE (SELECT state FROM campaigns WHERE id = ?1) = 'approved' \
         ON CONFLICT DO NOTHING";
    ADVANCE = "UPDATE campaigns SET last_account = ?2, queued = queued + changes(), \
           batched_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND state = 'approved' AND last_account < ?2";
    // Nothing of the audience is left after the last account batched.
    FINISH = "UPDATE campaigns SET state = 'done', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND state = 'approved' AND last_account = ?2";
    // A visit by a reminder's link: counted (a person's), and where its button leads.
    ARRIVAL = "UPDATE campaigns SET arrivals = arrivals + 1 \
         WHERE id = ?1 AND state IN ('approved', 'paused', 'done') RETURNING stage";
    LANDING = "SELECT stage FROM campaigns WHERE id = ?1 AND state IN ('approved', 'paused', 'done')";
}

#[derive(Deserialize)]
struct CampaignRow {
    id: i64,
    name: String,
    account_type: String,
    license_state: Option<String>,
    stage: String,
    note: String,
    state: String,
    starts_at: String,
    composed_by: String,
    approved_by: Option<String>,
    created_at: String,
    approved_at: Option<String>,
    finished_at: Option<String>,
    audience: i64,
    queued: i64,
    sent: i64,
    failed: i64,
    skipped: i64,
    transferred_1d: i64,
    transferred_7d: i64,
    transferred_30d: i64,
    linked_1d: i64,
    linked_7d: i64,
    linked_30d: i64,
    arrivals: i64,
    composer_id: i64,
}

fn bad(what: &str, code: &str) -> StoreError {
    StoreError::BadRow(format!("campaigns: {what} {code:?}"))
}

fn audience(account_type: &str, license_state: Option<&str>, stage: &str) -> Result<Audience, StoreError> {
    Ok(Audience {
        account_type: AccountType::parse(account_type).map_err(|_| bad("account type", account_type))?,
        state: license_state.map(|s| UsState::parse(s).map_err(|_| bad("State", s))).transpose()?,
        stage: CampaignStage::parse(stage).ok_or_else(|| bad("stage", stage))?,
    })
}

impl CampaignRow {
    fn into_view(self) -> Result<(CampaignView, i64), StoreError> {
        let view = CampaignView {
            id: self.id,
            audience: audience(&self.account_type, self.license_state.as_deref(), &self.stage)?,
            state: CampaignState::parse(&self.state).ok_or_else(|| bad("state", &self.state))?,
            name: self.name,
            note: self.note,
            starts_at: self.starts_at,
            composed_by: self.composed_by,
            approved_by: self.approved_by,
            created_at: self.created_at,
            approved_at: self.approved_at,
            finished_at: self.finished_at,
            audience_size: self.audience,
            progress: CampaignProgress { queued: self.queued, sent: self.sent, failed: self.failed, skipped: self.skipped },
            effect: CampaignEffect {
                transferred: [self.transferred_1d, self.transferred_7d, self.transferred_30d],
                linked: [self.linked_1d, self.linked_7d, self.linked_30d],
                arrivals: self.arrivals,
            },
        };
        Ok((view, self.composer_id))
    }
}

/// A new draft, audited as its author's (`staff_id`).
pub fn compose(campaign: &NewCampaign, staff_id: i64) -> Vec<Statement> {
    let audience = &campaign.audience;
    vec![
        Statement::new(
            COMPOSE,
            [
                campaign.name.as_str().into(),
                audience.account_type.code().into(),
                audience.state.map_or(Value::Null, |s| s.code().into()),
                audience.stage.code().into(),
                campaign.note.as_str().into(),
                campaign.starts_at.as_deref().map_or(Value::Null, Value::from),
                staff_id.into(),
            ],
        ),
        Statement::new(
            AUDIT_COMPOSED,
            [AuditEvent::CampaignComposed.code().into(), Value::Text(Actor::Staff(staff_id).code().into_owned())],
        ),
    ]
}

/// The campaigns of the last 400 days (at most `limit`), newest first.
pub async fn newest(db: &dyn Database, limit: i64) -> Result<Vec<CampaignView>, StoreError> {
    let rows: Vec<CampaignRow> = typed_rows(db, &Statement::new(NEWEST, [limit.into()])).await?;
    rows.into_iter().map(|row| row.into_view().map(|(view, _)| view)).collect()
}

/// One campaign, and the id of the staff member who composed it.
pub async fn one(db: &dyn Database, id: i64) -> Result<Option<(CampaignView, i64)>, StoreError> {
    let rows: Vec<CampaignRow> = typed_rows(db, &Statement::new(ONE, [id.into()])).await?;
    rows.into_iter().next().map(CampaignRow::into_view).transpose()
}

#[derive(Deserialize)]
struct Size {
    accounts: i64,
}

/// How many accounts are in the audience now (the funnel's counts, kept by triggers).
pub async fn audience_size(db: &dyn Database, audience: &Audience) -> Result<i64, StoreError> {
    let params = [
        audience.account_type.code().into(),
        audience.stage.code().into(),
        audience.state.map_or(Value::Null, |s| s.code().into()),
    ];
    let rows: Vec<Size> = typed_rows(db, &Statement::new(AUDIENCE_SIZE, params)).await?;
    Ok(rows.first().map_or(0, |row| row.accounts))
}

/// The approval, audited as the approver's if it was made (a draft, not theirs).
pub fn approve(id: i64, staff_id: i64, audience: i64) -> Vec<Statement> {
    vec![
        Statement::new(APPROVE, [id.into(), staff_id.into(), audience.into()]),
        audit::record_if_changed(
            None,
            CampaignChange::Approve.event(),
            Actor::Staff(staff_id),
            Some(&campaign(id)),
        ),
    ]
}

/// Paused, resumed or cancelled from `from`, audited as `staff_id`'s if made.
pub fn change(id: i64, from: CampaignState, to: CampaignState, event: AuditEvent, staff_id: i64) -> Vec<Statement> {
    vec![
        Statement::new(CHANGE, [id.into(), to.code().into(), from.code().into()]),
        audit::record_if_changed(None, event, Actor::Staff(staff_id), Some(&campaign(id))),
    ]
}

/// Whether [`approve`]'s or [`change`]'s batch made its change (a change
/// another member made first leaves it unmade).
pub fn changed(batch_results: &[Vec<serde_json::Value>]) -> bool {
    batch_results.first().is_some_and(|rows| !rows.is_empty())
}

fn campaign(id: i64) -> String {
    format!("campaign {id}")
}

/// A campaign sending, as the cron reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sending {
    pub id: i64,
    pub audience: Audience,
    pub note: String,
    pub last_account: i64,
    /// Since its last batch; none before its first.
    pub seconds: Option<i64>,
    /// Written into the outbox and not settled yet.
    pub in_flight: i64,
}

#[derive(Deserialize)]
struct SendingRow {
    id: i64,
    account_type: String,
    license_state: Option<String>,
    stage: String,
    note: String,
    last_account: i64,
    seconds: Option<i64>,
    in_flight: i64,
}

/// The campaigns sending now.
pub async fn sending(db: &dyn Database) -> Result<Vec<Sending>, StoreError> {
    let rows: Vec<SendingRow> = typed_rows(db, &Statement::new(SENDING, [])).await?;
    rows.into_iter()
        .map(|row| {
            Ok(Sending {
                audience: audience(&row.account_type, row.license_state.as_deref(), &row.stage)?,
                id: row.id,
                note: row.note,
                last_account: row.last_account,
                seconds: row.seconds,
                in_flight: row.in_flight,
            })
        })
        .collect()
}

/// An account of the audience: its id and address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Recipient {
    pub id: i64,
    pub primary_email: String,
}

/// The next `limit` accounts of the audience after `after`, in id order, as they are now.
pub async fn next(db: &dyn Database, audience: &Audience, after: i64, limit: i64) -> Result<Vec<Recipient>, StoreError> {
    let (migration_state, awaiting_fix) = match audience.stage {
        CampaignStage::NotTransferred => ("legacy", 0),
        CampaignStage::WaitingOnFix => ("legacy", 1),
        CampaignStage::NeverSignedIn => ("migrated", 0),
    };
    let mut params: Vec<Value> = vec![
        audience.account_type.code().into(),
        migration_state.into(),
        awaiting_fix.into(),
        after.into(),
        limit.into(),
    ];
    let sql = match audience.state {
        Some(state) => {
            params.push(state.code().into());
            NEXT_OF_ONE_STATE
        }
        None => NEXT_OF_EVERY_STATE,
    };
    typed_rows(db, &Statement::new(sql, params)).await
}

/// A batch: the reminder to each of `recipients` the campaign never wrote to
/// (while it is sending), they recorded, and the campaign moved past the last.
pub fn batch(id: i64, recipients: &[Recipient], email: &Unaddressed) -> Vec<Statement> {
    let list: Vec<(i64, &str)> = recipients.iter().map(|r| (r.id, r.primary_email.as_str())).collect();
    let list = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    let last = recipients.last().map_or(0, |r| r.id);
    vec![
        Statement::new(
            QUEUE_REMINDERS,
            [
                id.into(),
                email.kind.code().into(),
                email.subject.as_str().into(),
                email.text.as_str().into(),
                email.html.as_str().into(),
                list.as_str().into(),
            ],
        ),
        Statement::new(RECORD_RECIPIENTS, [id.into(), list.as_str().into()]),
        Statement::new(ADVANCE, [id.into(), last.into()]),
    ]
}

/// The campaign is done, if nothing of its audience is left after `last_account`.
pub async fn finish(db: &dyn Database, id: i64, last_account: i64) -> Result<(), StoreError> {
    db.batch(&[Statement::new(FINISH, [id.into(), last_account.into()])]).await.map(drop)
}

#[derive(Deserialize)]
struct Arrived {
    stage: String,
}

/// A visit by a campaign's link, counted if a person's; the stage its button
/// is for (none: no such campaign sending or sent).
pub async fn arrival(db: &dyn Database, id: i64, visit: LinkVisit) -> Result<Option<CampaignStage>, StoreError> {
    let sql = match visit {
        LinkVisit::Person => ARRIVAL,
        LinkVisit::Program => LANDING,
    };
    let rows: Vec<Arrived> = typed_rows(db, &Statement::new(sql, [id.into()])).await?;
    Ok(rows.first().and_then(|row| CampaignStage::parse(&row.stage)))
}
