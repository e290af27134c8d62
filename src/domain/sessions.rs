//! Sign-in sessions, held in the database so any instance can serve any visitor and signing
//! out is real. The browser keeps a 256-bit random token; only its SHA-256 is stored, so a
//! leaked table cannot be replayed as cookies.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, Value};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter, Set, Statement,
};
use sha2::{Digest, Sha256};

use crate::domain::statement::{BuiltOnce, with_values};
use crate::entities::{account, session};
use crate::vocabulary::Role;

/// How long a session lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long is over.
    pub idle: Duration,
    /// A session older than this is over however busy it is.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::hours(2),
            absolute: Duration::days(30),
        }
    }
}

/// `last_seen_at` is written at most this often, so a busy visitor does not cost a write
/// per request.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// The account behind a live session, as every page needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub session_id: i64,
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Whether the account's address is confirmed; until it is, the account cannot review,
    /// upload or publish.
    pub email_verified: bool,
    /// The token every form of this session must send back.
    pub csrf_token: String,
}

impl SignedIn {
    /// Moderators and admins may moderate.
    pub fn is_moderator(&self) -> bool {
        matches!(self.role, Role::Moderator | Role::Admin)
    }
}

/// Why a random token could not be made (the operating system refused).
#[derive(Debug, thiserror::Error)]
#[error("the system random number generator failed")]
pub struct RandomnessUnavailable;

/// 32 random bytes as 64 lowercase hex characters.
pub fn random_token() -> Result<String, RandomnessUnavailable> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| RandomnessUnavailable)?;
    Ok(hex(&bytes))
}

/// What is stored for a token: its SHA-256 in hex.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `value` has the shape of a token this module makes (so junk cookies are not
/// looked up).
pub fn is_token_shaped(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

/// Compares two strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// Errors starting a session.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Random(#[from] RandomnessUnavailable),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// A session just started: the token goes into the cookie and is never stored.
pub struct NewSession {
    pub token: String,
    pub session: session::Model,
}

/// Starts a session for `account_id` with fresh token and CSRF token. Called at every
/// sign-in, so a token planted before sign-in is never promoted (no fixation).
pub async fn start(
    db: &impl ConnectionTrait,
    account_id: i64,
    now: DateTime<Utc>,
    policy: SessionPolicy,
) -> Result<NewSession, SessionError> {
    let token = random_token()?;
    let session = session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        account_id: Set(account_id),
        csrf_token: Set(random_token()?),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + policy.absolute),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(NewSession { token, session })
}

/// A session with its account's columns (empty when the account is gone).
#[derive(FromQueryResult)]
struct SessionRow {
    id: i64,
    csrf_token: String,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    account_id: Option<i64>,
    email: Option<String>,
    display_name: Option<String>,
    role: Option<Role>,
    disabled: Option<bool>,
    email_verified_at: Option<DateTime<Utc>>,
}

/// Stands in for the token's hash in the lookup built once: a hash is 64 hex digits.
const TOKEN_HASH_STAND_IN: &str = "\u{0}token-hash";

/// The session lookup, built once per database: every signed-in request runs it.
static SESSION_LOOKUP: BuiltOnce = BuiltOnce::new();

/// The session with the hash [`TOKEN_HASH_STAND_IN`] and its account, in one statement.
fn session_lookup(backend: DbBackend) -> Statement {
    let mut query = Query::select();
    query
        .columns([
            (session::Entity, session::Column::Id),
            (session::Entity, session::Column::CsrfToken),
            (session::Entity, session::Column::LastSeenAt),
            (session::Entity, session::Column::ExpiresAt),
        ])
        .expr_as(
            Expr::col((account::Entity, account::Column::Id)),
            Alias::new("account_id"),
        )
        .columns([
            (account::Entity, account::Column::Email),
            (account::Entity, account::Column::DisplayName),
            (account::Entity, account::Column::Role),
            (account::Entity, account::Column::Disabled),
            (account::Entity, account::Column::EmailVerifiedAt),
        ])
        .from(session::Entity)
        .left_join(
            account::Entity,
            Expr::col((account::Entity, account::Column::Id))
                .equals((session::Entity, session::Column::AccountId)),
        )
        .and_where(
            Expr::col((session::Entity, session::Column::TokenHash)).eq(TOKEN_HASH_STAND_IN),
        );
    backend.build(&query)
}

/// The signed-in account for a cookie token, or `None` when the token is unknown, idle too
/// long, past its absolute expiry, or its account is disabled. Refreshes `last_seen_at`.
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
    policy: SessionPolicy,
) -> Result<Option<SignedIn>, sea_orm::DbErr> {
    if !is_token_shaped(token) {
        return Ok(None);
    }
    let statement = with_values(
        SESSION_LOOKUP.get(db.get_database_backend(), || {
            session_lookup(db.get_database_backend())
        }),
        &[(
            &Value::from(TOKEN_HASH_STAND_IN),
            Value::from(token_hash(token)),
        )],
    );
    let Some(found) = SessionRow::find_by_statement(statement).one(db).await? else {
        return Ok(None);
    };
    if found.expires_at <= now || found.last_seen_at + policy.idle <= now {
        session::Entity::delete_by_id(found.id).exec(db).await?;
        return Ok(None);
    }
    let (Some(account_id), Some(email), Some(display_name), Some(role), Some(disabled)) = (
        found.account_id,
        found.email,
        found.display_name,
        found.role,
        found.disabled,
    ) else {
        return Ok(None);
    };
    if disabled {
        return Ok(None);
    }
    if now - found.last_seen_at >= TOUCH_INTERVAL {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    Ok(Some(SignedIn {
        session_id: found.id,
        account_id,
        email,
        display_name,
        role,
        email_verified: found.email_verified_at.is_some(),
        csrf_token: found.csrf_token,
    }))
}

/// Ends one session (sign out).
pub async fn end(db: &impl ConnectionTrait, session_id: i64) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(session_id).exec(db).await?;
    Ok(())
}

/// Ends every session of an account (after a password change, or when it is disabled).
pub async fn end_all_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<u64, sea_orm::DbErr> {
    let deleted = session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

/// Deletes sessions past either expiry; returns how many went.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    policy: SessionPolicy,
) -> Result<u64, sea_orm::DbErr> {
    let deleted = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lte(now - policy.idle)),
        )
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_hex_and_differ() {
        let a = random_token().expect("random");
        let b = random_token().expect("random");
        assert!(is_token_shaped(&a));
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a, "only the hash is stored");
        assert_eq!(token_hash(&a).len(), 64);
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!is_token_shaped("../../etc/passwd"));
    }
}
