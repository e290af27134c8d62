//! Reports of published reviews and replies, with the content as reported.

use maud::{Markup, html};

use crate::domain::moderation::queues::{FlagQueueItem, FlaggedItem, QueuePage};
use crate::views::components::{Moment, Notice};
use crate::views::forms::csrf_field;
use crate::views::layout::Chrome;
use crate::views::moderation::{Readers, frame, queue_pages, reason_form};

fn item(chrome: &Chrome, f: &FlagQueueItem) -> Markup {
    let c = &f.context;
    let base = format!("/moderation/flags/{}", f.flag_id);
    let reply = matches!(f.about, FlaggedItem::Reply(_));
    let (noun, what) = if reply {
        ("reply", "reply to a review of")
    } else {
        ("review", "review of")
    };
    html! {
        article .card .queue-item id={ "flag-" (f.flag_id) } {
            h2 .h3 { (f.reason.label()) ": " (what) " " a href={ "/practitioners/" (c.practitioner_slug) } { (c.practitioner_name) } }
            p .small .muted {
                "Reported by " (f.reporter.as_deref().unwrap_or("a visitor")) " · " (Moment(f.reported_at))
                @if reply { " · written by the practitioner, under a review by " (c.author_name) } @else { " · written by " (c.author_name) }
                @if f.about.is_hidden() { " · " span .badge .badge-unverified { "Hidden until you decide" } }
            }
            @if !f.note.is_empty() { p { "Reporter's note: " (f.note) } }
            figure {
                figcaption .small .muted { "The " (noun) " as it was reported" }
                blockquote .snapshot { @for line in f.snapshot.lines() { p { (line) } } }
            }
            @if c.own {
                p .warning { "You wrote this review or own the profile it is about, so another moderator must decide the report." }
            } @else {
                (reason_form(chrome, (&format!("Uphold: remove the {noun}"), &format!("Remove the {noun}")), &format!("{base}/uphold"), &format!("uphold-{}", f.flag_id), Readers::Author))
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
