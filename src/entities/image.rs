//! The `images` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "images")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub storage_key: String,
    pub thumbnail_key: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub thumbnail_width: i32,
    pub thumbnail_height: i32,
    pub byte_size: i64,
    /// 64-bit difference hash as 16 hex digits.
    pub perceptual_hash: String,
    pub sha256: String,
    pub uploaded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
