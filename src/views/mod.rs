//! maud views: pure functions from domain values to HTML. They never touch the database.

pub mod assets;
pub mod components;
pub mod directory;
pub mod errors;
pub mod layout;
