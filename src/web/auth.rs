//! Registration, sign-in, sign-out and password change.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use crate::domain::accounts::{self, Account, check_password_rules};
use crate::domain::email_address;
use crate::domain::login_throttle::Throttled;
use crate::domain::notices;
use crate::domain::registration::{self, Registration, RegistrationError, RegistrationMail};
use crate::domain::sessions;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::auth::{LoginValues, RegisterValues};
use crate::vocabulary::Role;
use crate::web;
use crate::web::cookies::{clear_session_cookie, session_cookie};
use crate::web::form_page;
use crate::web::guards::{CurrentUser, safe_next};
use crate::web::input::{StrictForm, StrictQuery};
use crate::web::visitor::Visitor;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", get(register_form).post(register))
        .route("/login", get(login_form).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/account", get(account))
        .route(
            "/account/password",
            get(password_form).post(change_password),
        )
}

/// Where an account lands after signing in when it was not going anywhere in particular.
fn home_for(role: Role) -> &'static str {
    match role {
        Role::Practitioner => "/dashboard",
        Role::Moderator | Role::Admin => "/moderation",
        Role::Patient => "/account",
    }
}

/// Tells the browser when to try again.
fn retry_after(response: &mut Response, throttled: Throttled) {
    if let Ok(seconds) =
        HeaderValue::from_str(&throttled.retry_after.num_seconds().max(1).to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, seconds);
    }
}

