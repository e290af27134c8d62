//! The defects a black-box probe found, each kept out: slow and idle connections, the HTTP
//! library's own answers, the sign-in limiter's memory and its address, the page cache's
//! encodings, and registration used to test which emails have accounts.

mod common;

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use common::TestApp;
use injectory::domain::login_throttle::LoginThrottle;
use injectory::web::server::{ServerLimits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn limits(header_timeout: Duration, max_connections: usize) -> ServerLimits {
    ServerLimits {
        header_timeout,
        max_connections,
        max_head_bytes: 64 * 1024,
        shutdown_grace: Duration::from_secs(5),
        https: false,
    }
}

/// Serves `app` on a free port until the returned sender is dropped or fired.
async fn start(
    app: Router,
    limits: ServerLimits,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, app, limits, async move {
        let _ = stopped.await;
    }));
    (address, stop, server)
}

/// Everything the server sends until it closes the connection (or `wait` passes).
async fn read_all(stream: &mut TcpStream, wait: Duration) -> String {
    let mut bytes = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut bytes)).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

async fn request(address: SocketAddr, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).await.expect("connects");
    stream.write_all(raw).await.expect("sends");
    read_all(&mut stream, Duration::from_secs(10)).await
}

#[tokio::test]
async fn a_slow_header_client_is_dropped_and_a_normal_request_is_still_served() {
    let app = TestApp::new().await;
    let (address, _stop, _server) =
        start(app.router.clone(), limits(Duration::from_millis(500), 3)).await;

    // Two clients that never finish their headers take two of the three places.
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(address).await.expect("connects");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .expect("sends a partial head");
        slow.push(stream);
    }
    // A normal request is served meanwhile.
    let served = request(
        address,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(served.starts_with("HTTP/1.1 200"), "{served}");
    // The slow ones are dropped without an answer once their deadline passes.
    for mut stream in slow {
        let rest = read_all(&mut stream, Duration::from_secs(5)).await;
        assert!(rest.is_empty(), "closed without a response: {rest:?}");
        let mut byte = [0u8; 1];
        assert_eq!(
            stream.read(&mut byte).await.expect("reads"),
            0,
            "the connection is closed"
        );
    }

    // An idle kept-alive connection is closed by the same deadline.
    let mut kept = TcpStream::connect(address).await.expect("connects");
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("sends");
    let answer = read_all(&mut kept, Duration::from_secs(5)).await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "answered, then closed when idle: {answer}"
    );
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_a_place_is_free() {
    let app = TestApp::new().await;
    let (address, _stop, _server) =
        start(app.router.clone(), limits(Duration::from_millis(700), 2)).await;
    let mut holders = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(address).await.expect("connects");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("sends");
        holders.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waiting = tokio::spawn(async move {
        let answer = request(
            address,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await;
        (Instant::now(), answer)
    });
    let mut freed_at = None;
    for mut stream in holders {
        let _ = read_all(&mut stream, Duration::from_secs(5)).await;
        freed_at.get_or_insert(Instant::now());
    }
    let (answered_at, answer) = waiting.await.expect("task");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        freed_at.is_some_and(|freed| answered_at + Duration::from_millis(50) >= freed),
        "the third connection was served only once a place was free"
    );
}

#[tokio::test]
async fn a_shutdown_lets_requests_in_flight_finish() {
    let slow = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(400)).await;
            "finished"
        }),
    );
    let (address, stop, server) = start(slow, limits(Duration::from_secs(5), 10)).await;
    let in_flight = tokio::spawn(request(
        address,
        b"GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = stop.send(());
    let answer = in_flight.await.expect("task");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("finished"));
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops once drained")
        .expect("task");
    assert!(
        TcpStream::connect(address).await.is_err(),
        "no longer accepting"
    );
}

#[tokio::test]
async fn the_http_library_s_own_answers_carry_the_site_s_headers() {
    let app = TestApp::new().await;
    let mut roomy = limits(Duration::from_secs(5), 10);
    roomy.max_head_bytes = 512 * 1024;
    let (address, _stop, _server) = start(app.router.clone(), roomy).await;
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(600 * 1024)
    );
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..150)
            .map(|n| format!("X-{n}: 1\r\n"))
            .collect::<String>()
    );
    for (raw, status) in [
        (huge_header.as_bytes(), "431"),
        (many_headers.as_bytes(), "431"),
        (long_uri.as_bytes(), "414"),
        (b"NOT HTTP AT ALL\r\n\r\n".as_slice(), "400"),
    ] {
        let answer = request(address, raw).await;
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status} ")),
            "{}",
            &answer[..answer.len().min(200)]
        );
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            head.contains("content-security-policy: default-src 'self'"),
            "{head}"
        );
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
        assert!(head.contains("x-frame-options: deny"), "{head}");
        assert!(answer.contains("<title>"), "the site's error page");
    }
}

