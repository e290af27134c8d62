//! The SQL a paged read sends (a directory search, a moderation queue page, any
//! [`select_rows`](crate::domain::select_rows)). On PostgreSQL each `LIMIT` and `OFFSET` is
//! written into the text rather than bound.
//!
//! PostgreSQL keeps the plan of a prepared statement: after five runs it plans once for any
//! values (a generic plan) when that looks no dearer than planning each run. A generic plan
//! does not know a bound `LIMIT`, so it guesses a tenth of the rows. For the capped count of
//! a city (`LIMIT 1001` over 834 matches) that guess made a sequential scan of every
//! practitioner look cheap: 3.5 ms instead of 0.5 ms, every request after the fifth. With
//! the numbers in the text, the generic plan is the one a single run would get. They are
//! numbers the application computes from clamped pages, never what a visitor typed, so
//! nothing is interpolated that a parameter was protecting. A bound status misleads the
//! generic plan too, the other way: see [`named`]. A directory search goes further and
//! writes every value in: see [`written_out`].

use std::sync::OnceLock;

use sea_orm::sea_query::{Expr, ExprTrait, PostgresQueryBuilder, SelectStatement, Value, Values};
use sea_orm::{ActiveEnum, ColumnTrait, DbBackend, Statement};

/// A name of the vocabulary (a status) written into the SQL as a literal rather than bound.
/// A bound status hides from PostgreSQL's generic plan that `'pending'` is a few hundred
/// rows of two hundred thousand, so that plan looked dearer than one made for the value and
/// the reviews queue's page was planned anew on every run: 0.6 ms of each request. With the
/// name in the text it is planned once per connection. Only for the fixed names of
/// [`crate::vocabulary`], never for what a visitor typed (which stays bound).
pub(crate) fn named<T: ActiveEnum<Value = String>>(name: T) -> Expr {
    Expr::Constant(Value::String(Some(name.into_value())))
}

/// `table.column = 'name'`, the name written into the SQL ([`named`]).
pub(crate) fn is_named<C: ColumnTrait, T: ActiveEnum<Value = String>>(column: C, name: T) -> Expr {
    Expr::col(column.as_column_ref()).eq(named(name))
}

/// `select` as SQL for `backend`, with PostgreSQL's `LIMIT` and `OFFSET` written as numbers.
pub(crate) fn build(backend: DbBackend, select: &SelectStatement) -> Statement {
    let statement = backend.build(select);
    match backend {
        DbBackend::Postgres => with_literal_limits(statement),
        _ => statement,
    }
}

/// `select` as SQL for `backend` with, on PostgreSQL, every value written into the text as a
/// literal (sea-query's quoting), so the statement has no parameters. For a directory search.
///
/// A statement with parameters is planned anew on every run whenever PostgreSQL's one plan
/// for any values (a generic plan) looks dearer than a plan for the values, and for a
/// search it does: a city's rows or a treatment's vary a hundredfold, so the plan for
/// unknown values is priced high. The filtered search spent 0.7 ms of its 1.4 ms in
/// PostgreSQL on planning, every request. Forcing generic plans instead made other pages
/// twenty times slower (a plan made without the values fits some of them badly). A
/// statement without parameters is planned with its values once, at its first run on a
/// connection, and its plan kept with the prepared statement: each distinct search is
/// planned once per connection, and a search many visitors make (the first page, a big
/// city) is not planned again.
///
/// What a visitor typed is written in too. It arrives here as vocabulary names, numbers,
/// a date, and text that the query string's reader has already refused if it held a control
/// character; sea-query writes each string as an escaped literal (`E'o\'fallon'`), which
/// is what the full-text query has always used. `tests/bad_input.rs` sends quotes,
/// backslashes and SQL through the location and the search text on both databases.
/// SQLite keeps its parameters: it plans every statement when it prepares it, and sqlx
/// keeps the prepared statement, so a bound value costs it nothing.
pub(crate) fn written_out(backend: DbBackend, select: &SelectStatement) -> Statement {
    match backend {
        DbBackend::Postgres => {
            Statement::from_string(backend, select.to_string(PostgresQueryBuilder))
        }
        _ => backend.build(select),
    }
}

/// `template` with each of its values equal to a stand-in replaced by that stand-in's
/// value: for a statement whose text is the same on every request (built once, with
/// stand-ins where the request's values go), so that building it (its expressions, then
/// its text) is not paid again on each request. A stand-in must be a value the statement
/// cannot otherwise hold.
pub(crate) fn with_values(template: &Statement, replacements: &[(&Value, Value)]) -> Statement {
    let mut statement = template.clone();
    if let Some(Values(values)) = &mut statement.values {
        for value in values {
            if let Some((_, actual)) = replacements.iter().find(|(stand_in, _)| *stand_in == value)
            {
                *value = actual.clone();
            }
        }
    }
    statement
}

