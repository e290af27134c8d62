//! The schema: every table is created, torn down and created again, on SQLite and PostgreSQL,
//! and the unique constraints the directory relies on hold.

mod common;

use chrono::Utc;
use injectory::domain::accounts::{self, AccountError, NewAccount};
use injectory::domain::moderation::transparency;
use injectory::domain::practitioners::recount;
use injectory::entities::practitioner;
use injectory::vocabulary::Role;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};

async fn table_exists(db: &impl ConnectionTrait, table: &str) -> bool {
    let backend: DbBackend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(
        backend,
        format!("SELECT COUNT(*) AS n FROM {table}"),
    ))
    .await
    .is_ok()
}

/// Rolls back migration `name` and every one after it, then migrates up again: what a
/// database made before `name` landed goes through when it is deployed.
async fn migrate_again_from(db: &sea_orm::DatabaseConnection, name: &str) {
    let migrations = Migrator::migrations();
    let position = migrations
        .iter()
        .position(|m| m.name() == name)
        .expect("the migration is listed");
    let steps = u32::try_from(migrations.len() - position).expect("a few migrations");
    Migrator::down(db, Some(steps))
        .await
        .expect("rolls back to before the migration");
    Migrator::up(db, None).await.expect("migrates up again");
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let test_db = common::migrated_database().await;
    let db = &test_db.db;
    for table in common::TABLES {
        assert!(
            table_exists(db, table).await,
            "{table} exists after migrating up ({})",
            common::backend_name()
        );
    }

    Migrator::down(db, None)
        .await
        .expect("every migration rolls back");
    for table in common::TABLES {
        assert!(
            !table_exists(db, table).await,
            "{table} is gone after migrating down"
        );
    }

    Migrator::up(db, None)
        .await
        .expect("migrations apply again");
    for table in common::TABLES {
        assert!(
            table_exists(db, table).await,
            "{table} exists after migrating up again"
        );
    }
    let account = accounts::create_account(
        db,
        NewAccount {
            email: "after@example.com".into(),
            password_hash: "x".into(),
            role: Role::Patient,
            display_name: "After".into(),
            email_verified: true,
        },
        chrono::Utc::now(),
    )
    .await
    .expect("the re-created schema accepts rows");
    assert!(account.id > 0);
}

#[tokio::test]
async fn the_typical_times_are_filled_from_the_approved_reviews_when_the_columns_arrive() {
    let app = common::TestApp::with_demo_data().await;
    let db = &app.db;
    let answered = "SELECT COUNT(*) AS n FROM practitioners WHERE typical_onset_days IS NOT NULL";
    let kept_by_moderation = app.count(answered).await;
    assert!(kept_by_moderation > 0, "the demo data has typical times");
    migrate_again_from(db, "m20261130_000016_store_typical_result_times").await;
    assert_eq!(app.count(answered).await, kept_by_moderation);
    let drifts = recount::differences(db).await.expect("recounts");
    assert!(
        drifts.is_empty(),
        "the migration's medians match the moderation transitions': {drifts:?}"
    );
}

#[tokio::test]
async fn the_moderation_tallies_are_filled_from_the_audit_log_when_the_table_arrives() {
    let app = common::TestApp::with_demo_data().await;
    let db = &app.db;
    let practitioners: Vec<i64> = practitioner::Entity::find()
        .all(db)
        .await
        .expect("practitioners")
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut kept = vec![transparency::figures(db, None).await.expect("figures")];
    for id in &practitioners {
        kept.push(transparency::figures(db, Some(*id)).await.expect("figures"));
    }
    let all_time = &kept[0].all_time;
    assert!(
        all_time.approved.iter().sum::<u64>() > 0
            && !all_time.rejections.is_empty()
            && all_time.median_hours_to_decision.is_some(),
        "the demo data's moderation is tallied: {all_time:?}"
    );
    // The profile's all-time figures, summed over the months in the statement, are the
    // all-time figures of the month by month reading.
    for (id, figures) in practitioners.iter().zip(&kept[1..]) {
        let profile = transparency::all_time(db, *id)
            .await
            .expect("all-time figures");
        assert_eq!(profile, figures.all_time, "practitioner {id}");
    }
    assert!(
        kept[1..]
            .iter()
            .any(|f| f.all_time.median_hours_to_decision.is_some() && f.months.len() > 1),
        "some practitioner's decisions span months, so the sum over them is tested"
    );
    migrate_again_from(db, "m20261201_000017_moderation_tallies").await;
    let mut tallied = vec![transparency::figures(db, None).await.expect("figures")];
    for id in &practitioners {
        tallied.push(transparency::figures(db, Some(*id)).await.expect("figures"));
    }
    assert_eq!(
        tallied, kept,
        "the audit log tallied at once gives the figures the decisions kept one by one"
    );
}

