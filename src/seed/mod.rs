//! The demo data: JSON files and pictures in `seed/`, loaded into an empty database in one
//! transaction, so a failure leaves nothing half-written and a second run adds nothing.
//!
//! Accounts and profiles are written as rows; everything moderated (credential decisions,
//! photo decisions, reviews and their whole history) goes through the domain functions the
//! site itself uses, so the demo holds only states the product can reach.

mod files;
mod history;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set,
};

use crate::domain::accounts::{self, NewAccount};
use crate::domain::credentials::{self, CredentialDetails};
use crate::domain::gallery::{self, PairDetails};
use crate::domain::moderation::credentials::{SourceChecked, reject_credential, verify_credential};
use crate::domain::moderation::photos::{PhotoDecision, decide_photo};
use crate::domain::outbox;
use crate::domain::practitioners::{counters, profile_form};
use crate::domain::validation::FieldErrors;
use crate::domain::{Transactional, begin_write};
use crate::entities::{account, practitioner, practitioner_product, practitioner_treatment};
use crate::media::{self, MediaError, MediaStore, StoredImage};
use crate::vocabulary::{CredentialStatus, PhotoStatus, Role};
use files::{SeedData, SeedPractitioner};

/// Why the demo data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("could not read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid seed data: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: {source}")]
    Image { path: PathBuf, source: MediaError },
    #[error("seed data refers to {what} {name:?}, which it does not define")]
    Dangling { what: &'static str, name: String },
    #[error("the history of the review of {review} cannot be replayed: {problem}")]
    Step { review: String, problem: String },
    #[error("could not hash a demo password")]
    Hashing,
    #[error("the contact details of {practitioner} are refused by the profile form: {problem}")]
    Contact {
        practitioner: String,
        problem: String,
    },
    #[error("database error while seeding: {0}")]
    Database(#[from] sea_orm::DbErr),
}

/// What `seed_if_empty` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded {
        practitioners: usize,
        reviews: usize,
        photos: usize,
    },
    AlreadyPopulated,
}

impl std::fmt::Display for SeedOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SeedOutcome::Loaded {
                practitioners,
                reviews,
                photos,
            } => write!(
                f,
                "demo data loaded: {practitioners} practitioners, {reviews} reviews, {photos} before/after pairs"
            ),
            SeedOutcome::AlreadyPopulated => {
                write!(f, "the database already has data; demo data not loaded")
            }
        }
    }
}

/// Whether the database holds no accounts and no practitioners.
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(account::Entity::find().count(db).await? == 0
        && practitioner::Entity::find().count(db).await? == 0)
}

/// When the demo accounts and profiles were made: before every review in the files.
fn created() -> DateTime<Utc> {
    at(NaiveDate::from_ymd_opt(2025, 5, 1).unwrap_or_default(), 9)
}

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    let time = date.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&time)
}

/// Loads the demo data from `dir` when the database is empty; otherwise does nothing.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    dir: &Path,
    media: &dyn MediaStore,
) -> Result<SeedOutcome, SeedError> {
    if !is_empty(db).await? {
        return Ok(SeedOutcome::AlreadyPopulated);
    }
    let data = files::load(dir)?;

    // Hash each distinct demo password once, off the async workers.
    let passwords: Vec<String> = {
        let mut distinct: Vec<String> = data.accounts.iter().map(|a| a.password.clone()).collect();
        distinct.sort();
        distinct.dedup();
        distinct
    };
    let hashes: HashMap<String, String> = tokio::task::spawn_blocking(move || {
        passwords
            .into_iter()
            .map(|password| accounts::hash_password(&password).map(|hash| (password, hash)))
            .collect::<Result<HashMap<_, _>, _>>()
    })
    .await
    .map_err(|_| SeedError::Hashing)?
    .map_err(|_| SeedError::Hashing)?;

    // Pictures go to the media store first, so no row ever points at a missing file; if
    // the rows cannot be written, the files are removed again.
    let mut stored: HashMap<String, StoredImage> = HashMap::new();
    let outcome = async {
        for photo in &data.photos {
            for file in [&photo.before, &photo.after] {
                if stored.contains_key(file) {
                    continue;
                }
                let path = files::picture(dir, file);
                let bytes = std::fs::read(&path).map_err(|source| SeedError::Read {
                    path: path.clone(),
                    source,
                })?;
                let image = async {
                    let processed =
                        tokio::task::spawn_blocking(move || media::process_image(&bytes))
                            .await
                            .map_err(|_| {
                                MediaError::Corrupt("the image worker stopped".to_owned())
                            })??;
                    media::store_image(media, processed).await
                }
                .await
                .map_err(|source| SeedError::Image { path, source })?;
                stored.insert(file.clone(), image);
            }
        }
        let txn = begin_write(db).await?;
        if !is_empty(&txn).await? {
            return Ok(SeedOutcome::AlreadyPopulated);
        }
        let outcome = write(&txn, &data, &hashes, &stored).await?;
        // The demo history happened in the past: its decisions tell no one.
        outbox::forget_notices(&txn).await?;
        txn.commit().await?;
        Ok(outcome)
    }
    .await;
    if !matches!(outcome, Ok(SeedOutcome::Loaded { .. })) {
        for image in stored.values() {
            let _ = media.delete(&image.storage_key).await;
            let _ = media.delete(&image.thumbnail_key).await;
        }
    }
    outcome
}

