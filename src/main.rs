//! The `injectory` command: serve the directory (default), migrate, seed, create a moderator.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use injectory::config::Config;
use injectory::domain::accounts::{self, ModeratorOutcome};
use injectory::{AppState, database, seed};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

#[derive(Parser)]
#[command(
    name = "injectory",
    version,
    about = "A moderated directory of lip flip injectors"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, load the demo data into an empty SQLite database, and serve (the default).
    Serve {
        /// Address to listen on; overrides BIND.
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Load the demo data from SEED_DIR into an empty database (does nothing to a populated one).
    Seed,
    /// Create a moderator account, or promote an existing account to moderator. The password
    /// is read from standard input when it is not a terminal, otherwise asked for twice.
    CreateModerator {
        #[arg(long)]
        email: String,
    },
    /// Write a consistent copy of the SQLite database to PATH, while the app may be serving
    /// (PostgreSQL databases are backed up with pg_dump; see the README).
    Backup { path: std::path::PathBuf },
    /// Recompute every practitioner's counters, and the keys kept from other rows (side-effect,
    /// treatment and product flags, reviews written), from the rows and print each difference
    /// (exit status 1 if any); with --fix, repair them.
    Check {
        #[arg(long)]
        fix: bool,
    },
    /// List the mail not sent yet and the mail given up on, oldest first.
    Outbox,
}

/// A failure reported as one line on standard error.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure(err.to_string())
    }
}

/// Every page allocates and frees many small buffers (rows, values, HTML, compression
/// state) across the runtime's threads; mimalloc serves them faster than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let bind_flag = match &cli.command {
        Some(Command::Serve { bind }) => bind.clone(),
        _ => None,
    };
    let config = match Config::from_lookup(|name| match name {
        "BIND" if bind_flag.is_some() => bind_flag.clone(),
        _ => std::env::var(name).ok(),
    }) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("injectory: configuration error: {err}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log_level))
        .init();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("injectory: could not start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(
        cli.command.unwrap_or(Command::Serve { bind: None }),
        config,
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("injectory: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), Failure> {
    let db = open_database(&config).await?;
    match command {
        Command::Serve { .. } => serve(db, config).await,
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
        Command::Seed => {
            let outcome = seed::seed_if_empty(
                &db,
                &config.seed_dir,
                &injectory::media::FolderStore::new(config.media_dir.clone()),
            )
            .await?;
            println!("{outcome}");
            Ok(())
        }
        Command::CreateModerator { email } => create_moderator(&db, &email).await,
        Command::Check { fix } => check_counters(&db, fix).await,
        Command::Outbox => list_outbox(&db).await,
        Command::Backup { path } => {
            database::backup(&db, &path)
                .await
                .map_err(|err| Failure(format!("backup failed: {err}")))?;
            println!("backed up to {}", path.display());
            Ok(())
        }
    }
}

/// `injectory outbox`: what waits to be sent and what was given up, one line each.
async fn list_outbox(db: &DatabaseConnection) -> Result<(), Failure> {
    let unsent = injectory::domain::outbox::unsent(db).await?;
    if unsent.is_empty() {
        println!("the outbox is empty: every message was sent");
    }
    for m in &unsent {
        let status = match m.status {
            injectory::vocabulary::OutboxStatus::Failed => "failed ",
            _ => "pending",
        };
        // A notice is written out when it is sent; until then it is named by its topic.
        let subject = match m.notice.as_deref() {
            Some(data) if m.subject.is_empty() => {
                serde_json::from_str::<injectory::domain::notices::Notice>(data)
                    .map(|n| format!("a notice ({:?})", n.topic))
                    .unwrap_or_else(|_| "an unreadable notice".to_owned())
            }
            _ => format!("{:?}", m.subject),
        };
        println!(
            "#{} {status} {} to {} {}: {} attempt(s), next {}{}",
            m.id,
            m.created_at.format("%Y-%m-%d %H:%M UTC"),
            m.recipient,
            subject,
            m.attempts,
            m.next_attempt_at.format("%Y-%m-%d %H:%M UTC"),
            m.last_error
                .as_deref()
                .map(|e| format!("; last error: {e}"))
                .unwrap_or_default(),
        );
    }
    Ok(())
}

/// `injectory check [--fix]`: the counters, and the keys kept from other rows, against a
/// recomputation from the rows.
async fn check_counters(db: &DatabaseConnection, fix: bool) -> Result<(), Failure> {
    use injectory::domain::kept_keys;
    use injectory::domain::practitioners::recount;
    let drifts = if fix {
        recount::repair(db, chrono::Utc::now()).await?
    } else {
        recount::differences(db).await?
    };
    for drift in &drifts {
        for difference in &drift.differences {
            println!("{} (#{}): {difference}", drift.slug, drift.practitioner_id);
        }
    }
    let key_drifts = if fix {
        kept_keys::repair(db).await?
    } else {
        kept_keys::differences(db).await?
    };
    for drift in &key_drifts {
        println!(
            "{}: {} row(s) differ from the rows it is kept from",
            drift.key, drift.rows
        );
    }
    match (drifts.len(), key_drifts.len(), fix) {
        (0, 0, _) => {
            println!("counters match the rows");
            println!("kept keys match the rows");
            Ok(())
        }
        (n, keys, true) => {
            println!("repaired the counters of {n} practitioner(s) and {keys} kept key(s)");
            Ok(())
        }
        (n, keys, false) => Err(Failure(format!(
            "the counters of {n} practitioner(s) and {keys} kept key(s) differ from the rows; run `injectory check --fix` to repair them"
        ))),
    }
}

async fn open_database(config: &Config) -> Result<DatabaseConnection, Failure> {
    let db = database::connect(&config.database_url)
        .await
        .map_err(|err| Failure(format!("DATABASE_URL: could not open the database: {err}")))?;
    database::migrate(&db)
        .await
        .map_err(|err| Failure(format!("could not apply migrations: {err}")))?;
    Ok(db)
}

async fn serve(db: DatabaseConnection, config: Config) -> Result<(), Failure> {
    if config.seed_demo_data {
        let media = injectory::media::FolderStore::new(config.media_dir.clone());
        let outcome = seed::seed_if_empty(&db, &config.seed_dir, &media)
            .await
            .map_err(|err| Failure(format!("could not load the demo data: {err}")))?;
        tracing::info!("{outcome}");
    }
    let shutdown = shutdown_signal()?;
    let bind = config.bind;
    let listener = TcpListener::bind(bind)
        .await
        .map_err(|err| Failure(format!("BIND: could not listen on {bind}: {err}")))?;
    let local = listener.local_addr().unwrap_or(bind);
    tracing::info!("serving on http://{local}");
    // Requests get a pool of their own that notices faults (see `database`); the file now
    // exists, so it is never created afresh while serving.
    let _ = db.close().await;
    let (db, watch) =
        database::connect_for_serving(&config.database_url, config.database_pool_size)
            .await
            .map_err(|err| Failure(format!("DATABASE_URL: could not open the database: {err}")))?;
    if let Err(err) = database::optimize(&db).await {
        tracing::warn!(error = %err, "could not refresh query statistics");
    }
    let limits = injectory::web::server::ServerLimits::from_config(&config);
    let mailer = injectory::mail::Mailer::from_config(&config)?;
    tokio::spawn(injectory::mail::run_sender(
        db.clone(),
        mailer,
        injectory::clock::Clock::System,
    ));
    let state = AppState::with_watch(db, watch, config, injectory::clock::Clock::System);
    tokio::spawn(housekeeping(state.clone()));
    let app = injectory::app(state);
    injectory::web::server::serve(listener, app, limits, shutdown).await;
    tracing::info!("stopped");
    Ok(())
}

/// Every ten minutes (each instance does; every step is idempotent): deletes expired
/// sessions, tells owners of credentials about to expire (once each), and refreshes the
/// query planner's statistics.
async fn housekeeping(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        let policy = state.config.session_policy();
        match injectory::domain::sessions::purge_expired(&state.db, state.clock.now(), policy).await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "expired sessions deleted"),
            Err(err) => tracing::warn!(error = %err, "could not purge expired sessions"),
        }
        match injectory::domain::notices::remind_expiring_credentials(&state.db, state.clock.now())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(told = n, "credential expiry notices queued"),
            Err(err) => tracing::warn!(error = %err, "could not queue credential expiry notices"),
        }
        if let Err(err) = injectory::database::optimize(&state.db).await {
            tracing::warn!(error = %err, "could not refresh query statistics");
        }
    }
}

