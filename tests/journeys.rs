//! The journeys of the three kinds of user, in a real Chromium against the server on a real
//! socket with the demo seed, at desktop (1280 px) and phone (390 px) width. Controls are
//! found by their labels and names, as a person finds them; mail is read from the mail
//! folder. Screenshots of the key pages are written under `target/screenshots/`.
//!
//! 1. A patient searches by city, filters to verified practitioners offering lip flips,
//!    opens a profile, compares two, registers, confirms the address from the mail, writes a
//!    review (first with a mistake) and sees it waiting; then resets a forgotten password.
//! 2. A practitioner registers, fills in and lists the profile, adds a credential with a
//!    document, uploads a before/after pair and a headshot, and makes an invite link.
//! 3. A moderator approves the review, verifies the credential and approves the photos;
//!    then an anonymous visitor sees the review, the badge and the photos.
//!
//! A fourth test does the search and the review form with the keyboard alone.

mod common;

use std::path::PathBuf;

use common::browser::{
    attach, choose, field, focus_is_visible, keys, log_in, log_out, press, press_in,
    press_in_and_wait, screenshot, scrolls_sideways, serve, start_browser, tab_to, text_of_page,
    tick, tick_in, type_into, under_heading, wait_for, wait_for_path,
};
use common::{TestApp, images};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

const PATIENT_EMAIL: &str = "casey@example.com";
const PATIENT_PASSWORD: &str = "amber lantern cobble seven";
const NEW_PATIENT_PASSWORD: &str = "harbor tulip gravel ninety";
const PRACTITIONER_EMAIL: &str = "quinn.harper@example.com";
const PRACTITIONER_PASSWORD: &str = "copper meadow lantern wisp";
const PRACTITIONER_NAME: &str = "Quinn Harper, RN";
const REVIEW_TITLE: &str = "Subtle flip, easy follow-up";
const CREDENTIAL_TITLE: &str = "Registered Nurse license";
const MODERATOR_EMAIL: &str = "moderator@demo.injectory.test";
const MODERATOR_PASSWORD: &str = "Cupids-bow-audit-42";

/// One window size, its browser and the server it drives.
struct Visit {
    app: TestApp,
    base: String,
    browser: Client,
    /// Names the screenshots: `desktop` or `phone`.
    width_name: &'static str,
    /// Real files the browser uploads from.
    files: tempfile::TempDir,
}

impl Visit {
    async fn open(&self, path: &str) {
        self.browser
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }

    async fn text(&self) -> String {
        text_of_page(&self.browser).await
    }

    /// A screenshot named for the page and the width; the page must not scroll sideways.
    async fn shoot(&self, page: &str) {
        assert!(
            !scrolls_sideways(&self.browser).await,
            "{page} scrolls sideways at {} width",
            self.width_name
        );
        screenshot(&self.browser, &format!("{}-{page}", self.width_name)).await;
    }

    /// Writes `bytes` into a file the browser can pick, and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.files.path().join(name);
        std::fs::write(&path, bytes).expect("file written");
        path
    }

    /// Follows the confirmation link in the mail folder and presses its button.
    async fn confirm_from_mail(&self, email: &str) {
        let link = self.app.mailed_link(email, "/email/confirm/").await;
        self.open(&link).await;
        press(&self.browser, "Confirm my email address").await;
        wait_for(&self.browser, "form[action=\"/login\"]").await;
        assert!(
            self.text()
                .await
                .contains("Your email address is confirmed"),
            "{}",
            self.text().await
        );
    }
}

async fn visit(
    width: u32,
    height: u32,
    width_name: &'static str,
) -> (Visit, common::browser::Driver, tempfile::TempDir) {
    let app = TestApp::with_demo_data().await;
    let base = serve(&app).await;
    let profile = tempfile::tempdir().expect("browser profile folder");
    let (driver, browser) = start_browser(profile.path()).await;
    browser
        .set_window_size(width, height)
        .await
        .expect("window sized");
    let files = tempfile::tempdir().expect("a folder of files to upload");
    (
        Visit {
            app,
            base,
            browser,
            width_name,
            files,
        },
        driver,
        profile,
    )
}

#[tokio::test]
async fn every_journey_at_desktop_width() {
    every_journey(1280, 900, "desktop").await;
}

