//! Tallies of review decisions, kept beside the audit log so the moderation figures are read
//! without grouping the log: for each practitioner and month, how many texts were approved
//! and rejected at each star rating, how many rejections and removals gave each reason, and
//! how many decisions took each whole number of hours. Recording an event adds to its
//! tallies in the event's transaction ([`add`]); the migration that made the table tallied
//! the events before it.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use crate::entities::{moderation_event, moderation_tally, review, review_revision};
use crate::vocabulary::{ModerationAction, ReasonCode, SubjectKind};

/// What a tally counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// A text approved with this star rating.
    Approved(i16),
    /// A text rejected with this star rating.
    Rejected(i16),
    /// A text rejected for this reason.
    Rejection(ReasonCode),
    /// A published review removed (by a moderator or an upheld report) for this reason.
    Removal(ReasonCode),
    /// A decision on a text (approve, reject, request changes) this many whole hours after
    /// the text was submitted.
    Hours(i64),
}

impl Figure {
    fn key(self) -> (&'static str, String) {
        match self {
            Figure::Approved(stars) => ("approved", stars.to_string()),
            Figure::Rejected(stars) => ("rejected", stars.to_string()),
            Figure::Rejection(reason) => ("rejection", reason.as_str().to_owned()),
            Figure::Removal(reason) => ("removal", reason.as_str().to_owned()),
            Figure::Hours(hours) => ("hours", hours.to_string()),
        }
    }

    /// The figure a stored tally counts (None for a row this version does not know).
    pub fn parse(figure: &str, value: &str) -> Option<Self> {
        match figure {
            "approved" => value.parse().ok().map(Figure::Approved),
            "rejected" => value.parse().ok().map(Figure::Rejected),
            "rejection" => ReasonCode::parse(value).map(Figure::Rejection),
            "removal" => ReasonCode::parse(value).map(Figure::Removal),
            "hours" => value.parse().ok().map(Figure::Hours),
            _ => None,
        }
    }
}

/// The figures one decision counts in, given the decided text's rating and hours from its
/// submission when the event names a text.
fn figures_of(
    action: ModerationAction,
    reason: Option<ReasonCode>,
    text: Option<(i16, i64)>,
) -> Vec<Figure> {
    use ModerationAction as A;
    let mut figures = Vec::new();
    if let Some((stars, hours)) = text {
        match action {
            A::Approve => figures.push(Figure::Approved(stars)),
            A::Reject => figures.push(Figure::Rejected(stars)),
            _ => {}
        }
        if matches!(action, A::Approve | A::Reject | A::RequestChanges) {
            figures.push(Figure::Hours(hours));
        }
    }
    match (action, reason) {
        (A::Reject, Some(reason)) => figures.push(Figure::Rejection(reason)),
        (A::Remove | A::UpholdFlag, Some(reason)) => figures.push(Figure::Removal(reason)),
        _ => {}
    }
    figures
}

/// Adds a just-recorded `event` to the tallies of the practitioner whose review it decided
/// (nothing for events about anything else).
pub(crate) async fn add(
    db: &impl ConnectionTrait,
    event: &moderation_event::Model,
) -> Result<(), DbErr> {
    use ModerationAction as A;
    let counted = matches!(
        event.action,
        A::Approve | A::Reject | A::RequestChanges | A::Remove | A::UpholdFlag
    );
    if event.subject_kind != SubjectKind::Review || !counted {
        return Ok(());
    }
    let Some(about) = review::Entity::find_by_id(event.subject_id).one(db).await? else {
        return Ok(());
    };
    let text = match event.revision_id {
        Some(id) => review_revision::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|v| (v.rating, (event.created_at - v.created_at).num_hours())),
        None => None,
    };
    let month = event.created_at.format("%Y-%m").to_string();
    let rows: Vec<moderation_tally::ActiveModel> =
        figures_of(event.action, event.reason_code, text)
            .into_iter()
            .map(|figure| {
                let (figure, value) = figure.key();
                moderation_tally::ActiveModel {
                    practitioner_id: Set(about.practitioner_id),
                    month: Set(month.clone()),
                    figure: Set(figure.to_owned()),
                    value: Set(value),
                    n: Set(1),
                }
            })
            .collect();
    if rows.is_empty() {
        return Ok(());
    }
    use moderation_tally::Column as T;
    moderation_tally::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([T::PractitionerId, T::Month, T::Figure, T::Value])
                .value(T::N, Expr::col((moderation_tally::Entity, T::N)).add(1))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_counts_its_rating_its_reason_and_its_time() {
        use ModerationAction as A;
        use ReasonCode::Duplicate;
        assert_eq!(
            figures_of(A::Approve, None, Some((4, 30))),
            vec![Figure::Approved(4), Figure::Hours(30)]
        );
        assert_eq!(
            figures_of(A::Reject, Some(Duplicate), Some((2, 5))),
            vec![
                Figure::Rejected(2),
                Figure::Hours(5),
                Figure::Rejection(Duplicate)
            ]
        );
        assert_eq!(
            figures_of(A::RequestChanges, None, Some((3, 1))),
            vec![Figure::Hours(1)]
        );
        assert_eq!(
            figures_of(A::UpholdFlag, Some(Duplicate), None),
            vec![Figure::Removal(Duplicate)]
        );
        assert_eq!(figures_of(A::Remove, None, None), vec![]);
        for figure in [
            Figure::Approved(5),
            Figure::Rejection(Duplicate),
            Figure::Hours(12),
        ] {
            let (name, value) = figure.key();
            assert_eq!(Figure::parse(name, &value), Some(figure));
        }
    }
}
