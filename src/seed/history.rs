//! Replays each demo review's history through the same domain functions the site uses
//! (submission, moderation, reports, appeals, withdrawal, replies), so the demo can never
//! hold a state the product cannot reach.

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::Transactional;
use crate::domain::moderation::{appeals, flags, reviews};
use crate::domain::replies;
use crate::domain::reviews::ReviewText;
use crate::domain::reviews::submission;
use crate::entities::{appeal, flag};
use crate::seed::SeedError;
use crate::seed::files::{SeedReview, SeedText, Step};
use crate::vocabulary::SubjectKind;

/// Ids the steps refer to, by the names the seed files use.
pub struct Ids<'a> {
    pub accounts: &'a HashMap<String, i64>,
    pub practitioners: &'a HashMap<String, i64>,
    /// The account owning each practitioner profile, by slug.
    pub owners: &'a HashMap<String, i64>,
}

impl Ids<'_> {
    fn account(&self, email: &str) -> Result<i64, SeedError> {
        self.accounts
            .get(&crate::domain::email_address::normalize_email(email))
            .copied()
            .ok_or_else(|| SeedError::Dangling {
                what: "account",
                name: email.to_owned(),
            })
    }
}

impl From<&SeedText> for ReviewText {
    fn from(t: &SeedText) -> Self {
        ReviewText {
            rating: t.rating,
            worth_it: t.worth_it,
            treatment: t.treatment,
            product: t.product,
            units: t.units,
            price_paid_cents: t.price_paid.map(|d| d.saturating_mul(100)),
            treatment_month: t.treatment_month.clone(),
            days_to_onset: t.days_to_onset,
            weeks_lasted: t.weeks_lasted,
            side_effects: t.side_effects.clone(),
            correction_needed: t.correction_needed,
            title: t.title.clone(),
            body: t.body.clone(),
            incentive_received: t.incentive_received,
            relationship: t.relationship,
        }
    }
}

fn step_failed(review: &SeedReview, what: impl std::fmt::Display) -> SeedError {
    SeedError::Step {
        review: format!("{} by {}", review.practitioner, review.author),
        problem: what.to_string(),
    }
}

/// Replays one review's steps; returns how many texts it submitted.
pub async fn replay(
    db: &impl Transactional,
    review: &SeedReview,
    ids: &Ids<'_>,
) -> Result<(), SeedError> {
    let author = ids.account(&review.author)?;
    let practitioner = ids
        .practitioners
        .get(&review.practitioner)
        .copied()
        .ok_or_else(|| SeedError::Dangling {
            what: "practitioner",
            name: review.practitioner.clone(),
        })?;
    let submitted = Utc.from_utc_datetime(
        &review
            .submitted_on
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default(),
    );
    let at = |hours: i64| -> DateTime<Utc> { submitted + Duration::hours(hours) };
    let mut review_id = None;
    let mut revision_id = None;
    for step in &review.steps {
        let fail = |e: &dyn std::fmt::Display| step_failed(review, e);
        match step {
            Step::Submit { hours, text } => {
                let stored = submission::submit_review(
                    db,
                    author,
                    practitioner,
                    ReviewText::from(text),
                    at(*hours),
                )
                .await
                .map_err(|e| fail(&e))?;
                review_id = Some(stored.review_id);
                revision_id = Some(stored.revision_id);
            }
            Step::Approve { hours, by } => {
                let revision = revision_id.ok_or_else(|| fail(&"approve before submit"))?;
                reviews::approve_review(db, ids.account(by)?, revision, at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::Reject {
                hours,
                by,
                reason,
                note,
            } => {
                let revision = revision_id.ok_or_else(|| fail(&"reject before submit"))?;
                reviews::reject_review(
                    db,
                    ids.account(by)?,
                    revision,
                    *reason,
                    note.clone(),
                    at(*hours),
                )
                .await
                .map_err(|e| fail(&e))?;
            }
            Step::RequestChanges { hours, by, note } => {
                let revision = revision_id.ok_or_else(|| fail(&"decision before submit"))?;
                reviews::request_changes(db, ids.account(by)?, revision, note.clone(), at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::Remove {
                hours,
                by,
                reason,
                note,
            } => {
                let id = review_id.ok_or_else(|| fail(&"remove before submit"))?;
                reviews::remove_review(db, ids.account(by)?, id, *reason, note.clone(), at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::Withdraw { hours } => {
                let id = review_id.ok_or_else(|| fail(&"withdraw before submit"))?;
                reviews::withdraw_review(db, author, id, at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::Flag {
                hours,
                by,
                reason,
                note,
            } => {
                let id = review_id.ok_or_else(|| fail(&"flag before submit"))?;
                flags::flag_review(db, ids.account(by)?, id, *reason, note, at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::UpholdFlag {
                hours,
                by,
                reason,
                note,
            } => {
                let flag_id = latest_flag(db, review_id)
                    .await?
                    .ok_or_else(|| fail(&"no flag"))?;
                flags::uphold_flag(
                    db,
                    ids.account(by)?,
                    flag_id,
                    *reason,
                    note.clone(),
                    at(*hours),
                )
                .await
                .map_err(|e| fail(&e))?;
            }
            Step::DismissFlag { hours, by } => {
                let flag_id = latest_flag(db, review_id)
                    .await?
                    .ok_or_else(|| fail(&"no flag"))?;
                flags::dismiss_flag(db, ids.account(by)?, flag_id, None, at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::Appeal { hours, statement } => {
                let id = review_id.ok_or_else(|| fail(&"appeal before submit"))?;
                appeals::appeal_review(db, author, id, statement.clone(), at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
            Step::DecideAppeal {
                hours,
                by,
                grant,
                note,
            } => {
                let id = review_id.ok_or_else(|| fail(&"decision before submit"))?;
                let appeal_id = appeal::Entity::find()
                    .filter(appeal::Column::ReviewId.eq(id))
                    .one(db)
                    .await?
                    .ok_or_else(|| fail(&"no appeal"))?
                    .id;
                appeals::decide_appeal(
                    db,
                    ids.account(by)?,
                    appeal_id,
                    *grant,
                    note.clone(),
                    at(*hours),
                )
                .await
                .map_err(|e| fail(&e))?;
            }
            Step::Reply { hours, text } => {
                let id = review_id.ok_or_else(|| fail(&"reply before submit"))?;
                let owner = ids.owners.get(&review.practitioner).copied();
                replies::reply(db, practitioner, id, owner, text, at(*hours))
                    .await
                    .map_err(|e| fail(&e))?;
            }
        }
    }
    Ok(())
}

async fn latest_flag(
    db: &impl ConnectionTrait,
    review_id: Option<i64>,
) -> Result<Option<i64>, SeedError> {
    let Some(review_id) = review_id else {
        return Ok(None);
    };
    Ok(flag::Entity::find()
        .filter(flag::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(flag::Column::SubjectId.eq(review_id))
        .order_by_desc(flag::Column::Id)
        .one(db)
        .await?
        .map(|f| f.id))
}