#[tokio::test]
async fn every_journey_on_a_phone() {
    every_journey(390, 844, "phone").await;
}

async fn every_journey(width: u32, height: u32, width_name: &'static str) {
    let (visit, _driver, _profile) = visit(width, height, width_name).await;
    patient_finds_compares_registers_and_reviews(&visit).await;
    patient_resets_a_forgotten_password(&visit).await;
    let slug = practitioner_registers_and_builds_a_profile(&visit).await;
    moderator_decides(&visit).await;
    anonymous_visitor_sees_what_was_approved(&visit, &slug).await;
    visit.browser.clone().close().await.expect("browser closes");
}

async fn patient_finds_compares_registers_and_reviews(visit: &Visit) {
    let browser = &visit.browser;
    visit.open("/").await;
    visit.shoot("home").await;
    press(browser, "Find an injector").await;
    wait_for_path(browser, "/practitioners").await;

    // Search by city, for lip flips, verified only.
    type_into(browser, "City, state or ZIP code", "Austin").await;
    choose(browser, "Treatment", "Lip flip").await;
    tick(browser, "Verified credentials only").await;
    press(browser, "Search").await;
    wait_for(browser, ".filter-chips").await;
    let url = browser.current_url().await.expect("url");
    let query = url.query().unwrap_or_default();
    for part in ["location=Austin", "treatment=lip_flip", "verified=on"] {
        assert!(
            query.contains(part),
            "the search address keeps {part}: {query}"
        );
    }
    let results = visit.text().await;
    assert!(
        results.contains("Dr. Maya Rivera") && results.contains("Aisha Rahman, NP"),
        "{results}"
    );
    assert!(
        !results.contains("Dr. Samuel Okafor") && !results.contains("License not verified"),
        "only verified Austin practitioners: {results}"
    );
    visit.shoot("directory-search").await;

    // Open a profile.
    press(browser, "Dr. Maya Rivera").await;
    wait_for_path(browser, "/practitioners/dr-maya-rivera").await;
    let profile = visit.text().await;
    assert!(profile.contains("✓ Verified license"), "{profile}");
    visit.shoot("profile").await;
    browser.back().await.expect("back to the results");
    wait_for(browser, ".filter-chips").await;

    // Compare two from the results.
    tick_in(browser, &under_heading("Dr. Maya Rivera"), "Add to compare").await;
    tick_in(
        browser,
        &under_heading("Aisha Rahman, NP"),
        "Add to compare",
    )
    .await;
    press(browser, "Compare selected (2 to 4)").await;
    wait_for(browser, "table.compare").await;
    let compared = visit.text().await;
    assert!(
        compared.contains("Dr. Maya Rivera") && compared.contains("Aisha Rahman, NP"),
        "{compared}"
    );
    visit.shoot("compare").await;

    // Choose to review Dr. Rivera: a visitor is asked to sign in or register first.
    visit.open("/practitioners/dr-maya-rivera").await;
    press(browser, "Write a review").await;
    press(browser, "Create an account").await;
    wait_for_path(browser, "/register").await;
    tick(browser, "a patient, or thinking about treatment").await;
    assert!(
        !browser
            .find(Locator::Css("#profession"))
            .await
            .expect("the profession list is in the form")
            .is_displayed()
            .await
            .expect("shown or not"),
        "a patient is not asked for a profession"
    );
    type_into(browser, "Your name", "Casey").await;
    type_into(browser, "Email", PATIENT_EMAIL).await;
    type_into(browser, "Password", PATIENT_PASSWORD).await;
    press(browser, "Create account").await;
    wait_for_path(browser, "/register/sent").await;
    assert!(visit.text().await.contains("Check your inbox"));

    visit.confirm_from_mail(PATIENT_EMAIL).await;
    type_into(browser, "Email", PATIENT_EMAIL).await;
    type_into(browser, "Password", PATIENT_PASSWORD).await;
    press(browser, "Log in").await;
    wait_for(browser, "form[action=\"/logout\"]").await;
    // Where they were going is kept through the login link, registration and the mail.
    wait_for_path(browser, "/practitioners/dr-maya-rivera/review").await;

    // A first try with too short a review: the form comes back, focused on what is wrong.
    choose(browser, "Overall rating", "4 stars: good").await;
    choose(browser, "Was it worth it?", "Worth it").await;
    choose(browser, "Treatment", "Lip flip").await;
    choose(browser, "Product, if you know it", "Botox").await;
    type_into(browser, "Units, if you know them", "6").await;
    enter_last_month(browser).await;
    tick(browser, "None").await;
    type_into(browser, "Title", REVIEW_TITLE).await;
    type_into(browser, "Your review", "Too short.").await;
    press(browser, "Send for moderation").await;
    wait_for(browser, ".error-summary").await;
    let focused_in_summary = browser
        .execute(
            "return document.activeElement.closest('.error-summary') !== null;",
            vec![],
        )
        .await
        .expect("measured");
    assert_eq!(
        focused_in_summary,
        serde_json::Value::Bool(true),
        "the error summary has the focus after a failed form"
    );
    assert!(
        visit
            .text()
            .await
            .contains("Write at least 50 characters about your experience"),
        "{}",
        visit.text().await
    );
    visit.shoot("review-form-error").await;
    // What was typed is still there; only the review text needs more.
    let title = field(browser, "Title")
        .await
        .prop("value")
        .await
        .expect("read");
    assert_eq!(title.as_deref(), Some(REVIEW_TITLE));
    type_into(
        browser,
        "Your review",
        "Dr. Rivera watched me talk and smile before injecting six units. The flip settled \
         in a week and the follow-up call came without my asking.",
    )
    .await;
    press(browser, "Send for moderation").await;
    wait_for_path(browser, "/me/reviews").await;
    let mine = visit.text().await;
    assert!(
        mine.contains(REVIEW_TITLE) && mine.contains("Waiting for a moderator."),
        "{mine}"
    );
    visit.shoot("my-reviews").await;

    // Not public yet.
    log_out(browser).await;
    visit.open("/practitioners/dr-maya-rivera").await;
    assert!(!visit.text().await.contains(REVIEW_TITLE));
}

