//! The moderation workflow as moderators use it: every decision from the queues, the rules
//! on who may decide what, two moderators at once, the audit log and the public figures.

mod common;

use axum::http::{Method, StatusCode};
use common::{BUILT_PASSWORD, Client, ReviewState, TestApp, form_body};
use injectory::domain::moderation::{TransitionError, reviews as transitions};

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let browser = app.client();
    let page = browser.login(email, BUILT_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
    browser
}

async fn review_status(app: &TestApp, review_id: i64) -> String {
    app.text(&format!(
        "SELECT status AS t FROM reviews WHERE id = {review_id}"
    ))
    .await
}

async fn events(app: &TestApp, review_id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) AS n FROM moderation_events WHERE subject_kind = 'review' AND subject_id = {review_id}"
    ))
    .await
}

async fn review_count(app: &TestApp, practitioner_id: i64) -> i64 {
    app.count(&format!(
        "SELECT review_count AS n FROM practitioners WHERE id = {practitioner_id}"
    ))
    .await
}

/// The queue shows how many other reviews each author wrote, whatever became of them: an
/// edit of a review is the same review, and a second author's count is their own.
#[tokio::test]
async fn the_reviews_queue_counts_each_authors_other_reviews() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let ben = app.published_practitioner("Ben Okafor", "Boise").await;
    let cy = app.published_practitioner("Cy Lund", "Austin").await;
    let busy = app.patient("Busy Writer").await;
    let once = app.patient("Once Only").await;
    app.review(busy, ana.id, 2, ReviewState::Rejected, morgan)
        .await;
    let edited = app
        .review(busy, ben.id, 4, ReviewState::PendingEdit, morgan)
        .await;
    let waiting = app
        .review(busy, cy.id, 5, ReviewState::Pending, morgan)
        .await;
    let single = app
        .review(once, ana.id, 3, ReviewState::Pending, morgan)
        .await;
    let queue = signed_in(&app, "morgan.vale@moderators.test")
        .await
        .get("/moderation/reviews")
        .await;
    let item = |revision_id: i64| {
        let start = queue
            .body
            .find(&format!("id=\"text-{revision_id}\""))
            .unwrap_or_else(|| panic!("text {revision_id} waits in the queue"));
        let rest = &queue.body[start..];
        rest[..rest.find("</article>").unwrap_or(rest.len())].to_owned()
    };
    for revision_id in [edited.revision_id, waiting.revision_id] {
        assert!(
            item(revision_id).contains("2 other reviews"),
            "{}",
            item(revision_id)
        );
    }
    assert!(item(single.revision_id).contains("0 other reviews"));
}

