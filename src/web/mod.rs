//! HTTP in and out: one router per area, merged here with the layers every request passes.

pub mod assets;
pub mod auth;
pub mod compression;
pub mod cookies;
pub mod credentials;
pub mod csrf;
pub mod dashboard;
pub mod email;
pub mod gallery;
pub mod guards;
pub mod input;
pub mod invites;
pub mod me;
pub mod moderation;
pub mod ops;
pub mod page_cache;
pub mod public;
pub mod recovery;
pub mod replies;
pub mod reviews;
pub mod server;
pub mod upload;
pub mod visitor;

use std::any::Any;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::{AppError, DatabaseFault, FinishedResponse};
use crate::state::AppState;

/// Every route of the application, with its layers.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;
    // Pages know their visitor and are guarded against cross-site requests; health checks and
    // assets skip that work.
    // Forms take small bodies; only the upload routes take files.
    let forms = Router::new()
        .merge(public::router())
        .merge(auth::router())
        .merge(recovery::router())
        .merge(email::router())
        .merge(dashboard::router())
        .merge(credentials::router())
        .merge(gallery::router())
        .merge(moderation::router())
        .merge(me::router())
        .merge(reviews::router())
        .merge(replies::router())
        .merge(invites::router())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body));
    let uploads = gallery::upload_router()
        .merge(credentials::upload_router())
        .layer(DefaultBodyLimit::max(gallery::UPLOAD_BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(gallery::UPLOAD_BODY_LIMIT));
    let pages = Router::new()
        .merge(forms)
        .merge(uploads)
        // Unknown addresses get the 404 page with the visitor's header too.
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            visitor::load_visitor,
        ))
        // Compressed here, under the cache, so a cached page is compressed once, not per hit
        // (the outer compression layer leaves already-encoded responses alone). A rendered
        // page is compressed on every request that misses the cache, so at gzip's fastest
        // level (a few per cent larger, several times cheaper than the default level), whole,
        // by a compressor each worker thread keeps.
        .layer(axum::middleware::from_fn(compression::gzip_rendered_pages))
        .layer(axum::middleware::from_fn_with_state(
            page_cache::CacheLayer::new(state.clone()),
            page_cache::serve_cached,
        ));
    // Stored images know their visitor (pending ones are the owner's and moderators') but are
    // neither cached as pages nor compressed again.
    let media = assets::media_router().layer(axum::middleware::from_fn_with_state(
        state.clone(),
        visitor::load_visitor,
    ));
    Router::new()
        .merge(pages)
        .merge(media)
        .merge(ops::router())
        .merge(assets::router())
        // Nothing anywhere takes more than an upload: larger bodies are refused at once.
        .layer(RequestBodyLimitLayer::new(gallery::UPLOAD_BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(axum::middleware::map_response(error_pages))
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            note_database_faults,
        ))
        .layer(CatchPanicLayer::custom(panic_page))
        .layer(axum::middleware::map_response_with_state(state.config.serves_https(), security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// The policy every response carries: no inline script or style, no framing, forms post
/// only to this site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/// The other headers every response carries, beside the policy.
pub const SECURITY_HEADERS: [(&str, &str); 3] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
];

/// Security headers on every response (pages, errors, assets); HSTS only over https.
async fn security_headers(State(https): State<bool>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// A page answered with a status of its own (a form shown again with its errors), which the
/// error-page layer must leave as it is.
pub fn form_page(status: StatusCode, page: maud::Markup) -> Response {
    let mut response = (status, page).into_response();
    response.extensions_mut().insert(FinishedResponse);
    response
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Turns the bare 4xx and 5xx answers of layers and extractors (a rejected query string,
/// a body over the limit, a timeout, an unknown media key) into the site's error page.
async fn error_pages(response: Response) -> Response {
    let status = response.status();
    if status.as_u16() < 400 || response.extensions().get::<FinishedResponse>().is_some() {
        return response;
    }
    AppError::Status(status).into_response()
}

/// Renews the database connections after a response that failed because the database was
/// away, so it is used again as soon as it is back.
async fn note_database_faults(State(state): State<AppState>, response: Response) -> Response {
    if response.extensions().get::<DatabaseFault>().is_some() {
        state.db_watch.mark_fault();
    }
    response
}

fn panic_page(_panic: Box<dyn Any + Send + 'static>) -> Response {
    AppError::Internal("a handler panicked".to_owned()).into_response()
}
