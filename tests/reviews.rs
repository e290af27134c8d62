//! Writing a review as a patient does it: the form, what it refuses, the hourly limit, edits
//! that wait while the published text stays up, and the author's own page.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{BUILT_PASSWORD, BuiltPractitioner, Client, Page, ReviewState, TestApp};
use sea_orm::DatabaseTransaction;

/// A complete review form, with `changes` applied.
fn fields(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("rating", "4"),
        ("worth_it", "yes"),
        ("treatment", "lip_flip"),
        ("product", "botox"),
        ("units", "6"),
        ("price_paid", "150"),
        ("treatment_month", "2026-09"),
        ("days_to_onset", "5"),
        ("weeks_lasted", "10"),
        ("side_effects", "bruising"),
        ("title", "Even and natural"),
        (
            "body",
            "The upper lip rolled out a little after five days, evenly on both sides, and lasted ten weeks.",
        ),
        ("relationship", "none"),
    ];
    for (key, value) in changes {
        fields.retain(|(k, _)| k != key);
        if !value.is_empty() {
            fields.push((key, value));
        }
    }
    fields
}

/// A published practitioner and a signed-in patient who has opened its review form.
async fn patient_at_form(app: &TestApp) -> (BuiltPractitioner, Client<'_>) {
    let practitioner = app.published_practitioner("Ana Ruiz", "Austin").await;
    app.patient("Sam Patient").await;
    let browser = app.client();
    browser
        .login("sam.patient@patients.test", BUILT_PASSWORD)
        .await;
    let form = browser
        .get(&format!("/practitioners/{}/review", practitioner.slug))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Review Ana Ruiz");
    (practitioner, browser)
}

async fn revisions(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM review_revisions")
        .await
}

/// The patient sends a first review of `practitioner` through its form; returns the form's
/// path and the id of the text stored.
async fn first_review(
    app: &TestApp,
    patient: &Client<'_>,
    practitioner: &BuiltPractitioner,
) -> (String, i64) {
    let path = format!("/practitioners/{}/review", practitioner.slug);
    patient.post_form(&path, &fields(&[])).await;
    let text = app.count("SELECT MAX(id) AS n FROM review_revisions").await;
    (path, text)
}

/// The patient sends `edit` while a moderator's transaction (`held`) is still open, and the
/// moderator commits once the submission has come to wait on its locks.
async fn send_while_deciding(
    app: &TestApp,
    patient: &Client<'_>,
    path: &str,
    edit: &[(&str, &str)],
    held: DatabaseTransaction,
) -> Page {
    let (sent, ()) = tokio::join!(patient.post_form(path, edit), async {
        app.until_a_writer_waits().await;
        held.commit()
            .await
            .expect("the moderator's transaction commits");
    });
    sent
}