#[tokio::test]
async fn the_whole_life_of_reviews_through_the_moderation_queues() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    app.moderator("Riley Stone").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let first_moderator = signed_in(&app, "morgan.vale@moderators.test").await;
    let second_moderator = signed_in(&app, "riley.stone@moderators.test").await;
    let author_id = app.patient("Sam Patient").await;
    let author = signed_in(&app, "sam.patient@patients.test").await;

    // Rejection with a reason the author sees.
    let rejected = app
        .review(author_id, ana.id, 5, ReviewState::Pending, morgan)
        .await;
    let queue = first_moderator.get("/moderation/reviews").await;
    // The text as its author wrote it, with the side effect they reported.
    queue.assert_contains("<dt>Side effects</dt><dd>bruising</dd>");
    let refused = first_moderator
        .post_form(
            &format!("/moderation/reviews/{}/reject", rejected.revision_id),
            &[("reason", "promotional"), ("note", "Reads like an advert.")],
        )
        .await;
    assert_eq!(
        refused.header("location"),
        "/moderation/reviews?done=rejected"
    );
    assert_eq!(review_status(&app, rejected.review_id).await, "rejected");
    let mine = author.get("/me/reviews").await;
    mine.assert_contains("Reason: <strong>Promotional</strong>");
    mine.assert_contains("Moderator's note: Reads like an advert.");
    // A rejection needs its reason.
    let bare = app.patient("Bare Reason").await;
    let unreasoned = app
        .review(bare, ana.id, 4, ReviewState::Pending, morgan)
        .await;
    first_moderator.get("/moderation/reviews").await;
    let missing = first_moderator
        .post_form(
            &format!("/moderation/reviews/{}/reject", unreasoned.revision_id),
            &[("reason", "")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    missing.assert_contains("Choose a reason");
    assert_eq!(review_status(&app, unreasoned.review_id).await, "pending");

    // Appeal: the moderator who rejected does not see it and cannot decide it; the second
    // one reverses it and the review is published.
    author.get("/me/reviews").await;
    author
        .post_form(
            &format!("/me/reviews/{}/appeal", rejected.review_id),
            &[("statement", "Nobody paid me; this was my own treatment.")],
        )
        .await;
    let appeal = app.count("SELECT MAX(id) AS n FROM appeals").await;
    let own_queue = first_moderator.get("/moderation/appeals").await;
    own_queue.assert_contains("No appeal is waiting for you.");
    let own_decision = first_moderator
        .post_form(
            &format!("/moderation/appeals/{appeal}/decide"),
            &[("grant", "yes")],
        )
        .await;
    assert_eq!(own_decision.status, StatusCode::FORBIDDEN);
    own_decision.assert_contains("another moderator decides the appeal");
    let queue = second_moderator.get("/moderation/appeals").await;
    queue.assert_contains("Nobody paid me; this was my own treatment.");
    queue.assert_contains("by Morgan Vale: Promotional");
    let granted = second_moderator
        .post_form(
            &format!("/moderation/appeals/{appeal}/decide"),
            &[("grant", "yes"), ("note", "A genuine account.")],
        )
        .await;
    assert_eq!(
        granted.header("location"),
        "/moderation/appeals?done=granted"
    );
    assert_eq!(review_status(&app, rejected.review_id).await, "approved");
    assert_eq!(review_count(&app, ana.id).await, 1);
    app.get(&format!("/practitioners/{}", ana.slug))
        .await
        .assert_contains(&format!("Review 5 by {author_id}"));

    // Request changes, then the author resubmits and it is approved.
    let changes_author = app.patient("Chris Changes").await;
    let sent_back = app
        .review(changes_author, ana.id, 3, ReviewState::Pending, morgan)
        .await;
    first_moderator.get("/moderation/reviews").await;
    let noteless = first_moderator
        .post_form(
            &format!(
                "/moderation/reviews/{}/request-changes",
                sent_back.revision_id
            ),
            &[("note", "")],
        )
        .await;
    assert_eq!(noteless.status, StatusCode::UNPROCESSABLE_ENTITY);
    first_moderator
        .post_form(
            &format!(
                "/moderation/reviews/{}/request-changes",
                sent_back.revision_id
            ),
            &[("note", "Please leave out the nurse's surname.")],
        )
        .await;
    assert_eq!(
        review_status(&app, sent_back.review_id).await,
        "needs_changes"
    );
    let resubmitted = injectory::domain::reviews::submission::submit_review(
        &app.db,
        changes_author,
        ana.id,
        common::review_text(3, "Resubmitted without the surname"),
        app.clock.now(),
    )
    .await
    .expect("resubmitted");
    assert_eq!(review_status(&app, sent_back.review_id).await, "pending");
    first_moderator.get("/moderation/reviews").await;
    first_moderator
        .post_form(
            &format!("/moderation/reviews/{}/approve", resubmitted.revision_id),
            &[],
        )
        .await;
    assert_eq!(review_status(&app, sent_back.review_id).await, "approved");
    assert_eq!(review_count(&app, ana.id).await, 2);

    // A report upheld removes the review; a health-details report hides one at once.
    let reporter = app.patient("Rae Reporter").await;
    injectory::domain::moderation::flags::flag_review(
        &app.db,
        reporter,
        sent_back.review_id,
        injectory::vocabulary::FlagReason::Promotional,
        "An advert.",
        app.clock.now(),
    )
    .await
    .expect("reported");
    assert_eq!(
        review_status(&app, sent_back.review_id).await,
        "approved",
        "an ordinary report leaves it up"
    );
    let flag = app.count("SELECT MAX(id) AS n FROM flags").await;
    let flags = first_moderator.get("/moderation/flags").await;
    flags.assert_contains("Resubmitted without the surname");
    let upheld = first_moderator
        .post_form(
            &format!("/moderation/flags/{flag}/uphold"),
            &[("reason", "promotional")],
        )
        .await;
    assert_eq!(upheld.header("location"), "/moderation/flags?done=upheld");
    assert_eq!(review_status(&app, sent_back.review_id).await, "removed");
    assert_eq!(review_count(&app, ana.id).await, 1);

    let reader = signed_in(&app, "rae.reporter@patients.test").await;
    let page = reader
        .get(&format!("/reviews/{}/flag", rejected.review_id))
        .await;
    page.assert_contains("Report a review");
    let hidden = reader
        .post_form(
            &format!("/reviews/{}/flag", rejected.review_id),
            &[
                ("reason", "health_details"),
                ("note", "Names a neighbour's illness."),
            ],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::OK);
    hidden.assert_contains("The review is hidden until a moderator decides");
    assert_eq!(review_status(&app, rejected.review_id).await, "hidden");
    assert_eq!(review_count(&app, ana.id).await, 0);
    app.get(&format!("/practitioners/{}", ana.slug))
        .await
        .assert_lacks(&format!("Review 5 by {author_id}"));
    // A hidden review cannot be reported again; on a public one, one open report per person.
    let again = reader
        .get(&format!("/reviews/{}/flag", rejected.review_id))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let other = app.patient("Other Author").await;
    let public = app
        .review(other, ana.id, 4, ReviewState::Approved, morgan)
        .await;
    reader
        .get(&format!("/reviews/{}/flag", public.review_id))
        .await;
    let fields = [("reason", "promotional"), ("note", "")];
    let first_report = reader
        .post_form(&format!("/reviews/{}/flag", public.review_id), &fields)
        .await;
    first_report.assert_contains("The review stays up until then.");
    let second_report = reader
        .post_form(&format!("/reviews/{}/flag", public.review_id), &fields)
        .await;
    assert_eq!(second_report.status, StatusCode::CONFLICT);
    second_report.assert_contains("You have already reported this;");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM flags WHERE subject_id = {}",
            public.review_id
        ))
        .await,
        1
    );
    transitions::withdraw_review(&app.db, other, public.review_id, app.clock.now())
        .await
        .expect("withdrawn");

    // Dismissing the hiding report shows the review again.
    let hiding = app
        .count(&format!(
            "SELECT MAX(id) AS n FROM flags WHERE subject_id = {}",
            rejected.review_id
        ))
        .await;
    first_moderator.get("/moderation/flags").await;
    first_moderator
        .post_form(&format!("/moderation/flags/{hiding}/dismiss"), &[])
        .await;
    assert_eq!(review_status(&app, rejected.review_id).await, "approved");
    assert_eq!(review_count(&app, ana.id).await, 1);

    // Withdrawal by the author.
    author.get("/me/reviews").await;
    author
        .post_form(&format!("/me/reviews/{}/withdraw", rejected.review_id), &[])
        .await;
    assert_eq!(review_status(&app, rejected.review_id).await, "withdrawn");
    assert_eq!(review_count(&app, ana.id).await, 0);
    assert!(
        app.get(&format!("/practitioners/{}", ana.slug))
            .await
            .body
            .contains("No approved reviews yet")
    );
    // Every step left exactly one audit event.
    assert_eq!(
        events(&app, rejected.review_id).await,
        7,
        "submit, reject, appeal, granted, hide, dismiss, withdraw"
    );
}

