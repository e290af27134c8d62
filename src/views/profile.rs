//! A practitioner's public profile, and one before/after pair at full size.

use maud::{Markup, PreEscaped, html};

use crate::domain::gallery::GalleryPair;
use crate::domain::practitioners::PractitionerFacts;
use crate::domain::practitioners::own_profile::NotYetPublic;
use crate::domain::practitioners::public_profile::PublicProfile;
use crate::views::components::{
    Money, Pagination, RatingSummary, VerifiedBadge, month_words, plural,
};
use crate::views::layout::{Chrome, PageMeta, page};
use crate::views::transparency::figures_block;
use crate::vocabulary::{Profession, Relationship, WorthIt};

/// The absolute addresses a profile page needs for sharing and structured data.
pub struct ProfileUrls {
    pub canonical: String,
    /// Absolute address of the card thumbnail, when there is one.
    pub image: Option<String>,
}

/// schema.org JSON-LD for the practitioner, its rating computed from approved reviews only
/// (the counters), escaped so no text can close the script element.
pub fn json_ld(profile: &PublicProfile, urls: &ProfileUrls) -> String {
    let url = urls.canonical.as_str();
    let urls_image = &urls.image;
    let p = &profile.facts;
    let kind = match p.profession {
        Profession::Physician => "Physician",
        Profession::Dentist => "Dentist",
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
    if !p.contact.street_address.is_empty() {
        value["address"]["streetAddress"] = p.contact.street_address.clone().into();
    }
    if !p.contact.phone.is_empty() {
        value["telephone"] = p.contact.phone.clone().into();
    }
    if let Some(image) = &urls_image {
        value["image"] = image.clone().into();
    }
    if !p.clinic_name.is_empty() {
        value["department"] =
            serde_json::json!({ "@type": "MedicalClinic", "name": p.clinic_name });
    }
    if let Some(average) = p.ratings.average {
        value["aggregateRating"] = serde_json::json!({
            "@type": "AggregateRating",
            "ratingValue": format!("{average:.2}"),
            "reviewCount": p.ratings.count,
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
    let p = &profile.facts;
    html! {
        meta property="og:type" content="profile";
        meta property="og:title" content={ (p.name) " · Injectory" };
        meta property="og:description" content=(description);
        meta property="og:url" content=(urls.canonical);
        meta property="og:site_name" content="Injectory";
        @if let Some(image) = &urls.image { meta property="og:image" content=(image); }
        script type="application/ld+json" { (PreEscaped(json_ld(profile, urls))) }
    }
}

fn stars(rating: i16) -> String {
    let n = usize::try_from(rating.clamp(0, 5)).unwrap_or(0);
    "★".repeat(n) + &"☆".repeat(5 - n)
}

fn gallery_section(profile: &PublicProfile) -> Markup {
    let slug = &profile.facts.slug;
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
                            a href={ "/practitioners/" (slug) "/photos/" (pair.id) } {
                                img src={ "/media/" (pair.before.thumbnail_key) } width=(pair.before.thumbnail_width) height=(pair.before.thumbnail_height) loading="lazy" decoding="async" alt="Before treatment";
                                img src={ "/media/" (pair.after.thumbnail_key) } width=(pair.after.thumbnail_width) height=(pair.after.thumbnail_height) loading="lazy" decoding="async" alt="After treatment";
                            }
                            p .small { (pair.treatment.label())
                                @if let Some(days) = pair.days_after_treatment { ", " (days) " days after" }
                                @if pair.edited { " · edited" } }
                        }
                    }
                }
            }
        }
    }
}

fn rating_section(profile: &PublicProfile) -> Markup {
    let p = &profile.facts;
    let r = &p.ratings;
    html! {
        section #ratings {
            h2 { "Ratings" }
            p { (RatingSummary { average: r.average, count: r.count }) }
            @if r.count > 0 {
                table .histogram {
                    caption .small .muted { "Approved reviews by star rating" }
                    tbody {
                        @for stars in (1..=5usize).rev() {
                            tr { th scope="row" { (stars) " " (plural(stars as i64, "star", "stars")) } td { (r.histogram[stars - 1]) } }
                        }
                    }
                }
                @if let Some(share) = r.worth_it_percent() {
                    p { strong { (share) "%" } " of reviewers said it was worth it (" (r.worth_it_yes) " of " (r.count) ")." }
                }
            }
        }
    }
}

