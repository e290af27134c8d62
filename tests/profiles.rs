//! The public profile and the practitioner's dashboard tell the same story, and the profile
//! costs the same however many reviews a practitioner has.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{CredentialOutcome, ReviewState, TestApp};

#[tokio::test]
async fn the_dashboard_and_the_profile_agree_on_an_expired_credential() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let expiry = app.clock.now().date_naive() + Duration::days(10);
    app.credential(ana.id, moderator, Some(expiry), CredentialOutcome::Verified)
        .await;
    let browser = app.client();
    browser.login(&ana.email, common::BUILT_PASSWORD).await;

    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains("✓ Verified license");
    profile.assert_contains("Verified on");
    let list = browser.get("/dashboard/credentials").await;
    list.assert_contains("Verified on");

    // Eleven days on, the license has expired: everyone reads the same.
    app.clock.advance(Duration::days(11));
    let expired_words = format!("Expired on {}", expiry.format("%-d %B %Y"));
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains(&expired_words);
    profile.assert_contains("License not verified");
    profile.assert_lacks("✓ Verified license");
    // The session has run out meanwhile; sign in again.
    browser.login(&ana.email, common::BUILT_PASSWORD).await;
    let list = browser.get("/dashboard/credentials").await;
    list.assert_contains(&expired_words);
    list.assert_lacks("Verified on");
    let overview = browser.get("/dashboard").await;
    overview.assert_contains("0 verified");
    overview.assert_contains("1 expired");
    let directory = app.get("/practitioners?verified=on").await;
    directory.assert_lacks("Ana Ruiz");
}

#[tokio::test]
async fn a_profile_reads_only_its_page_of_reviews() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let small = app.published_practitioner("Bea Small", "Austin").await;
    let large = app.published_practitioner("Cal Large", "Austin").await;
    for (practitioner, count) in [(&small, 20), (&large, 2000)] {
        for n in 0..count {
            let patient = app
                .patient(&format!("Patient {n} of {}", practitioner.slug))
                .await;
            let rating = 1 + (n % 5) as i16;
            app.review(
                patient,
                practitioner.id,
                rating,
                ReviewState::Approved,
                moderator,
            )
            .await;
        }
    }
    // Warm up whatever is lazily prepared, then count.
    app.get(&format!("/practitioners/{}", small.slug)).await;
    let (small_page, small_statements) = app
        .get_counting(&format!("/practitioners/{}", small.slug))
        .await;
    let (large_page, large_statements) = app
        .get_counting(&format!("/practitioners/{}", large.slug))
        .await;
    let (deep_page, deep_statements) = app
        .get_counting(&format!("/practitioners/{}?reviews_page=150", large.slug))
        .await;
    for page in [&small_page, &large_page, &deep_page] {
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("class=\"review\"").count(), 10);
    }
    large_page.assert_contains("(2000 reviews)");
    deep_page.assert_contains("Page 150 of 200");
    assert_eq!(
        small_statements, large_statements,
        "the same statements with 20 or 2,000 reviews"
    );
    assert_eq!(small_statements, deep_statements);
    assert!(
        large_statements <= 16,
        "a profile is a handful of statements, not one per review ({large_statements})"
    );
}
