//! Reading what visitors send, strictly. A form or a query string is refused (400, nothing
//! done) when its text is not valid UTF-8 (rather than silently replaced), when it holds
//! control characters such as NUL or text-direction overrides (which make a name display
//! as something else), or when it has more fields than any of our forms; a form must come as
//! `application/x-www-form-urlencoded`.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The most fields a form or query string may carry.
pub const MAX_FIELDS: usize = 500;

/// Why urlencoded text cannot be used, as the visitor reads it.
fn unusable(why: &str) -> AppError {
    AppError::BadRequest(format!(
        "{why} Nothing was saved. Please retype what you entered and try again."
    ))
}

/// Refuses typed text holding control characters or direction overrides (multipart text
/// fields, which arrive already decoded).
pub fn check_text(text: &str) -> Result<(), AppError> {
    if text.chars().all(acceptable) {
        Ok(())
    } else {
        Err(unusable(
            "The text you sent holds control characters or text-direction overrides, which we do not accept.",
        ))
    }
}

/// Whether a character may appear in what a visitor types.
fn acceptable(c: char) -> bool {
    let direction_override = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    !direction_override && !control
}

/// Checks every name and value of urlencoded text.
pub fn check_urlencoded(raw: &[u8]) -> Result<(), AppError> {
    let mut fields = 0;
    for pair in raw.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(unusable(
                "The request has far more fields than any form here.",
            ));
        }
        for part in pair.splitn(2, |b| *b == b'=') {
            let plus_as_space: Vec<u8> = part
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            let decoded: Vec<u8> = percent_encoding::percent_decode(&plus_as_space).collect();
            let text = std::str::from_utf8(&decoded).map_err(|_| {
                unusable("The text you sent is not valid UTF-8, so it cannot be read.")
            })?;
            check_text(text)?;
        }
    }
    Ok(())
}

fn deserialize<T: DeserializeOwned>(raw: &[u8]) -> Result<T, AppError> {
    check_urlencoded(raw)?;
    serde_urlencoded::from_bytes(raw)
        .map_err(|_| unusable("Some of what was sent could not be understood."))
}

/// A urlencoded form body, read strictly (see the module).
pub struct StrictForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for StrictForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let urlencoded = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        if !urlencoded {
            return Err(AppError::Status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        let body =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                    _ => unusable("The form could not be read."),
                })?;
        deserialize(&body).map(StrictForm)
    }
}

/// A query string, read strictly (see the module).
pub struct StrictQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for StrictQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        deserialize(parts.uri.query().unwrap_or_default().as_bytes()).map(StrictQuery)
    }
}

/// A row id from the address; anything but a number is not found (the same page as an id
/// that names nobody's row).
pub fn path_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_hides_or_breaks_things_is_refused() {
        assert!(check_urlencoded(b"name=Ana+Ruiz&city=S%C3%A3o+Paulo").is_ok());
        assert!(check_urlencoded(b"note=line+one%0D%0Aline+two%09tab").is_ok());
        assert!(check_urlencoded(b"display_name=%ff%fe").is_err());
        assert!(check_urlencoded(b"q=a%00b").is_err());
        assert!(
            check_urlencoded(b"name=%E2%80%AEevil").is_err(),
            "right-to-left override"
        );
        assert!(check_urlencoded("a=1&".repeat(MAX_FIELDS + 1).as_bytes()).is_err());
        assert!(check_urlencoded(b"q=%27+OR+1%3D1--&x=%25_%5C").is_ok());
    }
}
