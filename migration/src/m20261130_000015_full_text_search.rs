//! Full-text search over the directory: a practitioner's name and clinic (`search_text`,
//! weighted highest) and their city, region, treatments and products (`search_terms`, a new
//! column the profile-saving transaction keeps). SQLite indexes both in an FTS5 table kept by
//! triggers in the writing transaction; PostgreSQL in a generated, weighted `tsvector` column
//! with a GIN index. Both tokenize the same way (lower-case words, no accent folding) so a
//! search finds the same practitioners on either.
//!
//! Two indexes serve the commonest filtered search, a city or state in the default order
//! (best rated): read in that order, they stop after a page, and they carry the verified date
//! so its count reads no table rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Practitioners {
    Table,
    SearchTerms,
    Published,
    CityKey,
    RegionKey,
    RatingScore,
    ReviewCount,
    Id,
    VerifiedUntil,
}

/// (published, place, the best-rated order, verified date), named for what it serves.
fn best_rated_in(name: &str, place: Practitioners) -> IndexCreateStatement {
    use Practitioners as P;
    Index::create()
        .name(name)
        .table(P::Table)
        .col(P::Published)
        .col(place)
        .col(P::RatingScore)
        .col(P::ReviewCount)
        .col(P::Id)
        .col(P::VerifiedUntil)
        .to_owned()
}

const CITY_INDEX: &str = "idx_practitioners_city_best_rated";
const REGION_INDEX: &str = "idx_practitioners_region_best_rated";

/// The words of each stored treatment and product as people read them, when this migration
/// was written. Later saves write `search_terms` from the application's own labels.
const LABELS: &[(&str, &str)] = &[
    ("lip_flip", "lip flip"),
    ("gummy_smile", "gummy-smile correction"),
    ("lip_filler", "lip filler"),
];

fn treatment_words() -> String {
    let mut case = String::from("CASE t.treatment");
    for (stored, words) in LABELS {
        case.push_str(&format!(" WHEN '{stored}' THEN '{words}'"));
    }
    case.push_str(" ELSE t.treatment END");
    case
}

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE practitioner_search USING fts5(search_text, search_terms, \
       content='practitioners', content_rowid='id', \
       tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE TRIGGER practitioner_search_insert AFTER INSERT ON practitioners BEGIN \
       INSERT INTO practitioner_search(rowid, search_text, search_terms) \
       VALUES (new.id, new.search_text, new.search_terms); END",
    "CREATE TRIGGER practitioner_search_delete AFTER DELETE ON practitioners BEGIN \
       INSERT INTO practitioner_search(practitioner_search, rowid, search_text, search_terms) \
       VALUES ('delete', old.id, old.search_text, old.search_terms); END",
    "CREATE TRIGGER practitioner_search_update AFTER UPDATE OF search_text, search_terms \
       ON practitioners BEGIN \
       INSERT INTO practitioner_search(practitioner_search, rowid, search_text, search_terms) \
       VALUES ('delete', old.id, old.search_text, old.search_terms); \
       INSERT INTO practitioner_search(rowid, search_text, search_terms) \
       VALUES (new.id, new.search_text, new.search_terms); END",
    "INSERT INTO practitioner_search(practitioner_search) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS practitioner_search_update",
    "DROP TRIGGER IF EXISTS practitioner_search_delete",
    "DROP TRIGGER IF EXISTS practitioner_search_insert",
    "DROP TABLE IF EXISTS practitioner_search",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE practitioners ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ( \
       setweight(to_tsvector('simple', search_text), 'A') || \
       setweight(to_tsvector('simple', search_terms), 'B')) STORED",
    "CREATE INDEX idx_practitioners_search_vector ON practitioners USING GIN (search_vector)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_practitioners_search_vector",
    "ALTER TABLE practitioners DROP COLUMN IF EXISTS search_vector",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Practitioners::Table)
                    .add_column(
                        string_len(Practitioners::SearchTerms, 400)
                            .default("")
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let list = match backend {
            DbBackend::Postgres => "string_agg",
            _ => "group_concat",
        };
        db.execute_unprepared(&format!(
            "UPDATE practitioners SET search_terms = LOWER( \
               city || ' ' || region \
               || ' ' || COALESCE((SELECT {list}({treatments}, ' ') FROM practitioner_treatments t \
                                   WHERE t.practitioner_id = practitioners.id), '') \
               || ' ' || COALESCE((SELECT {list}(p.product, ' ') FROM practitioner_products p \
                                   WHERE p.practitioner_id = practitioners.id), ''))",
            treatments = treatment_words(),
        ))
        .await?;
        let statements = match backend {
            DbBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        manager
            .create_index(best_rated_in(CITY_INDEX, Practitioners::CityKey))
            .await?;
        manager
            .create_index(best_rated_in(REGION_INDEX, Practitioners::RegionKey))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [CITY_INDEX, REGION_INDEX] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(Practitioners::Table)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Practitioners::Table)
                    .drop_column(Practitioners::SearchTerms)
                    .to_owned(),
            )
            .await
    }
}
