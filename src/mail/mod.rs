//! Sending what the outbox holds: over SMTP with `lettre` when `SMTP_URL` is set, otherwise
//! as `.eml` files in `MAIL_DIR`, so a newcomer reads them without a mail server. Every
//! message has a plain-text and an HTML part, a `Date` and a `Message-ID`.
//!
//! [`deliver_due`] is one round of the sender; [`run_sender`] repeats it in the background
//! while the app serves.

use std::path::PathBuf;
use std::time::{Duration as StdDuration, SystemTime};

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::outbox;
use crate::entities::outbox_message;

/// Messages one round of the sender takes at most: few enough that sending them all (each
/// within the SMTP timeout) ends well before the claim on them runs out, so no other sender
/// takes one over while it is still being sent.
const BATCH: u64 = 10;
/// The longest one SMTP send may take.
const SMTP_TIMEOUT: StdDuration = StdDuration::from_secs(20);
/// How often the background sender looks for due messages.
const POLL_EVERY: StdDuration = StdDuration::from_secs(5);

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// The configured transport and sender address.
#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
}

/// Why the mail settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("SMTP_URL: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("MAIL_FROM: {0}")]
    From(#[from] lettre::address::AddressError),
    #[error("MAIL_DIR {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Mailer {
    /// The mailer the settings describe: SMTP, or the mail folder (created if missing).
    pub fn from_config(config: &Config) -> Result<Self, MailSetupError> {
        let from: Mailbox = config.mail_from.parse()?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => Self::folder_transport(config.mail_dir.clone())?,
        };
        Ok(Self { transport, from })
    }

    fn folder_transport(path: PathBuf) -> Result<Transport, MailSetupError> {
        std::fs::create_dir_all(&path).map_err(|source| MailSetupError::Folder {
            path: path.clone(),
            source,
        })?;
        Ok(Transport::Folder(AsyncFileTransport::new(&path), path))
    }

    /// Where it sends, in words, for the log.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "an SMTP server (SMTP_URL)".to_owned(),
            Transport::Folder(_, path) => format!(
                "{} as .eml files (set SMTP_URL to send real mail)",
                path.display()
            ),
        }
    }

    /// Sends one outbox row; the error in words when it could not.
    pub async fn send(&self, row: &outbox_message::Model) -> Result<(), String> {
        let message = self.message(row)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Folder(folder, _) => folder
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }

    fn message(&self, row: &outbox_message::Model) -> Result<Message, String> {
        let to: Mailbox = row
            .recipient
            .parse()
            .map_err(|e| format!("the recipient {:?} is not an address: {e}", row.recipient))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .date(SystemTime::from(row.created_at))
            .message_id(None)
            .multipart(MultiPart::alternative_plain_html(
                row.text_body.clone(),
                row.html_body.clone(),
            ))
            .map_err(|e| e.to_string())
    }
}

/// What one round of the sender did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// Failed this time; retried later.
    pub deferred: usize,
    /// Failed for a day: given up.
    pub given_up: usize,
}

/// Claims the due messages and sends each, recording the outcome.
pub async fn deliver_due(
    db: &(impl ConnectionTrait + TransactionTrait),
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<Delivered, DbErr> {
    let mut delivered = Delivered::default();
    for row in outbox::claim_due(db, now, BATCH).await? {
        match mailer.send(&row).await {
            Ok(()) => {
                outbox::mark_sent(db, row.id, now).await?;
                delivered.sent += 1;
            }
            Err(error) => {
                tracing::warn!(message = row.id, %error, "sending mail failed");
                if outbox::mark_attempt_failed(db, &row, &error, now).await? {
                    delivered.given_up += 1;
                } else {
                    delivered.deferred += 1;
                }
            }
        }
    }
    Ok(delivered)
}

/// Sends due messages every few seconds, for as long as the app runs. A database fault is
/// logged and the next round tries again.
pub async fn run_sender(db: sea_orm::DatabaseConnection, mailer: Mailer, clock: Clock) {
    tracing::info!("mail goes to {}", mailer.describe());
    let mut every = tokio::time::interval(POLL_EVERY);
    loop {
        every.tick().await;
        match deliver_due(&db, &mailer, clock.now()).await {
            Ok(d) if d.sent + d.deferred + d.given_up > 0 => {
                tracing::info!(
                    sent = d.sent,
                    deferred = d.deferred,
                    given_up = d.given_up,
                    "outbox"
                );
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "the outbox could not be read"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_of_sends_ends_before_its_claim_does() {
        let longest = SMTP_TIMEOUT * u32::try_from(BATCH).unwrap_or(u32::MAX);
        assert!(
            chrono::Duration::from_std(longest).unwrap_or(chrono::Duration::MAX)
                < outbox::CLAIM_FOR
        );
    }
}
