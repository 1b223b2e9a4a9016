//! The emails the registry sends, in the words of the announcement "National
//! Registry System Login". Each has a plain-text and an HTML part with a real
//! button link, and the registry's name and help desk in the footer. They
//! carry no personal data beyond the address they are sent to.

use serde::{Deserialize, Serialize};

use crate::campaign::{reminder_words, CampaignStage};
use crate::help_desk::{self, EMAIL_LINK};
use crate::transfer::TransferOutcome;
use crate::Email;

const REGISTRY: &str = "National Registry of Certified Medical Examiners";

/// Which email it is; stored with the outbox row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    Migrated,
    NotMigrated,
    ConfirmEmail,
    Linked,
    AlreadyLinked,
    ConfirmEmailChange,
    EmailChanged,
    RecoveryRequested,
    AccessRequested,
    AccessChanged,
    AccessEnding,
    /// A reminder campaign's (`domain::campaign`).
    Reminder,
}

impl EmailKind {
    pub const ALL: [Self; 12] = [
        Self::Migrated,
        Self::NotMigrated,
        Self::ConfirmEmail,
        Self::Linked,
        Self::AlreadyLinked,
        Self::ConfirmEmailChange,
        Self::EmailChanged,
        Self::RecoveryRequested,
        Self::AccessRequested,
        Self::AccessChanged,
        Self::AccessEnding,
        Self::Reminder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Migrated => "migrated",
            Self::NotMigrated => "not_migrated",
            Self::ConfirmEmail => "confirm_email",
            Self::Linked => "linked",
            Self::AlreadyLinked => "already_linked",
            Self::ConfirmEmailChange => "confirm_email_change",
            Self::EmailChanged => "email_changed",
            Self::RecoveryRequested => "recovery_requested",
            Self::AccessRequested => "access_requested",
            Self::AccessChanged => "access_changed",
            Self::AccessEnding => "access_ending",
            Self::Reminder => "reminder",
        }
    }
}

/// Where an email of the outbox is (`email_outbox.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Pending,
    Sent,
    /// Given up on after the last attempt: a dead letter, until retried.
    Failed,
    /// A reminder not sent: its account had moved on from the campaign's stage.
    Skipped,
}

impl OutboxStatus {
    pub const ALL: [Self; 4] = [Self::Pending, Self::Sent, Self::Failed, Self::Skipped];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }

    /// As the help desk reads it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Pending => "Waiting to be sent",
            Self::Sent => "Sent",
            Self::Failed => "Not sent: given up after every attempt",
            Self::Skipped => "Not sent: the account had moved on",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    pub kind: EmailKind,
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// "Your account was migrated successfully", in the announcement's words. Its
/// button starts the registry's own sign-in (`log_in_url`, no secret in it),
/// which goes on to login.gov's sign-in page, where "Create an account" is, and
/// brings the person back to the registry to link and sign in, in one trip.
/// While the transfer deadline is ahead, `deadline` says it (`domain::deadline`).
pub fn migrated(to: &Email, log_in_url: &str, deadline: Option<&str>) -> OutgoingEmail {
    compose(
        EmailKind::Migrated,
        to,
        "Your account was migrated successfully",
        &with_deadline(deadline, &[
            "Your email address has been migrated to use login.gov. Please select the button below to go to login.gov. \
             When on the site, select the Create Account link to register your account.",
            "Use this email address when you create your login.gov account. login.gov then brings you back to the \
             National Registry: confirm that the account shown is yours, and you are signed in. If you already have a \
             login.gov account with this email address, sign in to it instead.",
        ]),
        ("Go to login.gov", log_in_url),
    )
}

/// "Your account was NOT migrated successfully", with a button to the
/// single-use page where the person gives a new, unique email address.
pub fn not_migrated(to: &Email, fix_url: &str, deadline: Option<&str>) -> OutgoingEmail {
    compose(
        EmailKind::NotMigrated,
        to,
        "Your account was NOT migrated successfully",
        &with_deadline(deadline, &[
            "Your email address was duplicated in our system. In order for you to register with login.gov, you will \
             need to update your profile with a new unique email address. Please select the button below to update \
             your profile with a new email address.",
            "Each person needs a National Registry account and an email address of their own. The link works once \
             and expires 24 hours after this email was sent.",
        ]),
        ("Update my email address", fix_url),
    )
}

