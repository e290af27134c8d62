//! Pictures waiting for moderators, and the decisions on them: approving a before/after pair
//! publishes it and counts it on the practitioner's row; approving a headshot puts it on the
//! profile and the cards; rejecting either keeps it private with a reason.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::domain::gallery::own::remove_unused_image;
use crate::domain::gallery::{GalleryPair, ImageView, with_images};
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::queues::{QueuePage, page_of, pending_headshots, pending_pairs};
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters;
use crate::domain::{Transactional, begin_write};
use crate::entities::{gallery_item, headshot, image, practitioner};
use crate::media::{self, MediaStore};
use crate::vocabulary::{PhotoStatus, ReasonCode};

/// A moderator's decision on a picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoDecision {
    Approve,
    /// The practitioner sees the reason; the note goes to the audit log.
    Reject {
        reason: ReasonCode,
        note: Option<String>,
    },
}

impl PhotoDecision {
    fn status(&self) -> PhotoStatus {
        match self {
            PhotoDecision::Approve => PhotoStatus::Approved,
            PhotoDecision::Reject { .. } => PhotoStatus::Rejected,
        }
    }

    fn reason(&self) -> Option<ReasonCode> {
        match self {
            PhotoDecision::Approve => None,
            PhotoDecision::Reject { reason, .. } => Some(*reason),
        }
    }
}

