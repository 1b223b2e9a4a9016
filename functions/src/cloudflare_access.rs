//! Cloudflare Access in front of the staff side, verified by the worker as
//! well: where a deployment sets `STAFF_ACCESS_ISSUER` (its team domain,
//! `https://<team>.cloudflareaccess.com`) and `STAFF_ACCESS_AUD` (the Access
//! application's audience tag), every staff request must carry Access's
//! `Cf-Access-Jwt-Assertion`: an RS256 JWT signed by a key of
//! `<issuer>/cdn-cgi/access/certs`, issued by that team, for that audience,
//! not expired. So a request that reached the worker around Access (its
//! workers.dev address, a misrouted zone) still finds the staff side closed.

use serde::Deserialize;

use crate::login_gov::id_token::{signed_claims, Audience, JwkSet, SignatureCheck, TokenError, LEEWAY_SECONDS};

/// The request header Cloudflare Access adds.
pub const ASSERTION_HEADER: &str = "cf-access-jwt-assertion";

/// Where the team's signing keys are.
pub fn certs_url(issuer: &str) -> String {
    format!("{}/cdn-cgi/access/certs", issuer.trim_end_matches('/'))
}

/// What the deployment expects of Access's assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPolicy {
    pub issuer: String,
    pub audience: String,
}

impl AccessPolicy {
    /// From the two settings; none when either is empty (no Access in front).
    pub fn from_settings(issuer: &str, audience: &str) -> Option<Self> {
        (!issuer.is_empty() && !audience.is_empty())
            .then(|| Self { issuer: issuer.trim_end_matches('/').to_owned(), audience: audience.to_owned() })
    }
}

#[derive(Deserialize)]
struct AccessClaims {
    iss: Option<String>,
    aud: Option<Audience>,
    exp: Option<i64>,
    nbf: Option<i64>,
    email: Option<String>,
}

/// Verifies Access's assertion: its signature (by `kid`), issuer, audience
/// and times. The email Access signed the person in with, for the log.
pub async fn verify(
    assertion: &str,
    keys: &JwkSet,
    policy: &AccessPolicy,
    now: i64,
    check: &dyn SignatureCheck,
) -> Result<String, TokenError> {
    let claims: AccessClaims = signed_claims(assertion, keys, check).await?;
    if claims.iss.as_deref().map(|iss| iss.trim_end_matches('/')) != Some(policy.issuer.as_str()) {
        return Err(TokenError::WrongIssuer);
    }
    let audiences = match claims.aud {
        Some(Audience::One(aud)) => vec![aud],
        Some(Audience::Many(list)) => list,
        None => Vec::new(),
    };
    if !audiences.contains(&policy.audience) {
        return Err(TokenError::WrongAudience);
    }
    match claims.exp {
        Some(exp) if now < exp + LEEWAY_SECONDS => {}
        _ => return Err(TokenError::Expired),
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECONDS) {
        return Err(TokenError::NotYetValid);
    }
    Ok(claims.email.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::login_gov::id_token::tests::{public_jwk, rs256_jwt, test_keys, NativeRsa};

    const TEAM: &str = "https://fmcsa.cloudflareaccess.com";
    const AUD: &str = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";
    const NOW: i64 = 1_795_000_000;

    fn policy() -> AccessPolicy {
        AccessPolicy::from_settings(TEAM, AUD).unwrap_or_else(|| panic!("both settings are given"))
    }

    fn keys() -> JwkSet {
        serde_json::from_value(json!({ "keys": [public_jwk(&test_keys()[0], "access-1")] }))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn assertion(change: impl FnOnce(&mut serde_json::Map<String, Value>), key: usize) -> String {
        let mut claims = json!({
            "iss": TEAM, "aud": [AUD], "email": "dana.reyes@dot.gov", "sub": "s", "type": "app",
            "iat": NOW - 10, "nbf": NOW - 10, "exp": NOW + 3600,
        });
        if let Value::Object(map) = &mut claims {
            change(map);
        }
        rs256_jwt(&json!({"alg": "RS256", "kid": "access-1"}), &claims, &test_keys()[key])
    }

    fn check(assertion: &str) -> Result<String, TokenError> {
        pollster::block_on(verify(assertion, &keys(), &policy(), NOW, &NativeRsa))
    }

    #[test]
    fn an_access_assertion_for_this_application_gives_the_email_it_signed_in() {
        assert_eq!(check(&assertion(|_| {}, 0)), Ok("dana.reyes@dot.gov".into()));
    }

    #[test]
    fn another_team_application_key_or_an_expired_assertion_is_refused() {
        assert_eq!(
            check(&assertion(|c| drop(c.insert("iss".into(), json!("https://other.cloudflareaccess.com"))), 0)),
            Err(TokenError::WrongIssuer)
        );
        assert_eq!(
            check(&assertion(|c| drop(c.insert("aud".into(), json!(["another-application"]))), 0)),
            Err(TokenError::WrongAudience)
        );
        assert_eq!(check(&assertion(|c| drop(c.insert("exp".into(), json!(NOW - 3600))), 0)), Err(TokenError::Expired));
        assert_eq!(check(&assertion(|_| {}, 1)), Err(TokenError::BadSignature));
        assert_eq!(check("not-a-jwt"), Err(TokenError::Malformed));
    }

    #[test]
    fn without_both_settings_no_access_is_expected() {
        assert_eq!(AccessPolicy::from_settings("", AUD), None);
        assert_eq!(AccessPolicy::from_settings(TEAM, ""), None);
        assert_eq!(
            certs_url("https://fmcsa.cloudflareaccess.com/"),
            "https://fmcsa.cloudflareaccess.com/cdn-cgi/access/certs"
        );
    }
}
