//! Writing a review: the form checked field by field, and storing each submission as a new
//! revision for moderation. One review per patient per practitioner (a second visit edits
//! the first); at most [`SUBMISSIONS_PER_HOUR`] submissions per account an hour, counted in
//! the database so every instance agrees.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::domain::moderation::audit::AuditEvent;
use crate::domain::validation::{self, FieldErrors};
use crate::domain::{begin_write, select_rows};
use crate::entities::{account, practitioner, review, review_revision, review_side_effect};
use crate::vocabulary::{
    Product, Relationship, ReviewStatus, RevisionStatus, Role, SideEffect, Treatment, WorthIt,
};

/// Submissions (new reviews and edits) one account may make in an hour.
pub const SUBMISSIONS_PER_HOUR: i64 = 5;
/// Shortest and longest review text, in characters.
pub const MIN_BODY_CHARS: usize = 50;
pub const MAX_BODY_CHARS: usize = 5000;
/// The most units a reviewer can report (a lip flip takes a handful; this is generous).
pub const MAX_UNITS: i32 = 100;
/// The most a reviewer can report paying, in dollars.
pub const MAX_PRICE_DOLLARS: i32 = 10_000;
/// The form value for "I had no side effects".
pub const NO_SIDE_EFFECTS: &str = "none";

/// The review form as typed, so it can be shown again unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewInput {
    pub rating: String,
    pub worth_it: String,
    pub treatment: String,
    pub product: String,
    pub units: String,
    pub price_paid: String,
    /// "YYYY-MM", as a month input sends it.
    pub treatment_month: String,
    pub days_to_onset: String,
    pub weeks_lasted: String,
    pub side_effects: Vec<String>,
    pub correction_needed: bool,
    pub title: String,
    pub body: String,
    pub incentive_received: bool,
    pub relationship: String,
}

/// A checked review text, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewText {
    pub rating: i16,
    pub worth_it: WorthIt,
    pub treatment: Treatment,
    pub product: Option<Product>,
    pub units: Option<i32>,
    pub price_paid_cents: Option<i32>,
    pub treatment_month: String,
    pub days_to_onset: Option<i32>,
    pub weeks_lasted: Option<i32>,
    pub side_effects: Vec<SideEffect>,
    pub correction_needed: bool,
    pub title: String,
    pub body: String,
    pub incentive_received: bool,
    pub relationship: Relationship,
}

