//! The practitioner's photos: the gallery page, uploading a pair or a headshot, ordering and
//! deleting pairs. Uploads have routes of their own ([`upload_router`]) so only they accept
//! large bodies; every query goes through [`OwnPractitioner`], so another practitioner's
//! pair id finds nothing.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::domain::email_confirmation::Unconfirmed;
use crate::domain::gallery::own::{
    self, Direction, MoveOutcome, PairForm, UploadError, check_pair_form, own_pairs,
};
use crate::domain::headshots;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::media::{MAX_IMAGE_BYTES, MediaError};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::web::email::refuse_unconfirmed;
use crate::web::form_page;
use crate::web::guards::OwnPractitioner;
use crate::web::input::{StrictForm, StrictQuery, path_id};
use crate::web::upload::{Upload, UploadedFile};

/// The largest upload body: two pictures at their limit and the form's fields.
pub const UPLOAD_BODY_LIMIT: usize = 2 * MAX_IMAGE_BYTES + 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard/gallery", get(gallery))
        .route("/dashboard/gallery/{id}/move", post(move_pair))
        .route("/dashboard/gallery/{id}/delete", post(delete_pair))
}

/// The routes that take files.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/dashboard/uploads/gallery", post(upload_pair))
        .route("/dashboard/uploads/headshot", post(upload_headshot))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DoneParam {
    done: String,
}

fn done_notice(done: &str) -> Option<Notice> {
    let words = match done {
        "uploaded" => {
            "Your pair was uploaded. It will appear on your profile once a moderator approves it."
        }
        "moved" => "The order was changed.",
        "deleted" => "The pair and its photos were deleted.",
        "headshot" => "Your headshot was uploaded. It will appear once a moderator approves it.",
        _ => return None,
    };
    Some(Notice::Done(words.to_owned()))
}

async fn gallery(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictQuery(params): StrictQuery<DoneParam>,
) -> AppResult<Response> {
    let pairs = own_pairs(&state.db, own.profile.id).await?;
    Ok(views::gallery::gallery_page(
        &own.visitor.chrome(),
        &pairs,
        &PairForm::default(),
        &FieldErrors::default(),
        done_notice(&params.done).as_ref(),
    )
    .into_response())
}

/// The file in `field`, or the message the form shows for it; `status` becomes 413 when it
/// was too large.
fn required_file(
    file: Option<UploadedFile>,
    field: &'static str,
    missing: &str,
    errors: &mut FieldErrors,
    status: &mut StatusCode,
) -> Option<Vec<u8>> {
    match file {
        None => {
            errors.add(field, missing);
            None
        }
        Some(file) if file.over_limit => {
            let refused = MediaError::TooBig {
                size: MAX_IMAGE_BYTES + 1,
                limit: MAX_IMAGE_BYTES,
            };
            errors.add(field, refused.message());
            *status = StatusCode::PAYLOAD_TOO_LARGE;
            None
        }
        Some(file) => Some(file.bytes),
    }
}

/// What an upload's refusal means for the form: the field's message and the status.
fn refused_upload(err: UploadError, errors: &mut FieldErrors) -> AppResult<StatusCode> {
    match err {
        UploadError::Picture {
            field,
            error: MediaError::Storage(err),
        } => Err(AppError::Internal(format!("storing {field}: {err}"))),
        UploadError::Picture { field, error } => {
            errors.add(field, error.message());
            Ok(match error {
                MediaError::TooBig { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            })
        }
        UploadError::WorkLost(err) => Err(AppError::Internal(err.to_string())),
        UploadError::Database(err) => Err(err.into()),
    }
}

async fn upload_pair(
    State(state): State<AppState>,
    own: OwnPractitioner,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    if let Some(refused) = refuse_unconfirmed(&own.visitor, &own.account, Unconfirmed::Upload) {
        return Ok(refused);
    }
    let mut upload = Upload::read(multipart, MAX_IMAGE_BYTES).await?;
    let form = PairForm {
        treatment: upload.text("treatment"),
        product: upload.text("product"),
        units: upload.text("units"),
        days_after_treatment: upload.text("days_after_treatment"),
        caption: upload.text("caption"),
        edited: upload.ticked("edited"),
        edit_note: upload.text("edit_note"),
        consent: upload.ticked("consent"),
        consent_on: upload.text("consent_on"),
    };
    let now = state.clock.now();
    let (details, mut errors) = match check_pair_form(&form, now.date_naive()) {
        Ok(details) => (Some(details), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let before = required_file(
        upload.take_file("before"),
        "before",
        "Choose the before photo.",
        &mut errors,
        &mut status,
    );
    let after = required_file(
        upload.take_file("after"),
        "after",
        "Choose the after photo.",
        &mut errors,
        &mut status,
    );
    if let (Some(details), Some(before), Some(after), true) =
        (details, before, after, errors.is_empty())
    {
        let uploaded = own::upload_pair(
            &state.db,
            state.media.as_ref(),
            &state.image_work,
            own.profile.id,
            own.account.account_id,
            (before, after),
            details,
            now,
        )
        .await;
        match uploaded {
            Ok(_) => return Ok(Redirect::to("/dashboard/gallery?done=uploaded").into_response()),
            Err(err) => status = refused_upload(err, &mut errors)?,
        }
    }
    let pairs = own_pairs(&state.db, own.profile.id).await?;
    Ok(form_page(
        status,
        views::gallery::gallery_page(&own.visitor.chrome(), &pairs, &form, &errors, None),
    ))
}

async fn upload_headshot(
    State(state): State<AppState>,
    own: OwnPractitioner,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    if let Some(refused) = refuse_unconfirmed(&own.visitor, &own.account, Unconfirmed::Upload) {
        return Ok(refused);
    }
    let mut upload = Upload::read(multipart, MAX_IMAGE_BYTES).await?;
    let mut errors = FieldErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let picture = required_file(
        upload.take_file("headshot"),
        "headshot",
        "Choose a photo of yourself.",
        &mut errors,
        &mut status,
    );
    if let Some(bytes) = picture {
        let uploaded = headshots::upload_headshot(
            &state.db,
            state.media.as_ref(),
            &state.image_work,
            own.profile.id,
            own.account.account_id,
            bytes,
            state.clock.now(),
        )
        .await;
        match uploaded {
            Ok(_) => return Ok(Redirect::to("/dashboard/profile?saved=headshot").into_response()),
            Err(err) => status = refused_upload(err, &mut errors)?,
        }
    }
    crate::web::dashboard::refused_headshot(&state, &own, status, &errors).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MoveForm {
    direction: String,
}

async fn move_pair(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<MoveForm>,
) -> AppResult<Response> {
    let direction = match form.direction.as_str() {
        "earlier" => Direction::Earlier,
        "later" => Direction::Later,
        _ => return Err(AppError::BadRequest("Choose earlier or later.".to_owned())),
    };
    let moved = own::move_pair(
        &state.db,
        own.profile.id,
        path_id(&id)?,
        direction,
        state.clock.now(),
    )
    .await?;
    if moved == MoveOutcome::NotFound {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/dashboard/gallery?done=moved").into_response())
}

async fn delete_pair(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let deleted = own::delete_pair(
        &state.db,
        state.media.as_ref(),
        own.profile.id,
        own.account.account_id,
        path_id(&id)?,
        state.clock.now(),
    )
    .await?;
    if !deleted {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/dashboard/gallery?done=deleted").into_response())
}
