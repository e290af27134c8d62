//! The audit log, filterable by moderator, subject and action.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::Markup;

use super::page_number;
use crate::domain::moderation::log::{self as audit_log, LogFilter};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::vocabulary::{ModerationAction, SubjectKind};
use crate::web::guards::RequireModerator;
use crate::web::input::StrictQuery;

/// Events on one page of the log.
const LOG_PAGE_SIZE: u64 = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/moderation/log", get(log))
}

/// Reads the filter; an unreadable value is a 400 page naming it, never a silently wider log.
fn filter_of(pairs: &[(String, String)]) -> AppResult<(LogFilter, u64)> {
    let mut filter = LogFilter::default();
    let mut page = 1;
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "moderator" => {
                filter.actor_id = Some(value.parse().map_err(|_| {
                    AppError::BadRequest("Choose a moderator from the list.".to_owned())
                })?);
            }
            "subject" => {
                filter.subject_kind = Some(SubjectKind::parse(value).ok_or_else(|| {
                    AppError::BadRequest("Choose a subject from the list.".to_owned())
                })?);
            }
            "subject_id" => {
                filter.subject_id = Some(value.parse().map_err(|_| {
                    AppError::BadRequest("The subject number must be a whole number.".to_owned())
                })?);
            }
            "action" => {
                filter.action = Some(ModerationAction::parse(value).ok_or_else(|| {
                    AppError::BadRequest("Choose an action from the list.".to_owned())
                })?);
            }
            "page" => page = page_number(Some(value)),
            _ => {}
        }
    }
    Ok((filter, page))
}

/// The filter as a query string, for the page links.
fn query_of(filter: &LogFilter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(id) = filter.actor_id {
        pairs.push(("moderator", id.to_string()));
    }
    if let Some(kind) = filter.subject_kind {
        pairs.push(("subject", kind.as_str().to_owned()));
    }
    if let Some(id) = filter.subject_id {
        pairs.push(("subject_id", id.to_string()));
    }
    if let Some(action) = filter.action {
        pairs.push(("action", action.as_str().to_owned()));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

async fn log(
    State(state): State<AppState>,
    user: RequireModerator,
    StrictQuery(pairs): StrictQuery<Vec<(String, String)>>,
) -> AppResult<Markup> {
    let (filter, page) = filter_of(&pairs)?;
    let entries = audit_log::log_page(&state.db, &filter, page, LOG_PAGE_SIZE).await?;
    let pages = entries.total.div_ceil(LOG_PAGE_SIZE).max(1);
    let moderators = audit_log::moderators(&state.db).await?;
    Ok(views::moderation::log::log_page(
        &user.visitor.chrome(),
        &entries,
        (&filter, &query_of(&filter)),
        &moderators,
        (page, pages),
    ))
}
