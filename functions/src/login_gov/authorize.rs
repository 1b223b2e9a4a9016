//! The authorization request, as login.gov requires it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::hex::sha256_hex;
use domain::routes;
use oauth2::{CsrfToken, PkceCodeChallenge, PkceCodeVerifier, Scope};
use serde::{Deserialize, Serialize};

use super::LoginGovClient;

/// login.gov refuses a `state` or `nonce` shorter than this.
pub const RANDOM_VALUE_MINIMUM_LENGTH: usize = 22;

/// What login.gov is asked to vouch for, and so to tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// An examiner's sign-in: authentication only, and the person's confirmed emails.
    #[default]
    AuthOnly,
    /// A staff member's: login.gov must require a PIV or CAC card (HSPD-12), and
    /// says whether one was used (userinfo's `x509_presented`).
    StaffCard,
    /// Before linking an account whose address proves nothing: the person's
    /// identity verified, with the verified name and date of birth (`domain::identity`).
    IdentityVerified,
}

impl Assurance {
    pub fn scope(self) -> &'static str {
        match self {
            Self::AuthOnly => "openid email all_emails",
            Self::StaffCard => "openid email all_emails x509 x509:presented",
            Self::IdentityVerified => "openid email all_emails profile:name profile:birthdate",
        }
    }

    /// The service level first (the ID token's `acr` names it), then any authenticator level.
    pub fn acr_values(self) -> &'static str {
        match self {
            Self::AuthOnly => "urn:acr.login.gov:auth-only",
            Self::StaffCard => "urn:acr.login.gov:auth-only http://idmanagement.gov/ns/assurance/aal/2?hspd12=true",
            // The level that meets NIST 800-63-3 IAL2: identity verification with a facial match.
            Self::IdentityVerified => "urn:acr.login.gov:verified-facial-match-required",
        }
    }

    /// The `acr` the ID token must carry: the service level asked for. The
    /// card, if asked, is checked in userinfo.
    pub fn acr(self) -> &'static str {
        self.acr_values().split(' ').next().unwrap_or_default()
    }
}

/// The secrets of one sign-in, kept by the registry from the redirect to
/// login.gov until the callback, and used once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
    /// The SHA-256 of the random value in this browser's short-lived cookie:
    /// the callback must come back to the browser that started.
    pub browser_binding: String,
    /// Where to go once signed in: a path of the app.
    pub return_to: String,
    /// What login.gov is asked for: a staff member's sign-in (`/auth/staff/login`)
    /// asks for the card and makes a staff session; a link's identity verification
    /// ends in the link (`runtime::link_confirmation`).
    #[serde(default)]
    pub assurance: Assurance,
    /// A sign-in to work for examiners (`/auth/work-for/login`): it ends in a
    /// person's session, whatever accounts the person's emails name.
    #[serde(default)]
    pub works_for_examiners: bool,
}

impl PendingSignIn {
    /// From 32 random bytes each (43 characters written out, beyond the 22 required).
    pub fn new(random: [[u8; 32]; 4], return_to: &str) -> (Self, String) {
        let [state, nonce, verifier, browser] = random.map(|bytes| URL_SAFE_NO_PAD.encode(bytes));
        let binding = sha256_hex(&browser);
        (
            Self {
                state,
                nonce,
                code_verifier: verifier,
                browser_binding: binding,
                return_to: safe_return_path(return_to),
                assurance: Assurance::AuthOnly,
                works_for_examiners: false,
            },
            browser,
        )
    }

    /// Whether the browser's cookie is the one this sign-in was started with.
    pub fn started_by(&self, browser_cookie: Option<&str>) -> bool {
        browser_cookie.is_some_and(|cookie| domain::session::same_secret(&sha256_hex(cookie), &self.browser_binding))
    }
}

