//! A practitioner's public profile, and one before/after pair at full size.

use maud::{Markup, PreEscaped, html};

use crate::domain::profile::{CredentialState, GalleryPair, PublicProfile};
use crate::domain::ratings;
use crate::entities::kinds::{Relationship, WorthIt};
use crate::views::components::{Money, Pagination, RatingSummary, VerifiedBadge, plural};
use crate::views::layout::{PageMeta, page};
use crate::web::visitor::Visitor;

/// The absolute addresses a profile page needs for sharing and structured data.
pub struct ProfileUrls {
    pub canonical: String,
    /// Absolute address of the card thumbnail, when there is one.
    pub image: Option<String>,
}

/// schema.org JSON-LD for the practitioner, its rating computed from approved reviews only
/// (the counters), escaped so no text can close the script element.
pub fn json_ld(profile: &PublicProfile, url: &str) -> String {
    let p = &profile.practitioner;
    let kind = match p.profession {
        crate::entities::kinds::Profession::Physician => "Physician",
        crate::entities::kinds::Profession::Dentist => "Dentist",
        _ => "MedicalBusiness",
    };
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": p.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": p.city,
            "addressRegion": p.region,
            "postalCode": p.postal_code,
        },
    });
    if !p.clinic_name.is_empty() {
        value["department"] =
            serde_json::json!({ "@type": "MedicalClinic", "name": p.clinic_name });
    }
    if let Some(average) = profile.average_rating {
        value["aggregateRating"] = serde_json::json!({
            "@type": "AggregateRating",
            "ratingValue": format!("{average:.2}"),
            "reviewCount": p.review_count,
            "bestRating": 5,
            "worstRating": 1,
        });
    }
    serde_json::to_string(&value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn head(profile: &PublicProfile, urls: &ProfileUrls, description: &str) -> Markup {
    let p = &profile.practitioner;
    html! {
        meta property="og:type" content="profile";
        meta property="og:title" content={ (p.name) " · Injectory" };
        meta property="og:description" content=(description);
        meta property="og:url" content=(urls.canonical);
        meta property="og:site_name" content="Injectory";
        @if let Some(image) = &urls.image { meta property="og:image" content=(image); }
        script type="application/ld+json" { (PreEscaped(json_ld(profile, &urls.canonical))) }
    }
}

fn stars(rating: i16) -> String {
    let n = usize::try_from(rating.clamp(0, 5)).unwrap_or(0);
    "★".repeat(n) + &"☆".repeat(5 - n)
}

fn units(low: Option<i32>, high: Option<i32>) -> Option<String> {
    match (low, high) {
        (Some(l), Some(h)) if l == h => Some(format!("{l} units")),
        (Some(l), Some(h)) => Some(format!("{l}–{h} units")),
        (Some(n), None) | (None, Some(n)) => Some(format!("{n} units")),
        (None, None) => None,
    }
}

fn gallery_section(profile: &PublicProfile) -> Markup {
    let slug = &profile.practitioner.slug;
    html! {
        section #photos {
            h2 { "Before and after photos" }
            @if profile.gallery.is_empty() {
                p { "No approved photos yet. Ask for before-and-after photos of lip flips at your consultation." }
            } @else {
                p .small .muted { "Every photo was checked by a moderator; the practitioner attested the patient's consent." }
                ul .gallery {
                    @for pair in &profile.gallery {
                        li {
                            a href={ "/practitioners/" (slug) "/photos/" (pair.item.id) } {
                                img src={ "/media/" (pair.before.thumbnail_key) } width=(pair.before.thumbnail_width) height=(pair.before.thumbnail_height) loading="lazy" decoding="async" alt="Before treatment";
                                img src={ "/media/" (pair.after.thumbnail_key) } width=(pair.after.thumbnail_width) height=(pair.after.thumbnail_height) loading="lazy" decoding="async" alt="After treatment";
                            }
                            p .small { (pair.item.treatment.label())
                                @if let Some(days) = pair.item.days_after_treatment { ", " (days) " days after" }
                                @if pair.item.edited { " · edited" } }
                        }
                    }
                }
            }
        }
    }
}

fn rating_section(profile: &PublicProfile) -> Markup {
    let p = &profile.practitioner;
    let histogram = [
        p.rating_5_count,
        p.rating_4_count,
        p.rating_3_count,
        p.rating_2_count,
        p.rating_1_count,
    ];
    html! {
        section #ratings {
            h2 { "Ratings" }
            p { (RatingSummary { average: profile.average_rating, count: p.review_count }) }
            @if p.review_count > 0 {
                table .histogram {
                    caption .small .muted { "Approved reviews by star rating" }
                    tbody {
                        @for (i, n) in histogram.iter().enumerate() {
                            tr { th scope="row" { (5 - i) " " (plural(5 - i as i64, "star", "stars")) } td { (n) } }
                        }
                    }
                }
                @if let Some(share) = ratings::share_percent(p.worth_it_yes_count.into(), p.review_count.into()) {
                    p { strong { (share) "%" } " of reviewers said it was worth it (" (p.worth_it_yes_count) " of " (p.review_count) ")." }
                }
            }
        }
    }
}

