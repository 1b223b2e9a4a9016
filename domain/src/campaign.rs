//! Reminder campaigns (issue 21): the program office writes to the people
//! who have not moved yet, each told their own next step. A campaign is an
//! audience (an account type, one State or all, a stage of the funnel), a
//! sentence of the office's own and a start; an administrator other than its
//! author approves it, and the cron then writes its emails in paced batches.
//! The audience is re-read at each batch and each email re-checked when sent,
//! so that whoever moved meanwhile is not told to.

use serde::{Deserialize, Serialize};

use crate::form::{plain_text, too_long, FieldError, FieldErrors, FormField};
use crate::{AccountType, UsState};

/// Where the audience stands in the funnel (`funnel_counts.stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStage {
    /// Not transferred, and not waiting on a new address: transfer.
    NotTransferred,
    /// Transferred but never signed in with login.gov: sign in.
    NeverSignedIn,
    /// Shares an address with another account and was sent a link to give its own: fix the address.
    WaitingOnFix,
}

impl CampaignStage {
    pub const ALL: [Self; 3] = [Self::NotTransferred, Self::NeverSignedIn, Self::WaitingOnFix];

    pub fn code(self) -> &'static str {
        match self {
            Self::NotTransferred => "legacy",
            Self::NeverSignedIn => "migrated",
            Self::WaitingOnFix => "waiting_fix",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotTransferred => "Not transferred",
            Self::NeverSignedIn => "Transferred but never signed in with login.gov",
            Self::WaitingOnFix => "Waiting on a new email address (shared address)",
        }
    }

    /// The reminder's subject, words and button: the person's own next step.
    fn reminder(self) -> (&'static str, [&'static str; 2], &'static str) {
        match self {
            Self::NotTransferred => (
                "Transfer your National Registry account to login.gov",
                [
                    "The National Registry of Certified Medical Examiners now uses login.gov to sign in. Your \
                     National Registry account has not been transferred yet.",
                    "Please select the button below and choose Transfer or Create Account. You will need your \
                     National Registry number and, for an examiner, your medical license number and the State that \
                     issued it. Then create a login.gov account with the email address the registry sends to.",
                ],
                "Transfer my account",
            ),
            Self::NeverSignedIn => (
                "Sign in to the National Registry with login.gov",
                [
                    "Your National Registry account was transferred, but it has not been signed in to with login.gov \
                     yet.",
                    "Please select the button below to go to login.gov. Create your login.gov account with this email \
                     address, or sign in to it if you have one; login.gov brings you back to the National Registry to \
                     confirm the account is yours.",
                ],
                "Sign in with login.gov",
            ),
            Self::WaitingOnFix => (
                "Give your National Registry account an email address of its own",
                [
                    "Your email address is used by more than one National Registry account, so your account could not \
                     be transferred to login.gov.",
                    "Each person needs an email address of their own. Please select the button below and choose \
                     Transfer or Create Account again: the registry sends a new link to give your account an address \
                     of its own.",
                ],
                "Transfer my account",
            ),
        }
    }
}

/// What a campaign writes: the subject, the paragraphs (the stage's words,
/// the program office's note if any, the deadline's sentence if one is ahead)
/// and the button's words. The same for everyone in the audience: a reminder
/// carries no personal data but the address it is sent to.
pub fn reminder_words(
    stage: CampaignStage,
    note: &str,
    deadline: Option<&str>,
) -> (&'static str, Vec<String>, &'static str) {
    let (subject, words, button) = stage.reminder();
    let paragraphs = words
        .into_iter()
        .map(str::to_owned)
        .chain(Some(note.to_owned()).filter(|n| !n.is_empty()))
        .chain(deadline.map(str::to_owned))
        .collect();
    (subject, paragraphs, button)
}

/// Where a campaign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignState {
    /// Composed, waiting for an administrator's approval.
    Draft,
    /// Sending from its start, batch after batch.
    Approved,
    /// Stopped by staff; resumes where it stopped.
    Paused,
    /// Every account of the audience was written to.
    Done,
    /// Stopped for good.
    Cancelled,
}

