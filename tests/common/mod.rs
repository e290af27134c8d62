//! The test harness: a fresh database per test (in-memory SQLite by default, or a new
//! uniquely named PostgreSQL database when `TEST_DATABASE_URL` names a server), the app's
//! Router built on it, and helpers that send requests in-process and read the HTML back.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use injectory::clock::Clock;
use injectory::config::Config;
use injectory::domain::accounts;
use injectory::domain::practitioners::own_profile;
use injectory::media::FolderStore;
use injectory::seed::{self, SeedOutcome};
use injectory::vocabulary::{Profession, Role};
use injectory::{AppState, database};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
use tempfile::TempDir;
use tower::ServiceExt;

mod builders;
#[allow(unused_imports)]
pub use builders::*;
pub mod browser;
pub mod images;
pub mod proxy;

/// A migrated database that is dropped when the test ends.
pub struct TestDatabase {
    pub db: DatabaseConnection,
    postgres: Option<PostgresDatabase>,
    /// Where another connection to the same database can be opened (PostgreSQL only: the
    /// app's pool holds an in-memory SQLite database's one working connection).
    url: Option<String>,
    /// A second connection to an in-memory SQLite database, never used, that keeps it alive
    /// when the pool replaces its connection (as it does when a request is cancelled
    /// mid-query, say by a browser leaving a page during an upload).
    _keeper: Option<DatabaseConnection>,
}

impl TestDatabase {
    /// The PostgreSQL database's address, if the test runs on PostgreSQL.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// A connection of its own to the same database (PostgreSQL), or a handle on the one
    /// connection (in-memory SQLite).
    pub async fn another_connection(&self) -> DatabaseConnection {
        match &self.url {
            Some(url) => database::connect(url)
                .await
                .expect("second connection opens"),
            None => self.db.clone(),
        }
    }
}

struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        // Drop runs outside async code; a small runtime of its own on a plain thread removes
        // the database even when the test panicked.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = database::connect(&admin_url).await.ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("warning: could not drop test database {}", self.name);
        }
    }
}

/// Which database the suite runs on, for messages.
/// Every table the migrations create.
pub const TABLES: [&str; 18] = [
    "accounts",
    "sessions",
    "practitioners",
    "practitioner_treatments",
    "practitioner_products",
    "credentials",
    "images",
    "gallery_items",
    "headshots",
    "review_invites",
    "reviews",
    "review_revisions",
    "review_side_effects",
    "practitioner_responses",
    "flags",
    "moderation_events",
    "moderation_tallies",
    "appeals",
];

pub fn backend_name() -> &'static str {
    if postgres_url().is_some() {
        "postgres"
    } else {
        "sqlite"
    }
}

fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "injectory_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A new, empty database, not yet migrated.
pub async fn empty_database() -> TestDatabase {
    match postgres_url() {
        None => {
            let url = format!("sqlite://{}?mode=memory", unique_name());
            let db = database::connect(&url)
                .await
                .expect("in-memory SQLite opens");
            let keeper = database::connect(&url)
                .await
                .expect("a second connection to in-memory SQLite opens");
            TestDatabase {
                db,
                postgres: None,
                url: None,
                _keeper: Some(keeper),
            }
        }
        Some(admin_url) => {
            let name = unique_name();
            let admin = database::connect(&admin_url)
                .await
                .expect("TEST_DATABASE_URL is reachable");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("can create a test database");
            admin.close().await.expect("admin connection closes");
            let base = admin_url
                .rsplit_once('/')
                .map(|(base, _)| base)
                .unwrap_or(&admin_url);
            let url = format!("{base}/{name}");
            let db = database::connect(&url).await.expect("test database opens");
            TestDatabase {
                db,
                postgres: Some(PostgresDatabase { admin_url, name }),
                url: Some(url),
                _keeper: None,
            }
        }
    }
}

/// A migrated SQLite database in a file of its own under `dir`; returns it and its URL.
pub async fn sqlite_file_database(dir: &std::path::Path) -> (TestDatabase, String) {
    let url = format!("sqlite://{}?mode=rwc", dir.join("injectory.db").display());
    let db = database::connect(&url)
        .await
        .expect("the file database opens");
    database::migrate(&db).await.expect("migrations apply");
    (
        TestDatabase {
            db,
            postgres: None,
            url: None,
            _keeper: None,
        },
        url,
    )
}

/// A new database with every migration applied.
pub async fn migrated_database() -> TestDatabase {
    let test_db = empty_database().await;
    database::migrate(&test_db.db)
        .await
        .expect("migrations apply");
    test_db
}

