//! `private_key_jwt` (OpenID Connect Core 9): at the token endpoint the
//! registry proves itself with a short-lived JWT signed with its private key,
//! whose public half login.gov holds. No client secret exists.
//!
//! The JWT is made here; the signature over [`ClientKey::signing_input`] is
//! WebCrypto's in the worker (`crate::webcrypto`): native RSA, many times
//! faster than RSA in wasm.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// login.gov accepts assertions that live at most 5 minutes.
pub const LIFETIME_SECONDS: i64 = 5 * 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientKeyError {
    #[error("the client key is not a JSON Web Key: {0}")]
    NotAJwk(String),
    #[error("the client key is not an RSA private key with n, e, d, p and q")]
    NotAnRsaPrivateKey,
}

/// The registry's private key (the `LOGIN_GOV_CLIENT_PRIVATE_JWK` secret), as
/// the JWK that WebCrypto imports.
#[derive(Clone)]
pub struct ClientKey {
    jwk: String,
    kid: Option<String>,
}

// The key is a secret: it never appears in logs by accident.
impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClientKey({:?})", self.kid)
    }
}

#[derive(Deserialize)]
struct PrivateJwk {
    kty: String,
    kid: Option<String>,
    n: String,
    e: String,
    d: String,
    p: String,
    q: String,
}

#[derive(Serialize)]
struct AssertionHeader<'a> {
    alg: &'static str,
    typ: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
}

#[derive(Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: &'a str,
    iat: i64,
    exp: i64,
}

impl ClientKey {
    pub fn from_jwk(json: &str) -> Result<Self, ClientKeyError> {
        let jwk: PrivateJwk = serde_json::from_str(json).map_err(|e| ClientKeyError::NotAJwk(e.to_string()))?;
        let numbers = [&jwk.n, &jwk.e, &jwk.d, &jwk.p, &jwk.q];
        if jwk.kty != "RSA" || numbers.iter().any(|n| URL_SAFE_NO_PAD.decode(n).map_or(true, |bytes| bytes.is_empty()))
        {
            return Err(ClientKeyError::NotAnRsaPrivateKey);
        }
        Ok(Self { jwk: json.to_owned(), kid: jwk.kid })
    }

    /// The private JWK, for WebCrypto's `importKey("jwk", …)`.
    pub fn jwk(&self) -> &str {
        &self.jwk
    }

    /// What the RS256 signature covers, for one token request: `iss` = `sub` =
    /// the client id, `aud` = the token endpoint, a random `jti`, valid for 5
    /// minutes from `now`.
    pub fn signing_input(&self, client_id: &str, token_endpoint: &str, jti: &str, now: i64) -> String {
        let header = AssertionHeader { alg: "RS256", typ: "JWT", kid: self.kid.as_deref() };
        let claims = AssertionClaims {
            iss: client_id,
            sub: client_id,
            aud: token_endpoint,
            jti,
            iat: now,
            exp: now + LIFETIME_SECONDS,
        };
        let part = |json: Vec<u8>| URL_SAFE_NO_PAD.encode(json);
        // Serializing these two plain structs cannot fail.
        format!(
            "{}.{}",
            part(serde_json::to_vec(&header).unwrap_or_default()),
            part(serde_json::to_vec(&claims).unwrap_or_default())
        )
    }
}

/// The assertion: the signing input and its signature.
pub fn signed(signing_input: &str, signature: &[u8]) -> String {
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

#[cfg(test)]
mod tests {
    use rsa::pkcs1v15::SigningKey;
    use rsa::signature::{SignatureEncoding, Signer};
    use rsa::traits::PrivateKeyParts;
    use rsa::BigUint;
    use serde_json::{json, Value};
    use sha2::Sha256;

    use super::*;
    use crate::login_gov::id_token::tests::{public_jwk, test_keys, NativeRsa};
    use crate::login_gov::id_token::{Jwk, SignatureCheck};

    fn private_jwk() -> String {
        let key = &test_keys()[0];
        let b64 = |n: &BigUint| URL_SAFE_NO_PAD.encode(n.to_bytes_be());
        let mut jwk = public_jwk(key, "registry-1");
        if let Value::Object(map) = &mut jwk {
            map.insert("d".into(), json!(b64(key.d())));
            map.insert("p".into(), json!(b64(&key.primes()[0])));
            map.insert("q".into(), json!(b64(&key.primes()[1])));
        }
        jwk.to_string()
    }

    #[test]
    fn the_assertion_names_the_client_and_the_token_endpoint_and_verifies_with_the_public_key() {
        let key = ClientKey::from_jwk(&private_jwk()).unwrap();
        let endpoint = "https://idp.int.identitysandbox.gov/api/openid_connect/token";
        let input = key.signing_input("urn:client", endpoint, "a-random-jti", 1000);
        // Any RS256 signer over the input makes the assertion; the worker's is WebCrypto.
        let signature = SigningKey::<Sha256>::new(test_keys()[0].clone()).sign(input.as_bytes()).to_vec();
        let assertion = signed(&input, &signature);

        let public: Jwk = serde_json::from_value(public_jwk(&test_keys()[0], "registry-1")).unwrap();
        let (input, signature) = assertion.rsplit_once('.').unwrap();
        let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
        assert_eq!(pollster::block_on(NativeRsa.rs256(&public, input.as_bytes(), &signature)), Ok(true));
        let part = |i: usize| -> Value {
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(input.split('.').nth(i).unwrap()).unwrap()).unwrap()
        };
        assert_eq!(part(0), json!({"alg": "RS256", "typ": "JWT", "kid": "registry-1"}));
        let claims = part(1);
        assert_eq!((claims["iss"].as_str(), claims["sub"].as_str()), (Some("urn:client"), Some("urn:client")));
        assert_eq!(claims["aud"], endpoint);
        assert_eq!(claims["jti"], "a-random-jti");
        assert_eq!((claims["iat"].as_i64(), claims["exp"].as_i64()), (Some(1000), Some(1000 + 300)));
    }

    #[test]
    fn a_public_or_broken_key_is_refused_with_a_reason() {
        let public = public_jwk(&test_keys()[0], "k").to_string();
        assert!(matches!(ClientKey::from_jwk(&public), Err(ClientKeyError::NotAJwk(_))));
        assert!(matches!(ClientKey::from_jwk("not json"), Err(ClientKeyError::NotAJwk(_))));
        let ec = r#"{"kty":"EC","n":"AQ","e":"AQ","d":"AQ","p":"AQ","q":"AQ"}"#;
        assert_eq!(ClientKey::from_jwk(ec).err(), Some(ClientKeyError::NotAnRsaPrivateKey));
        let garbled = r#"{"kty":"RSA","n":"!!","e":"AQ","d":"AQ","p":"AQ","q":"AQ"}"#;
        assert_eq!(ClientKey::from_jwk(garbled).err(), Some(ClientKeyError::NotAnRsaPrivateKey));
    }

    #[test]
    fn debug_output_hides_the_key() {
        assert_eq!(format!("{:?}", ClientKey::from_jwk(&private_jwk()).unwrap()), "ClientKey(Some(\"registry-1\"))");
    }
}
