//! Registration, sign-in, sessions and password changes, as a visitor meets them.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::TestApp;
use injectory::domain::sessions;
use injectory::vocabulary::Role;
use injectory::web::auth::LOGIN_REFUSED;

const PATIENT_PASSWORD: &str = "violet canyon marble teapot";

#[tokio::test]
async fn a_patient_registers_with_a_normalised_email_and_an_argon2id_hash() {
    let app = TestApp::new().await;
    let browser = app.client();
    browser.get("/register").await;
    let page = browser
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", "Ana"),
                ("email", "  Ana.Patient@Example.COM "),
                ("password", PATIENT_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.header("location"), "/register/sent");
    assert!(
        browser.session_cookie().is_none(),
        "registering does not sign in: the answer must not differ for a taken address"
    );
    browser
        .get("/register/sent")
        .await
        .assert_contains("Check your inbox");

    assert_eq!(
        app.text("SELECT email AS t FROM accounts").await,
        "ana.patient@example.com"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM accounts WHERE email_verified_at IS NULL")
            .await,
        1,
        "not confirmed until the link is followed"
    );
    let hash = app.text("SELECT password_hash AS t FROM accounts").await;
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "argon2id at OWASP's minimum: {hash}"
    );
    assert!(!hash.contains(PATIENT_PASSWORD));

    // The account can sign in before confirming; its page says the address is unconfirmed.
    assert_eq!(
        browser
            .login("ana.patient@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let account = browser.get("/account").await;
    account.assert_contains("Signed in as <a href=\"/account\">Ana</a>");
    account.assert_contains("ana.patient@example.com");
    account.assert_contains("(not confirmed yet)");
    account.assert_contains("action=\"/account/confirm\"");
    account.assert_contains("action=\"/logout\"");

    // Following the mailed link (signed in, in the same browser) confirms it.
    let confirmed = app
        .confirm_address(&browser, "ana.patient@example.com")
        .await;
    assert_eq!(confirmed.header("location"), "/account?confirmed=1");
    let account = browser.get("/account?confirmed=1").await;
    account.assert_contains("Your email address is confirmed.");
    account.assert_contains("(confirmed)");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM accounts WHERE email_verified_at IS NOT NULL")
            .await,
        1
    );
    // The link works once.
    let link = app
        .mailed_link("ana.patient@example.com", "/email/confirm/")
        .await;
    let again = browser.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    again.assert_contains("already been used");
}

