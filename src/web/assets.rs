//! The stylesheet and the stored images. The stylesheet's name changes with its content, so
//! it is cached for a year. Images are served by a handler that looks each key up and checks
//! who may see it (no folder is served, so no path can reach anything else).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::domain::credential_documents::Document;
use crate::domain::media_access::{self, Audience};
use crate::error::AppError;
use crate::media;
use crate::state::AppState;
use crate::views::assets::{ASSETS, ICON};
use crate::web::visitor::Visitor;

const CACHE_FOR_A_YEAR: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(static_asset))
        .route("/favicon.ico", get(favicon))
}

/// Browsers ask for `/favicon.ico` whatever the page links: send them to the icon.
async fn favicon() -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [
            (header::LOCATION, ICON.href()),
            (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
        ],
    )
        .into_response()
}

/// Stored images; needs the visitor layer.
pub fn media_router() -> Router<AppState> {
    Router::new().route("/media/{key}", get(stored_image))
}

async fn static_asset(Path(name): Path<String>) -> Result<impl IntoResponse, AppError> {
    let asset = ASSETS
        .into_iter()
        .find(|a| a.name() == name)
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, CACHE_FOR_A_YEAR),
        ],
        asset.content,
    ))
}

/// A stored image by its key. The key is looked up: pictures in approved pairs and headshots
/// are public and cached for a year (a key never changes content, so it is the entity tag and
/// a repeated request is answered 304); pending and rejected ones are served only to their
/// practitioner and to moderators, never cached; any other key is 404, as is a restricted
/// one to anybody else (so its existence is not revealed).
async fn stored_image(
    State(state): State<AppState>,
    Path(key): Path<String>,
    visitor: Visitor,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !media::is_store_key(&key) {
        return Err(AppError::NotFound);
    }
    let file = media_access::image_by_key(&state.db, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let account = visitor.account.as_ref();
    if !file.visible_to(
        account.map(|a| a.account_id),
        account.is_some_and(|a| a.is_moderator()),
    ) {
        return Err(AppError::NotFound);
    }
    let cache = if file.audience == Audience::Everyone {
        CACHE_FOR_A_YEAR
    } else {
        "private, no-store"
    };
    let etag = format!("\"{key}\"");
    let tag = HeaderValue::from_str(&etag).map_err(|_| AppError::NotFound)?;
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if cached {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                (header::ETAG, tag),
            ],
        )
            .into_response());
    }
    let content_type = HeaderValue::from_str(&file.content_type).map_err(|_| AppError::NotFound)?;
    let bytes = state
        .media
        .get(&key)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::ETAG, tag),
        ],
        bytes,
    )
        .into_response())
}

/// A credential's private document: never cached, and a PDF is downloaded rather than shown
/// in the page (so nothing in it runs on this site); pictures are shown inline.
pub fn private_document(document: Document, credential_id: i64) -> Result<Response, AppError> {
    let content_type =
        HeaderValue::from_str(&document.content_type).map_err(|_| AppError::NotFound)?;
    let disposition = match document.content_type.as_str() {
        "application/pdf" => format!("attachment; filename=\"credential-{credential_id}.pdf\""),
        _ => "inline".to_owned(),
    };
    let disposition = HeaderValue::from_str(&disposition).map_err(|_| AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        document.bytes,
    )
        .into_response())
}
