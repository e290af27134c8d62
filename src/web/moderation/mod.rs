//! The moderators' area: the overview, one page per queue with its decisions, and the audit
//! log. Every handler takes [`RequireModerator`]; the domain refuses decisions on one's own
//! review or profile, and a decision someone else made first is shown, not repeated.

mod appeals;
mod credentials;
mod flags;
mod log;
mod photos;
mod reviews;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use crate::domain::moderation::{TransitionError, queues};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::vocabulary::ReasonCode;
use crate::web::form_page;
use crate::web::guards::RequireModerator;
use crate::web::input::{StrictQuery, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation", get(overview))
        .merge(reviews::router())
        .merge(appeals::router())
        .merge(flags::router())
        .merge(credentials::router())
        .merge(photos::router())
        .merge(log::router())
        .route("/moderation/{*rest}", get(unknown).post(unknown))
}

async fn overview(State(state): State<AppState>, user: RequireModerator) -> AppResult<Markup> {
    let counts = queues::queue_counts(&state.db, user.account.account_id).await?;
    Ok(views::moderation::overview_page(
        &user.visitor.chrome(),
        &counts,
    ))
}

/// Unknown moderation addresses: moderators only, then not found.
async fn unknown(_: RequireModerator) -> AppError {
    AppError::NotFound
}

/// `?page=` and `?done=` of a queue page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct QueueParams {
    page: Option<String>,
    done: Option<String>,
}

impl QueueParams {
    fn page(&self) -> u64 {
        page_number(self.page.as_deref())
    }

    /// The sentence for a finished decision (fixed words, never text from the address).
    fn notice(&self) -> Option<Notice> {
        let words = match self.done.as_deref()? {
            "approved" => "Approved: the review is published.",
            "photo-approved" => "Approved: the pair is on the practitioner's profile.",
            "headshot-approved" => "Approved: the headshot is on the practitioner's profile.",
            "rejected" => "Rejected: the author will see the reason.",
            "changes" => "Sent back to the author with your note.",
            "removed" => "Removed: the review is no longer shown.",
            "upheld" => "Report upheld: the review is removed.",
            "dismissed" => "Report dismissed.",
            "granted" => "Appeal granted: the review is published.",
            "refused" => "Appeal refused: the decision stands.",
            "verified" => "Verified: the practitioner's badge is updated.",
            "credential-rejected" => "Credential rejected.",
            _ => return None,
        };
        Some(Notice::Done(words.to_owned()))
    }
}

/// A 1-based page number from a query parameter; anything unreadable is the first page.
pub(crate) fn page_number(raw: Option<&str>) -> u64 {
    raw.and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000)
}

/// How a refused decision is shown: its status and the sentence on the queue page.
fn refusal(err: TransitionError) -> AppResult<(StatusCode, Notice)> {
    match err {
        TransitionError::AlreadyHandled { by, at } => Ok((
            StatusCode::CONFLICT,
            Notice::Problem(TransitionError::already_handled_words(&by, at)),
        )),
        TransitionError::NotAllowed(why) => {
            Ok((StatusCode::FORBIDDEN, Notice::Problem(why.to_owned())))
        }
        TransitionError::NotFound => Err(AppError::NotFound),
        TransitionError::Database(err) => Err(err.into()),
    }
}

/// One moderation queue: where it lives and how a page of it is rendered.
trait Queue {
    /// Its address; decisions lead back here.
    const PATH: &'static str;

    /// Page `page` of the queue as the moderator sees it, with a notice on top.
    fn render(
        state: &AppState,
        user: &RequireModerator,
        page: u64,
        notice: Option<&Notice>,
    ) -> impl Future<Output = AppResult<Markup>> + Send;
}

/// The queue page answered with `status` (a refusal keeps its page).
async fn show<Q: Queue>(
    state: &AppState,
    user: &RequireModerator,
    page: u64,
    notice: Option<&Notice>,
    status: StatusCode,
) -> AppResult<Response> {
    let markup = Q::render(state, user, page, notice).await?;
    Ok(if status == StatusCode::OK {
        markup.into_response()
    } else {
        form_page(status, markup)
    })
}

/// `GET` a queue: `?page=` and the notice of a decision just made.
async fn queue<Q: Queue>(
    State(state): State<AppState>,
    user: RequireModerator,
    StrictQuery(params): StrictQuery<QueueParams>,
) -> AppResult<Response> {
    show::<Q>(
        &state,
        &user,
        params.page(),
        params.notice().as_ref(),
        StatusCode::OK,
    )
    .await
}

/// A decision form that cannot be acted on: the queue again, 422, saying why.
async fn unusable<Q: Queue>(
    state: &AppState,
    user: &RequireModerator,
    notice: Notice,
) -> AppResult<Response> {
    show::<Q>(
        state,
        user,
        1,
        Some(&notice),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// After a decision: back to the queue saying `done`, or the queue again with why nothing
/// was changed.
async fn decided<Q: Queue, T>(
    state: &AppState,
    user: &RequireModerator,
    outcome: Result<T, TransitionError>,
    done: &str,
) -> AppResult<Response> {
    match outcome {
        Ok(_) => {
            Ok(axum::response::Redirect::to(&format!("{}?done={done}", Q::PATH)).into_response())
        }
        Err(err) => {
            let (status, notice) = refusal(err)?;
            show::<Q>(state, user, 1, Some(&notice), status).await
        }
    }
}

/// The reason (required) and the optional note of a rejection, removal or upheld report.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DecisionForm {
    reason: String,
    note: String,
}

impl DecisionForm {
    /// The reason and note, or the notice saying what is missing.
    fn reason_and_note(&self) -> Result<(ReasonCode, Option<String>), Notice> {
        let reason = ReasonCode::parse(self.reason.trim())
            .ok_or_else(|| Notice::Problem("Choose a reason: the author sees it.".to_owned()))?;
        Ok((reason, note_of(&self.note)?))
    }
}

/// A decision that needs a reason and may carry a note: reads them from `form`, makes the
/// decision with `decide`, and answers as [`decided`] does (or 422 when the reason is missing).
async fn decide_with_reason<Q: Queue, T, Made>(
    state: &AppState,
    user: &RequireModerator,
    form: &DecisionForm,
    decide: impl FnOnce(ReasonCode, Option<String>) -> Made,
    done: &str,
) -> AppResult<Response>
where
    Made: Future<Output = Result<T, TransitionError>>,
{
    match form.reason_and_note() {
        Ok((reason, note)) => decided::<Q, T>(state, user, decide(reason, note).await, done).await,
        Err(why) => unusable::<Q>(state, user, why).await,
    }
}

/// A form's optional note: trimmed, empty as none, at most 2,000 characters.
fn note_of(raw: &str) -> Result<Option<String>, Notice> {
    let note = raw.trim();
    if note.chars().count() > 2000 {
        return Err(Notice::Problem(
            "Keep the note to 2,000 characters.".to_owned(),
        ));
    }
    Ok(Some(note.to_owned()).filter(|n| !n.is_empty()))
}