#[tokio::test]
async fn registration_refuses_weak_and_short_passwords_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let browser = app.client();
    browser.get("/register").await;

    let cases: [(&str, &str, &str); 4] = [
        ("ana@example.com", "short", "Use at least 10 characters."),
        (
            "ana@example.com",
            "password123",
            "This password is too easy to guess.",
        ),
        (
            "ana.lopez@example.com",
            "ana.lopez-river-garden",
            "Do not include your email address",
        ),
        (
            "ana@example",
            PATIENT_PASSWORD,
            "Enter an email address such as name@example.com.",
        ),
    ];
    for (email, password, message) in cases {
        let page = browser
            .post_form(
                "/register",
                &[
                    ("role", "patient"),
                    ("display_name", "Ana <b>Lopez</b>"),
                    ("email", email),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{email} {password}"
        );
        page.assert_contains(message);
        // The message sits with its field, and what was typed comes back escaped; never the password.
        page.assert_contains("class=\"field invalid\"");
        page.assert_contains("value=\"Ana &lt;b&gt;Lopez&lt;/b&gt;\"");
        page.assert_contains(&format!("value=\"{email}\""));
        page.assert_lacks(&format!("value=\"{password}\""));
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM accounts").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM outbox").await, 0);
    assert!(browser.session_cookie().is_none());
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same_and_mails_its_owner_instead() {
    let app = TestApp::new().await;
    app.account(
        "taken@example.com",
        PATIENT_PASSWORD,
        Role::Patient,
        "Taken",
    )
    .await;
    let register = |email: &'static str| {
        let app = &app;
        async move {
            let browser = app.client();
            browser.get("/register").await;
            let page = browser
                .post_form(
                    "/register",
                    &[
                        ("role", "patient"),
                        ("display_name", "Someone"),
                        ("email", email),
                        ("password", "harbor lantern velvet orbit"),
                    ],
                )
                .await;
            let sent = browser.get(page.header("location")).await;
            (page, sent, browser.session_cookie().is_some())
        }
    };
    let (taken, taken_page, taken_signed_in) = register("TAKEN@Example.com").await;
    let (fresh, fresh_page, fresh_signed_in) = register("fresh@example.com").await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    assert_eq!(taken.status, fresh.status);
    assert_eq!(taken.header("location"), fresh.header("location"));
    assert_eq!(taken.body, fresh.body);
    assert_eq!(taken_page.body, fresh_page.body, "the pages are identical");
    assert!(!taken_signed_in && !fresh_signed_in);

    // Nothing about the existing account changed; its owner is told instead.
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM accounts WHERE email = 'taken@example.com' AND display_name = 'Taken'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM accounts").await, 2);
    app.deliver_mail().await;
    let mails = app.mails();
    let to_owner: Vec<_> = mails
        .iter()
        .filter(|m| m.contains("To: taken@example.com"))
        .collect();
    assert_eq!(to_owner.len(), 1, "{mails:?}");
    assert!(to_owner[0].contains("Subject: Someone tried to register with your address"));
    assert!(to_owner[0].contains("/password/forgot"));
    assert!(!to_owner[0].contains("/email/confirm/"));
    let to_newcomer: Vec<_> = mails
        .iter()
        .filter(|m| m.contains("To: fresh@example.com"))
        .collect();
    assert_eq!(to_newcomer.len(), 1);
    assert!(to_newcomer[0].contains("/email/confirm/"));
}

#[tokio::test]
async fn a_practitioner_registers_into_a_draft_profile_published_once_confirmed_with_name_city_and_treatment()
 {
    let app = TestApp::new().await;
    let browser = app.client();
    browser.get("/register").await;
    let page = browser
        .post_form(
            "/register",
            &[
                ("role", "practitioner"),
                ("display_name", "Jordan Lee, NP"),
                ("email", "jordan@example.com"),
                ("password", "harbor lantern velvet orbit"),
                ("profession", "nurse_practitioner"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        page.header("location"),
        "/register/sent?next=%2Fdashboard%2Fprofile"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM practitioners WHERE slug = 'jordan-lee-np' AND published = false AND account_id IS NOT NULL").await,
        1
    );
    browser
        .login("jordan@example.com", "harbor lantern velvet orbit")
        .await;
    browser
        .get("/dashboard")
        .await
        .assert_contains("is a draft, not shown to patients");

    // Unconfirmed: the profile page says why it cannot be listed and offers the link again;
    // a complete profile is saved with the box unticked refused.
    let profile_page = browser.get("/dashboard/profile").await;
    profile_page.assert_contains("Confirm your email address before you list your profile");
    profile_page.assert_contains("action=\"/account/confirm\"");
    let complete_unconfirmed = [
        ("name", "Jordan Lee, NP"),
        ("profession", "nurse_practitioner"),
        ("setting", "med_spa"),
        ("city", "Austin"),
        ("treatments", "lip_flip"),
        ("publish", "on"),
    ];
    let refused = browser
        .post_form("/dashboard/profile", &complete_unconfirmed)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("Confirm your email address before you list your profile");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM practitioners WHERE published = true")
            .await,
        0
    );
    // Asking for the link again sends a second one. Following the first (which carries
    // where to go next) confirms the address and uses up both.
    let first = app
        .mailed_link("jordan@example.com", "/email/confirm/")
        .await;
    let resent = browser.post_form("/account/confirm", &[]).await;
    assert_eq!(resent.header("location"), "/account?confirm=sent");
    app.deliver_mail().await;
    assert_eq!(
        app.mails()
            .iter()
            .filter(|m| m.contains("To: jordan@example.com") && m.contains("/email/confirm/"))
            .count(),
        2
    );
    assert_eq!(browser.get(&first).await.status, StatusCode::OK);
    let confirmed = browser.post_form(&first, &[]).await;
    assert_eq!(confirmed.header("location"), "/dashboard/profile");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM account_tokens WHERE purpose = 'email_verification' AND used_at IS NOT NULL")
            .await,
        2,
        "both links are used up"
    );
    browser.get("/dashboard/profile").await;
    let base = [
        ("name", "Jordan Lee, NP"),
        ("profession", "nurse_practitioner"),
        ("setting", "med_spa"),
        ("publish", "on"),
    ];
    let refused = browser.post_form("/dashboard/profile", &base).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("To publish, add a city, at least one treatment.");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM practitioners WHERE published = true")
            .await,
        0
    );

    let mut complete = base.to_vec();
    complete.extend([
        ("city", "Austin"),
        ("treatments", "lip_flip"),
        ("treatments", "gummy_smile"),
    ]);
    let saved = browser.post_form("/dashboard/profile", &complete).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM practitioners WHERE published = true AND city = 'Austin'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM practitioner_treatments")
            .await,
        2
    );
    browser
        .get("/dashboard")
        .await
        .assert_contains("is listed in the directory");
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_read_the_same() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    let wrong_password = browser
        .login("ana@example.com", "not the right one at all")
        .await;
    let unknown_email = browser.login("nobody@example.com", PATIENT_PASSWORD).await;
    for page in [&wrong_password, &unknown_email] {
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        page.assert_contains(LOGIN_REFUSED);
        page.assert_lacks(PATIENT_PASSWORD);
    }
    // Apart from the email typed back and the form token, the two pages are identical.
    let strip = |body: &str, email: &str| {
        let token = common::csrf_token_in(body).unwrap_or_default();
        body.replace(email, "EMAIL").replace(&token, "TOKEN")
    };
    assert_eq!(
        strip(&wrong_password.body, "ana@example.com"),
        strip(&unknown_email.body, "nobody@example.com")
    );
    assert!(browser.session_cookie().is_none());
}

