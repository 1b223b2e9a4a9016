//! The SQL of single-use values (migration 0013): kept with an expiry, taken
//! once by a single `DELETE … RETURNING`, whatever races it.

use serde::Deserialize;

use super::{typed_rows, Database, Statement, StoreError};

statements! {
    KEEP = "INSERT INTO single_use (key, value, expires_at) VALUES (?1, ?2, ?3)";
    TAKE = "DELETE FROM single_use WHERE key = ?1 RETURNING value, expires_at";
    PEEK = "SELECT value, expires_at FROM single_use WHERE key = ?1";
    FORGET_EXPIRED = "DELETE FROM single_use WHERE expires_at <= ?1";
}

#[derive(Deserialize)]
struct Kept {
    value: String,
    expires_at: i64,
}

/// Keeps `value` under `key` until `expires_at` (Unix seconds).
pub async fn keep(db: &dyn Database, key: &str, value: &str, expires_at: i64) -> Result<(), StoreError> {
    db.batch(&[Statement::new(KEEP, [key.into(), value.into(), expires_at.into()])]).await.map(drop)
}

/// The value under `key`, removed in the same statement: only one caller ever
/// gets it. None if there is none, or it had expired at `now`.
pub async fn take(db: &dyn Database, key: &str, now: i64) -> Result<Option<String>, StoreError> {
    let rows: Vec<Kept> = typed_rows(db, &Statement::new(TAKE, [key.into()])).await?;
    Ok(rows.into_iter().next().filter(|kept| kept.expires_at > now).map(|kept| kept.value))
}

/// The value under `key`, left in place (a question shown before it is answered);
/// None if there is none, or it had expired at `now`.
pub async fn peek(db: &dyn Database, key: &str, now: i64) -> Result<Option<String>, StoreError> {
    let rows: Vec<Kept> = typed_rows(db, &Statement::new(PEEK, [key.into()])).await?;
    Ok(rows.into_iter().next().filter(|kept| kept.expires_at > now).map(|kept| kept.value))
}

/// Removes what expired by `now` (the cron).
pub async fn forget_expired(db: &dyn Database, now: i64) -> Result<(), StoreError> {
    db.batch(&[Statement::new(FORGET_EXPIRED, [now.into()])]).await.map(drop)
}