fn side_effect_section(profile: &PublicProfile) -> Markup {
    let s = &profile.facts.side_effects;
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
    let p = &profile.facts;
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
                            h3 { span .stars role="img" aria-label={ (r.rating) " out of 5 stars" } { (stars(r.rating)) } " " (r.title) }
                            p .small .muted {
                                (r.treatment.label())
                                @if let Some(product) = r.product { " · " (product.label()) }
                                @if let Some(n) = r.units { " · " (n) " units" }
                                " · treated in " (month_words(&r.treatment_month))
                                @if r.verified_patient { " · " span .badge .badge-verified { "Verified patient" } }
                            }
                            p { (r.body) }
                            p .small {
                                @match r.worth_it { WorthIt::Yes => "Worth it", WorthIt::NotSure => "Not sure it was worth it", WorthIt::No => "Not worth it" }
                                @if !r.side_effects.is_empty() {
                                    " · Side effects: "
                                    @for (i, e) in r.side_effects.iter().enumerate() { @if i > 0 { ", " } (e.label().to_lowercase()) }
                                }
                            }
                            @if r.incentive_received || r.relationship != Relationship::None {
                                p .disclosure .small {
                                    "Disclosure: "
                                    @if r.incentive_received { "the reviewer received something in return for this review" }
                                    @if r.incentive_received && r.relationship != Relationship::None { "; " }
                                    @if r.relationship != Relationship::None { (r.relationship.label().to_lowercase()) }
                                    "."
                                }
                            }
                            p .small { a href={ "/reviews/" (r.review_id) "/flag" } rel="nofollow" { "Report this review" } }
                            @if let Some(reply) = &r.response {
                                blockquote .reply {
                                    p .small { strong { "Reply from " (p.name) } }
                                    p .pre-line { (reply) }
                                    p .small { a href={ "/reviews/" (r.review_id) "/reply/flag" } rel="nofollow" { "Report this reply" } }
                                }
                            }
                        }
                    }
                }
                (Pagination { path: &format!("/practitioners/{}", p.slug), base_query: &base, page: profile.review_page, pages: profile.review_pages, more: false }.with_param("reviews_page"))
            }
        }
    }
}

/// The one thing a patient who has chosen does next: book, or else visit the website, or
/// else call. Links go only to the http(s) addresses the profile form accepted.
fn main_action(p: &PractitionerFacts) -> Markup {
    let c = &p.contact;
    html! {
        @if !c.booking_url.is_empty() {
            a .button .primary href=(c.booking_url) rel="nofollow noopener" { "Book a consultation" }
            " "
        } @else if !c.website_url.is_empty() {
            a .button .primary href=(c.website_url) rel="nofollow noopener" { "Visit website" }
            " "
        } @else if !c.phone.is_empty() {
            a .button .primary href={ "tel:" (tel_digits(&c.phone)) } { "Call " (c.phone) }
            " "
        }
    }
}

