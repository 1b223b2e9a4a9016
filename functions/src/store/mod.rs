//! Storage behind one small trait. The SQL is plain data ([`Statement`]),
//! written once in the modules below and run by D1 in the worker and by
//! SQLite in the native tests, on the same migrations.

use async_trait::async_trait;

#[cfg(target_arch = "wasm32")]
pub mod d1;
#[cfg(not(target_arch = "wasm32"))]
pub mod sqlite;

/// The text of one SQL statement. Its field is private to `store`, where each
/// is declared with [`statements!`], which also lists it in its module's
/// `STATEMENTS`: the worker runs no SQL that the query-plan test
/// (functions/tests/query_plans_on_sqlite.rs) does not check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sql(&'static str);

impl Sql {
    pub fn text(self) -> &'static str {
        self.0
    }
}

/// Declares a module's statements: `NAME = "SQL";` each, with doc comments.
macro_rules! statements {
    ($($(#[$doc:meta])* $vis:vis $name:ident = $sql:expr;)+) => {
        $($(#[$doc])* $vis const $name: $crate::store::Sql = $crate::store::Sql($sql);)+
        /// Every statement of this module, by name.
        pub const STATEMENTS: &[(&str, $crate::store::Sql)] = &[$((stringify!($name), $name)),+];
    };
}

/// The modules that hold SQL, and the list of all their statements.
macro_rules! sql_modules {
    ($($module:ident),+) => {
        $(pub mod $module;)+
        /// Every statement the worker runs, named `module::NAME`.
        pub fn every_statement() -> impl Iterator<Item = (String, Sql)> {
            [$((stringify!($module), $module::STATEMENTS)),+]
                .into_iter()
                .flat_map(|(module, list)| list.iter().map(move |(name, sql)| (format!("{module}::{name}"), *sql)))
        }
    };
}

sql_modules!(
    accounts,
    audit,
    campaigns,
    email_changes,
    funnel,
    grants,
    links,
    outbox,
    rate_limits,
    recoveries,
    single_use,
    staff_side,
    transfers
);

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
    pub sql: Sql,
    pub params: Vec<Value>,
}

impl Statement {
    pub fn new(sql: Sql, params: impl IntoIterator<Item = Value>) -> Self {
        Self { sql, params: params.into_iter().collect() }
    }

    /// The statement with its values written in as SQL literals, for a tool
    /// that takes SQL text only (`wrangler d1 execute --command`, an
    /// operator's scripts). Each `?N` outside a quoted literal is replaced.
    pub fn inlined(&self) -> String {
        let sql = self.sql.0;
        let mut out = String::with_capacity(sql.len());
        let mut chars = sql.char_indices().peekable();
        let mut quoted = false;
        while let Some((_, c)) = chars.next() {
            if c == '\'' {
                quoted = !quoted;
            }
            if c != '?' || quoted {
                out.push(c);
                continue;
            }
            let mut digits = String::new();
            while let Some((_, d)) = chars.next_if(|(_, d)| d.is_ascii_digit()) {
                digits.push(d);
            }
            let value = digits.parse::<usize>().ok().and_then(|n| self.params.get(n.wrapping_sub(1)));
            match value {
                Some(Value::Integer(n)) => out.push_str(&n.to_string()),
                Some(Value::Text(text)) => {
                    out.push('\'');
                    out.push_str(&text.replace('\'', "''"));
                    out.push('\'');
                }
                // As SQLite binds a parameter given no value.
                Some(Value::Null) | None => out.push_str("NULL"),
            }
        }
        out
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
    /// Runs the statements in order as one unit: all of them or none. The rows
    /// each statement returned (`RETURNING`), in order.
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<Vec<serde_json::Value>>, StoreError>;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_inlined_writes_its_values_as_literals_and_leaves_quoted_text_alone() {
        let statement = Statement::new(
            Sql("SELECT ?1, ?2, ?3, '?1 stays', strftime('%Y', 'now'), ?4, ?12"),
            [Value::from("it's; DROP TABLE x; --"), Value::Integer(-7), Value::Null, Value::from("?2")],
        );
        assert_eq!(
            statement.inlined(),
            "SELECT 'it''s; DROP TABLE x; --', -7, NULL, '?1 stays', strftime('%Y', 'now'), '?2', NULL"
        );
    }
}
