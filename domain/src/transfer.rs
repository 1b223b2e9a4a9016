//! Transfer or Create Account: what a person submits in the wizard, and what
//! the registry decides to do with it. Plain data and plain functions: the
//! worker looks accounts up and stores the outcome; the app checks the same
//! fields in the browser with the same code.

use serde::{Deserialize, Serialize};

use crate::form::{too_long, FieldError, FieldErrors, FormField};
use crate::{AccountType, Email, LicenseNumber, MigrationState, RegistryNumber, UsState};

/// The wizard's steps, in order. The app draws the step indicator from this
/// list and lets a person into a step only when the one before is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardStep {
    AccountType,
    IdentifyAccount,
    Submitted,
}

impl WizardStep {
    pub const ALL: [WizardStep; 3] = [Self::AccountType, Self::IdentifyAccount, Self::Submitted];

    pub fn label(self) -> &'static str {
        match self {
            Self::AccountType => "Account type",
            Self::IdentifyAccount => "Identify the account",
            Self::Submitted => "Submitted",
        }
    }

    /// 1-based, as the step indicator counts.
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).map_or(0, |i| i + 1)
    }

    /// The fields a person fills in on this step for this account type.
    pub fn fields(self, account_type: Option<AccountType>) -> &'static [TransferField] {
        match (self, account_type) {
            (Self::AccountType, _) => &[TransferField::AccountType],
            (Self::IdentifyAccount, Some(AccountType::MedicalExaminer)) => {
                &[TransferField::RegistryNumber, TransferField::LicenseNumber, TransferField::LicenseState]
            }
            (Self::IdentifyAccount, Some(_)) => &[TransferField::RegistryNumber, TransferField::Email],
            (Self::IdentifyAccount, None) | (Self::Submitted, _) => &[],
        }
    }
}

/// The wizard's fields, named as in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransferField {
    AccountType,
    RegistryNumber,
    LicenseNumber,
    LicenseState,
    Email,
}

impl FormField for TransferField {
    const ALL: &'static [Self] =
        &[Self::AccountType, Self::RegistryNumber, Self::LicenseNumber, Self::LicenseState, Self::Email];

    fn code(self) -> &'static str {
        match self {
            Self::AccountType => "account_type",
            Self::RegistryNumber => "registry_number",
            Self::LicenseNumber => "license_number",
            Self::LicenseState => "license_state",
            Self::Email => "email",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Self::AccountType | Self::LicenseState => 64,
            Self::RegistryNumber | Self::LicenseNumber => 40,
            Self::Email => Email::MAX_LEN + 2,
        }
    }
}

/// `POST /api/transfer`, as the wizard sends it. Every field is text, and a
/// missing one is empty, so that each mistake can be reported next to its
/// field; unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct TransferForm {
    pub account_type: String,
    pub registry_number: String,
    pub license_number: String,
    pub license_state: String,
    pub email: String,
}

/// Who the person says they are, every part parsed. It travels on the
/// transfer queue from the answer to the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransferClaim {
    /// A Medical Examiner, known by number, license and the State that issued it.
    Examiner { registry_number: RegistryNumber, license_number: LicenseNumber, license_state: UsState },
    /// An assistant or third party, known by the examiner they work for and
    /// the email on file for their own account.
    WorksForExaminer { account_type: AccountType, examiner: RegistryNumber, email: Email },
}

impl TransferClaim {
    /// The National Registry number the claim is about: the examiner's, whoever asks.
    pub fn registry_number(&self) -> &RegistryNumber {
        match self {
            Self::Examiner { registry_number, .. } => registry_number,
            Self::WorksForExaminer { examiner, .. } => examiner,
        }
    }
}

impl TransferForm {
    pub fn value(&self, field: TransferField) -> &str {
        match field {
            TransferField::AccountType => &self.account_type,
            TransferField::RegistryNumber => &self.registry_number,
            TransferField::LicenseNumber => &self.license_number,
            TransferField::LicenseState => &self.license_state,
            TransferField::Email => &self.email,
        }
    }

    /// What a person typed changes one field.
    pub fn set(&mut self, field: TransferField, value: String) {
        let slot = match field {
            TransferField::AccountType => &mut self.account_type,
            TransferField::RegistryNumber => &mut self.registry_number,
            TransferField::LicenseNumber => &mut self.license_number,
            TransferField::LicenseState => &mut self.license_state,
            TransferField::Email => &mut self.email,
        };
        *slot = value;
    }