#[tokio::test]
async fn a_report_that_arrives_while_a_moderator_removes_the_review_changes_nothing() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let author = app.patient("Sam Patient").await;
    let reporter = app.patient("Riley Reader").await;
    let review = app
        .review(author, ana.id, 4, ReviewState::Approved, morgan)
        .await;
    assert_eq!(review_count(&app, ana.id).await, 1);

    // The removal has not committed when the report that would hide the review comes in.
    let removal = app.held_transaction().await;
    transitions::remove_review(
        &removal,
        morgan,
        review.review_id,
        injectory::vocabulary::ReasonCode::NotGenuine,
        None,
        app.clock.now(),
    )
    .await
    .expect("removed");
    let db = app.db.clone();
    let now = app.clock.now();
    let report = tokio::spawn(async move {
        injectory::domain::moderation::flags::flag_review(
            &db,
            reporter,
            review.review_id,
            injectory::vocabulary::FlagReason::HealthDetails,
            "",
            now,
        )
        .await
    });
    app.until_a_writer_waits().await;
    removal.commit().await.expect("the removal commits");

    let refused = report.await.expect("task runs");
    assert!(
        matches!(
            refused,
            Err(injectory::domain::moderation::flags::FlagError::Transition(
                TransitionError::NotFound
            ))
        ),
        "a review no longer published cannot be reported: {refused:?}"
    );
    assert_eq!(review_status(&app, review.review_id).await, "removed");
    assert_eq!(
        review_count(&app, ana.id).await,
        0,
        "the review was taken off the counters once"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM flags").await,
        0,
        "the report was not kept"
    );
    assert_eq!(
        events(&app, review.review_id).await,
        3,
        "submit, approve, remove"
    );
}

