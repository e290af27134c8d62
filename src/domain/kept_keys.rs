//! Keys kept on a row from other rows, so pages read them without a look-up per row: the
//! side effects of each review text (migration 22), the treatments and products each
//! practitioner offers (migration 20) and the reviews each account wrote (migration 21).
//! Each is written by the transaction that writes the rows it is kept from. `injectory
//! check` compares each with a recomputation from those rows ([`differences`]) and `--fix`
//! rewrites the rows that differ ([`repair`]).

use sea_orm::{ConnectionTrait, DbErr, Statement};

use crate::domain::{Transactional, begin_write};
use crate::vocabulary::{Product, SideEffect, Treatment};

/// How many rows hold a kept key that differs from their rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyDrift {
    /// `table.column`.
    pub key: &'static str,
    pub rows: u64,
}

/// A kept key: its table and column, and the SQL recomputing it for a row of the table.
struct KeptKey {
    key: &'static str,
    table: &'static str,
    column: &'static str,
    from_rows: String,
}

/// The bits (`values`, as stored and with their bit) of the `value` column of `rows`
/// belonging to the `owner` row, summed: each value is once per owner, the pair being the
/// table's key.
fn bits(
    rows: &str,
    value: &str,
    owner_column: &str,
    owner: &str,
    values: impl Iterator<Item = (&'static str, i32)>,
) -> String {
    let cases: String = values
        .map(|(stored, bit)| format!(" WHEN '{stored}' THEN {bit}"))
        .collect();
    format!(
        "COALESCE((SELECT SUM(CASE {value}{cases} ELSE 0 END) FROM {rows} \
         WHERE {rows}.{owner_column} = {owner}.id), 0)"
    )
}

fn kept_keys() -> [KeptKey; 4] {
    [
        KeptKey {
            key: "review_revisions.side_effect_flags",
            table: "review_revisions",
            column: "side_effect_flags",
            from_rows: bits(
                "review_side_effects",
                "side_effect",
                "revision_id",
                "review_revisions",
                SideEffect::ALL.iter().map(|e| (e.as_str(), e.flag())),
            ),
        },
        KeptKey {
            key: "practitioners.treatment_flags",
            table: "practitioners",
            column: "treatment_flags",
            from_rows: bits(
                "practitioner_treatments",
                "treatment",
                "practitioner_id",
                "practitioners",
                Treatment::ALL.iter().map(|t| (t.as_str(), t.flag())),
            ),
        },
        KeptKey {
            key: "practitioners.product_flags",
            table: "practitioners",
            column: "product_flags",
            from_rows: bits(
                "practitioner_products",
                "product",
                "practitioner_id",
                "practitioners",
                Product::ALL.iter().map(|p| (p.as_str(), p.flag())),
            ),
        },
        KeptKey {
            key: "accounts.reviews_written",
            table: "accounts",
            column: "reviews_written",
            from_rows: "(SELECT COUNT(*) FROM reviews WHERE reviews.author_id = accounts.id)"
                .to_owned(),
        },
    ]
}

impl KeptKey {
    /// The condition on a row of the table that its key differs from a recomputation.
    fn differs(&self) -> String {
        format!("{} <> {}", self.column, self.from_rows)
    }
}

/// Each kept key with rows that differ from a recomputation, and how many.
pub async fn differences(db: &impl ConnectionTrait) -> Result<Vec<KeyDrift>, DbErr> {
    let backend = db.get_database_backend();
    let mut drifts = Vec::new();
    for kept in kept_keys() {
        let rows = db
            .query_one_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT COUNT(*) AS n FROM {} WHERE {}",
                    kept.table,
                    kept.differs()
                ),
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if rows > 0 {
            drifts.push(KeyDrift {
                key: kept.key,
                rows: rows.unsigned_abs(),
            });
        }
    }
    Ok(drifts)
}

/// Rewrites every kept key that differs from its rows, in one transaction; returns what it
/// rewrote.
pub async fn repair(db: &impl Transactional) -> Result<Vec<KeyDrift>, DbErr> {
    let txn = begin_write(db).await?;
    let mut repaired = Vec::new();
    for kept in kept_keys() {
        let result = txn
            .execute_unprepared(&format!(
                "UPDATE {} SET {} = {} WHERE {}",
                kept.table,
                kept.column,
                kept.from_rows,
                kept.differs()
            ))
            .await?;
        if result.rows_affected() > 0 {
            repaired.push(KeyDrift {
                key: kept.key,
                rows: result.rows_affected(),
            });
        }
    }
    txn.commit().await?;
    Ok(repaired)
}
