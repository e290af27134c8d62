//! The full-text half of a directory search: what a visitor's words become for SQLite's FTS5
//! table and PostgreSQL's `tsvector` (see migration 000015), as a plain condition or as
//! ranked matches with a relevance score.

use sea_orm::DbBackend;
use sea_orm::sea_query::{
    Alias, Expr, PostgresQueryBuilder, Query, QueryBuilder, SelectStatement, SimpleExpr, Value,
};

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

/// PostgreSQL's `to_tsquery` of `words`, with the query written into the statement as a
/// quoted literal (sea-query's escaping) rather than bound.
///
/// A bound query makes every search the same prepared statement, and after five runs
/// PostgreSQL may keep one plan for all of them, made without knowing the words: it guesses
/// fifty matches. For `a`, which starts a word of every practitioner, that plan read all
/// 10,000 through the full-text index and sorted them (13 ms) where the plan for the words
/// walks the best-rated index and stops after a page (1 ms). Written in, each text is its own
/// statement, planned for what it matches. The words are letters and digits only, so the
/// literal cannot hold a quote; the escaping would still cover one.
fn postgres_tsquery(words: &[String]) -> String {
    let literal =
        PostgresQueryBuilder.value_to_string(&Value::from(text_query(DbBackend::Postgres, words)));
    format!("to_tsquery('simple', {literal})")
}

/// How a search with words and any location finds its rows.
#[derive(Clone, Copy, Debug)]
pub(super) enum FoundBy<'a> {
    /// From the text's matches, reading each practitioner's row.
    Text,
    /// From a location's index, each row looked up among the text's matches: the location
    /// may be a postal code, which the full-text index does not hold.
    LocationIndex,
    /// From the text's matches that also have the city or region (`place`, the location as
    /// compared, made of `place_words`) among their indexed words (the index's
    /// `search_terms`): few, so each practitioner's row is read.
    ///
    /// On PostgreSQL the place joins the text in one query of the `tsvector`'s index, which
    /// intersects the two lists of rows, and when every word is long enough to match few
    /// ([`finds_place_on_postgres`](Self::finds_place_on_postgres)) the city and region are
    /// then only checked on those rows, not also looked up in their own index. The planner
    /// would otherwise intersect the city's rows too: for `rivera` in Austin it read 500
    /// entries of the city's index to drop 74 of 130 rows, about a quarter of the query's time
    /// (1.0 ms a run against 0.75 ms without). A word of one or two letters can start
    /// thousands of words, and then a small town's index is the cheaper way in.
    TextAndPlace {
        place: &'a str,
        place_words: &'a [String],
    },
}

/// The shortest search word with which PostgreSQL finds a search with a place by its text
/// index alone (see [`FoundBy::TextAndPlace`]).
const FEW_MATCHES_FROM_CHARS: usize = 3;

impl FoundBy<'_> {
    /// Whether PostgreSQL finds the rows with the place for the search `words` by the text's
    /// index alone, so the place's own condition must not use its indexes.
    pub(super) fn finds_place_on_postgres(self, backend: DbBackend, words: &[String]) -> bool {
        backend == DbBackend::Postgres
            && matches!(self, FoundBy::TextAndPlace { .. })
            && words
                .iter()
                .all(|word| word.chars().count() >= FEW_MATCHES_FROM_CHARS)
    }
}

/// "The practitioner's indexed text has every word": the condition for a page in another
/// order and for counts, and on PostgreSQL for a best-match page too (it ranks the rows
/// this selects, see [`relevance`]).
///
/// `found_by` chooses where the rows are found. Narrowing the matches by the place in the
/// full-text index (which intersects the two sorted lists) costs less than reading a
/// thousand rows for a common surname or probing each of a city's rows. The place stays a
/// condition of its own too (the caller's), so the narrowing only has to keep every row the
/// place selects. On PostgreSQL the place is parsed by the same parser as the stored city
/// and region (`plainto_tsquery` of the location as compared, which is the stored one
/// lower-cased with its spaces collapsed), so it yields the words they were indexed as.
pub(super) fn text_matches(backend: DbBackend, words: &[String], found_by: FoundBy) -> SimpleExpr {
    let text = text_query(backend, words);
    let in_matches = "\"practitioners\".\"id\" IN (SELECT rowid FROM practitioner_search WHERE practitioner_search MATCH ?)";
    match (backend, found_by) {
        (DbBackend::Postgres, FoundBy::TextAndPlace { place, .. }) => Expr::cust(format!(
            "\"practitioners\".\"search_vector\" @@ ({} && plainto_tsquery('simple', {}))",
            postgres_tsquery(words),
            PostgresQueryBuilder.value_to_string(&Value::from(place)),
        )),
        (DbBackend::Postgres, _) => Expr::cust(format!(
            "\"practitioners\".\"search_vector\" @@ {}",
            postgres_tsquery(words)
        )),
        // A unary `+` keeps SQLite from using the term to find rows.
        (_, FoundBy::LocationIndex) => Expr::cust_with_values(format!("+{in_matches}"), [text]),
        (_, FoundBy::TextAndPlace { place_words, .. }) => Expr::cust_with_values(
            in_matches,
            [format!(
                "{text} AND search_terms : \"{}\"",
                place_words.join(" ")
            )],
        ),
        (_, FoundBy::Text) => Expr::cust_with_values(in_matches, [text]),
    }
}

/// The relevance of each matching practitioner (higher is better; name and clinic weigh ten
/// times city, region, treatments and products): SQLite's bm25 from its FTS5 table, which a
/// page joins as [`HITS`] (see [`ranked_hits`]); PostgreSQL's `ts_rank` of the row's own
/// weighted `tsvector`, which needs no join.
pub(super) fn relevance(backend: DbBackend, words: &[String]) -> Expr {
    match backend {
        DbBackend::Postgres => Expr::cust(format!(
            "ts_rank('{{0.1, 0.2, 0.1, 1.0}}', \"practitioners\".\"search_vector\", {}, 0)",
            postgres_tsquery(words)
        )),
        _ => Expr::col((Alias::new(HITS), Alias::new("score"))),
    }
}

/// SQLite's matching practitioners (`id`) with their bm25 `score`, for a best-match page to
/// join as [`HITS`]: FTS5 ranks only inside its own table. `None` for PostgreSQL, whose
/// matches are a condition on the practitioner row ([`text_matches`]) and ranked there.
pub(super) fn ranked_hits(backend: DbBackend, words: &[String]) -> Option<SelectStatement> {
    match backend {
        DbBackend::Postgres => None,
        _ => Some(
            Query::select()
                .expr_as(Expr::cust("rowid"), Alias::new("id"))
                .expr_as(
                    Expr::cust("-bm25(practitioner_search, 10.0, 1.0)"),
                    Alias::new("score"),
                )
                .from(Alias::new("practitioner_search"))
                .and_where(Expr::cust_with_values(
                    "practitioner_search MATCH ?",
                    [text_query(backend, words)],
                ))
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_writes_the_words_into_the_statement_as_one_quoted_literal() {
        let words = vec!["maya".to_owned(), "riv".to_owned()];
        assert_eq!(
            postgres_tsquery(&words),
            "to_tsquery('simple', 'maya:* & riv:*')"
        );
        // Not a word `search_words` makes, but a quote in one could not end the literal.
        let quoted = postgres_tsquery(&["o'brien".to_owned()]);
        assert_eq!(quoted, "to_tsquery('simple', E'o\\'brien:*')");
    }
}
