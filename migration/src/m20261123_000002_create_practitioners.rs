//! Practitioner profiles with the treatments they offer and the products they use.
//!
//! The counters (approved reviews, rating sum and histogram, worth-it answers, approved
//! photos) are denormalized here so the directory never aggregates the reviews table; the
//! moderation transactions keep them exact. `verified_until` is the latest expiry among the
//! practitioner's verified credentials, so "verified only" is an indexed comparison with
//! today and a badge lapses by itself when the credential expires.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::shape::{create_indexes, drop_tables, enum_col, fk, index, ref_col, ref_col_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Practitioners as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(big_pk_auto(P::Id))
                    .col(ref_col_null(P::AccountId).unique_key())
                    .col(string_len_uniq(P::Slug, 120))
                    .col(string_len(P::Name, 120))
                    .col(enum_col(P::Profession))
                    .col(string_len(P::Specialty, 120).default(""))
                    .col(text(P::Bio).default(""))
                    .col(string_len(P::ClinicName, 160).default(""))
                    .col(enum_col(P::Setting))
                    .col(string_len(P::City, 120).default(""))
                    .col(string_len(P::Region, 120).default(""))
                    .col(string_len(P::PostalCode, 16).default(""))
                    .col(integer(P::YearsInjecting).default(0))
                    .col(integer(P::LipFlipsLastYear).default(0))
                    .col(integer_null(P::TypicalUnitsLow))
                    .col(integer_null(P::TypicalUnitsHigh))
                    .col(integer_null(P::LipFlipPriceCents))
                    .col(integer_null(P::ConsultationFeeCents))
                    .col(date_null(P::PricesConfirmedOn))
                    .col(string_len_null(P::SupervisingPhysician, 160))
                    .col(boolean(P::AcceptingNewPatients).default(true))
                    .col(boolean(P::Published).default(false))
                    .col(date_null(P::VerifiedUntil))
                    .col(integer(P::ReviewCount).default(0))
                    .col(integer(P::RatingSum).default(0))
                    .col(integer(P::Rating1Count).default(0))
                    .col(integer(P::Rating2Count).default(0))
                    .col(integer(P::Rating3Count).default(0))
                    .col(integer(P::Rating4Count).default(0))
                    .col(integer(P::Rating5Count).default(0))
                    .col(integer(P::WorthItYesCount).default(0))
                    .col(double(P::RatingScore).default(0.0))
                    .col(integer(P::PhotoCount).default(0))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .foreign_key(&mut fk(
                        P::Table,
                        P::AccountId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PractitionerTreatments::Table)
                    .col(ref_col(PractitionerTreatments::PractitionerId))
                    .col(enum_col(PractitionerTreatments::Treatment))
                    .primary_key(
                        Index::create()
                            .col(PractitionerTreatments::PractitionerId)
                            .col(PractitionerTreatments::Treatment),
                    )
                    .foreign_key(&mut fk(
                        PractitionerTreatments::Table,
                        PractitionerTreatments::PractitionerId,
                        P::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PractitionerProducts::Table)
                    .col(ref_col(PractitionerProducts::PractitionerId))
                    .col(enum_col(PractitionerProducts::Product))
                    .col(integer_null(PractitionerProducts::PricePerUnitCents))
                    .primary_key(
                        Index::create()
                            .col(PractitionerProducts::PractitionerId)
                            .col(PractitionerProducts::Product),
                    )
                    .foreign_key(&mut fk(
                        PractitionerProducts::Table,
                        PractitionerProducts::PractitionerId,
                        P::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        // Every column the directory filters or sorts on, each led by `published` because
        // the public listing only ever reads published rows.
        let mut indexes = vec![
            index(P::Table, &[P::Published, P::City]),
            index(P::Table, &[P::Published, P::Region]),
            index(P::Table, &[P::Published, P::PostalCode]),
            index(P::Table, &[P::Published, P::Profession]),
            index(P::Table, &[P::Published, P::VerifiedUntil]),
            index(P::Table, &[P::Published, P::AcceptingNewPatients]),
            index(P::Table, &[P::Published, P::RatingScore]),
            index(P::Table, &[P::Published, P::ReviewCount]),
            index(P::Table, &[P::Published, P::LipFlipsLastYear]),
            index(P::Table, &[P::Published, P::LipFlipPriceCents]),
            index(P::Table, &[P::Published, P::Name]),
            index(P::Table, &[P::ClinicName]),
        ];
        indexes.push(index(
            PractitionerTreatments::Table,
            &[PractitionerTreatments::Treatment],
        ));
        indexes.push(index(
            PractitionerProducts::Table,
            &[PractitionerProducts::Product],
        ));
        create_indexes(manager, indexes).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                PractitionerProducts::Table.into_iden(),
                PractitionerTreatments::Table.into_iden(),
                Practitioners::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Practitioners {
    Table,
    Id,
    AccountId,
    Slug,
    Name,
    Profession,
    Specialty,
    Bio,
    ClinicName,
    Setting,
    City,
    Region,
    PostalCode,
    YearsInjecting,
    LipFlipsLastYear,
    TypicalUnitsLow,
    TypicalUnitsHigh,
    LipFlipPriceCents,
    ConsultationFeeCents,
    PricesConfirmedOn,
    SupervisingPhysician,
    AcceptingNewPatients,
    Published,
    VerifiedUntil,
    ReviewCount,
    RatingSum,
    #[sea_orm(iden = "rating_1_count")]
    Rating1Count,
    #[sea_orm(iden = "rating_2_count")]
    Rating2Count,
    #[sea_orm(iden = "rating_3_count")]
    Rating3Count,
    #[sea_orm(iden = "rating_4_count")]
    Rating4Count,
    #[sea_orm(iden = "rating_5_count")]
    Rating5Count,
    WorthItYesCount,
    RatingScore,
    PhotoCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PractitionerTreatments {
    Table,
    PractitionerId,
    Treatment,
}

#[derive(DeriveIden, Clone, Copy)]
enum PractitionerProducts {
    Table,
    PractitionerId,
    Product,
    PricePerUnitCents,
}
