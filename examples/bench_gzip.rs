//! What compressing a rendered page costs, with the layer the pages use and with the general
//! streaming layer (tower-http's, at the same fastest level) it replaced: each serves the same
//! page of `KB` kilobytes (default 24, a directory page; 63 is the reviews queue) through the
//! layer, one request at a time on one thread, and the microseconds per response are printed,
//! the two alternating three times.
//!
//! cargo run --release --example bench_gzip -- 24 63

use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::response::Html;
use axum::routing::get;
use http_body_util::BodyExt;
use tower::ServiceExt;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

const REQUESTS: u32 = 5_000;

/// Page-like HTML of about `kb` kilobytes: cards that differ in names and numbers.
fn page(kb: usize) -> String {
    let mut html =
        String::from("<!doctype html><html lang=\"en\"><body><main><ol class=\"cards\">");
    let mut i = 0u64;
    while html.len() < kb * 1024 {
        html.push_str(&format!(
            "<li class=\"card\"><h2><a href=\"/practitioners/name-{i}\">Practitioner {i}</a></h2>\
             <p class=\"small muted\">Clinic {c} · City {city} · {r}.{t} of 5 from {n} reviews</p>\
             <ul class=\"badges\"><li>Lip flip</li><li>Gummy smile</li></ul></li>",
            c = i * 7 % 113,
            city = i % 12,
            r = 3 + i % 3,
            t = i * 3 % 10,
            n = i * 13 % 240,
        ));
        i += 1;
    }
    html.push_str("</ol></main></body></html>");
    html
}

async fn per_response(router: &Router) -> f64 {
    let start = Instant::now();
    for _ in 0..REQUESTS {
        let request = Request::get("/")
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .expect("request");
        let response = router.clone().oneshot(request).await.expect("response");
        assert_eq!(response.headers()["content-encoding"], "gzip");
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        std::hint::black_box(bytes);
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(REQUESTS)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    for kb in if sizes.is_empty() { vec![24] } else { sizes } {
        let html = page(kb);
        let route = {
            let html = html.clone();
            move || {
                let html = html.clone();
                async move { Html(html) }
            }
        };
        let streamed = Router::new()
            .route("/", get(route.clone()))
            .layer(CompressionLayer::new().quality(CompressionLevel::Fastest));
        let whole = Router::new()
            .route("/", get(route))
            .layer(axum::middleware::from_fn(
                injectory::web::compression::gzip_rendered_pages,
            ));
        println!("page of {} bytes, {REQUESTS} responses each", html.len());
        for _ in 0..3 {
            let a = per_response(&streamed).await;
            let b = per_response(&whole).await;
            println!("  streaming layer {a:7.1} µs   whole-page layer {b:7.1} µs");
        }
    }
}
