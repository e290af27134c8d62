//! The reviews queue and its decisions: approve (one or several), reject, request changes,
//! remove.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;

use super::{
    DecisionForm, Queue, decide_with_reason, decided, note_of, path_id, queue, show, unusable,
};
use crate::domain::moderation::{TransitionError, queues, reviews};
use crate::error::AppResult;
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::web::guards::RequireModerator;
use crate::web::input::StrictForm;

struct Reviews;

impl Queue for Reviews {
    const PATH: &'static str = "/moderation/reviews";

    async fn render(
        state: &AppState,
        user: &RequireModerator,
        page: u64,
        notice: Option<&Notice>,
    ) -> AppResult<Markup> {
        let list = queues::review_queue(&state.db, user.account.account_id, page).await?;
        Ok(views::moderation::reviews::queue_page(
            &user.visitor.chrome(),
            &list,
            notice,
        ))
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(Reviews::PATH, get(queue::<Reviews>))
        .route(
            "/moderation/reviews/approve-selected",
            post(approve_selected),
        )
        .route("/moderation/reviews/{id}/approve", post(approve))
        .route("/moderation/reviews/{id}/reject", post(reject))
        .route(
            "/moderation/reviews/{id}/request-changes",
            post(request_changes),
        )
        .route("/moderation/reviews/{id}/remove", post(remove))
}

async fn approve(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let outcome = reviews::approve_review(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        state.clock.now(),
    )
    .await;
    decided::<Reviews, _>(&state, &user, outcome, "approved").await
}

async fn approve_selected(
    State(state): State<AppState>,
    user: RequireModerator,
    StrictForm(pairs): StrictForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(key, _)| key == "revision")
        .filter_map(|(_, value)| value.parse().ok())
        .take(queues::QUEUE_PAGE_SIZE as usize)
        .collect();
    if ids.is_empty() {
        let why = Notice::Problem("Select at least one review to approve.".to_owned());
        return unusable::<Reviews>(&state, &user, why).await;
    }
    let mut approved = 0;
    let mut problems = Vec::new();
    for id in ids {
        match reviews::approve_review(&state.db, user.account.account_id, id, state.clock.now())
            .await
        {
            Ok(_) => approved += 1,
            Err(TransitionError::Database(err)) => return Err(err.into()),
            Err(TransitionError::AlreadyHandled { by, at }) => problems.push(format!(
                "review text #{id}: {}",
                TransitionError::already_handled_words(&by, at)
            )),
            Err(other) => problems.push(format!("review text #{id}: {other}")),
        }
    }
    let notice = if problems.is_empty() {
        Notice::Done(format!("Approved {approved}."))
    } else {
        Notice::Problem(format!(
            "Approved {approved}. Not approved: {}",
            problems.join("; ")
        ))
    };
    show::<Reviews>(&state, &user, 1, Some(&notice), StatusCode::OK).await
}

async fn reject(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<DecisionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let (moderator, now) = (user.account.account_id, state.clock.now());
    let decide = |reason, note| reviews::reject_review(&state.db, moderator, id, reason, note, now);
    decide_with_reason::<Reviews, _, _>(&state, &user, &form, decide, "rejected").await
}

async fn request_changes(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<DecisionForm>,
) -> AppResult<Response> {
    let note = match note_of(&form.note) {
        Ok(Some(note)) => note,
        Ok(None) => {
            let why = Notice::Problem("Say what the author should change.".to_owned());
            return unusable::<Reviews>(&state, &user, why).await;
        }
        Err(why) => return unusable::<Reviews>(&state, &user, why).await,
    };
    let outcome = reviews::request_changes(
        &state.db,
        user.account.account_id,
        path_id(&id)?,
        note,
        state.clock.now(),
    )
    .await;
    decided::<Reviews, _>(&state, &user, outcome, "changes").await
}

async fn remove(
    State(state): State<AppState>,
    user: RequireModerator,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<DecisionForm>,
) -> AppResult<Response> {
    let review = reviews::review_of_text(&state.db, path_id(&id)?)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let (moderator, now) = (user.account.account_id, state.clock.now());
    let decide =
        |reason, note| reviews::remove_review(&state.db, moderator, review, reason, note, now);
    decide_with_reason::<Reviews, _, _>(&state, &user, &form, decide, "removed").await
}
