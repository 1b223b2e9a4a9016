//! The State (or district, or territory) that issued a professional license.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsStateError {
    #[error("Select the State that issued your license.")]
    Empty,
    #[error("Select a State, the District of Columbia or a U.S. territory from the list.")]
    Unknown,
}

/// The 50 States, the District of Columbia and the five inhabited territories,
/// in the order a person expects to find them in a list.
const JURISDICTIONS: [(&str, &str); 56] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("MP", "Northern Mariana Islands"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("VI", "U.S. Virgin Islands"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
];

/// One of [`UsState::all`], known by its two-letter postal code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UsState(usize);

impl UsState {
    /// Accepts the postal code ("md") or the name ("Maryland"), in any case.
    pub fn parse(input: &str) -> Result<Self, UsStateError> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(UsStateError::Empty);
        }
        JURISDICTIONS
            .iter()
            .position(|(code, name)| code.eq_ignore_ascii_case(wanted) || name.eq_ignore_ascii_case(wanted))
            .map(Self)
            .ok_or(UsStateError::Unknown)
    }

    pub fn all() -> impl Iterator<Item = UsState> {
        (0..JURISDICTIONS.len()).map(Self)
    }

    pub fn code(self) -> &'static str {
        JURISDICTIONS[self.0].0
    }

    pub fn name(self) -> &'static str {
        JURISDICTIONS[self.0].1
    }
}

text_conversions!(UsState, UsStateError, |s: &UsState| s.code());

impl fmt::Display for UsState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_states_the_district_and_five_territories_are_listed_once_each() {
        let mut codes: Vec<_> = UsState::all().map(UsState::code).collect();
        assert_eq!(codes.len(), 56);
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 56);
        for territory in ["DC", "PR", "GU", "VI", "AS", "MP"] {
            assert!(codes.contains(&territory), "{territory} is missing");
        }
    }

    #[test]
    fn a_state_is_found_by_code_or_by_name_in_any_case() {
        let found = ["MD", "md", "Maryland", " MARYLAND "].map(|s| UsState::parse(s).map(UsState::code));
        assert!(found.iter().all(|code| code == &Ok("MD")));
        assert_eq!(UsState::parse("puerto rico").map(UsState::code), Ok("PR"));
    }

    #[test]
    fn a_place_that_is_not_a_state_or_territory_is_unknown() {
        assert_eq!(UsState::parse("ZZ"), Err(UsStateError::Unknown));
        assert_eq!(UsState::parse("Ontario"), Err(UsStateError::Unknown));
        assert_eq!(UsState::parse(""), Err(UsStateError::Empty));
    }

    #[test]
    fn json_carries_the_postal_code() {
        let state = UsState::parse("Texas").ok();
        assert_eq!(state.map(|s| serde_json::to_string(&s).ok()), Some(Some("\"TX\"".into())));
    }
}