/// Types last month into "Month of treatment", as Chromium's month field takes it: the
/// month's name, then the year.
async fn enter_last_month(browser: &Client) {
    let today = chrono::Utc::now().date_naive();
    let last_month = today - chrono::Days::new(u64::from(chrono::Datelike::day(&today)));
    let month = field(browser, "Month of treatment").await;
    month
        .send_keys(&format!(
            "{}{}{}",
            last_month.format("%B"),
            Key::Tab,
            last_month.format("%Y")
        ))
        .await
        .expect("month typed");
    let value = month.prop("value").await.expect("read");
    assert_eq!(
        value.as_deref(),
        Some(last_month.format("%Y-%m").to_string().as_str()),
        "the month field took the month"
    );
}

async fn patient_resets_a_forgotten_password(visit: &Visit) {
    let browser = &visit.browser;
    visit.open("/login").await;
    press(browser, "Forgot your password?").await;
    wait_for_path(browser, "/password/forgot").await;
    type_into(browser, "Email", PATIENT_EMAIL).await;
    press_in_and_wait(browser, "", "Send the link").await;
    let link = visit
        .app
        .mailed_link(PATIENT_EMAIL, "/password/reset/")
        .await;
    visit.open(&link).await;
    type_into(browser, "New password", NEW_PATIENT_PASSWORD).await;
    type_into(browser, "New password again", NEW_PATIENT_PASSWORD).await;
    press(browser, "Set the new password").await;
    wait_for_path(browser, "/login").await;
    assert!(visit.text().await.contains("Your new password is set"));

    // The old password no longer works; the new one does.
    type_into(browser, "Email", PATIENT_EMAIL).await;
    type_into(browser, "Password", PATIENT_PASSWORD).await;
    press(browser, "Log in").await;
    wait_for(browser, ".error-summary").await;
    log_in(browser, &visit.base, PATIENT_EMAIL, NEW_PATIENT_PASSWORD).await;
    assert!(visit.text().await.contains("Signed in as Casey"));
    log_out(browser).await;
}

