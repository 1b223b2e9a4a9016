//! How far an account has come in the move to login.gov.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The migration state is legacy, migrated or linked.")]
pub struct MigrationStateError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum MigrationState {
    /// Still known only by the old registry username and password.
    Legacy,
    /// Its email is unique and it may now be linked to a login.gov identity.
    Migrated,
    /// Tied to one login.gov identity (its `sub`).
    Linked,
}

impl MigrationState {
    pub const ALL: [Self; 3] = [Self::Legacy, Self::Migrated, Self::Linked];

    pub fn code(self) -> &'static str {
        match self {
            Self::Legacy => "legacy",
            Self::Migrated => "migrated",
            Self::Linked => "linked",
        }
    }

    /// As the help desk reads it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Legacy => "Not transferred",
            Self::Migrated => "Transferred, not linked to login.gov yet",
            Self::Linked => "Linked to login.gov",
        }
    }

    pub fn parse(input: &str) -> Result<Self, MigrationStateError> {
        Self::ALL.into_iter().find(|s| s.code().eq_ignore_ascii_case(input.trim())).ok_or(MigrationStateError)
    }
}

text_conversions!(MigrationState, MigrationStateError, |s: &MigrationState| s.code());

impl fmt::Display for MigrationState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_states_round_trip_through_their_codes() {
        for s in [MigrationState::Legacy, MigrationState::Migrated, MigrationState::Linked] {
            assert_eq!(MigrationState::parse(s.code()), Ok(s));
        }
        assert_eq!(MigrationState::parse("done"), Err(MigrationStateError));
    }
}