impl CampaignState {
    pub const ALL: [Self; 5] = [Self::Draft, Self::Approved, Self::Paused, Self::Done, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Approved => "approved",
            Self::Paused => "paused",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Waiting for approval",
            Self::Approved => "Sending",
            Self::Paused => "Paused",
            Self::Done => "Done",
            Self::Cancelled => "Cancelled",
        }
    }

    /// The state a change leads to from this one; none if it may not be made here.
    pub fn after(self, change: CampaignChange) -> Option<Self> {
        match (self, change) {
            (Self::Draft, CampaignChange::Approve) | (Self::Paused, CampaignChange::Resume) => Some(Self::Approved),
            (Self::Approved, CampaignChange::Pause) => Some(Self::Paused),
            (Self::Draft | Self::Approved | Self::Paused, CampaignChange::Cancel) => Some(Self::Cancelled),
            _ => None,
        }
    }
}

/// What staff do to a campaign (`POST /api/staff/campaigns/{id}/{change}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignChange {
    /// An administrator who did not compose it.
    Approve,
    Pause,
    Resume,
    Cancel,
}

impl CampaignChange {
    pub const ALL: [Self; 4] = [Self::Approve, Self::Pause, Self::Resume, Self::Cancel];

    pub fn code(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Pause => "pause",
            Self::Resume => "resume",
            Self::Cancel => "cancel",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The audit log's event of this change.
    pub fn event(self) -> crate::audit::AuditEvent {
        use crate::audit::AuditEvent;
        match self {
            Self::Approve => AuditEvent::CampaignApproved,
            Self::Pause => AuditEvent::CampaignPaused,
            Self::Resume => AuditEvent::CampaignResumed,
            Self::Cancel => AuditEvent::CampaignCancelled,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Approve => "Approve and send",
            Self::Pause => "Pause",
            Self::Resume => "Resume",
            Self::Cancel => "Cancel the campaign",
        }
    }
}

/// Whom a campaign writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub account_type: AccountType,
    /// One State, or every State (accounts with none included).
    pub state: Option<UsState>,
    pub stage: CampaignStage,
}

impl Audience {
    /// "Medical Examiners in Maryland: Not transferred".
    pub fn in_words(&self) -> String {
        let place = self.state.map_or("every State".to_owned(), |s| s.name().to_owned());
        format!("{} in {place}: {}", self.account_type.label(), self.stage.label())
    }
}

/// `POST /api/staff/campaigns`, as the program office typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignForm {
    pub name: String,
    pub account_type: String,
    /// A State's code, or empty for every State.
    #[serde(default)]
    pub license_state: String,
    pub stage: String,
    #[serde(default)]
    pub note: String,
    /// `YYYY-MM-DD`, or empty to start once approved.
    #[serde(default)]
    pub starts_on: String,
}

/// A campaign to keep as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    pub name: String,
    pub audience: Audience,
    pub note: String,
    /// 9 a.m. Eastern (14:00 UTC) of the day given, or none: as soon as approved.
    pub starts_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignField {
    Name,
    AccountType,
    LicenseState,
    Stage,
    Note,
    StartsOn,
}

impl FormField for CampaignField {
    const ALL: &'static [Self] =
        &[Self::Name, Self::AccountType, Self::LicenseState, Self::Stage, Self::Note, Self::StartsOn];

    fn code(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::AccountType => "account_type",
            Self::LicenseState => "license_state",
            Self::Stage => "stage",
            Self::Note => "note",
            Self::StartsOn => "starts_on",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Self::Name => 100,
            Self::AccountType | Self::LicenseState | Self::Stage => 40,
            Self::Note => 500,
            Self::StartsOn => 10,
        }
    }
}

