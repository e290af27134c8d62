//! The whole Injectory schema as sea-orm migrations.
//!
//! Each file is one migration, named `mYYYYMMDD_NNNNNN_<verb>_<noun>.rs`. A migration that
//! has landed is never edited: a change to the schema is a new file listed at the end.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_accounts;
mod m20261123_000002_create_practitioners;
mod m20261123_000003_create_credentials;
mod m20261123_000004_create_gallery;
mod m20261123_000005_create_reviews;
mod m20261123_000006_create_moderation;
mod m20261123_000007_add_directory_search;
mod m20261123_000008_add_directory_sort_indexes;
mod m20261125_000009_add_moderation_workflow;
mod m20261125_000010_add_practitioner_evidence;
mod m20261130_000011_add_reply_status;
mod m20261130_000012_create_outbox;
mod m20261130_000013_add_verified_email_and_notices;
mod m20261130_000014_unrated_practitioners_sort_last;
mod m20261130_000015_full_text_search;
mod m20261130_000016_store_typical_result_times;
pub mod m20261201_000017_moderation_tallies;
mod m20261201_000018_queue_length_indexes;
mod m20261201_000019_hold_texts_of_blocked_reviews;
mod m20261207_000020_offering_flags;
pub mod m20261207_000021_count_reviews_written;
mod m20261207_000022_side_effect_flags;
mod shape;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_accounts::Migration),
            Box::new(m20261123_000002_create_practitioners::Migration),
            Box::new(m20261123_000003_create_credentials::Migration),
            Box::new(m20261123_000004_create_gallery::Migration),
            Box::new(m20261123_000005_create_reviews::Migration),
            Box::new(m20261123_000006_create_moderation::Migration),
            Box::new(m20261123_000007_add_directory_search::Migration),
            Box::new(m20261123_000008_add_directory_sort_indexes::Migration),
            Box::new(m20261125_000009_add_moderation_workflow::Migration),
            Box::new(m20261125_000010_add_practitioner_evidence::Migration),
            Box::new(m20261130_000011_add_reply_status::Migration),
            Box::new(m20261130_000012_create_outbox::Migration),
            Box::new(m20261130_000013_add_verified_email_and_notices::Migration),
            Box::new(m20261130_000014_unrated_practitioners_sort_last::Migration),
            Box::new(m20261130_000015_full_text_search::Migration),
            Box::new(m20261130_000016_store_typical_result_times::Migration),
            Box::new(m20261201_000017_moderation_tallies::Migration),
            Box::new(m20261201_000018_queue_length_indexes::Migration),
            Box::new(m20261201_000019_hold_texts_of_blocked_reviews::Migration),
            Box::new(m20261207_000020_offering_flags::Migration),
            Box::new(m20261207_000021_count_reviews_written::Migration),
            Box::new(m20261207_000022_side_effect_flags::Migration),
        ]
    }
}
