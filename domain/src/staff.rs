//! The registry's staff: the FMCSA help desk, the program office and the
//! administrators. Who they are (a `staff_members` row naming their login.gov
//! identity), what each role may do, and what they give with each change.

use serde::{Deserialize, Serialize};

use crate::audit::{Actor, AuditEvent};
use crate::emails::{EmailKind, OutboxStatus};
use crate::form::{FieldError, FieldErrors};
use crate::identity::{iso_date, person_name, CorrectedIdentity, NAME_MAX_LEN};
use crate::link::LinkPurpose;
use crate::session::{Holder, SessionTime};
use crate::{AccountType, Email, MigrationState, RegistryNumber};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    HelpDesk,
    ProgramOffice,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Self::HelpDesk, Self::ProgramOffice, Self::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Self::HelpDesk => "help_desk",
            Self::ProgramOffice => "program_office",
            Self::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::HelpDesk => "Help desk",
            Self::ProgramOffice => "Program office",
            Self::Admin => "Administrator",
        }
    }

    /// What a role may see and do: the help desk, people's accounts; the
    /// program office, the migration's figures; an administrator, both, and the staff list.
    pub fn may(self, work: StaffWork) -> bool {
        matches!(
            (self, work),
            (Self::Admin, _)
                | (Self::HelpDesk, StaffWork::Accounts)
                | (Self::ProgramOffice, StaffWork::Funnel | StaffWork::Campaigns)
                | (_, StaffWork::OwnSession)
        )
    }
}

/// The parts of the staff side, each for some roles (`Role::may`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffWork {
    /// Who is signed in, signing out.
    OwnSession,
    /// Searching accounts, their page, and the help desk's actions.
    Accounts,
    /// The migration funnel and the outreach list.
    Funnel,
    /// Reminder campaigns (approving one: administrators only, and not its author).
    Campaigns,
    /// Adding and removing staff members.
    Staff,
}

/// A staff member signed in (a staff session's holder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub staff_id: i64,
    pub email: String,
    pub role: Role,
    /// The member's session generation when the session began (a new role moves it on).
    #[serde(default)]
    pub generation: i64,
}

/// Staff reach everyone's accounts: shorter than an examiner's session.
impl Holder for StaffMember {
    const IDLE_TIMEOUT_SECONDS: i64 = 15 * 60;
    const ABSOLUTE_TIMEOUT_SECONDS: i64 = 8 * 60 * 60;
}

/// `GET /api/staff/session`: who is signed in, and their CSRF token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInStaff {
    pub email: String,
    pub role: Role,
    pub csrf_token: String,
    pub session: SessionTime,
}

/// An account in a search's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub account_id: i64,
    pub registry_number: String,
    pub first_name: String,
    pub last_name: String,
    pub account_type: AccountType,
    pub primary_email: String,
    pub migration_state: MigrationState,
}

/// `GET /api/staff/accounts/{id}`: what the help desk sees of an account.
/// Never a link's token, nor an email's body (its link opens the account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccountView {
    pub summary: AccountSummary,
    pub license_number: Option<String>,
    pub license_state: Option<String>,
    pub secondary_email: Option<String>,
    /// The login.gov email the account was linked by, when linked.
    pub linked_email: Option<String>,
    /// What a verified identity is compared with, with the names (`YYYY-MM-DD`).
    pub date_of_birth: Option<String>,
    pub emails: Vec<SentEmailRecord>,
    pub open_links: Vec<OpenLink>,
    /// Newest first.
    pub events: Vec<TimelineEvent>,
    /// An unlink or a new primary email asked for, waiting for a second staff member.
    pub waiting_recovery: Option<WaitingRecovery>,
    /// People who work for this examiner, and the examiners this account's
    /// login.gov identity works for (`domain::grant`), newest first.
    #[serde(default)]
    pub grants: Vec<crate::grant::StaffGrant>,
}

/// An email of the outbox, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEmailRecord {
    pub kind: EmailKind,
    pub to_address: String,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// A single-use link that still works: what it is for and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLink {
    pub purpose: LinkPurpose,
    pub created_at: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub occurred_at: String,
    pub event: AuditEvent,
    pub actor: Actor,
    pub detail: Option<String>,
}

