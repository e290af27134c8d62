//! What a visitor sees: the home page, the directory, health, assets and error pages.

mod common;

use axum::http::{Method, StatusCode};
use common::{Page, TestApp};
use sea_orm::{ConnectionTrait, Statement};

#[tokio::test]
async fn home_page_features_best_rated_practitioners() {
    let app = TestApp::with_demo_data().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    page.assert_contains("<title>Find a qualified lip flip injector · Injectory</title>");
    page.assert_contains("Highly rated injectors");
    // The featured cards link to profiles of published practitioners with reviews.
    assert!(
        page.body.matches("href=\"/practitioners/").count() >= 3,
        "{}",
        page.body
    );
    page.assert_lacks("Lily Chen");
}

#[tokio::test]
async fn directory_lists_every_published_practitioner_across_pages() {
    let app = TestApp::with_demo_data().await;
    let first = app.get("/practitioners").await;
    assert_eq!(first.status, StatusCode::OK);
    first.assert_contains("<strong>25</strong> practitioners listed");
    first.assert_contains("Page 1 of 2");
    let second = app.get("/practitioners?page=2").await;
    second.assert_contains("Page 2 of 2");
    let both = format!("{}{}", first.body, second.body);
    for name in [
        "Dr. Maya Rivera",
        "Priya Nair, NP",
        "Jordan Blake, PA-C",
        "Elena Petrova, RN",
        "Dr. Hannah Cho, DDS",
        "Dr. Ethan Moore, DMD",
    ] {
        assert!(both.contains(name), "{name} is listed");
    }
    // Unpublished profiles never appear.
    for name in ["Lily Chen", "Oscar Reyes"] {
        assert!(
            !both.contains(name),
            "{name} is unpublished and must not be listed"
        );
    }
    assert_eq!(
        both.matches("<li class=\"card\">").count(),
        25,
        "each published practitioner once"
    );
}

#[tokio::test]
async fn directory_cards_show_the_badge_only_for_a_verified_unexpired_license() {
    let app = TestApp::with_demo_data().await;
    let pages = format!(
        "{}{}",
        app.get("/practitioners").await.body,
        app.get("/practitioners?page=2").await.body
    );
    let card_of = |name: &str| -> String {
        let start = pages
            .find(&format!(">{name}<"))
            .unwrap_or_else(|| panic!("{name} listed"));
        let end = pages[start..]
            .find("</li>")
            .map(|e| start + e)
            .unwrap_or(pages.len());
        pages[start..end].to_owned()
    };
    assert!(card_of("Dr. Maya Rivera").contains("✓ Verified license"));
    // License verified but expired in 2025: the badge has lapsed by itself.
    assert!(card_of("Dr. Daniel Weiss").contains("License not verified"));
    // License still pending.
    assert!(card_of("Tomás Herrera, RN").contains("License not verified"));
}

#[tokio::test]
async fn malformed_or_out_of_range_page_numbers_do_not_fail() {
    let app = TestApp::with_demo_data().await;
    let page = app.get("/practitioners?page=banana").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Page 1 of 2");
    let past_the_end = app.get("/practitioners?page=99").await;
    assert_eq!(past_the_end.status, StatusCode::OK);
    past_the_end.assert_contains("No practitioners on this page");
    let huge = app.get("/practitioners?page=18446744073709551615").await;
    assert_eq!(huge.status, StatusCode::OK);
}

#[tokio::test]
async fn names_people_wrote_are_escaped() {
    let app = TestApp::new().await;
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_string(
            backend,
            "INSERT INTO practitioners (slug, name, profession, setting, city, published, review_count, rating_sum, created_at, updated_at) \
             VALUES ('x', '<script>alert(1)</script>', 'physician', 'med_spa', 'A&B \"Town\"', true, 1, 5, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
                .to_owned(),
        ))
        .await
        .expect("row inserted");
    let page = app.get("/practitioners").await;
    page.assert_lacks("<script>alert(1)</script>");
    page.assert_contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    page.assert_contains("A&amp;B &quot;Town&quot;");
}

