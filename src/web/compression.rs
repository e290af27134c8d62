//! Gzip for rendered pages, at deflate's fastest level, with one compressor per worker thread
//! kept between responses.
//!
//! A page is rendered whole into memory, so it is compressed in one call rather than streamed
//! through a new encoder for every response, whose set-up (its window and hash tables) was
//! 1.8% of the reviews queue's processor time, beside 4.7% for compressing itself
//! (`examples/bench_gzip.rs` measures the two layers). Anything this layer does not take (a
//! body of unknown length, a non-text type) passes through untouched to the general
//! compression layer outside it.

use std::cell::RefCell;

use axum::body::{Body, HttpBody as _};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

use crate::error::AppError;

/// Bodies shorter than this are sent as they are: the gzip frame alone is 18 bytes.
const MIN_BYTES: u64 = 32;
/// Bodies longer than this are left to the streaming layer outside.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Whether the request accepts gzip: a `gzip` token in any case, with no `q=0`.
pub(crate) fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.split_once('=').is_some_and(|(k, q)| {
                    k.trim().eq_ignore_ascii_case("q")
                        && q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
                })
            });
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

/// Whether a response is text worth compressing: HTML, CSS, JSON, XML, plain text.
fn is_text(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    (essence.starts_with("text/") && essence != "text/event-stream")
        || essence == "application/json"
        || essence == "application/xml"
        || essence.ends_with("+xml")
}

/// The middleware: compresses a whole text body for a client that accepts gzip, and marks
/// every text response as varying with `Accept-Encoding`.
pub async fn gzip_rendered_pages(request: Request, next: Next) -> Response {
    let gzip = accepts_gzip(request.headers());
    let response = next.run(request).await;
    let headers = response.headers();
    let length = response.body().size_hint().exact();
    let takes = is_text(headers)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::CONTENT_RANGE)
        && length.is_some_and(|n| (MIN_BYTES..=MAX_BYTES).contains(&n));
    if !takes {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    append_vary(&mut parts.headers);
    if !gzip {
        return Response::from_parts(parts, body);
    }
    // The length is exact and bounded, so only a failing body can fail here: an error page
    // rather than half a page, as the page cache does.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return AppError::Internal("a page body failed while read for compression".to_owned())
            .into_response();
    };
    match gzip_bytes(&bytes) {
        Some(zipped) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::ACCEPT_RANGES);
            parts
                .headers
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            Response::from_parts(parts, Body::from(zipped))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// `Vary: accept-encoding`, unless a `Vary` already names it.
fn append_vary(headers: &mut HeaderMap) {
    let named = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"));
    if !named {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

thread_local! {
    /// This worker thread's compressor, reset before each use.
    static DEFLATE: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// The gzip header: deflate, no name or time, "fastest" in the extra flags, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255];

/// `bytes` as one gzip member at the fastest level, or `None` if deflate refused (never
/// expected: the caller then sends the bytes as they are).
pub(crate) fn gzip_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    out.extend_from_slice(&GZIP_HEADER);
    DEFLATE.with_borrow_mut(|slot| {
        let deflate = slot.get_or_insert_with(|| Compress::new(Compression::fast(), false));
        deflate.reset();
        let start = deflate.total_in();
        loop {
            let read = usize::try_from(deflate.total_in() - start).ok()?;
            let rest = bytes.get(read..)?;
            if out.capacity() - out.len() < 64 {
                out.reserve(Ord::max(out.len() / 2, 1024));
            }
            match deflate.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Some(()),
                Ok(Status::Ok | Status::BufError) => {}
                Err(_) => {
                    // A compressor that failed is not trusted again.
                    *slot = None;
                    return None;
                }
            }
        }
    })?;
    let mut crc = Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE is the length modulo 2^32.
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use axum::http::HeaderValue;

    use super::*;

    fn accepts(value: &'static str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        accepts_gzip(&headers)
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut plain)
            .expect("a valid gzip member");
        plain
    }

    #[test]
    fn gzip_is_read_in_any_case_and_q_zero_refuses_it() {
        assert!(accepts("gzip, deflate, br"));
        assert!(accepts("GZIP"));
        assert!(accepts("br;q=1.0, Gzip;q=0.5"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("gzip; q=0.0, br"));
        assert!(!accepts("br, deflate"));
        assert!(!accepts("identity"));
        assert!(!accepts("x-gzip-ish"));
    }

    #[test]
    fn each_body_decodes_to_itself_though_the_compressor_is_reused() {
        let page = "<li class=\"card\">Maya Chen · Austin · lip flip</li>".repeat(400);
        // Bytes that do not compress, longer than the first guess at the output's size.
        let noise: Vec<u8> = (0u32..200_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for body in [page.as_bytes(), &noise, b"short", page.as_bytes()] {
            let zipped = gzip_bytes(body).expect("compresses");
            assert_eq!(gunzip(&zipped), body);
        }
        assert!(gzip_bytes(page.as_bytes()).expect("compresses").len() < page.len() / 10);
    }

    #[test]
    fn only_text_types_are_taken() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            is_text(&headers)
        };
        assert!(with("text/html; charset=utf-8"));
        assert!(with("application/json"));
        assert!(with("application/atom+xml"));
        assert!(!with("text/event-stream"));
        assert!(!with("image/jpeg"));
        assert!(!with("application/pdf"));
        assert!(!is_text(&HeaderMap::new()));
    }
}
