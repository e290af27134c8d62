//! The public profile and the practitioner's dashboard tell the same story, and the profile
//! costs the same however many reviews a practitioner has.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, TimeZone, Utc};
use common::{CredentialOutcome, ReviewState, TestApp};
use injectory::domain::credentials::{self, CredentialDetails};
use injectory::domain::gallery::own::{Direction, move_pair};
use injectory::domain::gallery::{PairDetails, add_pair};
use injectory::domain::moderation::credentials::{SourceChecked, verify_credential};
use injectory::domain::moderation::photos::{PhotoDecision, decide_photo};
use injectory::entities::credential;
use injectory::vocabulary::{CredentialKind, Treatment};
use sea_orm::{ActiveModelTrait, Set};

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
async fn a_page_of_reviews_too_large_for_the_database_shows_the_last_page() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let practitioner = app.published_practitioner("Bea Small", "Austin").await;
    for n in 0..12 {
        let patient = app.patient(&format!("Patient {n}")).await;
        app.review(
            patient,
            practitioner.id,
            5,
            ReviewState::Approved,
            moderator,
        )
        .await;
    }
    // Past what a signed 64-bit offset holds, and the largest number the parameter reads.
    for page in ["922337203685477581", "18446744073709551615"] {
        let profile = app
            .get(&format!(
                "/practitioners/{}?reviews_page={page}",
                practitioner.slug
            ))
            .await;
        assert_eq!(profile.status, StatusCode::OK, "reviews_page={page}");
        profile.assert_contains("Page 2 of 2");
        assert_eq!(profile.body.matches("class=\"review\"").count(), 2);
    }
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
    // A page past the end shows the last one.
    let (past_page, past_statements) = app
        .get_counting(&format!("/practitioners/{}?reviews_page=999", large.slug))
        .await;
    for page in [&small_page, &large_page, &deep_page, &past_page] {
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("class=\"review\"").count(), 10);
    }
    large_page.assert_contains("(2000 reviews)");
    deep_page.assert_contains("Page 150 of 200");
    past_page.assert_contains("Page 200 of 200");
    assert_eq!(
        past_statements,
        large_statements + 1,
        "the last page is read again once the row says how many there are"
    );
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

#[tokio::test]
async fn reviews_are_listed_newest_approval_first_across_pages() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    // Twelve reviews, each approved an hour after the one before.
    let mut titles = Vec::new();
    for n in 0..12 {
        let author = app.patient(&format!("Patient {n}")).await;
        app.review(author, ana.id, 4, ReviewState::Approved, moderator)
            .await;
        titles.push(format!(" Review 4 by {author}</h3>"));
        app.clock.advance(Duration::hours(1));
    }
    titles.reverse();
    let first = app.get(&format!("/practitioners/{}", ana.slug)).await;
    let second = app
        .get(&format!("/practitioners/{}?reviews_page=2", ana.slug))
        .await;
    let (on_first, on_second) = titles.split_at(10);
    let places: Vec<usize> = on_first.iter().map(|t| at(&first.body, t)).collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "the newest approval leads the first page, in order: {places:?}"
    );
    let places: Vec<usize> = on_second.iter().map(|t| at(&second.body, t)).collect();
    assert!(places[0] < places[1], "the oldest two end the second page");
    for title in on_second {
        first.assert_lacks(title);
    }
    for title in on_first {
        second.assert_lacks(title);
    }
}

/// Where `needle` first occurs in `page`, for checking the order things are listed in.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on the page"))
}