/// A phone number as a `tel:` link wants it: digits and a leading plus.
fn tel_digits(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

/// Where the clinic is and when it is open, with a map search for the address.
fn visit_section(p: &PractitionerFacts) -> Markup {
    let c = &p.contact;
    let place = [
        c.street_address.as_str(),
        p.city.as_str(),
        p.region.as_str(),
        p.postal_code.as_str(),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    let map = format!(
        "https://www.openstreetmap.org/search?query={}",
        serde_urlencoded::to_string([("q", &place)])
            .unwrap_or_default()
            .trim_start_matches("q=")
    );
    html! {
        @if !c.street_address.is_empty() || !c.opening_hours.is_empty() || !c.phone.is_empty() || !c.website_url.is_empty() {
            section #visit {
                h2 { "Visiting" }
                dl .facts {
                    @if !c.street_address.is_empty() {
                        dt { "Address" }
                        dd { (place) " · " a href=(map) rel="nofollow noopener" { "Find it on a map" } }
                    }
                    @if !c.opening_hours.is_empty() { dt { "Opening hours" } dd .pre-line { (c.opening_hours) } }
                    @if !c.phone.is_empty() { dt { "Phone" } dd { a href={ "tel:" (tel_digits(&c.phone)) } { (c.phone) } } }
                    @if !c.website_url.is_empty() { dt { "Website" } dd { a href=(c.website_url) rel="nofollow noopener" { (c.website_url) } } }
                }
            }
        }
    }
}

/// The profile page.
/// What patients cannot see yet, as a banner over the practitioner's preview of their
/// own profile.
fn preview_banner(waiting: &NotYetPublic) -> Markup {
    html! {
        aside .preview-banner role="note" aria-label="Preview" {
            p { strong { "Preview: this is your profile as patients see it." } }
            @if waiting.is_empty() {
                p { "Everything you added is public." }
            } @else {
                p { "Not shown to patients yet:" }
                ul {
                    @if waiting.unpublished {
                        li { "The whole profile: it is a draft, not listed in the directory."
                            @if !waiting.missing.is_empty() { " To publish it, add " (waiting.missing.join(", ")) "." } }
                    }
                    @if waiting.pending_pairs > 0 {
                        li { (waiting.pending_pairs) " before/after " (plural(waiting.pending_pairs as i64, "pair waits", "pairs wait")) " for a moderator." }
                    }
                    @if waiting.rejected_pairs > 0 {
                        li { (waiting.rejected_pairs) " before/after " (plural(waiting.rejected_pairs as i64, "pair was", "pairs were")) " not approved." }
                    }
                    @if waiting.headshot_pending { li { "Your new headshot waits for a moderator." } }
                    @if waiting.unverified_credentials > 0 {
                        li { (waiting.unverified_credentials) " " (plural(waiting.unverified_credentials as i64, "credential is", "credentials are")) " not verified, so " (plural(waiting.unverified_credentials as i64, "it earns", "they earn")) " no badge." }
                    }
                }
            }
            p { a href="/dashboard" { "Back to your dashboard" } }
        }
    }
}

/// A practitioner's public profile; with `preview`, the practitioner's own look at it with
/// what is not public yet.
pub fn profile_page(
    chrome: &Chrome,
    profile: &PublicProfile,
    urls: &ProfileUrls,
    preview: Option<&NotYetPublic>,
) -> Markup {
    let p = &profile.facts;
    let description = format!(
        "{}, {} in {}: credentials, lip flip experience, prices, photos and {} approved {}.",
        p.name,
        p.profession.label().to_lowercase(),
        p.city,
        p.ratings.count,
        plural(p.ratings.count.into(), "review", "reviews")
    );
    let title = format!("{} – {} in {}", p.name, p.profession.label(), p.city);
    page(
        &PageMeta {
            title: &title,
            description: &description,
            canonical: Some(urls.canonical.clone()),
            head: Some(head(profile, urls, &description)),
            no_index: preview.is_some(),
        },
        Some(chrome),
        html! {
            @if let Some(waiting) = preview { (preview_banner(waiting)) }
            article .profile {
                header {
                    @if let Some(key) = &p.thumbnail_key {
                        img .headshot src={ "/media/" (key) } width="160" height="160" alt={ "Headshot of " (p.name) };
                    }
                    h1 { (p.name) }
                    p .muted { (p.profession.label()) @if !p.specialty.is_empty() { " · " (p.specialty) } }
                    p { @if !p.clinic_name.is_empty() { (p.clinic_name) " (" (p.setting.label().to_lowercase()) "), " } (p.city) @if !p.region.is_empty() { ", " (p.region) } " " (p.postal_code) }
                    p { (VerifiedBadge(p.verified)) " " (RatingSummary { average: p.ratings.average, count: p.ratings.count }) }
                    p { @if p.accepting_new_patients { "Accepting new patients." } @else { "Not accepting new patients." } }
                    (main_action(p))
                    form method="get" action="/practitioners" .inline {
                        input type="hidden" name="p" value=(p.slug);
                        button type="submit" { "Compare with others" }
                    }
                    " "
                    a .button .secondary href={ "/practitioners/" (p.slug) "/review" } { "Write a review" }
                }
                @if !p.bio.is_empty() { section #about { h2 { "About" } p { (p.bio) } } }
                (visit_section(p))
                section #credentials {
                    h2 { "Credentials" }
                    @if profile.credentials.is_empty() {
                        p { "No credentials submitted yet." }
                    } @else {
                        ul .credentials {
                            @for c in &profile.credentials {
                                li {
                                    strong { (c.details.title) } " — " (c.details.kind.label()) ", " (c.details.issuer)
                                    @if !c.details.region.is_empty() { " (" (c.details.region) ")" }
                                    br;
                                    span .status .state-verified[c.state.is_verified()] { (c.state.in_words()) }
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
                        @if let Some(u) = p.typical_units() { dt { "Typical dose for a lip flip" } dd { (u) } }
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
                    (figures_block(&profile.moderation, true))
                    p .small .muted { "Reviews are rejected for breaking the rules (for example, no first-hand treatment or undisclosed payment), never for being negative. "
                        a href={ "/transparency?practitioner=" (p.slug) } { "Month by month" } "." }
                }
            }
        },
    )
}

/// One before/after pair at full size.
pub fn photo_page(
    chrome: &Chrome,
    name: &str,
    slug: &str,
    pair: &GalleryPair,
    canonical: String,
) -> Markup {
    let title = format!("Before and after: {} by {name}", pair.treatment.label());
    page(
        &PageMeta {
            title: &title,
            description: "A moderated before-and-after photo pair.",
            canonical: Some(canonical),
            ..Default::default()
        },
        Some(chrome),
        html! {
            p { a href={ "/practitioners/" (slug) "#photos" } { "← Back to " (name) } }
            h1 { (title) }
            div .pair {
                figure { img src={ "/media/" (pair.before.key) } width=(pair.before.width) height=(pair.before.height) alt="Before treatment"; figcaption { "Before" } }
                figure { img src={ "/media/" (pair.after.key) } width=(pair.after.width) height=(pair.after.height) alt="After treatment"; figcaption { "After" @if let Some(d) = pair.days_after_treatment { ", " (d) " days later" } } }
            }
            (pair_facts(pair))
        },
    )
}

/// What a pair's practitioner disclosed about it: caption, treatment, product, dose, consent
/// and any editing.
pub fn pair_facts(pair: &GalleryPair) -> Markup {
    html! {
        @if !pair.caption.is_empty() { p { (pair.caption) } }
        p .small .muted {
            (pair.treatment.label())
            @if let Some(product) = pair.product { " · " (product.label()) }
            @if let Some(units) = pair.units { " · " (units) " units" }
            @if let Some(d) = pair.days_after_treatment { " · after " (d) " days" }
            " · consent attested on " (pair.consent_attested_on.format("%-d %B %Y"))
        }
        @if pair.edited {
            p .disclosure { "Edited: " (pair.edit_note.as_deref().unwrap_or("the practitioner says this photo was edited")) }
        }
    }
}