/// The repository's demo data folder.
pub fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// A running app on its own database and media folder.
pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    /// The app's clock: it stands still until a test moves it.
    pub clock: Clock,
    pub media_dir: TempDir,
    /// Where the app's mail goes as `.eml` files (unless a test sets `SMTP_URL`).
    pub mail_dir: TempDir,
    /// The app's settings.
    pub config: Config,
    /// Statements the app (not the test's own queries) has run so far.
    statements: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    _database: TestDatabase,
}

/// What came back from one request.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (for images).
    pub bytes: Vec<u8>,
}

impl Page {
    /// Reads a response's status, headers and body.
    pub async fn read(response: axum::response::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body reads")
            .to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the page contains `text`, showing the page when it does not.
    #[track_caller]
    pub fn assert_contains(&self, text: &str) {
        assert!(
            self.body.contains(text),
            "expected {text:?} in the page ({}):\n{}",
            self.status,
            self.body
        );
    }

    #[track_caller]
    pub fn assert_lacks(&self, text: &str) {
        assert!(
            !self.body.contains(text),
            "did not expect {text:?} in the page ({}):\n{}",
            self.status,
            self.body
        );
    }

    /// The page's JSON-LD block, parsed.
    #[track_caller]
    pub fn json_ld(&self) -> serde_json::Value {
        let json = self
            .body
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("JSON-LD block");
        serde_json::from_str(json).expect("JSON-LD parses")
    }
}

impl TestApp {
    /// An app on a migrated, empty database.
    pub async fn new() -> Self {
        Self::with_settings(&[]).await
    }

    /// An app on a migrated, empty database, with extra settings as environment pairs.
    pub async fn with_settings(settings: &[(&str, &str)]) -> Self {
        let database = migrated_database().await;
        Self::build(database, settings, None).await
    }

    /// An app serving `url` as the real server does (a pool that notices faults and a SQLite
    /// file that is never created afresh), keeping `database` alive meanwhile. `url` must be
    /// migrated already.
    pub async fn serving(database: TestDatabase, url: &str) -> Self {
        let (db, watch) = database::connect_for_serving(url, None)
            .await
            .expect("the serving pool opens");
        Self::build(database, &[], Some((db, watch))).await
    }

    async fn build(
        database: TestDatabase,
        settings: &[(&str, &str)],
        serving: Option<(DatabaseConnection, database::DatabaseWatch)>,
    ) -> Self {
        let media_dir = tempfile::tempdir().expect("temporary media folder");
        let mail_dir = tempfile::tempdir().expect("temporary mail folder");
        let config = Config::from_lookup(|name| match name {
            "MEDIA_DIR" => Some(media_dir.path().display().to_string()),
            "MAIL_DIR" => Some(mail_dir.path().display().to_string()),
            "SEED_DIR" => Some(seed_dir().display().to_string()),
            // Tests change data and look at once; the cache has a test of its own.
            "PAGE_CACHE_SECONDS" if !settings.iter().any(|(k, _)| *k == name) => {
                Some("0".to_owned())
            }
            _ => settings
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string()),
        })
        .expect("test configuration is valid");
        let db = database.db.clone();
        let clock = Clock::manual(chrono::Utc::now());
        // The app's own connection counts its statements; the test's queries do not count.
        let statements = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (mut app_db, watch) = serving.unwrap_or_else(|| (db.clone(), Default::default()));
        let counter = statements.clone();
        app_db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let router = injectory::app(AppState::with_watch(
            app_db,
            watch,
            config.clone(),
            clock.clone(),
        ));
        Self {
            router,
            db,
            clock,
            media_dir,
            mail_dir,
            config,
            statements,
            _database: database,
        }
    }

    /// An app whose database holds the demo data from `seed/`.
    pub async fn with_demo_data() -> Self {
        let app = Self::new().await;
        let outcome = app.seed().await;
        assert!(matches!(outcome, SeedOutcome::Loaded { .. }), "{outcome}");
        app
    }

    /// How many statements the app has run so far.
    pub fn statements(&self) -> usize {
        self.statements.load(Ordering::Relaxed)
    }

    /// Requests `path` and returns the page with the number of statements it ran.
    pub async fn get_counting(&self, path: &str) -> (Page, usize) {
        let before = self.statements();
        let page = self.get(path).await;
        (page, self.statements() - before)
    }

    /// A connection of its own to the app's database (see [`TestDatabase::another_connection`]).
    pub async fn another_connection(&self) -> DatabaseConnection {
        self._database.another_connection().await
    }

