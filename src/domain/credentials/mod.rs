//! Credentials: what "verified" means, and how a practitioner manages their own.
//!
//! The one rule: a credential counts as verified on a day when a moderator verified it and
//! its expiry date (if any) has not passed. An expired one loses the badge by itself. The
//! practitioner's badge needs such a license or board certification (training alone does not
//! make a verified injector); the practitioner row keeps the latest expiry among those
//! (`verified_until`) so the directory filters on one indexed column.
//!
//! Every owner's lookup is scoped to the owning practitioner, so an id from someone else's
//! profile finds nothing.

mod public;
mod state;

pub(crate) use public::{public_list_column, public_of_column, verified_titles_of_column};
pub use state::{CredentialState, badge_holds, counts_for_badge};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::domain::credential_documents::DocumentInfo;
use crate::domain::practitioners::counters;
use crate::domain::validation::{self, FieldErrors};
use crate::domain::{Transactional, begin_write};
use crate::entities::credential;
use crate::media::{self, MediaStore};
use crate::vocabulary::{CredentialKind, CredentialRejection, CredentialStatus};

/// The expiry used for a verified license that states none, so it sorts after every date.
pub const NO_EXPIRY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// A credential as the profile and the dashboard show it.
#[derive(Clone, Debug)]
pub struct CredentialView {
    pub id: i64,
    pub details: CredentialDetails,
    pub state: CredentialState,
    /// The private document behind it, if one is attached.
    pub document: Option<DocumentInfo>,
}

impl CredentialView {
    fn of(c: credential::Model, today: NaiveDate) -> Self {
        Self {
            state: CredentialState::of(&c, today),
            document: DocumentInfo::of(&c),
            id: c.id,
            details: c.into(),
        }
    }
}

impl From<credential::Model> for CredentialDetails {
    fn from(c: credential::Model) -> Self {
        Self {
            kind: c.kind,
            title: c.title,
            issuer: c.issuer,
            number: c.number,
            region: c.region,
            issued_on: c.issued_on,
            expires_on: c.expires_on,
        }
    }
}

/// The latest expiry among the practitioner's verified badge credentials ([`NO_EXPIRY`] for
/// one without an expiry date), or `None` when there is none.
pub async fn verified_until(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<NaiveDate>, DbErr> {
    let rows: Vec<(CredentialKind, Option<NaiveDate>)> = credential::Entity::find()
        .select_only()
        .column(credential::Column::Kind)
        .column(credential::Column::ExpiresOn)
        .filter(credential::Column::PractitionerId.eq(practitioner_id))
        .filter(credential::Column::Status.eq(CredentialStatus::Verified))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(kind, _)| counts_for_badge(*kind))
        .map(|(_, expiry)| expiry.unwrap_or(NO_EXPIRY))
        .max())
}

/// A practitioner's own credentials, newest first, in every state.
pub async fn list_owned(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    today: NaiveDate,
) -> Result<Vec<CredentialView>, DbErr> {
    Ok(credential::Entity::find()
        .filter(credential::Column::PractitionerId.eq(practitioner_id))
        .order_by_desc(credential::Column::CreatedAt)
        .order_by_desc(credential::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| CredentialView::of(c, today))
        .collect())
}

/// One credential, only if `practitioner_id` owns it.
pub async fn find_owned(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    credential_id: i64,
    today: NaiveDate,
) -> Result<Option<CredentialView>, DbErr> {
    Ok(owned_row(db, practitioner_id, credential_id)
        .await?
        .map(|c| CredentialView::of(c, today)))
}

