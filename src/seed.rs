//! The demo data: JSON files and pictures in `seed/`, loaded into an empty database in one
//! transaction, so a failure leaves nothing half-written and a second run adds nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use serde::Deserialize;

use crate::domain::accounts;
use crate::domain::practitioners::counters;
use crate::entities::{
    account, credential, flag, gallery_item, image, moderation_event, practitioner,
    practitioner_product, practitioner_response, practitioner_treatment, review, review_revision,
    review_side_effect,
};
use crate::media::{MediaError, MediaStore, StoredImage};
use crate::vocabulary::*;

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
    #[error("could not hash a demo password")]
    Hashing,
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

#[derive(Deserialize)]
struct SeedAccount {
    email: String,
    password: String,
    role: Role,
    display_name: String,
    /// The slug of the practitioner profile this account owns.
    #[serde(default)]
    practitioner: Option<String>,
}

#[derive(Deserialize)]
struct SeedProduct {
    product: Product,
    /// Dollars per unit, when the practitioner prices by the unit.
    #[serde(default)]
    price_per_unit: Option<f64>,
}

#[derive(Deserialize)]
struct SeedCredential {
    kind: CredentialKind,
    title: String,
    issuer: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    issued_on: Option<NaiveDate>,
    #[serde(default)]
    expires_on: Option<NaiveDate>,
    status: CredentialStatus,
    #[serde(default)]
    source_checked: Option<String>,
    #[serde(default)]
    rejection_reason: Option<CredentialRejection>,
}

#[derive(Deserialize)]
struct SeedPractitioner {
    slug: String,
    name: String,
    profession: Profession,
    #[serde(default)]
    specialty: String,
    #[serde(default)]
    bio: String,
    #[serde(default)]
    clinic_name: String,
    setting: Setting,
    city: String,
    region: String,
    postal_code: String,
    years_injecting: i32,
    lip_flips_last_year: i32,
    #[serde(default)]
    typical_units: Option<[i32; 2]>,
    /// Dollars.
    #[serde(default)]
    lip_flip_price: Option<i32>,
    /// Dollars.
    #[serde(default)]
    consultation_fee: Option<i32>,
    #[serde(default)]
    prices_confirmed_on: Option<NaiveDate>,
    #[serde(default)]
    supervising_physician: Option<String>,
    accepting_new_patients: bool,
    published: bool,
    treatments: Vec<Treatment>,
    products: Vec<SeedProduct>,
    #[serde(default)]
    credentials: Vec<SeedCredential>,
}

#[derive(Deserialize)]
struct SeedRevision {
    rating: i16,
    worth_it: WorthIt,
    treatment: Treatment,
    #[serde(default)]
    product: Option<Product>,
    #[serde(default)]
    units: Option<i32>,
    /// Dollars.
    #[serde(default)]
    price_paid: Option<i32>,
    treatment_month: String,
    #[serde(default)]
    days_to_onset: Option<i32>,
    #[serde(default)]
    weeks_lasted: Option<i32>,
    #[serde(default)]
    correction_needed: bool,
    #[serde(default)]
    title: String,
    body: String,
    #[serde(default)]
    incentive_received: bool,
    relationship: Relationship,
    status: RevisionStatus,
    #[serde(default)]
    reason_code: Option<ReasonCode>,
    #[serde(default)]
    moderator_note: Option<String>,
    #[serde(default)]
    side_effects: Vec<SideEffect>,
}

#[derive(Deserialize)]
struct SeedReview {
    practitioner: String,
    author: String,
    status: ReviewStatus,
    #[serde(default)]
    verified_patient: bool,
    submitted_on: NaiveDate,
    revisions: Vec<SeedRevision>,
    #[serde(default)]
    response: Option<String>,
    #[serde(default)]
    flag: Option<SeedFlag>,
}

#[derive(Deserialize)]
struct SeedFlag {
    reason: FlagReason,
    #[serde(default)]
    note: String,
    status: FlagStatus,
    #[serde(default)]
    resolution_note: Option<String>,
}

