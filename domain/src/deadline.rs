//! The date by which examiners must move their accounts to login.gov
//! (`TRANSFER_DEADLINE`, one per environment), and what each day calls for:
//! plain words on the home and sign-in pages and in the transfer emails while
//! it is ahead; a site alert on every page in its last 30 days; after it, the
//! configured words for those who did not move (`AFTER_DEADLINE_WORDS`).
//! The registry deletes nothing on its own when the date passes.

use serde::{Deserialize, Serialize};

use crate::account::day_number;
use crate::MigrationState;

/// The last days before the deadline, when every page carries a site alert.
pub const CLOSING_DAYS: i64 = 30;

/// The deadline: the last day an account may be moved, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferDeadline {
    last_day: String,
}

impl TransferDeadline {
    /// `YYYY-MM-DD`, a real date.
    pub fn parse(text: &str) -> Result<Self, String> {
        crate::identity::iso_date(text.trim()).map(|last_day| Self { last_day })
    }

    pub fn last_day(&self) -> &str {
        &self.last_day
    }

    /// "June 30, 2027", as the pages and emails write it.
    pub fn in_words(&self) -> String {
        date_in_words(&self.last_day)
    }

    /// Where `today` (`account::us_today`: the day ends last in the U.S.'s
    /// last time zone) stands: the deadline day itself is still ahead.
    pub fn stage(&self, today: &str) -> DeadlineStage {
        let days_left = day_number(&self.last_day) - day_number(today);
        match days_left {
            ..0 => DeadlineStage::Passed,
            0..CLOSING_DAYS => DeadlineStage::Closing { days_left },
            _ => DeadlineStage::Ahead { days_left },
        }
    }

    /// The sentence the home and sign-in pages and the transfer emails carry while it is ahead.
    pub fn reminder(&self) -> String {
        format!("Transfer your National Registry account to login.gov by {}.", self.in_words())
    }
}

/// Where the registry stands against the deadline on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineStage {
    /// More than [`CLOSING_DAYS`] days left.
    Ahead { days_left: i64 },
    /// Its last days: every page carries the site alert.
    Closing { days_left: i64 },
    /// Over: a legacy examiner is told what that means for them.
    Passed,
}

/// What `GET /api/deadline` answers, for the pages: nothing when no deadline is configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "NoticeOnTheWire", into = "NoticeOnTheWire")]
pub struct DeadlineNotice {
    /// `YYYY-MM-DD`.
    pub last_day: String,
    /// "June 30, 2027".
    pub last_day_words: String,
    pub stage: DeadlineStage,
    /// What missing it means, in the program office's words (after the date).
    pub after_words: String,
}

/// A [`DeadlineNotice`] as JSON: its stage's fields beside the others
/// (`"stage": "closing", "days_left": 3`). Written out rather than by
/// `#[serde(flatten)]`, whose reading buffers every field first: it cost every
/// page's first bundle 12 KB of wasm.
#[derive(Serialize, Deserialize)]
struct NoticeOnTheWire {
    last_day: String,
    last_day_words: String,
    stage: StageCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days_left: Option<i64>,
    after_words: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StageCode {
    Ahead,
    Closing,
    Passed,
}

impl TryFrom<NoticeOnTheWire> for DeadlineNotice {
    type Error = &'static str;

