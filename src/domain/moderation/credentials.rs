//! Verifying credentials: a moderator checks a pending credential with the body that issued
//! it and records what was checked and when, or rejects it with a reason. Verifying updates
//! the practitioner's badge in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters;
use crate::domain::validation::{self, FieldErrors};
use crate::domain::{Transactional, begin_write};
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

/// Decides a pending credential in one transaction: checks the moderator may, sets the
/// decision (with who and when) only if it is still pending, brings the practitioner's
/// badge up to date and records `event`.
async fn decide(
    db: &impl Transactional,
    moderator_id: i64,
    credential_id: i64,
    decision: Vec<(credential::Column, sea_orm::sea_query::SimpleExpr)>,
    event: AuditEvent,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use credential::Column as C;
    let txn = begin_write(db).await?;
    let found = credential::Entity::find_by_id(credential_id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(&txn, moderator_id, None, found.practitioner_id).await?;
    let mut update = credential::Entity::update_many()
        .col_expr(C::VerifiedBy, Expr::value(Some(moderator_id)))
        .col_expr(C::VerifiedAt, Expr::value(Some(now)))
        .col_expr(C::UpdatedAt, Expr::value(now));
    for (column, value) in decision {
        update = update.col_expr(column, value);
    }
    let changed = update
        .filter(C::Id.eq(credential_id))
        .filter(C::Status.eq(CredentialStatus::Pending))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        let current = credential::Entity::find_by_id(credential_id)
            .one(&txn)
            .await?
            .ok_or(TransitionError::NotFound)?;
        return Err(handled_by(&txn, current.verified_by, current.verified_at).await?);
    }
    counters::refresh_badge(&txn, found.practitioner_id, now).await?;
    event.record(&txn, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Verifies a pending credential against the source checked; the badge follows at once.
pub async fn verify_credential(
    db: &impl Transactional,
    moderator_id: i64,
    credential_id: i64,
    checked: SourceChecked,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use credential::Column as C;
    let event = AuditEvent::credential_verified(moderator_id, credential_id, &checked.source);
    let decision = vec![
        (C::Status, Expr::value(CredentialStatus::Verified)),
        (C::SourceChecked, Expr::value(Some(checked.source))),
        (C::SourceCheckedOn, Expr::value(Some(checked.checked_on))),
        // A new verification earns a new "expires soon" notice.
        (
            C::ExpiryNoticeSentAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        ),
    ];
    decide(db, moderator_id, credential_id, decision, event, now).await
}

/// Rejects a pending credential with a reason the practitioner sees.
pub async fn reject_credential(
    db: &impl Transactional,
    moderator_id: i64,
    credential_id: i64,
    reason: CredentialRejection,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use credential::Column as C;
    let event = AuditEvent::credential_rejected(moderator_id, credential_id, reason);
    let decision = vec![
        (C::Status, Expr::value(CredentialStatus::Rejected)),
        (C::RejectionReason, Expr::value(Some(reason))),
    ];
    decide(db, moderator_id, credential_id, decision, event, now).await
}