/// A help desk action on an account (`POST /api/staff/accounts/{id}/{action}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// The email that fits the account as it is now, sent again.
    ResendEmail,
    /// Asks that the login.gov identity be let go ([`Recovery::Unlink`]).
    Unlink,
    /// Every session of the person ends.
    EndSessions,
    /// The transfer decided again for the account as it is on file (its email sent).
    RerunTransfer,
    /// Asks for a new primary email ([`Recovery::SetPrimaryEmail`]).
    SetPrimaryEmail,
    /// Asks to correct the name and date of birth on file ([`Recovery::CorrectIdentity`]).
    CorrectIdentity,
    /// Another staff member's request for the account, approved: it is carried out.
    ApproveRecovery,
    /// Another staff member's request for the account, turned down.
    RejectRecovery,
    /// An access of someone who works for an examiner ended (`ActionForm::grant_id`).
    RevokeGrant,
}

impl AccountAction {
    /// The actions any account offers; the two decisions are offered with a waiting request.
    pub const OFFERED: [Self; 6] = [
        Self::ResendEmail,
        Self::RerunTransfer,
        Self::SetPrimaryEmail,
        Self::CorrectIdentity,
        Self::Unlink,
        Self::EndSessions,
    ];

    /// The others: offered beside a waiting request or a grant.
    const BESIDE: [Self; 3] = [Self::ApproveRecovery, Self::RejectRecovery, Self::RevokeGrant];

    /// The last segment of its API path.
    pub fn code(self) -> &'static str {
        match self {
            Self::ResendEmail => "resend-email",
            Self::Unlink => "unlink",
            Self::EndSessions => "end-sessions",
            Self::RerunTransfer => "rerun-transfer",
            Self::SetPrimaryEmail => "set-primary-email",
            Self::CorrectIdentity => "correct-identity",
            Self::ApproveRecovery => "approve-recovery",
            Self::RejectRecovery => "reject-recovery",
            Self::RevokeGrant => "revoke-grant",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::OFFERED.into_iter().chain(Self::BESIDE).find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ResendEmail => "Send its sign-in email again",
            Self::Unlink => "Ask to unlink the login.gov account",
            Self::EndSessions => "End the person's sessions",
            Self::RerunTransfer => "Run the transfer again",
            Self::SetPrimaryEmail => "Ask to set this primary email",
            Self::CorrectIdentity => "Ask to correct the name on file",
            Self::ApproveRecovery => "Approve the request",
            Self::RejectRecovery => "Turn the request down",
            Self::RevokeGrant => "Revoke this access",
        }
    }
}

/// What only a second staff member's approval carries out: each can take the
/// account from whoever holds it (the identity it links to, the address its
/// links go to, the name a verified identity must have), so one person's word,
/// or one staff member talked into it, is not enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recovery {
    /// The login.gov identity let go: the account is migrated again, and its
    /// next link needs login.gov to verify the person's identity.
    Unlink,
    /// A link to a new primary email, confirmed from the new inbox.
    SetPrimaryEmail,
    /// The name (and date of birth) on file corrected, for a person whose
    /// verified identity the registry's record does not match.
    CorrectIdentity,
}

impl Recovery {
    pub const ALL: [Self; 3] = [Self::Unlink, Self::SetPrimaryEmail, Self::CorrectIdentity];

    pub fn code(self) -> &'static str {
        match self {
            Self::Unlink => "unlink",
            Self::SetPrimaryEmail => "set_primary_email",
            Self::CorrectIdentity => "correct_identity",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// "The help desk was asked to …".
    pub fn words(self) -> &'static str {
        match self {
            Self::Unlink => "unlink its login.gov account",
            Self::SetPrimaryEmail => "set a new primary email address",
            Self::CorrectIdentity => "correct the name or date of birth on file",
        }
    }
}

/// A request that waits for a second staff member, as the account page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRecovery {
    /// What an approval or a refusal names: the request the staff member read.
    pub request_id: i64,
    pub recovery: Recovery,
    pub new_email: Option<String>,
    /// For [`Recovery::CorrectIdentity`]: what goes on file.
    pub corrected: Option<CorrectedIdentity>,
    pub reason: String,
    /// The staff member who asked (their email), and when.
    pub requested_by: String,
    pub requested_at: String,
    /// Asked by the staff member reading the page: they cannot decide it.
    pub yours: bool,
}

/// Why a staff member cannot decide a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecisionRefused {
    #[error("No request is waiting for this account, or it is not the one you read: open the account again.")]
    NoneWaiting,
    #[error("You asked for this: another staff member must approve or turn it down.")]
    OwnRequest,
}