fn side_effect_section(profile: &PublicProfile) -> Markup {
    let s = &profile.side_effects;
    html! {
        section #side-effects {
            h2 { "Side effects reviewers reported" }
            @if s.reviewers == 0 {
                p { "No approved reviews yet." }
            } @else {
                @if s.reported.is_empty() {
                    p { "None of the " (s.reviewers) " reviewers reported a side effect." }
                } @else {
                    ul {
                        @for (effect, n) in &s.reported {
                            li { "Reported by " (n) " of " (s.reviewers) " " (plural(s.reviewers as i64, "reviewer", "reviewers")) " (" (s.percent(*n)) "%): " (effect.label().to_lowercase()) }
                        }
                    }
                }
                @if let Some(days) = s.typical_onset_days { p { "Typical time until the result showed: " (days) " " (plural(days.into(), "day", "days")) "." } }
                @if let Some(weeks) = s.typical_weeks_lasted { p { "Typical time the result lasted: " (weeks) " " (plural(weeks.into(), "week", "weeks")) "." } }
                p .small .muted { "Figures come from approved reviews only. Mild bruising, swelling and tenderness usually pass within days; see " a href="/guide/warning-signs" { "warning signs" } "." }
            }
        }
    }
}

fn reviews_section(profile: &PublicProfile) -> Markup {
    let p = &profile.practitioner;
    let base = String::new();
    html! {
        section #reviews {
            h2 { "Reviews" }
            @if profile.reviews.is_empty() {
                p { "No approved reviews yet." }
            } @else {
                p .small .muted { "Newest first. Every review was read by a moderator before it appeared." }
                ol .reviews {
                    @for r in &profile.reviews {
                        li .review {
                            h3 { span .stars aria-label={ (r.revision.rating) " out of 5 stars" } { (stars(r.revision.rating)) } " " (r.revision.title) }
                            p .small .muted {
                                (r.revision.treatment.label())
                                @if let Some(product) = r.revision.product { " · " (product.label()) }
                                @if let Some(n) = r.revision.units { " · " (n) " units" }
                                " · treated " (r.revision.treatment_month)
                                @if r.verified_patient { " · " span .badge .badge-verified { "Verified patient" } }
                            }
                            p { (r.revision.body) }
                            p .small {
                                @match r.revision.worth_it { WorthIt::Yes => "Worth it", WorthIt::NotSure => "Not sure it was worth it", WorthIt::No => "Not worth it" }
                                @if !r.side_effects.is_empty() {
                                    " · Side effects: "
                                    @for (i, e) in r.side_effects.iter().enumerate() { @if i > 0 { ", " } (e.label().to_lowercase()) }
                                }
                            }
                            @if r.revision.incentive_received || r.revision.relationship != Relationship::None {
                                p .disclosure .small {
                                    "Disclosure: "
                                    @if r.revision.incentive_received { "the reviewer received something in return for this review" }
                                    @if r.revision.incentive_received && r.revision.relationship != Relationship::None { "; " }
                                    @if r.revision.relationship != Relationship::None { (r.revision.relationship.label().to_lowercase()) }
                                    "."
                                }
                            }
                            @if let Some(reply) = &r.response {
                                blockquote .reply { p .small { strong { "Reply from " (p.name) } } p { (reply) } }
                            }
                        }
                    }
                }
                (Pagination { path: &format!("/practitioners/{}", p.slug), base_query: &base, page: profile.review_page, pages: profile.review_pages }.with_param("reviews_page"))
            }
        }
    }
}

