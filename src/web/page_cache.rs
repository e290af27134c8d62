//! A short-lived cache of public pages as anonymous visitors see them, per instance.
//!
//! Directory and profile pages are the same for every anonymous visitor, and a busy
//! directory asks for the same few pages many times a second. Keeping each rendered page for
//! a few seconds (`PAGE_CACHE_SECONDS`, default 5; 0 turns it off) spares the database
//! without changing what anyone sees for longer than that. Signed-in visitors, anything but a
//! 200 GET, and any response that sets a cookie or says `private` bypass it. Nothing here
//! must be shared between instances: each keeps its own copy and they agree within the TTL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};

use crate::state::AppState;
use crate::web::compression::accepts_gzip;
use crate::web::cookies::cookie_names;

/// Entries kept at most; when full, expired ones are swept and, failing that, all dropped.
const MAX_ENTRIES: usize = 5_000;
/// Bytes of page bodies kept at most, so many distinct query strings cannot eat memory.
const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;
/// Pages larger than this are not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
struct CachedPage {
    headers: HeaderMap,
    body: Bytes,
    stored_at: DateTime<Utc>,
    /// Set when one request took on re-rendering an expired page; the others meanwhile get
    /// the expired copy instead of all rendering at once.
    refreshing: bool,
}

/// What the cache has for a request.
enum Lookup {
    /// A page to send as it is.
    Hit(CachedPage),
    /// Nothing usable: render, then store.
    Render,
}

/// Rendered pages by path and query. The layer in front of the page routes owns it; nothing
/// else reads or writes it.
#[derive(Default)]
struct PageCache {
    pages: Mutex<HashMap<String, CachedPage>>,
}

impl PageCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CachedPage>> {
        match self.pages.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// A fresh page is a hit. An expired one is re-rendered by the first request that sees
    /// it; until that finishes (at most one more TTL), others get the expired copy.
    fn lookup(&self, key: &str, now: DateTime<Utc>, ttl: Duration) -> Lookup {
        let mut pages = self.lock();
        let Some(page) = pages.get_mut(key) else {
            return Lookup::Render;
        };
        let age = now - page.stored_at;
        if age < ttl {
            return Lookup::Hit(page.clone());
        }
        if page.refreshing && age < ttl + ttl {
            return Lookup::Hit(page.clone());
        }
        page.refreshing = true;
        Lookup::Render
    }

    fn put(&self, key: String, page: CachedPage, ttl: Duration) {
        let mut pages = self.lock();
        let total = |pages: &HashMap<String, CachedPage>| -> usize {
            pages.values().map(|p| p.body.len()).sum()
        };
        if pages.len() >= MAX_ENTRIES || total(&pages) + page.body.len() > MAX_TOTAL_BYTES {
            let now = page.stored_at;
            pages.retain(|_, p| now - p.stored_at < ttl);
            if pages.len() >= MAX_ENTRIES || total(&pages) + page.body.len() > MAX_TOTAL_BYTES {
                pages.clear();
            }
        }
        pages.insert(key, page);
    }
}

/// What the caching layer holds: the application (for settings and the clock) and its
/// own cache.
#[derive(Clone)]
pub struct CacheLayer {
    state: AppState,
    cache: Arc<PageCache>,
}

impl CacheLayer {
    /// A layer with an empty cache of its own.
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            cache: Arc::new(PageCache::default()),
        }
    }
}

fn has_session_cookie(headers: &HeaderMap, session_cookie: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().split('=').next() == Some(session_cookie))
}

/// The middleware in front of the page routes.
pub async fn serve_cached(
    State(CacheLayer { state, cache }): State<CacheLayer>,
    request: Request,
    next: Next,
) -> Response {
    let ttl = state.config.page_cache_ttl;
    let cacheable_request = !ttl.is_zero()
        && request.method() == Method::GET
        && !has_session_cookie(request.headers(), cookie_names(&state.config).session);
    if !cacheable_request {
        return next.run(request).await;
    }
    let ttl = Duration::from_std(ttl).unwrap_or(Duration::zero());
    // Gzipped and plain copies are kept apart.
    let gzip = accepts_gzip(request.headers());
    let key = format!(
        "{}{}",
        if gzip { "gzip:" } else { "plain:" },
        request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or_default()
    );
    let now = state.clock.now();
    if let Lookup::Hit(page) = cache.lookup(&key, now, ttl) {
        let mut response = Response::new(Body::from(page.body));
        *response.headers_mut() = page.headers;
        return response;
    }
    let response = next.run(request).await;
    // Whatever the compression layer decided, a copy is kept only under the key for its
    // encoding, so no client is ever sent an encoding it did not ask for.
    let gzipped = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
    let cacheable_response = gzipped == gzip
        && response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("private") || v.contains("no-store"));
    if !cacheable_response {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            cache.put(
                key,
                CachedPage {
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                    stored_at: now,
                    refreshing: false,
                },
                ttl,
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        // Too large to keep (or a body error): answer with an error page rather than half a page.
        Err(_) => {
            crate::error::AppError::Internal("page too large to cache".to_owned()).into_response()
        }
    }
}
