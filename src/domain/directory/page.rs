//! The statements of a directory search's page: the page of cards with the count of every
//! match (in the order an index gives, or in one pass over few matches), the count alone,
//! and the unfiltered listing's statements built once.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{DbBackend, EntityTrait, QuerySelect, QueryTrait, Select, Statement};

use crate::domain::directory::EXACT_COUNT_LIMIT;
use crate::domain::directory::filter::filtered;
use crate::domain::directory::order::{order_by, order_terms, ordered, ranked};
use crate::domain::directory::query::{DirectoryQuery, MAX_PAGE, MAX_PER_PAGE, PAGE_SIZE, Sort};
use crate::domain::directory::search::{card_columns, with_card_columns};
use crate::domain::directory::text::relevance;
use crate::domain::paging::offset_of_page;
use crate::domain::statement::{BuiltOnce, with_limit_or_offset, written_out};
use crate::entities::practitioner;

/// From how many skipped rows a PostgreSQL page finds its practitioners' ids first (see
/// [`page_of_cards`]).
const IDS_FIRST_FROM_OFFSET: u64 = 100;

/// The alias of a deep page's ids.
const PAGE_IDS: &str = "page_ids";

/// The page of cards `query` asks for, in its order, without a count.
///
/// Deep in the listing on PostgreSQL the page's ids are found first and only their rows
/// read. Page 50 skips 980 practitioners: read in the best-rated index's order, each
/// skipped row was fetched from the table (0.6 ms a request); the ids alone come from the
/// index itself (an index-only scan), and twenty rows are then read by key. SQLite does
/// this on its own (it seeks the table only for the rows it returns).
pub(super) fn page_of_cards(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Select<practitioner::Entity> {
    let (_, offset) = page_and_offset(query);
    page_of_cards_at(backend, query, today, offset, ids_first(backend, offset))
}

/// The page and page size `query` asks for, within bounds.
pub(super) fn page_and_size(query: &DirectoryQuery) -> (u64, u64) {
    (
        query.page.clamp(1, MAX_PAGE),
        query.per_page.clamp(1, MAX_PER_PAGE),
    )
}

/// The page size and offset `query` asks for, within bounds.
fn page_and_offset(query: &DirectoryQuery) -> (u64, u64) {
    let (page, per_page) = page_and_size(query);
    (per_page, offset_of_page(page, per_page))
}

/// Whether a page at `offset` finds its practitioners' ids first (see [`page_of_cards`]).
fn ids_first(backend: DbBackend, offset: u64) -> bool {
    backend == DbBackend::Postgres && offset >= IDS_FIRST_FROM_OFFSET
}

/// [`page_of_cards`] at `offset`, with the page's ids found first or not.
fn page_of_cards_at(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
    offset: u64,
    ids_first: bool,
) -> Select<practitioner::Entity> {
    let (_, per_page) = page_and_size(query);
    let in_order = ordered(
        backend,
        filtered(backend, query, today, ranked(query)),
        query,
    );
    if !ids_first {
        return card_columns(in_order).limit(per_page).offset(offset);
    }
    let ids = in_order
        .select_only()
        .column(practitioner::Column::Id)
        .limit(per_page)
        .offset(offset)
        .into_query();
    let mut cards = card_columns(ordered(backend, practitioner::Entity::find(), query));
    QuerySelect::query(&mut cards).join_subquery(
        JoinType::InnerJoin,
        ids,
        Alias::new(PAGE_IDS),
        Expr::col((Alias::new(PAGE_IDS), practitioner::Column::Id))
            .equals((practitioner::Entity, practitioner::Column::Id)),
    );
    cards
}

/// The page of cards, each row also carrying the capped count of every match (a scalar
/// subquery the database runs once): one statement for what the listing shows. The
/// filters are evaluated twice, once for the page and once for the count, which costs
/// little when an index gives the page in order.
fn page_with_count(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> SelectStatement {
    let (_, offset) = page_and_offset(query);
    page_with_count_at(
        backend,
        query,
        today,
        offset,
        count_limit(query),
        ids_first(backend, offset),
    )
}

/// [`page_with_count`] at `offset`, counting up to `limit`.
fn page_with_count_at(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
    offset: u64,
    limit: u64,
    ids_first: bool,
) -> SelectStatement {
    let mut select = page_of_cards_at(backend, query, today, offset, ids_first);
    QuerySelect::query(&mut select).expr_as(
        Expr::SubQuery(
            None,
            Box::new(capped_count(backend, query, today, limit).into()),
        ),
        Alias::new("total"),
    );
    select.into_query()
}

/// Stand-ins for the offset and the count's limit in the unfiltered listing's statements
/// built once ([`page_with_count_statement`]): no page reaches either (pages stop at
/// [`MAX_PAGE`] of at most [`MAX_PER_PAGE`]), and the count reads one row past its limit,
/// so the count's stand-in in the text is one more than [`COUNT_LIMIT_STAND_IN`].
const OFFSET_STAND_IN: u64 = 987_654_321;
const COUNT_LIMIT_STAND_IN: u64 = 876_543_209;

/// The unfiltered listing's statements, built once per database: by sort, and for pages
/// read in order or ids first.
static UNFILTERED_PAGES: [[BuiltOnce; 2]; Sort::ALL.len()] =
    [const { [const { BuiltOnce::new() }; 2] }; Sort::ALL.len()];

/// The statement of [`page_with_count`]. The unfiltered listing at the usual page size (the
/// directory's first page, every page a visitor steps through, every signed-in visit) has
/// the same text at any page but for its offset and the count's limit, so it is built
/// once per sort and database and each request fills in its numbers; building it was
/// about a tenth of the listing's processor time in the app. A search with filters is
/// built each time: its text holds the filters' values on PostgreSQL (see [`written_out`]).
pub(super) fn page_with_count_statement(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Statement {
    let sort = Sort::ALL.iter().position(|&sort| sort == query.sort);
    let (Some(sort), false, PAGE_SIZE) = (sort, query.has_filters(), query.per_page) else {
        return written_out(backend, &page_with_count(backend, query, today));
    };
    let (_, offset) = page_and_offset(query);
    let ids_first = ids_first(backend, offset);
    let template = UNFILTERED_PAGES[sort][usize::from(ids_first)].get(backend, || {
        written_out(
            backend,
            &page_with_count_at(
                backend,
                query,
                today,
                OFFSET_STAND_IN,
                COUNT_LIMIT_STAND_IN,
                ids_first,
            ),
        )
    });
    with_limit_or_offset(
        &with_limit_or_offset(template, OFFSET_STAND_IN, offset),
        COUNT_LIMIT_STAND_IN + 1,
        count_limit(query) + 1,
    )
}

/// The alias of the capped matches a one-pass page sorts.
const CAPPED: &str = "capped";

/// Whether a search is expected to match few practitioners, so that one pass over all its
/// matches (see [`page_in_one_pass`]) is cheaper than finding them twice: words and a place
/// together. Either alone can match thousands (a common surname, a large city), and then
/// reading every match to sort it costs more than the index-ordered page and a capped
/// count.
pub(super) fn narrow(query: &DirectoryQuery) -> bool {
    query.has_text() && query.location.is_some()
}

/// The page of cards with the count of every match, finding the matches once: at most
/// `count_limit + 1` of them are read, counted by a window over them all, sorted, and the
/// page taken. When more than the limit match, the rows read are only some of the matches,
/// so the page is not theirs to give and [`search`](super::search::search) asks for it in order
/// instead.
pub(super) fn page_in_one_pass(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> SelectStatement {
    use practitioner::Column as C;
    let (per_page, offset) = page_and_offset(query);
    // The columns the orders sort by first (see `with_card_columns`).
    let mut matches = filtered(backend, query, today, ranked(query)).select_only();
    if ranked(query) {
        matches = matches.expr_as(relevance(backend, &query.search_words()), "score");
    }
    let matches = with_card_columns(matches.columns([C::RatingScore, C::Id]))
        .limit(count_limit(query).saturating_add(1))
        .into_query();
    let mut select = Query::select();
    select
        .column(sea_orm::sea_query::Asterisk)
        .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("total"))
        .from_subquery(matches, Alias::new(CAPPED));
    order_by(
        &mut select,
        order_terms(query, CAPPED, || {
            Expr::col((Alias::new(CAPPED), Alias::new("score")))
        }),
    );
    select.limit(per_page).offset(offset).to_owned()
}

/// The page query and the count query a search runs, as SQL for `backend`, so the benchmark
/// can print their plans.
pub fn statements_for_plan(
    backend: sea_orm::DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
) -> Vec<(&'static str, sea_orm::Statement)> {
    let count = written_out(
        backend,
        &capped_count(backend, query, today, count_limit(query)),
    );
    let page = if narrow(query) {
        (
            "page of cards with their count, in one pass over the matches",
            written_out(backend, &page_in_one_pass(backend, query, today)),
        )
    } else {
        (
            "page of cards with their count",
            page_with_count_statement(backend, query, today),
        )
    };
    vec![page, ("count alone (an empty page)", count)]
}

/// How far a query's results are counted: [`EXACT_COUNT_LIMIT`], or two pages past the
/// one asked for when that is further, so the page links around it are all real.
pub(super) fn count_limit(query: &DirectoryQuery) -> u64 {
    let (page, per_page) = page_and_size(query);
    Ord::max(EXACT_COUNT_LIMIT, (page + 2).saturating_mul(per_page))
}

/// `SELECT COUNT(*) FROM (the filtered rows, at most limit + 1) AS capped`: the database
/// stops reading one row past the limit instead of counting every match.
pub(super) fn capped_count(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
    limit: u64,
) -> SelectStatement {
    let rows = filtered(backend, query, today, false)
        .select_only()
        .expr(Expr::val(1))
        .limit(limit.saturating_add(1))
        .into_query();
    Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(rows, "capped")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unfiltered_listing_built_once_is_the_statement_built_for_each_page_and_sort() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            // Twice over, so the second round reads every template the first one built.
            for _ in 0..2 {
                for &sort in Sort::ALL {
                    for page in [1, 2, 5, 6, 50, 51, MAX_PAGE, MAX_PAGE + 7] {
                        let query = DirectoryQuery {
                            sort,
                            page,
                            per_page: PAGE_SIZE,
                            ..DirectoryQuery::default()
                        };
                        assert_eq!(
                            page_with_count_statement(backend, &query, today),
                            written_out(backend, &page_with_count(backend, &query, today)),
                            "{backend:?}, {sort:?}, page {page}"
                        );
                    }
                }
            }
        }
    }
}
