//! My account: what a signed-in person sees of their registry account.

use serde::{Deserialize, Serialize};

use crate::email_change::is_institutional;
use crate::session::SessionTime;
use crate::Email;

/// `GET /api/session`: the signed-in person, and the token their
/// state-changing requests must carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub account: MyAccount,
    pub csrf_token: String,
    pub session: SessionTime,
}

/// The registry's information about the signed-in person, to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAccount {
    pub first_name: String,
    pub last_name: String,
    pub registry_number: String,
    /// The registry's name for it, e.g. "Medical Examiner".
    pub account_type: String,
    pub license_number: Option<String>,
    /// The State's name, e.g. "Maryland".
    pub license_state: Option<String>,
    pub primary_email: String,
    pub secondary_email: Option<String>,
    pub certification: Certification,
    /// The email of the login.gov account signed in.
    pub login_gov_email: String,
}

/// A Medical Examiner's certification, as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Certification {
    /// Assistants and third parties hold none.
    None,
    Active {
        expires: String,
    },
    Expired {
        expired: String,
    },
}

/// The U.S.'s last time zone, American Samoa's (UTC−11), in seconds.
const LAST_US_OFFSET_SECONDS: i64 = -11 * 3600;

/// Today's date (`YYYY-MM-DD`) in the U.S.'s last time zone, at `unix_seconds`:
/// a day before it has ended everywhere in the U.S., so an examiner anywhere
/// reads "Expired" only once their expiry day is over.
pub fn us_today(unix_seconds: i64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let days = (unix_seconds + LAST_US_OFFSET_SECONDS).div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (Howard Hinnant's
/// `days_from_civil`, the inverse of [`us_today`]'s); a part that is no number counts as 0.
pub fn day_number(iso: &str) -> i64 {
    let mut parts = iso.split('-').map(|p| p.parse::<i64>().unwrap_or_default());
    let (year, month, day) =
        (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

impl Certification {
    /// `expires` and `today` as `YYYY-MM-DD`, which order as text ([`us_today`]).
    /// A certificate is good through its expiry date.
    pub fn as_of(expires: Option<&str>, today: &str) -> Self {
        match expires {
            None => Self::None,
            Some(date) if date >= today => Self::Active { expires: date.to_owned() },
            Some(date) => Self::Expired { expired: date.to_owned() },
        }
    }
}

/// What My account points out about the person's addresses, as the FAQ asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountNotice {
    /// The primary email is a .gov, .mil or .edu address: change it now that login.gov is linked.
    InstitutionalPrimary,
    /// The login.gov account's email is neither of the addresses on file: were the
    /// link ever made again (a new login.gov account, or the help desk unlinked
    /// it), the registry could not find this account by it.
    LoginGovEmailNotOnFile,
}

impl AccountNotice {
    pub fn heading(self) -> &'static str {
        match self {
            Self::InstitutionalPrimary => "Your primary email is a .gov, .mil or .edu address",
            Self::LoginGovEmailNotOnFile => "Your login.gov email is not on file in your National Registry account",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Self::InstitutionalPrimary => {
                "When you leave the government or military position or school, you will no longer have access to \
                 that email address. Without it, it will be much more difficult to verify who you are, and you will not \
                 receive emails about important National Registry information. Now that your login.gov account is \
                 linked, change your primary email to a personal address that only you use."
            }
            Self::LoginGovEmailNotOnFile => {
                "You are signed in, and your accounts stay linked whatever your emails become. But if you ever need to \
                 link a login.gov account again, the National Registry finds your account by its primary or secondary \
                 email address, and this login.gov email is neither. Make it your secondary email, or use an address \
                 on file at login.gov."
            }
        }
    }
}

impl MyAccount {
    /// The notices this account's addresses call for, in the order they show.
    pub fn notices(&self) -> Vec<AccountNotice> {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let institutional = Email::parse(&self.primary_email).is_ok_and(|e| is_institutional(&e));
        let on_file = same(&self.primary_email, &self.login_gov_email)
            || self.secondary_email.as_deref().is_some_and(|s| same(s, &self.login_gov_email));
        [
            institutional.then_some(AccountNotice::InstitutionalPrimary),
            (!on_file).then_some(AccountNotice::LoginGovEmailNotOnFile),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The reminder on My account, in the announcement's spirit.
/// The page ends it with the help desk's address and number.
pub const REVIEW_REMINDER: &str =
    "Please review your information below and make sure that everything is accurate. If something is wrong, contact";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_active_through_its_expiry_date_and_expired_after() {
        assert_eq!(
            Certification::as_of(Some("2033-05-01"), "2033-05-01"),
            Certification::Active { expires: "2033-05-01".into() }
        );
        assert_eq!(
            Certification::as_of(Some("2024-04-01"), "2026-11-25"),
            Certification::Expired { expired: "2024-04-01".into() }
        );
        assert_eq!(Certification::as_of(None, "2026-11-25"), Certification::None);
    }

    #[test]
    fn today_is_the_date_in_the_last_us_time_zone() {
        // 2026-12-05T06:00Z: already the 5th in the east, still the 4th in Hawaii and American Samoa.
        assert_eq!(us_today(1_796_450_400), "2026-12-04");
        // 2026-12-05T11:00Z: the 5th everywhere in the U.S.
        assert_eq!(us_today(1_796_468_400), "2026-12-05");
        assert_eq!(us_today(0), "1969-12-31");
        assert_eq!(us_today(951_825_600 + 11 * 3600), "2000-02-29");
        let expiring_on_the_4th = Certification::as_of(Some("2026-12-04"), &us_today(1_796_450_400));
        assert_eq!(day_number("1970-01-01"), 0);
        assert_eq!(day_number("2000-02-29"), 11_016);
        assert_eq!(day_number("1969-12-31"), -1);
        assert_eq!(us_today((day_number("2026-12-04") * 86_400) + 12 * 3600), "2026-12-04");
        assert_eq!(expiring_on_the_4th, Certification::Active { expires: "2026-12-04".into() });
    }

    fn account(primary: &str, secondary: Option<&str>, login_gov: &str) -> MyAccount {
        MyAccount {
            first_name: "Robert".into(),
            last_name: "Nguyen".into(),
            registry_number: "1000000009".into(),
            account_type: "Medical Examiner".into(),
            license_number: None,
            license_state: None,
            primary_email: primary.into(),
            secondary_email: secondary.map(Into::into),
            certification: Certification::None,
            login_gov_email: login_gov.into(),
        }
    }

    #[test]
    fn a_gov_mil_or_edu_primary_email_is_pointed_out_as_the_faq_asks() {
        for primary in ["robert.nguyen@va.gov", "r@army.MIL", "r@school.edu"] {
            assert_eq!(account(primary, None, primary).notices(), [AccountNotice::InstitutionalPrimary], "{primary}");
        }
        assert_eq!(account("r@example.com", None, "R@Example.com").notices(), []);
        assert_eq!(account("r@gov.example.com", None, "r@gov.example.com").notices(), []);
    }

    #[test]
    fn a_login_gov_email_that_is_neither_address_on_file_is_pointed_out() {
        assert_eq!(account("r@example.com", Some("s@example.com"), "s@example.com").notices(), []);
        assert_eq!(
            account("r@va.gov", Some("s@example.com"), "other@example.com").notices(),
            [AccountNotice::InstitutionalPrimary, AccountNotice::LoginGovEmailNotOnFile]
        );
    }

    #[test]
    fn the_status_travels_tagged() {
        let json = serde_json::to_string(&Certification::Active { expires: "2033-05-01".into() }).unwrap_or_default();
        assert_eq!(json, r#"{"status":"active","expires":"2033-05-01"}"#);
    }
}
