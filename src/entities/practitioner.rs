//! The `practitioners` table.

use crate::vocabulary::*;
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
    /// Approved reviews reporting each side effect (see `counters`).
    pub side_effect_bruising_count: i32,
    pub side_effect_swelling_count: i32,
    pub side_effect_tenderness_count: i32,
    pub side_effect_asymmetry_count: i32,
    pub side_effect_drooling_count: i32,
    pub side_effect_straws_or_speech_count: i32,
    pub side_effect_numbness_count: i32,
    pub side_effect_headache_count: i32,
    /// Lower median of the days until the result showed, over the approved reviews that
    /// said (see `counters`).
    pub typical_onset_days: Option<i32>,
    /// Lower median of the weeks the result lasted, over the approved reviews that said.
    pub typical_weeks_lasted: Option<i32>,
    /// Lower-cased name and clinic: what a directory search weighs most.
    pub search_text: String,
    /// Lower-cased city, region, treatments and products: what a directory search also
    /// matches. Written by whoever saves the treatments (see [`ActiveModel::set_offering_keys`]).
    pub search_terms: String,
    /// The treatments offered, a bit each (`Treatment::flag`): what the directory's treatment
    /// filter reads. Written with `search_terms` (see [`ActiveModel::set_offering_keys`]).
    pub treatment_flags: i32,
    /// The products offered, a bit each (`Product::flag`), as `treatment_flags`.
    pub product_flags: i32,
    /// Lower-cased, trimmed city.
    pub city_key: String,
    /// Lower-cased, trimmed region.
    pub region_key: String,
    /// Upper-cased postal code without spaces, for prefix search.
    pub postal_key: String,
    /// Thumbnail of the approved headshot, shown on directory cards (never a patient's photo).
    pub thumbnail_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub phone: String,
    /// http(s) only.
    pub website_url: String,
    /// http(s) only.
    pub booking_url: String,
    pub street_address: String,
    pub opening_hours: String,
    /// The approved headshot at display size.
    pub headshot_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModel {
    /// Sets the keys made from where the practitioner works and what they offer: the search
    /// terms and the treatment and product flags. Whoever saves the treatments and products
    /// calls it with them, in the same transaction.
    pub fn set_offering_keys(
        &mut self,
        city: &str,
        region: &str,
        treatments: &[Treatment],
        products: &[Product],
    ) {
        use crate::search_keys;
        self.search_terms = sea_orm::Set(search_keys::search_terms(
            city, region, treatments, products,
        ));
        self.treatment_flags = sea_orm::Set(search_keys::treatment_flags(treatments));
        self.product_flags = sea_orm::Set(search_keys::product_flags(products));
    }
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Keeps the search keys in step with the fields they are made from, whichever code path
    /// writes the row through an active model.
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait + 'async_trait,
    {
        if let (Some(name), Some(clinic)) = (self.name.try_as_ref(), self.clinic_name.try_as_ref())
        {
            let text = crate::search_keys::search_text(name, clinic);
            self.search_text = sea_orm::Set(text);
        }
        if let Some(city) = self.city.try_as_ref() {
            let key = crate::search_keys::place_key(city);
            self.city_key = sea_orm::Set(key);
        }
        if let Some(region) = self.region.try_as_ref() {
            let key = crate::search_keys::place_key(region);
            self.region_key = sea_orm::Set(key);
        }
        if let Some(postal) = self.postal_code.try_as_ref() {
            let key = crate::search_keys::postal_key(postal);
            self.postal_key = sea_orm::Set(key);
        }
        Ok(self)
    }
}
