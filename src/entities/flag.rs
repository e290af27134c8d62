//! The `flags` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    pub reporter_id: Option<i64>,
    pub reason: FlagReason,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// The content as it was when reported.
    #[sea_orm(column_type = "Text")]
    pub content_snapshot: String,
    pub status: FlagStatus,
    pub resolved_by: Option<i64>,
    pub resolved_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution_note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
