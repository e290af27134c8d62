//! The rough edges a first-time visitor met, each shown gone: stars a screen reader reads,
//! dates in words, headings in order, an icon, error pages that keep the header, forms that
//! point at what to fix and bring up the right keyboard, the pages a careful patient looks
//! for, and a comparison that does not call the cheapest "best".

mod common;

use axum::http::StatusCode;
use common::{BUILT_PASSWORD, ReviewState, TestApp};

/// The levels of the page's headings, in order.
fn heading_levels(body: &str) -> Vec<u8> {
    body.match_indices("<h")
        .filter_map(|(at, _)| {
            let level = body.as_bytes().get(at + 2)?;
            (b'1'..=b'6').contains(level).then(|| level - b'0')
        })
        .collect()
}

fn assert_no_heading_jumps(path: &str, body: &str) {
    let levels = heading_levels(body);
    assert_eq!(levels.first(), Some(&1), "{path} starts with its h1");
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{path}: h{} follows h{} ({levels:?})",
            pair[1],
            pair[0]
        );
    }
}

#[tokio::test]
async fn public_pages_keep_their_headings_in_order_and_link_the_trust_pages() {
    let app = TestApp::with_demo_data().await;
    for path in [
        "/",
        "/practitioners",
        "/practitioners?location=Austin",
        "/practitioners/dr-maya-rivera",
        "/compare?p=dr-maya-rivera&p=priya-nair",
        "/guide",
        "/guide/lip-flip",
        "/transparency",
        "/how-we-verify",
        "/about",
        "/privacy",
        "/terms",
        "/contact",
        "/login",
        "/register",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_no_heading_jumps(path, &page.body);
        for link in ["/how-we-verify", "/about", "/privacy", "/terms", "/contact"] {
            page.assert_contains(&format!("<a href=\"{link}\">"));
        }
        page.assert_lacks("icence");
        page.assert_contains("rel=\"icon\"");
    }
    let verify = app.get("/how-we-verify").await;
    verify.assert_contains("The badge lasts only as long as the credential");
    verify.assert_contains("href=\"/transparency\"");
    app.get("/contact")
        .await
        .assert_contains("href=\"mailto:help@injectory.localhost\"");
    let sitemap = app.get("/sitemap.xml").await;
    sitemap.assert_contains("/how-we-verify</loc>");
    sitemap.assert_contains("/privacy</loc>");
}

#[tokio::test]
async fn review_stars_are_an_image_with_words_and_dates_read_as_words() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let sam = app.patient("Sam Patient").await;
    app.review(sam, ana.id, 4, ReviewState::Approved, morgan)
        .await;
    let page = app.get(&format!("/practitioners/{}", ana.slug)).await;
    page.assert_contains("<span class=\"stars\" role=\"img\" aria-label=\"4 out of 5 stars\">");
    let month = common::review_text(4, "x").treatment_month;
    let in_words = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .expect("a month")
        .format("%B %Y")
        .to_string();
    page.assert_contains(&format!("treated in {in_words}"));
    page.assert_lacks(&format!("treated {month}"));
    // The stars' colour reaches 4.5:1 on white; the header's focus ring is white.
    let css = app.get(&stylesheet_path(&page.body)).await;
    css.assert_contains(".stars { color: #8a5a00;");
    css.assert_lacks("#b7791f");
    css.assert_contains(".site-header a:focus-visible, .site-header button:focus-visible { outline-color: #ffffff; }");
}

fn stylesheet_path(body: &str) -> String {
    let at = body.find("/static/site.").expect("the stylesheet link");
    body[at..].split('"').next().expect("a path").to_owned()
}

#[tokio::test]
async fn the_icon_is_served_and_favicon_ico_leads_to_it() {
    let app = TestApp::new().await;
    let ico = app.get("/favicon.ico").await;
    assert_eq!(ico.status, StatusCode::MOVED_PERMANENTLY);
    let icon = ico.header("location");
    assert!(
        icon.starts_with("/static/icon.") && icon.ends_with(".svg"),
        "{icon}"
    );
    let served = app.get(icon).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/svg+xml");
    served.assert_contains("<svg");
    app.get("/")
        .await
        .assert_contains(&format!("href=\"{icon}\""));
}

#[tokio::test]
async fn error_pages_keep_the_header_and_the_footer() {
    let app = TestApp::new().await;
    app.patient("Sam Patient").await;
    let browser = app.client();
    browser
        .login("sam.patient@patients.test", BUILT_PASSWORD)
        .await;
    let missing = browser.get("/nowhere/at/all").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_contains("<h1>404 Not Found</h1>");
    missing.assert_contains("Signed in as <a href=\"/account\">Sam Patient</a>");
    missing.assert_contains("action=\"/logout\"");
    missing.assert_contains("<a href=\"/privacy\">");
    let forbidden = browser.get("/dashboard").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    forbidden.assert_contains("Signed in as <a href=\"/account\">Sam Patient</a>");
    let unknown_profile = browser.get("/practitioners/nobody-here").await;
    assert_eq!(unknown_profile.status, StatusCode::NOT_FOUND);
    unknown_profile.assert_contains("Signed in as");
    // Anonymous visitors get the sign-in links on the same pages.
    let anonymous = app.get("/nowhere/at/all").await;
    anonymous.assert_contains("<a href=\"/login\">Log in</a>");
}

