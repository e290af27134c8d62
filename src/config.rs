//! Settings, read from the environment (and command-line flags where natural), each with a
//! default that needs nothing. A bad value becomes one [`ConfigError`] naming the setting.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The SQLite file used when `DATABASE_URL` is not set; created if absent.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://injectory.db?mode=rwc";

/// The most connections `DATABASE_POOL_SIZE` may ask for: PostgreSQL's own default
/// `max_connections` is 100.
const MAX_POOL_SIZE: u32 = 1000;

/// Everything the application reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite:...` or `postgres://...`.
    pub database_url: String,
    /// Connections the server's pool holds to the database (`DATABASE_POOL_SIZE`); unset,
    /// [`crate::database::pool_size`] chooses by the database and this machine's cores.
    pub database_pool_size: Option<u32>,
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// Folder holding re-encoded uploaded images and thumbnails.
    pub media_dir: PathBuf,
    /// Folder holding the demo data files.
    pub seed_dir: PathBuf,
    /// Whether `serve` loads the demo data into an empty database.
    pub seed_demo_data: bool,
    /// A tracing filter such as `info` or `injectory=debug,tower_http=debug`.
    pub log_level: String,
    /// How long one request may take before it is answered with an error page.
    pub request_timeout: Duration,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The address people reach the site at; an `https` one turns on HSTS, `Secure`
    /// cookies with the `__Host-` prefix, and is the only `Origin` accepted on forms.
    pub public_url: String,
    /// A session unused for this long ends (`SESSION_IDLE_MINUTES`, default 120).
    pub session_idle: Duration,
    /// A session ends this long after sign-in however busy (`SESSION_MAX_DAYS`, default 30).
    pub session_absolute: Duration,
    /// Behind a proxy, the header whose last address is the client's (`X-Forwarded-For`);
    /// unset, the socket peer is the client.
    pub client_ip_header: Option<String>,
    /// How long anonymous public pages are kept rendered (`PAGE_CACHE_SECONDS`, default 5;
    /// 0 turns the cache off).
    pub page_cache_ttl: Duration,
    /// How long a client has to send a request's headers, counted from when the server
    /// starts waiting for them; also how long an idle kept-alive connection stays open
    /// (`HEADER_TIMEOUT_SECS`, default 10).
    pub header_timeout: Duration,
    /// Connections served at once; more wait (`MAX_CONNECTIONS`, default 1000).
    pub max_connections: usize,
    /// How long a shutdown waits for requests in flight (`SHUTDOWN_GRACE_SECS`, default 30).
    pub shutdown_grace: Duration,
    /// Where mail goes: an SMTP server, or unset for `.eml` files in `mail_dir`.
    pub smtp_url: Option<String>,
    /// The sender of every message (`MAIL_FROM`).
    pub mail_from: String,
    /// The address the contact page gives (`CONTACT_EMAIL`).
    pub contact_email: String,
    /// Folder for `.eml` files when no `SMTP_URL` is set (`MAIL_DIR`, default `mail`).
    pub mail_dir: PathBuf,
}

impl Config {
    /// Whether the site is served to people over https (behind a TLS-terminating proxy).
    pub fn serves_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The public address of a path on this site (`/practitioners` -> `https://host/practitioners`).
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path)
    }

    /// How long sessions live, as the session rules take it.
    pub fn session_policy(&self) -> crate::domain::sessions::SessionPolicy {
        let minutes = |d: Duration| {
            chrono::Duration::minutes(i64::try_from(d.as_secs() / 60).unwrap_or(i64::MAX / 120_000))
        };
        crate::domain::sessions::SessionPolicy {
            idle: minutes(self.session_idle),
            absolute: minutes(self.session_absolute),
        }
    }
}

/// A setting whose value cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{setting}: {message}")]
pub struct ConfigError {
    /// The environment variable (or flag) at fault.
    pub setting: &'static str,
    /// What is wrong with it, in a sentence.
    pub message: String,
}

