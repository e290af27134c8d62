//! Pictures waiting for a decision: each pair at full size with what the practitioner
//! disclosed and the consent record, any look-alike from another practitioner beside it,
//! and the waiting headshots.

use maud::{Markup, html};

use crate::domain::gallery::ImageView;
use crate::domain::moderation::photos::{
    HeadshotQueueItem, MatchedPicture, PairQueueItem, PhotoQueue, Submitter,
};
use crate::views::components::{Moment, Notice};
use crate::views::forms::csrf_field;
use crate::views::layout::Chrome;
use crate::views::moderation::{Readers, frame, queue_pages, reason_form};
use crate::views::profile::pair_facts;

fn full_size(image: &ImageView, alt: &str) -> Markup {
    html! {
        a href={ "/media/" (image.key) } {
            img src={ "/media/" (image.key) } width=(image.width) height=(image.height) alt=(alt) loading="lazy";
        }
    }
}

fn whose(submitter: &Submitter) -> Markup {
    html! {
        @if submitter.published {
            a href={ "/practitioners/" (submitter.practitioner_slug) } { (submitter.practitioner_name) }
        } @else {
            (submitter.practitioner_name) " (draft profile)"
        }
    }
}

fn matched(m: &Option<MatchedPicture>) -> Markup {
    html! {
        @if let Some(m) = m {
            div .match role="note" {
                p .warning { strong { "Looks like a picture " (m.practitioner_name) " already shows." } " Compare before deciding (" a href={ "/practitioners/" (m.practitioner_slug) } { "their profile" } "):" }
                figure {
                    img src={ "/media/" (m.image.thumbnail_key) } width=(m.image.thumbnail_width) height=(m.image.thumbnail_height) alt="The matching picture";
                    figcaption { (m.practitioner_name) "'s picture" }
                }
            }
        }
    }
}

fn decisions(chrome: &Chrome, own: bool, base: &str, key: &str) -> Markup {
    html! {
        @if own {
            p .warning { "This is your own profile's picture, so another moderator must decide it." }
        } @else {
            form method="post" action={ (base) "/approve" } {
                (csrf_field(chrome))
                button type="submit" { "Approve" }
            }
            (reason_form(chrome, ("Reject", "Reject"), &format!("{base}/reject"), key, Readers::Practitioner))
        }
    }
}

fn pair_item(chrome: &Chrome, item: &PairQueueItem) -> Markup {
    let pair = &item.pair;
    let base = format!("/moderation/photos/{}", pair.id);
    html! {
        article .card .queue-item id={ "pair-" (pair.id) } {
            h2 .h3 { "Pair from " (whose(&item.submitter)) }
            p .small .muted { "Submitted " (Moment(item.submitted_at)) }
            div .pair {
                figure { (full_size(&pair.before, "Before")) figcaption { "Before" } }
                figure { (full_size(&pair.after, "After")) figcaption { "After" } }
            }
            (pair_facts(pair))
            (matched(&item.matched))
            (decisions(chrome, item.submitter.own, &base, &format!("pair-{}", pair.id)))
        }
    }
}

fn headshot_item(chrome: &Chrome, item: &HeadshotQueueItem) -> Markup {
    let base = format!("/moderation/headshots/{}", item.headshot_id);
    html! {
        article .card .queue-item id={ "headshot-" (item.headshot_id) } {
            h2 .h3 { "Headshot of " (whose(&item.submitter)) }
            p .small .muted { "Submitted " (Moment(item.submitted_at)) ". It should show the practitioner, not a patient." }
            figure { (full_size(&item.image, "Headshot")) }
            (matched(&item.matched))
            (decisions(chrome, item.submitter.own, &base, &format!("headshot-{}", item.headshot_id)))
        }
    }
}

/// Pending pairs, oldest first, and waiting headshots.
pub fn queue_page(chrome: &Chrome, queue: &PhotoQueue, notice: Option<&Notice>) -> Markup {
    frame(
        chrome,
        "Photos waiting for a decision",
        notice,
        html! {
            p { "Approve only real before-and-after photos of this practitioner's work, with the consent attested. Reject anything edited without saying so, another practitioner's photo, or a picture that identifies the patient beyond their lips." }
            h2 { "Headshots" }
            @if queue.headshots.is_empty() { p .empty { "No headshot is waiting." } }
            @for h in &queue.headshots { (headshot_item(chrome, h)) }
            h2 { "Before and after pairs" }
            (queue_pages("/moderation/photos", queue.pairs.total, queue.pairs.page, queue.pairs.pages))
            @if queue.pairs.items.is_empty() { p .empty { "No pair is waiting." } }
            @for p in &queue.pairs.items { (pair_item(chrome, p)) }
        },
    )
}