/// A redirect that also hands the browser a new session cookie.
fn signed_in_redirect(state: &AppState, token: &str, to: &str) -> AppResult<Response> {
    let cookie = session_cookie(&state.config, token)
        .ok_or_else(|| AppError::Internal("session cookie is not a header value".to_owned()))?;
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Signs an account in: ends the visitor's current session if any, starts a new one (a new
/// token, so none planted earlier survives) and redirects.
async fn sign_in(
    state: &AppState,
    visitor: &Visitor,
    account: &Account,
    to: &str,
) -> AppResult<Response> {
    if let Some(current) = &visitor.account {
        sessions::end(&state.db, current.session_id).await?;
    }
    let started = sessions::start(
        &state.db,
        account.id,
        state.clock.now(),
        state.config.session_policy(),
    )
    .await?;
    signed_in_redirect(state, &started.token, to)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RegisterForm {
    display_name: String,
    email: String,
    password: String,
    role: String,
    profession: String,
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NextParam {
    next: Option<String>,
    /// `done` after a password was reset through a mailed link.
    reset: Option<String>,
    /// Set after the address was confirmed through the mailed link.
    confirmed: Option<String>,
}

async fn register_form(visitor: Visitor, StrictQuery(params): StrictQuery<NextParam>) -> Markup {
    views::auth::register_page(
        &visitor.form_chrome(),
        &RegisterValues {
            next: safe_next(params.next.as_deref()),
            ..Default::default()
        },
        &FieldErrors::default(),
    )
}

async fn register(
    State(state): State<AppState>,
    visitor: Visitor,
    StrictForm(form): StrictForm<RegisterForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    let shown_again = |registration: &Registration| RegisterValues {
        next: next.clone(),
        ..RegisterValues::shown_again(registration)
    };
    let registration = Registration {
        display_name: form.display_name,
        email: form.email,
        password: form.password,
        role: form.role,
        profession: form.profession,
    };
    let now = state.clock.now();
    // Registration is limited per network, so the form cannot test addresses at speed.
    if let Err(throttled) = state
        .login_throttle
        .registration_attempt(visitor.address, now)
    {
        let mut errors = FieldErrors::default();
        errors.add(
            "email",
            format!(
                "Too many registrations from your network. Please try again in {}.",
                throttled.wait_in_words()
            ),
        );
        let mut response = form_page(
            StatusCode::TOO_MANY_REQUESTS,
            views::auth::register_page(
                &visitor.form_chrome(),
                &shown_again(&registration),
                &errors,
            ),
        );
        retry_after(&mut response, throttled);
        return Ok(response);
    }
    // A practitioner goes on to their profile once signed in; anyone else to where they
    // were going.
    let then = match registration.role.as_str() {
        "practitioner" => Some("/dashboard/profile".to_owned()),
        _ => next.clone(),
    };
    let compose = |mail: RegistrationMail| match mail {
        RegistrationMail::Confirm(link) => {
            web::email::confirmation_mail(&state, link, then.as_deref())
        }
        RegistrationMail::AlreadyRegistered { to, display_name } => {
            views::mail::already_registered(
                &to,
                &display_name,
                &state.config.absolute_url("/login"),
                &state.config.absolute_url("/password/forgot"),
            )
        }
    };
    let registered =
        registration::register(&state.db, &state.password_work, &registration, now, compose).await;
    match registered {
        // The same answer whether the address was new or already had an account.
        Ok(()) => {
            let sent = format!("/register/sent{}", web::email::next_query(then.as_deref()));
            Ok(Redirect::to(&sent).into_response())
        }
        Err(RegistrationError::Invalid(errors)) => {
            let values = shown_again(&registration);
            Ok(form_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::auth::register_page(&visitor.form_chrome(), &values, &errors),
            ))
        }
        Err(RegistrationError::Failed(err)) => Err(err.into()),
    }
}

async fn login_form(visitor: Visitor, StrictQuery(params): StrictQuery<NextParam>) -> Markup {
    let values = LoginValues {
        email: String::new(),
        next: safe_next(params.next.as_deref()),
        password_reset: params.reset.as_deref() == Some("done"),
        email_confirmed: params.confirmed.is_some(),
    };
    views::auth::login_page(&visitor.form_chrome(), &values, None)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// The one message for an unknown email and a wrong password, so neither is revealed.
pub const LOGIN_REFUSED: &str = "That email and password do not match an account.";

async fn login(
    State(state): State<AppState>,
    visitor: Visitor,
    StrictForm(form): StrictForm<LoginForm>,
) -> AppResult<Response> {
    // Nothing this long is an email or a password we accept: refused before any work, and
    // never echoed back.
    let normalized = email_address::normalize_submitted(&form.email);
    let oversized = normalized.is_none() || form.password.len() > 4 * accounts::MAX_PASSWORD_CHARS;
    let email = normalized.unwrap_or_default();
    let values = LoginValues {
        email: if oversized {
            String::new()
        } else {
            form.email.trim().to_owned()
        },
        next: safe_next(form.next.as_deref()),
        ..Default::default()
    };
    let now = state.clock.now();
    if let Err(throttled) = state.login_throttle.check(&email, visitor.address, now) {
        let message = format!(
            "Too many failed attempts. For your safety, signing in is paused; try again in {}.",
            throttled.wait_in_words()
        );
        let mut response = form_page(
            StatusCode::TOO_MANY_REQUESTS,
            views::auth::login_page(&visitor.form_chrome(), &values, Some(&message)),
        );
        retry_after(&mut response, throttled);
        return Ok(response);
    }
    // An email or password over its limit can not match an account: it is not hashed.
    let found = if oversized {
        None
    } else {
        accounts::authenticate(&state.db, &state.password_work, &email, &form.password, now).await?
    };
    let Some(found) = found else {
        state
            .login_throttle
            .record_failure(&email, visitor.address, now);
        return Ok(form_page(
            StatusCode::UNAUTHORIZED,
            views::auth::login_page(&visitor.form_chrome(), &values, Some(LOGIN_REFUSED)),
        ));
    };
    state.login_throttle.record_success(&email);
    let to = values
        .next
        .unwrap_or_else(|| home_for(found.role).to_owned());
    sign_in(&state, &visitor, &found, &to).await
}

async fn logout(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    if let Some(current) = &visitor.account {
        sessions::end(&state.db, current.session_id).await?;
    }
    let mut response = Redirect::to("/").into_response();
    if let Some(clear) = clear_session_cookie(&state.config) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AccountParams {
    changed: Option<String>,
    confirmed: Option<String>,
    confirm: Option<String>,
    notices: Option<String>,
}

impl AccountParams {
    /// What the page says about what just happened.
    fn notice(&self) -> Option<&'static str> {
        if self.changed.as_deref() == Some("password") {
            Some("Your password was changed. Any other devices were signed out.")
        } else if self.confirmed.is_some() {
            Some("Your email address is confirmed.")
        } else if self.confirm.as_deref() == Some("sent") {
            Some("We sent a new confirmation link. It works for three days.")
        } else if self.confirm.as_deref() == Some("wait") {
            Some(
                "We already sent three links in the last hour. Check your inbox and spam folder, or try again later.",
            )
        } else if self.notices.as_deref() == Some("on") {
            Some("You will get email notices.")
        } else if self.notices.as_deref() == Some("off") {
            Some(
                "You will get no more optional notices. Mail about your password and address is still sent.",
            )
        } else {
            None
        }
    }
}

async fn account(
    State(state): State<AppState>,
    user: CurrentUser,
    StrictQuery(params): StrictQuery<AccountParams>,
) -> AppResult<Markup> {
    let notices_on = notices::wants_notices(&state.db, user.account.account_id).await?;
    Ok(views::auth::account_page(
        &user.visitor.chrome(),
        params.notice(),
        notices_on,
    ))
}

async fn password_form(user: CurrentUser) -> Markup {
    views::auth::password_page(&user.visitor.chrome(), &FieldErrors::default())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    StrictForm(form): StrictForm<PasswordForm>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let email = user.account.email.clone();
    let mut errors = FieldErrors::default();
    // The current password is a guess like any sign-in, so it counts against the same limit.
    if let Err(throttled) = state
        .login_throttle
        .check(&email, user.visitor.address, now)
    {
        errors.add(
            "current_password",
            format!(
                "Too many wrong passwords. Try again in {}.",
                throttled.wait_in_words()
            ),
        );
        let mut response = form_page(
            StatusCode::TOO_MANY_REQUESTS,
            views::auth::password_page(&user.visitor.chrome(), &errors),
        );
        retry_after(&mut response, throttled);
        return Ok(response);
    }
    let current = accounts::authenticate(
        &state.db,
        &state.password_work,
        &email,
        &form.current_password,
        now,
    )
    .await?;
    if current.is_none() {
        state
            .login_throttle
            .record_failure(&email, user.visitor.address, now);
        errors.add("current_password", "That is not your current password.");
    }
    if let Err(message) = check_password_rules(&form.new_password, &email) {
        errors.add("new_password", message);
    } else if form.new_password == form.current_password {
        errors.add(
            "new_password",
            "Choose a password different from your current one.",
        );
    }
    if form.confirm_password != form.new_password {
        errors.add(
            "confirm_password",
            "The two new passwords are not the same.",
        );
    }
    let Some(current) = current.filter(|_| errors.is_empty()) else {
        return Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::auth::password_page(&user.visitor.chrome(), &errors),
        ));
    };
    let new_hash = state.password_work.hash(form.new_password).await?;
    let started = accounts::change_password(
        &state.db,
        current.id,
        new_hash,
        now,
        state.config.session_policy(),
    )
    .await?;
    state.login_throttle.record_success(&email);
    signed_in_redirect(&state, &started.token, "/account?changed=password")
}
