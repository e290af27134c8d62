//! Real image files for upload tests, made byte by byte where a camera would: a JPEG
//! carrying EXIF orientation 6 and a GPS position, and a tiny PNG whose header claims
//! 50,000 x 50,000 pixels.

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

/// A `width` x `height` JPEG, left half red and right half blue.
pub fn halves_jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture)
        .expect("encodes");
    out
}

/// A photo of `seed`'s own pattern (so two calls with different seeds differ, perceptually).
pub fn patterned_jpeg(seed: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(320, 240, |x, y| {
        let band = ((x / (10 + seed % 17)) + (y / (7 + seed % 11)) * seed) % 3;
        match band {
            0 => Rgb([240, 200, 180]),
            1 => Rgb([90, 40, 60]),
            _ => Rgb([(x % 255) as u8, (y % 255) as u8, (seed % 255) as u8]),
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture)
        .expect("encodes");
    out
}

/// The latitude the GPS block records (degrees, minutes, seconds).
pub const GPS_LATITUDE: [u32; 3] = [30, 16, 7];

/// An APP1 EXIF segment: orientation 6 (rotate 90 degrees clockwise to display) and a GPS
/// latitude.
fn exif_segment() -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: two entries, then the offset of the next IFD (none).
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_le_bytes());
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend(entry(0x0112, 3, 1, 6));
    tiff.extend(entry(0x8825, 4, 1, gps_ifd));
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: latitude reference "N" (inline) and the latitude (three rationals after).
    let rationals = gps_ifd + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, 5, 3, rationals));
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for part in GPS_LATITUDE {
        tiff.extend_from_slice(&part.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
    }
    let mut segment = vec![0xFF, 0xE1];
    let length = u16::try_from(2 + 6 + tiff.len()).expect("small");
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

/// [`halves_jpeg`] with an EXIF segment saying "orientation 6" and carrying a GPS position,
/// as a phone held upright writes it.
pub fn sideways_jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let plain = halves_jpeg(width, height);
    assert_eq!(&plain[..2], &[0xFF, 0xD8]);
    let mut out = plain[..2].to_vec();
    out.extend(exif_segment());
    out.extend_from_slice(&plain[2..]);
    out
}

/// Whether JPEG bytes carry an EXIF (APP1) segment.
pub fn has_exif(jpeg: &[u8]) -> bool {
    jpeg.windows(6).any(|w| w == b"Exif\0\0")
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = u32::try_from(data.len())
        .expect("small")
        .to_be_bytes()
        .to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    chunk
}

/// A valid-looking PNG of a few dozen bytes whose header declares `side` x `side` pixels.
pub fn png_declaring(side: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    // A zlib stream of a few zero bytes: far too little for the declared size.
    png.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    png.extend(png_chunk(b"IEND", &[]));
    png
}
