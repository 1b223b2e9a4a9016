//! People who work for examiners (SPEC §5): an assistant or a third party is
//! one person with one login.gov account, and holds a *grant* per examiner
//! they work for. The examiner approves or declines each request, and may
//! revoke a grant at any time; an approved grant expires after the period the
//! examiner chose. Nothing a person does for an examiner can change the
//! examiner's emails or login.gov link: a grant only lets them read.

use serde::{Deserialize, Serialize};

use crate::form::{plain_text, too_long, FieldError, FieldErrors, FormField};
use crate::{AccountType, RegistryNumber};

/// Where a grant stands. `Requested` and `Approved` are open; the others are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantState {
    Requested,
    Approved,
    Declined,
    Revoked,
    Expired,
}

/// What can happen to a grant, and who does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantChange {
    /// The examiner says yes to a request.
    Approve,
    /// The examiner says no to a request.
    Decline,
    /// The examiner extends an approved grant: a new period from today.
    Extend,
    /// The examiner (or the help desk) ends an approved grant, or a request
    /// still waiting.
    Revoke,
    /// The period the examiner chose has passed, or a request went
    /// unanswered for [`REQUEST_LAPSES_AFTER_DAYS`] (the cron).
    Expire,
}

/// A change the grant's state does not allow (approving a revoked grant…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("This request has been answered already, or the access has ended.")]
pub struct NotNow;

impl GrantState {
    pub const ALL: [Self; 5] = [Self::Requested, Self::Approved, Self::Declined, Self::Revoked, Self::Expired];

    pub fn code(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.code() == code)
    }

    /// As the examiner and the person read it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Requested => "Waiting for the examiner's answer",
            Self::Approved => "Approved",
            Self::Declined => "Declined",
            Self::Revoked => "Revoked",
            Self::Expired => "Expired",
        }
    }

    /// Whether the grant is still asked for or in force.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Requested | Self::Approved)
    }

    /// The state after `change`, if this state allows it.
    pub fn after(self, change: GrantChange) -> Result<Self, NotNow> {
        match (self, change) {
            (Self::Requested, GrantChange::Approve) => Ok(Self::Approved),
            (Self::Requested, GrantChange::Decline) => Ok(Self::Declined),
            (Self::Approved, GrantChange::Extend) => Ok(Self::Approved),
            (Self::Requested | Self::Approved, GrantChange::Revoke) => Ok(Self::Revoked),
            (Self::Requested | Self::Approved, GrantChange::Expire) => Ok(Self::Expired),
            _ => Err(NotNow),
        }
    }
}

impl GrantChange {
    pub fn code(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Extend => "extend",
            Self::Decline => "decline",
            Self::Revoke => "revoke",
            Self::Expire => "expire",
        }
    }

    /// The changes an examiner makes on My account (`/api/account/people/{id}/{change}`).
    pub fn by_the_examiner(code: &str) -> Option<Self> {
        [Self::Approve, Self::Decline, Self::Extend, Self::Revoke].into_iter().find(|change| change.code() == code)
    }

    /// Which states the change starts from: what its statement's `WHERE` names.
    pub fn from_states(self) -> Vec<GrantState> {
        GrantState::ALL.into_iter().filter(|state| state.after(self).is_ok()).collect()
    }
}

impl GrantChange {
    /// What the person who asked is told of it (the subject, and the
    /// sentence): the examiner by number only, which the person typed.
    pub fn told(self, registry_number: &str, period: GrantPeriod) -> (&'static str, String) {
        match self {
            Self::Approve => (
                "You can now work for an examiner on the National Registry",
                format!(
                    "The examiner with National Registry number {registry_number} approved your request. Your access \
                     lasts {} unless they revoke it.",
                    period.label()
                ),
            ),
            Self::Extend => (
                "Your access to an examiner's account was extended",
                format!(
                    "The examiner with National Registry number {registry_number} extended your access: it lasts {} \
                     from today unless they revoke it.",
                    period.label()
                ),
            ),
            Self::Decline => (
                "Your request to work for an examiner was declined",
                format!("The examiner with National Registry number {registry_number} declined your request."),
            ),
            Self::Revoke => (
                "Your access to an examiner's account has ended",
                format!("Your access to the account of National Registry number {registry_number} was revoked."),
            ),
            Self::Expire => (
                "Your access to an examiner's account has expired",
                format!(
                    "Your access to the account of National Registry number {registry_number} ended with the period \
                     the examiner chose. Ask again if you still work for them."
                ),
            ),
        }
    }