/// A future that resolves on SIGINT or SIGTERM; the server then stops accepting and lets
/// in-flight requests finish. The handlers are installed here, before the server says where it
/// listens, so a signal sent as soon as it answers is never the default "terminate at once".
#[cfg(unix)]
fn shutdown_signal() -> Result<impl Future<Output = ()>, Failure> {
    use tokio::signal::unix::{SignalKind, signal};
    let install = |kind: SignalKind| {
        signal(kind).map_err(|err| Failure(format!("could not listen for signals: {err}")))
    };
    let mut interrupt = install(SignalKind::interrupt())?;
    let mut terminate = install(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl Future<Output = ()>, Failure> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}

async fn create_moderator(db: &DatabaseConnection, email: &str) -> Result<(), Failure> {
    let existing = accounts::find_by_email(db, email).await?;
    let password = if existing.is_some() {
        None
    } else {
        Some(read_new_password()?)
    };
    let outcome = accounts::create_or_promote_moderator(
        db,
        email,
        || {
            let password = password.as_deref().unwrap_or_default();
            accounts::check_password_rules(password, email)
                .map_err(accounts::AccountError::WeakPassword)?;
            accounts::hash_password(password)
        },
        chrono::Utc::now(),
    )
    .await?;
    let email = injectory::domain::email_address::normalize_email(email);
    match outcome {
        ModeratorOutcome::Created => println!("created moderator {email}"),
        ModeratorOutcome::Promoted => println!("promoted {email} to moderator"),
        ModeratorOutcome::AlreadyModerator => println!("{email} is already a moderator"),
    }
    Ok(())
}

fn read_new_password() -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the new moderator: ")?;
        let second = rpassword::prompt_password("Same password again: ")?;
        if first != second {
            return Err(Failure("the two passwords differ".to_owned()));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
