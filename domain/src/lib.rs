//! The National Registry's vocabulary, shared by the browser app and the worker.
//!
//! Every type here is parsed once, at the edge, with a message a person can act on;
//! a value of one of these types is valid wherever it travels. Nothing here does I/O.

/// Every type here travels as text (JSON, D1, CSV): `parse` on the way in,
/// the given accessor on the way out, so serde goes through the same checks.
macro_rules! text_conversions {
    ($type:ty, $error:ty, $text:expr) => {
        impl TryFrom<String> for $type {
            type Error = $error;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> Self {
                $text(&value).to_owned()
            }
        }
    };
}

pub mod account;
pub mod account_type;
pub mod api;
pub mod audit;
pub mod campaign;
pub mod challenge;
pub mod deadline;
pub mod email;
pub mod email_change;
pub mod email_fix;
pub mod emails;
pub mod form;
pub mod funnel;
pub mod grant;
pub mod help_desk;
pub mod hex;
pub mod identity;
pub mod license_number;
pub mod link;
pub mod link_confirmation;
pub mod link_token;
pub mod migration_state;
pub mod rate_limit;
pub mod registry_number;
pub mod routes;
pub mod session;
pub mod sign_in;
pub mod staff;
pub mod transfer;
pub mod us_state;

pub use account_type::AccountType;
pub use email::Email;
pub use license_number::LicenseNumber;
pub use migration_state::MigrationState;
pub use registry_number::RegistryNumber;
pub use us_state::UsState;