#[test]
fn the_sign_in_limiter_stays_bounded_under_ten_thousand_distinct_failures() {
    let limiter = LoginThrottle::with_capacity(1000);
    let now = chrono::Utc::now();
    let long_local = "x".repeat(10_000);
    for n in 0u32..10_000 {
        let email = format!("{long_local}{n}@example.com");
        let address = IpAddr::from((0x0a00_0000 + n).to_be_bytes());
        limiter.record_failure(&email, Some(address), now);
    }
    let (accounts, networks, _) = limiter.sizes();
    assert!(accounts <= 1000, "{accounts} accounts kept");
    assert!(networks <= 1000, "{networks} networks kept");
    // The most recent attacker is still counted.
    let last = IpAddr::from((0x0a00_0000u32 + 9_999).to_be_bytes());
    for _ in 0..19 {
        limiter.record_failure("another@example.com", Some(last), now);
    }
    assert!(limiter.check("third@example.com", Some(last), now).is_err());
}

async fn failing_sign_ins(
    app: &TestApp,
    tries: usize,
    address: impl Fn(usize) -> Option<IpAddr>,
) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for n in 0..tries {
        let mut browser = app.client();
        browser.address = address(n);
        browser.get("/login").await;
        let page = browser
            .post_form(
                "/login",
                &[
                    ("email", &format!("nobody{n}@example.com")),
                    ("password", "wrong password here"),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    statuses
}

#[tokio::test]
async fn addresses_in_one_ipv6_64_share_the_sign_in_limit() {
    let app = TestApp::new().await;
    let statuses = failing_sign_ins(&app, 21, |n| {
        Some(
            format!("2001:db8:aa:bb::{:x}", n + 1)
                .parse()
                .expect("ipv6"),
        )
    })
    .await;
    assert!(
        statuses[..20]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED)
    );
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_missing_client_ip_header_does_not_lift_the_address_limit() {
    let app = TestApp::with_settings(&[("CLIENT_IP_HEADER", "X-Forwarded-For")]).await;
    let peer: IpAddr = "192.0.2.10".parse().expect("ip");
    let statuses = failing_sign_ins(&app, 25, |_| Some(peer)).await;
    assert!(
        statuses[..20]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert!(
        statuses[20..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_gzip_page_is_never_kept_for_clients_that_did_not_ask_for_it() {
    let app = TestApp::with_settings(&[("PAGE_CACHE_SECONDS", "5")]).await;
    for asked in ["GZIP", "Gzip;q=1", "gzip"] {
        let zipped = app
            .send(
                axum::http::Method::GET,
                "/guide",
                &[("accept-encoding", asked)],
                Vec::new(),
            )
            .await;
        assert_eq!(zipped.header("content-encoding"), "gzip", "{asked}");
        let plain = app.get("/guide").await;
        assert_eq!(plain.header("content-encoding"), "", "after {asked}");
        plain.assert_contains("<h1>");
    }
    let refused = app
        .send(
            axum::http::Method::GET,
            "/guide",
            &[("accept-encoding", "gzip;q=0")],
            Vec::new(),
        )
        .await;
    assert_eq!(refused.header("content-encoding"), "");
}

#[tokio::test]
async fn registration_does_not_tell_which_emails_exist_at_speed() {
    let app = TestApp::new().await;
    app.account(
        "taken@example.com",
        "harbor lantern velvet orbit",
        injectory::vocabulary::Role::Patient,
        "Taken",
    )
    .await;
    let browser = app.client();
    browser.get("/register").await;
    // With anything else wrong, a taken email is not mentioned.
    let weak = browser
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", "Probe"),
                ("email", "taken@example.com"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    weak.assert_lacks("already exists");
    // And attempts are limited per network: the eleventh in an hour is refused.
    let mut statuses = Vec::new();
    for n in 0..10 {
        let page = browser
            .post_form(
                "/register",
                &[
                    ("role", "patient"),
                    ("display_name", "Probe"),
                    ("email", &format!("p{n}@example.com")),
                    ("password", "short"),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    assert!(
        statuses[..9]
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    assert_eq!(statuses[9], StatusCode::TOO_MANY_REQUESTS);
    let page = browser
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", "Probe"),
                ("email", "taken@example.com"),
                ("password", "harbor lantern velvet orbit"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    page.assert_lacks("already exists");
    assert!(!page.header("retry-after").is_empty());
}
