//! Writing a review, being told why one cannot be written, and reporting one.

use maud::{Markup, html};

use crate::domain::moderation::flags::MAX_FLAG_NOTE_CHARS;
use crate::domain::reviews::form::{NO_SIDE_EFFECTS, ReviewInput};
use crate::domain::validation::FieldErrors;
use crate::views::forms::{
    Input, checkbox, checkboxes, csrf_field, enum_options, error_summary, select, text_area,
};
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::{FlagReason, Product, Relationship, SideEffect, Treatment, WorthIt};

fn meta(title: &str) -> PageMeta<'_> {
    PageMeta {
        title,
        description: "Write a review of your injector.",
        no_index: true,
        ..Default::default()
    }
}

/// The review form for `name`; `editing` when the visitor already wrote one; `invite`, the
/// token of the practitioner's invite it was opened with.
pub fn review_form_page(
    chrome: &Chrome,
    (name, slug): (&str, &str),
    input: &ReviewInput,
    errors: &FieldErrors,
    editing: bool,
    invite: Option<&str>,
) -> Markup {
    let action = match invite {
        Some(token) => format!("/invites/{token}"),
        None => format!("/practitioners/{slug}/review"),
    };
    let title = if editing {
        format!("Edit your review of {name}")
    } else {
        format!("Review {name}")
    };
    let ratings = [
        ("", "Choose"),
        ("5", "5 stars: excellent"),
        ("4", "4 stars: good"),
        ("3", "3 stars: mixed"),
        ("2", "2 stars: poor"),
        ("1", "1 star: bad"),
    ];
    let mut worth = vec![("", "Choose")];
    worth.extend(enum_options(WorthIt::ALL, WorthIt::as_str, WorthIt::label));
    let mut treatments = vec![("", "Choose")];
    treatments.extend(enum_options(
        Treatment::ALL,
        Treatment::as_str,
        Treatment::label,
    ));
    let mut products = vec![("", "Not sure")];
    products.extend(enum_options(Product::ALL, Product::as_str, Product::label));
    let mut effects = vec![(NO_SIDE_EFFECTS, "None")];
    effects.extend(enum_options(
        SideEffect::ALL,
        SideEffect::as_str,
        SideEffect::label,
    ));
    let relationships = enum_options(Relationship::ALL, Relationship::as_str, Relationship::label);
    let number = |name, label, value, hint| {
        Input {
            name,
            label,
            kind: "number",
            value,
            autocomplete: "off",
            required: false,
            hint: Some(hint),
        }
        .render(errors)
    };
    page(
        &meta(&title),
        Some(chrome),
        html! {
            div .narrow {
                p { a href={ "/practitioners/" (slug) } { "← Back to " (name) } }
                h1 { (title) }
                p { "A moderator reads every review before it is published. Describe your own treatment: what was done, how it went and how long it lasted. Leave out names of other patients or staff and anyone's health details." }
                @if editing {
                    p .notice { "You reviewed this practitioner before. Sending this form replaces your text with a new version for moderation; a published review stays up unchanged until the new version is approved." }
                }
                @if invite.is_some() {
                    p .notice { (name) " invited you to review them, so your review will carry the “Verified patient” mark. It is still read by a moderator before it is published." }
                }
                (error_summary(errors))
                form method="post" action=(action) novalidate {
                    (csrf_field(chrome))
                    (select("rating", "Overall rating", &ratings, &input.rating, errors))
                    (select("worth_it", "Was it worth it?", &worth, &input.worth_it, errors))
                    (select("treatment", "Treatment", &treatments, &input.treatment, errors))
                    (select("product", "Product, if you know it", &products, &input.product, errors))
                    (number("units", "Units, if you know them", &input.units, "Relaxers such as Botox are dosed in units; leave blank for filler."))
                    (number("price_paid", "Price you paid in dollars, if you want to say", &input.price_paid, "For the treatment itself, without tax or tip."))
                    (Input { name: "treatment_month", label: "Month of treatment", kind: "month", value: &input.treatment_month,
                        autocomplete: "off", required: true, hint: Some("As YYYY-MM, for example 2026-09.") }.render(errors))
                    (number("days_to_onset", "Days until you saw the result", &input.days_to_onset, "Leave blank if you are not sure."))
                    (number("weeks_lasted", "Weeks the result lasted", &input.weeks_lasted, "Leave blank if it has not worn off yet."))
                    (checkboxes("side_effects", "Side effects you had", &effects, &input.side_effects, errors))
                    (checkbox("correction_needed", "I needed a correction or touch-up afterwards", input.correction_needed, errors))
                    (Input { name: "title", label: "Title", kind: "text", value: &input.title,
                        autocomplete: "off", required: true, hint: None }.render(errors))
                    (text_area("body", "Your review (50 to 5,000 characters)", &input.body, errors))
                    fieldset .field {
                        legend { "Disclosures" }
                        (checkbox("incentive_received", "I received something (a discount, a free visit, a gift) for writing this review", input.incentive_received, errors))
                        (select("relationship", "My relationship to the practitioner", &relationships, &input.relationship, errors))
                        p .hint { "A relationship other than none is shown with your review." }
                    }
                    button type="submit" { @if editing { "Send the new version" } @else { "Send for moderation" } }
                }
            }
        },
    )
}

