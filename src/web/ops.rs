//! Operational endpoints.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::database;
use crate::error::{FinishedResponse, RETRY_AFTER_SECONDS};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// Liveness plus the database: 200 "ok" when it can be written to (the file is where it
/// was, a connection answers, the write lock can be taken), or 503 with `Retry-After`.
async fn healthz(State(state): State<AppState>) -> Response {
    match database::writable(&state.db, &state.db_watch).await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check: the database is away");
            state.db_watch.mark_fault();
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, RETRY_AFTER_SECONDS)],
                "database unavailable\n",
            )
                .into_response();
            response.extensions_mut().insert(FinishedResponse);
            response
        }
    }
}