/// Returns the slug of the listed profile.
async fn practitioner_registers_and_builds_a_profile(visit: &Visit) -> String {
    let browser = &visit.browser;
    visit.open("/register").await;
    tick(browser, "a practitioner who wants a profile").await;
    choose(browser, "Profession", "Registered nurse").await;
    type_into(browser, "Your name", PRACTITIONER_NAME).await;
    type_into(browser, "Email", PRACTITIONER_EMAIL).await;
    type_into(browser, "Password", PRACTITIONER_PASSWORD).await;
    press(browser, "Create account").await;
    wait_for_path(browser, "/register/sent").await;
    visit.confirm_from_mail(PRACTITIONER_EMAIL).await;
    log_in(
        browser,
        &visit.base,
        PRACTITIONER_EMAIL,
        PRACTITIONER_PASSWORD,
    )
    .await;
    wait_for_path(browser, "/dashboard").await;
    visit.shoot("dashboard-new").await;

    // The profile, grouped in sections, then listed.
    press(browser, "Edit your profile").await;
    wait_for_path(browser, "/dashboard/profile").await;
    type_into(browser, "Specialty", "Aesthetic nursing").await;
    type_into(browser, "Supervising physician", "Dr. Maya Rivera").await;
    type_into(
        browser,
        "About you",
        "I have injected neuromodulators for six years and see every lip-flip patient again at two weeks.",
    )
    .await;
    type_into(browser, "Clinic", "Harper Aesthetics").await;
    choose(browser, "Setting", "Medical spa").await;
    type_into(browser, "City", "Austin").await;
    type_into(browser, "State or region", "TX").await;
    type_into(browser, "Postal code", "78701").await;
    tick(browser, "Lip flip").await;
    tick(browser, "Botox").await;
    type_into(browser, "Years injecting", "6").await;
    type_into(browser, "Lip flips in the last 12 months", "40").await;
    type_into(browser, "Lip flip price in dollars", "180").await;
    tick(browser, "Accepting new patients").await;
    tick(browser, "List my profile in the directory").await;
    press(browser, "Save profile").await;
    wait_for(browser, ".notice").await;
    assert!(visit.text().await.contains("Your profile was saved."));

    // A headshot, from the profile page.
    let headshot = visit.file("headshot.jpg", &images::patterned_jpeg(7));
    attach(browser, "New headshot", &headshot).await;
    press_in(browser, &under_heading("Headshot"), "Upload for moderation").await;
    wait_for(browser, "img[alt=\"Your headshot awaiting moderation\"]").await;
    visit.shoot("profile-form").await;

    // A credential, then its document.
    visit.open("/dashboard/credentials").await;
    choose(browser, "Kind", "License").await;
    type_into(browser, "Title", CREDENTIAL_TITLE).await;
    type_into(browser, "Issued by", "Texas Board of Nursing").await;
    type_into(browser, "Number", "RN-884411").await;
    type_into(browser, "State or region", "TX").await;
    type_into(browser, "Issued on", "2020-03-02").await;
    type_into(browser, "Expires on", "2028-03-31").await;
    press(browser, "Add for verification").await;
    wait_for(browser, "input[type=file][name=document]").await;
    let document = visit.file("license.pdf", LICENSE_PDF);
    attach(browser, "Attach a document", &document).await;
    press(browser, "Attach and send for verification").await;
    wait_for(browser, "#credential-document a[href$=\"/document\"]").await;
    assert!(
        visit
            .text()
            .await
            .contains("Open the attached document (PDF")
    );
    visit.open("/dashboard/credentials").await;
    let credentials = visit.text().await;
    assert!(
        credentials.contains(CREDENTIAL_TITLE) && credentials.contains("Pending: not yet verified"),
        "{credentials}"
    );
    visit.shoot("credentials").await;

    // A before/after pair, sent by the upload script with its progress bar.
    visit.open("/dashboard/gallery").await;
    let before = visit.file("before.jpg", &images::patterned_jpeg(11));
    let after = visit.file("after.jpg", &images::patterned_jpeg(23));
    attach(browser, "Before photo", &before).await;
    attach(browser, "After photo", &after).await;
    choose(browser, "Treatment", "Lip flip").await;
    choose(browser, "Product", "Botox").await;
    type_into(browser, "Units", "6").await;
    type_into(browser, "Days between treatment and the after photo", "14").await;
    tick(browser, "The patient agreed in writing").await;
    type_into(browser, "Date the patient signed", "2026-10-01").await;
    press(browser, "Upload for moderation").await;
    wait_for(browser, ".notice").await;
    let gallery = visit.text().await;
    assert!(gallery.contains("Your pair was uploaded."), "{gallery}");
    visit.shoot("gallery").await;

    // An invite link for a patient.
    visit.open("/dashboard/invites").await;
    type_into(browser, "Private note", "October lip flip").await;
    press(browser, "Make an invite link").await;
    wait_for(browser, ".notice").await;
    let invite = browser
        .find(Locator::Css("input[aria-label=\"Invite link\"]"))
        .await
        .expect("the new link")
        .prop("value")
        .await
        .expect("read")
        .unwrap_or_default();
    assert!(invite.contains("/invites/"), "{invite}");
    visit.shoot("invites").await;

    // The public profile's address, from the dashboard's link.
    visit.open("/dashboard").await;
    assert!(visit.text().await.contains("is listed in the directory"));
    let link = browser
        .find(Locator::LinkText("view your public profile"))
        .await
        .expect("a link to the public profile")
        .attr("href")
        .await
        .expect("read")
        .expect("an address");
    log_out(browser).await;
    link.trim_start_matches("/practitioners/").to_owned()
}

