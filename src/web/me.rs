//! A patient's own pages.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::Markup;

use crate::domain::reviews;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::web::guards::RequirePatient;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/reviews", get(my_reviews))
        .route("/me/{*rest}", get(unknown).post(unknown))
}

async fn my_reviews(State(state): State<AppState>, user: RequirePatient) -> AppResult<Markup> {
    let list = reviews::authored::by_author(&state.db, user.account.account_id).await?;
    Ok(views::members::my_reviews_page(
        &user.visitor.chrome(),
        &list,
    ))
}

async fn unknown(_: RequirePatient) -> AppError {
    AppError::NotFound
}
