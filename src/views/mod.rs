//! maud views: pure functions from domain values to HTML. They never touch the database.

pub mod assets;
pub mod auth;
pub mod compare;
pub mod components;
pub mod dashboard;
pub mod directory;
pub mod errors;
pub mod forms;
pub mod guide;
pub mod layout;
pub mod members;
pub mod profile;
pub mod seo;