#[tokio::test]
async fn the_waiting_texts_of_hidden_and_removed_reviews_are_held_when_the_column_arrives() {
    use common::ReviewState;
    use injectory::domain::moderation::queues;
    let app = common::TestApp::new().await;
    let db = &app.db;
    let morgan = app.moderator("Morgan Vale").await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    for (author, state) in [
        ("Pat New", ReviewState::Pending),
        ("Eve Edit", ReviewState::PendingEdit),
        ("Hal Hidden", ReviewState::HiddenWithEdit),
        ("Rae Removed", ReviewState::RemovedWithEdit),
    ] {
        let patient = app.patient(author).await;
        app.review(patient, ana.id, 4, state, morgan).await;
    }
    let held = "SELECT COUNT(*) AS n FROM review_revisions WHERE on_hold";
    let waiting = || async {
        queues::queue_counts(db, morgan)
            .await
            .expect("counts")
            .reviews
    };
    assert_eq!(app.count(held).await, 2, "the transitions held two texts");
    assert_eq!(waiting().await, 2);
    migrate_again_from(db, "m20261201_000019_hold_texts_of_blocked_reviews").await;
    assert_eq!(
        app.count(held).await,
        2,
        "the migration holds the texts the transitions held"
    );
    assert_eq!(waiting().await, 2, "and the queue counts the same texts");
}

#[tokio::test]
async fn the_offering_flags_are_filled_from_the_treatments_and_products_when_the_columns_arrive() {
    use injectory::domain::practitioners::{products_of, treatments_of};
    use injectory::search_keys::{product_flags, treatment_flags};
    let app = common::TestApp::with_demo_data().await;
    let db = &app.db;
    let flags = || async {
        let mut rows: Vec<(i64, i32, i32)> = practitioner::Entity::find()
            .all(db)
            .await
            .expect("practitioners")
            .into_iter()
            .map(|p| (p.id, p.treatment_flags, p.product_flags))
            .collect();
        rows.sort_unstable();
        rows
    };
    let kept_by_saving = flags().await;
    for (id, treatments, products) in &kept_by_saving {
        let offered = treatments_of(db, *id).await.expect("treatments");
        assert_eq!(*treatments, treatment_flags(&offered), "practitioner {id}");
        let brands = products_of(db, *id).await.expect("products");
        assert_eq!(*products, product_flags(&brands), "practitioner {id}");
    }
    assert!(
        kept_by_saving
            .iter()
            .any(|(_, t, p)| t.count_ones() > 1 && p.count_ones() > 1),
        "someone in the demo data offers several treatments and products"
    );
    migrate_again_from(db, "m20261207_000020_offering_flags").await;
    assert_eq!(
        flags().await,
        kept_by_saving,
        "the migration numbers each treatment and product as the application does"
    );
}

#[tokio::test]
async fn the_reviews_each_account_wrote_are_counted_when_the_column_arrives() {
    let app = common::TestApp::with_demo_data().await;
    let db = &app.db;
    let counted = "SELECT COUNT(*) AS n FROM accounts WHERE reviews_written = \
                   (SELECT COUNT(*) FROM reviews WHERE reviews.author_id = accounts.id)";
    let accounts = app.count("SELECT COUNT(*) AS n FROM accounts").await;
    let writers = "SELECT COUNT(*) AS n FROM accounts WHERE reviews_written > 0";
    assert_eq!(
        app.count(counted).await,
        accounts,
        "submitting a review counted it"
    );
    assert!(app.count(writers).await > 0, "the demo data has reviews");
    migrate_again_from(db, "m20261207_000021_count_reviews_written").await;
    assert_eq!(
        app.count(counted).await,
        accounts,
        "the migration counts them"
    );
    assert!(app.count(writers).await > 0);
}

#[tokio::test]
async fn the_side_effect_flags_are_filled_from_the_reported_side_effects_when_the_column_arrives() {
    use injectory::entities::{review_revision, review_side_effect};
    use injectory::vocabulary::SideEffect;
    let app = common::TestApp::with_demo_data().await;
    let db = &app.db;
    let flags = || async {
        let mut rows: Vec<(i64, i32)> = review_revision::Entity::find()
            .all(db)
            .await
            .expect("texts")
            .into_iter()
            .map(|v| (v.id, v.side_effect_flags))
            .collect();
        rows.sort_unstable();
        rows
    };
    let reported = review_side_effect::Entity::find()
        .all(db)
        .await
        .expect("side effects");
    let kept_by_submitting = flags().await;
    for (id, flags) in &kept_by_submitting {
        let effects: Vec<SideEffect> = reported
            .iter()
            .filter(|row| row.revision_id == *id)
            .map(|row| row.side_effect)
            .collect();
        assert_eq!(*flags, SideEffect::flags_of(&effects), "text {id}");
    }
    assert!(
        kept_by_submitting.iter().any(|(_, f)| f.count_ones() > 1),
        "some text in the demo data reports several side effects"
    );
    migrate_again_from(db, "m20261207_000022_side_effect_flags").await;
    assert_eq!(
        flags().await,
        kept_by_submitting,
        "the migration numbers each side effect as the application does"
    );
}