fn month_start(month: &str) -> Option<NaiveDate> {
    let (year, month) = month.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// Checks the review form against `today`; every problem is reported against its field and
/// nothing is stored unless all pass.
pub fn check_review(input: &ReviewInput, today: NaiveDate) -> Result<ReviewText, FieldErrors> {
    let mut errors = FieldErrors::default();
    let rating = match input.rating.trim().parse::<i16>() {
        Ok(r) if (1..=5).contains(&r) => Some(r),
        _ => {
            errors.add("rating", "Choose a rating from 1 to 5 stars.");
            None
        }
    };
    let worth_it = WorthIt::parse(input.worth_it.trim());
    if worth_it.is_none() {
        errors.add("worth_it", "Say whether it was worth it.");
    }
    let treatment = Treatment::parse(input.treatment.trim());
    if treatment.is_none() {
        errors.add("treatment", "Choose the treatment you had.");
    }
    let product = match input.product.trim() {
        "" => None,
        raw => match Product::parse(raw) {
            Some(p) => Some(p),
            None => {
                errors.add(
                    "product",
                    "Choose a product from the list, or leave it blank.",
                );
                None
            }
        },
    };
    if let (Some(t), Some(p)) = (treatment, product)
        && p.is_filler() != (t == Treatment::LipFiller)
    {
        errors.add(
            "product",
            if p.is_filler() {
                "That product is a filler; a lip flip or gummy-smile treatment uses a relaxer such as Botox."
            } else {
                "That product is a relaxer; lip filler uses a filler such as Juvederm or Restylane."
            },
        );
    }
    let units = validation::optional_number(&mut errors, "units", &input.units, 1, MAX_UNITS);
    let price_paid_cents = validation::optional_money(&mut errors, "price_paid", &input.price_paid);
    if price_paid_cents.is_some_and(|c| c > MAX_PRICE_DOLLARS * 100) {
        errors.add(
            "price_paid",
            format!("Enter what you paid, at most ${MAX_PRICE_DOLLARS}."),
        );
    }
    let month = input.treatment_month.trim();
    match month_start(month) {
        None => errors.add(
            "treatment_month",
            "Give the month of treatment, such as 2026-09.",
        ),
        Some(start) if start > today => errors.add(
            "treatment_month",
            "The month of treatment cannot be in the future.",
        ),
        Some(start) if start.year() < 2000 => {
            errors.add("treatment_month", "Give a month from 2000 on.")
        }
        Some(_) => {}
    }
    let days_to_onset =
        validation::optional_number(&mut errors, "days_to_onset", &input.days_to_onset, 0, 60);
    let weeks_lasted =
        validation::optional_number(&mut errors, "weeks_lasted", &input.weeks_lasted, 0, 104);
    let mut side_effects = Vec::new();
    let mut none = false;
    for raw in &input.side_effects {
        match (raw.trim(), SideEffect::parse(raw.trim())) {
            (NO_SIDE_EFFECTS, _) => none = true,
            (_, Some(effect)) if !side_effects.contains(&effect) => side_effects.push(effect),
            (_, Some(_)) => {}
            (_, None) => errors.add("side_effects", "Choose side effects from the list."),
        }
    }
    if none && !side_effects.is_empty() {
        errors.add(
            "side_effects",
            "“None” cannot go with side effects: untick one or the other.",
        );
    } else if !none && side_effects.is_empty() {
        errors.add("side_effects", "Tick the side effects you had, or “None”.");
    }
    let title = validation::text(&mut errors, "title", &input.title, true, 120);
    let body = input.body.trim();
    let body_chars = body.chars().count();
    if body_chars < MIN_BODY_CHARS {
        errors.add(
            "body",
            format!("Write at least {MIN_BODY_CHARS} characters about your experience ({body_chars} so far)."),
        );
    } else if body_chars > MAX_BODY_CHARS {
        errors.add(
            "body",
            format!("Keep your review to {MAX_BODY_CHARS} characters ({body_chars} now)."),
        );
    }
    let relationship = match input.relationship.trim() {
        "" => Some(Relationship::None),
        raw => Relationship::parse(raw),
    };
    if relationship.is_none() {
        errors.add("relationship", "Choose your relationship from the list.");
    }
    let (Some(rating), Some(worth_it), Some(treatment), Some(relationship)) =
        (rating, worth_it, treatment, relationship)
    else {
        return Err(errors);
    };
    errors.into_result(ReviewText {
        rating,
        worth_it,
        treatment,
        product,
        units,
        price_paid_cents,
        treatment_month: month.to_owned(),
        days_to_onset,
        weeks_lasted,
        side_effects,
        correction_needed: input.correction_needed,
        title,
        body: body.to_owned(),
        incentive_received: input.incentive_received,
        relationship,
    })
}

impl ReviewInput {
    /// The form filled from a stored text and its side effects.
    fn from_revision(v: &review_revision::Model, side_effects: &[SideEffect]) -> Self {
        let number = |n: Option<i32>| n.map_or_else(String::new, |n| n.to_string());
        Self {
            rating: v.rating.to_string(),
            worth_it: v.worth_it.as_str().to_owned(),
            treatment: v.treatment.as_str().to_owned(),
            product: v
                .product
                .map_or_else(String::new, |p| p.as_str().to_owned()),
            units: number(v.units),
            price_paid: v
                .price_paid_cents
                .map_or_else(String::new, validation::dollars_text),
            treatment_month: v.treatment_month.clone(),
            days_to_onset: number(v.days_to_onset),
            weeks_lasted: number(v.weeks_lasted),
            side_effects: if side_effects.is_empty() {
                vec![NO_SIDE_EFFECTS.to_owned()]
            } else {
                side_effects.iter().map(|e| e.as_str().to_owned()).collect()
            },
            correction_needed: v.correction_needed,
            title: v.title.clone(),
            body: v.body.clone(),
            incentive_received: v.incentive_received,
            relationship: v.relationship.as_str().to_owned(),
        }
    }
}

/// The practitioner a review form is about, and the visitor's own review of them, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewTarget {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    /// The author's review so far: its state and the form filled with its newest text.
    pub existing: Option<(ReviewStatus, ReviewInput)>,
}

/// The published practitioner `slug` as a review form needs it, with `author_id`'s review
/// of them if they wrote one.
pub async fn target(
    db: &impl ConnectionTrait,
    slug: &str,
    author_id: i64,
) -> Result<Option<ReviewTarget>, DbErr> {
    let Some(p) = crate::domain::practitioners::published_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let existing = match review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .filter(review::Column::PractitionerId.eq(p.id))
        .one(db)
        .await?
    {
        Some(r) => match r.current_revision_id {
            Some(id) => match review_revision::Entity::find_by_id(id).one(db).await? {
                Some(v) => {
                    let effects: Vec<SideEffect> = review_side_effect::Entity::find()
                        .filter(review_side_effect::Column::RevisionId.eq(v.id))
                        .all(db)
                        .await?
                        .into_iter()
                        .map(|row| row.side_effect)
                        .collect();
                    Some((r.status, ReviewInput::from_revision(&v, &effects)))
                }
                None => None,
            },
            None => None,
        },
        None => None,
    };
    Ok(Some(ReviewTarget {
        practitioner_id: p.id,
        practitioner_name: p.name,
        practitioner_slug: p.slug,
        existing,
    }))
}

