//! Reports of published reviews, with the content as reported.

use maud::{Markup, html};

use crate::domain::moderation::queues::{FlagQueueItem, QueuePage};
use crate::views::components::{Moment, Notice};
use crate::views::forms::csrf_field;
use crate::views::layout::Chrome;
use crate::views::moderation::{Readers, frame, queue_pages, reason_form};
use crate::vocabulary::ReviewStatus;

fn item(chrome: &Chrome, f: &FlagQueueItem) -> Markup {
    let c = &f.context;
    let base = format!("/moderation/flags/{}", f.flag_id);
    html! {
        article .card .queue-item id={ "flag-" (f.flag_id) } {
            h2 .h3 { (f.reason.label()) ": review of " a href={ "/practitioners/" (c.practitioner_slug) } { (c.practitioner_name) } }
            p .small .muted {
                "Reported by " (f.reporter.as_deref().unwrap_or("a visitor")) " · " (Moment(f.reported_at))
                " · written by " (c.author_name)
                @if f.review_status == ReviewStatus::Hidden { " · " span .badge .badge-unverified { "Hidden until you decide" } }
            }
            @if !f.note.is_empty() { p { "Reporter's note: " (f.note) } }
            figure {
                figcaption .small .muted { "The review as it was reported" }
                blockquote .snapshot { @for line in f.snapshot.lines() { p { (line) } } }
            }
            @if c.own {
                p .warning { "You wrote this review or own the profile it is about, so another moderator must decide the report." }
            } @else {
                (reason_form(chrome, ("Uphold: remove the review", "Remove the review"), &format!("{base}/uphold"), &format!("uphold-{}", f.flag_id), Readers::Author))
                form .inline method="post" action={ (base) "/dismiss" } {
                    (csrf_field(chrome))
                    button type="submit" { "Dismiss the report" }
                }
            }
        }
    }
}

/// Open reports, oldest first.
pub fn queue_page(
    chrome: &Chrome,
    queue: &QueuePage<FlagQueueItem>,
    notice: Option<&Notice>,
) -> Markup {
    frame(
        chrome,
        "Reports",
        notice,
        html! {
            (queue_pages("/moderation/flags", queue.total, queue.page, queue.pages))
            @if queue.items.is_empty() { p .empty { "No report is open." } }
            @for f in &queue.items { (item(chrome, f)) }
        },
    )
}