/// An invite link opened by a visitor who is not signed in: sign in or register, then the
/// review form opens.
pub fn invite_welcome_page(chrome: &Chrome, (name, slug): (&str, &str), back_to: &str) -> Markup {
    let next = serde_urlencoded::to_string([("next", back_to)]).unwrap_or_default();
    page(
        &meta(&format!("Review {name}")),
        Some(chrome),
        html! {
            div .narrow {
                h1 { (name) " invited you to write a review" }
                p { "Your review will carry the “Verified patient” mark, because " (name) " invited you after a treatment. A moderator still reads it before it is published, and it is yours to write as you see it: good or bad." }
                p { "Sign in, or create a patient account, and the review form opens. The link works once and for 30 days from when it was made." }
                p {
                    a .button .primary href={ "/login?" (next) } { "Sign in" } " "
                    a .button href={ "/register?" (next) } { "Create a patient account" }
                }
                p { a href={ "/practitioners/" (slug) } { "See " (name) "'s profile first" } }
            }
        },
    )
}

/// Why the visitor cannot write this review.
pub fn review_refused_page(chrome: &Chrome, (name, slug): (&str, &str), why: &str) -> Markup {
    page(
        &meta("You cannot write this review"),
        Some(chrome),
        html! {
            div .narrow {
                h1 { "You cannot write this review" }
                p { (why) }
                p { a href={ "/practitioners/" (slug) } { "Back to " (name) } " · " a href="/me/reviews" { "Your reviews" } }
            }
        },
    )
}

/// What a reported review showed, for the report form.
pub struct ReportedReview<'a> {
    pub review_id: i64,
    pub practitioner_name: &'a str,
    pub practitioner_slug: &'a str,
    pub title: &'a str,
    /// The report is about the practitioner's reply under the review.
    pub reply: bool,
}

impl ReportedReview<'_> {
    fn noun(&self) -> &'static str {
        if self.reply { "reply" } else { "review" }
    }

    fn action(&self) -> String {
        if self.reply {
            format!("/reviews/{}/reply/flag", self.review_id)
        } else {
            format!("/reviews/{}/flag", self.review_id)
        }
    }
}

/// The form to report a published review.
pub fn flag_page(
    chrome: &Chrome,
    review: &ReportedReview<'_>,
    reason: &str,
    note: &str,
    errors: &FieldErrors,
) -> Markup {
    let mut reasons = vec![("", "Choose")];
    reasons.extend(
        FlagReason::ALL
            .iter()
            .filter(|r| **r != FlagReason::NotTheirPhoto)
            .map(|r| (r.as_str(), r.label())),
    );
    page(
        &meta(&format!("Report a {}", review.noun())),
        Some(chrome),
        html! {
            div .narrow {
                p { a href={ "/practitioners/" (review.practitioner_slug) "#reviews" } { "← Back to " (review.practitioner_name) } }
                h1 { "Report a " (review.noun()) }
                @if review.reply {
                    p { "You are reporting " (review.practitioner_name) "'s reply to the review “" (review.title) "”. A reply that shares someone's health details (or confirms who was a patient) or breaks the law is hidden at once until a moderator decides; others stay up meanwhile." }
                } @else {
                    p { "You are reporting “" (review.title) "”. A moderator will read the review as it is now. A review that shares someone's health details or breaks the law is hidden at once until a moderator decides; others stay up meanwhile." }
                }
                (error_summary(errors))
                form method="post" action=(review.action()) novalidate {
                    (csrf_field(chrome))
                    (select("reason", "What is wrong with it?", &reasons, reason, errors))
                    (text_area("note", &format!("Anything a moderator should know (up to {MAX_FLAG_NOTE_CHARS} characters)"), note, errors))
                    button type="submit" { "Send report" }
                }
            }
        },
    )
}

/// The page after a report was taken.
pub fn flagged_page(chrome: &Chrome, review: &ReportedReview<'_>, hidden: bool) -> Markup {
    page(
        &meta("Thank you for your report"),
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Thank you for your report" }
                @if hidden {
                    p .notice role="status" { "The " (review.noun()) " is hidden until a moderator decides, because it may share someone's health details or break the law." }
                } @else {
                    p .notice role="status" { "A moderator will look at it. The " (review.noun()) " stays up until then." }
                }
                p { a href={ "/practitioners/" (review.practitioner_slug) } { "Back to " (review.practitioner_name) } }
            }
        },
    )
}
