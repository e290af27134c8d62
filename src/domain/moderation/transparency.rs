//! Moderation in figures, for the public: review texts approved and rejected by star rating,
//! rejections and removals by reason, and how long a decision takes, per month of decision.
//! Counted from the tallies recording an audit event keeps (`tallies`), so the figures are
//! the decisions as they were made. Counts only: no text, no names.

use std::collections::BTreeMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, FromQueryResult};

use crate::domain::moderation::tallies::Figure;
use crate::domain::{select_rows, string_aggregate};
use crate::entities::{moderation_tally, practitioner};
use crate::vocabulary::ReasonCode;

/// The figures of one month (or of all time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// "2026-09", or empty for all time.
    pub month: String,
    /// Texts approved, by star rating (index 0 = 1 star).
    pub approved: [u64; 5],
    /// Texts rejected, by star rating.
    pub rejected: [u64; 5],
    /// Rejections by reason, most frequent first.
    pub rejections: Vec<(ReasonCode, u64)>,
    /// Removals of published reviews (by a moderator or an upheld report), by reason.
    pub removals: Vec<(ReasonCode, u64)>,
    /// Median hours from a text's submission to its decision.
    pub median_hours_to_decision: Option<u64>,
}

/// Every month with a decision, newest first, and the all-time figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transparency {
    pub months: Vec<Figures>,
    pub all_time: Figures,
}

#[derive(FromQueryResult)]
struct TallyRow {
    month: String,
    figure: String,
    value: String,
    n: i64,
}

/// Where a star rating is counted in `approved` and `rejected` (index 0 = 1 star).
fn star_index(stars: i16) -> usize {
    usize::try_from(stars.clamp(1, 5) - 1).unwrap_or(0)
}

fn add_reason(list: &mut Vec<(ReasonCode, u64)>, reason: ReasonCode, n: u64) {
    match list.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, count)) => *count += n,
        None => list.push((reason, n)),
    }
}

/// The lower median of a distribution of (hours, how many).
fn median(distribution: &BTreeMap<u64, u64>) -> Option<u64> {
    let total: u64 = distribution.values().sum();
    let middle = total.checked_sub(1)? / 2;
    let mut seen = 0;
    for (hours, n) in distribution {
        seen += n;
        if seen > middle {
            return Some(*hours);
        }
    }
    None
}

/// The figures for all reviews, or for one practitioner's, in one statement over the
/// decisions' tallies (`tallies`): a few rows a practitioner and month, however many
/// reviews were decided.
pub async fn figures(
    db: &impl ConnectionTrait,
    practitioner_id: Option<i64>,
) -> Result<Transparency, DbErr> {
    let rows = select_rows::<TallyRow>(db, &monthly_tallies(practitioner_id)).await?;
    Ok(fold(rows))
}

/// One practitioner's all-time figures (what the profile shows), folded into one column of
/// an enclosing statement over `practitioners`: every tally of the practitioner of that row,
/// each month's as it is stored, as `figure:value:count` joined by commas
/// (`approved:5:40,approved:5:50,hours:24:200`). [`all_time_of_column`] sums the months as it
/// reads them, so the database neither sorts nor groups them (on PostgreSQL, grouping was
/// half the cost of the profile's first statement). A figure is a vocabulary name and a value
/// a vocabulary name or a number, so neither separator occurs in them. The profile reads its
/// figures in the practitioner's own row this way, not in a statement of their own. Read it
/// back with [`all_time_of_column`].
pub(crate) fn all_time_column(backend: DbBackend) -> SimpleExpr {
    use moderation_tally::Column as T;
    let aggregate = string_aggregate(backend);
    // The count is an INTEGER; PostgreSQL casts it to text for `||` as SQLite does.
    let packed = Query::select()
        .expr(Expr::cust(format!(
            "{aggregate}(\"figure\" || ':' || \"value\" || ':' || \"n\", ',')"
        )))
        .from(moderation_tally::Entity)
        .and_where(
            Expr::col((moderation_tally::Entity, T::PractitionerId))
                .equals((practitioner::Entity, practitioner::Column::Id)),
        )
        .to_owned();
    Expr::SubQuery(None, Box::new(packed.into()))
}

/// One practitioner's all-time figures alone, read through [`all_time_column`] as the
/// profile reads them in the practitioner's row.
pub async fn all_time(db: &impl ConnectionTrait, practitioner_id: i64) -> Result<Figures, DbErr> {
    #[derive(FromQueryResult)]
    struct Column {
        figures: Option<String>,
    }
    let query = Query::select()
        .expr_as(
            all_time_column(db.get_database_backend()),
            Alias::new("figures"),
        )
        .from(practitioner::Entity)
        .and_where(practitioner::Column::Id.eq(practitioner_id))
        .to_owned();
    let column = select_rows::<Column>(db, &query).await?.pop();
    Ok(all_time_of_column(
        column.and_then(|c| c.figures).as_deref(),
    ))
}

