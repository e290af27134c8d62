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
/// (a page past the end shows the last one).
pub async fn load(
    db: &DatabaseConnection,
    slug: &str,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let published = practitioner::Entity::find()
        .filter(practitioner::Column::Slug.eq(slug))
        .filter(practitioner::Column::Published.eq(true));
    assemble(db, published, review_page, today).await
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
    assemble(db, own, review_page, today).await
}

/// The practitioner's row with what they offer, their moderation figures, credentials,
/// gallery and a page of reviews.
#[derive(FromQueryResult)]
struct ProfileRow {
    #[sea_orm(nested)]
    offerings: OfferingsRow,
    moderation_figures: Option<String>,
    credentials: Option<String>,
    gallery: Option<String>,
    reviews: Option<String>,
}

/// The profile of the practitioner `select` finds, if it finds one, in one statement: the
/// practitioner with their treatments, products, moderation figures, credentials, gallery
/// and page of reviews folded into their row. One statement sees one state of the database,
/// so the page needs no transaction around it. Only a page past the end takes a second
/// statement, for the last page, once the row has said how many there are.
async fn assemble(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<practitioner::Entity>,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let backend = db.get_database_backend();
    let asked = review_page.max(1);
    let with_page = |page: u64| {
        let mut select = with_offerings(backend, select.clone());
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
            )
            .expr_as(
                public_reviews::approved_page_column(backend, page, REVIEWS_PER_PAGE),
                Alias::new("reviews"),
            );
        select.into_model::<ProfileRow>()
    };
    let Some(mut row) = with_page(asked).one(db).await? else {
        return Ok(None);
    };
    let review_count = u64::try_from(row.offerings.review_count()).unwrap_or(0);
    let review_pages = review_count.div_ceil(REVIEWS_PER_PAGE).max(1);
    let review_page = asked.min(review_pages);
    if review_page != asked {
        match with_page(review_page).one(db).await? {
            Some(last) => row = last,
            None => return Ok(None),
        }
    }
    let moderation = transparency::all_time_of_column(row.moderation_figures.as_deref());
    let credentials = credentials::public_of_column(row.credentials.as_deref(), today)?;
    let gallery = gallery::approved_of_column(row.gallery.as_deref())?;
    let reviews = public_reviews::approved_page_of_column(row.reviews.as_deref())?;
    let WithOfferings {
        practitioner: p,
        treatments,
        products,
    } = row.offerings.into();
    Ok(Some(PublicProfile {
        facts: PractitionerFacts::of(p, today),
        treatments,
        products,
        credentials,
        gallery,
        reviews,
        review_page,
        review_pages,
        moderation,
    }))
}
