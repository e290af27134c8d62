//! The `headshots` table: a practitioner's portrait, moderated like gallery photos.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "headshots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub practitioner_id: i64,
    pub image_id: i64,
    /// Another practitioner's image this one matched when uploaded.
    pub matched_image_id: Option<i64>,
    pub status: PhotoStatus,
    pub rejection_reason: Option<ReasonCode>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