#[tokio::test]
async fn a_patient_writes_a_review_that_appears_once_a_moderator_approves_it() {
    let app = TestApp::new().await;
    let (ana, patient) = patient_at_form(&app).await;
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains(&format!("href=\"/practitioners/{}/review\"", ana.slug));

    // Two side effects, given in the reverse of their display order.
    let mut form = fields(&[("side_effects", "swelling")]);
    form.push(("side_effects", "bruising"));
    let sent = patient
        .post_form(&format!("/practitioners/{}/review", ana.slug), &form)
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(sent.header("location"), "/me/reviews?done=submitted");
    let mine = patient.get("/me/reviews?done=submitted").await;
    mine.assert_contains("Waiting for a moderator.");
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_lacks("Even and natural");
    profile.assert_contains("No approved reviews yet");

    app.moderator("Morgan Vale").await;
    let moderator = app.client();
    moderator
        .login("morgan.vale@moderators.test", BUILT_PASSWORD)
        .await;
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("Even and natural");
    queue.assert_contains("not a verified patient");
    queue.assert_contains("0 other reviews");
    queue.assert_contains("<dt>Side effects</dt><dd>bruising, swelling</dd>");
    let revision = app.count("SELECT MAX(id) AS n FROM review_revisions").await;
    let approved = moderator
        .post_form(&format!("/moderation/reviews/{revision}/approve"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains("Even and natural");
    profile.assert_contains("4.0</strong> out of 5");
    profile.assert_contains("Reported by 1 of 1 reviewer (100%): bruising");
    profile.assert_contains("Reported by 1 of 1 reviewer (100%): swelling");
    profile.assert_contains("Worth it · Side effects: bruising, swelling</p>");
    let mine = patient.get("/me/reviews").await;
    mine.assert_contains("Published.");
}

#[tokio::test]
async fn every_invalid_field_is_refused_with_its_message_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let (ana, patient) = patient_at_form(&app).await;
    let path = format!("/practitioners/{}/review", ana.slug);
    let long_body = "x".repeat(5001);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            fields(&[("rating", "0")]),
            "Choose a rating from 1 to 5 stars.",
        ),
        (
            fields(&[("rating", "6")]),
            "Choose a rating from 1 to 5 stars.",
        ),
        (fields(&[("worth_it", "")]), "Say whether it was worth it."),
        (
            fields(&[("treatment", "facelift")]),
            "Choose the treatment you had.",
        ),
        (
            fields(&[("product", "juvederm")]),
            "That product is a filler",
        ),
        (
            fields(&[("units", "5000")]),
            "Enter a whole number from 1 to 100.",
        ),
        (
            fields(&[("price_paid", "-20")]),
            "Enter an amount in dollars",
        ),
        (
            fields(&[("treatment_month", "2099-01")]),
            "cannot be in the future",
        ),
        (
            fields(&[("treatment_month", "last spring")]),
            "Give the month of treatment",
        ),
        (
            fields(&[("days_to_onset", "-1")]),
            "Enter a whole number from 0 to 60.",
        ),
        (
            fields(&[("side_effects", "hiccups")]),
            "Choose side effects from the list.",
        ),
        (
            fields(&[("side_effects", "")]),
            "Tick the side effects you had",
        ),
        (fields(&[("title", "")]), "This is required."),
        (
            fields(&[("body", "Too short to help anyone.")]),
            "Write at least 50 characters",
        ),
        (
            fields(&[("relationship", "cousin")]),
            "Choose your relationship from the list.",
        ),
    ];
    let mut with_none_and_effect = fields(&[]);
    with_none_and_effect.push(("side_effects", "none"));
    let mut cases = cases;
    cases.push((with_none_and_effect, "“None” cannot go with side effects"));
    let mut too_long = fields(&[]);
    too_long.retain(|(k, _)| *k != "body");
    too_long.push(("body", &long_body));
    cases.push((too_long, "Keep your review to 5000 characters"));

    for (form, message) in cases {
        let page = patient.post_form(&path, &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        page.assert_contains(message);
        // What was typed is kept.
        page.assert_contains("name=\"title\"");
        assert_eq!(revisions(&app).await, 0, "{message}: nothing stored");
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM reviews").await, 0);
}

#[tokio::test]
async fn at_most_five_submissions_an_hour_then_a_429_with_the_wait() {
    let app = TestApp::new().await;
    let (ana, patient) = patient_at_form(&app).await;
    let path = format!("/practitioners/{}/review", ana.slug);
    for n in 0..5 {
        let sent = patient.post_form(&path, &fields(&[])).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "submission {n}");
        app.clock.advance(Duration::minutes(5));
    }
    let refused = patient.post_form(&path, &fields(&[])).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    refused.assert_contains("try again in 35 minutes");
    assert_eq!(refused.header("retry-after"), "2100");
    assert_eq!(revisions(&app).await, 5);
    // The limit is counted in the database: another instance (a second app on the same
    // rows) would agree, and once the oldest leaves the hour the next one is accepted.
    app.clock.advance(Duration::minutes(34));
    let still = patient.post_form(&path, &fields(&[])).await;
    assert_eq!(still.status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::minutes(1));
    let accepted = patient.post_form(&path, &fields(&[])).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(revisions(&app).await, 6);
}

