//! What waits for moderators: each queue oldest first, a page at a time, with its count.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement, UnionType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Iterable,
    PaginatorTrait, QueryFilter, QueryOrder, QueryResult, QuerySelect, QueryTrait, Select,
};

use crate::domain::credential_documents::DocumentInfo;
use crate::domain::credentials::CredentialDetails;
use crate::domain::reviews::{ReviewText, fields_of, texts_of};
use crate::domain::select_rows;
use crate::entities::{
    account, appeal, credential, flag, gallery_item, headshot, practitioner, review,
};
use crate::entities::{moderation_event, practitioner_response, review_revision};
use crate::vocabulary::{
    AppealStatus, CredentialStatus, FlagReason, FlagStatus, ModerationAction, PhotoStatus,
    ReasonCode, ReplyStatus, ReviewStatus, RevisionStatus, SubjectKind,
};

/// Items on one queue page.
pub const QUEUE_PAGE_SIZE: u64 = 20;

/// One page of a queue.
#[derive(Clone, Debug)]
pub struct QueuePage<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
}

impl<T> QueuePage<T> {
    pub(crate) fn new(items: Vec<T>, total: u64, page: u64) -> Self {
        Self {
            items,
            total,
            page,
            pages: Ord::max(total.div_ceil(QUEUE_PAGE_SIZE), 1),
        }
    }
}

fn offset(page: u64) -> u64 {
    page.saturating_sub(1).saturating_mul(QUEUE_PAGE_SIZE)
}

/// A row of a queue page with the length of the whole queue.
struct Counted<M> {
    row: M,
    total: i64,
}

impl<M: FromQueryResult> FromQueryResult for Counted<M> {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            row: M::from_query_result(res, pre)?,
            total: res.try_get(pre, "queue_total")?,
        })
    }
}

/// Page `page` of `waiting` (in queue order) and how many wait in all, in one statement: each
/// row carries the count of the whole queue (a scalar subquery the database runs once; a
/// window count would copy every waiting row first). Only a page past the end counts on its
/// own.
pub(crate) async fn page_of<E>(
    db: &impl ConnectionTrait,
    waiting: Select<E>,
    page: u64,
) -> Result<(Vec<E::Model>, u64), DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
{
    let mut queue_length = waiting.clone().into_query();
    queue_length
        .clear_order_by()
        .clear_selects()
        .expr(Expr::cust("COUNT(*)"));
    let mut select = waiting.clone().limit(QUEUE_PAGE_SIZE).offset(offset(page));
    QuerySelect::query(&mut select).expr_as(
        Expr::SubQuery(None, Box::new(queue_length.into())),
        Alias::new("queue_total"),
    );
    let rows = select.into_model::<Counted<E::Model>>().all(db).await?;
    let total = match rows.first() {
        Some(first) => first.total.unsigned_abs(),
        None if page <= 1 => 0,
        None => waiting.count(db).await?,
    };
    Ok((rows.into_iter().map(|c| c.row).collect(), total))
}

/// How many items wait in each moderation queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Review texts (new reviews and edits) awaiting a decision.
    pub reviews: u64,
    /// Appeals this moderator may decide.
    pub appeals: u64,
    pub flags: u64,
    pub credentials: u64,
    pub photos: u64,
}

/// Pending texts of reviews that can still be decided (new, or edits of published ones).
/// Each pending text looks up its own review (EXISTS by primary key): an `IN` over every
/// pending or published review would list all published reviews first.
fn pending_texts() -> sea_orm::Select<review_revision::Entity> {
    review_revision::Entity::find()
        .filter(review_revision::Column::Status.eq(RevisionStatus::Pending))
        .filter(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(review::Entity)
                .and_where(
                    Expr::col((review::Entity, review::Column::Id))
                        .equals((review_revision::Entity, review_revision::Column::ReviewId)),
                )
                .and_where(
                    review::Column::Status.is_in([ReviewStatus::Pending, ReviewStatus::Approved]),
                )
                .to_owned(),
        ))
}