/// The paragraphs, then the deadline's sentence if there is one.
fn with_deadline<'a>(deadline: Option<&'a str>, paragraphs: &[&'a str]) -> Vec<&'a str> {
    paragraphs.iter().copied().chain(deadline).collect()
}

/// Sent to the new address a person gave to fix a shared email: confirming it
/// from this inbox proves it is theirs, and moves the account.
pub fn confirm_new_email(to: &Email, confirm_url: &str) -> OutgoingEmail {
    compose(
        EmailKind::ConfirmEmail,
        to,
        "Confirm your new email address",
        &[
            "You asked to use this email address for your National Registry account. Please select the button below \
             to confirm it. Your account will then be migrated to use login.gov, and we will send you an email on how to proceed.",
            "The link works once and expires 24 hours after this email was sent.",
        ],
        ("Confirm my email address", confirm_url),
    )
}

/// Sent to the account's primary email when a login.gov account is linked to it.
pub fn linked(to: &Email, my_account_url: &str) -> OutgoingEmail {
    compose(
        EmailKind::Linked,
        to,
        "Your login.gov account was linked",
        &[
            "Your login.gov account was linked to your National Registry account. From now on, sign in to the \
             National Registry with your login.gov email address, password and security code.",
            "If you did not do this, contact the FMCSA Help Desk right away.",
        ],
        ("Go to my National Registry account", my_account_url),
    )
}

/// Sent when Transfer or Create Account is run again for an account that is
/// linked already: there is nothing to create, only to sign in.
pub fn already_linked(to: &Email, log_in_url: &str) -> OutgoingEmail {
    compose(
        EmailKind::AlreadyLinked,
        to,
        "Your account is already linked to login.gov",
        &[
            "Your National Registry account is already linked to a login.gov account. You do not need to transfer \
             it or create another login.gov account. Please select the button below and sign in with your login.gov \
             email address, password and security code.",
            "If you cannot sign in to login.gov, use login.gov's \"Forgot your password?\" link. If you did not ask for \
             this email, contact the FMCSA Help Desk.",
        ],
        ("Sign in with login.gov", log_in_url),
    )
}

/// Sent to the address a signed-in person wants as their primary or
/// secondary email: nothing changes until it is confirmed from this inbox.
pub fn confirm_email_change(to: &Email, slot_label: &str, confirm_url: &str) -> OutgoingEmail {
    compose(
        EmailKind::ConfirmEmailChange,
        to,
        "Confirm your new email address",
        &[
            &format!("You asked to make this address the {slot_label} of your National Registry account. Please select the button below to confirm it."),
            "Nothing changes until you confirm. The link works once and expires 24 hours after this email was sent.",
        ],
        ("Confirm my email address", confirm_url),
    )
}

/// Sent to the address that was replaced, so that a change the person did not
/// make does not go unnoticed.
pub fn email_changed(to: &Email, slot_label: &str) -> OutgoingEmail {
    compose(
        EmailKind::EmailChanged,
        to,
        "Your National Registry email address was changed",
        &[
            &format!("The {slot_label} of your National Registry account was changed, and this address is no longer on file."),
            "If you did not make this change, contact the FMCSA Help Desk right away.",
        ],
        ("Contact the FMCSA Help Desk", EMAIL_LINK),
    )
}

/// Sent to each address of the account when the help desk is asked to unlink
/// its login.gov account or give it a new primary address: before anything
/// changes, so that the owner can stop a recovery someone else asked for.
pub fn recovery_requested(to: &Email, what: &str) -> OutgoingEmail {
    compose(
        EmailKind::RecoveryRequested,
        to,
        "A change to your National Registry account was requested",
        &[
            &format!("The FMCSA Help Desk was asked to {what} for your National Registry account. Nothing has changed yet: a second staff member must approve it first."),
            "If you did not ask for this, contact the FMCSA Help Desk right away.",
        ],
        ("Contact the FMCSA Help Desk", EMAIL_LINK),
    )
}

/// Where a transfer's emails send the person.
pub struct TransferLinks<'a> {
    /// The registry's own sign-in with login.gov (`/auth/login`): to create a
    /// login.gov account there, or sign in to one, and come back linked.
    pub log_in: &'a str,
    /// The single-use page to give a new email, for a shared email.
    pub fix: Option<&'a str>,
    /// The deadline's sentence, while it is ahead.
    pub deadline: Option<&'a str>,
}

