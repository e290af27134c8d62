//! sea-orm entities, one file per table, matching the migrations. No hand-written queries
//! live here: those belong to `domain`.

pub mod account;
pub mod account_token;
pub mod appeal;
pub mod credential;
pub mod flag;
pub mod gallery_item;
pub mod headshot;
pub mod image;
pub mod moderation_event;
pub mod moderation_tally;
pub mod outbox_message;
pub mod practitioner;
pub mod practitioner_product;
pub mod practitioner_response;
pub mod practitioner_treatment;
pub mod review;
pub mod review_invite;
pub mod review_revision;
pub mod review_side_effect;
pub mod session;
