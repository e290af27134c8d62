//! The `practitioners` table.

use super::kinds::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "practitioners")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub account_id: Option<i64>,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub profession: Profession,
    pub specialty: String,
    pub bio: String,
    pub clinic_name: String,
    pub setting: Setting,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub years_injecting: i32,
    pub lip_flips_last_year: i32,
    pub typical_units_low: Option<i32>,
    pub typical_units_high: Option<i32>,
    pub lip_flip_price_cents: Option<i32>,
    pub consultation_fee_cents: Option<i32>,
    pub prices_confirmed_on: Option<Date>,
    pub supervising_physician: Option<String>,
    pub accepting_new_patients: bool,
    pub published: bool,
    /// The latest expiry among verified credentials; the badge shows while this is today or later.
    pub verified_until: Option<Date>,
    pub review_count: i32,
    pub rating_sum: i32,
    pub rating_1_count: i32,
    pub rating_2_count: i32,
    pub rating_3_count: i32,
    pub rating_4_count: i32,
    pub rating_5_count: i32,
    pub worth_it_yes_count: i32,
    /// Bayesian average of approved ratings, kept with the counters for sorting.
    pub rating_score: f64,
    pub photo_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
