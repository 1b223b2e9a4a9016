//! The store on SQLite, natively: how the tests run the real migrations and
//! the real queries (D1 is SQLite).

use std::path::Path;
use std::sync::Mutex;

use async_trait::async_trait;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, ToSql};

use super::{Database, Statement, StoreError, Value};

pub struct Sqlite(Mutex<Connection>);

impl Sqlite {
    /// A new in-memory database with every migration in `migrations_dir`
    /// applied in order, foreign keys enforced as in D1.
    pub fn migrated_in_memory(migrations_dir: &Path) -> Result<Self, StoreError> {
        let db = Self::empty_in_memory()?;
        db.migrate(migrations_dir, |_| true)?;
        Ok(db)
    }

    /// A new in-memory database with no tables, foreign keys enforced as in D1.
    pub fn empty_in_memory() -> Result<Self, StoreError> {
        let db = Connection::open_in_memory().map_err(error)?;
        db.execute_batch("PRAGMA foreign_keys = ON;").map_err(error)?;
        Ok(Self(Mutex::new(db)))
    }

    /// Applies, in order, the migrations in `migrations_dir` whose file name
    /// `wanted` accepts: a test can load rows between two of them, as a
    /// deployment that has data when a migration comes.
    pub fn migrate(&self, migrations_dir: &Path, wanted: impl Fn(&str) -> bool) -> Result<(), StoreError> {
        let mut migrations: Vec<_> = std::fs::read_dir(migrations_dir)
            .map_err(|e| StoreError::Database(e.to_string()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|x| x == "sql"))
            .filter(|path| path.file_name().and_then(|name| name.to_str()).is_some_and(&wanted))
            .collect();
        migrations.sort();
        for migration in migrations {
            let sql = std::fs::read_to_string(&migration).map_err(|e| StoreError::Database(e.to_string()))?;
            self.connection()
                .execute_batch(&sql)
                .map_err(|e| StoreError::Database(format!("{}: {e}", migration.display())))?;
        }
        Ok(())
    }

    /// The connection itself, for tests that look at the tables directly.
    pub fn connection(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn error(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Integer(n) => ToSqlOutput::from(*n),
            Value::Text(s) => ToSqlOutput::from(s.as_str()),
            Value::Null => ToSqlOutput::from(rusqlite::types::Null),
        })
    }
}

/// The rows a statement returns, each as a JSON object keyed by column name.
fn read_rows(db: &Connection, statement: &Statement) -> Result<Vec<serde_json::Value>, StoreError> {
    let mut prepared = db.prepare(statement.sql.text()).map_err(error)?;
    let columns: Vec<String> = prepared.column_names().map(str::to_owned).collect();
    let rows = prepared
        .query_map(params_from_iter(&statement.params), |row| {
            let mut object = serde_json::Map::new();
            for (i, name) in columns.iter().enumerate() {
                let value = match row.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(n) => n.into(),
                    ValueRef::Real(x) => x.into(),
                    ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned().into(),
                };
                object.insert(name.clone(), value);
            }
            Ok(serde_json::Value::Object(object))
        })
        .map_err(error)?;
    rows.collect::<Result<_, _>>().map_err(error)
}

#[async_trait(?Send)]
impl Database for Sqlite {
    async fn rows(&self, statement: &Statement) -> Result<Vec<serde_json::Value>, StoreError> {
        read_rows(&self.connection(), statement)
    }

    async fn batch(&self, statements: &[Statement]) -> Result<Vec<Vec<serde_json::Value>>, StoreError> {
        let mut db = self.connection();
        let transaction = db.transaction().map_err(error)?;
        let results =
            statements.iter().map(|statement| read_rows(&transaction, statement)).collect::<Result<_, _>>()?;
        transaction.commit().map_err(error)?;
        Ok(results)
    }
}
