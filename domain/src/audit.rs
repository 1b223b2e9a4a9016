//! The audit log's words: every event an account's history can hold, and who
//! made it. Stored as their codes; declared only here.

use serde::{Deserialize, Serialize};

/// What happened. Carried in JSON as its code; shown to people by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum AuditEvent {
    /// Loaded from the legacy registry by the import (`import`).
    AccountImported,
    /// Transfer or Create Account matched nothing.
    TransferNoMatch,
    /// Transfer or Create Account migrated the account (or its shared-email fix did).
    TransferMigrated,
    /// Transfer or Create Account matched an account whose email another account uses.
    TransferDuplicateEmail,
    /// Transfer or Create Account matched an account that had moved already.
    TransferAlreadyMigrated,
    /// Transfer or Create Account matched an account linked to login.gov.
    TransferAlreadyLinked,
    /// The shared-email fix: a new address was given and a confirmation link sent to it.
    NewEmailRequested,
    /// The shared-email fix: the new address was confirmed and became the primary email.
    PrimaryEmailChanged,
    /// The shared-email fix: who opened the link said the account it names is not theirs; the link is spent.
    FixLinkDeclined,
    LoginGovLinked,
    /// A first sign-in's person said the account found by their email is not theirs.
    LinkDeclined,
    /// login.gov verified the identity of a first sign-in's person, and it is the account's.
    IdentityVerified,
    /// login.gov verified an identity that is not the account's; the detail says which part.
    IdentityNotMatched,
    SignedIn,
    SignedOut,
    /// A sign-in refused; the detail is the problem's code.
    SignInRefused,
    /// A state-changing request refused; the detail says which check.
    RequestRefused,
    /// My account: a new address was given; the detail is the slot.
    EmailChangeRequested,
    /// My account: the new address was confirmed; the detail is the slot.
    EmailChanged,
    /// The staff side; the actor names the staff member, the detail is their reason.
    StaffSignedIn,
    StaffSignedOut,
    StaffEmailResent,
    StaffUnlinked,
    StaffSessionsEnded,
    StaffTransferRerun,
    StaffPrimaryEmailRequested,
    /// The name, or the date of birth, on file corrected; the detail: what it was, what it is now, and the reason.
    StaffIdentityCorrected,
    /// An unlink, a new primary email or a corrected identity asked by one
    /// staff member, waiting for another (the detail: what, and the reason);
    /// its approval is the change's own event (`StaffUnlinked`,
    /// `StaffPrimaryEmailRequested`, `StaffIdentityCorrected`) by the approver.
    StaffRecoveryRequested,
    StaffRecoveryRejected,
    /// The staff list changed; the detail names the member and the role.
    StaffMemberAdded,
    StaffMemberRemoved,
    /// What staff read, and who: a search (the detail is its terms and how many
    /// accounts it found), an account page, the outreach list (its State and rows).
    StaffSearched,
    StaffViewedAccount,
    StaffExported,
    /// People who work for examiners (`domain::grant`); the account is the
    /// examiner's, the detail the grant's id. Asked for by a person:
    AccessRequested,
    /// The examiner said yes (the detail adds the period) or no:
    AccessApproved,
    AccessDeclined,
    /// The examiner gave an approved grant a new period (the detail adds it):
    AccessExtended,
    /// Ended by the examiner, the person, or the help desk (the detail adds the reason):
    AccessRevoked,
    /// Ended at the end of the period the examiner chose:
    AccessExpired,
    /// The examiner's account read by a person working for them.
    ReadForExaminer,
    /// Reminder campaigns (`domain::campaign`), of no account; the detail names the campaign.
    CampaignComposed,
    /// By an administrator who did not compose it.
    CampaignApproved,
    CampaignPaused,
    CampaignResumed,
    CampaignCancelled,
}

