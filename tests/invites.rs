//! Patient invites: a single-use link whose token is never stored, that signs the patient in
//! or up and opens the review form; the review is marked "verified patient" and still
//! moderated. Used, expired and revoked links say so; one practitioner's invite never marks
//! a review of another. Also the dashboard's preview of the profile.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{BUILT_PASSWORD, BuiltPractitioner, Client, TestApp, csrf_token_in};

fn review_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("rating", "5"),
        ("worth_it", "yes"),
        ("treatment", "lip_flip"),
        ("product", "botox"),
        ("units", "4"),
        ("treatment_month", "2026-10"),
        ("side_effects", "none"),
        ("title", "Careful and honest"),
        (
            "body",
            "She explained what a lip flip can and cannot do, and the result looked natural for ten weeks.",
        ),
        ("relationship", "none"),
    ]
}

/// A practitioner signed in on the invites page.
async fn at_invites<'a>(app: &'a TestApp, name: &str) -> (BuiltPractitioner, Client<'a>) {
    let practitioner = app.published_practitioner(name, "Austin").await;
    let browser = app.client();
    browser.login(&practitioner.email, BUILT_PASSWORD).await;
    let page = browser.get("/dashboard/invites").await;
    assert_eq!(page.status, StatusCode::OK);
    (practitioner, browser)
}

/// Makes an invite and returns the path of its link, as the page shows it once.
async fn make_invite(browser: &Client<'_>, note: &str) -> String {
    let made = browser
        .post_form(
            "/dashboard/invites",
            &[("treatment_on", "2026-11-02"), ("note", note)],
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.assert_contains("Your invite link:");
    assert_eq!(made.header("cache-control"), "private, no-store");
    let shown = made
        .body
        .find("Your invite link:")
        .expect("the link is shown");
    let at = shown
        + made.body[shown..]
            .find("/invites/")
            .expect("the link is shown");
    made.body[at..at + "/invites/".len() + 64].to_owned()
}

/// A signed-in patient.
async fn patient<'a>(app: &'a TestApp, name: &str) -> Client<'a> {
    app.patient(name).await;
    let browser = app.client();
    let email = format!("{}@patients.test", name.to_lowercase().replace(' ', "."));
    browser.login(&email, BUILT_PASSWORD).await;
    browser
}

#[tokio::test]
async fn an_invited_patient_registers_and_their_review_is_marked_verified_but_still_moderated() {
    let app = TestApp::new().await;
    let (ana, browser) = at_invites(&app, "Ana Ruiz").await;
    let link = make_invite(&browser, "Mrs P., Tuesday").await;
    let token = link.trim_start_matches("/invites/");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM review_invites WHERE token_hash = '{token}'"
        ))
        .await,
        0,
        "the token itself is not stored"
    );
    let listed = browser.get("/dashboard/invites").await;
    listed.assert_contains("Mrs P., Tuesday");
    listed.assert_contains("Open");
    listed.assert_lacks(token);

    // A visitor opens it, is offered to sign in or register, and registers.
    let visitor = app.client();
    let landing = visitor.get(&link).await;
    assert_eq!(landing.status, StatusCode::OK);
    landing.assert_contains("Ana Ruiz invited you to write a review");
    assert_eq!(landing.header("cache-control"), "private, no-store");
    let register = visitor
        .get(&format!("/register?next={}", link.replace('/', "%2F")))
        .await;
    register.assert_contains(&format!("name=\"next\" value=\"{link}\""));
    let registered = visitor
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", "Pat"),
                ("email", "pat@example.com"),
                ("password", "violet harbour quietly 42"),
                ("next", &link),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    assert!(
        registered
            .header("location")
            .starts_with("/register/sent?next=%2Finvites%2F"),
        "{}",
        registered.header("location")
    );
    // The mailed confirmation link carries the invite on: confirming leads to signing in,
    // and signing in back to the invite.
    let confirmed = app.confirm_address(&visitor, "pat@example.com").await;
    let to_login = confirmed.header("location");
    assert!(
        to_login.starts_with("/login?next=%2Finvites%2F"),
        "{to_login}"
    );
    let login = visitor.get(to_login).await;
    login.assert_contains(&format!("name=\"next\" value=\"{link}\""));
    login.assert_contains("Your email address is confirmed.");
    let signed_in = visitor
        .post_form(
            "/login",
            &[
                ("email", "pat@example.com"),
                ("password", "violet harbour quietly 42"),
                ("next", &link),
            ],
        )
        .await;
    assert_eq!(signed_in.header("location"), link);
    let form = visitor.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("“Verified patient” mark");
    form.assert_contains(&format!("action=\"{link}\""));
    let sent = visitor.post_form(&link, &review_fields()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        app.text("SELECT status AS t FROM reviews").await,
        "pending",
        "still moderated"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM reviews WHERE verified_patient")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT practitioner_id AS n FROM reviews WHERE verified_patient")
            .await,
        ana.id
    );
    browser
        .get("/dashboard/invites")
        .await
        .assert_contains("Used");

    // The link does not work twice, for the same patient or another.
    let again = visitor.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    again.assert_contains("already been used");
    let other = patient(&app, "Kim Patient").await;
    other.get("/practitioners").await;
    let reused = other.post_form(&link, &review_fields()).await;
    assert_eq!(reused.status, StatusCode::GONE);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM reviews").await, 1);
}

