//! Logging in: users by name, browser sessions and API tokens. Written once for both engines,
//! as `readers.rs` is: plain SQL both understand, run through `shared::Db`. The store keeps only the
//! SHA-256 hashes of cookies and tokens (`crate::auth`), so every look-up is by hash.

use super::shared::{read_all, Arg, Cols};
use super::{ApiToken, Session, Store, StoreError, User};

const USER_COLUMNS: &str = "u.id, u.name, u.password_hash, u.is_admin, u.language";

fn user_from(r: &dyn Cols) -> Result<User, StoreError> {
    Ok(User {
        id: r.int(0)?,
        name: r.text(1)?,
        password_hash: r.text(2)?,
        is_admin: r.flag(3)?,
        language: r.opt_text(4)?,
    })
}

impl Store {
    /// Number of users.
    pub fn user_count(&self) -> Result<i64, StoreError> {
        self.with_db(|db| {
            Ok(
                read_all(db, "SELECT COUNT(*) FROM users", &[], |r| r.int(0))?
                    .pop()
                    .unwrap_or(0),
            )
        })
    }

    /// A user by login name.
    pub fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        self.with_db(|db| {
            Ok(read_all(
                db,
                &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.name = ?1"),
                &[Arg::Text(name)],
                user_from,
            )?
            .pop())
        })
    }

    /// Stores a new session under the hash of its cookie; expired sessions are removed.
    pub fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.with_db(|db| {
            db.write(&[
                ("DELETE FROM sessions WHERE expires_at <= ?1", &[Arg::Int(now)]),
                (
                    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    &[
                        Arg::Text(token_hash),
                        Arg::Int(user_id),
                        Arg::Text(csrf_token),
                        Arg::Int(now),
                        Arg::Int(expires_at),
                    ],
                ),
            ])
            .map(drop)
        })
    }

    /// The unexpired session whose cookie hashes to `token_hash`.
    pub fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>, StoreError> {
        self.with_db(|db| {
            Ok(read_all(
                db,
                "SELECT s.user_id, u.name, s.csrf_token, s.expires_at, u.is_admin, u.language \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                &[Arg::Text(token_hash), Arg::Int(now)],
                |r| {
                    Ok(Session {
                        user_id: r.int(0)?,
                        user_name: r.text(1)?,
                        csrf_token: r.text(2)?,
                        expires_at: r.int(3)?,
                        is_admin: r.flag(4)?,
                        language: r.opt_text(5)?,
                    })
                },
            )?
            .pop())
        })
    }

    /// Ends a session (logout); false when there was none.
    pub fn delete_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        self.with_db(|db| {
            Ok(db.write(&[(
                "DELETE FROM sessions WHERE token_hash = ?1",
                &[Arg::Text(token_hash)],
            )])?[0]
                > 0)
        })
    }

    /// Stores a new API token of `user_id` under the hash of its secret; returns its id.
    pub fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        self.with_db(|db| {
            db.write(&[(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
                 VALUES (?1, ?2, ?3, ?4)",
                &[
                    Arg::Int(user_id),
                    Arg::Text(name),
                    Arg::Text(token_hash),
                    Arg::Int(now),
                ],
            )])?;
            // The hash of 32 random bytes names the row.
            read_all(
                db,
                "SELECT id FROM api_tokens WHERE token_hash = ?1",
                &[Arg::Text(token_hash)],
                |r| r.int(0),
            )?
            .pop()
            .ok_or_else(|| StoreError::NotFound("the new API token".into()))
        })
    }

    /// The user of the API token whose secret hashes to `token_hash`; records its use.
    pub fn api_token_user(&self, token_hash: &str, now: i64) -> Result<Option<User>, StoreError> {
        self.with_db(|db| {
            let used = db.write(&[(
                "UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1",
                &[Arg::Text(token_hash), Arg::Int(now)],
            )])?[0];
            if used == 0 {
                return Ok(None);
            }
            Ok(read_all(
                db,
                &format!(
                    "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
                     WHERE t.token_hash = ?1"
                ),
                &[Arg::Text(token_hash)],
                user_from,
            )?
            .pop())
        })
    }

    /// The API tokens of a user, oldest first.
    pub fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        self.with_db(|db| {
            read_all(
                db,
                "SELECT id, name, created_at, last_used_at FROM api_tokens \
                 WHERE user_id = ?1 ORDER BY id",
                &[Arg::Int(user_id)],
                |r| {
                    Ok(ApiToken {
                        id: r.int(0)?,
                        name: r.text(1)?,
                        created_at: r.int(2)?,
                        last_used_at: r.opt_int(3)?,
                    })
                },
            )
        })
    }

    /// Revokes one of a user's API tokens; false when there was none.
    pub fn delete_api_token(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        self.with_db(|db| {
            Ok(db.write(&[(
                "DELETE FROM api_tokens WHERE user_id = ?1 AND id = ?2",
                &[Arg::Int(user_id), Arg::Int(id)],
            )])?[0]
                > 0)
        })
    }
}