/// Only another staff member than the one who asked decides a request, and
/// only the request they read (`read`, its id; `waiting`, the one waiting and who asked it).
pub fn may_decide(waiting: Option<(i64, i64)>, read: Option<i64>, deciding: i64) -> Result<(), DecisionRefused> {
    match waiting {
        Some((id, _)) if Some(id) != read => Err(DecisionRefused::NoneWaiting),
        None => Err(DecisionRefused::NoneWaiting),
        Some((_, asker)) if asker == deciding => Err(DecisionRefused::OwnRequest),
        Some(_) => Ok(()),
    }
}

/// The body of an action: the reason, required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionForm {
    pub reason: String,
    /// For [`AccountAction::SetPrimaryEmail`] only.
    #[serde(default)]
    pub new_email: String,
    /// For [`AccountAction::CorrectIdentity`] only; the date of birth may be left empty.
    #[serde(default)]
    pub new_first_name: String,
    #[serde(default)]
    pub new_last_name: String,
    #[serde(default)]
    pub new_date_of_birth: String,
    /// For approving or turning down a request: the one the page showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
    /// For revoking an access: the grant the page showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<i64>,
}

/// The action form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionField {
    Reason,
    NewEmail,
    NewFirstName,
    NewLastName,
    NewDateOfBirth,
}

impl crate::form::FormField for ActionField {
    const ALL: &'static [Self] =
        &[Self::Reason, Self::NewEmail, Self::NewFirstName, Self::NewLastName, Self::NewDateOfBirth];

    fn code(self) -> &'static str {
        match self {
            Self::Reason => "reason",
            Self::NewEmail => "new_email",
            Self::NewFirstName => "new_first_name",
            Self::NewLastName => "new_last_name",
            Self::NewDateOfBirth => "new_date_of_birth",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Self::Reason => Reason::MAX_LEN,
            Self::NewEmail => Email::MAX_LEN,
            Self::NewFirstName | Self::NewLastName => NAME_MAX_LEN,
            Self::NewDateOfBirth => "YYYY-MM-DD".len(),
        }
    }
}

/// A row of the staff list, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffListEntry {
    pub staff_id: i64,
    pub email: String,
    pub role: Role,
    /// Whether they have signed in once (their row names their login.gov identity).
    pub signed_in_once: bool,
    pub added_at: String,
}

/// `GET /api/staff/members/{id}`: a member and what they did, for administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMemberActivity {
    pub member: StaffListEntry,
    /// Newest first: every audit event naming them (what they read, what they changed).
    pub events: Vec<StaffActivity>,
}

/// One thing a staff member did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffActivity {
    pub occurred_at: String,
    pub event: AuditEvent,
    /// The account it was about: its id (for its page) and National Registry number.
    pub account_id: Option<i64>,
    pub registry_number: Option<String>,
    pub detail: Option<String>,
}

/// `POST /api/staff/members`: an administrator adds a member (or changes their role).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffMemberForm {
    pub email: String,
    pub role: String,
}

/// The staff member form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffMemberField {
    Email,
    Role,
}

impl crate::form::FormField for StaffMemberField {
    const ALL: &'static [Self] = &[Self::Email, Self::Role];

    fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Role => "role",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Self::Email => Email::MAX_LEN,
            Self::Role => 20,
        }
    }
}

impl StaffMemberForm {
    pub fn parse(&self) -> Result<(Email, Role), crate::form::FieldErrors<StaffMemberField>> {
        let mut errors = Vec::new();
        let email = Email::parse(&self.email).map_err(|e| {
            errors.push(crate::form::FieldError { field: StaffMemberField::Email, message: e.to_string() })
        });
        let role = Role::parse(&self.role).ok_or_else(|| {
            errors.push(crate::form::FieldError { field: StaffMemberField::Role, message: "Choose a role.".into() })
        });
        match (email, role) {
            (Ok(email), Ok(role)) => Ok((email, role)),
            _ => Err(crate::form::FieldErrors(errors)),
        }
    }
}

/// Why a staff member changes an account, as they wrote it: required, kept in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("Give the reason for this change, for the account's history.")]
    Empty,
    #[error("A reason has at most 500 characters.")]
    TooLong,
}

impl Reason {
    pub const MAX_LEN: usize = 500;

