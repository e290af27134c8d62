//! Credentials as their practitioner manages them: added as pending, corrected while not yet
//! verified, withdrawn. Every lookup is scoped to the owning practitioner, so an id from
//! someone else's profile finds nothing.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::domain::practitioners;
use crate::domain::validation::{self, FieldErrors};
use crate::entities::credential;
use crate::entities::kinds::{CredentialKind, CredentialStatus};

/// A practitioner's credentials, newest first.
pub async fn list_owned(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<credential::Model>, DbErr> {
    credential::Entity::find()
        .filter(credential::Column::PractitionerId.eq(practitioner_id))
        .order_by_desc(credential::Column::CreatedAt)
        .order_by_desc(credential::Column::Id)
        .all(db)
        .await
}

/// One credential, only if `practitioner_id` owns it.
pub async fn find_owned(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    credential_id: i64,
) -> Result<Option<credential::Model>, DbErr> {
    credential::Entity::find_by_id(credential_id)
        .filter(credential::Column::PractitionerId.eq(practitioner_id))
        .one(db)
        .await
}

/// The credential form as typed.
#[derive(Clone, Debug, Default)]
pub struct CredentialInput {
    pub kind: String,
    pub title: String,
    pub issuer: String,
    pub number: String,
    pub region: String,
    pub issued_on: String,
    pub expires_on: String,
}

impl CredentialInput {
    /// The form filled from a stored credential.
    pub fn from_credential(c: &credential::Model) -> Self {
        let date = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
        Self {
            kind: c.kind.as_str().to_owned(),
            title: c.title.clone(),
            issuer: c.issuer.clone(),
            number: c.number.clone(),
            region: c.region.clone(),
            issued_on: date(c.issued_on),
            expires_on: date(c.expires_on),
        }
    }
}

/// A checked credential.
#[derive(Clone, Debug)]
pub struct CredentialDetails {
    pub kind: CredentialKind,
    pub title: String,
    pub issuer: String,
    pub number: String,
    pub region: String,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

/// Checks the credential form.
pub fn check_credential(input: &CredentialInput) -> Result<CredentialDetails, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = CredentialKind::parse(&input.kind);
    if kind.is_none() {
        errors.add("kind", "Choose the kind of credential.");
    }
    let title = validation::text(&mut errors, "title", &input.title, true, 160);
    let issuer = validation::text(&mut errors, "issuer", &input.issuer, true, 160);
    let number = validation::text(&mut errors, "number", &input.number, false, 64);
    let region = validation::text(&mut errors, "region", &input.region, false, 120);
    let issued_on = validation::optional_date(&mut errors, "issued_on", &input.issued_on);
    let expires_on = validation::optional_date(&mut errors, "expires_on", &input.expires_on);
    if let (Some(issued), Some(expires)) = (issued_on, expires_on)
        && expires < issued
    {
        errors.add("expires_on", "The expiry date is before the issue date.");
    }
    if kind == Some(CredentialKind::License) && number.is_empty() {
        errors.add("number", "A licence needs its number so we can look it up.");
    }
    let Some(kind) = kind else {
        return Err(errors);
    };
    errors.into_result(CredentialDetails {
        kind,
        title,
        issuer,
        number,
        region,
        issued_on,
        expires_on,
    })
}

/// Adds a credential to the practitioner's profile, pending verification.
pub async fn add(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    details: CredentialDetails,
) -> Result<credential::Model, DbErr> {
    let now = Utc::now();
    credential::ActiveModel {
        practitioner_id: Set(practitioner_id),
        kind: Set(details.kind),
        title: Set(details.title),
        issuer: Set(details.issuer),
        number: Set(details.number),
        region: Set(details.region),
        issued_on: Set(details.issued_on),
        expires_on: Set(details.expires_on),
        status: Set(CredentialStatus::Pending),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Why an owned credential cannot be changed.
#[derive(Debug, thiserror::Error)]
pub enum CredentialChangeError {
    #[error("a verified credential cannot be edited; add a new one instead")]
    AlreadyVerified,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Corrects a credential that is not verified; it goes (back) to pending, so a moderator
/// checks the corrected details. A verified one is refused: what was checked stays as it was.
pub async fn correct(
    db: &impl ConnectionTrait,
    owned: credential::Model,
    details: CredentialDetails,
) -> Result<credential::Model, CredentialChangeError> {
    if owned.status == CredentialStatus::Verified {
        return Err(CredentialChangeError::AlreadyVerified);
    }
    let mut active: credential::ActiveModel = owned.into();
    active.kind = Set(details.kind);
    active.title = Set(details.title);
    active.issuer = Set(details.issuer);
    active.number = Set(details.number);
    active.region = Set(details.region);
    active.issued_on = Set(details.issued_on);
    active.expires_on = Set(details.expires_on);
    active.status = Set(CredentialStatus::Pending);
    active.rejection_reason = Set(None);
    active.updated_at = Set(Utc::now());
    Ok(active.update(db).await?)
}

/// Withdraws (deletes) an owned credential and recomputes the verified badge, in one
/// transaction.
pub async fn withdraw(db: &DatabaseConnection, owned: credential::Model) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    credential::Entity::delete_by_id(owned.id)
        .exec(&txn)
        .await?;
    practitioners::refresh_summary(&txn, owned.practitioner_id).await?;
    txn.commit().await
}
