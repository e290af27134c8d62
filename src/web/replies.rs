//! The practitioner's reviews page and their replies. Every query goes through
//! [`OwnPractitioner`], so a review id of another practitioner's finds nothing.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::domain::replies::{self, ReplyError};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::views::replies::RefusedReply;
use crate::web::form_page;
use crate::web::guards::OwnPractitioner;
use crate::web::input::{StrictForm, StrictQuery, path_id};
use crate::web::moderation::page_number;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard/reviews", get(reviews))
        .route("/dashboard/reviews/{id}/reply", post(save_reply))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListParams {
    page: String,
    done: String,
}

async fn reviews(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictQuery(params): StrictQuery<ListParams>,
) -> AppResult<Response> {
    let page = page_number(Some(&params.page));
    let list = replies::reviews_of(&state.db, own.profile.id, own.account.account_id, page).await?;
    let notice = (params.done == "reply").then(|| {
        Notice::Done("Your reply was saved and is shown under the review on your profile.".into())
    });
    Ok(
        views::replies::reviews_page(&own.visitor.chrome(), &list, None, notice.as_ref())
            .into_response(),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReplyForm {
    body: String,
}

async fn save_reply(
    State(state): State<AppState>,
    own: OwnPractitioner,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<ReplyForm>,
) -> AppResult<Response> {
    let review_id = path_id(&id)?;
    let saved = replies::reply(
        &state.db,
        own.profile.id,
        review_id,
        Some(own.account.account_id),
        &form.body,
        state.clock.now(),
    )
    .await;
    let message = match saved {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("/dashboard/reviews?done=reply#review-{review_id}"))
                    .into_response(),
            );
        }
        Err(ReplyError::NotFound) => return Err(AppError::NotFound),
        Err(ReplyError::Database(err)) => return Err(err.into()),
        Err(ReplyError::Invalid(message)) => message,
    };
    // Shown again on the page that holds the review, with what was typed.
    let page = replies::page_listing(&state.db, own.profile.id, review_id).await?;
    let list = replies::reviews_of(&state.db, own.profile.id, own.account.account_id, page).await?;
    let refused = RefusedReply {
        review_id,
        body: &form.body,
        message,
    };
    Ok(form_page(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::replies::reviews_page(&own.visitor.chrome(), &list, Some(&refused), None),
    ))
}
