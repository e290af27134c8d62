//! Photos: before/after pairs and headshots, approved or rejected with a reason.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;

use super::{DecisionForm, Queue, decide_with_reason, decided, path_id, queue};
use crate::domain::moderation::photos::{
    PhotoDecision, decide_headshot, decide_photo, photo_queue,
};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::web::guards::RequireModerator;
use crate::web::input::StrictForm;

struct Photos;

impl Queue for Photos {
    const PATH: &'static str = "/moderation/photos";

    async fn render(
        state: &AppState,
        user: &RequireModerator,
        page: u64,
        notice: Option<&Notice>,
    ) -> AppResult<Markup> {
        let list = photo_queue(&state.db, user.account.account_id, page).await?;
        Ok(views::moderation::photos::queue_page(
            &user.visitor.chrome(),
            &list,
            notice,
        ))
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(Photos::PATH, get(queue::<Photos>))
        .route("/moderation/photos/{id}/approve", post(approve_pair))
        .route("/moderation/photos/{id}/reject", post(reject_pair))
        .route("/moderation/headshots/{id}/approve", post(approve_headshot))
        .route("/moderation/headshots/{id}/reject", post(reject_headshot))
}

async fn approve_pair(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let outcome = decide_photo(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        PhotoDecision::Approve,
        state.clock.now(),
    )
    .await;
    decided::<Photos, _>(&state, &user, outcome, "photo-approved").await
}

async fn reject_pair(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<DecisionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let (moderator, now) = (user.account.account_id, state.clock.now());
    let decide = |reason, note| {
        decide_photo(
            &state.db,
            moderator,
            id,
            PhotoDecision::Reject { reason, note },
            now,
        )
    };
    decide_with_reason::<Photos, _, _>(&state, &user, &form, decide, "rejected").await
}

async fn approve_headshot(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let outcome = decide_headshot(
        &state.db,
        state.media.as_ref(),
        user.account.account_id,
        path_id(&id)?,
        PhotoDecision::Approve,
        state.clock.now(),
    )
    .await;
    decided::<Photos, _>(&state, &user, outcome, "headshot-approved").await
}

async fn reject_headshot(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<DecisionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let (moderator, now) = (user.account.account_id, state.clock.now());
    let store = state.media.as_ref();
    let decide = |reason, note| {
        let decision = PhotoDecision::Reject { reason, note };
        decide_headshot(&state.db, store, moderator, id, decision, now)
    };
    decide_with_reason::<Photos, _, _>(&state, &user, &form, decide, "rejected").await
}
