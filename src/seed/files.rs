//! The demo data files in `seed/`, as read: accounts, practitioners with their credentials,
//! before/after pairs, and each review's history as the steps that made it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::seed::SeedError;
use crate::vocabulary::*;

#[derive(Deserialize)]
pub struct SeedAccount {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub display_name: String,
    /// The slug of the practitioner profile this account owns.
    #[serde(default)]
    pub practitioner: Option<String>,
}

#[derive(Deserialize)]
pub struct SeedProduct {
    pub product: Product,
    /// Dollars per unit, when the practitioner prices by the unit.
    #[serde(default)]
    pub price_per_unit: Option<f64>,
}

#[derive(Deserialize)]
pub struct SeedCredential {
    pub kind: CredentialKind,
    pub title: String,
    pub issuer: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    /// Pending, or what the moderator decided.
    pub status: CredentialStatus,
    #[serde(default)]
    pub source_checked: Option<String>,
    #[serde(default)]
    pub rejection_reason: Option<CredentialRejection>,
}

#[derive(Deserialize)]
pub struct SeedPractitioner {
    pub slug: String,
    pub name: String,
    pub profession: Profession,
    #[serde(default)]
    pub specialty: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub clinic_name: String,
    pub setting: Setting,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub years_injecting: i32,
    pub lip_flips_last_year: i32,
    #[serde(default)]
    pub typical_units: Option<[i32; 2]>,
    /// Dollars.
    #[serde(default)]
    pub lip_flip_price: Option<i32>,
    /// Dollars.
    #[serde(default)]
    pub consultation_fee: Option<i32>,
    #[serde(default)]
    pub prices_confirmed_on: Option<NaiveDate>,
    #[serde(default)]
    pub supervising_physician: Option<String>,
    pub accepting_new_patients: bool,
    pub published: bool,
    pub treatments: Vec<Treatment>,
    pub products: Vec<SeedProduct>,
    #[serde(default)]
    pub credentials: Vec<SeedCredential>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub website_url: String,
    #[serde(default)]
    pub booking_url: String,
    #[serde(default)]
    pub street_address: String,
    #[serde(default)]
    pub opening_hours: String,
}

/// What a reviewer wrote in one submission.
#[derive(Deserialize, Clone)]
pub struct SeedText {
    pub rating: i16,
    pub worth_it: WorthIt,
    pub treatment: Treatment,
    #[serde(default)]
    pub product: Option<Product>,
    #[serde(default)]
    pub units: Option<i32>,
    /// Dollars.
    #[serde(default)]
    pub price_paid: Option<i32>,
    pub treatment_month: String,
    #[serde(default)]
    pub days_to_onset: Option<i32>,
    #[serde(default)]
    pub weeks_lasted: Option<i32>,
    #[serde(default)]
    pub correction_needed: bool,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub incentive_received: bool,
    #[serde(default = "no_relationship")]
    pub relationship: Relationship,
    #[serde(default)]
    pub side_effects: Vec<SideEffect>,
}

fn no_relationship() -> Relationship {
    Relationship::None
}

/// One step of a review's history, `hours` after it was first submitted. Decisions act on
/// the latest text, reports on the latest report, appeal decisions on the appeal.
#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Step {
    Submit {
        hours: i64,
        #[serde(flatten)]
        text: SeedText,
    },
    Approve {
        hours: i64,
        by: String,
    },
    Reject {
        hours: i64,
        by: String,
        reason: ReasonCode,
        #[serde(default)]
        note: Option<String>,
    },
    RequestChanges {
        hours: i64,
        by: String,
        note: String,
    },
    Remove {
        hours: i64,
        by: String,
        reason: ReasonCode,
        #[serde(default)]
        note: Option<String>,
    },
    Withdraw {
        hours: i64,
    },
    Flag {
        hours: i64,
        by: String,
        reason: FlagReason,
        #[serde(default)]
        note: String,
    },
    UpholdFlag {
        hours: i64,
        by: String,
        reason: ReasonCode,
        #[serde(default)]
        note: Option<String>,
    },
    DismissFlag {
        hours: i64,
        by: String,
    },
    Appeal {
        hours: i64,
        statement: String,
    },
    DecideAppeal {
        hours: i64,
        by: String,
        grant: bool,
        #[serde(default)]
        note: Option<String>,
    },
    Reply {
        hours: i64,
        text: String,
    },
}

#[derive(Deserialize)]
pub struct SeedReview {
    pub practitioner: String,
    pub author: String,
    pub submitted_on: NaiveDate,
    pub steps: Vec<Step>,
}

#[derive(Deserialize)]
pub struct SeedPhoto {
    pub practitioner: String,
    pub before: String,
    pub after: String,
    pub treatment: Treatment,
    #[serde(default)]
    pub product: Option<Product>,
    #[serde(default)]
    pub units: Option<i32>,
    #[serde(default)]
    pub days_after_treatment: Option<i32>,
    #[serde(default)]
    pub caption: String,
    pub consent_attested_on: NaiveDate,
    #[serde(default)]
    pub edited: bool,
    #[serde(default)]
    pub edit_note: Option<String>,
    /// Pending, or what the moderator decided.
    pub status: PhotoStatus,
    #[serde(default)]
    pub rejection_reason: Option<ReasonCode>,
}

/// Everything in the seed folder, parsed before anything is written.
pub struct SeedData {
    pub accounts: Vec<SeedAccount>,
    pub practitioners: Vec<SeedPractitioner>,
    pub reviews: Vec<SeedReview>,
    pub photos: Vec<SeedPhoto>,
}

fn read_json<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Result<T, SeedError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| SeedError::Read {
        path: path.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| SeedError::Parse { path, source })
}

/// Reads and parses the seed folder.
pub fn load(dir: &Path) -> Result<SeedData, SeedError> {
    Ok(SeedData {
        accounts: read_json(dir, "accounts.json")?,
        practitioners: read_json(dir, "practitioners.json")?,
        reviews: read_json(dir, "reviews.json")?,
        photos: read_json(dir, "gallery.json")?,
    })
}

/// The path of a picture named in `gallery.json`.
pub fn picture(dir: &Path, file: &str) -> PathBuf {
    dir.join(file)
}
