//! The moderators' workplace: the overview, one page per queue, and the audit log.

pub mod appeals;
pub mod credentials;
pub mod flags;
pub mod log;
pub mod photos;
pub mod reviews;

use std::sync::LazyLock;

use maud::{Markup, PreEscaped, html};

use crate::domain::moderation::queues::QueueCounts;
use crate::views::components::{Notice, Pagination};
use crate::views::forms::csrf_field;
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::ReasonCode;

/// A moderation page: the sub-navigation, a notice, the body.
pub(crate) fn frame(chrome: &Chrome, title: &str, notice: Option<&Notice>, body: Markup) -> Markup {
    page(
        &PageMeta {
            title,
            description: "Moderation.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            nav .subnav aria-label="Moderation" {
                ul {
                    li { a href="/moderation" { "Overview" } }
                    li { a href="/moderation/reviews" { "Reviews" } }
                    li { a href="/moderation/appeals" { "Appeals" } }
                    li { a href="/moderation/flags" { "Reports" } }
                    li { a href="/moderation/credentials" { "Credentials" } }
                    li { a href="/moderation/photos" { "Photos" } }
                    li { a href="/moderation/log" { "Audit log" } }
                }
            }
            h1 { (title) }
            @if let Some(notice) = notice { (notice) }
            (body)
        },
    )
}

/// Who reads a decision's reason and note.
#[derive(Clone, Copy)]
pub(crate) enum Readers {
    /// A review's author sees both.
    Author,
    /// A practitioner sees the reason; the note stays in the audit log.
    Practitioner,
}

/// A decision that needs a reason and may carry a note (reject, remove, uphold a report),
/// folded under `summary`. `key` makes the field ids unique on the page.
pub(crate) fn reason_form(
    chrome: &Chrome,
    (summary, button): (&str, &str),
    action: &str,
    key: &str,
    readers: Readers,
) -> Markup {
    let (reason_label, note_label) = match readers {
        Readers::Author => (
            "Reason (the author sees it)",
            "Note to the author (optional)",
        ),
        Readers::Practitioner => (
            "Reason (the practitioner sees it)",
            "Note for the audit log (optional)",
        ),
    };
    html! {
        details {
            summary { (summary) }
            form method="post" action=(action) {
                (csrf_field(chrome))
                div .field {
                    label for={ (key) "-reason" } { (reason_label) }
                    select id={ (key) "-reason" } name="reason" required { (reason_options()) }
                }
                div .field {
                    label for={ (key) "-note" } { (note_label) }
                    textarea id={ (key) "-note" } name="note" rows="2" {}
                }
                button type="submit" { (button) }
            }
        }
    }
}

/// The options of every reason select: the same on each of a queue page's forms, so drawn
/// (and escaped) once.
fn reason_options() -> PreEscaped<&'static str> {
    static OPTIONS: LazyLock<String> = LazyLock::new(|| {
        html! {
            option value="" { "Choose" }
            @for reason in ReasonCode::ALL { option value=(reason.as_str()) { (reason.label()) } }
        }
        .into_string()
    });
    PreEscaped(OPTIONS.as_str())
}

/// "Page 2 of 5, 87 waiting" and the links between pages of a queue.
pub(crate) fn queue_pages(path: &str, total: u64, page: u64, pages: u64) -> Markup {
    html! {
        p .result-count { strong { (total) } " waiting" @if pages > 1 { ", page " (page) " of " (pages) } "." }
        (Pagination { path, base_query: "", page, pages, more: false })
    }
}

/// The moderators' overview: what waits in each queue.
pub fn overview_page(chrome: &Chrome, counts: &QueueCounts) -> Markup {
    frame(
        chrome,
        "Moderation",
        None,
        html! {
            table .list {
                thead { tr { th { "Queue" } th { "Waiting" } } }
                tbody {
                    tr { td { a href="/moderation/reviews" { "Reviews and edits" } } td { (counts.reviews) } }
                    tr { td { a href="/moderation/appeals" { "Appeals you may decide" } } td { (counts.appeals) } }
                    tr { td { a href="/moderation/flags" { "Reports" } } td { (counts.flags) } }
                    tr { td { a href="/moderation/credentials" { "Credentials" } } td { (counts.credentials) } }
                    tr { td { a href="/moderation/photos" { "Photos and headshots" } } td { (counts.photos) } }
                }
            }
            p { a href="/moderation/log" { "The audit log" } " records every decision. " a href="/transparency" { "The public figures" } " show how decisions split by star rating." }
        },
    )
}
