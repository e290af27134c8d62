//! How moderation decided, in figures anyone can check: approvals and rejections by star
//! rating, reasons, and how long decisions take. Counts only.

use maud::{Markup, html};

use crate::domain::moderation::transparency::{Figures, Transparency};
use crate::views::components::month_words;
use crate::views::layout::{Chrome, PageMeta, page};

/// "26 hours" or "3 days", from hours.
pub fn duration_words(hours: u64) -> String {
    match hours {
        0 => "under an hour".to_owned(),
        1 => "1 hour".to_owned(),
        h if h < 48 => format!("{h} hours"),
        h => format!("{} days", (h + 12) / 24),
    }
}

/// Approved and rejected by star rating, the reasons, and the median time to decision.
pub fn figures_block(figures: &Figures, heading_level_3: bool) -> Markup {
    let reasons = |list: &[(crate::vocabulary::ReasonCode, u64)]| {
        html! {
            @if list.is_empty() { "none" } @else {
                @for (i, (reason, n)) in list.iter().enumerate() { @if i > 0 { ", " } (reason.label()) ": " (n) }
            }
        }
    };
    html! {
        table .list .figures {
            @if heading_level_3 { caption .small .muted { "Review texts decided, by star rating" } }
            thead { tr { th scope="col" { "Stars" } th scope="col" { "Approved" } th scope="col" { "Rejected" } } }
            tbody {
                @for stars in (1..=5usize).rev() {
                    tr { th scope="row" { (stars) } td { (figures.approved[stars - 1]) } td { (figures.rejected[stars - 1]) } }
                }
            }
        }
        p { "Rejections by reason: " (reasons(&figures.rejections)) "." }
        p { "Removals after publication, by reason: " (reasons(&figures.removals)) "." }
        p { "Median time from submission to decision: "
            @if let Some(hours) = figures.median_hours_to_decision { (duration_words(hours)) } @else { "no decisions yet" } "." }
    }
}

/// The public transparency page, for the whole directory or one practitioner (`about`).
pub fn transparency_page(
    chrome: &Chrome,
    figures: &Transparency,
    about: Option<(&str, &str)>,
    canonical: String,
) -> Markup {
    let title = match about {
        Some((name, _)) => format!("How reviews of {name} were moderated"),
        None => "How reviews are moderated, in figures".to_owned(),
    };
    page(
        &PageMeta {
            title: &title,
            description: "Reviews approved and rejected by star rating, rejections and removals by reason, and how long moderation takes, month by month.",
            canonical: Some(canonical),
            no_index: about.is_some(),
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { (title) }
            @if let Some((name, slug)) = about { p { a href={ "/practitioners/" (slug) } { "← Back to " (name) } " · " a href="/transparency" { "All practitioners" } } }
            p { "Moderators approve or reject each review text on our rules (a first-hand experience, no conflict of interest, no payment for the review, no one's health details), never on its rating. These figures let you check that: if low ratings were rejected more often than high ones, it would show here." }
            h2 { "All time" }
            (figures_block(&figures.all_time, false))
            h2 { "Month by month" }
            @if figures.months.is_empty() { p { "No decisions yet." } }
            @for month in &figures.months {
                section .month {
                    h3 { (month_words(&month.month)) }
                    (figures_block(month, true))
                }
            }
        },
    )
}