/// Open appeals `moderator_id` may decide (not their own decisions).
fn open_appeals_for(moderator_id: i64) -> sea_orm::Select<appeal::Entity> {
    appeal::Entity::find()
        .filter(appeal::Column::Status.eq(AppealStatus::Open))
        .filter(
            Condition::any()
                .add(appeal::Column::OriginalModeratorId.is_null())
                .add(appeal::Column::OriginalModeratorId.ne(moderator_id)),
        )
}

#[derive(FromQueryResult)]
struct QueueLength {
    queue: i32,
    n: i64,
}

/// Counts the waiting items of every queue, as `moderator_id` sees them, in one statement.
pub async fn queue_counts(
    db: &impl ConnectionTrait,
    moderator_id: i64,
) -> Result<QueueCounts, DbErr> {
    // (queue number, its waiting rows); pairs and headshots share the photos queue.
    let lengths: [(i32, SelectStatement); 6] = [
        (0, pending_texts().into_query()),
        (1, open_appeals_for(moderator_id).into_query()),
        (
            2,
            flag::Entity::find()
                .filter(flag::Column::Status.eq(FlagStatus::Open))
                .into_query(),
        ),
        (
            3,
            credential::Entity::find()
                .filter(credential::Column::Status.eq(CredentialStatus::Pending))
                .into_query(),
        ),
        (
            4,
            gallery_item::Entity::find()
                .filter(gallery_item::Column::Status.eq(PhotoStatus::Pending))
                .into_query(),
        ),
        (
            4,
            headshot::Entity::find()
                .filter(headshot::Column::Status.eq(PhotoStatus::Pending))
                .into_query(),
        ),
    ];
    let mut counts = lengths.into_iter().map(|(queue, mut waiting)| {
        waiting
            .clear_selects()
            .expr_as(Expr::val(queue), Alias::new("queue"))
            .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
            .to_owned()
    });
    let mut query = counts.next().unwrap_or_else(Query::select);
    for count in counts {
        query.union(UnionType::All, count);
    }
    let mut found = QueueCounts::default();
    for row in select_rows::<QueueLength>(db, &query).await? {
        let n = row.n.unsigned_abs();
        match row.queue {
            0 => found.reviews += n,
            1 => found.appeals += n,
            2 => found.flags += n,
            3 => found.credentials += n,
            _ => found.photos += n,
        }
    }
    Ok(found)
}

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

/// Whose review this is and whose profile it is about, for the "not your own" rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewContext {
    pub review_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub author_name: String,
    /// Came through a practitioner's invite.
    pub verified_patient: bool,
    /// The viewing moderator wrote it or owns the profile, so may not decide it.
    pub own: bool,
}

/// A review with whose it is, whom it is about and how many reviews its author wrote.
#[derive(FromQueryResult)]
struct ContextRow {
    #[sea_orm(nested)]
    review: review::Model,
    author_name: Option<String>,
    practitioner_name: Option<String>,
    practitioner_slug: Option<String>,
    owner_account_id: Option<i64>,
    author_reviews: i64,
}

