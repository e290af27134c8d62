//! The full-text half of a directory search: what a visitor's words become for SQLite's FTS5
//! table and PostgreSQL's `tsvector` (see migration 000015), as a plain condition or as
//! ranked matches with a relevance score.

use sea_orm::DbBackend;
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement, SimpleExpr};

use crate::entities::practitioner;

/// The alias of the ranked full-text matches a best-match page joins, with their `score`.
pub(super) const HITS: &str = "hits";

/// The full-text query for `words`, each matched as the start of a word (they are letters
/// and digits only, so nothing in them is query syntax): `"maya"* "riv"*` for SQLite's FTS5,
/// `maya:* & riv:*` for PostgreSQL's `to_tsquery`.
fn text_query(backend: DbBackend, words: &[String]) -> String {
    let terms: Vec<String> = match backend {
        DbBackend::Postgres => words.iter().map(|w| format!("{w}:*")).collect(),
        _ => words.iter().map(|w| format!("\"{w}\"*")).collect(),
    };
    terms.join(if backend == DbBackend::Postgres {
        " & "
    } else {
        " "
    })
}

/// "The practitioner's indexed text has every word": a condition only, for a page in another
/// order and for counts, so nothing is ranked.
///
/// With `probed`, another condition (a location's index) finds the rows and each is looked
/// up among the text's matches; without it SQLite starts from the text's matches and reads
/// each practitioner's row, a thousand reads for a common surname. PostgreSQL's planner
/// weighs the two itself.
pub(super) fn text_matches(backend: DbBackend, words: &[String], probed: bool) -> SimpleExpr {
    let text = text_query(backend, words);
    match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            "\"practitioners\".\"search_vector\" @@ to_tsquery('simple', $1)",
            [text],
        ),
        // A unary `+` keeps SQLite from using the term to find rows.
        _ if probed => Expr::cust_with_values(
            "+\"practitioners\".\"id\" IN (SELECT rowid FROM practitioner_search WHERE practitioner_search MATCH ?)",
            [text],
        ),
        _ => Expr::cust_with_values(
            "\"practitioners\".\"id\" IN (SELECT rowid FROM practitioner_search WHERE practitioner_search MATCH ?)",
            [text],
        ),
    }
}

/// The matching practitioners with a relevance `score` (higher is better; name and clinic
/// weigh ten times city, region, treatments and products), for a best-match page: SQLite's
/// FTS5 table with bm25, or PostgreSQL's weighted `tsvector` with `ts_rank`.
pub(super) fn ranked_matches(backend: DbBackend, words: &[String]) -> SelectStatement {
    let text = text_query(backend, words);
    match backend {
        DbBackend::Postgres => Query::select()
            .column(practitioner::Column::Id)
            .expr_as(
                Expr::cust_with_values(
                    "ts_rank('{0.1, 0.2, 0.1, 1.0}', search_vector, to_tsquery('simple', $1), 0)",
                    [text.clone()],
                ),
                Alias::new("score"),
            )
            .from(practitioner::Entity)
            .and_where(Expr::cust_with_values(
                "search_vector @@ to_tsquery('simple', $1)",
                [text],
            ))
            .to_owned(),
        _ => Query::select()
            .expr_as(Expr::cust("rowid"), Alias::new("id"))
            .expr_as(
                Expr::cust("-bm25(practitioner_search, 10.0, 1.0)"),
                Alias::new("score"),
            )
            .from(Alias::new("practitioner_search"))
            .and_where(Expr::cust_with_values(
                "practitioner_search MATCH ?",
                [text],
            ))
            .to_owned(),
    }
}