#[tokio::test]
async fn two_moderators_approving_the_same_review_at_once_count_it_once() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let riley = app.moderator("Riley Stone").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let author = app.patient("Sam Patient").await;
    let review = app
        .review(author, ana.id, 4, ReviewState::Pending, morgan)
        .await;

    // Each moderator on a connection of its own, released together.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    for moderator in [morgan, riley] {
        let db = app.another_connection().await;
        let barrier = barrier.clone();
        let now = app.clock.now();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            transitions::approve_review(&db, moderator, review.revision_id, now).await
        }));
    }
    let mut approved = 0;
    let mut told = Vec::new();
    for task in tasks {
        match task.await.expect("task runs") {
            Ok(_) => approved += 1,
            Err(TransitionError::AlreadyHandled { by, .. }) => told.push(by),
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert_eq!(approved, 1, "one approval");
    assert_eq!(told.len(), 1, "the other is told it was already handled");
    assert!(told[0] == "Morgan Vale" || told[0] == "Riley Stone");
    assert_eq!(review_count(&app, ana.id).await, 1, "the count rose by one");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM moderation_events WHERE action = 'approve' AND subject_id = {}",
            review.review_id
        ))
        .await,
        1,
        "one audit event"
    );

    // Through the queue page, the second moderator reads who and when.
    let pending = app.patient("Second Author").await;
    let another = app
        .review(pending, ana.id, 5, ReviewState::Pending, morgan)
        .await;
    let first = signed_in(&app, "morgan.vale@moderators.test").await;
    let second = signed_in(&app, "riley.stone@moderators.test").await;
    first.get("/moderation/reviews").await;
    second.get("/moderation/reviews").await;
    first
        .post_form(
            &format!("/moderation/reviews/{}/approve", another.revision_id),
            &[],
        )
        .await;
    let late = second
        .post_form(
            &format!("/moderation/reviews/{}/approve", another.revision_id),
            &[],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    late.assert_contains("Already handled by Morgan Vale on");
    assert_eq!(review_count(&app, ana.id).await, 2);
}

