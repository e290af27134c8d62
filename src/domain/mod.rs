//! The rules of the directory: one module per noun, each function taking the connection
//! first so it runs inside or outside a transaction.

pub mod accounts;
pub mod compare;
pub mod credentials;
pub mod directory;
pub mod login_throttle;
pub mod moderation;
pub mod practitioners;
pub mod profile;
pub mod profiles;
pub mod ratings;
pub mod registration;
pub mod reviews;
pub mod sessions;
pub mod validation;
