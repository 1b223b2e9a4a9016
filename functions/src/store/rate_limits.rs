//! The SQL of the rate-limit counters.

use serde::Deserialize;

use super::{typed_rows, Database, Statement, StoreError};

statements! {
    // Both of a request's buckets in one statement: one round trip to D1.
    HIT_BOTH = "INSERT INTO rate_limits (bucket, window_start, hits) \
         VALUES (?1, strftime('%Y-%m-%dT%H:00:00Z', 'now'), 1), (?2, strftime('%Y-%m-%dT%H:00:00Z', 'now'), 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1 RETURNING bucket, hits";
    FORGET_OLD = "DELETE FROM rate_limits WHERE window_start < strftime('%Y-%m-%dT%H:00:00Z', 'now', '-1 day')";
}

#[derive(Deserialize)]
struct Hits {
    bucket: String,
    hits: i64,
}

/// Counts one more request in each bucket's current hour; returns the two counts, in order.
pub async fn hit(db: &dyn Database, buckets: &[String; 2]) -> Result<[i64; 2], StoreError> {
    let rows: Vec<Hits> =
        typed_rows(db, &Statement::new(HIT_BOTH, [buckets[0].as_str().into(), buckets[1].as_str().into()])).await?;
    let count = |bucket: &str| {
        rows.iter()
            .find(|row| row.bucket == bucket)
            .map(|row| row.hits)
            .ok_or_else(|| StoreError::BadRow(format!("rate_limits: no count for {bucket}")))
    };
    Ok([count(&buckets[0])?, count(&buckets[1])?])
}

/// Removes the counters of windows that ended more than a day ago.
pub async fn forget_old(db: &dyn Database) -> Result<(), StoreError> {
    db.batch(&[Statement::new(FORGET_OLD, [])]).await.map(drop)
}
