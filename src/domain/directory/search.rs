//! Running a directory search: published practitioners, filtered and sorted on indexed
//! columns and the denormalized counters only, never by aggregating reviews per request.
//! One query for the page and one for the count, whatever the filters.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, NullOrdering, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Order,
    QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::domain::directory::query::{DirectoryQuery, MAX_PAGE, MAX_PER_PAGE, Sort};
use crate::domain::{credentials, ratings};
use crate::entities::{practitioner, practitioner_product, practitioner_treatment};
use crate::search_keys::{place_key, postal_key};
use crate::vocabulary::Profession;

/// The smallest string greater than every string starting with `prefix` (for a range scan).
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// `value` with LIKE's wildcards escaped, wrapped in `%`.
fn contains_pattern(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len() + 2);
    escaped.push('%');
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

/// The published practitioners a query's filters select (no order, no paging).
fn filtered(query: &DirectoryQuery, today: NaiveDate) -> Select<practitioner::Entity> {
    use practitioner::Column as C;
    let mut select = practitioner::Entity::find().filter(C::Published.eq(true));
    if let Some(text) = &query.text {
        select = select.filter(
            Expr::col((practitioner::Entity, C::SearchText))
                .like(LikeExpr::new(contains_pattern(&text.to_lowercase())).escape('\\')),
        );
    }
    if let Some(location) = &query.location {
        let place = place_key(location);
        let mut any = Condition::any()
            .add(C::CityKey.eq(place.clone()))
            .add(C::RegionKey.eq(place));
        let postal = postal_key(location);
        if !postal.is_empty()
            && postal
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && postal.chars().any(|c| c.is_ascii_digit())
            && let Some(upper) = prefix_upper_bound(&postal)
        {
            any = any.add(C::PostalKey.gte(postal).and(C::PostalKey.lt(upper)));
        }
        select = select.filter(any);
    }
    // EXISTS, looked up by primary key per candidate row: the planner then starts from the
    // selective filters (location, text) instead of from a treatment nearly everyone offers.
    if let Some(treatment) = query.treatment {
        select = select.filter(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(practitioner_treatment::Entity)
                .and_where(
                    Expr::col((
                        practitioner_treatment::Entity,
                        practitioner_treatment::Column::PractitionerId,
                    ))
                    .equals((practitioner::Entity, C::Id)),
                )
                .and_where(practitioner_treatment::Column::Treatment.eq(treatment))
                .to_owned(),
        ));
    }
    if let Some(product) = query.product {
        select = select.filter(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(practitioner_product::Entity)
                .and_where(
                    Expr::col((
                        practitioner_product::Entity,
                        practitioner_product::Column::PractitionerId,
                    ))
                    .equals((practitioner::Entity, C::Id)),
                )
                .and_where(practitioner_product::Column::Product.eq(product))
                .to_owned(),
        ));
    }
    if let Some(profession) = query.profession {
        select = select.filter(C::Profession.eq(profession));
    }
    if query.verified_only {
        select = select.filter(C::VerifiedUntil.gte(today));
    }
    if let Some(tenths) = query.min_rating_tenths {
        // average >= min  <=>  sum * 10 >= min_tenths * count, with at least one review.
        select = select.filter(C::ReviewCount.gt(0)).filter(
            Expr::col((practitioner::Entity, C::RatingSum))
                .mul(10)
                .gte(Expr::col((practitioner::Entity, C::ReviewCount)).mul(tenths)),
        );
    }
    if let Some(n) = query.min_lip_flips {
        select = select.filter(C::LipFlipsLastYear.gte(n));
    }
    if let Some(cents) = query.max_price_cents {
        select = select.filter(C::LipFlipPriceCents.lte(cents));
    }
    if query.accepting_only {
        select = select.filter(C::AcceptingNewPatients.eq(true));
    }
    select
}

fn ordered(select: Select<practitioner::Entity>, sort: Sort) -> Select<practitioner::Entity> {
    use practitioner::Column as C;
    // Each order is one direction throughout and ends with the id, matching an index
    // (published, key, tie-break, id) that is read backwards: no sort of the whole table.
    match sort {
        Sort::BestRated => select
            .order_by_desc(C::RatingScore)
            .order_by_desc(C::ReviewCount)
            .order_by_desc(C::Id),
        Sort::MostReviewed => select
            .order_by_desc(C::ReviewCount)
            .order_by_desc(C::RatingScore)
            .order_by_desc(C::Id),
        Sort::MostLipFlips => select
            .order_by_desc(C::LipFlipsLastYear)
            .order_by_desc(C::RatingScore)
            .order_by_desc(C::Id),
        Sort::LowestPrice => select
            .order_by_with_nulls(C::LipFlipPriceCents, Order::Asc, NullOrdering::Last)
            .order_by_asc(C::Id),
        Sort::Name => select.order_by_asc(C::Name).order_by_asc(C::Id),
    }
}

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

