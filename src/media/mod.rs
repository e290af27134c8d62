//! What people upload: images and documents recognised by their bytes (never by a name or a
//! declared type), bounded before anything is decoded, images re-encoded so no metadata
//! survives (EXIF, GPS, XMP, comments), resized, fingerprinted, and stored under random keys.
//! The CPU work here is blocking: run it through [`crate::blocking::BoundedWork`].

pub mod store;

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use image_hasher::{HashAlg, HasherConfig};
use sha2::{Digest, Sha256};

pub use store::{FolderStore, MediaStore, SharedStore, delete_all, folder};

/// Largest image upload, in bytes.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// Largest credential document, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;
/// Most pixels an image may declare; checked from its header before decoding.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Longest side of the displayed image.
pub const DISPLAY_SIDE: u32 = 1600;
/// Longest side of a thumbnail.
pub const THUMBNAIL_SIDE: u32 = 400;
/// Perceptual hashes this close (bits of 64) are taken to be the same picture.
pub const SAME_PICTURE_DISTANCE: u32 = 6;
const JPEG_QUALITY: u8 = 85;

/// Why an upload was refused, or could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the file is not a PDF, JPEG or PNG")]
    NotADocument,
    #[error("the file is {size} bytes, over the limit of {limit}")]
    TooBig { size: usize, limit: usize },
    #[error("the image declares {width} x {height} pixels, over {MAX_PIXELS}")]
    TooManyPixels { width: u32, height: u32 },
    #[error("the image could not be read: {0}")]
    Corrupt(String),
    #[error("could not store the file")]
    Storage(#[from] std::io::Error),
}

impl MediaError {
    /// What the upload form says next to the file field.
    pub fn message(&self) -> String {
        let megabytes = |n: usize| n / (1024 * 1024);
        match self {
            MediaError::NotAnImage => {
                "This file is not a JPEG, PNG or WebP photo. Choose a photo file.".to_owned()
            }
            MediaError::NotADocument => {
                "This file is not a PDF, JPEG or PNG. Choose a scan or a photo of the document."
                    .to_owned()
            }
            MediaError::TooBig { limit, .. } => {
                format!(
                    "This file is over {} MB. Choose a smaller one.",
                    megabytes(*limit)
                )
            }
            MediaError::TooManyPixels { width, height } if *width > 0 => format!(
                "This photo is {width} x {height} pixels; at most 40 megapixels are accepted."
            ),
            MediaError::TooManyPixels { .. } => {
                "This photo has too many pixels; at most 40 megapixels are accepted.".to_owned()
            }
            MediaError::Corrupt(_) => {
                "This photo could not be read; it may be damaged. Try exporting it again."
                    .to_owned()
            }
            MediaError::Storage(_) => {
                "The file could not be saved. Nothing was kept; please try again.".to_owned()
            }
        }
    }
}

/// The kinds of file accepted, as recognised from their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl FileKind {
    /// The kind the bytes are, whatever the file was called.
    pub fn of(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(FileKind::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
            FileKind::Pdf => "pdf",
        }
    }

    fn image_format(self) -> Option<ImageFormat> {
        match self {
            FileKind::Jpeg => Some(ImageFormat::Jpeg),
            FileKind::Png => Some(ImageFormat::Png),
            FileKind::Webp => Some(ImageFormat::WebP),
            FileKind::Pdf => None,
        }
    }
}

/// An uploaded image, made safe and sized, not yet stored.
#[derive(Clone, Debug)]
pub struct ProcessedImage {
    pub display: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    /// 64-bit gradient hash as 16 hex digits: near-identical pictures differ in few bits.
    pub perceptual_hash: String,
    /// SHA-256 of the display bytes.
    pub sha256: String,
}

/// What was written for one accepted image.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredImage {
    pub storage_key: String,
    pub thumbnail_key: String,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    pub byte_size: u64,
    pub perceptual_hash: String,
    pub sha256: String,
}

/// Checks, decodes, orients, re-encodes and fingerprints an uploaded image. Blocking.
pub fn process_image(bytes: &[u8]) -> Result<ProcessedImage, MediaError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(MediaError::TooBig {
            size: bytes.len(),
            limit: MAX_IMAGE_BYTES,
        });
    }
    let image = decode(bytes)?;
    let display = if image.width() > DISPLAY_SIDE || image.height() > DISPLAY_SIDE {
        image.resize(DISPLAY_SIDE, DISPLAY_SIDE, FilterType::Lanczos3)
    } else {
        image.clone()
    };
    let thumbnail = display.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    let display_bytes = encode_jpeg(&display)?;
    let thumbnail_bytes = encode_jpeg(&thumbnail)?;
    Ok(ProcessedImage {
        sha256: hex(&Sha256::digest(&display_bytes)),
        perceptual_hash: perceptual_hash(&display),
        width: display.width(),
        height: display.height(),
        thumbnail_width: thumbnail.width(),
        thumbnail_height: thumbnail.height(),
        display: display_bytes,
        thumbnail: thumbnail_bytes,
    })
}

