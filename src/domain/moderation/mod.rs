//! Moderation: every decision that changes what the public sees, each one domain function
//! opening one transaction that compare-and-sets the item's state, changes the
//! practitioner's counters with relative updates and writes one audit event (`audit`).
//!
//! A second moderator acting on an item someone else already decided gets
//! [`TransitionError::AlreadyHandled`], a normal outcome the page shows, and nothing changes
//! twice. Nobody moderates a review they wrote or one about a profile they own.

pub mod appeals;
pub mod audit;
pub mod credentials;
pub mod flags;
pub mod log;
pub mod photos;
pub mod queues;
pub mod reviews;
pub mod tallies;
pub mod transparency;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::entities::{account, practitioner};

/// Why a transition did not happen.
#[derive(Debug, thiserror::Error)]
pub enum TransitionError {
    /// Someone decided first; nothing was changed.
    #[error("already handled by {by} at {at}")]
    AlreadyHandled { by: String, at: DateTime<Utc> },
    /// The actor may not make this decision (the sentence says why).
    #[error("{0}")]
    NotAllowed(&'static str),
    /// No such item, or not one this actor can reach.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl TransitionError {
    /// "Already handled by Morgan on 3 March 2026 at 14:05 UTC", for the page.
    pub fn already_handled_words(by: &str, at: DateTime<Utc>) -> String {
        format!(
            "Already handled by {by} on {} UTC; nothing was changed.",
            at.format("%-d %B %Y at %H:%M")
        )
    }
}

/// The "already handled" answer for an item decided by `by` at `at`.
pub(crate) async fn handled_by(
    db: &impl ConnectionTrait,
    by: Option<i64>,
    at: Option<DateTime<Utc>>,
) -> Result<TransitionError, DbErr> {
    let name = match by {
        Some(id) => account::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.display_name),
        None => None,
    };
    Ok(TransitionError::AlreadyHandled {
        by: name.unwrap_or_else(|| "another moderator".to_owned()),
        at: at.unwrap_or_default(),
    })
}

/// Refuses a moderator who wrote the review or owns the practitioner profile it is about.
pub(crate) async fn may_moderate(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    author_id: Option<i64>,
    practitioner_id: i64,
) -> Result<(), TransitionError> {
    if author_id == Some(moderator_id) {
        return Err(TransitionError::NotAllowed(
            "You wrote this; another moderator must decide on it.",
        ));
    }
    let owner = practitioner::Entity::find_by_id(practitioner_id)
        .one(db)
        .await?
        .and_then(|p| p.account_id);
    if owner == Some(moderator_id) {
        return Err(TransitionError::NotAllowed(
            "This is about your own practitioner profile; another moderator must decide on it.",
        ));
    }
    Ok(())
}