impl AuditEvent {
    pub const ALL: [Self; 46] = [
        Self::AccountImported,
        Self::TransferNoMatch,
        Self::TransferMigrated,
        Self::TransferDuplicateEmail,
        Self::TransferAlreadyMigrated,
        Self::TransferAlreadyLinked,
        Self::NewEmailRequested,
        Self::PrimaryEmailChanged,
        Self::FixLinkDeclined,
        Self::LoginGovLinked,
        Self::LinkDeclined,
        Self::IdentityVerified,
        Self::IdentityNotMatched,
        Self::SignedIn,
        Self::SignedOut,
        Self::SignInRefused,
        Self::RequestRefused,
        Self::EmailChangeRequested,
        Self::EmailChanged,
        Self::StaffSignedIn,
        Self::StaffSignedOut,
        Self::StaffEmailResent,
        Self::StaffUnlinked,
        Self::StaffSessionsEnded,
        Self::StaffTransferRerun,
        Self::StaffPrimaryEmailRequested,
        Self::StaffIdentityCorrected,
        Self::StaffRecoveryRequested,
        Self::StaffRecoveryRejected,
        Self::StaffMemberAdded,
        Self::StaffMemberRemoved,
        Self::StaffSearched,
        Self::StaffViewedAccount,
        Self::StaffExported,
        Self::AccessRequested,
        Self::AccessApproved,
        Self::AccessDeclined,
        Self::AccessExtended,
        Self::AccessRevoked,
        Self::AccessExpired,
        Self::ReadForExaminer,
        Self::CampaignComposed,
        Self::CampaignApproved,
        Self::CampaignPaused,
        Self::CampaignResumed,
        Self::CampaignCancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AccountImported => "account_imported",
            Self::TransferNoMatch => "transfer_no_match",
            Self::TransferMigrated => "transfer_migrated",
            Self::TransferDuplicateEmail => "transfer_duplicate_email",
            Self::TransferAlreadyMigrated => "transfer_already_migrated",
            Self::TransferAlreadyLinked => "transfer_already_linked",
            Self::NewEmailRequested => "new_email_requested",
            Self::PrimaryEmailChanged => "primary_email_changed",
            Self::FixLinkDeclined => "fix_link_declined",
            Self::LoginGovLinked => "login_gov_linked",
            Self::LinkDeclined => "link_declined",
            Self::IdentityVerified => "identity_verified",
            Self::IdentityNotMatched => "identity_not_matched",
            Self::SignedIn => "signed_in",
            Self::SignedOut => "signed_out",
            Self::SignInRefused => "sign_in_refused",
            Self::RequestRefused => "request_refused",
            Self::EmailChangeRequested => "email_change_requested",
            Self::EmailChanged => "email_changed",
            Self::StaffSignedIn => "staff_signed_in",
            Self::StaffSignedOut => "staff_signed_out",
            Self::StaffEmailResent => "staff_email_resent",
            Self::StaffUnlinked => "staff_unlinked",
            Self::StaffSessionsEnded => "staff_sessions_ended",
            Self::StaffTransferRerun => "staff_transfer_rerun",
            Self::StaffPrimaryEmailRequested => "staff_primary_email_requested",
            Self::StaffIdentityCorrected => "staff_identity_corrected",
            Self::StaffRecoveryRequested => "staff_recovery_requested",
            Self::StaffRecoveryRejected => "staff_recovery_rejected",
            Self::StaffMemberAdded => "staff_member_added",
            Self::StaffMemberRemoved => "staff_member_removed",
            Self::StaffSearched => "staff_searched",
            Self::StaffViewedAccount => "staff_viewed_account",
            Self::StaffExported => "staff_exported",
            Self::AccessRequested => "access_requested",
            Self::AccessApproved => "access_approved",
            Self::AccessDeclined => "access_declined",
            Self::AccessExtended => "access_extended",
            Self::AccessRevoked => "access_revoked",
            Self::AccessExpired => "access_expired",
            Self::ReadForExaminer => "read_for_examiner",
            Self::CampaignComposed => "campaign_composed",
            Self::CampaignApproved => "campaign_approved",
            Self::CampaignPaused => "campaign_paused",
            Self::CampaignResumed => "campaign_resumed",
            Self::CampaignCancelled => "campaign_cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.code() == code)
    }

