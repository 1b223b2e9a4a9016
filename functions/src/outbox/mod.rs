//! The email outbox: no email lost, none sent twice by the registry (README, *Emails*).
//! - An email is written to `email_outbox` in the same D1 batch as the change
//!   that causes it. Its SQL is the store's (`store::outbox`, beside every
//!   other table's, so that the query-plan test reads it too).
//! - Once the batch has committed, its rows go on the email queue
//!   ([`sending`]); the cron puts overdue rows on it again (`runtime/cron.rs`).
//! - The queue's consumer (`runtime/queues.rs`) sends each row once
//!   ([`delivery`]: the row is claimed first, failures wait longer each time,
//!   and after twelve the row is a dead letter for `scripts/outbox`).
//! - Whoever carries the email: Cloudflare Email Service, or the dev mailbox
//!   of a local run or a preview ([`providers`]).

pub mod delivery;
#[cfg(target_arch = "wasm32")]
pub mod providers;
#[cfg(target_arch = "wasm32")]
pub mod sending;
