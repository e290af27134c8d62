//! The home page and the directory listing with its filters.

use maud::{Markup, html};

use crate::domain::directory::{
    DirectoryPage, DirectoryQuery, PractitionerCard, ResultCount, Sort,
};
use crate::domain::validation::FieldErrors;
use crate::views::components::{Money, Pagination, RatingSummary, VerifiedBadge, plural};
use crate::views::forms::{enum_options, select};
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::{Product, Profession, Treatment};

/// Cards rendered before this index load their thumbnail at once; later ones lazily.
const EAGER_THUMBNAILS: usize = 4;

/// The sentence explaining "best rated", shown under the sort and as its tooltip.
pub const BEST_RATED_NOTE: &str = "Best rated ranks by a weighted average: until a practitioner has many reviews, their \
average is pulled toward 4 stars, so one 5-star review does not outrank two hundred 4.8-star ones. The stars shown are the plain \
average of approved reviews; no review is ever added or invented.";

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .filter(|w| !matches!(*w, "Dr." | "Dr"))
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect()
}

/// A practitioner's headshot, or their initials when none is approved.
pub fn thumbnail(p: &PractitionerCard, eager: bool) -> Markup {
    html! {
        @if let Some(key) = &p.thumbnail_key {
            img .thumb src={ "/media/" (key) } width="96" height="96"
                alt={ "Headshot of " (p.name) }
                loading=[(!eager).then_some("lazy")] decoding="async";
        } @else {
            span .thumb .thumb-initials aria-hidden="true" { (initials(&p.name)) }
        }
    }
}

/// One directory card; `compare` adds the "add to compare" checkbox, ticked when `chosen`.
fn card(p: &PractitionerCard, eager: bool, compare: bool, chosen: bool) -> Markup {
    html! {
        li .card {
            div .card-head {
                (thumbnail(p, eager))
                div {
                    h3 { a href={ "/practitioners/" (p.slug) } { (p.name) } }
                    p .muted { (p.profession.label()) @if !p.clinic_name.is_empty() { " · " (p.clinic_name) } }
                    p { (p.city) @if !p.region.is_empty() { ", " (p.region) } }
                }
            }
            p { (VerifiedBadge(p.verified)) }
            p { (RatingSummary { average: p.average_rating, count: p.review_count }) }
            dl .facts {
                dt { "Lip flips, last 12 months" } dd { (p.lip_flips_last_year) }
                dt { "Lip flip from" }
                dd { @if let Some(price) = p.lip_flip_price_cents { (Money(price)) } @else { "Ask the clinic" } }
                dt { "New patients" } dd { @if p.accepting_new_patients { "Accepting" } @else { "Not accepting" } }
            }
            @if compare {
                label .check .compare-box {
                    input type="checkbox" name="p" value=(p.slug) checked[chosen];
                    " Add to compare"
                }
            }
        }
    }
}

/// A select whose first option, "", means no filter.
fn choice(
    name: &str,
    label: &str,
    any: &str,
    options: &[(&str, &str)],
    selected: Option<String>,
) -> Markup {
    let mut all = vec![("", any)];
    all.extend_from_slice(options);
    select(
        name,
        label,
        &all,
        selected.as_deref().unwrap_or(""),
        &FieldErrors::default(),
    )
}

