//! The `moderation_events` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub actor_id: Option<i64>,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    pub action: ModerationAction,
    pub reason_code: Option<ReasonCode>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub revision_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
