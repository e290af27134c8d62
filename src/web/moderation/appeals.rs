//! Appeals, decided by a moderator other than the one who made the decision.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use super::{Queue, decided, note_of, path_id, queue, unusable};
use crate::domain::moderation::{appeals, queues};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::web::guards::RequireModerator;
use crate::web::input::StrictForm;

struct Appeals;

impl Queue for Appeals {
    const PATH: &'static str = "/moderation/appeals";

    async fn render(
        state: &AppState,
        user: &RequireModerator,
        page: u64,
        notice: Option<&Notice>,
    ) -> AppResult<Markup> {
        let list = queues::appeal_queue(&state.db, user.account.account_id, page).await?;
        Ok(views::moderation::appeals::queue_page(
            &user.visitor.chrome(),
            &list,
            notice,
        ))
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(Appeals::PATH, get(queue::<Appeals>))
        .route("/moderation/appeals/{id}/decide", post(decide))
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
    StrictForm(form): StrictForm<AppealDecision>,
) -> AppResult<Response> {
    let grant = match form.grant.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            let why = Notice::Problem("Choose to reverse or to keep the decision.".to_owned());
            return unusable::<Appeals>(&state, &user, why).await;
        }
    };
    let note = match note_of(&form.note) {
        Ok(note) => note,
        Err(why) => return unusable::<Appeals>(&state, &user, why).await,
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
    decided::<Appeals, _>(&state, &user, outcome, done).await
}
