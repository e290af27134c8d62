//! The stylesheet, the upload script and the icon, compiled into the binary and served under
//! content-hashed names so browsers may cache them for a year.

/// A file served from `/static/`.
pub struct Asset {
    stem: &'static str,
    extension: &'static str,
    pub content_type: &'static str,
    pub content: &'static str,
    hash: u64,
}

impl Asset {
    const fn new(
        stem: &'static str,
        extension: &'static str,
        content_type: &'static str,
        content: &'static str,
    ) -> Self {
        Self {
            stem,
            extension,
            content_type,
            content,
            hash: fnv1a(content.as_bytes()),
        }
    }

    /// The file name it is served under, e.g. `site.3f2a….css`.
    pub fn name(&self) -> String {
        format!("{}.{:016x}.{}", self.stem, self.hash, self.extension)
    }

    /// Where pages link it from.
    pub fn href(&self) -> String {
        format!("/static/{}", self.name())
    }
}

/// The site's CSS.
pub const STYLESHEET: Asset = Asset::new(
    "site",
    "css",
    "text/css; charset=utf-8",
    include_str!("../../static/site.css"),
);

/// Upload progress for the photo and document forms (they work without it).
pub const UPLOAD_SCRIPT: Asset = Asset::new(
    "upload",
    "js",
    "text/javascript; charset=utf-8",
    include_str!("../../static/upload.js"),
);

/// The site's icon (a pair of lips on the header's crimson).
pub const ICON: Asset = Asset::new(
    "icon",
    "svg",
    "image/svg+xml",
    include_str!("../../static/favicon.svg"),
);

/// Every asset, for the route.
pub const ASSETS: [&Asset; 3] = [&STYLESHEET, &UPLOAD_SCRIPT, &ICON];

/// Where pages link the stylesheet from.
pub fn stylesheet_href() -> String {
    STYLESHEET.href()
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
