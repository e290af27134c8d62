//! Who wrote a review and whom it is about, as every review-bearing queue shows it.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Iterable};

use crate::domain::select_rows;
use crate::entities::{account, practitioner, review};

/// Whose review this is and whose profile it is about, for the "not your own" rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewContext {
    pub review_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub author_name: String,
    /// Came through a practitioner's invite.
    pub verified_patient: bool,
    /// The viewing moderator wrote it or owns the profile, so may not decide it.
    pub own: bool,
}

/// A review with whose it is, whom it is about and how many reviews its author wrote.
#[derive(FromQueryResult)]
struct ContextRow {
    #[sea_orm(nested)]
    review: review::Model,
    author_name: Option<String>,
    practitioner_name: Option<String>,
    practitioner_slug: Option<String>,
    owner_account_id: Option<i64>,
    author_reviews: i64,
}

/// The context of each review, with the review and how many reviews its author wrote: one
/// statement (the review joined to its author and practitioner).
pub(super) async fn contexts(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    review_ids: &[i64],
) -> Result<HashMap<i64, (ReviewContext, review::Model, u64)>, DbErr> {
    let authored = Alias::new("authored");
    let author_reviews = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_as(review::Entity, authored.clone())
        .and_where(
            Expr::col((authored, review::Column::AuthorId))
                .equals((review::Entity, review::Column::AuthorId)),
        )
        .to_owned();
    let mut query = Query::select();
    for column in review::Column::iter() {
        query.column((review::Entity, column));
    }
    query
        .expr_as(
            Expr::col((account::Entity, account::Column::DisplayName)),
            Alias::new("author_name"),
        )
        .expr_as(
            Expr::col((practitioner::Entity, practitioner::Column::Name)),
            Alias::new("practitioner_name"),
        )
        .expr_as(
            Expr::col((practitioner::Entity, practitioner::Column::Slug)),
            Alias::new("practitioner_slug"),
        )
        .expr_as(
            Expr::col((practitioner::Entity, practitioner::Column::AccountId)),
            Alias::new("owner_account_id"),
        )
        .expr_as(
            Expr::SubQuery(None, Box::new(author_reviews.into())),
            Alias::new("author_reviews"),
        )
        .from(review::Entity)
        .left_join(
            account::Entity,
            Expr::col((account::Entity, account::Column::Id))
                .equals((review::Entity, review::Column::AuthorId)),
        )
        .left_join(
            practitioner::Entity,
            Expr::col((practitioner::Entity, practitioner::Column::Id))
                .equals((review::Entity, review::Column::PractitionerId)),
        )
        .and_where(
            Expr::col((review::Entity, review::Column::Id)).is_in(review_ids.iter().copied()),
        );
    Ok(select_rows::<ContextRow>(db, &query)
        .await?
        .into_iter()
        .map(|row| {
            let r = row.review;
            let context = ReviewContext {
                review_id: r.id,
                practitioner_name: row.practitioner_name.unwrap_or_default(),
                practitioner_slug: row.practitioner_slug.unwrap_or_default(),
                author_name: row.author_name.unwrap_or_default(),
                verified_patient: r.verified_patient,
                own: r.author_id == moderator_id || row.owner_account_id == Some(moderator_id),
            };
            (r.id, (context, r, row.author_reviews.unsigned_abs()))
        })
        .collect())
}
