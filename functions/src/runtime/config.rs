//! The worker's configuration, from wrangler.toml `[vars]` (or `--var`); in
//! the staff API's worker, from the registry's worker's, passed on with each
//! request (`staff_api_worker`). A missing value fails loudly on first use
//! instead of sending broken links.

use domain::challenge::Challenge;
use domain::deadline::{DeadlineNotice, TransferDeadline};
use domain::routes;
use domain::session::{Holder, Limits};
use worker::Env;

use crate::cloudflare_access::AccessPolicy;
use crate::error::AppError;
use crate::login_gov::client_assertion::ClientKey;
use crate::login_gov::preview::PreviewOrigins;
use crate::login_gov::{ClientAuth, RelyingParty};
use crate::settings::{self, Vars, LOGIN_GOV_CLIENT_PRIVATE_JWK as CLIENT_KEY_SECRET};
use crate::turnstile::Turnstile;

#[derive(Clone)]
pub struct Config {
    /// `local`, `preview`, `staging` or `production`, as `/api/health` names it.
    pub environment: String,
    /// Where the registry is served, for links in emails: `https://nationalregistry.fmcsa.dot.gov`;
    /// on a preview, the preview's own address (`scripts/deploy preview` sets it).
    pub public_origin: String,
    /// The previews whose sign-ins this worker (staging) relays (`login_gov::preview`).
    pub preview_origins: PreviewOrigins,
    /// Cloudflare Access in front of the staff side, whose assertion the worker verifies too.
    pub staff_access: Option<AccessPolicy>,
    /// Transfer requests per hour from one client address before the check (Turnstile).
    pub transfer_limit_per_ip: i64,
    /// Transfer requests per hour about one National Registry number before the check.
    pub transfer_limit_per_number: i64,
    /// The check met past those limits.
    pub turnstile: Turnstile,
    /// Sign-ins refused before anyone was identified, audited per hour for one client address.
    pub sign_in_refusals_per_ip: i64,
    /// The last day to move an account to login.gov, if one is set.
    pub transfer_deadline: Option<TransferDeadline>,
    /// What missing it means, in the program office's words.
    pub after_deadline_words: String,
    /// The pace of each reminder campaign, held under the email provider's sending limits.
    pub campaign_emails_per_minute: i64,
    /// login.gov (or the provider standing in for it): issuer, client id, return addresses.
    pub login_gov: RelyingParty,
    pub client_auth: ClientAuth,
    /// A shorter idle limit for every session, where a run sets one
    /// (`SESSION_IDLE_SECONDS`: the tests of the warning before a sign-out).
    pub shorter_session_idle: Option<i64>,
    /// The vars all this was read from: what the registry's worker passes on to the staff API's.
    pub vars: Vars,
}

impl Config {
    pub fn from_env(env: &Env) -> Result<Self, AppError> {
        Self::from_vars(Vars::read(|name| env.var(name).ok().map(|v| v.to_string())))
    }

    /// The configuration from these vars: the worker's own, or those the
    /// registry's worker passes on to the staff API's (`staff_api_worker`).
    pub fn from_vars(vars: Vars) -> Result<Self, AppError> {
        let optional = |name: &str| match vars.get(name) {
            Ok(value) => Ok(value.map(str::to_owned)),
            Err(undeclared) => Err(AppError::internal(undeclared.to_string())),
        };
        let var = |name: &str| {
            optional(name)?
                .ok_or_else(|| AppError::internal(format!("the variable {name} is not set in this environment")))
        };
        let number = |name: &str| {
            var(name)?
                .parse::<i64>()
                .map_err(|_| AppError::internal(format!("the variable {name} is not a whole number")))
        };
        // A return address that is no URL is ours to fix, not login.gov's.
        let url = |text: String| match worker::Url::parse(&text) {
            Ok(_) => Ok(text),
            Err(e) => Err(AppError::while_doing("LOGIN_GOV_REDIRECT_URI", e)),
        };
        Ok(Self {
            environment: var(settings::ENVIRONMENT)?,
            public_origin: var(settings::PUBLIC_ORIGIN)?.trim_end_matches('/').to_owned(),
            preview_origins: PreviewOrigins::parse(&var(settings::PREVIEW_ORIGINS)?),
            // Both or neither: one alone would leave the staff side without Access's check.
            staff_access: match (optional(settings::STAFF_ACCESS_ISSUER)?, optional(settings::STAFF_ACCESS_AUD)?) {
                (None, None) => None,
                (Some(issuer), Some(audience)) if issuer.is_empty() == audience.is_empty() => {
                    AccessPolicy::from_settings(&issuer, &audience)
                }
                _ => return Err(AppError::internal("STAFF_ACCESS_ISSUER and STAFF_ACCESS_AUD go together")),
            },
            transfer_limit_per_ip: number(settings::TRANSFER_LIMIT_PER_IP)?,
            transfer_limit_per_number: number(settings::TRANSFER_LIMIT_PER_NUMBER)?,
            turnstile: Turnstile {
                challenge: Challenge {
                    site_key: var(settings::TURNSTILE_SITE_KEY)?,
                    script: var(settings::TURNSTILE_SCRIPT_URL)?,
                    action: crate::turnstile::ACTION.into(),
                },
                siteverify_url: var(settings::TURNSTILE_SITEVERIFY_URL)?,
            },
            sign_in_refusals_per_ip: number(settings::SIGN_IN_REFUSALS_PER_IP)?,
            transfer_deadline: match var(settings::TRANSFER_DEADLINE)?.trim() {
                "" => None,
                date => Some(
                    TransferDeadline::parse(date).map_err(|e| AppError::internal(format!("TRANSFER_DEADLINE: {e}")))?,
                ),
            },
            after_deadline_words: var(settings::AFTER_DEADLINE_WORDS)?,
            campaign_emails_per_minute: number(settings::CAMPAIGN_EMAILS_PER_MINUTE)?,
            login_gov: RelyingParty {
                issuer: var(settings::LOGIN_GOV_ISSUER)?,
                client_id: var(settings::LOGIN_GOV_CLIENT_ID)?,
                redirect_uri: url(var(settings::LOGIN_GOV_REDIRECT_URI)?)?,
                post_logout_redirect_uri: var(settings::LOGIN_GOV_POST_LOGOUT_REDIRECT_URI)?,
            },
            client_auth: ClientAuth::parse(&var(settings::LOGIN_GOV_CLIENT_AUTH)?)
                .ok_or_else(|| AppError::internal("LOGIN_GOV_CLIENT_AUTH is private_key_jwt or pkce"))?,
            shorter_session_idle: match optional(settings::SESSION_IDLE_SECONDS)? {
                Some(_) => Some(number(settings::SESSION_IDLE_SECONDS)?),
                None => None,
            },
            vars,
        })
    }

