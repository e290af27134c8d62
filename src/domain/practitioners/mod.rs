//! Practitioners: the public profile (`public_profile`), the owner's own profile and its form
//! (`own_profile`, `profile_form`), and the denormalized counters the directory reads instead
//! of aggregating reviews, photos and credentials per request (`counters`, recomputed by
//! `recount`).

pub mod counters;
pub mod own_profile;
pub mod profile_form;
pub mod public_profile;
pub mod recount;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, IntoIden, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter,
};

use crate::domain::practitioners::profile_form::Contact;
use crate::domain::reviews::public::SideEffectSummary;
use crate::domain::{comma_list, credentials, parse_comma_list, ratings};
use crate::entities::{practitioner, practitioner_product, practitioner_treatment};
use crate::vocabulary::{Product, Profession, Setting, Treatment};

/// Approved-review figures as the counters keep them.
#[derive(Clone, Debug, PartialEq)]
pub struct Ratings {
    /// Approved reviews.
    pub count: i32,
    /// The plain average, `None` without reviews.
    pub average: Option<f64>,
    /// The Bayesian score the directory sorts by (see `ratings`).
    pub score: f64,
    /// Approved reviews by star rating, index 0 for one star.
    pub histogram: [i32; 5],
    /// Reviewers who said it was worth it.
    pub worth_it_yes: i32,
}

impl Ratings {
    /// The share of reviewers who said it was worth it, in whole percent.
    pub fn worth_it_percent(&self) -> Option<i64> {
        ratings::share_percent(self.worth_it_yes.into(), self.count.into())
    }
}

/// What a profile or a comparison states about a practitioner: the profile fields and the
/// counters, never anything moderators keep to themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct PractitionerFacts {
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
    pub prices_confirmed_on: Option<NaiveDate>,
    pub supervising_physician: Option<String>,
    pub accepting_new_patients: bool,
    /// Holds a verified, unexpired license or board certification today.
    pub verified: bool,
    pub ratings: Ratings,
    pub photo_count: i32,
    /// What the approved reviews reported: side effects, and how soon and how long.
    pub side_effects: SideEffectSummary,
    /// Media key of the approved headshot's thumbnail (cards), if any.
    pub thumbnail_key: Option<String>,
    /// Media key of the approved headshot at display size, if any.
    pub headshot_key: Option<String>,
    pub contact: Contact,
}

impl PractitionerFacts {
    /// The facts of a stored practitioner as of `today`.
    pub fn of(p: practitioner::Model, today: NaiveDate) -> Self {
        Self {
            side_effects: SideEffectSummary::of_counters(
                p.review_count,
                counters::side_effects_of(&p),
                counters::TypicalTimes::stored(&p),
            ),
            verified: credentials::badge_holds(p.verified_until, today),
            ratings: Ratings {
                count: p.review_count,
                average: ratings::average(p.rating_sum.into(), p.review_count.into()),
                score: p.rating_score,
                histogram: counters::histogram_of(&p),
                worth_it_yes: p.worth_it_yes_count,
            },
            slug: p.slug,
            name: p.name,
            profession: p.profession,
            specialty: p.specialty,
            bio: p.bio,
            clinic_name: p.clinic_name,
            setting: p.setting,
            city: p.city,
            region: p.region,
            postal_code: p.postal_code,
            years_injecting: p.years_injecting,
            lip_flips_last_year: p.lip_flips_last_year,
            typical_units_low: p.typical_units_low,
            typical_units_high: p.typical_units_high,
            lip_flip_price_cents: p.lip_flip_price_cents,
            consultation_fee_cents: p.consultation_fee_cents,
            prices_confirmed_on: p.prices_confirmed_on,
            supervising_physician: p.supervising_physician,
            accepting_new_patients: p.accepting_new_patients,
            photo_count: p.photo_count,
            thumbnail_key: p.thumbnail_key,
            headshot_key: p.headshot_key,
            contact: Contact {
                phone: p.phone,
                website_url: p.website_url,
                booking_url: p.booking_url,
                street_address: p.street_address,
                opening_hours: p.opening_hours,
            },
        }
    }

    /// "4–8 units", "6 units", or `None` when not stated.
    pub fn typical_units(&self) -> Option<String> {
        match (self.typical_units_low, self.typical_units_high) {
            (Some(l), Some(h)) if l != h => Some(format!("{l}–{h} units")),
            (Some(n), _) | (None, Some(n)) => Some(format!("{n} units")),
            (None, None) => None,
        }
    }
}

