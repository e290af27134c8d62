//! The orders a directory page can be shown in, as terms both the page of practitioners and a
//! one-pass page over their capped matches can use.

use sea_orm::sea_query::{Alias, Expr, NullOrdering, SelectStatement};
use sea_orm::{DbBackend, Order, QuerySelect, Select};

use crate::domain::directory::query::{DirectoryQuery, Sort};
use crate::domain::directory::text::relevance;
use crate::entities::practitioner;

/// Whether a page of `query` is ordered by best match (it has text, and no other order).
pub(super) fn ranked(query: &DirectoryQuery) -> bool {
    query.sort == Sort::Relevance && query.has_text()
}

/// One term of a page's order: what is compared, which way, and where blanks go.
type OrderTerm = (Expr, Order, Option<NullOrdering>);

/// The order of a page of `query`, over the columns of `rows` (the practitioners, or the
/// capped rows of a one-pass page), best match by what `score` gives (see `text::relevance`;
/// asked for only when the page is ranked).
///
/// Each order is one direction throughout and ends with the id, matching an index
/// (published, key, tie-break, id) that is read backwards: no sort of the whole table.
/// Best match orders the ranked matches `filtered` joined for it.
pub(super) fn order_terms(
    query: &DirectoryQuery,
    rows: &str,
    score: impl FnOnce() -> Expr,
) -> Vec<OrderTerm> {
    use practitioner::Column as C;
    let col = |column: C| Expr::col((Alias::new(rows), column));
    let sort = if query.sort == Sort::Relevance && !ranked(query) {
        Sort::BestRated
    } else {
        query.sort
    };
    let (first, then) = match sort {
        Sort::Relevance => (score(), C::RatingScore),
        Sort::BestRated => (col(C::RatingScore), C::ReviewCount),
        Sort::MostReviewed => (col(C::ReviewCount), C::RatingScore),
        Sort::MostLipFlips => (col(C::LipFlipsLastYear), C::RatingScore),
        Sort::LowestPrice => {
            return vec![
                (
                    col(C::LipFlipPriceCents),
                    Order::Asc,
                    Some(NullOrdering::Last),
                ),
                (col(C::Id), Order::Asc, None),
            ];
        }
        Sort::Name => {
            return vec![
                (col(C::Name), Order::Asc, None),
                (col(C::Id), Order::Asc, None),
            ];
        }
    };
    vec![
        (first, Order::Desc, None),
        (col(then), Order::Desc, None),
        (col(C::Id), Order::Desc, None),
    ]
}

/// Orders `statement` by `terms`.
pub(super) fn order_by(statement: &mut SelectStatement, terms: Vec<OrderTerm>) {
    for (expr, order, nulls) in terms {
        match nulls {
            Some(nulls) => statement.order_by_expr_with_nulls(expr, order, nulls),
            None => statement.order_by_expr(expr, order),
        };
    }
}

pub(super) fn ordered(
    backend: DbBackend,
    mut select: Select<practitioner::Entity>,
    query: &DirectoryQuery,
) -> Select<practitioner::Entity> {
    use sea_orm::EntityName;
    order_by(
        QuerySelect::query(&mut select),
        order_terms(query, practitioner::Entity.table_name(), || {
            relevance(backend, &query.search_words())
        }),
    );
    select
}
