//! Credentials: verify against a source checked on a day, or reject with a reason.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{QueueParams, decided, path_id, shown_with};
use crate::domain::moderation::credentials::{check_source, reject_credential, verify_credential};
use crate::domain::moderation::queues;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::vocabulary::CredentialRejection;
use crate::web::guards::RequireModerator;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation/credentials", get(queue))
        .route("/moderation/credentials/{id}/verify", post(verify))
        .route("/moderation/credentials/{id}/reject", post(reject))
}

async fn show(
    state: &AppState,
    user: &RequireModerator,
    page: u64,
    notice: Option<&Notice>,
    status: StatusCode,
) -> AppResult<Response> {
    let list = queues::credential_queue(&state.db, user.account.account_id, page).await?;
    Ok(shown_with(
        status,
        views::moderation::credentials::queue_page(
            &user.visitor.chrome(),
            &list,
            state.clock.now().date_naive(),
            notice,
        ),
    ))
}

async fn queue(
    State(state): State<AppState>,
    user: RequireModerator,
    Query(params): Query<QueueParams>,
) -> AppResult<Response> {
    show(
        &state,
        &user,
        params.page(),
        params.notice().as_ref(),
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VerifyForm {
    source: String,
    checked_on: String,
}

async fn verify(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<VerifyForm>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let checked = match check_source(&form.source, &form.checked_on, now.date_naive()) {
        Ok(checked) => checked,
        Err(errors) => {
            let words: Vec<&str> = errors.iter().map(|(_, message)| message).collect();
            let notice = Notice::Problem(format!("Not verified: {}", words.join(" ")));
            return show(
                &state,
                &user,
                1,
                Some(&notice),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let outcome = verify_credential(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        checked,
        now,
    )
    .await;
    decided(
        outcome,
        "/moderation/credentials?done=verified",
        |notice, status| async move { show(&state, &user, 1, Some(&notice), status).await },
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RejectForm {
    reason: String,
}

async fn reject(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    Form(form): Form<RejectForm>,
) -> AppResult<Response> {
    let Some(reason) = CredentialRejection::parse(form.reason.trim()) else {
        let notice = Notice::Problem("Choose a reason: the practitioner sees it.".to_owned());
        return show(
            &state,
            &user,
            1,
            Some(&notice),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let outcome = reject_credential(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        reason,
        state.clock.now(),
    )
    .await;
    decided(
        outcome,
        "/moderation/credentials?done=credential-rejected",
        |notice, status| async move { show(&state, &user, 1, Some(&notice), status).await },
    )
    .await
}