impl CampaignForm {
    /// The form parsed; `today` (`YYYY-MM-DD`) is the earliest start.
    pub fn parse(&self, today: &str) -> Result<NewCampaign, FieldErrors<CampaignField>> {
        let typed = [
            (CampaignField::Name, &self.name),
            (CampaignField::AccountType, &self.account_type),
            (CampaignField::LicenseState, &self.license_state),
            (CampaignField::Stage, &self.stage),
            (CampaignField::Note, &self.note),
            (CampaignField::StartsOn, &self.starts_on),
        ];
        let too_long: Vec<_> = typed.into_iter().filter_map(|(field, value)| too_long(field, value)).collect();
        if !too_long.is_empty() {
            return Err(FieldErrors(too_long));
        }
        let mut errors = Vec::new();
        let mut refuse = |field, message: &str| errors.push(FieldError { field, message: message.to_owned() });
        let name = plain_text(&self.name);
        if name.is_empty() {
            refuse(CampaignField::Name, "Enter a name for the campaign, for the staff's pages.");
        }
        let account_type = AccountType::parse(&self.account_type).ok();
        if account_type.is_none() {
            refuse(CampaignField::AccountType, "Select an account type.");
        }
        let state = match self.license_state.trim() {
            "" => Ok(None),
            code => UsState::parse(code).map(Some),
        }
        .map_err(|_| refuse(CampaignField::LicenseState, "Select a State, or every State."))
        .ok();
        let stage = CampaignStage::parse(&self.stage);
        if stage.is_none() {
            refuse(CampaignField::Stage, "Select who the campaign writes to.");
        }
        let starts_at = match self.starts_on.trim() {
            "" => Some(None),
            day if is_date(day) && day >= today => Some(Some(format!("{day}T14:00:00.000Z"))),
            _ => {
                refuse(CampaignField::StartsOn, "Enter a date from today on, as YYYY-MM-DD, or leave it empty.");
                None
            }
        };
        match (account_type, state, stage, starts_at) {
            (Some(account_type), Some(state), Some(stage), Some(starts_at)) if errors.is_empty() => Ok(NewCampaign {
                name,
                audience: Audience { account_type, state, stage },
                note: plain_text(&self.note),
                starts_at,
            }),
            _ => Err(FieldErrors(errors)),
        }
    }
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// The most a campaign's batch writes in one go: one D1 batch of three
/// statements, one queue call (whose limit is 100 messages).
pub const BATCH: i64 = 100;

/// The pace: how many emails a campaign may write now, `seconds` after its
/// last batch (none yet: a minute's worth), at `per_minute`, while `in_flight`
/// of its emails wait in the outbox. At most 10 minutes' worth at once (a
/// pause, a late cron, are not caught up in a burst), and none while 10
/// minutes' worth wait (the provider is behind).
pub fn emails_due(per_minute: i64, seconds: Option<i64>, in_flight: i64) -> i64 {
    let per_minute = per_minute.max(0);
    if in_flight >= per_minute * 10 {
        return 0;
    }
    let seconds = seconds.unwrap_or(60).clamp(0, 600);
    per_minute * seconds / 60
}

/// A campaign as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub audience: Audience,
    pub note: String,
    pub state: CampaignState,
    pub starts_at: String,
    pub composed_by: String,
    pub approved_by: Option<String>,
    pub created_at: String,
    pub approved_at: Option<String>,
    pub finished_at: Option<String>,
    /// The audience's size: today's (a draft), or when approved.
    pub audience_size: i64,
    pub progress: CampaignProgress,
    pub effect: CampaignEffect,
}

impl CampaignView {
    /// Whether its figures may still move: sending, or emails written and not yet settled.
    pub fn is_moving(&self) -> bool {
        let p = self.progress;
        self.state == CampaignState::Approved || p.queued > p.sent + p.failed + p.skipped
    }
}

/// Written into the outbox, then sent, given up on, or skipped because the person had moved on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignProgress {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
}

/// Recipients who transferred, and who linked to login.gov, within 1, 7 and 30
/// days of their email; and visits by the reminder's link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignEffect {
    pub transferred: [i64; 3],
    pub linked: [i64; 3],
    pub arrivals: i64,
}

/// A campaign's page: the campaign, and three of its emails as they will be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub campaign: CampaignView,
    pub examples: Vec<ReminderExample>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderExample {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// Who followed a reminder's link, as far as the request tells. The link is
/// the same for everyone written to, so nothing of the person is counted;
/// but mail scanners and link previews fetch every link of every email
/// delivered, and counting them would show visits nobody made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkVisit {
    /// The browser says a person started the navigation (`Sec-Fetch-User: ?1`,
    /// sent by every current browser on a click, never on a fetch): counted.
    Person,
    /// Anything else: taken to the page all the same, not counted.
    Program,
}

