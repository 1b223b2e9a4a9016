//! Reminder campaigns on real SQLite with the real migrations: composed by
//! one member and approved by another, written in paced batches that resume
//! where they stopped and never write to anyone twice, skipped at send time
//! for whoever moved on, and their progress and effect counted as it happens.
#![allow(clippy::unwrap_used)]

use std::cell::Cell;

use async_trait::async_trait;
use domain::audit::AuditEvent;
use domain::campaign::{CampaignForm, CampaignState, LinkVisit};
use domain::emails::{self, Unaddressed};
use functions::outbox::delivery::{deliver, Delivery, EmailProvider};
use functions::reminders::write_due;
use functions::store::campaigns::{self, Sending};
use functions::store::outbox::StoredEmail;
use functions::store::sqlite::Sqlite;
use functions::store::Database;
use pollster::block_on;
use support::{count, demo_registry};

mod support;

const OFFICE: i64 = 1;
const ADMIN: i64 = 2;

/// The demo registry and 300 more examiners not transferred (250 in
/// Maryland, 50 in Texas), a program office member and an administrator.
fn registry() -> Sqlite {
    let db = demo_registry();
    let examiners: String = (1..=300)
        .map(|i| {
            let state = if i <= 250 { "MD" } else { "TX" };
            format!(
                "{},examiner,,E,Xaminer{i},L-{i},{state},examiner{i}@example.com,,legacy,,2023-05-01,2033-05-01,\n",
                3_000_000_000_u64 + i
            )
        })
        .collect();
    let csv = format!("{}\n{examiners}", DEMO_HEADER);
    db.connection().execute_batch(&import::to_sql(&import::parse_registry_csv(&csv).unwrap())).unwrap();
    db.connection()
        .execute_batch(
            "INSERT INTO staff_members (id, email, role) VALUES (1, 'office@dot.gov', 'program_office'), (2, 'admin@dot.gov', 'admin');",
        )
        .unwrap();
    db
}

const DEMO_HEADER: &str = "registry_number,account_type,examiner_registry_number,first_name,last_name,license_number,\
license_state,primary_email,secondary_email,migration_state,login_gov_subject,certification_issued,certification_expires,\
date_of_birth";

fn compose(db: &Sqlite, state: &str) -> i64 {
    let form = CampaignForm {
        name: "Not transferred".into(),
        account_type: "examiner".into(),
        license_state: state.into(),
        stage: "legacy".into(),
        note: String::new(),
        starts_on: String::new(),
    };
    block_on(db.batch(&campaigns::compose(&form.parse("2026-12-05").unwrap(), OFFICE))).unwrap();
    count(db, "SELECT max(id) FROM campaigns")
}

fn approve(db: &Sqlite, id: i64, by: i64) -> CampaignState {
    let (campaign, _) = block_on(campaigns::one(db, id)).unwrap().unwrap();
    let size = block_on(campaigns::audience_size(db, &campaign.audience)).unwrap();
    block_on(db.batch(&campaigns::approve(id, by, size))).unwrap();
    block_on(campaigns::one(db, id)).unwrap().unwrap().0.state
}

fn reminder(_: &Sending) -> Unaddressed {
    emails::reminder(domain::campaign::CampaignStage::NotTransferred, "", None, "https://registry.example/reminder/1")
}

/// One cron's worth, `seconds` after the campaign's last batch.
fn cron(db: &Sqlite, seconds: i64) -> Vec<i64> {
    try_cron(db, seconds).unwrap()
}

fn try_cron(db: &Sqlite, seconds: i64) -> Result<Vec<i64>, functions::store::StoreError> {
    db.connection()
        .execute_batch(&format!(
            "UPDATE campaigns SET batched_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{seconds} seconds') WHERE batched_at IS NOT NULL"
        ))
        .unwrap();
    block_on(write_due(db, 60, &reminder))
}

struct Provider {
    down: Cell<bool>,
}

#[async_trait(?Send)]
impl EmailProvider for Provider {
    async fn send(&self, _email: &StoredEmail) -> Result<(), String> {
        if self.down.get() {
            Err("503 Service Unavailable".into())
        } else {
            Ok(())
        }
    }
}

