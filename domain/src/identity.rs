//! Identity verification, where an email address proves nothing about who is
//! signing in: login.gov verifies the person's identity (their legal name and
//! date of birth, from documents and records), and the account is linked only
//! when those are the account's. A license or registry number never proves
//! anything here: both are public records.

use serde::{Deserialize, Serialize};

/// What login.gov verified of the person (`profile:name`, `profile:birthdate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedIdentity {
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD`, when login.gov gave one.
    pub birthdate: Option<String>,
}

/// What the registry holds of the account's examiner, assistant or third party.
#[derive(Debug, Clone, Copy)]
pub struct OnFile<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    /// `YYYY-MM-DD`; the legacy registry does not hold one for everyone.
    pub date_of_birth: Option<&'a str>,
}

/// Why a verified identity is not the account's. The person is told only that
/// it did not match (and to call the help desk); the audit keeps which part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error("the verified name is not the one on file")]
    Name,
    #[error("the verified date of birth is not the one on file")]
    DateOfBirth,
    #[error("login.gov verified no date of birth, and the registry holds one")]
    NoDateOfBirth,
    #[error("the verified identity is another login.gov account's than the one that signed in")]
    AnotherLoginGovAccount,
}

impl Mismatch {
    /// The audit's detail.
    pub fn code(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::DateOfBirth => "date_of_birth",
            Self::NoDateOfBirth => "no_date_of_birth",
            Self::AnotherLoginGovAccount => "another_login_gov_account",
        }
    }
}

/// Links only a person whose verified given and family names are the
/// account's, written any way ([`comparable_name`]), and, where the registry
/// holds a date of birth, whose verified date of birth is the same.
pub fn check(on_file: &OnFile<'_>, verified: &VerifiedIdentity) -> Result<(), Mismatch> {
    let same = |ours: &str, theirs: &str| {
        let (ours, our_suffix) = comparable_name(ours);
        let (theirs, their_suffix) = comparable_name(theirs);
        // A suffix one record leaves out is no difference; two different ones
        // are two people (a father and a son sharing the family's mailbox).
        let suffixes_agree = our_suffix.is_none() || their_suffix.is_none() || our_suffix == their_suffix;
        !ours.is_empty() && ours == theirs && suffixes_agree
    };
    if !same(on_file.first_name, &verified.given_name) || !same(on_file.last_name, &verified.family_name) {
        return Err(Mismatch::Name);
    }
    match (on_file.date_of_birth, verified.birthdate.as_deref()) {
        (None, _) => Ok(()),
        (Some(_), None) => Err(Mismatch::NoDateOfBirth),
        (Some(ours), Some(theirs)) if ours == theirs.trim() => Ok(()),
        (Some(_), Some(_)) => Err(Mismatch::DateOfBirth),
    }
}

/// The name and date of birth the help desk puts on file when the registry's
/// are not the person's (a name changed by marriage, a date of birth the legacy
/// registry got wrong), once a second staff member approves: the next
/// identity verification is compared with these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectedIdentity {
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`; none keeps the one on file.
    pub date_of_birth: Option<String>,
}

/// Why the help desk may not ask for a correction of the identity on file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionRefused {
    #[error(
        "This account is linked to login.gov already: the name on file is compared only when an account is linked."
    )]
    Linked,
    #[error(
        "Correct the name or the date of birth, not both in one request: one of them stays as the registry holds it."
    )]
    NameAndDateOfBirth,
    #[error("That is the name and date of birth on file already.")]
    NothingChanges,
}

/// A correction corrects one thing — the name (a marriage) or the date of
/// birth (the legacy registry's mistake) — so that one of them still
/// anchors the record to its owner; and only for an account not linked yet,
/// the only one a verified identity is compared with.
pub fn may_correct(on_file: &OnFile<'_>, corrected: &CorrectedIdentity, linked: bool) -> Result<(), CorrectionRefused> {
    if linked {
        return Err(CorrectionRefused::Linked);
    }
    let name = on_file.first_name != corrected.first_name || on_file.last_name != corrected.last_name;
    let date_of_birth =
        corrected.date_of_birth.is_some() && corrected.date_of_birth.as_deref() != on_file.date_of_birth;
    match (name, date_of_birth) {
        (true, true) => Err(CorrectionRefused::NameAndDateOfBirth),
        (false, false) => Err(CorrectionRefused::NothingChanges),
        _ => Ok(()),
    }
}