/// The address of login.gov's sign-in page for this sign-in (oauth2 writes the
/// OAuth parts: client, response type, state, PKCE S256, return address, scope).
pub fn authorization_url(client: &LoginGovClient, pending: &PendingSignIn) -> String {
    let verifier = PkceCodeVerifier::new(pending.code_verifier.clone());
    let (url, _) = client
        .authorize_url(|| CsrfToken::new(pending.state.clone()))
        .add_scopes(pending.assurance.scope().split(' ').map(|scope| Scope::new(scope.to_owned())))
        .add_extra_param("acr_values", pending.assurance.acr_values())
        .add_extra_param("prompt", "select_account")
        .add_extra_param("nonce", &pending.nonce)
        .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(&verifier))
        .url();
    url.into()
}

/// Only a path of this site: never another origin (`//evil.example`, `https:`…).
pub fn safe_return_path(wanted: &str) -> String {
    let local = wanted.starts_with('/') && !wanted.starts_with("//") && !wanted.contains('\\') && !wanted.contains(':');
    let plain = wanted.len() <= 200 && wanted.chars().all(|c| c.is_ascii_graphic());
    if local && plain {
        wanted.to_owned()
    } else {
        routes::ACCOUNT.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    use crate::login_gov::client;
    use crate::login_gov::tests::{metadata, relying_party};

    fn pending() -> (PendingSignIn, String) {
        PendingSignIn::new([[1; 32], [2; 32], [3; 32], [4; 32]], "/account")
    }

    #[test]
    fn state_nonce_and_verifier_are_long_enough_for_login_gov_and_all_different() {
        let (p, browser) = pending();
        for value in [&p.state, &p.nonce, &p.code_verifier, &browser] {
            assert!(value.len() >= RANDOM_VALUE_MINIMUM_LENGTH.max(43), "{value}");
        }
        assert!(p.state != p.nonce && p.nonce != p.code_verifier);
    }

    #[test]
    fn the_authorization_url_asks_what_login_gov_requires() {
        let (p, _) = pending();
        let url = authorization_url(&client(&metadata(), &relying_party()).unwrap(), &p);
        let (endpoint, query) = url.split_once('?').unwrap_or_default();
        assert_eq!(endpoint, "https://idp.int.identitysandbox.gov/openid_connect/authorize");
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("scope"), Some("openid email all_emails"));
        assert_eq!(get("acr_values"), Some("urn:acr.login.gov:auth-only"));
        assert_eq!(get("prompt"), Some("select_account"));
        assert_eq!(get("redirect_uri"), Some("https://registry.example/auth/callback"));
        assert_eq!(get("state"), Some(p.state.as_str()));
        assert_eq!(get("nonce"), Some(p.nonce.as_str()));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("client_id"), Some(relying_party().client_id.as_str()));
        // The S256 challenge of the verifier: SHA-256, base64url without padding (RFC 7636).
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(p.code_verifier.as_bytes()));
        assert_eq!(get("code_challenge"), Some(challenge.as_str()));
    }

    #[test]
    fn identity_verification_asks_for_the_ial2_level_and_the_verified_name_and_birth_date() {
        let (mut p, _) = pending();
        p.assurance = Assurance::IdentityVerified;
        let url = authorization_url(&client(&metadata(), &relying_party()).unwrap(), &p);
        let (_, query) = url.split_once('?').unwrap_or_default();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("acr_values"), Some("urn:acr.login.gov:verified-facial-match-required"));
        assert_eq!(get("scope"), Some("openid email all_emails profile:name profile:birthdate"));
        assert_eq!(Assurance::StaffCard.acr(), "urn:acr.login.gov:auth-only");
    }

    #[test]
    fn only_the_browser_that_started_may_finish() {
        let (p, browser) = pending();
        assert!(p.started_by(Some(&browser)));
        assert!(!p.started_by(Some("another-browser-cookie")));
        assert!(!p.started_by(None));
    }

    #[test]
    fn the_return_address_is_a_path_of_this_site_or_my_account() {
        assert_eq!(safe_return_path("/account"), "/account");
        for hostile in
            ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "account", "/a b"]
        {
            assert_eq!(safe_return_path(hostile), "/account", "{hostile}");
        }
    }
}