fn progress(db: &Sqlite, id: i64) -> (i64, i64, i64, i64) {
    let p = block_on(campaigns::one(db, id)).unwrap().unwrap().0.progress;
    (p.queued, p.sent, p.failed, p.skipped)
}

#[test]
fn a_campaign_needs_another_members_approval_and_writes_to_each_of_its_audience_once_at_its_pace() {
    let db = registry();
    let id = compose(&db, "MD");
    assert!(block_on(write_due(&db, 60, &reminder)).unwrap().is_empty(), "a draft sends nothing");
    assert_eq!(approve(&db, id, OFFICE), CampaignState::Draft, "not by its author");
    assert_eq!(approve(&db, id, ADMIN), CampaignState::Approved);
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_events WHERE event = 'campaign_approved' AND actor = 'staff:2'"),
        1
    );
    let maryland = "SELECT count(*) FROM registry_accounts WHERE account_type = 'examiner' AND license_state = 'MD' \
                    AND migration_state = 'legacy' AND awaiting_fix = 0";
    let audience = count(&db, maryland);
    assert_eq!(block_on(campaigns::one(&db, id)).unwrap().unwrap().0.audience_size, audience);

    // A minute's worth first (60), then 5 minutes' (300): the rest of Maryland's 251.
    assert_eq!(cron(&db, 0).len(), 60);
    let provider = Provider { down: Cell::new(false) };
    let first: Vec<i64> = {
        let connection = db.connection();
        let mut ids = connection.prepare("SELECT id FROM email_outbox WHERE campaign_id IS NOT NULL").unwrap();
        ids.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
    };
    // Maria transfers meanwhile: her reminder, written, is skipped when sent.
    db.connection().execute_batch("UPDATE registry_accounts SET migration_state = 'migrated' WHERE id = 1").unwrap();
    for outbox_id in &first {
        block_on(deliver(&db, &provider, *outbox_id)).unwrap();
    }
    assert_eq!(progress(&db, id), (60, 59, 0, 1));

    // A batch that fails to commit (the database refuses the outbox row) writes nothing, and the next cron resumes.
    db.connection()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON email_outbox WHEN NEW.campaign_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'down'); END;",
        )
        .unwrap();
    assert!(try_cron(&db, 300).is_err());
    assert_eq!(progress(&db, id).0, 60);
    db.connection().execute_batch("DROP TRIGGER refuse").unwrap();
    let rest = cron(&db, 300);
    assert_eq!(rest.len(), usize::try_from(audience - 60).unwrap());
    // The same batches again (two crons at once, the cursor set back): nobody twice.
    db.connection().execute_batch("UPDATE campaigns SET last_account = 0").unwrap();
    assert!(cron(&db, 300).is_empty());
    db.connection().execute_batch(&format!("UPDATE campaigns SET last_account = 9999999 WHERE id = {id}")).unwrap();
    cron(&db, 300);
    assert_eq!(block_on(campaigns::one(&db, id)).unwrap().unwrap().0.state, CampaignState::Done);
    assert_eq!(count(&db, &format!("SELECT count(*) FROM campaign_recipients WHERE campaign_id = {id}")), audience);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT account_id) FROM email_outbox WHERE campaign_id IS NOT NULL"),
        count(&db, "SELECT count(*) FROM email_outbox WHERE campaign_id IS NOT NULL"),
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM email_outbox WHERE campaign_id IS NOT NULL AND account_id IN \
                    (SELECT id FROM registry_accounts WHERE license_state <> 'MD')"
        ),
        0
    );

    // The provider down for good: the emails are given up on, and counted failed.
    provider.down.set(true);
    for outbox_id in rest.iter().take(3) {
        for _ in 0..functions::outbox::delivery::MAX_ATTEMPTS {
            db.connection().execute_batch("UPDATE email_outbox SET claimed_until = NULL").unwrap();
            if block_on(deliver(&db, &provider, *outbox_id)).unwrap() == Delivery::GaveUp {
                break;
            }
        }
    }
    assert_eq!(progress(&db, id).2, 3);
}

