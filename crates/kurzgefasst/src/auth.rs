//! `auth`: the admin account's secrets. Passwords are hashed with argon2id (PHC strings, the
//! crate's default cost: 19 MiB, 2 passes); session cookies and API tokens are 32 random bytes
//! from the operating system (`ring`'s `SystemRandom`), given out once and stored only as their
//! SHA-256 hash, so a copy of the database holds no usable secret.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use ring::rand::SecureRandom;

use crate::store::{Store, StoreError};

/// The name of the admin account.
pub const ADMIN: &str = "admin";

/// The environment variable that sets the admin's password on first start.
pub const PASSWORD_ENV: &str = "KURZGEFASST_ADMIN_PASSWORD";

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;

/// What went wrong with a secret.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The password is too short.
    #[error("the password is too short (at least {MIN_PASSWORD_LEN} characters) / das Passwort ist zu kurz (mindestens {MIN_PASSWORD_LEN} Zeichen)")]
    TooShort,
    /// The system's random source failed.
    #[error("the system's random source failed")]
    Random,
    /// argon2 refused to hash.
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `n` random bytes from the operating system.
fn random_bytes(n: usize) -> Result<Vec<u8>, AuthError> {
    let mut buf = vec![0u8; n];
    ring::rand::SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| AuthError::Random)?;
    Ok(buf)
}

/// A new secret: 32 random bytes as 64 lower-case hex digits (cookies, API tokens, CSRF tokens).
pub fn new_token() -> Result<String, AuthError> {
    Ok(hex(&random_bytes(32)?))
}

/// A new password for the first start: 20 characters from an unambiguous alphabet.
pub fn new_password() -> Result<String, AuthError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    Ok(random_bytes(20)?
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect())
}

/// The SHA-256 of a secret, hex: what the store keeps of cookies and tokens.
pub fn token_hash(token: &str) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, token.as_bytes()).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AuthError::TooShort);
    }
    let salt =
        SaltString::encode_b64(&random_bytes(16)?).map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// True when `password` matches the stored PHC hash (false also for a damaged hash).
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(h) => Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// Sets the password of user `name` (creating it), ending its sessions.
pub fn set_password(store: &Store, name: &str, password: &str) -> Result<i64, AuthError> {
    let hash = hash_password(password)?;
    Ok(store.set_user_password(name, &hash)?)
}

/// On first start (no user yet) creates the admin: with the password from
/// `KURZGEFASST_ADMIN_PASSWORD` when set (returns `None`), else with a new random password that
/// is returned to be shown once.
pub fn ensure_admin(store: &Store) -> Result<Option<String>, AuthError> {
    if store.user_count()? > 0 {
        return Ok(None);
    }
    match std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()) {
        Some(p) => {
            set_password(store, ADMIN, &p)?;
            Ok(None)
        }
        None => {
            let p = new_password()?;
            set_password(store, ADMIN, &p)?;
            Ok(Some(p))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("korrekt-pferd-batterie").unwrap();
        let b = hash_password("korrekt-pferd-batterie").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify_password("korrekt-pferd-batterie", &a));
        assert!(!verify_password("korrekt-pferd-batterix", &a));
        assert!(!verify_password("korrekt-pferd-batterie", "kaputt"));
        assert!(matches!(hash_password("kurz"), Err(AuthError::TooShort)));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let t = new_token().unwrap();
        assert_eq!(t.len(), 64);
        assert_ne!(t, new_token().unwrap());
        assert_eq!(token_hash(t.as_str()).len(), 64);
        assert_ne!(token_hash(&t), t);
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert_eq!(new_password().unwrap().len(), 20);
    }
}
