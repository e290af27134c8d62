//! Credentials: verify against a source checked on a day, or reject with a reason.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use super::{Queue, decided, path_id, queue, unusable};
use crate::domain::credential_documents;
use crate::domain::moderation::credentials::{check_source, reject_credential, verify_credential};
use crate::domain::moderation::queues;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::vocabulary::CredentialRejection;
use crate::web::assets::private_document;
use crate::web::guards::RequireModerator;
use crate::web::input::StrictForm;

struct Credentials;

impl Queue for Credentials {
    const PATH: &'static str = "/moderation/credentials";

    async fn render(
        state: &AppState,
        user: &RequireModerator,
        page: u64,
        notice: Option<&Notice>,
    ) -> AppResult<Markup> {
        let list = queues::credential_queue(&state.db, user.account.account_id, page).await?;
        Ok(views::moderation::credentials::queue_page(
            &user.visitor.chrome(),
            &list,
            state.clock.now().date_naive(),
            notice,
        ))
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(Credentials::PATH, get(queue::<Credentials>))
        .route("/moderation/credentials/{id}/verify", post(verify))
        .route("/moderation/credentials/{id}/reject", post(reject))
        .route("/moderation/credentials/{id}/document", get(document))
}

/// The document behind any credential, for moderators only.
async fn document(
    State(state): State<AppState>,
    _user: RequireModerator,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let found = credential_documents::read(&state.db, state.media.as_ref(), None, id)
        .await?
        .ok_or(AppError::NotFound)?;
    private_document(found, id)
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
    StrictForm(form): StrictForm<VerifyForm>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let checked = match check_source(&form.source, &form.checked_on, now.date_naive()) {
        Ok(checked) => checked,
        Err(errors) => {
            let words: Vec<&str> = errors.iter().map(|(_, message)| message).collect();
            let why = Notice::Problem(format!("Not verified: {}", words.join(" ")));
            return unusable::<Credentials>(&state, &user, why).await;
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
    decided::<Credentials, _>(&state, &user, outcome, "verified").await
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
    StrictForm(form): StrictForm<RejectForm>,
) -> AppResult<Response> {
    let Some(reason) = CredentialRejection::parse(form.reason.trim()) else {
        let why = Notice::Problem("Choose a reason: the practitioner sees it.".to_owned());
        return unusable::<Credentials>(&state, &user, why).await;
    };
    let outcome = reject_credential(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        reason,
        state.clock.now(),
    )
    .await;
    decided::<Credentials, _>(&state, &user, outcome, "credential-rejected").await
}
