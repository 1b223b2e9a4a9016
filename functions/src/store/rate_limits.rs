//! The SQL of the rate-limit counters.

use serde::Deserialize;

use super::{typed_rows, Database, Statement, StoreError};

statements! {
    // Every bucket of a request (?1, a JSON array) in one statement: one round
    // trip to D1. (`WHERE true`: SQLite's upsert after a SELECT needs it.)
    HIT = "INSERT INTO rate_limits (bucket, window_start, hits) \
         SELECT value, strftime('%Y-%m-%dT%H:00:00Z', 'now'), 1 FROM json_each(?1) WHERE true \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1 RETURNING bucket, hits";
    FORGET_OLD = "DELETE FROM rate_limits WHERE window_start < strftime('%Y-%m-%dT%H:00:00Z', 'now', '-1 day')";
}

#[derive(Deserialize)]
struct Hits {
    bucket: String,
    hits: i64,
}

/// Counts one more request in each bucket's current hour; returns the counts, in order.
pub async fn hit<const N: usize>(db: &dyn Database, buckets: &[String; N]) -> Result<[i64; N], StoreError> {
    let json = serde_json::to_string(buckets.as_slice()).map_err(|e| StoreError::BadRow(e.to_string()))?;
    let rows: Vec<Hits> = typed_rows(db, &Statement::new(HIT, [json.as_str().into()])).await?;
    let mut counts = [0; N];
    for (count, bucket) in counts.iter_mut().zip(buckets) {
        *count = rows
            .iter()
            .find(|row| &row.bucket == bucket)
            .map(|row| row.hits)
            .ok_or_else(|| StoreError::BadRow(format!("rate_limits: no count for {bucket}")))?;
    }
    Ok(counts)
}

/// Counts one more request in each bucket; whether each is still within its limit (`limits`, in order).
pub async fn within<const N: usize>(db: &dyn Database, buckets: &[String; N], limits: [i64; N]) -> Result<bool, StoreError> {
    let hits_and_limits: Vec<(i64, i64)> = hit(db, buckets).await?.into_iter().zip(limits).collect();
    Ok(domain::rate_limit::allowed(&hits_and_limits))
}

/// Removes the counters of windows that ended more than a day ago.
pub async fn forget_old(db: &dyn Database) -> Result<(), StoreError> {
    db.batch(&[Statement::new(FORGET_OLD, [])]).await.map(drop)
}
