//! Rows of another table folded into their owner's row as one JSON array, so a page that
//! shows a practitioner with their credentials, gallery and page of reviews reads them in the
//! practitioner's own statement instead of one statement (one round trip) each. What [`comma_list`] does for
//! lists of vocabulary names, this does for rows that hold text people wrote: JSON escapes
//! it, so no separator can break it.
//!
//! Both databases build the array in SQL (`json_group_array(json_object(…))` on SQLite,
//! `json_agg(json_build_object(…))::text` on PostgreSQL) in the order asked, and
//! [`parse_json_list`] reads it back with serde. Numbers, text and dates (`YYYY-MM-DD` on
//! both) come back alike; booleans do not (SQLite has none and writes 0 or 1), so a boolean
//! field reads through [`bool_or_number`].
//!
//! [`comma_list`]: crate::domain::comma_list

use sea_orm::sea_query::{Expr, SelectStatement, SimpleExpr};
use sea_orm::{DbBackend, DbErr};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// `"table"."column"`, for a [`json_list`] field or order. For the names this code spells
/// (tables, columns, aliases), never for anything a visitor sent.
pub(crate) fn quoted(table: &str, column: &str) -> String {
    format!("\"{table}\".\"{column}\"")
}

/// Every row `rows` selects (a correlated subquery) as one JSON array in a column of the
/// enclosing statement: each row an object of `fields` (key, SQL expression), the array
/// ordered by `order_by` (SQL), `NULL` or `[]` when there are none. The expressions are this
/// code's own SQL ([`quoted`] columns and functions), never a visitor's text.
pub(crate) fn json_list<K: AsRef<str>>(
    backend: DbBackend,
    mut rows: SelectStatement,
    fields: impl IntoIterator<Item = (K, String)>,
    order_by: &str,
) -> SimpleExpr {
    let pairs = fields
        .into_iter()
        .map(|(key, expression)| format!("'{}', {expression}", key.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    let aggregate = match backend {
        DbBackend::Postgres => {
            format!("json_agg(json_build_object({pairs}) ORDER BY {order_by})::text")
        }
        _ => format!("json_group_array(json_object({pairs}) ORDER BY {order_by})"),
    };
    rows.expr(Expr::cust(aggregate));
    Expr::SubQuery(None, Box::new(rows.into()))
}

/// The rows of a [`json_list`] column (none when it is `NULL`). A list that does not read is
/// an error of the database's data, not of the visitor: the page fails rather than showing
/// part of it.
pub(crate) fn parse_json_list<T: DeserializeOwned>(list: Option<&str>) -> Result<Vec<T>, DbErr> {
    match list {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text)
            .map_err(|e| DbErr::Type(format!("a folded list did not read: {e}"))),
    }
}

/// A boolean field of a [`json_list`]: `true`/`false` from PostgreSQL, `1`/`0` from SQLite.
pub(crate) fn bool_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Bool(bool),
        Number(i64),
    }
    Ok(match Stored::deserialize(d)? {
        Stored::Bool(b) => b,
        Stored::Number(n) => n != 0,
    })
}

/// The UTC day of a timestamp column, as a date both databases write alike in JSON.
pub(crate) fn day_of(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("({column} AT TIME ZONE 'UTC')::date"),
        _ => format!("date({column})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        name: String,
        #[serde(deserialize_with = "bool_or_number")]
        edited: bool,
        on: Option<chrono::NaiveDate>,
    }

    #[test]
    fn reads_both_databases_booleans_and_an_empty_list() {
        let sqlite: Vec<Row> = parse_json_list(Some(
            r#"[{"name":"A \"quoted\" <b>","edited":1,"on":"2026-03-04"}]"#,
        ))
        .unwrap();
        let postgres: Vec<Row> = parse_json_list(Some(
            r#"[{"name":"A \"quoted\" <b>","edited":true,"on":"2026-03-04"}]"#,
        ))
        .unwrap();
        assert_eq!(sqlite, postgres);
        assert_eq!(sqlite[0].name, "A \"quoted\" <b>");
        assert!(sqlite[0].edited);
        assert!(parse_json_list::<Row>(None).unwrap().is_empty());
        assert!(parse_json_list::<Row>(Some("[]")).unwrap().is_empty());
        assert!(parse_json_list::<Row>(Some("[{\"name\":1}]")).is_err());
    }
}