    /// What happened, as the help desk reads it in an account's history.
    pub fn words(self) -> &'static str {
        match self {
            Self::AccountImported => "Loaded from the legacy registry",
            Self::TransferNoMatch => "Transfer or Create Account matched no account",
            Self::TransferMigrated => "Migrated to login.gov",
            Self::TransferDuplicateEmail => "Not migrated: the email is another account's too (fix link sent)",
            Self::TransferAlreadyMigrated => "Transfer run again: migrated already (email sent again)",
            Self::TransferAlreadyLinked => "Transfer run again: linked already",
            Self::NewEmailRequested => "A new email was given through the fix link (confirmation sent)",
            Self::PrimaryEmailChanged => "Primary email changed",
            Self::FixLinkDeclined => "Fix link not used: who opened it said the account is not theirs",
            Self::LoginGovLinked => "Linked to a login.gov account",
            Self::LinkDeclined => "Said at sign-in that the account found is not theirs",
            Self::IdentityVerified => "Identity verified by login.gov before linking",
            Self::IdentityNotMatched => "Not linked: the identity login.gov verified is not this account's",
            Self::SignedIn => "Signed in",
            Self::SignedOut => "Signed out",
            Self::SignInRefused => "Sign-in refused",
            Self::RequestRefused => "Request refused",
            Self::EmailChangeRequested => "Email change asked (confirmation sent)",
            Self::EmailChanged => "Email changed",
            Self::StaffSignedIn => "Staff member signed in",
            Self::StaffSignedOut => "Staff member signed out",
            Self::StaffEmailResent => "Email sent again by the help desk",
            Self::StaffUnlinked => "Unlinked from login.gov by the help desk",
            Self::StaffSessionsEnded => "Sessions ended by the help desk",
            Self::StaffTransferRerun => "Transfer run again by the help desk",
            Self::StaffPrimaryEmailRequested => "New primary email approved by the help desk (link sent to it)",
            Self::StaffIdentityCorrected => "Name or date of birth on file corrected by the help desk",
            Self::StaffRecoveryRequested => {
                "Asked by the help desk, waiting for a second staff member (the account's addresses told)"
            }
            Self::StaffRecoveryRejected => "A help-desk request turned down by a second staff member",
            Self::StaffMemberAdded => "Staff member added or given another role",
            Self::StaffMemberRemoved => "Staff member removed",
            Self::StaffSearched => "Accounts searched by staff",
            Self::StaffViewedAccount => "Account opened by staff",
            Self::StaffExported => "Outreach list downloaded by staff",
            Self::AccessRequested => "Someone asked to work for this examiner (examiner emailed)",
            Self::AccessApproved => "Access approved for someone who works for this examiner",
            Self::AccessDeclined => "A request to work for this examiner declined",
            Self::AccessExtended => "Access extended for someone who works for this examiner",
            Self::AccessRevoked => "Access of someone who works for this examiner revoked",
            Self::AccessExpired => "Access of someone who works for this examiner expired",
            Self::ReadForExaminer => "Account read by someone who works for this examiner",
            Self::CampaignComposed => "Reminder campaign composed",
            Self::CampaignApproved => "Reminder campaign approved (sending from its start)",
            Self::CampaignPaused => "Reminder campaign paused",
            Self::CampaignResumed => "Reminder campaign resumed",
            Self::CampaignCancelled => "Reminder campaign cancelled",
        }
    }
}

/// A stored audit event's code that [`AuditEvent`] does not declare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an audit event the registry does not declare: {0}")]
pub struct UnknownEvent(String);

impl TryFrom<String> for AuditEvent {
    type Error = UnknownEvent;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::parse(&code).ok_or(UnknownEvent(code))
    }
}

impl From<AuditEvent> for String {
    fn from(event: AuditEvent) -> Self {
        event.code().to_owned()
    }
}

/// Who made the change: the flow a person went through. Carried in JSON as
/// its code; shown to people by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Actor {
    /// Transfer or Create Account.
    Transfer,
    /// The person behind a "NOT migrated" email's link.
    EmailFix,
    /// Signing in and out with login.gov.
    SignIn,
    /// The signed-in person, on My account.
    Account,
    /// A staff member (`staff_members.id`), on the staff side.
    Staff(i64),
    /// A person who works for examiners (`people.id`), for the account's examiner.
    Person(i64),
    /// The registry itself, on its schedule (a grant's period ending).
    Schedule,
    /// The import of the legacy registry's accounts.
    LegacyImport,
    /// An operator's command (`scripts/staff`); the detail names who ran it.
    Command,
}