async fn write(
    db: &impl Transactional,
    data: &SeedData,
    hashes: &HashMap<String, String>,
    stored: &HashMap<String, StoredImage>,
) -> Result<SeedOutcome, SeedError> {
    let created = created();
    let mut account_ids: HashMap<String, i64> = HashMap::new();
    let mut owners: HashMap<String, i64> = HashMap::new();
    for a in &data.accounts {
        let hash = hashes.get(&a.password).cloned().ok_or(SeedError::Hashing)?;
        let made = accounts::create_account(
            db,
            NewAccount {
                email: a.email.clone(),
                password_hash: hash,
                role: a.role,
                display_name: a.display_name.clone(),
                email_verified: true,
            },
            created,
        )
        .await
        .map_err(|e| SeedError::Dangling {
            what: "a valid account",
            name: format!("{}: {e}", a.email),
        })?;
        if let Some(slug) = &a.practitioner {
            owners.insert(slug.clone(), made.id);
        }
        account_ids.insert(made.email, made.id);
    }
    let moderator = data
        .accounts
        .iter()
        .find(|a| a.role == Role::Moderator)
        .and_then(|a| {
            account_ids
                .get(&crate::domain::email_address::normalize_email(&a.email))
                .copied()
        })
        .ok_or(SeedError::Dangling {
            what: "a moderator account",
            name: String::new(),
        })?;

    let mut practitioner_ids: HashMap<String, i64> = HashMap::new();
    for p in &data.practitioners {
        let id = insert_practitioner(db, p, owners.get(&p.slug).copied(), created).await?;
        add_credentials(db, p, id, moderator, created).await?;
        practitioner_ids.insert(p.slug.clone(), id);
    }
    let practitioner_id = |slug: &str| {
        practitioner_ids
            .get(slug)
            .copied()
            .ok_or_else(|| SeedError::Dangling {
                what: "practitioner",
                name: slug.to_owned(),
            })
    };

    for (n, photo) in data.photos.iter().enumerate() {
        let picture = |file: &String| {
            stored.get(file).ok_or_else(|| SeedError::Dangling {
                what: "image",
                name: file.clone(),
            })
        };
        let added = created + Duration::days(10 + i64::try_from(n).unwrap_or(0));
        let item = gallery::add_pair(
            db,
            practitioner_id(&photo.practitioner)?,
            owners.get(&photo.practitioner).copied(),
            (picture(&photo.before)?, picture(&photo.after)?),
            PairDetails {
                treatment: photo.treatment,
                product: photo.product,
                units: photo.units,
                days_after_treatment: photo.days_after_treatment,
                caption: photo.caption.clone(),
                consent_attested_on: photo.consent_attested_on,
                edited: photo.edited,
                edit_note: photo.edit_note.clone(),
            },
            added,
        )
        .await?;
        let decision = match (photo.status, photo.rejection_reason) {
            (PhotoStatus::Pending, _) => None,
            (PhotoStatus::Approved, _) => Some(PhotoDecision::Approve),
            (PhotoStatus::Rejected, Some(reason)) => {
                Some(PhotoDecision::Reject { reason, note: None })
            }
            (PhotoStatus::Rejected, None) => {
                return Err(SeedError::Dangling {
                    what: "a rejection reason",
                    name: photo.before.clone(),
                });
            }
        };
        if let Some(decision) = decision {
            decide_photo(db, moderator, item, decision, added + Duration::days(1))
                .await
                .map_err(|e| SeedError::Step {
                    review: format!("photo {}", photo.before),
                    problem: e.to_string(),
                })?;
        }
    }

    let ids = history::Ids {
        accounts: &account_ids,
        practitioners: &practitioner_ids,
        owners: &owners,
    };
    for review in &data.reviews {
        history::replay(db, review, &ids).await?;
    }

    Ok(SeedOutcome::Loaded {
        practitioners: data.practitioners.len(),
        reviews: data.reviews.len(),
        photos: data.photos.len(),
    })
}

fn cents(dollars: i32) -> i32 {
    dollars.saturating_mul(100)
}