async fn owned_row(
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
    pub fn from_view(view: &CredentialView) -> Self {
        let date = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
        let c = &view.details;
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

/// A checked credential. It also reads from the profile's folded list (`public`), whose
/// keys are these field names.
#[derive(Clone, Debug, serde::Deserialize)]
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
        errors.add("number", "A license needs its number so we can look it up.");
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

/// Adds a credential to the practitioner's profile, pending verification; returns its id.
pub async fn add(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    details: CredentialDetails,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = credential::ActiveModel {
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
    .await?;
    Ok(row.id)
}

/// Why an owned credential cannot be changed.
#[derive(Debug, thiserror::Error)]
pub enum CredentialChangeError {
    #[error("a verified credential cannot be edited; add a new one instead")]
    AlreadyVerified,
    #[error("no such credential")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Corrects a credential that is not verified; it goes (back) to pending, so a moderator
/// checks the corrected details. A verified one is refused: what was checked stays as it was.
/// The status is compared and set in the one update, so a verification that lands first wins.
pub async fn correct(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    credential_id: i64,
    details: CredentialDetails,
    now: DateTime<Utc>,
) -> Result<(), CredentialChangeError> {
    use credential::Column as C;
    let changed = credential::Entity::update_many()
        .col_expr(C::Kind, sea_orm::sea_query::Expr::value(details.kind))
        .col_expr(C::Title, sea_orm::sea_query::Expr::value(details.title))
        .col_expr(C::Issuer, sea_orm::sea_query::Expr::value(details.issuer))
        .col_expr(C::Number, sea_orm::sea_query::Expr::value(details.number))
        .col_expr(C::Region, sea_orm::sea_query::Expr::value(details.region))
        .col_expr(
            C::IssuedOn,
            sea_orm::sea_query::Expr::value(details.issued_on),
        )
        .col_expr(
            C::ExpiresOn,
            sea_orm::sea_query::Expr::value(details.expires_on),
        )
        .col_expr(
            C::Status,
            sea_orm::sea_query::Expr::value(CredentialStatus::Pending),
        )
        .col_expr(
            C::RejectionReason,
            sea_orm::sea_query::Expr::value(Option::<CredentialRejection>::None),
        )
        .col_expr(C::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(C::Id.eq(credential_id))
        .filter(C::PractitionerId.eq(practitioner_id))
        .filter(C::Status.ne(CredentialStatus::Verified))
        .exec(db)
        .await?;
    if changed.rows_affected == 1 {
        return Ok(());
    }
    match owned_row(db, practitioner_id, credential_id).await? {
        Some(_) => Err(CredentialChangeError::AlreadyVerified),
        None => Err(CredentialChangeError::NotFound),
    }
}

/// Withdraws (deletes) an owned credential and recomputes the practitioner's badge, in one
/// transaction, then deletes its document. Someone else's credential is not found.
pub async fn withdraw(
    db: &impl Transactional,
    store: &dyn MediaStore,
    practitioner_id: i64,
    credential_id: i64,
    now: DateTime<Utc>,
) -> Result<(), CredentialChangeError> {
    let txn = begin_write(db).await?;
    let found = owned_row(&txn, practitioner_id, credential_id)
        .await?
        .ok_or(CredentialChangeError::NotFound)?;
    credential::Entity::delete_by_id(found.id)
        .exec(&txn)
        .await?;
    counters::refresh_badge(&txn, practitioner_id, now).await?;
    txn.commit().await?;
    if let Some(key) = found.document_key {
        media::delete_all(store, &[key]).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verified(expires_on: Option<NaiveDate>) -> credential::Model {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        credential::Model {
            id: 1,
            practitioner_id: 1,
            kind: CredentialKind::License,
            title: "License".into(),
            issuer: "Board".into(),
            number: "1".into(),
            region: String::new(),
            issued_on: None,
            expires_on,
            status: CredentialStatus::Verified,
            source_checked: Some("the board's lookup".into()),
            source_checked_on: None,
            verified_by: None,
            verified_at: Some(at),
            rejection_reason: None,
            created_at: at,
            updated_at: at,
            document_key: None,
            document_type: None,
            document_bytes: None,
            document_uploaded_at: None,
            expiry_notice_sent_at: None,
        }
    }

    #[test]
    fn a_verified_credential_expires_by_itself() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 6, d).unwrap_or_default();
        let c = verified(Some(day(30)));
        assert!(CredentialState::of(&c, day(30)).is_verified());
        assert_eq!(
            CredentialState::of(&c, day(30) + chrono::Duration::days(1)),
            CredentialState::Expired { on: day(30) }
        );
        assert!(CredentialState::of(&verified(None), day(1)).is_verified());
        assert!(badge_holds(Some(day(30)), day(30)));
        assert!(!badge_holds(Some(day(29)), day(30)));
        assert!(!badge_holds(None, day(30)));
    }
}
