//! Sending what the outbox holds: over SMTP with `lettre` when `SMTP_URL` is set, otherwise
//! as `.eml` files in `MAIL_DIR`, so a newcomer reads them without a mail server. Every
//! message has a plain-text and an HTML part, a `Date` and a `Message-ID`; a notice also
//! has `List-Unsubscribe`. A notice is stored as data and written out here, when it is sent.
//!
//! [`deliver_due`] is one round of the sender; [`run_sender`] repeats it in the background
//! while the app serves.

use std::path::PathBuf;
use std::time::{Duration as StdDuration, SystemTime};

use chrono::{DateTime, Utc};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ConnectionTrait, DbErr};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::Transactional;
use crate::domain::notices::Notice;
use crate::domain::outbox::{self, Mail};
use crate::entities::outbox_message;
use crate::views;

/// Messages one round of the sender takes at most: few enough that sending them all (each
/// within the SMTP timeout) ends well before the claim on them runs out, so no other sender
/// takes one over while it is still being sent.
const BATCH: u64 = 10;
/// The longest one SMTP send may take.
const SMTP_TIMEOUT: StdDuration = StdDuration::from_secs(20);
/// How often the background sender looks for due messages.
const POLL_EVERY: StdDuration = StdDuration::from_secs(5);
/// Where a notice's recipient stops notices (RFC 2369).
const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");

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
    /// The site's public address, for the links in notices.
    pub public_url: String,
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
        Ok(Self {
            transport,
            from,
            public_url: config.public_url.clone(),
        })
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

    /// The notice stored in `row` written out, with the address that stops notices; `None`
    /// for a row that was written when it was queued.
    pub fn write_notice(
        &self,
        row: &outbox_message::Model,
    ) -> Result<Option<(Mail, String)>, String> {
        let Some(data) = &row.notice else {
            return Ok(None);
        };
        let notice: Notice =
            serde_json::from_str(data).map_err(|e| format!("the notice cannot be read: {e}"))?;
        let link = format!("{}{}", self.public_url, notice.path);
        let stop = format!("{}/notices/stop/{}", self.public_url, notice.stop_token);
        Ok(Some((
            views::mail::notice(&row.recipient, &notice, &link, &stop),
            stop,
        )))
    }

    /// Sends one message; the error in words when it could not.
    pub async fn send(
        &self,
        mail: &Mail,
        sent_at: DateTime<Utc>,
        stop: Option<&str>,
    ) -> Result<(), String> {
        let message = self.message(mail, sent_at, stop)?;
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

    fn message(
        &self,
        mail: &Mail,
        created_at: DateTime<Utc>,
        stop: Option<&str>,
    ) -> Result<Message, String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("the recipient {:?} is not an address: {e}", mail.to))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .date(SystemTime::from(created_at))
            .message_id(None);
        if let Some(stop) = stop {
            builder = builder.raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{stop}>")));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| e.to_string())
    }

    /// Sends one outbox row, writing a notice out first (and keeping what it said).
    async fn send_row(
        &self,
        db: &impl ConnectionTrait,
        row: &outbox_message::Model,
    ) -> Result<Result<(), String>, DbErr> {
        let (mail, stop) = match self.write_notice(row) {
            Ok(Some((mail, stop))) => {
                outbox::store_written(db, row.id, &mail).await?;
                (mail, Some(stop))
            }
            Ok(None) => (
                Mail {
                    to: row.recipient.clone(),
                    subject: row.subject.clone(),
                    text: row.text_body.clone(),
                    html: row.html_body.clone(),
                    kind: row.kind,
                },
                None,
            ),
            Err(error) => return Ok(Err(error)),
        };
        Ok(self.send(&mail, row.created_at, stop.as_deref()).await)
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
    db: &impl Transactional,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<Delivered, DbErr> {
    let mut delivered = Delivered::default();
    for row in outbox::claim_due(db, now, BATCH).await? {
        match mailer.send_row(db, &row).await? {
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