#[tokio::test]
async fn nobody_moderates_their_own_review_or_a_review_of_their_own_profile() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    // Ana's account is promoted to moderator (create-moderator keeps her profile).
    injectory::domain::accounts::create_or_promote_moderator(
        &app.db,
        &ana.email,
        || unreachable!("an existing account keeps its password"),
        app.clock.now(),
    )
    .await
    .expect("promoted");
    let author = app.patient("Sam Patient").await;
    let about_ana = app
        .review(author, ana.id, 5, ReviewState::Pending, morgan)
        .await;
    let refused = transitions::approve_review(
        &app.db,
        ana.account_id,
        about_ana.revision_id,
        app.clock.now(),
    )
    .await;
    assert!(
        matches!(refused, Err(TransitionError::NotAllowed(_))),
        "{refused:?}"
    );
    let moderator = signed_in(&app, &ana.email).await;
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("another moderator must decide it");
    let posted = moderator
        .post_form(
            &format!("/moderation/reviews/{}/approve", about_ana.revision_id),
            &[],
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert_eq!(review_status(&app, about_ana.review_id).await, "pending");

    // A moderator's own review (written before promotion) is not theirs to decide either.
    let bea = app.published_practitioner("Bea Lind", "Austin").await;
    let writer = app.patient("Wren Writer").await;
    let own = app
        .review(writer, bea.id, 5, ReviewState::Pending, morgan)
        .await;
    injectory::domain::accounts::create_or_promote_moderator(
        &app.db,
        "wren.writer@patients.test",
        || unreachable!("an existing account keeps its password"),
        app.clock.now(),
    )
    .await
    .expect("promoted");
    let refused =
        transitions::approve_review(&app.db, writer, own.revision_id, app.clock.now()).await;
    assert!(matches!(refused, Err(TransitionError::NotAllowed(_))));
    assert_eq!(review_status(&app, own.review_id).await, "pending");
    assert_eq!(
        review_count(&app, ana.id).await + review_count(&app, bea.id).await,
        0
    );
}

#[tokio::test]
async fn only_moderators_reach_moderation_and_every_post_needs_the_token() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let author = app.patient("Sam Patient").await;
    let review = app
        .review(author, ana.id, 4, ReviewState::Pending, morgan)
        .await;
    let credential = app
        .credential(ana.id, morgan, None, common::CredentialOutcome::Pending)
        .await;
    let pages = [
        "/moderation",
        "/moderation/reviews",
        "/moderation/appeals",
        "/moderation/flags",
        "/moderation/credentials",
        "/moderation/log",
    ];
    let actions = [
        format!("/moderation/reviews/{}/approve", review.revision_id),
        format!("/moderation/reviews/{}/reject", review.revision_id),
        format!("/moderation/reviews/{}/request-changes", review.revision_id),
        format!("/moderation/reviews/{}/remove", review.revision_id),
        "/moderation/reviews/approve-selected".to_owned(),
        "/moderation/appeals/1/decide".to_owned(),
        "/moderation/flags/1/uphold".to_owned(),
        "/moderation/flags/1/dismiss".to_owned(),
        format!("/moderation/credentials/{credential}/verify"),
        format!("/moderation/credentials/{credential}/reject"),
    ];
    let fields = [
        ("reason", "promotional"),
        ("note", "x"),
        ("revision", "1"),
        ("grant", "yes"),
        ("source", "lookup"),
        ("checked_on", "2026-01-01"),
    ];
    let anonymous = app.client();
    for path in pages {
        let page = anonymous.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            page.header("location").starts_with("/login?next="),
            "{path}"
        );
    }
    let patient = signed_in(&app, "sam.patient@patients.test").await;
    let practitioner = signed_in(&app, &ana.email).await;
    for browser in [&patient, &practitioner] {
        for path in pages {
            assert_eq!(
                browser.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        browser.get("/account").await;
        for path in &actions {
            let posted = browser.post_form(path, &fields).await;
            assert_eq!(posted.status, StatusCode::FORBIDDEN, "{path}");
        }
    }
    for path in &actions {
        let posted = anonymous.post_form_raw(path, &fields).await;
        assert_eq!(
            posted.status,
            StatusCode::FORBIDDEN,
            "{path}: no token, no sign-in"
        );
    }
    // A moderator's post without the token changes nothing.
    let moderator = signed_in(&app, "morgan.vale@moderators.test").await;
    for path in &actions {
        let posted = moderator
            .send(
                Method::POST,
                path,
                &[("content-type", "application/x-www-form-urlencoded")],
                form_body(&fields),
            )
            .await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(review_status(&app, review.review_id).await, "pending");
    assert_eq!(
        app.text(&format!(
            "SELECT status AS t FROM credentials WHERE id = {credential}"
        ))
        .await,
        "pending"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM moderation_events WHERE actor_id <> 0 AND action <> 'submit'"
        )
        .await,
        0,
        "no decision was recorded"
    );
}

#[tokio::test]
async fn credentials_are_verified_against_a_source_and_the_badge_follows() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let credential = app
        .credential(ana.id, morgan, None, common::CredentialOutcome::Pending)
        .await;
    let moderator = signed_in(&app, "morgan.vale@moderators.test").await;
    let queue = moderator.get("/moderation/credentials").await;
    queue.assert_contains("Texas Board of Nursing");
    queue.assert_contains("RN-0001");
    let sourceless = moderator
        .post_form(
            &format!("/moderation/credentials/{credential}/verify"),
            &[("source", ""), ("checked_on", "")],
        )
        .await;
    assert_eq!(sourceless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.get("/practitioners?verified=on")
            .await
            .body
            .contains("No practitioner matches")
    );
    let today = app.clock.now().date_naive().to_string();
    let verified = moderator
        .post_form(
            &format!("/moderation/credentials/{credential}/verify"),
            &[
                ("source", "https://www.bon.texas.gov/verify"),
                ("checked_on", &today),
            ],
        )
        .await;
    assert_eq!(
        verified.header("location"),
        "/moderation/credentials?done=verified"
    );
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains("✓ Verified license");
    profile.assert_contains("against https://www.bon.texas.gov/verify");
    app.get("/practitioners?verified=on")
        .await
        .assert_contains("Ana Ruiz");
    let log = moderator
        .get(&format!(
            "/moderation/log?subject=credential&subject_id={credential}"
        ))
        .await;
    log.assert_contains("Credential verified");
}