/// What a correction changes, from what, for the audit: `name from A B to C D`
/// or `date of birth from … to …`.
pub fn correction_words(on_file: &OnFile<'_>, corrected: &CorrectedIdentity) -> String {
    let mut changes = Vec::new();
    if on_file.first_name != corrected.first_name || on_file.last_name != corrected.last_name {
        changes.push(format!(
            "name from {} {} to {} {}",
            on_file.first_name, on_file.last_name, corrected.first_name, corrected.last_name
        ));
    }
    if let Some(date) = corrected.date_of_birth.as_deref().filter(|date| Some(*date) != on_file.date_of_birth) {
        changes.push(format!("date of birth from {} to {date}", on_file.date_of_birth.unwrap_or("none")));
    }
    changes.join("; ")
}

/// A name's longest, in characters.
pub const NAME_MAX_LEN: usize = 100;

/// A first or last name as the registry keeps it: required, at most
/// [`NAME_MAX_LEN`] characters, no control characters.
pub fn person_name(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("it is required".into());
    }
    if value.chars().count() > NAME_MAX_LEN || value.chars().any(char::is_control) {
        return Err("at most 100 characters and no control characters".into());
    }
    Ok(value.to_owned())
}

/// A calendar date written `YYYY-MM-DD`.
pub fn iso_date(value: &str) -> Result<String, String> {
    let bad = || format!("\"{value}\" is not a date written YYYY-MM-DD");
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return Err(bad()) };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return Err(bad());
    }
    let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days_in_month {
        return Err(bad());
    }
    Ok(value.to_owned())
}

/// Generational suffixes, which one record writes and another leaves out.
const SUFFIXES: [&str; 5] = ["jr", "sr", "ii", "iii", "iv"];

/// A name as two records of the same person agree on it: no case, no accents
/// (é is e), no hyphens, apostrophes, periods or spaces (Garcia-Lopez is
/// García López is GARCIA LOPEZ); and apart, its last word when it is a
/// generational suffix (Jr., III) after another word.
pub fn comparable_name(name: &str) -> (String, Option<&'static str>) {
    let plain: String = without_marks(name)
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    let suffix = match words.as_slice() {
        [_, .., last] => SUFFIXES.iter().find(|suffix| *suffix == last).copied(),
        _ => None,
    };
    if suffix.is_some() {
        words.pop();
    }
    (words.concat(), suffix)
}

/// The name's letters without their marks ("José" → "Jose"): decomposed
/// (NFD), and every mark (general category M) dropped. In the worker the
/// JavaScript engine's own Unicode tables do it: `unicode-normalization`'s
/// were 65 KB of the worker's 510 KB gzip. Natively, that crate's.
#[cfg(target_arch = "wasm32")]
fn without_marks(name: &str) -> String {
    let marks = js_sys::RegExp::new(r"\p{M}", "gu");
    js_sys::JsString::from(name).normalize("NFD").replace_by_pattern(&marks, "").into()
}

