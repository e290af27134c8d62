//! A real Chromium, driven through chromedriver, against the app served on a real socket:
//! the forms work as a browser sends them (its own Origin and Sec-Fetch headers, cookies,
//! hidden CSRF fields), and compare works from the directory's checkboxes.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).

mod common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::TestApp;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// chromedriver, stopped when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_browser(profile_dir: &std::path::Path) -> (Driver, Client) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver runs: install Debian's chromium and chromium-driver");
    let driver = Driver(child);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
                format!("--user-data-dir={}", profile_dir.display()),
            ],
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last_error = None;
    for _ in 0..50 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return (driver, client),
            Err(err) => {
                last_error = Some(err);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    panic!("chromedriver did not accept a session: {last_error:?}");
}

/// Serves the test app's router on a real socket; returns its base address.
async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let address = listener.local_addr().expect("address");
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    format!("http://{address}")
}

async fn text_of_page(browser: &Client) -> String {
    browser
        .find(Locator::Css("body"))
        .await
        .expect("page has a body")
        .text()
        .await
        .expect("body text")
}

async fn fill(browser: &Client, name: &str, value: &str) {
    browser
        .find(Locator::Css(&format!("[name=\"{name}\"]")))
        .await
        .unwrap_or_else(|e| panic!("field {name}: {e}"))
        .send_keys(value)
        .await
        .expect("typed");
}

/// Scrolls an element to the middle of the window, as a person would before clicking it
/// (the sticky compare bar covers the bottom edge), then clicks it.
async fn click(browser: &Client, css: &str) {
    let element = browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    let argument = serde_json::to_value(&element).expect("element as a script argument");
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![argument],
        )
        .await
        .expect("scrolled");
    element.click().await.expect("clicked");
}

/// Waits for the page the last click led to, recognised by an element only it has.
async fn wait_for(browser: &Client, css: &str) {
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css} after navigation: {e}"));
}

#[tokio::test]
async fn a_browser_registers_logs_out_logs_in_and_compares_from_the_directory() {
    let app = TestApp::with_demo_data().await;
    let base = serve(&app).await;
    let profile = tempfile::tempdir().expect("browser profile folder");
    let (_driver, browser) = start_browser(profile.path()).await;
    browser
        .set_window_size(1280, 1200)
        .await
        .expect("window sized");

    // Register: the form posts with the browser's own Origin and the hidden token.
    browser
        .goto(&format!("{base}/register"))
        .await
        .expect("opens");
    fill(&browser, "display_name", "Robin").await;
    fill(&browser, "email", "robin@example.com").await;
    fill(&browser, "password", "violet canyon marble teapot").await;
    click(&browser, "form[action=\"/register\"] button[type=submit]").await;
    wait_for(&browser, "a.button[href=\"/login\"]").await;
    let url = browser.current_url().await.expect("url");
    assert_eq!(
        url.path(),
        "/register/sent",
        "registration asks to check the inbox"
    );
    assert!(text_of_page(&browser).await.contains("Check your inbox"));

    // Follow the mailed link, confirm, and sign in.
    let link = app
        .mailed_link("robin@example.com", "/email/confirm/")
        .await;
    browser.goto(&format!("{base}{link}")).await.expect("opens");
    click(&browser, "main form button[type=submit]").await;
    wait_for(&browser, "form[action=\"/login\"]").await;
    assert!(
        text_of_page(&browser)
            .await
            .contains("Your email address is confirmed")
    );
    fill(&browser, "email", "robin@example.com").await;
    fill(&browser, "password", "violet canyon marble teapot").await;
    click(&browser, "form[action=\"/login\"] button[type=submit]").await;
    wait_for(&browser, "a[href=\"/account/password\"]").await;
    let url = browser.current_url().await.expect("url");
    assert_eq!(
        url.path(),
        "/account",
        "a patient lands on the account page"
    );
    let text = text_of_page(&browser).await;
    assert!(text.contains("Signed in as Robin"), "{text}");
    assert!(text.contains("(confirmed)"), "{text}");

    // Log out with the header's button, then log back in.
    click(&browser, "form[action=\"/logout\"] button").await;
    wait_for(&browser, "a[href=\"/login\"]").await;
    let text = text_of_page(&browser).await;
    assert!(
        text.contains("Log in") && !text.contains("Signed in as"),
        "{text}"
    );
    browser.goto(&format!("{base}/login")).await.expect("opens");
    fill(&browser, "email", "ROBIN@example.com").await;
    fill(&browser, "password", "violet canyon marble teapot").await;
    click(&browser, "form[action=\"/login\"] button[type=submit]").await;
    wait_for(&browser, "a[href=\"/account/password\"]").await;
    assert!(text_of_page(&browser).await.contains("Signed in as Robin"));

    // Tick two practitioners in the directory and compare them.
    browser
        .goto(&format!("{base}/practitioners"))
        .await
        .expect("opens");
    click(&browser, "input[name=p][value=\"dr-maya-rivera\"]").await;
    click(&browser, "input[name=p][value=\"priya-nair\"]").await;
    click(&browser, "form[action=\"/compare\"] button[type=submit]").await;
    wait_for(&browser, "table.compare").await;
    let url = browser.current_url().await.expect("url");
    assert_eq!(url.path(), "/compare");
    let text = text_of_page(&browser).await;
    assert!(
        text.contains("Dr. Maya Rivera") && text.contains("Priya Nair, NP"),
        "{text}"
    );
    assert!(text.contains("(best)"), "{text}");

    browser.close().await.expect("browser closes");
}
