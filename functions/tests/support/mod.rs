//! What the SQLite tests share: the demo registry and the full-size one on
//! the real migrations, loaded by the real import; a migration run over the
//! rows it finds; and a way to count rows.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};

use functions::store::sqlite::Sqlite;

fn migrations() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations")
}

/// Every migration applied, and no rows.
pub fn empty_registry() -> Sqlite {
    Sqlite::migrated_in_memory(&migrations()).unwrap()
}

/// The migrations before `migration` applied, `rows` loaded as a deployment
/// would hold them, then `migration` and the ones after it: a migration
/// tested on the data it finds.
pub fn migrated_over(rows: &str, migration: &str) -> Sqlite {
    let db = Sqlite::empty_in_memory().unwrap();
    db.migrate(&migrations(), |name| name < migration).unwrap();
    db.connection().execute_batch(rows).unwrap();
    db.migrate(&migrations(), |name| name >= migration).unwrap();
    db
}

/// The real migrations, with the accounts of `csv` loaded by the real import.
fn registry(csv: &str) -> Sqlite {
    let db = empty_registry();
    db.connection().execute_batch(&import::to_sql(&import::parse_registry_csv(csv).unwrap())).unwrap();
    db
}

/// The demo registry (`dev/demo-registry.csv`: 9 accounts).
pub fn demo_registry() -> Sqlite {
    registry(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../dev/demo-registry.csv")).unwrap())
}

/// The synthetic full-size registry (102,625 accounts).
pub fn full_size_registry() -> Sqlite {
    registry(&import::synthetic::full_size_registry_csv())
}

pub fn count(db: &Sqlite, sql: &str) -> i64 {
    db.connection().query_row(sql, [], |row| row.get(0)).unwrap()
}
