//! Before/after uploads and headshots as a practitioner makes them, with real image bytes:
//! what is kept of a photo, what is refused and how, who may see a picture before and after
//! a moderator decides, and what one practitioner can do to another's photos (nothing).

mod common;

use axum::http::StatusCode;
use common::images::{
    halves_jpeg, has_exif, patterned_jpeg, png_declaring, sideways_jpeg_with_gps,
};
use common::{BUILT_PASSWORD, BuiltPractitioner, Client, Page, TestApp};

/// A complete pair form, with `changes` applied (an empty value removes the field).
fn pair_fields(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("treatment", "lip_flip"),
        ("product", "botox"),
        ("units", "6"),
        ("days_after_treatment", "14"),
        ("caption", "Upper lip at rest, two weeks after."),
        ("consent", "on"),
        ("consent_on", "2026-01-10"),
    ];
    for (key, value) in changes {
        fields.retain(|(k, _)| k != key);
        if !value.is_empty() {
            fields.push((key, value));
        }
    }
    fields
}

/// A published practitioner, signed in, on their gallery page.
async fn at_gallery<'a>(app: &'a TestApp, name: &str) -> (BuiltPractitioner, Client<'a>) {
    let practitioner = app.published_practitioner(name, "Austin").await;
    let browser = app.client();
    browser.login(&practitioner.email, BUILT_PASSWORD).await;
    let page = browser.get("/dashboard/gallery").await;
    assert_eq!(page.status, StatusCode::OK);
    // A plain HTML form that posts without JavaScript, with a progress bar the upload
    // script drives where it runs.
    page.assert_contains("enctype=\"multipart/form-data\"");
    page.assert_contains("<progress class=\"upload-progress\"");
    let at = page
        .body
        .find("src=\"/static/upload.")
        .expect("the upload script")
        + 5;
    let script = &page.body[at..at + page.body[at..].find('"').expect("closing quote")];
    let served = browser.get(script).await;
    assert_eq!(served.status, StatusCode::OK);
    assert!(served.header("content-type").contains("javascript"));
    assert!(served.body.contains("upload.addEventListener(\"progress\""));
    (practitioner, browser)
}

async fn upload(browser: &Client<'_>, before: &[u8], after: &[u8]) -> Page {
    browser
        .post_multipart(
            "/dashboard/uploads/gallery",
            &pair_fields(&[]),
            &[
                ("before", "before.jpg", "image/jpeg", before),
                ("after", "after.jpg", "image/jpeg", after),
            ],
        )
        .await
}

async fn moderator(app: &TestApp) -> Client<'_> {
    app.moderator("Morgan Vale").await;
    let browser = app.client();
    browser
        .login("morgan.vale@moderators.test", BUILT_PASSWORD)
        .await;
    browser.get("/moderation/photos").await;
    browser
}

/// The keys of the newest pair's pictures: (before, after, before thumbnail).
async fn newest_keys(app: &TestApp) -> (String, String, String) {
    let key = |column: &str, side: &str| {
        format!(
            "SELECT i.{column} AS t FROM images i JOIN gallery_items g ON g.{side}_image_id = i.id ORDER BY g.id DESC LIMIT 1"
        )
    };
    (
        app.text(&key("storage_key", "before")).await,
        app.text(&key("storage_key", "after")).await,
        app.text(&key("thumbnail_key", "before")).await,
    )
}

fn media_files(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.media_dir.path())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_sideways_phone_photo_comes_back_upright_without_exif_or_gps() {
    let app = TestApp::new().await;
    let (_, browser) = at_gallery(&app, "Ana Ruiz").await;
    let sideways = sideways_jpeg_with_gps(600, 400);
    assert!(has_exif(&sideways), "the test photo carries EXIF");
    let sent = browser
        .post_multipart(
            "/dashboard/uploads/gallery",
            &pair_fields(&[]),
            &[
                ("before", "IMG_0001.jpg", "image/jpeg", &sideways),
                (
                    "after",
                    "IMG_0002.jpg",
                    "image/jpeg",
                    &halves_jpeg(600, 400),
                ),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.header("location"), "/dashboard/gallery?done=uploaded");

    let (before_key, _, thumbnail_key) = newest_keys(&app).await;
    for key in [&before_key, &thumbnail_key] {
        let served = browser.get(&format!("/media/{key}")).await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.header("content-type"), "image/jpeg");
        assert!(!has_exif(&served.bytes), "no EXIF segment survives");
        assert!(
            !served
                .bytes
                .windows(4)
                .any(|w| w == b"GPS\0" || w == b"II*\0"),
            "no GPS block or TIFF header survives"
        );
        let picture = image::load_from_memory(&served.bytes)
            .expect("a real JPEG")
            .to_rgb8();
        // Orientation 6 turned the 600 x 400 picture upright: 400 wide, 600 tall, the red
        // left half now on top.
        assert!(picture.height() > picture.width(), "{key} is upright");
        let (w, h) = picture.dimensions();
        let top = picture.get_pixel(w / 2, h / 8);
        let bottom = picture.get_pixel(w / 2, h * 7 / 8);
        assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
        assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
    }
    assert_eq!(
        app.count("SELECT width AS n FROM images ORDER BY id LIMIT 1")
            .await,
        400
    );
}

