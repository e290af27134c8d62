//! The `credentials` table.

use crate::vocabulary::*;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "credentials")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub practitioner_id: i64,
    pub kind: CredentialKind,
    pub title: String,
    pub issuer: String,
    pub number: String,
    pub region: String,
    pub issued_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub status: CredentialStatus,
    pub source_checked: Option<String>,
    /// The day the moderator checked the source.
    pub source_checked_on: Option<Date>,
    pub verified_by: Option<i64>,
    pub verified_at: Option<DateTimeUtc>,
    pub rejection_reason: Option<CredentialRejection>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The private document behind the credential (a media store key), if one was attached.
    pub document_key: Option<String>,
    pub document_type: Option<String>,
    pub document_bytes: Option<i64>,
    pub document_uploaded_at: Option<DateTimeUtc>,
    /// When the owner was told the credential expires soon (said once per verification).
    pub expiry_notice_sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
