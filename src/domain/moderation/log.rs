//! Reading the audit log: a page of events, newest first, filtered by moderator, subject and
//! action. (Events are written only through [`super::audit::AuditEvent`].)

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::domain::paging::offset_of_page;
use crate::entities::{account, moderation_event};
use crate::vocabulary::{ModerationAction, ReasonCode, Role, SubjectKind};

/// Which events the log shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub actor_id: Option<i64>,
    pub subject_kind: Option<SubjectKind>,
    pub subject_id: Option<i64>,
    pub action: Option<ModerationAction>,
}

/// One event as the log page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    pub action: ModerationAction,
    pub reason_code: Option<ReasonCode>,
    pub note: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub revision_id: Option<i64>,
}

/// A page of the log, newest first, and how many events match.
#[derive(Clone, Debug)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub total: u64,
}

/// Events matching `filter`, newest first, page `page` (1-based) of `per_page`.
pub async fn log_page(
    db: &impl ConnectionTrait,
    filter: &LogFilter,
    page: u64,
    per_page: u64,
) -> Result<LogPage, DbErr> {
    use moderation_event::Column as E;
    let mut select = moderation_event::Entity::find();
    if let Some(actor) = filter.actor_id {
        select = select.filter(E::ActorId.eq(actor));
    }
    if let Some(kind) = filter.subject_kind {
        select = select.filter(E::SubjectKind.eq(kind));
    }
    if let Some(id) = filter.subject_id {
        select = select.filter(E::SubjectId.eq(id));
    }
    if let Some(action) = filter.action {
        select = select.filter(E::Action.eq(action));
    }
    let total = select.clone().count(db).await?;
    let events = select
        .order_by_desc(E::CreatedAt)
        .order_by_desc(E::Id)
        .limit(per_page)
        .offset(offset_of_page(page, per_page))
        .all(db)
        .await?;
    let actor_ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
    let names: std::collections::HashMap<i64, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    Ok(LogPage {
        total,
        entries: events
            .into_iter()
            .map(|e| LogEntry {
                id: e.id,
                at: e.created_at,
                actor: e.actor_id.and_then(|id| names.get(&id).cloned()),
                subject_kind: e.subject_kind,
                subject_id: e.subject_id,
                action: e.action,
                reason_code: e.reason_code,
                note: e.note,
                from_state: e.from_state,
                to_state: e.to_state,
                revision_id: e.revision_id,
            })
            .collect(),
    })
}

/// The moderators (and admins) who may appear in the log, by name, for its filter.
pub async fn moderators(db: &impl ConnectionTrait) -> Result<Vec<(i64, String)>, DbErr> {
    account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::DisplayName)
        .filter(account::Column::Role.is_in([Role::Moderator, Role::Admin]))
        .order_by_asc(account::Column::DisplayName)
        .into_tuple()
        .all(db)
        .await
}
