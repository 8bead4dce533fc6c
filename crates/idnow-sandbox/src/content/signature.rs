//! The sandbox's signature on result XML (RSA, PKCS #1 v1.5, SHA-512), verifiable with
//! `openssl dgst -sha512 -verify sandbox-signing-key.pub.pem -signature <txn>.sig <txn>.xml`.
//!
//! The key pair is a fixed test key shipped in `keys/`: it protects nothing and is
//! published on purpose (`GET /sandbox/public-key.pem`), like IDnow publishes its own.

use rsa::PrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::sha2::Sha512;
use rsa::signature::{SignatureEncoding, Signer};

pub const PUBLIC_KEY_PEM: &str = include_str!("../../keys/sandbox-signing-key.pub.pem");
const PRIVATE_KEY_PEM: &str = include_str!("../../keys/sandbox-signing-key.pem");

pub struct XmlSigner(Option<SigningKey<Sha512>>);

impl XmlSigner {
    pub fn sandbox() -> Self {
        let key = PrivateKey::from_pkcs8_pem(PRIVATE_KEY_PEM).ok();
        Self(key.map(SigningKey::<Sha512>::new))
    }

    /// The detached signature of `data`; empty only if the shipped key were broken.
    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        self.0
            .as_ref()
            .map(|key| key.sign(data).to_vec())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use rsa::PublicKey;
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;

    use super::*;

    #[test]
    fn signatures_verify_with_the_published_key() {
        let signature = XmlSigner::sandbox().sign(b"<identification/>");
        assert_eq!(signature.len(), 256);
        let public = PublicKey::from_public_key_pem(PUBLIC_KEY_PEM).unwrap();
        let verifier = VerifyingKey::<Sha512>::new(public);
        let signature = Signature::try_from(signature.as_slice()).unwrap();
        assert!(verifier.verify(b"<identification/>", &signature).is_ok());
        assert!(
            verifier
                .verify(b"<identification>x</identification>", &signature)
                .is_err()
        );
    }
}
