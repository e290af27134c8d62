//! Pages for patients and moderators: a patient's reviews, the moderation overview.

use maud::{Markup, html};

use crate::domain::moderation::QueueCounts;
use crate::domain::reviews::authored::AuthoredReview;
use crate::views::components::plural;
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::RevisionStatus;

/// A patient's own reviews with their moderation state.
pub fn my_reviews_page(chrome: &Chrome, reviews: &[AuthoredReview]) -> Markup {
    page(
        &PageMeta {
            title: "Your reviews",
            description: "Your reviews and their moderation state.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Your reviews" }
            p { "Every review is read by a moderator before it is published. Edits to a published review wait for moderation too; the published text stays up meanwhile." }
            @if reviews.is_empty() {
                p { "You have not written a review yet. Find your injector in the " a href="/practitioners" { "directory" } " to review them." }
            } @else {
                table .list {
                    thead { tr { th { "Practitioner" } th { "Review" } th { "State" } th { "Written" } } }
                    tbody {
                        @for r in reviews {
                            tr {
                                td {
                                    @if r.practitioner_published {
                                        a href={ "/practitioners/" (r.practitioner_slug) } { (r.practitioner_name) }
                                    } @else { (r.practitioner_name) }
                                }
                                td { (r.rating) " " (plural(i64::from(r.rating), "star", "stars")) ": " (r.title) }
                                td .status {
                                    (r.status.label())
                                    @if r.latest_revision_status == Some(RevisionStatus::Pending) && r.status.as_str() != "pending" {
                                        br; span .muted { "An edit is awaiting moderation." }
                                    }
                                    @if let Some(reason) = r.reason_code { br; span .muted { "Reason: " (reason.label()) } }
                                }
                                td { (r.written_at.format("%-d %B %Y")) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The moderators' overview: what waits in each queue.
pub fn moderation_page(chrome: &Chrome, counts: &QueueCounts) -> Markup {
    page(
        &PageMeta {
            title: "Moderation",
            description: "Moderation queues.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Moderation" }
            table .list {
                thead { tr { th { "Queue" } th { "Waiting" } } }
                tbody {
                    tr { td { "Reviews and edits" } td { (counts.reviews) } }
                    tr { td { "Credentials" } td { (counts.credentials) } }
                    tr { td { "Before-and-after photos" } td { (counts.photos) } }
                    tr { td { "Flags" } td { (counts.flags) } }
                }
            }
        },
    )
}
