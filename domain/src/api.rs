//! The JSON the worker answers with, as both sides see it.

use serde::{Deserialize, Serialize};

use crate::form::FieldMessage;

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// The build: crate version and commit.
    pub version: String,
    /// `local`, `staging` or `production` (a preview is a version of staging).
    pub environment: String,
    /// The commit the worker was built from.
    pub commit: String,
    pub d1: Check,
    pub kv: Check,
    /// Whether the staff API's own worker answers through its service binding.
    pub staff_api: Check,
    /// Outbox emails given up on (dead letters) and overdue by 15 minutes; `None` when D1 does not answer.
    pub emails_failed: Option<i64>,
    pub emails_overdue: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Ok,
    Failing,
}

/// An answer that is only words for the person: `POST /api/transfer` (the
/// same bytes for every outcome), and the steps of the shared-email fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub message: String,
}

/// Every refusal from `/api/*`: a stable code for programs and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    pub message: String,
    /// For a form: what is wrong with each field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
    /// Past a limit: the check to pass before the request is made again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<crate::challenge::Challenge>,
}

/// An email the registry sent, as the local dev mailbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEmail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
}
