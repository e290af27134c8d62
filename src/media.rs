//! Images: decode with bounds, re-encode (which drops EXIF and GPS metadata), make a
//! thumbnail, fingerprint, and keep the files in the media folder under content keys.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// Longest side of a stored full-size image.
pub const MAX_SIDE: u32 = 1600;
/// Longest side of a thumbnail.
pub const THUMBNAIL_SIDE: u32 = 400;
/// Largest image dimensions accepted for decoding, to refuse decompression bombs.
pub const MAX_DECODE_SIDE: u32 = 8000;
const JPEG_QUALITY: u8 = 85;

/// Why an image was refused.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is not a JPEG or PNG image")]
    NotAnImage,
    #[error("the image is larger than {MAX_DECODE_SIDE} pixels on a side")]
    TooLarge,
    #[error("the image could not be read: {0}")]
    Corrupt(String),
    #[error("could not store the image")]
    Storage(#[from] std::io::Error),
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
    /// 64-bit difference hash as 16 hex digits: near-identical pictures differ in few bits.
    pub perceptual_hash: String,
    /// SHA-256 of the stored full-size bytes.
    pub sha256: String,
}

/// The folder where images live. An object store can take its place behind the same calls.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The bytes stored under `key` (a key [`content_type_of_key`] accepts).
    pub async fn read(&self, key: &str) -> std::io::Result<Vec<u8>> {
        if content_type_of_key(key).is_none() {
            return Err(std::io::ErrorKind::NotFound.into());
        }
        tokio::fs::read(self.root.join(key)).await
    }

    /// Validates, re-encodes and stores an image with its thumbnail. CPU-heavy: call it from
    /// `spawn_blocking` on a request path.
    pub fn store(&self, bytes: &[u8]) -> Result<StoredImage, MediaError> {
        let image = decode(bytes)?;
        let full = if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
            image.resize(MAX_SIDE, MAX_SIDE, FilterType::Lanczos3)
        } else {
            image.clone()
        };
        let thumbnail = image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);

        let full_bytes = encode_jpeg(&full)?;
        let thumbnail_bytes = encode_jpeg(&thumbnail)?;
        let sha256 = hex(&Sha256::digest(&full_bytes));
        let storage_key = format!("{}.jpg", &sha256[..32]);
        let thumbnail_key = format!("{}-thumb.jpg", &sha256[..32]);

        std::fs::create_dir_all(&self.root)?;
        self.write(&storage_key, &full_bytes)?;
        self.write(&thumbnail_key, &thumbnail_bytes)?;

        Ok(StoredImage {
            storage_key,
            thumbnail_key,
            content_type: "image/jpeg",
            width: full.width(),
            height: full.height(),
            thumbnail_width: thumbnail.width(),
            thumbnail_height: thumbnail.height(),
            byte_size: full_bytes.len() as u64,
            perceptual_hash: format!("{:016x}", difference_hash(&image)),
            sha256,
        })
    }

    /// Writes through a temporary file so a reader never sees half an image.
    fn write(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.root.join(key);
        if path.exists() {
            return Ok(());
        }
        let temporary = self.root.join(format!(".{key}.{}.tmp", std::process::id()));
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &path)
    }
}

/// The content type of a key the store gives out (a hex content hash, `-thumb` for a
/// thumbnail, and the format's extension), or `None` for anything else: no other name, and
/// no path, can be asked for.
pub fn content_type_of_key(key: &str) -> Option<&'static str> {
    let (stem, extension) = key.rsplit_once('.')?;
    let hash = stem.strip_suffix("-thumb").unwrap_or(stem);
    if hash.len() != 32
        || !hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    match extension {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Decodes a JPEG or PNG with explicit size limits and applies its EXIF orientation.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    if !matches!(format, image::ImageFormat::Jpeg | image::ImageFormat::Png) {
        return Err(MediaError::NotAnImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(classify)?;
    let orientation = decoder.orientation().map_err(classify)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(classify)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn classify(err: image::ImageError) -> MediaError {
    match err {
        image::ImageError::Limits(_) => MediaError::TooLarge,
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

/// dHash: shrink to 9x8 grey, one bit per horizontal neighbour pair (left brighter or not).
pub fn difference_hash(image: &DynamicImage) -> u64 {
    let small = image.resize_exact(9, 8, FilterType::Triangle).to_luma8();
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            let left = small.get_pixel(x, y)[0];
            let right = small.get_pixel(x + 1, y)[0];
            hash = (hash << 1) | u64::from(left > right);
        }
    }
    hash
}

/// How many bits two perceptual hashes differ in; under about 10 means "the same picture".
pub fn hash_distance(a: &str, b: &str) -> Option<u32> {
    let a = u64::from_str_radix(a, 16).ok()?;
    let b = u64::from_str_radix(b, 16).ok()?;
    Some((a ^ b).count_ones())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
