//! The SQL of a signed-in person's email change: a confirmation link to the
//! new address first; the change itself when it is confirmed.

use domain::audit::{Actor, AuditEvent};
use domain::email_change::EmailSlot;
use domain::link::LinkPurpose;
use domain::emails::OutgoingEmail;
use domain::link_token::LinkToken;
use domain::Email;

use super::links::{self, NewLink};
use super::{audit, outbox, Statement};

// Each write below runs only if the one before changed a row, starting from
// spending the link: a link used twice changes nothing the second time.
statements! {
    CHANGE_PRIMARY = "UPDATE registry_accounts SET primary_email = ?2, \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1 AND changes() = 1";
    CHANGE_SECONDARY = "UPDATE registry_accounts SET secondary_email = ?2, \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1 AND changes() = 1";
}

/// The link to confirm `new_email` as the account's `slot`, mailed to it.
/// `by`: who asked, with the detail of their audit event (the signed-in
/// person: the slot; the help desk's approver: the reason).
pub fn request(
    account_id: i64,
    slot: EmailSlot,
    new_email: &Email,
    link: &LinkToken,
    confirmation: &OutgoingEmail,
    by: (AuditEvent, Actor, &str),
) -> Vec<Statement> {
    requested(None, account_id, slot, new_email, link, confirmation, by)
}

/// The link to confirm `new_email` as the account's primary email, after
/// `gate`: each write only if the statement before it changed a row, starting
/// from `gate` (the help desk's approval that let the change through).
pub fn request_after(
    gate: Statement,
    account_id: i64,
    new_email: &Email,
    link: &LinkToken,
    confirmation: &OutgoingEmail,
    by: (AuditEvent, Actor, &str),
) -> Vec<Statement> {
    requested(Some(gate), account_id, EmailSlot::Primary, new_email, link, confirmation, by)
}

fn requested(
    gate: Option<Statement>,
    account_id: i64,
    slot: EmailSlot,
    new_email: &Email,
    link: &LinkToken,
    confirmation: &OutgoingEmail,
    (event, actor, detail): (AuditEvent, Actor, &str),
) -> Vec<Statement> {
    let new_link = NewLink {
        token: link,
        account_id,
        purpose: LinkPurpose::ConfirmEmailChange,
        new_email: Some(new_email),
        slot: Some(slot),
    };
    match gate {
        None => vec![
            new_link.create(),
            outbox::queue(account_id.into(), confirmation),
            audit::record(Some(account_id), event, actor, Some(detail)),
        ],
        Some(gate) => vec![
            gate,
            new_link.create_if_changed(),
            outbox::queue_if_changed(account_id.into(), confirmation),
            audit::record_if_changed(account_id, event, actor, Some(detail)),
        ],
    }
}

/// The link is spent and the address changed; the replaced address, if
/// there was one, is told.
pub fn confirm(
    link: &LinkToken,
    account_id: i64,
    slot: EmailSlot,
    new_email: &Email,
    notice: Option<&OutgoingEmail>,
) -> Vec<Statement> {
    let change = match slot {
        EmailSlot::Primary => CHANGE_PRIMARY,
        EmailSlot::Secondary => CHANGE_SECONDARY,
    };
    let mut statements = vec![
        Statement::new(links::USE, [link.hash().as_str().into()]),
        Statement::new(change, [account_id.into(), new_email.as_str().into()]),
    ];
    if let Some(notice) = notice {
        statements.push(outbox::queue_if_changed(account_id.into(), notice));
    }
    statements.push(audit::record_if_changed(account_id, AuditEvent::EmailChanged, Actor::Account, Some(slot.code())));
    statements
}