    /// A write transaction open on a connection of its own, begun as the app's writers
    /// begin theirs (SQLite takes the write lock at once). What a domain function does in
    /// it (it nests as a savepoint) keeps its locks until the transaction ends, so another
    /// writer can be made to meet them: a moderator's decision that has not committed yet.
    pub async fn held_transaction(&self) -> DatabaseTransaction {
        self.another_connection()
            .await
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
            .expect("a transaction begins")
    }

    /// Waits until a writer is queued behind a [`Self::held_transaction`]. PostgreSQL says
    /// when a statement waits on a lock; SQLite says nothing, and its writer waits at its
    /// `BEGIN` for the whole database, before reading anything, so a moment is enough there.
    pub async fn until_a_writer_waits(&self) {
        if self.db.get_database_backend() != DbBackend::Postgres {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            return;
        }
        for _ in 0..200 {
            let waiting = self
                .count(
                    "SELECT COUNT(*) AS n FROM pg_stat_activity \
                     WHERE datname = current_database() AND wait_event_type = 'Lock'",
                )
                .await;
            if waiting > 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no statement came to wait on the held transaction's locks");
    }

    pub async fn seed(&self) -> SeedOutcome {
        seed::seed_if_empty(
            &self.db,
            &seed_dir(),
            &FolderStore::new(self.media_dir.path().to_path_buf()),
        )
        .await
        .expect("demo data loads")
    }

    pub async fn request(&self, request: Request<Body>) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router always answers");
        Page::read(response).await
    }

    pub async fn get(&self, path: &str) -> Page {
        self.request(
            Request::builder()
                .uri(path)
                .body(Body::empty())
                .expect("valid request"),
        )
        .await
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Page {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        self.request(builder.body(Body::from(body)).expect("valid request"))
            .await
    }

    /// A browser of its own: a cookie jar and the last CSRF token it was shown.
    pub fn client(&self) -> Client<'_> {
        Client {
            app: self,
            cookies: RefCell::default(),
            token: RefCell::default(),
            address: None,
        }
    }

    /// Creates an account directly (no web request); returns its id.
    pub async fn account(&self, email: &str, password: &str, role: Role, name: &str) -> i64 {
        accounts::create_account(
            &self.db,
            accounts::NewAccount {
                email: email.to_owned(),
                password_hash: accounts::hash_password(password).expect("hashes"),
                role,
                display_name: name.to_owned(),
                email_verified: true,
            },
            self.clock.now(),
        )
        .await
        .expect("account is created")
        .id
    }

    /// A practitioner account with its draft profile; returns (account id, practitioner id).
    pub async fn practitioner(&self, email: &str, password: &str, name: &str) -> (i64, i64) {
        let account_id = self
            .account(email, password, Role::Practitioner, name)
            .await;
        let profile = own_profile::create_draft(
            &self.db,
            account_id,
            name,
            Profession::NursePractitioner,
            self.clock.now(),
        )
        .await
        .expect("draft profile is created");
        (account_id, profile.id)
    }

    /// Runs a query returning one text column named `t`.
    pub async fn text(&self, sql: &str) -> String {
        one_row(&self.db, sql)
            .await
            .try_get::<String>("", "t")
            .expect("column t is text")
    }

    /// Runs a query returning one integer, written portably for both databases.
    pub async fn count(&self, sql: &str) -> i64 {
        scalar(&self.db, sql).await
    }

    /// One round of the mail sender, as the background task runs it, at the app's time.
    pub async fn deliver_mail(&self) -> injectory::mail::Delivered {
        let mailer = injectory::mail::Mailer::from_config(&self.config).expect("mailer");
        injectory::mail::deliver_due(&self.db, &mailer, self.clock.now())
            .await
            .expect("the outbox is readable")
    }

    /// The `.eml` files written so far, oldest first, with quoted-printable soft line breaks
    /// joined so links read whole.
    pub fn mails(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.mail_dir.path())
            .expect("mail folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| {
                let modified = e.metadata().and_then(|m| m.modified()).ok();
                (
                    modified,
                    std::fs::read_to_string(e.path()).expect("a message"),
                )
            })
            .collect();
        files.sort_by_key(|(modified, _)| *modified);
        files
            .into_iter()
            .map(|(_, text)| text.replace("=\r\n", "").replace("=3D", "="))
            .collect()
    }

    /// The last link to a path starting `prefix` in the mail sent to `to` (delivering what
    /// waits in the outbox first), as a path with its query.
    pub async fn mailed_link(&self, to: &str, prefix: &str) -> String {
        while self.deliver_mail().await.sent > 0 {}
        let header = format!("To: {to}");
        let mail = self
            .mails()
            .into_iter()
            .rfind(|m| m.contains(&header) && m.contains(prefix))
            .unwrap_or_else(|| panic!("no mail to {to} with a link to {prefix}"));
        let at = mail.find(prefix).expect("the link");
        mail[at..]
            .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
            .next()
            .expect("a link")
            .to_owned()
    }

    /// Follows the confirmation link mailed to `to` in `browser` (the page, then its
    /// button); returns where the button sent it.
    pub async fn confirm_address(&self, browser: &Client<'_>, to: &str) -> Page {
        let link = self.mailed_link(to, "/email/confirm/").await;
        let page = browser.get(&link).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let confirmed = browser.post_form(&link, &[]).await;
        assert_eq!(
            confirmed.status,
            StatusCode::SEE_OTHER,
            "{}",
            confirmed.body
        );
        confirmed
    }

    /// Runs a statement that returns nothing, written portably for both databases.
    pub async fn execute(&self, sql: &str) {
        let backend: DbBackend = self.db.get_database_backend();
        self.db
            .execute_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .expect("statement runs");
    }
}

