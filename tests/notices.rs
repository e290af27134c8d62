//! Verified addresses and notices: an unconfirmed account cannot review, upload or publish
//! until it follows the mailed link; each moderation decision tells the people concerned
//! exactly once, with the reason in words and a link to where they act; an expiring
//! credential is mentioned once; stopping notices stops them but not security mail; an
//! invite link can be mailed to the patient.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{BUILT_PASSWORD, Client, TestApp};
use common::{CredentialOutcome, ReviewState};
use injectory::domain::moderation::photos::{self, PhotoDecision};
use injectory::domain::moderation::{TransitionError, appeals, flags, reviews as transitions};
use injectory::domain::notices;
use injectory::domain::replies;
use injectory::vocabulary::{FlagReason, ReasonCode};

const PASSWORD: &str = "violet canyon marble teapot";

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let browser = app.client();
    let page = browser.login(email, BUILT_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
    browser
}

/// Registers through the form without confirming, then signs in.
async fn registered_unconfirmed<'a>(
    app: &'a TestApp,
    role: &str,
    email: &str,
    name: &str,
) -> Client<'a> {
    let browser = app.client();
    browser.get("/register").await;
    let page = browser
        .post_form(
            "/register",
            &[
                ("role", role),
                ("display_name", name),
                ("email", email),
                ("password", PASSWORD),
                ("profession", "nurse_practitioner"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let login = browser.login(email, PASSWORD).await;
    assert_eq!(
        login.status,
        StatusCode::SEE_OTHER,
        "an unconfirmed account signs in"
    );
    browser
}

/// Notices waiting in the outbox for `account_id`.
async fn notices_for(app: &TestApp, account_id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) AS n FROM outbox WHERE account_id = {account_id} AND notice IS NOT NULL"
    ))
    .await
}

/// The messages delivered so far to `to`.
async fn mail_to(app: &TestApp, to: &str) -> Vec<String> {
    app.deliver_mail().await;
    let header = format!("To: {to}");
    app.mails()
        .into_iter()
        .filter(|m| m.contains(&header))
        .collect()
}

fn review_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("rating", "5"),
        ("worth_it", "yes"),
        ("treatment", "lip_flip"),
        ("treatment_month", "2026-09"),
        ("title", "Natural and subtle"),
        (
            "body",
            "She explained how the toxin relaxes the muscle and warned me the effect lasts about three months.",
        ),
        ("relationship", "none"),
        ("side_effects", "none"),
    ]
}

#[tokio::test]
async fn an_unconfirmed_patient_cannot_review_until_they_follow_the_link() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let browser = registered_unconfirmed(&app, "patient", "pat@example.com", "Pat").await;
    let path = format!("/practitioners/{}/review", ana.slug);

    // The form page says why and offers the link again; sending the form anyway stores nothing.
    let form = browser.get(&path).await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    form.assert_contains("Confirm your email address before you write a review");
    form.assert_contains("action=\"/account/confirm\"");
    form.assert_lacks("name=\"body\"");
    let sent = browser.post_form(&path, &review_fields()).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    sent.assert_contains("Confirm your email address before you write a review");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM reviews").await, 0);

    // "Send the link again" sends a second link, limited to three an hour.
    for expected in [
        "/account?confirm=sent",
        "/account?confirm=sent",
        "/account?confirm=wait",
    ] {
        let resent = browser.post_form("/account/confirm", &[]).await;
        assert_eq!(resent.header("location"), expected);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM account_tokens WHERE purpose = 'email_verification'")
            .await,
        3
    );

    // After following the link, the same form is accepted.
    app.confirm_address(&browser, "pat@example.com").await;
    let form = browser.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("name=\"body\"");
    let sent = browser.post_form(&path, &review_fields()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(app.text("SELECT status AS t FROM reviews").await, "pending");
}

