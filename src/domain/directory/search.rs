//! Running a directory search: published practitioners, filtered and sorted on indexed
//! columns and the denormalized counters only, never by aggregating reviews per request.
//! One statement for the page with its count, whatever the filters.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};

use crate::domain::directory::count::{EXACT_COUNT_LIMIT, ResultCount};
use crate::domain::directory::order::ordered;
use crate::domain::directory::page::{
    capped_count, count_limit, narrow, page_and_size, page_in_one_pass, page_of_cards,
    page_with_count_statement,
};
use crate::domain::directory::query::DirectoryQuery;
use crate::domain::statement::written_out;
use crate::domain::{credentials, ratings};
use crate::entities::practitioner;
use crate::vocabulary::Profession;

/// The columns a card needs, and no more (no bio, no counters it does not show).
#[derive(Debug, Clone, FromQueryResult)]
struct CardRow {
    slug: String,
    name: String,
    profession: Profession,
    clinic_name: String,
    city: String,
    region: String,
    verified_until: Option<NaiveDate>,
    review_count: i32,
    rating_sum: i32,
    lip_flips_last_year: i32,
    lip_flip_price_cents: Option<i32>,
    accepting_new_patients: bool,
    thumbnail_key: Option<String>,
}

/// Selects only the columns a card needs ([`with_card_columns`]).
pub(super) fn card_columns(select: Select<practitioner::Entity>) -> Select<practitioner::Entity> {
    with_card_columns(select.select_only())
}

/// Adds the columns a card needs after those `select` has. Numbers that are never null come
/// first, then those that may be, then text: a row PostgreSQL sorts is read column by column
/// from its start, and it can only skip straight to a column when nothing before it has a
/// varying length or may be null. The orders' numbers are then found at once (see
/// `page::page_in_one_pass`).
pub(super) fn with_card_columns(
    select: Select<practitioner::Entity>,
) -> Select<practitioner::Entity> {
    use practitioner::Column as C;
    select.columns([
        C::ReviewCount,
        C::RatingSum,
        C::LipFlipsLastYear,
        C::AcceptingNewPatients,
        C::LipFlipPriceCents,
        C::VerifiedUntil,
        C::Slug,
        C::Name,
        C::Profession,
        C::ClinicName,
        C::City,
        C::Region,
        C::ThumbnailKey,
    ])
}

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
    /// Media key of the card's thumbnail, if the practitioner has an approved photo.
    pub thumbnail_key: Option<String>,
}

impl PractitionerCard {
    fn from_row(p: CardRow, today: NaiveDate) -> Self {
        Self {
            verified: credentials::badge_holds(p.verified_until, today),
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
            thumbnail_key: p.thumbnail_key,
        }
    }
}

/// One page of the directory with what pagination needs.
#[derive(Debug, Clone)]
pub struct DirectoryPage {
    pub query: DirectoryQuery,
    pub cards: Vec<PractitionerCard>,
    pub total: ResultCount,
    /// 1-based.
    pub page: u64,
    /// The pages known to exist: all of them when the count is exact.
    pub pages: u64,
    /// For an empty result: each filter that could be loosened, with how many results
    /// dropping it alone would give.
    pub suggestions: Vec<(String, DirectoryQuery, ResultCount)>,
}

/// A card with the count of the whole search, which the page statement carries.
#[derive(Debug, Clone, FromQueryResult)]
struct PageRow {
    #[sea_orm(nested)]
    card: CardRow,
    total: i64,
}

/// Counts what a query selects, exactly up to `limit`.
async fn count_up_to(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
    today: NaiveDate,
    limit: u64,
) -> Result<ResultCount, DbErr> {
    let backend = db.get_database_backend();
    let n: i64 = match db
        .query_one_raw(written_out(
            backend,
            &capped_count(backend, query, today, limit),
        ))
        .await?
    {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(ResultCount::up_to(n, limit))
}

/// Counts what a query selects, exactly up to [`EXACT_COUNT_LIMIT`].
pub async fn count(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Result<ResultCount, DbErr> {
    count_up_to(db, query, today, EXACT_COUNT_LIMIT).await
}

/// Runs a directory search: one statement for the page and its count. A page past the end
/// is empty rather than an error (and counts on its own). An empty result also counts each
/// loosened query.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Result<DirectoryPage, DbErr> {
    let backend = db.get_database_backend();
    let (page, per_page) = page_and_size(query);
    let limit = count_limit(query);
    let rows = if narrow(query) {
        let rows = PageRow::find_by_statement(written_out(
            backend,
            &page_in_one_pass(backend, query, today),
        ))
        .all(db)
        .await?;
        let past_limit = i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1);
        if rows.first().is_some_and(|row| row.total >= past_limit) {
            // More matched than one pass reads, so those rows are only some of the
            // matches: the page comes in order from all of them, and the count is known.
            CardRow::find_by_statement(written_out(
                backend,
                &page_of_cards(backend, query, today).into_query(),
            ))
            .all(db)
            .await?
            .into_iter()
            .map(|card| PageRow {
                card,
                total: past_limit,
            })
            .collect()
        } else {
            rows
        }
    } else {
        PageRow::find_by_statement(page_with_count_statement(backend, query, today))
            .all(db)
            .await?
    };
    // The page carries its count. An empty first page means nothing matched; only an
    // empty later page (past the end) asks for the count on its own.
    let total = match rows.first() {
        Some(row) => ResultCount::up_to(row.total, limit),
        None if page == 1 => ResultCount::up_to(0, limit),
        None => count_up_to(db, query, today, limit).await?,
    };
    let rows: Vec<CardRow> = rows.into_iter().map(|row| row.card).collect();
    let mut suggestions = Vec::new();
    if total.is_zero() {
        for (phrase, loosened) in query.loosenings() {
            let n = count(db, &loosened, today).await?;
            if !n.is_zero() {
                suggestions.push((phrase, loosened, n));
            }
        }
    }
    Ok(DirectoryPage {
        query: query.clone(),
        cards: rows
            .into_iter()
            .map(|row| PractitionerCard::from_row(row, today))
            .collect(),
        total,
        page,
        pages: Ord::max(total.n.div_ceil(per_page), 1),
        suggestions,
    })
}

/// Every published practitioner's slug, by name, for the sitemap.
pub async fn published_slugs(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    practitioner::Entity::find()
        .select_only()
        .column(practitioner::Column::Slug)
        .filter(practitioner::Column::Published.eq(true))
        .order_by_asc(practitioner::Column::Slug)
        .into_tuple()
        .all(db)
        .await
}

/// The best-rated published practitioners with at least one approved review, for the home page.
pub async fn featured(
    db: &impl ConnectionTrait,
    limit: u64,
    today: NaiveDate,
) -> Result<Vec<PractitionerCard>, DbErr> {
    let rows = card_columns(ordered(
        db.get_database_backend(),
        practitioner::Entity::find()
            .filter(practitioner::Column::Published.eq(true))
            .filter(practitioner::Column::ReviewCount.gt(0)),
        &DirectoryQuery::default(),
    ))
    .limit(limit)
    .into_model::<CardRow>()
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PractitionerCard::from_row(row, today))
        .collect())
}
