//! What the SQLite tests share: the demo registry on the real migrations,
//! loaded by the real import, and a way to count rows.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::Path;

use functions::store::sqlite::Sqlite;

pub fn demo_registry() -> Sqlite {
    let db = Sqlite::migrated_in_memory(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations")).unwrap();
    let csv = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../dev/demo-registry.csv")).unwrap();
    db.connection().execute_batch(&import::to_sql(&import::parse_registry_csv(&csv).unwrap())).unwrap();
    db
}

pub fn count(db: &Sqlite, sql: &str) -> i64 {
    db.connection().query_row(sql, [], |row| row.get(0)).unwrap()
}
