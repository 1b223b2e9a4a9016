//! What the registry's forms share. Each form names its own fields (an enum of
//! its own, so that no form carries another's), and its mistakes come back
//! field by field in one shape: [`FieldErrors`] in Rust, [`FieldMessage`]s in
//! the API's JSON.

use serde::{Deserialize, Serialize};

/// A field of one form.
pub trait FormField: Copy + Eq + Send + Sync + std::fmt::Debug + 'static {
    /// Every field of the form, in the form's order.
    const ALL: &'static [Self];

    /// The name in the JSON, also the form control's id and name.
    fn code(self) -> &'static str;

    /// The most a person can mean to type in the field; more is refused before parsing.
    fn max_len(self) -> usize;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|field| field.code() == code)
    }
}

/// What is wrong with one field, in words for the person who filled it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError<F> {
    pub field: F,
    pub message: String,
}

/// What is wrong with a form, field by field, in the order of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldErrors<F>(pub Vec<FieldError<F>>);

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<F: FormField> FieldErrors<F> {
    /// One mistake.
    pub fn one(field: F, message: impl Into<String>) -> Self {
        Self(vec![FieldError { field, message: message.into() }])
    }

    pub fn get(&self, field: F) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As the API sends them.
    pub fn to_messages(&self) -> Vec<FieldMessage> {
        self.0.iter().map(|e| FieldMessage { field: e.field.code().to_owned(), message: e.message.clone() }).collect()
    }

    /// As the API sent them, for this form; a field the form does not have is left out.
    pub fn from_messages(messages: &[FieldMessage]) -> Self {
        Self(
            messages
                .iter()
                .filter_map(|m| F::from_code(&m.field).map(|field| FieldError { field, message: m.message.clone() }))
                .collect(),
        )
    }
}

/// One field's mistake in the API's JSON: `{"field": "registry_number", "message": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

/// Whether a text is longer than its field takes: the same words for every field.
pub fn too_long<F: FormField>(field: F, value: &str) -> Option<FieldError<F>> {
    (value.chars().count() > field.max_len()).then(|| FieldError { field, message: "This is too long.".into() })
}

/// Words a person typed, on one line, without characters that could dress
/// them up as something else in an email (controls, angle brackets).
pub fn plain_text(typed: &str) -> String {
    typed
        .chars()
        .map(|c| if c.is_control() || c == '<' || c == '>' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::TransferField;

    #[test]
    fn field_errors_travel_as_codes_and_come_back_as_the_forms_fields() {
        let errors = FieldErrors::one(TransferField::LicenseState, "Select the State that issued your license.");
        let messages = errors.to_messages();
        assert_eq!(messages[0].field, "license_state");
        assert_eq!(FieldErrors::<TransferField>::from_messages(&messages), errors);
    }

    #[test]
    fn a_field_of_another_form_is_not_read_as_one_of_this_form() {
        let messages = [FieldMessage { field: "new_email".into(), message: "No.".into() }];
        assert!(FieldErrors::<TransferField>::from_messages(&messages).is_empty());
    }
}
