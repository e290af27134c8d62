//! The rules of the directory: one module per noun, each function taking the connection
//! first so it runs inside or outside a transaction.

pub mod accounts;
pub mod directory;
pub mod practitioners;
pub mod ratings;
