//! The pages a careful patient looks for before trusting a directory: how verification
//! works, who runs the site, what it keeps about people, its terms, and how to reach it.
//! Linked from every page's footer.

use maud::{Markup, html};

use crate::views::layout::{Chrome, PageMeta, page};

/// A trust page: its address, title and description.
pub struct TrustPage {
    pub path: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

/// Every trust page, in the footer's order.
pub const TRUST_PAGES: &[TrustPage] = &[
    TrustPage {
        path: "/how-we-verify",
        title: "How we verify",
        description: "What the verified badge means, what moderators check before a review, photo or credential is public, and what the transparency figures count.",
    },
    TrustPage {
        path: "/about",
        title: "About Injectory",
        description: "Why Injectory exists and how it is run.",
    },
    TrustPage {
        path: "/privacy",
        title: "Privacy",
        description: "What Injectory keeps about patients and practitioners, why, and for how long.",
    },
    TrustPage {
        path: "/terms",
        title: "Terms of use",
        description: "The rules for reviews, photos and profiles on Injectory.",
    },
    TrustPage {
        path: "/contact",
        title: "Contact",
        description: "How to reach the people who run Injectory.",
    },
];

fn trust_page(chrome: &Chrome, path: &str, canonical: String, body: Markup) -> Markup {
    let info = TRUST_PAGES
        .iter()
        .find(|p| p.path == path)
        .unwrap_or(&TRUST_PAGES[0]);
    page(
        &PageMeta {
            title: info.title,
            description: info.description,
            canonical: Some(canonical),
            ..Default::default()
        },
        Some(chrome),
        html! {
            article .narrow .prose {
                h1 { (info.title) }
                (body)
            }
        },
    )
}

/// What "verified" means and what moderators check.
pub fn how_we_verify(chrome: &Chrome, canonical: String) -> Markup {
    trust_page(
        chrome,
        "/how-we-verify",
        canonical,
        html! {
            p { "Injectory shows only what a moderator has checked. This page says what each mark means, so you can judge how much weight to give it." }
            h2 { "The verified badge" }
            p { "A practitioner shows “✓ Verified license” when a moderator has looked up at least one of their licenses or board certifications with the body that issued it (a state medical, nursing or dental board, or the certifying board) and found it active. The moderator records which source they checked and on what day; you can read both on the profile." }
            p { "The badge lasts only as long as the credential: on the day a verified license expires it stops counting, without anyone having to remember. We remind the practitioner a month before. A training certificate alone never earns the badge." }
            p { "A badge does not rate skill. It tells you the person may legally inject where they practice; their experience, photos and reviews tell you the rest." }
            h2 { "Reviews" }
            p { "Every review is read by a moderator before it is public, and so is every edit. A moderator turns a review down when it does not describe the writer's own treatment, comes from someone connected to the practitioner without saying so, was paid for, names other people or their health, or is advertising. The writer is told why, in words, and may appeal once; the appeal goes to a different moderator." }
            p { "“Verified patient” means the review came through an invite the practitioner sent to someone they treated. It is still moderated like any other review, and the patient is free to write what they think." }
            p { "Anyone signed in can report a published review or a practitioner's reply. A report about someone's health details or something illegal hides it at once until a moderator decides." }
            h2 { "Before and after photos" }
            p { "Practitioners upload only their own work and confirm they hold the patient's written consent. A moderator checks each pair before it is shown; we remove location and camera details from every picture, and a picture that looks like one another practitioner already shows is compared before anything is decided." }
            h2 { "The transparency figures" }
            p { "The " a href="/transparency" { "transparency page" } " counts what moderators did: how many texts were approved and turned down at each star rating, the reasons for rejections and removals, and how long a decision took, month by month. If low ratings were turned down more often than high ones, you would see it there." }
            h2 { "Who moderates" }
            p { "Moderators are people we appoint. Nobody moderates a review they wrote or one about a profile they own, and every decision is kept in a log that cannot be edited." }
        },
    )
}

/// Who runs the site and why.
pub fn about(chrome: &Chrome, canonical: String) -> Markup {
    trust_page(
        chrome,
        "/about",
        canonical,
        html! {
            p { "Injectory is a directory of injectors for the lip flip, gummy-smile correction and lip filler. These are small treatments, but a poor injection can leave a drooping lip, a lopsided smile or trouble speaking for weeks, so who you choose matters more than the price." }
            p { "We list a practitioner's credentials and whether we verified them, how many lip flips they did in the last year, their before and after photos and reviews from patients, and nothing that a moderator has not checked. " a href="/how-we-verify" { "How we verify" } " explains each mark." }
            p { "Practitioners do not pay to be listed, and no one can pay to rank higher or to have a review removed. The directory sorts by a weighted rating, by number of reviews, by experience, by price or by name, as you choose." }
            p { "Nothing on this site is medical advice. Our " a href="/guide" { "patient guide" } " helps you ask good questions at a consultation." }
        },
    )
}

/// What is kept about people.
pub fn privacy(chrome: &Chrome, canonical: String) -> Markup {
    trust_page(
        chrome,
        "/privacy",
        canonical,
        html! {
            p { "We keep as little as the directory needs, and we never sell it." }
            h2 { "If you have an account" }
            ul {
                li { "Your name, your email address and a one-way scrambled form of your password (we cannot read your password)." }
                li { "A record of your sign-ins: a scrambled form of the cookie that keeps you signed in, and when it was last used. It is deleted when you sign out or it expires." }
                li { "What you write or upload, and what moderators decided about it." }
            }
            h2 { "Reviews" }
            p { "Your review is shown with the name you chose, never your email address. Please leave out other people's names and anyone's health details; moderators remove them." }
            h2 { "Practitioners" }
            p { "Your profile is public once you list it. Credential documents you attach are seen only by you and the moderators; they are never shown on your profile. We remove location and camera details from every photo before storing it." }
            h2 { "Email" }
            p { "We email you to confirm your address, to reset your password, and to tell you what happened to what you submitted. You can stop the notices from your account page or from the link in any of them; mail about your password and address is always sent." }
            h2 { "Cookies" }
            p { "Two small cookies: one keeps you signed in, the other protects forms from being sent by other sites. There are no advertising or tracking cookies and no third-party scripts." }
            h2 { "Your requests" }
            p { "To get a copy of what we keep about you, to correct it or to delete your account, " a href="/contact" { "write to us" } "." }
        },
    )
}

/// The rules for content.
pub fn terms(chrome: &Chrome, canonical: String) -> Markup {
    trust_page(
        chrome,
        "/terms",
        canonical,
        html! {
            p { "By using Injectory you agree to these rules. They exist so that patients can trust what they read." }
            h2 { "Reviews" }
            ul {
                li { "Describe your own treatment by the practitioner you review." }
                li { "Say so if you know the practitioner personally, work with them, or received anything for writing." }
                li { "Leave out other people's names and health details, and anything unlawful." }
                li { "A moderator may decline, send back or remove a review that breaks these rules, and tells you why. You may appeal once." }
            }
            h2 { "Practitioners" }
            ul {
                li { "Keep your profile, prices and credentials true and up to date." }
                li { "Upload only photos of your own work, with the patient's written consent, and say when a photo was edited." }
                li { "Invite only patients you treated, and never offer anything for a review." }
                li { "Reply to reviews without revealing anything about the patient." }
            }
            h2 { "Not medical advice" }
            p { "Injectory is a directory. Nothing on it is medical advice, and a listing is not a recommendation. Decide on treatment with a qualified practitioner who has examined you. In an emergency, call your local emergency number." }
            h2 { "Accounts" }
            p { "Keep your password to yourself. We may close an account that breaks these rules." }
        },
    )
}

/// How to reach the site; `email` is the address to write to.
pub fn contact(chrome: &Chrome, canonical: String, email: &str) -> Markup {
    trust_page(
        chrome,
        "/contact",
        canonical,
        html! {
            p { "Write to us at " a href={ "mailto:" (email) } { (email) } ". We answer within two working days." }
            ul {
                li { "To report a review or a reply, use the “Report” link beside it: it reaches a moderator fastest." }
                li { "To correct your own profile or credentials, sign in and use your dashboard." }
                li { "To question a decision on your review, appeal it from “My reviews”." }
            }
            p .small { "We cannot give medical advice by email. If you have a problem after a treatment, contact your injector or a doctor; in an emergency, call your local emergency number." }
        },
    )
}
