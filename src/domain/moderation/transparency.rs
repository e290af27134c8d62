//! Moderation in figures, for the public: review texts approved and rejected by star rating,
//! rejections and removals by reason, and how long a decision takes, per month of decision.
//! Counted from the audit log, so the figures are the decisions as they were made. Counts
//! only: no text, no names.

use std::collections::BTreeMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, FromQueryResult};

use crate::domain::select_rows;
use crate::entities::{moderation_event, review, review_revision};
use crate::vocabulary::{ModerationAction, ReasonCode, SubjectKind};

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

fn month_of(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "to_char(moderation_events.created_at AT TIME ZONE 'UTC', 'YYYY-MM')"
        }
        _ => "strftime('%Y-%m', moderation_events.created_at)",
    }
}

fn hours_to_decision(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "CAST(FLOOR(EXTRACT(EPOCH FROM (moderation_events.created_at - review_revisions.created_at)) / 3600) AS BIGINT)"
        }
        _ => {
            "CAST((julianday(moderation_events.created_at) - julianday(review_revisions.created_at)) * 24 AS INTEGER)"
        }
    }
}

/// Review events with the given actions, optionally of one practitioner's reviews, with
/// their month; `with_text` joins the decided text.
fn events(
    backend: DbBackend,
    actions: &[ModerationAction],
    practitioner_id: Option<i64>,
    with_text: bool,
) -> SelectStatement {
    use moderation_event::Column as E;
    let mut query = Query::select();
    query
        .expr_as(Expr::cust(month_of(backend)), Alias::new("month"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from(moderation_event::Entity)
        .and_where(E::SubjectKind.eq(SubjectKind::Review))
        .and_where(E::Action.is_in(actions.iter().copied()))
        .group_by_col(Alias::new("month"));
    if with_text {
        query.inner_join(
            review_revision::Entity,
            Expr::col((review_revision::Entity, review_revision::Column::Id))
                .equals((moderation_event::Entity, E::RevisionId)),
        );
    }
    if let Some(id) = practitioner_id {
        query
            .inner_join(
                review::Entity,
                Expr::col((review::Entity, review::Column::Id))
                    .equals((moderation_event::Entity, E::SubjectId)),
            )
            .and_where(review::Column::PractitionerId.eq(id));
    }
    query
}

/// One group of decisions: `kind` 0 by action and star rating, 1 by action and reason,
/// 2 by hours to decision (the other columns of a kind are empty).
#[derive(FromQueryResult)]
struct FigureRow {
    kind: i32,
    month: String,
    action: Option<ModerationAction>,
    rating: Option<i16>,
    reason_code: Option<ReasonCode>,
    hours: Option<i64>,
    n: i64,
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

/// The figures for all reviews, or for one practitioner's, in one statement: three
/// aggregates of the audit log joined by `UNION ALL`.
pub async fn figures(
    db: &impl ConnectionTrait,
    practitioner_id: Option<i64>,
) -> Result<Transparency, DbErr> {
    use moderation_event::Column as E;
    use review_revision::Column as V;
    let backend = db.get_database_backend();
    // Typed, so PostgreSQL can match each column's type across the branches.
    let no_action = || Expr::cust("CAST(NULL AS VARCHAR(32))");
    let no_rating = || Expr::cust("CAST(NULL AS SMALLINT)");
    let no_reason = || Expr::cust("CAST(NULL AS VARCHAR(32))");
    let no_hours = || Expr::cust("CAST(NULL AS BIGINT)");
    let action = || Expr::col((moderation_event::Entity, E::Action));

    let mut query = events(
        backend,
        &[ModerationAction::Approve, ModerationAction::Reject],
        practitioner_id,
        true,
    );
    query
        .expr_as(Expr::val(0), Alias::new("kind"))
        .expr_as(action(), Alias::new("action"))
        .expr_as(
            Expr::col((review_revision::Entity, V::Rating)),
            Alias::new("rating"),
        )
        .expr_as(no_reason(), Alias::new("reason_code"))
        .expr_as(no_hours(), Alias::new("hours"))
        .group_by_col((moderation_event::Entity, E::Action))
        .group_by_col((review_revision::Entity, V::Rating));

    let mut reasons = events(
        backend,
        &[
            ModerationAction::Reject,
            ModerationAction::Remove,
            ModerationAction::UpholdFlag,
        ],
        practitioner_id,
        false,
    );
    reasons
        .expr_as(Expr::val(1), Alias::new("kind"))
        .expr_as(action(), Alias::new("action"))
        .expr_as(no_rating(), Alias::new("rating"))
        .expr_as(
            Expr::col((moderation_event::Entity, E::ReasonCode)),
            Alias::new("reason_code"),
        )
        .expr_as(no_hours(), Alias::new("hours"))
        .and_where(E::ReasonCode.is_not_null())
        .group_by_col((moderation_event::Entity, E::Action))
        .group_by_col((moderation_event::Entity, E::ReasonCode));

    let mut timing = events(
        backend,
        &[
            ModerationAction::Approve,
            ModerationAction::Reject,
            ModerationAction::RequestChanges,
        ],
        practitioner_id,
        true,
    );
    timing
        .expr_as(Expr::val(2), Alias::new("kind"))
        .expr_as(no_action(), Alias::new("action"))
        .expr_as(no_rating(), Alias::new("rating"))
        .expr_as(no_reason(), Alias::new("reason_code"))
        .expr_as(Expr::cust(hours_to_decision(backend)), Alias::new("hours"))
        .group_by_col(Alias::new("hours"));
    query
        .union(UnionType::All, reasons)
        .union(UnionType::All, timing);

    let mut months: BTreeMap<String, Figures> = BTreeMap::new();
    let mut all_time = Figures::default();
    let mut distributions: BTreeMap<String, BTreeMap<u64, u64>> = BTreeMap::new();
    let mut overall: BTreeMap<u64, u64> = BTreeMap::new();
    for row in select_rows::<FigureRow>(db, &query).await? {
        let n = row.n.unsigned_abs();
        match (row.kind, row.action, row.rating, row.reason_code, row.hours) {
            (0, Some(action), Some(rating), _, _) => {
                let index = usize::try_from(rating.clamp(1, 5) - 1).unwrap_or(0);
                let month = months.entry(row.month.clone()).or_default();
                month.month = row.month;
                for figures in [month, &mut all_time] {
                    match action {
                        ModerationAction::Approve => figures.approved[index] += n,
                        _ => figures.rejected[index] += n,
                    }
                }
            }
            (1, Some(action), _, Some(reason), _) => {
                let month = months.entry(row.month.clone()).or_default();
                month.month = row.month;
                for figures in [month, &mut all_time] {
                    let list = match action {
                        ModerationAction::Reject => &mut figures.rejections,
                        _ => &mut figures.removals,
                    };
                    add_reason(list, reason, n);
                }
            }
            (2, _, _, _, Some(hours)) => {
                let hours = Ord::max(hours, 0).unsigned_abs();
                *distributions
                    .entry(row.month)
                    .or_default()
                    .entry(hours)
                    .or_default() += n;
                *overall.entry(hours).or_default() += n;
            }
            _ => {}
        }
    }
    for (month, distribution) in &distributions {
        let figures = months.entry(month.clone()).or_default();
        figures.month = month.clone();
        figures.median_hours_to_decision = median(distribution);
    }
    all_time.median_hours_to_decision = median(&overall);

    let mut months: Vec<Figures> = months.into_values().rev().collect();
    for figures in months.iter_mut().chain(std::iter::once(&mut all_time)) {
        for list in [&mut figures.rejections, &mut figures.removals] {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
    }
    Ok(Transparency { months, all_time })
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
}
