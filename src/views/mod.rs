//! maud views: pure functions from domain values to HTML. They never touch the database.

pub mod assets;
pub mod auth;
pub mod compare;
pub mod components;
pub mod dashboard;
pub mod directory;
pub mod email;
pub mod errors;
pub mod forms;
pub mod gallery;
pub mod guide;
pub mod invites;
pub mod layout;
pub mod mail;
pub mod me;
pub mod moderation;
pub mod profile;
pub mod replies;
pub mod reviews;
pub mod seo;
pub mod transparency;
pub mod trust;
