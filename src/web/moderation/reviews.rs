//! The reviews queue and its decisions: approve (one or several), reject, request changes,
//! remove.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{QueueParams, decided, note_of, path_id, shown_with};
use crate::domain::moderation::{TransitionError, queues, reviews};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::vocabulary::ReasonCode;
use crate::web::guards::RequireModerator;

pub(super) fn router() -> axum::Router<AppState> {
    Router::new()
        .route("/moderation/reviews", get(queue))
        .route(
            "/moderation/reviews/approve-selected",
            post(approve_selected),
        )
        .route("/moderation/reviews/{id}/approve", post(approve))
        .route("/moderation/reviews/{id}/reject", post(reject))
        .route(
            "/moderation/reviews/{id}/request-changes",
            post(request_changes),
        )
        .route("/moderation/reviews/{id}/remove", post(remove))
}

async fn show(
    state: &AppState,
    user: &RequireModerator,
    page: u64,
    notice: Option<&Notice>,
    status: StatusCode,
) -> AppResult<Response> {
    let list = queues::review_queue(&state.db, user.account.account_id, page).await?;
    Ok(shown_with(
        status,
        views::moderation::reviews::queue_page(&user.visitor.chrome(), &list, notice),
    ))
}

async fn queue(
    State(state): State<AppState>,
    user: RequireModerator,
    Query(params): Query<QueueParams>,
) -> AppResult<Response> {
    show(
        &state,
        &user,
        params.page(),
        params.notice().as_ref(),
        StatusCode::OK,
    )
    .await
}

/// Redirects to the queue saying what was done, or shows why nothing was.
async fn answer<T>(
    state: &AppState,
    user: &RequireModerator,
    outcome: Result<T, TransitionError>,
    done: &str,
) -> AppResult<Response> {
    decided(
        outcome,
        &format!("/moderation/reviews?done={done}"),
        |notice, status| async move { show(state, user, 1, Some(&notice), status).await },
    )
    .await
}

async fn approve(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let outcome = reviews::approve_review(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        state.clock.now(),
    )
    .await;
    answer(&state, &user, outcome, "approved").await
}

async fn approve_selected(
    State(state): State<AppState>,
    user: RequireModerator,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(key, _)| key == "revision")
        .filter_map(|(_, value)| value.parse().ok())
        .take(queues::QUEUE_PAGE_SIZE as usize)
        .collect();
    if ids.is_empty() {
        let notice = Notice::Problem("Select at least one review to approve.".to_owned());
        return show(
            &state,
            &user,
            1,
            Some(&notice),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mut approved = 0;
    let mut problems = Vec::new();
    for id in ids {
        match reviews::approve_review(&state.db, user.account.account_id, id, state.clock.now())
            .await
        {
            Ok(_) => approved += 1,
            Err(TransitionError::Database(err)) => return Err(err.into()),
            Err(TransitionError::AlreadyHandled { by, at }) => problems.push(format!(
                "review text #{id}: {}",
                TransitionError::already_handled_words(&by, at)
            )),
            Err(other) => problems.push(format!("review text #{id}: {other}")),
        }
    }
    let notice = if problems.is_empty() {
        Notice::Done(format!("Approved {approved}."))
    } else {
        Notice::Problem(format!(
            "Approved {approved}. Not approved: {}",
            problems.join("; ")
        ))
    };
    show(&state, &user, 1, Some(&notice), StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DecisionForm {
    reason: String,
    note: String,
}

/// The reason and note of a rejection or removal, or the notice saying what is missing.
fn reason_and_note(form: &DecisionForm) -> Result<(ReasonCode, Option<String>), Notice> {
    let reason = ReasonCode::parse(form.reason.trim())
        .ok_or_else(|| Notice::Problem("Choose a reason: the author sees it.".to_owned()))?;
    Ok((reason, note_of(&form.note)?))
}

async fn reject(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let (reason, note) = match reason_and_note(&form) {
        Ok(decision) => decision,
        Err(notice) => {
            return show(
                &state,
                &user,
                1,
                Some(&notice),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let outcome = reviews::reject_review(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        reason,
        note,
        state.clock.now(),
    )
    .await;
    answer(&state, &user, outcome, "rejected").await
}

async fn request_changes(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let note = match note_of(&form.note) {
        Ok(Some(note)) => note,
        Ok(None) => {
            let notice = Notice::Problem("Say what the author should change.".to_owned());
            return show(
                &state,
                &user,
                1,
                Some(&notice),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(notice) => {
            return show(
                &state,
                &user,
                1,
                Some(&notice),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let outcome = reviews::request_changes(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        note,
        state.clock.now(),
    )
    .await;
    answer(&state, &user, outcome, "changes").await
}

async fn remove(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let (reason, note) = match reason_and_note(&form) {
        Ok(decision) => decision,
        Err(notice) => {
            return show(
                &state,
                &user,
                1,
                Some(&notice),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let outcome = match reviews::review_of_text(&state.db, path_id(&id)?).await? {
        Some(review_id) => {
            reviews::remove_review(
                &state.db,
                user.account.account_id,
                review_id,
                reason,
                note,
                state.clock.now(),
            )
            .await
        }
        None => Err(TransitionError::NotFound),
    };
    answer(&state, &user, outcome, "removed").await
}