/// Why a submission was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The author may not review this practitioner now (the sentence says why).
    #[error("{0}")]
    NotAllowed(&'static str),
    /// Too many submissions in the last hour; the next is possible after `retry_after`.
    #[error("too many submissions")]
    RateLimited { retry_after: Duration },
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Why a review of this practitioner cannot be written now, if it cannot.
pub fn refusal(status: ReviewStatus) -> Option<&'static str> {
    match status {
        ReviewStatus::Removed => Some(
            "A moderator removed your review of this practitioner. You can appeal the decision from “Your reviews”.",
        ),
        ReviewStatus::Appealed => {
            Some("Your appeal is waiting for a moderator; the review cannot be edited meanwhile.")
        }
        ReviewStatus::Hidden => Some(
            "Your review is hidden while a moderator looks at a report about it; it cannot be edited meanwhile.",
        ),
        _ => None,
    }
}

#[derive(FromQueryResult)]
struct RecentSubmissions {
    n: i64,
    oldest: Option<DateTime<Utc>>,
}

/// Refuses a submission past the hourly limit, saying when the next one is possible.
async fn check_rate(
    db: &impl ConnectionTrait,
    author_id: i64,
    now: DateTime<Utc>,
) -> Result<(), SubmitError> {
    let window = Duration::hours(1);
    let query = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .expr_as(
            Expr::col((review_revision::Entity, review_revision::Column::CreatedAt)).min(),
            Alias::new("oldest"),
        )
        .from(review_revision::Entity)
        .inner_join(
            review::Entity,
            Expr::col((review::Entity, review::Column::Id))
                .equals((review_revision::Entity, review_revision::Column::ReviewId)),
        )
        .and_where(review::Column::AuthorId.eq(author_id))
        .and_where(review_revision::Column::CreatedAt.gt(now - window))
        .to_owned();
    let recent = select_rows::<RecentSubmissions>(db, &query).await?;
    let Some(recent) = recent.first() else {
        return Ok(());
    };
    if recent.n < SUBMISSIONS_PER_HOUR {
        return Ok(());
    }
    let frees_at = recent.oldest.unwrap_or(now) + window;
    // Whole seconds, rounded up (PostgreSQL keeps microseconds, the clock may have more).
    let wait = ((frees_at - now).num_milliseconds() + 999) / 1000;
    Err(SubmitError::RateLimited {
        retry_after: Duration::seconds(Ord::max(wait, 1)),
    })
}

/// What a submission stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Submitted {
    pub review_id: i64,
    pub revision_id: i64,
    /// Whether this edited an existing review.
    pub edited: bool,
    /// The review's state now (an edit of a published review stays published).
    pub status: ReviewStatus,
}

