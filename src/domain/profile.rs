//! A practitioner's public profile: only published practitioners and approved content.
//! Everything on it is computed from approved rows: the rating summary from the counters the
//! moderation transactions keep, the side-effect summary from approved review texts.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::profiles;
use crate::domain::ratings;
use crate::entities::kinds::{
    CredentialStatus, PhotoStatus, Product, ReviewStatus, RevisionStatus, SideEffect, Treatment,
};
use crate::entities::{
    credential, gallery_item, image, practitioner, practitioner_response, review, review_revision,
    review_side_effect,
};

/// Approved reviews shown per profile page.
pub const REVIEWS_PER_PAGE: u64 = 10;

/// A credential's state as a patient reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialState {
    /// Verified and not expired: when, and against what.
    Verified {
        on: Option<NaiveDate>,
        source: Option<String>,
    },
    /// Verified once, but its expiry date has passed.
    Expired { on: NaiveDate },
    /// Submitted, not yet checked.
    Pending,
}

impl CredentialState {
    /// Reads a credential's stored status against today's date. Rejected ones have no
    /// public state (they are not shown).
    pub fn of(c: &credential::Model, today: NaiveDate) -> Option<Self> {
        match c.status {
            CredentialStatus::Rejected => None,
            CredentialStatus::Pending => Some(CredentialState::Pending),
            CredentialStatus::Verified => match c.expires_on {
                Some(expiry) if expiry < today => Some(CredentialState::Expired { on: expiry }),
                _ => Some(CredentialState::Verified {
                    on: c.verified_at.map(|at| at.date_naive()),
                    source: c.source_checked.clone(),
                }),
            },
        }
    }

    /// The state in words: "Verified on 3 March 2026 against the Texas Medical Board".
    pub fn in_words(&self) -> String {
        match self {
            CredentialState::Verified { on, source } => {
                let mut words = "Verified".to_owned();
                if let Some(on) = on {
                    words.push_str(&format!(" on {}", on.format("%-d %B %Y")));
                }
                if let Some(source) = source.as_deref().filter(|s| !s.is_empty()) {
                    words.push_str(&format!(" against {source}"));
                }
                words
            }
            CredentialState::Expired { on } => format!("Expired on {}", on.format("%-d %B %Y")),
            CredentialState::Pending => "Pending: not yet verified".to_owned(),
        }
    }
}

/// A credential as the profile shows it.
#[derive(Clone, Debug)]
pub struct PublicCredential {
    pub credential: credential::Model,
    pub state: CredentialState,
}

/// An approved before/after pair with its two images.
#[derive(Clone, Debug)]
pub struct GalleryPair {
    pub item: gallery_item::Model,
    pub before: image::Model,
    pub after: image::Model,
}

/// How often each side effect was reported in approved reviews.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SideEffectSummary {
    /// Approved reviews considered (the denominator).
    pub reviewers: u64,
    /// Each reported side effect with how many reviewers reported it, most reported first.
    pub reported: Vec<(SideEffect, u64)>,
    /// Median days until the result showed, among reviewers who said.
    pub typical_onset_days: Option<i32>,
    /// Median weeks the result lasted, among reviewers who said.
    pub typical_weeks_lasted: Option<i32>,
}

impl SideEffectSummary {
    /// The share of reviewers reporting `count`, in whole percent.
    pub fn percent(&self, count: u64) -> u64 {
        // Counts of reviews are far below i64::MAX; the share is 0..=100.
        ratings::share_percent(count as i64, self.reviewers as i64).unwrap_or(0) as u64
    }
}

/// Builds the summary from each approved review's side effects, onset and duration.
pub fn summarize_side_effects(
    reviews: &[(Vec<SideEffect>, Option<i32>, Option<i32>)],
) -> SideEffectSummary {
    let mut counts: HashMap<SideEffect, u64> = HashMap::new();
    for (effects, _, _) in reviews {
        let mut seen = Vec::new();
        for effect in effects {
            if !seen.contains(effect) {
                seen.push(*effect);
                *counts.entry(*effect).or_default() += 1;
            }
        }
    }
    let mut reported: Vec<(SideEffect, u64)> = counts.into_iter().collect();
    reported.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            let position = |e: &SideEffect| SideEffect::ALL.iter().position(|x| x == e);
            position(&a.0).cmp(&position(&b.0))
        })
    });
    let median = |mut values: Vec<i32>| -> Option<i32> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        Some(values[(values.len() - 1) / 2])
    };
    SideEffectSummary {
        reviewers: reviews.len() as u64,
        reported,
        typical_onset_days: median(reviews.iter().filter_map(|r| r.1).collect()),
        typical_weeks_lasted: median(reviews.iter().filter_map(|r| r.2).collect()),
    }
}

/// One approved review as the public sees it.
#[derive(Clone, Debug)]
pub struct PublicReview {
    pub revision: review_revision::Model,
    pub verified_patient: bool,
    pub approved_at: Option<DateTime<Utc>>,
    pub side_effects: Vec<SideEffect>,
    pub response: Option<String>,
}

