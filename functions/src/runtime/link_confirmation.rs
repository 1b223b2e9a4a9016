//! The first sign-in of an identity that matched an account by email
//! (`domain::link_confirmation`): nothing is linked until the person answers.
//! - the callback keeps the link waiting in KV for 10 minutes, bound to this
//!   browser by the `__Host-` link cookie, and sends the person to `/sign-in/confirm`;
//! - `GET  /api/sign-in/link`: whose account it is, and what proof is asked;
//! - `POST /api/sign-in/link`: the answer (with the link's CSRF token): linked
//!   and signed in, or "not mine" (audited, to the help desk), or the proof's mistake.

use domain::audit::{Actor, AuditEvent};
use domain::emails;
use domain::hex::sha256_hex;
use domain::link_confirmation::{
    self, AccountToConfirm, LinkAnswer, LinkDecision, OnFile, PendingLink, Proof, SignInContinues, PROOFS_PER_HOUR,
};
use domain::rate_limit;
use domain::sign_in::SignInProblem;
use worker::{Env, Headers, Request, Response};

use super::config::Config;
use super::sign_in::{problem_page, refusal, session_cookies};
use super::{cookie, csrf, enqueue, json_body, no_store_json, random_text};
use crate::bindings;
use crate::cookies;
use crate::error::AppError;
use crate::login_gov::authorize::PendingSignIn;
use crate::store::d1::D1;
use crate::store::{accounts, audit, rate_limits, Database};

/// How long the question waits for the answer; its cookie lives as long.
const CONFIRM_SECONDS: u64 = 600;

fn pending_key(id: &str) -> String {
    format!("link:{}", sha256_hex(id))
}

/// Keeps the link waiting and returns the cookie that binds it to this browser.
pub async fn ask(
    env: &Env,
    db: &D1,
    account_id: i64,
    needs_proof: bool,
    signing_in: &PendingSignIn,
    subject: &str,
    login_gov_email: &str,
) -> Result<String, AppError> {
    let proof = if needs_proof {
        let account = accounts::to_confirm(db, account_id)
            .await?
            .ok_or_else(|| AppError::internal(format!("account {account_id} vanished while signing in")))?;
        Some(Proof::for_account(account.license_key.is_some()))
    } else {
        None
    };
    let link = PendingLink {
        account_id,
        subject: subject.to_owned(),
        login_gov_email: login_gov_email.to_owned(),
        return_to: signing_in.return_to.clone(),
        proof,
        csrf_token: random_text()?,
    };
    let id = random_text()?;
    let kv = env.kv(bindings::KV)?;
    kv.put(&pending_key(&id), serde_json::to_string(&link)?)?.expiration_ttl(CONFIRM_SECONDS).execute().await?;
    Ok(cookies::set(cookies::LINK, &id, CONFIRM_SECONDS as i64))
}

/// The link this browser is asked about, and its id; none is [`AppError::NoLinkToConfirm`].
async fn waiting(req: &Request, env: &Env) -> Result<(String, PendingLink), AppError> {
    let id = cookie(req, cookies::LINK).ok_or(AppError::NoLinkToConfirm)?;
    let link = env.kv(bindings::KV)?.get(&pending_key(&id)).json::<PendingLink>().await?;
    Ok((id, link.ok_or(AppError::NoLinkToConfirm)?))
}

/// `GET /api/sign-in/link`.
pub async fn show(req: Request, env: &Env) -> Result<Response, AppError> {
    let (_, link) = waiting(&req, env).await?;
    let db = D1(env.d1(bindings::DB)?);
    let account = accounts::to_confirm(&db, link.account_id).await?.ok_or(AppError::NoLinkToConfirm)?;
    let shown = AccountToConfirm {
        first_name: account.first_name,
        last_name: account.last_name,
        registry_number: (link.proof != Some(Proof::RegistryNumber)).then_some(account.registry_number),
        proof: link.proof,
        csrf_token: link.csrf_token,
    };
    no_store_json(&shown)
}

/// `POST /api/sign-in/link`.
pub async fn answer(mut req: Request, env: &Env, config: &Config) -> Result<Response, AppError> {
    let (id, link) = waiting(&req, env).await?;
    let db = D1(env.d1(bindings::DB)?);
    let expected = (link.csrf_token.as_str(), Some(link.account_id), Actor::SignIn);
    csrf::check(&req, env, config, expected, req.headers().get("x-csrf-token")?.as_deref()).await?;
    let answer: LinkAnswer = json_body(&mut req).await?;
    if answer.mine && link.proof.is_some() {
        let client_ip = req.headers().get("cf-connecting-ip")?.unwrap_or_default();
        let [by_account, by_ip] =
            rate_limits::hit(&db, &rate_limit::link_proof_buckets(link.account_id, &client_ip)).await?;
        if !rate_limit::allowed(&[(by_account, PROOFS_PER_HOUR), (by_ip, config.transfer_limit_per_ip)]) {
            return Err(AppError::TooManyRequests);
        }
    }
    let account = accounts::to_confirm(&db, link.account_id).await?.ok_or(AppError::NoLinkToConfirm)?;
    let on_file = OnFile { registry_number: &account.registry_number, license_key: account.license_key.as_deref() };
    let decision = match link_confirmation::decide(link.proof, &answer, &on_file) {
        Ok(decision) => decision,
        Err(mistake) => {
            db.batch(&[audit::record(Some(link.account_id), AuditEvent::LinkProofRefused, Actor::SignIn, None)])
                .await?;
            return Err(mistake.into());
        }
    };
    // Answered: the question is not asked twice.
    env.kv(bindings::KV)?.delete(&pending_key(&id)).await?;
    let clear = cookies::clear(cookies::LINK);
    match decision {
        LinkDecision::NotMine => {
            db.batch(&[audit::record(Some(link.account_id), AuditEvent::LinkDeclined, Actor::SignIn, None)]).await?;
            continues(&problem_page(SignInProblem::NotYourAccount), &[clear])
        }
        LinkDecision::Link => {
            let Some((primary, _)) = accounts::emails_of(&db, link.account_id).await? else {
                return Err(AppError::internal(format!("account {} vanished while linking", link.account_id)));
            };
            let notice = emails::linked(&primary, &config.my_account_url());
            let written =
                db.batch(&accounts::link(link.account_id, &link.subject, &link.login_gov_email, &notice)).await?;
            // The link is made only if the account was still free: another sign-in may have won a race.
            if accounts::linked_to(&db, &link.subject).await? != Some(link.account_id) {
                let cause = "the account was linked by another sign-in meanwhile";
                let page = refusal(env, SignInProblem::LinkedToAnother, cause).await?;
                return continues(&page, &[clear]);
            }
            enqueue(env, &written).await;
            let mut cookies = session_cookies(&req, env, link.account_id, &link.subject, &link.login_gov_email).await?;
            cookies.push(clear);
            continues(&link.return_to, &cookies)
        }
    }
}

/// Where the browser goes next, with these cookies set; never cached.
fn continues(location: &str, set_cookies: &[String]) -> Result<Response, AppError> {
    let headers = Headers::new();
    headers.set("cache-control", "no-store")?;
    for set in set_cookies {
        headers.append("set-cookie", set)?;
    }
    Ok(Response::from_json(&SignInContinues { location: location.to_owned() })?.with_headers(headers))
}
