//! Account recovery: asking for a reset link (the answer is the same for every address) and
//! setting a new password through it.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::domain::account_tokens::{IssueError, LinkState};
use crate::domain::accounts::check_password_rules;
use crate::domain::email_address::{self, MAX_EMAIL_BYTES};
use crate::domain::password_reset;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::web::form_page;
use crate::web::input::StrictForm;
use crate::web::visitor::Visitor;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/password/forgot", get(forgot_form).post(ask_for_link))
        .route("/password/reset/{token}", get(reset_form).post(reset))
}

async fn forgot_form(visitor: Visitor) -> Response {
    views::auth::forgot_password_page(&visitor.form_chrome(), "", &FieldErrors::default(), false)
        .into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ForgotForm {
    email: String,
}

async fn ask_for_link(
    State(state): State<AppState>,
    visitor: Visitor,
    StrictForm(form): StrictForm<ForgotForm>,
) -> AppResult<Response> {
    let chrome = visitor.form_chrome();
    let email = form.email.trim();
    if email.is_empty()
        || email.len() > MAX_EMAIL_BYTES
        || !email_address::is_plausible_email(email)
    {
        let mut errors = FieldErrors::default();
        errors.add(
            "email",
            "Enter the email address of your account, such as name@example.com.",
        );
        let shown = if email.len() > MAX_EMAIL_BYTES {
            ""
        } else {
            email
        };
        return Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::auth::forgot_password_page(&chrome, shown, &errors, false),
        ));
    }
    let config = state.config.clone();
    let asked = password_reset::request_reset(
        &state.db,
        email,
        visitor.address,
        state.clock.now(),
        |mail| {
            let link = config.absolute_url(&format!("/password/reset/{}", mail.token));
            views::mail::password_reset(&mail.to, &mail.display_name, &link)
        },
    )
    .await;
    match asked {
        Ok(()) => {}
        Err(IssueError::Database(err)) => return Err(err.into()),
        Err(IssueError::Randomness(err)) => return Err(AppError::Internal(err.to_string())),
    }
    Ok(
        views::auth::forgot_password_page(&chrome, "", &FieldErrors::default(), true)
            .into_response(),
    )
}

/// The status of a mailed link that cannot be used: 404 for one that never existed, 410 for
/// one used or expired.
pub(crate) fn refused_link_status(link: &LinkState) -> StatusCode {
    match link {
        LinkState::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::GONE,
    }
}

fn refused(visitor: &Visitor, link: &LinkState) -> Response {
    let status = refused_link_status(link);
    form_page(
        status,
        views::auth::reset_refused_page(&visitor.form_chrome(), password_reset::refusal(link)),
    )
}

async fn reset_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let link = password_reset::link(&state.db, &token, state.clock.now()).await?;
    // The form's page holds a form token, so the visitor layer marks it `private, no-store`
    // like every such page; refusals are not 200s, so no cache keeps them.
    Ok(match link {
        LinkState::Usable { .. } => views::auth::reset_password_page(
            &visitor.form_chrome(),
            &format!("/password/reset/{token}"),
            &FieldErrors::default(),
        )
        .into_response(),
        other => refused(&visitor, &other),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResetForm {
    new_password: String,
    confirm_password: String,
}

async fn reset(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    StrictForm(form): StrictForm<ResetForm>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let email = match password_reset::link(&state.db, &token, now).await? {
        LinkState::Usable { email, .. } => email,
        other => return Ok(refused(&visitor, &other)),
    };
    let mut errors = FieldErrors::default();
    if let Err(message) = check_password_rules(&form.new_password, &email) {
        errors.add("new_password", message);
    }
    if form.confirm_password != form.new_password {
        errors.add(
            "confirm_password",
            "The two new passwords are not the same.",
        );
    }
    if !errors.is_empty() {
        return Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::auth::reset_password_page(
                &visitor.form_chrome(),
                &format!("/password/reset/{token}"),
                &errors,
            ),
        ));
    }
    let new_hash = state.password_work.hash(form.new_password).await?;
    match password_reset::reset_password(&state.db, &token, new_hash, now).await? {
        Ok(_) => Ok(Redirect::to("/login?reset=done").into_response()),
        Err(link) => Ok(refused(&visitor, &link)),
    }
}