#[tokio::test]
async fn only_patients_write_reviews_and_others_are_told_why() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let path = format!("/practitioners/{}/review", ana.slug);

    let anonymous = app.get(&path).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous.header("location"),
        format!("/login?next=%2Fpractitioners%2F{}%2Freview", ana.slug)
    );

    // The practitioner, on their own profile, and a moderator are told why not.
    let own = app.client();
    own.login(&ana.email, BUILT_PASSWORD).await;
    app.moderator("Morgan Vale").await;
    let moderator = app.client();
    moderator
        .login("morgan.vale@moderators.test", BUILT_PASSWORD)
        .await;
    for browser in [&own, &moderator] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        page.assert_contains("Practitioner and moderator accounts cannot write reviews");
        browser.get("/account").await;
        let posted = browser.post_form(&path, &fields(&[])).await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(revisions(&app).await, 0);
    // An unpublished practitioner cannot be reviewed at all.
    let draft = app.get("/practitioners/no-such-slug/review").await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_edit_keeps_the_approved_text_and_rating_public_until_it_is_approved() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let (ana, patient) = patient_at_form(&app).await;
    let (path, first) = first_review(&app, &patient, &ana).await;
    injectory::domain::moderation::reviews::approve_review(
        &app.db,
        moderator,
        first,
        app.clock.now(),
    )
    .await
    .expect("approved");

    // A second visit edits the same review, filled with the current text.
    let form = patient.get(&path).await;
    form.assert_contains("Edit your review of Ana Ruiz");
    form.assert_contains("Even and natural");
    let edited = patient
        .post_form(
            &path,
            &fields(&[
                ("rating", "2"),
                ("title", "Uneven after all"),
                ("side_effects", "asymmetry"),
            ]),
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM reviews").await, 1);

    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains("Even and natural");
    profile.assert_lacks("Uneven after all");
    profile.assert_contains("4.0</strong> out of 5");
    patient
        .get("/me/reviews")
        .await
        .assert_contains("Published; your edit is waiting for a moderator");
    // The moderator sees what the edit changes against the published text, side effects too.
    let reviewer = app.client();
    reviewer
        .login("morgan.vale@moderators.test", BUILT_PASSWORD)
        .await;
    let queue = reviewer.get("/moderation/reviews").await;
    queue.assert_contains("<th scope=\"row\">Side effects</th><td>bruising</td><td>asymmetry</td>");

    let edit = app.count("SELECT MAX(id) AS n FROM review_revisions").await;
    injectory::domain::moderation::reviews::approve_review(
        &app.db,
        moderator,
        edit,
        app.clock.now(),
    )
    .await
    .expect("edit approved");
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains("Uneven after all");
    profile.assert_lacks("Even and natural");
    profile.assert_contains("2.0</strong> out of 5");
    profile.assert_contains("Reported by 1 of 1 reviewer (100%): asymmetry");
    assert_eq!(
        app.count(&format!(
            "SELECT review_count AS n FROM practitioners WHERE id = {}",
            ana.id
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!("SELECT rating_4_count + side_effect_bruising_count AS n FROM practitioners WHERE id = {}", ana.id))
            .await,
        0,
        "the old text's rating and side effects no longer count"
    );
}

#[tokio::test]
async fn an_edit_sent_while_a_report_hides_the_review_does_not_publish_it_again() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let reporter = app.patient("Riley Reader").await;
    let (ana, patient) = patient_at_form(&app).await;
    let (path, first) = first_review(&app, &patient, &ana).await;
    let review_id = app.count("SELECT MAX(id) AS n FROM reviews").await;
    injectory::domain::moderation::reviews::approve_review(
        &app.db,
        moderator,
        first,
        app.clock.now(),
    )
    .await
    .expect("approved");
    patient.get(&path).await;

    // A report hides the review; its transaction has not committed when the edit arrives,
    // and commits while the edit is being stored.
    let report = app.held_transaction().await;
    injectory::domain::moderation::flags::flag_review(
        &report,
        reporter,
        review_id,
        injectory::vocabulary::FlagReason::HealthDetails,
        "",
        app.clock.now(),
    )
    .await
    .expect("hidden");
    let edit = fields(&[("title", "Edited while reported")]);
    let edited = send_while_deciding(&app, &patient, &path, &edit, report).await;

    assert_eq!(edited.status, StatusCode::FORBIDDEN);
    edited.assert_contains("Your review is hidden while a moderator looks at a report");
    assert_eq!(
        app.text(&format!(
            "SELECT status AS t FROM reviews WHERE id = {review_id}"
        ))
        .await,
        "hidden",
        "the hide stands"
    );
    assert_eq!(revisions(&app).await, 1, "the edit was not stored");
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_lacks("Even and natural");
    profile.assert_lacks("Edited while reported");
}

