//! Storage behind one small trait. The SQL is plain data ([`Statement`]),
//! written once in the modules below and run by D1 in the worker and by
//! SQLite in the native tests, on the same migrations.

use async_trait::async_trait;

pub mod accounts;
pub mod audit;
#[cfg(target_arch = "wasm32")]
pub mod d1;
pub mod email_changes;
pub mod links;
pub mod outbox;
pub mod rate_limits;
#[cfg(not(target_arch = "wasm32"))]
pub mod sqlite;
pub mod transfers;

/// A value bound to a `?N` parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Integer(i64),
    Text(String),
    Null,
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Self {
        Self::Integer(number)
    }
}

/// One SQL statement and its parameters, in `?1, ?2, …` order.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sql: &'static str,
    pub params: Vec<Value>,
}

impl Statement {
    pub fn new(sql: &'static str, params: impl IntoIterator<Item = Value>) -> Self {
        Self { sql, params: params.into_iter().collect() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(String),
    #[error("a stored row could not be read: {0}")]
    BadRow(String),
}

/// What the registry needs of a database.
#[async_trait(?Send)]
pub trait Database {
    /// The rows of a query, each as a JSON object keyed by column name.
    async fn rows(&self, statement: &Statement) -> Result<Vec<serde_json::Value>, StoreError>;
    /// Runs the statements in order as one unit: all of them or none.
    async fn batch(&self, statements: &[Statement]) -> Result<(), StoreError>;
}

/// The rows of a query, read into `T`.
pub async fn typed_rows<T: serde::de::DeserializeOwned>(
    db: &dyn Database,
    statement: &Statement,
) -> Result<Vec<T>, StoreError> {
    db.rows(statement)
        .await?
        .into_iter()
        .map(|row| serde_json::from_value(row).map_err(|e| StoreError::BadRow(e.to_string())))
        .collect()
}
