//! What waits for moderators: each queue oldest first, a page at a time, with its count.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    PartialModelTrait, QueryFilter, QueryOrder, QuerySelect,
};

mod context;
mod page;
mod waiting;

pub use context::ReviewContext;
use context::{ContextRow, QueuedReview, contexts, with_context};

pub(crate) use page::page_of;
use page::{OFFSET_STAND_IN, page_at, page_statement, read_page};
pub use page::{QUEUE_PAGE_SIZE, QueuePage};
pub use waiting::{QueueCounts, queue_counts};
pub(crate) use waiting::{hold_or_release_text, pending_headshots, pending_pairs};
use waiting::{open_appeals_for, open_flags, pending_credentials, pending_texts};

use crate::domain::credential_documents::DocumentInfo;
use crate::domain::credentials::CredentialDetails;
use crate::domain::in_snapshot;
use crate::domain::reviews::{ReviewText, StoredText, fields_of};
use crate::domain::statement::BuiltOnce;
use crate::entities::{account, appeal, credential, flag, practitioner, review};
use crate::entities::{moderation_event, practitioner_response, review_revision};
use crate::vocabulary::{
    FlagReason, ModerationAction, ReasonCode, ReplyStatus, ReviewStatus, SubjectKind,
};

/// Names of accounts, by id.
async fn names(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, DbErr> {
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect())
}