/// The profile page.
pub fn profile_page(visitor: &Visitor, profile: &PublicProfile, urls: &ProfileUrls) -> Markup {
    let p = &profile.practitioner;
    let description = format!(
        "{}, {} in {}: credentials, lip flip experience, prices, photos and {} approved {}.",
        p.name,
        p.profession.label().to_lowercase(),
        p.city,
        p.review_count,
        plural(p.review_count.into(), "review", "reviews")
    );
    let title = format!("{} – {} in {}", p.name, p.profession.label(), p.city);
    page(
        &PageMeta {
            title: &title,
            description: &description,
            canonical: Some(urls.canonical.clone()),
            head: Some(head(profile, urls, &description)),
            ..Default::default()
        },
        Some(visitor),
        html! {
            article .profile {
                header {
                    h1 { (p.name) }
                    p .muted { (p.profession.label()) @if !p.specialty.is_empty() { " · " (p.specialty) } }
                    p { @if !p.clinic_name.is_empty() { (p.clinic_name) " (" (p.setting.label().to_lowercase()) "), " } (p.city) @if !p.region.is_empty() { ", " (p.region) } " " (p.postal_code) }
                    p { (VerifiedBadge(profile.verified)) " " (RatingSummary { average: profile.average_rating, count: p.review_count }) }
                    p { @if p.accepting_new_patients { "Accepting new patients." } @else { "Not accepting new patients." } }
                    form method="get" action="/practitioners" .inline {
                        input type="hidden" name="p" value=(p.slug);
                        button type="submit" { "Compare with others" }
                    }
                }
                @if !p.bio.is_empty() { section #about { h2 { "About" } p { (p.bio) } } }
                section #credentials {
                    h2 { "Credentials" }
                    @if profile.credentials.is_empty() {
                        p { "No credentials submitted yet." }
                    } @else {
                        ul .credentials {
                            @for c in &profile.credentials {
                                li {
                                    strong { (c.credential.title) } " — " (c.credential.kind.label()) ", " (c.credential.issuer)
                                    @if !c.credential.region.is_empty() { " (" (c.credential.region) ")" }
                                    br;
                                    span .status .state-verified[matches!(c.state, CredentialState::Verified { .. })] { (c.state.in_words()) }
                                }
                            }
                        }
                    }
                    @if let Some(supervisor) = &p.supervising_physician {
                        @if p.profession.needs_supervising_physician() { p { "Supervising physician: " (supervisor) } }
                    } @else if p.profession.needs_supervising_physician() {
                        p .warning { "This practitioner has not named a supervising physician. " (p.profession.label()) "s usually inject under one; ask at your consultation." }
                    }
                }
                section #experience {
                    h2 { "Experience and prices" }
                    dl .facts {
                        dt { "Years injecting" } dd { (p.years_injecting) }
                        dt { "Lip flips in the last 12 months" } dd { (p.lip_flips_last_year) }
                        @if let Some(u) = units(p.typical_units_low, p.typical_units_high) { dt { "Typical dose for a lip flip" } dd { (u) } }
                        dt { "Lip flip price" } dd { @if let Some(c) = p.lip_flip_price_cents { (Money(c)) } @else { "Ask the clinic" } }
                        @if let Some(c) = p.consultation_fee_cents { dt { "Consultation" } dd { @if c == 0 { "Free" } @else { (Money(c)) } } }
                        @if let Some(on) = p.prices_confirmed_on { dt { "Prices as of" } dd { (on.format("%-d %B %Y")) } }
                        dt { "Treatments" } dd { @for (i, t) in profile.treatments.iter().enumerate() { @if i > 0 { ", " } (t.label()) } }
                        dt { "Products" } dd { @if profile.products.is_empty() { "Not stated" } @for (i, x) in profile.products.iter().enumerate() { @if i > 0 { ", " } (x.label()) } }
                    }
                }
                (gallery_section(profile))
                (rating_section(profile))
                (side_effect_section(profile))
                (reviews_section(profile))
                section #moderation {
                    h2 { "How reviews of this practitioner were moderated" }
                    table .list {
                        thead { tr { th { "Stars" } th { "Approved" } th { "Rejected" } } }
                        tbody {
                            @for i in (0..5).rev() {
                                tr { td { (i + 1) } td { (profile.moderation.approved[i]) } td { (profile.moderation.rejected[i]) } }
                            }
                        }
                    }
                    p .small .muted { "Reviews are rejected for breaking the rules (for example, no first-hand treatment or undisclosed payment), never for being negative." }
                }
            }
        },
    )
}

/// One before/after pair at full size.
pub fn photo_page(
    visitor: &Visitor,
    name: &str,
    slug: &str,
    pair: &GalleryPair,
    canonical: String,
) -> Markup {
    let title = format!(
        "Before and after: {} by {name}",
        pair.item.treatment.label()
    );
    page(
        &PageMeta {
            title: &title,
            description: "A moderated before-and-after photo pair.",
            canonical: Some(canonical),
            ..Default::default()
        },
        Some(visitor),
        html! {
            p { a href={ "/practitioners/" (slug) "#photos" } { "← Back to " (name) } }
            h1 { (title) }
            div .pair {
                figure { img src={ "/media/" (pair.before.storage_key) } width=(pair.before.width) height=(pair.before.height) alt="Before treatment"; figcaption { "Before" } }
                figure { img src={ "/media/" (pair.after.storage_key) } width=(pair.after.width) height=(pair.after.height) alt="After treatment"; figcaption { "After" @if let Some(d) = pair.item.days_after_treatment { ", " (d) " days later" } } }
            }
            @if !pair.item.caption.is_empty() { p { (pair.item.caption) } }
            p .small .muted {
                (pair.item.treatment.label())
                @if let Some(product) = pair.item.product { " · " (product.label()) }
                @if let Some(units) = pair.item.units { " · " (units) " units" }
                " · consent attested on " (pair.item.consent_attested_on.format("%-d %B %Y"))
            }
            @if pair.item.edited {
                p .disclosure { "Edited: " (pair.item.edit_note.as_deref().unwrap_or("the practitioner says this photo was edited")) }
            }
        },
    )
}
