//! The practitioner's dashboard: the overview, the profile form and the preview. Every
//! handler takes [`OwnPractitioner`], the profile the signed-in account owns, and reaches
//! rows only through it, so ids typed into a URL or a form find only the practitioner's own
//! rows; anything else is the 404 page. Credentials, the gallery, reviews and invites have
//! modules of their own.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use crate::domain::email_confirmation::Unconfirmed;
use crate::domain::headshots;
use crate::domain::practitioners::profile_form::{self, ProfileInput};
use crate::domain::practitioners::{own_profile, public_profile};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::components::Notice;
use crate::views::dashboard::ProfilePage;
use crate::views::profile::ProfileUrls;
use crate::web::form_page;
use crate::web::guards::{OwnPractitioner, RequirePractitioner};
use crate::web::input::{StrictForm, StrictQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(overview))
        .route("/dashboard/profile", get(profile_form).post(save_profile))
        .route("/dashboard/preview", get(preview))
        .route("/dashboard/{*rest}", get(unknown).post(unknown))
}

/// Unknown dashboard addresses: members' area first, then not found.
async fn unknown(_: RequirePractitioner) -> AppError {
    AppError::NotFound
}

async fn overview(State(state): State<AppState>, own: OwnPractitioner) -> AppResult<Markup> {
    let overview = own_profile::overview(&state.db, own.profile.id, state.clock.now())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(views::dashboard::overview_page(
        &own.visitor.chrome(),
        &overview,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PreviewParams {
    reviews_page: String,
}

/// The profile as patients see it (only what is approved), with a banner saying what is not
/// public yet. Never cached: it is the signed-in practitioner's.
async fn preview(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictQuery(params): StrictQuery<PreviewParams>,
) -> AppResult<Markup> {
    let now = state.clock.now();
    let review_page = params.reviews_page.trim().parse().unwrap_or(1);
    let profile = public_profile::preview(&state.db, own.profile.id, review_page, now.date_naive())
        .await?
        .ok_or(AppError::NotFound)?;
    let waiting = own_profile::not_yet_public(&state.db, own.profile.id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let urls = ProfileUrls {
        canonical: state
            .config
            .absolute_url(&format!("/practitioners/{}", profile.facts.slug)),
        image: None,
    };
    Ok(views::profile::profile_page(
        &own.visitor.chrome(),
        &profile,
        &urls,
        Some(&waiting),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SavedParam {
    saved: String,
}

/// The profile page: the form as typed (`input`, `errors`) or as stored, and the headshot.
async fn profile_page(
    state: &AppState,
    own: &OwnPractitioner,
    status: StatusCode,
    input: Option<(&ProfileInput, &FieldErrors)>,
    headshot_errors: &FieldErrors,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let stored;
    let none = FieldErrors::default();
    let (input, errors) = match input {
        Some(shown) => shown,
        None => {
            stored = own_profile::form_of(&state.db, own.profile.id)
                .await?
                .ok_or(AppError::NotFound)?;
            (&stored, &none)
        }
    };
    let headshot = headshots::own_headshot(&state.db, own.profile.id).await?;
    let page = views::dashboard::profile_page(
        &own.visitor.chrome(),
        &ProfilePage {
            input,
            errors,
            headshot: &headshot,
            headshot_errors,
            notice: notice.as_ref(),
        },
    );
    Ok(if status == StatusCode::OK {
        page.into_response()
    } else {
        form_page(status, page)
    })
}

/// The profile page after a refused headshot upload: the message beside the file field.
pub(crate) async fn refused_headshot(
    state: &AppState,
    own: &OwnPractitioner,
    status: StatusCode,
    errors: &FieldErrors,
) -> AppResult<Response> {
    profile_page(state, own, status, None, errors, None).await
}

async fn profile_form(
    State(state): State<AppState>,
    own: OwnPractitioner,
    StrictQuery(params): StrictQuery<SavedParam>,
) -> AppResult<Response> {
    let notice = match params.saved.as_str() {
        "1" => Some("Your profile was saved."),
        "headshot" => {
            Some("Your headshot was uploaded. It will appear once a moderator approves it.")
        }
        _ => None,
    };
    let notice = notice.map(|words| Notice::Done(words.to_owned()));
    profile_page(
        &state,
        &own,
        StatusCode::OK,
        None,
        &FieldErrors::default(),
        notice,
    )
    .await
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
            "phone" => input.phone = value,
            "website_url" => input.website_url = value,
            "booking_url" => input.booking_url = value,
            "street_address" => input.street_address = value,
            "opening_hours" => input.opening_hours = value,
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
    own: OwnPractitioner,
    StrictForm(pairs): StrictForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = profile_input(pairs);
    let checked = profile_form::check_profile(&input).and_then(|changes| {
        if changes.publish && !own.account.email_verified {
            let mut errors = FieldErrors::default();
            errors.add("publish", Unconfirmed::Publish.explanation());
            Err(errors)
        } else {
            Ok(changes)
        }
    });
    match checked {
        Ok(changes) => {
            own_profile::save_profile(&state.db, own.profile.id, changes, state.clock.now())
                .await?;
            Ok(Redirect::to("/dashboard/profile?saved=1").into_response())
        }
        Err(errors) => {
            profile_page(
                &state,
                &own,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((&input, &errors)),
                &FieldErrors::default(),
                None,
            )
            .await
        }
    }
}
