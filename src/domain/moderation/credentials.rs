//! Verifying credentials: a moderator checks a pending credential with the body that issued
//! it and records what was checked and when, or rejects it with a reason. Verifying updates
//! the practitioner's badge in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};

use crate::domain::begin_write;
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters;
use crate::domain::validation::{self, FieldErrors};
use crate::entities::credential;
use crate::vocabulary::{CredentialRejection, CredentialStatus};

/// What the moderator checked: a board lookup URL or a description, and the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceChecked {
    pub source: String,
    pub checked_on: NaiveDate,
}

/// Checks the verification form: a source is required, and the day it was checked, which
/// cannot be in the future.
pub fn check_source(
    source: &str,
    checked_on: &str,
    today: NaiveDate,
) -> Result<SourceChecked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let source = validation::text(&mut errors, "source", source, true, 500);
    let date = validation::optional_date(&mut errors, "checked_on", checked_on);
    match date {
        None if errors.get("checked_on").is_none() => {
            errors.add("checked_on", "Give the day you checked the source.");
        }
        Some(day) if day > today => {
            errors.add("checked_on", "The day you checked cannot be in the future.");
        }
        _ => {}
    }
    match date {
        Some(checked_on) if errors.is_empty() => Ok(SourceChecked { source, checked_on }),
        _ => Err(errors),
    }
}

/// Sets a pending credential's decision, only if it is still pending.
async fn decide(
    db: &impl ConnectionTrait,
    found: &credential::Model,
    changes: Vec<(credential::Column, sea_orm::sea_query::SimpleExpr)>,
) -> Result<(), TransitionError> {
    let mut update = credential::Entity::update_many();
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    let changed = update
        .filter(credential::Column::Id.eq(found.id))
        .filter(credential::Column::Status.eq(CredentialStatus::Pending))
        .exec(db)
        .await?;
    if changed.rows_affected == 1 {
        return Ok(());
    }
    let current = credential::Entity::find_by_id(found.id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    Err(handled_by(db, current.verified_by, current.verified_at).await?)
}

async fn pending_of_another(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    credential_id: i64,
) -> Result<credential::Model, TransitionError> {
    let found = credential::Entity::find_by_id(credential_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(db, moderator_id, None, found.practitioner_id).await?;
    Ok(found)
}

/// Verifies a pending credential against the source checked; the badge follows at once.
pub async fn verify_credential(
    db: &(impl ConnectionTrait + TransactionTrait),
    moderator_id: i64,
    credential_id: i64,
    checked: SourceChecked,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use credential::Column as C;
    let txn = begin_write(db).await?;
    let found = pending_of_another(&txn, moderator_id, credential_id).await?;
    decide(
        &txn,
        &found,
        vec![
            (C::Status, Expr::value(CredentialStatus::Verified)),
            (C::SourceChecked, Expr::value(Some(checked.source.clone()))),
            (C::SourceCheckedOn, Expr::value(Some(checked.checked_on))),
            (C::VerifiedBy, Expr::value(Some(moderator_id))),
            (C::VerifiedAt, Expr::value(Some(now))),
            (C::UpdatedAt, Expr::value(now)),
        ],
    )
    .await?;
    counters::refresh_badge(&txn, found.practitioner_id, now).await?;
    AuditEvent::credential_verified(moderator_id, found.id, &checked.source)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Rejects a pending credential with a reason the practitioner sees.
pub async fn reject_credential(
    db: &(impl ConnectionTrait + TransactionTrait),
    moderator_id: i64,
    credential_id: i64,
    reason: CredentialRejection,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use credential::Column as C;
    let txn = begin_write(db).await?;
    let found = pending_of_another(&txn, moderator_id, credential_id).await?;
    decide(
        &txn,
        &found,
        vec![
            (C::Status, Expr::value(CredentialStatus::Rejected)),
            (C::RejectionReason, Expr::value(Some(reason))),
            (C::VerifiedBy, Expr::value(Some(moderator_id))),
            (C::VerifiedAt, Expr::value(Some(now))),
            (C::UpdatedAt, Expr::value(now)),
        ],
    )
    .await?;
    AuditEvent::credential_rejected(moderator_id, found.id, reason)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}