impl Actor {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "transfer" => Some(Self::Transfer),
            "email_fix" => Some(Self::EmailFix),
            "sign_in" => Some(Self::SignIn),
            "account" => Some(Self::Account),
            "schedule" => Some(Self::Schedule),
            "legacy-import" => Some(Self::LegacyImport),
            // Older rows carry the operator's name in the code.
            _ if code == "command" || code.starts_with("command:") => Some(Self::Command),
            _ => {
                let numbered = |prefix: &str| code.strip_prefix(prefix).and_then(|id| id.parse().ok());
                numbered("staff:").map(Self::Staff).or_else(|| numbered("person:").map(Self::Person))
            }
        }
    }

    /// Who made it, as the help desk reads it.
    pub fn words(self) -> String {
        match self {
            Self::Transfer => "through Transfer or Create Account".into(),
            Self::EmailFix => "through the shared-email fix link".into(),
            Self::SignIn => "while signing in with login.gov".into(),
            Self::Account => "by the person, on My account".into(),
            Self::Staff(staff_id) => format!("by staff member {staff_id}"),
            Self::Person(person_id) => format!("by person {person_id}, for the examiner"),
            Self::Schedule => "by the registry, on its schedule".into(),
            Self::LegacyImport => "by the import of the legacy registry".into(),
            Self::Command => "by an operator's command".into(),
        }
    }

    pub fn code(self) -> std::borrow::Cow<'static, str> {
        match self {
            Self::Transfer => "transfer".into(),
            Self::EmailFix => "email_fix".into(),
            Self::SignIn => "sign_in".into(),
            Self::Account => "account".into(),
            Self::Staff(staff_id) => format!("staff:{staff_id}").into(),
            Self::Person(person_id) => format!("person:{person_id}").into(),
            Self::Schedule => "schedule".into(),
            Self::LegacyImport => "legacy-import".into(),
            Self::Command => "command".into(),
        }
    }
}

/// A stored actor's code that [`Actor`] does not declare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an audit actor the registry does not declare: {0}")]
pub struct UnknownActor(String);

impl TryFrom<String> for Actor {
    type Error = UnknownActor;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::parse(&code).ok_or(UnknownActor(code))
    }
}

impl From<Actor> for String {
    fn from(actor: Actor) -> Self {
        actor.code().into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_and_actor_reads_back_from_its_code() {
        for event in AuditEvent::ALL {
            assert_eq!(AuditEvent::parse(event.code()), Some(event));
        }
        for actor in [
            Actor::Transfer,
            Actor::EmailFix,
            Actor::SignIn,
            Actor::Account,
            Actor::Staff(7),
            Actor::Person(3),
            Actor::Schedule,
            Actor::LegacyImport,
            Actor::Command,
        ] {
            assert_eq!(Actor::parse(&actor.code()), Some(actor));
        }
        assert_eq!(Actor::parse("staff:x"), None);
        assert_eq!(Actor::parse("command:root"), Some(Actor::Command));
        assert_eq!(serde_json::from_str::<AuditEvent>("\"staff_unlinked\"").ok(), Some(AuditEvent::StaffUnlinked));
        assert!(serde_json::from_str::<AuditEvent>("\"no_such_event\"").is_err());
        assert_eq!(serde_json::from_str::<Actor>("\"staff:12\"").ok(), Some(Actor::Staff(12)));
        assert_eq!(serde_json::to_string(&Actor::Person(3)).ok().as_deref(), Some("\"person:3\""));
        assert!(serde_json::from_str::<Actor>("\"something-new\"").is_err());
    }

    #[test]
    fn every_event_has_its_own_code() {
        let mut codes: Vec<&str> = AuditEvent::ALL.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditEvent::ALL.len());
    }
}
