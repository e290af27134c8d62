//! Confirming an address (the mailed link, and sending it again), the notices setting,
//! and stopping notices from the link in one.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use crate::domain::account_tokens::{IssueError, LinkMail, LinkState};
use crate::domain::email_confirmation::{self, Resent, Unconfirmed};
use crate::domain::notices;
use crate::domain::outbox::Mail;
use crate::domain::sessions::SignedIn;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::web::form_page;
use crate::web::guards::{CurrentUser, safe_next};
use crate::web::input::{StrictForm, StrictQuery};
use crate::web::recovery::refused_link_status;
use crate::web::visitor::Visitor;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register/sent", get(registration_sent))
        .route("/email/confirm/{token}", get(confirm_form).post(confirm))
        .route("/account/confirm", post(resend))
        .route("/account/notices", post(set_notices))
        .route("/notices/stop/{token}", get(stop_form).post(stop))
}

/// `?next=…` for a local path to go on to, or nothing.
pub(crate) fn next_query(next: Option<&str>) -> String {
    next.and_then(|n| serde_urlencoded::to_string([("next", n)]).ok())
        .map(|q| format!("?{q}"))
        .unwrap_or_default()
}

/// The confirmation mail for `link`, whose page sends the person on to `next` afterwards.
pub fn confirmation_mail(state: &AppState, link: LinkMail, next: Option<&str>) -> Mail {
    let url = state.config.absolute_url(&format!(
        "/email/confirm/{}{}",
        link.token,
        next_query(next)
    ));
    views::mail::confirm_email(&link.to, &link.display_name, &url)
}

/// The 403 page for a form an unconfirmed account may not send yet, or `None` when the
/// account's address is confirmed.
pub fn refuse_unconfirmed(
    visitor: &Visitor,
    account: &SignedIn,
    why: Unconfirmed,
) -> Option<Response> {
    (!account.email_verified).then(|| {
        form_page(
            StatusCode::FORBIDDEN,
            views::email::confirm_first_page(&visitor.chrome(), why.explanation()),
        )
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NextParam {
    next: Option<String>,
}

fn login_path(next: Option<&str>) -> String {
    format!("/login{}", next_query(next))
}

async fn registration_sent(
    visitor: Visitor,
    StrictQuery(params): StrictQuery<NextParam>,
) -> Markup {
    let next = safe_next(params.next.as_deref());
    views::email::registration_sent_page(&visitor.chrome(), &login_path(next.as_deref()))
}

fn refused(visitor: &Visitor, link: &LinkState) -> Response {
    form_page(
        refused_link_status(link),
        views::email::confirm_refused_page(&visitor.chrome(), email_confirmation::refusal(link)),
    )
}

async fn confirm_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    StrictQuery(params): StrictQuery<NextParam>,
) -> AppResult<Response> {
    let link = email_confirmation::link(&state.db, &token, state.clock.now()).await?;
    if !matches!(link, LinkState::Usable { .. }) {
        return Ok(refused(&visitor, &link));
    }
    let next = safe_next(params.next.as_deref());
    Ok(views::email::confirm_page(
        &visitor.form_chrome(),
        &format!("/email/confirm/{token}{}", next_query(next.as_deref())),
    )
    .into_response())
}

async fn confirm(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    StrictQuery(params): StrictQuery<NextParam>,
) -> AppResult<Response> {
    let confirmed = email_confirmation::confirm(&state.db, &token, state.clock.now()).await?;
    let account_id = match confirmed {
        Ok(account_id) => account_id,
        Err(link) => return Ok(refused(&visitor, &link)),
    };
    let next = safe_next(params.next.as_deref());
    let signed_in_here = visitor
        .account
        .as_ref()
        .is_some_and(|a| a.account_id == account_id);
    let to = match (signed_in_here, next) {
        (true, Some(next)) => next,
        (true, None) => "/account?confirmed=1".to_owned(),
        (false, next) => {
            let mut to = login_path(next.as_deref());
            to.push_str(if to.contains('?') { "&" } else { "?" });
            to.push_str("confirmed=1");
            to
        }
    };
    Ok(Redirect::to(&to).into_response())
}

async fn resend(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let resent = email_confirmation::resend(
        &state.db,
        user.account.account_id,
        state.clock.now(),
        |link| confirmation_mail(&state, link, None),
    )
    .await;
    let to = match resent {
        Ok(Resent::Sent) => "/account?confirm=sent",
        Ok(Resent::AlreadyConfirmed) => "/account",
        Ok(Resent::TooMany) => "/account?confirm=wait",
        Err(IssueError::Database(err)) => return Err(err.into()),
        Err(IssueError::Randomness(err)) => return Err(AppError::Internal(err.to_string())),
    };
    Ok(Redirect::to(to).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NoticesForm {
    notices: Option<String>,
}

async fn set_notices(
    State(state): State<AppState>,
    user: CurrentUser,
    StrictForm(form): StrictForm<NoticesForm>,
) -> AppResult<Response> {
    let wanted = form.notices.as_deref() == Some("on");
    notices::set_notices(
        &state.db,
        user.account.account_id,
        wanted,
        state.clock.now(),
    )
    .await?;
    let to = if wanted {
        "/account?notices=on"
    } else {
        "/account?notices=off"
    };
    Ok(Redirect::to(to).into_response())
}

async fn stop_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    Ok(
        match notices::stop_link(&state.db, &token, state.clock.now()).await? {
            Some((_, email)) => views::email::stop_notices_page(
                &visitor.form_chrome(),
                &email,
                &format!("/notices/stop/{token}"),
            )
            .into_response(),
            None => form_page(
                StatusCode::NOT_FOUND,
                views::email::notices_stopped_page(&visitor.chrome(), false),
            ),
        },
    )
}

async fn stop(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let stopped = notices::stop_by_link(&state.db, &token, state.clock.now()).await?;
    let status = if stopped {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(form_page(
        status,
        views::email::notices_stopped_page(&visitor.chrome(), stopped),
    ))
}
