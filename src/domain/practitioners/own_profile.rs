//! A practitioner's own profile: the draft made at registration, the dashboard's summary of
//! it, and storing the edited profile.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};

use crate::domain::credentials::{self, CredentialView};
use crate::domain::email_confirmation;
use crate::domain::invites;
use crate::domain::practitioners::profile_form::{
    ProfileChanges, ProfileInput, missing_for_publication,
};
use crate::domain::practitioners::{counters, one_with_offerings, products_of, treatments_of};
use crate::domain::{Transactional, begin_write};
use crate::entities::{
    gallery_item, headshot, practitioner, practitioner_product, practitioner_response,
    practitioner_treatment, review,
};
use crate::vocabulary::{PhotoStatus, Product, Profession, ReviewStatus, Setting, Treatment};

/// The profile a signed-in practitioner owns, as every dashboard page needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedProfile {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub published: bool,
}

impl From<practitioner::Model> for OwnedProfile {
    fn from(p: practitioner::Model) -> Self {
        Self {
            id: p.id,
            slug: p.slug,
            name: p.name,
            published: p.published,
        }
    }
}

/// Makes a URL slug from a name: lowercase ASCII letters and digits joined by hyphens.
pub fn slug_for(name: &str) -> String {
    let mut slug = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "practitioner".to_owned()
    } else {
        slug
    }
}

