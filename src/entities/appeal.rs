//! The `appeals` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "appeals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub review_id: i64,
    /// The revision the appealed decision was about.
    pub revision_id: i64,
    pub author_id: i64,
    #[sea_orm(column_type = "Text")]
    pub statement: String,
    /// Reject or remove: what the author appeals against.
    pub original_action: ModerationAction,
    /// Who made that decision; they do not decide the appeal.
    pub original_moderator_id: Option<i64>,
    pub status: AppealStatus,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
