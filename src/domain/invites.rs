//! Invites a practitioner sends a real patient so that their review is marked "verified
//! patient" (it is still moderated). The link carries a random token; only its SHA-256 is
//! stored. An invite is single-use, expires after [`INVITE_DAYS`] days and can be revoked;
//! it only ever vouches for a review of the practitioner who made it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::email_address::{is_plausible_email, normalize_submitted};
use crate::domain::outbox::{self, Mail};
use crate::domain::reviews::ReviewText;
use crate::domain::reviews::submission::{self, SubmitError, Submitted};
use crate::domain::sessions::{RandomnessUnavailable, is_token_shaped, random_token, token_hash};
use crate::domain::validation::FieldErrors;
use crate::domain::{Transactional, begin_write};
use crate::entities::{practitioner, review_invite};

/// How long an invite can be used.
pub const INVITE_DAYS: i64 = 30;
/// The longest private note on an invite.
pub const MAX_NOTE_CHARS: usize = 120;
/// Invites listed at most (the newest).
const LISTED: u64 = 200;

/// Where an invite stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteState {
    Open,
    Used,
    Expired,
    Revoked,
}

impl InviteState {
    /// The state of `invite` at `now`. Revoked and used are final; an unused invite expires.
    pub fn of(invite: &review_invite::Model, now: DateTime<Utc>) -> Self {
        if invite.revoked_at.is_some() {
            InviteState::Revoked
        } else if invite.used_at.is_some() {
            InviteState::Used
        } else if invite.expires_at <= now {
            InviteState::Expired
        } else {
            InviteState::Open
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InviteState::Open => "Open",
            InviteState::Used => "Used",
            InviteState::Expired => "Expired",
            InviteState::Revoked => "Revoked",
        }
    }

    /// What a patient opening a link in this state is told.
    pub fn closed_because(self) -> &'static str {
        match self {
            InviteState::Open => "This invite can be used.",
            InviteState::Used => "This invite link has already been used. Each link works once.",
            InviteState::Expired => {
                "This invite link has expired. Ask the practitioner for a new one."
            }
            InviteState::Revoked => "The practitioner withdrew this invite link.",
        }
    }
}

/// The invite form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InviteInput {
    pub treatment_on: String,
    pub note: String,
    /// The patient's address, when the practitioner wants us to email them the link.
    pub email: String,
}

/// A checked invite form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteDetails {
    pub treatment_on: Option<NaiveDate>,
    pub note: String,
    pub email: Option<String>,
}

/// Invites a practitioner may have emailed for them in a day, so the form cannot be used
/// to send mail in bulk.
pub const EMAILED_A_DAY: u64 = 20;

/// What the mail carrying an invite link needs to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteMail {
    pub to: String,
    pub practitioner: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Checks the invite form: an optional treatment day, not in the future, and a short note.
pub fn check_invite(input: &InviteInput, today: NaiveDate) -> Result<InviteDetails, FieldErrors> {
    let mut errors = FieldErrors::default();
    let day = input.treatment_on.trim();
    let treatment_on = if day.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(d) if d > today => {
                errors.add("treatment_on", "The treatment day cannot be in the future.");
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(
                    "treatment_on",
                    "Write the day as YYYY-MM-DD, for example 2026-03-14.",
                );
                None
            }
        }
    };
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.add("note", "Keep the note to 120 characters.");
    }
    let email = match normalize_submitted(&input.email) {
        Some(email) if email.is_empty() => None,
        Some(email) if is_plausible_email(&email) => Some(email),
        _ => {
            errors.add(
                "email",
                "Enter the patient's email address, such as name@example.com, or leave it empty to copy the link yourself.",
            );
            None
        }
    };
    if errors.is_empty() {
        Ok(InviteDetails {
            treatment_on,
            note: note.to_owned(),
            email,
        })
    } else {
        Err(errors)
    }
}

/// A new invite and the token of its link, which is shown once and never stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedInvite {
    pub id: i64,
    pub token: String,
}

/// Makes an invite for practitioner `practitioner_id` and, when the form gave the
/// patient's address, puts the mail `compose` writes in the outbox, in one transaction.
pub async fn create(
    db: &impl Transactional,
    practitioner_id: i64,
    details: InviteDetails,
    now: DateTime<Utc>,
    compose: impl FnOnce(InviteMail) -> Mail,
) -> Result<CreatedInvite, CreateError> {
    let token = random_token()?;
    let txn = begin_write(db).await?;
    let email = details.email.clone();
    if email.is_some() {
        let emailed_today = review_invite::Entity::find()
            .filter(review_invite::Column::PractitionerId.eq(practitioner_id))
            .filter(review_invite::Column::Emailed.eq(true))
            .filter(review_invite::Column::CreatedAt.gt(now - Duration::days(1)))
            .count(&txn)
            .await?;
        if emailed_today >= EMAILED_A_DAY {
            return Err(CreateError::TooManyEmailed);
        }
    }
    let created = review_invite::ActiveModel {
        emailed: Set(email.is_some()),
        practitioner_id: Set(practitioner_id),
        token_hash: Set(token_hash(&token)),
        recipient_label: Set(details.note),
        treatment_on: Set(details.treatment_on),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(INVITE_DAYS)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(to) = email {
        let practitioner = practitioner::Entity::find_by_id(practitioner_id)
            .one(&txn)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let mail = compose(InviteMail {
            to,
            practitioner,
            token: token.clone(),
            expires_at: created.expires_at,
        });
        outbox::enqueue(&txn, mail, now).await?;
    }
    txn.commit().await?;
    Ok(CreatedInvite {
        id: created.id,
        token,
    })
}

/// Why an invite was not made.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error(transparent)]
    Randomness(#[from] RandomnessUnavailable),
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("too many invites emailed today")]
    TooManyEmailed,
}

