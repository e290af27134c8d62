//! The audit log, newest first, filterable by moderator, subject and action.

use maud::{Markup, html};

use crate::domain::moderation::log::{LogFilter, LogPage};
use crate::views::components::{Moment, Pagination};
use crate::views::layout::Chrome;
use crate::views::moderation::frame;
use crate::vocabulary::{ModerationAction, SubjectKind};

/// The log page; `query` is the filter's query string, for the page links.
pub fn log_page(
    chrome: &Chrome,
    log: &LogPage,
    (filter, query): (&LogFilter, &str),
    moderators: &[(i64, String)],
    (page, pages): (u64, u64),
) -> Markup {
    frame(
        chrome,
        "Audit log",
        None,
        html! {
            form .search method="get" action="/moderation/log" {
                div .search-main {
                    div .field {
                        label for="moderator" { "Who" }
                        select id="moderator" name="moderator" {
                            option value="" { "Anyone" }
                            @for (id, name) in moderators {
                                option value=(id) selected[filter.actor_id == Some(*id)] { (name) }
                            }
                        }
                    }
                    div .field {
                        label for="subject" { "Subject" }
                        select id="subject" name="subject" {
                            option value="" { "Anything" }
                            @for kind in SubjectKind::ALL {
                                option value=(kind.as_str()) selected[filter.subject_kind == Some(*kind)] { (kind.label()) }
                            }
                        }
                    }
                    div .field {
                        label for="subject_id" { "Subject number" }
                        input type="number" id="subject_id" name="subject_id" min="1" value=[filter.subject_id];
                    }
                    div .field {
                        label for="action" { "Action" }
                        select id="action" name="action" {
                            option value="" { "Any action" }
                            @for action in ModerationAction::ALL {
                                option value=(action.as_str()) selected[filter.action == Some(*action)] { (action.label()) }
                            }
                        }
                    }
                }
                button type="submit" { "Filter" }
            }
            p .result-count { strong { (log.total) } " events, newest first." }
            div .table-scroll tabindex="0" role="region" aria-label="Audit log" {
                table .list {
                    thead { tr { th { "When" } th { "Who" } th { "What" } th { "Subject" } th { "Change" } th { "Reason and note" } } }
                    tbody {
                        @for e in &log.entries {
                            tr {
                                td { (Moment(e.at)) }
                                td { (e.actor.as_deref().unwrap_or("—")) }
                                td { (e.action.label()) }
                                td { (e.subject_kind.label()) " #" (e.subject_id) @if let Some(r) = e.revision_id { " (text #" (r) ")" } }
                                td { (e.from_state.as_deref().unwrap_or("")) " → " (e.to_state.as_deref().unwrap_or("")) }
                                td { @if let Some(reason) = e.reason_code { (reason.label()) @if e.note.is_some() { ": " } } (e.note.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
            (Pagination { path: "/moderation/log", base_query: query, page, pages, more: false })
        },
    )
}
