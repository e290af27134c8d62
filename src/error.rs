//! One error type for every handler. Its response is a plain error page that names the
//! problem in words a patient understands and never shows internals; the cause is logged.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::DbErr;

use crate::database;
use crate::domain::accounts::AccountError;
use crate::domain::credentials::CredentialChangeError;
use crate::domain::moderation::TransitionError;
use crate::domain::sessions::SessionError;
use crate::views;

/// How long a visitor is asked to wait when the database is away, in seconds.
pub const RETRY_AFTER_SECONDS: &str = "5";

/// Marks a response that failed because the database is away, so the layer that owns the
/// connection can renew it.
#[derive(Clone, Copy, Debug)]
pub struct DatabaseFault;

/// Marks a response whose body is already what the user should see (an error page, a form
/// shown again with its errors), so the error-page layer leaves it alone.
#[derive(Clone, Copy, Debug)]
pub struct FinishedResponse;

/// The words of an error page, kept on its response so the visitor layer can draw the page
/// again with the visitor's header (who is signed in), which this layer does not know.
#[derive(Clone, Debug)]
pub struct ErrorMessage(pub String);

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request without our CSRF token or from another site's page.
    #[error("missing or wrong CSRF token, or foreign origin")]
    StaleForm,
    /// A members' page asked for by an anonymous visitor: sent to sign in, then to `next`.
    #[error("sign-in required")]
    SignInRequired { next: Option<String> },
    #[error("not found")]
    NotFound,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
    /// A status produced outside a handler (a layer or an extractor), shown as its page.
    #[error("status {0}")]
    Status(StatusCode),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden | AppError::StaleForm => StatusCode::FORBIDDEN,
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Database(err) if database::is_unavailable(err) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Status(status) => *status,
        }
    }

    /// The sentence shown on the page. Only a bad request says more than its status,
    /// because its message is written for the user.
    fn public_message(&self) -> String {
        match self {
            AppError::BadRequest(message) => message.clone(),
            AppError::StaleForm => {
                "This form has expired or was sent from another site, so nothing was changed. \
                 Go back, reload the page and try again."
                    .to_owned()
            }
            _ => views::errors::default_message(self.status_code()).to_owned(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::SignInRequired { next } = &self {
            let location = match next {
                Some(next) => format!(
                    "/login?{}",
                    serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
                ),
                None => "/login".to_owned(),
            };
            return Redirect::to(&location).into_response();
        }
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, "request refused");
        }
        let message = self.public_message();
        let mut response =
            (status, views::errors::error_page(status, &message, None)).into_response();
        response.extensions_mut().insert(FinishedResponse);
        response
            .extensions_mut()
            .insert(ErrorMessage(message.to_string()));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
            if matches!(self, AppError::Database(_)) {
                response.extensions_mut().insert(DatabaseFault);
            }
        }
        response
    }
}

impl From<AccountError> for AppError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::Database(err) => AppError::Database(err),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<SessionError> for AppError {
    fn from(err: SessionError) -> Self {
        match err {
            SessionError::Database(err) => AppError::Database(err),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<CredentialChangeError> for AppError {
    /// Reached only when the handler did not turn the refusal into a form message.
    fn from(err: CredentialChangeError) -> Self {
        match err {
            CredentialChangeError::NotFound => AppError::NotFound,
            CredentialChangeError::AlreadyVerified => AppError::Forbidden,
            CredentialChangeError::Database(err) => AppError::Database(err),
        }
    }
}

impl From<TransitionError> for AppError {
    /// For transitions whose refusals the handler did not show on its own page.
    fn from(err: TransitionError) -> Self {
        match err {
            TransitionError::NotFound => AppError::NotFound,
            TransitionError::NotAllowed(why) => AppError::BadRequest(why.to_owned()),
            TransitionError::AlreadyHandled { by, at } => {
                AppError::BadRequest(TransitionError::already_handled_words(&by, at))
            }
            TransitionError::Database(err) => AppError::Database(err),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