/// An invite as its practitioner's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnInvite {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub treatment_on: Option<NaiveDate>,
    pub note: String,
    pub state: InviteState,
    pub used_at: Option<DateTime<Utc>>,
}

/// The practitioner's invites, newest first, with their state at `now`.
pub async fn own_invites(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<OwnInvite>, DbErr> {
    Ok(review_invite::Entity::find()
        .filter(review_invite::Column::PractitionerId.eq(practitioner_id))
        .order_by_desc(review_invite::Column::CreatedAt)
        .order_by_desc(review_invite::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?
        .into_iter()
        .map(|i| OwnInvite {
            state: InviteState::of(&i, now),
            id: i.id,
            created_at: i.created_at,
            expires_at: i.expires_at,
            treatment_on: i.treatment_on,
            note: i.recipient_label,
            used_at: i.used_at,
        })
        .collect())
}

/// How many of the practitioner's invites can still be used.
pub async fn open_count(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    review_invite::Entity::find()
        .filter(review_invite::Column::PractitionerId.eq(practitioner_id))
        .filter(review_invite::Column::UsedAt.is_null())
        .filter(review_invite::Column::RevokedAt.is_null())
        .filter(review_invite::Column::ExpiresAt.gt(now))
        .count(db)
        .await
}

/// What revoking did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revoked {
    Revoked,
    /// It was no longer open (used, expired or already revoked).
    NotOpen(InviteState),
    /// Not one of the practitioner's invites.
    NotFound,
}

/// Revokes one of the practitioner's open invites.
pub async fn revoke(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    invite_id: i64,
    now: DateTime<Utc>,
) -> Result<Revoked, DbErr> {
    use review_invite::Column as I;
    let changed = review_invite::Entity::update_many()
        .col_expr(I::RevokedAt, Expr::value(Some(now)))
        .filter(I::Id.eq(invite_id))
        .filter(I::PractitionerId.eq(practitioner_id))
        .filter(I::UsedAt.is_null())
        .filter(I::RevokedAt.is_null())
        .filter(I::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if changed.rows_affected == 1 {
        return Ok(Revoked::Revoked);
    }
    Ok(
        match review_invite::Entity::find_by_id(invite_id)
            .filter(I::PractitionerId.eq(practitioner_id))
            .one(db)
            .await?
        {
            Some(found) => Revoked::NotOpen(InviteState::of(&found, now)),
            None => Revoked::NotFound,
        },
    )
}

/// An invite link as a patient opening it sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteLink {
    pub state: InviteState,
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
}

/// The invite behind `token`, if there is one and its practitioner is listed.
pub async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<InviteLink>, DbErr> {
    if !is_token_shaped(token) {
        return Ok(None);
    }
    let Some(invite) = review_invite::Entity::find()
        .filter(review_invite::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(p) = practitioner::Entity::find_by_id(invite.practitioner_id)
        .filter(practitioner::Column::Published.eq(true))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(InviteLink {
        state: InviteState::of(&invite, now),
        practitioner_id: p.id,
        practitioner_name: p.name,
        practitioner_slug: p.slug,
    }))
}

/// Why an invited review was not stored.
#[derive(Debug, thiserror::Error)]
pub enum InvitedReviewError {
    /// No such invite (or its practitioner is not listed).
    #[error("not found")]
    NotFound,
    /// The invite was used, expired or revoked (perhaps a moment ago).
    #[error("{}", .0.closed_because())]
    Closed(InviteState),
    #[error(transparent)]
    Submit(#[from] SubmitError),
}

impl From<DbErr> for InvitedReviewError {
    fn from(err: DbErr) -> Self {
        InvitedReviewError::Submit(SubmitError::Database(err))
    }
}

/// Submits `author_id`'s review of the practitioner who made the invite behind `token`, and
/// uses the invite up, in one transaction: the invite is claimed with a compare-and-set, so
/// two submissions with one link cannot both count, and a refused review leaves the invite
/// open.
pub async fn submit_invited_review(
    db: &impl Transactional,
    author_id: i64,
    token: &str,
    text: ReviewText,
    now: DateTime<Utc>,
) -> Result<Submitted, InvitedReviewError> {
    use review_invite::Column as I;
    if !is_token_shaped(token) {
        return Err(InvitedReviewError::NotFound);
    }
    let txn = begin_write(db).await?;
    let invite = review_invite::Entity::find()
        .filter(I::TokenHash.eq(token_hash(token)))
        .one(&txn)
        .await?
        .ok_or(InvitedReviewError::NotFound)?;
    let claimed = review_invite::Entity::update_many()
        .col_expr(I::UsedAt, Expr::value(Some(now)))
        .col_expr(I::UsedBy, Expr::value(Some(author_id)))
        .filter(I::Id.eq(invite.id))
        .filter(I::UsedAt.is_null())
        .filter(I::RevokedAt.is_null())
        .filter(I::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        let state = match InviteState::of(&invite, now) {
            // Someone used it between the read and the claim.
            InviteState::Open => InviteState::Used,
            closed => closed,
        };
        return Err(InvitedReviewError::Closed(state));
    }
    let submitted = submission::submit_in(
        &txn,
        author_id,
        invite.practitioner_id,
        text,
        Some(invite.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(submitted)
}