#[tokio::test]
async fn the_profile_lists_verified_then_pending_then_expired_credentials_and_never_rejected_ones()
{
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let today = app.clock.now().date_naive();
    // Added in the opposite order of how the profile lists them.
    app.credential(
        ana.id,
        moderator,
        Some(today + Duration::days(5)),
        CredentialOutcome::Verified,
    )
    .await;
    app.credential(ana.id, moderator, None, CredentialOutcome::Rejected)
        .await;
    credentials::add(
        &app.db,
        ana.id,
        CredentialDetails {
            kind: CredentialKind::BoardCertification,
            title: r#"Board <b>"certified"</b> & co"#.into(),
            issuer: "American Board of Aesthetic Medicine".into(),
            number: "AB-7".into(),
            region: String::new(),
            issued_on: None,
            expires_on: None,
        },
        app.clock.now(),
    )
    .await
    .unwrap();
    let checked = credentials::add(
        &app.db,
        ana.id,
        CredentialDetails {
            kind: CredentialKind::License,
            title: "Physician license".into(),
            issuer: "Texas Medical Board".into(),
            number: "MD-42".into(),
            region: "TX".into(),
            issued_on: None,
            expires_on: None,
        },
        app.clock.now(),
    )
    .await
    .unwrap();
    verify_credential(
        &app.db,
        moderator,
        checked,
        SourceChecked {
            source: "Texas Medical Board lookup".into(),
            checked_on: today,
        },
        app.clock.now(),
    )
    .await
    .unwrap();
    // One verified before sources were recorded: its day is the (UTC) day it was verified.
    credential::ActiveModel {
        id: Set(checked),
        source_checked_on: Set(None),
        verified_at: Set(Some(Utc.with_ymd_and_hms(2026, 3, 4, 23, 30, 0).unwrap())),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    app.clock.advance(Duration::days(6));

    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    let page = profile.body.as_str();
    let verified = at(page, "Physician license");
    assert!(
        page[verified..].contains("Verified on 4 March 2026 against Texas Medical Board lookup")
    );
    let waiting = at(
        page,
        "Board &lt;b&gt;&quot;certified&quot;&lt;/b&gt; &amp; co",
    );
    let expired = at(
        page,
        &format!(
            "Expired on {}",
            (today + Duration::days(5)).format("%-d %B %Y")
        ),
    );
    assert!(
        verified < waiting && waiting < expired,
        "verified, pending, expired"
    );
    assert!(page[waiting..expired].contains("Pending: not yet verified"));
    profile.assert_lacks("<b>\"certified");
    // The rejected one (the builder's nursing license, like the expired one) shows once: the
    // expired one.
    assert_eq!(page.matches("Registered nurse license").count(), 1);
    profile.assert_lacks("Not found at the issuing body");
}

#[tokio::test]
async fn the_profile_shows_approved_pairs_in_the_practitioners_order_with_what_was_disclosed() {
    let app = TestApp::new().await;
    let moderator = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let first = app.photo_pair(ana.id, moderator, true).await;
    let waiting = app.photo_pair(ana.id, moderator, false).await;
    let before = app.stored_picture("pair-01-before.jpg").await;
    let after = app.stored_picture("pair-01-after.jpg").await;
    let edited = add_pair(
        &app.db,
        ana.id,
        None,
        (&before, &after),
        PairDetails {
            treatment: Treatment::GummySmile,
            product: None,
            units: Some(8),
            days_after_treatment: Some(21),
            caption: "Smile, before and after.".into(),
            consent_attested_on: app.clock.now().date_naive(),
            edited: true,
            edit_note: Some("Brightness evened out".into()),
        },
        app.clock.now(),
    )
    .await
    .unwrap();
    decide_photo(
        &app.db,
        moderator,
        edited,
        PhotoDecision::Approve,
        app.clock.now(),
    )
    .await
    .unwrap();
    // The edited pair moves to the front.
    for _ in 0..2 {
        move_pair(&app.db, ana.id, edited, Direction::Earlier, app.clock.now())
            .await
            .unwrap();
    }

    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    let page = profile.body.as_str();
    let shown_edited = at(page, &format!("/photos/{edited}\""));
    let shown_first = at(page, &format!("/photos/{first}\""));
    assert!(shown_edited < shown_first, "in the practitioner's order");
    assert!(
        page[shown_edited..shown_first].contains("Gummy-smile correction, 21 days after · edited")
    );
    assert!(page[shown_first..].contains("Lip flip, 14 days after</p>"));
    profile.assert_lacks(&format!("/photos/{waiting}\""));
    assert_eq!(page.matches("alt=\"Before treatment\"").count(), 2);
}
