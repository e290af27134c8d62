//! Injectory: a moderated directory of cosmetic injectors for lip flips, gummy-smile
//! correction and lip filler.
//!
//! Data flows one way: `web` (HTTP) -> `domain` (rules and queries) -> `entities` (tables);
//! `views` turn domain values into HTML.

pub mod blocking;
pub mod clock;
pub mod config;
pub mod database;
pub mod domain;
pub mod entities;
pub mod error;
pub mod mail;
pub mod media;
pub mod search_keys;
pub mod seed;
pub mod state;
pub mod views;
pub mod vocabulary;
pub mod web;

use axum::Router;

pub use state::AppState;

/// The whole application as one router, ready to serve.
pub fn app(state: AppState) -> Router {
    web::router(state)
}
