//! Telling people what became of what they submitted. A notice comes from the transition
//! that caused it: [`for_event`] runs inside the transaction that records the audit event,
//! after that transition's compare-and-set, so each decision makes its notices exactly once
//! (a second moderator acting at the same moment loses the compare-and-set and writes
//! neither event nor notice). A notice is stored in the outbox as structured data and
//! written out (words, links) by the mail views when it is sent.
//!
//! Notices are optional: an account that asked not to get them gets none. Security mail
//! (reset, address confirmation) does not go through here and is always sent.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::domain::account_tokens::{self, IssueError};
use crate::domain::outbox;
use crate::domain::{Transactional, begin_write};
use crate::entities::{
    account, credential, gallery_item, headshot, moderation_event, practitioner,
    practitioner_response, review,
};
use crate::vocabulary::{CredentialStatus, ModerationAction, SubjectKind, TokenPurpose};

/// How long the "stop these notices" link in a notice works.
pub const STOP_LINK_VALID_FOR: Duration = Duration::days(365);
/// How long before a verified credential expires its owner is told.
pub const EXPIRY_WARNING: Duration = Duration::days(30);

/// What a notice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// To a review's author.
    ReviewApproved,
    ReviewRejected,
    ChangesRequested,
    ReviewRemoved,
    AppealGranted,
    AppealRefused,
    /// To the practitioner reviewed.
    ReviewPublished,
    /// To a practitioner.
    CredentialVerified,
    CredentialRejected,
    CredentialExpiring,
    PhotoApproved,
    PhotoRejected,
    HeadshotApproved,
    HeadshotRejected,
    ReplyRemoved,
}

/// A notice as stored in the outbox: everything the mail says, as plain values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub topic: Topic,
    /// The recipient's name, for the greeting.
    pub name: String,
    /// What it is about, in words: the practitioner reviewed, or the credential's title.
    pub about: String,
    /// The reason in words, when the decision gave one.
    pub reason: Option<String>,
    /// The moderator's note, when there was one.
    pub note: Option<String>,
    /// The site path where the recipient acts on it.
    pub path: String,
    /// For an expiry notice, the day the credential expires.
    pub expires_on: Option<NaiveDate>,
    /// The token of the recipient's link to stop optional notices.
    pub stop_token: String,
}

/// A notice before it is addressed.
struct Draft {
    topic: Topic,
    about: String,
    reason: Option<String>,
    note: Option<String>,
    path: String,
    expires_on: Option<NaiveDate>,
}

impl Draft {
    fn new(topic: Topic, about: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            topic,
            about: about.into(),
            reason: None,
            note: None,
            path: path.into(),
            expires_on: None,
        }
    }

    fn because(mut self, reason: Option<String>, note: Option<String>) -> Self {
        self.reason = reason;
        self.note = note.filter(|n| !n.trim().is_empty());
        self
    }
}

fn database_error(err: IssueError) -> DbErr {
    match err {
        IssueError::Database(err) => err,
        IssueError::Randomness(err) => DbErr::Custom(err.to_string()),
    }
}

/// Puts `draft` in the outbox for account `account_id`, unless the account is disabled or
/// asked not to get notices. Runs inside the caller's transaction.
async fn tell(
    db: &impl ConnectionTrait,
    account_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(to) = account::Entity::find_by_id(account_id).one(db).await? else {
        return Ok(());
    };
    if to.disabled || to.notices_off {
        return Ok(());
    }
    let stop_token = account_tokens::issue(
        db,
        to.id,
        TokenPurpose::StopNotices,
        STOP_LINK_VALID_FOR,
        None,
        now,
    )
    .await
    .map_err(database_error)?;
    let notice = Notice {
        topic: draft.topic,
        name: to.display_name,
        about: draft.about,
        reason: draft.reason,
        note: draft.note,
        path: draft.path,
        expires_on: draft.expires_on,
        stop_token,
    };
    let data = serde_json::to_string(&notice).map_err(|e| DbErr::Custom(e.to_string()))?;
    outbox::enqueue_notice(db, to.id, to.email, data, now).await?;
    Ok(())
}

async fn practitioner_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<practitioner::Model>, DbErr> {
    practitioner::Entity::find_by_id(practitioner_id)
        .one(db)
        .await
}

/// Tells the practitioner `practitioner_id` (when an account owns the profile).
async fn tell_practitioner(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    draft: impl FnOnce(&practitioner::Model) -> Draft,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(p) = practitioner_of(db, practitioner_id).await? else {
        return Ok(());
    };
    let Some(owner) = p.account_id else {
        return Ok(());
    };
    tell(db, owner, draft(&p), now).await
}