    pub fn parse(text: &str) -> Result<Self, ReasonError> {
        let text = text.trim();
        if text.is_empty() {
            Err(ReasonError::Empty)
        } else if text.chars().count() > Self::MAX_LEN {
            Err(ReasonError::TooLong)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an action changes besides its reason, parsed from its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionChange {
    Nothing,
    PrimaryEmail(Email),
    Identity(CorrectedIdentity),
}

impl ActionForm {
    /// The reason, and what the action changes: for setting a primary email
    /// the new address, for correcting the identity on file the new name.
    pub fn parse(&self, action: AccountAction) -> Result<(Reason, ActionChange), FieldErrors<ActionField>> {
        let mut errors = Vec::new();
        let mut refused = |field, message: String| errors.push(FieldError { field, message });
        let reason = Reason::parse(&self.reason).map_err(|e| refused(ActionField::Reason, e.to_string()));
        let change = match action {
            AccountAction::SetPrimaryEmail => Email::parse(&self.new_email)
                .map(ActionChange::PrimaryEmail)
                .map_err(|e| refused(ActionField::NewEmail, e.to_string())),
            AccountAction::CorrectIdentity => {
                let name = |field, which: &str, typed: &str| {
                    person_name(typed.trim())
                        .map_err(|_| (field, format!("Enter the {which} name, at most {NAME_MAX_LEN} characters.")))
                };
                let date_of_birth = match self.new_date_of_birth.trim() {
                    "" => Ok(None),
                    typed => iso_date(typed).map(Some).map_err(|_| {
                        let message =
                            "Enter the date of birth as YYYY-MM-DD, or leave it empty to keep the one on file.";
                        (ActionField::NewDateOfBirth, message.into())
                    }),
                };
                match (
                    name(ActionField::NewFirstName, "first", &self.new_first_name),
                    name(ActionField::NewLastName, "last", &self.new_last_name),
                    date_of_birth,
                ) {
                    (Ok(first_name), Ok(last_name), Ok(date_of_birth)) => {
                        Ok(ActionChange::Identity(CorrectedIdentity { first_name, last_name, date_of_birth }))
                    }
                    (first, last, date) => {
                        for (field, message) in [first.err(), last.err(), date.err()].into_iter().flatten() {
                            refused(field, message);
                        }
                        Err(())
                    }
                }
            }
            _ => Ok(ActionChange::Nothing),
        };
        match (reason, change) {
            (Ok(reason), Ok(change)) => Ok((reason, change)),
            _ => Err(FieldErrors(errors)),
        }
    }
}

/// What the help desk searches by, from what was typed: a National Registry
/// number (exact), an email address (exact), or the start of an email
/// address or of a last name (each on an index, at most [`SEARCH_LIMIT`] rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountSearch {
    RegistryNumber(RegistryNumber),
    Email(Email),
    /// Lower case, at least 2 characters: an email address's or a last name's start.
    Prefix(String),
}

/// The most accounts a search lists: a person is found by typing more.
pub const SEARCH_LIMIT: i64 = 25;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Type a National Registry number, an email address, or at least 2 letters of an email address or a last name.")]
pub struct SearchTooShort;

impl AccountSearch {
    pub fn parse(typed: &str) -> Result<Self, SearchTooShort> {
        let typed = typed.trim();
        // As it is printed on a certificate, with dashes or spaces, too: a
        // last name or an address never parses as ten digits.
        if let Ok(number) = RegistryNumber::parse(typed) {
            return Ok(Self::RegistryNumber(number));
        }
        if let Ok(email) = Email::parse(typed) {
            return Ok(Self::Email(email));
        }
        // As SQLite's lower() folds, which the index is on: ASCII letters only.
        let prefix = typed.to_ascii_lowercase();
        if prefix.chars().count() < 2 || prefix.chars().count() > 100 {
            return Err(SearchTooShort);
        }
        Ok(Self::Prefix(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_decided_by_another_member_and_only_the_one_they_read() {
        const REQUEST: i64 = 7;
        const ASKER: i64 = 1;
        assert_eq!(may_decide(Some((REQUEST, ASKER)), Some(REQUEST), 2), Ok(()));
        assert_eq!(may_decide(Some((REQUEST, ASKER)), Some(REQUEST), ASKER), Err(DecisionRefused::OwnRequest));
        // Another request came meanwhile, or none was named, or none waits.
        assert_eq!(may_decide(Some((8, ASKER)), Some(REQUEST), 2), Err(DecisionRefused::NoneWaiting));
        assert_eq!(may_decide(Some((REQUEST, ASKER)), None, 2), Err(DecisionRefused::NoneWaiting));
        assert_eq!(may_decide(None, Some(REQUEST), 2), Err(DecisionRefused::NoneWaiting));
    }

    #[test]
    fn a_correction_of_the_identity_on_file_needs_both_names_and_a_real_date_if_any() {
        let form = |first: &str, last: &str, date: &str| ActionForm {
            reason: "Married; saw her license".into(),
            new_first_name: first.into(),
            new_last_name: last.into(),
            new_date_of_birth: date.into(),
            ..ActionForm::default()
        };
        let corrected = |date: Option<&str>| {
            ActionChange::Identity(CorrectedIdentity {
                first_name: "Maria".into(),
                last_name: "Lopez-Hart".into(),
                date_of_birth: date.map(Into::into),
            })
        };
        let parsed = |f: ActionForm| f.parse(AccountAction::CorrectIdentity).map(|(_, change)| change);
        assert_eq!(parsed(form(" Maria ", "Lopez-Hart", "")), Ok(corrected(None)));
        assert_eq!(parsed(form("Maria", "Lopez-Hart", "1975-02-28")), Ok(corrected(Some("1975-02-28"))));
        let refused = parsed(form("", "Lopez-Hart", "1975-02-30")).unwrap_err();
        assert!(refused.get(ActionField::NewFirstName).is_some());
        assert!(refused.get(ActionField::NewDateOfBirth).is_some());
        assert!(refused.get(ActionField::NewLastName).is_none());
        // Other actions take no name.
        assert_eq!(form("", "", "").parse(AccountAction::EndSessions).map(|(_, c)| c), Ok(ActionChange::Nothing));
    }

    #[test]
    fn each_role_reaches_its_own_part_and_an_administrator_every_part() {
        use StaffWork::*;
        assert!(Role::HelpDesk.may(Accounts) && !Role::HelpDesk.may(Funnel) && !Role::HelpDesk.may(Staff));
        assert!(Role::ProgramOffice.may(Funnel) && !Role::ProgramOffice.may(Accounts));
        assert!(Role::ProgramOffice.may(Campaigns) && !Role::HelpDesk.may(Campaigns));
        assert!([Accounts, Funnel, Campaigns, Staff, OwnSession].into_iter().all(|work| Role::Admin.may(work)));
        assert!(Role::ALL.into_iter().all(|role| role.may(OwnSession)));
    }

    #[test]
    fn every_account_action_is_found_by_the_last_segment_of_its_path() {
        use AccountAction::*;
        let every = [ResendEmail, Unlink, EndSessions, RerunTransfer, SetPrimaryEmail, CorrectIdentity];
        for action in every.into_iter().chain([ApproveRecovery, RejectRecovery, RevokeGrant]) {
            assert_eq!(AccountAction::parse(action.code()), Some(action));
        }
        assert_eq!(AccountAction::parse("delete"), None);
    }

    #[test]
    fn every_role_round_trips_through_its_code() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(Reason::parse("  "), Err(ReasonError::Empty));
        assert_eq!(Reason::parse(&"x".repeat(501)), Err(ReasonError::TooLong));
        assert_eq!(
            Reason::parse(" Caller verified by license ").map(|r| r.as_str().to_owned()),
            Ok("Caller verified by license".into())
        );
    }

    #[test]
    fn a_search_is_a_registry_number_an_email_or_a_prefix() {
        let number = Ok(AccountSearch::RegistryNumber(RegistryNumber::parse("1000000001").unwrap()));
        assert_eq!(AccountSearch::parse("1000000001"), number);
        assert_eq!(AccountSearch::parse(" 100-000-0001 "), number);
        assert_eq!(AccountSearch::parse("10000 00001"), number);
        assert!(matches!(AccountSearch::parse("Maria.Lopez@Example.com"), Ok(AccountSearch::Email(_))));
        assert_eq!(AccountSearch::parse("Lop"), Ok(AccountSearch::Prefix("lop".into())));
        assert_eq!(AccountSearch::parse("maria.lo"), Ok(AccountSearch::Prefix("maria.lo".into())));
        assert_eq!(AccountSearch::parse("l"), Err(SearchTooShort));
        // Folded as SQLite's lower() folds: ASCII letters only.
        assert_eq!(AccountSearch::parse("ÁNgel"), Ok(AccountSearch::Prefix("Ángel".into())));
    }

    #[test]
    fn a_staff_session_is_shorter_than_an_examiners() {
        assert_eq!(StaffMember::IDLE_TIMEOUT_SECONDS, 15 * 60);
        assert_eq!(StaffMember::ABSOLUTE_TIMEOUT_SECONDS, 8 * 60 * 60);
    }
}
