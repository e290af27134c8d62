//! The `reviews` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub practitioner_id: i64,
    pub author_id: i64,
    pub status: ReviewStatus,
    pub current_revision_id: Option<i64>,
    /// The revision the public sees; it stays while a later edit waits for moderation.
    pub approved_revision_id: Option<i64>,
    pub verified_patient: bool,
    pub invite_id: Option<i64>,
    pub appeal_used: bool,
    pub approved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