const LICENSE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn moderator_decides(visit: &Visit) {
    let browser = &visit.browser;
    log_in(browser, &visit.base, MODERATOR_EMAIL, MODERATOR_PASSWORD).await;

    visit.open("/moderation/reviews").await;
    let review = containing(REVIEW_TITLE);
    press_in_and_wait(browser, &review, "Approve").await;
    wait_for_path(browser, "/moderation/reviews").await;
    assert!(
        !visit.text().await.contains(REVIEW_TITLE),
        "the review left the queue"
    );

    visit.open("/moderation/credentials").await;
    visit.shoot("moderation-credentials").await;
    let credential = containing(CREDENTIAL_TITLE);
    assert!(visit.text().await.contains("Open the document"));
    open_details(browser, &credential, "Verify").await;
    type_into(
        browser,
        "Source checked",
        "Texas Board of Nursing license lookup: active",
    )
    .await;
    press_in_and_wait(browser, &credential, "Verify").await;
    wait_for_path(browser, "/moderation/credentials").await;
    assert!(!visit.text().await.contains(CREDENTIAL_TITLE));

    visit.open("/moderation/photos").await;
    visit.shoot("moderation-photos").await;
    press_in_and_wait(
        browser,
        &containing(&format!("Pair from {PRACTITIONER_NAME}")),
        "Approve",
    )
    .await;
    wait_for_path(browser, "/moderation/photos").await;
    assert!(
        visit
            .text()
            .await
            .contains("Approved: the pair is on the practitioner's profile."),
        "{}",
        visit.text().await
    );
    press_in_and_wait(
        browser,
        &containing(&format!("Headshot of {PRACTITIONER_NAME}")),
        "Approve",
    )
    .await;
    wait_for_path(browser, "/moderation/photos").await;
    assert!(!visit.text().await.contains(PRACTITIONER_NAME));
    log_out(browser).await;
}

/// An XPath for the innermost card or queue item whose words contain `text`.
fn containing(text: &str) -> String {
    format!("(//*[self::li or self::article][contains(normalize-space(.), \"{text}\")])[last()]")
}

