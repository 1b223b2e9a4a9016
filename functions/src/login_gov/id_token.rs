//! Every check of an ID token (OpenID Connect Core 3.1.3.7), and of userinfo
//! against it: the token taken apart by hand (three base64url parts, RS256
//! only), the key its `kid` names, the signature — checked by the caller's
//! [`SignatureCheck`]: in the worker WebCrypto (the runtime's native RSA,
//! where RSA compiled to wasm would cost milliseconds), in the tests
//! RustCrypto's `rsa` — then issuer, audience, `azp`, `acr`, times, nonce and
//! `sub` against a clock given by the caller (so that the tests can set it).

use async_trait::async_trait;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::UserInfo;

/// Clocks differ a little between login.gov and the registry.
pub const LEEWAY_SECONDS: i64 = 60;

/// What a valid ID token tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdToken {
    pub subject: String,
}

/// What the registry expects of this sign-in's ID token.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// The `acr` asked for in the authorization request.
    pub acr: &'a str,
    /// Seconds since the Unix epoch.
    pub now: i64,
}

/// One public key of the provider's key set (RFC 7517), as its `jwks_uri` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The RSA modulus and exponent, base64url; empty for a key of another type.
    #[serde(default)]
    pub n: String,
    #[serde(default)]
    pub e: String,
}

/// The provider's key set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}

/// Checks an RS256 signature (RSASSA-PKCS1-v1_5 with SHA-256).
#[async_trait(?Send)]
pub trait SignatureCheck {
    /// Whether `signature` is `key`'s signature of `message`; an error if it
    /// could not be checked on our side (the cause kept: it is not the token's fault).
    async fn rs256(&self, key: &Jwk, message: &[u8], signature: &[u8]) -> Result<bool, CheckFailed>;
}

/// A signature that could not be checked on our side (WebCrypto failed): a
/// failure of ours, logged with its cause, never a "bad signature".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the signature could not be checked: {0}")]
pub struct CheckFailed(pub String);

/// Why a signed token — login.gov's ID token, Cloudflare Access's assertion —
/// or userinfo is refused. Names only: never the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not a signed JWT")]
    Malformed,
    #[error("the token's algorithm is not RS256")]
    WrongAlgorithm,
    #[error("no key of the provider's key set has the token's kid")]
    UnknownKey,
    #[error("the token has no kid and the key set has several keys")]
    AmbiguousKey,
    #[error("the token's signature does not verify")]
    BadSignature,
    #[error("the token's issuer is not the configured one")]
    WrongIssuer,
    #[error("the token is not for this client alone")]
    WrongAudience,
    #[error("the token was issued to another party (azp)")]
    WrongAuthorizedParty,
    #[error("the token's acr is not the one asked for")]
    WrongAcr,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("the token has no iat, or one in the future")]
    BadIssuedAt,
    #[error("the token's nonce is not this sign-in's")]
    WrongNonce,
    #[error("the token has no sub")]
    MissingSubject,
    #[error("userinfo is about another sub than the ID token")]
    UserInfoSubjectMismatch,
    #[error(transparent)]
    CheckFailed(#[from] CheckFailed),
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

/// `aud` is one string or a list (RFC 7519 4.1.3).
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    aud: Option<Audience>,
    azp: Option<String>,
    acr: Option<String>,
    sub: Option<String>,
    nonce: Option<String>,
    exp: Option<i64>,
    iat: Option<i64>,
    nbf: Option<i64>,
}

/// Verifies `token` with the key of `keys` its header names.
/// [`TokenError::UnknownKey`] means: fetch the key set again (login.gov
/// rotates its keys) and call this once more.
pub async fn verify(
    token: &str,
    keys: &JwkSet,
    expected: &Expected<'_>,
    check: &dyn SignatureCheck,
) -> Result<VerifiedIdToken, TokenError> {
    check_claims(signed_claims(token, keys, check).await?, expected)
}

