//! The demo data: loaded once, complete, and with counters that agree with the rows.

mod common;

use std::collections::BTreeSet;

use common::TestApp;
use injectory::seed::SeedOutcome;

#[tokio::test]
async fn demo_data_covers_every_state_the_product_shows() {
    let app = TestApp::with_demo_data().await;

    assert!(app.count("SELECT COUNT(*) AS n FROM practitioners").await >= 24);
    assert!(
        app.count("SELECT COUNT(DISTINCT city) AS n FROM practitioners")
            .await
            >= 6
    );
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT profession) AS n FROM practitioners")
            .await,
        5
    );
    assert!(app.count("SELECT COUNT(*) AS n FROM reviews").await >= 80);
    for status in [
        "pending",
        "approved",
        "needs_changes",
        "rejected",
        "removed",
        "hidden",
        "withdrawn",
    ] {
        let n = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM reviews WHERE status = '{status}'"
            ))
            .await;
        assert!(n > 0, "no review is {status}");
    }
    for status in ["pending", "verified", "rejected"] {
        let n = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM credentials WHERE status = '{status}'"
            ))
            .await;
        assert!(n > 0, "no credential is {status}");
    }
    let expired = app
        .count("SELECT COUNT(*) AS n FROM credentials WHERE status = 'verified' AND expires_on < '2026-01-01'")
        .await;
    assert_eq!(expired, 1, "exactly one verified credential has expired");
    assert!(
        app.count("SELECT COUNT(*) AS n FROM review_side_effects")
            .await
            > 20
    );
    assert!(app.count("SELECT COUNT(*) AS n FROM gallery_items").await >= 12);
    for status in ["pending", "approved", "rejected"] {
        let n = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM gallery_items WHERE status = '{status}'"
            ))
            .await;
        assert!(n > 0, "no photo pair is {status}");
    }
    for role in ["moderator", "practitioner", "patient"] {
        let n = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM accounts WHERE role = '{role}'"
            ))
            .await;
        assert!(n > 0, "no {role} account");
    }
    // The demo practitioner account owns a profile.
    let owned = app
        .count(
            "SELECT COUNT(*) AS n FROM practitioners p JOIN accounts a ON a.id = p.account_id \
             WHERE a.email = 'practitioner@demo.injectory.test'",
        )
        .await;
    assert_eq!(owned, 1);
}