/// Stores a checked text as the author's new revision, in one transaction: creates the
/// review on a first visit, supersedes a text still waiting, and records the submission.
pub async fn submit_review(
    db: &(impl ConnectionTrait + TransactionTrait),
    author_id: i64,
    practitioner_id: i64,
    text: ReviewText,
    now: DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    let txn = begin_write(db).await?;
    // Touching the author's row locks it (PostgreSQL), so one author's submissions queue
    // and the hourly count cannot be raced.
    let author = account::Entity::update_many()
        .col_expr(
            account::Column::UpdatedAt,
            Expr::col(account::Column::UpdatedAt),
        )
        .filter(account::Column::Id.eq(author_id))
        .filter(account::Column::Role.eq(Role::Patient))
        .filter(account::Column::Disabled.eq(false))
        .exec(&txn)
        .await?;
    if author.rows_affected != 1 {
        return Err(SubmitError::NotAllowed(
            "Reviews are written by patients, from a patient account.",
        ));
    }
    let p = practitioner::Entity::find_by_id(practitioner_id)
        .filter(practitioner::Column::Published.eq(true))
        .one(&txn)
        .await?
        .ok_or(SubmitError::NotFound)?;
    if p.account_id == Some(author_id) {
        return Err(SubmitError::NotAllowed(
            "You cannot review your own profile.",
        ));
    }
    check_rate(&txn, author_id, now).await?;

    let existing = review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .one(&txn)
        .await?;
    let (review_id, from, number) = match &existing {
        Some(r) => {
            if let Some(why) = refusal(r.status) {
                return Err(SubmitError::NotAllowed(why));
            }
            let last = review_revision::Entity::find()
                .filter(review_revision::Column::ReviewId.eq(r.id))
                .order_by_desc(review_revision::Column::Number)
                .one(&txn)
                .await?
                .map_or(0, |v| v.number);
            review_revision::Entity::update_many()
                .col_expr(
                    review_revision::Column::Status,
                    Expr::value(RevisionStatus::Superseded),
                )
                .filter(review_revision::Column::ReviewId.eq(r.id))
                .filter(review_revision::Column::Status.eq(RevisionStatus::Pending))
                .exec(&txn)
                .await?;
            (r.id, r.status, last + 1)
        }
        None => {
            let created = review::ActiveModel {
                practitioner_id: Set(practitioner_id),
                author_id: Set(author_id),
                status: Set(ReviewStatus::Pending),
                verified_patient: Set(false),
                appeal_used: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (created.id, ReviewStatus::Pending, 1)
        }
    };
    let revision = review_revision::ActiveModel {
        review_id: Set(review_id),
        number: Set(number),
        rating: Set(text.rating),
        worth_it: Set(text.worth_it),
        treatment: Set(text.treatment),
        product: Set(text.product),
        units: Set(text.units),
        price_paid_cents: Set(text.price_paid_cents),
        treatment_month: Set(text.treatment_month),
        days_to_onset: Set(text.days_to_onset),
        weeks_lasted: Set(text.weeks_lasted),
        correction_needed: Set(text.correction_needed),
        title: Set(text.title),
        body: Set(text.body),
        incentive_received: Set(text.incentive_received),
        relationship: Set(text.relationship),
        status: Set(RevisionStatus::Pending),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for effect in text.side_effects {
        review_side_effect::ActiveModel {
            revision_id: Set(revision.id),
            side_effect: Set(effect),
        }
        .insert(&txn)
        .await?;
    }
    // A published review stays published with its approved text while the edit waits.
    let to = if from == ReviewStatus::Approved {
        ReviewStatus::Approved
    } else {
        ReviewStatus::Pending
    };
    review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(to))
        .col_expr(
            review::Column::CurrentRevisionId,
            Expr::value(Some(revision.id)),
        )
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review_id))
        .exec(&txn)
        .await?;
    AuditEvent::review_submitted(author_id, review_id, revision.id, from, to)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(Submitted {
        review_id,
        revision_id: revision.id,
        edited: existing.is_some(),
        status: to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ReviewInput {
        ReviewInput {
            rating: "4".into(),
            worth_it: "yes".into(),
            treatment: "lip_flip".into(),
            product: "botox".into(),
            units: "6".into(),
            price_paid: "150".into(),
            treatment_month: "2026-09".into(),
            days_to_onset: "7".into(),
            weeks_lasted: "10".into(),
            side_effects: vec!["bruising".into()],
            title: "Subtle and even".into(),
            body: "The upper lip rolled out a little after a week and stayed even on both sides."
                .into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
    }

    #[test]
    fn a_complete_review_passes() {
        let text = check_review(&valid(), today()).expect("valid");
        assert_eq!(text.rating, 4);
        assert_eq!(text.price_paid_cents, Some(15_000));
        assert_eq!(text.relationship, Relationship::None);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = Box<dyn Fn(&mut ReviewInput)>;
        let cases: Vec<(&str, Spoil)> = vec![
            ("rating", Box::new(|i| i.rating = "0".into())),
            ("rating", Box::new(|i| i.rating = "6".into())),
            (
                "treatment_month",
                Box::new(|i| i.treatment_month = "2027-01".into()),
            ),
            (
                "treatment_month",
                Box::new(|i| i.treatment_month = "September".into()),
            ),
            (
                "side_effects",
                Box::new(|i| i.side_effects = vec!["hiccups".into()]),
            ),
            (
                "side_effects",
                Box::new(|i| i.side_effects = vec!["none".into(), "bruising".into()]),
            ),
            ("side_effects", Box::new(|i| i.side_effects.clear())),
            ("price_paid", Box::new(|i| i.price_paid = "-20".into())),
            ("units", Box::new(|i| i.units = "5000".into())),
            ("product", Box::new(|i| i.product = "juvederm".into())),
            ("body", Box::new(|i| i.body = "Too short.".into())),
            ("body", Box::new(|i| i.body = "x".repeat(5001))),
            ("title", Box::new(|i| i.title = " ".into())),
            (
                "relationship",
                Box::new(|i| i.relationship = "cousin".into()),
            ),
        ];
        for (field, spoil) in cases {
            let mut input = valid();
            spoil(&mut input);
            let errors = check_review(&input, today()).expect_err(field);
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }
}
