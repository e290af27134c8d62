//! Who may see a stored image. A picture in an approved pair or an approved headshot is
//! public; a pending or rejected one only to its practitioner and to moderators; a key that
//! no pair or headshot uses, to no one.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entities::{gallery_item, headshot, image, practitioner};
use crate::vocabulary::PhotoStatus;

/// Who may see an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// The practitioner's account (when it has one) and moderators.
    OwnerAndModerators {
        owner_account_id: Option<i64>,
    },
}

/// A stored image as the media route serves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFile {
    pub content_type: String,
    pub audience: Audience,
}

impl ImageFile {
    /// Whether an account (`None`: anonymous) with moderator rights or not may see it.
    pub fn visible_to(&self, account_id: Option<i64>, is_moderator: bool) -> bool {
        match self.audience {
            Audience::Everyone => true,
            Audience::OwnerAndModerators { owner_account_id } => {
                is_moderator || (account_id.is_some() && account_id == owner_account_id)
            }
        }
    }
}

/// The image stored under `key` (its display or thumbnail key) and who may see it; `None`
/// when no pair or headshot uses it.
pub async fn image_by_key(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<ImageFile>, DbErr> {
    let Some(found) = image::Entity::find()
        .filter(
            Condition::any()
                .add(image::Column::StorageKey.eq(key))
                .add(image::Column::ThumbnailKey.eq(key)),
        )
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut uses: Vec<(i64, PhotoStatus)> = gallery_item::Entity::find()
        .filter(
            Condition::any()
                .add(gallery_item::Column::BeforeImageId.eq(found.id))
                .add(gallery_item::Column::AfterImageId.eq(found.id)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|item| (item.practitioner_id, item.status))
        .collect();
    uses.extend(
        headshot::Entity::find()
            .filter(headshot::Column::ImageId.eq(found.id))
            .all(db)
            .await?
            .into_iter()
            .map(|h| (h.practitioner_id, h.status)),
    );
    let Some(&(practitioner_id, _)) = uses.first() else {
        return Ok(None);
    };
    let audience = if uses.iter().any(|(_, s)| *s == PhotoStatus::Approved) {
        Audience::Everyone
    } else {
        let owner_account_id = practitioner::Entity::find_by_id(practitioner_id)
            .one(db)
            .await?
            .and_then(|p| p.account_id);
        Audience::OwnerAndModerators { owner_account_id }
    };
    Ok(Some(ImageFile {
        content_type: found.content_type,
        audience,
    }))
}
