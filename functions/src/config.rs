//! The worker's configuration, from wrangler.toml `[vars]` (or `--var`).
//! A missing value fails loudly on first use instead of sending broken links.

use worker::Env;

use crate::error::AppError;

pub struct Config {
    /// Where the registry is served, for links in emails: `https://nationalregistry.fmcsa.dot.gov`.
    pub public_origin: String,
    /// Where the "migrated" email's button goes: login.gov's site.
    pub login_gov_account_url: String,
    /// Transfer requests allowed per hour for one National Registry number, and from one client address.
    pub transfer_limit_per_number: i64,
    pub transfer_limit_per_ip: i64,
}

impl Config {
    pub fn from_env(env: &Env) -> Result<Self, AppError> {
        let var = |name: &str| {
            env.var(name)
                .map(|v| v.to_string())
                .map_err(|_| AppError::Internal(format!("the variable {name} is not set in wrangler.toml")))
        };
        let number = |name: &str| {
            var(name)?.parse::<i64>().map_err(|_| AppError::Internal(format!("the variable {name} is not a whole number")))
        };
        Ok(Self {
            public_origin: var("PUBLIC_ORIGIN")?.trim_end_matches('/').to_owned(),
            login_gov_account_url: var("LOGIN_GOV_ACCOUNT_URL")?,
            transfer_limit_per_number: number("TRANSFER_LIMIT_PER_NUMBER")?,
            transfer_limit_per_ip: number("TRANSFER_LIMIT_PER_IP")?,
        })
    }

    /// The single-use page where a person with a shared email gives a new one.
    pub fn fix_url(&self, token: &domain::link_token::LinkToken) -> String {
        format!("{}/transfer/fix/{}", self.public_origin, token.as_str())
    }

    /// The single-use page where that new address is confirmed.
    pub fn confirm_url(&self, token: &domain::link_token::LinkToken) -> String {
        format!("{}/transfer/confirm/{}", self.public_origin, token.as_str())
    }
}