#[tokio::test]
async fn files_that_are_not_photos_are_refused_with_a_message_and_nothing_is_kept() {
    let app = TestApp::new().await;
    let (_, browser) = at_gallery(&app, "Ana Ruiz").await;
    let photo = halves_jpeg(80, 60);
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "an HTML page named .jpg",
            "photo.jpg",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".to_vec(),
        ),
        (
            "an SVG",
            "lips.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>"#.to_vec(),
        ),
        (
            "a JPEG cut short",
            "cut.jpg",
            photo[..photo.len() / 3].to_vec(),
        ),
    ];
    for (what, name, bytes) in cases {
        let refused = browser
            .post_multipart(
                "/dashboard/uploads/gallery",
                &pair_fields(&[]),
                &[
                    ("before", name, "image/jpeg", &bytes),
                    ("after", "after.jpg", "image/jpeg", &photo),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        assert!(
            refused
                .body
                .contains("This file is not a JPEG, PNG or WebP photo.")
                || refused.body.contains("This photo could not be read"),
            "{what}: {}",
            refused.body
        );
        refused.assert_contains("choose them again");
        refused.assert_lacks("<script>alert(1)");
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM images").await,
            0,
            "{what}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM gallery_items").await,
            0
        );
        assert!(
            media_files(&app).is_empty(),
            "{what}: no file is left behind"
        );
    }

    // The form's own rules: consent is required, and both photos.
    let no_consent = browser
        .post_multipart(
            "/dashboard/uploads/gallery",
            &pair_fields(&[("consent", "")]),
            &[("before", "b.jpg", "image/jpeg", &photo)],
        )
        .await;
    assert_eq!(no_consent.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_consent.assert_contains("Confirm that the patient agreed in writing to publication.");
    no_consent.assert_contains("Choose the after photo.");
    assert!(media_files(&app).is_empty());
}

