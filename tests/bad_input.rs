//! What an attacker or a careless client sends, row by row: each request with the answer it
//! must get. After every row the answer is the expected one (never a 5xx) and no table
//! gained or lost a row.

mod common;

use axum::http::{Method, StatusCode};
use common::{Client, Page, TestApp};

/// Who sends a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Patient,
    Practitioner,
    Moderator,
}

/// What a row sends as its body.
enum Body {
    Empty,
    /// Form fields; the sender's CSRF token is added.
    Fields(Vec<(String, String)>),
    /// Raw urlencoded text; the sender's CSRF token is put in front.
    Urlencoded(Vec<u8>),
    /// Raw bytes with this content type; the token goes in the header.
    Typed(&'static str, Vec<u8>),
    /// Raw bytes with this content type and no token at all.
    Tokenless(&'static str, Vec<u8>),
}

struct Row {
    what: String,
    who: Who,
    method: Method,
    path: String,
    body: Body,
    cookie: Option<String>,
    expect: StatusCode,
    contains: Vec<String>,
    lacks: Vec<String>,
    max_bytes: Option<usize>,
}

fn row(
    what: impl Into<String>,
    who: Who,
    method: Method,
    path: impl Into<String>,
    body: Body,
    expect: StatusCode,
) -> Row {
    Row {
        what: what.into(),
        who,
        method,
        path: path.into(),
        body,
        cookie: None,
        expect,
        contains: Vec::new(),
        lacks: Vec::new(),
        max_bytes: None,
    }
}

impl Row {
    fn lacking(mut self, text: &str) -> Self {
        self.lacks.push(text.to_owned());
        self
    }
    fn containing(mut self, text: &str) -> Self {
        self.contains.push(text.to_owned());
        self
    }
    fn at_most(mut self, bytes: usize) -> Self {
        self.max_bytes = Some(bytes);
        self
    }
    fn with_cookie(mut self, cookie: &str) -> Self {
        self.cookie = Some(cookie.to_owned());
        self
    }
}

fn fields(pairs: &[(&str, &str)]) -> Body {
    Body::Fields(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

async fn table_counts(app: &TestApp) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in common::TABLES {
        counts.push((
            table.to_owned(),
            app.count(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .await,
        ));
    }
    counts
}

/// A form with free-text fields: who sends it, where, the rest of a form that would
/// otherwise pass, and the text fields.
type TextForm = (
    Who,
    String,
    Vec<(&'static str, &'static str)>,
    Vec<&'static str>,
);

/// The forms and their free-text fields.
fn text_fields(review_path: &str, flag_path: &str, reply_path: &str) -> Vec<TextForm> {
    vec![
        (
            Who::Anonymous,
            "/register".into(),
            vec![
                ("role", "patient"),
                ("password", "harbor lantern velvet orbit"),
            ],
            vec!["display_name", "email"],
        ),
        (
            Who::Anonymous,
            "/login".into(),
            vec![("password", "harbor lantern velvet orbit")],
            vec!["email"],
        ),
        (
            Who::Anonymous,
            "/password/forgot".into(),
            vec![],
            vec!["email"],
        ),
        (
            Who::Practitioner,
            "/dashboard/profile".into(),
            vec![("profession", "physician"), ("setting", "med_spa")],
            vec![
                "name",
                "specialty",
                "bio",
                "clinic_name",
                "city",
                "region",
                "postal_code",
                "supervising_physician",
                "phone",
                "website_url",
                "booking_url",
                "street_address",
                "opening_hours",
            ],
        ),
        (
            Who::Practitioner,
            "/dashboard/invites".into(),
            vec![],
            vec!["treatment_on", "note"],
        ),
        (Who::Practitioner, reply_path.into(), vec![], vec!["body"]),
        (
            Who::Practitioner,
            "/dashboard/credentials".into(),
            vec![("kind", "training")],
            vec!["title", "issuer", "number", "region"],
        ),
        (
            Who::Patient,
            review_path.into(),
            vec![
                ("rating", "4"),
                ("worth_it", "yes"),
                ("treatment", "lip_flip"),
                ("treatment_month", "2026-01"),
                ("side_effects", "none"),
            ],
            vec!["title", "body"],
        ),
        (
            Who::Patient,
            "/account/password".into(),
            vec![
                ("new_password", "harbor lantern velvet orbit"),
                ("confirm_password", "harbor lantern velvet orbit"),
            ],
            vec!["current_password"],
        ),
        (
            Who::Patient,
            flag_path.into(),
            vec![("reason", "offensive")],
            vec!["note"],
        ),
        (
            Who::Patient,
            "/me/reviews/1/appeal".into(),
            vec![],
            vec!["statement"],
        ),
        (
            Who::Moderator,
            "/moderation/reviews/1/reject".into(),
            vec![("reason", "promotional")],
            vec!["note"],
        ),
        (
            Who::Moderator,
            "/moderation/reviews/1/request-changes".into(),
            vec![("reason", "promotional")],
            vec!["note"],
        ),
        (
            Who::Moderator,
            "/moderation/flags/1/uphold".into(),
            vec![("reason", "offensive")],
            vec!["note"],
        ),
        (
            Who::Moderator,
            "/moderation/appeals/1/decide".into(),
            vec![("grant", "no")],
            vec!["note"],
        ),
        (
            Who::Moderator,
            "/moderation/credentials/1/verify".into(),
            vec![("checked_on", "2026-01-01")],
            vec!["source"],
        ),
    ]
}

fn rows(review_path: &str, flag_path: &str, reply_path: &str) -> Vec<Row> {
    use Method as M;
    use StatusCode as S;
    use Who::*;
    let mut rows = vec![
        // Bodies over the limit, far too many fields, wrong content types.
        row(
            "a 100 KB body",
            Anonymous,
            M::POST,
            "/login",
            Body::Urlencoded(format!("email={}", "a".repeat(100 * 1024)).into_bytes()),
            S::PAYLOAD_TOO_LARGE,
        ),
        row(
            "100,000 repeated fields",
            Anonymous,
            M::POST,
            "/register",
            Body::Urlencoded("a=1&".repeat(100_000).into_bytes()),
            S::PAYLOAD_TOO_LARGE,
        ),
        row(
            "more fields than any form",
            Anonymous,
            M::POST,
            "/register",
            Body::Urlencoded("role=patient&".repeat(600).into_bytes()),
            S::BAD_REQUEST,
        ),
        row(
            "10,000 repeated query fields",
            Anonymous,
            M::GET,
            format!("/practitioners?{}", "a=1&".repeat(10_000)),
            Body::Empty,
            S::BAD_REQUEST,
        ),
        row(
            "JSON to a form",
            Anonymous,
            M::POST,
            "/login",
            Body::Typed("application/json", br#"{"email":"a@b.co"}"#.to_vec()),
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        row(
            "plain text to a form",
            Patient,
            M::POST,
            review_path,
            Body::Typed("text/plain", b"rating=5".to_vec()),
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        row(
            "multipart without a token",
            Practitioner,
            M::POST,
            "/dashboard/profile",
            Body::Tokenless("multipart/form-data; boundary=x", b"--x--".to_vec()),
            S::FORBIDDEN,
        ),
        // Search fields take what they are given literally.
        row(
            "an unreadable filter",
            Anonymous,
            M::GET,
            "/practitioners?min_lip_flips=%27+OR+1%3D1--",
            Body::Empty,
            S::BAD_REQUEST,
        ),
        row(
            "a log filter that is not a number",
            Moderator,
            M::GET,
            "/moderation/log?subject_id=1+OR+1%3D1",
            Body::Empty,
            S::BAD_REQUEST,
        ),
        // Email syntax.
        row(
            "an email with markup",
            Anonymous,
            M::POST,
            "/register",
            fields(&[
                ("role", "patient"),
                ("display_name", "V"),
                ("email", "v1@example.com'\"><svg>"),
                ("password", "harbor lantern velvet orbit"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .containing("Enter an email address")
        .lacking("<svg>"),
        row(
            "an email with an empty label",
            Anonymous,
            M::POST,
            "/register",
            fields(&[
                ("role", "patient"),
                ("display_name", "V"),
                ("email", "v4@a..b"),
                ("password", "harbor lantern velvet orbit"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .containing("Enter an email address"),
        row(
            "an email of hyphens",
            Anonymous,
            M::POST,
            "/register",
            fields(&[
                ("role", "patient"),
                ("display_name", "V"),
                ("email", "v5@-.-"),
                ("password", "harbor lantern velvet orbit"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .containing("Enter an email address"),
        // Oversized input is not echoed back.
        row(
            "a 60 KB email at sign-in",
            Anonymous,
            M::POST,
            "/login",
            Body::Fields(vec![
                (
                    "email".into(),
                    format!("{}@example.com", "e".repeat(60_000)),
                ),
                ("password".into(), "x".into()),
            ]),
            S::UNAUTHORIZED,
        )
        .at_most(20_000),
        row(
            "a 60 KB display name",
            Anonymous,
            M::POST,
            "/register",
            Body::Fields(vec![
                ("role".into(), "patient".into()),
                ("display_name".into(), "n".repeat(60_000)),
                ("email".into(), "ok@example.com".into()),
                ("password".into(), "harbor lantern velvet orbit".into()),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .containing("Use at most 120 characters.")
        .at_most(20_000),
        // Markup in free text is escaped wherever it is shown again.
        row(
            "a script as a display name",
            Anonymous,
            M::POST,
            "/register",
            fields(&[
                ("role", "patient"),
                ("display_name", "\"><script>alert(1)</script>"),
                ("email", "x@example.com"),
                ("password", "short"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .lacking("<script>alert(1)")
        .containing("&lt;script&gt;alert(1)&lt;/script&gt;"),
        row(
            "an attribute breaker as a review title",
            Patient,
            M::POST,
            review_path,
            fields(&[
                ("rating", "0"),
                ("title", "\" onmouseover=\"alert(1)"),
                ("body", "<img src=x onerror=alert(1)>"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .lacking("\" onmouseover=\"alert(1)")
        .lacking("<img src=x")
        .containing("&quot; onmouseover=&quot;alert(1)"),
        row(
            "a closing title tag as a profile name",
            Practitioner,
            M::POST,
            "/dashboard/profile",
            fields(&[
                ("name", "</title><script>alert(1)</script>"),
                ("profession", "physician"),
                ("setting", "med_spa"),
                ("years_injecting", "999"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        )
        .lacking("<script>alert(1)"),
        row(
            "a script in the search box",
            Anonymous,
            M::GET,
            "/practitioners?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            Body::Empty,
            S::OK,
        )
        .lacking("<script>alert(1)")
        .containing("&quot;&gt;&lt;script&gt;"),
        // Fields a form does not have cannot be set.
        row(
            "a chosen role",
            Anonymous,
            M::POST,
            "/register",
            fields(&[
                ("role", "moderator"),
                ("display_name", "Mal"),
                ("email", "mal@example.com"),
                ("password", "harbor lantern velvet orbit"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        ),
        row(
            "status and verification on a credential",
            Practitioner,
            M::POST,
            "/dashboard/credentials",
            fields(&[
                ("kind", "license"),
                ("status", "verified"),
                ("verified", "on"),
                ("practitioner_id", "2"),
                ("title", ""),
            ]),
            S::UNPROCESSABLE_ENTITY,
        ),
        row(
            "status and patient flags on a review",
            Patient,
            M::POST,
            review_path,
            fields(&[
                ("rating", "0"),
                ("status", "approved"),
                ("verified_patient", "true"),
                ("practitioner_id", "3"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        ),
        row(
            "ids and flags on a profile",
            Practitioner,
            M::POST,
            "/dashboard/profile",
            fields(&[
                ("practitioner_id", "5"),
                ("verified_until", "2099-01-01"),
                ("role", "admin"),
                ("name", ""),
                ("profession", "physician"),
                ("setting", "med_spa"),
            ]),
            S::UNPROCESSABLE_ENTITY,
        ),
        // Foreign next targets are dropped.
        row(
            "a foreign next on the sign-in page",
            Anonymous,
            M::GET,
            "/login?next=https%3A%2F%2Fevil.test%2F",
            Body::Empty,
            S::OK,
        )
        .lacking("evil.test"),
        row(
            "a protocol-relative next",
            Anonymous,
            M::GET,
            "/login?next=%2F%2Fevil.test",
            Body::Empty,
            S::OK,
        )
        .lacking("evil.test"),
        row(
            "a foreign next with a wrong password",
            Anonymous,
            M::POST,
            "/login",
            fields(&[
                ("email", "patient@demo.injectory.test"),
                ("password", "wrong password"),
                ("next", "https://evil.test/"),
            ]),
            S::UNAUTHORIZED,
        )
        .lacking("evil.test"),
        // Traversal under /media and /static.
        row(
            "media dot",
            Anonymous,
            M::GET,
            "/media/.",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "media dot with a query",
            Anonymous,
            M::GET,
            "/media/.?x=1",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "media parent",
            Anonymous,
            M::GET,
            "/media/../Cargo.toml",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "media encoded parent",
            Anonymous,
            M::GET,
            "/media/..%2F..%2FCargo.toml",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "media double-encoded parent",
            Anonymous,
            M::GET,
            "/media/%252e%252e%252fCargo.toml",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "a made-up media key",
            Anonymous,
            M::GET,
            "/media/0123456789abcdef0123456789abcdef.jpg",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "static parent",
            Anonymous,
            M::GET,
            "/static/..%2FCargo.toml",
            Body::Empty,
            S::NOT_FOUND,
        ),
        row(
            "static dot",
            Anonymous,
            M::GET,
            "/static/.",
            Body::Empty,
            S::NOT_FOUND,
        ),
        // Garbage, truncated and forged cookies are anonymous.
        row(
            "a garbage session cookie",
            Anonymous,
            M::GET,
            "/account",
            Body::Empty,
            S::SEE_OTHER,
        )
        .with_cookie("session=%00%ff<script>"),
        row(
            "a truncated session cookie",
            Anonymous,
            M::GET,
            "/account",
            Body::Empty,
            S::SEE_OTHER,
        )
        .with_cookie(&format!("session={}", "a".repeat(40))),
        row(
            "a well-formed unknown session",
            Anonymous,
            M::GET,
            "/account",
            Body::Empty,
            S::SEE_OTHER,
        )
        .with_cookie(&format!("session={}", "b".repeat(64))),
        row(
            "a garbage cookie on a public page",
            Anonymous,
            M::GET,
            "/",
            Body::Empty,
            S::OK,
        )
        .with_cookie("session=;;;=; csrf=\"\\\\\"; =x"),
        row(
            "sign-out with a forged cookie and no token",
            Anonymous,
            M::POST,
            "/logout",
            Body::Empty,
            S::FORBIDDEN,
        )
        .with_cookie(&format!(
            "session={}; csrf={}",
            "c".repeat(64),
            "d".repeat(64)
        )),
        row(
            "a flag with a note of control characters",
            Patient,
            M::POST,
            flag_path,
            Body::Urlencoded(b"reason=offensive&note=%07%08".to_vec()),
            S::BAD_REQUEST,
        ),
    ];
    for text in ["' OR 1=1--", "%", "_", "\\"] {
        let encoded: String = url_encode(text);
        rows.push(
            row(
                format!("{text:?} in the name search"),
                Anonymous,
                M::GET,
                format!("/practitioners?q={encoded}"),
                Body::Empty,
                S::OK,
            )
            .containing("<strong>0</strong>"),
        );
        rows.push(
            row(
                format!("{text:?} in the location search"),
                Anonymous,
                M::GET,
                format!("/practitioners?location={encoded}"),
                Body::Empty,
                S::OK,
            )
            .containing("<strong>0</strong>"),
        );
    }
    // Invalid UTF-8, NUL and a right-to-left override in every text field.
    for (who, path, rest, texts) in text_fields(review_path, flag_path, reply_path) {
        for field in texts {
            for (name, bad) in [
                ("invalid UTF-8", "%FF%FE"),
                ("a NUL byte", "a%00b"),
                ("a right-to-left override", "%E2%80%AEevil"),
            ] {
                let mut body: String = rest
                    .iter()
                    .map(|(k, v)| format!("{k}={}&", url_encode(v)))
                    .collect();
                body.push_str(&format!("{field}={bad}"));
                rows.push(row(
                    format!("{name} in {path} {field}"),
                    who,
                    Method::POST,
                    path.clone(),
                    Body::Urlencoded(body.into_bytes()),
                    StatusCode::BAD_REQUEST,
                ));
            }
        }
    }
    for field in ["q", "location"] {
        for bad in ["%FF", "a%00", "%E2%80%AE"] {
            rows.push(row(
                format!("{bad} in the {field} search"),
                Anonymous,
                Method::GET,
                format!("/practitioners?{field}={bad}"),
                Body::Empty,
                StatusCode::BAD_REQUEST,
            ));
        }
    }
    rows
}

fn url_encode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap_or_default()[2..].to_owned()
}

async fn send(app: &TestApp, client: &Client<'_>, row: &Row) -> Page {
    if let Some(cookie) = &row.cookie {
        let mut headers = vec![("cookie", cookie.as_str())];
        if row.method == Method::POST {
            headers.push(("content-type", "application/x-www-form-urlencoded"));
        }
        return app
            .send(row.method.clone(), &row.path, &headers, Vec::new())
            .await;
    }
    let token = client.token.borrow().clone().unwrap_or_default();
    match &row.body {
        Body::Empty => {
            client
                .send(row.method.clone(), &row.path, &[], Vec::new())
                .await
        }
        Body::Fields(fields) => {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            client.post_form(&row.path, &pairs).await
        }
        Body::Urlencoded(raw) => {
            let mut body = format!("csrf_token={token}&").into_bytes();
            body.extend_from_slice(raw);
            client
                .send(
                    row.method.clone(),
                    &row.path,
                    &[("content-type", "application/x-www-form-urlencoded")],
                    body,
                )
                .await
        }
        Body::Typed(content_type, bytes) => {
            client
                .send(
                    row.method.clone(),
                    &row.path,
                    &[("content-type", content_type), ("x-csrf-token", &token)],
                    bytes.clone(),
                )
                .await
        }
        Body::Tokenless(content_type, bytes) => {
            client
                .send(
                    row.method.clone(),
                    &row.path,
                    &[("content-type", content_type)],
                    bytes.clone(),
                )
                .await
        }
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_changes_nothing() {
    let app = TestApp::with_demo_data().await;
    let patient = app.client();
    patient
        .login("patient@demo.injectory.test", "Quiet-smile-owl-77")
        .await;
    let practitioner = app.client();
    practitioner
        .login("practitioner@demo.injectory.test", "Lip-flip-clinic-2026")
        .await;
    let moderator = app.client();
    moderator
        .login("moderator@demo.injectory.test", "Cupids-bow-audit-42")
        .await;
    // A practitioner the demo patient has not reviewed, and a published review to report.
    let slug = app
        .text("SELECT p.slug AS t FROM practitioners p WHERE p.published = true AND NOT EXISTS (SELECT 1 FROM reviews r JOIN accounts a ON a.id = r.author_id WHERE r.practitioner_id = p.id AND a.email = 'patient@demo.injectory.test') ORDER BY p.id DESC LIMIT 1")
        .await;
    let review_path = format!("/practitioners/{slug}/review");
    let flag_path = format!(
        "/reviews/{}/flag",
        app.count("SELECT MIN(id) AS n FROM reviews WHERE status = 'approved'")
            .await
    );
    let mut before = table_counts(&app).await;
    let mut failures = Vec::new();
    let reply_path = format!(
        "/dashboard/reviews/{}/reply",
        app.count("SELECT MIN(r.id) AS n FROM reviews r JOIN practitioners p ON p.id = r.practitioner_id WHERE p.slug = 'dr-maya-rivera' AND r.status = 'approved'")
            .await
    );
    let rows = rows(&review_path, &flag_path, &reply_path);
    assert!(rows.len() > 100, "{} rows", rows.len());
    for (n, row) in rows.iter().enumerate() {
        let mut fresh = app.client();
        let client: &Client<'_> = match row.who {
            Who::Anonymous => {
                // Each anonymous row comes from a network of its own, so the sign-in and
                // registration limits do not mask what the row tests.
                fresh.address = Some(std::net::IpAddr::from([
                    10,
                    9,
                    (n / 250) as u8,
                    (n % 250) as u8,
                ]));
                fresh.get("/login").await;
                &fresh
            }
            Who::Patient => {
                patient.get("/me/reviews").await;
                &patient
            }
            Who::Practitioner => {
                practitioner.get("/dashboard").await;
                &practitioner
            }
            Who::Moderator => {
                moderator.get("/moderation").await;
                &moderator
            }
        };
        let page = send(&app, client, row).await;
        let mut wrong = Vec::new();
        if page.status != row.expect {
            wrong.push(format!(
                "answered {} instead of {}",
                page.status, row.expect
            ));
        }
        for text in &row.contains {
            if !page.body.contains(text.as_str()) {
                wrong.push(format!("lacks {text:?}"));
            }
        }
        for text in &row.lacks {
            if page.body.contains(text.as_str()) {
                wrong.push(format!("shows {text:?}"));
            }
        }
        if let Some(max) = row.max_bytes.filter(|max| page.body.len() > *max) {
            wrong.push(format!(
                "{} bytes came back (at most {max})",
                page.body.len()
            ));
        }
        let after = table_counts(&app).await;
        if after != before {
            let changed: Vec<String> = before
                .iter()
                .zip(&after)
                .filter(|(was, now)| was != now)
                .map(|((table, was), (_, now))| format!("{table} {was} -> {now}"))
                .collect();
            wrong.push(format!("changed {}", changed.join(", ")));
            // The next row is judged against what is stored now.
            before = after;
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", row.what, wrong.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Markup saved through the real forms, then shown on every page that shows it: the
/// profile (its JSON-LD and social tags included), the directory, compare, the dashboard,
/// the moderation queue and the author's own page. None of it comes back as markup.
#[tokio::test]
async fn markup_saved_through_the_forms_is_escaped_wherever_it_is_shown() {
    const NAME: &str = "</script><script>alert(1)</script>";
    const BIO: &str = "\" onmouseover=\"alert(2)";
    const CLINIC: &str = "<img src=x onerror=alert(3)>";
    const TITLE: &str = "<svg onload=alert(4)>";
    const BODY: &str = "\"><script>alert(5)</script> The lip rolled out evenly after a week.";
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let practitioner = app.client();
    practitioner.login(&ana.email, common::BUILT_PASSWORD).await;
    practitioner.get("/dashboard/profile").await;
    let saved = practitioner
        .post_form(
            "/dashboard/profile",
            &[
                ("name", NAME),
                ("profession", "nurse_practitioner"),
                ("setting", "med_spa"),
                ("bio", BIO),
                ("clinic_name", CLINIC),
                ("city", "Austin"),
                ("region", "TX"),
                ("treatments", "lip_flip"),
                ("publish", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    app.patient("Sam Patient").await;
    let patient = app.client();
    patient
        .login("sam.patient@patients.test", common::BUILT_PASSWORD)
        .await;
    let review_path = format!("/practitioners/{}/review", ana.slug);
    patient.get(&review_path).await;
    let sent = patient
        .post_form(
            &review_path,
            &[
                ("rating", "4"),
                ("worth_it", "yes"),
                ("treatment", "lip_flip"),
                ("treatment_month", "2026-09"),
                ("side_effects", "none"),
                ("title", TITLE),
                ("body", BODY),
                ("relationship", "none"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    app.moderator("Morgan Vale").await;
    let moderator = app.client();
    moderator
        .login("morgan.vale@moderators.test", common::BUILT_PASSWORD)
        .await;
    let queue = moderator.get("/moderation/reviews").await;
    let revision = app.count("SELECT MAX(id) AS n FROM review_revisions").await;
    let approved = moderator
        .post_form(&format!("/moderation/reviews/{revision}/approve"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    let pages = [
        ("the moderation queue", queue),
        ("the author's reviews", patient.get("/me/reviews").await),
        ("the dashboard", practitioner.get("/dashboard").await),
        (
            "the profile form",
            practitioner.get("/dashboard/profile").await,
        ),
        ("the directory", app.get("/practitioners").await),
        ("a name search", app.get("/practitioners?q=script").await),
        (
            "compare",
            app.get(&format!("/compare?p={}", ana.slug)).await,
        ),
        ("the moderation log", moderator.get("/moderation/log").await),
    ];
    let shown = pages
        .iter()
        .map(|(what, page)| (*what, page))
        .chain(std::iter::once(("the profile", &profile)));
    for (what, page) in shown {
        assert_eq!(page.status, StatusCode::OK, "{what}");
        for raw in [NAME, BIO, CLINIC, TITLE, "<script>alert(5)"] {
            assert!(!page.body.contains(raw), "{what} shows {raw:?} as markup");
        }
    }
    // Each payload is on the pages that show it, as text.
    profile.assert_contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    profile.assert_contains("&quot; onmouseover=&quot;alert(2)");
    profile.assert_contains("&lt;img src=x onerror=alert(3)&gt;");
    profile.assert_contains("&lt;svg onload=alert(4)&gt;");
    profile.assert_contains("&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;");
    profile.assert_contains("<meta property=\"og:title\" content=\"&lt;/script&gt;");
    pages[4]
        .1
        .assert_contains("&lt;/script&gt;&lt;script&gt;alert(1)");
    // The JSON-LD block is one script element that parses back to the saved name.
    assert_eq!(profile.body.matches("<script").count(), 1);
    let data = profile.json_ld();
    assert_eq!(data["name"], NAME);
    assert_eq!(data["department"]["name"], CLINIC);
}

/// A session cookie past its expiry signs nobody in: its pages send the visitor to sign in,
/// and a form loaded before it expired changes nothing.
#[tokio::test]
async fn an_expired_session_cookie_is_anonymous_and_its_forms_change_nothing() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let practitioner = app.client();
    practitioner.login(&ana.email, common::BUILT_PASSWORD).await;
    practitioner.get("/dashboard/profile").await;
    app.clock.advance(chrono::Duration::days(2));
    let before = table_counts(&app).await;

    let dashboard = practitioner.get("/dashboard").await;
    assert_eq!(dashboard.status, StatusCode::SEE_OTHER);
    assert!(dashboard.header("location").starts_with("/login"));
    let saved = practitioner
        .post_form(
            "/dashboard/profile",
            &[
                ("name", "Taken Over"),
                ("profession", "nurse_practitioner"),
                ("setting", "med_spa"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::FORBIDDEN, "{}", saved.body);
    assert_eq!(
        app.text(&format!(
            "SELECT name AS t FROM practitioners WHERE id = {}",
            ana.id
        ))
        .await,
        "Ana Ruiz"
    );
    // The expired session itself is gone; nothing else changed.
    let after = table_counts(&app).await;
    for ((table, was), (_, now)) in before.iter().zip(&after) {
        if table == "sessions" {
            assert_eq!(*now, was - 1, "the expired session is removed");
        } else {
            assert_eq!(now, was, "{table}");
        }
    }
}
