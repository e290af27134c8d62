//! Account recovery: a single-use link, mailed through the outbox, valid for an hour; only a
//! hash of its token is kept. Asking for one answers the same whether or not the address has
//! an account, and is limited per account and per network in the database (so the limit holds
//! across instances and restarts). Setting a new password through it ends every session of
//! the account and uses the link up, with every other reset link of the account.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};

use crate::domain::account_tokens::{self, IssueError, LinkMail, LinkState};
use crate::domain::email_address::normalize_email;
use crate::domain::login_throttle::network_key;
use crate::domain::outbox::{self, Mail};
use crate::domain::sessions;
use crate::domain::{Transactional, begin_write};
use crate::entities::{account, account_token};
use crate::vocabulary::TokenPurpose;

/// How long a reset link works.
pub const LINK_VALID_FOR: Duration = Duration::hours(1);
/// Reset mails per account an hour, at most.
pub const PER_ACCOUNT_AN_HOUR: u64 = 3;
/// Reset mails asked for from one network an hour, at most.
pub const PER_NETWORK_AN_HOUR: u64 = 10;

/// A network as the reset limit counts it, hashed so no address is stored.
pub(crate) fn network_hash(address: Option<IpAddr>) -> String {
    let digest = Sha256::digest(network_key(address).to_be_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Asks for a reset link for `email`. When the address has an account and neither limit is
/// reached, a token is stored and the mail `compose` writes is put in the outbox, in one
/// transaction. Otherwise nothing happens; the caller answers the same either way.
pub async fn request_reset(
    db: &impl Transactional,
    email: &str,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
    compose: impl FnOnce(LinkMail) -> Mail,
) -> Result<(), IssueError> {
    use account_token::Column as T;
    let email = normalize_email(email);
    let from = network_hash(address);
    let since = now - Duration::hours(1);
    let txn = begin_write(db).await?;
    let from_network = account_token::Entity::find()
        .filter(T::Purpose.eq(TokenPurpose::PasswordReset))
        .filter(T::RequestedFrom.eq(from.clone()))
        .filter(T::CreatedAt.gt(since))
        .count(&txn)
        .await?;
    let Some(found) = account::Entity::find()
        .filter(account::Column::Email.eq(email))
        .filter(account::Column::Disabled.eq(false))
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let for_account =
        account_tokens::issued_since(&txn, found.id, TokenPurpose::PasswordReset, since).await?;
    if from_network >= PER_NETWORK_AN_HOUR || for_account >= PER_ACCOUNT_AN_HOUR {
        tracing::info!(
            account = found.id,
            "password reset limit reached; no mail sent"
        );
        return Ok(());
    }
    let token = account_tokens::issue(
        &txn,
        found.id,
        TokenPurpose::PasswordReset,
        LINK_VALID_FOR,
        Some(from),
        now,
    )
    .await?;
    let mail = compose(LinkMail {
        to: found.email,
        display_name: found.display_name,
        token,
    });
    outbox::enqueue_for(&txn, Some(found.id), mail, now).await?;
    txn.commit().await?;
    Ok(())
}

/// What a person following a reset link that cannot be used is told.
pub fn refusal(link: &LinkState) -> &'static str {
    match link {
        LinkState::Usable { .. } => "",
        LinkState::Used => {
            "This reset link has already been used. Each link works once: ask for a new one if you need it."
        }
        LinkState::Expired => {
            "This reset link has expired: links work for one hour. Ask for a new one."
        }
        LinkState::Unknown => "This reset link is not valid. Ask for a new one.",
    }
}

/// The reset link behind `token` at `now`.
pub async fn link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkState, DbErr> {
    account_tokens::lookup(db, token, TokenPurpose::PasswordReset, now).await
}

/// Sets the password of the account behind `token` to `new_hash` (checked and hashed by the
/// caller), in one transaction: the link is used up with a compare-and-set (so two requests
/// with one link cannot both succeed), with every other open reset link of the account, and
/// every session of the account ends. Returns the account, or where the link stands.
pub async fn reset_password(
    db: &impl Transactional,
    token: &str,
    new_hash: String,
    now: DateTime<Utc>,
) -> Result<Result<i64, LinkState>, DbErr> {
    let txn = begin_write(db).await?;
    let account_id =
        match account_tokens::redeem(&txn, token, TokenPurpose::PasswordReset, now).await? {
            Ok(account_id) => account_id,
            Err(link) => return Ok(Err(link)),
        };
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(new_hash))
        .col_expr(account::Column::UpdatedAt, Expr::value(now))
        .filter(account::Column::Id.eq(account_id))
        .exec(&txn)
        .await?;
    sessions::end_all_for_account(&txn, account_id).await?;
    txn.commit().await?;
    Ok(Ok(account_id))
}