#[tokio::test]
async fn seeding_twice_creates_no_duplicates() {
    let app = TestApp::with_demo_data().await;
    // The demo history's decisions are in the past: nobody is mailed about them.
    assert!(
        app.count("SELECT COUNT(*) AS n FROM moderation_events")
            .await
            > 0
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM outbox").await, 0);
    let tables = [
        "accounts",
        "practitioners",
        "credentials",
        "reviews",
        "review_revisions",
        "images",
        "gallery_items",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(
            app.count(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .await,
        );
    }
    assert_eq!(app.seed().await, SeedOutcome::AlreadyPopulated);
    for (table, expected) in tables.iter().zip(before) {
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .await,
            expected,
            "{table}"
        );
    }
}

#[tokio::test]
async fn practitioner_counters_agree_with_the_seeded_rows() {
    let app = TestApp::with_demo_data().await;
    let ids: Vec<i64> = {
        let total = app.count("SELECT MAX(id) AS n FROM practitioners").await;
        (1..=total).collect()
    };
    let mut any_reviews = false;
    for id in ids {
        let approved = format!(
            "FROM reviews r JOIN review_revisions v ON v.id = r.approved_revision_id \
             WHERE r.practitioner_id = {id} AND r.status = 'approved'"
        );
        let expected_count = app.count(&format!("SELECT COUNT(*) AS n {approved}")).await;
        let expected_sum = app
            .count(&format!(
                "SELECT COALESCE(SUM(v.rating), 0) AS n {approved}"
            ))
            .await;
        let expected_yes = app
            .count(&format!(
                "SELECT COUNT(*) AS n {approved} AND v.worth_it = 'yes'"
            ))
            .await;
        let expected_photos = app
            .count(&format!("SELECT COUNT(*) AS n FROM gallery_items WHERE practitioner_id = {id} AND status = 'approved'"))
            .await;
        let stored =
            |column: &str| format!("SELECT {column} AS n FROM practitioners WHERE id = {id}");
        assert_eq!(
            app.count(&stored("review_count")).await,
            expected_count,
            "review count of {id}"
        );
        assert_eq!(
            app.count(&stored("rating_sum")).await,
            expected_sum,
            "rating sum of {id}"
        );
        assert_eq!(
            app.count(&stored("worth_it_yes_count")).await,
            expected_yes,
            "worth-it count of {id}"
        );
        assert_eq!(
            app.count(&stored("photo_count")).await,
            expected_photos,
            "photo count of {id}"
        );
        for star in 1..=5 {
            let expected = app
                .count(&format!(
                    "SELECT COUNT(*) AS n {approved} AND v.rating = {star}"
                ))
                .await;
            assert_eq!(
                app.count(&stored(&format!("rating_{star}_count"))).await,
                expected,
                "{star}-star count of {id}"
            );
        }
        any_reviews |= expected_count > 0;
    }
    assert!(any_reviews, "the demo data has approved reviews to count");
    // Hidden, removed, withdrawn, pending and rejected reviews are not counted anywhere.
    let counted = app
        .count("SELECT COALESCE(SUM(review_count), 0) AS n FROM practitioners")
        .await;
    let approved = app
        .count("SELECT COUNT(*) AS n FROM reviews WHERE status = 'approved'")
        .await;
    assert_eq!(counted, approved);
}

#[tokio::test]
async fn demo_photos_are_stored_as_real_jpegs_with_thumbnails() {
    let app = TestApp::with_demo_data().await;
    let files: BTreeSet<String> = std::fs::read_dir(app.media_dir.path())
        .expect("media folder exists")
        .filter_map(|entry| {
            entry
                .ok()
                .map(|e| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    let images = app.count("SELECT COUNT(*) AS n FROM images").await;
    assert!(images >= 24, "every pair has two pictures");
    assert_eq!(
        files.len() as i64,
        images * 2,
        "one full-size file and one thumbnail per image: {files:?}"
    );
    for name in &files {
        let bytes = std::fs::read(app.media_dir.path().join(name)).expect("readable");
        assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "{name} is a JPEG");
        let decoded = image::load_from_memory(&bytes).expect("decodes");
        let side = decoded.width().max(decoded.height());
        if name.ends_with("-thumb.jpg") {
            assert!(
                side <= injectory::media::THUMBNAIL_SIDE,
                "{name} is a thumbnail"
            );
        }
    }
    // Every pair's two pictures differ, as a before and after should.
    let same = app
        .count("SELECT COUNT(*) AS n FROM gallery_items WHERE before_image_id = after_image_id")
        .await;
    assert_eq!(same, 0);
}

#[tokio::test]
async fn demo_profiles_say_how_to_book_visit_or_call() {
    let app = TestApp::with_demo_data().await;
    for (sql, at_least) in [
        (
            "SELECT COUNT(*) AS n FROM practitioners WHERE phone <> ''",
            20,
        ),
        (
            "SELECT COUNT(*) AS n FROM practitioners WHERE booking_url <> ''",
            5,
        ),
        (
            "SELECT COUNT(*) AS n FROM practitioners WHERE website_url <> '' AND booking_url = ''",
            5,
        ),
        (
            "SELECT COUNT(*) AS n FROM practitioners WHERE website_url = '' AND booking_url = ''",
            3,
        ),
        (
            "SELECT COUNT(*) AS n FROM practitioners WHERE street_address <> '' AND opening_hours <> ''",
            20,
        ),
    ] {
        assert!(app.count(sql).await >= at_least, "{sql}");
    }
    let profile = app.get("/practitioners/dr-maya-rivera").await;
    profile.assert_contains(">Book a consultation</a>");
    profile.assert_contains("100 Oak Street, Suite 200");
    profile.assert_contains("(512) 555-0100");
    let ld = profile.json_ld();
    assert_eq!(ld["telephone"], "(512) 555-0100");
    assert!(
        ld.to_string().contains("100 Oak Street"),
        "the JSON-LD carries the address: {ld}"
    );
}