/// A statement whose text is the same on every request, built once per database on first
/// use, with stand-ins where each request's values go ([`with_values`],
/// [`with_limit_or_offset`]).
/// Building a statement (its expressions, then its text) is otherwise paid on every request:
/// a sixth of the profile's processor time in the app, a tenth of the reviews queue's.
pub(crate) struct BuiltOnce([OnceLock<Statement>; 3]);

impl BuiltOnce {
    pub(crate) const fn new() -> Self {
        Self([const { OnceLock::new() }; 3])
    }

    /// The statement for `backend`, built by `build` the first time it is asked for.
    pub(crate) fn get(&self, backend: DbBackend, build: impl FnOnce() -> Statement) -> &Statement {
        let slot = match backend {
            DbBackend::Postgres => 0,
            DbBackend::Sqlite => 1,
            _ => 2,
        };
        self.0[slot].get_or_init(build)
    }
}

/// `template` (a paged read made by [`build`] or [`written_out`]) with its `LIMIT` or
/// `OFFSET` of `stand_in` made `actual`: on PostgreSQL the number is in the text, elsewhere
/// a bound value. The stand-in must be a number no request's limit or offset reaches.
pub(crate) fn with_limit_or_offset(template: &Statement, stand_in: u64, actual: u64) -> Statement {
    let mut statement = with_values(template, &[(&Value::from(stand_in), Value::from(actual))]);
    if template.db_backend == DbBackend::Postgres {
        for clause in [" OFFSET ", " LIMIT "] {
            statement.sql = statement
                .sql
                .replace(&format!("{clause}{stand_in}"), &format!("{clause}{actual}"));
        }
    }
    statement
}

