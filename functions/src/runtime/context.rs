//! What a request's handlers work with, made once by `entry` for each request
//! (and by the queue consumer and the cron for their work): the worker's
//! bindings, its configuration and D1. A handler takes the context, and the
//! session its route needs (`entry::caller_session`); none takes `Env` itself.

use worker::{Env, KvStore};

use super::config::Config;
use crate::bindings;
use crate::error::AppError;
use crate::outbox::sending;
use crate::store::d1::D1;

pub struct Context {
    pub env: Env,
    pub config: Config,
    pub db: D1,
}

impl Context {
    /// The configuration read and D1 bound, once: a deployment without a setting answers nothing but 500.
    pub fn of(env: Env) -> Result<Self, AppError> {
        let config = Config::from_env(&env)?;
        Self::passed_on(env, config)
    }

    /// This worker's bindings with this configuration: in the staff API's
    /// worker, the registry's worker's, passed on with the request (`staff_api_worker`).
    pub fn passed_on(env: Env, config: Config) -> Result<Self, AppError> {
        let db = D1::of(&env)?;
        Ok(Self { env, config, db })
    }

    /// The outbox rows this committed batch wrote, put on the email queue
    /// (`outbox::sending`): a failure is logged, not the person's.
    pub async fn enqueue(&self, batch_results: &[Vec<serde_json::Value>]) {
        sending::enqueue(&self.env, &self.db, batch_results).await;
    }

    /// The KV namespace: sessions, and login.gov's discovery document and keys.
    pub fn kv(&self) -> Result<KvStore, AppError> {
        Ok(self.env.kv(bindings::KV)?)
    }
}