#[tokio::test]
async fn an_unconfirmed_practitioner_cannot_upload_photos() {
    let app = TestApp::new().await;
    let browser =
        registered_unconfirmed(&app, "practitioner", "jo@example.com", "Jo Park, NP").await;
    let gallery = browser.get("/dashboard/gallery").await;
    assert_eq!(gallery.status, StatusCode::OK);
    gallery.assert_contains("Confirm your email address before you upload photos");
    gallery.assert_contains("action=\"/account/confirm\"");
    gallery.assert_lacks("name=\"before\"");
    let profile = browser.get("/dashboard/profile").await;
    profile.assert_lacks("name=\"headshot\"");

    let jpeg = std::fs::read(
        common::seed_dir()
            .join("gallery")
            .join("pair-01-before.jpg"),
    )
    .expect("a demo JPEG");
    let upload = browser
        .post_multipart(
            "/dashboard/uploads/headshot",
            &[],
            &[("headshot", "me.jpg", "image/jpeg", &jpeg)],
        )
        .await;
    assert_eq!(upload.status, StatusCode::FORBIDDEN);
    upload.assert_contains("Confirm your email address before you upload photos");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM headshots").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM images").await, 0);

    app.confirm_address(&browser, "jo@example.com").await;
    let gallery = browser.get("/dashboard/gallery").await;
    gallery.assert_contains("name=\"before\"");
    let upload = browser
        .post_multipart(
            "/dashboard/uploads/headshot",
            &[],
            &[("headshot", "me.jpg", "image/jpeg", &jpeg)],
        )
        .await;
    assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM headshots").await, 1);
}

