//! The `injectory` binary as a newcomer runs it: a fresh SQLite file in an empty folder,
//! served, stopped with SIGTERM and started again; bad settings; creating a moderator.
//! These always run on SQLite (the default a newcomer gets).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_injectory");

fn command(dir: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env(
            "SEED_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("seed"),
        )
        .env("LOG_LEVEL", "info");
    command
}

/// A running server, killed if the test fails before stopping it, so no process outlives
/// the test run.
struct Server(Option<Child>);

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `serve` on a free port and returns the child with the address it printed.
fn start_server(dir: &Path) -> (Server, String) {
    let mut child = command(dir)
        .env("BIND", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("serving on http://").nth(1) {
                let address: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '\u{1b}')
                    .collect();
                let _ = sender.send(address);
            }
        }
    });
    let server = Server(Some(child));
    let address = receiver
        .recv_timeout(Duration::from_secs(120))
        .expect("the server says where it listens");
    (server, address)
}

/// A plain HTTP/1.1 GET over a socket: (status, body).
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout set");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("request sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn stop(mut server: Server) {
    let Some(mut child) = server.0.take() else {
        return;
    };
    let pid = child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(exit) = child.try_wait().expect("waits") {
            assert!(
                exit.success(),
                "a SIGTERM stops the server cleanly: {exit:?}"
            );
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the server stops within 30 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn count_practitioners(dir: &Path) -> i64 {
    let output = command(dir).args(["migrate"]).output().expect("runs");
    assert!(output.status.success());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let url = format!("sqlite://{}?mode=ro", dir.join("injectory.db").display());
        let db = injectory::database::connect(&url).await.expect("opens");
        let n = injectory::entities::practitioner::Entity::find()
            .count(&db)
            .await
            .expect("counts");
        db.close().await.expect("closes");
        n as i64
    })
}

#[test]
fn a_fresh_start_migrates_seeds_and_serves_and_a_restart_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (server, address) = start_server(dir.path());
    assert!(
        dir.path().join("injectory.db").exists(),
        "the default SQLite file is created in the working folder"
    );

    let (status, home) = get(&address, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Highly rated injectors"));
    let (status, directory) = get(&address, "/practitioners");
    assert_eq!(status, 200);
    assert!(directory.contains("Dr. Maya Rivera"), "{directory}");
    assert!(directory.contains("<strong>25</strong> practitioners listed"));
    let (status, health) = get(&address, "/healthz");
    assert_eq!((status, health.as_str()), (200, "ok\n"));
    stop(server);

    let seeded = count_practitioners(dir.path());
    assert!(seeded >= 24);

    let (server, address) = start_server(dir.path());
    let (status, directory) = get(&address, "/practitioners");
    assert_eq!(status, 200);
    assert!(
        directory.contains("<strong>25</strong> practitioners listed"),
        "the second start adds no duplicates"
    );
    stop(server);
    assert_eq!(count_practitioners(dir.path()), seeded);
}

#[test]
fn a_bad_database_url_stops_start_up_with_one_line_naming_it() {
    let dir = tempfile::tempdir().expect("temporary folder");
    for url in [
        "mysql://root@localhost/injectory",
        "postgres://nobody@127.0.0.1:1/nothing",
    ] {
        let output = command(dir.path())
            .env("DATABASE_URL", url)
            .arg("migrate")
            .output()
            .expect("runs");
        assert!(!output.status.success(), "{url} is refused");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line, no backtrace: {stderr}");
        assert!(lines[0].contains("DATABASE_URL"), "{stderr}");
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn a_bad_bind_address_names_the_setting() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = command(dir.path())
        .env("BIND", "not-an-address")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("BIND"), "{stderr}");
}

#[test]
fn create_moderator_reads_the_password_from_stdin_and_promotes_once() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let run = |password: &str| {
        let mut child = command(dir.path())
            .args(["create-moderator", "--email", "  Casey@Example.com "])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{password}\n").as_bytes())
            .expect("writes");
        let output = child.wait_with_output().expect("finishes");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, _, stderr) = run("short");
    assert!(!ok);
    assert!(stderr.contains("at least 10 characters"), "{stderr}");

    let (ok, stdout, stderr) = run("a long enough moderator phrase");
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("created moderator casey@example.com"),
        "{stdout}"
    );

    let (ok, stdout, _) = run("ignored");
    assert!(ok);
    assert!(
        stdout.contains("casey@example.com is already a moderator"),
        "{stdout}"
    );
}

/// Runs a statement on the test's SQLite file.
fn execute(dir: &Path, sql: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        use sea_orm::ConnectionTrait;
        let url = format!("sqlite://{}?mode=rw", dir.join("injectory.db").display());
        let db = injectory::database::connect(&url).await.expect("opens");
        db.execute_unprepared(sql).await.expect("runs");
        db.close().await.expect("closes");
    });
}

