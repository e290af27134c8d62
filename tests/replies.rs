//! A practitioner's reviews page and replies: every review with its state, one public reply
//! per published review shown at once and editable, reports of replies decided like reports
//! of reviews, and nothing of another practitioner's reachable by changing ids.

mod common;

use axum::http::StatusCode;
use common::{BUILT_PASSWORD, BuiltPractitioner, Client, ReviewState, TestApp};

const REPLY: &str = "Thank you for taking the time to write this. We are glad it went well.";

/// A practitioner with one published and one pending review, signed in on their reviews
/// page; returns (practitioner, published review, pending review, browser).
async fn with_reviews(app: &TestApp) -> (BuiltPractitioner, i64, i64, Client<'_>) {
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let moderator = app.moderator("Morgan Vale").await;
    let sam = app.patient("Sam Patient").await;
    let kim = app.patient("Kim Patient").await;
    let published = app
        .review(sam, ana.id, 5, ReviewState::Approved, moderator)
        .await;
    let pending = app
        .review(kim, ana.id, 2, ReviewState::Pending, moderator)
        .await;
    let browser = app.client();
    browser.login(&ana.email, BUILT_PASSWORD).await;
    (ana, published.review_id, pending.review_id, browser)
}

async fn reply_rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM practitioner_responses")
        .await
}

