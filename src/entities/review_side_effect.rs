//! The `review_side_effects` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_side_effects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub revision_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub side_effect: SideEffect,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
