//! Sending one outbox email. A failure leaves the email in the outbox, with
//! the attempt and the error recorded, and the queue tries again later.

use async_trait::async_trait;

use crate::store::outbox::{self, StoredEmail};
use crate::store::{Database, StoreError};

/// Whoever carries the email to the inbox.
#[async_trait(?Send)]
pub trait EmailProvider {
    async fn send(&self, email: &StoredEmail) -> Result<(), String>;
}

#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Sent already (a queue message can arrive twice), or being sent by another delivery: nothing to do.
    NothingPending,
    /// The provider refused or failed; try again after `retry_in_seconds`.
    Failed {
        retry_in_seconds: u32,
    },
    /// The provider failed [`MAX_ATTEMPTS`] times: the row is `failed`, a dead letter.
    GaveUp,
}

/// The recipients a non-production environment may email (`EMAIL_ALLOWED_RECIPIENTS`:
/// addresses, or `@domain` for a whole domain, separated by commas or spaces).
/// Staging and its previews hold the synthetic registry: an email to anyone
/// else is kept for staff to read, never sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedRecipients(Vec<String>);

impl AllowedRecipients {
    pub fn parse(setting: &str) -> Self {
        Self(setting.split([' ', ',']).filter(|p| !p.is_empty()).map(str::to_ascii_lowercase).collect())
    }

    pub fn allows(&self, address: &str) -> bool {
        let address = address.to_ascii_lowercase();
        self.0.iter().any(|allowed| match allowed.strip_prefix('@') {
            Some(domain) => address.rsplit_once('@').is_some_and(|(_, host)| host == domain),
            None => *allowed == address,
        })
    }
}

/// Attempts before an email is given up on: with the backoff, about 11 hours of trying.
pub const MAX_ATTEMPTS: i64 = 12;

/// Sends one outbox email and records what happened. The row is claimed
/// first, so that two deliveries of it (the queue's retry and the sweep's)
/// cannot both send it.
pub async fn deliver(db: &dyn Database, provider: &dyn EmailProvider, outbox_id: i64) -> Result<Delivery, StoreError> {
    let Some(email) = outbox::claim(db, outbox_id).await? else {
        return Ok(Delivery::NothingPending);
    };
    match provider.send(&email).await {
        Ok(()) => {
            outbox::mark_sent(db, outbox_id).await?;
            Ok(Delivery::Sent)
        }
        Err(error) if email.attempts >= MAX_ATTEMPTS => {
            outbox::mark_failed(db, outbox_id, &error).await?;
            Ok(Delivery::GaveUp)
        }
        Err(error) => {
            let retry_in_seconds = backoff_seconds(email.attempts);
            outbox::record_failure(db, outbox_id, &error, retry_in_seconds).await?;
            Ok(Delivery::Failed { retry_in_seconds })
        }
    }
}

/// 10 s, 20 s, 40 s, … doubling after each failed attempt, at most an hour.
pub fn backoff_seconds(failed_attempts: i64) -> u32 {
    let exponent = u32::try_from(failed_attempts.saturating_sub(1).clamp(0, 12)).unwrap_or(12);
    (10u32 << exponent).min(3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_allowed_addresses_and_domains_are_emailed() {
        let allowed = AllowedRecipients::parse("@dot.gov, tester@example.com");
        for address in ["someone@dot.gov", "Someone@DOT.gov", "tester@example.com"] {
            assert!(allowed.allows(address), "{address}");
        }
        for address in ["someone@fmcsa.dot.gov", "someone@dot.gov.evil.example", "other@example.com", "dot.gov"] {
            assert!(!allowed.allows(address), "{address}");
        }
        assert!(!AllowedRecipients::parse("").allows("someone@dot.gov"));
    }

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_an_hour() {
        let waits: Vec<u32> = (1..=11).map(backoff_seconds).collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]);
        assert_eq!(backoff_seconds(0), 10);
        assert_eq!(backoff_seconds(i64::MAX), 3600);
    }
}