/// A slug for `name` that no profile has yet (`jane-doe`, then `jane-doe-2`, ...).
pub async fn free_slug(db: &impl ConnectionTrait, name: &str) -> Result<String, DbErr> {
    let base = slug_for(name);
    let taken: Vec<String> = practitioner::Entity::find()
        .select_only()
        .column(practitioner::Column::Slug)
        .filter(practitioner::Column::Slug.starts_with(&base))
        .into_tuple()
        .all(db)
        .await?;
    Ok((1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(base))
}

/// Creates the unpublished profile a practitioner account owns.
pub async fn create_draft(
    db: &impl ConnectionTrait,
    account_id: i64,
    name: &str,
    profession: Profession,
    now: DateTime<Utc>,
) -> Result<OwnedProfile, DbErr> {
    let slug = free_slug(db, name).await?;
    let row = counters::zeroed(practitioner::ActiveModel {
        account_id: Set(Some(account_id)),
        slug: Set(slug),
        name: Set(name.trim().to_owned()),
        profession: Set(profession),
        specialty: Set(String::new()),
        bio: Set(String::new()),
        clinic_name: Set(String::new()),
        setting: Set(Setting::MedicalPractice),
        city: Set(String::new()),
        region: Set(String::new()),
        postal_code: Set(String::new()),
        search_terms: Set(String::new()),
        years_injecting: Set(0),
        lip_flips_last_year: Set(0),
        accepting_new_patients: Set(true),
        published: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    });
    Ok(row.insert(db).await?.into())
}

/// The profile owned by an account, if it has one.
pub async fn owned_by(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Option<OwnedProfile>, DbErr> {
    Ok(practitioner::Entity::find()
        .filter(practitioner::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .map(OwnedProfile::from))
}

/// The dashboard's front page: the profile's state and what is missing for publication,
/// and the credentials in the same words patients read.
#[derive(Clone, Debug)]
pub struct DashboardOverview {
    pub profile: OwnedProfile,
    pub missing: Vec<&'static str>,
    pub credentials: Vec<CredentialView>,
    pub waiting: NotYetPublic,
}

/// What of the practitioner's profile patients cannot see yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotYetPublic {
    /// The profile is a draft.
    pub unpublished: bool,
    /// What it still needs before it can be published.
    pub missing: Vec<&'static str>,
    /// Before/after pairs waiting for a moderator.
    pub pending_pairs: u64,
    /// Pairs a moderator turned down.
    pub rejected_pairs: u64,
    /// A new headshot waits for a moderator.
    pub headshot_pending: bool,
    /// Credentials not (or no longer) verified: pending, rejected or expired.
    pub unverified_credentials: usize,
    /// Published reviews with no reply from the practitioner.
    pub unanswered_reviews: u64,
    /// Invites that can still be used.
    pub open_invites: u64,
}

impl NotYetPublic {
    /// Whether everything the practitioner made is public.
    pub fn is_empty(&self) -> bool {
        !self.unpublished
            && self.pending_pairs == 0
            && self.rejected_pairs == 0
            && !self.headshot_pending
            && self.unverified_credentials == 0
    }
}

/// What of practitioner `practitioner_id`'s profile is not public yet, at `now`.
pub async fn not_yet_public(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<NotYetPublic>, DbErr> {
    let Some((p, treatments)) = with_treatments(db, practitioner_id).await? else {
        return Ok(None);
    };
    let credentials = credentials::list_owned(db, practitioner_id, now.date_naive()).await?;
    Ok(Some(
        waiting_of(db, &p, &treatments, &credentials, now).await?,
    ))
}

async fn waiting_of(
    db: &impl ConnectionTrait,
    p: &practitioner::Model,
    treatments: &[Treatment],
    credentials: &[CredentialView],
    now: DateTime<Utc>,
) -> Result<NotYetPublic, DbErr> {
    let pairs = |status: PhotoStatus| {
        gallery_item::Entity::find()
            .filter(gallery_item::Column::PractitionerId.eq(p.id))
            .filter(gallery_item::Column::Status.eq(status))
            .count(db)
    };
    let headshot_pending = headshot::Entity::find()
        .filter(headshot::Column::PractitionerId.eq(p.id))
        .filter(headshot::Column::Status.eq(PhotoStatus::Pending))
        .count(db)
        .await?
        > 0;
    let unanswered_reviews = review::Entity::find()
        .filter(review::Column::PractitionerId.eq(p.id))
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .filter(
            review::Column::Id.not_in_subquery(
                Query::select()
                    .column(practitioner_response::Column::ReviewId)
                    .from(practitioner_response::Entity)
                    .and_where(practitioner_response::Column::PractitionerId.eq(p.id))
                    .to_owned(),
            ),
        )
        .count(db)
        .await?;
    Ok(NotYetPublic {
        unpublished: !p.published,
        missing: missing_for_publication(&p.name, &p.city, treatments),
        pending_pairs: pairs(PhotoStatus::Pending).await?,
        rejected_pairs: pairs(PhotoStatus::Rejected).await?,
        headshot_pending,
        unverified_credentials: credentials
            .iter()
            .filter(|c| !c.state.is_verified())
            .count(),
        unanswered_reviews,
        open_invites: invites::open_count(db, p.id, now).await?,
    })
}

/// Loads the dashboard's front page for the practitioner's own profile.
pub async fn overview(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<DashboardOverview>, DbErr> {
    let Some((p, treatments)) = with_treatments(db, practitioner_id).await? else {
        return Ok(None);
    };
    let missing = missing_for_publication(&p.name, &p.city, &treatments);
    let credentials = credentials::list_owned(db, practitioner_id, now.date_naive()).await?;
    let waiting = waiting_of(db, &p, &treatments, &credentials, now).await?;
    Ok(Some(DashboardOverview {
        profile: p.into(),
        missing,
        credentials,
        waiting,
    }))
}

/// The practitioner's row and treatments.
async fn with_treatments(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<(practitioner::Model, Vec<Treatment>)>, DbErr> {
    match practitioner::Entity::find_by_id(practitioner_id)
        .one(db)
        .await?
    {
        Some(p) => Ok(Some((p, treatments_of(db, practitioner_id).await?))),
        None => Ok(None),
    }
}

/// The profile form filled from what is stored.
pub async fn form_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<ProfileInput>, DbErr> {
    let Some(p) = one_with_offerings(db, practitioner::Entity::find_by_id(practitioner_id)).await?
    else {
        return Ok(None);
    };
    Ok(Some(ProfileInput::from_profile(
        &p.practitioner,
        &p.treatments,
        &p.products,
    )))
}

/// Stores checked changes to a practitioner's own profile, with its treatments and products,
/// in one transaction. Prices are marked confirmed on `now`'s date when they change.
pub async fn save_profile(
    db: &impl Transactional,
    practitioner_id: i64,
    changes: ProfileChanges,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    let Some(profile) = practitioner::Entity::find_by_id(practitioner_id)
        .one(&txn)
        .await?
    else {
        return Err(DbErr::RecordNotFound(format!(
            "practitioner {practitioner_id}"
        )));
    };
    let id = profile.id;
    let prices_changed = profile.lip_flip_price_cents != changes.lip_flip_price_cents
        || profile.consultation_fee_cents != changes.consultation_fee_cents;
    // Listed only when complete and when its owner's address is confirmed.
    let owner_confirmed = match profile.account_id {
        Some(owner) => email_confirmation::is_confirmed(&txn, owner).await?,
        None => true,
    };
    let published = changes.publish
        && owner_confirmed
        && missing_for_publication(&changes.name, &changes.city, &changes.treatments).is_empty();
    let mut active: practitioner::ActiveModel = profile.into();
    active.set_offering_keys(
        &changes.city,
        &changes.region,
        &changes.treatments,
        &changes.products,
    );
    active.name = Set(changes.name);
    active.profession = Set(changes.profession);
    active.specialty = Set(changes.specialty);
    active.bio = Set(changes.bio);
    active.clinic_name = Set(changes.clinic_name);
    active.setting = Set(changes.setting);
    active.city = Set(changes.city);
    active.region = Set(changes.region);
    active.postal_code = Set(changes.postal_code);
    active.years_injecting = Set(changes.years_injecting);
    active.lip_flips_last_year = Set(changes.lip_flips_last_year);
    active.typical_units_low = Set(changes.typical_units.0);
    active.typical_units_high = Set(changes.typical_units.1);
    active.lip_flip_price_cents = Set(changes.lip_flip_price_cents);
    active.consultation_fee_cents = Set(changes.consultation_fee_cents);
    if prices_changed {
        active.prices_confirmed_on = Set(Some(now.date_naive()));
    }
    active.supervising_physician = Set(changes.supervising_physician);
    active.accepting_new_patients = Set(changes.accepting_new_patients);
    active.phone = Set(changes.contact.phone);
    active.website_url = Set(changes.contact.website_url);
    active.booking_url = Set(changes.contact.booking_url);
    active.street_address = Set(changes.contact.street_address);
    active.opening_hours = Set(changes.contact.opening_hours);
    active.published = Set(published);
    active.updated_at = Set(now);
    active.update(&txn).await?;

    practitioner_treatment::Entity::delete_many()
        .filter(practitioner_treatment::Column::PractitionerId.eq(id))
        .exec(&txn)
        .await?;
    for treatment in changes.treatments {
        practitioner_treatment::ActiveModel {
            practitioner_id: Set(id),
            treatment: Set(treatment),
        }
        .insert(&txn)
        .await?;
    }
    // Products are diffed rather than replaced, so a kept product keeps its per-unit price.
    let current = products_of(&txn, id).await?;
    let dropped: Vec<Product> = current
        .iter()
        .copied()
        .filter(|p| !changes.products.contains(p))
        .collect();
    if !dropped.is_empty() {
        practitioner_product::Entity::delete_many()
            .filter(practitioner_product::Column::PractitionerId.eq(id))
            .filter(practitioner_product::Column::Product.is_in(dropped))
            .exec(&txn)
            .await?;
    }
    for product in changes
        .products
        .into_iter()
        .filter(|p| !current.contains(p))
    {
        practitioner_product::ActiveModel {
            practitioner_id: Set(id),
            product: Set(product),
            price_per_unit_cents: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words_joined_by_hyphens() {
        assert_eq!(slug_for("Dr. Maya Rivera, MD"), "dr-maya-rivera-md");
        assert_eq!(slug_for("  <script>  "), "script");
        assert_eq!(slug_for("Zoë"), "zo");
        assert_eq!(slug_for("!!!"), "practitioner");
    }
}