/// "Someone asked to work for you on the National Registry": to the
/// examiner's primary email, naming who asked, as what, and when (the one
/// email that carries another person's words: the examiner must know whom they
/// approve). Its button leads to My account, where the examiner answers; no secret in it.
pub fn access_requested(who: &str, role_label: &str, asked_on: &str, my_account_url: &str) -> Unaddressed {
    let asked = format!("{who} asked on {asked_on} to work for you on the National Registry as a {role_label}.");
    write(
        EmailKind::AccessRequested,
        "Someone asked to work for you on the National Registry",
        &[
            &asked,
            "Sign in to the National Registry and go to My account, under People who work for you, to approve or \
             decline. Someone you approve can see your registry account (your name, National Registry number, \
             license and certification dates) but cannot change it, nor your emails or your login.gov account. You \
             can revoke their access at any time.",
            "If you do not know this person, decline the request.",
        ],
        ("Go to My account", my_account_url),
    )
}

/// The person who asked is told what became of their access (`AccessChanged`:
/// approved, declined, extended, revoked, or expired), or that it ends soon
/// (`AccessEnding`); `what`: a sentence that says which.
pub fn about_access(kind: EmailKind, to: &Email, subject: &str, what: &str, work_for_url: &str) -> OutgoingEmail {
    compose(
        kind,
        to,
        subject,
        &[what, "Sign in to the National Registry to see the examiners you work for."],
        ("See the examiners you work for", work_for_url),
    )
}

/// A reminder campaign's email, the same for everyone in its audience: the
/// stage's next step, the program office's note, the deadline while it is
/// ahead; the button leads to the campaign's link (`reminder_url`), which
/// counts the visit and goes on to the step's page.
pub fn reminder(stage: CampaignStage, note: &str, deadline: Option<&str>, reminder_url: &str) -> Unaddressed {
    let (subject, paragraphs, button) = reminder_words(stage, note, deadline);
    let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    write(EmailKind::Reminder, subject, &paragraphs, (button, reminder_url))
}

/// The email a transfer sends, if any: "migrated" for an account that moves
/// (or had moved already), "already linked" for one linked to login.gov,
/// "NOT migrated" with the fix link for a shared email, nothing when nothing
/// matched.
pub fn for_transfer(outcome: &TransferOutcome, links: &TransferLinks) -> Option<OutgoingEmail> {
    match (outcome, links.fix) {
        (TransferOutcome::Migrate(a) | TransferOutcome::AlreadyMigrated(a), _) => {
            Some(migrated(&a.primary_email, links.log_in, links.deadline))
        }
        (TransferOutcome::AlreadyLinked(a), _) => Some(already_linked(&a.primary_email, links.log_in)),
        (TransferOutcome::DuplicateEmail(a), Some(fix_url)) => {
            Some(not_migrated(&a.primary_email, fix_url, links.deadline))
        }
        (TransferOutcome::DuplicateEmail(_), None) | (TransferOutcome::NoMatch, _) => None,
    }
}

fn compose(kind: EmailKind, to: &Email, subject: &str, paragraphs: &[&str], button: (&str, &str)) -> OutgoingEmail {
    let Unaddressed { kind, subject, text, html } = write(kind, subject, paragraphs, button);
    OutgoingEmail { kind, to: to.clone(), subject, text, html }
}

