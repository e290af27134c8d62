//! The audit log: one append-only table, one event per transition, made only through the
//! named constructors below (typed states, no free strings for what happened). No code path
//! updates or deletes an event.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::domain::moderation::photos::PhotoDecision;
use crate::domain::moderation::tallies;
use crate::domain::notices;
use crate::entities::moderation_event;
use crate::vocabulary::{
    AppealStatus, CredentialRejection, CredentialStatus, FlagReason, ModerationAction, PhotoStatus,
    ReasonCode, ReplyStatus, ReviewStatus, SubjectKind,
};

/// One event, ready to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    actor_id: i64,
    subject_kind: SubjectKind,
    subject_id: i64,
    action: ModerationAction,
    reason_code: Option<ReasonCode>,
    note: Option<String>,
    from_state: Option<&'static str>,
    to_state: Option<&'static str>,
    revision_id: Option<i64>,
}

impl AuditEvent {
    /// `actor_id` moved subject `(kind, id)` from state `from` to `to` by `action`.
    fn state_change(
        actor_id: i64,
        (subject_kind, subject_id): (SubjectKind, i64),
        action: ModerationAction,
        (from, to): (&'static str, &'static str),
    ) -> Self {
        Self {
            actor_id,
            subject_kind,
            subject_id,
            action,
            reason_code: None,
            note: None,
            from_state: Some(from),
            to_state: Some(to),
            revision_id: None,
        }
    }

    fn review(
        actor_id: i64,
        review_id: i64,
        action: ModerationAction,
        from: ReviewStatus,
        to: ReviewStatus,
    ) -> Self {
        Self::state_change(
            actor_id,
            (SubjectKind::Review, review_id),
            action,
            (from.as_str(), to.as_str()),
        )
    }

    fn on_revision(mut self, revision_id: i64) -> Self {
        self.revision_id = Some(revision_id);
        self
    }

    fn because(mut self, reason: Option<ReasonCode>, note: Option<String>) -> Self {
        self.reason_code = reason;
        self.note = note.filter(|n| !n.trim().is_empty());
        self
    }

    /// An author submitted a text (new or edited) for moderation.
    pub fn review_submitted(
        author_id: i64,
        review_id: i64,
        revision_id: i64,
        from: ReviewStatus,
        to: ReviewStatus,
    ) -> Self {
        Self::review(author_id, review_id, ModerationAction::Submit, from, to)
            .on_revision(revision_id)
    }

    /// A moderator approved a text; it is what the public sees now.
    pub fn review_approved(
        moderator_id: i64,
        review_id: i64,
        revision_id: i64,
        from: ReviewStatus,
    ) -> Self {
        Self::review(
            moderator_id,
            review_id,
            ModerationAction::Approve,
            from,
            ReviewStatus::Approved,
        )
        .on_revision(revision_id)
    }

    /// A moderator rejected a text.
    pub fn review_rejected(
        moderator_id: i64,
        review_id: i64,
        revision_id: i64,
        (from, to): (ReviewStatus, ReviewStatus),
        reason: ReasonCode,
        note: Option<String>,
    ) -> Self {
        Self::review(moderator_id, review_id, ModerationAction::Reject, from, to)
            .on_revision(revision_id)
            .because(Some(reason), note)
    }

    /// A moderator sent a text back to its author with a note.
    pub fn changes_requested(
        moderator_id: i64,
        review_id: i64,
        revision_id: i64,
        (from, to): (ReviewStatus, ReviewStatus),
        note: String,
    ) -> Self {
        Self::review(
            moderator_id,
            review_id,
            ModerationAction::RequestChanges,
            from,
            to,
        )
        .on_revision(revision_id)
        .because(None, Some(note))
    }

    /// A moderator removed a published review.
    pub fn review_removed(
        moderator_id: i64,
        review_id: i64,
        from: ReviewStatus,
        reason: ReasonCode,
        note: Option<String>,
    ) -> Self {
        Self::review(
            moderator_id,
            review_id,
            ModerationAction::Remove,
            from,
            ReviewStatus::Removed,
        )
        .because(Some(reason), note)
    }

    /// The author withdrew their review.
    pub fn review_withdrawn(author_id: i64, review_id: i64, from: ReviewStatus) -> Self {
        Self::review(
            author_id,
            review_id,
            ModerationAction::Withdraw,
            from,
            ReviewStatus::Withdrawn,
        )
    }

