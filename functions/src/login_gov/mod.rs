//! The registry as an OpenID Connect relying party of login.gov. Everything
//! here is plain Rust over values — no fetch, no KV, no clock — so that every
//! check is tested natively; `crate::auth` does the I/O around it.
//!
//! - [`authorize`]: the authorization request (state, nonce, PKCE S256);
//! - [`client_assertion`]: `private_key_jwt`, the RS256 assertion that proves the registry at the token endpoint;
//! - [`id_token`]: every check of the ID token, and of userinfo against it.

pub mod authorize;
pub mod client_assertion;
pub mod id_token;
pub mod rs256;

use serde::{Deserialize, Serialize};

/// What the registry reads of the provider's discovery document
/// (`{issuer}/.well-known/openid-configuration`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: String,
    pub jwks_uri: String,
    pub end_session_endpoint: String,
}

/// How the registry proves itself at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// login.gov's choice for web apps: an assertion signed with the client's key, plus PKCE.
    PrivateKeyJwt,
    /// PKCE alone (a public client), for a provider set up so.
    Pkce,
}

impl ClientAuth {
    pub fn parse(setting: &str) -> Option<Self> {
        match setting {
            "private_key_jwt" => Some(Self::PrivateKeyJwt),
            "pkce" => Some(Self::Pkce),
            _ => None,
        }
    }
}

/// The relying party's settings (wrangler.toml vars; the key is a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelyingParty {
    pub issuer: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub post_logout_redirect_uri: String,
}

/// The token endpoint's answer.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub id_token: String,
}

/// The userinfo endpoint's answer, with the scopes `openid email all_emails`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserInfo {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    /// Every confirmed address of the login.gov account.
    #[serde(default)]
    pub all_emails: Vec<String>,
}

/// The token request's form: the code, the PKCE verifier, and either the
/// client assertion (`private_key_jwt`) or, for a PKCE-only client, its id.
pub fn token_request(rp: &RelyingParty, assertion: Option<&str>, code: &str, verifier: &str) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", &rp.redirect_uri)
        .append_pair("code_verifier", verifier);
    match assertion {
        Some(assertion) => form
            .append_pair("client_assertion_type", client_assertion::CLIENT_ASSERTION_TYPE)
            .append_pair("client_assertion", assertion),
        None => form.append_pair("client_id", &rp.client_id),
    };
    form.finish()
}

/// The URL that ends the login.gov session too, then comes back to the registry.
pub fn logout_url(metadata: &ProviderMetadata, rp: &RelyingParty, state: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", &rp.client_id)
        .append_pair("post_logout_redirect_uri", &rp.post_logout_redirect_uri)
        .append_pair("state", state)
        .finish();
    with_query(&metadata.end_session_endpoint, &query)
}

fn with_query(endpoint: &str, query: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn metadata() -> ProviderMetadata {
        let issuer = "https://idp.int.identitysandbox.gov";
        ProviderMetadata {
            issuer: format!("{issuer}/"),
            authorization_endpoint: format!("{issuer}/openid_connect/authorize"),
            token_endpoint: format!("{issuer}/api/openid_connect/token"),
            userinfo_endpoint: format!("{issuer}/api/openid_connect/userinfo"),
            jwks_uri: format!("{issuer}/api/openid_connect/certs"),
            end_session_endpoint: format!("{issuer}/openid_connect/logout"),
        }
    }

    pub(crate) fn relying_party() -> RelyingParty {
        RelyingParty {
            issuer: "https://idp.int.identitysandbox.gov/".into(),
            client_id: "urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry".into(),
            redirect_uri: "https://registry.example/auth/callback".into(),
            post_logout_redirect_uri: "https://registry.example/?signed_out".into(),
        }
    }

    #[test]
    fn logout_goes_to_the_providers_endpoint_with_client_return_address_and_state() {
        let url = logout_url(&metadata(), &relying_party(), "s".repeat(22).as_str());
        assert!(url.starts_with("https://idp.int.identitysandbox.gov/openid_connect/logout?client_id=urn%3Agov%3Agsa"));
        assert!(url.contains(
            "&post_logout_redirect_uri=https%3A%2F%2Fregistry.example%2F%3Fsigned_out&state=ssssssssssssssssssssss"
        ));
    }

    fn pairs(form: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(form.as_bytes()).into_owned().collect()
    }

    #[test]
    fn a_private_key_jwt_token_request_carries_the_assertion_and_the_verifier_and_no_client_id() {
        let form = pairs(&token_request(&relying_party(), Some("a.b.c"), "the-code", "the-verifier"));
        let names: Vec<&str> = form.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["grant_type", "code", "redirect_uri", "code_verifier", "client_assertion_type", "client_assertion"]
        );
        assert!(form.contains(&(
            "client_assertion_type".into(),
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into()
        )));
        assert!(form.contains(&("code_verifier".into(), "the-verifier".into())));
    }

    #[test]
    fn a_pkce_only_token_request_names_the_client_and_carries_the_verifier() {
        let form = pairs(&token_request(&relying_party(), None, "the-code", "the-verifier"));
        assert!(form.contains(&("client_id".into(), relying_party().client_id)));
        assert!(form.contains(&("code_verifier".into(), "the-verifier".into())));
        assert!(!form.iter().any(|(n, _)| n.starts_with("client_assertion")));
    }

    #[test]
    fn the_client_authentication_is_one_of_two_settings() {
        assert_eq!(ClientAuth::parse("private_key_jwt"), Some(ClientAuth::PrivateKeyJwt));
        assert_eq!(ClientAuth::parse("pkce"), Some(ClientAuth::Pkce));
        assert_eq!(ClientAuth::parse("client_secret_basic"), None);
    }
}
