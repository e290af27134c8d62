//! Operational endpoints.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::FinishedResponse;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// Liveness plus a round trip to the database: 200 "ok", or 503 naming what failed.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            let mut response =
                (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response();
            response.extensions_mut().insert(FinishedResponse);
            response
        }
    }
}