#[tokio::test]
async fn two_moderators_rejecting_at_once_send_the_author_exactly_one_message_with_the_reason() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let riley = app.moderator("Riley Stone").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let author = app.patient("Sam Patient").await;
    let review = app
        .review(author, ana.id, 4, ReviewState::Pending, morgan)
        .await;
    assert_eq!(
        notices_for(&app, author).await,
        0,
        "submitting tells no one"
    );

    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    for (moderator, note) in [
        (morgan, "Reads like an advert."),
        (riley, "Names a product line."),
    ] {
        let db = app.another_connection().await;
        let barrier = barrier.clone();
        let now = app.clock.now();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            transitions::reject_review(
                &db,
                moderator,
                review.revision_id,
                ReasonCode::Promotional,
                Some(note.to_owned()),
                now,
            )
            .await
        }));
    }
    let mut decided = 0;
    for task in tasks {
        match task.await.expect("task runs") {
            Ok(_) => decided += 1,
            Err(TransitionError::AlreadyHandled { .. }) => {}
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert_eq!(decided, 1);
    assert_eq!(
        notices_for(&app, author).await,
        1,
        "one notice for one decision"
    );
    assert_eq!(
        notices_for(&app, ana.account_id).await,
        0,
        "nothing published"
    );

    let mails = mail_to(&app, "sam.patient@patients.test").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert!(
        mail.contains("Subject: Your review of Ana Ruiz was not published"),
        "{mail}"
    );
    assert!(
        mail.contains("Reason: Promotional."),
        "the reason in words: {mail}"
    );
    assert!(
        mail.contains("Reads like an advert.") ^ mail.contains("Names a product line."),
        "the winning moderator's note: {mail}"
    );
    assert!(
        mail.contains("/me/reviews"),
        "links to where the author appeals"
    );
    assert!(mail.contains("List-Unsubscribe: <"), "{mail}");
    assert!(mail.contains("Content-Type: text/html"));
    // Sending writes the notice out and keeps what it said.
    assert_eq!(
        app.text("SELECT subject AS t FROM outbox WHERE notice IS NOT NULL")
            .await,
        "Your review of Ana Ruiz was not published"
    );
    assert_eq!(app.deliver_mail().await, Default::default(), "sent once");
}

#[tokio::test]
async fn each_decision_tells_the_author_or_the_practitioner_with_a_link_to_act() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let riley = app.moderator("Riley Stone").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let sam = app.patient("Sam Patient").await;
    let now = app.clock.now();

    // Sent back for changes: the author gets the note and the link to the edit page.
    let review = app
        .review(sam, ana.id, 4, ReviewState::NeedsChanges, morgan)
        .await;
    // Approved: the author and the practitioner reviewed both hear.
    let other = app.patient("Lee Patient").await;
    let approved = app
        .review(other, ana.id, 5, ReviewState::Approved, morgan)
        .await;
    // Removed: with the reason; the author can appeal and the appeal is decided.
    transitions::remove_review(
        &app.db,
        morgan,
        approved.review_id,
        ReasonCode::NotGenuine,
        Some("Written by staff.".into()),
        now,
    )
    .await
    .expect("removed");
    let appeal = appeals::appeal_review(
        &app.db,
        other,
        approved.review_id,
        "I am a real patient.".into(),
        now,
    )
    .await
    .expect("appealed");
    appeals::decide_appeal(
        &app.db,
        riley,
        appeal,
        true,
        Some("Receipt shown.".into()),
        now,
    )
    .await
    .expect("decided");

    let sam_mail = mail_to(&app, "sam.patient@patients.test").await;
    assert_eq!(sam_mail.len(), 1, "{sam_mail:?}");
    assert!(sam_mail[0].contains("Subject: Your review of Ana Ruiz needs changes"));
    assert!(sam_mail[0].contains("Please say more."));
    assert!(sam_mail[0].contains(&format!("/practitioners/{}/review", ana.slug)));
    let _ = review;

    let lee_mail = mail_to(&app, "lee.patient@patients.test").await;
    let subjects: Vec<&str> = lee_mail
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject: ")))
        .collect();
    assert_eq!(
        subjects.len(),
        3,
        "approved, removed, appeal granted: {subjects:?}"
    );
    assert!(subjects.contains(&"Subject: Your review of Ana Ruiz is published"));
    assert!(subjects.contains(&"Subject: Your review of Ana Ruiz was removed"));
    assert!(
        subjects
            .iter()
            .any(|s| s.starts_with("Subject: Your appeal about your review of Ana Ruiz was"))
    );
    let removed = lee_mail
        .iter()
        .find(|m| m.contains("was removed"))
        .expect("the removal notice");
    assert!(removed.contains("Reason: Not a genuine experience."));
    assert!(removed.contains("Written by staff."));

    // The practitioner: a review published, a credential verified and one rejected, a photo
    // approved and one rejected, a reply's report upheld.
    app.credential(ana.id, morgan, None, CredentialOutcome::Verified)
        .await;
    app.credential(ana.id, morgan, None, CredentialOutcome::Rejected)
        .await;
    app.photo_pair(ana.id, morgan, true).await;
    let rejected_pair = app.photo_pair(ana.id, morgan, false).await;
    photos::decide_photo(
        &app.db,
        riley,
        rejected_pair,
        PhotoDecision::Reject {
            reason: ReasonCode::PersonalInformation,
            note: Some("A tattoo identifies the patient.".into()),
        },
        now,
    )
    .await
    .expect("rejected");
    let third = app.patient("Kim Patient").await;
    let replied = app
        .review(third, ana.id, 4, ReviewState::Approved, morgan)
        .await;
    replies::reply(
        &app.db,
        ana.id,
        replied.review_id,
        Some(ana.account_id),
        "Thank you, Kim Patient from 12 Elm Street!",
        now,
    )
    .await
    .expect("replied");
    let reporter = app.patient("Reporter").await;
    flags::flag_reply(
        &app.db,
        reporter,
        replied.review_id,
        FlagReason::HealthDetails,
        "",
        now,
    )
    .await
    .expect("reported");
    let flag_id = app.count("SELECT MAX(id) AS n FROM flags").await;
    flags::uphold_flag(
        &app.db,
        riley,
        flag_id,
        ReasonCode::PersonalInformation,
        None,
        now,
    )
    .await
    .expect("upheld");

    let ana_mail = mail_to(&app, &ana.email).await;
    let subjects: Vec<&str> = ana_mail
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject: ")))
        .collect();
    assert_eq!(
        subjects
            .iter()
            .filter(|s| s.contains("new review of you is published"))
            .count(),
        2,
        "two reviews were published: {subjects:?}"
    );
    let bodies = ana_mail.join("\n");
    for expected in [
        "is verified",
        "could not be verified",
        "Reason: Not found at the issuing body.",
        "Your before/after photos are published",
        "Your before/after photos were not published",
        "A tattoo identifies the patient.",
        "Your reply to a review was removed",
        "/dashboard/credentials",
        "/dashboard/gallery",
        "/dashboard/reviews",
    ] {
        assert!(bodies.contains(expected), "{expected} in {bodies}");
    }
}

#[tokio::test]
async fn a_credential_expiring_within_thirty_days_is_mentioned_once_not_daily() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let expires = (app.clock.now() + Duration::days(40)).date_naive();
    app.credential(ana.id, morgan, Some(expires), CredentialOutcome::Verified)
        .await;
    app.deliver_mail().await;
    let verified_notice = mail_to(&app, &ana.email).await.len();
    assert_eq!(verified_notice, 1, "the verification itself");

    assert_eq!(
        notices::remind_expiring_credentials(&app.db, app.clock.now())
            .await
            .expect("runs"),
        0,
        "40 days ahead: not yet"
    );
    for day in 0..15 {
        app.clock.advance(Duration::days(1));
        let told = notices::remind_expiring_credentials(&app.db, app.clock.now())
            .await
            .expect("runs");
        // Day 10 after verification is 30 days before expiry.
        assert_eq!(told, usize::from(day == 9), "day {}", day + 1);
    }
    let mails = mail_to(&app, &ana.email).await;
    assert_eq!(mails.len(), 2, "one expiry notice in fifteen days");
    let notice = mails
        .iter()
        .find(|m| m.contains("expires soon"))
        .expect("the expiry notice");
    assert!(
        notice.contains(&expires.format("%-d %B %Y").to_string()),
        "{notice}"
    );
    assert!(notice.contains("/dashboard/credentials"));
}

