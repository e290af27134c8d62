//! The moderators' area.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::Markup;

use crate::domain::moderation;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::web::guards::RequireModerator;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation", get(overview))
        .route("/moderation/{*rest}", get(unknown).post(unknown))
}

async fn overview(State(state): State<AppState>, user: RequireModerator) -> AppResult<Markup> {
    let counts = moderation::queue_counts(&state.db).await?;
    Ok(views::members::moderation_page(
        &user.visitor.chrome(),
        &counts,
    ))
}

/// Unknown moderation addresses: moderators only, then not found.
async fn unknown(_: RequireModerator) -> AppError {
    AppError::NotFound
}
