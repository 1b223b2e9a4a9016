//! The registry as an OpenID Connect relying party of login.gov. Everything
//! here is plain Rust over values — no fetch, no KV, no clock — so that every
//! check is tested natively; `crate::runtime` (`sign_in`, `provider`) does the I/O around it.
//!
//! - [`authorize`]: the authorization request (state, nonce, PKCE S256);
//! - [`client_assertion`]: `private_key_jwt`, the RS256 assertion that proves the registry at the token endpoint;
//! - [`id_token`]: every check of the ID token, and of userinfo against it.

pub mod authorize;
pub mod client_assertion;
pub mod id_token;
pub mod preview;

use domain::identity::VerifiedIdentity;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, CodeTokenRequest, EndpointNotSet, EndpointSet, ExtraTokenFields,
    PkceCodeVerifier, RedirectUrl, StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
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

/// The token endpoint's answer: OAuth 2.0's, with the ID token beside the access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdToken {
    pub id_token: String,
}

impl ExtraTokenFields for IdToken {}

pub type TokenResponse = StandardTokenResponse<IdToken, BasicTokenType>;

/// login.gov as oauth2 sees it: the authorization and token endpoints of its
/// discovery document, the registry's client id and return address.
pub type LoginGovClient = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

pub fn client(metadata: &ProviderMetadata, rp: &RelyingParty) -> Result<LoginGovClient, oauth2::url::ParseError> {
    Ok(oauth2::Client::new(ClientId::new(rp.client_id.clone()))
        .set_auth_uri(AuthUrl::new(metadata.authorization_endpoint.clone())?)
        .set_token_uri(TokenUrl::new(metadata.token_endpoint.clone())?)
        .set_redirect_uri(RedirectUrl::new(rp.redirect_uri.clone())?)
        // No client secret, ever: the client id goes in the form, beside the assertion or alone (PKCE).
        .set_auth_type(AuthType::RequestBody))
}

/// The userinfo endpoint's answer, with the scopes `openid email all_emails`
/// (for staff also `x509 x509:presented`; to verify an identity, also
/// `profile:name profile:birthdate`).
#[derive(Debug, Clone, Deserialize)]
pub struct UserInfo {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    /// Every confirmed address of the login.gov account.
    #[serde(default)]
    pub all_emails: Vec<String>,
    /// Whether the person signed in with a PIV or CAC card (a boolean, or its text).
    #[serde(default)]
    pub x509_presented: Option<serde_json::Value>,
    /// The verified legal name and date of birth (`YYYY-MM-DD`), when identity verification was asked.
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub birthdate: Option<String>,
}

impl UserInfo {
    /// Who login.gov says the person is, from the checked ID token's `sub` and this answer.
    pub fn identity(&self, subject: String) -> Identity {
        let mut emails: Vec<String> = self.all_emails.clone();
        emails.extend(self.email.iter().filter(|e| !self.all_emails.contains(e)).cloned());
        let login_gov_email = self.email.clone().or_else(|| self.all_emails.first().cloned()).unwrap_or_default();
        let piv_presented = matches!(&self.x509_presented, Some(serde_json::Value::Bool(true)))
            || matches!(&self.x509_presented, Some(serde_json::Value::String(text)) if text == "true");
        let verified = match (&self.given_name, &self.family_name) {
            (Some(given_name), Some(family_name)) => Some(VerifiedIdentity {
                given_name: given_name.clone(),
                family_name: family_name.clone(),
                birthdate: self.birthdate.clone(),
            }),
            _ => None,
        };
        Identity { subject, emails, login_gov_email, piv_presented, verified }
    }
}

/// A person as login.gov vouches for them once every check has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    /// Their confirmed addresses, as login.gov wrote them.
    pub emails: Vec<String>,
    /// The address login.gov gave first: shown as "login.gov email".
    pub login_gov_email: String,
    /// Signed in with a PIV or CAC card (what staff must do).
    pub piv_presented: bool,
    /// The identity login.gov verified, when asked to (`Assurance::IdentityVerified`).
    pub verified: Option<VerifiedIdentity>,
}

/// The token request: the code and the PKCE verifier, and for
/// `private_key_jwt` the client assertion that proves the registry.
pub fn token_request<'a>(
    client: &'a LoginGovClient,
    assertion: Option<&'a str>,
    code: &str,
    verifier: &str,
) -> CodeTokenRequest<'a, BasicErrorResponse, TokenResponse> {
    let request = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()));
    match assertion {
        Some(assertion) => request
            .add_extra_param("client_assertion_type", client_assertion::CLIENT_ASSERTION_TYPE)
            .add_extra_param("client_assertion", assertion),
        None => request,
    }
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
    use oauth2::TokenResponse as _;

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

    /// The form of the token request as oauth2 would send it, and the answer read
    /// from a token endpoint that answers as login.gov does.
    fn sent(assertion: Option<&str>) -> (Vec<(String, String)>, TokenResponse) {
        let client = client(&metadata(), &relying_party()).unwrap();
        let form = std::cell::RefCell::new(Vec::new());
        let login_gov = |request: oauth2::HttpRequest| {
            assert_eq!(request.uri().to_string(), "https://idp.int.identitysandbox.gov/api/openid_connect/token");
            *form.borrow_mut() = form_urlencoded::parse(request.body()).into_owned().collect();
            let answer = r#"{"access_token":"at","token_type":"Bearer","expires_in":900,"id_token":"a.b.c"}"#;
            oauth2::http::Response::builder()
                .header("content-type", "application/json")
                .body(answer.as_bytes().to_vec())
        };
        let tokens = token_request(&client, assertion, "the-code", "the-verifier").request(&login_gov).unwrap();
        (form.into_inner(), tokens)
    }

    #[test]
    fn a_private_key_jwt_token_request_carries_the_assertion_and_the_verifier() {
        let (form, tokens) = sent(Some("x.y.z"));
        let get = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("grant_type"), Some("authorization_code"));
        assert_eq!(get("code"), Some("the-code"));
        assert_eq!(get("code_verifier"), Some("the-verifier"));
        assert_eq!(get("redirect_uri"), Some("https://registry.example/auth/callback"));
        assert_eq!(get("client_assertion_type"), Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
        assert_eq!(get("client_assertion"), Some("x.y.z"));
        assert!(get("client_secret").is_none());
        // oauth2 names the client beside the assertion (RFC 7523 allows it; it must be the assertion's `iss`).
        assert_eq!(get("client_id"), Some(relying_party().client_id.as_str()));
        assert_eq!(tokens.extra_fields().id_token, "a.b.c");
        assert_eq!(tokens.access_token().secret(), "at");
    }

    #[test]
    fn a_pkce_only_token_request_names_the_client_and_carries_the_verifier() {
        let (form, _) = sent(None);
        assert!(form.contains(&("client_id".into(), relying_party().client_id)));
        assert!(form.contains(&("code_verifier".into(), "the-verifier".into())));
        assert!(!form.iter().any(|(n, _)| n.starts_with("client_assertion") || n == "client_secret"));
    }

    #[test]
    fn the_client_authentication_is_one_of_two_settings() {
        assert_eq!(ClientAuth::parse("private_key_jwt"), Some(ClientAuth::PrivateKeyJwt));
        assert_eq!(ClientAuth::parse("pkce"), Some(ClientAuth::Pkce));
        assert_eq!(ClientAuth::parse("client_secret_basic"), None);
    }
}
