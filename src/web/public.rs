//! Pages anyone may read.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::Markup;

use crate::domain::directory::{self, DirectoryQuery};
use crate::error::{AppError, AppResult};
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
    let featured =
        directory::featured(&state.db, FEATURED_COUNT, state.clock.now().date_naive()).await?;
    Ok(views::directory::home_page(
        &visitor,
        &featured,
        state.config.absolute_url("/"),
    ))
}

/// Reads the query string as pairs (repeated keys kept) and hands it to the directory's
/// parser: paging and sort fall back to defaults, an unreadable filter is the 400 page.
async fn practitioners(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Markup> {
    let query = DirectoryQuery::from_params(&pairs).map_err(|e| AppError::BadRequest(e.0))?;
    let listing = directory::search(&state.db, &query, state.clock.now().date_naive()).await?;
    let canonical = match (query.has_filters(), listing.page) {
        (false, 1) => state.config.absolute_url("/practitioners"),
        (false, page) => state
            .config
            .absolute_url(&format!("/practitioners?page={page}")),
        (true, _) => state.config.absolute_url(&format!(
            "/practitioners?{}&page={}",
            views::directory::query_string(&query),
            listing.page
        )),
    };
    Ok(views::directory::directory_page(
        &visitor, &listing, canonical,
    ))
}
