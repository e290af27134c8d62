//! A practitioner's public profile: only a published practitioner and approved content.
//! The rating and side-effect summaries come from the counters the moderation transactions
//! keep on the practitioner row, the moderation figures from the tallies they keep beside
//! the audit log, and the reviews are read a page at a time, so the page costs the same
//! with twenty reviews or five thousand.

use chrono::NaiveDate;
use sea_orm::sea_query::Alias;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QuerySelect,
};

use crate::domain::credentials::{self, CredentialView};
use crate::domain::gallery::{self, GalleryPair};
use crate::domain::in_snapshot;
use crate::domain::moderation::transparency::{self, Figures};
use crate::domain::practitioners::{
    OfferingsRow, PractitionerFacts, WithOfferings, with_offerings,
};
use crate::domain::reviews::public::{self as public_reviews, PublicReview, REVIEWS_PER_PAGE};
use crate::entities::practitioner;
use crate::vocabulary::{Product, Treatment};

/// Everything the profile page shows.
#[derive(Clone, Debug)]
pub struct PublicProfile {
    pub facts: PractitionerFacts,
    pub treatments: Vec<Treatment>,
    pub products: Vec<Product>,
    /// Verified, pending and expired credentials (never rejected ones).
    pub credentials: Vec<CredentialView>,
    pub gallery: Vec<GalleryPair>,
    pub reviews: Vec<PublicReview>,
    /// 1-based page of reviews shown, and how many pages there are.
    pub review_page: u64,
    pub review_pages: u64,
    /// How this practitioner's reviews were moderated, all time.
    pub moderation: Figures,
}

/// Loads a published practitioner's profile with page `review_page` of approved reviews
/// (a page past the end shows the last one), all read in one snapshot ([`in_snapshot`]).
pub async fn load(
    db: &DatabaseConnection,
    slug: &str,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let published = practitioner::Entity::find()
        .filter(practitioner::Column::Slug.eq(slug))
        .filter(practitioner::Column::Published.eq(true));
    in_snapshot(db, async |read| {
        assemble(read, published, review_page, today).await
    })
    .await
}

/// The profile of practitioner `practitioner_id` as patients would see it, published or
/// not: the preview on their dashboard. Only approved content is in it, as on the public page.
pub async fn preview(
    db: &DatabaseConnection,
    practitioner_id: i64,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let own = practitioner::Entity::find_by_id(practitioner_id);
    in_snapshot(db, async |read| {
        assemble(read, own, review_page, today).await
    })
    .await
}

/// The practitioner's row with what they offer and their moderation figures.
#[derive(FromQueryResult)]
struct ProfileRow {
    #[sea_orm(nested)]
    offerings: OfferingsRow,
    moderation_figures: Option<String>,
    credentials: Option<String>,
    gallery: Option<String>,
}

/// The profile of the practitioner `select` finds, if it finds one: two statements. The
/// practitioner with their treatments, products, moderation figures, credentials and gallery
/// folded into their row, then their page of reviews.
async fn assemble(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<practitioner::Entity>,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let backend = db.get_database_backend();
    let mut select = with_offerings(backend, select);
    QuerySelect::query(&mut select)
        .expr_as(
            transparency::all_time_column(backend),
            Alias::new("moderation_figures"),
        )
        .expr_as(
            credentials::public_list_column(backend),
            Alias::new("credentials"),
        )
        .expr_as(
            gallery::approved_list_column(backend),
            Alias::new("gallery"),
        );
    let Some(row) = select.into_model::<ProfileRow>().one(db).await? else {
        return Ok(None);
    };
    let moderation = transparency::all_time_of_column(row.moderation_figures.as_deref());
    let credentials = credentials::public_of_column(row.credentials.as_deref(), today)?;
    let gallery = gallery::approved_of_column(row.gallery.as_deref())?;
    let WithOfferings {
        practitioner: p,
        treatments,
        products,
    } = row.offerings.into();
    let id = p.id;
    let facts = PractitionerFacts::of(p, today);
    let review_count = u64::try_from(facts.ratings.count).unwrap_or(0);
    let review_pages = review_count.div_ceil(REVIEWS_PER_PAGE).max(1);
    let review_page = review_page.clamp(1, review_pages);
    Ok(Some(PublicProfile {
        treatments,
        products,
        credentials,
        gallery,
        reviews: public_reviews::approved_page(db, id, review_page, REVIEWS_PER_PAGE).await?,
        review_page,
        review_pages,
        moderation,
        facts,
    }))
}
