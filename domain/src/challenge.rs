//! The check that a person, not a program, is asking (Cloudflare Turnstile),
//! met past a limit instead of a refusal: whoever shares a client address with
//! a flood, or asks about an examiner a flood asks about, passes the check and
//! is answered as before. Nobody is kept out for what someone else did.

use serde::{Deserialize, Serialize};

/// What a page needs to show the check: the widget's site key (public), the
/// script that draws it (Turnstile's, or the local stand-in's), and the action
/// the widget signs into its answer (which the registry then expects).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub site_key: String,
    pub script: String,
    pub action: String,
}

/// The request header that carries the widget's answer.
pub const ANSWER_HEADER: &str = "x-challenge-answer";

/// The widget's answer, for the registry to have verified at the edge
/// (`siteverify`): opaque text, single-use, valid for five minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeAnswer(String);

/// Turnstile's tokens are at most this long; anything longer is no answer.
const LONGEST_ANSWER: usize = 2048;

impl ChallengeAnswer {
    /// None for what cannot be an answer: empty, too long, or not printable ASCII.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let printable = text.bytes().all(|b| b.is_ascii_graphic());
        (!text.is_empty() && text.len() <= LONGEST_ANSWER && printable).then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why the check is shown: asked for the first time, or shown again because
/// the answer did not pass (made up, used already, or older than five minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeAsked {
    First,
    Again,
}

impl ChallengeAsked {
    /// What the person is told, above the check.
    pub fn message(self) -> &'static str {
        match self {
            Self::First => {
                "Many requests came from your network or about this account in the last hour. To continue, \
                 complete the check below, then select Submit again."
            }
            Self::Again => "The check could not be confirmed. Please complete it again, then select Submit.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_printable_text_of_at_most_2048_characters() {
        assert_eq!(ChallengeAnswer::parse(" 0.abc-DEF_123 ").map(|a| a.0), Some("0.abc-DEF_123".into()));
        assert!(ChallengeAnswer::parse("XXXX.DUMMY.TOKEN.XXXX").is_some());
        assert!(ChallengeAnswer::parse(&"a".repeat(2048)).is_some());
        for no_answer in ["", "   ", "two words", "line\nbreak", "é"] {
            assert_eq!(ChallengeAnswer::parse(no_answer), None, "{no_answer:?}");
        }
        assert_eq!(ChallengeAnswer::parse(&"a".repeat(2049)), None);
    }

    #[test]
    fn a_check_asked_again_says_so() {
        assert_ne!(ChallengeAsked::First.message(), ChallengeAsked::Again.message());
    }
}
