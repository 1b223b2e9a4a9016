//! Signing in with login.gov: which registry account a login.gov identity
//! reaches (the linking rules), and what a person is told when it reaches none.

use serde::{Deserialize, Serialize};

use crate::MigrationState;

/// A registry account whose primary or secondary email equals one of the
/// person's confirmed login.gov emails (`all_emails`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailMatch {
    pub account_id: i64,
    pub migration_state: MigrationState,
    /// Matched by its primary email (else only by its secondary, which nobody confirmed).
    pub by_primary: bool,
    /// A matched address was, at some time, another account's too.
    pub once_shared: bool,
    /// The account's addresses were given, or it was let go by its identity,
    /// while no login.gov identity held it (migration 0014).
    pub addresses_unproven: bool,
}

impl EmailMatch {
    /// Whether the address proves nothing about who is signing in: once
    /// shared, only an unconfirmed secondary, or given or recovered without the
    /// owner's login.gov account. Then login.gov must verify the person's identity.
    pub fn proves_nothing(&self) -> bool {
        self.once_shared || !self.by_primary || self.addresses_unproven
    }
}

/// Where a login.gov identity leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInOutcome {
    /// Linked earlier to this identity's `sub`: that account, whatever the emails are now.
    AlreadyLinked(i64),
    /// Exactly one account, transferred or not, has one of the person's emails
    /// and no identity yet: link it once the person says it is theirs, after
    /// login.gov verifies their identity when the address proves nothing. A
    /// person who already has login.gov just logs in, as the announcement says;
    /// Transfer is not a step before it.
    Confirm { account_id: i64, verify_identity: bool },
    /// No link is made; the person is told why.
    Refused(SignInProblem),
}

/// The linking rules. `linked` is the account already tied to the identity's
/// `sub`; `matches` the accounts that have one of its emails. An identity links
/// to one account only, and an account to one identity only.
pub fn decide(linked: Option<i64>, matches: &[EmailMatch]) -> SignInOutcome {
    if let Some(account_id) = linked {
        return SignInOutcome::AlreadyLinked(account_id);
    }
    match matches {
        [] => SignInOutcome::Refused(SignInProblem::NoMatch),
        [only] => match only.migration_state {
            MigrationState::Legacy | MigrationState::Migrated => {
                SignInOutcome::Confirm { account_id: only.account_id, verify_identity: only.proves_nothing() }
            }
            // Linked to another login.gov identity: only the help desk can move it.
            MigrationState::Linked => SignInOutcome::Refused(SignInProblem::LinkedToAnother),
        },
        _ => SignInOutcome::Refused(SignInProblem::SharedEmail),
    }
}

/// Why a sign-in ended without a session. The worker sends the person to
/// `/sign-in/problem/{code}`; the page says what happened and what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInProblem {
    NoMatch,
    SharedEmail,
    LinkedToAnother,
    /// login.gov sent the person back with an error (they cancelled, or it refused).
    Cancelled,
    /// The sign-in took too long, was used already, or was started elsewhere.
    Expired,
    /// Started in another browser: the state is bound to the browser that asked.
    OtherBrowser,
    /// login.gov did not answer in time, or answered with something unusable.
    Unavailable,
    /// What came back from login.gov failed a check (signature, issuer, nonce…).
    NotVerified,
    /// The session ended (signed out elsewhere, idle, or too old).
    SessionEnded,
    /// The person said the account found is not theirs: nothing was linked.
    NotYourAccount,
    /// login.gov verified an identity that is not the account's (name, date of birth).
    IdentityNotMatched,
    /// A sign-in at an address that is not the registry's, nor one of its previews.
    NotAllowedHere,
    /// A staff sign-in by a login.gov account that no staff member's row names.
    NotStaff,
    /// A staff sign-in without a PIV or CAC card.
    StaffWithoutPiv,
}

