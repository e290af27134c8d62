//! A real Chromium, driven through chromedriver, against the app served on a real socket.
//!
//! Controls are found the way a person finds them: a field by the words of its label, a
//! button or link by its name, a card or queue item by the heading it carries. The CSS
//! helpers remain for what has no words (the header's log-out form, a page's marker).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them): a missing
//! browser fails the test, it never skips it.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use super::TestApp;

/// chromedriver, stopped when the test ends however it ends.
pub struct Driver(Child);

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

/// Starts chromedriver and a headless Chromium whose profile lives in `profile_dir`.
pub async fn start_browser(profile_dir: &std::path::Path) -> (Driver, Client) {
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
pub async fn serve(app: &TestApp) -> String {
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

pub async fn text_of_page(browser: &Client) -> String {
    browser
        .find(Locator::Css("body"))
        .await
        .expect("page has a body")
        .text()
        .await
        .expect("body text")
}

/// Types into the field named `name` (for forms whose labels are tested elsewhere).
pub async fn fill(browser: &Client, name: &str, value: &str) {
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
async fn click_element(browser: &Client, element: &Element) {
    let argument = serde_json::to_value(element).expect("element as a script argument");
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![argument],
        )
        .await
        .expect("scrolled");
    element.click().await.expect("clicked");
}

/// Clicks the element `css` finds.
pub async fn click(browser: &Client, css: &str) {
    let element = browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    click_element(browser, &element).await;
}

/// Waits for the page the last click led to, recognised by an element only it has.
pub async fn wait_for(browser: &Client, css: &str) {
    if let Err(e) = browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
    {
        let url = browser.current_url().await.map(|u| u.to_string());
        let text = text_of_page(browser).await;
        panic!("no {css} after navigation ({e}); the window shows {url:?}:\n{text}");
    }
}

/// Waits until the window shows `path` (after a redirect or a form's answer).
pub async fn wait_for_path(browser: &Client, path: &str) {
    for _ in 0..100 {
        if browser
            .current_url()
            .await
            .is_ok_and(|url| url.path() == path)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = browser.current_url().await.map(|u| u.to_string());
    panic!("never reached {path}; the window shows {now:?}");
}

/// Whether the page is wider than the window (it would scroll sideways).
pub async fn scrolls_sideways(browser: &Client) -> bool {
    browser
        .execute(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("measured")
        .as_bool()
        .expect("a boolean")
}

/// Saves a screenshot of the window under `target/screenshots/`.
pub async fn screenshot(browser: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let png = browser.screenshot().await.expect("a screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot written");
}

/// Signs in through the login form, by its labels.
pub async fn log_in(browser: &Client, base: &str, email: &str, password: &str) {
    browser.goto(&format!("{base}/login")).await.expect("opens");
    type_into(browser, "Email", email).await;
    type_into(browser, "Password", password).await;
    press(browser, "Log in").await;
    wait_for(browser, "form[action=\"/logout\"]").await;
}

/// Signs out with the header's button.
pub async fn log_out(browser: &Client) {
    press(browser, "Log out").await;
    wait_for(browser, "a[href=\"/login\"]").await;
}

/// `text` as an XPath string literal (XPath 1.0 has no escapes).
fn literal(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// The first of `xpath`'s matches a person can see.
async fn visible(browser: &Client, xpath: &str, what: &str) -> Element {
    let found = browser
        .find_all(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    for element in found {
        if element.is_displayed().await.unwrap_or(false) {
            return element;
        }
    }
    let text = text_of_page(browser).await;
    panic!("no visible {what} on the page:\n{text}");
}

/// The form control a label names: the one its `for` points at, or the one inside it. The
/// label's words must start with `label` (hints and "(optional)" may follow).
pub async fn field(browser: &Client, label: &str) -> Element {
    field_in(browser, "", label).await
}

/// [`field`] within the part of the page `scope` (an XPath) picks out.
pub async fn field_in(browser: &Client, scope: &str, label: &str) -> Element {
    let words = literal(label);
    let exact = format!("{scope}//label[normalize-space(.)={words}]");
    let starting = format!("{scope}//label[starts-with(normalize-space(.), {words})]");
    let has_exact = browser
        .find_all(Locator::XPath(&exact))
        .await
        .is_ok_and(|found| !found.is_empty());
    let xpath = if has_exact { exact } else { starting };
    let label_element = visible(browser, &xpath, &format!("label “{label}”")).await;
    match label_element.attr("for").await.expect("label read") {
        Some(id) => browser
            .find(Locator::Id(&id))
            .await
            .unwrap_or_else(|e| panic!("the field labelled “{label}”: {e}")),
        None => label_element
            .find(Locator::Css("input, select, textarea"))
            .await
            .unwrap_or_else(|e| panic!("the control inside “{label}”: {e}")),
    }
}

/// Types `value` into the field labelled `label`, after clearing what it held.
pub async fn type_into(browser: &Client, label: &str, value: &str) {
    let control = field(browser, label).await;
    control.clear().await.expect("cleared");
    control.send_keys(value).await.expect("typed");
}

/// Picks the option `option` (its visible words) in the list labelled `label`.
pub async fn choose(browser: &Client, label: &str, option: &str) {
    field(browser, label)
        .await
        .select_by_label(option)
        .await
        .unwrap_or_else(|e| panic!("option “{option}” of “{label}”: {e}"));
}

/// Ticks the checkbox or chooses the radio button labelled `label` (clicking it unless it
/// is ticked already).
pub async fn tick(browser: &Client, label: &str) {
    tick_in(browser, "", label).await;
}

/// [`tick`] within the part of the page `scope` (an XPath) picks out.
pub async fn tick_in(browser: &Client, scope: &str, label: &str) {
    let control = field_in(browser, scope, label).await;
    if !control.is_selected().await.expect("ticked or not") {
        click_element(browser, &control).await;
    }
    assert!(
        control.is_selected().await.expect("ticked or not"),
        "“{label}” is ticked"
    );
}

/// Hands the file at `path` to the file field labelled `label`.
pub async fn attach(browser: &Client, label: &str, path: &std::path::Path) {
    field(browser, label)
        .await
        .send_keys(&path.display().to_string())
        .await
        .expect("file chosen");
}

/// Presses the button named `name` (its visible words) or, when no button has that name,
/// follows the link of that name: a form's "Log in" button before the header's "Log in" link.
pub async fn press(browser: &Client, name: &str) {
    press_in(browser, "", name).await;
}

/// [`press`] within the part of the page `scope` (an XPath) picks out.
pub async fn press_in(browser: &Client, scope: &str, name: &str) {
    let words = literal(name);
    let mut control = None;
    for kind in ["button", "a"] {
        let xpath = format!("{scope}//{kind}[normalize-space(.)={words}]");
        for element in browser
            .find_all(Locator::XPath(&xpath))
            .await
            .unwrap_or_default()
        {
            if element.is_displayed().await.unwrap_or(false) {
                control = Some(element);
                break;
            }
        }
        if control.is_some() {
            break;
        }
    }
    let Some(control) = control else {
        let text = text_of_page(browser).await;
        panic!("no visible button or link “{name}” on the page:\n{text}");
    };
    click_element(browser, &control).await;
}

/// [`press_in`] for a form that answers with the same address (a moderation queue): waits
/// until the page it was pressed on is gone, so what follows reads the new one.
pub async fn press_in_and_wait(browser: &Client, scope: &str, name: &str) {
    let old = browser.find(Locator::Css("html")).await.expect("the page");
    press_in(browser, scope, name).await;
    for _ in 0..200 {
        if old.tag_name().await.is_err() {
            wait_for(browser, "body").await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("pressing “{name}” did not load a new page");
}

/// An XPath for the card, queue item or section whose heading contains `heading`.
pub fn under_heading(heading: &str) -> String {
    let words = literal(heading);
    format!(
        "(//*[self::li or self::article or self::section][.//*[self::h2 or self::h3][contains(normalize-space(.), {words})]])[last()]"
    )
}

/// Presses Tab until the focused element matches `css`, as a keyboard user moves through
/// the page; fails if it takes more than `most` presses (the control is unreachable).
pub async fn tab_to(browser: &Client, css: &str, most: usize) {
    for _ in 0..most {
        let focused = browser.active_element().await.expect("a focused element");
        let argument = serde_json::to_value(&focused).expect("element as argument");
        let matches = browser
            .execute(
                "return arguments[0].matches(arguments[1]);",
                vec![argument, serde_json::Value::String(css.to_owned())],
            )
            .await
            .expect("matched")
            .as_bool()
            .unwrap_or(false);
        if matches {
            return;
        }
        keys(browser, &char::from(Key::Tab).to_string()).await;
    }
    panic!("{css} was not reached with {most} presses of Tab");
}

/// Sends keys to whatever has the focus.
pub async fn keys(browser: &Client, keys: &str) {
    browser
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(keys)
        .await
        .expect("keys sent");
}

/// Whether the focused element shows a focus ring (an outline or a box shadow).
pub async fn focus_is_visible(browser: &Client) -> bool {
    browser
        .execute(
            "const s = getComputedStyle(document.activeElement);
             return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';",
            vec![],
        )
        .await
        .expect("measured")
        .as_bool()
        .unwrap_or(false)
}
