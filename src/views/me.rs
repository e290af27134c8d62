//! A patient's own pages: their reviews, with what they can do next.

use maud::{Markup, html};

use crate::domain::moderation::appeals::MAX_STATEMENT_CHARS;
use crate::domain::reviews::authored::AuthoredReview;
use crate::views::components::{Notice, plural};
use crate::views::forms::csrf_field;
use crate::views::layout::{Chrome, PageMeta, page};

/// An appeal statement refused, shown again beside its review.
pub struct AppealError<'a> {
    pub review_id: i64,
    pub statement: &'a str,
    pub message: &'a str,
}

/// A patient's own reviews with their moderation state.
pub fn my_reviews_page(
    chrome: &Chrome,
    reviews: &[AuthoredReview],
    notice: Option<&Notice>,
    appeal_error: Option<&AppealError<'_>>,
) -> Markup {
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
            @if let Some(notice) = notice { (notice) }
            p { "Every review is read by a moderator before it is published. Edits to a published review wait for moderation too; the published text stays up meanwhile." }
            @if reviews.is_empty() {
                p { "You have not written a review yet. Find your injector in the " a href="/practitioners" { "directory" } " and choose “Write a review” on their profile." }
            }
            @for r in reviews {
                article .card .authored-review id={ "review-" (r.review_id) } {
                    h2 .h3 {
                        @if r.practitioner_published {
                            a href={ "/practitioners/" (r.practitioner_slug) } { (r.practitioner_name) }
                        } @else { (r.practitioner_name) }
                    }
                    p { (r.rating) " " (plural(i64::from(r.rating), "star", "stars")) ": " (r.title) }
                    p .status { (r.state) }
                    @if let Some(reason) = r.reason { p { "Reason: " strong { (reason.label()) } } }
                    @if let Some(note) = &r.note { p { "Moderator's note: " (note) } }
                    @if let Some(appeal) = &r.appeal { p .muted { (appeal) } }
                    p .small .muted { "Written " (r.written_at.format("%-d %B %Y")) }
                    div .actions {
                        @if r.can_edit {
                            a .button href={ "/practitioners/" (r.practitioner_slug) "/review" } { "Edit" }
                            " "
                        }
                        @if r.can_withdraw {
                            form .inline method="post" action={ "/me/reviews/" (r.review_id) "/withdraw" } {
                                (csrf_field(chrome))
                                button .link-button type="submit" { "Withdraw this review" }
                            }
                        }
                    }
                    @if r.can_appeal {
                        @let error = appeal_error.filter(|e| e.review_id == r.review_id);
                        form method="post" action={ "/me/reviews/" (r.review_id) "/appeal" } novalidate {
                            (csrf_field(chrome))
                            div .field .invalid[error.is_some()] {
                                label for={ "statement-" (r.review_id) } { "Appeal this decision (once): why should it change?" }
                                @if let Some(e) = error { p .field-error id={ "statement-" (r.review_id) "-error" } { (e.message) } }
                                textarea id={ "statement-" (r.review_id) } name="statement" rows="3" maxlength=(MAX_STATEMENT_CHARS)
                                    aria-invalid=[error.map(|_| "true")] { (error.map_or("", |e| e.statement)) }
                            }
                            button type="submit" { "Send appeal" }
                        }
                    }
                }
            }
        },
    )
}
