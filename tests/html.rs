//! Every page type passes the Nu Html Checker (`vnu.jar`, installed by `.ci/run` with
//! `npm ci --prefix tools/browser`; it needs a Java runtime) with no error: the public pages,
//! and the pages of a patient, a practitioner and a moderator signed in, on the demo data.

mod common;

use std::path::PathBuf;
use std::process::Command;

use axum::http::StatusCode;
use common::TestApp;

fn checker() -> PathBuf {
    let jar = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tools/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "{} is missing: run `npm ci --prefix tools/browser`",
        jar.display()
    );
    jar
}

#[tokio::test]
async fn every_page_type_is_valid_html() {
    let app = TestApp::with_demo_data().await;
    let folder = tempfile::tempdir().expect("a folder for the pages");
    let mut written = Vec::new();
    let mut save = |name: String, body: &str| {
        let path = folder.path().join(format!("{}.html", written.len()));
        std::fs::write(&path, body).expect("page written");
        written.push((path, name));
    };
    let anonymous = app.client();
    for path in [
        "/",
        "/practitioners",
        "/practitioners?location=Austin&verified=on&treatment=lip_flip",
        "/practitioners?per_page=3&page=4",
        "/practitioners?location=Nowhere",
        "/practitioners/dr-maya-rivera",
        "/practitioners/dr-maya-rivera/photos/1",
        "/compare?p=dr-maya-rivera&p=priya-nair",
        "/compare?p=dr-maya-rivera",
        "/guide",
        "/guide/lip-flip",
        "/guide/choosing-an-injector",
        "/guide/preparation-and-aftercare",
        "/guide/warning-signs",
        "/transparency",
        "/transparency?practitioner=dr-maya-rivera",
        "/how-we-verify",
        "/about",
        "/privacy",
        "/terms",
        "/contact",
        "/login",
        "/register",
        "/password/forgot",
        "/register/sent",
        "/nowhere",
    ] {
        let page = anonymous.get(path).await;
        assert!(page.body.starts_with("<!DOCTYPE html>"), "{path}");
        save(path.to_owned(), &page.body);
    }
    anonymous.get("/register").await;
    let refused = anonymous
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", ""),
                ("email", "x"),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    save("/register with errors".to_owned(), &refused.body);

    let accounts: [(&str, &str, &[&str]); 3] = [
        (
            "patient@demo.injectory.test",
            "Quiet-smile-owl-77",
            &[
                "/account",
                "/account/password",
                "/me/reviews",
                "/practitioners/priya-nair/review",
                "/reviews/1/flag",
            ],
        ),
        (
            "practitioner@demo.injectory.test",
            "Lip-flip-clinic-2026",
            &[
                "/dashboard",
                "/dashboard/profile",
                "/dashboard/credentials",
                "/dashboard/credentials/1",
                "/dashboard/gallery",
                "/dashboard/reviews",
                "/dashboard/invites",
                "/dashboard/preview",
                "/moderation",
            ],
        ),
        (
            "moderator@demo.injectory.test",
            "Cupids-bow-audit-42",
            &[
                "/moderation",
                "/moderation/reviews",
                "/moderation/appeals",
                "/moderation/flags",
                "/moderation/credentials",
                "/moderation/photos",
                "/moderation/log",
            ],
        ),
    ];
    for (email, password, paths) in accounts {
        let member = app.client();
        let signed_in = member.login(email, password).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{email}");
        for path in paths {
            let page = member.get(path).await;
            assert!(page.body.starts_with("<!DOCTYPE html>"), "{email} {path}");
            save(format!("{path} as {email}"), &page.body);
        }
    }
    // A credential still waiting for a moderator has the document form (the demo
    // practitioner's own are all verified, which hides it).
    let practitioner = app.client();
    practitioner
        .login("practitioner@demo.injectory.test", "Lip-flip-clinic-2026")
        .await;
    practitioner.get("/dashboard/credentials").await;
    let added = practitioner
        .post_form(
            "/dashboard/credentials",
            &[
                ("kind", "training"),
                ("title", "Lip flip workshop"),
                ("issuer", "Austin Injector Training"),
                ("issued_on", "2025-04-01"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let pending = added.header("location").to_owned();
    let page = practitioner.get(&pending).await;
    assert!(page.body.contains("Attach a document"), "{}", page.body);
    save(format!("{pending} (pending credential)"), &page.body);

    let output = Command::new("java")
        .arg("-jar")
        .arg(checker())
        .arg("--errors-only")
        .args(written.iter().map(|(path, _)| path))
        .output()
        .expect("java runs: install a Java runtime (.ci/run does)");
    let report = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    let mut named = report.clone();
    for (path, name) in &written {
        named = named.replace(&format!("file:{}", path.display()), name);
    }
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu checker found errors on {} pages:\n{named}",
        written.len()
    );
}
