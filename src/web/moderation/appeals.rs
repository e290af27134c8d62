//! Appeals, decided by a moderator other than the one who made the decision.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{QueueParams, decided, note_of, path_id, shown_with};
use crate::domain::moderation::{appeals, queues};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::web::guards::RequireModerator;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation/appeals", get(queue))
        .route("/moderation/appeals/{id}/decide", post(decide))
}

async fn show(
    state: &AppState,
    user: &RequireModerator,
    page: u64,
    notice: Option<&Notice>,
    status: StatusCode,
) -> AppResult<Response> {
    let list = queues::appeal_queue(&state.db, user.account.account_id, page).await?;
    Ok(shown_with(
        status,
        views::moderation::appeals::queue_page(&user.visitor.chrome(), &list, notice),
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AppealDecision {
    grant: String,
    note: String,
}

async fn decide(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<AppealDecision>,
) -> AppResult<Response> {
    let grant = match form.grant.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            let notice = Notice::Problem("Choose to reverse or to keep the decision.".to_owned());
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
    let note = match note_of(&form.note) {
        Ok(note) => note,
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
    let outcome = appeals::decide_appeal(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        grant,
        note,
        state.clock.now(),
    )
    .await;
    let done = if grant { "granted" } else { "refused" };
    decided(
        outcome,
        &format!("/moderation/appeals?done={done}"),
        |notice, status| async move { show(&state, &user, 1, Some(&notice), status).await },
    )
    .await
}