#[tokio::test]
async fn expired_and_revoked_invites_say_so_and_cannot_be_used() {
    let app = TestApp::new().await;
    let (ana, browser) = at_invites(&app, "Ana Ruiz").await;
    let revoked = make_invite(&browser, "to revoke").await;
    let expiring = make_invite(&browser, "to expire").await;
    let revoked_id = app
        .count("SELECT id AS n FROM review_invites WHERE recipient_label = 'to revoke'")
        .await;
    browser.get("/dashboard/invites").await;
    let done = browser
        .post_form(&format!("/dashboard/invites/{revoked_id}/revoke"), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let sam = patient(&app, "Sam Patient").await;
    let page = sam.get(&revoked).await;
    assert_eq!(page.status, StatusCode::GONE);
    page.assert_contains("withdrew this invite");
    let sent = sam.post_form(&revoked, &review_fields()).await;
    assert_eq!(sent.status, StatusCode::GONE);

    app.clock.advance(Duration::days(31));
    // Sessions end sooner than invites do.
    sam.login("sam.patient@patients.test", BUILT_PASSWORD).await;
    let page = sam.get(&expiring).await;
    assert_eq!(page.status, StatusCode::GONE);
    page.assert_contains("expired");
    let sent = sam.post_form(&expiring, &review_fields()).await;
    assert_eq!(sent.status, StatusCode::GONE);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM reviews").await, 0);
    browser.login(&ana.email, BUILT_PASSWORD).await;
    let listed = browser.get("/dashboard/invites").await;
    listed.assert_contains("Revoked");
    listed.assert_contains("Expired");

    // Revoking twice is refused with the reason; an unknown token is not found.
    let twice = browser
        .post_form(&format!("/dashboard/invites/{revoked_id}/revoke"), &[])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let unknown = sam.get(&format!("/invites/{}", "ab".repeat(32))).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_practitioners_invite_neither_reaches_nor_marks_anothers_reviews() {
    let app = TestApp::new().await;
    let (_, ana) = at_invites(&app, "Ana Ruiz").await;
    let link = make_invite(&ana, "").await;
    let (bea, bea_browser) = at_invites(&app, "Bea Cruz").await;
    let ana_invite = app.count("SELECT MIN(id) AS n FROM review_invites").await;

    // Bea can neither see nor revoke Ana's invite.
    bea_browser
        .get("/dashboard/invites")
        .await
        .assert_contains("You have not made any invites yet.");
    let revoked = bea_browser
        .post_form(&format!("/dashboard/invites/{ana_invite}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::NOT_FOUND);

    // A patient with Ana's link who reviews Bea through Bea's own form gets no mark, and the
    // invite stays open.
    let sam = patient(&app, "Sam Patient").await;
    let token = link.trim_start_matches("/invites/");
    sam.get(&format!("/practitioners/{}/review", bea.slug))
        .await;
    let mut fields = review_fields();
    fields.push(("invite", token));
    let sent = sam
        .post_form(&format!("/practitioners/{}/review", bea.slug), &fields)
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM reviews WHERE verified_patient")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM review_invites WHERE used_at IS NULL")
            .await,
        1
    );
    // The link itself only ever opens Ana's form.
    sam.get(&link).await.assert_contains("Review Ana Ruiz");
}

#[tokio::test]
async fn invite_form_errors_are_shown_beside_the_fields() {
    let app = TestApp::new().await;
    let (_, browser) = at_invites(&app, "Ana Ruiz").await;
    let long = "x".repeat(121);
    let refused = browser
        .post_form(
            "/dashboard/invites",
            &[("treatment_on", "2099-01-01"), ("note", &long)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("cannot be in the future");
    refused.assert_contains("Keep the note to 120 characters.");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM review_invites").await,
        0
    );
    assert!(csrf_token_in(&refused.body).is_some());
}

#[tokio::test]
async fn the_preview_shows_the_public_profile_and_says_what_is_not_public_yet() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let moderator = app.moderator("Morgan Vale").await;
    app.photo_pair(ana.id, moderator, false).await;
    app.credential(ana.id, moderator, None, common::CredentialOutcome::Pending)
        .await;
    let browser = app.client();
    browser.login(&ana.email, BUILT_PASSWORD).await;
    let overview = browser.get("/dashboard").await;
    overview.assert_contains("/dashboard/preview");
    let preview = browser.get("/dashboard/preview").await;
    assert_eq!(preview.status, StatusCode::OK);
    preview.assert_contains("Preview: this is your profile as patients see it.");
    preview.assert_contains("1 before/after pair waits for a moderator.");
    preview.assert_contains("1 credential is not verified");
    preview.assert_contains("<h1>Ana Ruiz</h1>");
    preview.assert_contains("noindex");

    // A draft says so; other practitioners and visitors have no preview.
    app.execute("UPDATE practitioners SET published = false")
        .await;
    let draft = browser.get("/dashboard/preview").await;
    draft.assert_contains("it is a draft, not listed in the directory");
    let visitor = app.client().get("/dashboard/preview").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
}