/// Moderation decisions on this practitioner's review texts, by star rating (index 0 = 1 star).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModerationFigures {
    pub approved: [u64; 5],
    pub rejected: [u64; 5],
}

/// Everything the profile page shows.
#[derive(Clone, Debug)]
pub struct PublicProfile {
    pub practitioner: practitioner::Model,
    pub verified: bool,
    pub average_rating: Option<f64>,
    pub treatments: Vec<Treatment>,
    pub products: Vec<Product>,
    pub credentials: Vec<PublicCredential>,
    pub gallery: Vec<GalleryPair>,
    pub side_effects: SideEffectSummary,
    pub reviews: Vec<PublicReview>,
    /// 1-based page of reviews shown, and how many pages there are.
    pub review_page: u64,
    pub review_pages: u64,
    pub moderation: ModerationFigures,
}

/// A published practitioner by slug, or `None` (unknown or unpublished: the 404 page).
pub async fn published_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<practitioner::Model>, DbErr> {
    practitioner::Entity::find()
        .filter(practitioner::Column::Slug.eq(slug))
        .filter(practitioner::Column::Published.eq(true))
        .one(db)
        .await
}

/// Approved review rows of a practitioner, newest approval first.
async fn approved_reviews(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<review::Model>, DbErr> {
    review::Entity::find()
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .filter(review::Column::ApprovedRevisionId.is_not_null())
        .order_by_desc(review::Column::ApprovedAt)
        .order_by_desc(review::Column::Id)
        .all(db)
        .await
}

/// Side effects reported on the given revisions, by revision.
pub async fn side_effects_of(
    db: &impl ConnectionTrait,
    revision_ids: &[i64],
) -> Result<HashMap<i64, Vec<SideEffect>>, DbErr> {
    let mut by_revision: HashMap<i64, Vec<SideEffect>> = HashMap::new();
    for chunk in revision_ids.chunks(500) {
        let rows: Vec<(i64, SideEffect)> = review_side_effect::Entity::find()
            .select_only()
            .column(review_side_effect::Column::RevisionId)
            .column(review_side_effect::Column::SideEffect)
            .filter(review_side_effect::Column::RevisionId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (revision, effect) in rows {
            by_revision.entry(revision).or_default().push(effect);
        }
    }
    Ok(by_revision)
}

/// The side-effect summary over a practitioner's approved reviews.
pub async fn side_effect_summary(
    db: &impl ConnectionTrait,
    approved_revision_ids: &[i64],
) -> Result<SideEffectSummary, DbErr> {
    let effects = side_effects_of(db, approved_revision_ids).await?;
    summary_with_effects(db, approved_revision_ids, &effects).await
}

/// The side-effect summary when the revisions' side effects are already loaded.
async fn summary_with_effects(
    db: &impl ConnectionTrait,
    approved_revision_ids: &[i64],
    effects: &HashMap<i64, Vec<SideEffect>>,
) -> Result<SideEffectSummary, DbErr> {
    let mut timing: Vec<(i64, Option<i32>, Option<i32>)> = Vec::new();
    for chunk in approved_revision_ids.chunks(500) {
        let rows: Vec<(i64, Option<i32>, Option<i32>)> = review_revision::Entity::find()
            .select_only()
            .column(review_revision::Column::Id)
            .column(review_revision::Column::DaysToOnset)
            .column(review_revision::Column::WeeksLasted)
            .filter(review_revision::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        timing.extend(rows);
    }
    let rows: Vec<(Vec<SideEffect>, Option<i32>, Option<i32>)> = timing
        .into_iter()
        .map(|(id, onset, weeks)| (effects.get(&id).cloned().unwrap_or_default(), onset, weeks))
        .collect();
    Ok(summarize_side_effects(&rows))
}

async fn moderation_figures(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<ModerationFigures, DbErr> {
    let review_ids: Vec<i64> = review::Entity::find()
        .select_only()
        .column(review::Column::Id)
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut figures = ModerationFigures::default();
    for chunk in review_ids.chunks(500) {
        let rows: Vec<(i16, RevisionStatus)> = review_revision::Entity::find()
            .select_only()
            .column(review_revision::Column::Rating)
            .column(review_revision::Column::Status)
            .filter(review_revision::Column::ReviewId.is_in(chunk.iter().copied()))
            .filter(
                review_revision::Column::Status
                    .is_in([RevisionStatus::Approved, RevisionStatus::Rejected]),
            )
            .into_tuple()
            .all(db)
            .await?;
        for (rating, status) in rows {
            let index = usize::try_from(rating.clamp(1, 5) - 1).unwrap_or(0);
            match status {
                RevisionStatus::Approved => figures.approved[index] += 1,
                _ => figures.rejected[index] += 1,
            }
        }
    }
    Ok(figures)
}

async fn approved_gallery(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<GalleryPair>, DbErr> {
    let items = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .order_by_desc(gallery_item::Column::CreatedAt)
        .order_by_desc(gallery_item::Column::Id)
        .all(db)
        .await?;
    let image_ids: Vec<i64> = items
        .iter()
        .flat_map(|i| [i.before_image_id, i.after_image_id])
        .collect();
    let images: HashMap<i64, image::Model> = image::Entity::find()
        .filter(image::Column::Id.is_in(image_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    Ok(items
        .into_iter()
        .filter_map(|item| {
            let before = images.get(&item.before_image_id)?.clone();
            let after = images.get(&item.after_image_id)?.clone();
            Some(GalleryPair {
                item,
                before,
                after,
            })
        })
        .collect())
}

/// One approved before/after pair of a published practitioner, with that practitioner.
pub async fn approved_pair(
    db: &impl ConnectionTrait,
    slug: &str,
    item_id: i64,
) -> Result<Option<(practitioner::Model, GalleryPair)>, DbErr> {
    let Some(p) = published_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let Some(item) = gallery_item::Entity::find_by_id(item_id)
        .filter(gallery_item::Column::PractitionerId.eq(p.id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let before = image::Entity::find_by_id(item.before_image_id)
        .one(db)
        .await?;
    let after = image::Entity::find_by_id(item.after_image_id)
        .one(db)
        .await?;
    Ok(before.zip(after).map(|(before, after)| {
        (
            p,
            GalleryPair {
                item,
                before,
                after,
            },
        )
    }))
}

/// Loads a published practitioner's profile with page `review_page` of approved reviews.
pub async fn load(
    db: &impl ConnectionTrait,
    slug: &str,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let Some(p) = published_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let treatments = profiles::treatments_of(db, p.id).await?;
    let products = profiles::products_of(db, p.id).await?;
    let mut credentials: Vec<PublicCredential> = credential::Entity::find()
        .filter(credential::Column::PractitionerId.eq(p.id))
        .filter(credential::Column::Status.ne(CredentialStatus::Rejected))
        .order_by_asc(credential::Column::Kind)
        .order_by_asc(credential::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| {
            CredentialState::of(&c, today).map(|state| PublicCredential {
                credential: c,
                state,
            })
        })
        .collect();
    // Verified first, then pending, then expired.
    credentials.sort_by_key(|c| match c.state {
        CredentialState::Verified { .. } => 0,
        CredentialState::Pending => 1,
        CredentialState::Expired { .. } => 2,
    });
    let gallery = approved_gallery(db, p.id).await?;

    let approved = approved_reviews(db, p.id).await?;
    let approved_revision_ids: Vec<i64> = approved
        .iter()
        .filter_map(|r| r.approved_revision_id)
        .collect();
    // One read of the side effects serves the summary and the reviews shown.
    let effects = side_effects_of(db, &approved_revision_ids).await?;
    let side_effects = summary_with_effects(db, &approved_revision_ids, &effects).await?;

    let review_pages = (approved.len() as u64).div_ceil(REVIEWS_PER_PAGE).max(1);
    let review_page = review_page.clamp(1, review_pages);
    let start = usize::try_from((review_page - 1) * REVIEWS_PER_PAGE).unwrap_or(usize::MAX);
    let shown: Vec<&review::Model> = approved
        .iter()
        .skip(start)
        .take(REVIEWS_PER_PAGE as usize)
        .collect();
    let shown_revision_ids: Vec<i64> = shown
        .iter()
        .filter_map(|r| r.approved_revision_id)
        .collect();
    let revisions: HashMap<i64, review_revision::Model> = review_revision::Entity::find()
        .filter(review_revision::Column::Id.is_in(shown_revision_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let responses: HashMap<i64, String> = practitioner_response::Entity::find()
        .filter(practitioner_response::Column::ReviewId.is_in(shown.iter().map(|r| r.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.review_id, r.body))
        .collect();
    let reviews = shown
        .into_iter()
        .filter_map(|r| {
            let revision = revisions.get(&r.approved_revision_id?)?.clone();
            Some(PublicReview {
                side_effects: effects.get(&revision.id).cloned().unwrap_or_default(),
                revision,
                verified_patient: r.verified_patient,
                approved_at: r.approved_at,
                response: responses.get(&r.id).cloned(),
            })
        })
        .collect();
    let moderation = moderation_figures(db, p.id).await?;

    Ok(Some(PublicProfile {
        verified: crate::domain::practitioners::is_verified_on(&p, today),
        average_rating: ratings::average(p.rating_sum.into(), p.review_count.into()),
        practitioner: p,
        treatments,
        products,
        credentials,
        gallery,
        side_effects,
        reviews,
        review_page,
        review_pages,
        moderation,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_effects_count_reviewers_not_mentions_and_medians_skip_blanks() {
        use SideEffect::*;
        let summary = summarize_side_effects(&[
            (vec![Bruising, Asymmetry], Some(3), Some(10)),
            (vec![Bruising, Bruising], Some(5), None),
            (vec![], None, Some(12)),
            (vec![Swelling], Some(4), Some(8)),
        ]);
        assert_eq!(summary.reviewers, 4);
        assert_eq!(
            summary.reported,
            vec![(Bruising, 2), (Swelling, 1), (Asymmetry, 1)]
        );
        assert_eq!(summary.typical_onset_days, Some(4));
        assert_eq!(summary.typical_weeks_lasted, Some(10));
        assert_eq!(summary.percent(2), 50);
        assert_eq!(summary.percent(1), 25);
    }
}
