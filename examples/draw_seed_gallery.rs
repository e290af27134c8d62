//! Draws the demo before/after pictures in `seed/gallery/`: stylised mouths, no photographs.
//!
//! `cargo run --example draw_seed_gallery` rewrites them (`-- --preview` also writes
//! side-by-side PNGs to `target/gallery-preview/`). Each pair differs the way its
//! treatment would: a lip flip shows more of the upper lip's red, a gummy-smile correction
//! covers more gum when smiling, filler makes both lips fuller.

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

const WIDTH: u32 = 640;
const HEIGHT: u32 = 480;

#[derive(Clone, Copy)]
enum Kind {
    LipFlip,
    GummySmile,
    LipFiller,
}

#[derive(Clone, Copy)]
struct Mouth {
    skin: [f32; 3],
    lip: [f32; 3],
    half_width: f32,
    upper: f32,
    lower: f32,
    /// Visible gum above the teeth when smiling, in pixels (0 for a closed mouth).
    gum: f32,
    smiling: bool,
    tilt: f32,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let skins = [
        [241.0, 208.0, 180.0],
        [224.0, 172.0, 135.0],
        [198.0, 140.0, 100.0],
        [160.0, 108.0, 75.0],
        [120.0, 80.0, 56.0],
        [236.0, 190.0, 160.0],
        [90.0, 60.0, 44.0],
    ];
    let lips = [
        [196.0, 96.0, 104.0],
        [176.0, 84.0, 88.0],
        [150.0, 70.0, 72.0],
        [204.0, 120.0, 122.0],
        [128.0, 60.0, 64.0],
    ];
    let kinds = [
        Kind::LipFlip,
        Kind::LipFlip,
        Kind::GummySmile,
        Kind::LipFlip,
        Kind::LipFiller,
        Kind::LipFlip,
        Kind::GummySmile,
        Kind::LipFlip,
        Kind::LipFiller,
        Kind::LipFlip,
        Kind::LipFlip,
        Kind::GummySmile,
        Kind::LipFlip,
        Kind::LipFiller,
    ];
    std::fs::create_dir_all("seed/gallery")?;
    let preview = std::env::args().any(|arg| arg == "--preview");
    if preview {
        std::fs::create_dir_all("target/gallery-preview")?;
    }
    for (i, kind) in kinds.iter().copied().enumerate() {
        let n = i as f32;
        let skin = skins[i % skins.len()];
        let lip = lips[(i * 3) % lips.len()];
        let base = Mouth {
            skin,
            lip: mix(lip, skin, 0.15),
            half_width: 150.0 + (n * 7.0) % 40.0,
            upper: 20.0 + (n * 3.0) % 8.0,
            lower: 40.0 + (n * 5.0) % 14.0,
            gum: if matches!(kind, Kind::GummySmile) {
                26.0
            } else {
                0.0
            },
            smiling: matches!(kind, Kind::GummySmile),
            tilt: ((n * 1.7).sin()) * 4.0,
        };
        let after = match kind {
            Kind::LipFlip => Mouth {
                upper: base.upper * 1.55,
                ..base
            },
            Kind::GummySmile => Mouth {
                gum: 6.0,
                upper: base.upper * 1.25,
                ..base
            },
            Kind::LipFiller => Mouth {
                upper: base.upper * 1.5,
                lower: base.lower * 1.3,
                ..base
            },
        };
        let (before_image, after_image) = (draw(&base), draw(&after));
        save(
            &before_image,
            &format!("seed/gallery/pair-{:02}-before.jpg", i + 1),
        )?;
        save(
            &after_image,
            &format!("seed/gallery/pair-{:02}-after.jpg", i + 1),
        )?;
        if preview {
            // Side by side as PNG, for looking at the pairs without an image viewer for JPEG.
            let mut both = RgbImage::new(WIDTH * 2, HEIGHT);
            image::imageops::replace(&mut both, &before_image, 0, 0);
            image::imageops::replace(&mut both, &after_image, i64::from(WIDTH), 0);
            both.save(format!("target/gallery-preview/pair-{:02}.png", i + 1))?;
        }
    }
    Ok(())
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] * (1.0 - t) + b[0] * t,
        a[1] * (1.0 - t) + b[1] * t,
        a[2] * (1.0 - t) + b[2] * t,
    ]
}

