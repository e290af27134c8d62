//! What photo uploads cost, in a release build:
//!
//! 1. the time to process one 12-megapixel JPEG (decode, orient, resize to the display size
//!    and the thumbnail, re-encode, perceptual hash), one at a time;
//! 2. the directory page's latency (`GET /practitioners`, rendered: PAGE_CACHE_SECONDS=0)
//!    when idle, then while four practitioners upload before/after pairs of 12-megapixel
//!    photos over HTTP at the same time, through the real server, sign-in and CSRF included.
//!
//! cargo run --release --example bench_uploads
//!
//! It runs on a temporary SQLite file seeded with the demo data and prints the figures.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Method, Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use injectory::config::Config;
use injectory::state::AppState;
use injectory::{database, media, seed};
use tokio::net::TcpListener;

const DIRECTORY_REQUESTS: usize = 500;
const UPLOADERS: usize = 4;
/// Pairs each uploader sends; the directory is measured for as long as they run.
const PAIRS_EACH: usize = 3;

type Http = Client<HttpConnector, Full<Bytes>>;

/// A 4000 x 3000 photo-like JPEG: smooth shading with fine texture, as skin and lips give a
/// camera, so it compresses like a photo rather than like a flat test card.
fn twelve_megapixel_jpeg(seed: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(4000, 3000, |x, y| {
        let wave = ((x as f32 / 37.0 + seed as f32).sin() * (y as f32 / 23.0).cos() * 40.0) as i32;
        let grain = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed) % 24) as i32;
        let base = 150 + wave + grain;
        Rgb([
            (base + 50).clamp(0, 255) as u8,
            (base - 10).clamp(0, 255) as u8,
            (base - 30).clamp(0, 255) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&picture)
        .expect("encodes");
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A signed-in browser: its session cookie and CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

async fn send(
    http: &Http,
    base: &str,
    method: Method,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> (u16, Vec<(String, String)>, String) {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = http
        .request(request.body(Full::new(Bytes::from(body))).expect("request"))
        .await
        .expect("response");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn csrf_in(page: &str) -> String {
    let at = page.find("name=\"csrf_token\" value=\"").expect("a form") + 25;
    page[at..at + 64].to_owned()
}

async fn sign_in(http: &Http, base: &str, email: &str, password: &str) -> Session {
    let (_, headers, page) = send(http, base, Method::GET, "/login", &[], Vec::new()).await;
    let cookie = |headers: &[(String, String)]| {
        headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .map(|(_, v)| v.split(';').next().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let pre = cookie(&headers);
    let form = serde_urlencoded::to_string([
        ("email", email),
        ("password", password),
        ("csrf_token", &csrf_in(&page)),
    ])
    .expect("form");
    let (status, headers, _) = send(
        http,
        base,
        Method::POST,
        "/login",
        &[
            ("content-type", "application/x-www-form-urlencoded".into()),
            ("cookie", pre),
        ],
        form.into_bytes(),
    )
    .await;
    assert_eq!(status, 303, "signed in");
    let cookie = cookie(&headers);
    let (_, _, page) = send(
        http,
        base,
        Method::GET,
        "/dashboard/gallery",
        &[("cookie", cookie.clone())],
        Vec::new(),
    )
    .await;
    Session {
        csrf: csrf_in(&page),
        cookie,
    }
}

fn multipart(before: &[u8], after: &[u8]) -> (String, Vec<u8>) {
    let boundary = "benchboundary7c1f";
    let mut body = Vec::new();
    for (name, value) in [
        ("treatment", "lip_flip"),
        ("product", "botox"),
        ("units", "6"),
        ("days_after_treatment", "14"),
        ("consent", "on"),
        ("consent_on", "2026-01-10"),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, bytes) in [("before", before), ("after", after)] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Directory requests one after another: `DIRECTORY_REQUESTS` of them, or, with `until`,
/// as many as fit before it is set.
async fn directory_latencies(http: &Http, base: &str, until: Option<&AtomicBool>) -> Vec<Duration> {
    let mut took = Vec::with_capacity(DIRECTORY_REQUESTS);
    loop {
        match until {
            Some(done) if done.load(Ordering::Relaxed) => break,
            None if took.len() == DIRECTORY_REQUESTS => break,
            _ => {}
        }
        let started = Instant::now();
        let (status, _, _) = send(http, base, Method::GET, "/practitioners", &[], Vec::new()).await;
        took.push(started.elapsed());
        assert_eq!(status, 200);
    }
    took.sort();
    took
}

fn report(label: &str, took: &[Duration]) {
    println!(
        "{label}: p50 {}, p95 {}, p99 {}, max {}",
        ms(percentile(took, 0.5)),
        ms(percentile(took, 0.95)),
        ms(percentile(took, 0.99)),
        ms(percentile(took, 1.0)),
    );
}

#[tokio::main]
async fn main() {
    let photos: Vec<Vec<u8>> = (0..4).map(twelve_megapixel_jpeg).collect();
    println!(
        "12-megapixel JPEG: 4000 x 3000, {:.1} MB",
        photos[0].len() as f64 / 1_048_576.0
    );

    // 1. One photo at a time.
    let mut took = Vec::new();
    for photo in photos.iter().cycle().take(6) {
        let started = Instant::now();
        let processed = media::process_image(photo).expect("processes");
        took.push(started.elapsed());
        assert!(processed.display.len() < photo.len());
    }
    took.sort();
    println!(
        "process one 12-MP JPEG (decode, orient, 1600 px + 400 px JPEG, hash): median {}, best {}",
        ms(percentile(&took, 0.5)),
        ms(took[0])
    );

    // 2. The directory while four practitioners upload.
    let dir = tempfile::tempdir().expect("temporary folder");
    let db_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let media_dir = dir.path().join("media");
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(db_url.clone()),
        "MEDIA_DIR" => Some(media_dir.display().to_string()),
        "PAGE_CACHE_SECONDS" => Some("0".into()),
        _ => std::env::var(name).ok(),
    })
    .expect("configuration");
    let db = database::connect(&config.database_url).await.expect("db");
    database::migrate(&db).await.expect("migrations");
    seed::seed_if_empty(
        &db,
        &config.seed_dir,
        &media::FolderStore::new(config.media_dir.clone()),
    )
    .await
    .expect("demo data");
    let state = AppState::new(db, config.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let limits = injectory::web::server::ServerLimits::from_config(&config);
    tokio::spawn(injectory::web::server::serve(
        listener,
        injectory::app(state),
        limits,
        std::future::pending(),
    ));
    let http: Http = Client::builder(TokioExecutor::new()).build_http();

    directory_latencies(&http, &base, None).await; // warm up
    let idle = directory_latencies(&http, &base, None).await;
    report("GET /practitioners, idle", &idle);

    let session = Arc::new(
        sign_in(
            &http,
            &base,
            "practitioner@demo.injectory.test",
            "Lip-flip-clinic-2026",
        )
        .await,
    );
    let photos = Arc::new(photos);
    let done = Arc::new(AtomicBool::new(false));
    let running = Arc::new(AtomicUsize::new(UPLOADERS));
    let pairs = Arc::new(AtomicUsize::new(0));
    let mut uploaders = Vec::new();
    for n in 0..UPLOADERS {
        let (http, base, session, photos, done, running, pairs) = (
            http.clone(),
            base.clone(),
            session.clone(),
            photos.clone(),
            done.clone(),
            running.clone(),
            pairs.clone(),
        );
        uploaders.push(tokio::spawn(async move {
            let mut took = Vec::new();
            for _ in 0..PAIRS_EACH {
                let (content_type, body) = multipart(&photos[n % 4], &photos[(n + 1) % 4]);
                let started = Instant::now();
                let (status, _, page) = send(
                    &http,
                    &base,
                    Method::POST,
                    &format!("/dashboard/uploads/gallery?csrf_token={}", session.csrf),
                    &[
                        (header::CONTENT_TYPE.as_str(), content_type),
                        ("cookie", session.cookie.clone()),
                    ],
                    body,
                )
                .await;
                assert_eq!(status, 303, "uploaded: {page}");
                took.push(started.elapsed());
                pairs.fetch_add(1, Ordering::Relaxed);
            }
            if running.fetch_sub(1, Ordering::Relaxed) == 1 {
                done.store(true, Ordering::Relaxed);
            }
            took
        }));
    }
    let started = Instant::now();
    let busy = directory_latencies(&http, &base, Some(&done)).await;
    let busy_for = started.elapsed();
    let mut upload_times = Vec::new();
    for uploader in uploaders {
        upload_times.extend(uploader.await.expect("uploader"));
    }
    upload_times.sort();
    report(
        &format!(
            "GET /practitioners, while {UPLOADERS} uploads run ({} requests over {:.1} s)",
            busy.len(),
            busy_for.as_secs_f64()
        ),
        &busy,
    );
    println!(
        "uploads meanwhile: {} pairs (two 12-MP photos each), p50 {} per pair",
        pairs.load(Ordering::Relaxed),
        ms(percentile(&upload_times, 0.5)),
    );
    println!(
        "slowdown of the directory's p50 while uploading: {:.2}x",
        percentile(&busy, 0.5).as_secs_f64() / percentile(&idle, 0.5).as_secs_f64()
    );
}
