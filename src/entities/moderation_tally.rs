//! The `moderation_tallies` table: how many of a practitioner's review decisions in a month
//! share a figure (see `domain::moderation::tallies`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_tallies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub practitioner_id: i64,
    /// "2026-09" (UTC).
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    /// approved, rejected, rejection, removal or hours.
    #[sea_orm(primary_key, auto_increment = false)]
    pub figure: String,
    /// The star rating, the reason code or the whole hours to decision.
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