/// Decodes an image after checking its kind and declared size, and applies its EXIF
/// orientation. A file declaring more than [`MAX_PIXELS`] is refused from its header, before
/// anything is allocated for its pixels.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    let format = FileKind::of(bytes)
        .and_then(FileKind::image_format)
        .ok_or(MediaError::NotAnImage)?;
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|err| classify(err, (0, 0)))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let classify = |err| classify(err, (width, height));
    let mut decoder = reader.into_decoder().map_err(classify)?;
    let orientation = decoder.orientation().map_err(classify)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(classify)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The refusal for a decoding error, given the declared size (zero where not yet known).
fn classify(err: image::ImageError, (width, height): (u32, u32)) -> MediaError {
    match err {
        image::ImageError::Limits(_) => MediaError::TooManyPixels { width, height },
        image::ImageError::Unsupported(_) => MediaError::NotAnImage,
        other => MediaError::Corrupt(other.to_string()),
    }
}

fn encode_jpeg(image: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let rgb = image.to_rgb8();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|err| MediaError::Corrupt(err.to_string()))?;
    Ok(out)
}

/// The gradient hash of `image`, 64 bits as 16 hex digits.
pub fn perceptual_hash(image: &DynamicImage) -> String {
    let hasher = HasherConfig::with_bytes_type::<[u8; 8]>()
        .hash_alg(HashAlg::Gradient)
        .hash_size(8, 8)
        .to_hasher();
    hex(hasher.hash_image(image).as_bytes())
}

/// How many bits two perceptual hashes differ in.
pub fn hash_distance(a: &str, b: &str) -> Option<u32> {
    let a = u64::from_str_radix(a, 16).ok()?;
    let b = u64::from_str_radix(b, 16).ok()?;
    Some((a ^ b).count_ones())
}

/// A new random key: 32 hex digits, never derived from what was uploaded.
pub fn random_key() -> Result<String, MediaError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|_| MediaError::Storage(std::io::Error::other("no randomness")))?;
    Ok(hex(&bytes))
}

/// Stores a processed image and its thumbnail under a fresh random key. If either write
/// fails, neither file is left behind.
pub async fn store_image(
    store: &dyn MediaStore,
    image: ProcessedImage,
) -> Result<StoredImage, MediaError> {
    let key = random_key()?;
    let storage_key = format!("{key}.jpg");
    let thumbnail_key = format!("{key}-thumb.jpg");
    let byte_size = image.display.len() as u64;
    store.put(&storage_key, image.display).await?;
    if let Err(err) = store.put(&thumbnail_key, image.thumbnail).await {
        let _ = store.delete(&storage_key).await;
        return Err(err.into());
    }
    Ok(StoredImage {
        storage_key,
        thumbnail_key,
        content_type: FileKind::Jpeg.content_type(),
        width: image.width,
        height: image.height,
        thumbnail_width: image.thumbnail_width,
        thumbnail_height: image.thumbnail_height,
        byte_size,
        perceptual_hash: image.perceptual_hash,
        sha256: image.sha256,
    })
}

/// A credential document checked by its bytes: a PDF, JPEG or PNG within the size limit.
pub fn check_document(bytes: &[u8]) -> Result<FileKind, MediaError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(MediaError::TooBig {
            size: bytes.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    match FileKind::of(bytes) {
        Some(kind @ (FileKind::Pdf | FileKind::Jpeg | FileKind::Png)) => Ok(kind),
        _ => Err(MediaError::NotADocument),
    }
}

/// Whether `key` has the shape of a key this module gives out: 32 hex digits, `-thumb` for a
/// thumbnail, and a known extension. Nothing else names a stored file.
pub fn is_store_key(key: &str) -> bool {
    let Some((stem, extension)) = key.rsplit_once('.') else {
        return false;
    };
    let random = stem.strip_suffix("-thumb").unwrap_or(stem);
    random.len() == 32
        && random
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(extension, "jpg" | "png" | "webp" | "pdf")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(FileKind::of(b"\xFF\xD8\xFF\xE0rest"), Some(FileKind::Jpeg));
        assert_eq!(FileKind::of(b"\x89PNG\r\n\x1a\nrest"), Some(FileKind::Png));
        assert_eq!(FileKind::of(b"RIFF\0\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(FileKind::of(b"%PDF-1.7"), Some(FileKind::Pdf));
        assert_eq!(FileKind::of(b"<html><body>"), None);
        assert_eq!(FileKind::of(b"<svg xmlns="), None);
    }

    #[test]
    fn keys_are_random_hex_with_a_known_extension() {
        let a = random_key().expect("key");
        assert_ne!(a, random_key().expect("key"));
        assert!(is_store_key(&format!("{a}.jpg")));
        assert!(is_store_key(&format!("{a}-thumb.jpg")));
        for bad in [
            "",
            ".",
            "..",
            "a.jpg",
            "../x.jpg",
            &format!("{a}.html"),
            a.as_str(),
        ] {
            assert!(!is_store_key(bad), "{bad}");
        }
    }
}