fn shade(c: [f32; 3], f: f32) -> Rgb<u8> {
    Rgb([
        (c[0] * f).clamp(0.0, 255.0) as u8,
        (c[1] * f).clamp(0.0, 255.0) as u8,
        (c[2] * f).clamp(0.0, 255.0) as u8,
    ])
}

fn draw(m: &Mouth) -> RgbImage {
    let cx = WIDTH as f32 / 2.0;
    let cy = HEIGHT as f32 * 0.58;
    RgbImage::from_fn(WIDTH, HEIGHT, |px, py| {
        let x = px as f32 - cx;
        let y = py as f32 - cy - m.tilt * x / m.half_width;
        // Soft vignette and a shadow under the nose give the skin some depth.
        let r = ((x / 320.0).powi(2) + ((py as f32 - 240.0) / 260.0).powi(2)).sqrt();
        let mut light = 1.05 - 0.25 * r;
        let nose = ((py as f32 - 60.0) / 40.0).powi(2) + (x / 90.0).powi(2);
        if nose < 1.0 {
            light *= 0.9 + 0.1 * nose;
        }
        let u = x / m.half_width;
        if u.abs() >= 1.0 {
            return shade(m.skin, light);
        }
        let taper = (1.0 - u * u).sqrt();
        // The mouth line curves up at the corners when smiling.
        let line = if m.smiling {
            -18.0 * u * u + 6.0
        } else {
            4.0 * u * u
        };
        // Cupid's bow: peaks either side of a small central dip.
        let bow = 1.0 + 0.15 * (-((u.abs() - 0.18) / 0.1).powi(2)).exp()
            - 0.12 * (-(u / 0.06).powi(2)).exp();
        let upper_red = m.upper * taper.powf(0.6) * bow;
        let upper_top = line - upper_red;
        // Philtrum: two faint ridges above the bow.
        if y < upper_top && y > upper_top - 70.0 && (u.abs() - 0.1).abs() < 0.015 {
            return shade(m.skin, light * 0.94);
        }
        if y >= upper_top && y < line {
            let depth = (y - upper_top) / (upper_red + 1.0);
            return shade(m.lip, light * (0.85 + 0.25 * depth));
        }
        let mut lower_top = line;
        if m.smiling {
            let gum_bottom = line + m.gum * taper;
            let teeth_bottom = gum_bottom + 30.0 * taper;
            if y >= line && y < gum_bottom {
                return shade([214.0, 120.0, 130.0], light);
            }
            if y >= gum_bottom && y < teeth_bottom {
                let gap = ((u * 9.0).fract().abs() - 0.5).abs() < 0.03;
                return shade(
                    if gap {
                        [200.0, 196.0, 186.0]
                    } else {
                        [246.0, 243.0, 234.0]
                    },
                    light,
                );
            }
            lower_top = teeth_bottom;
        }
        let lower_red = m.lower * taper.powf(0.8);
        if y >= lower_top && y < lower_top + lower_red {
            let depth = (y - lower_top) / (lower_red + 1.0);
            let gloss = (-((depth - 0.35) / 0.12).powi(2)).exp() * 0.15 * (1.0 - u.abs());
            return shade(m.lip, light * (0.95 + gloss - 0.15 * depth));
        }
        shade(m.skin, light)
    })
}

fn save(image: &RgbImage, path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 82).encode_image(image)?;
    std::fs::write(path, out)?;
    println!("wrote {path}");
    Ok(())
}