impl SignInProblem {
    pub const ALL: [SignInProblem; 14] = [
        Self::NoMatch,
        Self::SharedEmail,
        Self::LinkedToAnother,
        Self::Cancelled,
        Self::Expired,
        Self::OtherBrowser,
        Self::Unavailable,
        Self::NotVerified,
        Self::SessionEnded,
        Self::NotYourAccount,
        Self::IdentityNotMatched,
        Self::NotAllowedHere,
        Self::NotStaff,
        Self::StaffWithoutPiv,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NoMatch => "no-match",
            Self::SharedEmail => "shared-email",
            Self::LinkedToAnother => "linked-to-another",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::OtherBrowser => "other-browser",
            Self::Unavailable => "unavailable",
            Self::NotVerified => "not-verified",
            Self::SessionEnded => "session-ended",
            Self::NotYourAccount => "not-your-account",
            Self::IdentityNotMatched => "identity-not-matched",
            Self::NotAllowedHere => "not-allowed-here",
            Self::NotStaff => "not-staff",
            Self::StaffWithoutPiv => "staff-without-piv",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A problem page's address names no problem the registry knows.
#[derive(Debug, thiserror::Error)]
#[error("no such sign-in problem")]
pub struct UnknownProblem;

/// So that the problem page's route parameter is read as a [`SignInProblem`].
impl std::str::FromStr for SignInProblem {
    type Err = UnknownProblem;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::parse(code).ok_or(UnknownProblem)
    }
}

impl SignInProblem {
    /// The page's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Self::NoMatch => "We could not find your National Registry account",
            Self::SharedEmail => "Your email address is used by more than one account",
            Self::LinkedToAnother => "Your National Registry account is linked to another login.gov account",
            Self::Cancelled => "You were not signed in",
            Self::Expired => "Your sign-in expired",
            Self::OtherBrowser => "Your sign-in started in another browser",
            Self::Unavailable => "login.gov is not answering right now",
            Self::NotVerified => "We could not verify your sign-in",
            Self::SessionEnded => "You have been signed out",
            Self::NotYourAccount => "We did not link your login.gov account",
            Self::IdentityNotMatched => "Your verified identity does not match this account",
            Self::NotAllowedHere => "You cannot sign in at this address",
            Self::NotStaff => "You are not on the National Registry's staff list",
            Self::StaffWithoutPiv => "Staff sign in with a PIV or CAC card",
        }
    }

    /// What happened and what to do, in paragraphs.
    pub fn explanation(self) -> &'static [&'static str] {
        match self {
            Self::NoMatch => &[
                "None of the email addresses of your login.gov account is the primary or secondary email address of a National Registry account.",
                "Sign in to login.gov with the email address on file in your National Registry account. If you do not know which address that is, start Transfer or Create Account: we send the next steps to the email address on file.",
            ],
            Self::SharedEmail => &[
                "Your login.gov email address is the email address of more than one National Registry account, so we cannot tell which account is yours.",
                "Each person needs a National Registry account and an email address of their own. Start Transfer or Create Account: \
                 the email we send you has a link to give your account a new email address that only you use.",
            ],
            Self::LinkedToAnother => &[
                "Your National Registry account is already linked to a different login.gov account. Sign in with that login.gov account.",
                "If you no longer have access to it, contact the FMCSA Help Desk.",
            ],
            Self::IdentityNotMatched => &[
                "login.gov verified your identity, but the name or date of birth it verified is not the one on file for this National Registry account, so we did not link it.",
                "If your name has changed since the registry recorded it (for example by marriage), or the registry has it or your date of birth wrong, contact the FMCSA Help Desk: they will check your identity documents with you and correct the record. Then sign in again.",
            ],
            Self::NotStaff => &["The staff pages are for the FMCSA help desk and program office. An administrator adds staff members by the email address of their login.gov account."],
            Self::StaffWithoutPiv => &["To reach everyone's accounts, staff must sign in to login.gov with their PIV or CAC card. Sign in again and choose your card."],
            Self::NotAllowedHere => &["This address is not the National Registry's. Sign in from the National Registry's own website."],
            Self::Cancelled => &["login.gov sent you back without signing you in. You can try again."],
            Self::Expired => &["Signing in must be finished within 10 minutes, and each sign-in link works once. Please try again."],
            Self::OtherBrowser => &["For your security, finish signing in with the same browser you started with. Please try again."],
            Self::Unavailable => &["We could not complete your sign-in because login.gov did not answer in time. Please try again in a few minutes."],
            Self::NotVerified => &["What login.gov sent back could not be verified, so you were not signed in. Please try again."],
            Self::SessionEnded => &["For your security, you are signed out after 30 minutes without activity, and after 12 hours. Sign in again to continue."],
            Self::NotYourAccount => &[
                "You told us that the National Registry account we found with your login.gov email address is not yours, so we did not link it, and we recorded what you told us.",
                "Contact the FMCSA Help Desk: they will find your own National Registry account and help you sign in. Do not sign in again with the same login.gov account until then.",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(account_id: i64, migration_state: MigrationState) -> EmailMatch {
        EmailMatch { account_id, migration_state, by_primary: true, once_shared: false, addresses_unproven: false }
    }

    #[test]
    fn an_identity_linked_before_reaches_its_account_whatever_its_emails_are() {
        assert_eq!(decide(Some(6), &[]), SignInOutcome::AlreadyLinked(6));
        assert_eq!(decide(Some(6), &[matched(1, MigrationState::Migrated)]), SignInOutcome::AlreadyLinked(6));
    }

    #[test]
    fn exactly_one_migrated_account_with_its_primary_email_is_linked_once_confirmed() {
        assert_eq!(
            decide(None, &[matched(5, MigrationState::Migrated)]),
            SignInOutcome::Confirm { account_id: 5, verify_identity: false }
        );
    }

    #[test]
    fn a_match_by_an_address_that_proves_nothing_needs_identity_verification() {
        let once_shared = EmailMatch { once_shared: true, ..matched(5, MigrationState::Migrated) };
        let by_secondary = EmailMatch { by_primary: false, ..matched(5, MigrationState::Migrated) };
        let unproven = EmailMatch { addresses_unproven: true, ..matched(5, MigrationState::Migrated) };
        for only in [once_shared, by_secondary, unproven] {
            assert_eq!(decide(None, &[only]), SignInOutcome::Confirm { account_id: 5, verify_identity: true });
        }
    }

    #[test]
    fn no_account_with_the_emails_is_no_match() {
        assert_eq!(decide(None, &[]), SignInOutcome::Refused(SignInProblem::NoMatch));
    }

    #[test]
    fn an_account_not_yet_transferred_is_linked_at_log_in_once_confirmed_by_the_same_rules() {
        assert_eq!(
            decide(None, &[matched(1, MigrationState::Legacy)]),
            SignInOutcome::Confirm { account_id: 1, verify_identity: false }
        );
        let by_secondary = EmailMatch { by_primary: false, ..matched(1, MigrationState::Legacy) };
        assert_eq!(decide(None, &[by_secondary]), SignInOutcome::Confirm { account_id: 1, verify_identity: true });
    }

    #[test]
    fn an_account_linked_to_another_identity_is_not_linked_again() {
        assert_eq!(
            decide(None, &[matched(6, MigrationState::Linked)]),
            SignInOutcome::Refused(SignInProblem::LinkedToAnother)
        );
    }

    #[test]
    fn an_email_of_two_accounts_links_neither_whatever_their_states() {
        let shared = [matched(2, MigrationState::Migrated), matched(3, MigrationState::Legacy)];
        assert_eq!(decide(None, &shared), SignInOutcome::Refused(SignInProblem::SharedEmail));
        let both_migrated = [matched(2, MigrationState::Migrated), matched(3, MigrationState::Migrated)];
        assert_eq!(decide(None, &both_migrated), SignInOutcome::Refused(SignInProblem::SharedEmail));
    }

    #[test]
    fn every_problem_round_trips_through_its_code_and_has_words() {
        for problem in SignInProblem::ALL {
            assert_eq!(SignInProblem::parse(problem.code()), Some(problem));
            assert!(!problem.heading().is_empty() && !problem.explanation().is_empty());
        }
        assert_eq!(SignInProblem::parse("<script>"), None);
    }
}
