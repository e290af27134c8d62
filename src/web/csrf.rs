//! Whether a state-changing request really came from one of our own forms: its `Origin` is
//! this site and it carries the visitor's token. Signed-in visitors' tokens live on their
//! session row; anonymous forms (sign-in, registration) use a token in a cookie of their own
//! (double submit), handed out only by pages that show such a form.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};

use crate::config::Config;
use crate::domain::sessions;
use crate::error::AppError;
use crate::views::forms::CSRF_FIELD;

/// The header a script may send the token in instead of the form field.
const CSRF_HEADER: &str = "x-csrf-token";

/// The token this visitor's forms must send back. A handler that shows a form asks for it
/// with [`CsrfToken::for_form`]; an anonymous visitor without one is then given a new one in
/// a cookie, so pages without a form set no cookie and stay cacheable.
#[derive(Clone, Debug)]
pub struct CsrfToken {
    value: Arc<OnceLock<String>>,
    issued: Arc<AtomicBool>,
}

impl CsrfToken {
    /// The visitor's token, or `None` to make one when a form first needs it.
    pub(super) fn new(existing: Option<String>) -> Self {
        let value = OnceLock::new();
        if let Some(existing) = existing {
            let _ = value.set(existing);
        }
        Self {
            value: Arc::new(value),
            issued: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The token for a form on the page being built; makes one if the visitor has none.
    pub fn for_form(&self) -> String {
        self.issued.store(true, Ordering::Relaxed);
        // Should the system refuse randomness, the empty token is never accepted back: an
        // empty cookie is not token-shaped, so the next POST is refused.
        self.value
            .get_or_init(|| sessions::random_token().unwrap_or_default())
            .clone()
    }

    /// Whether a handler put this token into a form.
    pub(super) fn was_issued(&self) -> bool {
        self.issued.load(Ordering::Relaxed)
    }
}

/// Refuses a state-changing request whose origin is foreign or whose token does not match
/// `expected`; hands back the request (its body read and put back) when it passes.
pub(super) async fn check(
    request: Request,
    expected: Option<&str>,
    config: &Config,
) -> Result<Request, AppError> {
    if !changes_state(request.method()) {
        return Ok(request);
    }
    if !origin_is_ours(request.headers(), config) {
        return Err(AppError::StaleForm);
    }
    let (checked, submitted) = submitted_token(request, config.max_body_bytes).await?;
    // Without a token of its own, nothing the visitor sends can be right.
    let matches = expected
        .zip(submitted.as_deref())
        .is_some_and(|(expected, sent)| sessions::constant_time_eq(sent, expected));
    if matches {
        Ok(checked)
    } else {
        Err(AppError::StaleForm)
    }
}

fn changes_state(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Whether the request's `Origin` (when the browser sent one) is this site: the public URL,
/// or the host the request was sent to. `null` (sandboxed frames, some redirects) is foreign.
fn origin_is_ours(headers: &HeaderMap, config: &Config) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin == public_origin(&config.public_url) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    host.is_some_and(|host| {
        origin.strip_prefix("http://") == Some(host)
            || origin.strip_prefix("https://") == Some(host)
    })
}

/// `scheme://host[:port]` of a URL.
fn public_origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

/// Takes the CSRF token the request carries: the header, the urlencoded form field (the body
/// is read and put back), or, for multipart uploads, the query string.
async fn submitted_token(
    request: Request,
    limit: usize,
) -> Result<(Request, Option<String>), AppError> {
    if let Some(value) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        let value = value.to_owned();
        return Ok((request, Some(value)));
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, limit)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let token = form_field(&bytes, CSRF_FIELD);
        return Ok((Request::from_parts(parts, Body::from(bytes)), token));
    }
    if content_type.starts_with("multipart/form-data") {
        let token = request
            .uri()
            .query()
            .and_then(|q| form_field(q.as_bytes(), CSRF_FIELD));
        return Ok((request, token));
    }
    Ok((request, None))
}

fn form_field(bytes: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_origin_drops_the_path() {
        assert_eq!(
            public_origin("https://injectory.example/app"),
            "https://injectory.example"
        );
        assert_eq!(
            public_origin("http://127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        );
    }
}
