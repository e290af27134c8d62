//! Confirming an account's email address. A registration is sent a link; until it is
//! followed the account can sign in and browse but cannot review, upload photos or publish
//! a profile (see [`Unconfirmed`]). Accounts made by someone trusted start confirmed.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::domain::account_tokens::{self, IssueError, LinkMail, LinkState};
use crate::domain::outbox::{self, Mail};
use crate::domain::{Transactional, begin_write};
use crate::entities::account;
use crate::vocabulary::TokenPurpose;

/// How long a confirmation link works.
pub const LINK_VALID_FOR: Duration = Duration::days(3);
/// Confirmation mails an account may ask for in an hour.
pub const PER_ACCOUNT_AN_HOUR: u64 = 3;

/// Why an account whose address is not confirmed cannot do something, in words for the
/// page that refuses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unconfirmed {
    Review,
    Upload,
    Publish,
}

impl Unconfirmed {
    /// What the page says.
    pub fn explanation(self) -> &'static str {
        match self {
            Unconfirmed::Review => {
                "Confirm your email address before you write a review: follow the link we sent when you registered. Reviews come from people we can reach, which keeps them honest."
            }
            Unconfirmed::Upload => {
                "Confirm your email address before you upload photos: follow the link we sent when you registered."
            }
            Unconfirmed::Publish => {
                "Confirm your email address before you list your profile: follow the link we sent when you registered."
            }
        }
    }
}

/// Whether account `account_id` has confirmed its address (the one test of it that the
/// review, upload and listing rules share).
pub async fn is_confirmed(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    Ok(account::Entity::find_by_id(account_id)
        .filter(account::Column::EmailVerifiedAt.is_not_null())
        .one(db)
        .await?
        .is_some())
}

/// Stores a confirmation link for the account and puts the mail `compose` writes in the
/// outbox, inside the caller's transaction.
pub(crate) async fn send_link(
    db: &impl ConnectionTrait,
    account: &account::Model,
    now: DateTime<Utc>,
    compose: impl FnOnce(LinkMail) -> Mail,
) -> Result<(), IssueError> {
    let token = account_tokens::issue(
        db,
        account.id,
        TokenPurpose::EmailVerification,
        LINK_VALID_FOR,
        None,
        now,
    )
    .await?;
    let mail = compose(LinkMail {
        to: account.email.clone(),
        display_name: account.display_name.clone(),
        token,
    });
    outbox::enqueue_for(db, Some(account.id), mail, now).await?;
    Ok(())
}

/// What asking for another link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resent {
    Sent,
    AlreadyConfirmed,
    /// Three links in the last hour already.
    TooMany,
}

/// Sends the account another confirmation link, at most [`PER_ACCOUNT_AN_HOUR`] an hour.
pub async fn resend(
    db: &impl Transactional,
    account_id: i64,
    now: DateTime<Utc>,
    compose: impl FnOnce(LinkMail) -> Mail,
) -> Result<Resent, IssueError> {
    let txn = begin_write(db).await?;
    let Some(found) = account::Entity::find_by_id(account_id).one(&txn).await? else {
        return Ok(Resent::AlreadyConfirmed);
    };
    if found.email_verified_at.is_some() {
        return Ok(Resent::AlreadyConfirmed);
    }
    let recent = account_tokens::issued_since(
        &txn,
        found.id,
        TokenPurpose::EmailVerification,
        now - Duration::hours(1),
    )
    .await?;
    if recent >= PER_ACCOUNT_AN_HOUR {
        return Ok(Resent::TooMany);
    }
    send_link(&txn, &found, now, compose).await?;
    txn.commit().await?;
    Ok(Resent::Sent)
}

/// The confirmation link behind `token` at `now`.
pub async fn link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkState, DbErr> {
    account_tokens::lookup(db, token, TokenPurpose::EmailVerification, now).await
}

/// What a person following a confirmation link that cannot be used is told.
pub fn refusal(link: &LinkState) -> &'static str {
    match link {
        LinkState::Usable { .. } => "",
        LinkState::Used => "This link has already been used, so your address is confirmed.",
        LinkState::Expired => {
            "This confirmation link has expired: links work for three days. Sign in and ask for a new one from your account page."
        }
        LinkState::Unknown => {
            "This confirmation link is not valid. Sign in and ask for a new one from your account page."
        }
    }
}

/// Confirms the address behind `token`: the link (and every other confirmation link of the
/// account) is used up with a compare-and-set and the account is marked confirmed, in one
/// transaction. Returns the account, or where the link stands.
pub async fn confirm(
    db: &impl Transactional,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<i64, LinkState>, DbErr> {
    let txn = begin_write(db).await?;
    let account_id =
        match account_tokens::redeem(&txn, token, TokenPurpose::EmailVerification, now).await? {
            Ok(account_id) => account_id,
            Err(link) => return Ok(Err(link)),
        };
    account::Entity::update_many()
        .col_expr(account::Column::EmailVerifiedAt, Expr::value(Some(now)))
        .col_expr(account::Column::UpdatedAt, Expr::value(now))
        .filter(account::Column::Id.eq(account_id))
        .filter(account::Column::EmailVerifiedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(account_id))
}
