//! Who an account belongs to: an examiner, or someone who works for one.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountTypeError {
    #[error("Select an account type.")]
    Empty,
    #[error("Select Medical Examiner, Medical Examiner Administrative Assistant or Third Party.")]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum AccountType {
    MedicalExaminer,
    AdministrativeAssistant,
    ThirdParty,
}

impl AccountType {
    pub const ALL: [AccountType; 3] = [Self::MedicalExaminer, Self::AdministrativeAssistant, Self::ThirdParty];

    /// The stable code stored in D1 and carried in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Self::MedicalExaminer => "examiner",
            Self::AdministrativeAssistant => "assistant",
            Self::ThirdParty => "third_party",
        }
    }

    /// The name the registry's notices use.
    pub fn label(self) -> &'static str {
        match self {
            Self::MedicalExaminer => "Medical Examiner",
            Self::AdministrativeAssistant => "Medical Examiner Administrative Assistant",
            Self::ThirdParty => "Third Party",
        }
    }

    /// Assistants and third parties act for an examiner and are tied to one.
    pub fn works_for_an_examiner(self) -> bool {
        self != Self::MedicalExaminer
    }

    pub fn parse(input: &str) -> Result<Self, AccountTypeError> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(AccountTypeError::Empty);
        }
        Self::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(wanted) || t.label().eq_ignore_ascii_case(wanted))
            .ok_or(AccountTypeError::Unknown)
    }
}

text_conversions!(AccountType, AccountTypeError, |t: &AccountType| t.code());

impl fmt::Display for AccountType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_type_is_found_by_its_code_and_by_its_label() {
        for t in AccountType::ALL {
            assert_eq!(AccountType::parse(t.code()), Ok(t));
            assert_eq!(AccountType::parse(&t.label().to_uppercase()), Ok(t));
        }
    }

    #[test]
    fn only_assistants_and_third_parties_work_for_an_examiner() {
        assert!(!AccountType::MedicalExaminer.works_for_an_examiner());
        assert!(AccountType::AdministrativeAssistant.works_for_an_examiner());
        assert!(AccountType::ThirdParty.works_for_an_examiner());
    }

    #[test]
    fn an_unknown_account_type_is_refused() {
        assert_eq!(AccountType::parse("admin"), Err(AccountTypeError::Unknown));
        assert_eq!(AccountType::parse(""), Err(AccountTypeError::Empty));
    }
}
