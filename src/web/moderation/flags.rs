//! Reports: uphold (the review is removed) or dismiss.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{QueueParams, decided, note_of, path_id, shown_with};
use crate::domain::moderation::{flags, queues};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::vocabulary::ReasonCode;
use crate::web::guards::RequireModerator;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation/flags", get(queue))
        .route("/moderation/flags/{id}/uphold", post(uphold))
        .route("/moderation/flags/{id}/dismiss", post(dismiss))
}

async fn show(
    state: &AppState,
    user: &RequireModerator,
    page: u64,
    notice: Option<&Notice>,
    status: StatusCode,
) -> AppResult<Response> {
    let list = queues::flag_queue(&state.db, user.account.account_id, page).await?;
    Ok(shown_with(
        status,
        views::moderation::flags::queue_page(&user.visitor.chrome(), &list, notice),
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
struct UpholdForm {
    reason: String,
    note: String,
}

async fn uphold(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<UpholdForm>,
) -> AppResult<Response> {
    let decision = ReasonCode::parse(form.reason.trim())
        .ok_or_else(|| Notice::Problem("Choose a reason: the author sees it.".to_owned()))
        .and_then(|reason| Ok((reason, note_of(&form.note)?)));
    let (reason, note) = match decision {
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
    let outcome = flags::uphold_flag(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        reason,
        note,
        state.clock.now(),
    )
    .await;
    decided(
        outcome,
        "/moderation/flags?done=upheld",
        |notice, status| async move { show(&state, &user, 1, Some(&notice), status).await },
    )
    .await
}

async fn dismiss(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let outcome = flags::dismiss_flag(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        None,
        state.clock.now(),
    )
    .await;
    decided(
        outcome,
        "/moderation/flags?done=dismissed",
        |notice, status| async move { show(&state, &user, 1, Some(&notice), status).await },
    )
    .await
}