    /// Someone reported a published review; it stays up.
    pub fn review_flagged(reporter_id: i64, review_id: i64, reason: FlagReason) -> Self {
        let mut event = Self::review(
            reporter_id,
            review_id,
            ModerationAction::Flag,
            ReviewStatus::Approved,
            ReviewStatus::Approved,
        );
        event.note = Some(reason.label().to_owned());
        event
    }

    /// A report of health details or illegal content hid the review until a decision.
    pub fn review_hidden(reporter_id: i64, review_id: i64, reason: FlagReason) -> Self {
        let mut event = Self::review(
            reporter_id,
            review_id,
            ModerationAction::Hide,
            ReviewStatus::Approved,
            ReviewStatus::Hidden,
        );
        event.note = Some(reason.label().to_owned());
        event
    }

    /// A moderator upheld a report: the review is removed.
    pub fn flag_upheld(
        moderator_id: i64,
        review_id: i64,
        from: ReviewStatus,
        reason: ReasonCode,
        note: Option<String>,
    ) -> Self {
        Self::review(
            moderator_id,
            review_id,
            ModerationAction::UpholdFlag,
            from,
            ReviewStatus::Removed,
        )
        .because(Some(reason), note)
    }

    /// A moderator dismissed a report; a hidden review is shown again.
    pub fn flag_dismissed(
        moderator_id: i64,
        review_id: i64,
        from: ReviewStatus,
        to: ReviewStatus,
    ) -> Self {
        Self::review(
            moderator_id,
            review_id,
            ModerationAction::DismissFlag,
            from,
            to,
        )
    }

    /// A reply's state changed by a report or a decision on one.
    fn reply(
        actor_id: i64,
        reply_id: i64,
        action: ModerationAction,
        (from, to): (ReplyStatus, ReplyStatus),
    ) -> Self {
        Self::state_change(
            actor_id,
            (SubjectKind::Reply, reply_id),
            action,
            (from.as_str(), to.as_str()),
        )
    }

    /// Someone reported a practitioner's reply; a report of health details or illegal
    /// content hid it until a decision.
    pub fn reply_flagged(reporter_id: i64, reply_id: i64, reason: FlagReason) -> Self {
        let (action, to) = if reason.hides_immediately() {
            (ModerationAction::Hide, ReplyStatus::Hidden)
        } else {
            (ModerationAction::Flag, ReplyStatus::Shown)
        };
        let mut event = Self::reply(reporter_id, reply_id, action, (ReplyStatus::Shown, to));
        event.note = Some(reason.label().to_owned());
        event
    }

    /// A moderator upheld a report of a reply: it is removed.
    pub fn reply_flag_upheld(
        moderator_id: i64,
        reply_id: i64,
        from: ReplyStatus,
        reason: ReasonCode,
        note: Option<String>,
    ) -> Self {
        Self::reply(
            moderator_id,
            reply_id,
            ModerationAction::UpholdFlag,
            (from, ReplyStatus::Removed),
        )
        .because(Some(reason), note)
    }

    /// A moderator dismissed a report of a reply; a hidden reply is shown again.
    pub fn reply_flag_dismissed(
        moderator_id: i64,
        reply_id: i64,
        from: ReplyStatus,
        to: ReplyStatus,
    ) -> Self {
        Self::reply(
            moderator_id,
            reply_id,
            ModerationAction::DismissFlag,
            (from, to),
        )
    }

    /// The author appealed a rejection or a removal.
    pub fn review_appealed(
        author_id: i64,
        review_id: i64,
        from: ReviewStatus,
        statement: String,
    ) -> Self {
        Self::review(
            author_id,
            review_id,
            ModerationAction::Appeal,
            from,
            ReviewStatus::Appealed,
        )
        .because(None, Some(statement))
    }

    /// A second moderator decided an appeal.
    pub fn appeal_decided(
        moderator_id: i64,
        review_id: i64,
        outcome: AppealStatus,
        to: ReviewStatus,
        note: Option<String>,
    ) -> Self {
        let action = if outcome == AppealStatus::Overturned {
            ModerationAction::OverturnAppeal
        } else {
            ModerationAction::UpholdAppeal
        };
        Self::review(moderator_id, review_id, action, ReviewStatus::Appealed, to)
            .because(None, note)
    }