#[test]
fn a_paused_campaign_writes_nothing_and_resumes_where_it_stopped() {
    let db = registry();
    let id = compose(&db, "");
    approve(&db, id, ADMIN);
    assert_eq!(cron(&db, 0).len(), 60);
    let (campaign, _) = block_on(campaigns::one(&db, id)).unwrap().unwrap();
    block_on(db.batch(&campaigns::change(
        id,
        campaign.state,
        CampaignState::Paused,
        AuditEvent::CampaignPaused,
        ADMIN,
    )))
    .unwrap();
    assert!(cron(&db, 300).is_empty(), "paused");
    block_on(db.batch(&campaigns::change(
        id,
        CampaignState::Paused,
        CampaignState::Approved,
        AuditEvent::CampaignResumed,
        OFFICE,
    )))
    .unwrap();
    // A change from a state it is no longer in changes nothing, and is not audited.
    let lost = block_on(db.batch(&campaigns::change(
        id,
        CampaignState::Paused,
        CampaignState::Cancelled,
        AuditEvent::CampaignCancelled,
        OFFICE,
    )))
    .unwrap();
    assert!(!campaigns::changed(&lost), "the handler's 409");
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'campaign_cancelled'"), 0);
    let audience = count(
        &db,
        "SELECT count(*) FROM registry_accounts WHERE account_type = 'examiner' AND migration_state = 'legacy' AND awaiting_fix = 0",
    );
    let after = cron(&db, 300);
    assert_eq!(i64::try_from(after.len()).unwrap(), audience - 60, "the rest, in 5 minutes' worth");
    assert_eq!(count(&db, "SELECT count(DISTINCT account_id) FROM campaign_recipients"), audience);
}

#[test]
fn a_campaigns_effect_counts_who_transferred_and_linked_within_a_day_a_week_and_a_month() {
    let db = registry();
    let id = compose(&db, "TX");
    approve(&db, id, ADMIN);
    cron(&db, 0);
    db.connection()
        .execute_batch(&format!(
            "UPDATE campaign_recipients SET queued_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days') \
               WHERE campaign_id = {id} AND account_id % 2 = 0;
             UPDATE registry_accounts SET migration_state = 'migrated' \
               WHERE id IN (SELECT account_id FROM campaign_recipients WHERE campaign_id = {id});
             UPDATE registry_accounts SET migration_state = 'linked', login_gov_subject = 'sub-' || id \
               WHERE id IN (SELECT account_id FROM campaign_recipients WHERE campaign_id = {id}) AND id % 5 = 0;"
        ))
        .unwrap();
    let (campaign, _) = block_on(campaigns::one(&db, id)).unwrap().unwrap();
    let recipients = count(&db, &format!("SELECT count(*) FROM campaign_recipients WHERE campaign_id = {id}"));
    let recent = count(
        &db,
        &format!("SELECT count(*) FROM campaign_recipients WHERE campaign_id = {id} AND account_id % 2 = 1"),
    );
    let linked = count(
        &db,
        &format!(
            "SELECT count(*) FROM campaign_recipients r JOIN registry_accounts a ON a.id = r.account_id \
                  WHERE r.campaign_id = {id} AND a.migration_state = 'linked'"
        ),
    );
    assert_eq!(campaign.effect.transferred, [recent, recipients, recipients]);
    assert_eq!(campaign.effect.linked[2], linked);
    assert!(linked > 0 && recent > 0 && recent < recipients);
    let visit = |id: i64, visit: LinkVisit| block_on(campaigns::arrival(&db, id, visit)).unwrap();
    assert_eq!(visit(id, LinkVisit::Person), Some(domain::campaign::CampaignStage::NotTransferred));
    assert_eq!(
        visit(id, LinkVisit::Program),
        Some(domain::campaign::CampaignStage::NotTransferred),
        "led on, not counted"
    );
    assert_eq!(visit(id + 1, LinkVisit::Person), None);
    assert_eq!(block_on(campaigns::one(&db, id)).unwrap().unwrap().0.effect.arrivals, 1);
}