    /// Checks the fields of one step; the app calls it before moving on.
    pub fn check_step(&self, step: WizardStep) -> FieldErrors<TransferField> {
        let account_type = AccountType::parse(&self.account_type).ok();
        FieldErrors(step.fields(account_type).iter().filter_map(|&field| self.check_field(field)).collect())
    }

    /// The whole form, as the API takes it.
    pub fn parse(&self) -> Result<TransferClaim, FieldErrors<TransferField>> {
        let mut errors = self.check_step(WizardStep::AccountType);
        errors.0.extend(self.check_step(WizardStep::IdentifyAccount).0);
        if !errors.is_empty() {
            return Err(errors);
        }
        // Every field below was checked by check_step; parse again to hold the values.
        let field_error = |field| FieldErrors::one(field, "This field could not be read.");
        let account_type =
            AccountType::parse(&self.account_type).map_err(|_| field_error(TransferField::AccountType))?;
        let registry_number =
            RegistryNumber::parse(&self.registry_number).map_err(|_| field_error(TransferField::RegistryNumber))?;
        Ok(if account_type.works_for_an_examiner() {
            TransferClaim::WorksForExaminer {
                account_type,
                examiner: registry_number,
                email: Email::parse(&self.email).map_err(|_| field_error(TransferField::Email))?,
            }
        } else {
            TransferClaim::Examiner {
                registry_number,
                license_number: LicenseNumber::parse(&self.license_number)
                    .map_err(|_| field_error(TransferField::LicenseNumber))?,
                license_state: UsState::parse(&self.license_state)
                    .map_err(|_| field_error(TransferField::LicenseState))?,
            }
        })
    }

    fn check_field(&self, field: TransferField) -> Option<FieldError<TransferField>> {
        let value = self.value(field);
        if let Some(too_long) = too_long(field, value) {
            return Some(too_long);
        }
        let message = match field {
            TransferField::AccountType => AccountType::parse(value).err().map(|e| e.to_string()),
            TransferField::RegistryNumber => RegistryNumber::parse(value).err().map(|e| e.to_string()),
            TransferField::LicenseNumber => LicenseNumber::parse(value).err().map(|e| e.to_string()),
            TransferField::LicenseState => UsState::parse(value).err().map(|e| e.to_string()),
            TransferField::Email => Email::parse(value).err().map(|e| e.to_string()),
        };
        message.map(|message| FieldError { field, message })
    }
}

/// What every submission is told, whatever was found: the announcement's words.
pub const SUBMITTED_MESSAGE: &str =
    "Details on how to proceed have been sent to the email address on file, if it exists.";

/// The account a claim matched, as much of it as the decision and the email need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedAccount {
    pub id: i64,
    pub primary_email: Email,
    pub migration_state: MigrationState,
}

/// What the registry does about a claim. Whatever it is, the person is told
/// the same words; only the email on file learns which it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferOutcome {
    /// Nothing matched: nothing is sent or changed.
    NoMatch,
    /// Matched with an email no other account uses: mark migrated, send "migrated successfully".
    Migrate(MatchedAccount),
    /// Matched, but another account uses the same email: send "NOT migrated" with the fix link.
    DuplicateEmail(MatchedAccount),
    /// Matched an account that has moved but has no login.gov account yet: send
    /// "migrated successfully" again, change nothing.
    AlreadyMigrated(MatchedAccount),
    /// Matched an account linked to a login.gov account: say so and to sign in
    /// with it (creating another would not help), change nothing.
    AlreadyLinked(MatchedAccount),
}

/// The transfer decision, on the account the claim matched (if any) and the
/// number of *other* accounts whose primary or secondary email equals its
/// primary email, compared case-insensitively.
pub fn decide(matched: Option<(MatchedAccount, u32)>) -> TransferOutcome {
    match matched {
        None => TransferOutcome::NoMatch,
        Some((account, sharing)) => match account.migration_state {
            MigrationState::Linked => TransferOutcome::AlreadyLinked(account),
            MigrationState::Migrated => TransferOutcome::AlreadyMigrated(account),
            MigrationState::Legacy if sharing > 0 => TransferOutcome::DuplicateEmail(account),
            MigrationState::Legacy => TransferOutcome::Migrate(account),
        },
    }
}

