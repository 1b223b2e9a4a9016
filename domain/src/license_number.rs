//! A professional license number, as the issuing State wrote it.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenseNumberError {
    #[error("Enter your professional license number.")]
    Empty,
    #[error("A license number has only letters, numbers, spaces and dashes.")]
    BadCharacter,
    #[error("A license number has at most 20 letters and numbers.")]
    TooLong,
}

/// States format license numbers differently ("MD-012345", "md 012345", "MD012345"):
/// spaces and dashes are dropped and letters upper-cased, so the same license always
/// compares equal to what the registry holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicenseNumber(String);

impl LicenseNumber {
    pub const MAX_LEN: usize = 20;

    pub fn parse(input: &str) -> Result<Self, LicenseNumberError> {
        let mut canonical = String::with_capacity(input.len());
        for c in input.chars() {
            match c {
                c if c.is_ascii_alphanumeric() => canonical.push(c.to_ascii_uppercase()),
                c if c.is_whitespace() || c == '-' => {}
                _ => return Err(LicenseNumberError::BadCharacter),
            }
        }
        if canonical.is_empty() {
            return Err(LicenseNumberError::Empty);
        }
        if canonical.len() > Self::MAX_LEN {
            return Err(LicenseNumberError::TooLong);
        }
        Ok(Self(canonical))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_conversions!(LicenseNumber, LicenseNumberError, LicenseNumber::as_str);

impl fmt::Display for LicenseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_license_typed_three_ways_is_one_license() {
        let typed = ["MD-012345", "md 012345", "MD012345"].map(LicenseNumber::parse);
        assert!(typed.iter().all(|l| l == &Ok(LicenseNumber("MD012345".into()))));
    }

    #[test]
    fn an_empty_field_asks_for_the_license() {
        assert_eq!(LicenseNumber::parse(" - "), Err(LicenseNumberError::Empty));
    }

    #[test]
    fn punctuation_other_than_dashes_is_refused() {
        assert_eq!(LicenseNumber::parse("MD/0123"), Err(LicenseNumberError::BadCharacter));
        assert_eq!(LicenseNumber::parse("MD<script>"), Err(LicenseNumberError::BadCharacter));
    }

    #[test]
    fn more_than_twenty_letters_and_numbers_is_too_long() {
        assert!(LicenseNumber::parse(&"A".repeat(20)).is_ok());
        assert_eq!(LicenseNumber::parse(&"A".repeat(21)), Err(LicenseNumberError::TooLong));
    }
}
