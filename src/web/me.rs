//! A patient's own pages: their reviews, withdrawing one, appealing a decision once.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::domain::moderation::{TransitionError, appeals, reviews as transitions};
use crate::domain::reviews::authored;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::views::me::AppealError;
use crate::web::form_page;
use crate::web::guards::RequirePatient;
use crate::web::input::{StrictForm, StrictQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/reviews", get(my_reviews))
        .route("/me/reviews/{id}/withdraw", post(withdraw))
        .route("/me/reviews/{id}/appeal", post(appeal))
        .route("/me/{*rest}", get(unknown).post(unknown))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DoneParam {
    done: Option<String>,
}

/// The sentence for a finished action (fixed words, never text from the address).
fn done_notice(done: Option<&str>) -> Option<Notice> {
    let words = match done? {
        "submitted" => {
            "Thank you. Your review was sent to the moderators; it appears on the profile once approved."
        }
        "withdrawn" => "Your review was withdrawn. It is no longer shown.",
        "appealed" => {
            "Your appeal was sent. A moderator who did not make the decision will look at it."
        }
        _ => return None,
    };
    Some(Notice::Done(words.to_owned()))
}

async fn page(
    state: &AppState,
    user: &RequirePatient,
    notice: Option<&Notice>,
    appeal_error: Option<&AppealError<'_>>,
) -> AppResult<maud::Markup> {
    let list = authored::by_author(&state.db, user.account.account_id).await?;
    Ok(views::me::my_reviews_page(
        &user.visitor.chrome(),
        &list,
        notice,
        appeal_error,
    ))
}

async fn my_reviews(
    State(state): State<AppState>,
    user: RequirePatient,
    StrictQuery(params): StrictQuery<DoneParam>,
) -> AppResult<Response> {
    let notice = done_notice(params.done.as_deref());
    Ok(page(&state, &user, notice.as_ref(), None)
        .await?
        .into_response())
}

fn review_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// A refused action shown on the page, with nothing changed.
async fn refused(
    state: &AppState,
    user: &RequirePatient,
    err: TransitionError,
) -> AppResult<Response> {
    let (status, words) = match err {
        TransitionError::NotAllowed(why) => (StatusCode::CONFLICT, why.to_owned()),
        TransitionError::AlreadyHandled { by, at } => (
            StatusCode::CONFLICT,
            TransitionError::already_handled_words(&by, at),
        ),
        other => return Err(other.into()),
    };
    let notice = Notice::Problem(words);
    Ok(form_page(
        status,
        page(state, user, Some(&notice), None).await?,
    ))
}

async fn withdraw(
    State(state): State<AppState>,
    user: RequirePatient,
    Path(id): Path<String>,
) -> AppResult<Response> {
    match transitions::withdraw_review(
        &state.db,
        user.account.account_id,
        review_id(&id)?,
        state.clock.now(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/me/reviews?done=withdrawn").into_response()),
        Err(err) => refused(&state, &user, err).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AppealForm {
    statement: String,
}

async fn appeal(
    State(state): State<AppState>,
    user: RequirePatient,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<AppealForm>,
) -> AppResult<Response> {
    let id = review_id(&id)?;
    let statement = match appeals::check_statement(&form.statement) {
        Ok(statement) => statement,
        Err(message) => {
            let error = AppealError {
                review_id: id,
                statement: &form.statement,
                message,
            };
            return Ok(form_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &user, None, Some(&error)).await?,
            ));
        }
    };
    match appeals::appeal_review(
        &state.db,
        user.account.account_id,
        id,
        statement,
        state.clock.now(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/me/reviews?done=appealed").into_response()),
        Err(err) => refused(&state, &user, err).await,
    }
}

async fn unknown(_: RequirePatient) -> AppError {
    AppError::NotFound
}