impl ConfigError {
    fn new(setting: &'static str, message: impl Into<String>) -> Self {
        Self {
            setting,
            message: message.into(),
        }
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass their own values without touching
    /// the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        check_database_url(&database_url)?;
        let database_pool_size = match get("DATABASE_POOL_SIZE") {
            None => None,
            Some(_) => Some(
                u32::try_from(positive_number(&get, "DATABASE_POOL_SIZE", 1)?)
                    .ok()
                    .filter(|&n| n <= MAX_POOL_SIZE)
                    .ok_or_else(|| {
                        ConfigError::new(
                            "DATABASE_POOL_SIZE",
                            format!("is more than {MAX_POOL_SIZE} connections"),
                        )
                    })?,
            ),
        };

        let bind = match get("BIND") {
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
            Some(value) => value.parse().map_err(|_| {
                ConfigError::new(
                    "BIND",
                    format!("{value:?} is not an address and port such as 127.0.0.1:3000"),
                )
            })?,
        };

        let smtp_url = get("SMTP_URL");
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(ConfigError::new(
                "SMTP_URL",
                "use smtp://USER:PASSWORD@HOST:587 (STARTTLS) or smtps://USER:PASSWORD@HOST:465",
            ));
        }
        let contact_email =
            get("CONTACT_EMAIL").unwrap_or_else(|| "help@injectory.localhost".to_owned());
        if contact_email.parse::<lettre::Address>().is_err() {
            return Err(ConfigError::new(
                "CONTACT_EMAIL",
                format!("{contact_email:?} is not an address such as help@example.com"),
            ));
        }
        let mail_from = get("MAIL_FROM")
            .unwrap_or_else(|| "Injectory <no-reply@injectory.localhost>".to_owned());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::new(
                "MAIL_FROM",
                format!("{mail_from:?} is not an address such as Injectory <no-reply@example.com>"),
            ));
        }

        let seed_demo_data = match get("SEED_DEMO_DATA") {
            None => database_url.starts_with("sqlite:"),
            Some(value) => parse_bool(&value).ok_or_else(|| {
                ConfigError::new("SEED_DEMO_DATA", format!("{value:?} is not true or false"))
            })?,
        };

        let log_level = get("LOG_LEVEL")
            .or_else(|| get("RUST_LOG"))
            .unwrap_or_else(|| "info".to_owned());
        if tracing_subscriber::EnvFilter::try_new(&log_level).is_err() {
            return Err(ConfigError::new(
                "LOG_LEVEL",
                format!("{log_level:?} is not a log filter such as info or debug"),
            ));
        }

        let request_timeout =
            Duration::from_secs(positive_number(&get, "REQUEST_TIMEOUT_SECS", 30)?);
        let max_body_bytes =
            usize::try_from(positive_number(&get, "MAX_BODY_BYTES", 64 * 1024)?)
                .map_err(|_| ConfigError::new("MAX_BODY_BYTES", "is too large for this machine"))?;
        let header_timeout = Duration::from_secs(positive_number(&get, "HEADER_TIMEOUT_SECS", 10)?);
        let max_connections = usize::try_from(positive_number(&get, "MAX_CONNECTIONS", 1000)?)
            .map_err(|_| ConfigError::new("MAX_CONNECTIONS", "is too large for this machine"))?;
        let shutdown_grace = Duration::from_secs(positive_number(&get, "SHUTDOWN_GRACE_SECS", 30)?);

        let public_url = get("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::new(
                "PUBLIC_URL",
                format!("{public_url:?} does not start with http:// or https://"),
            ));
        }

        let session_idle =
            Duration::from_secs(60 * positive_number(&get, "SESSION_IDLE_MINUTES", 120)?);
        let session_absolute =
            Duration::from_secs(86_400 * positive_number(&get, "SESSION_MAX_DAYS", 30)?);
        if session_idle > session_absolute {
            return Err(ConfigError::new(
                "SESSION_IDLE_MINUTES",
                "is longer than SESSION_MAX_DAYS",
            ));
        }

        let client_ip_header = match get("CLIENT_IP_HEADER") {
            None => None,
            Some(name) => match axum::http::HeaderName::try_from(name.as_str()) {
                Ok(header) => Some(header.as_str().to_owned()),
                Err(_) => {
                    return Err(ConfigError::new(
                        "CLIENT_IP_HEADER",
                        format!("{name:?} is not a header name such as X-Forwarded-For"),
                    ));
                }
            },
        };

        let page_cache_ttl = match get("PAGE_CACHE_SECONDS") {
            None => Duration::from_secs(5),
            Some(value) => match value.parse::<u64>() {
                Ok(seconds) if seconds <= 3600 => Duration::from_secs(seconds),
                _ => {
                    return Err(ConfigError::new(
                        "PAGE_CACHE_SECONDS",
                        format!("{value:?} is not a number of seconds from 0 to 3600"),
                    ));
                }
            },
        };

        Ok(Self {
            header_timeout,
            max_connections,
            shutdown_grace,
            page_cache_ttl,
            client_ip_header,
            session_idle,
            session_absolute,
            public_url: public_url.trim_end_matches('/').to_owned(),
            database_url,
            database_pool_size,
            bind,
            media_dir: get("MEDIA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("media")),
            seed_dir: get("SEED_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("seed")),
            seed_demo_data,
            log_level,
            request_timeout,
            max_body_bytes,
            smtp_url,
            mail_from,
            contact_email,
            mail_dir: get("MAIL_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("mail")),
        })
    }
}

fn check_database_url(url: &str) -> Result<(), ConfigError> {
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|prefix| url.starts_with(prefix)) {
        Ok(())
    } else {
        let scheme = url.split(':').next().unwrap_or(url);
        Err(ConfigError::new(
            "DATABASE_URL",
            format!(
                "{scheme:?} is not a supported database; use sqlite://FILE?mode=rwc or postgres://USER@HOST/DB"
            ),
        ))
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn positive_number(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
) -> Result<u64, ConfigError> {
    match get(name) {
        None => Ok(default),
        Some(value) => match value.parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(ConfigError::new(
                name,
                format!("{value:?} is not a whole number above zero"),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults_need_nothing() {
        let config = with(&[]).expect("defaults are valid");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_pool_size, None);
        let sized = with(&[("DATABASE_POOL_SIZE", " 6 ")]).expect("valid");
        assert_eq!(sized.database_pool_size, Some(6));
        assert!(
            config.seed_demo_data,
            "a default SQLite database gets the demo data"
        );
    }

    #[test]
    fn postgres_is_not_seeded_unless_asked() {
        let config =
            with(&[("DATABASE_URL", "postgres://postgres@127.0.0.1/injectory")]).expect("valid");
        assert!(!config.seed_demo_data);
        let config = with(&[
            ("DATABASE_URL", "postgres://x@y/z"),
            ("SEED_DEMO_DATA", "true"),
        ])
        .expect("valid");
        assert!(config.seed_demo_data);
    }

    #[test]
    fn bad_values_name_their_setting() {
        assert_eq!(
            with(&[("DATABASE_URL", "mysql://root@localhost/x")])
                .unwrap_err()
                .setting,
            "DATABASE_URL"
        );
        assert_eq!(with(&[("BIND", "localhost")]).unwrap_err().setting, "BIND");
        assert_eq!(
            with(&[("SEED_DEMO_DATA", "maybe")]).unwrap_err().setting,
            "SEED_DEMO_DATA"
        );
        assert_eq!(
            with(&[("REQUEST_TIMEOUT_SECS", "0")]).unwrap_err().setting,
            "REQUEST_TIMEOUT_SECS"
        );
        assert_eq!(
            with(&[("LOG_LEVEL", "info,[[")]).unwrap_err().setting,
            "LOG_LEVEL"
        );
        for size in ["0", "-4", "four", "1001"] {
            assert_eq!(
                with(&[("DATABASE_POOL_SIZE", size)])
                    .expect_err(size)
                    .setting,
                "DATABASE_POOL_SIZE"
            );
        }
        assert_eq!(
            with(&[("SESSION_MAX_DAYS", "-1")]).unwrap_err().setting,
            "SESSION_MAX_DAYS"
        );
        assert_eq!(
            with(&[("SESSION_IDLE_MINUTES", "100000")])
                .unwrap_err()
                .setting,
            "SESSION_IDLE_MINUTES"
        );
    }

    #[test]
    fn mail_goes_to_a_folder_unless_an_smtp_server_is_named() {
        let config = with(&[]).expect("valid");
        assert_eq!(config.smtp_url, None);
        assert_eq!(config.mail_dir, PathBuf::from("mail"));
        let config =
            with(&[("SMTP_URL", "smtps://user:secret@mail.example.com:465")]).expect("valid");
        assert!(config.smtp_url.is_some());
        for (name, value) in [
            ("SMTP_URL", "http://mail.example.com"),
            ("MAIL_FROM", "not an address"),
        ] {
            assert_eq!(with(&[(name, value)]).expect_err(value).setting, name);
        }
    }
}
