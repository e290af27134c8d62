//! Replies can be reported like reviews: a reply now has a state, shown (the default, and
//! what every existing reply is), hidden while a report about someone's health details is
//! open, or removed by a moderator.

use sea_orm_migration::prelude::*;

use crate::shape::enum_col;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PractitionerResponses {
    Table,
    Status,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PractitionerResponses::Table)
                    .add_column(enum_col(PractitionerResponses::Status).default("shown"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PractitionerResponses::Table)
                    .drop_column(PractitionerResponses::Status)
                    .to_owned(),
            )
            .await
    }
}
