//! The practitioner's invites. Every query goes through [`OwnPractitioner`], so another
//! practitioner's invite id finds nothing.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::domain::invites::{self, CreateError, InviteInput, Revoked};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::views::invites::InvitesPage;
use crate::web::form_page;
use crate::web::guards::OwnPractitioner;
use crate::web::input::{StrictForm, StrictQuery, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard/invites", get(list).post(create))
        .route("/dashboard/invites/{id}/revoke", post(revoke))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DoneParam {
    done: String,
}

async fn render(
    state: &AppState,
    own: &OwnPractitioner,
    status: StatusCode,
    shown: (&InviteInput, &FieldErrors),
    new_link: Option<&str>,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let list = invites::own_invites(&state.db, own.profile.id, state.clock.now()).await?;
    let page = views::invites::invites_page(
        &own.visitor.chrome(),
        &InvitesPage {
            invites: &list,
            input: shown.0,
            errors: shown.1,
            new_link,
            notice: notice.as_ref(),
        },
    );
    Ok(form_page(status, page))
}

async fn list(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictQuery(params): StrictQuery<DoneParam>,
) -> AppResult<Response> {
    let notice = match params.done.as_str() {
        "revoked" => Some(Notice::Done(
            "The invite was revoked; its link no longer works.".into(),
        )),
        _ => None,
    };
    render(
        &state,
        &own,
        StatusCode::OK,
        (&InviteInput::default(), &FieldErrors::default()),
        None,
        notice,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InviteForm {
    treatment_on: String,
    note: String,
    email: String,
}

async fn create(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictForm(form): StrictForm<InviteForm>,
) -> AppResult<Response> {
    let input = InviteInput {
        treatment_on: form.treatment_on,
        note: form.note,
        email: form.email,
    };
    let now = state.clock.now();
    let details = match invites::check_invite(&input, now.date_naive()) {
        Ok(details) => details,
        Err(errors) => {
            return render(
                &state,
                &own,
                StatusCode::UNPROCESSABLE_ENTITY,
                (&input, &errors),
                None,
                None,
            )
            .await;
        }
    };
    let emailed_to = details.email.clone();
    let config = state.config.clone();
    let created = invites::create(&state.db, own.profile.id, details, now, |mail| {
        views::mail::review_invite(
            &mail.to,
            &mail.practitioner,
            &config.absolute_url(&format!("/invites/{}", mail.token)),
            &mail.expires_at.format("%-d %B %Y").to_string(),
        )
    })
    .await;
    let created = match created {
        Ok(created) => created,
        Err(CreateError::TooManyEmailed) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "email",
                format!(
                    "We email at most {} invites a day for you. Make the link without an address and send it yourself, or try again tomorrow.",
                    invites::EMAILED_A_DAY
                ),
            );
            return render(
                &state,
                &own,
                StatusCode::TOO_MANY_REQUESTS,
                (&input, &errors),
                None,
                None,
            )
            .await;
        }
        Err(CreateError::Database(err)) => return Err(AppError::Database(err)),
        Err(CreateError::Randomness(err)) => return Err(AppError::Internal(err.to_string())),
    };
    let link = state
        .config
        .absolute_url(&format!("/invites/{}", created.token));
    let notice = emailed_to.map(|to| {
        Notice::Done(format!(
            "We are emailing the link to {to}. You can also copy it below."
        ))
    });
    // The link is shown on this answer only; like every signed-in page it is `private,
    // no-store`, so no cache keeps it.
    render(
        &state,
        &own,
        StatusCode::CREATED,
        (&InviteInput::default(), &FieldErrors::default()),
        Some(&link),
        notice,
    )
    .await
}

async fn revoke(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let outcome =
        invites::revoke(&state.db, own.profile.id, path_id(&id)?, state.clock.now()).await?;
    match outcome {
        Revoked::Revoked => Ok(Redirect::to("/dashboard/invites?done=revoked").into_response()),
        Revoked::NotFound => Err(AppError::NotFound),
        Revoked::NotOpen(was) => {
            render(
                &state,
                &own,
                StatusCode::CONFLICT,
                (&InviteInput::default(), &FieldErrors::default()),
                None,
                Some(Notice::Problem(format!(
                    "That invite is {} already, so there is nothing to revoke.",
                    was.label().to_lowercase()
                ))),
            )
            .await
        }
    }
}
