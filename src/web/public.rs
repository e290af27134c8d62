//! Pages anyone may read.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use chrono::Utc;
use maud::Markup;
use serde::Deserialize;

use crate::domain::directory;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::web::visitor::Visitor;

/// How many practitioners the home page features.
const FEATURED_COUNT: u64 = 6;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/practitioners", get(practitioners))
}

async fn home(State(state): State<AppState>, visitor: Visitor) -> AppResult<Markup> {
    let featured = directory::featured(&state.db, FEATURED_COUNT, Utc::now().date_naive()).await?;
    Ok(views::directory::home_page(&visitor, &featured))
}

/// Query parameters are kept as text and parsed leniently: a malformed page number shows
/// the first page rather than an error.
#[derive(Debug, Deserialize)]
struct DirectoryParams {
    page: Option<String>,
}

async fn practitioners(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(params): Query<DirectoryParams>,
) -> AppResult<Markup> {
    let page = params
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1);
    let listing = directory::list_published(&state.db, page, Utc::now().date_naive()).await?;
    Ok(views::directory::directory_page(&visitor, &listing))
}
