//! The shared-email fix, behind the links in the emails:
//! - `GET  /api/transfer/fix/{token}`: can this fix link still be used?
//! - `POST /api/transfer/fix/{token}`: a new address, twice; a confirmation link goes to it;
//! - `GET  /api/transfer/confirm/{token}`: can this confirmation link still be used?
//! - `POST /api/transfer/confirm/{token}`: the new address becomes the primary
//!   email, the account is migrated and gets "migrated successfully".

use domain::api::Notice;
use domain::email_fix::{NewEmailField, NewEmailForm, EMAIL_TAKEN, FIX_LINK_DECLINED};
use domain::emails;
use domain::form::FieldErrors;
use domain::link::{AccountNamed, LinkPurpose, LinkStatus, StoredLink, UsableLink};
use domain::link_token::LinkToken;
use domain::Email;
use worker::{Request, Response};

use super::context::Context;
use super::{json_body, no_store_json, random_link_token};
use crate::error::AppError;
use crate::store::d1::D1;
use crate::store::{accounts, links, outbox, Database};

/// The link behind `token`, if it can still be used for `purpose`.
pub(crate) async fn usable_link(
    db: &D1,
    token: &str,
    purpose: LinkPurpose,
) -> Result<(LinkToken, StoredLink), AppError> {
    let token = LinkToken::parse(token).ok_or(AppError::Link(LinkStatus::Unknown))?;
    let link = links::find(db, &token).await?;
    match (LinkStatus::of(link.as_ref(), purpose), link) {
        (LinkStatus::Usable, Some(link)) => Ok((token, link)),
        (status, _) => Err(AppError::Link(status)),
    }
}

/// `GET` of a link: whose account it is for and what it confirms, or the refusal that says why not.
pub async fn check_link(cx: &Context, token: &str, purpose: LinkPurpose) -> Result<Response, AppError> {
    let db = &cx.db;
    let (_, link) = usable_link(db, token, purpose).await?;
    let account = accounts::to_confirm(db, link.account_id)
        .await?
        .ok_or_else(|| AppError::internal(format!("a link of account {}, which is gone", link.account_id)))?;
    let account = AccountNamed {
        name: format!("{} {}", account.first_name, account.last_name),
        registry_number: account.registry_number,
    };
    no_store_json(&UsableLink { confirms: link.new_email, account })
}

/// `DELETE /api/transfer/fix/{token}`: the person who opened a fix link says
/// the account it names is not theirs (a shared mailbox): the link is spent,
/// so nobody reading that mailbox can use it, and that is audited. (Like every
/// request that changes something, refused before it is read when a page of
/// another site sends it.)
pub async fn decline_fix_link(cx: &Context, token: &str) -> Result<Response, AppError> {
    let db = &cx.db;
    let (fix, link) = usable_link(db, token, LinkPurpose::DuplicateEmailFix).await?;
    db.batch(&links::decline_fix(&fix, link.account_id)).await?;
    Ok(Response::from_json(&Notice { message: FIX_LINK_DECLINED.into() })?)
}

fn taken() -> AppError {
    FieldErrors::one(NewEmailField::NewEmail, EMAIL_TAKEN).into()
}

pub async fn request_new_email(mut req: Request, cx: &Context, token: &str) -> Result<Response, AppError> {
    let db = &cx.db;
    let (fix, link) = usable_link(db, token, LinkPurpose::DuplicateEmailFix).await?;
    let form: NewEmailForm = json_body(&mut req).await?;
    let new_email = form.parse()?;
    if links::taken_by_another(db, link.account_id, &new_email).await? {
        // Counted: after a few, the link is spent, so that it cannot test addresses one after another.
        links::refused(db, &fix).await?;
        return Err(taken());
    }
    let confirm = random_link_token()?;
    let message = emails::confirm_new_email(&new_email, &cx.config.confirm_url(&confirm));
    let written = db.batch(&links::request_new_email(&fix, link.account_id, &new_email, &confirm, &message)).await?;
    cx.enqueue(&written).await;
    Ok(Response::from_json(&Notice {
        message: format!(
            "We sent a link to {new_email}. Open that email and select the link to confirm your new address."
        ),
    })?
    .with_status(202))
}

pub async fn confirm_new_email(cx: &Context, token: &str) -> Result<Response, AppError> {
    let db = &cx.db;
    let (confirm, link) = usable_link(db, token, LinkPurpose::ConfirmNewEmail).await?;
    let new_email = link
        .new_email
        .as_deref()
        .and_then(|e| Email::parse(e).ok())
        .ok_or_else(|| AppError::internal("a confirmation link without its address"))?;
    // The address may have been taken since the link was sent.
    if links::taken_by_another(db, link.account_id, &new_email).await? {
        return Err(taken());
    }
    let message = emails::migrated(&new_email, &cx.config.log_in_url(), cx.config.deadline_reminder().as_deref());
    let written = db.batch(&links::confirm_new_email(&confirm, link.account_id, &new_email, &message)).await?;
    if outbox::queued(&written).is_empty() {
        // Another link moved the account first: this one changed nothing, and says so.
        return Err(AppError::Link(LinkStatus::Superseded));
    }
    cx.enqueue(&written).await;
    Ok(Response::from_json(&Notice {
        message: format!(
            "{new_email} is now the primary email of your National Registry account, and your account was migrated. \
             Use {new_email} at login.gov: create your login.gov account with it, or add it to the login.gov account \
             you have. We sent it an email whose button takes you there."
        ),
    })?)
}