/// The search form: a plain GET form, so every search is a shareable address.
pub fn search_form(query: &DirectoryQuery, full: bool) -> Markup {
    let params = query.to_params();
    let value = |key: &str| {
        params
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    };
    let ratings = [
        ("3", "3 stars and up"),
        ("3.5", "3.5 stars and up"),
        ("4", "4 stars and up"),
        ("4.5", "4.5 stars and up"),
    ];
    let lip_flips = [
        ("10", "At least 10"),
        ("25", "At least 25"),
        ("50", "At least 50"),
        ("100", "At least 100"),
        ("200", "At least 200"),
    ];
    html! {
        form .search method="get" action="/practitioners" role="search" {
            @for slug in &query.compare { input type="hidden" name="p" value=(slug); }
            div .search-main {
                div .field {
                    label for="q" { "Name or clinic" }
                    input type="search" id="q" name="q" value=[query.text.as_deref()] placeholder="e.g. Rivera";
                }
                div .field {
                    label for="location" { "City, state or ZIP code" }
                    input type="text" id="location" name="location" value=[query.location.as_deref()] placeholder="e.g. Austin or 787";
                }
                (choice("treatment", "Treatment", "Any treatment", &enum_options(Treatment::ALL, Treatment::as_str, Treatment::label), value("treatment")))
            }
            @if full {
                details .more-filters open[query.has_filters()] {
                    summary { "More filters" }
                    div .search-more {
                        (choice("product", "Product", "Any product", &enum_options(Product::ALL, Product::as_str, Product::label), value("product")))
                        (choice("profession", "Profession", "Any profession", &enum_options(Profession::ALL, Profession::as_str, Profession::label), value("profession")))
                        (choice("min_rating", "Minimum rating", "Any rating", &ratings, value("min_rating")))
                        (choice("min_lip_flips", "Lip flips in the last year", "Any number", &lip_flips, value("min_lip_flips")))
                        div .field {
                            label for="max_price" { "Highest lip flip price ($)" }
                            input type="number" id="max_price" name="max_price" min="0" step="1" inputmode="numeric" value=[value("max_price")];
                        }
                        div .field {
                            label for="sort" { "Sort by" }
                            select id="sort" name="sort" title=(BEST_RATED_NOTE) {
                                // The default order is sent as "", so a search given text later
                                // is ranked by best match unless another order was picked.
                                @for sort in query.sorts() {
                                    option value=(if sort == query.default_sort() { "" } else { sort.as_str() }) selected[sort == query.sort] { (sort.label()) }
                                }
                            }
                        }
                    }
                }
            }
            div .search-flags {
                label .check { input type="checkbox" name="verified" value="on" checked[query.verified_only]; " Verified credentials only" }
                @if full {
                    label .check { input type="checkbox" name="accepting" value="on" checked[query.accepting_only]; " Accepting new patients" }
                }
            }
            button type="submit" { "Search" }
        }
    }
}

/// The query string of `query` (page excluded).
pub fn query_string(query: &DirectoryQuery) -> String {
    serde_urlencoded::to_string(query.to_params()).unwrap_or_default()
}

/// The home page: search, the guide, and a few of the best-rated practitioners.
pub fn home_page(chrome: &Chrome, featured: &[PractitionerCard], canonical: String) -> Markup {
    page(
        &PageMeta {
            title: "Find a qualified lip flip injector",
            description: "Compare lip flip, gummy-smile and lip filler injectors by verified credentials, experience, before-and-after photos and moderated patient reviews.",
            canonical: Some(canonical),
            ..Default::default()
        },
        Some(chrome),
        html! {
            section .hero {
                h1 { "Find an injector you can trust with your lip flip" }
                p {
                    "A lip flip is a few units of a neuromodulator such as Botox placed in the upper lip. "
                    "In skilled hands it is quick; in the wrong ones it can leave a lopsided smile or trouble speaking. "
                    "Compare injectors by the evidence: checked credentials, experience, photos and moderated reviews."
                }
                (search_form(&DirectoryQuery::default(), false))
            }
            section {
                h2 { "Before you book" }
                ul .guide-links {
                    li { a href="/guide/lip-flip" { "What a lip flip is" } ", and how it differs from filler and gummy-smile treatment" }
                    li { a href="/guide/choosing-an-injector" { "How to choose an injector" } ": a checklist" }
                    li { a href="/guide/preparation-and-aftercare" { "Preparing and aftercare" } }
                    li { a href="/guide/warning-signs" { "Warning signs after treatment" } " and when to get urgent care" }
                }
            }
            section {
                h2 { "Highly rated injectors" }
                @if featured.is_empty() {
                    p { "No practitioner has approved reviews yet." }
                } @else {
                    ul .cards { @for (i, p) in featured.iter().enumerate() { (card(p, i < EAGER_THUMBNAILS, false, false)) } }
                }
                p { a href="/practitioners" { "See the whole directory →" } }
            }
        },
    )
}

