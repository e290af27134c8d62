//! Reports: uphold (the review is removed) or dismiss.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;

use super::{DecisionForm, Queue, decide_with_reason, decided, path_id, queue};
use crate::domain::moderation::{flags, queues};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::web::guards::RequireModerator;
use crate::web::input::StrictForm;

struct Flags;

impl Queue for Flags {
    const PATH: &'static str = "/moderation/flags";

    async fn render(
        state: &AppState,
        user: &RequireModerator,
        page: u64,
        notice: Option<&Notice>,
    ) -> AppResult<Markup> {
        let list = queues::flag_queue(&state.db, user.account.account_id, page).await?;
        Ok(views::moderation::flags::queue_page(
            &user.visitor.chrome(),
            &list,
            notice,
        ))
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(Flags::PATH, get(queue::<Flags>))
        .route("/moderation/flags/{id}/uphold", post(uphold))
        .route("/moderation/flags/{id}/dismiss", post(dismiss))
}

async fn uphold(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<DecisionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let (moderator, now) = (user.account.account_id, state.clock.now());
    let decide = |reason, note| flags::uphold_flag(&state.db, moderator, id, reason, note, now);
    decide_with_reason::<Flags, _, _>(&state, &user, &form, decide, "upheld").await
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
    decided::<Flags, _>(&state, &user, outcome, "dismissed").await
}
