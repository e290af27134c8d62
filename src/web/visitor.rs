//! Who is asking, and whether a state-changing request really came from our own forms.
//!
//! [`load_visitor`] runs before every page handler: it turns the session cookie into a
//! [`Visitor`] (no database query without a cookie), and refuses any POST, PUT, PATCH or
//! DELETE whose `Origin` is foreign or whose CSRF token does not match before a handler can
//! change anything. Signed-in visitors' tokens live on their session row; anonymous forms
//! (sign-in, registration) use a token in a cookie of their own (double submit).

use std::marker::PhantomData;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::Config;
use crate::domain::sessions::{self, SignedIn};
use crate::entities::kinds::Role;
use crate::error::AppError;
use crate::state::AppState;

/// The form field (and header, `x-csrf-token`) that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
const CSRF_HEADER: &str = "x-csrf-token";

/// The cookie names; over https they take the `__Host-` prefix, which browsers accept only
/// with `Secure`, `Path=/` and no `Domain`, so a sibling subdomain cannot plant them.
pub struct CookieNames {
    pub session: &'static str,
    pub csrf: &'static str,
}

pub fn cookie_names(config: &Config) -> CookieNames {
    if config.serves_https() {
        CookieNames {
            session: "__Host-session",
            csrf: "__Host-csrf",
        }
    } else {
        CookieNames {
            session: "session",
            csrf: "csrf",
        }
    }
}

fn cookie_attributes(config: &Config) -> &'static str {
    if config.serves_https() {
        "Path=/; HttpOnly; SameSite=Lax; Secure"
    } else {
        "Path=/; HttpOnly; SameSite=Lax"
    }
}

/// The `Set-Cookie` value that hands the browser a new session token.
pub fn session_cookie(config: &Config, token: &str) -> Option<HeaderValue> {
    let name = cookie_names(config).session;
    let max_age = config.session_absolute.as_secs();
    HeaderValue::from_str(&format!(
        "{name}={token}; Max-Age={max_age}; {}",
        cookie_attributes(config)
    ))
    .ok()
}

/// The `Set-Cookie` value that makes the browser forget its session token.
pub fn clear_session_cookie(config: &Config) -> Option<HeaderValue> {
    let name = cookie_names(config).session;
    HeaderValue::from_str(&format!(
        "{name}=; Max-Age=0; {}",
        cookie_attributes(config)
    ))
    .ok()
}

fn csrf_cookie(config: &Config, token: &str) -> Option<HeaderValue> {
    let name = cookie_names(config).csrf;
    HeaderValue::from_str(&format!("{name}={token}; {}", cookie_attributes(config))).ok()
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// The token this visitor's forms must send back. Reading it marks it used, so an anonymous
/// visitor is given the cookie only by pages that have a form; a visitor without one gets a
/// new token only then, not on every request.
#[derive(Clone, Debug)]
pub struct CsrfToken {
    value: Arc<OnceLock<String>>,
    used: Arc<AtomicBool>,
}

impl CsrfToken {
    /// The visitor's token, or `None` to make one when a form first needs it.
    fn new(existing: Option<String>) -> Self {
        let value = OnceLock::new();
        if let Some(existing) = existing {
            let _ = value.set(existing);
        }
        Self {
            value: Arc::new(value),
            used: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The token, for a hidden form field.
    pub fn value(&self) -> &str {
        self.used.store(true, Ordering::Relaxed);
        // Should the system refuse randomness, the empty token is never accepted back: an
        // empty cookie is not token-shaped, so the next POST is refused.
        self.value
            .get_or_init(|| sessions::random_token().unwrap_or_default())
    }

    fn was_used(&self) -> bool {
        self.used.load(Ordering::Relaxed)
    }
}

/// Whoever sent the request: signed in or not, with their CSRF token.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub account: Option<SignedIn>,
    pub csrf: CsrfToken,
    /// The network address failed sign-ins are counted against.
    pub address: Option<IpAddr>,
}

impl Visitor {
    /// The signed-in account's role, if any.
    pub fn role(&self) -> Option<Role> {
        self.account.as_ref().map(|a| a.role)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| AppError::Internal("route is missing the visitor layer".to_owned()))
    }
}

/// Which roles a [`Member`] extractor admits.
pub trait Gate {
    fn admits(role: Role) -> bool;
}

/// Any signed-in account.
pub struct AnyAccount;
/// Patients only.
pub struct Patients;
/// Practitioners only.
pub struct Practitioners;
/// Moderators (and admins).
pub struct Moderators;

impl Gate for AnyAccount {
    fn admits(_: Role) -> bool {
        true
    }
}
impl Gate for Patients {
    fn admits(role: Role) -> bool {
        role == Role::Patient
    }
}
impl Gate for Practitioners {
    fn admits(role: Role) -> bool {
        role == Role::Practitioner
    }
}
impl Gate for Moderators {
    fn admits(role: Role) -> bool {
        matches!(role, Role::Moderator | Role::Admin)
    }
}

/// A signed-in visitor whose role the gate `G` admits. An anonymous visitor is sent to sign
/// in (and back afterwards); a signed-in one with another role gets the 403 page.
pub struct Member<G> {
    pub visitor: Visitor,
    pub account: SignedIn,
    gate: PhantomData<G>,
}

/// Any signed-in account.
pub type CurrentUser = Member<AnyAccount>;
/// A signed-in patient.
pub type RequirePatient = Member<Patients>;
/// A signed-in practitioner.
pub type RequirePractitioner = Member<Practitioners>;
/// A signed-in moderator.
pub type RequireModerator = Member<Moderators>;

impl<S: Send + Sync, G: Gate> FromRequestParts<S> for Member<G> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        let Some(account) = visitor.account.clone() else {
            // Coming back to a form's target by GET would not repeat the POST, so only a GET
            // remembers where it was going.
            let next = if parts.method == Method::GET {
                parts.uri.path_and_query().map(|pq| pq.as_str().to_owned())
            } else {
                None
            };
            return Err(AppError::SignInRequired { next });
        };
        if !G::admits(account.role) {
            return Err(AppError::Forbidden);
        }
        Ok(Self {
            visitor,
            account,
            gate: PhantomData,
        })
    }
}

