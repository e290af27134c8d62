//! Single-use links mailed to an account (password reset, address confirmation, stopping
//! notices): a random token goes into the mail and only its SHA-256 is kept, with what the
//! link is for, when it stops working and when it was used.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::domain::sessions::{RandomnessUnavailable, is_token_shaped, random_token, token_hash};
use crate::entities::{account, account_token};
use crate::vocabulary::TokenPurpose;

/// What a mail carrying a link needs to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkMail {
    pub to: String,
    pub display_name: String,
    /// The token for the link; the caller makes the address.
    pub token: String,
}

/// Why a link could not be made.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Randomness(#[from] RandomnessUnavailable),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Stores a new link for `purpose` valid for `valid_for`, and returns its token (for the
/// mail; it is not kept). `requested_from` is the hashed network that asked, when a limit
/// counts it.
pub async fn issue(
    db: &impl ConnectionTrait,
    account_id: i64,
    purpose: TokenPurpose,
    valid_for: Duration,
    requested_from: Option<String>,
    now: DateTime<Utc>,
) -> Result<String, IssueError> {
    let token = random_token()?;
    account_token::ActiveModel {
        account_id: Set(account_id),
        purpose: Set(purpose),
        token_hash: Set(token_hash(&token)),
        requested_from: Set(requested_from),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// How many links for `purpose` the account was sent since `since`.
pub async fn issued_since(
    db: &impl ConnectionTrait,
    account_id: i64,
    purpose: TokenPurpose,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    account_token::Entity::find()
        .filter(account_token::Column::Purpose.eq(purpose))
        .filter(account_token::Column::AccountId.eq(account_id))
        .filter(account_token::Column::CreatedAt.gt(since))
        .count(db)
        .await
}

/// Where a link stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// It can be used, for this (enabled) account.
    Usable {
        account_id: i64,
        email: String,
    },
    /// Used already (or used up with another link of the account).
    Used,
    Expired,
    Unknown,
}

/// The link for `purpose` behind `token` at `now`.
pub async fn lookup(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<LinkState, DbErr> {
    if !is_token_shaped(token) {
        return Ok(LinkState::Unknown);
    }
    let Some(found) = account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(token_hash(token)))
        .filter(account_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
    else {
        return Ok(LinkState::Unknown);
    };
    if found.used_at.is_some() {
        return Ok(LinkState::Used);
    }
    if found.expires_at <= now {
        return Ok(LinkState::Expired);
    }
    Ok(
        match account::Entity::find_by_id(found.account_id)
            .one(db)
            .await?
        {
            Some(a) if !a.disabled => LinkState::Usable {
                account_id: a.id,
                email: a.email,
            },
            _ => LinkState::Unknown,
        },
    )
}

/// Uses the link up with a compare-and-set, so two requests with one link cannot both act.
/// Whether this call was the one that used it.
async fn use_up(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let used = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(account_token::Column::TokenHash.eq(token_hash(token)))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(used.rows_affected == 1)
}

/// Uses up every open link of the account for `purpose`.
async fn use_up_all(
    db: &impl ConnectionTrait,
    account_id: i64,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(account_token::Column::AccountId.eq(account_id))
        .filter(account_token::Column::Purpose.eq(purpose))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Redeems the link for `purpose` behind `token`, inside the caller's transaction: it must
/// be usable, and it and every other open link of the account for `purpose` are used up
/// (with a compare-and-set, so two requests with one link cannot both redeem it). Returns
/// the account, or where the link stands.
pub async fn redeem(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Result<i64, LinkState>, DbErr> {
    let current = lookup(db, token, purpose, now).await?;
    let LinkState::Usable { account_id, .. } = current else {
        return Ok(Err(current));
    };
    if !use_up(db, token, now).await? {
        return Ok(Err(LinkState::Used));
    }
    use_up_all(db, account_id, purpose, now).await?;
    Ok(Ok(account_id))
}