async fn insert_practitioner(
    db: &impl ConnectionTrait,
    p: &SeedPractitioner,
    owner: Option<i64>,
    created: DateTime<Utc>,
) -> Result<i64, SeedError> {
    // The demo's contact details pass the rules the profile form applies.
    let mut errors = FieldErrors::default();
    let phone = profile_form::phone_number(&mut errors, "phone", &p.phone);
    let website_url = profile_form::web_address(&mut errors, "website_url", &p.website_url);
    let booking_url = profile_form::web_address(&mut errors, "booking_url", &p.booking_url);
    if let Some((field, problem)) = errors.iter().next() {
        return Err(SeedError::Contact {
            practitioner: p.slug.clone(),
            problem: format!("{field}: {problem}"),
        });
    }
    let mut row = practitioner::ActiveModel {
        account_id: Set(owner),
        slug: Set(p.slug.clone()),
        name: Set(p.name.clone()),
        profession: Set(p.profession),
        specialty: Set(p.specialty.clone()),
        bio: Set(p.bio.clone()),
        clinic_name: Set(p.clinic_name.clone()),
        setting: Set(p.setting),
        city: Set(p.city.clone()),
        region: Set(p.region.clone()),
        postal_code: Set(p.postal_code.clone()),
        years_injecting: Set(p.years_injecting),
        lip_flips_last_year: Set(p.lip_flips_last_year),
        typical_units_low: Set(p.typical_units.map(|[low, _]| low)),
        typical_units_high: Set(p.typical_units.map(|[_, high]| high)),
        lip_flip_price_cents: Set(p.lip_flip_price.map(cents)),
        consultation_fee_cents: Set(p.consultation_fee.map(cents)),
        prices_confirmed_on: Set(p.prices_confirmed_on),
        supervising_physician: Set(p.supervising_physician.clone()),
        phone: Set(phone),
        website_url: Set(website_url),
        booking_url: Set(booking_url),
        street_address: Set(p.street_address.clone()),
        opening_hours: Set(p.opening_hours.clone()),
        accepting_new_patients: Set(p.accepting_new_patients),
        published: Set(p.published),
        created_at: Set(created),
        updated_at: Set(created),
        ..Default::default()
    };
    row.set_offering_keys(
        &p.city,
        &p.region,
        &p.treatments,
        &p.products.iter().map(|o| o.product).collect::<Vec<_>>(),
    );
    let model = counters::zeroed(row).insert(db).await?;

    for treatment in &p.treatments {
        practitioner_treatment::ActiveModel {
            practitioner_id: Set(model.id),
            treatment: Set(*treatment),
        }
        .insert(db)
        .await?;
    }
    for product in &p.products {
        practitioner_product::ActiveModel {
            practitioner_id: Set(model.id),
            product: Set(product.product),
            price_per_unit_cents: Set(product
                .price_per_unit
                .map(|dollars| (dollars * 100.0).round() as i32)),
        }
        .insert(db)
        .await?;
    }
    Ok(model.id)
}

/// Adds each credential as the practitioner would (pending), then decides it as a moderator.
async fn add_credentials(
    db: &impl Transactional,
    p: &SeedPractitioner,
    practitioner_id: i64,
    moderator: i64,
    created: DateTime<Utc>,
) -> Result<(), SeedError> {
    for (n, c) in p.credentials.iter().enumerate() {
        let added = created + Duration::hours(i64::try_from(n).unwrap_or(0));
        let id = credentials::add(
            db,
            practitioner_id,
            CredentialDetails {
                kind: c.kind,
                title: c.title.clone(),
                issuer: c.issuer.clone(),
                number: c.number.clone(),
                region: c.region.clone(),
                issued_on: c.issued_on,
                expires_on: c.expires_on,
            },
            added,
        )
        .await?;
        let decided = added + Duration::days(2);
        let outcome = match (c.status, c.rejection_reason) {
            (CredentialStatus::Pending, _) => Ok(()),
            (CredentialStatus::Verified, _) => {
                verify_credential(
                    db,
                    moderator,
                    id,
                    SourceChecked {
                        source: c.source_checked.clone().unwrap_or_default(),
                        checked_on: decided.date_naive(),
                    },
                    decided,
                )
                .await
            }
            (CredentialStatus::Rejected, reason) => {
                reject_credential(
                    db,
                    moderator,
                    id,
                    reason.unwrap_or(crate::vocabulary::CredentialRejection::NotFoundAtSource),
                    decided,
                )
                .await
            }
        };
        outcome.map_err(|e| SeedError::Step {
            review: format!("credential {} of {}", c.title, p.slug),
            problem: e.to_string(),
        })?;
    }
    Ok(())
}
