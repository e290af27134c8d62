//! The documents behind credentials: attached by their practitioner, recognised by their
//! bytes, opened only by that practitioner and moderators, never cached, and deleted when
//! replaced or withdrawn.

mod common;

use axum::http::StatusCode;
use common::images::patterned_jpeg;
use common::{BUILT_PASSWORD, BuiltPractitioner, Client, CredentialOutcome, TestApp};

/// A small but real PDF.
const LICENCE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A practitioner with one credential in the state `outcome`, signed in on its page.
async fn with_credential<'a>(
    app: &'a TestApp,
    name: &str,
    outcome: CredentialOutcome,
) -> (BuiltPractitioner, i64, Client<'a>) {
    let practitioner = app.published_practitioner(name, "Austin").await;
    let moderator = app.moderator(&format!("{name} Checker")).await;
    let credential = app
        .credential(practitioner.id, moderator, None, outcome)
        .await;
    let browser = app.client();
    browser.login(&practitioner.email, BUILT_PASSWORD).await;
    let page = browser
        .get(&format!("/dashboard/credentials/{credential}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    (practitioner, credential, browser)
}

async fn attach(
    browser: &Client<'_>,
    credential: i64,
    name: &str,
    declared: &str,
    bytes: &[u8],
) -> common::Page {
    browser
        .post_multipart(
            &format!("/dashboard/uploads/credentials/{credential}"),
            &[],
            &[("document", name, declared, bytes)],
        )
        .await
}

async fn document_key(app: &TestApp, credential: i64) -> String {
    app.text(&format!(
        "SELECT COALESCE(document_key, '') AS t FROM credentials WHERE id = {credential}"
    ))
    .await
}

fn stored(app: &TestApp, key: &str) -> bool {
    app.media_dir.path().join(key).exists()
}

#[tokio::test]
async fn a_document_is_its_owners_and_the_moderators_and_nobody_elses() {
    let app = TestApp::new().await;
    let (_, credential, ana) = with_credential(&app, "Ana Ruiz", CredentialOutcome::Pending).await;
    let sent = attach(
        &ana,
        credential,
        "license.pdf",
        "application/pdf",
        LICENCE_PDF,
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let shown = ana.get(sent.header("location")).await;
    shown.assert_contains("Your document was attached.");
    shown.assert_contains("Open the attached document");
    ana.get("/dashboard/credentials")
        .await
        .assert_contains("Document attached");

    let key = document_key(&app, credential).await;
    assert!(!key.contains("license"), "stored under a random key: {key}");
    let address = format!("/dashboard/credentials/{credential}/document");
    let own = ana.get(&address).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.header("content-type"), "application/pdf");
    assert_eq!(own.header("cache-control"), "private, no-store");
    assert!(own.header("content-disposition").starts_with("attachment"));
    assert_eq!(own.bytes, LICENCE_PDF);

    // A moderator opens it from the credentials queue.
    app.moderator("Morgan Vale").await;
    let moderator = app.client();
    moderator
        .login("morgan.vale@moderators.test", BUILT_PASSWORD)
        .await;
    let queue = moderator.get("/moderation/credentials").await;
    let link = format!("/moderation/credentials/{credential}/document");
    queue.assert_contains(&link);
    let opened = moderator.get(&link).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert_eq!(opened.header("cache-control"), "private, no-store");
    assert_eq!(opened.bytes, LICENCE_PDF);

    // Another practitioner finds nothing under the owner's address, may not use the
    // moderators', and cannot replace it.
    let bea = app.published_practitioner("Bea Cruz", "Austin").await;
    let other = app.client();
    other.login(&bea.email, BUILT_PASSWORD).await;
    other.get("/dashboard").await;
    assert_eq!(other.get(&address).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&link).await.status, StatusCode::FORBIDDEN);
    let replaced = attach(
        &other,
        credential,
        "mine.pdf",
        "application/pdf",
        LICENCE_PDF,
    )
    .await;
    assert_eq!(replaced.status, StatusCode::NOT_FOUND);
    assert_eq!(document_key(&app, credential).await, key);

    // Nobody reaches it as a picture, and a visitor is sent to sign in.
    for browser in [&ana, &moderator, &app.client()] {
        assert_eq!(
            browser.get(&format!("/media/{key}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let visitor = app.client().get(&address).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert!(visitor.header("location").starts_with("/login"));
}

#[tokio::test]
async fn a_replaced_or_withdrawn_document_is_deleted() {
    let app = TestApp::new().await;
    let (_, credential, ana) = with_credential(&app, "Ana Ruiz", CredentialOutcome::Pending).await;
    attach(
        &ana,
        credential,
        "scan.jpg",
        "image/jpeg",
        &patterned_jpeg(3),
    )
    .await;
    let first = document_key(&app, credential).await;
    assert!(stored(&app, &first));
    let photo = ana
        .get(&format!("/dashboard/credentials/{credential}/document"))
        .await;
    assert_eq!(photo.header("content-type"), "image/jpeg");

    ana.get(&format!("/dashboard/credentials/{credential}"))
        .await;
    let sent = attach(
        &ana,
        credential,
        "license.pdf",
        "application/pdf",
        LICENCE_PDF,
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let second = document_key(&app, credential).await;
    assert_ne!(first, second);
    assert!(!stored(&app, &first), "the replaced document is deleted");
    assert!(stored(&app, &second));

    ana.get(&format!("/dashboard/credentials/{credential}"))
        .await;
    let withdrawn = ana
        .post_form(
            &format!("/dashboard/credentials/{credential}/withdraw"),
            &[],
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert!(
        !stored(&app, &second),
        "a withdrawn credential's document is deleted"
    );
}

#[tokio::test]
async fn what_is_not_a_pdf_jpeg_or_png_is_refused_with_a_message() {
    let app = TestApp::new().await;
    let (_, credential, ana) = with_credential(&app, "Ana Ruiz", CredentialOutcome::Pending).await;
    let page = b"<!doctype html><script>alert(1)</script>";
    let refused = attach(&ana, credential, "license.pdf", "application/pdf", page).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("is not a PDF, JPEG or PNG");
    let missing = attach(&ana, credential, "", "application/octet-stream", b"").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    missing.assert_contains("Choose the document to attach.");
    let too_big = vec![b'%'; 6 * 1024 * 1024];
    let big = attach(&ana, credential, "big.pdf", "application/pdf", &too_big).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    big.assert_contains("5 MB");
    assert_eq!(document_key(&app, credential).await, "");
    assert_eq!(
        std::fs::read_dir(app.media_dir.path())
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "no file is left behind"
    );
}

#[tokio::test]
async fn evidence_sends_a_rejected_credential_back_and_a_verified_one_keeps_its_own() {
    let app = TestApp::new().await;
    let (_, rejected, ana) = with_credential(&app, "Ana Ruiz", CredentialOutcome::Rejected).await;
    let sent = attach(
        &ana,
        rejected,
        "license.pdf",
        "application/pdf",
        LICENCE_PDF,
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.text(&format!(
            "SELECT status AS t FROM credentials WHERE id = {rejected}"
        ))
        .await,
        "pending",
        "back in the moderators' queue with its evidence"
    );

    let (_, verified, bea) = with_credential(&app, "Bea Cruz", CredentialOutcome::Verified).await;
    let page = bea.get(&format!("/dashboard/credentials/{verified}")).await;
    page.assert_lacks("/dashboard/uploads/credentials/");
    let refused = attach(
        &bea,
        verified,
        "license.pdf",
        "application/pdf",
        LICENCE_PDF,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("keeps the document it was verified on");
    assert_eq!(document_key(&app, verified).await, "");
    assert_eq!(
        app.text(&format!(
            "SELECT status AS t FROM credentials WHERE id = {verified}"
        ))
        .await,
        "verified"
    );
}
