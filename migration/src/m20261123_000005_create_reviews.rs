//! Patient reviews. A review is the stable identity (one per author per practitioner); every
//! text the author submits is a revision, and moderation acts on a revision. The review points
//! at its newest revision and at the one the public sees, so an edit can wait for approval
//! while the approved text stays up. Side effects belong to the revision that reported them.
//!
//! The two pointer columns carry no foreign key: revisions already reference their review,
//! and SQLite cannot add the second half of such a cycle.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::m20261123_000002_create_practitioners::Practitioners;
use crate::shape::{
    create_indexes, drop_tables, enum_col, enum_col_null, fk, index, ref_col, ref_col_null,
    unique_index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReviewInvites as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(big_pk_auto(I::Id))
                    .col(ref_col(I::PractitionerId))
                    .col(string_len_uniq(I::TokenHash, 64))
                    .col(string_len(I::RecipientLabel, 120).default(""))
                    .col(timestamp_with_time_zone(I::CreatedAt))
                    .col(timestamp_with_time_zone(I::ExpiresAt))
                    .col(timestamp_with_time_zone_null(I::UsedAt))
                    .col(ref_col_null(I::UsedBy))
                    .foreign_key(&mut fk(
                        I::Table,
                        I::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        I::Table,
                        I::UsedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        use Reviews as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(big_pk_auto(R::Id))
                    .col(ref_col(R::PractitionerId))
                    .col(ref_col(R::AuthorId))
                    .col(enum_col(R::Status))
                    .col(ref_col_null(R::CurrentRevisionId))
                    .col(ref_col_null(R::ApprovedRevisionId))
                    .col(boolean(R::VerifiedPatient).default(false))
                    .col(ref_col_null(R::InviteId))
                    .col(boolean(R::AppealUsed).default(false))
                    .col(timestamp_with_time_zone_null(R::ApprovedAt))
                    .col(timestamp_with_time_zone(R::CreatedAt))
                    .col(timestamp_with_time_zone(R::UpdatedAt))
                    .foreign_key(&mut fk(
                        R::Table,
                        R::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        R::Table,
                        R::AuthorId,
                        Accounts::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        R::Table,
                        R::InviteId,
                        I::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        use ReviewRevisions as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(big_pk_auto(V::Id))
                    .col(ref_col(V::ReviewId))
                    .col(integer(V::Number))
                    .col(small_integer(V::Rating))
                    .col(enum_col(V::WorthIt))
                    .col(enum_col(V::Treatment))
                    .col(enum_col_null(V::Product))
                    .col(integer_null(V::Units))
                    .col(integer_null(V::PricePaidCents))
                    .col(string_len(V::TreatmentMonth, 7))
                    .col(integer_null(V::DaysToOnset))
                    .col(integer_null(V::WeeksLasted))
                    .col(boolean(V::CorrectionNeeded).default(false))
                    .col(string_len(V::Title, 160).default(""))
                    .col(text(V::Body))
                    .col(boolean(V::IncentiveReceived).default(false))
                    .col(enum_col(V::Relationship))
                    .col(enum_col(V::Status))
                    .col(enum_col_null(V::ReasonCode))
                    .col(text_null(V::ModeratorNote))
                    .col(ref_col_null(V::ModeratedBy))
                    .col(timestamp_with_time_zone_null(V::ModeratedAt))
                    .col(timestamp_with_time_zone(V::CreatedAt))
                    .foreign_key(&mut fk(
                        V::Table,
                        V::ReviewId,
                        R::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        V::Table,
                        V::ModeratedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        use ReviewSideEffects as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(ref_col(S::RevisionId))
                    .col(enum_col(S::SideEffect))
                    .primary_key(Index::create().col(S::RevisionId).col(S::SideEffect))
                    .foreign_key(&mut fk(
                        S::Table,
                        S::RevisionId,
                        V::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        use PractitionerResponses as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(big_pk_auto(P::Id))
                    .col(ref_col(P::ReviewId).unique_key())
                    .col(ref_col(P::PractitionerId))
                    .col(ref_col_null(P::AuthorId))
                    .col(text(P::Body))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .foreign_key(&mut fk(
                        P::Table,
                        P::ReviewId,
                        R::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        P::Table,
                        P::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        P::Table,
                        P::AuthorId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                unique_index(R::Table, &[R::AuthorId, R::PractitionerId]),
                index(R::Table, &[R::PractitionerId, R::Status, R::ApprovedAt]),
                index(R::Table, &[R::Status, R::UpdatedAt]),
                index(I::Table, &[I::PractitionerId]),
                index(V::Table, &[V::ReviewId, V::Number]),
                index(V::Table, &[V::Status]),
                index(S::Table, &[S::SideEffect]),
                index(P::Table, &[P::PractitionerId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                PractitionerResponses::Table.into_iden(),
                ReviewSideEffects::Table.into_iden(),
                ReviewRevisions::Table.into_iden(),
                Reviews::Table.into_iden(),
                ReviewInvites::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewInvites {
    Table,
    Id,
    PractitionerId,
    TokenHash,
    RecipientLabel,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    UsedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reviews {
    Table,
    Id,
    PractitionerId,
    AuthorId,
    Status,
    CurrentRevisionId,
    ApprovedRevisionId,
    VerifiedPatient,
    InviteId,
    AppealUsed,
    ApprovedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewRevisions {
    Table,
    Id,
    ReviewId,
    Number,
    Rating,
    WorthIt,
    Treatment,
    Product,
    Units,
    PricePaidCents,
    TreatmentMonth,
    DaysToOnset,
    WeeksLasted,
    CorrectionNeeded,
    Title,
    Body,
    IncentiveReceived,
    Relationship,
    Status,
    ReasonCode,
    ModeratorNote,
    ModeratedBy,
    ModeratedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewSideEffects {
    Table,
    RevisionId,
    SideEffect,
}

#[derive(DeriveIden, Clone, Copy)]
enum PractitionerResponses {
    Table,
    Id,
    ReviewId,
    PractitionerId,
    AuthorId,
    Body,
    CreatedAt,
    UpdatedAt,
}