/// Where a `next` parameter may send a visitor after sign-in: only a path on this site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 2000;
    local.then(|| next.to_owned())
}

/// The client's address: the socket peer, or the last hop of the header the proxy in front
/// sets (`CLIENT_IP_HEADER`), since behind a proxy every peer is the proxy.
fn client_address(request: &Request, config: &Config) -> Option<IpAddr> {
    if let Some(name) = &config.client_ip_header {
        return request
            .headers()
            .get_all(name.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|v| v.trim().parse::<IpAddr>().ok())
            .next_back();
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
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

fn changes_state(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// The middleware: resolves the session, checks CSRF on state-changing requests, and sets or
/// clears cookies on the way out.
pub async fn load_visitor(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let names = cookie_names(&state.config);
    let now = state.clock.now();
    let policy = state.config.session_policy();
    let session_token = read_cookie(request.headers(), names.session).map(str::to_owned);
    let account = match &session_token {
        Some(token) => sessions::resolve(&state.db, token, now, policy).await?,
        None => None,
    };
    let stale_cookie = session_token.is_some() && account.is_none();

    // The token forms must carry: the session's, or the anonymous visitor's cookie.
    let expected: Option<String> = match &account {
        Some(signed_in) => Some(signed_in.csrf_token.clone()),
        None => read_cookie(request.headers(), names.csrf)
            .filter(|v| sessions::is_token_shaped(v))
            .map(str::to_owned),
    };
    let fresh = expected.is_none();

    let mut request = request;
    if changes_state(request.method()) {
        if !origin_is_ours(request.headers(), &state.config) {
            return Err(AppError::StaleForm);
        }
        let (checked, submitted) = submitted_token(request, state.config.max_body_bytes).await?;
        // Without a token of its own (fresh), nothing the visitor sends can be right.
        let matches = expected
            .as_deref()
            .zip(submitted.as_deref())
            .is_some_and(|(expected, sent)| sessions::constant_time_eq(sent, expected));
        if !matches {
            return Err(AppError::StaleForm);
        }
        request = checked;
    }

    let csrf = CsrfToken::new(expected);
    let visitor = Visitor {
        account,
        csrf: csrf.clone(),
        address: client_address(&request, &state.config),
    };
    let signed_in = visitor.account.is_some();
    request.extensions_mut().insert(visitor);
    let mut response = next.run(request).await;

    let headers = response.headers_mut();
    if stale_cookie
        && !headers.contains_key(header::SET_COOKIE)
        && let Some(clear) = clear_session_cookie(&state.config)
    {
        headers.append(header::SET_COOKIE, clear);
    }
    if fresh
        && csrf.was_used()
        && let Some(cookie) = csrf_cookie(&state.config, csrf.value())
    {
        headers.append(header::SET_COOKIE, cookie);
    }
    // Pages for a signed-in visitor, or holding a form token, must not be kept by shared caches.
    if (signed_in || csrf.was_used()) && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/dashboard?x=1")).as_deref(),
            Some("/dashboard?x=1")
        );
        for bad in [
            "https://evil.test/",
            "//evil.test",
            "/\\evil.test",
            "dashboard",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn cookies_are_read_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("xsession=1; session=abc"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("csrf=def"));
        assert_eq!(read_cookie(&headers, "session"), Some("abc"));
        assert_eq!(read_cookie(&headers, "csrf"), Some("def"));
        assert_eq!(read_cookie(&headers, "other"), None);
    }

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
