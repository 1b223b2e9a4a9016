//! The SQL of the migration funnel: today's counts (kept by triggers in
//! `funnel_counts` and `funnel_people`) written into `funnel_days` by the cron, the days read by
//! date on their key, and the outreach list on its index.

use domain::funnel::{FunnelDay, FunnelFilter, FunnelStage};
use serde::Deserialize;

use super::{typed_rows, Database, Statement, StoreError, Value};

statements! {
    // funnel_counts is small and bounded (types × States × stages) and
    // funnel_people is two rows: both read whole. The people who work for
    // examiners are written under their role as the account type.
    SNAPSHOT = "INSERT INTO funnel_days (day, account_type, license_state, stage, accounts) \
         SELECT date('now'), account_type, license_state, stage, accounts FROM funnel_counts \
         UNION ALL SELECT date('now'), role, '', 'approved_' || role, people FROM funnel_people WHERE true \
         ON CONFLICT (day, account_type, license_state, stage) DO UPDATE SET accounts = excluded.accounts \
         WHERE funnel_days.accounts <> excluded.accounts";
    DAYS = "SELECT day, stage, sum(accounts) AS accounts FROM funnel_days \
         WHERE day >= max(?1, date('now', '-365 days')) AND (?2 IS NULL OR account_type = ?2) AND (?3 IS NULL OR license_state = ?3) \
         GROUP BY day, stage ORDER BY day";
    OUTREACH = "SELECT registry_number, first_name, last_name, coalesce(license_number, '') AS license_number, \
         coalesce(license_state, '') AS license_state, primary_email, awaiting_fix \
         FROM registry_accounts WHERE account_type = 'examiner' AND migration_state = 'legacy' \
         AND (?1 IS NULL OR license_state = ?1) ORDER BY license_state, lower(last_name), registry_number";
}

/// Today's counts into the days (the cron, every 5 minutes: today's row is the latest).
pub async fn snapshot(db: &dyn Database) -> Result<(), StoreError> {
    db.batch(&[Statement::new(SNAPSHOT, [])]).await.map(drop)
}

#[derive(Deserialize)]
struct DayRow {
    day: String,
    stage: String,
    accounts: i64,
}

fn optional(text: Option<&str>) -> Value {
    text.map_or(Value::Null, Value::from)
}

/// The funnel for each day since `since` (`YYYY-MM-DD`) and within the last
/// year (the page reads a bounded window of the growing table), oldest first.
pub async fn days(db: &dyn Database, filter: &FunnelFilter, since: &str) -> Result<Vec<FunnelDay>, StoreError> {
    let params = [
        since.into(),
        optional(filter.account_type.map(|t| t.code())),
        optional(filter.state.map(|s| s.code())),
    ];
    let rows: Vec<DayRow> = typed_rows(db, &Statement::new(DAYS, params)).await?;
    let mut days: Vec<FunnelDay> = Vec::new();
    for row in rows {
        if days.last().is_none_or(|day| day.day != row.day) {
            days.push(FunnelDay { day: row.day.clone(), ..FunnelDay::default() });
        }
        let stage = FunnelStage::parse(&row.stage)
            .ok_or_else(|| StoreError::BadRow(format!("a funnel stage the registry does not know: {}", row.stage)))?;
        if let Some(day) = days.last_mut() {
            day.add(stage, row.accounts);
        }
    }
    Ok(days)
}

#[derive(Deserialize)]
struct OutreachRow {
    registry_number: String,
    first_name: String,
    last_name: String,
    license_number: String,
    license_state: String,
    primary_email: String,
    awaiting_fix: i64,
}

/// The examiners not transferred yet (in one State, if given), as the CSV's rows.
pub async fn outreach(db: &dyn Database, filter: &FunnelFilter) -> Result<Vec<[String; 7]>, StoreError> {
    let rows: Vec<OutreachRow> =
        typed_rows(db, &Statement::new(OUTREACH, [optional(filter.state.map(|s| s.code()))])).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let waiting = if r.awaiting_fix == 1 { "yes" } else { "no" };
            [r.registry_number, r.first_name, r.last_name, r.license_number, r.license_state, r.primary_email, waiting.into()]
        })
        .collect())
}