#[tokio::test]
async fn health_check_reports_the_database() {
    let app = TestApp::new().await;
    let page = app.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "ok\n");

    app.db.close_by_ref().await.expect("pool closes");
    let page = app.get("/healthz").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.body, "database unavailable\n");
    assert_eq!(page.header("retry-after"), "5");
}

#[tokio::test]
async fn an_unknown_path_gives_the_404_page() {
    let app = TestApp::new().await;
    for path in [
        "/no-such-page",
        "/media/not-a-key.jpg",
        "/static/site.0000.css",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            page.header("content-type").starts_with("text/html"),
            "{path}"
        );
        page.assert_contains("<h1>404 Not Found</h1>");
        page.assert_contains("We could not find that page.");
        page.assert_contains("href=\"/practitioners\"");
    }
}

#[tokio::test]
async fn error_pages_cover_wrong_methods_and_oversized_bodies() {
    let app = TestApp::new().await;
    let wrong_method = app.send(Method::POST, "/healthz", &[], Vec::new()).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    wrong_method.assert_contains("<h1>405 Method Not Allowed</h1>");

    // More than any upload may carry, anywhere; and more than a form may carry, on a form.
    let beyond_uploads = injectory::web::gallery::UPLOAD_BODY_LIMIT + 1;
    let form_limit = 64 * 1024 + 1;
    for (path, size, content_type) in [
        ("/practitioners", beyond_uploads, "application/octet-stream"),
        ("/login", form_limit, "application/x-www-form-urlencoded"),
    ] {
        let too_big = app
            .send(
                Method::POST,
                path,
                &[
                    ("content-length", &size.to_string()),
                    ("content-type", content_type),
                ],
                vec![b'x'; size],
            )
            .await;
        assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        too_big.assert_contains("<h1>413 Payload Too Large</h1>");
        too_big.assert_contains("That upload is too large.");
    }
}

#[tokio::test]
async fn error_pages_never_show_internals() {
    let app = TestApp::new().await;
    // Dropping a table the directory reads makes its query fail inside the handler.
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_string(
            backend,
            "DROP TABLE practitioner_products".to_owned(),
        ))
        .await
        .expect("drop");
    app.db
        .execute_raw(Statement::from_string(
            backend,
            "DROP TABLE practitioner_treatments".to_owned(),
        ))
        .await
        .expect("drop");
    app.db
        .execute_raw(Statement::from_string(
            backend,
            "ALTER TABLE practitioners RENAME TO practitioners_gone".to_owned(),
        ))
        .await
        .expect("rename");
    let page = app.get("/practitioners").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    page.assert_contains("<h1>500 Internal Server Error</h1>");
    page.assert_contains("Something went wrong on our side.");
    page.assert_lacks("practitioners_gone");
    page.assert_lacks("SELECT");
}

#[tokio::test]
async fn the_stylesheet_is_linked_and_cached_for_a_year() {
    let app = TestApp::new().await;
    let home = app.get("/").await;
    let href = injectory::views::assets::stylesheet_href();
    home.assert_contains(&format!("<link rel=\"stylesheet\" href=\"{href}\">"));
    let css = app.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.header("cache-control").contains("max-age=31536000"));
    assert!(css.body.contains(".skip-link"));
    home.assert_contains("<a class=\"skip-link\" href=\"#main\">");
}