/// An email written before the registry knows whom it goes to: the SQL that
/// queues it gives the address (`access_requested`: the examiner's, if the
/// number is one's — which the person asking must not learn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unaddressed {
    pub kind: EmailKind,
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn write(kind: EmailKind, subject: &str, paragraphs: &[&str], (button, url): (&str, &str)) -> Unaddressed {
    let footer = format!(
        "{REGISTRY}, Federal Motor Carrier Safety Administration, U.S. Department of Transportation.\n\
         If you did not ask for this email, you can ignore it. Questions: FMCSA Help Desk, {} or {}.",
        help_desk::EMAIL,
        help_desk::PHONE
    );
    let text = format!("{subject}\n\n{}\n\n{button}: {url}\n\n--\n{footer}\n", paragraphs.join("\n\n"));
    let html = format!(
        "<!doctype html><html lang=\"en\"><body style=\"font-family: 'Source Sans Pro', Helvetica, Arial, sans-serif; color: #1b1b1b; max-width: 40rem\">\
         <h1 style=\"font-size: 1.5rem\">{}</h1>{}\
         <p><a href=\"{}\" style=\"display: inline-block; background: #005ea2; color: #ffffff; padding: 0.75rem 1.25rem; \
         border-radius: 0.25rem; font-weight: bold; text-decoration: none\">{}</a></p>\
         <p style=\"font-size: 0.9rem\">If the button does not work, copy this address into your browser: {}</p>\
         <hr><p style=\"font-size: 0.9rem; color: #565c65\">{}</p></body></html>",
        escape(subject),
        paragraphs.iter().map(|p| format!("<p>{}</p>", escape(p))).collect::<String>(),
        escape(url),
        escape(button),
        escape(url),
        escape(&footer).replace('\n', "<br>"),
    );
    Unaddressed { kind, subject: subject.to_owned(), text, html }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maria() -> Email {
        Email::parse("maria.lopez@example.com").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_migrated_email_says_what_the_announcement_says_and_links_to_login_gov() {
        let email = migrated(&maria(), "https://secure.login.gov/", None);
        assert_eq!(email.subject, "Your account was migrated successfully");
        assert!(email.text.contains("Your email address has been migrated to use login.gov. Please select the button below to go to login.gov. When on the site, select the Create Account link to register your account."));
        assert!(email.text.contains("Go to login.gov: https://secure.login.gov/"));
        assert!(email.html.contains("<a href=\"https://secure.login.gov/\""));
    }

    #[test]
    fn the_not_migrated_email_says_the_email_was_duplicated_and_links_to_the_fix() {
        let email = not_migrated(&maria(), "https://registry.example/transfer/fix?token=abc&x=1", None);
        assert_eq!(email.subject, "Your account was NOT migrated successfully");
        assert!(email.text.contains("Your email address was duplicated in our system."));
        assert!(email.html.contains("href=\"https://registry.example/transfer/fix?token=abc&amp;x=1\""));
    }

    #[test]
    fn every_email_names_the_registry_and_the_help_desk_in_both_parts() {
        for email in [
            migrated(&maria(), "https://l", None),
            not_migrated(&maria(), "https://f", None),
            confirm_new_email(&maria(), "https://c"),
            linked(&maria(), "https://a"),
            already_linked(&maria(), "https://s"),
            confirm_email_change(&maria(), "secondary email", "https://c"),
            email_changed(&maria(), "primary email"),
        ] {
            for part in [&email.text, &email.html] {
                assert!(part.contains(REGISTRY) && part.contains(help_desk::EMAIL) && part.contains(help_desk::PHONE));
            }
        }
    }

    #[test]
    fn each_transfer_outcome_gets_its_email_and_no_match_gets_none() {
        use crate::transfer::{MatchedAccount, TransferOutcome::*};
        use crate::MigrationState;
        let account = MatchedAccount { id: 1, primary_email: maria(), migration_state: MigrationState::Legacy };
        let by = "Transfer your National Registry account to login.gov by June 30, 2027.";
        let links = TransferLinks { log_in: "https://l", fix: Some("https://f"), deadline: Some(by) };
        let kind = |outcome| for_transfer(&outcome, &links).map(|e| e.kind);
        assert_eq!(kind(Migrate(account.clone())), Some(EmailKind::Migrated));
        assert_eq!(kind(AlreadyMigrated(account.clone())), Some(EmailKind::Migrated));
        assert_eq!(kind(AlreadyLinked(account.clone())), Some(EmailKind::AlreadyLinked));
        assert_eq!(kind(DuplicateEmail(account.clone())), Some(EmailKind::NotMigrated));
        assert_eq!(kind(NoMatch), None);
        for outcome in [Migrate(account.clone()), DuplicateEmail(account.clone())] {
            let email = for_transfer(&outcome, &links).unwrap();
            assert!(email.text.contains(by) && email.html.contains(by), "{:?} says the deadline", email.kind);
        }
        let undated = TransferLinks { deadline: None, ..links };
        assert!(!for_transfer(&Migrate(account), &undated).unwrap().text.contains("Transfer your"));
    }

    #[test]
    fn a_linked_account_is_told_to_sign_in_not_to_create_an_account() {
        let email = already_linked(&maria(), "https://r/auth/login");
        assert!(email.text.contains("already linked to a login.gov account"));
        assert!(email.text.contains("Sign in with login.gov: https://r/auth/login"));
        assert!(!email.text.contains("Create Account"));
    }

    #[test]
    fn an_email_change_is_confirmed_from_the_new_inbox_and_told_to_the_old_one() {
        let confirm = confirm_email_change(&maria(), "secondary email", "https://r/account/email/confirm/t");
        assert!(confirm.text.contains("the secondary email of your National Registry account"));
        assert!(confirm.text.contains("Confirm my email address: https://r/account/email/confirm/t"));
        let told = email_changed(&maria(), "primary email");
        assert!(told.text.contains("If you did not make this change"));
    }

    #[test]
    fn no_email_carries_the_address_it_is_sent_to_in_its_body() {
        let email = migrated(&maria(), "https://l", None);
        assert!(!email.text.contains("maria.lopez") && !email.html.contains("maria.lopez"));
    }
}