fn card_columns(select: Select<practitioner::Entity>) -> Select<practitioner::Entity> {
    use practitioner::Column as C;
    select.select_only().columns([
        C::Slug,
        C::Name,
        C::Profession,
        C::ClinicName,
        C::City,
        C::Region,
        C::VerifiedUntil,
        C::ReviewCount,
        C::RatingSum,
        C::LipFlipsLastYear,
        C::LipFlipPriceCents,
        C::AcceptingNewPatients,
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

/// Results are counted exactly up to this many (and up to two pages past the one shown);
/// past that a search says "1,000+" rather than counting every row it matches.
pub const EXACT_COUNT_LIMIT: u64 = 1_000;

/// How many results a search has: exactly `n`, or more than `n` when not `exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCount {
    pub n: u64,
    pub exact: bool,
}

impl ResultCount {
    pub fn is_zero(self) -> bool {
        self.n == 0
    }
}

impl std::fmt::Display for ResultCount {
    /// "12", "1,204" or "1,000+".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.n.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        f.write_str(&grouped)?;
        if !self.exact {
            f.write_str("+")?;
        }
        Ok(())
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

/// The page query and the count query a search runs, as SQL for `backend`, so the benchmark
/// can print their plans.
pub fn statements_for_plan(
    backend: sea_orm::DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Vec<(&'static str, sea_orm::Statement)> {
    use sea_orm::QueryTrait;
    let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
    let page = card_columns(ordered(filtered(query, today), query.sort))
        .limit(per_page)
        .offset((query.page.clamp(1, MAX_PAGE) - 1).saturating_mul(per_page))
        .build(backend);
    let count = backend.build(&capped_count(query, today, count_limit(query)));
    vec![("page of cards", page), ("count", count)]
}

/// How far a query's results are counted: [`EXACT_COUNT_LIMIT`], or two pages past the
/// one asked for when that is further, so the page links around it are all real.
fn count_limit(query: &DirectoryQuery) -> u64 {
    let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
    let page = query.page.clamp(1, MAX_PAGE);
    Ord::max(EXACT_COUNT_LIMIT, (page + 2).saturating_mul(per_page))
}

/// `SELECT COUNT(*) FROM (the filtered rows, at most limit + 1) AS capped`: the database
/// stops reading one row past the limit instead of counting every match.
fn capped_count(
    query: &DirectoryQuery,
    today: NaiveDate,
    limit: u64,
) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::QueryTrait;
    let rows = filtered(query, today)
        .select_only()
        .expr(Expr::val(1))
        .limit(limit.saturating_add(1))
        .into_query();
    Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(rows, "capped")
        .to_owned()
}

/// Counts what a query selects, exactly up to `limit`.
async fn count_up_to(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
    today: NaiveDate,
    limit: u64,
) -> Result<ResultCount, DbErr> {
    let n: i64 = match db.query_one(&capped_count(query, today, limit)).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    let n = u64::try_from(n).unwrap_or_default();
    Ok(if n > limit {
        ResultCount {
            n: limit,
            exact: false,
        }
    } else {
        ResultCount { n, exact: true }
    })
}

/// Counts what a query selects, exactly up to [`EXACT_COUNT_LIMIT`].
pub async fn count(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Result<ResultCount, DbErr> {
    count_up_to(db, query, today, EXACT_COUNT_LIMIT).await
}

/// Runs a directory search: one query for the page, one for the count. A page past the end
/// is empty rather than an error. An empty result also counts each loosened query.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Result<DirectoryPage, DbErr> {
    let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
    let page = query.page.clamp(1, MAX_PAGE);
    let rows = card_columns(ordered(filtered(query, today), query.sort))
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .into_model::<CardRow>()
        .all(db)
        .await?;
    // A first page that is not full needs no count query.
    let total = if page == 1 && (rows.len() as u64) < per_page {
        ResultCount {
            n: rows.len() as u64,
            exact: true,
        }
    } else {
        count_up_to(db, query, today, count_limit(query)).await?
    };
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
        practitioner::Entity::find()
            .filter(practitioner::Column::Published.eq(true))
            .filter(practitioner::Column::ReviewCount.gt(0)),
        Sort::BestRated,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_escaped_and_prefixes_bounded() {
        assert_eq!(contains_pattern("50%_off"), "%50\\%\\_off%");
        assert_eq!(prefix_upper_bound("787").as_deref(), Some("788"));
    }

    #[test]
    fn counts_read_with_thousands_and_a_plus_past_the_limit() {
        let exact = |n| ResultCount { n, exact: true }.to_string();
        assert_eq!(exact(0), "0");
        assert_eq!(exact(999), "999");
        assert_eq!(exact(1_204), "1,204");
        assert_eq!(exact(1_234_567), "1,234,567");
        let more = ResultCount {
            n: EXACT_COUNT_LIMIT,
            exact: false,
        };
        assert_eq!(more.to_string(), "1,000+");
    }
}
