//! How many statements each public page and each moderation queue runs, on the demo data
//! (25 listed practitioners, 88 reviews, galleries). The numbers are exact: a query per card,
//! per review or per queue item would add dozens, and any change to them is a decision to
//! make in this file, not a drift. Some queues read in one snapshot (a transaction): its
//! BEGIN and COMMIT are not counted.

mod common;

use axum::http::StatusCode;
use common::TestApp;

/// Requests `path` with `client` and returns how many statements the app ran for it.
async fn statements_for(app: &TestApp, client: &common::Client<'_>, path: &str) -> usize {
    let before = app.statements();
    let page = client.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    app.statements() - before
}

/// Checks every `(path, expected)` and reports all that differ at once.
async fn check(app: &TestApp, client: &common::Client<'_>, who: &str, expected: &[(&str, usize)]) {
    // Once unmeasured, so what is prepared lazily the first time does not count.
    for (path, _) in expected {
        client.get(path).await;
    }
    let mut differences = Vec::new();
    for (path, want) in expected {
        let ran = statements_for(app, client, path).await;
        if ran != *want {
            differences.push(format!("{who} {path}: {ran} statements, expected {want}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[tokio::test]
async fn each_public_page_runs_a_known_number_of_statements() {
    let app = TestApp::with_demo_data().await;
    let visitor = app.client();
    check(
        &app,
        &visitor,
        "anonymous",
        &[
            ("/", 1),
            ("/practitioners", 1),
            (
                "/practitioners?location=Austin&verified=on&treatment=lip_flip",
                1,
            ),
            ("/practitioners?q=rivera", 1),
            ("/practitioners?q=may+austin&sort=name", 1),
            // Words and a place: the matches found once, counted and sorted in one pass.
            ("/practitioners?q=maya&location=Austin", 1),
            // Nothing found: the empty first page, and one count for dropping the words.
            ("/practitioners?q=zzzz", 2),
            ("/practitioners?page=2&per_page=10", 1),
            // A page past the end counts on its own.
            ("/practitioners?page=9", 2),
            // One statement: the practitioner, with the side-effect counts and typical times
            // it keeps, and folded into its row the treatments and products it offers, its
            // moderation figures, its credentials, its gallery with the images, and the page
            // of reviews with their replies and side effects.
            ("/practitioners/dr-maya-rivera", 1),
            // A page past the end (her seven reviews fill one) reads the row again with the
            // last page.
            ("/practitioners/dr-maya-rivera?reviews_page=2", 2),
            ("/practitioners/dr-maya-rivera/photos/1", 2),
            // The four practitioners, each with its products and credentials in its row.
            (
                "/compare?p=dr-maya-rivera&p=priya-nair&p=jordan-blake&p=aisha-rahman",
                1,
            ),
            ("/guide", 0),
            ("/guide/lip-flip", 0),
            ("/transparency", 1),
            ("/transparency?practitioner=dr-maya-rivera", 2),
            ("/how-we-verify", 0),
            ("/sitemap.xml", 1),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_signed_in_visitor_adds_only_the_one_statement_of_the_session() {
    let app = TestApp::with_demo_data().await;
    let patient = app.client();
    patient
        .login("patient@demo.injectory.test", "Quiet-smile-owl-77")
        .await;
    check(
        &app,
        &patient,
        "patient",
        &[
            ("/practitioners", 2),
            ("/practitioners/dr-maya-rivera", 2),
            ("/me/reviews", 6),
        ],
    )
    .await;
}

#[tokio::test]
async fn each_moderation_queue_runs_a_known_number_of_statements() {
    let app = TestApp::with_demo_data().await;
    let moderator = app.client();
    moderator
        .login("moderator@demo.injectory.test", "Cupids-bow-audit-42")
        .await;
    check(
        &app,
        &moderator,
        "moderator",
        &[
            // Each after the session: every queue's length in one statement.
            ("/moderation", 2),
            // The page of texts with the queue's length, each in one row with its side
            // effects, its review, author, practitioner and the author's review count; the
            // published texts of the edits on the page (the demo queue has one; a page
            // without edits skips this). No snapshot around them.
            ("/moderation/reviews", 3),
            // The page; the reviews in context; the texts with their side effects; the original
            // moderators' names; the decisions appealed.
            ("/moderation/appeals", 6),
            // The page; the reported replies; the reviews in context; the reporters.
            ("/moderation/flags", 5),
            // The page; the practitioners.
            ("/moderation/credentials", 3),
            ("/moderation/photos", 8),
            ("/moderation/log", 5),
        ],
    )
    .await;
}
