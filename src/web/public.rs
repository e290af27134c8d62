//! Pages anyone may read.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use crate::domain::compare::{self, CompareProblem};
use crate::domain::directory::{self, DirectoryQuery};
use crate::domain::gallery;
use crate::domain::moderation::transparency;
use crate::domain::practitioners::{self, public_profile};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views;
use crate::views::profile::ProfileUrls;
use crate::web::form_page;
use crate::web::input::StrictQuery;
use crate::web::visitor::Visitor;

/// How many practitioners the home page features.
const FEATURED_COUNT: u64 = 6;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/practitioners", get(practitioners))
        .route("/practitioners/{slug}", get(profile))
        .route("/compare", get(compare_practitioners))
        .route("/guide", get(guide_index))
        .route("/guide/{page}", get(guide_page))
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
        .route("/practitioners/{slug}/photos/{id}", get(photo_pair))
        .route("/transparency", get(transparency))
        .route("/how-we-verify", get(how_we_verify))
        .route("/about", get(about))
        .route("/privacy", get(privacy))
        .route("/terms", get(terms))
        .route("/contact", get(contact))
}

async fn home(State(state): State<AppState>, visitor: Visitor) -> AppResult<Markup> {
    let featured =
        directory::featured(&state.db, FEATURED_COUNT, state.clock.now().date_naive()).await?;
    Ok(views::directory::home_page(
        &visitor.chrome(),
        &featured,
        state.config.absolute_url("/"),
    ))
}

