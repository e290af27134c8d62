//! The `review_revisions` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub review_id: i64,
    pub number: i32,
    pub rating: i16,
    pub worth_it: WorthIt,
    pub treatment: Treatment,
    pub product: Option<Product>,
    pub units: Option<i32>,
    pub price_paid_cents: Option<i32>,
    /// "YYYY-MM".
    pub treatment_month: String,
    pub days_to_onset: Option<i32>,
    pub weeks_lasted: Option<i32>,
    pub correction_needed: bool,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub incentive_received: bool,
    pub relationship: Relationship,
    pub status: RevisionStatus,
    pub reason_code: Option<ReasonCode>,
    #[sea_orm(column_type = "Text", nullable)]
    pub moderator_note: Option<String>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Pending, but its review is hidden, removed or appealed: it waits off the reviews
    /// queue until the review can be decided again.
    pub on_hold: bool,
    /// The side effects it reports, one bit each ([`SideEffect::flag`]): written with the
    /// text's rows of `review_side_effects`, which stay the record (migration 22).
    pub side_effect_flags: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