    fn try_from(wire: NoticeOnTheWire) -> Result<Self, Self::Error> {
        let stage = match (wire.stage, wire.days_left) {
            (StageCode::Ahead, Some(days_left)) => DeadlineStage::Ahead { days_left },
            (StageCode::Closing, Some(days_left)) => DeadlineStage::Closing { days_left },
            (StageCode::Passed, None) => DeadlineStage::Passed,
            _ => return Err("days_left belongs with a stage ahead or closing, and only there"),
        };
        Ok(Self { last_day: wire.last_day, last_day_words: wire.last_day_words, stage, after_words: wire.after_words })
    }
}

impl From<DeadlineNotice> for NoticeOnTheWire {
    fn from(notice: DeadlineNotice) -> Self {
        let (stage, days_left) = match notice.stage {
            DeadlineStage::Ahead { days_left } => (StageCode::Ahead, Some(days_left)),
            DeadlineStage::Closing { days_left } => (StageCode::Closing, Some(days_left)),
            DeadlineStage::Passed => (StageCode::Passed, None),
        };
        Self {
            last_day: notice.last_day,
            last_day_words: notice.last_day_words,
            stage,
            days_left,
            after_words: notice.after_words,
        }
    }
}

impl DeadlineNotice {
    pub fn new(deadline: &TransferDeadline, today: &str, after_words: &str) -> Self {
        Self {
            last_day: deadline.last_day().to_owned(),
            last_day_words: deadline.in_words(),
            stage: deadline.stage(today),
            after_words: after_words.to_owned(),
        }
    }

    /// How the staff pages state it: "June 30, 2027 (208 days left)".
    pub fn for_staff(&self) -> String {
        let when = match self.stage {
            DeadlineStage::Ahead { days_left } | DeadlineStage::Closing { days_left } => match days_left {
                0 => "today is the last day".to_owned(),
                1 => "1 day left".to_owned(),
                days => format!("{days} days left"),
            },
            DeadlineStage::Passed => "passed".to_owned(),
        };
        format!("{} ({when})", self.last_day_words)
    }

    /// Whether an account in `state` is past the deadline: the date is over and it was never transferred.
    pub fn is_past_for(&self, state: MigrationState) -> bool {
        self.stage == DeadlineStage::Passed && state == MigrationState::Legacy
    }

