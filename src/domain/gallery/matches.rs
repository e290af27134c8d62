//! Spotting a picture another practitioner already showed: every stored image keeps a
//! perceptual hash, and an upload whose hash is within a few bits of another practitioner's
//! image is held for a moderator with the match shown beside it.

use sea_orm::sea_query::{Expr, ExprTrait, Query, UnionType};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use crate::domain::select_rows;
use crate::entities::{gallery_item, headshot, image};
use crate::media::{SAME_PICTURE_DISTANCE, hash_distance};

#[derive(FromQueryResult)]
struct Fingerprint {
    id: i64,
    perceptual_hash: String,
}

/// The closest image of another practitioner (in a pair or a headshot, in any state) that
/// looks like the picture with `hash`, if any is close enough to be the same picture.
pub async fn matching_image(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    hash: &str,
) -> Result<Option<i64>, DbErr> {
    use gallery_item::Column as G;
    use image::Column as I;
    let pictures_in_pairs = |side: G| {
        Query::select()
            .column((image::Entity, I::Id))
            .column((image::Entity, I::PerceptualHash))
            .from(image::Entity)
            .inner_join(
                gallery_item::Entity,
                Expr::col((gallery_item::Entity, side)).equals((image::Entity, I::Id)),
            )
            .and_where(Expr::col((gallery_item::Entity, G::PractitionerId)).ne(practitioner_id))
            .to_owned()
    };
    let headshots = Query::select()
        .column((image::Entity, I::Id))
        .column((image::Entity, I::PerceptualHash))
        .from(image::Entity)
        .inner_join(
            headshot::Entity,
            Expr::col((headshot::Entity, headshot::Column::ImageId)).equals((image::Entity, I::Id)),
        )
        .and_where(
            Expr::col((headshot::Entity, headshot::Column::PractitionerId)).ne(practitioner_id),
        )
        .to_owned();
    let query = pictures_in_pairs(G::BeforeImageId)
        .union(UnionType::Distinct, pictures_in_pairs(G::AfterImageId))
        .union(UnionType::Distinct, headshots)
        .to_owned();
    let candidates = select_rows::<Fingerprint>(db, &query).await?;
    Ok(candidates
        .into_iter()
        .filter_map(|c| Some((hash_distance(hash, &c.perceptual_hash)?, c.id)))
        .filter(|(distance, _)| *distance <= SAME_PICTURE_DISTANCE)
        .min()
        .map(|(_, id)| id))
}
