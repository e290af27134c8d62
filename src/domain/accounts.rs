//! Accounts: argon2id password hashes, creation, promotion and sign-in.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::blocking::BoundedWork;
use crate::domain::email_address::{is_plausible_email, normalize_email};
use crate::domain::sessions::{self, NewSession, SessionError, SessionPolicy};
use crate::domain::{Transactional, begin_write};
use crate::entities::account;
use crate::vocabulary::Role;

/// Why an account could not be created or changed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("an account with that email already exists")]
    EmailTaken,
    #[error("that is not an email address")]
    InvalidEmail,
    #[error("could not hash the password")]
    Hashing,
    #[error("{0}")]
    WeakPassword(&'static str),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// Hashes a password with argon2id at the library defaults (m=19 MiB, t=2, p=1, OWASP's
/// minimum) into a PHC string. This is CPU-heavy: call it from `spawn_blocking`.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| AccountError::Hashing)
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (argon2 takes any length; this bounds the work per request).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Checks a new password's length and that it does not contain the email's local part.
/// Returns the sentence to show next to the field.
pub fn check_password_rules(password: &str, email: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err("Use at least 10 characters.");
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err("Use at most 128 characters.");
    }
    let email = normalize_email(email);
    let (local, domain) = email.split_once('@').unwrap_or((email.as_str(), ""));
    if local.chars().count() >= 3 && password.to_lowercase().contains(local) {
        return Err("Do not include your email address in your password.");
    }
    // zxcvbn scores 0-4 by estimated guesses; 3 means about 10^10, beyond online guessing
    // and slow even offline against argon2id.
    if zxcvbn::zxcvbn(password, &[local, domain, "injectory"]).score() < zxcvbn::Score::Three {
        return Err(
            "This password is too easy to guess. Try a phrase of three or four unrelated words.",
        );
    }
    Ok(())
}

/// Whether a stored hash was made with weaker settings than [`hash_password`] uses now (or
/// another algorithm), so it should be replaced at the next successful login.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return true;
    };
    if hash.algorithm.as_str() != "argon2id" {
        return true;
    }
    let current = argon2::Params::default();
    match argon2::Params::try_from(&hash) {
        Ok(params) => {
            params.m_cost() < current.m_cost()
                || params.t_cost() < current.t_cost()
                || params.p_cost() < current.p_cost()
        }
        Err(_) => true,
    }
}

/// Checks a password against a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// An account as the rest of the application needs it (never its password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub display_name: String,
    /// Whether the owner followed the link mailed to the address.
    pub email_verified: bool,
}

impl From<account::Model> for Account {
    fn from(a: account::Model) -> Self {
        Self {
            id: a.id,
            email: a.email,
            role: a.role,
            display_name: a.display_name,
            email_verified: a.email_verified_at.is_some(),
        }
    }
}

/// What is needed to create an account; the password is already hashed.
pub struct NewAccount {
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub display_name: String,
    /// Whether the address counts as confirmed from the start: true for accounts made by
    /// someone trusted (a moderator's command, the seed), false for a registration, which
    /// confirms it through a mailed link.
    pub email_verified: bool,
}

/// Finds an account row by (normalised) email.
async fn row_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<account::Model>, sea_orm::DbErr> {
    account::Entity::find()
        .filter(account::Column::Email.eq(normalize_email(email)))
        .one(db)
        .await
}

/// Finds an account by (normalised) email.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<Account>, sea_orm::DbErr> {
    Ok(row_by_email(db, email).await?.map(Account::from))
}