    /// The site alert's heading and words, in its last days and after it; none while it is far.
    pub fn site_alert(&self) -> Option<(String, String)> {
        let by = &self.last_day_words;
        match self.stage {
            DeadlineStage::Ahead { .. } => None,
            DeadlineStage::Closing { days_left: 0 } => Some((
                "Today is the last day to transfer your account".into(),
                format!("Transfer your National Registry account to login.gov today, {by}."),
            )),
            DeadlineStage::Closing { days_left } => Some((
                format!("{days_left} {} left to transfer your account", if days_left == 1 { "day" } else { "days" }),
                format!("Transfer your National Registry account to login.gov by {by}."),
            )),
            DeadlineStage::Passed => Some((
                "The deadline to transfer accounts has passed".into(),
                format!(
                    "The deadline to transfer National Registry accounts to login.gov was {by}. If you have not \
                     transferred your account: {} You can still transfer it or log in with login.gov.",
                    self.after_words
                ),
            )),
        }
    }
}

/// "2027-06-30" as "June 30, 2027"; a date [`TransferDeadline::parse`] took.
fn date_in_words(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.split('-').map(|p| p.parse::<usize>().unwrap_or_default());
    let (year, month, day) = (parts.next().unwrap_or_default(), parts.next().unwrap_or(1), parts.next().unwrap_or(1));
    let month = MONTHS.get(month.saturating_sub(1)).copied().unwrap_or_default();
    format!("{month} {day}, {year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline() -> TransferDeadline {
        TransferDeadline::parse("2027-06-30").unwrap()
    }

    #[test]
    fn a_deadline_is_a_real_date_written_as_the_pages_write_it() {
        assert_eq!(deadline().in_words(), "June 30, 2027");
        assert_eq!(TransferDeadline::parse("2028-02-29").unwrap().in_words(), "February 29, 2028");
        assert_eq!(TransferDeadline::parse("2027-01-01").unwrap().in_words(), "January 1, 2027");
        for bad in ["2027-02-29", "30/06/2027", "", "2027-6-30"] {
            assert!(TransferDeadline::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(deadline().reminder(), "Transfer your National Registry account to login.gov by June 30, 2027.");
    }

    #[test]
    fn the_stage_turns_thirty_days_before_and_after_the_last_day() {
        let deadline = deadline();
        assert_eq!(deadline.stage("2026-12-04"), DeadlineStage::Ahead { days_left: 208 });
        assert_eq!(deadline.stage("2027-05-31"), DeadlineStage::Ahead { days_left: 30 });
        assert_eq!(deadline.stage("2027-06-01"), DeadlineStage::Closing { days_left: 29 });
        assert_eq!(deadline.stage("2027-06-30"), DeadlineStage::Closing { days_left: 0 });
        assert_eq!(deadline.stage("2027-07-01"), DeadlineStage::Passed);
        assert_eq!(deadline.stage("2031-01-01"), DeadlineStage::Passed);
        // Across a leap day and a year's end.
        assert_eq!(
            TransferDeadline::parse("2028-03-01").unwrap().stage("2027-12-31"),
            DeadlineStage::Ahead { days_left: 61 }
        );
    }

    #[test]
    fn a_notice_as_json_has_its_stage_beside_the_date_and_reads_back_the_same() {
        let notice = |today: &str| DeadlineNotice::new(&deadline(), today, "Words.");
        let closing = serde_json::to_value(notice("2027-06-27")).unwrap();
        assert_eq!(
            closing,
            serde_json::json!({
                "last_day": "2027-06-30", "last_day_words": "June 30, 2027",
                "stage": "closing", "days_left": 3, "after_words": "Words."
            })
        );
        let passed = serde_json::to_value(notice("2027-07-01")).unwrap();
        assert_eq!(passed["stage"], "passed");
        assert!(passed.get("days_left").is_none());
        for today in ["2026-12-04", "2027-06-27", "2027-07-01"] {
            let json = serde_json::to_string(&notice(today)).unwrap();
            assert_eq!(serde_json::from_str::<DeadlineNotice>(&json).unwrap(), notice(today));
        }
        let mut mixed = closing;
        mixed["stage"] = "passed".into();
        assert!(serde_json::from_value::<DeadlineNotice>(mixed).is_err());
    }

    #[test]
    fn the_site_alert_shows_in_the_last_days_and_after_with_the_configured_words() {
        let after = "Your listing may be removed from the public National Registry.";
        let notice = |today: &str| DeadlineNotice::new(&deadline(), today, after);
        assert_eq!(notice("2027-05-31").site_alert(), None);
        let (heading, _) = notice("2027-06-29").site_alert().unwrap();
        assert_eq!(heading, "1 day left to transfer your account");
        let (heading, words) = notice("2027-06-30").site_alert().unwrap();
        assert_eq!(heading, "Today is the last day to transfer your account");
        assert!(words.contains("today, June 30, 2027"));
        let (heading, words) = notice("2027-07-01").site_alert().unwrap();
        assert_eq!(heading, "The deadline to transfer accounts has passed");
        assert!(words.contains("was June 30, 2027") && words.contains(after), "{words}");
    }

    #[test]
    fn staff_read_the_days_left_and_who_is_past_it() {
        let notice = |today: &str| DeadlineNotice::new(&deadline(), today, "Words.");
        assert_eq!(notice("2026-12-04").for_staff(), "June 30, 2027 (208 days left)");
        assert_eq!(notice("2027-06-29").for_staff(), "June 30, 2027 (1 day left)");
        assert_eq!(notice("2027-06-30").for_staff(), "June 30, 2027 (today is the last day)");
        assert_eq!(notice("2027-07-01").for_staff(), "June 30, 2027 (passed)");
        assert!(notice("2027-07-01").is_past_for(MigrationState::Legacy));
        assert!(!notice("2027-07-01").is_past_for(MigrationState::Migrated), "transferred, not linked yet");
        assert!(!notice("2027-06-30").is_past_for(MigrationState::Legacy), "the last day is not past");
    }
}