    /// The audit event it is, on the examiner's account.
    pub fn event(self) -> crate::audit::AuditEvent {
        use crate::audit::AuditEvent;
        match self {
            Self::Approve => AuditEvent::AccessApproved,
            Self::Decline => AuditEvent::AccessDeclined,
            Self::Extend => AuditEvent::AccessExtended,
            Self::Revoke => AuditEvent::AccessRevoked,
            Self::Expire => AuditEvent::AccessExpired,
        }
    }

    /// What the examiner is told on My account once it is done.
    pub fn done(self) -> &'static str {
        match self {
            Self::Approve => "Approved. We emailed them.",
            Self::Extend => "Extended. We emailed them.",
            Self::Decline => "Declined. We emailed them.",
            Self::Revoke => "Access revoked. It stops at their next request, and we emailed them.",
            Self::Expire => "Expired.",
        }
    }
}

/// How long an approved grant lasts, as the examiner chooses when approving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantPeriod {
    ThreeMonths,
    #[default]
    OneYear,
    TwoYears,
}

impl GrantPeriod {
    pub const ALL: [Self; 3] = [Self::ThreeMonths, Self::OneYear, Self::TwoYears];

    pub fn days(self) -> i64 {
        match self {
            Self::ThreeMonths => 91,
            Self::OneYear => 365,
            Self::TwoYears => 730,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ThreeMonths => "3 months",
            Self::OneYear => "1 year",
            Self::TwoYears => "2 years",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::ThreeMonths => "three_months",
            Self::OneYear => "one_year",
            Self::TwoYears => "two_years",
        }
    }
}

/// The answer to every request for access, whether the number names an
/// examiner or not, whether they were asked now or asked already: it must not
/// tell anyone who holds a number.
pub const ASKED: &str = "If this number belongs to a medical examiner, they have been asked. We will email you when \
     they answer. You can see your requests below.";

/// A request nobody answers (or whose number no examiner holds) lapses after this.
pub const REQUEST_LAPSES_AFTER_DAYS: i64 = 30;

/// The person is reminded this many days before their access ends, so that
/// the examiner can extend it in time.
pub const REMINDER_DAYS_BEFORE_END: i64 = 14;

/// The reminder's words: the subject, and the sentence (the end in the U.S.'s words, a date).
pub fn ending_soon(registry_number: &str, ends_on: &str) -> (&'static str, String) {
    (
        "Your access to an examiner's account ends soon",
        format!(
            "Your access to the account of National Registry number {registry_number} ends on {ends_on}. If you still \
             work for them, ask the examiner to extend it on their My account, under People who work for you."
        ),
    )
}

/// How many requests one person may make in an hour.
pub const REQUESTS_PER_PERSON_PER_HOUR: i64 = 10;
/// How many request emails one examiner gets in a day, whoever asks: past it,
/// a request is still recorded and shown on their My account, but not emailed.
pub const REQUEST_EMAILS_PER_EXAMINER_PER_DAY: i64 = 5;

/// The fields of the request for access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessRequestField {
    RegistryNumber,
    Role,
    Name,
    Organization,
}

impl FormField for AccessRequestField {
    const ALL: &'static [Self] = &[Self::RegistryNumber, Self::Role, Self::Name, Self::Organization];

    fn code(self) -> &'static str {
        match self {
            Self::RegistryNumber => "registry_number",
            Self::Role => "role",
            Self::Name => "name",
            Self::Organization => "organization",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Self::RegistryNumber => 20,
            Self::Role => 40,
            Self::Name | Self::Organization => 100,
        }
    }
}