/// The context of each review, with the review and how many reviews its author wrote: one
/// statement (the review joined to its author and practitioner).
async fn contexts(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    review_ids: &[i64],
) -> Result<HashMap<i64, (ReviewContext, review::Model, u64)>, DbErr> {
    let authored = Alias::new("authored");
    let author_reviews = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_as(review::Entity, authored.clone())
        .and_where(
            Expr::col((authored, review::Column::AuthorId))
                .equals((review::Entity, review::Column::AuthorId)),
        )
        .to_owned();
    let mut query = Query::select();
    for column in review::Column::iter() {
        query.column((review::Entity, column));
    }
    query
        .expr_as(
            Expr::col((account::Entity, account::Column::DisplayName)),
            Alias::new("author_name"),
        )
        .expr_as(
            Expr::col((practitioner::Entity, practitioner::Column::Name)),
            Alias::new("practitioner_name"),
        )
        .expr_as(
            Expr::col((practitioner::Entity, practitioner::Column::Slug)),
            Alias::new("practitioner_slug"),
        )
        .expr_as(
            Expr::col((practitioner::Entity, practitioner::Column::AccountId)),
            Alias::new("owner_account_id"),
        )
        .expr_as(
            Expr::SubQuery(None, Box::new(author_reviews.into())),
            Alias::new("author_reviews"),
        )
        .from(review::Entity)
        .left_join(
            account::Entity,
            Expr::col((account::Entity, account::Column::Id))
                .equals((review::Entity, review::Column::AuthorId)),
        )
        .left_join(
            practitioner::Entity,
            Expr::col((practitioner::Entity, practitioner::Column::Id))
                .equals((review::Entity, review::Column::PractitionerId)),
        )
        .and_where(
            Expr::col((review::Entity, review::Column::Id)).is_in(review_ids.iter().copied()),
        );
    Ok(select_rows::<ContextRow>(db, &query)
        .await?
        .into_iter()
        .map(|row| {
            let r = row.review;
            let context = ReviewContext {
                review_id: r.id,
                practitioner_name: row.practitioner_name.unwrap_or_default(),
                practitioner_slug: row.practitioner_slug.unwrap_or_default(),
                author_name: row.author_name.unwrap_or_default(),
                verified_patient: r.verified_patient,
                own: r.author_id == moderator_id || row.owner_account_id == Some(moderator_id),
            };
            (r.id, (context, r, row.author_reviews.unsigned_abs()))
        })
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

/// Page `page` of the reviews queue, oldest submission first.
pub async fn review_queue(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<ReviewQueueItem>, DbErr> {
    let (pending, total) = page_of(
        db,
        pending_texts()
            .order_by_asc(review_revision::Column::CreatedAt)
            .order_by_asc(review_revision::Column::Id),
        page,
    )
    .await?;
    let review_ids: Vec<i64> = pending.iter().map(|v| v.review_id).collect();
    let contexts = contexts(db, moderator_id, &review_ids).await?;
    // The published text of each edit, read only when the page has edits.
    let published: Vec<i64> = contexts
        .values()
        .filter(|(_, r, _)| r.status == ReviewStatus::Approved)
        .filter_map(|(_, r, _)| r.approved_revision_id)
        .collect();
    let queued: Vec<(i64, i64, DateTime<Utc>)> = pending
        .iter()
        .map(|v| (v.id, v.review_id, v.created_at))
        .collect();
    let mut texts = pending;
    if !published.is_empty() {
        texts.extend(
            review_revision::Entity::find()
                .filter(review_revision::Column::Id.is_in(published))
                .all(db)
                .await?,
        );
    }
    let mut fields = texts_of(db, texts).await?;
    let items = queued
        .into_iter()
        .filter_map(|(revision_id, review_id, submitted_at)| {
            let (context, review, author_reviews) = contexts.get(&review_id)?;
            let text = fields.remove(&revision_id)?;
            let before = (review.status == ReviewStatus::Approved)
                .then_some(review.approved_revision_id)
                .flatten()
                .and_then(|id| fields.get(&id));
            Some(ReviewQueueItem {
                revision_id,
                submitted_at,
                context: context.clone(),
                author_other_reviews: author_reviews.saturating_sub(1),
                changes_from_published: before.map(|b| text.changes_from(b)),
                fields: text,
            })
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
            let (context, _, _) = contexts.get(&a.review_id)?;
            let decision = latest.get(&a.review_id);
            Some(AppealQueueItem {
                appeal_id: a.id,
                appealed_at: a.created_at,
                context: context.clone(),
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
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<FlagQueueItem>, DbErr> {
    let (flags, total) = page_of(
        db,
        flag::Entity::find()
            .filter(flag::Column::Status.eq(FlagStatus::Open))
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
            let (context, review, _) = contexts.get(&review_of(&f)?)?;
            let about = match f.subject_kind {
                SubjectKind::Reply => FlaggedItem::Reply(replies.get(&f.subject_id)?.status),
                _ => FlaggedItem::Review(review.status),
            };
            Some(FlagQueueItem {
                flag_id: f.id,
                reported_at: f.created_at,
                context: context.clone(),
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
    db: &impl ConnectionTrait,
    moderator_id: i64,
    page: u64,
) -> Result<QueuePage<CredentialQueueItem>, DbErr> {
    let (rows, total) = page_of(
        db,
        credential::Entity::find()
            .filter(credential::Column::Status.eq(CredentialStatus::Pending))
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