/// The whole number a `LIMIT` or `OFFSET` was bound to.
fn whole_number(value: &Value) -> Option<String> {
    match value {
        Value::BigUnsigned(Some(n)) => Some(n.to_string()),
        Value::Unsigned(Some(n)) => Some(n.to_string()),
        Value::BigInt(Some(n)) => Some(n.to_string()),
        Value::Int(Some(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// Rewrites a PostgreSQL statement so that each `LIMIT $n` and `OFFSET $n` bound to a whole
/// number reads `LIMIT 20`, and renumbers the placeholders that remain. Text inside quotes
/// (identifiers and literals) is copied as it is.
fn with_literal_limits(statement: Statement) -> Statement {
    let values = statement.values.map(|v| v.0).unwrap_or_default();
    let mut sql = String::with_capacity(statement.sql.len());
    let mut kept: Vec<Value> = Vec::with_capacity(values.len());
    // The new number of each kept placeholder, by its old number.
    let mut renumbered: Vec<Option<usize>> = vec![None; values.len()];
    let mut chars = statement.sql.chars().peekable();
    let mut quote: Option<char> = None;
    // Inside `E'...'`, where a backslash escapes the next character (a quote too).
    let mut backslash_escapes = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            sql.push(c);
            if backslash_escapes && c == '\\' {
                if let Some(escaped) = chars.next() {
                    sql.push(escaped);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            backslash_escapes = c == '\'' && (sql.ends_with('E') || sql.ends_with('e'));
            quote = Some(c);
            sql.push(c);
            continue;
        }
        let digits_follow = chars.peek().is_some_and(char::is_ascii_digit);
        if c != '$' || !digits_follow {
            sql.push(c);
            continue;
        }
        let mut number = String::new();
        while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
            number.push(d);
            chars.next();
        }
        let Some(index) = number
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < values.len())
        else {
            sql.push('$');
            sql.push_str(&number);
            continue;
        };
        let limits = sql.ends_with(" LIMIT ") || sql.ends_with(" OFFSET ");
        match (limits, whole_number(&values[index])) {
            (true, Some(literal)) => sql.push_str(&literal),
            _ => {
                let new = match renumbered[index] {
                    Some(new) => new,
                    None => {
                        kept.push(values[index].clone());
                        renumbered[index] = Some(kept.len());
                        kept.len()
                    }
                };
                sql.push('$');
                sql.push_str(&new.to_string());
            }
        }
    }
    Statement {
        sql,
        values: (!kept.is_empty()).then_some(Values(kept)),
        db_backend: statement.db_backend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

    fn capped(name: &str) -> SelectStatement {
        let rows = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new("practitioners"))
            .and_where(Expr::col(Alias::new("city_key")).eq(name))
            .limit(1001)
            .to_owned();
        Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from_subquery(rows, Alias::new("capped"))
            .and_where(Expr::col(Alias::new("note")).eq("LIMIT $1"))
            .limit(20)
            .offset(40)
            .to_owned()
    }

    #[test]
    fn postgres_limits_are_written_as_numbers_and_the_rest_stay_bound() {
        let statement = build(DbBackend::Postgres, &capped("austin"));
        assert_eq!(
            statement.sql,
            r#"SELECT COUNT(*) FROM (SELECT $1 FROM "practitioners" WHERE "city_key" = $2 LIMIT 1001) AS "capped" WHERE "note" = $3 LIMIT 20 OFFSET 40"#
        );
        assert_eq!(
            statement.values.map(|v| v.0),
            Some(vec![
                Value::Int(Some(1)),
                Value::String(Some("austin".to_owned())),
                Value::String(Some("LIMIT $1".to_owned())),
            ])
        );
    }

    #[test]
    fn a_search_on_postgres_has_every_value_written_in_and_on_sqlite_none() {
        let select = capped("o'fallon\\ $1");
        let postgres = written_out(DbBackend::Postgres, &select);
        assert_eq!(
            postgres.sql,
            r#"SELECT COUNT(*) FROM (SELECT 1 FROM "practitioners" WHERE "city_key" = E'o\'fallon\\ $1' LIMIT 1001) AS "capped" WHERE "note" = 'LIMIT $1' LIMIT 20 OFFSET 40"#
        );
        assert_eq!(postgres.values, None);
        assert_eq!(
            written_out(DbBackend::Sqlite, &select),
            DbBackend::Sqlite.build(&select)
        );
    }

    #[test]
    fn sqlite_statements_are_left_as_built() {
        let select = capped("austin");
        assert_eq!(
            build(DbBackend::Sqlite, &select),
            DbBackend::Sqlite.build(&select)
        );
    }

    #[test]
    fn placeholders_inside_quotes_are_text() {
        let statement = with_literal_limits(Statement::from_sql_and_values(
            DbBackend::Postgres,
            r#"SELECT '$1', "a$2", E'it\'s $1' FROM t WHERE x = $1 LIMIT $2"#,
            [Value::from("x"), Value::from(5u64)],
        ));
        assert_eq!(
            statement.sql,
            r#"SELECT '$1', "a$2", E'it\'s $1' FROM t WHERE x = $1 LIMIT 5"#
        );
        assert_eq!(statement.values.map(|v| v.0.len()), Some(1));
    }

    #[test]
    fn a_vocabulary_name_is_written_into_the_sql_and_a_visitors_text_stays_bound() {
        use crate::vocabulary::RevisionStatus;
        let select = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new("review_revisions"))
            .and_where(Expr::col(Alias::new("status")).eq(named(RevisionStatus::Pending)))
            .and_where(Expr::col(Alias::new("title")).eq("it's 'pending'"))
            .to_owned();
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let statement = build(backend, &select);
            assert!(
                statement.sql.contains(r#""status" = 'pending'"#),
                "{}",
                statement.sql
            );
            assert!(!statement.sql.contains("it's"), "{}", statement.sql);
            assert_eq!(
                statement.values.map(|v| v.0).unwrap_or_default().len(),
                2,
                "the 1 and the title stay bound"
            );
        }
    }

    #[test]
    fn with_limit_or_offset_moves_a_built_page_on_both_databases() {
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let template = build(backend, &capped("austin").offset(987_654_321).to_owned());
            let moved = with_limit_or_offset(&template, 987_654_321, 60);
            assert_eq!(
                moved,
                build(backend, &capped("austin").offset(60).to_owned())
            );
            // The template keeps its stand-in for the next request.
            assert_ne!(template, moved);
            let longer = with_limit_or_offset(&template, 20, 50);
            assert_eq!(
                longer,
                build(
                    backend,
                    &capped("austin").limit(50).offset(987_654_321).to_owned()
                )
            );
        }
    }

    #[test]
    fn with_values_replaces_each_stand_in_wherever_it_is_and_nothing_else() {
        let select = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new("practitioners"))
            .and_where(Expr::col(Alias::new("slug")).eq("\u{0}slug"))
            .and_where(Expr::col(Alias::new("city_key")).eq("austin"))
            .and_where(Expr::col(Alias::new("previous_slug")).eq("\u{0}slug"))
            .limit(10)
            .offset(90)
            .to_owned();
        let template = DbBackend::Sqlite.build(&select);
        let filled = with_values(
            &template,
            &[
                (&Value::from("\u{0}slug"), Value::from("maya-chen")),
                (&Value::from(90u64), Value::from(20u64)),
            ],
        );
        assert_eq!(filled.sql, template.sql);
        assert_eq!(
            filled.values.map(|v| v.0),
            Some(vec![
                Value::from(1),
                Value::from("maya-chen"),
                Value::from("austin"),
                Value::from("maya-chen"),
                Value::from(10u64),
                Value::from(20u64),
            ])
        );
        // The template itself is unchanged, for the next request.
        assert_eq!(
            template.values.and_then(|v| v.0.get(1).cloned()),
            Some(Value::from("\u{0}slug"))
        );
    }
}