#[tokio::test]
async fn the_check_finds_kept_keys_that_differ_from_their_rows_and_repairs_them() {
    use injectory::domain::kept_keys::{self, KeyDrift};
    let app = common::TestApp::with_demo_data().await;
    let db = &app.db;
    assert_eq!(
        kept_keys::differences(db).await.expect("checks"),
        Vec::new(),
        "the demo data keeps every key"
    );
    let reported = "SELECT COUNT(*) AS n FROM review_revisions WHERE side_effect_flags <> 0";
    let texts_with_side_effects = app.count(reported).await;
    assert!(texts_with_side_effects > 1);
    app.execute("UPDATE review_revisions SET side_effect_flags = 0")
        .await;
    app.execute("UPDATE practitioners SET product_flags = 0")
        .await;
    app.execute(
        "UPDATE accounts SET reviews_written = reviews_written + 2 \
         WHERE id = (SELECT MIN(author_id) FROM reviews)",
    )
    .await;
    let offering_products = app
        .count("SELECT COUNT(DISTINCT practitioner_id) AS n FROM practitioner_products")
        .await;
    let expected = vec![
        KeyDrift {
            key: "review_revisions.side_effect_flags",
            rows: texts_with_side_effects.unsigned_abs(),
        },
        KeyDrift {
            key: "practitioners.product_flags",
            rows: offering_products.unsigned_abs(),
        },
        KeyDrift {
            key: "accounts.reviews_written",
            rows: 1,
        },
    ];
    assert_eq!(kept_keys::differences(db).await.expect("checks"), expected);
    assert_eq!(kept_keys::repair(db).await.expect("repairs"), expected);
    assert_eq!(
        kept_keys::differences(db).await.expect("checks"),
        Vec::new()
    );
    assert_eq!(app.count(reported).await, texts_with_side_effects);
}

#[tokio::test]
async fn a_second_account_with_the_same_email_is_refused() {
    let test_db = common::migrated_database().await;
    let new = |email: &str| NewAccount {
        email: email.into(),
        password_hash: "x".into(),
        role: Role::Patient,
        display_name: "Ana".into(),
        email_verified: false,
    };
    accounts::create_account(&test_db.db, new("ana@example.com"), chrono::Utc::now())
        .await
        .expect("first account");
    let second =
        accounts::create_account(&test_db.db, new("  ANA@example.com "), chrono::Utc::now()).await;
    assert!(
        matches!(second, Err(AccountError::EmailTaken)),
        "{second:?}"
    );
    assert_eq!(
        common::scalar(&test_db.db, "SELECT COUNT(*) AS n FROM accounts").await,
        1
    );
}

#[tokio::test]
async fn the_database_enforces_unique_slugs_and_one_review_per_author_per_practitioner() {
    let test_db = common::migrated_database().await;
    let db = &test_db.db;
    let now = Utc::now().to_rfc3339();
    let run = |sql: String| async move {
        let backend = db.get_database_backend();
        db.execute_raw(Statement::from_string(backend, sql)).await
    };
    run(format!(
        "INSERT INTO accounts (email, password_hash, role, display_name, disabled, created_at, updated_at) \
         VALUES ('a@example.com', 'x', 'patient', 'A', false, '{now}', '{now}')"
    ))
    .await
    .expect("account row");
    let practitioner = |slug: &str| {
        format!(
            "INSERT INTO practitioners (slug, name, profession, setting, created_at, updated_at) \
             VALUES ('{slug}', 'P', 'physician', 'med_spa', '{now}', '{now}')"
        )
    };
    run(practitioner("same-slug"))
        .await
        .expect("first practitioner");
    let duplicate = run(practitioner("same-slug"))
        .await
        .expect_err("a second practitioner with the same slug");
    assert!(accounts::is_unique_violation(&duplicate), "{duplicate:?}");

    let review = format!(
        "INSERT INTO reviews (practitioner_id, author_id, status, created_at, updated_at) \
         VALUES ((SELECT id FROM practitioners WHERE slug = 'same-slug'), (SELECT id FROM accounts), 'pending', '{now}', '{now}')"
    );
    run(review.clone()).await.expect("first review");
    let second = run(review)
        .await
        .expect_err("a second review by the same author");
    assert!(accounts::is_unique_violation(&second), "{second:?}");

    let orphan = run(format!(
        "INSERT INTO reviews (practitioner_id, author_id, status, created_at, updated_at) VALUES (999, 999, 'pending', '{now}', '{now}')"
    ))
    .await;
    assert!(
        orphan.is_err(),
        "a review of a practitioner that does not exist is refused by the foreign key"
    );
}
