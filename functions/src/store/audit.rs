//! The SQL of the audit log: one row per event, naming the account (if any),
//! the event, who made it and a detail that is never a token or an address.

use domain::audit::{Actor, AuditEvent};

use super::{Sql, Statement, Value};

statements! {
    RECORD = "INSERT INTO audit_events (account_id, event, actor, detail) VALUES (?1, ?2, ?3, ?4)";
    RECORD_IF_CHANGED =
        "INSERT INTO audit_events (account_id, event, actor, detail) SELECT ?1, ?2, ?3, ?4 WHERE changes() = 1";
}

/// An event of the account (`None`: of no account, e.g. a refused sign-in).
pub fn record(account_id: Option<i64>, event: AuditEvent, actor: Actor, detail: Option<&str>) -> Statement {
    with(RECORD, account_id, event, actor, detail)
}

/// The same, only if the statement before it in the batch changed a row.
pub fn record_if_changed(
    account_id: impl Into<Option<i64>>,
    event: AuditEvent,
    actor: Actor,
    detail: Option<&str>,
) -> Statement {
    with(RECORD_IF_CHANGED, account_id.into(), event, actor, detail)
}

fn with(
    sql: Sql,
    account_id: Option<i64>,
    event: AuditEvent,
    actor: Actor,
    detail: Option<&str>,
) -> Statement {
    Statement::new(
        sql,
        [
            account_id.map_or(Value::Null, Value::from),
            event.code().into(),
            Value::Text(actor.code().into_owned()),
            detail.map_or(Value::Null, Value::from),
        ],
    )
}
