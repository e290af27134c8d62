//! The practitioner's credentials and the documents behind them. Every handler takes
//! [`OwnPractitioner`] and reaches credentials only through it, so an id of another
//! practitioner's credential is the 404 page.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use crate::domain::credential_documents::{self, DocumentError};
use crate::domain::credentials::{self, CredentialChangeError, CredentialInput, CredentialView};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::media::{MAX_DOCUMENT_BYTES, MediaError};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::views::dashboard::CredentialPage;
use crate::web::assets::private_document;
use crate::web::form_page;
use crate::web::guards::OwnPractitioner;
use crate::web::input::{StrictForm, StrictQuery, path_id};
use crate::web::upload::Upload;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/dashboard/credentials",
            get(credentials_list).post(add_credential),
        )
        .route(
            "/dashboard/credentials/{id}",
            get(credential_form).post(correct_credential),
        )
        .route(
            "/dashboard/credentials/{id}/withdraw",
            post(withdraw_credential),
        )
        .route(
            "/dashboard/credentials/{id}/document",
            get(credential_document),
        )
}

/// The route that takes a credential's document (a file, so it has the upload body limit).
pub fn upload_router() -> Router<AppState> {
    Router::new().route(
        "/dashboard/uploads/credentials/{id}",
        post(upload_credential_document),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SavedParam {
    saved: String,
}

/// One of the signed-in practitioner's credentials; someone else's id is not found.
async fn own_credential(
    state: &AppState,
    own: &OwnPractitioner,
    raw_id: &str,
) -> AppResult<CredentialView> {
    credentials::find_owned(
        &state.db,
        own.profile.id,
        path_id(raw_id)?,
        state.clock.now().date_naive(),
    )
    .await?
    .ok_or(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CredentialForm {
    kind: String,
    title: String,
    issuer: String,
    number: String,
    region: String,
    issued_on: String,
    expires_on: String,
}

impl From<CredentialForm> for CredentialInput {
    fn from(f: CredentialForm) -> Self {
        CredentialInput {
            kind: f.kind,
            title: f.title,
            issuer: f.issuer,
            number: f.number,
            region: f.region,
            issued_on: f.issued_on,
            expires_on: f.expires_on,
        }
    }
}

async fn credentials_page(
    state: &AppState,
    own: &OwnPractitioner,
    input: &CredentialInput,
    errors: &FieldErrors,
) -> AppResult<Markup> {
    let list =
        credentials::list_owned(&state.db, own.profile.id, state.clock.now().date_naive()).await?;
    Ok(views::dashboard::credentials_page(
        &own.visitor.chrome(),
        &list,
        input,
        errors,
    ))
}

async fn credentials_list(
    State(state): State<AppState>,
    own: OwnPractitioner,
) -> AppResult<Markup> {
    credentials_page(
        &state,
        &own,
        &CredentialInput::default(),
        &FieldErrors::default(),
    )
    .await
}

async fn add_credential(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictForm(form): StrictForm<CredentialForm>,
) -> AppResult<Response> {
    let input = CredentialInput::from(form);
    match credentials::check_credential(&input) {
        Ok(details) => {
            let id =
                credentials::add(&state.db, own.profile.id, details, state.clock.now()).await?;
            Ok(Redirect::to(&format!("/dashboard/credentials/{id}")).into_response())
        }
        Err(errors) => Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            credentials_page(&state, &own, &input, &errors).await?,
        )),
    }
}

async fn credential_form(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
    StrictQuery(params): StrictQuery<SavedParam>,
) -> AppResult<Markup> {
    let found = own_credential(&state, &own, &id).await?;
    let notice = (params.saved == "document").then(|| {
        Notice::Done(
            "Your document was attached. A moderator will look at it when checking this credential."
                .to_owned(),
        )
    });
    Ok(views::dashboard::credential_page(
        &own.visitor.chrome(),
        &CredentialPage {
            credential: &found,
            input: &CredentialInput::from_view(&found),
            errors: &FieldErrors::default(),
            document_errors: &FieldErrors::default(),
            notice: notice.as_ref(),
        },
    ))
}

async fn correct_credential(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<CredentialForm>,
) -> AppResult<Response> {
    let found = own_credential(&state, &own, &id).await?;
    let input = CredentialInput::from(form);
    let errors = match credentials::check_credential(&input) {
        Ok(details) => {
            match credentials::correct(
                &state.db,
                own.profile.id,
                found.id,
                details,
                state.clock.now(),
            )
            .await
            {
                Ok(()) => {
                    return Ok(
                        Redirect::to(&format!("/dashboard/credentials/{}", found.id))
                            .into_response(),
                    );
                }
                Err(CredentialChangeError::AlreadyVerified) => {
                    let mut errors = FieldErrors::default();
                    errors.add(
                        "kind",
                        "A verified credential cannot be edited; add a new one instead.",
                    );
                    errors
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(errors) => errors,
    };
    Ok(form_page(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::dashboard::credential_page(
            &own.visitor.chrome(),
            &CredentialPage {
                credential: &found,
                input: &input,
                errors: &errors,
                document_errors: &FieldErrors::default(),
                notice: None,
            },
        ),
    ))
}

/// The document of one of the practitioner's own credentials.
async fn credential_document(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let found =
        credential_documents::read(&state.db, state.media.as_ref(), Some(own.profile.id), id)
            .await?
            .ok_or(AppError::NotFound)?;
    private_document(found, id)
}

async fn upload_credential_document(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let found = own_credential(&state, &own, &id).await?;
    let mut upload = Upload::read(multipart, MAX_DOCUMENT_BYTES).await?;
    let mut errors = FieldErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    match upload.take_file("document") {
        None => errors.add("document", "Choose the document to attach."),
        Some(file) if file.over_limit => {
            errors.add(
                "document",
                MediaError::TooBig {
                    size: MAX_DOCUMENT_BYTES + 1,
                    limit: MAX_DOCUMENT_BYTES,
                }
                .message(),
            );
            status = StatusCode::PAYLOAD_TOO_LARGE;
        }
        Some(file) => {
            let attached = credential_documents::attach(
                &state.db,
                state.media.as_ref(),
                own.profile.id,
                found.id,
                file.bytes,
                state.clock.now(),
            )
            .await;
            match attached {
                Ok(()) => {
                    return Ok(Redirect::to(&format!(
                        "/dashboard/credentials/{}?saved=document",
                        found.id
                    ))
                    .into_response());
                }
                Err(DocumentError::Refused(MediaError::Storage(err))) => {
                    return Err(AppError::Internal(format!("storing a document: {err}")));
                }
                Err(DocumentError::Refused(refused)) => {
                    if matches!(refused, MediaError::TooBig { .. }) {
                        status = StatusCode::PAYLOAD_TOO_LARGE;
                    }
                    errors.add("document", refused.message());
                }
                Err(DocumentError::AlreadyVerified) => errors.add(
                    "document",
                    "This credential is verified, so it keeps the document it was verified on. If it changed, add it again for verification.",
                ),
                Err(DocumentError::NotFound) => return Err(AppError::NotFound),
                Err(DocumentError::Database(err)) => return Err(err.into()),
            }
        }
    }
    Ok(form_page(
        status,
        views::dashboard::credential_page(
            &own.visitor.chrome(),
            &CredentialPage {
                credential: &found,
                input: &CredentialInput::from_view(&found),
                errors: &FieldErrors::default(),
                document_errors: &errors,
                notice: None,
            },
        ),
    ))
}

async fn withdraw_credential(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    credentials::withdraw(
        &state.db,
        state.media.as_ref(),
        own.profile.id,
        path_id(&id)?,
        state.clock.now(),
    )
    .await?;
    Ok(Redirect::to("/dashboard/credentials").into_response())
}