#[derive(Deserialize)]
struct SeedPhoto {
    practitioner: String,
    before: String,
    after: String,
    treatment: Treatment,
    #[serde(default)]
    product: Option<Product>,
    #[serde(default)]
    units: Option<i32>,
    #[serde(default)]
    days_after_treatment: Option<i32>,
    #[serde(default)]
    caption: String,
    consent_attested_on: NaiveDate,
    #[serde(default)]
    edited: bool,
    #[serde(default)]
    edit_note: Option<String>,
    status: PhotoStatus,
    #[serde(default)]
    rejection_reason: Option<ReasonCode>,
}

/// Everything in the seed folder, parsed and checked before anything is written.
struct SeedData {
    accounts: Vec<SeedAccount>,
    practitioners: Vec<SeedPractitioner>,
    reviews: Vec<SeedReview>,
    photos: Vec<SeedPhoto>,
}

fn read_json<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Result<T, SeedError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| SeedError::Read {
        path: path.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| SeedError::Parse { path, source })
}

fn load(dir: &Path) -> Result<SeedData, SeedError> {
    Ok(SeedData {
        accounts: read_json(dir, "accounts.json")?,
        practitioners: read_json(dir, "practitioners.json")?,
        reviews: read_json(dir, "reviews.json")?,
        photos: read_json(dir, "gallery.json")?,
    })
}

/// Whether the database holds no accounts and no practitioners.
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(account::Entity::find().count(db).await? == 0
        && practitioner::Entity::find().count(db).await? == 0)
}

/// Loads the demo data from `dir` when the database is empty; otherwise does nothing.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    dir: &Path,
    media: &MediaStore,
) -> Result<SeedOutcome, SeedError> {
    if !is_empty(db).await? {
        return Ok(SeedOutcome::AlreadyPopulated);
    }
    let data = load(dir)?;

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

    // Pictures go to the media store first: their keys are their content, so storing one
    // twice is harmless, and a database failure below leaves no row pointing at nothing.
    let mut stored: HashMap<String, StoredImage> = HashMap::new();
    for photo in &data.photos {
        for file in [&photo.before, &photo.after] {
            if stored.contains_key(file) {
                continue;
            }
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|source| SeedError::Read {
                path: path.clone(),
                source,
            })?;
            let image = media
                .store(&bytes)
                .map_err(|source| SeedError::Image { path, source })?;
            stored.insert(file.clone(), image);
        }
    }

    let txn = db.begin().await?;
    if !is_empty(&txn).await? {
        return Ok(SeedOutcome::AlreadyPopulated);
    }
    let outcome = write(&txn, &data, &hashes, &stored).await?;
    txn.commit().await?;
    Ok(outcome)
}

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    let time = date.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&time)
}

fn cents(dollars: i32) -> i32 {
    dollars.saturating_mul(100)
}