/// Creates an account, refusing an email that is already registered.
pub async fn create_account(
    db: &impl ConnectionTrait,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<Account, AccountError> {
    let email = normalize_email(&new.email);
    if !is_plausible_email(&email) {
        return Err(AccountError::InvalidEmail);
    }
    if row_by_email(db, &email).await?.is_some() {
        return Err(AccountError::EmailTaken);
    }
    let inserted = account::ActiveModel {
        email: Set(email),
        password_hash: Set(new.password_hash),
        role: Set(new.role),
        display_name: Set(new.display_name),
        disabled: Set(false),
        email_verified_at: Set(new.email_verified.then_some(now)),
        notices_off: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(model) => Ok(model.into()),
        // Two registrations racing past the check above meet the unique index instead.
        Err(err) if is_unique_violation(&err) => Err(AccountError::EmailTaken),
        Err(err) => Err(err.into()),
    }
}

/// Whether the outcome of `create_or_promote_moderator` made a new account.
#[derive(Debug, PartialEq, Eq)]
pub enum ModeratorOutcome {
    Created,
    Promoted,
    AlreadyModerator,
}

/// Makes `email` a moderator: creates the account with `password` if it does not exist,
/// otherwise raises its role (keeping its password). Admins are left as they are.
pub async fn create_or_promote_moderator(
    db: &impl ConnectionTrait,
    email: &str,
    password_hash: impl FnOnce() -> Result<String, AccountError>,
    now: DateTime<Utc>,
) -> Result<ModeratorOutcome, AccountError> {
    match row_by_email(db, email).await? {
        Some(existing) if matches!(existing.role, Role::Moderator | Role::Admin) => {
            Ok(ModeratorOutcome::AlreadyModerator)
        }
        Some(existing) => {
            let mut active: account::ActiveModel = existing.into();
            active.role = Set(Role::Moderator);
            active.updated_at = Set(now);
            active.update(db).await?;
            Ok(ModeratorOutcome::Promoted)
        }
        None => {
            let email = normalize_email(email);
            let display_name = email.split('@').next().unwrap_or("Moderator").to_owned();
            create_account(
                db,
                NewAccount {
                    email,
                    password_hash: password_hash()?,
                    role: Role::Moderator,
                    display_name,
                    email_verified: true,
                },
                now,
            )
            .await?;
            Ok(ModeratorOutcome::Created)
        }
    }
}

/// A hash of a password no one knows, with the current parameters. Checking a password for
/// an unknown email against it costs the same as for a real account, so timing does not tell
/// which emails are registered.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$JW4+qLU1EtdW25Ipk1hUUg$Rvwfr977EBleQuRZhiDOnk/8G/xLqkgXP4DTIYVc9T4";

/// Runs argon2 on the blocking thread pool, a few at a time: each hash takes ~20 ms of CPU
/// and 19 MiB, so a burst of sign-ins must neither stall the async workers serving pages
/// nor allocate without bound.
pub struct PasswordWork {
    work: BoundedWork,
}

impl PasswordWork {
    /// At most `concurrency` hashes at once (at least one).
    pub fn new(concurrency: usize) -> Self {
        Self {
            work: BoundedWork::new(concurrency),
        }
    }

    /// Hashes a new password off the async workers.
    pub async fn hash(&self, password: String) -> Result<String, AccountError> {
        self.work
            .run(move || hash_password(&password))
            .await
            .map_err(|_| AccountError::Hashing)?
    }

    /// Checks a password against a PHC string off the async workers.
    pub async fn verify(&self, password: String, phc: String) -> bool {
        self.work
            .run(move || verify_password(&password, &phc))
            .await
            .unwrap_or(false)
    }
}

/// Checks an email and password. An unknown email, a disabled account and a wrong password
/// all give `None` after the same amount of work. A hash made with weaker parameters than
/// today's is replaced on success.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    work: &PasswordWork,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Option<Account>, AccountError> {
    let found = row_by_email(db, email).await?.filter(|a| !a.disabled);
    let phc = found
        .as_ref()
        .map_or(DUMMY_HASH, |a| a.password_hash.as_str())
        .to_owned();
    let matches = work.verify(password.to_owned(), phc).await;
    let Some(found) = found.filter(|_| matches) else {
        return Ok(None);
    };
    if needs_rehash(&found.password_hash) {
        let rehashed = work.hash(password.to_owned()).await?;
        set_password_hash(db, found.id, rehashed, now).await?;
    }
    Ok(Some(found.into()))
}

