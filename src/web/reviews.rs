//! Writing a review (patients) and reporting one (anyone signed in).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::Markup;

use crate::domain::moderation::TransitionError;
use crate::domain::moderation::flags::{self, FlagError, Flagged, MAX_FLAG_NOTE_CHARS};
use crate::domain::reviews::form::{self, ReviewInput};
use crate::domain::reviews::submission::{self, SubmitError};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::reviews::ReportedReview;
use crate::vocabulary::{FlagReason, Role};
use crate::web::form_page;
use crate::web::guards::CurrentUser;
use crate::web::input::StrictForm;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/practitioners/{slug}/review",
            get(review_form).post(submit_review),
        )
        .route("/reviews/{id}/flag", get(flag_form).post(flag_review))
}

const PATIENTS_ONLY: &str = "Reviews are written by patients about their own treatment, from a patient account. Practitioner and moderator accounts cannot write reviews.";

/// Reads the review form; repeated side effects need the pair list. Unknown keys are
/// ignored.
fn review_input(pairs: Vec<(String, String)>) -> ReviewInput {
    let mut input = ReviewInput::default();
    for (key, value) in pairs {
        match key.as_str() {
            "rating" => input.rating = value,
            "worth_it" => input.worth_it = value,
            "treatment" => input.treatment = value,
            "product" => input.product = value,
            "units" => input.units = value,
            "price_paid" => input.price_paid = value,
            "treatment_month" => input.treatment_month = value,
            "days_to_onset" => input.days_to_onset = value,
            "weeks_lasted" => input.weeks_lasted = value,
            "side_effects" => input.side_effects.push(value),
            "correction_needed" => input.correction_needed = true,
            "title" => input.title = value,
            "body" => input.body = value,
            "incentive_received" => input.incentive_received = true,
            "relationship" => input.relationship = value,
            _ => {}
        }
    }
    input
}

/// The practitioner being reviewed, with the visitor's own review of them; unknown or
/// unpublished is the 404 page.
async fn target_of(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> AppResult<submission::ReviewTarget> {
    submission::target(&state.db, slug, user.account.account_id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn review_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let target = target_of(&state, &user, &slug).await?;
    let (chrome, names) = (user.visitor.chrome(), target.names());
    if user.account.role != Role::Patient {
        return Ok(form_page(
            StatusCode::FORBIDDEN,
            views::reviews::review_refused_page(&chrome, names, PATIENTS_ONLY),
        ));
    }
    let (input, editing) = match &target.existing {
        Some((status, input)) => {
            if let Some(why) = submission::refusal(*status) {
                return Ok(form_page(
                    StatusCode::CONFLICT,
                    views::reviews::review_refused_page(&chrome, names, why),
                ));
            }
            (input.clone(), true)
        }
        None => (ReviewInput::default(), false),
    };
    Ok(
        views::reviews::review_form_page(&chrome, names, &input, &FieldErrors::default(), editing)
            .into_response(),
    )
}

async fn submit_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    StrictForm(pairs): StrictForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let target = target_of(&state, &user, &slug).await?;
    let (chrome, names) = (user.visitor.chrome(), target.names());
    let input = review_input(pairs);
    let now = state.clock.now();
    let text = match form::check_review(&input, now.date_naive()) {
        Ok(text) => text,
        Err(errors) => {
            return Ok(form_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::reviews::review_form_page(
                    &chrome,
                    names,
                    &input,
                    &errors,
                    target.existing.is_some(),
                ),
            ));
        }
    };
    match submission::submit_review(
        &state.db,
        user.account.account_id,
        target.practitioner_id,
        text,
        now,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/me/reviews?done=submitted").into_response()),
        Err(SubmitError::RateLimited { retry_after }) => {
            let minutes = (retry_after.num_seconds() + 59) / 60;
            let why = format!(
                "You have sent {} reviews or edits in the last hour, the most we accept. Please try again in {minutes} {}. What you wrote is below.",
                submission::SUBMISSIONS_PER_HOUR,
                if minutes == 1 { "minute" } else { "minutes" }
            );
            let mut errors = FieldErrors::default();
            errors.add("body", why);
            let mut response = form_page(
                StatusCode::TOO_MANY_REQUESTS,
                views::reviews::review_form_page(
                    &chrome,
                    names,
                    &input,
                    &errors,
                    target.existing.is_some(),
                ),
            );
            if let Ok(value) = HeaderValue::from_str(&retry_after.num_seconds().to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(SubmitError::NotAllowed(why)) => Ok(form_page(
            StatusCode::FORBIDDEN,
            views::reviews::review_refused_page(&chrome, names, why),
        )),
        Err(SubmitError::NotFound) => Err(AppError::NotFound),
        Err(SubmitError::Database(err)) => Err(err.into()),
    }
}

async fn reportable(state: &AppState, raw_id: &str) -> AppResult<flags::Reportable> {
    let id: i64 = raw_id.parse().map_err(|_| AppError::NotFound)?;
    flags::reportable(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn reported(r: &flags::Reportable) -> ReportedReview<'_> {
    ReportedReview {
        review_id: r.review_id,
        practitioner_name: &r.practitioner_name,
        practitioner_slug: &r.practitioner_slug,
        title: &r.title,
    }
}

async fn flag_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Markup> {
    let review = reportable(&state, &id).await?;
    Ok(views::reviews::flag_page(
        &user.visitor.chrome(),
        &reported(&review),
        "",
        "",
        &FieldErrors::default(),
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct FlagForm {
    reason: String,
    note: String,
}

async fn flag_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<FlagForm>,
) -> AppResult<Response> {
    let review = reportable(&state, &id).await?;
    let chrome = user.visitor.chrome();
    let mut errors = FieldErrors::default();
    let reason = FlagReason::parse(form.reason.trim());
    if reason.is_none() {
        errors.add("reason", "Choose what is wrong with the review.");
    }
    if form.note.trim().chars().count() > MAX_FLAG_NOTE_CHARS {
        errors.add("note", "Keep the note to 1,000 characters.");
    }
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        return Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::reviews::flag_page(
                &chrome,
                &reported(&review),
                &form.reason,
                &form.note,
                &errors,
            ),
        ));
    };
    let outcome = flags::flag_review(
        &state.db,
        user.account.account_id,
        review.review_id,
        reason,
        &form.note,
        state.clock.now(),
    )
    .await;
    let refused = |status: StatusCode, message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("reason", message.to_owned());
        form_page(
            status,
            views::reviews::flag_page(
                &chrome,
                &reported(&review),
                &form.reason,
                &form.note,
                &errors,
            ),
        )
    };
    match outcome {
        Ok(flagged) => Ok(views::reviews::flagged_page(
            &chrome,
            &reported(&review),
            flagged == Flagged::Hidden,
        )
        .into_response()),
        Err(FlagError::AlreadyReported) => Ok(refused(
            StatusCode::CONFLICT,
            "You have already reported this review; a moderator will look at it.",
        )),
        Err(FlagError::Transition(TransitionError::NotAllowed(why))) => {
            Ok(refused(StatusCode::FORBIDDEN, why))
        }
        Err(FlagError::Transition(other)) => Err(other.into()),
    }
}