/// `POST /api/work-for`: whom the person asks to work for, as what, and who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRequestForm {
    pub registry_number: String,
    pub role: String,
    pub name: String,
    #[serde(default)]
    pub organization: String,
}

/// A request for access, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequest {
    pub examiner: RegistryNumber,
    /// An assistant or a third party (never an examiner).
    pub role: AccountType,
    /// The person's name, as the examiner will read it.
    pub name: String,
    /// A third party's organization; none for an assistant.
    pub organization: Option<String>,
}

impl AccessRequestForm {
    pub fn parse(&self) -> Result<AccessRequest, FieldErrors<AccessRequestField>> {
        let typed = [
            (AccessRequestField::RegistryNumber, &self.registry_number),
            (AccessRequestField::Role, &self.role),
            (AccessRequestField::Name, &self.name),
            (AccessRequestField::Organization, &self.organization),
        ];
        let too_long: Vec<_> = typed.into_iter().filter_map(|(field, value)| too_long(field, value)).collect();
        if !too_long.is_empty() {
            return Err(FieldErrors(too_long));
        }
        let mut errors = Vec::new();
        let mut refuse = |field, message: &str| errors.push(FieldError { field, message: message.to_owned() });
        let examiner = RegistryNumber::parse(&self.registry_number)
            .map_err(|e| refuse(AccessRequestField::RegistryNumber, &e.to_string().replace("your ", "the examiner's ")))
            .ok();
        let role = AccountType::parse(&self.role).ok().filter(|role| role.works_for_an_examiner()).or_else(|| {
            refuse(AccessRequestField::Role, "Select Medical Examiner Administrative Assistant or Third Party.");
            None
        });
        let name = plain_text(&self.name);
        if name.is_empty() {
            refuse(AccessRequestField::Name, "Enter your full name, as the examiner knows you.");
        }
        let organization = Some(plain_text(&self.organization)).filter(|o| !o.is_empty());
        if role == Some(AccountType::ThirdParty) && organization.is_none() {
            refuse(AccessRequestField::Organization, "Enter the name of your organization.");
        }
        match (examiner, role) {
            (Some(examiner), Some(role)) if errors.is_empty() => Ok(AccessRequest {
                examiner,
                role,
                name,
                organization: organization.filter(|_| role == AccountType::ThirdParty),
            }),
            _ => Err(FieldErrors(errors)),
        }
    }
}

/// `POST /api/account/people/{id}/approve`: how long the grant lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalForm {
    #[serde(default)]
    pub period: GrantPeriod,
}

/// One grant as the examiner sees it on My account ("People who work for you").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonWorkingForYou {
    pub grant_id: i64,
    pub name: String,
    pub organization: Option<String>,
    pub role: AccountType,
    pub state: GrantState,
    /// The email the person signs in to login.gov with.
    pub email: String,
    pub requested_at: String,
    pub decided_at: Option<String>,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// One grant as the person who holds it sees it ("Examiners you work for").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExaminerYouWorkFor {
    pub grant_id: i64,
    /// Only once approved: a request does not tell whom a number names.
    pub examiner_name: Option<String>,
    pub registry_number: RegistryNumber,
    pub role: AccountType,
    pub state: GrantState,
    pub requested_at: String,
    pub expires_at: Option<String>,
}

/// `GET /api/work-for`: the signed-in person, their grants, and their session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingFor {
    pub email: String,
    pub grants: Vec<ExaminerYouWorkFor>,
    pub csrf_token: String,
    pub session: crate::session::SessionTime,
}