/// Stores a new password hash for an account.
async fn set_password_hash(
    db: &impl ConnectionTrait,
    account_id: i64,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    account::Entity::update_many()
        .col_expr(
            account::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(password_hash),
        )
        .col_expr(
            account::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores a new password hash, ends every session of the account and starts a new one for
/// the browser that made the change, in one transaction.
pub async fn change_password(
    db: &impl Transactional,
    account_id: i64,
    new_hash: String,
    now: DateTime<Utc>,
    policy: SessionPolicy,
) -> Result<NewSession, SessionError> {
    let txn = begin_write(db).await?;
    account::Entity::update_many()
        .col_expr(
            account::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(new_hash),
        )
        .col_expr(
            account::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(account::Column::Id.eq(account_id))
        .exec(&txn)
        .await?;
    sessions::end_all_for_account(&txn, account_id).await?;
    let started = sessions::start(&txn, account_id, now, policy).await?;
    txn.commit().await?;
    Ok(started)
}

/// Whether a database error is a unique-constraint violation (on either database).
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules_refuse_short_long_guessable_and_email_based_passwords() {
        let email = "maria.lopez@example.com";
        assert_eq!(
            check_password_rules("short", email),
            Err("Use at least 10 characters.")
        );
        assert_eq!(
            check_password_rules(&"x".repeat(129), email),
            Err("Use at most 128 characters.")
        );
        assert!(
            check_password_rules("maria.lopez-winter-garden", email)
                .unwrap_err()
                .contains("email")
        );
        for weak in ["password123", "1234567890", "qwertyuiop", "injectory2026"] {
            assert!(
                check_password_rules(weak, email)
                    .unwrap_err()
                    .contains("too easy to guess"),
                "{weak}"
            );
        }
        for strong in [
            "violet canyon marble teapot",
            "Cupids-bow-audit-42",
            "Lip-flip-clinic-2026",
            "Quiet-smile-owl-77",
        ] {
            assert_eq!(check_password_rules(strong, email), Ok(()), "{strong}");
        }
        // No composition rules: a long lowercase phrase is fine.
        assert_eq!(
            check_password_rules("correct horse battery staple", email),
            Ok(())
        );
    }

    #[test]
    fn weaker_or_foreign_hashes_are_marked_for_rehashing() {
        let current = hash_password("violet canyon marble teapot").expect("hashes");
        assert!(!needs_rehash(&current));
        let weak = Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(8192, 1, 1, None).expect("params"),
        )
        .hash_password(b"violet canyon marble teapot")
        .expect("hashes")
        .to_string();
        assert!(weak.contains("m=8192,t=1"), "{weak}");
        assert!(needs_rehash(&weak));
        assert!(
            verify_password("violet canyon marble teapot", &weak),
            "a weak hash still verifies until replaced"
        );
        let argon2i = Argon2::new(
            argon2::Algorithm::Argon2i,
            argon2::Version::V0x13,
            argon2::Params::default(),
        )
        .hash_password(b"violet canyon marble teapot")
        .expect("hashes")
        .to_string();
        assert!(needs_rehash(&argon2i));
        assert!(needs_rehash("not a hash"));
    }

    #[test]
    fn the_dummy_hash_uses_current_parameters() {
        assert!(!needs_rehash(DUMMY_HASH));
        assert!(!verify_password("", DUMMY_HASH));
    }

    #[test]
    fn a_hash_verifies_only_its_password() {
        let hash = hash_password("correct horse battery staple").expect("hashes");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse battery staple", &hash));
        assert!(!verify_password("correct horse battery stapler", &hash));
        assert!(!verify_password("anything", "not a phc string"));
    }
}
