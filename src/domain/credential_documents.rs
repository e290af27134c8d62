//! The document behind a credential (a license scan, a certificate): a PDF, JPEG or PNG
//! recognised by its bytes, kept privately under a random key, shown only to the
//! practitioner who owns the credential and to moderators. Attaching a new one replaces
//! (and deletes) the old one.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::domain::{Transactional, begin_write};
use crate::entities::credential;
use crate::media::{self, MediaError, MediaStore};
use crate::vocabulary::{CredentialRejection, CredentialStatus};

/// A credential's document as its pages describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentInfo {
    pub content_type: String,
    pub bytes: i64,
    pub uploaded_at: DateTime<Utc>,
}

impl DocumentInfo {
    /// What the stored columns say, if a document is attached.
    pub fn of(c: &credential::Model) -> Option<Self> {
        c.document_key.as_ref()?;
        Some(Self {
            content_type: c.document_type.clone().unwrap_or_default(),
            bytes: c.document_bytes.unwrap_or_default(),
            uploaded_at: c.document_uploaded_at.unwrap_or_default(),
        })
    }

    /// "PDF, 120 KB".
    pub fn in_words(&self) -> String {
        let kind = match self.content_type.as_str() {
            "application/pdf" => "PDF",
            "image/png" => "PNG image",
            _ => "JPEG image",
        };
        format!("{kind}, {} KB", (self.bytes + 1023) / 1024)
    }
}

/// Why a document was not attached.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Refused(#[from] MediaError),
    /// No such credential among the practitioner's.
    #[error("not found")]
    NotFound,
    /// A verified credential keeps the evidence it was verified on.
    #[error("a verified credential keeps the document it was verified on")]
    AlreadyVerified,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Attaches `bytes` as the document of one of the practitioner's credentials, replacing any
/// earlier one, and sends the credential (back) to the moderators' queue, as a correction
/// does. A verified credential keeps the document it was verified on. Nothing is left behind
/// when it is refused or the credential is not theirs.
pub async fn attach(
    db: &impl Transactional,
    store: &dyn MediaStore,
    practitioner_id: i64,
    credential_id: i64,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<(), DocumentError> {
    let kind = media::check_document(&bytes)?;
    let key = format!("{}.{}", media::random_key()?, kind.extension());
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    store.put(&key, bytes).await.map_err(MediaError::from)?;
    let recorded = record(db, practitioner_id, credential_id, &key, kind, size, now).await;
    match recorded {
        Ok(replaced) => {
            media::delete_all(store, &replaced.into_iter().collect::<Vec<_>>()).await;
            Ok(())
        }
        Err(err) => {
            media::delete_all(store, &[key]).await;
            Err(err)
        }
    }
}

/// Points the credential at the new document; returns the key it replaces.
async fn record(
    db: &impl Transactional,
    practitioner_id: i64,
    credential_id: i64,
    key: &str,
    kind: media::FileKind,
    size: i64,
    now: DateTime<Utc>,
) -> Result<Option<String>, DocumentError> {
    use credential::Column as C;
    let txn = begin_write(db).await?;
    let found = credential::Entity::find_by_id(credential_id)
        .filter(C::PractitionerId.eq(practitioner_id))
        .one(&txn)
        .await?
        .ok_or(DocumentError::NotFound)?;
    // Compare-and-set on the document it replaces, so two uploads at once cannot both
    // replace the same one and leave a file nobody points at.
    let same_document = match &found.document_key {
        Some(old) => C::DocumentKey.eq(old.clone()),
        None => C::DocumentKey.is_null(),
    };
    let changed = credential::Entity::update_many()
        .col_expr(C::DocumentKey, Expr::value(Some(key.to_owned())))
        .col_expr(
            C::DocumentType,
            Expr::value(Some(kind.content_type().to_owned())),
        )
        .col_expr(C::DocumentBytes, Expr::value(Some(size)))
        .col_expr(C::DocumentUploadedAt, Expr::value(Some(now)))
        .col_expr(C::Status, Expr::value(CredentialStatus::Pending))
        .col_expr(
            C::RejectionReason,
            Expr::value(Option::<CredentialRejection>::None),
        )
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(credential_id))
        .filter(same_document)
        .filter(C::Status.ne(CredentialStatus::Verified))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(if found.status == CredentialStatus::Verified {
            DocumentError::AlreadyVerified
        } else {
            DocumentError::Database(DbErr::RecordNotUpdated)
        });
    }
    txn.commit().await?;
    Ok(found.document_key)
}

/// A document's bytes and content type.
pub struct Document {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The document of credential `credential_id`, for its owner (`practitioner_id` given) or a
/// moderator (`None`); `None` when there is none or it is someone else's.
pub async fn read(
    db: &impl ConnectionTrait,
    store: &dyn MediaStore,
    practitioner_id: Option<i64>,
    credential_id: i64,
) -> Result<Option<Document>, DbErr> {
    let mut find = credential::Entity::find_by_id(credential_id);
    if let Some(owner) = practitioner_id {
        find = find.filter(credential::Column::PractitionerId.eq(owner));
    }
    let Some(found) = find.one(db).await? else {
        return Ok(None);
    };
    let (Some(key), Some(content_type)) = (found.document_key, found.document_type) else {
        return Ok(None);
    };
    Ok(store.get(&key).await.ok().map(|bytes| Document {
        content_type,
        bytes,
    }))
}