/// Opens the `<details>` whose summary is `summary` within `scope`.
async fn open_details(browser: &Client, scope: &str, summary: &str) {
    browser
        .find(Locator::XPath(&format!(
            "{scope}//summary[normalize-space(.)=\"{summary}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("“{summary}”: {e}"))
        .click()
        .await
        .expect("opened");
}

async fn anonymous_visitor_sees_what_was_approved(visit: &Visit, slug: &str) {
    let browser = &visit.browser;
    visit.open("/practitioners/dr-maya-rivera").await;
    assert!(
        visit.text().await.contains(REVIEW_TITLE),
        "the approved review is public"
    );

    visit.open(&format!("/practitioners/{slug}")).await;
    let profile = visit.text().await;
    assert!(
        profile.contains(PRACTITIONER_NAME)
            && profile.contains("✓ Verified license")
            && profile.contains("Accepting new patients"),
        "{profile}"
    );
    // The pair's photos load lazily and decode off the main thread, so they may finish
    // after the page's load event: give them a few seconds.
    let mut pictures_shown = 0;
    for _ in 0..50 {
        pictures_shown = browser
            .execute(
                "return [...document.querySelectorAll('main img')]
                   .filter(i => i.complete && i.naturalWidth > 0).length;",
                vec![],
            )
            .await
            .expect("counted")
            .as_u64()
            .unwrap_or(0);
        if pictures_shown >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        pictures_shown >= 3,
        "the headshot and both photos of the pair load ({pictures_shown} pictures)"
    );
    visit.shoot("new-profile-public").await;

    // And the listing finds it among verified practitioners in Austin.
    visit
        .open("/practitioners?location=Austin&verified=on&treatment=lip_flip")
        .await;
    assert!(visit.text().await.contains(PRACTITIONER_NAME));
}

/// The search and the review form with the keyboard alone: Tab to move, typing to fill and
/// choose, Space to tick, Enter to send. Each stop shows where the focus is.
#[tokio::test]
async fn a_keyboard_user_searches_and_writes_a_review() {
    let (visit, _driver, _profile) = visit(1280, 900, "keyboard").await;
    let browser = &visit.browser;
    let tab = Key::Tab.to_string();
    let enter = Key::Enter.to_string();

    visit.open("/login").await;
    tab_to(browser, "#email", 40).await;
    keys(browser, "patient@demo.injectory.test").await;
    tab_to(browser, "#password", 3).await;
    keys(browser, &format!("Quiet-smile-owl-77{enter}")).await;
    wait_for(browser, "form[action=\"/logout\"]").await;

    visit.open("/practitioners").await;
    // The first stop is the skip link, which leads past the header.
    keys(browser, &tab).await;
    let first = browser.active_element().await.expect("focused");
    assert_eq!(first.text().await.expect("its words"), "Skip to content");
    assert!(
        focus_is_visible(browser).await,
        "the skip link shows its focus"
    );
    tab_to(browser, "#location", 40).await;
    assert!(focus_is_visible(browser).await, "the field shows its focus");
    keys(browser, "Seattle").await;
    tab_to(browser, "#treatment", 3).await;
    keys(browser, "Lip flip").await;
    tab_to(browser, "input[name=verified]", 20).await;
    keys(browser, " ").await;
    tab_to(browser, "form.search button[type=submit]", 5).await;
    assert!(
        focus_is_visible(browser).await,
        "the button shows its focus"
    );
    keys(browser, &enter).await;
    wait_for(browser, ".filter-chips").await;
    let results = visit.text().await;
    assert!(
        results.contains("Priya Nair, NP") || results.contains("Dr. Lauren Fischer"),
        "{results}"
    );
    assert!(!results.contains("Dr. Maya Rivera"), "{results}");

    tab_to(browser, "a[href=\"/practitioners/dr-lauren-fischer\"]", 80).await;
    assert!(focus_is_visible(browser).await, "the link shows its focus");
    keys(browser, &enter).await;
    wait_for_path(browser, "/practitioners/dr-lauren-fischer").await;
    tab_to(
        browser,
        "a[href=\"/practitioners/dr-lauren-fischer/review\"]",
        60,
    )
    .await;
    keys(browser, &enter).await;
    wait_for_path(browser, "/practitioners/dr-lauren-fischer/review").await;

    tab_to(browser, "#rating", 40).await;
    keys(browser, "5").await;
    tab_to(browser, "#worth_it", 2).await;
    keys(browser, "Worth").await;
    tab_to(browser, "#treatment", 2).await;
    keys(browser, "Lip").await;
    tab_to(browser, "#treatment_month", 10).await;
    let today = chrono::Utc::now().date_naive();
    keys(
        browser,
        &format!("{}{tab}{}", today.format("%B"), today.format("%Y")),
    )
    .await;
    tab_to(browser, "input[name=side_effects][value=none]", 10).await;
    keys(browser, " ").await;
    tab_to(browser, "#title", 20).await;
    keys(browser, "Calm and careful").await;
    tab_to(browser, "#body", 2).await;
    keys(
        browser,
        "She explained the units before starting and checked my smile twice. No droop, \
         and it lasted eleven weeks.",
    )
    .await;
    tab_to(browser, "main form button[type=submit]", 10).await;
    keys(browser, &enter).await;
    wait_for_path(browser, "/me/reviews").await;
    let mine = visit.text().await;
    assert!(
        mine.contains("Calm and careful") && mine.contains("Waiting for a moderator."),
        "{mine}"
    );
    visit.browser.clone().close().await.expect("browser closes");
}
