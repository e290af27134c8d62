//! Writing a review (patients) and reporting one (anyone signed in).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::Markup;

use crate::domain::email_confirmation::Unconfirmed;
use crate::domain::invites::{self, InviteState, InvitedReviewError};
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
use crate::web::email::refuse_unconfirmed;
use crate::web::form_page;
use crate::web::guards::CurrentUser;
use crate::web::input::{StrictForm, path_id};
use crate::web::visitor::Visitor;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/practitioners/{slug}/review",
            get(review_form).post(submit_review),
        )
        .route("/reviews/{id}/flag", get(flag_form).post(flag_review))
        .route(
            "/invites/{token}",
            get(invite_link).post(submit_invited_review),
        )
        .route(
            "/reviews/{id}/reply/flag",
            get(reply_flag_form).post(flag_reply),
        )
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
    show_review_form(&user, &target, None)
}

/// The review form for `target`, filled with the visitor's earlier text, or why they
/// cannot write it.
fn show_review_form(
    user: &CurrentUser,
    target: &submission::ReviewTarget,
    invite: Option<&str>,
) -> AppResult<Response> {
    let (chrome, names) = (user.visitor.chrome(), target.names());
    if user.account.role != Role::Patient {
        return Ok(form_page(
            StatusCode::FORBIDDEN,
            views::reviews::review_refused_page(&chrome, names, PATIENTS_ONLY),
        ));
    }
    if let Some(refused) = refuse_unconfirmed(&user.visitor, &user.account, Unconfirmed::Review) {
        return Ok(refused);
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
    let page = views::reviews::review_form_page(
        &chrome,
        names,
        &input,
        &FieldErrors::default(),
        editing,
        invite,
    );
    Ok(page.into_response())
}

async fn submit_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    StrictForm(pairs): StrictForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let target = target_of(&state, &user, &slug).await?;
    take_review(&state, &user, &target, pairs, None).await
}

/// Checks and stores a review sent with the form: with `invite` (a practitioner's invite
/// token) it is marked as by a verified patient and uses the invite up.
async fn take_review(
    state: &AppState,
    user: &CurrentUser,
    target: &submission::ReviewTarget,
    pairs: Vec<(String, String)>,
    invite: Option<&str>,
) -> AppResult<Response> {
    if let Some(refused) = refuse_unconfirmed(&user.visitor, &user.account, Unconfirmed::Review) {
        return Ok(refused);
    }
    let (chrome, names) = (user.visitor.chrome(), target.names());
    let editing = target.existing.is_some();
    let input = review_input(pairs);
    let now = state.clock.now();
    let form_again = |status: StatusCode, errors: &FieldErrors| {
        form_page(
            status,
            views::reviews::review_form_page(&chrome, names, &input, errors, editing, invite),
        )
    };
    let text = match form::check_review(&input, now.date_naive()) {
        Ok(text) => text,
        Err(errors) => return Ok(form_again(StatusCode::UNPROCESSABLE_ENTITY, &errors)),
    };
    let author = user.account.account_id;
    let stored = match invite {
        None => submission::submit_review(&state.db, author, target.practitioner_id, text, now)
            .await
            .map_err(InvitedReviewError::Submit),
        Some(token) => invites::submit_invited_review(&state.db, author, token, text, now).await,
    };
    let err = match stored {
        Ok(_) => return Ok(Redirect::to("/me/reviews?done=submitted").into_response()),
        Err(InvitedReviewError::Submit(err)) => err,
        Err(InvitedReviewError::Closed(closed)) => {
            return Ok(form_page(
                StatusCode::GONE,
                views::reviews::review_refused_page(&chrome, names, closed.closed_because()),
            ));
        }
        Err(InvitedReviewError::NotFound) => return Err(AppError::NotFound),
    };
    match err {
        SubmitError::RateLimited { retry_after } => {
            let minutes = (retry_after.num_seconds() + 59) / 60;
            let why = format!(
                "You have sent {} reviews or edits in the last hour, the most we accept. Please try again in {minutes} {}. What you wrote is below.",
                submission::SUBMISSIONS_PER_HOUR,
                if minutes == 1 { "minute" } else { "minutes" }
            );
            let mut errors = FieldErrors::default();
            errors.add("body", why);
            let mut response = form_again(StatusCode::TOO_MANY_REQUESTS, &errors);
            if let Ok(value) = HeaderValue::from_str(&retry_after.num_seconds().to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        SubmitError::NotAllowed(why) => Ok(form_page(
            StatusCode::FORBIDDEN,
            views::reviews::review_refused_page(&chrome, names, why),
        )),
        SubmitError::Changed => {
            let mut errors = FieldErrors::default();
            errors.add(
                "body",
                "A moderator acted on your review while you were sending this, so it was not saved. What you wrote is below; please send it again.",
            );
            Ok(form_again(StatusCode::CONFLICT, &errors))
        }
        SubmitError::NotFound => Err(AppError::NotFound),
        SubmitError::Database(err) => Err(err.into()),
    }
}

/// An invite link: who may use it, and the review form for a signed-in patient. A link that
/// was used, expired or revoked says so (410) and offers nothing to submit.
async fn invite_link(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    // The page depends on the invite's state at this moment: never kept by a cache.
    let mut response = invite_page(&state, visitor, &token).await?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

async fn invite_page(state: &AppState, visitor: Visitor, token: &str) -> AppResult<Response> {
    let link = invites::by_token(&state.db, token, state.clock.now())
        .await?
        .ok_or(AppError::NotFound)?;
    let chrome = visitor.chrome();
    if link.state != InviteState::Open {
        return Ok(form_page(
            StatusCode::GONE,
            views::reviews::review_refused_page(
                &chrome,
                (&link.practitioner_name, &link.practitioner_slug),
                link.state.closed_because(),
            ),
        ));
    }
    let Some(account) = visitor.account.clone() else {
        return Ok(views::reviews::invite_welcome_page(
            &chrome,
            (&link.practitioner_name, &link.practitioner_slug),
            &format!("/invites/{token}"),
        )
        .into_response());
    };
    let user = CurrentUser::signed_in(visitor, account);
    let target = invite_target(state, &user, &link).await?;
    show_review_form(&user, &target, Some(token))
}

async fn submit_invited_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token): Path<String>,
    StrictForm(pairs): StrictForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let link = invites::by_token(&state.db, &token, state.clock.now())
        .await?
        .ok_or(AppError::NotFound)?;
    let target = invite_target(&state, &user, &link).await?;
    take_review(&state, &user, &target, pairs, Some(&token)).await
}

/// The practitioner an invite is from, as the review form needs them.
async fn invite_target(
    state: &AppState,
    user: &CurrentUser,
    link: &invites::InviteLink,
) -> AppResult<submission::ReviewTarget> {
    target_of(state, user, &link.practitioner_slug).await
}

/// What a report form is about: a review, or the practitioner's reply under it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Review,
    Reply,
}

