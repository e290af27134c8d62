//! The `accounts` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub display_name: String,
    pub disabled: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the owner followed the link mailed to the address; `None` until then.
    pub email_verified_at: Option<DateTimeUtc>,
    /// The owner asked not to get optional notices (security mail is always sent).
    pub notices_off: bool,
    /// How many reviews the account has written, whatever their state: the transaction that
    /// creates a review adds one (reviews are never deleted). Moderation queues show it.
    pub reviews_written: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
