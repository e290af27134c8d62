//! The one stylesheet, compiled into the binary and served under a content-hashed name so
//! browsers may cache it for a year.

/// The site's CSS.
pub const STYLESHEET: &str = include_str!("../../static/site.css");

/// FNV-1a of the stylesheet, computed at compile time.
pub const STYLESHEET_HASH: u64 = fnv1a(STYLESHEET.as_bytes());

/// The file name the stylesheet is served under, e.g. `site.3f2a….css`.
pub fn stylesheet_name() -> String {
    format!("site.{STYLESHEET_HASH:016x}.css")
}

/// Where pages link the stylesheet from.
pub fn stylesheet_href() -> String {
    format!("/static/{}", stylesheet_name())
}

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}
