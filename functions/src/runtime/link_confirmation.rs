//! The first sign-in of an identity that matched an account by email
//! (`domain::link_confirmation`): nothing is linked until the person answers.
//! - the callback keeps the question in D1 for 10 minutes, bound to this
//!   browser by the `__Host-` link cookie, and sends the person to `/sign-in/confirm`;
//! - `GET  /api/sign-in/link`: whose account it is, and whether login.gov
//!   must verify the person's identity first;
//! - `POST /api/sign-in/link`: the answer (with the question's CSRF token):
//!   linked and signed in; or to login.gov, which verifies the person's
//!   identity and comes back to [`verified`]; or "not mine" (audited, to the help desk).

use domain::audit::{Actor, AuditEvent};
use domain::emails;
use domain::hex::sha256_hex;
use domain::identity::{self, Mismatch, OnFile};
use domain::link_confirmation::{self, AccountToConfirm, LinkAnswer, LinkDecision, PendingLink, SignInContinues};
use domain::sign_in::SignInProblem;
use worker::{Headers, Request, Response};

use super::context::Context;
use super::sign_in_steps::{
    keep, peek, problem_page, refusal, session_cookies, take, to_login_gov, VERIFY_IDENTITY_SECONDS,
};
use super::{cookie, csrf, json_body, no_store_json, random_text, redirect};
use crate::cookies;
use crate::error::AppError;
use crate::login_gov::authorize::{Assurance, PendingSignIn};
use crate::login_gov::Identity;
use crate::store::{accounts, audit, Database};

/// How long the question waits for the answer; its cookie lives as long.
const CONFIRM_SECONDS: i64 = 600;

fn pending_key(id: &str) -> String {
    format!("link:{}", sha256_hex(id))
}

/// Keeps the question for `seconds` and returns the cookie that binds it to this browser.
async fn keep_question(cx: &Context, link: &PendingLink, seconds: i64) -> Result<String, AppError> {
    let id = random_text()?;
    keep(cx, &pending_key(&id), link, seconds).await?;
    Ok(cookies::set(cookies::LINK, &id, seconds))
}

/// Keeps the question waiting and returns the cookie that binds it to this browser.
pub async fn ask(
    cx: &Context,
    account_id: i64,
    verify_identity: bool,
    signing_in: &PendingSignIn,
    subject: &str,
    login_gov_email: &str,
) -> Result<String, AppError> {
    let link = PendingLink {
        account_id,
        subject: subject.to_owned(),
        login_gov_email: login_gov_email.to_owned(),
        return_to: signing_in.return_to.clone(),
        verify_identity,
        csrf_token: random_text()?,
    };
    keep_question(cx, &link, CONFIRM_SECONDS).await
}

/// The id of the question this browser is asked; none is [`AppError::NoLinkToConfirm`].
fn question_id(req: &Request) -> Result<String, AppError> {
    cookie(req, cookies::LINK).ok_or(AppError::NoLinkToConfirm)
}

/// `GET /api/sign-in/link`.
pub async fn show(req: Request, cx: &Context) -> Result<Response, AppError> {
    let link: PendingLink = peek(cx, &pending_key(&question_id(&req)?)).await?.ok_or(AppError::NoLinkToConfirm)?;
    let db = &cx.db;
    let account = accounts::to_confirm(db, link.account_id).await?.ok_or(AppError::NoLinkToConfirm)?;
    let shown = AccountToConfirm {
        first_name: account.first_name,
        last_name: account.last_name,
        registry_number: account.registry_number,
        verify_identity: link.verify_identity,
        csrf_token: link.csrf_token,
    };
    no_store_json(&shown)
}