/// Writes the notices `event` causes, inside the transaction that records it.
pub(crate) async fn for_event(
    db: &impl ConnectionTrait,
    event: &moderation_event::Model,
) -> Result<(), DbErr> {
    use ModerationAction as A;
    let now = event.created_at;
    let reason = event.reason_code.map(|r| r.label().to_owned());
    let note = event.note.clone();
    match event.subject_kind {
        SubjectKind::Review => {
            let topic = match event.action {
                A::Approve => Topic::ReviewApproved,
                A::Reject => Topic::ReviewRejected,
                A::RequestChanges => Topic::ChangesRequested,
                A::Remove | A::UpholdFlag => Topic::ReviewRemoved,
                A::OverturnAppeal => Topic::AppealGranted,
                A::UpholdAppeal => Topic::AppealRefused,
                _ => return Ok(()),
            };
            let Some(r) = review::Entity::find_by_id(event.subject_id).one(db).await? else {
                return Ok(());
            };
            let Some(p) = practitioner_of(db, r.practitioner_id).await? else {
                return Ok(());
            };
            let path = match topic {
                Topic::ChangesRequested => format!("/practitioners/{}/review", p.slug),
                _ => "/me/reviews".to_owned(),
            };
            let draft = Draft::new(topic, p.name.clone(), path).because(reason, note);
            tell(db, r.author_id, draft, now).await?;
            let first_published =
                topic == Topic::ReviewApproved && event.from_state.as_deref() != Some("approved");
            if let (true, Some(owner)) = (first_published, p.account_id) {
                let draft = Draft::new(Topic::ReviewPublished, p.name, "/dashboard/reviews");
                tell(db, owner, draft, now).await?;
            }
        }
        SubjectKind::Reply if event.action == A::UpholdFlag => {
            let Some(reply) = practitioner_response::Entity::find_by_id(event.subject_id)
                .one(db)
                .await?
            else {
                return Ok(());
            };
            let draft = |p: &practitioner::Model| {
                Draft::new(Topic::ReplyRemoved, p.name.clone(), "/dashboard/reviews")
                    .because(reason, note)
            };
            tell_practitioner(db, reply.practitioner_id, draft, now).await?;
        }
        SubjectKind::Credential => {
            let (topic, reason, note) = match event.action {
                A::VerifyCredential => (Topic::CredentialVerified, None, note),
                // The rejection's reason is kept in words as the event's note.
                A::RejectCredential => (Topic::CredentialRejected, note, None),
                _ => return Ok(()),
            };
            let Some(c) = credential::Entity::find_by_id(event.subject_id)
                .one(db)
                .await?
            else {
                return Ok(());
            };
            let draft = |_: &practitioner::Model| {
                Draft::new(topic, c.title.clone(), "/dashboard/credentials").because(reason, note)
            };
            tell_practitioner(db, c.practitioner_id, draft, now).await?;
        }
        SubjectKind::GalleryItem | SubjectKind::Headshot => {
            let headshot = event.subject_kind == SubjectKind::Headshot;
            let topic = match (event.action, headshot) {
                (A::ApprovePhoto, false) => Topic::PhotoApproved,
                (A::RejectPhoto, false) => Topic::PhotoRejected,
                (A::ApprovePhoto, true) => Topic::HeadshotApproved,
                (A::RejectPhoto, true) => Topic::HeadshotRejected,
                _ => return Ok(()),
            };
            let practitioner_id = if headshot {
                headshot::Entity::find_by_id(event.subject_id)
                    .one(db)
                    .await?
                    .map(|h| h.practitioner_id)
            } else {
                gallery_item::Entity::find_by_id(event.subject_id)
                    .one(db)
                    .await?
                    .map(|g| g.practitioner_id)
            };
            let Some(practitioner_id) = practitioner_id else {
                return Ok(());
            };
            let draft = |p: &practitioner::Model| {
                Draft::new(topic, p.name.clone(), "/dashboard/gallery").because(reason, note)
            };
            tell_practitioner(db, practitioner_id, draft, now).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Tells the owners of verified credentials that expire within [`EXPIRY_WARNING`] of
/// `now`, once per verification: the credential is marked told with a compare-and-set in
/// the transaction that writes the notice. Returns how many were told.
pub async fn remind_expiring_credentials(
    db: &impl Transactional,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    use credential::Column as C;
    let today = now.date_naive();
    let due = credential::Entity::find()
        .filter(C::Status.eq(CredentialStatus::Verified))
        .filter(C::ExpiresOn.gte(today))
        .filter(C::ExpiresOn.lte((now + EXPIRY_WARNING).date_naive()))
        .filter(C::ExpiryNoticeSentAt.is_null())
        .order_by_asc(C::Id)
        .all(db)
        .await?;
    let mut told = 0;
    for c in due {
        let txn = begin_write(db).await?;
        let marked = credential::Entity::update_many()
            .col_expr(C::ExpiryNoticeSentAt, Expr::value(Some(now)))
            .filter(C::Id.eq(c.id))
            .filter(C::Status.eq(CredentialStatus::Verified))
            .filter(C::ExpiryNoticeSentAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected == 1 {
            let draft = |_: &practitioner::Model| {
                let mut draft = Draft::new(
                    Topic::CredentialExpiring,
                    c.title.clone(),
                    "/dashboard/credentials",
                );
                draft.expires_on = c.expires_on;
                draft
            };
            tell_practitioner(&txn, c.practitioner_id, draft, now).await?;
            told += 1;
        }
        txn.commit().await?;
    }
    Ok(told)
}

/// Whether the account gets optional notices.
pub async fn wants_notices(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    Ok(account::Entity::find_by_id(account_id)
        .one(db)
        .await?
        .is_some_and(|a| !a.notices_off))
}

/// Turns optional notices on or off for the account.
pub async fn set_notices(
    db: &impl ConnectionTrait,
    account_id: i64,
    wanted: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    account::Entity::update_many()
        .col_expr(account::Column::NoticesOff, Expr::value(!wanted))
        .col_expr(account::Column::UpdatedAt, Expr::value(now))
        .filter(account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The account a "stop these notices" link belongs to, if it still works.
pub async fn stop_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i64, String)>, DbErr> {
    Ok(
        match account_tokens::lookup(db, token, TokenPurpose::StopNotices, now).await? {
            account_tokens::LinkState::Usable { account_id, email } => Some((account_id, email)),
            _ => None,
        },
    )
}

/// Follows a "stop these notices" link: the account gets no more optional notices. The link
/// may be followed again (it only ever turns notices off). Whether it worked.
pub async fn stop_by_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some((account_id, _)) = stop_link(db, token, now).await? else {
        return Ok(false);
    };
    set_notices(db, account_id, false, now).await?;
    Ok(true)
}