#[tokio::test]
async fn stored_photos_are_served_with_long_cache_headers() {
    let app = TestApp::with_demo_data().await;
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT storage_key FROM images ORDER BY id LIMIT 1".to_owned(),
        ))
        .await
        .expect("query")
        .expect("an image");
    let key: String = row.try_get("", "storage_key").expect("key");
    let response = app.get(&format!("/media/{key}")).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), "image/jpeg");
    assert!(response.header("cache-control").contains("immutable"));
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_accept_gzip() {
    let app = TestApp::with_demo_data().await;
    let page = app
        .send(
            Method::GET,
            "/practitioners",
            &[("accept-encoding", "gzip")],
            Vec::new(),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-encoding"), "gzip");
    assert_eq!(page.header("vary"), "accept-encoding");
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(page.bytes.as_slice()),
        &mut unzipped,
    )
    .expect("the body is one whole gzip member");
    let plain = app.get("/practitioners").await;
    assert_eq!(plain.header("content-encoding"), "");
    assert_eq!(
        plain.header("vary"),
        "accept-encoding",
        "a shared cache keeps the two apart"
    );
    assert_eq!(unzipped, plain.body);
    assert!(
        page.bytes.len() * 4 < plain.body.len(),
        "{} bytes zipped",
        page.bytes.len()
    );
}

#[tokio::test]
async fn every_error_the_app_raises_renders_the_site_error_page() {
    use axum::response::IntoResponse;
    use injectory::error::AppError;

    let cases = [
        (
            AppError::BadRequest("The page number must be a whole number.".into()),
            400,
            "The page number must be a whole number.",
        ),
        (
            AppError::Forbidden,
            403,
            "You do not have permission to do that.",
        ),
        (AppError::NotFound, 404, "We could not find that page."),
        (AppError::PayloadTooLarge, 413, "That upload is too large."),
        (
            AppError::Internal("secret detail: /etc/passwd".into()),
            500,
            "Something went wrong on our side.",
        ),
    ];
    for (error, status, sentence) in cases {
        let page = Page::read(error.into_response()).await;
        assert_eq!(page.status.as_u16(), status);
        let body = &page.body;
        assert!(body.contains(sentence), "{status}: {body}");
        assert!(
            body.contains("id=\"main\""),
            "{status} uses the site layout: {body}"
        );
        assert!(
            !body.contains("secret detail"),
            "internals never reach the page"
        );
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::with_demo_data().await;
    let css = injectory::views::assets::stylesheet_href();
    for path in [
        "/",
        "/practitioners",
        "/healthz",
        "/no-such-page",
        css.as_str(),
    ] {
        let page = app.get(path).await;
        assert_eq!(
            page.header("content-security-policy"),
            injectory::web::CONTENT_SECURITY_POLICY,
            "{path}"
        );
        assert!(
            page.header("content-security-policy")
                .contains("frame-ancestors 'none'")
        );
        assert!(
            !page
                .header("content-security-policy")
                .contains("unsafe-inline")
        );
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            page.header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(
            page.header("strict-transport-security"),
            "",
            "no HSTS over plain http: {path}"
        );
    }
    let too_big = app
        .send(
            Method::POST,
            "/",
            &[("content-length", "99999999")],
            Vec::new(),
        )
        .await;
    assert_eq!(too_big.header("x-content-type-options"), "nosniff");
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_served_over_https() {
    let app = TestApp::with_settings(&[("PUBLIC_URL", "https://injectory.example")]).await;
    let page = app.get("/").await;
    assert!(
        page.header("strict-transport-security")
            .starts_with("max-age="),
        "{:?}",
        page.headers
    );
}

#[tokio::test]
async fn a_request_that_takes_too_long_gets_the_timeout_page() {
    use sea_orm::TransactionTrait;

    let app = TestApp::with_settings(&[("REQUEST_TIMEOUT_SECS", "1")]).await;
    // Hold the database so the directory query cannot finish: on SQLite the test takes the
    // only connection; on PostgreSQL it locks the table the query reads.
    let txn = app.db.begin().await.expect("transaction");
    if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE practitioners IN ACCESS EXCLUSIVE MODE")
            .await
            .expect("lock");
    }
    let page = app.get("/practitioners").await;
    txn.rollback().await.expect("rollback");
    assert_eq!(page.status, StatusCode::REQUEST_TIMEOUT);
    page.assert_contains("That took too long to answer.");
    assert_eq!(
        app.get("/practitioners").await.status,
        StatusCode::OK,
        "the app answers again once the database is free"
    );
}
