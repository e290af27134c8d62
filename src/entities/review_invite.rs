//! The `review_invites` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_invites")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub practitioner_id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub recipient_label: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub used_by: Option<i64>,
    /// The day of the treatment the invite is for, if the practitioner gave it.
    pub treatment_on: Option<Date>,
    pub revoked_at: Option<DateTimeUtc>,
    /// Whether the link was emailed to the patient for the practitioner.
    pub emailed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