#[tokio::test]
async fn the_sixth_attempt_is_refused_even_with_the_right_password_until_the_window_passes() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    for _ in 0..5 {
        let page = browser
            .login("ana@example.com", "wrong password guess")
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let sixth = browser.login("Ana@Example.com", PATIENT_PASSWORD).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    sixth.assert_contains("Too many failed attempts");
    sixth.assert_contains("try again in 15 minutes");
    assert_eq!(sixth.header("retry-after"), "900");
    assert!(browser.session_cookie().is_none());

    app.clock.advance(Duration::minutes(14));
    assert_eq!(
        browser
            .login("ana@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.advance(Duration::minutes(1));
    let later = browser.login("ana@example.com", PATIENT_PASSWORD).await;
    assert_eq!(later.status, StatusCode::SEE_OTHER, "{}", later.body);
    assert!(browser.session_cookie().is_some());
}

#[tokio::test]
async fn a_success_resets_the_account_count_and_one_address_is_limited_across_accounts() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let mut browser = app.client();
    browser.address = Some("203.0.113.9".parse().expect("address"));
    for _ in 0..4 {
        browser
            .login("ana@example.com", "wrong password guess")
            .await;
    }
    assert_eq!(
        browser
            .login("ana@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    for _ in 0..4 {
        browser
            .login("ana@example.com", "wrong password guess")
            .await;
    }
    assert_eq!(
        browser
            .login("ana@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "four failures after a success are under the limit"
    );

    // Twelve more failures from the same address on other emails make twenty in the window.
    for i in 0..12 {
        browser
            .login(&format!("guess{i}@example.com"), "wrong password guess")
            .await;
    }
    let refused = browser.login("ana@example.com", PATIENT_PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let mut elsewhere = app.client();
    elsewhere.address = Some("198.51.100.4".parse().expect("address"));
    assert_eq!(
        elsewhere
            .login("ana@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "another address is not affected"
    );
}

#[tokio::test]
async fn sign_in_issues_a_new_token_and_stores_only_its_hash() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    // A token planted before sign-in (session fixation) is not adopted.
    let planted = sessions::random_token().expect("random");
    browser
        .cookies
        .borrow_mut()
        .insert("session".into(), planted.clone());
    let page = browser.login("ana@example.com", PATIENT_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let first = browser.session_cookie().expect("signed in");
    assert_ne!(first, planted);
    let set_cookie = page.header("set-cookie");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain http here: {set_cookie}"
    );

    browser.login("ana@example.com", PATIENT_PASSWORD).await;
    let second = browser.session_cookie().expect("signed in");
    assert_ne!(first, second, "every sign-in gets a new token");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM sessions").await,
        1,
        "signing in again ends the previous session"
    );
    assert_eq!(
        app.text("SELECT token_hash AS t FROM sessions").await,
        sessions::token_hash(&second)
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM sessions WHERE token_hash = '{second}'"
        ))
        .await,
        0,
        "the token itself is not stored"
    );
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_with_the_host_prefix() {
    let app = TestApp::with_settings(&[("PUBLIC_URL", "https://injectory.example")]).await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    let form = browser.get("/login").await;
    assert!(
        form.header("set-cookie").starts_with("__Host-csrf="),
        "{}",
        form.header("set-cookie")
    );
    let token = browser.token.borrow().clone().unwrap_or_default();
    let page = browser
        .send(
            axum::http::Method::POST,
            "/login",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", "https://injectory.example"),
            ],
            common::form_body(&[
                ("email", "ana@example.com"),
                ("password", PATIENT_PASSWORD),
                ("csrf_token", &token),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let cookie = page.header("set-cookie");
    assert!(cookie.starts_with("__Host-session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert!(
        page.header("strict-transport-security")
            .contains("max-age=")
    );
}

#[tokio::test]
async fn a_cookie_replayed_after_logout_is_anonymous() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    browser.login("ana@example.com", PATIENT_PASSWORD).await;
    let old = browser.session_cookie().expect("signed in");
    browser.get("/account").await;
    let out = browser.post_form("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        browser.session_cookie().is_none(),
        "the browser is told to forget it"
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions").await, 0);

    let replay = app.client();
    replay.cookies.borrow_mut().insert("session".into(), old);
    let page = replay.get("/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/login?next=%2Faccount");
    let home = replay.get("/").await;
    home.assert_contains("href=\"/login\"");
    home.assert_lacks("Signed in as");
}

#[tokio::test]
async fn a_password_change_signs_out_every_other_session_and_replaces_the_hash() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let laptop = app.client();
    let phone = app.client();
    laptop.login("ana@example.com", PATIENT_PASSWORD).await;
    phone.login("ana@example.com", PATIENT_PASSWORD).await;
    let laptop_old = laptop.session_cookie().expect("signed in");

    laptop.get("/account/password").await;
    let mismatch = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", "wrong current password"),
                ("new_password", "amber falcon quilt harbor"),
                ("confirm_password", "amber falcon quilt harbour"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    mismatch.assert_contains("That is not your current password.");
    mismatch.assert_contains("The two new passwords are not the same.");
    mismatch.assert_lacks("amber falcon");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM sessions").await,
        2,
        "nothing changed"
    );

    let changed = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", PATIENT_PASSWORD),
                ("new_password", "amber falcon quilt harbor"),
                ("confirm_password", "amber falcon quilt harbor"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let laptop_new = laptop.session_cookie().expect("still signed in here");
    assert_ne!(laptop_new, laptop_old);
    laptop
        .get("/account?changed=password")
        .await
        .assert_contains("Your password was changed");

    assert_eq!(
        phone.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "the phone is signed out"
    );
    let replay = app.client();
    replay
        .cookies
        .borrow_mut()
        .insert("session".into(), laptop_old);
    assert_eq!(replay.get("/account").await.status, StatusCode::SEE_OTHER);

    let fresh = app.client();
    assert_eq!(
        fresh
            .login("ana@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fresh
            .login("ana@example.com", "amber falcon quilt harbor")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn sessions_end_after_two_idle_hours_and_after_the_absolute_limit() {
    let app = TestApp::with_settings(&[("SESSION_MAX_DAYS", "1")]).await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let browser = app.client();
    browser.login("ana@example.com", PATIENT_PASSWORD).await;
    app.clock.advance(Duration::minutes(119));
    assert_eq!(
        browser.get("/account").await.status,
        StatusCode::OK,
        "activity keeps it alive"
    );
    app.clock.advance(Duration::minutes(119));
    assert_eq!(browser.get("/account").await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(121));
    let idle = browser.get("/account").await;
    assert_eq!(
        idle.status,
        StatusCode::SEE_OTHER,
        "idle for over two hours"
    );
    assert!(
        browser.session_cookie().is_none(),
        "the dead cookie is cleared"
    );

    browser.login("ana@example.com", PATIENT_PASSWORD).await;
    for _ in 0..23 {
        app.clock.advance(Duration::minutes(60));
        assert_eq!(browser.get("/account").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(61));
    assert_eq!(
        browser.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "a busy session still ends a day after sign-in"
    );
}

#[tokio::test]
async fn expired_sessions_are_purged() {
    let app = TestApp::new().await;
    app.account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let (old, recent) = (app.client(), app.client());
    old.login("ana@example.com", PATIENT_PASSWORD).await;
    app.clock.advance(Duration::minutes(150));
    recent.login("ana@example.com", PATIENT_PASSWORD).await;
    let purged =
        sessions::purge_expired(&app.db, app.clock.now(), sessions::SessionPolicy::default())
            .await
            .expect("purges");
    assert_eq!(purged, 1);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions").await, 1);
    assert_eq!(recent.get("/account").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_weak_old_hash_is_replaced_at_the_next_sign_in() {
    use argon2::password_hash::PasswordHasher;
    let app = TestApp::new().await;
    let id = app
        .account("ana@example.com", PATIENT_PASSWORD, Role::Patient, "Ana")
        .await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(8192, 1, 1, None).expect("params"),
    )
    .hash_password(PATIENT_PASSWORD.as_bytes())
    .expect("hashes")
    .to_string();
    use sea_orm::ConnectionTrait;
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DbBackend::Postgres => {
                    "UPDATE accounts SET password_hash = $1 WHERE id = $2"
                }
                _ => "UPDATE accounts SET password_hash = ? WHERE id = ?",
            },
            [weak.clone().into(), id.into()],
        ))
        .await
        .expect("hash replaced");
    let browser = app.client();
    assert_eq!(
        browser
            .login("ana@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let stored = app.text("SELECT password_hash AS t FROM accounts").await;
    assert_ne!(stored, weak);
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
}

#[tokio::test]
async fn members_pages_send_anonymous_visitors_to_sign_in_and_back() {
    let app = TestApp::new().await;
    app.practitioner(
        "jordan@example.com",
        "harbor lantern velvet orbit",
        "Jordan Lee",
    )
    .await;
    let browser = app.client();
    let page = browser.get("/dashboard/credentials").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.header("location"),
        "/login?next=%2Fdashboard%2Fcredentials"
    );
    let form = browser.get("/login?next=%2Fdashboard%2Fcredentials").await;
    form.assert_contains("name=\"next\" value=\"/dashboard/credentials\"");
    let signed_in = browser
        .post_form(
            "/login",
            &[
                ("email", "jordan@example.com"),
                ("password", "harbor lantern velvet orbit"),
                ("next", "/dashboard/credentials"),
            ],
        )
        .await;
    assert_eq!(signed_in.header("location"), "/dashboard/credentials");
    assert_eq!(
        browser.get("/dashboard/credentials").await.status,
        StatusCode::OK
    );

    // A `next` pointing off the site is ignored.
    let other = app.client();
    other.get("/login").await;
    let page = other
        .post_form(
            "/login",
            &[
                ("email", "jordan@example.com"),
                ("password", "harbor lantern velvet orbit"),
                ("next", "//evil.example/phish"),
            ],
        )
        .await;
    assert_eq!(page.header("location"), "/dashboard");
}
