//! The providers behind [`EmailProvider`], chosen by the `EMAIL_PROVIDER` var:
//! - `cloudflare`: Cloudflare Email Service through the `send_email` binding
//!   `EMAIL`, from the address in `EMAIL_FROM` (staging and production);
//! - `dev-mailbox`: local runs only. Sending delivers into the `dev_mailbox`
//!   table, which `/dev/mailbox` shows. While the KV key `dev-mailbox:down`
//!   exists it fails like a provider that is down, so an outage can be
//!   rehearsed locally.

use async_trait::async_trait;
use worker::kv::KvStore;
use worker::{Env, SendEmail, SendEmailBuilder};

use crate::bindings;
use crate::delivery::EmailProvider;
use crate::error::AppError;
use crate::store::d1::D1;
use crate::store::outbox::{self, StoredEmail};

pub const DEV_MAILBOX: &str = "dev-mailbox";
const DEV_MAILBOX_DOWN: &str = "dev-mailbox:down";

pub enum Provider {
    Cloudflare { binding: SendEmail, from: String },
    DevMailbox { kv: KvStore, db: D1 },
}

/// Whether this deployment is a local one, with the dev mailbox.
pub fn has_dev_mailbox(env: &Env) -> bool {
    env.var("EMAIL_PROVIDER").is_ok_and(|v| v.to_string() == DEV_MAILBOX)
}

pub fn from_env(env: &Env) -> Result<Provider, AppError> {
    let setting = env.var("EMAIL_PROVIDER").map(|v| v.to_string()).unwrap_or_default();
    match setting.as_str() {
        "cloudflare" => Ok(Provider::Cloudflare {
            binding: env.send_email(bindings::EMAIL)?,
            from: env
                .var("EMAIL_FROM")
                .map(|v| v.to_string())
                .map_err(|_| AppError::internal("EMAIL_FROM is not set"))?,
        }),
        DEV_MAILBOX => Ok(Provider::DevMailbox { kv: env.kv(bindings::KV)?, db: D1(env.d1(bindings::DB)?) }),
        other => Err(AppError::internal(format!("EMAIL_PROVIDER is \"{other}\": set cloudflare or dev-mailbox"))),
    }
}

#[async_trait(?Send)]
impl EmailProvider for Provider {
    async fn send(&self, email: &StoredEmail) -> Result<(), String> {
        match self {
            Self::Cloudflare { binding, from } => {
                let message = SendEmailBuilder::new(from, &email.to_address, &email.subject);
                message.set_text(&email.text_body);
                message.set_html(&email.html_body);
                binding
                    .send_with_builder(&message)
                    .await
                    .map(drop)
                    .map_err(|e| format!("Cloudflare Email Service: {e:?}"))
            }
            Self::DevMailbox { kv, db } => match kv.get(DEV_MAILBOX_DOWN).text().await {
                Ok(None) => outbox::deliver_to_dev_mailbox(db, email).await.map_err(|e| e.to_string()),
                Ok(Some(_)) => Err("the dev mailbox is down (KV key dev-mailbox:down)".into()),
                Err(e) => Err(e.to_string()),
            },
        }
    }
}
