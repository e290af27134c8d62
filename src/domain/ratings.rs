//! Rating arithmetic shared by the counters, the directory order and the profile summary.

use sea_orm::sea_query::Expr;

/// How many imaginary reviews at [`PRIOR_MEAN`] every practitioner starts with. With five,
/// a single 5-star review scores 4.17 while two hundred 4.8s score 4.78, so volume of good
/// evidence outranks one lucky review.
pub const PRIOR_WEIGHT: f64 = 5.0;

/// The rating those imaginary reviews give: a little below the typical approved average.
pub const PRIOR_MEAN: f64 = 4.0;

/// The score of a practitioner with no approved reviews: below every rated one, so "best
/// rated" never puts someone nobody has rated above people with real reviews.
pub const UNRATED_SCORE: f64 = 0.0;

/// The Bayesian average of `count` approved ratings summing to `sum`, or
/// [`UNRATED_SCORE`] with none.
pub fn bayesian_score(sum: i64, count: i64) -> f64 {
    if count == 0 {
        return UNRATED_SCORE;
    }
    (PRIOR_WEIGHT * PRIOR_MEAN + sum as f64) / (PRIOR_WEIGHT + count as f64)
}

/// [`bayesian_score`] as a SQL expression over two columns, so an update can set the score
/// from the counters it has just changed.
pub fn bayesian_score_expr(
    sum: sea_orm::sea_query::Expr,
    count: sea_orm::sea_query::Expr,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::ExprTrait;
    let score = Expr::val(PRIOR_WEIGHT * PRIOR_MEAN)
        .add(sum)
        .div(Expr::val(PRIOR_WEIGHT).add(count.clone()));
    Expr::case(count.eq(0), Expr::val(UNRATED_SCORE))
        .finally(score)
        .into()
}

/// `part` as a whole percentage of `whole`, rounded half up; `None` when `whole` is zero.
pub fn share_percent(part: i64, whole: i64) -> Option<i64> {
    (part * 100 + whole / 2).checked_div(whole)
}

/// The plain average, or `None` when there are no ratings.
pub fn average(sum: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| sum as f64 / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_perfect_review_does_not_outrank_many_very_good_ones() {
        let one_five = bayesian_score(5, 1);
        let two_hundred_four_point_eights = bayesian_score(960, 200);
        assert!(two_hundred_four_point_eights > one_five);
    }

    #[test]
    fn no_reviews_scores_below_any_rating() {
        assert_eq!(bayesian_score(0, 0), UNRATED_SCORE);
        assert!(
            bayesian_score(1, 1) > UNRATED_SCORE,
            "one 1-star review still ranks above none"
        );
        assert_eq!(average(0, 0), None);
        assert_eq!(average(9, 2), Some(4.5));
    }
}
