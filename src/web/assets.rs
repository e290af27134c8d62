//! The stylesheet and the stored images, both with long-lived cache headers: their names
//! change whenever their content does.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;
use crate::state::AppState;
use crate::views::assets::{STYLESHEET, stylesheet_name};

const CACHE_FOR_A_YEAR: &str = "public, max-age=31536000, immutable";

pub fn router(state: &AppState) -> Router<AppState> {
    let media = Router::new()
        .fallback_service(ServeDir::new(state.media.root()))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_FOR_A_YEAR),
        ));
    Router::new()
        .route("/static/{name}", get(stylesheet))
        .nest("/media", media)
}

async fn stylesheet(Path(name): Path<String>) -> Result<impl IntoResponse, AppError> {
    if name != stylesheet_name() {
        return Err(AppError::NotFound);
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE_FOR_A_YEAR),
        ],
        STYLESHEET,
    ))
}
