//! A real Chromium, driven through chromedriver, against the app served on a real socket:
//! the forms work as a browser sends them (its own Origin and Sec-Fetch headers, cookies,
//! hidden CSRF fields), and compare works from the directory's checkboxes.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).

mod common;

use common::TestApp;
use common::browser::{
    click, fill, log_in, screenshot, scrolls_sideways, serve, start_browser, text_of_page, wait_for,
};
use fantoccini::{Client, Locator};

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
    let bar_shown = || async {
        browser
            .find(Locator::Css(".compare-bar"))
            .await
            .expect("the compare bar")
            .is_displayed()
            .await
            .expect("displayed or not")
    };
    assert!(
        !bar_shown().await,
        "no compare button before anything is ticked"
    );
    click(&browser, "input[name=p][value=\"dr-maya-rivera\"]").await;
    assert!(bar_shown().await, "the compare button once one is ticked");
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

#[tokio::test]
async fn on_a_phone_no_page_scrolls_sideways_and_the_first_result_is_in_view() {
    let app = TestApp::with_demo_data().await;
    let base = serve(&app).await;
    let profile = tempfile::tempdir().expect("browser profile folder");
    let (_driver, browser) = start_browser(profile.path()).await;
    browser
        .set_window_size(390, 844)
        .await
        .expect("window sized");

    browser
        .goto(&format!("{base}/practitioners"))
        .await
        .expect("opens");
    let first_card_top = browser
        .execute(
            "return document.querySelector('.cards .card').getBoundingClientRect().top;",
            vec![],
        )
        .await
        .expect("measured")
        .as_f64()
        .expect("a number");
    assert!(
        first_card_top < 844.0,
        "the first result starts on the first screen (at {first_card_top}px)"
    );
    screenshot(&browser, "phone-directory").await;

    let mut pages = vec![
        "/".to_owned(),
        "/practitioners".to_owned(),
        "/practitioners/dr-maya-rivera".to_owned(),
        "/guide/lip-flip".to_owned(),
        "/how-we-verify".to_owned(),
        "/register".to_owned(),
    ];
    for path in &pages {
        browser.goto(&format!("{base}{path}")).await.expect("opens");
        assert!(!scrolls_sideways(&browser).await, "{path} scrolls sideways");
    }
    log_in(
        &browser,
        &base,
        "patient@demo.injectory.test",
        "Quiet-smile-owl-77",
    )
    .await;
    browser
        .goto(&format!("{base}/me/reviews"))
        .await
        .expect("opens");
    assert!(
        !scrolls_sideways(&browser).await,
        "/me/reviews scrolls sideways"
    );
    screenshot(&browser, "phone-my-reviews").await;
    click(&browser, "form[action=\"/logout\"] button").await;
    wait_for(&browser, "a[href=\"/login\"]").await;

    log_in(
        &browser,
        &base,
        "practitioner@demo.injectory.test",
        "Lip-flip-clinic-2026",
    )
    .await;
    pages = vec![
        "/dashboard".to_owned(),
        "/dashboard/credentials".to_owned(),
        "/dashboard/profile".to_owned(),
        "/dashboard/gallery".to_owned(),
        "/dashboard/reviews".to_owned(),
        "/dashboard/invites".to_owned(),
    ];
    for path in &pages {
        browser.goto(&format!("{base}{path}")).await.expect("opens");
        assert!(!scrolls_sideways(&browser).await, "{path} scrolls sideways");
    }
    browser
        .goto(&format!("{base}/dashboard/credentials"))
        .await
        .expect("opens");
    screenshot(&browser, "phone-credentials").await;
    browser.close().await.expect("browser closes");
}

/// axe-core's script, installed by `.ci/run` (`npm ci` in `tools/browser`).
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `npm ci --prefix tools/browser`",
            path.display()
        )
    })
}

/// The violations of impact moderate or above axe finds on the open page, in words.
async fn accessibility_violations(browser: &Client, axe: &str) -> Vec<String> {
    browser.execute(axe, vec![]).await.expect("axe loads");
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations
                 .filter(v => ['moderate', 'serious', 'critical'].includes(v.impact))
                 .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                   v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    found
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn axe_finds_no_moderate_or_worse_violation_on_any_page_type() {
    let app = TestApp::with_demo_data().await;
    let base = serve(&app).await;
    let axe = axe_source();
    let profile = tempfile::tempdir().expect("browser profile folder");
    let (_driver, browser) = start_browser(profile.path()).await;
    let anonymous = [
        "/",
        "/practitioners",
        "/practitioners?location=Austin&verified=on&treatment=lip_flip",
        "/practitioners/dr-maya-rivera",
        "/practitioners/dr-maya-rivera/photos/1",
        "/compare?p=dr-maya-rivera&p=priya-nair",
        "/guide",
        "/guide/lip-flip",
        "/transparency",
        "/how-we-verify",
        "/login",
        "/register",
        "/password/forgot",
        "/nowhere",
    ];
    let accounts: [(&str, &str, &[&str]); 3] = [
        (
            "patient@demo.injectory.test",
            "Quiet-smile-owl-77",
            &[
                "/account",
                "/me/reviews",
                "/practitioners/priya-nair/review",
            ],
        ),
        (
            "practitioner@demo.injectory.test",
            "Lip-flip-clinic-2026",
            &[
                "/dashboard",
                "/dashboard/profile",
                "/dashboard/credentials",
                "/dashboard/gallery",
                "/dashboard/reviews",
                "/dashboard/invites",
                "/dashboard/preview",
            ],
        ),
        (
            "moderator@demo.injectory.test",
            "Cupids-bow-audit-42",
            &[
                "/moderation",
                "/moderation/reviews",
                "/moderation/appeals",
                "/moderation/flags",
                "/moderation/credentials",
                "/moderation/photos",
                "/moderation/log",
            ],
        ),
    ];
    let mut problems = Vec::new();
    for (width, height) in [(1280, 900), (390, 844)] {
        browser
            .set_window_size(width, height)
            .await
            .expect("window sized");
        for path in anonymous {
            browser.goto(&format!("{base}{path}")).await.expect("opens");
            for v in accessibility_violations(&browser, &axe).await {
                problems.push(format!("{width}px {path}: {v}"));
            }
        }
        for (email, password, paths) in accounts {
            log_in(&browser, &base, email, password).await;
            for path in paths {
                browser.goto(&format!("{base}{path}")).await.expect("opens");
                for v in accessibility_violations(&browser, &axe).await {
                    problems.push(format!("{width}px {path}: {v}"));
                }
            }
            click(&browser, "form[action=\"/logout\"] button").await;
            wait_for(&browser, "a[href=\"/login\"]").await;
        }
    }
    browser.close().await.expect("browser closes");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
