//! The reviews queue: each waiting text with its fields, what changed for an edit, and the
//! decisions a moderator can make.

use maud::{Markup, html};

use crate::domain::moderation::queues::{QueuePage, ReviewQueueItem};
use crate::domain::reviews::ReviewText;
use crate::views::components::{Moment, Notice, plural};
use crate::views::forms::csrf_field;
use crate::views::layout::Chrome;
use crate::views::moderation::{Readers, frame, queue_pages, reason_form};

/// A text's fields as a definition list.
pub(crate) fn fields_list(fields: &ReviewText) -> Markup {
    html! {
        dl .facts {
            @for (label, value) in fields.described() {
                dt { (label) } dd { (value) }
            }
        }
    }
}

fn item(chrome: &Chrome, item: &ReviewQueueItem) -> Markup {
    let c = &item.context;
    let id = item.revision_id;
    let base = format!("/moderation/reviews/{id}");
    html! {
        article .card .queue-item id={ "text-" (id) } {
            h2 .h3 {
                @if !c.own {
                    input type="checkbox" name="revision" value=(id) form="approve-selected"
                        aria-label={ "Select the review of " (c.practitioner_name) " by " (c.author_name) };
                    " "
                }
                "Review of " a href={ "/practitioners/" (c.practitioner_slug) } { (c.practitioner_name) }
                @if item.changes_from_published.is_some() { " " span .badge .badge-unverified { "Edit of a published review" } }
            }
            p .small .muted {
                "By " (c.author_name)
                @if c.verified_patient { " · " span .badge .badge-verified { "Verified patient" } } @else { " · not a verified patient" }
                " · " (item.author_other_reviews) " other " (plural(item.author_other_reviews as i64, "review", "reviews"))
                " · submitted " (Moment(item.submitted_at))
            }
            @if let Some(changes) = &item.changes_from_published {
                @if changes.is_empty() {
                    p { "No field changed against the published text." }
                } @else {
                    table .list .changes {
                        caption .small .muted { "What changed against the published text" }
                        thead { tr { th { "Field" } th { "Published" } th { "This edit" } } }
                        tbody { @for (label, old, new) in changes { tr { th scope="row" { (label) } td { (old) } td { (new) } } } }
                    }
                }
            }
            (fields_list(&item.fields))
            @if c.own {
                p .warning { "You wrote this review or own the profile it is about, so another moderator must decide it." }
            } @else {
                div .decisions {
                    form .inline method="post" action={ (base) "/approve" } {
                        (csrf_field(chrome))
                        button type="submit" { "Approve" }
                    }
                    (reason_form(chrome, ("Reject", "Reject"), &format!("{base}/reject"), &format!("reject-{id}"), Readers::Author))
                    details {
                        summary { "Request changes" }
                        form method="post" action={ (base) "/request-changes" } {
                            (csrf_field(chrome))
                            div .field {
                                label for={ "changes-note-" (id) } { "What should the author change?" }
                                textarea id={ "changes-note-" (id) } name="note" rows="2" required {}
                            }
                            button type="submit" { "Send back" }
                        }
                    }
                    @if item.changes_from_published.is_some() {
                        (reason_form(chrome, ("Remove the published review", "Remove"), &format!("{base}/remove"), &format!("remove-{id}"), Readers::Author))
                    }
                }
            }
        }
    }
}

/// The reviews queue, oldest first.
pub fn queue_page(
    chrome: &Chrome,
    queue: &QueuePage<ReviewQueueItem>,
    notice: Option<&Notice>,
) -> Markup {
    frame(
        chrome,
        "Reviews waiting for a decision",
        notice,
        html! {
            p { "Oldest first. Decide on the content and the rules, never on the rating: negative reviews that follow the rules are approved." }
            (queue_pages("/moderation/reviews", queue.total, queue.page, queue.pages))
            @if queue.items.is_empty() {
                p .empty { "Nothing is waiting." }
            } @else {
                form #approve-selected method="post" action="/moderation/reviews/approve-selected" {
                    (csrf_field(chrome))
                    button type="submit" { "Approve the selected reviews" }
                }
                @for i in &queue.items { (item(chrome, i)) }
            }
        },
    )
}
