//! Mail: the outbox and its sender (to `.eml` files and to a real SMTP server process), and
//! account recovery through a mailed link.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::Duration;
use common::{BUILT_PASSWORD, TestApp};
use injectory::domain::outbox::{self, Mail};
use injectory::mail::{Mailer, deliver_due};
use injectory::vocabulary::MailKind;

const NEW_PASSWORD: &str = "saffron kettle window 91";

/// The reset link in a message, as a path.
fn reset_path(mail: &str) -> String {
    let at = mail.find("/password/reset/").expect("a reset link");
    mail[at..at + "/password/reset/".len() + 64].to_owned()
}

async fn ask_for_reset(app: &TestApp, email: &str) -> common::Page {
    let browser = app.client();
    browser.get("/password/forgot").await;
    browser
        .post_form("/password/forgot", &[("email", email)])
        .await
}

async fn outbox_rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM outbox").await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_mailed_link_once() {
    let app = TestApp::new().await;
    app.patient("Sam Patient").await;
    let email = "sam.patient@patients.test";
    let elsewhere = app.client();
    elsewhere.login(email, BUILT_PASSWORD).await;
    assert_eq!(elsewhere.get("/account").await.status, StatusCode::OK);

    let asked = ask_for_reset(&app, email).await;
    assert_eq!(asked.status, StatusCode::OK);
    asked.assert_contains("If an account uses that address");
    assert_eq!(outbox_rows(&app).await, 1, "written with the token");
    let delivered = app.deliver_mail().await;
    assert_eq!(delivered.sent, 1);
    let mails = app.mails();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains("To: sam.patient@patients.test"), "{mail}");
    assert!(mail.contains("Subject: Reset your Injectory password"));
    assert!(mail.contains("Message-ID: <"), "{mail}");
    assert!(mail.contains("Date: "));
    assert!(mail.contains("Content-Type: text/plain") && mail.contains("Content-Type: text/html"));
    let link = reset_path(mail);
    let token = link.trim_start_matches("/password/reset/");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM account_tokens WHERE token_hash = '{token}'"
        ))
        .await,
        0,
        "only a hash of the token is stored"
    );

    let browser = app.client();
    let form = browser.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.header("cache-control"), "private, no-store");
    let weak = browser
        .post_form(
            &link,
            &[
                ("new_password", "password1"),
                ("confirm_password", "password1"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = browser
        .post_form(
            &link,
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.header("location"), "/login?reset=done");

    // Every earlier session ended; only the new password signs in.
    assert_eq!(
        elsewhere.get("/account").await.status,
        StatusCode::SEE_OTHER
    );
    let old = app.client().login(email, BUILT_PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app.client().login(email, NEW_PASSWORD).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);

    // The link is useless afterwards.
    let again = browser.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    again.assert_contains("already been used");
    browser.get("/password/forgot").await;
    let reused = browser
        .post_form(
            &link,
            &[
                ("new_password", BUILT_PASSWORD),
                ("confirm_password", BUILT_PASSWORD),
            ],
        )
        .await;
    assert_eq!(reused.status, StatusCode::GONE);

    // A new link expires after an hour.
    ask_for_reset(&app, email).await;
    app.deliver_mail().await;
    let later = reset_path(app.mails().last().expect("a second mail"));
    app.clock.advance(Duration::minutes(61));
    let expired = app.client().get(&later).await;
    assert_eq!(expired.status, StatusCode::GONE);
    expired.assert_contains("expired");
}

#[tokio::test]
async fn the_forgot_page_answers_the_same_for_known_and_unknown_addresses() {
    let app = TestApp::new().await;
    app.patient("Sam Patient").await;
    let known = ask_for_reset(&app, "sam.patient@patients.test").await;
    let unknown = ask_for_reset(&app, "nobody@patients.test").await;
    assert_eq!(known.status, unknown.status);
    let without_token = |body: &str| {
        body.split("name=\"csrf_token\" value=\"")
            .map(|part| part.get(64..).unwrap_or(part))
            .collect::<String>()
    };
    assert_eq!(without_token(&known.body), without_token(&unknown.body));
    assert_eq!(
        outbox_rows(&app).await,
        1,
        "only the real account is mailed"
    );

    // At most three links an hour for one account, the page answering the same.
    for _ in 0..3 {
        let page = ask_for_reset(&app, "sam.patient@patients.test").await;
        assert_eq!(page.status, StatusCode::OK);
    }
    assert_eq!(outbox_rows(&app).await, 3);
    let refused = ask_for_reset(&app, "not an address").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A real SMTP server (Python's aiosmtpd) on `port`, printing what it receives to a file.
struct SmtpServer {
    child: Child,
    output: tempfile::NamedTempFile,
}

impl SmtpServer {
    fn start(port: u16) -> Self {
        let output = tempfile::NamedTempFile::new().expect("output file");
        let child = Command::new("/usr/bin/python3")
            .args([
                "-u",
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::from(output.reopen().expect("output")))
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd runs (Debian package python3-aiosmtpd; .ci/run installs it)");
        // Held at once, so the process is killed and waited for however the test ends.
        let server = Self { child, output };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(StdDuration::from_millis(50));
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    fn received(&self) -> String {
        std::fs::read_to_string(self.output.path()).unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test]
async fn mail_waits_for_the_smtp_server_and_is_given_up_after_a_day() {
    let port = free_port();
    let app = TestApp::with_settings(&[("SMTP_URL", &format!("smtp://127.0.0.1:{port}"))]).await;
    app.patient("Sam Patient").await;
    ask_for_reset(&app, "sam.patient@patients.test").await;

    // The server is down: the message stays, with the reason and a later attempt.
    let first = app.deliver_mail().await;
    assert_eq!((first.sent, first.deferred), (0, 1));
    assert_eq!(app.text("SELECT status AS t FROM outbox").await, "pending");
    assert!(
        !app.text("SELECT last_error AS t FROM outbox")
            .await
            .is_empty()
    );
    let too_soon = app.deliver_mail().await;
    assert_eq!(too_soon, Default::default(), "not retried before its time");

    // The server comes back; the retry sends it, once.
    let server = SmtpServer::start(port);
    app.clock.advance(Duration::minutes(3));
    let retried = app.deliver_mail().await;
    assert_eq!(retried.sent, 1);
    let received = server.received();
    assert!(
        received.contains("Subject: Reset your Injectory password"),
        "{received}"
    );
    assert!(received.contains("/password/reset/"));
    assert_eq!(app.deliver_mail().await, Default::default());
    assert_eq!(app.text("SELECT status AS t FROM outbox").await, "sent");
    drop(server);

    // With the server gone for more than a day, a message is given up with its reason.
    app.execute("DELETE FROM outbox").await;
    let mailer = Mailer::from_config(&app.config).expect("mailer");
    outbox::enqueue(
        &app.db,
        Mail {
            to: "sam.patient@patients.test".into(),
            subject: "Held".into(),
            text: "text".into(),
            html: "<p>html</p>".into(),
            kind: MailKind::Notice,
        },
        app.clock.now(),
    )
    .await
    .expect("queued");
    let mut given_up = 0;
    for _ in 0..30 {
        app.clock.advance(Duration::hours(1));
        given_up += deliver_due(&app.db, &mailer, app.clock.now())
            .await
            .expect("outbox")
            .given_up;
    }
    assert_eq!(given_up, 1);
    assert_eq!(app.text("SELECT status AS t FROM outbox").await, "failed");
}

#[tokio::test]
async fn two_senders_never_send_one_message_twice() {
    let app = TestApp::new().await;
    for n in 0..40 {
        outbox::enqueue(
            &app.db,
            Mail {
                to: format!("person{n}@example.test"),
                subject: format!("Message {n}"),
                text: "text".into(),
                html: "<p>html</p>".into(),
                kind: MailKind::Notice,
            },
            app.clock.now(),
        )
        .await
        .expect("queued");
    }
    let folders = [
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    ];
    let senders: Vec<Mailer> = folders
        .iter()
        .map(|dir| {
            let mut config = app.config.clone();
            config.mail_dir = dir.path().to_path_buf();
            Mailer::from_config(&config).expect("mailer")
        })
        .collect();
    let (one, two) = (
        app.another_connection().await,
        app.another_connection().await,
    );
    let now = app.clock.now();
    let (a, b) = tokio::join!(
        async {
            let mut sent = 0;
            for _ in 0..3 {
                sent += deliver_due(&one, &senders[0], now).await.expect("one").sent;
            }
            sent
        },
        async {
            let mut sent = 0;
            for _ in 0..3 {
                sent += deliver_due(&two, &senders[1], now).await.expect("two").sent;
            }
            sent
        },
    );
    assert_eq!(a + b, 40, "every message sent ({a} + {b})");
    let mut subjects = Vec::new();
    for dir in &folders {
        for entry in std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
        {
            let text = std::fs::read_to_string(entry.path()).expect("mail");
            let subject = text
                .lines()
                .find(|l| l.starts_with("Subject: "))
                .expect("a subject")
                .to_owned();
            subjects.push(subject);
        }
    }
    subjects.sort();
    let before = subjects.len();
    subjects.dedup();
    assert_eq!(before, 40, "40 files written");
    assert_eq!(subjects.len(), 40, "no message was sent twice");
}