/// The claims of an RS256 JWT whose signature is that of the key of `keys`
/// its header names (the ID token's, Cloudflare Access's assertion): the
/// claims are read only once the signature holds.
pub async fn signed_claims<T: serde::de::DeserializeOwned>(
    token: &str,
    keys: &JwkSet,
    check: &dyn SignatureCheck,
) -> Result<T, TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Malformed);
    let header: Header = serde_json::from_slice(&decode(header)?).map_err(|_| TokenError::Malformed)?;
    // Only RS256: `none`, HMAC with the public key as secret and the rest are refused before anything else.
    if header.alg != "RS256" {
        return Err(TokenError::WrongAlgorithm);
    }
    let rsa_keys = || keys.keys.iter().filter(|k| k.kty == "RSA");
    let key = match &header.kid {
        Some(kid) => rsa_keys().find(|k| k.kid.as_ref() == Some(kid)).ok_or(TokenError::UnknownKey)?,
        None => {
            let mut all = rsa_keys();
            match (all.next(), all.next()) {
                (Some(only), None) => only,
                (None, _) => return Err(TokenError::UnknownKey),
                (Some(_), Some(_)) => return Err(TokenError::AmbiguousKey),
            }
        }
    };
    let signing_input = &token[..token.len() - signature.len() - 1];
    if !check.rs256(key, signing_input.as_bytes(), &decode(signature)?).await? {
        return Err(TokenError::BadSignature);
    }
    serde_json::from_slice(&decode(payload)?).map_err(|_| TokenError::Malformed)
}

fn check_claims(claims: Claims, expected: &Expected<'_>) -> Result<VerifiedIdToken, TokenError> {
    if claims.iss.as_deref() != Some(expected.issuer) {
        return Err(TokenError::WrongIssuer);
    }
    // The client, and no audience it does not trust (Core 3.1.3.7, steps 3 and 4).
    let for_this_client_alone = match &claims.aud {
        Some(Audience::One(aud)) => aud == expected.client_id,
        Some(Audience::Many(list)) => !list.is_empty() && list.iter().all(|aud| aud == expected.client_id),
        None => false,
    };
    if !for_this_client_alone {
        return Err(TokenError::WrongAudience);
    }
    if claims.azp.as_deref().is_some_and(|azp| azp != expected.client_id) {
        return Err(TokenError::WrongAuthorizedParty);
    }
    if claims.acr.as_deref() != Some(expected.acr) {
        return Err(TokenError::WrongAcr);
    }
    let now = expected.now;
    match claims.exp {
        Some(exp) if now < exp + LEEWAY_SECONDS => {}
        _ => return Err(TokenError::Expired),
    }
    match claims.iat {
        Some(iat) if iat <= now + LEEWAY_SECONDS => {}
        _ => return Err(TokenError::BadIssuedAt),
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECONDS) {
        return Err(TokenError::NotYetValid);
    }
    if !claims.nonce.as_deref().is_some_and(|nonce| domain::session::same_secret(nonce, expected.nonce)) {
        return Err(TokenError::WrongNonce);
    }
    match claims.sub {
        Some(subject) if !subject.is_empty() => Ok(VerifiedIdToken { subject }),
        _ => Err(TokenError::MissingSubject),
    }
}

