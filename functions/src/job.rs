//! What the worker's queues carry (wrangler.toml `[[queues]]`): the email
//! queue an outbox row to send, the transfer queue a claim to decide. The
//! consumer is `runtime/queues.rs`; a preview has none.

use domain::transfer::TransferClaim;
use serde::{Deserialize, Serialize};

/// What the worker's queues carry; the consumer does each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Send this outbox row (the email queue).
    SendEmail { outbox_id: i64 },
    /// Look a Transfer or Create Account claim up, decide, write the outcome
    /// and queue its email (the transfer queue): none of it before the answer.
    Transfer { claim: TransferClaim },
}

/// A Worker Preview has no queue consumer and no cron (Cloudflare's limits):
/// a preview does the queues' work within the request that causes it.
#[cfg(target_arch = "wasm32")]
pub fn works_without_queues(env: &worker::Env) -> bool {
    use crate::settings::{ENVIRONMENT, PREVIEW};
    env.var(ENVIRONMENT).is_ok_and(|v| v.to_string() == PREVIEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_goes_through_the_queue_unchanged_license_as_written() {
        let form = domain::transfer::TransferForm {
            account_type: "examiner".into(),
            registry_number: "1000000001".into(),
            license_number: "md 483920".into(),
            license_state: "Maryland".into(),
            email: String::new(),
        };
        let job = Job::Transfer { claim: form.parse().unwrap_or_else(|e| panic!("{e:?}")) };
        let json = serde_json::to_string(&job).unwrap_or_default();
        assert!(json.contains(r#""job":"transfer""#) && json.contains(r#""license_number":"md 483920""#), "{json}");
        assert_eq!(serde_json::from_str::<Job>(&json).ok(), Some(job));
        let email: Result<Job, _> = serde_json::from_str(r#"{"job":"send_email","outbox_id":7}"#);
        assert_eq!(email.ok(), Some(Job::SendEmail { outbox_id: 7 }));
    }
}
