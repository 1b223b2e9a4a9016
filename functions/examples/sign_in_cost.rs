//! The worker's own CPU work in a sign-in callback that is Rust, measured
//! natively in a release build: verifying an ID token (signature, issuer,
//! audience, times, nonce) and making the client assertion's signing input
//! (its RS256 signature is WebCrypto's, timed by tests/bench/sign-in.mjs).
//! Run by `scripts/bench-sign-in`; prints figures, asserts nothing.

use std::time::Instant;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use functions::login_gov::client_assertion::ClientKey;
use functions::login_gov::id_token::{verify, Expected};
use functions::login_gov::rs256;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey};
use serde_json::json;

const ROUNDS: u32 = 2000;

fn b64(n: &BigUint) -> String {
    URL_SAFE_NO_PAD.encode(n.to_bytes_be())
}

fn per_call(name: &str, mut call: impl FnMut()) {
    for _ in 0..ROUNDS / 10 {
        call();
    }
    let start = Instant::now();
    for _ in 0..ROUNDS {
        call();
    }
    let micros = start.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS);
    println!("{name:<44} {micros:>9.1} µs per call ({ROUNDS} calls)");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    rs256::install();
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048)?;
    let public = json!({"kty": "RSA", "kid": "k1", "alg": "RS256", "n": b64(key.n()), "e": b64(key.e())});
    let keys: JwkSet = serde_json::from_value(json!({ "keys": [public] }))?;
    let now = 1_795_000_000;
    let claims = json!({"iss": "https://idp.int.identitysandbox.gov/", "aud": "urn:client", "sub": "s", "nonce": "n".repeat(43),
        "iat": now, "nbf": now, "exp": now + 900});
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    let token = encode(&header, &claims, &EncodingKey::from_rsa_der(key.to_pkcs1_der()?.as_bytes()))?;
    let nonce = "n".repeat(43);
    let expected =
        Expected { issuer: "https://idp.int.identitysandbox.gov/", client_id: "urn:client", nonce: &nonce, now };

    let private = json!({"kty": "RSA", "kid": "c1", "n": b64(key.n()), "e": b64(key.e()), "d": b64(key.d()),
        "p": b64(&key.primes()[0]), "q": b64(&key.primes()[1])});
    let client = ClientKey::from_jwk(&private.to_string())?;

    println!("RSA 2048, RS256:");
    per_call("ID token verified (every check)", || assert!(verify(&token, &keys, &expected).is_ok()));
    per_call("client assertion's signing input", || {
        assert!(!client.signing_input("urn:client", "https://idp/token", "jti", now).is_empty());
    });
    Ok(())
}
