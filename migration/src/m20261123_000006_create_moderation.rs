//! Flags raised against published content and the append-only moderation log.
//!
//! A flag keeps a copy of the content as it was reported, so a later edit cannot hide what
//! was flagged. Subjects are named by kind and id (review, revision, gallery item, credential,
//! account) rather than by one foreign key per kind, as in a classic mod-log table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::shape::{
    create_indexes, drop_tables, enum_col, enum_col_null, fk, index, ref_col, ref_col_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Flags as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(big_pk_auto(F::Id))
                    .col(enum_col(F::SubjectKind))
                    .col(ref_col(F::SubjectId))
                    .col(ref_col_null(F::ReporterId))
                    .col(enum_col(F::Reason))
                    .col(text(F::Note).default(""))
                    .col(text(F::ContentSnapshot))
                    .col(enum_col(F::Status))
                    .col(ref_col_null(F::ResolvedBy))
                    .col(timestamp_with_time_zone_null(F::ResolvedAt))
                    .col(text_null(F::ResolutionNote))
                    .col(timestamp_with_time_zone(F::CreatedAt))
                    .foreign_key(&mut fk(
                        F::Table,
                        F::ReporterId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        F::Table,
                        F::ResolvedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        use ModerationEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(big_pk_auto(E::Id))
                    .col(ref_col_null(E::ActorId))
                    .col(enum_col(E::SubjectKind))
                    .col(ref_col(E::SubjectId))
                    .col(enum_col(E::Action))
                    .col(enum_col_null(E::ReasonCode))
                    .col(text_null(E::Note))
                    .col(enum_col_null(E::FromState))
                    .col(enum_col_null(E::ToState))
                    .col(ref_col_null(E::RevisionId))
                    .col(timestamp_with_time_zone(E::CreatedAt))
                    .foreign_key(&mut fk(
                        E::Table,
                        E::ActorId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                index(F::Table, &[F::Status, F::CreatedAt]),
                index(F::Table, &[F::SubjectKind, F::SubjectId]),
                index(E::Table, &[E::SubjectKind, E::SubjectId]),
                index(E::Table, &[E::ActorId]),
                index(E::Table, &[E::CreatedAt]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                ModerationEvents::Table.into_iden(),
                Flags::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Flags {
    Table,
    Id,
    SubjectKind,
    SubjectId,
    ReporterId,
    Reason,
    Note,
    ContentSnapshot,
    Status,
    ResolvedBy,
    ResolvedAt,
    ResolutionNote,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ModerationEvents {
    Table,
    Id,
    ActorId,
    SubjectKind,
    SubjectId,
    Action,
    ReasonCode,
    Note,
    FromState,
    ToState,
    RevisionId,
    CreatedAt,
}
