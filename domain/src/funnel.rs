//! The migration funnel, as the program office reads it: how many accounts
//! are at each stage of the move to login.gov, day by day, filtered by account
//! type and State; and the outreach list of examiners not transferred yet.

use serde::{Deserialize, Serialize};

use crate::{AccountType, UsState};

/// One day of the migration funnel (`GET /api/staff/funnel`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub total: i64,
    /// Not transferred yet, a fix link's waiting included.
    pub not_transferred: i64,
    /// Not transferred: their email is another account's too, and a link to give their own was sent.
    pub waiting_on_fix: i64,
    /// Transferred: migrated, linked to login.gov or not yet.
    pub transferred: i64,
    pub linked: i64,
    /// People with access to at least one examiner, as assistants and as
    /// third parties (not accounts: not in the total).
    pub assistants_with_access: i64,
    pub third_parties_with_access: i64,
}

/// A row of the funnel's days: an account stage (`funnel_counts.stage`), or
/// the people holding an approved grant, by role (written as `approved_` and the role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStage {
    Legacy,
    /// Not transferred: the address is another account's too, and a link to give one's own was sent.
    WaitingFix,
    Migrated,
    Linked,
    ApprovedAssistant,
    ApprovedThirdParty,
}

impl FunnelStage {
    pub const ALL: [Self; 6] = [
        Self::Legacy,
        Self::WaitingFix,
        Self::Migrated,
        Self::Linked,
        Self::ApprovedAssistant,
        Self::ApprovedThirdParty,
    ];
    /// The stages of accounts, as `funnel_counts` keeps them.
    pub const ACCOUNTS: [Self; 4] = [Self::Legacy, Self::WaitingFix, Self::Migrated, Self::Linked];

    pub fn code(self) -> &'static str {
        match self {
            Self::Legacy => "legacy",
            Self::WaitingFix => "waiting_fix",
            Self::Migrated => "migrated",
            Self::Linked => "linked",
            Self::ApprovedAssistant => "approved_assistant",
            Self::ApprovedThirdParty => "approved_third_party",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.code() == code)
    }
}

impl FunnelDay {
    /// Counts one stage's accounts, or people, into the day.
    pub fn add(&mut self, stage: FunnelStage, count: i64) {
        match stage {
            FunnelStage::ApprovedAssistant => self.assistants_with_access += count,
            FunnelStage::ApprovedThirdParty => self.third_parties_with_access += count,
            FunnelStage::Legacy => {
                self.total += count;
                self.not_transferred += count;
            }
            FunnelStage::WaitingFix => {
                self.total += count;
                self.not_transferred += count;
                self.waiting_on_fix += count;
            }
            FunnelStage::Migrated => {
                self.total += count;
                self.transferred += count;
            }
            FunnelStage::Linked => {
                self.total += count;
                self.transferred += count;
                self.linked += count;
            }
        }
    }
}

/// The funnel's filters, from the page's address: an account type, a State.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunnelFilter {
    pub account_type: Option<AccountType>,
    pub state: Option<UsState>,
}

impl FunnelFilter {
    /// From `type` and `state` query values; an empty or unknown one is no filter.
    pub fn parse(account_type: Option<&str>, state: Option<&str>) -> Self {
        Self {
            account_type: account_type.and_then(|t| AccountType::parse(t).ok()),
            state: state.and_then(|s| UsState::parse(s).ok()),
        }
    }
}

/// The outreach list as CSV: a row per examiner not transferred yet. A value
/// a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab, a carriage return) is written as text.
pub fn outreach_csv(rows: &[[String; 7]]) -> String {
    let mut csv = String::from(
        "registry_number,first_name,last_name,license_number,license_state,primary_email,waiting_on_fix\n",
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    csv
}

fn csv_cell(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_funnel_counts_each_stage_where_it_belongs() {
        let mut day = FunnelDay::default();
        for (stage, n) in [
            ("legacy", 10),
            ("waiting_fix", 3),
            ("migrated", 5),
            ("linked", 7),
            ("approved_assistant", 4),
            ("approved_third_party", 2),
        ] {
            day.add(FunnelStage::parse(stage).unwrap(), n);
        }
        // A code the registry does not know is not counted anywhere.
        assert_eq!(FunnelStage::parse("transferred"), None);
        assert_eq!(
            (day.total, day.not_transferred, day.waiting_on_fix, day.transferred, day.linked),
            (25, 13, 3, 12, 7)
        );
        assert_eq!((day.assistants_with_access, day.third_parties_with_access), (4, 2));
    }

    #[test]
    fn the_outreach_csv_quotes_what_it_must_and_runs_no_formula() {
        let row = |name: &str| ["1000000001", "Maria", name, "MD-1", "MD", "m@example.com", "0"].map(str::to_owned);
        let csv = outreach_csv(&[row("Lopez, Jr."), row("=HYPERLINK(\"x\")"), row("\tcmd")]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[3], "1000000001,Maria,'\tcmd,MD-1,MD,m@example.com,0");
        assert_eq!(lines[1], "1000000001,Maria,\"Lopez, Jr.\",MD-1,MD,m@example.com,0");
        assert_eq!(lines[2], "1000000001,Maria,\"'=HYPERLINK(\"\"x\"\")\",MD-1,MD,m@example.com,0");
    }
}