#[tokio::test]
async fn every_review_is_listed_with_its_state_and_a_reply_shows_on_the_profile_at_once() {
    let app = TestApp::new().await;
    let (ana, published, pending, browser) = with_reviews(&app).await;
    let page = browser.get("/dashboard/reviews").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Published");
    page.assert_contains("Awaiting moderation");
    page.assert_contains("Review 5 by");
    page.assert_lacks("Review 2 by");
    page.assert_contains("Do not confirm that the reviewer was your patient");
    page.assert_contains(&format!("/dashboard/reviews/{published}/reply"));
    page.assert_lacks(&format!("/dashboard/reviews/{pending}/reply"));

    let empty = browser
        .post_form(
            &format!("/dashboard/reviews/{published}/reply"),
            &[("body", "   ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    empty.assert_contains("Write your reply.");
    assert_eq!(reply_rows(&app).await, 0);

    let sent = browser
        .post_form(
            &format!("/dashboard/reviews/{published}/reply"),
            &[("body", REPLY)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let profile = app
        .client()
        .get(&format!("/practitioners/{}", ana.slug))
        .await;
    profile.assert_contains("Reply from Ana Ruiz");
    profile.assert_contains(REPLY);
    profile.assert_contains(&format!("/reviews/{published}/reply/flag"));

    // Edited in place: still one reply.
    browser.get("/dashboard/reviews").await;
    browser
        .post_form(
            &format!("/dashboard/reviews/{published}/reply"),
            &[("body", "Thank you, and see you at the review visit.")],
        )
        .await;
    assert_eq!(reply_rows(&app).await, 1);
    let profile = app
        .client()
        .get(&format!("/practitioners/{}", ana.slug))
        .await;
    profile.assert_contains("see you at the review visit");
    profile.assert_lacks(REPLY);

    // No reply to a review that is not published.
    let early = browser
        .post_form(
            &format!("/dashboard/reviews/{pending}/reply"),
            &[("body", REPLY)],
        )
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    assert_eq!(reply_rows(&app).await, 1);
}

#[tokio::test]
async fn a_page_number_too_large_for_the_database_is_read_as_a_page_past_the_end() {
    let app = TestApp::new().await;
    let (_, _, _, browser) = with_reviews(&app).await;
    for page in ["922337203685477581", "18446744073709551615"] {
        let listed = browser
            .get(&format!("/dashboard/reviews?page={page}"))
            .await;
        assert_eq!(listed.status, StatusCode::OK, "page={page}");
        listed.assert_lacks("Something went wrong");
        listed.assert_lacks("Review 5 by");
    }
}

#[tokio::test]
async fn another_practitioner_cannot_reply_to_or_read_reviews_of_someone_else() {
    let app = TestApp::new().await;
    let (_, published, _, _) = with_reviews(&app).await;
    let bea = app.published_practitioner("Bea Cruz", "Austin").await;
    let other = app.client();
    other.login(&bea.email, BUILT_PASSWORD).await;
    let page = other.get("/dashboard/reviews").await;
    page.assert_contains("No reviews yet.");
    page.assert_lacks("Review 5 by");
    let sent = other
        .post_form(
            &format!("/dashboard/reviews/{published}/reply"),
            &[("body", REPLY)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::NOT_FOUND);
    assert_eq!(reply_rows(&app).await, 0);
}

#[tokio::test]
async fn a_reported_reply_is_hidden_then_decided_like_a_review() {
    let app = TestApp::new().await;
    let (ana, published, _, ana_browser) = with_reviews(&app).await;
    ana_browser.get("/dashboard/reviews").await;
    ana_browser
        .post_form(
            &format!("/dashboard/reviews/{published}/reply"),
            &[(
                "body",
                "Yes, I remember treating your asymmetry last March.",
            )],
        )
        .await;

    // The practitioner cannot report their own reply.
    let own = ana_browser
        .get(&format!("/reviews/{published}/reply/flag"))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let refused = ana_browser
        .post_form(
            &format!("/reviews/{published}/reply/flag"),
            &[("reason", "other")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A patient reports it as health details: hidden at once.
    app.patient("Lee Reader").await;
    let reader = app.client();
    reader
        .login("lee.reader@patients.test", BUILT_PASSWORD)
        .await;
    let form = reader
        .get(&format!("/reviews/{published}/reply/flag"))
        .await;
    form.assert_contains("Report a reply");
    let reported = reader
        .post_form(
            &format!("/reviews/{published}/reply/flag"),
            &[
                ("reason", "health_details"),
                ("note", "Confirms a patient's condition."),
            ],
        )
        .await;
    assert_eq!(reported.status, StatusCode::OK, "{}", reported.body);
    reported.assert_contains("The reply is hidden until a moderator decides");
    let profile_path = format!("/practitioners/{}", ana.slug);
    app.client()
        .get(&profile_path)
        .await
        .assert_lacks("treating your asymmetry");

    // While it is hidden the practitioner cannot edit it back into view.
    let page = ana_browser.get("/dashboard/reviews").await;
    page.assert_contains("Hidden until a moderator decides on a report");
    let edit = ana_browser
        .post_form(
            &format!("/dashboard/reviews/{published}/reply"),
            &[("body", "Something else entirely.")],
        )
        .await;
    assert_eq!(edit.status, StatusCode::UNPROCESSABLE_ENTITY);
    edit.assert_contains("cannot be changed");

    // A moderator sees the reply as reported, and dismissing shows it again.
    let moderator = app.client();
    moderator
        .login("morgan.vale@moderators.test", BUILT_PASSWORD)
        .await;
    let queue = moderator.get("/moderation/flags").await;
    queue.assert_contains("reply to a review of");
    queue.assert_contains("treating your asymmetry");
    queue.assert_contains("Hidden until you decide");
    let flag = app.count("SELECT MAX(id) AS n FROM flags").await;
    let dismissed = moderator
        .post_form(&format!("/moderation/flags/{flag}/dismiss"), &[])
        .await;
    assert_eq!(dismissed.status, StatusCode::SEE_OTHER);
    app.client()
        .get(&profile_path)
        .await
        .assert_contains("treating your asymmetry");

    // Reported again and upheld: removed for good, and the decision is in the log.
    reader
        .get(&format!("/reviews/{published}/reply/flag"))
        .await;
    reader
        .post_form(
            &format!("/reviews/{published}/reply/flag"),
            &[("reason", "offensive")],
        )
        .await;
    let flag = app.count("SELECT MAX(id) AS n FROM flags").await;
    moderator.get("/moderation/flags").await;
    let upheld = moderator
        .post_form(
            &format!("/moderation/flags/{flag}/uphold"),
            &[("reason", "personal_information")],
        )
        .await;
    assert_eq!(upheld.status, StatusCode::SEE_OTHER, "{}", upheld.body);
    assert_eq!(
        app.text("SELECT status AS t FROM practitioner_responses")
            .await,
        "removed"
    );
    app.client()
        .get(&profile_path)
        .await
        .assert_lacks("treating your asymmetry");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM moderation_events WHERE subject_kind = 'reply' AND action IN ('hide', 'dismiss_flag', 'flag', 'uphold_flag')"
        )
        .await,
        4,
        "hidden, dismissed, reported, upheld"
    );
    // A second decision on the same report is refused.
    let again = moderator
        .post_form(&format!("/moderation/flags/{flag}/dismiss"), &[])
        .await;
    assert_ne!(again.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_practitioner_reports_a_review_of_them_from_their_reviews_page() {
    let app = TestApp::new().await;
    let (_, published, _, browser) = with_reviews(&app).await;
    let page = browser.get("/dashboard/reviews").await;
    let link = format!("/reviews/{published}/flag");
    page.assert_contains(&link);
    browser.get(&link).await;
    let sent = browser
        .post_form(
            &link,
            &[("reason", "not_genuine"), ("note", "No such visit.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM flags WHERE subject_kind = 'review'")
            .await,
        1
    );
    browser
        .get("/dashboard/reviews")
        .await
        .assert_contains("You reported this review");
}
