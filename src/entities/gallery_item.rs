//! The `gallery_items` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gallery_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub practitioner_id: i64,
    pub before_image_id: i64,
    pub after_image_id: i64,
    pub treatment: Treatment,
    pub product: Option<Product>,
    pub units: Option<i32>,
    pub days_after_treatment: Option<i32>,
    pub caption: String,
    pub consent_attested_on: Date,
    pub edited: bool,
    pub edit_note: Option<String>,
    pub status: PhotoStatus,
    pub rejection_reason: Option<ReasonCode>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The practitioner's order (lowest first).
    pub position: i32,
    /// Another practitioner's image one of this pair's pictures matched when uploaded.
    pub matched_image_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