/// Approves or rejects a pending pair, only if it is still pending.
pub async fn decide_photo(
    db: &impl Transactional,
    moderator_id: i64,
    item_id: i64,
    decision: PhotoDecision,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use gallery_item::Column as G;
    let txn = begin_write(db).await?;
    let found = gallery_item::Entity::find_by_id(item_id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(&txn, moderator_id, None, found.practitioner_id).await?;
    let (to, rejection) = (decision.status(), decision.reason());
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
    AuditEvent::photo_decided(moderator_id, item_id, decision)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Approves or rejects a pending headshot, only if it is still pending. An approved one
/// replaces the practitioner's previous headshot (whose files are removed) on the profile
/// and the cards.
pub async fn decide_headshot(
    db: &impl Transactional,
    store: &dyn MediaStore,
    moderator_id: i64,
    headshot_id: i64,
    decision: PhotoDecision,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    use headshot::Column as H;
    let txn = begin_write(db).await?;
    let found = headshot::Entity::find_by_id(headshot_id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(&txn, moderator_id, None, found.practitioner_id).await?;
    let (to, rejection) = (decision.status(), decision.reason());
    let changed = headshot::Entity::update_many()
        .col_expr(H::Status, Expr::value(to))
        .col_expr(H::RejectionReason, Expr::value(rejection))
        .col_expr(H::ModeratedBy, Expr::value(Some(moderator_id)))
        .col_expr(H::ModeratedAt, Expr::value(Some(now)))
        .col_expr(H::UpdatedAt, Expr::value(now))
        .filter(H::Id.eq(headshot_id))
        .filter(H::Status.eq(PhotoStatus::Pending))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        let current = headshot::Entity::find_by_id(headshot_id)
            .one(&txn)
            .await?
            .ok_or(TransitionError::NotFound)?;
        return Err(handled_by(&txn, current.moderated_by, current.moderated_at).await?);
    }
    let mut files = Vec::new();
    if to == PhotoStatus::Approved {
        let replaced = headshot::Entity::find()
            .filter(H::PractitionerId.eq(found.practitioner_id))
            .filter(H::Status.eq(PhotoStatus::Approved))
            .filter(H::Id.ne(headshot_id))
            .all(&txn)
            .await?;
        for old in replaced {
            headshot::Entity::delete_by_id(old.id).exec(&txn).await?;
            files.extend(remove_unused_image(&txn, old.image_id).await?);
        }
        counters::refresh_portrait(&txn, found.practitioner_id, now).await?;
    }
    AuditEvent::headshot_decided(moderator_id, headshot_id, decision)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    media::delete_all(store, &files).await;
    Ok(())
}

/// Another practitioner's picture an upload looked like.
#[derive(Clone, Debug)]
pub struct MatchedPicture {
    pub image: ImageView,
    pub practitioner_name: String,
    pub practitioner_slug: String,
}

/// Who a waiting picture belongs to.
#[derive(Clone, Debug)]
pub struct Submitter {
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub published: bool,
    /// The viewing moderator owns the profile, so may not decide it.
    pub own: bool,
}

/// A before/after pair waiting for a decision.
#[derive(Clone, Debug)]
pub struct PairQueueItem {
    pub submitted_at: DateTime<Utc>,
    pub submitter: Submitter,
    pub pair: GalleryPair,
    pub matched: Option<MatchedPicture>,
}

/// A headshot waiting for a decision.
#[derive(Clone, Debug)]
pub struct HeadshotQueueItem {
    pub headshot_id: i64,
    pub submitted_at: DateTime<Utc>,
    pub submitter: Submitter,
    pub image: ImageView,
    pub matched: Option<MatchedPicture>,
}

/// The photos queue: a page of pairs, oldest first, and every waiting headshot.
#[derive(Clone, Debug)]
pub struct PhotoQueue {
    pub pairs: QueuePage<PairQueueItem>,
    pub headshots: Vec<HeadshotQueueItem>,
}

/// Pending pictures, as `moderator_id` sees them.
pub async fn photo_queue(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<PhotoQueue, DbErr> {
    let (items, total) = page_of(
        db,
        pending_pairs()
            .order_by_asc(gallery_item::Column::CreatedAt)
            .order_by_asc(gallery_item::Column::Id),
        page,
    )
    .await?;
    let waiting_headshots = pending_headshots()
        .order_by_asc(headshot::Column::CreatedAt)
        .order_by_asc(headshot::Column::Id)
        .all(db)
        .await?;

    let owner_of = |item_id: i64| items.iter().find(|i| i.id == item_id);
    let mut image_ids: Vec<i64> = items.iter().filter_map(|i| i.matched_image_id).collect();
    image_ids.extend(
        waiting_headshots
            .iter()
            .flat_map(|h| [Some(h.image_id), h.matched_image_id])
            .flatten(),
    );
    let images = images_by_id(db, &image_ids).await?;
    let whose = owners_of_images(db, &image_ids).await?;
    let mut practitioner_ids: Vec<i64> = items.iter().map(|i| i.practitioner_id).collect();
    practitioner_ids.extend(waiting_headshots.iter().map(|h| h.practitioner_id));
    practitioner_ids.extend(whose.values().copied());
    let practitioners: HashMap<i64, practitioner::Model> = practitioner::Entity::find()
        .filter(practitioner::Column::Id.is_in(practitioner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let submitter = |practitioner_id: i64| {
        practitioners.get(&practitioner_id).map(|p| Submitter {
            practitioner_name: p.name.clone(),
            practitioner_slug: p.slug.clone(),
            published: p.published,
            own: p.account_id == Some(moderator_id),
        })
    };
    let matched = |image_id: Option<i64>| {
        let image_id = image_id?;
        let p = practitioners.get(whose.get(&image_id)?)?;
        Some(MatchedPicture {
            image: images.get(&image_id)?.clone(),
            practitioner_name: p.name.clone(),
            practitioner_slug: p.slug.clone(),
        })
    };

    let mut pairs = Vec::new();
    for pair in with_images(db, items.clone()).await? {
        let Some(item) = owner_of(pair.id) else {
            continue;
        };
        let Some(by) = submitter(item.practitioner_id) else {
            continue;
        };
        pairs.push(PairQueueItem {
            submitted_at: item.created_at,
            submitter: by,
            matched: matched(item.matched_image_id),
            pair,
        });
    }
    let headshots = waiting_headshots
        .iter()
        .filter_map(|h| {
            Some(HeadshotQueueItem {
                headshot_id: h.id,
                submitted_at: h.created_at,
                submitter: submitter(h.practitioner_id)?,
                image: images.get(&h.image_id)?.clone(),
                matched: matched(h.matched_image_id),
            })
        })
        .collect();
    Ok(PhotoQueue {
        pairs: QueuePage::new(pairs, total, page),
        headshots,
    })
}

async fn images_by_id(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, ImageView>, DbErr> {
    Ok(image::Entity::find()
        .filter(image::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, ImageView::from(i)))
        .collect())
}

/// The practitioner each image belongs to (through a pair or a headshot).
async fn owners_of_images(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, i64>, DbErr> {
    let mut owners = HashMap::new();
    for item in gallery_item::Entity::find()
        .filter(
            Condition::any()
                .add(gallery_item::Column::BeforeImageId.is_in(ids.iter().copied()))
                .add(gallery_item::Column::AfterImageId.is_in(ids.iter().copied())),
        )
        .all(db)
        .await?
    {
        owners.insert(item.before_image_id, item.practitioner_id);
        owners.insert(item.after_image_id, item.practitioner_id);
    }
    for h in headshot::Entity::find()
        .filter(headshot::Column::ImageId.is_in(ids.iter().copied()))
        .all(db)
        .await?
    {
        owners.insert(h.image_id, h.practitioner_id);
    }
    Ok(owners)
}
