//! The providers behind [`EmailProvider`], chosen by the `EMAIL_PROVIDER` var:
//! - `cloudflare`: Cloudflare Email Service through the `send_email` binding
//!   `EMAIL`, from the address in `EMAIL_FROM` (staging and production); where
//!   `EMAIL_ALLOWED_RECIPIENTS` is set (staging), an email to anyone else is
//!   kept in the `dev_mailbox` table for staff to read, not sent;
//! - `dev-mailbox`: local runs and previews only (`ENVIRONMENT` local or preview; a
//!   preview has no `send_email` binding at all). Sending delivers into the `dev_mailbox`
//!   table, which `/dev/mailbox` shows. While the KV key `dev-mailbox:down`
//!   exists it fails like a provider that is down, so an outage can be
//!   rehearsed locally.

use async_trait::async_trait;
use worker::kv::KvStore;
use worker::{Env, SendEmail, SendEmailBuilder};

use super::delivery::{AllowedRecipients, EmailProvider};
use crate::bindings;
use crate::error::AppError;
use crate::settings::{self, CLOUDFLARE_EMAIL, DEV_MAILBOX};
use crate::store::d1::D1;
use crate::store::outbox::{self, StoredEmail};

const DEV_MAILBOX_DOWN: &str = "dev-mailbox:down";

pub enum Provider {
    Cloudflare { binding: SendEmail, from: String, allowed: Option<(AllowedRecipients, D1)> },
    DevMailbox { kv: KvStore, db: D1 },
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name).ok().map(|v| v.to_string())
}

/// Whether this deployment is a local run or a preview, with the dev mailbox: both settings must say so.
pub fn has_dev_mailbox(env: &Env) -> bool {
    var(env, settings::EMAIL_PROVIDER).as_deref() == Some(DEV_MAILBOX)
        && matches!(var(env, settings::ENVIRONMENT).as_deref(), Some(settings::LOCAL | settings::PREVIEW))
}

pub fn from_env(env: &Env) -> Result<Provider, AppError> {
    let setting = var(env, settings::EMAIL_PROVIDER).unwrap_or_default();
    match setting.as_str() {
        CLOUDFLARE_EMAIL => Ok(Provider::Cloudflare {
            binding: env.send_email(bindings::EMAIL)?,
            from: var(env, settings::EMAIL_FROM).ok_or_else(|| AppError::internal("EMAIL_FROM is not set"))?,
            allowed: match var(env, settings::EMAIL_ALLOWED_RECIPIENTS) {
                Some(list) => Some((AllowedRecipients::parse(&list), D1::of(env)?)),
                None => None,
            },
        }),
        DEV_MAILBOX if has_dev_mailbox(env) => Ok(Provider::DevMailbox { kv: env.kv(bindings::KV)?, db: D1::of(env)? }),
        other => Err(AppError::internal(format!(
            "EMAIL_PROVIDER is \"{other}\": set cloudflare, or dev-mailbox in a local run or a preview"
        ))),
    }
}

#[async_trait(?Send)]
impl EmailProvider for Provider {
    async fn send(&self, email: &StoredEmail) -> Result<(), String> {
        match self {
            Self::Cloudflare { allowed: Some((allowed, db)), .. } if !allowed.allows(&email.to_address) => {
                outbox::deliver_to_dev_mailbox(db, email).await.map_err(|e| e.to_string())
            }
            Self::Cloudflare { binding, from, .. } => {
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