impl LinkVisit {
    /// From the request's `Sec-Fetch-User` header, if any.
    pub fn of(sec_fetch_user: Option<&str>) -> Self {
        if sec_fetch_user == Some("?1") {
            Self::Person
        } else {
            Self::Program
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CampaignForm {
        CampaignForm {
            name: "  Maryland,  last month ".into(),
            account_type: "examiner".into(),
            license_state: "MD".into(),
            stage: "legacy".into(),
            note: "Questions? Call us.".into(),
            starts_on: "2027-06-01".into(),
        }
    }

    #[test]
    fn a_campaign_form_is_parsed_once_with_its_mistakes_named() {
        let campaign = form().parse("2027-05-30").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(campaign.name, "Maryland, last month");
        assert_eq!(campaign.audience.in_words(), "Medical Examiner in Maryland: Not transferred");
        assert_eq!(campaign.starts_at.as_deref(), Some("2027-06-01T14:00:00.000Z"));
        let every_state = CampaignForm { license_state: String::new(), starts_on: String::new(), ..form() };
        let campaign = every_state.parse("2027-05-30").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((campaign.audience.state, campaign.starts_at), (None, None));

        let bad = CampaignForm {
            name: " ".into(),
            account_type: "staff".into(),
            license_state: "ZZ".into(),
            stage: "linked".into(),
            note: String::new(),
            starts_on: "2027-05-29".into(),
        };
        let errors = bad.parse("2027-05-30").unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                CampaignField::Name,
                CampaignField::AccountType,
                CampaignField::LicenseState,
                CampaignField::Stage,
                CampaignField::StartsOn
            ]
        );
        let long = CampaignForm { note: "x".repeat(501), ..form() };
        assert_eq!(long.parse("2027-05-30").unwrap_err().get(CampaignField::Note), Some("This is too long."));
    }

    #[test]
    fn a_campaign_is_approved_paused_resumed_and_cancelled_only_from_where_it_may_be() {
        use CampaignChange::{Approve, Cancel, Pause, Resume};
        use CampaignState::{Approved, Cancelled, Done, Draft, Paused};
        let allowed = [
            (Draft, Approve, Approved),
            (Draft, Cancel, Cancelled),
            (Approved, Pause, Paused),
            (Approved, Cancel, Cancelled),
            (Paused, Resume, Approved),
            (Paused, Cancel, Cancelled),
        ];
        for from in [Draft, Approved, Paused, Done, Cancelled] {
            for change in CampaignChange::ALL {
                let expected = allowed.iter().find(|(f, c, _)| *f == from && *c == change).map(|(_, _, to)| *to);
                assert_eq!(from.after(change), expected, "{from:?} {change:?}");
            }
            assert_eq!(CampaignState::parse(from.code()), Some(from));
        }
    }

    #[test]
    fn the_pace_is_the_rate_times_the_time_since_the_last_batch_bounded() {
        assert_eq!(emails_due(100, None, 0), 100, "a minute's worth to begin");
        assert_eq!(emails_due(100, Some(300), 0), 500, "a cron every 5 minutes");
        assert_eq!(emails_due(100, Some(3 * 3600), 0), 1000, "a long pause is not caught up");
        assert_eq!(emails_due(100, Some(300), 999), 500);
        assert_eq!(emails_due(100, Some(300), 1000), 0, "the provider is 10 minutes behind");
        assert_eq!(emails_due(100, Some(-5), 0), 0, "a clock behind");
        assert_eq!(emails_due(0, Some(300), 0), 0);
    }

    #[test]
    fn each_stage_is_told_its_own_next_step_with_the_note_and_the_deadline() {
        let (subject, paragraphs, button) =
            reminder_words(CampaignStage::NeverSignedIn, "Call us.", Some("Transfer your account by June 30, 2027."));
        assert_eq!(subject, "Sign in to the National Registry with login.gov");
        assert_eq!(button, "Sign in with login.gov");
        assert_eq!(paragraphs.len(), 4);
        assert_eq!(paragraphs[2], "Call us.");
        let (_, without, button) = reminder_words(CampaignStage::WaitingOnFix, "", None);
        assert_eq!((without.len(), button), (2, "Transfer my account"));
        for stage in CampaignStage::ALL {
            assert_eq!(CampaignStage::parse(stage.code()), Some(stage));
        }
    }

    #[test]
    fn only_a_click_in_a_browser_counts_as_a_visit() {
        assert_eq!(LinkVisit::of(Some("?1")), LinkVisit::Person);
        assert_eq!(LinkVisit::of(Some("?0")), LinkVisit::Program);
        assert_eq!(LinkVisit::of(None), LinkVisit::Program, "a scanner or a link preview");
    }
}
