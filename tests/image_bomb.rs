//! A decompression bomb: a PNG of a few dozen bytes whose header claims 50,000 x 50,000
//! pixels (7.5 GB decoded). It is refused from its header, and the process's peak memory
//! does not move by more than a few MB. Alone in its test binary, so no other test's
//! allocations blur the measurement.

mod common;

use axum::http::StatusCode;
use common::images::png_declaring;
use common::{BUILT_PASSWORD, TestApp};

/// The process's peak resident memory so far, in kB (Linux).
fn peak_kb() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[tokio::test]
async fn a_png_claiming_fifty_thousand_pixels_square_costs_no_memory() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let browser = app.client();
    browser.login(&ana.email, BUILT_PASSWORD).await;
    browser.get("/dashboard/gallery").await;
    let bomb = png_declaring(50_000);
    let files = [("headshot", "tiny.png", "image/png", bomb.as_slice())];
    let send = || browser.post_multipart("/dashboard/uploads/headshot", &[], &files);
    // Once to warm up whatever a first request allocates, then measured.
    assert_eq!(send().await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let before = peak_kb();
    for _ in 0..5 {
        let refused = send().await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        refused.assert_contains("This photo is 50000 x 50000 pixels");
    }
    let grown = peak_kb().zip(before).map(|(a, b)| a.saturating_sub(b));
    if let Some(grown) = grown {
        assert!(grown < 4 * 1024, "peak memory grew by {grown} kB");
    }
    assert!(before.is_some() || !cfg!(target_os = "linux"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM images").await, 0);
}