    fn credential(
        moderator_id: i64,
        credential_id: i64,
        action: ModerationAction,
        to: CredentialStatus,
        note: String,
    ) -> Self {
        Self {
            actor_id: moderator_id,
            subject_kind: SubjectKind::Credential,
            subject_id: credential_id,
            action,
            reason_code: None,
            note: Some(note),
            from_state: Some(CredentialStatus::Pending.as_str()),
            to_state: Some(to.as_str()),
            revision_id: None,
        }
    }

    /// A moderator verified a credential against `source`.
    pub fn credential_verified(moderator_id: i64, credential_id: i64, source: &str) -> Self {
        Self::credential(
            moderator_id,
            credential_id,
            ModerationAction::VerifyCredential,
            CredentialStatus::Verified,
            format!("Checked against: {source}"),
        )
    }

    /// A moderator could not verify a credential.
    pub fn credential_rejected(
        moderator_id: i64,
        credential_id: i64,
        reason: CredentialRejection,
    ) -> Self {
        Self::credential(
            moderator_id,
            credential_id,
            ModerationAction::RejectCredential,
            CredentialStatus::Rejected,
            reason.label().to_owned(),
        )
    }

    /// A moderator decided on a before/after pair.
    pub fn photo_decided(moderator_id: i64, item_id: i64, decision: PhotoDecision) -> Self {
        let (to, reason, note) = match decision {
            PhotoDecision::Approve => (PhotoStatus::Approved, None, None),
            PhotoDecision::Reject { reason, note } => (PhotoStatus::Rejected, Some(reason), note),
        };
        Self {
            actor_id: moderator_id,
            subject_kind: SubjectKind::GalleryItem,
            subject_id: item_id,
            action: if to == PhotoStatus::Approved {
                ModerationAction::ApprovePhoto
            } else {
                ModerationAction::RejectPhoto
            },
            reason_code: reason,
            note,
            from_state: Some(PhotoStatus::Pending.as_str()),
            to_state: Some(to.as_str()),
            revision_id: None,
        }
    }

    /// A practitioner submitted a before/after pair; `matched` is another practitioner's
    /// image it looked like.
    pub fn photo_submitted(actor_id: i64, item_id: i64, matched: Option<i64>) -> Self {
        Self {
            actor_id,
            subject_kind: SubjectKind::GalleryItem,
            subject_id: item_id,
            action: ModerationAction::Submit,
            reason_code: None,
            note: matched.map(|image| format!("looks like image {image} of another practitioner")),
            from_state: None,
            to_state: Some(PhotoStatus::Pending.as_str()),
            revision_id: None,
        }
    }

    /// A practitioner submitted a headshot.
    pub fn headshot_submitted(actor_id: i64, headshot_id: i64, matched: Option<i64>) -> Self {
        Self {
            subject_kind: SubjectKind::Headshot,
            subject_id: headshot_id,
            ..Self::photo_submitted(actor_id, headshot_id, matched)
        }
    }

    /// A moderator approved or rejected a headshot.
    pub fn headshot_decided(moderator_id: i64, headshot_id: i64, decision: PhotoDecision) -> Self {
        Self {
            subject_kind: SubjectKind::Headshot,
            subject_id: headshot_id,
            ..Self::photo_decided(moderator_id, headshot_id, decision)
        }
    }

    /// A practitioner deleted one of their pairs.
    pub fn photo_deleted(actor_id: i64, item_id: i64, was: PhotoStatus) -> Self {
        Self {
            actor_id,
            subject_kind: SubjectKind::GalleryItem,
            subject_id: item_id,
            action: ModerationAction::Delete,
            reason_code: None,
            note: None,
            from_state: Some(was.as_str()),
            to_state: None,
            revision_id: None,
        }
    }

    /// Appends the event, stamped `at`, adds it to the moderation tallies and writes the
    /// notices it causes (in the caller's transaction, so they stand or fall with the
    /// transition).
    pub async fn record(self, db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<(), DbErr> {
        let event = moderation_event::ActiveModel {
            actor_id: Set(Some(self.actor_id)),
            subject_kind: Set(self.subject_kind),
            subject_id: Set(self.subject_id),
            action: Set(self.action),
            reason_code: Set(self.reason_code),
            note: Set(self.note),
            from_state: Set(self.from_state.map(str::to_owned)),
            to_state: Set(self.to_state.map(str::to_owned)),
            revision_id: Set(self.revision_id),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        tallies::add(db, &event).await?;
        notices::for_event(db, &event).await
    }
}