/// Runs a query that returns exactly one row.
async fn one_row(db: &impl ConnectionTrait, sql: &str) -> sea_orm::QueryResult {
    let backend: DbBackend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .expect("query runs")
        .expect("query returns a row")
}

/// Runs a query returning one integer column named `n`.
pub async fn scalar(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = one_row(db, sql).await;
    // PostgreSQL keeps 32- and 16-bit integers apart from 64-bit ones; SQLite has one kind.
    row.try_get::<i64>("", "n")
        .or_else(|_| row.try_get::<i32>("", "n").map(i64::from))
        .or_else(|_| row.try_get::<i16>("", "n").map(i64::from))
        .expect("column n is an integer")
}

/// A test browser: keeps cookies between requests, like a real one, and remembers the CSRF
/// token of the last page that had a form.
pub struct Client<'a> {
    app: &'a TestApp,
    pub cookies: RefCell<BTreeMap<String, String>>,
    pub token: RefCell<Option<String>>,
    /// The network address requests appear to come from.
    pub address: Option<IpAddr>,
}

/// The value of the first hidden `csrf_token` field in a page.
pub fn csrf_token_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

/// A `multipart/form-data` body and its content type.
pub fn multipart_body(
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> (String, Vec<u8>) {
    let boundary = "----injectory-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, content_type, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Encodes form fields as a browser would.
pub fn form_body(fields: &[(&str, &str)]) -> Vec<u8> {
    serde_urlencoded::to_string(fields)
        .expect("fields encode")
        .into_bytes()
}

impl Client<'_> {
    /// Sends a request with this browser's cookies and keeps what comes back.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Page {
        let mut builder = Request::builder().method(method).uri(path);
        let jar = self
            .cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        if !jar.is_empty() {
            builder = builder.header("cookie", jar);
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut request = builder.body(Body::from(body)).expect("valid request");
        if let Some(address) = self.address {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(address, 40_000)));
        }
        let page = self.app.request(request).await;
        for set in page.headers.get_all("set-cookie") {
            let set = set.to_str().expect("cookie is text");
            let pair = set.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').expect("cookie has a value");
            if set.contains("Max-Age=0") {
                self.cookies.borrow_mut().remove(name);
            } else {
                self.cookies
                    .borrow_mut()
                    .insert(name.to_owned(), value.to_owned());
            }
        }
        if let Some(token) = csrf_token_in(&page.body) {
            *self.token.borrow_mut() = Some(token);
        }
        page
    }

    pub async fn get(&self, path: &str) -> Page {
        self.send(Method::GET, path, &[], Vec::new()).await
    }

    /// Posts a form with the CSRF token of the last page seen, as a browser submitting it.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self
            .token
            .borrow()
            .clone()
            .expect("a page with a form was seen first");
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", token.as_str()));
        self.post_form_raw(path, &fields).await
    }

    /// Posts exactly these fields (no token is added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.send(
            Method::POST,
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            form_body(fields),
        )
        .await
    }

    /// Posts a multipart form as a browser does: `fields`, then `files` as
    /// `(field, file name, declared type, bytes)`, with the CSRF token of the last page seen
    /// in the query string (where upload forms carry it).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, &[u8])],
    ) -> Page {
        let token = self.token.borrow().clone().unwrap_or_default();
        let (content_type, body) = multipart_body(fields, files);
        self.send(
            Method::POST,
            &format!("{path}?csrf_token={token}"),
            &[("content-type", content_type.as_str())],
            body,
        )
        .await
    }

    /// Opens the sign-in page and signs in.
    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }

    /// The session cookie's value, if signed in.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.borrow().get("session").cloned()
    }
}