#[test]
fn check_reports_a_corrupted_counter_and_fix_repairs_it() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = command(dir.path()).arg("seed").output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let check = || command(dir.path()).arg("check").output().expect("runs");

    let clean = check();
    assert!(clean.status.success(), "the demo data's counters are exact");
    assert!(String::from_utf8_lossy(&clean.stdout).contains("counters match the rows"));

    execute(
        dir.path(),
        "UPDATE practitioners SET review_count = review_count + 3, side_effect_bruising_count = 40 WHERE slug = 'dr-maya-rivera'",
    );
    execute(
        dir.path(),
        "UPDATE practitioners SET treatment_flags = 0 WHERE slug = 'dr-maya-rivera'",
    );
    let broken = check();
    assert_eq!(
        broken.status.code(),
        Some(1),
        "a difference fails the check"
    );
    let report = String::from_utf8_lossy(&broken.stdout);
    assert!(
        report.contains("dr-maya-rivera") && report.contains("review_count:"),
        "{report}"
    );
    assert!(
        report.contains("side_effect_bruising_count: 40"),
        "{report}"
    );
    assert!(
        report.contains("practitioners.treatment_flags: 1 row(s) differ"),
        "{report}"
    );
    assert!(
        String::from_utf8_lossy(&broken.stderr).contains("check --fix"),
        "the failure says how to repair"
    );

    let fixed = command(dir.path())
        .args(["check", "--fix"])
        .output()
        .expect("runs");
    assert!(fixed.status.success());
    assert!(
        String::from_utf8_lossy(&fixed.stdout)
            .contains("repaired the counters of 1 practitioner(s) and 1 kept key(s)")
    );
    let after = check();
    assert!(after.status.success(), "the repair holds");
}

/// Row counts of every table the app keeps, from the SQLite file at `path`.
fn table_counts(path: &Path) -> Vec<(String, i64)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        use sea_orm::ConnectionTrait;
        let url = format!("sqlite://{}?mode=ro", path.display());
        let db = injectory::database::connect(&url).await.expect("opens");
        let backend = db.get_database_backend();
        let tables: Vec<String> = db
            .query_all_raw(sea_orm::Statement::from_string(
                backend,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name".to_owned(),
            ))
            .await
            .expect("tables")
            .into_iter()
            .map(|row| row.try_get::<String>("", "name").expect("name"))
            .collect();
        let mut counts = Vec::new();
        for table in tables {
            let row = db
                .query_one_raw(sea_orm::Statement::from_string(
                    backend,
                    format!("SELECT COUNT(*) AS n FROM \"{table}\""),
                ))
                .await
                .expect("counts")
                .expect("a row");
            counts.push((table, row.try_get::<i64>("", "n").expect("n")));
        }
        db.close().await.expect("closes");
        counts
    })
}

#[test]
fn a_backup_taken_while_serving_restores_the_same_rows() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (server, address) = start_server(dir.path());
    let backup = dir.path().join("backup.db");
    let output = command(dir.path())
        .args(["backup", &backup.display().to_string()])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (status, _) = get(&address, "/practitioners");
    assert_eq!(status, 200, "the app kept serving");
    stop(server);
    let again = command(dir.path())
        .args(["backup", &backup.display().to_string()])
        .output()
        .expect("runs");
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );

    let original = table_counts(&dir.path().join("injectory.db"));
    assert!(original.iter().any(|(t, n)| t == "reviews" && *n > 50));
    // Restore: the backup becomes the database, and it holds the same rows.
    let restored = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(&backup, restored.path().join("injectory.db")).expect("restored");
    assert_eq!(
        table_counts(&restored.path().join("injectory.db")),
        original
    );
    let check = command(restored.path())
        .arg("check")
        .output()
        .expect("runs");
    assert!(check.status.success(), "the restored counters are exact");
    let (server, address) = start_server(restored.path());
    let (status, page) = get(&address, "/practitioners/dr-maya-rivera");
    assert_eq!(status, 200);
    assert!(page.contains("Dr. Maya Rivera"));
    stop(server);
}

#[test]
fn outbox_lists_the_mail_not_sent_and_the_mail_given_up() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let outbox = || {
        let output = command(dir.path()).arg("outbox").output().expect("runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(outbox().contains("the outbox is empty"));
    execute(
        dir.path(),
        "INSERT INTO outbox (recipient, subject, text_body, html_body, kind, status, attempts, next_attempt_at, last_error, created_at) VALUES \
         ('ana@example.test', 'Waiting', 't', 'h', 'notice', 'pending', 2, '2026-11-30 10:00:00+00:00', 'connection refused', '2026-11-30 09:00:00+00:00'), \
         ('bea@example.test', 'Given up', 't', 'h', 'security', 'failed', 9, '2026-11-30 10:00:00+00:00', 'mailbox unavailable', '2026-11-29 09:00:00+00:00'), \
         ('cy@example.test', 'Delivered', 't', 'h', 'notice', 'sent', 1, '2026-11-30 10:00:00+00:00', NULL, '2026-11-30 09:30:00+00:00')",
    );
    let listed = outbox();
    assert!(
        listed.contains("pending")
            && listed.contains("ana@example.test")
            && listed.contains("connection refused"),
        "{listed}"
    );
    assert!(
        listed.contains("failed")
            && listed.contains("bea@example.test")
            && listed.contains("mailbox unavailable"),
        "{listed}"
    );
    assert!(
        !listed.contains("cy@example.test"),
        "sent mail is not listed: {listed}"
    );
}
