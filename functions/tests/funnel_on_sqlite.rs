//! The migration funnel on real SQLite with the real migrations, on the
//! full-size synthetic registry: the counts the triggers keep equal counting
//! the accounts, before and after accounts move on, and the days the cron
//! writes are what the funnel page reads, filters included.
#![allow(clippy::unwrap_used)]

mod support;

use domain::funnel::FunnelFilter;
use domain::{AccountType, UsState};
use functions::store::funnel;
use functions::store::sqlite::Sqlite;
use pollster::block_on;

/// (type, State, stage, accounts) by counting the accounts themselves.
fn counted(db: &Sqlite) -> Vec<(String, String, String, i64)> {
    rows(
        db,
        "SELECT account_type, coalesce(license_state, ''), \
           CASE WHEN migration_state = 'legacy' AND awaiting_fix = 1 THEN 'waiting_fix' ELSE migration_state END AS stage, \
           count(*) FROM registry_accounts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
}

fn kept(db: &Sqlite) -> Vec<(String, String, String, i64)> {
    rows(
        db,
        "SELECT account_type, license_state, stage, accounts FROM funnel_counts WHERE accounts > 0 ORDER BY 1, 2, 3",
    )
}

fn rows(db: &Sqlite, sql: &str) -> Vec<(String, String, String, i64)> {
    let connection = db.connection();
    let mut statement = connection.prepare(sql).unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn the_funnel_equals_the_accounts_counted_as_they_move_on() {
    let db = support::full_size_registry();
    assert_eq!(kept(&db), counted(&db));
    db.connection()
        .execute_batch(
            "UPDATE registry_accounts SET migration_state = 'migrated' WHERE id % 7 = 0 AND migration_state = 'legacy';
             UPDATE registry_accounts SET migration_state = 'linked', login_gov_subject = 'sub-' || id \
               WHERE id % 11 = 0 AND migration_state = 'migrated';
             UPDATE registry_accounts SET license_state = 'VA' WHERE id % 13 = 0 AND account_type = 'examiner';
             INSERT INTO account_links (token_hash, account_id, purpose, expires_at) \
               SELECT lower(hex(randomblob(32))), id, 'duplicate_email_fix', '2030-01-01T00:00:00Z' \
               FROM registry_accounts WHERE id % 17 = 0 AND migration_state = 'legacy';",
        )
        .unwrap();
    assert_eq!(kept(&db), counted(&db));
    let waiting = db
        .connection()
        .query_row("SELECT count(*) FROM registry_accounts WHERE awaiting_fix = 1", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert!(waiting > 1000, "{waiting}");
}

#[test]
fn the_days_the_cron_writes_are_what_the_funnel_reads_with_its_filters() {
    let db = support::full_size_registry();
    block_on(funnel::snapshot(&db)).unwrap();
    block_on(funnel::snapshot(&db)).unwrap();
    let count = |sql: &str| db.connection().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();

    let all = block_on(funnel::days(&db, &FunnelFilter::default(), "2000-01-01")).unwrap();
    assert_eq!(all.len(), 1, "one day, written twice");
    let today = &all[0];
    assert_eq!(today.total, count("SELECT count(*) FROM registry_accounts"));
    assert_eq!(today.linked, count("SELECT count(*) FROM registry_accounts WHERE migration_state = 'linked'"));
    assert_eq!(today.transferred, count("SELECT count(*) FROM registry_accounts WHERE migration_state <> 'legacy'"));

    let filter =
        FunnelFilter { account_type: Some(AccountType::MedicalExaminer), state: Some(UsState::parse("MD").unwrap()) };
    let maryland = block_on(funnel::days(&db, &filter, "2000-01-01")).unwrap();
    assert_eq!(
        maryland[0].not_transferred,
        count("SELECT count(*) FROM registry_accounts WHERE account_type = 'examiner' AND license_state = 'MD' AND migration_state = 'legacy'")
    );
    let outreach = block_on(funnel::outreach(&db, &FunnelFilter { account_type: None, state: filter.state })).unwrap();
    assert_eq!(i64::try_from(outreach.len()).unwrap(), maryland[0].not_transferred);
    assert!(outreach.iter().all(|row| row[4] == "MD"));
    assert!(block_on(funnel::days(&db, &FunnelFilter::default(), "2999-01-01")).unwrap().is_empty());
}

#[test]
fn a_campaigns_audience_read_page_by_page_is_the_funnels_count_and_the_accounts_counted() {
    use domain::campaign::{Audience, CampaignStage, BATCH};
    use functions::store::campaigns;

    let db = support::full_size_registry();
    db.connection()
        .execute_batch(
            "UPDATE registry_accounts SET migration_state = 'migrated' WHERE id % 7 = 0 AND migration_state = 'legacy';
             INSERT INTO account_links (token_hash, account_id, purpose, expires_at) \
               SELECT lower(hex(randomblob(32))), id, 'duplicate_email_fix', '2030-01-01T00:00:00Z' \
               FROM registry_accounts WHERE id % 17 = 0 AND migration_state = 'legacy';",
        )
        .unwrap();
    let count = |sql: &str| db.connection().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    for (account_type, state, stage) in [
        (AccountType::MedicalExaminer, None, CampaignStage::NotTransferred),
        (AccountType::MedicalExaminer, Some("WY"), CampaignStage::NotTransferred),
        (AccountType::MedicalExaminer, None, CampaignStage::WaitingOnFix),
        (AccountType::AdministrativeAssistant, None, CampaignStage::NeverSignedIn),
        (AccountType::MedicalExaminer, Some("CA"), CampaignStage::NeverSignedIn),
    ] {
        let audience = Audience { account_type, state: state.map(|s| UsState::parse(s).unwrap()), stage };
        let (mut read, mut last) = (0_i64, 0);
        loop {
            let page = block_on(campaigns::next(&db, &audience, last, BATCH)).unwrap();
            let Some(end) = page.last() else { break };
            assert!(page.windows(2).all(|w| w[0].id < w[1].id), "in id order");
            last = end.id;
            read += i64::try_from(page.len()).unwrap();
        }
        let (migration_state, awaiting_fix) = match stage {
            CampaignStage::NotTransferred => ("legacy", "awaiting_fix = 0"),
            CampaignStage::WaitingOnFix => ("legacy", "awaiting_fix = 1"),
            CampaignStage::NeverSignedIn => ("migrated", "true"),
        };
        let in_state = state.map_or("true".to_owned(), |s| format!("license_state = '{s}'"));
        let counted = count(&format!(
            "SELECT count(*) FROM registry_accounts WHERE account_type = '{}' AND migration_state = '{migration_state}' \
             AND {awaiting_fix} AND {in_state}",
            account_type.code()
        ));
        assert!(counted > 0, "{}", audience.in_words());
        assert_eq!(read, counted, "{}", audience.in_words());
        assert_eq!(block_on(campaigns::audience_size(&db, &audience)).unwrap(), counted, "{}", audience.in_words());
    }
}
