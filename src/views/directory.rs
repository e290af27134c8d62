//! The home page and the directory listing.

use maud::{Markup, html};

use crate::domain::directory::{DirectoryPage, PractitionerCard};
use crate::views::components::{Money, Pagination, RatingSummary, VerifiedBadge, plural};
use crate::views::layout::{PageMeta, page};
use crate::web::visitor::Visitor;

fn card(p: &PractitionerCard) -> Markup {
    html! {
        li .card {
            h3 { a href={ "/practitioners/" (p.slug) } { (p.name) } }
            p .muted { (p.profession.label()) @if !p.clinic_name.is_empty() { " · " (p.clinic_name) } }
            p { (p.city) @if !p.region.is_empty() { ", " (p.region) } }
            p { (VerifiedBadge(p.verified)) }
            p { (RatingSummary { average: p.average_rating, count: p.review_count }) }
            dl .facts {
                dt { "Lip flips, last 12 months" } dd { (p.lip_flips_last_year) }
                dt { "Lip flip from" }
                dd { @if let Some(price) = p.lip_flip_price_cents { (Money(price)) } @else { "Ask the clinic" } }
                dt { "New patients" } dd { @if p.accepting_new_patients { "Accepting" } @else { "Not accepting" } }
            }
        }
    }
}

/// The home page: search, and a few of the best-rated practitioners.
pub fn home_page(visitor: &Visitor, featured: &[PractitionerCard]) -> Markup {
    page(
        &PageMeta {
            title: "Find a qualified lip flip injector",
            description: "Compare lip flip, gummy-smile and lip filler injectors by verified credentials, experience, before-and-after photos and moderated patient reviews.",
        },
        Some(visitor),
        html! {
            section .hero {
                h1 { "Find an injector you can trust with your lip flip" }
                p {
                    "A lip flip is a few units of a neuromodulator such as Botox placed in the upper lip. "
                    "In skilled hands it is quick; in the wrong ones it can leave a lopsided smile or trouble speaking. "
                    "Compare injectors by the evidence: checked credentials, experience, photos and moderated reviews."
                }
                p { a .button href="/practitioners" { "Browse the directory" } }
            }
            section {
                h2 { "Highly rated injectors" }
                @if featured.is_empty() {
                    p { "No practitioner has approved reviews yet." }
                } @else {
                    ul .cards { @for p in featured { (card(p)) } }
                }
                p { a href="/practitioners" { "See the whole directory →" } }
            }
        },
    )
}

/// The directory listing.
pub fn directory_page(visitor: &Visitor, listing: &DirectoryPage) -> Markup {
    let title = if listing.page > 1 {
        format!("Lip flip injectors, page {}", listing.page)
    } else {
        "Lip flip injectors".to_owned()
    };
    page(
        &PageMeta {
            title: &title,
            description: "Every published injector in the directory, with verified credentials, lip flip experience, prices and moderated reviews.",
        },
        Some(visitor),
        html! {
            h1 { "Lip flip injectors" }
            p .result-count {
                (listing.total) " " (plural(listing.total as i64, "practitioner", "practitioners")) ", best rated first"
            }
            @if listing.cards.is_empty() {
                p { "No practitioners on this page. " a href="/practitioners" { "Back to the first page" } "." }
            } @else {
                ul .cards { @for p in &listing.cards { (card(p)) } }
            }
            (Pagination { path: "/practitioners", base_query: "", page: listing.page, pages: listing.pages })
        },
    )
}
