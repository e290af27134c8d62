//! Patient reviews. A review is the stable identity (one per author per practitioner); every
//! text its author submits is a revision (`submission`), and moderation decides on a
//! revision (`moderation::reviews`). The public sees the approved revision of an approved
//! review (`public`); authors see their own (`authored`).

pub mod authored;
pub mod form;
pub mod public;
pub mod submission;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::domain::validation;
use crate::entities::{review_revision, review_side_effect};
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

impl ReviewText {
    fn of(v: review_revision::Model, side_effects: Vec<SideEffect>) -> Self {
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
            side_effects,
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

/// The texts with the given ids, each with its side effects.
pub(crate) async fn fields_of(
    db: &impl ConnectionTrait,
    revision_ids: &[i64],
) -> Result<HashMap<i64, ReviewText>, DbErr> {
    let revisions = review_revision::Entity::find()
        .filter(review_revision::Column::Id.is_in(revision_ids.iter().copied()))
        .all(db)
        .await?;
    texts_of(db, revisions).await
}

/// Already loaded revisions as texts, each with its side effects (one statement).
pub(crate) async fn texts_of(
    db: &impl ConnectionTrait,
    revisions: Vec<review_revision::Model>,
) -> Result<HashMap<i64, ReviewText>, DbErr> {
    let mut effects: HashMap<i64, Vec<SideEffect>> = HashMap::new();
    for row in review_side_effect::Entity::find()
        .filter(review_side_effect::Column::RevisionId.is_in(revisions.iter().map(|v| v.id)))
        .all(db)
        .await?
    {
        effects
            .entry(row.revision_id)
            .or_default()
            .push(row.side_effect);
    }
    Ok(revisions
        .into_iter()
        .map(|v| {
            let mut list = effects.remove(&v.id).unwrap_or_default();
            list.sort_unstable();
            (v.id, ReviewText::of(v, list))
        })
        .collect())
}