/// A grant as the help desk sees it on an account's page: the examiner's
/// (people who work for them) or the person's (if the account is linked to a
/// login.gov identity that works for examiners).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffGrant {
    pub grant_id: i64,
    pub name: String,
    pub organization: Option<String>,
    /// The person's login.gov email.
    pub person_email: String,
    pub role: AccountType,
    pub state: GrantState,
    pub registry_number: RegistryNumber,
    pub examiner_name: Option<String>,
    pub requested_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// `GET /api/work-for/{grant}`: the examiner's registry account, read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExaminerRecord {
    pub grant_id: i64,
    pub role: AccountType,
    pub expires_at: Option<String>,
    pub name: String,
    pub registry_number: RegistryNumber,
    pub license_number: Option<String>,
    pub license_state: Option<String>,
    pub certification_issued: Option<String>,
    pub certification_expires: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_approved_or_declined_once_and_an_approved_grant_revoked_or_expired() {
        use GrantChange::*;
        use GrantState::*;
        let allowed = [
            (Requested, Approve, Approved),
            (Approved, Extend, Approved),
            (Requested, Decline, Declined),
            (Requested, Revoke, Revoked),
            (Approved, Revoke, Revoked),
            (Requested, Expire, Expired),
            (Approved, Expire, Expired),
        ];
        for state in GrantState::ALL {
            for change in [Approve, Decline, Extend, Revoke, Expire] {
                let expected = allowed.iter().find(|(s, c, _)| *s == state && *c == change).map(|(_, _, to)| *to);
                assert_eq!(state.after(change).ok(), expected, "{state:?} then {change:?}");
            }
        }
        assert_eq!(Approve.from_states(), vec![Requested]);
        assert_eq!(Revoke.from_states(), vec![Requested, Approved]);
        assert_eq!(Expire.from_states(), vec![Requested, Approved]);
        assert!(Declined.after(Approve).is_err() && Revoked.after(Revoke).is_err() && Expired.after(Approve).is_err());
    }

    #[test]
    fn codes_read_back_and_the_examiner_cannot_expire_a_grant() {
        for state in GrantState::ALL {
            assert_eq!(GrantState::parse(state.code()), Some(state));
        }
        assert_eq!(GrantChange::by_the_examiner("approve"), Some(GrantChange::Approve));
        assert_eq!(GrantChange::by_the_examiner("expire"), None);
        assert_eq!(GrantPeriod::default().days(), 365);
    }

    fn form(number: &str, role: &str, name: &str, organization: &str) -> AccessRequestForm {
        AccessRequestForm {
            registry_number: number.into(),
            role: role.into(),
            name: name.into(),
            organization: organization.into(),
        }
    }

    #[test]
    fn a_third_party_names_its_organization_and_an_assistant_none() {
        let third = form("123-456-7890", "third_party", "  Jo   Smith ", "Acme <b>Clinics</b>").parse().unwrap();
        assert_eq!(third.examiner.as_str(), "1234567890");
        assert_eq!(third.name, "Jo Smith");
        assert_eq!(third.organization.as_deref(), Some("Acme b Clinics /b"), "no markup in an email");
        let assistant = form("1234567890", "assistant", "Jo", "ignored").parse().unwrap();
        assert_eq!((assistant.role, assistant.organization), (AccountType::AdministrativeAssistant, None));
        let missing = form("1234567890", "third_party", "Jo", " ").parse().unwrap_err();
        assert!(missing.get(AccessRequestField::Organization).is_some());
    }

    #[test]
    fn a_field_longer_than_its_column_is_refused_by_its_name() {
        let long = "x".repeat(101);
        let errors = form("1234567890", "assistant", &long, "").parse().unwrap_err();
        assert_eq!(errors.get(AccessRequestField::Name), Some("This is too long."));
    }

    #[test]
    fn an_examiner_cannot_be_asked_for_as_an_examiner_and_every_mistake_is_named() {
        let errors = form("12", "examiner", "", "").parse().unwrap_err();
        assert_eq!(errors.get(AccessRequestField::RegistryNumber), Some("A National Registry number has 10 digits."));
        assert!(errors.get(AccessRequestField::Role).is_some());
        assert!(errors.get(AccessRequestField::Name).is_some());
    }

    #[test]
    fn the_answer_to_a_request_names_nobody() {
        assert!(ASKED.starts_with("If this number belongs to"));
        assert!(!ASKED.contains("not found") && !ASKED.contains("no examiner"));
    }
}
