//! The one algorithm the registry verifies JWTs with, RS256, as
//! `jsonwebtoken`'s crypto provider: RustCrypto's `rsa` and `sha2`, and
//! nothing else. Its own `rust_crypto` provider also brings the elliptic-curve
//! and Ed25519 crates, which would triple the worker's size for algorithms
//! login.gov does not use. (Signing is here for the tests and the benchmark,
//! which make tokens as login.gov would; the worker signs with WebCrypto.)

use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error, ErrorKind};
use jsonwebtoken::{Algorithm, DecodingKey, DecodingKeyKind, EncodingKey};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::rand_core::OsRng;
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};

static PROVIDER: CryptoProvider =
    CryptoProvider { signer_factory, verifier_factory, key_utils: KeyUtils::new_unimplemented() };

/// Makes RS256 jsonwebtoken's provider; call before any signing or verifying.
pub fn install() {
    // Already installed (by an earlier call) is fine: it can only be this one.
    let _ = PROVIDER.install_default();
}

struct Rs256Signer(RsaPrivateKey);
struct Rs256Verifier(RsaPublicKey);

fn signer_factory(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>, Error> {
    if *algorithm != Algorithm::RS256 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let key = RsaPrivateKey::from_pkcs1_der(key.as_bytes()).map_err(|e| ErrorKind::InvalidRsaKey(e.to_string()))?;
    Ok(Box::new(Rs256Signer(key)))
}

fn verifier_factory(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>, Error> {
    if *algorithm != Algorithm::RS256 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let DecodingKeyKind::RsaModulusExponent { n, e } = key.kind() else {
        return Err(ErrorKind::InvalidKeyFormat.into());
    };
    let key = RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
        .map_err(|e| ErrorKind::InvalidRsaKey(e.to_string()))?;
    Ok(Box::new(Rs256Verifier(key)))
}

impl Signer<Vec<u8>> for Rs256Signer {
    fn try_sign(&self, message: &[u8]) -> Result<Vec<u8>, signature::Error> {
        // Blinded with fresh randomness (the Workers runtime's crypto.getRandomValues).
        let signing = SigningKey::<Sha256>::new(self.0.clone());
        Ok(signing.try_sign_with_rng(&mut OsRng, message)?.to_vec())
    }
}

impl JwtSigner for Rs256Signer {
    fn algorithm(&self) -> Algorithm {
        Algorithm::RS256
    }
}

impl Verifier<Vec<u8>> for Rs256Verifier {
    fn verify(&self, message: &[u8], signature: &Vec<u8>) -> Result<(), signature::Error> {
        self.0
            .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message), signature)
            .map_err(signature::Error::from_source)
    }
}

impl JwtVerifier for Rs256Verifier {
    fn algorithm(&self) -> Algorithm {
        Algorithm::RS256
    }
}
