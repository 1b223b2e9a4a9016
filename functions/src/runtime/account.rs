//! My account's email changes:
//! - `POST /api/account/email` (signed in, CSRF): a new primary or secondary
//!   email; a confirmation link goes to it and nothing changes yet;
//! - `GET  /api/account/email/confirm/{token}`: can this link still be used?
//!   (`email_fix::check_link`, as for the other single-use links);
//! - `POST /api/account/email/confirm/{token}`: the change is made, and the
//!   replaced address is told.

use domain::api::Notice;
use domain::audit::{Actor, AuditEvent};
use domain::email_change::{EmailChangeField, EmailChangeForm, EmailSlot};
use domain::email_fix::EMAIL_TAKEN;
use domain::emails;
use domain::form::FieldErrors;
use domain::link::LinkPurpose;
use domain::rate_limit;
use domain::session::{Examiner, Session};
use domain::Email;
use worker::{Request, Response};

use super::context::Context;
use super::email_fix::usable_link;
use super::{bucket_key, client_ip, json_body, random_link_token};
use crate::error::AppError;
use crate::store::{accounts, email_changes, links, rate_limits, Database};

fn refused(message: &str) -> AppError {
    FieldErrors::one(EmailChangeField::NewEmail, message).into()
}

pub async fn request_change(mut req: Request, cx: &Context, session: Session<Examiner>) -> Result<Response, AppError> {
    let account_id = session.holder.account_id;
    let form: EmailChangeForm = json_body(&mut req).await?;
    let (slot, new_email) = form.parse()?;

    let db = &cx.db;
    let buckets = rate_limit::email_change_buckets(&bucket_key(&cx.env)?, account_id, &client_ip(&req)?);
    if !rate_limits::within(db, &buckets, [rate_limit::EMAIL_CHANGES_PER_HOUR, cx.config.transfer_limit_per_ip]).await?
    {
        return Err(AppError::TooManyRequests);
    }
    let (primary, secondary) = accounts::emails_of(db, account_id).await?.ok_or(AppError::NotSignedIn)?;
    if new_email == primary || Some(&new_email) == secondary.as_ref() {
        return Err(refused("This email address is already on your account."));
    }
    if links::taken_by_another(db, account_id, &new_email).await? {
        return Err(refused(EMAIL_TAKEN));
    }
    let token = random_link_token()?;
    let confirmation = emails::confirm_email_change(&new_email, slot.label(), &cx.config.email_change_url(&token));
    let written = db
        .batch(&email_changes::request(
            account_id,
            slot,
            &new_email,
            &token,
            &confirmation,
            (AuditEvent::EmailChangeRequested, Actor::Account, slot.code()),
        ))
        .await?;
    cx.enqueue(&written).await;
    Ok(Response::from_json(&Notice {
        message: format!(
            "We sent a link to {new_email}. Open that email and select the link to confirm it. Your {} stays as it is until then.",
            slot.label()
        ),
    })?
    .with_status(202))
}

pub async fn confirm_change(cx: &Context, token: &str) -> Result<Response, AppError> {
    let db = &cx.db;
    let (link_token, link) = usable_link(db, token, LinkPurpose::ConfirmEmailChange).await?;
    let unreadable = || AppError::internal("an email-change link without its address or slot");
    let new_email = link.new_email.as_deref().and_then(|e| Email::parse(e).ok()).ok_or_else(unreadable)?;
    let slot = link.email_slot.ok_or_else(unreadable)?;
    // The address may have been taken since the link was sent.
    if links::taken_by_another(db, link.account_id, &new_email).await? {
        return Err(refused(EMAIL_TAKEN));
    }
    let (primary, secondary) = accounts::emails_of(db, link.account_id).await?.ok_or_else(unreadable)?;
    let replaced = match slot {
        EmailSlot::Primary => Some(primary),
        EmailSlot::Secondary => secondary,
    };
    let notice = replaced.filter(|old| *old != new_email).map(|old| emails::email_changed(&old, slot.label()));
    let written =
        db.batch(&email_changes::confirm(&link_token, link.account_id, slot, &new_email, notice.as_ref())).await?;
    cx.enqueue(&written).await;
    Ok(Response::from_json(&Notice { message: format!("Your {} is now {new_email}.", slot.label()) })?)
}
