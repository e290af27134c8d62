//! Reviews as their authors see them on `/me/reviews`: the state in words, the reason and
//! the moderator's note when a text was turned down or the review removed, and what the
//! author can do next (edit, withdraw, appeal once).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::reviews::submission::refusal;
use crate::entities::{appeal, moderation_event, practitioner, review, review_revision};
use crate::vocabulary::{
    AppealStatus, ModerationAction, ReasonCode, ReviewStatus, RevisionStatus, SubjectKind,
};

/// One of the author's reviews.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthoredReview {
    pub review_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub practitioner_published: bool,
    pub status: ReviewStatus,
    /// The newest text's title and rating.
    pub title: String,
    pub rating: i16,
    /// The state in words, e.g. "Published; your edit is waiting for a moderator".
    pub state: String,
    /// Why a text was turned down or the review removed, and the moderator's note.
    pub reason: Option<ReasonCode>,
    pub note: Option<String>,
    pub written_at: DateTime<Utc>,
    pub can_edit: bool,
    pub can_withdraw: bool,
    pub can_appeal: bool,
    /// The appeal, once made: its state in words.
    pub appeal: Option<String>,
}

/// The state in words, from the review's status and its newest text's.
fn state_in_words(status: ReviewStatus, latest: Option<RevisionStatus>) -> String {
    match (status, latest) {
        (ReviewStatus::Approved, Some(RevisionStatus::Pending)) => {
            "Published; your edit is waiting for a moderator (the published text stays up meanwhile)."
        }
        (ReviewStatus::Approved, Some(RevisionStatus::NeedsChanges)) => {
            "Published; a moderator sent your edit back with a note (the published text stays up)."
        }
        (ReviewStatus::Approved, Some(RevisionStatus::Rejected)) => {
            "Published; your edit was not accepted (the published text stays up)."
        }
        (ReviewStatus::Approved, _) => "Published.",
        (ReviewStatus::Pending, _) => "Waiting for a moderator.",
        (ReviewStatus::NeedsChanges, _) => {
            "A moderator asked for changes: edit your review and send it again."
        }
        (ReviewStatus::Rejected, _) => "Not published: a moderator rejected it.",
        (ReviewStatus::Removed, _) => "Removed by a moderator after it was published.",
        (ReviewStatus::Hidden, _) => {
            "Hidden while a moderator looks at a report about it."
        }
        (ReviewStatus::Withdrawn, _) => "Withdrawn by you; not shown.",
        (ReviewStatus::Appealed, _) => "Your appeal is waiting for a moderator.",
    }
    .to_owned()
}

/// Every review written by `author_id`, newest first; only theirs.
pub async fn by_author(
    db: &impl ConnectionTrait,
    author_id: i64,
) -> Result<Vec<AuthoredReview>, DbErr> {
    let reviews = review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = reviews.iter().map(|r| r.id).collect();
    let revision_ids: Vec<i64> = reviews
        .iter()
        .filter_map(|r| r.current_revision_id)
        .collect();
    let practitioner_ids: Vec<i64> = reviews.iter().map(|r| r.practitioner_id).collect();
    let revisions: HashMap<i64, review_revision::Model> = review_revision::Entity::find()
        .filter(review_revision::Column::Id.is_in(revision_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let practitioners: HashMap<i64, practitioner::Model> = practitioner::Entity::find()
        .filter(practitioner::Column::Id.is_in(practitioner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    // The latest removal of each removed review says why.
    let removals: HashMap<i64, moderation_event::Model> = moderation_event::Entity::find()
        .filter(moderation_event::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(moderation_event::Column::SubjectId.is_in(ids.iter().copied()))
        .filter(
            moderation_event::Column::Action
                .is_in([ModerationAction::Remove, ModerationAction::UpholdFlag]),
        )
        .order_by_asc(moderation_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.subject_id, e))
        .collect();
    let appeals: HashMap<i64, appeal::Model> = appeal::Entity::find()
        .filter(appeal::Column::ReviewId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.review_id, a))
        .collect();
    Ok(reviews
        .into_iter()
        .map(|r| {
            let revision = r.current_revision_id.and_then(|id| revisions.get(&id));
            let practitioner = practitioners.get(&r.practitioner_id);
            let latest = revision.map(|v| v.status);
            let (reason, note) = match (r.status, latest) {
                (ReviewStatus::Removed, _) => removals
                    .get(&r.id)
                    .map_or((None, None), |e| (e.reason_code, e.note.clone())),
                (_, Some(RevisionStatus::Rejected | RevisionStatus::NeedsChanges)) => {
                    revision.map_or((None, None), |v| (v.reason_code, v.moderator_note.clone()))
                }
                _ => (None, None),
            };
            let appeal = appeals.get(&r.id).map(|a| match a.status {
                AppealStatus::Open => "Appealed; waiting for a second moderator.".to_owned(),
                AppealStatus::Upheld => format!(
                    "Appeal decided: the decision was kept{}",
                    a.decision_note
                        .as_deref()
                        .map(|n| format!(" ({n})."))
                        .unwrap_or_else(|| ".".to_owned())
                ),
                AppealStatus::Overturned => {
                    "Appeal decided: the decision was reversed and your review published."
                        .to_owned()
                }
            });
            let published = practitioner.is_some_and(|p| p.published);
            AuthoredReview {
                review_id: r.id,
                practitioner_name: practitioner.map(|p| p.name.clone()).unwrap_or_default(),
                practitioner_slug: practitioner.map(|p| p.slug.clone()).unwrap_or_default(),
                practitioner_published: published,
                status: r.status,
                title: revision.map(|v| v.title.clone()).unwrap_or_default(),
                rating: revision.map_or(0, |v| v.rating),
                state: state_in_words(r.status, latest),
                reason,
                note,
                written_at: r.created_at,
                can_edit: published && refusal(r.status).is_none(),
                can_withdraw: !matches!(
                    r.status,
                    ReviewStatus::Withdrawn | ReviewStatus::Removed | ReviewStatus::Appealed
                ),
                can_appeal: !r.appeal_used
                    && matches!(r.status, ReviewStatus::Rejected | ReviewStatus::Removed),
                appeal,
            }
        })
        .collect())
}
