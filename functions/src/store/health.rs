//! The SQL of `/api/health`: whether the database answers, reading no table.

use serde::Deserialize;

use super::{typed_rows, Database, Statement};

statements! {
    ANSWERS = "SELECT 1 AS ok";
}

#[derive(Deserialize)]
struct Ok {
    ok: i64,
}

/// Whether the database answers a query.
pub async fn answers(db: &dyn Database) -> bool {
    typed_rows::<Ok>(db, &Statement::new(ANSWERS, [])).await.is_ok_and(|rows| rows.first().is_some_and(|r| r.ok == 1))
}