impl TransferOutcome {
    /// The account the outcome is about, if one matched.
    pub fn account(&self) -> Option<&MatchedAccount> {
        match self {
            Self::NoMatch => None,
            Self::Migrate(a) | Self::DuplicateEmail(a) | Self::AlreadyMigrated(a) | Self::AlreadyLinked(a) => Some(a),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examiner_form() -> TransferForm {
        TransferForm {
            account_type: "examiner".into(),
            registry_number: "1000000001".into(),
            license_number: "MD-483920".into(),
            license_state: "MD".into(),
            email: String::new(),
        }
    }

    fn account(state: MigrationState) -> MatchedAccount {
        MatchedAccount {
            id: 7,
            primary_email: Email::parse("maria.lopez@example.com").unwrap_or_else(|e| panic!("{e}")),
            migration_state: state,
        }
    }

    #[test]
    fn an_examiner_is_identified_by_number_license_and_state() {
        let claim = examiner_form().parse();
        assert!(
            matches!(claim, Ok(TransferClaim::Examiner { ref license_number, .. }) if license_number.key() == "MD483920")
        );
    }

    #[test]
    fn an_assistant_is_identified_by_the_examiners_number_and_their_own_email() {
        let form = TransferForm {
            account_type: "assistant".into(),
            registry_number: "1000000001".into(),
            email: "emily.rogers@example.com".into(),
            ..TransferForm::default()
        };
        let claim = form.parse();
        assert!(matches!(
            claim,
            Ok(TransferClaim::WorksForExaminer { account_type: AccountType::AdministrativeAssistant, .. })
        ));
    }

    #[test]
    fn each_bad_field_gets_its_own_message_in_form_order() {
        let form = TransferForm {
            registry_number: "12".into(),
            license_number: String::new(),
            license_state: "Atlantis".into(),
            ..examiner_form()
        };
        let errors = form.parse().err().unwrap_or_default();
        let fields: Vec<TransferField> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, [TransferField::RegistryNumber, TransferField::LicenseNumber, TransferField::LicenseState]);
        assert_eq!(errors.get(TransferField::RegistryNumber), Some("A National Registry number has 10 digits."));
    }

    #[test]
    fn an_unknown_account_type_stops_at_the_first_step() {
        let form = TransferForm { account_type: "pilot".into(), ..examiner_form() };
        let errors = form.parse().err().unwrap_or_default();
        assert_eq!(errors.0.len(), 1);
        assert!(errors.get(TransferField::AccountType).is_some());
    }

    #[test]
    fn an_overlong_field_is_refused_before_it_is_read() {
        let form = TransferForm { license_number: "A".repeat(10_000), ..examiner_form() };
        assert_eq!(form.parse().err().unwrap_or_default().get(TransferField::LicenseNumber), Some("This is too long."));
    }

    #[test]
    fn a_form_with_a_field_it_does_not_know_is_refused() {
        let json = r#"{"account_type":"examiner","registry_number":"1000000001","license_number":"1","license_state":"MD","admin":true}"#;
        assert!(serde_json::from_str::<TransferForm>(json).is_err());
    }

    #[test]
    fn each_step_asks_only_for_its_own_fields() {
        assert_eq!(WizardStep::AccountType.fields(None), [TransferField::AccountType]);
        assert_eq!(
            WizardStep::IdentifyAccount.fields(Some(AccountType::MedicalExaminer)),
            [TransferField::RegistryNumber, TransferField::LicenseNumber, TransferField::LicenseState]
        );
        assert_eq!(
            WizardStep::IdentifyAccount.fields(Some(AccountType::ThirdParty)),
            [TransferField::RegistryNumber, TransferField::Email]
        );
        assert!(WizardStep::Submitted.fields(None).is_empty());
        assert_eq!(WizardStep::ALL.map(WizardStep::number), [1, 2, 3]);
    }

    #[test]
    fn nothing_matched_means_nothing_happens() {
        assert_eq!(decide(None), TransferOutcome::NoMatch);
    }

    #[test]
    fn a_match_whose_email_no_one_else_uses_is_migrated() {
        assert_eq!(
            decide(Some((account(MigrationState::Legacy), 0))),
            TransferOutcome::Migrate(account(MigrationState::Legacy))
        );
    }

    #[test]
    fn a_match_whose_email_another_account_uses_is_not_migrated() {
        assert_eq!(
            decide(Some((account(MigrationState::Legacy), 1))),
            TransferOutcome::DuplicateEmail(account(MigrationState::Legacy))
        );
    }

    #[test]
    fn an_account_that_has_moved_already_is_told_again_and_not_changed() {
        let migrated = account(MigrationState::Migrated);
        assert_eq!(decide(Some((migrated.clone(), 3))), TransferOutcome::AlreadyMigrated(migrated));
        let linked = account(MigrationState::Linked);
        assert_eq!(decide(Some((linked.clone(), 0))), TransferOutcome::AlreadyLinked(linked));
    }
}
