//! The first sign-in of a login.gov identity that matched a registry account
//! by email: the person sees whose account it is and links it only by saying
//! it is theirs. An address that two accounts ever held, or a secondary
//! address nobody confirmed, proves little: then the person also types what
//! the account's owner knows (the license number, or for an account without
//! one, the National Registry number, which the page then does not show).

use serde::{Deserialize, Serialize};

use crate::form::{FieldErrors, FormField};
use crate::{LicenseNumber, RegistryNumber};

/// What the person must type to link, besides saying the account is theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proof {
    LicenseNumber,
    RegistryNumber,
}

impl Proof {
    /// The license number when the account has one on file.
    pub fn for_account(has_license: bool) -> Self {
        if has_license {
            Self::LicenseNumber
        } else {
            Self::RegistryNumber
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::LicenseNumber => "Professional license number",
            Self::RegistryNumber => "National Registry number",
        }
    }
}

/// A link waiting for the person's answer: kept by the worker for 10 minutes,
/// bound to the browser that signed in by a cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLink {
    pub account_id: i64,
    pub subject: String,
    pub login_gov_email: String,
    pub return_to: String,
    pub proof: Option<Proof>,
    /// The answer must carry it: the page got it from `GET /api/sign-in/link`.
    pub csrf_token: String,
}

/// `GET /api/sign-in/link`: whose account this is, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountToConfirm {
    pub first_name: String,
    pub last_name: String,
    /// Not shown when it is what the person must type.
    pub registry_number: Option<String>,
    pub proof: Option<Proof>,
    pub csrf_token: String,
}

/// `POST /api/sign-in/link`: the person's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkAnswer {
    /// "Yes, link it" (true) or "This is not my account" (false).
    pub mine: bool,
    /// What the account's owner knows, when asked for.
    #[serde(default)]
    pub proof: String,
}

/// `POST /api/sign-in/link` once the question is settled: where the browser goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInContinues {
    pub location: String,
}

/// The confirmation form's one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkField {
    Proof,
}

impl FormField for LinkField {
    const ALL: &'static [Self] = &[Self::Proof];

    fn code(self) -> &'static str {
        "proof"
    }

    fn max_len(self) -> usize {
        40
    }
}

/// What the registry has on file for the account.
pub struct OnFile<'a> {
    pub registry_number: &'a str,
    /// The license number's key (`LicenseNumber::key`).
    pub license_key: Option<&'a str>,
}

/// What to do with an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkDecision {
    Link,
    NotMine,
}

/// Links only an answer of "mine" with the proof asked for; a proof that is
/// not the one on file is the field's mistake (the person may have mistyped).
pub fn decide(
    proof: Option<Proof>,
    answer: &LinkAnswer,
    on_file: &OnFile<'_>,
) -> Result<LinkDecision, FieldErrors<LinkField>> {
    if !answer.mine {
        return Ok(LinkDecision::NotMine);
    }
    let typed = answer.proof.as_str();
    let mistake = |message: &str| Err(FieldErrors::one(LinkField::Proof, message));
    match proof {
        None => Ok(LinkDecision::Link),
        Some(Proof::LicenseNumber) => match LicenseNumber::parse(typed) {
            Err(e) => mistake(&e.to_string()),
            Ok(license) if Some(license.key()) == on_file.license_key => Ok(LinkDecision::Link),
            Ok(_) => mistake("This is not the license number on file for this account."),
        },
        Some(Proof::RegistryNumber) => match RegistryNumber::parse(typed) {
            Err(e) => mistake(&e.to_string()),
            Ok(number) if number.as_str() == on_file.registry_number => Ok(LinkDecision::Link),
            Ok(_) => mistake("This is not the National Registry number of this account."),
        },
    }
}

/// Proof answers one account may give in an hour: the rest are refused, so
/// that nobody can try license numbers by signing in again and again.
pub const PROOFS_PER_HOUR: i64 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    const ON_FILE: OnFile<'static> = OnFile { registry_number: "1000000001", license_key: Some("MD483920") };

    fn answer(mine: bool, proof: &str) -> LinkAnswer {
        LinkAnswer { mine, proof: proof.into() }
    }

    #[test]
    fn an_account_that_needs_no_proof_is_linked_on_yes() {
        assert_eq!(decide(None, &answer(true, ""), &ON_FILE), Ok(LinkDecision::Link));
    }

    #[test]
    fn not_mine_links_nothing_whatever_was_typed() {
        for proof in [None, Some(Proof::LicenseNumber)] {
            assert_eq!(decide(proof, &answer(false, "MD-483920"), &ON_FILE), Ok(LinkDecision::NotMine));
        }
    }

    #[test]
    fn the_license_number_is_matched_as_any_spelling_of_it() {
        for typed in ["MD-483920", "md 483920", "MD483920"] {
            assert_eq!(decide(Some(Proof::LicenseNumber), &answer(true, typed), &ON_FILE), Ok(LinkDecision::Link));
        }
    }

    #[test]
    fn another_license_number_or_none_is_the_fields_mistake() {
        for typed in ["MD-483921", "", "<script>"] {
            let refused = decide(Some(Proof::LicenseNumber), &answer(true, typed), &ON_FILE);
            assert!(refused.is_err_and(|e| e.get(LinkField::Proof).is_some()), "{typed}");
        }
        let no_license = OnFile { license_key: None, ..ON_FILE };
        assert!(decide(Some(Proof::LicenseNumber), &answer(true, "MD-483920"), &no_license).is_err());
    }

    #[test]
    fn an_account_without_a_license_is_proved_by_its_registry_number() {
        assert_eq!(Proof::for_account(false), Proof::RegistryNumber);
        let proof = Some(Proof::RegistryNumber);
        assert_eq!(decide(proof, &answer(true, "1000000001"), &ON_FILE), Ok(LinkDecision::Link));
        assert!(decide(proof, &answer(true, "1000000002"), &ON_FILE).is_err());
    }
}