#[cfg(not(target_arch = "wasm32"))]
fn without_marks(name: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    name.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_changes_the_name_or_the_date_of_birth_of_an_unlinked_account_and_says_from_what() {
        let on_file = OnFile { first_name: "Maria", last_name: "Lopez", date_of_birth: Some("1975-04-12") };
        let to = |first: &str, last: &str, date: Option<&str>| CorrectedIdentity {
            first_name: first.into(),
            last_name: last.into(),
            date_of_birth: date.map(Into::into),
        };
        let married = to("Maria", "Lopez-Hart", None);
        assert_eq!(may_correct(&on_file, &married, false), Ok(()));
        assert_eq!(correction_words(&on_file, &married), "name from Maria Lopez to Maria Lopez-Hart");
        let born = to("Maria", "Lopez", Some("1975-04-21"));
        assert_eq!(may_correct(&on_file, &born, false), Ok(()));
        assert_eq!(correction_words(&on_file, &born), "date of birth from 1975-04-12 to 1975-04-21");
        let everything = to("Ann", "Smith", Some("1980-01-01"));
        assert_eq!(may_correct(&on_file, &everything, false), Err(CorrectionRefused::NameAndDateOfBirth));
        let same = to("Maria", "Lopez", Some("1975-04-12"));
        assert_eq!(may_correct(&on_file, &same, false), Err(CorrectionRefused::NothingChanges));
        assert_eq!(may_correct(&on_file, &married, true), Err(CorrectionRefused::Linked));
    }

    const ON_FILE: OnFile<'static> = OnFile { first_name: "José", last_name: "García-López", date_of_birth: None };

    fn verified(given: &str, family: &str, birthdate: Option<&str>) -> VerifiedIdentity {
        VerifiedIdentity { given_name: given.into(), family_name: family.into(), birthdate: birthdate.map(Into::into) }
    }

    #[test]
    fn names_match_whatever_their_case_accents_hyphens_and_spaces() {
        for (given, family) in
            [("JOSE", "GARCIA LOPEZ"), ("josé", "garcía-lópez"), ("Jose", "Garcia Lopez"), ("José", "GarcíaLópez")]
        {
            assert_eq!(check(&ON_FILE, &verified(given, family, None)), Ok(()), "{given} {family}");
        }
    }

    #[test]
    fn a_generational_suffix_on_one_side_only_still_matches() {
        let on_file = OnFile { first_name: "Robert", last_name: "Nguyen Jr.", date_of_birth: None };
        assert_eq!(check(&on_file, &verified("ROBERT", "NGUYEN", None)), Ok(()));
        let o_neil = OnFile { first_name: "Anthony", last_name: "O'Neil", date_of_birth: None };
        assert_eq!(check(&o_neil, &verified("Anthony", "ONEIL III", None)), Ok(()));
        // A one-word name is a name, not a suffix.
        assert_eq!(comparable_name("Ii"), ("ii".to_owned(), None));
    }

    #[test]
    fn two_different_suffixes_are_two_people() {
        let father = OnFile { first_name: "James", last_name: "Carter Sr.", date_of_birth: None };
        assert_eq!(check(&father, &verified("JAMES", "CARTER JR", None)), Err(Mismatch::Name));
        assert_eq!(check(&father, &verified("James", "Carter Sr", None)), Ok(()));
        let third = OnFile { first_name: "John", last_name: "Smith III", date_of_birth: None };
        assert_eq!(check(&third, &verified("John", "Smith II", None)), Err(Mismatch::Name));
    }

    #[test]
    fn another_given_or_family_name_does_not_match() {
        for (given, family) in [("Josefa", "García-López"), ("José", "García"), ("José", "López-García"), ("", "")]
        {
            assert_eq!(check(&ON_FILE, &verified(given, family, None)), Err(Mismatch::Name), "{given} {family}");
        }
        let blank = OnFile { first_name: " ", last_name: "-", date_of_birth: None };
        assert_eq!(check(&blank, &verified(" ", "-", None)), Err(Mismatch::Name));
    }

    #[test]
    fn a_date_of_birth_on_file_must_be_the_verified_one() {
        let on_file = OnFile { date_of_birth: Some("1971-03-09"), ..ON_FILE };
        assert_eq!(check(&on_file, &verified("Jose", "Garcia-Lopez", Some("1971-03-09"))), Ok(()));
        assert_eq!(check(&on_file, &verified("Jose", "Garcia-Lopez", Some("1971-09-03"))), Err(Mismatch::DateOfBirth));
        assert_eq!(check(&on_file, &verified("Jose", "Garcia-Lopez", None)), Err(Mismatch::NoDateOfBirth));
        // The name is checked first: a right date does not make up for it.
        assert_eq!(check(&on_file, &verified("Maria", "Garcia-Lopez", Some("1971-03-09"))), Err(Mismatch::Name));
    }

    #[test]
    fn without_a_date_of_birth_on_file_the_names_decide() {
        assert_eq!(check(&ON_FILE, &verified("Jose", "Garcia-Lopez", Some("1980-01-01"))), Ok(()));
    }
}
