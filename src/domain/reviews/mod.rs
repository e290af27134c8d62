//! Patient reviews. A review is the stable identity (one per author per practitioner); every
//! text its author submits is a revision (`submission`), and moderation decides on a
//! revision (`moderation::reviews`). The public sees the approved revision of an approved
//! review (`public`); authors see their own (`authored`).

pub mod authored;
pub mod form;
pub mod public;
pub mod submission;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, DerivePartialModel, EntityTrait, QueryFilter};

use crate::domain::validation;
use crate::entities::review_revision;
use crate::vocabulary::{Product, Relationship, SideEffect, Treatment, WorthIt};

/// Everything a reviewer said in one text: checked from the form and stored, and shown to
/// moderators and on appeal pages.
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

/// A stored text as it is shown: the columns of its row that [`ReviewText`] reads, with the
/// row's id and when it was written, and none of its moderation (status, reason, note,
/// moderator), which the places that show a text do not read.
#[derive(Clone, Debug, DerivePartialModel)]
#[sea_orm(entity = "review_revision::Entity", from_query_result)]
pub(crate) struct StoredText {
    pub(crate) id: i64,
    pub(crate) created_at: DateTime<Utc>,
    rating: i16,
    worth_it: WorthIt,
    treatment: Treatment,
    product: Option<Product>,
    units: Option<i32>,
    price_paid_cents: Option<i32>,
    treatment_month: String,
    days_to_onset: Option<i32>,
    weeks_lasted: Option<i32>,
    side_effect_flags: i32,
    correction_needed: bool,
    title: String,
    body: String,
    incentive_received: bool,
    relationship: Relationship,
}

impl ReviewText {
    /// The text of a stored row, with the side effects its flags hold.
    pub(crate) fn of_row(v: StoredText) -> Self {
        Self {
            rating: v.rating,
            worth_it: v.worth_it,
            treatment: v.treatment,
            product: v.product,
            units: v.units,
            price_paid_cents: v.price_paid_cents,
            treatment_month: v.treatment_month,
            days_to_onset: v.days_to_onset,
            weeks_lasted: v.weeks_lasted,
            side_effects: SideEffect::of_flags(v.side_effect_flags),
            correction_needed: v.correction_needed,
            title: v.title,
            body: v.body,
            incentive_received: v.incentive_received,
            relationship: v.relationship,
        }
    }

    /// Each field with its label and value in words, in form order.
    pub fn described(&self) -> Vec<(&'static str, String)> {
        let or_blank = |v: Option<String>| v.unwrap_or_else(|| "not given".to_owned());
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
        vec![
            ("Rating", format!("{} of 5", self.rating)),
            ("Worth it", self.worth_it.label().to_owned()),
            ("Treatment", self.treatment.label().to_owned()),
            (
                "Product",
                or_blank(self.product.map(|p| p.label().to_owned())),
            ),
            ("Units", or_blank(self.units.map(|u| u.to_string()))),
            (
                "Price paid",
                or_blank(
                    self.price_paid_cents
                        .map(|c| format!("${}", validation::dollars_text(c))),
                ),
            ),
            ("Treated", self.treatment_month.clone()),
            (
                "Days to onset",
                or_blank(self.days_to_onset.map(|d| d.to_string())),
            ),
            (
                "Weeks it lasted",
                or_blank(self.weeks_lasted.map(|w| w.to_string())),
            ),
            (
                "Side effects",
                if self.side_effects.is_empty() {
                    "none".to_owned()
                } else {
                    self.side_effects
                        .iter()
                        .map(|e| e.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ),
            ("Correction needed", yes_no(self.correction_needed)),
            ("Incentive received", yes_no(self.incentive_received)),
            ("Relationship", self.relationship.label().to_owned()),
            ("Title", self.title.clone()),
            ("Text", self.body.clone()),
        ]
    }

    /// What changed from `before` to `self`: (label, old, new) for each differing field.
    pub fn changes_from(&self, before: &ReviewText) -> Vec<(&'static str, String, String)> {
        before
            .described()
            .into_iter()
            .zip(self.described())
            .filter(|((_, old), (_, new))| old != new)
            .map(|((label, old), (_, new))| (label, old, new))
            .collect()
    }
}

/// The texts with the given ids (one statement).
pub(crate) async fn fields_of(
    db: &impl ConnectionTrait,
    revision_ids: &[i64],
) -> Result<HashMap<i64, ReviewText>, DbErr> {
    let rows = review_revision::Entity::find()
        .filter(review_revision::Column::Id.is_in(revision_ids.iter().copied()))
        .into_partial_model::<StoredText>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.id, ReviewText::of_row(row)))
        .collect())
}
