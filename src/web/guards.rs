//! Who may call a handler, read from its signature: `_: RequireModerator`,
//! `user: RequirePatient`, `own: OwnPractitioner`. An anonymous visitor is sent to sign in
//! (and back afterwards); a signed-in one with another role gets the 403 page.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;

use crate::domain::practitioners::own_profile::{self, OwnedProfile};
use crate::domain::sessions::SignedIn;
use crate::error::AppError;
use crate::state::AppState;
use crate::vocabulary::Role;
use crate::web::visitor::Visitor;

/// Which roles a [`Member`] extractor admits.
pub trait Gate {
    fn admits(role: Role) -> bool;
}

/// Any signed-in account.
pub struct AnyAccount;
/// Patients only.
pub struct Patients;
/// Practitioners only.
pub struct Practitioners;
/// Moderators (and admins).
pub struct Moderators;

impl Gate for AnyAccount {
    fn admits(_: Role) -> bool {
        true
    }
}
impl Gate for Patients {
    fn admits(role: Role) -> bool {
        role == Role::Patient
    }
}
impl Gate for Practitioners {
    fn admits(role: Role) -> bool {
        role == Role::Practitioner
    }
}
impl Gate for Moderators {
    fn admits(role: Role) -> bool {
        matches!(role, Role::Moderator | Role::Admin)
    }
}

/// A signed-in visitor whose role the gate `G` admits.
pub struct Member<G> {
    pub visitor: Visitor,
    pub account: SignedIn,
    gate: PhantomData<G>,
}

/// Any signed-in account.
pub type CurrentUser = Member<AnyAccount>;

impl CurrentUser {
    /// The visitor, whose account a handler has already found signed in.
    pub fn signed_in(visitor: Visitor, account: SignedIn) -> Self {
        Self {
            visitor,
            account,
            gate: PhantomData,
        }
    }
}
/// A signed-in patient.
pub type RequirePatient = Member<Patients>;
/// A signed-in practitioner.
pub type RequirePractitioner = Member<Practitioners>;
/// A signed-in moderator.
pub type RequireModerator = Member<Moderators>;

impl<S: Send + Sync, G: Gate> FromRequestParts<S> for Member<G> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        let Some(account) = visitor.account.clone() else {
            // Coming back to a form's target by GET would not repeat the POST, so only a GET
            // remembers where it was going.
            let next = if parts.method == Method::GET {
                parts.uri.path_and_query().map(|pq| pq.as_str().to_owned())
            } else {
                None
            };
            return Err(AppError::SignInRequired { next });
        };
        if !G::admits(account.role) {
            return Err(AppError::Forbidden);
        }
        Ok(Self {
            visitor,
            account,
            gate: PhantomData,
        })
    }
}

/// A signed-in practitioner with the profile their account owns. Every dashboard handler
/// reaches rows only through this profile, so ids typed into a URL or a form find nothing of
/// anyone else's.
pub struct OwnPractitioner {
    pub visitor: Visitor,
    pub account: SignedIn,
    pub profile: OwnedProfile,
}

impl FromRequestParts<AppState> for OwnPractitioner {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let member = RequirePractitioner::from_request_parts(parts, state).await?;
        let profile = own_profile::owned_by(&state.db, member.account.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Self {
            visitor: member.visitor,
            account: member.account,
            profile,
        })
    }
}

/// Where a `next` parameter may send a visitor after sign-in: only a path on this site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 2000;
    local.then(|| next.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/dashboard?x=1")).as_deref(),
            Some("/dashboard?x=1")
        );
        for bad in [
            "https://evil.test/",
            "//evil.test",
            "/\\evil.test",
            "dashboard",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
    }
}