/// The all-time figures in a column [`all_time_column`] made (NULL when nothing was
/// tallied). A part that does not read as a tally is skipped, as [`fold`] skips a figure it
/// does not know. Each part is counted as it is read, borrowed from the column: the profile
/// reads a row a month for each figure (about a hundred for two years of decisions), and
/// copying each into a row of its own and a month's figures was a tenth of the profile's
/// processor time in the app.
pub(crate) fn all_time_of_column(column: Option<&str>) -> Figures {
    let mut all_time = Tally::default();
    for part in column.unwrap_or_default().split(',') {
        let mut fields = part.splitn(3, ':');
        if let (Some(figure), Some(value), Some(n)) = (fields.next(), fields.next(), fields.next())
            && let (Some(figure), Ok(n)) = (Figure::parse(figure, value), n.parse::<i64>())
        {
            all_time.add(figure, n.unsigned_abs());
        }
    }
    all_time.figures(String::new())
}

/// The tallies of every practitioner or of one, summed by month and figure.
fn monthly_tallies(practitioner_id: Option<i64>) -> SelectStatement {
    use moderation_tally::Column as T;
    let mut query = Query::select();
    query
        .columns([T::Month, T::Figure, T::Value])
        // PostgreSQL sums a BIGINT as NUMERIC.
        .expr_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), Alias::new("n"))
        .from(moderation_tally::Entity)
        .group_by_col(T::Month)
        .group_by_col(T::Figure)
        .group_by_col(T::Value);
    if let Some(id) = practitioner_id {
        query.and_where(T::PractitionerId.eq(id));
    }
    query
}

/// Decisions being counted, of a month or of all time: their figures, and how many were
/// made after each number of hours.
#[derive(Default)]
struct Tally {
    figures: Figures,
    hours: BTreeMap<u64, u64>,
}

impl Tally {
    /// Counts `n` decisions of `figure`.
    fn add(&mut self, figure: Figure, n: u64) {
        let figures = &mut self.figures;
        match figure {
            Figure::Approved(stars) => figures.approved[star_index(stars)] += n,
            Figure::Rejected(stars) => figures.rejected[star_index(stars)] += n,
            Figure::Rejection(reason) => add_reason(&mut figures.rejections, reason, n),
            Figure::Removal(reason) => add_reason(&mut figures.removals, reason, n),
            Figure::Hours(hours) => {
                *self
                    .hours
                    .entry(Ord::max(hours, 0).unsigned_abs())
                    .or_default() += n;
            }
        }
    }

    /// The figures counted, as `month`'s (empty for all time): reasons most frequent first,
    /// and the median time to a decision.
    fn figures(self, month: String) -> Figures {
        let mut figures = self.figures;
        figures.month = month;
        figures.median_hours_to_decision = median(&self.hours);
        for list in [&mut figures.rejections, &mut figures.removals] {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        figures
    }
}

/// The figures of each month and of all time from the summed tallies.
fn fold(rows: Vec<TallyRow>) -> Transparency {
    let mut months: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all_time = Tally::default();
    for row in rows {
        let Some(figure) = Figure::parse(&row.figure, &row.value) else {
            continue;
        };
        let n = row.n.unsigned_abs();
        months.entry(row.month).or_default().add(figure, n);
        all_time.add(figure, n);
    }
    Transparency {
        months: months
            .into_iter()
            .rev()
            .map(|(month, tally)| tally.figures(month))
            .collect(),
        all_time: all_time.figures(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_lower_middle_decision() {
        let distribution: BTreeMap<u64, u64> = [(2, 2), (30, 1), (50, 2)].into_iter().collect();
        assert_eq!(median(&distribution), Some(30));
        assert_eq!(median(&BTreeMap::new()), None);
    }

    #[test]
    fn the_all_time_column_sums_its_months_and_skips_what_it_cannot_read() {
        let column = "approved:5:40,approved:5:2,approved:1:3,rejection:duplicate:1,\
                      rejection:promotional:4,rejection:duplicate:2,hours:24:3,hours:2:1,\
                      hours:100:1,removal:promotional:1,unknown:x:9,approved:5,approved:x:1,\
                      rejected:2:nine";
        let figures = all_time_of_column(Some(column));
        assert_eq!(figures.month, "");
        assert_eq!(figures.approved, [3, 0, 0, 0, 42]);
        assert_eq!(figures.rejected, [0; 5]);
        assert_eq!(
            figures.rejections,
            vec![(ReasonCode::Promotional, 4), (ReasonCode::Duplicate, 3)],
            "most frequent first"
        );
        assert_eq!(figures.removals, vec![(ReasonCode::Promotional, 1)]);
        assert_eq!(figures.median_hours_to_decision, Some(24));
        assert_eq!(all_time_of_column(None), Figures::default());
        assert_eq!(all_time_of_column(Some("")), Figures::default());
    }
}