#[tokio::test]
async fn an_edit_sent_while_a_moderator_rejects_the_first_text_is_kept_and_stored_once() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let (ana, patient) = patient_at_form(&app).await;
    let (path, first) = first_review(&app, &patient, &ana).await;
    patient.get(&path).await;

    // The rejection of the first text commits while the edit is being stored.
    let rejection = app.held_transaction().await;
    injectory::domain::moderation::reviews::reject_review(
        &rejection,
        moderator,
        first,
        injectory::vocabulary::ReasonCode::InsufficientDetail,
        None,
        app.clock.now(),
    )
    .await
    .expect("rejected");
    let edit = fields(&[("title", "Edited while rejected")]);
    let sent = send_while_deciding(&app, &patient, &path, &edit, rejection).await;

    // PostgreSQL lets the two overlap: the edit is refused as a whole, and the form comes
    // back with what was written. SQLite's writers take turns, so the edit follows the
    // rejection at once.
    let first_answer = sent.status;
    let sent = if sent.status == StatusCode::CONFLICT {
        sent.assert_contains("A moderator acted on your review while you were sending this");
        sent.assert_contains("Edited while rejected");
        assert_eq!(revisions(&app).await, 1, "nothing of the edit was stored");
        patient.post_form(&path, &edit).await
    } else {
        sent
    };
    if common::backend_name() == "postgres" {
        assert_eq!(first_answer, StatusCode::CONFLICT, "the overlap was met");
    }
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(revisions(&app).await, 2, "the edit is stored once");
    assert_eq!(
        app.text("SELECT status AS t FROM reviews").await,
        "pending",
        "the edit waits for a moderator"
    );
    assert_eq!(
        app.text("SELECT title AS t FROM review_revisions WHERE status = 'pending'")
            .await,
        "Edited while rejected"
    );
}

#[tokio::test]
async fn authors_see_why_and_can_withdraw_and_appeal_once() {
    let app = TestApp::new().await;
    let first = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let bea = app.published_practitioner("Bea Lind", "Austin").await;
    let author = app.patient("Sam Patient").await;
    let rejected = app
        .review(author, ana.id, 5, ReviewState::Pending, first)
        .await;
    injectory::domain::moderation::reviews::reject_review(
        &app.db,
        first,
        rejected.revision_id,
        injectory::vocabulary::ReasonCode::InsufficientDetail,
        Some("Say what the treatment was like.".into()),
        app.clock.now(),
    )
    .await
    .expect("rejected");
    let published = app
        .review(author, bea.id, 4, ReviewState::Approved, first)
        .await;

    let patient = app.client();
    patient
        .login("sam.patient@patients.test", BUILT_PASSWORD)
        .await;
    let mine = patient.get("/me/reviews").await;
    mine.assert_contains("Not published: a moderator rejected it.");
    mine.assert_contains("Reason: <strong>Insufficient detail</strong>");
    mine.assert_contains("Moderator's note: Say what the treatment was like.");
    mine.assert_contains(&format!("/me/reviews/{}/appeal", rejected.review_id));

    // An empty statement is refused beside its form; nothing changes.
    let empty = patient
        .post_form(
            &format!("/me/reviews/{}/appeal", rejected.review_id),
            &[("statement", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    empty.assert_contains("Say in a sentence or two why the decision should change.");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appeals").await, 0);

    let appealed = patient
        .post_form(
            &format!("/me/reviews/{}/appeal", rejected.review_id),
            &[(
                "statement",
                "It was my real treatment; I described what mattered.",
            )],
        )
        .await;
    assert_eq!(appealed.header("location"), "/me/reviews?done=appealed");
    patient.get("/me/reviews").await;
    let again = patient
        .post_form(
            &format!("/me/reviews/{}/appeal", rejected.review_id),
            &[("statement", "A second appeal should not be possible.")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appeals").await, 1);

    // Withdrawing takes a published review down and out of the counts.
    let withdrawn = patient
        .post_form(
            &format!("/me/reviews/{}/withdraw", published.review_id),
            &[],
        )
        .await;
    assert_eq!(withdrawn.header("location"), "/me/reviews?done=withdrawn");
    assert_eq!(
        app.count(&format!(
            "SELECT review_count AS n FROM practitioners WHERE id = {}",
            bea.id
        ))
        .await,
        0
    );
    let profile = app.get(&format!("/practitioners/{}", bea.slug)).await;
    profile.assert_contains("No approved reviews yet");

    // Someone else's review cannot be withdrawn or appealed by id.
    let other = app.patient("Other Person").await;
    let theirs = app
        .review(other, ana.id, 3, ReviewState::Approved, first)
        .await;
    patient.get("/me/reviews").await;
    let stolen = patient
        .post_form(&format!("/me/reviews/{}/withdraw", theirs.review_id), &[])
        .await;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count(&format!(
            "SELECT review_count AS n FROM practitioners WHERE id = {}",
            ana.id
        ))
        .await,
        1
    );
}
