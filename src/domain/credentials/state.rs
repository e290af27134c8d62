//! What "verified" means for one credential on a given day (see the parent module), read
//! from its stored columns: the one rule every page that shows a credential goes through.

use chrono::{DateTime, NaiveDate, Utc};

use crate::entities::credential;
use crate::vocabulary::{CredentialKind, CredentialRejection, CredentialStatus};

/// Whether a credential of this kind earns the practitioner's verified badge.
pub fn counts_for_badge(kind: CredentialKind) -> bool {
    matches!(
        kind,
        CredentialKind::License | CredentialKind::BoardCertification
    )
}

/// Whether a stored `verified_until` (see the module) still earns the badge on `today`.
pub fn badge_holds(verified_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    verified_until.is_some_and(|until| until >= today)
}

/// A credential's state as people read it, the same on the public profile, the directory
/// badge, the comparison and the practitioner's own dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialState {
    /// Verified and not expired: when, and against what.
    Verified {
        on: Option<NaiveDate>,
        source: Option<String>,
    },
    /// Verified once, but its expiry date has passed.
    Expired { on: NaiveDate },
    /// Submitted, not yet checked.
    Pending,
    /// A moderator could not verify it (not shown to patients).
    Rejected { reason: Option<CredentialRejection> },
}

impl CredentialState {
    /// Reads a credential's stored status against today's date.
    pub fn of(c: &credential::Model, today: NaiveDate) -> Self {
        Self::of_stored(
            StoredState {
                status: c.status,
                expires_on: c.expires_on,
                verified_on: verified_on(c.source_checked_on, c.verified_at),
                source_checked: c.source_checked.clone(),
                rejection_reason: c.rejection_reason,
            },
            today,
        )
    }

    /// Reads the stored columns the state depends on against today's date.
    pub(super) fn of_stored(stored: StoredState, today: NaiveDate) -> Self {
        match stored.status {
            CredentialStatus::Rejected => CredentialState::Rejected {
                reason: stored.rejection_reason,
            },
            CredentialStatus::Pending => CredentialState::Pending,
            CredentialStatus::Verified => match stored.expires_on {
                Some(expiry) if expiry < today => CredentialState::Expired { on: expiry },
                _ => CredentialState::Verified {
                    on: stored.verified_on,
                    source: stored.source_checked,
                },
            },
        }
    }

    /// Verified and unexpired.
    pub fn is_verified(&self) -> bool {
        matches!(self, CredentialState::Verified { .. })
    }

    /// Patients see every state but a rejection.
    pub fn is_public(&self) -> bool {
        !matches!(self, CredentialState::Rejected { .. })
    }

    /// The state in words: "Verified on 3 March 2026 against the Texas Medical Board".
    pub fn in_words(&self) -> String {
        match self {
            CredentialState::Verified { on, source } => {
                let mut words = "Verified".to_owned();
                if let Some(on) = on {
                    words.push_str(&format!(" on {}", on.format("%-d %B %Y")));
                }
                if let Some(source) = source.as_deref().filter(|s| !s.is_empty()) {
                    words.push_str(&format!(" against {source}"));
                }
                words
            }
            CredentialState::Expired { on } => format!("Expired on {}", on.format("%-d %B %Y")),
            CredentialState::Pending => "Pending: not yet verified".to_owned(),
            CredentialState::Rejected { reason: Some(r) } => format!("Rejected: {}", r.label()),
            CredentialState::Rejected { reason: None } => "Rejected".to_owned(),
        }
    }

    /// Sort order on a profile: verified, pending, expired, rejected.
    pub(super) fn rank(&self) -> u8 {
        match self {
            CredentialState::Verified { .. } => 0,
            CredentialState::Pending => 1,
            CredentialState::Expired { .. } => 2,
            CredentialState::Rejected { .. } => 3,
        }
    }
}

/// The day a verified credential counts as verified on: the day the moderator checked its
/// source, or else the (UTC) day they verified it.
pub(super) fn verified_on(
    source_checked_on: Option<NaiveDate>,
    verified_at: Option<DateTime<Utc>>,
) -> Option<NaiveDate> {
    source_checked_on.or_else(|| verified_at.map(|at| at.date_naive()))
}

/// The stored columns a [`CredentialState`] is read from.
pub(super) struct StoredState {
    pub(super) status: CredentialStatus,
    pub(super) expires_on: Option<NaiveDate>,
    /// See [`verified_on`].
    pub(super) verified_on: Option<NaiveDate>,
    pub(super) source_checked: Option<String>,
    pub(super) rejection_reason: Option<CredentialRejection>,
}