#[tokio::test]
async fn stopping_notices_stops_optional_mail_but_not_security_mail() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let sam = app.patient("Sam Patient").await;
    app.review(sam, ana.id, 4, ReviewState::Approved, morgan)
        .await;
    let mails = mail_to(&app, "sam.patient@patients.test").await;
    assert_eq!(mails.len(), 1);
    let header = mails[0]
        .lines()
        .find(|l| l.starts_with("List-Unsubscribe: "))
        .expect("a List-Unsubscribe header");
    let at = header.find("/notices/stop/").expect("the stop link");
    let stop = header[at..].trim_end_matches('>').to_owned();

    // The link opens a page with one button (a mail scanner opening it changes nothing).
    let visitor = app.client();
    let page = visitor.get(&stop).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("sam.patient@patients.test");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM accounts WHERE notices_off")
            .await,
        0
    );
    let stopped = visitor.post_form(&stop, &[]).await;
    assert_eq!(stopped.status, StatusCode::OK);
    stopped.assert_contains("You will get no more optional notices");

    // Another decision on Sam's reviews: no notice. A password reset: still sent.
    app.review(
        sam,
        app.published_practitioner("Bo Lind", "Austin").await.id,
        3,
        ReviewState::Rejected,
        morgan,
    )
    .await;
    assert_eq!(notices_for(&app, sam).await, 1, "only the first");
    let browser = app.client();
    browser.get("/password/forgot").await;
    browser
        .post_form(
            "/password/forgot",
            &[("email", "sam.patient@patients.test")],
        )
        .await;
    let mails = mail_to(&app, "sam.patient@patients.test").await;
    assert_eq!(mails.len(), 2, "the notice, then the reset mail");
    assert!(
        mails
            .iter()
            .any(|m| m.contains("Subject: Reset your Injectory password"))
    );

    // The account page shows the setting and turns notices on again.
    let sam_browser = signed_in(&app, "sam.patient@patients.test").await;
    let account = sam_browser.get("/account").await;
    account.assert_contains("name=\"notices\"");
    account.assert_lacks("name=\"notices\" value=\"on\" checked");
    let on = sam_browser
        .post_form("/account/notices", &[("notices", "on")])
        .await;
    assert_eq!(on.header("location"), "/account?notices=on");
    sam_browser
        .get("/account")
        .await
        .assert_contains("name=\"notices\" value=\"on\" checked");
    app.review(
        sam,
        app.published_practitioner("Cy Moss", "Austin").await.id,
        3,
        ReviewState::Rejected,
        morgan,
    )
    .await;
    assert_eq!(notices_for(&app, sam).await, 2, "told again");
    // And off from the page, as the link did.
    sam_browser.post_form("/account/notices", &[]).await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM accounts WHERE notices_off")
            .await,
        1
    );
}

#[tokio::test]
async fn a_practitioner_can_have_the_invite_link_emailed_to_the_patient() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let browser = signed_in(&app, &ana.email).await;
    browser.get("/dashboard/invites").await;
    let refused = browser
        .post_form("/dashboard/invites", &[("email", "not an address")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("Enter the patient's email address");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM review_invites").await,
        0
    );

    let made = browser
        .post_form(
            "/dashboard/invites",
            &[("email", "Kim@Example.com"), ("note", "Kim, March")],
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.assert_contains("We are emailing the link to kim@example.com");
    let link = app.mailed_link("kim@example.com", "/invites/").await;
    let mail = mail_to(&app, "kim@example.com").await;
    assert!(mail[0].contains("Subject: Ana Ruiz invites you to review your treatment"));
    made.assert_contains(&link);
    let landing = app.client().get(&link).await;
    assert_eq!(landing.status, StatusCode::OK);
    landing.assert_contains("Ana Ruiz invited you to write a review");
}
