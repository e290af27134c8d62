//! The stylesheet and the stored images, both with long-lived cache headers: their names
//! change whenever their content does. Images are served by a handler that accepts only
//! the names the media store gives (no folder is served, so no path can reach anything else).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::media;
use crate::state::AppState;
use crate::views::assets::{STYLESHEET, stylesheet_name};

const CACHE_FOR_A_YEAR: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(stylesheet))
        .route("/media/{key}", get(stored_image))
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

/// A stored image by its key. Keys are content hashes, so the key is the entity tag and a
/// repeated request with `If-None-Match` is answered 304 without reading the file.
async fn stored_image(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(content_type) = media::content_type_of_key(&key) else {
        return Err(AppError::NotFound);
    };
    let etag = format!("\"{key}\"");
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let tag = HeaderValue::from_str(&etag).map_err(|_| AppError::NotFound)?;
    if cached {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(CACHE_FOR_A_YEAR),
                ),
                (header::ETAG, tag),
            ],
        )
            .into_response());
    }
    let bytes = state
        .media
        .read(&key)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_FOR_A_YEAR),
            ),
            (header::ETAG, tag),
        ],
        bytes,
    )
        .into_response())
}
