//! Decisions on before/after pairs: approving one publishes it and counts it on the
//! practitioner's row; rejecting one keeps it private with a reason.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};

use crate::domain::begin_write;
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters;
use crate::entities::gallery_item;
use crate::vocabulary::{PhotoStatus, ReasonCode};

/// Approves (`reason` None) or rejects a pending pair, only if it is still pending.
pub async fn decide_photo(
    db: &(impl ConnectionTrait + TransactionTrait),
    moderator_id: i64,
    item_id: i64,
    rejection: Option<ReasonCode>,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use gallery_item::Column as G;
    let txn = begin_write(db).await?;
    let found = gallery_item::Entity::find_by_id(item_id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(&txn, moderator_id, None, found.practitioner_id).await?;
    let to = if rejection.is_some() {
        PhotoStatus::Rejected
    } else {
        PhotoStatus::Approved
    };
    let changed = gallery_item::Entity::update_many()
        .col_expr(G::Status, Expr::value(to))
        .col_expr(G::RejectionReason, Expr::value(rejection))
        .col_expr(G::ModeratedBy, Expr::value(Some(moderator_id)))
        .col_expr(G::ModeratedAt, Expr::value(Some(now)))
        .col_expr(G::UpdatedAt, Expr::value(now))
        .filter(G::Id.eq(item_id))
        .filter(G::Status.eq(PhotoStatus::Pending))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        let current = gallery_item::Entity::find_by_id(item_id)
            .one(&txn)
            .await?
            .ok_or(TransitionError::NotFound)?;
        return Err(handled_by(&txn, current.moderated_by, current.moderated_at).await?);
    }
    if to == PhotoStatus::Approved {
        counters::change_photos(&txn, found.practitioner_id, 1, now).await?;
    }
    AuditEvent::photo_decided(moderator_id, item_id, to, rejection)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}
