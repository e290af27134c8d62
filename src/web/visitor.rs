//! Who is asking. [`load_visitor`] runs before every page handler: it turns the session
//! cookie into a [`Visitor`] (no database query without a cookie), refuses any state-changing
//! request that fails the CSRF check before a handler can change anything, and sets or clears
//! cookies on the way out.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::Config;
use crate::domain::sessions::{self, SignedIn};
use crate::error::{AppError, ErrorMessage};
use crate::state::AppState;
use crate::views;
use crate::views::layout::{Chrome, ChromeAccount};
use crate::vocabulary::Role;
use crate::web::cookies::{clear_session_cookie, cookie_names, csrf_cookie, read_cookie};
use crate::web::csrf::{self, CsrfToken};

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

    /// What the page frame shows: who is signed in and, for them, the token of the header's
    /// sign-out form. An anonymous visitor's page carries no token.
    pub fn chrome(&self) -> Chrome {
        Chrome {
            account: self.account.as_ref().map(|a| ChromeAccount {
                display_name: a.display_name.clone(),
                email: a.email.clone(),
                role: a.role,
                email_confirmed: a.email_verified,
            }),
            csrf_token: self.account.as_ref().map(|a| a.csrf_token.clone()),
        }
    }

    /// The frame of a page that shows a form: always with a token, handing an anonymous
    /// visitor a new one in a cookie when they have none.
    pub fn form_chrome(&self) -> Chrome {
        Chrome {
            csrf_token: Some(self.csrf.for_form()),
            ..self.chrome()
        }
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

/// The client's address: the last hop of the header the proxy in front sets
/// (`CLIENT_IP_HEADER`), since behind a proxy every peer is the proxy; or the socket peer.
/// A missing or unreadable header falls back to the peer, so limits keyed on the address
/// never fail open.
fn client_address(request: &Request, config: &Config) -> Option<IpAddr> {
    let from_header = config.client_ip_header.as_ref().and_then(|name| {
        request
            .headers()
            .get_all(name.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|v| v.trim().parse::<IpAddr>().ok())
            .next_back()
    });
    from_header.or_else(|| {
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
    })
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
    let mut request = csrf::check(request, expected.as_deref(), &state.config).await?;

    let token = CsrfToken::new(expected);
    let visitor = Visitor {
        account,
        csrf: token.clone(),
        address: client_address(&request, &state.config),
    };
    let signed_in = visitor.account.is_some();
    let chrome = visitor.chrome();
    request.extensions_mut().insert(visitor);
    let mut response = next.run(request).await;
    // An error page is drawn again with the visitor's header, so a 403 or 404 still shows
    // who is signed in and the way back.
    if let Some(ErrorMessage(message)) = response.extensions().get::<ErrorMessage>().cloned() {
        let page = views::errors::error_page(response.status(), &message, Some(&chrome));
        *response.body_mut() = Body::from(page.into_string());
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }

    let headers = response.headers_mut();
    if stale_cookie
        && !headers.contains_key(header::SET_COOKIE)
        && let Some(clear) = clear_session_cookie(&state.config)
    {
        headers.append(header::SET_COOKIE, clear);
    }
    if fresh
        && token.was_issued()
        && let Some(cookie) = csrf_cookie(&state.config, &token.for_form())
    {
        headers.append(header::SET_COOKIE, cookie);
    }
    // Pages for a signed-in visitor, or holding a form token, must not be kept by shared caches.
    if (signed_in || token.was_issued()) && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(response)
}