/// The noun after a result count: "1 result", "12 results", "1,000+ results".
fn plural_for(count: ResultCount, one: &'static str, many: &'static str) -> &'static str {
    if count.exact {
        plural(i64::try_from(count.n).unwrap_or(i64::MAX), one, many)
    } else {
        many
    }
}

/// The directory listing.
pub fn directory_page(chrome: &Chrome, listing: &DirectoryPage, canonical: String) -> Markup {
    let query = &listing.query;
    let title = match (query.has_filters(), listing.page) {
        (false, 1) => "Lip flip injectors".to_owned(),
        (false, page) => format!("Lip flip injectors, page {page}"),
        (true, 1) => format!("Lip flip injectors: {} matching", listing.total),
        (true, page) => format!(
            "Lip flip injectors: {} matching, page {page}",
            listing.total
        ),
    };
    let base_query = query_string(query);
    page(
        &PageMeta {
            title: &title,
            description: "Search injectors by location, treatment, verified credentials, rating, lip flip experience and price.",
            canonical: Some(canonical),
            // Filtered listings are endless variations of the same pages.
            no_index: query.has_filters(),
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Lip flip injectors" }
            (search_form(query, true))
            p .result-count role="status" {
                strong { (listing.total) } " " (plural_for(listing.total, "practitioner", "practitioners"))
                @if query.has_filters() { " match" } @else { " listed" }
                ", sorted by " (query.sort.label().to_lowercase()) "."
            }
            @let active = query.loosenings();
            @if !active.is_empty() {
                ul .filter-chips aria-label="Active filters" {
                    @for (phrase, loosened) in &active {
                        li { a .chip href={ "/practitioners?" (query_string(loosened)) } { "Remove " (phrase) " " span aria-hidden="true" { "×" } } }
                    }
                    @if active.len() > 1 { li { a href="/practitioners" { "Clear all filters" } } }
                }
            }
            @if query.sort == Sort::BestRated {
                details .note .small { summary { "How “best rated” works" } p { (BEST_RATED_NOTE) } }
            }
            @if listing.total.is_zero() && !query.has_filters() {
                p .empty { "No practitioners are listed yet." }
            } @else if listing.total.is_zero() {
                div .empty {
                    p { strong { "No practitioner matches all of these filters." } }
                    @if listing.suggestions.is_empty() {
                        p { a href="/practitioners" { "Clear all filters" } }
                    } @else {
                        p { "Try removing one:" }
                        ul {
                            @for (phrase, loosened, n) in &listing.suggestions {
                                li {
                                    a href={ "/practitioners?" (query_string(loosened)) } { "Remove " (phrase) }
                                    " (" (n) " " (plural_for(*n, "result", "results")) ")"
                                }
                            }
                        }
                    }
                }
            } @else if listing.cards.is_empty() {
                p { "No practitioners on this page. " a href={ "/practitioners?" (base_query) } { "Back to the first page" } "." }
            } @else {
                h2 .visually-hidden { "Results" }
                form .compare-form method="get" action="/compare" {
                    @if !query.compare.is_empty() {
                        p .notice {
                            (query.compare.len()) " " (plural(query.compare.len() as i64, "practitioner", "practitioners"))
                            " already chosen for comparison; tick more below, then compare."
                        }
                    }
                    // Chosen practitioners not on this page still go with the form.
                    @for slug in query.compare.iter().filter(|s| !listing.cards.iter().any(|c| &c.slug == *s)) {
                        input type="hidden" name="p" value=(slug);
                    }
                    ul .cards { @for (i, p) in listing.cards.iter().enumerate() { (card(p, i < EAGER_THUMBNAILS, true, query.compare.contains(&p.slug))) } }
                    p .compare-bar { button type="submit" { "Compare selected (2 to 4)" } }
                }
            }
            (Pagination { path: "/practitioners", base_query: &base_query, page: listing.page, pages: listing.pages, more: !listing.total.exact })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_titles() {
        assert_eq!(initials("Dr. Maya Rivera"), "MR");
        assert_eq!(initials("Priya Nair, RN"), "PN");
    }
}
