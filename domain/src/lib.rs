//! The National Registry's vocabulary, shared by the browser app and the worker.
//!
//! Every type here is parsed once, at the edge, with a message a person can act on;
//! a value of one of these types is valid wherever it travels. Nothing here does I/O.

pub mod account_type;
pub mod api;
pub mod email;
pub mod license_number;
pub mod migration_state;
pub mod registry_number;
pub mod us_state;

pub use account_type::AccountType;
pub use email::Email;
pub use license_number::LicenseNumber;
pub use migration_state::MigrationState;
pub use registry_number::RegistryNumber;
pub use us_state::UsState;
