//! The secret in a single-use link sent by email.

use crate::hex::{hex, sha256_hex};

/// 32 random bytes, written as 64 hex digits in the link. The registry keeps
/// only [`LinkToken::hash`], so a copy of its database opens no link.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    /// From bytes of a cryptographic random source (the worker's `crypto.getRandomValues`).
    pub fn from_random_bytes(bytes: [u8; 32]) -> Self {
        Self(hex(&bytes))
    }

    /// A token as it comes back in a link; anything but 64 hex digits is no token.
    pub fn parse(input: &str) -> Option<Self> {
        (input.len() == 64 && input.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Self(input.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps: the SHA-256 of the token, in hex.
    pub fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

/// A link's last segment that is no token (mistyped, cut short, forged).
#[derive(Debug, thiserror::Error)]
#[error("not a link token")]
pub struct NotALinkToken;

/// So that a link page's route parameter is read as a [`LinkToken`].
impl std::str::FromStr for LinkToken {
    type Err = NotALinkToken;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input).ok_or(NotALinkToken)
    }
}

// The token is a secret: it never appears in logs by accident.
impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_64_hex_digits_and_its_hash_is_another_64() {
        let token = LinkToken::from_random_bytes([7; 32]);
        assert_eq!(token.as_str(), "07".repeat(32));
        assert_eq!(token.hash().len(), 64);
        assert_ne!(token.hash(), token.as_str());
    }

    #[test]
    fn a_token_read_back_from_a_link_hashes_the_same() {
        let token = LinkToken::from_random_bytes([0xab; 32]);
        let read_back = LinkToken::parse(&token.as_str().to_uppercase());
        assert_eq!(read_back.map(|t| t.hash()), Some(token.hash()));
    }

    #[test]
    fn anything_else_in_a_link_is_no_token() {
        for forged in ["", "abc", &"g".repeat(64), &"0".repeat(63), &"0".repeat(65)] {
            assert!(LinkToken::parse(forged).is_none(), "{forged}");
        }
    }

    #[test]
    fn debug_output_hides_the_secret() {
        assert_eq!(format!("{:?}", LinkToken::from_random_bytes([1; 32])), "LinkToken(…)");
    }
}