    /// Whether login.gov answers at staging's relay (a preview's redirect URI):
    /// the sign-in's state then names this origin.
    pub fn signs_in_through_relay(&self) -> bool {
        self.login_gov.redirect_uri.ends_with(routes::PREVIEW_CALLBACK)
    }

    /// Where the deadline stands today, for the pages; none when no deadline is set.
    pub fn deadline_notice(&self) -> Option<DeadlineNotice> {
        let today = domain::account::us_today(super::now_seconds());
        self.transfer_deadline
            .as_ref()
            .map(|deadline| DeadlineNotice::new(deadline, &today, &self.after_deadline_words))
    }

    /// The sentence the transfer emails carry while the deadline is ahead.
    pub fn deadline_reminder(&self) -> Option<String> {
        let today = domain::account::us_today(super::now_seconds());
        let ahead = |d: &&TransferDeadline| !matches!(d.stage(&today), domain::deadline::DeadlineStage::Passed);
        self.transfer_deadline.as_ref().filter(ahead).map(TransferDeadline::reminder)
    }

    /// This holder's session limits here: its own, or the shorter idle limit
    /// a run sets (`Limits::of` only ever shortens).
    pub fn session_limits<H: Holder>(&self) -> Limits {
        Limits::of::<H>(self.shorter_session_idle)
    }

    /// The client's private key, for `private_key_jwt`; none for PKCE alone.
    pub fn client_key(&self, env: &Env) -> Result<Option<ClientKey>, AppError> {
        if self.client_auth == ClientAuth::Pkce {
            return Ok(None);
        }
        let jwk = env.secret(CLIENT_KEY_SECRET).map_err(|_| {
            AppError::internal(format!("the secret {CLIENT_KEY_SECRET} is not set (wrangler secret put)"))
        })?;
        ClientKey::from_jwk(&jwk.to_string())
            .map(Some)
            .map_err(|e| AppError::internal(format!("{CLIENT_KEY_SECRET}: {e}")))
    }

    /// The registry's own sign-in with login.gov, where the emails' buttons
    /// lead: login.gov's sign-in page (with "Create an account"), then back here.
    pub fn log_in_url(&self) -> String {
        format!("{}{}", self.public_origin, routes::LOGIN_GOV)
    }

    /// Where a signed-in person reviews their account.
    pub fn my_account_url(&self) -> String {
        format!("{}{}", self.public_origin, routes::ACCOUNT)
    }

    /// The single-use page where a signed-in person confirms a new email address.
    pub fn email_change_url(&self, token: &domain::link_token::LinkToken) -> String {
        format!("{}{}", self.public_origin, routes::EMAIL_CHANGE_CONFIRM.page.with(token.as_str()))
    }

    /// The single-use page where a person with a shared email gives a new one.
    pub fn fix_url(&self, token: &domain::link_token::LinkToken) -> String {
        format!("{}{}", self.public_origin, routes::TRANSFER_FIX.page.with(token.as_str()))
    }

    /// The single-use page where that new address is confirmed.
    pub fn confirm_url(&self, token: &domain::link_token::LinkToken) -> String {
        format!("{}{}", self.public_origin, routes::TRANSFER_CONFIRM.page.with(token.as_str()))
    }
}
