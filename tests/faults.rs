//! Database faults, survived: while the database is away (its SQLite file removed, replaced,
//! unreadable or read-only; PostgreSQL cut off) pages answer 503 with `Retry-After` and
//! `/healthz` answers 503; once it is back the app serves and writes again without a restart,
//! and a write the fault interrupted left all or nothing. A transaction dropped while the
//! database was slow to answer its BEGIN leaves its pooled connection clean.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::StatusCode;
use common::{Client, Page, TestApp, proxy::Proxy};
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, TransactionTrait};

const PASSWORD: &str = "harbor lantern velvet orbit";

fn assert_away(page: &Page, what: &str) {
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{what}");
    assert_eq!(page.header("retry-after"), "5", "{what}");
}

/// Registers `email` through the form, as a visitor would.
async fn register(browser: &Client<'_>, email: &str) -> Page {
    browser.get("/register").await;
    browser
        .post_form(
            "/register",
            &[
                ("role", "patient"),
                ("display_name", "Sam"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await
}

/// Accounts with `email`, read on a fresh connection (the test's own pool may still hold
/// the old file).
async fn accounts_named(url: &str, email: &str) -> i64 {
    let db = injectory::database::connect(url).await.expect("opens");
    let n = common::scalar(
        &db,
        &format!("SELECT COUNT(*) AS n FROM accounts WHERE email = '{email}'"),
    )
    .await;
    db.close().await.expect("closes");
    n
}

/// The app serves, answers health checks and can be written to.
async fn assert_working(app: &TestApp, url: &str, email: &str) {
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(app.get("/practitioners").await.status, StatusCode::OK);
    let browser = app.client();
    let made = register(&browser, email).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{email} registers");
    assert_eq!(accounts_named(url, email).await, 1);
}

/// While away: a page, the health check and a write all get 503 and nothing is stored.
async fn assert_unavailable(app: &TestApp, url: Option<&str>, email: &str) {
    assert_away(&app.get("/practitioners").await, "a page");
    let page = app.get("/practitioners").await;
    page.assert_contains("unavailable for a moment");
    assert_away(&app.get("/healthz").await, "the health check");
    let browser = app.client();
    assert_away(&register(&browser, email).await, "a write");
    if let Some(url) = url {
        assert_eq!(accounts_named(url, email).await, 0, "nothing was stored");
    }
}

fn database_file(dir: &Path) -> PathBuf {
    dir.join("injectory.db")
}

#[tokio::test]
async fn a_removed_or_replaced_sqlite_file_is_503_until_a_backup_is_put_back() {
    let dir = tempfile::tempdir().expect("folder");
    let (database, url) = common::sqlite_file_database(dir.path()).await;
    let app = TestApp::serving(database, &url).await;
    assert_working(&app, &url, "before@example.com").await;
    let file = database_file(dir.path());
    let backup = dir.path().join("backup.db");
    std::fs::copy(&file, &backup).expect("backed up");

    // Removed while serving: reads do not go on from the deleted file.
    std::fs::rename(&file, dir.path().join("moved-away.db")).expect("moved");
    assert_unavailable(&app, None, "during@example.com").await;
    assert!(
        !file.exists(),
        "serving never creates an empty database in its place"
    );

    // A backup put back is a new file: the app uses it without a restart.
    std::fs::copy(&backup, &file).expect("restored");
    assert_working(&app, &url, "after@example.com").await;
    assert_eq!(accounts_named(&url, "before@example.com").await, 1);
}

#[tokio::test]
async fn an_unreadable_sqlite_file_is_503_until_it_is_restored() {
    let dir = tempfile::tempdir().expect("folder");
    let (database, url) = common::sqlite_file_database(dir.path()).await;
    let app = TestApp::serving(database, &url).await;
    assert_working(&app, &url, "before@example.com").await;
    let file = database_file(dir.path());
    let good = std::fs::read(&file).expect("reads");

    std::fs::write(&file, vec![0x5a; good.len()]).expect("spoiled");
    assert_unavailable(&app, None, "during@example.com").await;

    std::fs::write(&file, &good).expect("restored");
    assert_working(&app, &url, "after@example.com").await;
}

#[tokio::test]
async fn a_read_only_sqlite_file_refuses_writes_with_503_until_writable_again() {
    let dir = tempfile::tempdir().expect("folder");
    let (database, url) = common::sqlite_file_database(dir.path()).await;
    let app = TestApp::serving(database, &url).await;
    assert_working(&app, &url, "before@example.com").await;
    let file = database_file(dir.path());
    let chattr = |flag: &str| {
        std::process::Command::new("chattr")
            .args([flag, &file.display().to_string()])
            .status()
            .is_ok_and(|s| s.success())
    };
    // Tests run as root, whom file modes do not stop; the immutable flag does.
    assert!(chattr("+i"), "chattr +i works on the test's folder");
    let page = app.get("/practitioners").await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "reading a read-only file still works"
    );
    assert_away(&app.get("/healthz").await, "the health check");
    let browser = app.client();
    assert_away(&register(&browser, "during@example.com").await, "a write");
    assert!(chattr("-i"));
    assert_eq!(accounts_named(&url, "during@example.com").await, 0);
    assert_working(&app, &url, "after@example.com").await;
}

/// A migrated PostgreSQL database of the test's own, reached through a proxy the test can
/// cut: the database (dropped, it is removed), its URL, the proxy and the URL through it.
/// `None`, with a word on standard error, when the tests run on SQLite.
async fn postgres_behind_a_proxy() -> Option<(common::TestDatabase, String, Proxy, String)> {
    let database = common::migrated_database().await;
    let Some(direct) = database.url().map(str::to_owned) else {
        eprintln!("PostgreSQL only: set TEST_DATABASE_URL (CI does)");
        return None;
    };
    let proxy = Proxy::start("127.0.0.1:5432".parse().expect("address")).await;
    let proxied = direct.replace("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port));
    assert_ne!(
        proxied, direct,
        "the test database is reached through the proxy"
    );
    Some((database, direct, proxy, proxied))
}

#[tokio::test]
async fn postgresql_cut_off_is_503_and_comes_back_without_a_restart() {
    let Some((database, direct, proxy, proxied)) = postgres_behind_a_proxy().await else {
        return;
    };
    let app = TestApp::serving(database, &proxied).await;
    assert_working(&app, &direct, "before@example.com").await;

    // A write the fault interrupts leaves nothing behind.
    let writer = injectory::database::connect(&proxied).await.expect("opens");
    let txn = writer.begin().await.expect("begins");
    txn.execute_unprepared(
        "UPDATE accounts SET display_name = 'Half written' WHERE email = 'before@example.com'",
    )
    .await
    .expect("first half");
    proxy.cut();
    assert!(
        txn.commit().await.is_err(),
        "the commit cannot reach the database"
    );
    assert_unavailable(&app, Some(&direct), "during@example.com").await;

    proxy.restore().await;
    assert_working(&app, &direct, "after@example.com").await;
    let direct_db = injectory::database::connect(&direct).await.expect("opens");
    assert_eq!(
        common::scalar(
            &direct_db,
            "SELECT COUNT(*) AS n FROM accounts WHERE display_name = 'Half written'"
        )
        .await,
        0,
        "all or nothing"
    );
}

/// Starts `begins` while the database holds back its answers and drops it unanswered, as when
/// the visitor goes away while their page's transaction is beginning; then lets the answers
/// through.
async fn dropped_while_beginning<T>(
    proxy: &Proxy,
    pool: &DatabaseConnection,
    begins: impl Future<Output = T>,
) {
    idle(pool).await;
    proxy.stall();
    assert!(
        tokio::time::timeout(Duration::from_millis(500), begins)
            .await
            .is_err(),
        "the database's answer was held back"
    );
    proxy.resume();
}

/// Waits for the pool's one connection to be back and idle: sqlx checks a connection given
/// back in a task of its own, with a round trip the proxy could hold back.
async fn idle(pool: &DatabaseConnection) {
    for _ in 0..500 {
        if pool.get_postgres_connection_pool().num_idle() == 1 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the pooled connection came back");
}

/// What the pooled connection runs next is committed (no transaction was left open on it),
/// and a read snapshot begins on it.
async fn assert_left_clean(pool: &DatabaseConnection, direct: &DatabaseConnection, n: i64) {
    pool.execute_unprepared("INSERT INTO probe VALUES (1)")
        .await
        .expect("the next statement runs");
    assert_eq!(
        common::scalar(direct, "SELECT COUNT(*) AS n FROM probe").await,
        n,
        "the next statement was committed, not held in a forgotten transaction"
    );
    injectory::domain::moderation::queues::review_queue(pool, 0, 1)
        .await
        .expect("the next page's snapshot begins");
}

#[tokio::test]
async fn a_transaction_dropped_while_it_begins_leaves_its_connection_clean() {
    let Some((_database, direct, proxy, proxied)) = postgres_behind_a_proxy().await else {
        return;
    };
    // One pooled connection, so each step runs on the one the dropped step held; like the
    // app's pool, it is not pinged when taken again soon after.
    let mut options = ConnectOptions::new(proxied);
    options
        .max_connections(1)
        .min_connections(1)
        .test_before_acquire_if_idle_for(Duration::from_secs(10));
    let pool = sea_orm::Database::connect(options).await.expect("opens");
    let direct = injectory::database::connect(&direct).await.expect("opens");
    direct
        .execute_unprepared("CREATE TABLE probe (n integer)")
        .await
        .expect("a table of the test's own");

    // A page read in one snapshot.
    dropped_while_beginning(
        &proxy,
        &pool,
        injectory::domain::moderation::queues::review_queue(&pool, 0, 1),
    )
    .await;
    assert_left_clean(&pool, &direct, 1).await;

    // A write.
    dropped_while_beginning(
        &proxy,
        &pool,
        injectory::domain::outbox::claim_due(&pool, chrono::Utc::now(), 10),
    )
    .await;
    assert_left_clean(&pool, &direct, 2).await;
}
