//! The credentials patients see on a profile, read in the practitioner's own row (a
//! [`json_list`]) rather than in a statement of their own.

use chrono::NaiveDate;
use sea_orm::sea_query::{ExprTrait, SimpleExpr};
use sea_orm::{DbBackend, DbErr};
use serde::Deserialize;

use super::state::StoredState;
use super::{CredentialDetails, CredentialState, CredentialView};
use crate::domain::json_list::{day_of, json_list, parse_json_list, quoted};
use crate::domain::practitioners::rows_of_this_practitioner;
use crate::domain::statement::is_named;
use crate::entities::credential;
use crate::vocabulary::CredentialStatus;

/// A credential as [`public_list_column`] folds it: what the profile shows and what its
/// state is read from. Never the private document, nor why one was rejected (rejected ones
/// are left out).
#[derive(Deserialize)]
struct PublicCredential {
    id: i64,
    #[serde(flatten)]
    details: CredentialDetails,
    status: CredentialStatus,
    source_checked: Option<String>,
    /// The day it counts as verified on ([`super::state::verified_on`], computed in SQL).
    verified_on: Option<NaiveDate>,
}

/// The practitioner's credentials but rejected ones, as one column of the practitioner's
/// row (the enclosing statement), ordered by kind and id; read it with [`public_of_column`].
pub(crate) fn public_list_column(backend: DbBackend) -> SimpleExpr {
    let column = |name: &str| quoted("credentials", name);
    let mut rows = rows_of_this_practitioner(credential::Entity);
    rows.and_where(is_named(credential::Column::Status, CredentialStatus::Rejected).not());
    json_list(
        backend,
        rows,
        [
            ("id", column("id")),
            ("kind", column("kind")),
            ("title", column("title")),
            ("issuer", column("issuer")),
            ("number", column("number")),
            ("region", column("region")),
            ("issued_on", column("issued_on")),
            ("expires_on", column("expires_on")),
            ("status", column("status")),
            ("source_checked", column("source_checked")),
            (
                "verified_on",
                format!(
                    "COALESCE({}, {})",
                    column("source_checked_on"),
                    day_of(backend, &column("verified_at"))
                ),
            ),
        ],
        &format!("{}, {}", column("kind"), column("id")),
    )
}

/// The credentials patients see on a profile, from a [`public_list_column`]: verified first,
/// then pending, then expired, each in kind and id order.
pub(crate) fn public_of_column(
    list: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<CredentialView>, DbErr> {
    let mut shown: Vec<CredentialView> = parse_json_list::<PublicCredential>(list)?
        .into_iter()
        .map(|c| CredentialView {
            state: CredentialState::of_stored(
                StoredState {
                    status: c.status,
                    expires_on: c.details.expires_on,
                    verified_on: c.verified_on,
                    source_checked: c.source_checked,
                    rejection_reason: None,
                },
                today,
            ),
            document: None,
            id: c.id,
            details: c.details,
        })
        .filter(|c| c.state.is_public())
        .collect();
    shown.sort_by_key(|c| c.state.rank());
    Ok(shown)
}

/// The titles of a [`public_list_column`]'s verified, unexpired credentials, as the
/// comparison lists them: "License (Texas Medical Board)".
pub(crate) fn verified_titles_of_column(
    list: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<String>, DbErr> {
    Ok(public_of_column(list, today)?
        .into_iter()
        .filter(|c| c.state.is_verified())
        .map(|c| format!("{} ({})", c.details.kind.label(), c.details.issuer))
        .collect())
}
