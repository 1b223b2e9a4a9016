//! The SQL of the rate-limit counters.

use serde::Deserialize;

use super::{typed_rows, Database, Statement, StoreError};

const HIT: &str = "INSERT INTO rate_limits (bucket, window_start, hits) \
     VALUES (?1, strftime('%Y-%m-%dT%H:00:00Z', 'now'), 1) \
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits";
const FORGET_OLD: &str = "DELETE FROM rate_limits WHERE window_start < strftime('%Y-%m-%dT%H:00:00Z', 'now', '-1 day')";

#[derive(Deserialize)]
struct Hits {
    hits: i64,
}

/// Counts one more request in the bucket's current hour; returns the count.
pub async fn hit(db: &dyn Database, bucket: &str) -> Result<i64, StoreError> {
    let rows: Vec<Hits> = typed_rows(db, &Statement::new(HIT, [bucket.into()])).await?;
    rows.first().map(|row| row.hits).ok_or_else(|| StoreError::BadRow("rate_limits: no count returned".into()))
}

/// Removes the counters of windows that ended more than a day ago.
pub async fn forget_old(db: &dyn Database) -> Result<(), StoreError> {
    db.batch(&[Statement::new(FORGET_OLD, [])]).await
}