async fn reportable(
    state: &AppState,
    raw_id: &str,
    target: Target,
) -> AppResult<flags::Reportable> {
    let id = path_id(raw_id)?;
    match target {
        Target::Review => flags::reportable(&state.db, id).await?,
        Target::Reply => flags::reportable_reply(&state.db, id).await?,
    }
    .ok_or(AppError::NotFound)
}

fn reported(r: &flags::Reportable, target: Target) -> ReportedReview<'_> {
    ReportedReview {
        review_id: r.review_id,
        practitioner_name: &r.practitioner_name,
        practitioner_slug: &r.practitioner_slug,
        title: &r.title,
        reply: target == Target::Reply,
    }
}

async fn flag_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Markup> {
    show_flag_form(&state, &user, &id, Target::Review).await
}

async fn reply_flag_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Markup> {
    show_flag_form(&state, &user, &id, Target::Reply).await
}

async fn show_flag_form(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    target: Target,
) -> AppResult<Markup> {
    let review = reportable(state, id, target).await?;
    Ok(views::reviews::flag_page(
        &user.visitor.chrome(),
        &reported(&review, target),
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
    take_report(&state, &user, &id, form, Target::Review).await
}

async fn flag_reply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<FlagForm>,
) -> AppResult<Response> {
    take_report(&state, &user, &id, form, Target::Reply).await
}

async fn take_report(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    form: FlagForm,
    target: Target,
) -> AppResult<Response> {
    let review = reportable(state, id, target).await?;
    let shown = reported(&review, target);
    let chrome = user.visitor.chrome();
    let mut errors = FieldErrors::default();
    let reason = FlagReason::parse(form.reason.trim());
    if reason.is_none() {
        errors.add("reason", "Choose what is wrong with it.");
    }
    if form.note.trim().chars().count() > MAX_FLAG_NOTE_CHARS {
        errors.add("note", "Keep the note to 1,000 characters.");
    }
    let refused = |status: StatusCode, errors: &FieldErrors| {
        form_page(
            status,
            views::reviews::flag_page(&chrome, &shown, &form.reason, &form.note, errors),
        )
    };
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, &errors));
    };
    let (reporter, now) = (user.account.account_id, state.clock.now());
    let outcome = match target {
        Target::Review => {
            flags::flag_review(
                &state.db,
                reporter,
                review.review_id,
                reason,
                &form.note,
                now,
            )
            .await
        }
        Target::Reply => {
            flags::flag_reply(
                &state.db,
                reporter,
                review.review_id,
                reason,
                &form.note,
                now,
            )
            .await
        }
    };
    let said = |message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("reason", message.to_owned());
        errors
    };
    match outcome {
        Ok(flagged) => {
            Ok(
                views::reviews::flagged_page(&chrome, &shown, flagged == Flagged::Hidden)
                    .into_response(),
            )
        }
        Err(FlagError::AlreadyReported) => Ok(refused(
            StatusCode::CONFLICT,
            &said("You have already reported this; a moderator will look at it."),
        )),
        Err(FlagError::Transition(TransitionError::NotAllowed(why))) => {
            Ok(refused(StatusCode::FORBIDDEN, &said(why)))
        }
        Err(FlagError::Transition(other)) => Err(other.into()),
    }
}