#[tokio::test]
async fn the_audit_log_is_newest_first_and_filters_by_moderator_subject_and_action() {
    let app = TestApp::with_demo_data().await;
    let moderator = app.client();
    moderator
        .login("moderator@demo.injectory.test", "Cupids-bow-audit-42")
        .await;
    let all = moderator.get("/moderation/log").await;
    assert_eq!(all.status, StatusCode::OK);
    let total = app
        .count("SELECT COUNT(*) AS n FROM moderation_events")
        .await;
    all.assert_contains(&format!("<strong>{total}</strong> events"));
    let riley = app
        .count("SELECT id AS n FROM accounts WHERE email = 'moderator2@demo.injectory.test'")
        .await;
    let by_riley = moderator
        .get(&format!("/moderation/log?moderator={riley}&action=approve"))
        .await;
    let expected = app
        .count(&format!("SELECT COUNT(*) AS n FROM moderation_events WHERE actor_id = {riley} AND action = 'approve'"))
        .await;
    assert!(expected > 0);
    by_riley.assert_contains(&format!("<strong>{expected}</strong> events"));
    by_riley.assert_lacks("Morgan (moderator)</td>");
    let bad = moderator
        .get("/moderation/log?action=delete_everything")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Newest first: the first row's time is the latest event's.
    let latest = app
        .text("SELECT CAST(MAX(created_at) AS TEXT) AS t FROM moderation_events")
        .await;
    let first_time = all
        .body
        .split("<time datetime=\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        first_time.starts_with(&latest[..10]),
        "{latest} vs {}",
        &first_time[..30.min(first_time.len())]
    );
    let page_two = moderator.get("/moderation/log?page=2").await;
    assert_eq!(page_two.status, StatusCode::OK);
    page_two.assert_contains("rel=\"prev\"");
}