/// A published practitioner by slug, or `None` (unknown or unpublished: the 404 page).
pub async fn published_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<practitioner::Model>, DbErr> {
    practitioner::Entity::find()
        .filter(practitioner::Column::Slug.eq(slug))
        .filter(practitioner::Column::Published.eq(true))
        .one(db)
        .await
}

/// A published practitioner by id.
pub async fn published(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<practitioner::Model>, DbErr> {
    practitioner::Entity::find_by_id(practitioner_id)
        .filter(practitioner::Column::Published.eq(true))
        .one(db)
        .await
}

/// `FROM table WHERE table.practitioner_id = practitioners.id`: the rows of one of a
/// practitioner's own tables (treatments, products) that belong to the practitioner row of
/// the enclosing statement, for a correlated subquery to select from.
pub(crate) fn rows_of_this_practitioner(table: impl IntoIden) -> SelectStatement {
    use sea_orm::sea_query::ExprTrait;
    let table = table.into_iden();
    Query::select()
        .from(table.clone())
        .and_where(
            Expr::col((table, Alias::new("practitioner_id")))
                .equals((practitioner::Entity, practitioner::Column::Id)),
        )
        .to_owned()
}

/// A practitioner's row with what they offer, each list in display order.
#[derive(Clone, Debug)]
pub struct WithOfferings {
    pub practitioner: practitioner::Model,
    pub treatments: Vec<Treatment>,
    pub products: Vec<Product>,
}

/// A practitioner's row with their treatments and products as [`comma_list`]s, as
/// [`with_offerings`] selects it.
#[derive(FromQueryResult)]
pub(crate) struct OfferingsRow {
    #[sea_orm(nested)]
    practitioner: practitioner::Model,
    treatments: Option<String>,
    products: Option<String>,
}

impl OfferingsRow {
    /// How many approved reviews the practitioner has (the counter moderation keeps).
    pub(crate) fn review_count(&self) -> i32 {
        self.practitioner.review_count
    }
}

impl From<OfferingsRow> for WithOfferings {
    fn from(row: OfferingsRow) -> Self {
        Self {
            practitioner: row.practitioner,
            treatments: parse_comma_list(row.treatments.as_deref(), Treatment::parse),
            products: parse_comma_list(row.products.as_deref(), Product::parse),
        }
    }
}

/// `select` with each practitioner's treatments and products folded into its row (each a
/// [`comma_list`]), to be read as an [`OfferingsRow`].
pub(crate) fn with_offerings(
    backend: DbBackend,
    mut select: sea_orm::Select<practitioner::Entity>,
) -> sea_orm::Select<practitioner::Entity> {
    use sea_orm::QuerySelect;
    QuerySelect::query(&mut select)
        .expr_as(
            comma_list(
                backend,
                rows_of_this_practitioner(Alias::new("practitioner_treatments")),
                "treatment",
            ),
            Alias::new("treatments"),
        )
        .expr_as(
            comma_list(
                backend,
                rows_of_this_practitioner(Alias::new("practitioner_products")),
                "product",
            ),
            Alias::new("products"),
        );
    select
}

/// The first practitioner `select` finds, with their treatments and products folded into the
/// same statement ([`with_offerings`]).
pub async fn one_with_offerings(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<practitioner::Entity>,
) -> Result<Option<WithOfferings>, DbErr> {
    Ok(with_offerings(db.get_database_backend(), select)
        .into_model::<OfferingsRow>()
        .one(db)
        .await?
        .map(WithOfferings::from))
}

/// The treatments a practitioner offers, in display order.
pub async fn treatments_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<Treatment>, DbErr> {
    let mut rows: Vec<Treatment> = practitioner_treatment::Entity::find()
        .filter(practitioner_treatment::Column::PractitionerId.eq(practitioner_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.treatment)
        .collect();
    rows.sort_unstable();
    Ok(rows)
}

/// The products a practitioner uses, in display order.
pub async fn products_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<Product>, DbErr> {
    Ok(products_of_each(db, &[practitioner_id])
        .await?
        .remove(&practitioner_id)
        .unwrap_or_default())
}

/// The products of several practitioners, each list in display order.
pub async fn products_of_each(
    db: &impl ConnectionTrait,
    practitioner_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<Product>>, DbErr> {
    let mut by_practitioner: std::collections::HashMap<i64, Vec<Product>> =
        std::collections::HashMap::new();
    for row in practitioner_product::Entity::find()
        .filter(
            practitioner_product::Column::PractitionerId.is_in(practitioner_ids.iter().copied()),
        )
        .all(db)
        .await?
    {
        by_practitioner
            .entry(row.practitioner_id)
            .or_default()
            .push(row.product);
    }
    for products in by_practitioner.values_mut() {
        products.sort_unstable();
    }
    Ok(by_practitioner)
}