/// Practitioners by id, with their owning account.
async fn practitioners(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, practitioner::Model>, DbErr> {
    Ok(practitioner::Entity::find()
        .filter(practitioner::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// A text waiting in the reviews queue.
#[derive(Clone, Debug)]
pub struct ReviewQueueItem {
    pub revision_id: i64,
    pub submitted_at: DateTime<Utc>,
    pub context: ReviewContext,
    /// How many other reviews the author has written.
    pub author_other_reviews: u64,
    pub fields: ReviewText,
    /// For an edit of a published review: what changed against the published text.
    pub changes_from_published: Option<Vec<(&'static str, String, String)>>,
}

/// The reviews queue's page statement, built once per database.
static REVIEW_QUEUE_PAGE: BuiltOnce = BuiltOnce::new();

/// A pending text and its review's context: one row of the reviews queue page.
#[derive(FromQueryResult)]
struct QueuedText {
    #[sea_orm(nested)]
    text: StoredText,
    #[sea_orm(nested)]
    review: ContextRow,
}

/// Page `page` of the reviews queue, oldest submission first: the texts with their reviews'
/// contexts and the queue's length in one statement, and the published text of each edit
/// in a second only when the page has edits. No snapshot is needed: a stored text never
/// changes, and the edit's published text is the one its row named.
pub async fn review_queue(
    db: &DatabaseConnection,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<ReviewQueueItem>, DbErr> {
    let in_order = || {
        pending_texts()
            .order_by_asc(review_revision::Column::CreatedAt)
            .order_by_asc(review_revision::Column::Id)
    };
    let backend = db.get_database_backend();
    // The page's text binds nothing of the request: built once, moved to the page asked.
    let template = REVIEW_QUEUE_PAGE.get(backend, || {
        let mut shown = StoredText::select_cols(in_order().select_only());
        with_context(
            QuerySelect::query(&mut shown).inner_join(
                review::Entity,
                Expr::col((review::Entity, review::Column::Id))
                    .equals((review_revision::Entity, review_revision::Column::ReviewId)),
            ),
        );
        page_statement(backend, in_order(), shown, OFFSET_STAND_IN)
    });
    let (pending, total) =
        read_page::<_, QueuedText>(db, page_at(template, page), page, in_order).await?;
    let pending: Vec<(StoredText, QueuedReview)> = pending
        .into_iter()
        .map(|row| (row.text, row.review.read(moderator_id)))
        .collect();
    // The published text of each edit.
    let published: Vec<i64> = pending
        .iter()
        .filter_map(|(_, review)| review.published_text())
        .collect();
    let mut before = if published.is_empty() {
        HashMap::new()
    } else {
        fields_of(db, &published).await?
    };
    let items = pending
        .into_iter()
        .map(|(text, review)| {
            let revision_id = text.id;
            let submitted_at = text.created_at;
            let fields = ReviewText::of_row(text);
            let published = review.published_text().and_then(|id| before.remove(&id));
            ReviewQueueItem {
                revision_id,
                submitted_at,
                author_other_reviews: review.author_reviews.saturating_sub(1),
                context: review.context,
                changes_from_published: published.map(|b| fields.changes_from(&b)),
                fields,
            }
        })
        .collect();
    Ok(QueuePage::new(items, total, page))
}

/// An appeal waiting for a second moderator.
#[derive(Clone, Debug)]
pub struct AppealQueueItem {
    pub appeal_id: i64,
    pub appealed_at: DateTime<Utc>,
    pub context: ReviewContext,
    pub statement: String,
    /// Reject or remove.
    pub original_action: ModerationAction,
    pub original_moderator: Option<String>,
    pub original_reason: Option<ReasonCode>,
    pub original_note: Option<String>,
    pub fields: Option<ReviewText>,
}

/// Page `page` of open appeals `moderator_id` may decide (never their own decisions).
pub async fn appeal_queue(
    db: &DatabaseConnection,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<AppealQueueItem>, DbErr> {
    in_snapshot(db, async |read| {
        appeal_queue_in(read, moderator_id, page).await
    })
    .await
}

async fn appeal_queue_in(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<AppealQueueItem>, DbErr> {
    let (appeals, total) = page_of(
        db,
        open_appeals_for(moderator_id)
            .order_by_asc(appeal::Column::CreatedAt)
            .order_by_asc(appeal::Column::Id),
        page,
    )
    .await?;
    let review_ids: Vec<i64> = appeals.iter().map(|a| a.review_id).collect();
    let contexts = contexts(db, moderator_id, &review_ids).await?;
    let revision_ids: Vec<i64> = appeals.iter().map(|a| a.revision_id).collect();
    let mut fields = fields_of(db, &revision_ids).await?;
    let moderator_ids: Vec<i64> = appeals
        .iter()
        .filter_map(|a| a.original_moderator_id)
        .collect();
    let moderators = names(db, &moderator_ids).await?;
    // The decision under appeal: the latest reject or removal of each review.
    let decisions: Vec<moderation_event::Model> = moderation_event::Entity::find()
        .filter(moderation_event::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(moderation_event::Column::SubjectId.is_in(review_ids.iter().copied()))
        .filter(moderation_event::Column::Action.is_in([
            ModerationAction::Reject,
            ModerationAction::Remove,
            ModerationAction::UpholdFlag,
        ]))
        .order_by_asc(moderation_event::Column::Id)
        .all(db)
        .await?;
    let latest: HashMap<i64, &moderation_event::Model> =
        decisions.iter().map(|e| (e.subject_id, e)).collect();
    let items = appeals
        .into_iter()
        .filter_map(|a| {
            let review = contexts.get(&a.review_id)?;
            let decision = latest.get(&a.review_id);
            Some(AppealQueueItem {
                appeal_id: a.id,
                appealed_at: a.created_at,
                context: review.context.clone(),
                statement: a.statement,
                original_action: a.original_action,
                original_moderator: a
                    .original_moderator_id
                    .and_then(|id| moderators.get(&id).cloned()),
                original_reason: decision.and_then(|e| e.reason_code),
                original_note: decision.and_then(|e| e.note.clone()),
                fields: fields.remove(&a.revision_id),
            })
        })
        .collect();
    Ok(QueuePage::new(items, total, page))
}

/// An open report, with the content as it was reported.
#[derive(Clone, Debug)]
pub struct FlagQueueItem {
    pub flag_id: i64,
    pub reported_at: DateTime<Utc>,
    pub context: ReviewContext,
    pub reporter: Option<String>,
    pub reason: FlagReason,
    pub note: String,
    pub snapshot: String,
    /// What was reported, and its state now (hidden by a health-details report, say).
    pub about: FlaggedItem,
}

/// What a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlaggedItem {
    Review(ReviewStatus),
    /// The practitioner's reply under the review of the context.
    Reply(ReplyStatus),
}

impl FlaggedItem {
    /// Whether a report hid it until a moderator decides.
    pub fn is_hidden(self) -> bool {
        matches!(
            self,
            FlaggedItem::Review(ReviewStatus::Hidden) | FlaggedItem::Reply(ReplyStatus::Hidden)
        )
    }
}

/// Page `page` of open reports, oldest first.
pub async fn flag_queue(
    db: &DatabaseConnection,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<FlagQueueItem>, DbErr> {
    in_snapshot(db, async |read| {
        flag_queue_in(read, moderator_id, page).await
    })
    .await
}

async fn flag_queue_in(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<FlagQueueItem>, DbErr> {
    let (flags, total) = page_of(
        db,
        open_flags()
            .order_by_asc(flag::Column::CreatedAt)
            .order_by_asc(flag::Column::Id),
        page,
    )
    .await?;
    let reply_ids: Vec<i64> = flags
        .iter()
        .filter(|f| f.subject_kind == SubjectKind::Reply)
        .map(|f| f.subject_id)
        .collect();
    let replies: HashMap<i64, practitioner_response::Model> = practitioner_response::Entity::find()
        .filter(practitioner_response::Column::Id.is_in(reply_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    // Each report's review: the one reported, or the one the reported reply answers.
    let review_of = |f: &flag::Model| match f.subject_kind {
        SubjectKind::Review => Some(f.subject_id),
        SubjectKind::Reply => replies.get(&f.subject_id).map(|r| r.review_id),
        _ => None,
    };
    let review_ids: Vec<i64> = flags.iter().filter_map(review_of).collect();
    let contexts = contexts(db, moderator_id, &review_ids).await?;
    let reporter_ids: Vec<i64> = flags.iter().filter_map(|f| f.reporter_id).collect();
    let reporters = names(db, &reporter_ids).await?;
    let items = flags
        .into_iter()
        .filter_map(|f| {
            let review = contexts.get(&review_of(&f)?)?;
            let about = match f.subject_kind {
                SubjectKind::Reply => FlaggedItem::Reply(replies.get(&f.subject_id)?.status),
                _ => FlaggedItem::Review(review.status),
            };
            Some(FlagQueueItem {
                flag_id: f.id,
                reported_at: f.created_at,
                context: review.context.clone(),
                reporter: f.reporter_id.and_then(|id| reporters.get(&id).cloned()),
                reason: f.reason,
                note: f.note,
                snapshot: f.content_snapshot,
                about,
            })
        })
        .collect();
    Ok(QueuePage::new(items, total, page))
}

/// A credential waiting to be checked.
#[derive(Clone, Debug)]
pub struct CredentialQueueItem {
    pub credential_id: i64,
    pub submitted_at: DateTime<Utc>,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub published: bool,
    pub details: CredentialDetails,
    /// The document the practitioner attached as evidence, if any.
    pub document: Option<DocumentInfo>,
    /// The viewing moderator owns the profile, so may not decide it.
    pub own: bool,
}

/// Page `page` of pending credentials, oldest first.
pub async fn credential_queue(
    db: &DatabaseConnection,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<CredentialQueueItem>, DbErr> {
    in_snapshot(db, async |read| {
        credential_queue_in(read, moderator_id, page).await
    })
    .await
}

async fn credential_queue_in(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<CredentialQueueItem>, DbErr> {
    let (rows, total) = page_of(
        db,
        pending_credentials()
            .order_by(credential::Column::UpdatedAt, Order::Asc)
            .order_by_asc(credential::Column::Id),
        page,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.practitioner_id).collect();
    let practitioners = practitioners(db, &ids).await?;
    let items = rows
        .into_iter()
        .filter_map(|c| {
            let p = practitioners.get(&c.practitioner_id)?;
            Some(CredentialQueueItem {
                credential_id: c.id,
                submitted_at: c.updated_at,
                practitioner_name: p.name.clone(),
                practitioner_slug: p.slug.clone(),
                published: p.published,
                own: p.account_id == Some(moderator_id),
                document: DocumentInfo::of(&c),
                details: c.into(),
            })
        })
        .collect();
    Ok(QueuePage::new(items, total, page))
}
