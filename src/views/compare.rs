//! The side-by-side comparison.

use maud::{Markup, html};

use crate::domain::compare::{Compared, best_of};
use crate::views::components::{Money, VerifiedBadge};
use crate::views::layout::{Chrome, PageMeta, page};

/// A row: its heading, each column's cell, and which columns hold the best value.
fn row(heading: &str, cells: Vec<Markup>, best: &[usize]) -> Markup {
    html! {
        tr {
            th scope="row" { (heading) }
            @for (i, cell) in cells.into_iter().enumerate() {
                td .best[best.contains(&i)] {
                    (cell)
                    @if best.contains(&i) { " " strong .best-mark { "(best)" } }
                }
            }
        }
    }
}

/// The comparison page; `problem` replaces the table with a message.
pub fn compare_page(
    chrome: &Chrome,
    compared: &[Compared],
    problem: Option<&str>,
    canonical: String,
) -> Markup {
    let years: Vec<Option<i32>> = compared
        .iter()
        .map(|c| Some(c.facts.years_injecting))
        .collect();
    let flips: Vec<Option<i32>> = compared
        .iter()
        .map(|c| Some(c.facts.lip_flips_last_year))
        .collect();
    let scores: Vec<Option<f64>> = compared
        .iter()
        .map(|c| (c.facts.ratings.count > 0).then_some(c.facts.ratings.score))
        .collect();
    let worth: Vec<Option<i64>> = compared
        .iter()
        .map(|c| c.facts.ratings.worth_it_percent())
        .collect();
    let photos: Vec<Option<i32>> = compared.iter().map(|c| Some(c.facts.photo_count)).collect();
    let verified: Vec<Option<usize>> = compared
        .iter()
        .map(|c| Some(c.verified_credentials.len()))
        .collect();
    page(
        &PageMeta {
            title: "Compare lip flip injectors",
            description: "Compare up to four injectors side by side: credentials, experience, price, ratings, side effects and photos.",
            canonical: Some(canonical),
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Compare injectors" }
            @if let Some(problem) = problem {
                p .error-summary role="alert" { (problem) }
                p { a href="/practitioners" { "Back to the directory" } }
            } @else {
                p .small .muted { "“(best)” marks the best value in each row. Ratings are compared by their weighted average, so more reviews count for more. Price is not marked: the cheapest injector is not the safest choice." }
                p .small .scroll-hint { "The table scrolls sideways: swipe to see every practitioner." }
                div .table-scroll tabindex="0" role="region" aria-label="Comparison table" {
                    table .compare {
                        thead {
                            tr {
                                th { span .visually-hidden { "Practitioner" } }
                                @for c in compared { th scope="col" { a href={ "/practitioners/" (c.facts.slug) } { (c.facts.name) } } }
                            }
                        }
                        tbody {
                            (row("Profession", compared.iter().map(|c| html! { (c.facts.profession.label()) }).collect(), &[]))
                            (row("City", compared.iter().map(|c| html! { (c.facts.city) }).collect(), &[]))
                            (row("Verified credentials", compared.iter().map(|c| html! {
                                (VerifiedBadge(c.facts.verified))
                                @if !c.verified_credentials.is_empty() {
                                    ul .plain { @for v in &c.verified_credentials { li .small { (v) } } }
                                }
                            }).collect(), &best_of(&verified, true)))
                            (row("Years injecting", compared.iter().map(|c| html! { (c.facts.years_injecting) }).collect(), &best_of(&years, true)))
                            (row("Lip flips, last 12 months", compared.iter().map(|c| html! { (c.facts.lip_flips_last_year) }).collect(), &best_of(&flips, true)))
                            (row("Typical lip flip dose", compared.iter().map(|c| html! { (c.facts.typical_units().unwrap_or_else(|| "Not stated".to_owned())) }).collect(), &[]))
                            (row("Lip flip price", compared.iter().map(|c| html! {
                                @if let Some(p) = c.facts.lip_flip_price_cents { (Money(p)) } @else { "Ask the clinic" }
                            }).collect(), &[]))
                            (row("Rating", compared.iter().map(|c| html! {
                                @if let Some(avg) = c.facts.ratings.average {
                                    (format!("{avg:.1}")) " out of 5 (" (c.facts.ratings.count) " reviews)"
                                } @else { "No approved reviews" }
                            }).collect(), &best_of(&scores, true)))
                            (row("Said it was worth it", compared.iter().map(|c| html! {
                                @if let Some(w) = c.facts.ratings.worth_it_percent() { (w) "%" } @else { "—" }
                            }).collect(), &best_of(&worth, true)))
                            (row("Most reported side effects", compared.iter().map(|c| html! {
                                @if c.facts.side_effects.reported.is_empty() { "None reported" }
                                @else {
                                    ul .plain {
                                        @for (effect, n) in c.facts.side_effects.reported.iter().take(3) {
                                            li .small { (effect.label()) ": " (c.facts.side_effects.percent(*n)) "% (" (n) " of " (c.facts.side_effects.reviewers) ")" }
                                        }
                                    }
                                }
                            }).collect(), &[]))
                            (row("Approved photos", compared.iter().map(|c| html! { (c.facts.photo_count) }).collect(), &best_of(&photos, true)))
                            (row("Products", compared.iter().map(|c| html! {
                                @if c.products.is_empty() { "Not stated" }
                                @for (i, p) in c.products.iter().enumerate() { @if i > 0 { ", " } (p.label()) }
                            }).collect(), &[]))
                            (row("New patients", compared.iter().map(|c| html! {
                                @if c.facts.accepting_new_patients { "Accepting" } @else { "Not accepting" }
                            }).collect(), &[]))
                        }
                    }
                }
            }
        },
    )
}