/// Reads the query string as pairs (repeated keys kept) and hands it to the directory's
/// parser: paging and sort fall back to defaults, an unreadable filter is the 400 page.
async fn practitioners(
    State(state): State<AppState>,
    visitor: Visitor,
    StrictQuery(pairs): StrictQuery<Vec<(String, String)>>,
) -> AppResult<Markup> {
    let query = DirectoryQuery::from_params(&pairs).map_err(|e| AppError::BadRequest(e.0))?;
    let listing = directory::search(&state.db, &query, state.clock.now().date_naive()).await?;
    let canonical = match (query.has_filters(), listing.page) {
        (false, 1) => state.config.absolute_url("/practitioners"),
        (false, page) => state
            .config
            .absolute_url(&format!("/practitioners?page={page}")),
        (true, _) => state.config.absolute_url(&format!(
            "/practitioners?{}&page={}",
            views::directory::query_string(&query),
            listing.page
        )),
    };
    Ok(views::directory::directory_page(
        &visitor.chrome(),
        &listing,
        canonical,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProfileParams {
    reviews_page: Option<String>,
}

async fn profile(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
    StrictQuery(params): StrictQuery<ProfileParams>,
) -> AppResult<Markup> {
    let review_page = params
        .reviews_page
        .and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1);
    let today = state.clock.now().date_naive();
    let profile = public_profile::load(&state.db, &slug, review_page, today)
        .await?
        .ok_or(AppError::NotFound)?;
    let urls = ProfileUrls {
        canonical: state
            .config
            .absolute_url(&format!("/practitioners/{}", profile.facts.slug)),
        image: profile
            .facts
            .headshot_key
            .as_ref()
            .map(|key| state.config.absolute_url(&format!("/media/{key}"))),
    };
    Ok(views::profile::profile_page(
        &visitor.chrome(),
        &profile,
        &urls,
        None,
    ))
}

async fn photo_pair(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> AppResult<Markup> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let shown = gallery::approved_pair(&state.db, &slug, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let canonical = state.config.absolute_url(&format!(
        "/practitioners/{}/photos/{}",
        shown.practitioner_slug, shown.pair.id
    ));
    Ok(views::profile::photo_page(
        &visitor.chrome(),
        &shown.practitioner_name,
        &shown.practitioner_slug,
        &shown.pair,
        canonical,
    ))
}

/// `/compare?p=slug&p=slug`: a clear message, not an error page, when the choice is wrong,
/// with 400 for more than four or unknown practitioners.
async fn compare_practitioners(
    State(state): State<AppState>,
    visitor: Visitor,
    StrictQuery(pairs): StrictQuery<Vec<(String, String)>>,
) -> AppResult<Response> {
    let values: Vec<String> = pairs
        .into_iter()
        .filter(|(key, _)| key == "p")
        .map(|(_, value)| value)
        .collect();
    let slugs = compare::requested_slugs(&values);
    let today = state.clock.now().date_naive();
    let canonical = state.config.absolute_url("/compare");
    match compare::load(&state.db, &slugs, today).await? {
        Ok(compared) => {
            Ok(
                views::compare::compare_page(&visitor.chrome(), &compared, None, canonical)
                    .into_response(),
            )
        }
        Err(problem) => {
            let status = match problem {
                CompareProblem::TooFew => StatusCode::OK,
                _ => StatusCode::BAD_REQUEST,
            };
            Ok(form_page(
                status,
                views::compare::compare_page(
                    &visitor.chrome(),
                    &[],
                    Some(&problem.message()),
                    canonical,
                ),
            ))
        }
    }
}

async fn guide_index(State(state): State<AppState>, visitor: Visitor) -> Markup {
    views::guide::guide_index(&visitor.chrome(), state.config.absolute_url("/guide"))
}

async fn guide_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(page): Path<String>,
) -> AppResult<Markup> {
    let canonical = state.config.absolute_url(&format!("/guide/{page}"));
    views::guide::guide_page(&visitor.chrome(), &page, canonical).ok_or(AppError::NotFound)
}

/// Every published profile and guide page, for search engines.
async fn sitemap(State(state): State<AppState>) -> AppResult<Response> {
    let slugs = directory::published_slugs(&state.db).await?;
    let body = views::seo::sitemap(&state.config.public_url, &slugs);
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/xml; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

async fn robots(State(state): State<AppState>) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        views::seo::robots(&state.config.public_url),
    )
        .into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TransparencyParams {
    practitioner: Option<String>,
}

/// Moderation in figures, for everyone or one published practitioner.
async fn transparency(
    State(state): State<AppState>,
    visitor: Visitor,
    StrictQuery(params): StrictQuery<TransparencyParams>,
) -> AppResult<Markup> {
    let about = match params.practitioner.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(slug) => Some(
            practitioners::published_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    let figures = transparency::figures(&state.db, about.as_ref().map(|p| p.id)).await?;
    let canonical = match &about {
        Some(p) => state
            .config
            .absolute_url(&format!("/transparency?practitioner={}", p.slug)),
        None => state.config.absolute_url("/transparency"),
    };
    Ok(views::transparency::transparency_page(
        &visitor.chrome(),
        &figures,
        about.as_ref().map(|p| (p.name.as_str(), p.slug.as_str())),
        canonical,
    ))
}

async fn how_we_verify(State(state): State<AppState>, visitor: Visitor) -> Markup {
    views::trust::how_we_verify(
        &visitor.chrome(),
        state.config.absolute_url("/how-we-verify"),
    )
}

async fn about(State(state): State<AppState>, visitor: Visitor) -> Markup {
    views::trust::about(&visitor.chrome(), state.config.absolute_url("/about"))
}

async fn privacy(State(state): State<AppState>, visitor: Visitor) -> Markup {
    views::trust::privacy(&visitor.chrome(), state.config.absolute_url("/privacy"))
}

async fn terms(State(state): State<AppState>, visitor: Visitor) -> Markup {
    views::trust::terms(&visitor.chrome(), state.config.absolute_url("/terms"))
}

async fn contact(State(state): State<AppState>, visitor: Visitor) -> Markup {
    views::trust::contact(
        &visitor.chrome(),
        state.config.absolute_url("/contact"),
        &state.config.contact_email,
    )
}
