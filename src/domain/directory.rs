//! The public directory: published practitioners, read from indexed columns and the
//! denormalized counters only, never by aggregating reviews per request.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::domain::{practitioners, ratings};
use crate::entities::kinds::Profession;
use crate::entities::practitioner;

/// Practitioners shown on one directory page.
pub const PAGE_SIZE: u64 = 20;

/// The highest page number honoured; larger ones are treated as this one. It keeps the
/// offset within what the databases accept (a 64-bit signed number).
pub const MAX_PAGE: u64 = 100_000;

/// One practitioner as a directory card shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct PractitionerCard {
    pub slug: String,
    pub name: String,
    pub profession: Profession,
    pub clinic_name: String,
    pub city: String,
    pub region: String,
    pub verified: bool,
    pub review_count: i32,
    pub average_rating: Option<f64>,
    pub lip_flips_last_year: i32,
    pub lip_flip_price_cents: Option<i32>,
    pub accepting_new_patients: bool,
}

impl PractitionerCard {
    fn from_model(p: practitioner::Model, today: NaiveDate) -> Self {
        Self {
            verified: practitioners::is_verified_on(&p, today),
            average_rating: ratings::average(p.rating_sum.into(), p.review_count.into()),
            slug: p.slug,
            name: p.name,
            profession: p.profession,
            clinic_name: p.clinic_name,
            city: p.city,
            region: p.region,
            review_count: p.review_count,
            lip_flips_last_year: p.lip_flips_last_year,
            lip_flip_price_cents: p.lip_flip_price_cents,
            accepting_new_patients: p.accepting_new_patients,
        }
    }
}

/// One page of the directory with what pagination needs.
#[derive(Debug, Clone)]
pub struct DirectoryPage {
    pub cards: Vec<PractitionerCard>,
    pub total: u64,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
}

/// Published practitioners, best rated first, one page at a time. A page past the end is
/// empty rather than an error.
pub async fn list_published(
    db: &impl ConnectionTrait,
    page: u64,
    today: NaiveDate,
) -> Result<DirectoryPage, DbErr> {
    let page = page.clamp(1, MAX_PAGE);
    let published = practitioner::Entity::find().filter(practitioner::Column::Published.eq(true));
    let total = published.clone().count(db).await?;
    let models = published
        .order_by_desc(practitioner::Column::RatingScore)
        .order_by_asc(practitioner::Column::Name)
        .order_by_asc(practitioner::Column::Id)
        .limit(PAGE_SIZE)
        .offset((page - 1).saturating_mul(PAGE_SIZE))
        .all(db)
        .await?;
    Ok(DirectoryPage {
        cards: models
            .into_iter()
            .map(|p| PractitionerCard::from_model(p, today))
            .collect(),
        total,
        page,
        pages: total.div_ceil(PAGE_SIZE).max(1),
    })
}

/// The best-rated published practitioners with at least one approved review, for the home page.
pub async fn featured(
    db: &impl ConnectionTrait,
    limit: u64,
    today: NaiveDate,
) -> Result<Vec<PractitionerCard>, DbErr> {
    let models = practitioner::Entity::find()
        .filter(practitioner::Column::Published.eq(true))
        .filter(practitioner::Column::ReviewCount.gt(0))
        .order_by_desc(practitioner::Column::RatingScore)
        .order_by_asc(practitioner::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(models
        .into_iter()
        .map(|p| PractitionerCard::from_model(p, today))
        .collect())
}
