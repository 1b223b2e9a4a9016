//! The store on Cloudflare D1.

use async_trait::async_trait;
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use super::{Database, Statement, StoreError, Value};

pub struct D1(pub D1Database);

impl D1 {
    /// The worker's D1 binding (`DB`).
    pub fn of(env: &worker::Env) -> worker::Result<Self> {
        env.d1(crate::bindings::DB).map(Self)
    }
}

fn error(e: worker::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

fn bound(db: &D1Database, statement: &Statement) -> Result<worker::D1PreparedStatement, StoreError> {
    let params: Vec<JsValue> = statement
        .params
        .iter()
        .map(|value| match value {
            // D1 takes numbers as JavaScript numbers: exact up to 2^53, far beyond any row id.
            Value::Integer(n) => JsValue::from_f64(*n as f64),
            Value::Text(s) => JsValue::from_str(s),
            Value::Null => JsValue::NULL,
        })
        .collect();
    db.prepare(statement.sql.text()).bind(&params).map_err(error)
}

#[async_trait(?Send)]
impl Database for D1 {
    async fn rows(&self, statement: &Statement) -> Result<Vec<serde_json::Value>, StoreError> {
        let result = bound(&self.0, statement)?.all().await.map_err(error)?;
        result.results::<serde_json::Value>().map_err(error)
    }

    /// D1 runs a batch as one transaction.
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<Vec<serde_json::Value>>, StoreError> {
        let prepared = statements.iter().map(|s| bound(&self.0, s)).collect::<Result<Vec<_>, _>>()?;
        let mut returned = Vec::with_capacity(statements.len());
        for result in self.0.batch(prepared).await.map_err(error)? {
            if let Some(e) = result.error() {
                return Err(StoreError::Database(e));
            }
            returned.push(result.results::<serde_json::Value>().map_err(error)?);
        }
        Ok(returned)
    }
}
