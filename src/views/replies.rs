//! The practitioner's reviews page: every review about them with its state, a reply to each
//! published one, and a way to report one.

use maud::{Markup, html};

use crate::domain::moderation::queues::QueuePage;
use crate::domain::replies::{MAX_REPLY_CHARS, ReviewOfMe};
use crate::views::components::{Moment, Notice, Pagination};
use crate::views::forms::csrf_field;
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::{ReplyStatus, ReviewStatus};

/// A reply as typed that was refused, shown again under its review.
pub struct RefusedReply<'a> {
    pub review_id: i64,
    pub body: &'a str,
    pub message: &'a str,
}

/// What a reply must not say: shown above every reply form.
const REPLY_WARNING: &str = "Your reply is public. Do not confirm that the reviewer was your patient, and do not mention their treatment, health or anything else about them that the review does not already say: that is their private health information. Thank them, answer the point, or invite them to contact the clinic.";

fn reply_form(chrome: &Chrome, review: &ReviewOfMe, refused: Option<&RefusedReply<'_>>) -> Markup {
    let id = format!("reply-{}", review.review_id);
    let error_id = format!("{id}-error");
    let refused = refused.filter(|r| r.review_id == review.review_id);
    let value = match (refused, &review.reply) {
        (Some(r), _) => r.body,
        (None, Some(reply)) => reply.body.as_str(),
        (None, None) => "",
    };
    html! {
        form method="post" action={ "/dashboard/reviews/" (review.review_id) "/reply" } novalidate {
            (csrf_field(chrome))
            div .field .invalid[refused.is_some()] {
                label for=(id) { @if review.reply.is_some() { "Edit your public reply" } @else { "Write a public reply" } }
                p .hint { (REPLY_WARNING) }
                @if let Some(r) = refused { p .field-error id=(error_id) { (r.message) } }
                textarea id=(id) name="body" rows="4" maxlength=(MAX_REPLY_CHARS)
                    aria-invalid=[refused.map(|_| "true")]
                    aria-describedby=[refused.map(|_| error_id.as_str())] { (value) }
            }
            button type="submit" { @if review.reply.is_some() { "Save the reply" } @else { "Publish the reply" } }
        }
    }
}

fn review_item(chrome: &Chrome, review: &ReviewOfMe, refused: Option<&RefusedReply<'_>>) -> Markup {
    html! {
        article .card id={ "review-" (review.review_id) } {
            p .small .muted {
                span .status { (review.status.label()) } " · submitted " (Moment(review.submitted_at))
                @if review.verified_patient { " · " span .badge .badge-verified { "Verified patient" } }
            }
            @if let Some((rating, title, body)) = &review.public_text {
                h2 .h3 { (rating) " of 5 · " (title) }
                p .pre-line { (body) }
            } @else {
                p .muted { @match review.status {
                    ReviewStatus::Pending | ReviewStatus::Appealed => "Not public yet: a moderator is reading it. You will see its text once it is published.",
                    ReviewStatus::Hidden => "Hidden after a report while a moderator decides.",
                    _ => "Not public, so its text is not shown.",
                } }
            }
            @if let Some(reply) = &review.reply {
                blockquote .reply {
                    p .small { strong { "Your reply" } " · " (reply.status.label()) " · " (Moment(reply.updated_at)) }
                    p .pre-line { (reply.body) }
                }
                @if reply.status != ReplyStatus::Shown {
                    p .small .muted { "A moderator has this reply, so it cannot be edited now." }
                }
            }
            @if review.may_reply() {
                (reply_form(chrome, review, refused))
            } @else if let Some(r) = refused.filter(|r| r.review_id == review.review_id) {
                p .field-error role="alert" { (r.message) }
            }
            @if review.status == ReviewStatus::Approved {
                p .small {
                    @if review.reported { "You reported this review; a moderator will look at it." }
                    @else { a href={ "/reviews/" (review.review_id) "/flag" } { "Report this review to a moderator" } }
                }
            }
        }
    }
}

/// Every review about the practitioner, newest first.
pub fn reviews_page(
    chrome: &Chrome,
    reviews: &QueuePage<ReviewOfMe>,
    refused: Option<&RefusedReply<'_>>,
    notice: Option<&Notice>,
) -> Markup {
    page(
        &PageMeta {
            title: "Reviews of you",
            description: "Reviews about you, and your replies.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Reviews of you" }
            @if let Some(notice) = notice { (notice) }
            p { "Every review about you, whatever its state. You can write one public reply to each published review; it appears under the review on your profile at once. If a review breaks the rules, report it: a moderator decides." }
            p { a href="/dashboard/invites" { "Invite a patient to review you" } }
            @if reviews.items.is_empty() { p .empty { "No reviews yet." } }
            @for review in &reviews.items { (review_item(chrome, review, refused)) }
            (Pagination { path: "/dashboard/reviews", base_query: "", page: reviews.page, pages: reviews.pages, more: false })
        },
    )
}
