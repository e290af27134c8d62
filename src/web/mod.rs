//! HTTP in and out: one router per area, merged here with the layers every request passes.

pub mod assets;
pub mod ops;
pub mod public;

use std::any::Any;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::state::AppState;

/// Marks a response whose body is already what the user should see, so the error-page
/// layer leaves it alone.
#[derive(Clone, Copy, Debug)]
pub struct FinishedResponse;

/// Every route of the application, with its layers.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;
    Router::new()
        .merge(public::router())
        .merge(ops::router())
        .merge(assets::router(&state))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(axum::middleware::map_response(error_pages))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .layer(CatchPanicLayer::custom(panic_page))
        .with_state(state)
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

fn panic_page(_panic: Box<dyn Any + Send + 'static>) -> Response {
    AppError::Internal("a handler panicked".to_owned()).into_response()
}
