//! `private_key_jwt` (OpenID Connect Core 9): at the token endpoint the
//! registry proves itself with a short-lived JWT signed with its private key,
//! whose public half login.gov holds. No client secret exists.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::{BigUint, RsaPrivateKey};
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

/// The registry's private key (the `LOGIN_GOV_CLIENT_PRIVATE_JWK` secret).
pub struct ClientKey {
    key: EncodingKey,
    kid: Option<String>,
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
        if jwk.kty != "RSA" {
            return Err(ClientKeyError::NotAnRsaPrivateKey);
        }
        let number = |b64: &str| URL_SAFE_NO_PAD.decode(b64).map(|bytes| BigUint::from_bytes_be(&bytes)).map_err(|_| ClientKeyError::NotAnRsaPrivateKey);
        let key = RsaPrivateKey::from_components(number(&jwk.n)?, number(&jwk.e)?, number(&jwk.d)?, vec![number(&jwk.p)?, number(&jwk.q)?])
            .map_err(|_| ClientKeyError::NotAnRsaPrivateKey)?;
        let der = key.to_pkcs1_der().map_err(|_| ClientKeyError::NotAnRsaPrivateKey)?;
        Ok(Self { key: EncodingKey::from_rsa_der(der.as_bytes()), kid: jwk.kid })
    }

    /// An assertion for one token request: `iss` = `sub` = the client id,
    /// `aud` = the token endpoint, a random `jti`, valid for 5 minutes from `now`.
    pub fn assertion(&self, client_id: &str, token_endpoint: &str, jti: &str, now: i64) -> Result<String, ClientKeyError> {
        super::rs256::install();
        let mut header = Header::new(Algorithm::RS256);
        header.kid.clone_from(&self.kid);
        let claims = AssertionClaims { iss: client_id, sub: client_id, aud: token_endpoint, jti, iat: now, exp: now + LIFETIME_SECONDS };
        encode(&header, &claims, &self.key).map_err(|_| ClientKeyError::NotAnRsaPrivateKey)
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::jwk::JwkSet;
    use jsonwebtoken::{decode, DecodingKey, Validation};
    use rsa::traits::PrivateKeyParts;
    use serde_json::{json, Value};

    use super::*;
    use crate::login_gov::id_token::tests::{public_jwk, test_keys};

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
        let assertion = key.assertion("urn:client", endpoint, "a-random-jti", 1000).unwrap();

        let set: JwkSet = serde_json::from_value(json!({"keys": [public_jwk(&test_keys()[0], "registry-1")]})).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[endpoint]);
        validation.validate_exp = false;
        crate::login_gov::rs256::install();
        let decoded = decode::<Value>(&assertion, &DecodingKey::from_jwk(&set.keys[0]).unwrap(), &validation).unwrap();
        assert_eq!(decoded.header.kid.as_deref(), Some("registry-1"));
        let claims = decoded.claims;
        assert_eq!((claims["iss"].as_str(), claims["sub"].as_str()), (Some("urn:client"), Some("urn:client")));
        assert_eq!(claims["jti"], "a-random-jti");
        assert_eq!(claims["exp"].as_i64(), Some(1000 + 300));
    }

    #[test]
    fn a_public_or_broken_key_is_refused_with_a_reason() {
        let public = public_jwk(&test_keys()[0], "k").to_string();
        assert!(matches!(ClientKey::from_jwk(&public), Err(ClientKeyError::NotAJwk(_))));
        assert!(matches!(ClientKey::from_jwk("not json"), Err(ClientKeyError::NotAJwk(_))));
        let ec = r#"{"kty":"EC","n":"","e":"","d":"","p":"","q":""}"#;
        assert_eq!(ClientKey::from_jwk(ec).err(), Some(ClientKeyError::NotAnRsaPrivateKey));
    }
}