/// `POST /api/sign-in/link`. The question is taken as it is answered: it is
/// answered once, whatever races it.
pub async fn answer(mut req: Request, cx: &Context) -> Result<Response, AppError> {
    let key = pending_key(&question_id(&req)?);
    let link: PendingLink = peek(cx, &key).await?.ok_or(AppError::NoLinkToConfirm)?;
    let expected = (link.csrf_token.as_str(), Some(link.account_id), Actor::SignIn);
    csrf::check(&req, cx, expected).await?;
    let answer: LinkAnswer = json_body(&mut req).await?;
    let decision = link_confirmation::decide(link.verify_identity, &answer);
    // To login.gov's verification: its address first, so that if login.gov cannot be reached the question stays.
    let to_verify = match decision {
        LinkDecision::VerifyIdentity => {
            Some(to_login_gov(cx, (Assurance::IdentityVerified, false), &link.return_to).await?)
        }
        LinkDecision::Link | LinkDecision::NotMine => None,
    };
    let link: PendingLink = take(cx, &key).await?.ok_or(AppError::NoLinkToConfirm)?;
    let db = &cx.db;
    match decision {
        LinkDecision::VerifyIdentity => {
            let (location, sign_in) =
                to_verify.ok_or_else(|| AppError::internal("a verification without its sign-in"))?;
            // Kept again, as long as verifying may take, for the answer login.gov brings back.
            let question = keep_question(cx, &link, VERIFY_IDENTITY_SECONDS).await?;
            continues(&location, &[question, sign_in])
        }
        LinkDecision::NotMine => {
            db.batch(&[audit::record(Some(link.account_id), AuditEvent::LinkDeclined, Actor::SignIn, None)]).await?;
            continues(&problem_page(SignInProblem::NotYourAccount), &[cookies::clear(cookies::LINK)])
        }
        LinkDecision::Link => {
            let (location, set_cookies) = linked(&req, cx, &link, false).await?;
            continues(&location, &set_cookies)
        }
    }
}

/// Back from login.gov with a verified identity: the account is linked if the
/// same login.gov account verified the name (and date of birth) on file.
/// Anything else links nothing, is audited with the reason, and sends the
/// person to the help desk.
pub async fn verified(req: &Request, cx: &Context, identity: &Identity) -> Result<Response, AppError> {
    let clear = [cookies::clear(cookies::LINK), cookies::clear(cookies::SIGN_IN)];
    let question = match cookie(req, cookies::LINK) {
        Some(id) => take::<PendingLink>(cx, &pending_key(&id)).await?,
        None => None,
    };
    let Some(link) = question else {
        let page = refusal(cx, SignInProblem::Expired, "an identity verification whose question expired").await?;
        return redirect(&page, &clear);
    };
    let Some(verified) = &identity.verified else {
        let page = refusal(cx, SignInProblem::NotVerified, "login.gov returned no verified name").await?;
        return redirect(&page, &clear);
    };
    let db = &cx.db;
    let account = accounts::to_confirm(db, link.account_id)
        .await?
        .ok_or_else(|| AppError::internal(format!("account {} vanished while verifying", link.account_id)))?;
    let on_file = OnFile {
        first_name: &account.first_name,
        last_name: &account.last_name,
        date_of_birth: account.date_of_birth.as_deref(),
    };
    let checked = if identity.subject == link.subject {
        identity::check(&on_file, verified)
    } else {
        Err(Mismatch::AnotherLoginGovAccount)
    };
    if let Err(mismatch) = checked {
        let event =
            audit::record(Some(link.account_id), AuditEvent::IdentityNotMatched, Actor::SignIn, Some(mismatch.code()));
        db.batch(&[event]).await?;
        let page = refusal(cx, SignInProblem::IdentityNotMatched, &mismatch.to_string()).await?;
        return redirect(&page, &clear);
    }
    let (location, set_cookies) = linked(req, cx, &link, true).await?;
    redirect(&location, &set_cookies)
}

/// Links the account the person said is theirs (its identity verified, if
/// `verified`), and starts their session: where they go next, and the cookies.
async fn linked(
    req: &Request,
    cx: &Context,
    link: &PendingLink,
    verified: bool,
) -> Result<(String, Vec<String>), AppError> {
    let db = &cx.db;
    let clear = cookies::clear(cookies::LINK);
    let Some((primary, _)) = accounts::emails_of(db, link.account_id).await? else {
        return Err(AppError::internal(format!("account {} vanished while linking", link.account_id)));
    };
    let notice = emails::linked(&primary, &cx.config.my_account_url());
    let written =
        db.batch(&accounts::link(link.account_id, &link.subject, &link.login_gov_email, &notice, verified)).await?;
    // The link is made only if the account was still free (another sign-in may
    // have won a race) and its addresses still proved something, or the person was verified.
    if accounts::linked_to(db, &link.subject).await? != Some(link.account_id) {
        let cause = "the account was linked by another sign-in meanwhile, or its address came to prove nothing";
        return Ok((refusal(cx, SignInProblem::LinkedToAnother, cause).await?, vec![clear]));
    }
    cx.enqueue(&written).await;
    let mut set_cookies = session_cookies(req, cx, link.account_id, &link.subject, &link.login_gov_email).await?;
    set_cookies.push(clear);
    Ok((link.return_to.clone(), set_cookies))
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