async fn write(
    db: &impl ConnectionTrait,
    data: &SeedData,
    hashes: &HashMap<String, String>,
    stored: &HashMap<String, StoredImage>,
) -> Result<SeedOutcome, SeedError> {
    let created = at(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(), 9);

    let mut account_ids: HashMap<String, i64> = HashMap::new();
    let mut owners: HashMap<String, i64> = HashMap::new();
    for a in &data.accounts {
        let email = accounts::normalize_email(&a.email);
        let hash = hashes.get(&a.password).cloned().ok_or(SeedError::Hashing)?;
        let model = account::ActiveModel {
            email: Set(email.clone()),
            password_hash: Set(hash),
            role: Set(a.role),
            display_name: Set(a.display_name.clone()),
            disabled: Set(false),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(db)
        .await?;
        account_ids.insert(email, model.id);
        if let Some(slug) = &a.practitioner {
            owners.insert(slug.clone(), model.id);
        }
    }
    let moderator = data
        .accounts
        .iter()
        .find(|a| a.role == Role::Moderator)
        .and_then(|a| {
            account_ids
                .get(&accounts::normalize_email(&a.email))
                .copied()
        })
        .ok_or(SeedError::Dangling {
            what: "a moderator account",
            name: String::new(),
        })?;

    let mut practitioner_ids: HashMap<String, i64> = HashMap::new();
    for p in &data.practitioners {
        let id =
            insert_practitioner(db, p, owners.get(&p.slug).copied(), moderator, created).await?;
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

    for photo in &data.photos {
        let practitioner = practitioner_id(&photo.practitioner)?;
        let owner = owners.get(&photo.practitioner).copied();
        let before = insert_image(db, stored, &photo.before, owner, created).await?;
        let after = insert_image(db, stored, &photo.after, owner, created).await?;
        let moderated = photo.status != PhotoStatus::Pending;
        let item = gallery_item::ActiveModel {
            practitioner_id: Set(practitioner),
            before_image_id: Set(before),
            after_image_id: Set(after),
            treatment: Set(photo.treatment),
            product: Set(photo.product),
            units: Set(photo.units),
            days_after_treatment: Set(photo.days_after_treatment),
            caption: Set(photo.caption.clone()),
            consent_attested_on: Set(photo.consent_attested_on),
            edited: Set(photo.edited),
            edit_note: Set(photo.edit_note.clone()),
            status: Set(photo.status),
            rejection_reason: Set(photo.rejection_reason),
            moderated_by: Set(moderated.then_some(moderator)),
            moderated_at: Set(moderated.then_some(created)),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if moderated {
            let action = if photo.status == PhotoStatus::Approved {
                ModerationAction::Approve
            } else {
                ModerationAction::Reject
            };
            record_event(
                db,
                moderator,
                SubjectKind::GalleryItem,
                item.id,
                action,
                photo.rejection_reason,
                "pending",
                photo.status.as_str(),
                None,
                created,
            )
            .await?;
        }
    }

    for r in &data.reviews {
        let author = account_ids
            .get(&accounts::normalize_email(&r.author))
            .copied()
            .ok_or_else(|| SeedError::Dangling {
                what: "review author",
                name: r.author.clone(),
            })?;
        insert_review(
            db,
            r,
            practitioner_id(&r.practitioner)?,
            author,
            moderator,
            owners.get(&r.practitioner).copied(),
        )
        .await?;
    }

    for id in practitioner_ids.values() {
        counters::refresh_summary(db, *id, created).await?;
    }

    Ok(SeedOutcome::Loaded {
        practitioners: data.practitioners.len(),
        reviews: data.reviews.len(),
        photos: data.photos.len(),
    })
}

async fn insert_practitioner(
    db: &impl ConnectionTrait,
    p: &SeedPractitioner,
    owner: Option<i64>,
    moderator: i64,
    created: DateTime<Utc>,
) -> Result<i64, SeedError> {
    let model = counters::zeroed(practitioner::ActiveModel {
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
        accepting_new_patients: Set(p.accepting_new_patients),
        published: Set(p.published),
        created_at: Set(created),
        updated_at: Set(created),
        ..Default::default()
    })
    .insert(db)
    .await?;

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
    for c in &p.credentials {
        let decided = c.status != CredentialStatus::Pending;
        let decided_at = c
            .issued_on
            .map(|d| at(d, 12))
            .unwrap_or(created)
            .max(created);
        let row = credential::ActiveModel {
            practitioner_id: Set(model.id),
            kind: Set(c.kind),
            title: Set(c.title.clone()),
            issuer: Set(c.issuer.clone()),
            number: Set(c.number.clone()),
            region: Set(c.region.clone()),
            issued_on: Set(c.issued_on),
            expires_on: Set(c.expires_on),
            status: Set(c.status),
            source_checked: Set(c.source_checked.clone()),
            verified_by: Set(decided.then_some(moderator)),
            verified_at: Set(decided.then_some(decided_at)),
            rejection_reason: Set(c.rejection_reason),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if decided {
            let action = if c.status == CredentialStatus::Verified {
                ModerationAction::VerifyCredential
            } else {
                ModerationAction::RejectCredential
            };
            record_event(
                db,
                moderator,
                SubjectKind::Credential,
                row.id,
                action,
                None,
                "pending",
                c.status.as_str(),
                None,
                decided_at,
            )
            .await?;
        }
    }
    Ok(model.id)
}

async fn insert_image(
    db: &impl ConnectionTrait,
    stored: &HashMap<String, StoredImage>,
    file: &str,
    uploaded_by: Option<i64>,
    created: DateTime<Utc>,
) -> Result<i64, SeedError> {
    let image = stored.get(file).ok_or_else(|| SeedError::Dangling {
        what: "image",
        name: file.to_owned(),
    })?;
    // The same file may back two pairs; one row per stored file.
    if let Some(existing) = image::Entity::find()
        .filter(image::Column::StorageKey.eq(image.storage_key.clone()))
        .one(db)
        .await?
    {
        return Ok(existing.id);
    }
    let row = image::ActiveModel {
        storage_key: Set(image.storage_key.clone()),
        thumbnail_key: Set(image.thumbnail_key.clone()),
        content_type: Set(image.content_type.to_owned()),
        width: Set(image.width as i32),
        height: Set(image.height as i32),
        thumbnail_width: Set(image.thumbnail_width as i32),
        thumbnail_height: Set(image.thumbnail_height as i32),
        byte_size: Set(image.byte_size as i64),
        perceptual_hash: Set(image.perceptual_hash.clone()),
        sha256: Set(image.sha256.clone()),
        uploaded_by: Set(uploaded_by),
        created_at: Set(created),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

async fn insert_review(
    db: &impl ConnectionTrait,
    r: &SeedReview,
    practitioner_id: i64,
    author: i64,
    moderator: i64,
    practitioner_account: Option<i64>,
) -> Result<(), SeedError> {
    let submitted = at(r.submitted_on, 10);
    let decided = submitted + Duration::days(2);
    let approved_at = r
        .revisions
        .iter()
        .any(|v| v.status == RevisionStatus::Approved)
        .then_some(decided);
    let row = review::ActiveModel {
        practitioner_id: Set(practitioner_id),
        author_id: Set(author),
        status: Set(r.status),
        current_revision_id: Set(None),
        approved_revision_id: Set(None),
        verified_patient: Set(r.verified_patient),
        invite_id: Set(None),
        appeal_used: Set(false),
        approved_at: Set(approved_at),
        created_at: Set(submitted),
        updated_at: Set(decided),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let mut current = None;
    let mut approved = None;
    for (number, v) in r.revisions.iter().enumerate() {
        let revised = submitted + Duration::days(3 * number as i64);
        let moderated = v.status != RevisionStatus::Pending;
        let revision = review_revision::ActiveModel {
            review_id: Set(row.id),
            number: Set(number as i32 + 1),
            rating: Set(v.rating.clamp(1, 5)),
            worth_it: Set(v.worth_it),
            treatment: Set(v.treatment),
            product: Set(v.product),
            units: Set(v.units),
            price_paid_cents: Set(v.price_paid.map(cents)),
            treatment_month: Set(v.treatment_month.clone()),
            days_to_onset: Set(v.days_to_onset),
            weeks_lasted: Set(v.weeks_lasted),
            correction_needed: Set(v.correction_needed),
            title: Set(v.title.clone()),
            body: Set(v.body.clone()),
            incentive_received: Set(v.incentive_received),
            relationship: Set(v.relationship),
            status: Set(v.status),
            reason_code: Set(v.reason_code),
            moderator_note: Set(v.moderator_note.clone()),
            moderated_by: Set(moderated.then_some(moderator)),
            moderated_at: Set(moderated.then_some(revised + Duration::days(1))),
            created_at: Set(revised),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for effect in &v.side_effects {
            review_side_effect::ActiveModel {
                revision_id: Set(revision.id),
                side_effect: Set(*effect),
            }
            .insert(db)
            .await?;
        }
        record_event(
            db,
            author,
            SubjectKind::Review,
            row.id,
            ModerationAction::Submit,
            None,
            "submitted",
            "pending",
            Some(revision.id),
            revised,
        )
        .await?;
        if let Some(action) = match v.status {
            RevisionStatus::Approved | RevisionStatus::Superseded => {
                Some(ModerationAction::Approve)
            }
            RevisionStatus::Rejected => Some(ModerationAction::Reject),
            RevisionStatus::NeedsChanges => Some(ModerationAction::RequestChanges),
            RevisionStatus::Pending => None,
        } {
            let to = if action == ModerationAction::Approve {
                "approved"
            } else {
                v.status.as_str()
            };
            record_event(
                db,
                moderator,
                SubjectKind::Review,
                row.id,
                action,
                v.reason_code,
                "pending",
                to,
                Some(revision.id),
                revised + Duration::days(1),
            )
            .await?;
        }
        if v.status == RevisionStatus::Approved {
            approved = Some(revision.id);
        }
        current = Some(revision.id);
    }
    if matches!(
        r.status,
        ReviewStatus::Removed | ReviewStatus::Withdrawn | ReviewStatus::Hidden
    ) {
        let (actor, action) = match r.status {
            ReviewStatus::Withdrawn => (author, ModerationAction::Withdraw),
            ReviewStatus::Hidden => (moderator, ModerationAction::Hide),
            _ => (moderator, ModerationAction::Remove),
        };
        let reason = r.revisions.last().and_then(|v| v.reason_code);
        record_event(
            db,
            actor,
            SubjectKind::Review,
            row.id,
            action,
            reason,
            "approved",
            r.status.as_str(),
            current,
            decided + Duration::days(5),
        )
        .await?;
    }

    review::ActiveModel {
        id: Set(row.id),
        current_revision_id: Set(current),
        approved_revision_id: Set(approved),
        ..Default::default()
    }
    .update(db)
    .await?;

    if let Some(body) = &r.response {
        practitioner_response::ActiveModel {
            review_id: Set(row.id),
            practitioner_id: Set(practitioner_id),
            author_id: Set(practitioner_account),
            body: Set(body.clone()),
            created_at: Set(decided + Duration::days(1)),
            updated_at: Set(decided + Duration::days(1)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    if let Some(f) = &r.flag {
        let snapshot = r
            .revisions
            .iter()
            .rev()
            .find(|v| v.status == RevisionStatus::Approved)
            .map(|v| v.body.clone())
            .unwrap_or_default();
        let resolved = f.status != FlagStatus::Open;
        flag::ActiveModel {
            subject_kind: Set(SubjectKind::Review),
            subject_id: Set(row.id),
            reporter_id: Set(None),
            reason: Set(f.reason),
            note: Set(f.note.clone()),
            content_snapshot: Set(snapshot),
            status: Set(f.status),
            resolved_by: Set(resolved.then_some(moderator)),
            resolved_at: Set(resolved.then_some(decided + Duration::days(6))),
            resolution_note: Set(f.resolution_note.clone()),
            created_at: Set(decided + Duration::days(4)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record_event(
    db: &impl ConnectionTrait,
    actor: i64,
    subject_kind: SubjectKind,
    subject_id: i64,
    action: ModerationAction,
    reason_code: Option<ReasonCode>,
    from: &str,
    to: &str,
    revision_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), SeedError> {
    moderation_event::ActiveModel {
        actor_id: Set(Some(actor)),
        subject_kind: Set(subject_kind),
        subject_id: Set(subject_id),
        action: Set(action),
        reason_code: Set(reason_code),
        note: Set(None),
        from_state: Set(Some(from.to_owned())),
        to_state: Set(Some(to.to_owned())),
        revision_id: Set(revision_id),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
