//! The cookies the site sets: the session token and, for anonymous forms, the CSRF token.
//! Over https they take the `__Host-` prefix, which browsers accept only with `Secure`,
//! `Path=/` and no `Domain`, so a sibling subdomain cannot plant them.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::config::Config;

/// The cookie names for this deployment.
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

/// The `Set-Cookie` value carrying an anonymous visitor's CSRF token.
pub fn csrf_cookie(config: &Config, token: &str) -> Option<HeaderValue> {
    let name = cookie_names(config).csrf;
    HeaderValue::from_str(&format!("{name}={token}; {}", cookie_attributes(config))).ok()
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
