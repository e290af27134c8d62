//! Appeals a second moderator decides.

use maud::{Markup, html};

use crate::domain::moderation::queues::{AppealQueueItem, QueuePage};
use crate::views::components::{Moment, Notice};
use crate::views::forms::csrf_field;
use crate::views::layout::Chrome;
use crate::views::moderation::reviews::fields_list;
use crate::views::moderation::{frame, queue_pages};

fn item(chrome: &Chrome, a: &AppealQueueItem) -> Markup {
    let c = &a.context;
    html! {
        article .card .queue-item id={ "appeal-" (a.appeal_id) } {
            h2 .h3 { "Appeal on a review of " a href={ "/practitioners/" (c.practitioner_slug) } { (c.practitioner_name) } }
            p .small .muted { "By " (c.author_name) " · appealed " (Moment(a.appealed_at)) }
            p {
                strong { (a.original_action.label()) }
                " by " (a.original_moderator.as_deref().unwrap_or("a moderator"))
                @if let Some(reason) = a.original_reason { ": " (reason.label()) }
                @if let Some(note) = &a.original_note { " (" (note) ")" }
            }
            blockquote { p { strong { "The author says: " } (a.statement) } }
            @if let Some(fields) = &a.fields { (fields_list(fields)) }
            @if c.own {
                p .warning { "You wrote this review or own the profile it is about, so another moderator must decide the appeal." }
            } @else {
                form method="post" action={ "/moderation/appeals/" (a.appeal_id) "/decide" } {
                    (csrf_field(chrome))
                    div .field {
                        label for={ "appeal-note-" (a.appeal_id) } { "Note to the author (optional)" }
                        textarea id={ "appeal-note-" (a.appeal_id) } name="note" rows="2" {}
                    }
                    button type="submit" name="grant" value="yes" { "Reverse the decision and publish" }
                    " "
                    button type="submit" name="grant" value="no" { "Keep the decision" }
                }
            }
        }
    }
}

/// Open appeals the viewing moderator may decide (never their own decisions).
pub fn queue_page(
    chrome: &Chrome,
    queue: &QueuePage<AppealQueueItem>,
    notice: Option<&Notice>,
) -> Markup {
    frame(
        chrome,
        "Appeals",
        notice,
        html! {
            p { "Appeals against your own decisions are not listed here: another moderator decides them." }
            (queue_pages("/moderation/appeals", queue.total, queue.page, queue.pages))
            @if queue.items.is_empty() { p .empty { "No appeal is waiting for you." } }
            @for a in &queue.items { (item(chrome, a)) }
        },
    )
}
