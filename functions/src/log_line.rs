//! The worker's log: one JSON object per line and event, which Workers Logs
//! indexes by field, so that the help desk's "it did not work at 10:40" can
//! be found by route, status or problem. A line carries no personal data and
//! no token: paths are logged with their tokens cut off, errors by their
//! code and the chain of their causes (which name no person).

use serde::Serialize;

use domain::routes::without_secrets as routes_for_log;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Default, Serialize)]
pub struct LogLine {
    /// What happened: `request`, `sign_in_refused`, `email_retry`, …
    pub event: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// The error's stable code (`AppError::body().error`) or a sign-in problem's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// What went wrong inside, for a failure of ours or login.gov's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbox_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

impl LogLine {
    pub fn event(event: &'static str) -> Self {
        Self { event, ..Self::default() }
    }

    /// One request's line: its path without tokens.
    pub fn request(request_id: &str, path: &str, method: &str, status: u16, duration_ms: u64) -> Self {
        Self {
            request_id: Some(request_id.to_owned()),
            route: Some(routes_for_log(path)),
            method: Some(method.to_owned()),
            status: Some(status),
            duration_ms: Some(duration_ms),
            ..Self::event("request")
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| format!("{{\"event\":\"{}\"}}", self.event))
    }
}

/// Writes one line of the worker's log: on the Workers runtime, its console.
#[cfg(target_arch = "wasm32")]
pub fn log(level: Level, line: &LogLine) {
    let text = line.to_json();
    match level {
        Level::Info => worker::console_log!("{text}"),
        Level::Warn => worker::console_warn!("{text}"),
        Level::Error => worker::console_error!("{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_line_is_one_json_object_without_the_token_of_its_path() {
        let token = "ab".repeat(32);
        let line = LogLine {
            problem: Some("link_used".into()),
            ..LogLine::request("8f1c-IAD", &format!("/api/transfer/fix/{token}"), "POST", 410, 12)
        };
        let json: serde_json::Value = serde_json::from_str(&line.to_json()).unwrap_or_default();
        assert_eq!(json["event"], "request");
        assert_eq!(json["route"], "/api/transfer/fix/…");
        assert_eq!((json["status"].as_u64(), json["duration_ms"].as_u64()), (Some(410), Some(12)));
        assert_eq!(json["problem"], "link_used");
        assert!(json.get("cause").is_none() && !line.to_json().contains(&token));
    }
}