/// Userinfo must be about the person of the ID token (Core 5.3.2).
pub fn check_userinfo(token: &VerifiedIdToken, userinfo: &UserInfo) -> Result<(), TokenError> {
    if userinfo.sub == token.subject {
        Ok(())
    } else {
        Err(TokenError::UserInfoSubjectMismatch)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! One test per OpenID relying-party conformance case, on tokens signed
    //! here with RSA keys made for the tests.
    use std::sync::OnceLock;

    use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
    use rsa::signature::{SignatureEncoding, Signer, Verifier};
    use rsa::traits::PublicKeyParts;
    use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
    use serde_json::{json, Value};
    use sha2::Sha256;

    use super::*;

    /// RS256 checked natively with RustCrypto's `rsa`, as WebCrypto does in the worker.
    pub(crate) struct NativeRsa;

    #[async_trait(?Send)]
    impl SignatureCheck for NativeRsa {
        async fn rs256(&self, key: &Jwk, message: &[u8], signature: &[u8]) -> Result<bool, CheckFailed> {
            let number = |b64: &str| URL_SAFE_NO_PAD.decode(b64).ok().map(|bytes| BigUint::from_bytes_be(&bytes));
            let (Some(n), Some(e)) = (number(&key.n), number(&key.e)) else { return Ok(false) };
            let Ok(public) = RsaPublicKey::new(n, e) else { return Ok(false) };
            let Ok(signature) = Signature::try_from(signature) else { return Ok(false) };
            Ok(VerifyingKey::<Sha256>::new(public).verify(message, &signature).is_ok())
        }
    }

    /// An RS256 JWT of `header` and `claims`, signed with `key`.
    pub(crate) fn rs256_jwt(header: &Value, claims: &Value, key: &RsaPrivateKey) -> String {
        let part = |value: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap());
        let input = format!("{}.{}", part(header), part(claims));
        let signature = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_vec()))
    }

    const ISSUER: &str = "https://idp.int.identitysandbox.gov/";
    const CLIENT_ID: &str = "urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry";
    const NONCE: &str = "a-nonce-of-at-least-22-characters";
    const ACR: &str = "urn:acr.login.gov:auth-only";
    const NOW: i64 = 1_795_000_000;

    /// Two RSA keys, made once per test run: login.gov's current key and its next one.
    pub(crate) fn test_keys() -> &'static [RsaPrivateKey; 2] {
        static KEYS: OnceLock<[RsaPrivateKey; 2]> = OnceLock::new();
        KEYS.get_or_init(|| {
            let mut rng = rand::thread_rng();
            [RsaPrivateKey::new(&mut rng, 2048).unwrap(), RsaPrivateKey::new(&mut rng, 2048).unwrap()]
        })
    }

    /// The public JWK of a key, as login.gov's certs endpoint lists it.
    pub(crate) fn public_jwk(key: &RsaPrivateKey, kid: &str) -> Value {
        let b64 = |n: &BigUint| URL_SAFE_NO_PAD.encode(n.to_bytes_be());
        json!({"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": b64(key.n()), "e": b64(key.e())})
    }

    fn key_set(keys: &[(usize, &str)]) -> JwkSet {
        let keys: Vec<Value> = keys.iter().map(|(i, kid)| public_jwk(&test_keys()[*i], kid)).collect();
        serde_json::from_value(json!({ "keys": keys })).unwrap()
    }

    fn good_claims() -> Value {
        json!({
            "iss": ISSUER, "aud": CLIENT_ID, "sub": "3f1d5b2a-9c4e-4e7b-8a61-0d2c7f9e4b10", "nonce": NONCE,
            "iat": NOW - 5, "nbf": NOW - 5, "exp": NOW + 900, "acr": "urn:acr.login.gov:auth-only", "jti": "j1",
        })
    }

    fn signed(claims: &Value, key: usize, kid: Option<&str>) -> String {
        let header = match kid {
            Some(kid) => json!({"alg": "RS256", "typ": "JWT", "kid": kid}),
            None => json!({"alg": "RS256", "typ": "JWT"}),
        };
        rs256_jwt(&header, claims, &test_keys()[key])
    }

    fn with(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
        let mut claims = good_claims();
        if let Value::Object(map) = &mut claims {
            change(map);
        }
        claims
    }

    fn check(token: &str, keys: &JwkSet) -> Result<VerifiedIdToken, TokenError> {
        pollster::block_on(verify(
            token,
            keys,
            &Expected { issuer: ISSUER, client_id: CLIENT_ID, nonce: NONCE, acr: ACR, now: NOW },
            &NativeRsa,
        ))
    }

    fn current_keys() -> JwkSet {
        key_set(&[(0, "k1")])
    }

    /// A token put together by hand, as an attacker would: any header, the good claims, any signature.
    fn hand_made(header: &Value, signature: &[u8]) -> String {
        let part = |bytes: Vec<u8>| URL_SAFE_NO_PAD.encode(bytes);
        format!(
            "{}.{}.{}",
            part(serde_json::to_vec(header).unwrap()),
            part(serde_json::to_vec(&good_claims()).unwrap()),
            part(signature.to_vec())
        )
    }

    /// The good claims with one change, signed with login.gov's current key, checked.
    fn check_changed(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Result<VerifiedIdToken, TokenError> {
        check(&signed(&with(change), 0, Some("k1")), &current_keys())
    }

    #[test]
    fn a_good_token_gives_its_subject() {
        let token = signed(&good_claims(), 0, Some("k1"));
        assert_eq!(
            check(&token, &current_keys()).map(|t| t.subject),
            Ok("3f1d5b2a-9c4e-4e7b-8a61-0d2c7f9e4b10".into())
        );
    }

    #[test]
    fn a_bad_signature_is_refused() {
        // Signed with another key under the known kid.
        let forged = signed(&good_claims(), 1, Some("k1"));
        assert_eq!(check(&forged, &current_keys()), Err(TokenError::BadSignature));
        // A payload changed after signing.
        let token = signed(&good_claims(), 0, Some("k1"));
        let parts: Vec<&str> = token.split('.').collect();
        let other = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&with(|c| {
                c.insert("sub".into(), json!("someone-else"));
            }))
            .unwrap(),
        );
        assert_eq!(
            check(&format!("{}.{other}.{}", parts[0], parts[2]), &current_keys()),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn a_signature_we_could_not_check_is_our_failure_with_its_cause_not_a_bad_signature() {
        struct Broken;
        #[async_trait(?Send)]
        impl SignatureCheck for Broken {
            async fn rs256(&self, _: &Jwk, _: &[u8], _: &[u8]) -> Result<bool, CheckFailed> {
                Err(CheckFailed("WebCrypto importKey: DataError".into()))
            }
        }
        let token = signed(&good_claims(), 0, Some("k1"));
        let expected = Expected { issuer: ISSUER, client_id: CLIENT_ID, nonce: NONCE, acr: ACR, now: NOW };
        let error = pollster::block_on(verify(&token, &current_keys(), &expected, &Broken)).unwrap_err();
        assert_eq!(error, TokenError::CheckFailed(CheckFailed("WebCrypto importKey: DataError".into())));
        assert_eq!(error.to_string(), "the signature could not be checked: WebCrypto importKey: DataError");
    }

    #[test]
    fn a_wrong_issuer_is_refused() {
        assert_eq!(
            check_changed(|c| {
                c.insert("iss".into(), json!("https://evil.example/"));
            }),
            Err(TokenError::WrongIssuer)
        );
        assert_eq!(
            check_changed(|c| {
                c.remove("iss");
            }),
            Err(TokenError::WrongIssuer)
        );
    }

    #[test]
    fn a_token_for_another_audience_or_for_more_than_this_client_is_refused() {
        for aud in [json!("urn:another:client"), json!(["urn:another:client", CLIENT_ID]), json!([]), json!(null)] {
            assert_eq!(
                check_changed(|c| {
                    c.insert("aud".into(), aud.clone());
                }),
                Err(TokenError::WrongAudience),
                "{aud}"
            );
        }
        assert!(check_changed(|c| {
            c.insert("aud".into(), json!([CLIENT_ID]));
        })
        .is_ok());
    }

    #[test]
    fn a_token_authorized_for_another_party_is_refused() {
        assert_eq!(
            check_changed(|c| {
                c.insert("azp".into(), json!("urn:another:client"));
            }),
            Err(TokenError::WrongAuthorizedParty)
        );
        assert!(check_changed(|c| {
            c.insert("azp".into(), json!(CLIENT_ID));
        })
        .is_ok());
    }

    #[test]
    fn a_token_of_another_acr_than_asked_for_is_refused() {
        for acr in [json!("urn:acr.login.gov:verified"), json!(null)] {
            assert_eq!(
                check_changed(|c| {
                    c.insert("acr".into(), acr.clone());
                }),
                Err(TokenError::WrongAcr),
                "{acr}"
            );
        }
    }

    #[test]
    fn a_missing_or_future_iat_is_refused() {
        assert_eq!(
            check_changed(|c| {
                c.remove("iat");
            }),
            Err(TokenError::BadIssuedAt)
        );
        assert_eq!(
            check_changed(|c| {
                c.insert("iat".into(), json!(NOW + 3600));
            }),
            Err(TokenError::BadIssuedAt)
        );
    }

    #[test]
    fn an_expired_token_is_refused_beyond_the_leeway() {
        assert_eq!(
            check_changed(|c| {
                c.insert("exp".into(), json!(NOW - LEEWAY_SECONDS - 1));
            }),
            Err(TokenError::Expired)
        );
        assert!(
            check_changed(|c| {
                c.insert("exp".into(), json!(NOW - 10));
            })
            .is_ok(),
            "within the leeway"
        );
        assert_eq!(
            check_changed(|c| {
                c.remove("exp");
            }),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn a_token_not_valid_yet_is_refused() {
        assert_eq!(
            check_changed(|c| {
                c.insert("nbf".into(), json!(NOW + 600));
            }),
            Err(TokenError::NotYetValid)
        );
    }

    #[test]
    fn a_missing_sub_is_refused() {
        assert_eq!(
            check_changed(|c| {
                c.remove("sub");
            }),
            Err(TokenError::MissingSubject)
        );
    }

    #[test]
    fn a_wrong_or_missing_nonce_is_refused() {
        assert_eq!(
            check_changed(|c| {
                c.insert("nonce".into(), json!("another-sign-ins-nonce-000"));
            }),
            Err(TokenError::WrongNonce)
        );
        assert_eq!(
            check_changed(|c| {
                c.remove("nonce");
            }),
            Err(TokenError::WrongNonce)
        );
    }

    #[test]
    fn alg_none_is_refused() {
        let unsigned = hand_made(&json!({"alg": "none", "kid": "k1"}), &[]);
        assert_eq!(check(&unsigned, &current_keys()), Err(TokenError::WrongAlgorithm));
    }

    #[test]
    fn an_hmac_token_is_refused_before_its_signature_is_looked_at() {
        // As if made with the public key as the HMAC secret (the classic confusion attack).
        let token = hand_made(&json!({"alg": "HS256", "kid": "k1"}), &[7u8; 32]);
        assert_eq!(check(&token, &current_keys()), Err(TokenError::WrongAlgorithm));
    }

    #[test]
    fn without_a_kid_the_only_key_is_used() {
        let token = signed(&good_claims(), 0, None);
        assert!(check(&token, &current_keys()).is_ok());
    }

    #[test]
    fn without_a_kid_and_with_several_keys_the_token_is_refused() {
        let token = signed(&good_claims(), 0, None);
        assert_eq!(check(&token, &key_set(&[(0, "k1"), (1, "k2")])), Err(TokenError::AmbiguousKey));
    }

    #[test]
    fn after_a_key_rotation_an_unknown_kid_asks_for_the_new_key_set_which_then_verifies() {
        let token = signed(&good_claims(), 1, Some("k2"));
        assert_eq!(check(&token, &current_keys()), Err(TokenError::UnknownKey));
        assert!(check(&token, &key_set(&[(0, "k1"), (1, "k2")])).is_ok());
    }

    #[test]
    fn userinfo_about_another_subject_is_refused() {
        let token = VerifiedIdToken { subject: "a".into() };
        let userinfo = |sub: &str| UserInfo {
            sub: sub.into(),
            email: None,
            all_emails: vec![],
            x509_presented: None,
            given_name: None,
            family_name: None,
            birthdate: None,
        };
        assert_eq!(check_userinfo(&token, &userinfo("b")), Err(TokenError::UserInfoSubjectMismatch));
        assert_eq!(check_userinfo(&token, &userinfo("a")), Ok(()));
    }

    #[test]
    fn garbage_is_malformed_never_a_panic() {
        for junk in ["", ".", "..", "a.b.c", "eyJ.eyJ.sig", &"x".repeat(10_000)] {
            assert!(check(junk, &current_keys()).is_err(), "{junk}");
        }
    }
}