#[tokio::test]
async fn forms_focus_their_errors_ask_only_what_applies_and_bring_up_number_keyboards() {
    let app = TestApp::new().await;
    let visitor = app.client();
    let register = visitor.get("/register").await;
    // The profession is asked of practitioners only: the stylesheet hides it for patients.
    register.assert_contains("<div class=\"practitioner-only\">");
    register.assert_contains("class=\"register-form\"");
    let css = app.get(&stylesheet_path(&register.body)).await;
    css.assert_contains(
        ".register-form:has(input[name=role][value=patient]:checked) .practitioner-only { display: none; }",
    );
    let failed = visitor
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", ""),
                ("email", "x"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(failed.status, StatusCode::UNPROCESSABLE_ENTITY);
    failed
        .assert_contains("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>");

    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let practitioner = app.client();
    practitioner.login(&ana.email, BUILT_PASSWORD).await;
    let form = practitioner.get("/dashboard/profile").await;
    for (name, mode) in [
        ("years_injecting", "numeric"),
        ("lip_flips_last_year", "numeric"),
        ("typical_units_low", "numeric"),
        ("lip_flip_price", "decimal"),
        ("consultation_fee", "decimal"),
    ] {
        let at = form
            .body
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("{name} field"));
        let tag_end = at + form.body[at..].find('>').expect("tag end");
        assert!(
            form.body[at..tag_end].contains(&format!("inputmode=\"{mode}\"")),
            "{name}: {}",
            &form.body[at..tag_end]
        );
    }
    for group in [
        "About you",
        "Clinic and how to reach it",
        "Treatments",
        "Experience and prices",
        "Listing",
    ] {
        form.assert_contains(&format!("<legend>{group}</legend>"));
    }
}

#[tokio::test]
async fn the_comparison_says_it_scrolls_and_keeps_its_row_labels() {
    let app = TestApp::with_demo_data().await;
    let page = app.get("/compare?p=dr-maya-rivera&p=priya-nair").await;
    page.assert_contains("The table scrolls sideways");
    page.assert_contains(
        "class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Comparison table\"",
    );
    let css = app.get(&stylesheet_path(&page.body)).await;
    css.assert_contains("table.compare th[scope=row] { position: sticky; left: 0;");
    // The directory offers "Compare" only once something is ticked.
    css.assert_contains(".compare-form:not(:has(input[name=p]:checked))");
    app.get("/practitioners")
        .await
        .assert_contains("<form class=\"compare-form\"");
}

#[tokio::test]
async fn best_rated_lists_every_rated_practitioner_before_any_unrated_one() {
    let app = TestApp::with_demo_data().await;
    let page = app.get("/practitioners?per_page=50").await;
    let rated: Vec<bool> = page
        .body
        .split("<li class=\"card\">")
        .skip(1)
        .map(|card| !card.contains("No approved reviews yet"))
        .collect();
    assert!(rated.len() > 20, "{} cards", rated.len());
    assert!(rated.contains(&false), "the demo has unrated practitioners");
    let first_unrated = rated.iter().position(|r| !r).unwrap_or(rated.len());
    assert!(
        rated[first_unrated..].iter().all(|r| !r),
        "a rated practitioner after an unrated one: {rated:?}"
    );
    page.assert_contains("no review is ever added or invented");
    page.assert_lacks("imaginary");
}

#[tokio::test]
async fn the_directory_numbers_its_pages_and_each_filter_can_be_removed() {
    let app = TestApp::with_demo_data().await;
    // 25 listed, 3 a page: 9 pages. Page 5 links 1, 3 to 7 and 9, with gaps between.
    let page = app.get("/practitioners?per_page=3&page=5").await;
    page.assert_contains("<span aria-current=\"page\">5</span>");
    for n in [1, 3, 4, 6, 7, 9] {
        page.assert_contains(&format!(
            "<a href=\"/practitioners?per_page=3&amp;page={n}\" aria-label=\"Page {n}\">{n}</a>"
        ));
    }
    page.assert_lacks("aria-label=\"Page 2\"");
    page.assert_lacks("aria-label=\"Page 8\"");
    assert_eq!(
        page.body.matches("<li aria-hidden=\"true\">…</li>").count(),
        2
    );

    let filtered = app
        .get("/practitioners?location=Austin&verified=on&treatment=lip_flip")
        .await;
    filtered.assert_contains("<ul class=\"filter-chips\" aria-label=\"Active filters\">");
    for (phrase, without) in [
        (
            "the location “Austin”",
            "treatment=lip_flip&amp;verified=on",
        ),
        (
            "the treatment (Lip flip)",
            "location=Austin&amp;verified=on",
        ),
        (
            "“verified credentials only”",
            "location=Austin&amp;treatment=lip_flip",
        ),
    ] {
        let at = filtered
            .body
            .find(&format!("Remove {phrase}"))
            .unwrap_or_else(|| panic!("a chip for {phrase}"));
        let link = &filtered.body[..at];
        let href = &link[link.rfind("href=\"").expect("its link")..];
        assert!(href.contains(without), "{phrase}: {href}");
    }
    filtered.assert_contains("<a href=\"/practitioners\">Clear all filters</a>");
    app.get("/practitioners").await.assert_lacks("filter-chips");
}
