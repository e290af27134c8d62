//! The practitioner's dashboard. Every handler finds the profile through the signed-in
//! account and every credential through that profile, so ids typed into a URL or a form
//! reach only the practitioner's own rows; anything else is the 404 page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::Markup;
use serde::Deserialize;

use crate::domain::credentials::{self, CredentialChangeError, CredentialInput};
use crate::domain::profiles::{self, ProfileInput};
use crate::domain::validation::FieldErrors;
use crate::entities::{credential, practitioner};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::web::form_page;
use crate::web::visitor::RequirePractitioner;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(overview))
        .route("/dashboard/profile", get(profile_form).post(save_profile))
        .route(
            "/dashboard/credentials",
            get(credentials_list).post(add_credential),
        )
        .route(
            "/dashboard/credentials/{id}",
            get(credential_form).post(correct_credential),
        )
        .route(
            "/dashboard/credentials/{id}/withdraw",
            post(withdraw_credential),
        )
        .route("/dashboard/{*rest}", get(unknown).post(unknown))
}

/// The profile the signed-in practitioner owns.
async fn own_profile(
    state: &AppState,
    user: &RequirePractitioner,
) -> AppResult<practitioner::Model> {
    profiles::owned_by(&state.db, user.account.account_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// One of the signed-in practitioner's credentials; someone else's id is not found.
async fn own_credential(
    state: &AppState,
    user: &RequirePractitioner,
    raw_id: &str,
) -> AppResult<(practitioner::Model, credential::Model)> {
    let profile = own_profile(state, user).await?;
    let id: i64 = raw_id.parse().map_err(|_| AppError::NotFound)?;
    let found = credentials::find_owned(&state.db, profile.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((profile, found))
}

/// Unknown dashboard addresses: members' area first, then not found.
async fn unknown(_: RequirePractitioner) -> AppError {
    AppError::NotFound
}

async fn overview(State(state): State<AppState>, user: RequirePractitioner) -> AppResult<Markup> {
    let profile = own_profile(&state, &user).await?;
    let treatments = profiles::treatments_of(&state.db, profile.id).await?;
    let missing = profiles::missing_for_publication(&profile.name, &profile.city, &treatments);
    let credentials = credentials::list_owned(&state.db, profile.id).await?;
    Ok(views::dashboard::overview_page(
        &user.visitor,
        &profile,
        &missing,
        &credentials,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SavedParam {
    saved: Option<String>,
}

async fn profile_form(
    State(state): State<AppState>,
    user: RequirePractitioner,
    Query(params): Query<SavedParam>,
) -> AppResult<Markup> {
    let profile = own_profile(&state, &user).await?;
    let treatments = profiles::treatments_of(&state.db, profile.id).await?;
    let products = profiles::products_of(&state.db, profile.id).await?;
    let input = ProfileInput::from_profile(&profile, &treatments, &products);
    Ok(views::dashboard::profile_page(
        &user.visitor,
        &input,
        &FieldErrors::default(),
        params.saved.is_some(),
    ))
}

/// Reads the profile form. Repeated keys (treatments, products) need the pair list; unknown
/// keys, including any id, are ignored.
fn profile_input(pairs: Vec<(String, String)>) -> ProfileInput {
    let mut input = ProfileInput::default();
    for (key, value) in pairs {
        match key.as_str() {
            "name" => input.name = value,
            "profession" => input.profession = value,
            "specialty" => input.specialty = value,
            "bio" => input.bio = value,
            "clinic_name" => input.clinic_name = value,
            "setting" => input.setting = value,
            "city" => input.city = value,
            "region" => input.region = value,
            "postal_code" => input.postal_code = value,
            "years_injecting" => input.years_injecting = value,
            "lip_flips_last_year" => input.lip_flips_last_year = value,
            "typical_units_low" => input.typical_units_low = value,
            "typical_units_high" => input.typical_units_high = value,
            "lip_flip_price" => input.lip_flip_price = value,
            "consultation_fee" => input.consultation_fee = value,
            "supervising_physician" => input.supervising_physician = value,
            "accepting_new_patients" => input.accepting_new_patients = true,
            "publish" => input.publish = true,
            "treatments" => input.treatments.push(value),
            "products" => input.products.push(value),
            _ => {}
        }
    }
    input
}

async fn save_profile(
    State(state): State<AppState>,
    user: RequirePractitioner,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let profile = own_profile(&state, &user).await?;
    let input = profile_input(pairs);
    match profiles::check_profile(&input) {
        Ok(changes) => {
            profiles::save_profile(&state.db, profile, changes, state.clock.now().date_naive())
                .await?;
            Ok(Redirect::to("/dashboard/profile?saved=1").into_response())
        }
        Err(errors) => Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::dashboard::profile_page(&user.visitor, &input, &errors, false),
        )),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CredentialForm {
    kind: String,
    title: String,
    issuer: String,
    number: String,
    region: String,
    issued_on: String,
    expires_on: String,
}

impl From<CredentialForm> for CredentialInput {
    fn from(f: CredentialForm) -> Self {
        CredentialInput {
            kind: f.kind,
            title: f.title,
            issuer: f.issuer,
            number: f.number,
            region: f.region,
            issued_on: f.issued_on,
            expires_on: f.expires_on,
        }
    }
}

async fn credentials_list(
    State(state): State<AppState>,
    user: RequirePractitioner,
) -> AppResult<Markup> {
    let profile = own_profile(&state, &user).await?;
    let list = credentials::list_owned(&state.db, profile.id).await?;
    Ok(views::dashboard::credentials_page(
        &user.visitor,
        &list,
        &CredentialInput::default(),
        &FieldErrors::default(),
    ))
}

async fn add_credential(
    State(state): State<AppState>,
    user: RequirePractitioner,
    Form(form): Form<CredentialForm>,
) -> AppResult<Response> {
    let profile = own_profile(&state, &user).await?;
    let input = CredentialInput::from(form);
    match credentials::check_credential(&input) {
        Ok(details) => {
            let added = credentials::add(&state.db, profile.id, details).await?;
            Ok(Redirect::to(&format!("/dashboard/credentials/{}", added.id)).into_response())
        }
        Err(errors) => {
            let list = credentials::list_owned(&state.db, profile.id).await?;
            Ok(form_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::dashboard::credentials_page(&user.visitor, &list, &input, &errors),
            ))
        }
    }
}

async fn credential_form(
    State(state): State<AppState>,
    user: RequirePractitioner,
    Path(id): Path<String>,
) -> AppResult<Markup> {
    let (_, found) = own_credential(&state, &user, &id).await?;
    let input = CredentialInput::from_credential(&found);
    Ok(views::dashboard::credential_page(
        &user.visitor,
        &found,
        &input,
        &FieldErrors::default(),
    ))
}

async fn correct_credential(
    State(state): State<AppState>,
    user: RequirePractitioner,
    Path(id): Path<String>,
    Form(form): Form<CredentialForm>,
) -> AppResult<Response> {
    let (_, found) = own_credential(&state, &user, &id).await?;
    let input = CredentialInput::from(form);
    let errors = match credentials::check_credential(&input) {
        Ok(details) => match credentials::correct(&state.db, found.clone(), details).await {
            Ok(saved) => {
                return Ok(
                    Redirect::to(&format!("/dashboard/credentials/{}", saved.id)).into_response(),
                );
            }
            Err(CredentialChangeError::AlreadyVerified) => {
                let mut errors = FieldErrors::default();
                errors.add(
                    "kind",
                    "A verified credential cannot be edited; add a new one instead.",
                );
                errors
            }
            Err(CredentialChangeError::Database(err)) => return Err(err.into()),
        },
        Err(errors) => errors,
    };
    Ok(form_page(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::dashboard::credential_page(&user.visitor, &found, &input, &errors),
    ))
}

async fn withdraw_credential(
    State(state): State<AppState>,
    user: RequirePractitioner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (_, found) = own_credential(&state, &user, &id).await?;
    credentials::withdraw(&state.db, found).await?;
    Ok(Redirect::to("/dashboard/credentials").into_response())
}