#[tokio::test]
async fn the_transparency_figures_equal_counts_over_the_rows() {
    let app = TestApp::with_demo_data().await;
    let page = app.get("/transparency").await;
    assert_eq!(page.status, StatusCode::OK);
    let all_time = page
        .body
        .split("<h2>All time</h2>")
        .nth(1)
        .and_then(|rest| rest.split("<h2>").next())
        .expect("an all-time section")
        .to_owned();
    for stars in 1..=5 {
        let count = |action: &'static str| {
            format!(
                "SELECT COUNT(*) AS n FROM moderation_events e JOIN review_revisions v ON v.id = e.revision_id \
                 WHERE e.subject_kind = 'review' AND e.action = '{action}' AND v.rating = {stars}"
            )
        };
        let approved = app.count(&count("approve")).await;
        let rejected = app.count(&count("reject")).await;
        let row = format!(
            "<tr><th scope=\"row\">{stars}</th><td>{approved}</td><td>{rejected}</td></tr>"
        );
        assert!(all_time.contains(&row), "{row} in {all_time}");
    }
    for (action, words) in [
        ("reject", "Rejections by reason: "),
        (
            "remove', 'uphold_flag",
            "Removals after publication, by reason: ",
        ),
    ] {
        let reasons = app
            .count(&format!("SELECT COUNT(*) AS n FROM moderation_events WHERE action IN ('{action}') AND reason_code IS NOT NULL"))
            .await;
        assert!(reasons > 0, "{action}");
        let listed = all_time
            .split(words)
            .nth(1)
            .and_then(|r| r.split('.').next())
            .expect(words);
        let sum: i64 = listed
            .split(", ")
            .filter_map(|part| part.rsplit(": ").next()?.parse::<i64>().ok())
            .sum();
        assert_eq!(sum, reasons, "{words}{listed}");
    }
    let month = app
        .text("SELECT MIN(CAST(created_at AS TEXT)) AS t FROM moderation_events WHERE action = 'approve'")
        .await;
    assert!(page.body.contains("<h3>"), "months are listed");
    assert!(!month.is_empty());
    // Counts only: no review text, no names.
    page.assert_lacks("Morgan");
    page.assert_lacks("reviewer");
    // One practitioner's figures, as linked from the profile.
    let maya = app.get("/transparency?practitioner=dr-maya-rivera").await;
    maya.assert_contains("How reviews of Dr. Maya Rivera were moderated");
    assert_eq!(
        app.get("/transparency?practitioner=nobody").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn several_selected_reviews_are_approved_at_once() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let mut revisions = Vec::new();
    for n in 0..3 {
        let author = app.patient(&format!("Author {n}")).await;
        revisions.push(
            app.review(author, ana.id, 4, ReviewState::Pending, morgan)
                .await
                .revision_id,
        );
    }
    let moderator = signed_in(&app, "morgan.vale@moderators.test").await;
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("form=\"approve-selected\"");
    let picked: Vec<(&str, String)> = revisions[..2]
        .iter()
        .map(|id| ("revision", id.to_string()))
        .collect();
    let picked: Vec<(&str, &str)> = picked.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = moderator
        .post_form("/moderation/reviews/approve-selected", &picked)
        .await;
    assert_eq!(done.status, StatusCode::OK);
    done.assert_contains("Approved 2.");
    assert_eq!(review_count(&app, ana.id).await, 2);
    let again = moderator
        .post_form("/moderation/reviews/approve-selected", &picked)
        .await;
    again.assert_contains("Approved 0. Not approved:");
    again.assert_contains("Already handled by Morgan Vale");
    assert_eq!(review_count(&app, ana.id).await, 2);
}

