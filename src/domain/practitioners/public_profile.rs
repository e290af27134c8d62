//! A practitioner's public profile: only a published practitioner and approved content.
//! The rating and side-effect summaries come from the counters the moderation transactions
//! keep on the practitioner row, the moderation figures from the tallies they keep beside
//! the audit log, and the reviews are read a page at a time, so the page costs the same
//! with twenty reviews or five thousand.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Value};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QuerySelect, Statement,
};

use crate::domain::credentials::{self, CredentialView};
use crate::domain::gallery::{self, GalleryPair};
use crate::domain::moderation::transparency::{self, Figures};
use crate::domain::paging::offset_of_page;
use crate::domain::practitioners::{
    OfferingsRow, PractitionerFacts, WithOfferings, with_offerings,
};
use crate::domain::reviews::public::{self as public_reviews, PublicReview, REVIEWS_PER_PAGE};
use crate::domain::statement::{BuiltOnce, with_values};
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
    assemble(db, Whose::Published(slug), review_page, today).await
}

/// The profile of practitioner `practitioner_id` as patients would see it, published or
/// not: the preview on their dashboard. Only approved content is in it, as on the public page.
pub async fn preview(
    db: &DatabaseConnection,
    practitioner_id: i64,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    assemble(db, Whose::Any(practitioner_id), review_page, today).await
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

/// Whose profile a statement reads.
#[derive(Clone, Copy)]
enum Whose<'a> {
    /// The published practitioner with this slug.
    Published(&'a str),
    /// The practitioner with this id, published or not.
    Any(i64),
}

impl Whose<'_> {
    /// The same kind of reader with the stand-in value ([`SLUG_STAND_IN`], [`ID_STAND_IN`]).
    fn stand_in(self) -> Whose<'static> {
        match self {
            Whose::Published(_) => Whose::Published(SLUG_STAND_IN),
            Whose::Any(_) => Whose::Any(ID_STAND_IN),
        }
    }

    /// The value the statement binds for it.
    fn value(self) -> Value {
        match self {
            Whose::Published(slug) => Value::from(slug),
            Whose::Any(id) => Value::from(id),
        }
    }

    /// The practitioner row it selects.
    fn select(self) -> sea_orm::Select<practitioner::Entity> {
        match self {
            Whose::Published(slug) => practitioner::Entity::find()
                .filter(practitioner::Column::Slug.eq(slug))
                .filter(practitioner::Column::Published.eq(true)),
            Whose::Any(id) => practitioner::Entity::find_by_id(id),
        }
    }
}

/// The furthest page of reviews a profile is read at: any page past the end shows the last,
/// and a page number beyond this (however large a visitor types it) is read as this one, so
/// its offset is always a number the database can take.
const MAX_REVIEW_PAGE: u64 = 1_000_000;

/// Stand-ins for the values that change from one request to the next, in the statement
/// built once ([`profile_statement`]): none can be a real slug (slugs are letters, digits and
/// hyphens), a practitioner's id (ids are positive), or a page's offset (pages stop at
/// [`MAX_REVIEW_PAGE`]).
const SLUG_STAND_IN: &str = "\u{0}slug";
const ID_STAND_IN: i64 = -7_777_777;
const PAGE_STAND_IN: u64 = 987_654_321;

/// The statements of each kind (by slug, by id), per database, built on first use.
static PROFILE_STATEMENTS: [BuiltOnce; 2] = [const { BuiltOnce::new() }; 2];

/// The statement of `whose` profile with page `review_page` of reviews: its text is the same
/// for every practitioner and page (the practitioner, the page's `LIMIT` and `OFFSET` are
/// bound), so it is built once per database and kind, and each request fills in its values.
/// Building it (its nested selects as expressions, then as text) was about a sixth of the
/// profile's processor time in the app.
fn profile_statement(backend: DbBackend, whose: Whose<'_>, review_page: u64) -> Statement {
    let by_kind = match whose {
        Whose::Published(_) => 0,
        Whose::Any(_) => 1,
    };
    let template = PROFILE_STATEMENTS[by_kind].get(backend, || {
        let mut select = with_offerings(backend, whose.stand_in().select());
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
                public_reviews::approved_page_column(backend, PAGE_STAND_IN, REVIEWS_PER_PAGE),
                Alias::new("reviews"),
            )
            .limit(1);
        backend.build(QuerySelect::query(&mut select))
    });
    let offset = |page| Value::from(offset_of_page(page, REVIEWS_PER_PAGE));
    with_values(
        template,
        &[
            (&whose.stand_in().value(), whose.value()),
            (&offset(PAGE_STAND_IN), offset(review_page)),
        ],
    )
}

/// The profile of `whose`, if there is one, in one statement: the practitioner with their
/// treatments, products, moderation figures, credentials, gallery and page of reviews
/// folded into their row. One statement sees one state of the database, so the page needs
/// no transaction around it. Only a page past the end takes a second statement, for the
/// last page, once the row has said how many there are.
async fn assemble(
    db: &impl ConnectionTrait,
    whose: Whose<'_>,
    review_page: u64,
    today: NaiveDate,
) -> Result<Option<PublicProfile>, DbErr> {
    let backend = db.get_database_backend();
    let asked = review_page.clamp(1, MAX_REVIEW_PAGE);
    let with_page =
        |page: u64| ProfileRow::find_by_statement(profile_statement(backend, whose, page));
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