#[tokio::test]
async fn an_eleven_megabyte_photo_gets_a_friendly_413() {
    let app = TestApp::new().await;
    let (_, browser) = at_gallery(&app, "Ana Ruiz").await;
    let mut big = halves_jpeg(80, 60);
    big.resize(11 * 1024 * 1024, 0);
    let refused = upload(&browser, &big, &halves_jpeg(80, 60)).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    refused.assert_contains("This file is over 10 MB. Choose a smaller one.");
    refused.assert_contains("Add a pair");
    assert!(media_files(&app).is_empty());
    // Any other form still takes only a small body.
    let other = browser
        .send(
            axum::http::Method::POST,
            "/dashboard/profile",
            &[("content-type", "application/x-www-form-urlencoded")],
            vec![b'a'; 70 * 1024],
        )
        .await;
    assert_eq!(other.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_tiny_png_declaring_fifty_thousand_pixels_square_is_refused_from_its_header() {
    let app = TestApp::new().await;
    let (_, browser) = at_gallery(&app, "Ana Ruiz").await;
    let bomb = png_declaring(50_000);
    assert!(bomb.len() < 100);
    let refused = browser
        .post_multipart(
            "/dashboard/uploads/gallery",
            &pair_fields(&[]),
            &[
                ("before", "tiny.png", "image/png", &bomb),
                ("after", "after.jpg", "image/jpeg", &halves_jpeg(80, 60)),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused
        .assert_contains("This photo is 50000 x 50000 pixels; at most 40 megapixels are accepted.");
    assert!(media_files(&app).is_empty());
}

#[tokio::test]
async fn stored_keys_are_random_and_never_the_uploaded_name() {
    let app = TestApp::new().await;
    let (_, browser) = at_gallery(&app, "Ana Ruiz").await;
    let photo = halves_jpeg(120, 90);
    let sent = browser
        .post_multipart(
            "/dashboard/uploads/gallery",
            &pair_fields(&[]),
            &[
                ("before", "jane-doe-lips-before.jpg", "image/jpeg", &photo),
                ("after", "jane-doe-lips-before.jpg", "image/jpeg", &photo),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let (before, after, thumbnail) = newest_keys(&app).await;
    assert_ne!(before, after, "the same bytes twice get two keys");
    for key in [&before, &after, &thumbnail] {
        assert!(!key.contains("jane") && !key.contains("lips"), "{key}");
        let stem = key.trim_end_matches(".jpg").trim_end_matches("-thumb");
        assert_eq!(stem.len(), 32, "{key}");
        assert!(stem.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    }
    let mut files = media_files(&app);
    files.sort();
    assert_eq!(files.len(), 4, "two pictures and two thumbnails: {files:?}");
    assert!(
        files.iter().all(|f| !f.starts_with('.')),
        "no temporary file left"
    );
}

#[tokio::test]
async fn a_pending_picture_is_its_owners_and_moderators_until_approved() {
    let app = TestApp::new().await;
    let (ana, browser) = at_gallery(&app, "Ana Ruiz").await;
    let sent = upload(&browser, &patterned_jpeg(1), &patterned_jpeg(2)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let (before, _, thumbnail) = newest_keys(&app).await;
    let path = format!("/media/{before}");

    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/media/{thumbnail}")).await.status,
        StatusCode::NOT_FOUND
    );
    let own = browser.get(&path).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.header("cache-control"), "private, no-store");
    let (_, other) = at_gallery(&app, "Bea Cruz").await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    let moderator = moderator(&app).await;
    let queue = moderator.get("/moderation/photos").await;
    queue.assert_contains(&format!("/media/{before}"));
    queue.assert_contains("Pair from ");
    assert_eq!(moderator.get(&path).await.status, StatusCode::OK);
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_lacks(&thumbnail);

    let item = app.count("SELECT MAX(id) AS n FROM gallery_items").await;
    let approved = moderator
        .post_form(&format!("/moderation/photos/{item}/approve"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let public = app.get(&path).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(
        public.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(public.header("x-content-type-options"), "nosniff");
    let tag = public.header("etag").to_owned();
    let again = app
        .send(
            axum::http::Method::GET,
            &path,
            &[("if-none-match", &tag)],
            Vec::new(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains(&thumbnail);
    assert_eq!(
        app.count(&format!(
            "SELECT photo_count AS n FROM practitioners WHERE id = {}",
            ana.id
        ))
        .await,
        1
    );

    // A rejected pair's pictures are not public.
    upload(&browser, &patterned_jpeg(3), &patterned_jpeg(4)).await;
    let (rejected_key, ..) = newest_keys(&app).await;
    let item = app.count("SELECT MAX(id) AS n FROM gallery_items").await;
    moderator.get("/moderation/photos").await;
    let rejected = moderator
        .post_form(
            &format!("/moderation/photos/{item}/reject"),
            &[("reason", "not_genuine"), ("note", "Stock photo.")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/media/{rejected_key}")).await.status,
        StatusCode::NOT_FOUND
    );
    let mine = browser.get("/dashboard/gallery").await;
    mine.assert_contains("Rejected");
    mine.assert_contains("Not a genuine experience");
}

#[tokio::test]
async fn one_practitioner_cannot_view_move_or_delete_anothers_photos() {
    let app = TestApp::new().await;
    let (_, ana) = at_gallery(&app, "Ana Ruiz").await;
    upload(&ana, &patterned_jpeg(5), &patterned_jpeg(6)).await;
    upload(&ana, &patterned_jpeg(7), &patterned_jpeg(8)).await;
    let (ana_key, ..) = newest_keys(&app).await;
    let ana_item = app.count("SELECT MAX(id) AS n FROM gallery_items").await;

    let (_, bea) = at_gallery(&app, "Bea Cruz").await;
    assert_eq!(
        bea.get(&format!("/media/{ana_key}")).await.status,
        StatusCode::NOT_FOUND
    );
    let moved = bea
        .post_form(
            &format!("/dashboard/gallery/{ana_item}/move"),
            &[("direction", "earlier")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::NOT_FOUND);
    let deleted = bea
        .post_form(&format!("/dashboard/gallery/{ana_item}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count(&format!(
            "SELECT position AS n FROM gallery_items WHERE id = {ana_item}"
        ))
        .await,
        1,
        "Ana's pair kept its place"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM gallery_items").await,
        2
    );
    assert!(
        bea.get("/dashboard/gallery")
            .await
            .body
            .contains("No photos yet.")
    );

    // Ana herself may reorder and delete.
    let moved = ana
        .post_form(
            &format!("/dashboard/gallery/{ana_item}/move"),
            &[("direction", "earlier")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "SELECT position AS n FROM gallery_items WHERE id = {ana_item}"
        ))
        .await,
        0
    );
    let files_before = media_files(&app).len();
    let deleted = ana
        .post_form(&format!("/dashboard/gallery/{ana_item}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        media_files(&app).len(),
        files_before - 4,
        "its files are gone"
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM images").await, 2);
    assert_eq!(
        ana.get(&format!("/media/{ana_key}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_picture_another_practitioner_shows_is_held_with_the_match_beside_it() {
    let app = TestApp::new().await;
    let (_, ana) = at_gallery(&app, "Ana Ruiz").await;
    let (before, after) = (patterned_jpeg(11), patterned_jpeg(12));
    upload(&ana, &before, &after).await;
    let (ana_before, ..) = newest_keys(&app).await;

    let (_, bea) = at_gallery(&app, "Bea Cruz").await;
    // The same photo, re-saved: other bytes, the same picture.
    let resaved = {
        let picture = image::load_from_memory(&before).expect("decodes");
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 70)
            .encode_image(&picture.to_rgb8())
            .expect("encodes");
        out
    };
    assert_ne!(resaved, before);
    let sent = upload(&bea, &resaved, &patterned_jpeg(13)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    bea.get("/dashboard/gallery")
        .await
        .assert_contains("It looks like a photo another practitioner shows");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM gallery_items WHERE matched_image_id IS NOT NULL")
            .await,
        1,
        "Ana's own upload matched nothing"
    );

    let moderator = moderator(&app).await;
    let queue = moderator.get("/moderation/photos").await;
    queue.assert_contains("Looks like a picture Ana Ruiz already shows.");
    let ana_thumbnail = app
        .text(&format!(
            "SELECT thumbnail_key AS t FROM images WHERE storage_key = '{ana_before}'"
        ))
        .await;
    queue.assert_contains(&format!("/media/{ana_thumbnail}"));
}

#[tokio::test]
async fn two_approvals_of_one_pair_at_once_count_once() {
    use injectory::domain::moderation::TransitionError;
    use injectory::domain::moderation::photos::{PhotoDecision, decide_photo};
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let first = app.moderator("Morgan Vale").await;
    let second = app.moderator("Riley Stone").await;
    let item = app.photo_pair(ana.id, first, false).await;
    let now = app.clock.now();
    let other = app.another_connection().await;
    let (a, b) = tokio::join!(
        decide_photo(&app.db, first, item, PhotoDecision::Approve, now),
        decide_photo(&other, second, item, PhotoDecision::Approve, now),
    );
    let outcomes = [a, b];
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, Err(TransitionError::AlreadyHandled { .. }))),
        "{outcomes:?}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT photo_count AS n FROM practitioners WHERE id = {}",
            ana.id
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM moderation_events WHERE action = 'approve_photo'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_approved_headshot_is_the_practitioners_picture_never_a_patients_photo() {
    let app = TestApp::with_settings(&[("PUBLIC_URL", "https://injectory.example")]).await;
    let (ana, browser) = at_gallery(&app, "Ana Ruiz").await;
    // An approved patient photo does not stand in for the practitioner.
    let moderator_id = app.moderator("Riley Stone").await;
    app.photo_pair(ana.id, moderator_id, true).await;
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_lacks("og:image");
    profile.assert_lacks("class=\"headshot\"");
    let listing = app.get("/practitioners?q=Ruiz").await;
    listing.assert_contains("thumb-initials");

    browser.get("/dashboard/profile").await;
    let sent = browser
        .post_multipart(
            "/dashboard/uploads/headshot",
            &[],
            &[("headshot", "me.jpg", "image/jpeg", &patterned_jpeg(21))],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mine = browser.get("/dashboard/profile?saved=headshot").await;
    mine.assert_contains("Awaiting moderation:");
    let key = app
        .text("SELECT i.thumbnail_key AS t FROM images i JOIN headshots h ON h.image_id = i.id")
        .await;
    assert_eq!(
        app.get(&format!("/media/{key}")).await.status,
        StatusCode::NOT_FOUND
    );
    app.get(&format!("/practitioners/{}", ana.slug))
        .await
        .assert_lacks(&key);

    let moderator = moderator(&app).await;
    let queue = moderator.get("/moderation/photos").await;
    queue.assert_contains("Headshot of ");
    let id = app.count("SELECT MAX(id) AS n FROM headshots").await;
    let approved = moderator
        .post_form(&format!("/moderation/headshots/{id}/approve"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    let display = app
        .text("SELECT i.storage_key AS t FROM images i JOIN headshots h ON h.image_id = i.id")
        .await;
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains(&format!("src=\"/media/{key}\""));
    profile.assert_contains(&format!(
        "<meta property=\"og:image\" content=\"https://injectory.example/media/{display}\">"
    ));
    assert_eq!(
        profile.json_ld()["image"],
        format!("https://injectory.example/media/{display}")
    );
    let listing = app.get("/practitioners?q=Ruiz").await;
    listing.assert_contains(&format!("src=\"/media/{key}\""));
    listing.assert_contains("alt=\"Headshot of Ana Ruiz\"");

    // A second headshot replaces the first once approved; the first one's files go.
    browser.get("/dashboard/profile").await;
    browser
        .post_multipart(
            "/dashboard/uploads/headshot",
            &[],
            &[("headshot", "me2.jpg", "image/jpeg", &patterned_jpeg(22))],
        )
        .await;
    let id = app.count("SELECT MAX(id) AS n FROM headshots").await;
    moderator.get("/moderation/photos").await;
    moderator
        .post_form(&format!("/moderation/headshots/{id}/approve"), &[])
        .await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM headshots").await, 1);
    assert!(
        !media_files(&app).contains(&key),
        "the replaced headshot's files are gone"
    );
    let check = injectory::domain::practitioners::recount::differences(&app.db)
        .await
        .expect("checks");
    assert!(check.is_empty(), "counters agree with the rows: {check:?}");
}

#[tokio::test]
async fn contact_links_must_be_web_addresses_and_the_profile_offers_to_book() {
    let app = TestApp::new().await;
    let (ana, browser) = at_gallery(&app, "Ana Ruiz").await;
    browser.get("/dashboard/profile").await;
    let base = [
        ("name", "Ana Ruiz"),
        ("profession", "nurse_practitioner"),
        ("setting", "med_spa"),
        ("city", "Austin"),
        ("region", "TX"),
        ("treatments", "lip_flip"),
        ("supervising_physician", "Dr. Lee"),
        ("publish", "on"),
    ];
    for (field, bad) in [
        ("booking_url", "javascript:alert(document.cookie)"),
        ("website_url", "data:text/html,<script>alert(1)</script>"),
        ("booking_url", "clinic.example/book"),
    ] {
        let mut fields = base.to_vec();
        fields.push((field, bad));
        let refused = browser.post_form("/dashboard/profile", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        refused.assert_contains("Enter a web address starting with https://");
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) AS n FROM practitioners WHERE id = {} AND (booking_url <> '' OR website_url <> '')",
                ana.id
            ))
            .await,
            0
        );
    }
    let mut fields = base.to_vec();
    fields.extend([
        ("booking_url", "https://book.example/ana?from=injectory"),
        ("website_url", "https://ana.example"),
        ("phone", "(512) 555-0134"),
        ("street_address", "100 Congress Ave, Suite 200"),
        ("opening_hours", "Tue-Sat 10:00-18:00"),
    ]);
    let saved = browser.post_form("/dashboard/profile", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains(
        "<a class=\"button primary\" href=\"https://book.example/ana?from=injectory\" rel=\"nofollow noopener\">Book a consultation</a>",
    );
    profile.assert_contains("href=\"tel:5125550134\"");
    profile.assert_contains("https://www.openstreetmap.org/search?query=100+Congress+Ave");
    profile.assert_contains("Tue-Sat 10:00-18:00");
    let data = profile.json_ld();
    assert_eq!(data["telephone"], "(512) 555-0134");
    assert_eq!(
        data["address"]["streetAddress"],
        "100 Congress Ave, Suite 200"
    );
}