#[tokio::test]
async fn the_reviews_queue_pages_through_every_waiting_text_oldest_first() {
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let mut revisions = Vec::new();
    for n in 0..23 {
        let author = app.patient(&format!("Author {n}")).await;
        revisions.push(
            app.review(author, ana.id, 4, ReviewState::Pending, morgan)
                .await
                .revision_id,
        );
        app.clock.advance(chrono::Duration::minutes(1));
    }
    let moderator = signed_in(&app, "morgan.vale@moderators.test").await;
    // Each page lists its own texts, oldest first, and together they list every one once.
    let mut listed = Vec::new();
    for page in 1..=2 {
        let queue = moderator
            .get(&format!("/moderation/reviews?page={page}"))
            .await;
        assert_eq!(queue.status, StatusCode::OK);
        queue.assert_contains("<strong>23</strong> waiting");
        queue.assert_contains(&format!("page {page} of 2"));
        let mut rest = queue.body.as_str();
        while let Some(at) = rest.find("id=\"text-") {
            rest = &rest[at + "id=\"text-".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            listed.push(digits.parse::<i64>().expect("a revision id"));
        }
    }
    assert_eq!(
        listed, revisions,
        "twenty on the first page, three on the second"
    );
    // Past the end: nothing listed, the count still given.
    let past = moderator.get("/moderation/reviews?page=3").await;
    past.assert_contains("<strong>23</strong> waiting");
    past.assert_lacks("id=\"text-");
}

#[tokio::test]
async fn the_reviews_queue_counts_only_texts_that_can_be_decided_on_every_page() {
    use injectory::domain::moderation::{appeals, flags};
    let app = TestApp::new().await;
    let morgan = app.moderator("Morgan Vale").await;
    let quinn = app.moderator("Quinn Second").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let now = app.clock.now();
    let new_review = app
        .review(
            app.patient("Pat New").await,
            ana.id,
            5,
            ReviewState::Pending,
            morgan,
        )
        .await;
    let edited = app
        .review(
            app.patient("Eve Edit").await,
            ana.id,
            4,
            ReviewState::PendingEdit,
            morgan,
        )
        .await;
    // A published review with an edit waiting, then hidden by a report: its edit waits for
    // the report's outcome, off the queue.
    let parked = app
        .review(
            app.patient("Hal Hidden").await,
            ana.id,
            3,
            ReviewState::HiddenWithEdit,
            morgan,
        )
        .await;
    assert_eq!(review_status(&app, parked.review_id).await, "hidden");
    // Another, with an edit waiting, removed by a moderator: its edit waits off the queue
    // too, unless an appeal brings the review back.
    let rae = app.patient("Rae Removed").await;
    let removed = app
        .review(rae, ana.id, 2, ReviewState::RemovedWithEdit, morgan)
        .await;

    let moderator = signed_in(&app, "morgan.vale@moderators.test").await;
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("<strong>2</strong> waiting");
    queue.assert_contains(&format!("id=\"text-{}\"", new_review.revision_id));
    queue.assert_contains(&format!("id=\"text-{}\"", edited.revision_id));
    // Each text comes with its review's context, read in the same statement.
    queue.assert_contains("By Pat New");
    queue.assert_contains("By Eve Edit");
    for (author, why) in [
        ("Hal Hidden", "the hidden review's edit waits off the queue"),
        (
            "Rae Removed",
            "the removed review's edit waits off the queue",
        ),
    ] {
        assert!(!queue.body.contains(author), "{why}");
    }
    // A page past the end lists nothing and still says how many wait.
    let past = moderator.get("/moderation/reviews?page=7").await;
    assert_eq!(past.status, StatusCode::OK);
    past.assert_contains("<strong>2</strong> waiting");
    assert!(!past.body.contains("id=\"text-"));
    // The overview counts the queue the same way.
    let overview = moderator.get("/moderation").await;
    overview.assert_contains("Reviews and edits</a></td><td>2</td>");
    // Neither held text can be decided meanwhile.
    for held in [parked.revision_id, removed.revision_id] {
        let refused = transitions::approve_review(&app.db, quinn, held, now).await;
        assert!(refused.is_err(), "a held text is not approved: {refused:?}");
    }

    // The report is dismissed: the review is shown again and its edit is back in the queue.
    let report = app
        .count(&format!(
            "SELECT id AS n FROM flags WHERE subject_id = {}",
            parked.review_id
        ))
        .await;
    flags::dismiss_flag(&app.db, morgan, report, None, now)
        .await
        .expect("dismissed");
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("<strong>3</strong> waiting");
    queue.assert_contains(&format!("id=\"text-{}\"", parked.revision_id));
    // The removal is appealed and a second moderator grants it: the review is published
    // again and its edit waits in the queue.
    let appeal = appeals::appeal_review(
        &app.db,
        rae,
        removed.review_id,
        "It was my own visit.".into(),
        now,
    )
    .await
    .expect("appealed");
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("<strong>3</strong> waiting");
    appeals::decide_appeal(&app.db, quinn, appeal, true, None, now)
        .await
        .expect("granted");
    let queue = moderator.get("/moderation/reviews").await;
    queue.assert_contains("<strong>4</strong> waiting");
    queue.assert_contains(&format!("id=\"text-{}\"", removed.revision_id));
    let overview = moderator.get("/moderation").await;
    overview.assert_contains("Reviews and edits</a></td><td>4</td>");
    // And it can be decided now.
    transitions::approve_review(&app.db, quinn, removed.revision_id, now)
        .await
        .expect("the edit is approved");
    moderator
        .get("/moderation/reviews")
        .await
        .assert_contains("<strong>3</strong> waiting");
}
