//! Patient reviews. A review is the stable identity (one per author per practitioner); every
//! text its author submits is a revision (`submission`), and moderation decides on a
//! revision (`moderation::reviews`). The public sees the approved revision of an approved
//! review (`public`); authors see their own (`authored`).

pub mod authored;
pub mod form;
pub mod public;
pub mod submission;

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Select,
};

use crate::domain::{comma_list, parse_comma_list, validation};
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

/// The side effects of the `review_revisions` row of the enclosing statement, a
/// [`comma_list`] read back by [`parse_comma_list`].
pub(crate) fn side_effects_of_revision(backend: DbBackend) -> SimpleExpr {
    comma_list(
        backend,
        Query::select()
            .from(review_side_effect::Entity)
            .and_where(
                Expr::col((
                    review_side_effect::Entity,
                    review_side_effect::Column::RevisionId,
                ))
                .equals((review_revision::Entity, review_revision::Column::Id)),
            )
            .to_owned(),
        "side_effect",
    )
}

/// A stored text with its side effects, read in one row (see [`with_side_effects`]).
#[derive(FromQueryResult)]
pub(crate) struct RevisionRow {
    #[sea_orm(nested)]
    pub(crate) revision: review_revision::Model,
    side_effects: Option<String>,
}

/// `revisions`, each row with its side effects in the same statement, to be read as
/// [`RevisionRow`]s.
pub(crate) fn with_side_effects(
    backend: DbBackend,
    mut revisions: Select<review_revision::Entity>,
) -> Select<review_revision::Entity> {
    QuerySelect::query(&mut revisions).expr_as(
        side_effects_of_revision(backend),
        Alias::new("side_effects"),
    );
    revisions
}

/// The texts with the given ids, each with its side effects (one statement).
pub(crate) async fn fields_of(
    db: &impl ConnectionTrait,
    revision_ids: &[i64],
) -> Result<HashMap<i64, ReviewText>, DbErr> {
    let rows = with_side_effects(
        db.get_database_backend(),
        review_revision::Entity::find()
            .filter(review_revision::Column::Id.is_in(revision_ids.iter().copied())),
    )
    .into_model::<RevisionRow>()
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.revision.id, ReviewText::of_row(row)))
        .collect())
}

impl ReviewText {
    /// The text of a row read with its side effects ([`with_side_effects`]).
    pub(crate) fn of_row(row: RevisionRow) -> Self {
        let effects = parse_comma_list(row.side_effects.as_deref(), SideEffect::parse);
        Self::of(row.revision, effects)
    }
}
