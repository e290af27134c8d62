//! Who may act on which row, and what a stranger's page can make a signed-in browser do.

mod common;

use axum::http::{Method, StatusCode};
use common::{TestApp, form_body};
use injectory::vocabulary::Role;
use injectory::web::CONTENT_SECURITY_POLICY;

const A_PASSWORD: &str = "harbor lantern velvet orbit";
const B_PASSWORD: &str = "copper meadow signal frost";

async fn add_credential(app: &TestApp, practitioner_id: i64, title: &str) -> i64 {
    use injectory::domain::credentials;
    credentials::add(
        &app.db,
        practitioner_id,
        credentials::check_credential(&credentials::CredentialInput {
            kind: "license".into(),
            title: title.into(),
            issuer: "Texas Board of Nursing".into(),
            number: "AP-12345".into(),
            ..Default::default()
        })
        .expect("valid credential"),
        app.clock.now(),
    )
    .await
    .expect("credential added")
}

#[tokio::test]
async fn a_post_without_or_with_a_wrong_csrf_token_is_403_and_changes_nothing() {
    let app = TestApp::new().await;
    let (_, a_profile) = app
        .practitioner("a@example.com", A_PASSWORD, "Avery Stone")
        .await;
    let browser = app.client();
    browser.login("a@example.com", A_PASSWORD).await;
    browser.get("/dashboard/profile").await;
    let fields = [
        ("name", "Hijacked Name"),
        ("profession", "nurse_practitioner"),
        ("setting", "med_spa"),
    ];

    let missing = browser.post_form_raw("/dashboard/profile", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    missing.assert_contains("This form has expired or was sent from another site");
    let mut wrong = fields.to_vec();
    let forged = "0".repeat(64);
    wrong.push(("csrf_token", &forged));
    assert_eq!(
        browser
            .post_form_raw("/dashboard/profile", &wrong)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A token in the header must match too.
    let header = browser
        .send(
            Method::POST,
            "/dashboard/profile",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("x-csrf-token", &forged),
            ],
            form_body(&fields),
        )
        .await;
    assert_eq!(header.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.text(&format!(
            "SELECT name AS t FROM practitioners WHERE id = {a_profile}"
        ))
        .await,
        "Avery Stone"
    );

    // Logging out is a POST too: without the token the session survives.
    assert_eq!(
        browser.post_form_raw("/logout", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions").await, 1);

    // The same form with the page's token works, so the refusals above were about the token.
    let saved = browser.post_form("/dashboard/profile", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.text(&format!(
            "SELECT name AS t FROM practitioners WHERE id = {a_profile}"
        ))
        .await,
        "Hijacked Name"
    );
}

#[tokio::test]
async fn sign_in_and_registration_need_the_pre_session_token() {
    let app = TestApp::new().await;
    app.account("ana@example.com", A_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    // No form was loaded, so there is no token cookie: a cross-site login attempt fails.
    let login = browser
        .post_form_raw(
            "/login",
            &[("email", "ana@example.com"), ("password", A_PASSWORD)],
        )
        .await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
    assert!(browser.session_cookie().is_none());
    let register = browser
        .post_form_raw(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", "X"),
                ("email", "x@example.com"),
                ("password", B_PASSWORD),
            ],
        )
        .await;
    assert_eq!(register.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM accounts").await, 1);

    // The sign-in page hands out a token cookie; another browser's token does not fit it.
    let other = app.client();
    other.get("/login").await;
    let foreign_token = other.token.borrow().clone().expect("token");
    let form = browser.get("/login").await;
    assert!(
        form.header("set-cookie").starts_with("csrf="),
        "{}",
        form.header("set-cookie")
    );
    let mismatched = browser
        .post_form_raw(
            "/login",
            &[
                ("email", "ana@example.com"),
                ("password", A_PASSWORD),
                ("csrf_token", &foreign_token),
            ],
        )
        .await;
    assert_eq!(mismatched.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.login("ana@example.com", A_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_foreign_origin_is_refused_even_with_the_right_token() {
    let app = TestApp::new().await;
    let (_, profile) = app
        .practitioner("a@example.com", A_PASSWORD, "Avery Stone")
        .await;
    let browser = app.client();
    browser.login("a@example.com", A_PASSWORD).await;
    browser.get("/dashboard/profile").await;
    let token = browser.token.borrow().clone().expect("token");
    let body = form_body(&[
        ("name", "Changed"),
        ("profession", "nurse_practitioner"),
        ("setting", "med_spa"),
        ("csrf_token", &token),
    ]);
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1:3000.evil.example",
    ] {
        let page = browser
            .send(
                Method::POST,
                "/dashboard/profile",
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("origin", origin),
                ],
                body.clone(),
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{origin}");
    }
    let cross_site = browser
        .send(
            Method::POST,
            "/dashboard/profile",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("sec-fetch-site", "cross-site"),
            ],
            body.clone(),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.text(&format!(
            "SELECT name AS t FROM practitioners WHERE id = {profile}"
        ))
        .await,
        "Avery Stone"
    );
    let own = browser
        .send(
            Method::POST,
            "/dashboard/profile",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "same-origin"),
            ],
            body,
        )
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
}

#[tokio::test]
async fn practitioner_a_cannot_read_or_change_b_rows_by_editing_ids() {
    let app = TestApp::new().await;
    let (_, a_profile) = app
        .practitioner("a@example.com", A_PASSWORD, "Avery Stone")
        .await;
    let (_, b_profile) = app
        .practitioner("b@example.com", B_PASSWORD, "Blair Quinn")
        .await;
    let a_credential = add_credential(&app, a_profile, "Avery's license").await;
    let b_credential = add_credential(&app, b_profile, "Blair's license").await;

    let a = app.client();
    a.login("a@example.com", A_PASSWORD).await;
    let own = a
        .get(&format!("/dashboard/credentials/{a_credential}"))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    own.assert_contains("<h1>Avery's license</h1>");
    let list = a.get("/dashboard/credentials").await;
    list.assert_lacks("Blair");

    let theirs = a
        .get(&format!("/dashboard/credentials/{b_credential}"))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    theirs.assert_lacks("Blair");
    let edit = a
        .post_form(
            &format!("/dashboard/credentials/{b_credential}"),
            &[
                ("kind", "license"),
                ("title", "Taken over"),
                ("issuer", "Nowhere"),
                ("number", "1"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
    let withdraw = a
        .post_form(
            &format!("/dashboard/credentials/{b_credential}/withdraw"),
            &[],
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.text(&format!(
            "SELECT title AS t FROM credentials WHERE id = {b_credential}"
        ))
        .await,
        "Blair's license"
    );
    for junk in ["abc", "-1", "99999999999999999999"] {
        assert_eq!(
            a.get(&format!("/dashboard/credentials/{junk}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }

    // Ids smuggled into the profile form are ignored: only A's own row changes.
    a.get("/dashboard/profile").await;
    let saved = a
        .post_form(
            "/dashboard/profile",
            &[
                ("id", &b_profile.to_string()),
                ("practitioner_id", &b_profile.to_string()),
                ("account_id", "2"),
                ("published", "true"),
                ("name", "Avery Stone, NP"),
                ("profession", "nurse_practitioner"),
                ("setting", "med_spa"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.text(&format!(
            "SELECT name AS t FROM practitioners WHERE id = {a_profile}"
        ))
        .await,
        "Avery Stone, NP"
    );
    assert_eq!(
        app.text(&format!(
            "SELECT name AS t FROM practitioners WHERE id = {b_profile}"
        ))
        .await,
        "Blair Quinn"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM practitioners WHERE published = true")
            .await,
        0
    );

    // A's own credential can be corrected and withdrawn.
    let corrected = a
        .post_form(
            &format!("/dashboard/credentials/{a_credential}"),
            &[
                ("kind", "license"),
                ("title", "Avery's APRN license"),
                ("issuer", "Texas BON"),
                ("number", "AP-1"),
            ],
        )
        .await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    a.get(&format!("/dashboard/credentials/{a_credential}"))
        .await;
    assert_eq!(
        a.post_form(
            &format!("/dashboard/credentials/{a_credential}/withdraw"),
            &[]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM credentials WHERE id = {a_credential}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn a_new_credential_with_bad_fields_is_shown_again_with_messages_and_not_saved() {
    let app = TestApp::new().await;
    app.practitioner("a@example.com", A_PASSWORD, "Avery Stone")
        .await;
    let a = app.client();
    a.login("a@example.com", A_PASSWORD).await;
    a.get("/dashboard/credentials").await;
    let page = a
        .post_form(
            "/dashboard/credentials",
            &[
                ("kind", "license"),
                ("title", "RN <license>"),
                ("issuer", ""),
                ("issued_on", "2024-05-01"),
                ("expires_on", "2023-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("A license needs its number");
    page.assert_contains("The expiry date is before the issue date.");
    page.assert_contains("value=\"RN &lt;license&gt;\"");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM credentials").await, 0);

    let added = a
        .post_form(
            "/dashboard/credentials",
            &[
                ("kind", "license"),
                ("title", "RN license"),
                ("issuer", "Texas BON"),
                ("number", "RN-9"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM credentials WHERE status = 'pending'")
            .await,
        1,
        "a practitioner's own credential starts unverified"
    );
}

#[tokio::test]
async fn each_role_reaches_only_its_own_area() {
    let app = TestApp::new().await;
    app.account("pat@example.com", A_PASSWORD, Role::Patient, "Pat")
        .await;
    app.practitioner("doc@example.com", A_PASSWORD, "Dana Cole")
        .await;
    app.account("mod@example.com", A_PASSWORD, Role::Moderator, "Mo")
        .await;

    let patient = app.client();
    patient.login("pat@example.com", A_PASSWORD).await;
    for path in [
        "/moderation",
        "/moderation/reviews",
        "/dashboard",
        "/dashboard/profile",
        "/dashboard/credentials/1",
        "/dashboard/credentials/1/document",
        "/dashboard/gallery",
        "/dashboard/reviews",
        "/dashboard/invites",
        "/dashboard/preview",
        "/moderation/photos",
        "/moderation/credentials/1/document",
    ] {
        let page = patient.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "patient on {path}");
        page.assert_contains("You do not have permission");
    }
    patient.get("/account").await;
    assert_eq!(
        patient
            .post_form("/dashboard/credentials", &[("kind", "license")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(patient.get("/me/reviews").await.status, StatusCode::OK);

    let practitioner = app.client();
    practitioner.login("doc@example.com", A_PASSWORD).await;
    assert_eq!(
        practitioner.get("/moderation").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        practitioner.get("/me/reviews").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(practitioner.get("/dashboard").await.status, StatusCode::OK);

    let moderator = app.client();
    moderator.login("mod@example.com", A_PASSWORD).await;
    assert_eq!(
        moderator.get("/dashboard").await.status,
        StatusCode::FORBIDDEN
    );
    let queues = moderator.get("/moderation").await;
    assert_eq!(queues.status, StatusCode::OK);
    queues.assert_contains("Credentials");
    assert_eq!(
        moderator.get("/moderation/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn demo_accounts_see_their_own_rows() {
    let app = TestApp::with_demo_data().await;
    let patient = app.client();
    let page = patient
        .login("patient@demo.injectory.test", "Quiet-smile-owl-77")
        .await;
    assert_eq!(page.header("location"), "/account");
    let mine = patient.get("/me/reviews").await;
    assert_eq!(mine.status, StatusCode::OK);
    let own = app
        .count("SELECT COUNT(*) AS n FROM reviews r JOIN accounts a ON a.id = r.author_id WHERE a.email = 'patient@demo.injectory.test'")
        .await;
    assert!(own > 0, "the demo patient has reviews");
    assert_eq!(
        mine.body.matches("class=\"card authored-review\"").count() as i64,
        own,
        "one entry per own review"
    );

    let moderator = app.client();
    moderator
        .login("moderator@demo.injectory.test", "Cupids-bow-audit-42")
        .await;
    let queues = moderator.get("/moderation").await;
    let pending_credentials = app
        .count("SELECT COUNT(*) AS n FROM credentials WHERE status = 'pending'")
        .await;
    queues.assert_contains(&format!(
        "<td><a href=\"/moderation/credentials\">Credentials</a></td><td>{pending_credentials}</td>"
    ));

    let practitioner = app.client();
    practitioner
        .login("practitioner@demo.injectory.test", "Lip-flip-clinic-2026")
        .await;
    let dashboard = practitioner.get("/dashboard").await;
    dashboard.assert_contains("is listed in the directory");
    dashboard.assert_contains("/practitioners/dr-maya-rivera");
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = TestApp::new().await;
    app.practitioner("doc@example.com", A_PASSWORD, "Dana Cole")
        .await;
    let anonymous = app.client();
    let signed_in = app.client();
    signed_in.login("doc@example.com", A_PASSWORD).await;
    let mut pages = Vec::new();
    for path in [
        "/",
        "/practitioners",
        "/login",
        "/register",
        "/password/forgot",
        "/dashboard",
        "/nowhere",
    ] {
        pages.push((format!("anonymous {path}"), anonymous.get(path).await));
    }
    for path in [
        "/",
        "/account",
        "/account/password",
        "/dashboard",
        "/dashboard/profile",
        "/dashboard/credentials",
        "/dashboard/gallery",
        "/dashboard/reviews",
        "/dashboard/invites",
        "/dashboard/preview",
        "/moderation",
    ] {
        pages.push((format!("signed in {path}"), signed_in.get(path).await));
    }
    pages.push((
        "refused POST".into(),
        anonymous.post_form_raw("/logout", &[]).await,
    ));
    pages.push((
        "failed login".into(),
        anonymous.login("doc@example.com", "not it at all").await,
    ));
    for (what, page) in &pages {
        assert_eq!(
            page.header("content-security-policy"),
            CONTENT_SECURITY_POLICY,
            "{what}"
        );
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(
            page.header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{what}"
        );
        assert_eq!(
            page.header("strict-transport-security"),
            "",
            "{what}: no HSTS over plain http"
        );
    }
    assert!(CONTENT_SECURITY_POLICY.contains("default-src 'self'"));
    assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
    assert!(CONTENT_SECURITY_POLICY.contains("form-action 'self'"));
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
    // Pages for a signed-in visitor are not stored by shared caches.
    assert_eq!(
        signed_in.get("/account").await.header("cache-control"),
        "private, no-store"
    );
    for (what, page) in &pages {
        // Scripts come only as files of our own (the upload progress), never inline; the
        // profile's JSON-LD is data, not a script that runs.
        for script in page.body.split("<script").skip(1) {
            assert!(
                (script.starts_with(" src=\"/static/upload.") && script.contains("></script>"))
                    || script.starts_with(" type=\"application/ld+json\">"),
                "{what} has an inline script: <script{}",
                &script[..script.len().min(80)]
            );
        }
        assert!(!page.body.contains("style="), "{what} has no inline style");
    }
}

#[tokio::test]
async fn names_users_wrote_are_escaped_in_the_header() {
    let app = TestApp::new().await;
    app.account(
        "x@example.com",
        A_PASSWORD,
        Role::Patient,
        "<script>alert(1)</script>",
    )
    .await;
    let browser = app.client();
    browser.login("x@example.com", A_PASSWORD).await;
    let page = browser.get("/").await;
    page.assert_contains(
        "Signed in as <a href=\"/account\">&lt;script&gt;alert(1)&lt;/script&gt;</a>",
    );
    page.assert_lacks("<script>alert");
}
