//! The practitioner's photos: their before/after pairs with each one's state, the upload
//! form, and the headshot block of the profile page.

use maud::{Markup, html};

use crate::domain::email_confirmation::Unconfirmed;
use crate::domain::gallery::own::{OwnPair, PairForm};
use crate::domain::headshots::OwnHeadshot;
use crate::domain::validation::FieldErrors;
use crate::views::assets::UPLOAD_SCRIPT;
use crate::views::components::Notice;
use crate::views::email::confirm_first;
use crate::views::forms::{
    checkbox, csrf_field, enum_options, error_summary, file_input, select, text_area, text_input,
    upload_action,
};
use crate::views::layout::{Chrome, PageMeta, page};
use crate::views::profile::pair_facts;
use crate::vocabulary::{PhotoStatus, Product, Treatment};

const IMAGE_TYPES: &str = "image/jpeg,image/png,image/webp";
const IMAGE_HINT: &str = "JPEG, PNG or WebP, at most 10 MB and 40 megapixels. Location and camera details are removed before anything is stored.";

/// The gallery page: the pairs, then the form to add one (`form` and `errors` when a
/// submission is shown again).
pub fn gallery_page(
    chrome: &Chrome,
    pairs: &[OwnPair],
    form: &PairForm,
    errors: &FieldErrors,
    notice: Option<&Notice>,
) -> Markup {
    page(
        &PageMeta {
            title: "Before and after photos",
            description: "Manage your before and after photos.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            p { a href="/dashboard" { "← Dashboard" } }
            h1 { "Before and after photos" }
            @if let Some(notice) = notice { (notice) }
            p { "Patients see a pair once a moderator has approved it. Show only your own work, with the patient's written consent." }
            section {
                h2 { "Your pairs" }
                @if pairs.is_empty() {
                    p { "No photos yet." }
                } @else {
                    ol .own-gallery {
                        @for (n, own) in pairs.iter().enumerate() {
                            li { (own_pair(chrome, own, n == 0, n + 1 == pairs.len())) }
                        }
                    }
                }
            }
            @if unconfirmed(chrome) {
                (confirm_first(chrome, Unconfirmed::Upload.explanation()))
            } @else {
                (upload_form(chrome, form, errors))
            }
        },
    )
}

/// Whether the signed-in account has yet to confirm its address.
pub(crate) fn unconfirmed(chrome: &Chrome) -> bool {
    chrome.account.as_ref().is_some_and(|a| !a.email_confirmed)
}

fn state_words(own: &OwnPair) -> Markup {
    html! {
        p .state {
            strong { (own.status.label()) }
            @if let (PhotoStatus::Rejected, Some(reason)) = (own.status, own.rejection_reason) {
                ": " (reason.label())
            }
            @if own.held_for_match {
                " · It looks like a photo another practitioner shows, so a moderator will compare them before deciding."
            }
        }
    }
}

fn own_pair(chrome: &Chrome, own: &OwnPair, first: bool, last: bool) -> Markup {
    let pair = &own.pair;
    let action = |what: &str| format!("/dashboard/gallery/{}/{what}", pair.id);
    html! {
        div .pair-thumbs {
            img src={ "/media/" (pair.before.thumbnail_key) } width=(pair.before.thumbnail_width) height=(pair.before.thumbnail_height) alt="Before";
            img src={ "/media/" (pair.after.thumbnail_key) } width=(pair.after.thumbnail_width) height=(pair.after.thumbnail_height) alt="After";
        }
        (state_words(own))
        (pair_facts(pair))
        div .actions {
            @if !first {
                form method="post" action=(action("move")) {
                    (csrf_field(chrome))
                    input type="hidden" name="direction" value="earlier";
                    button type="submit" { "Move earlier" }
                }
            }
            @if !last {
                form method="post" action=(action("move")) {
                    (csrf_field(chrome))
                    input type="hidden" name="direction" value="later";
                    button type="submit" { "Move later" }
                }
            }
            form method="post" action=(action("delete")) {
                (csrf_field(chrome))
                button type="submit" .danger { "Delete this pair" }
            }
        }
    }
}

fn upload_form(chrome: &Chrome, form: &PairForm, errors: &FieldErrors) -> Markup {
    let mut treatments = vec![("", "Choose…")];
    treatments.extend(enum_options(
        Treatment::ALL,
        Treatment::as_str,
        Treatment::label,
    ));
    let mut products = vec![("", "Not stated")];
    products.extend(enum_options(Product::ALL, Product::as_str, Product::label));
    html! {
        section #add {
            h2 { "Add a pair" }
            (error_summary(errors))
            @if !errors.is_empty() {
                p .hint { "For your privacy and the patient's, the photos you chose were not kept: choose them again." }
            }
            form method="post" enctype="multipart/form-data" data-upload
                action=(upload_action("/dashboard/uploads/gallery", chrome)) {
                (file_input("before", "Before photo", IMAGE_TYPES, IMAGE_HINT, errors))
                (file_input("after", "After photo", IMAGE_TYPES, IMAGE_HINT, errors))
                (select("treatment", "Treatment", &treatments, &form.treatment, errors))
                (select("product", "Product", &products, &form.product, errors))
                (text_input("units", "Units", &form.units, errors))
                (text_input("days_after_treatment", "Days between treatment and the after photo", &form.days_after_treatment, errors))
                (text_area("caption", "Caption (optional)", &form.caption, errors))
                (checkbox("edited", "This photo was edited (beyond cropping)", form.edited, errors))
                (text_input("edit_note", "If edited, what was changed", &form.edit_note, errors))
                (checkbox("consent", "The patient agreed in writing to publication of these photos", form.consent, errors))
                (text_input("consent_on", "Date the patient signed (YYYY-MM-DD)", &form.consent_on, errors))
                (upload_progress())
                button type="submit" { "Upload for moderation" }
            }
        }
    }
}

/// The progress bar an upload form shows while sending (with the script), and the script.
pub fn upload_progress() -> Markup {
    html! {
        progress .upload-progress hidden max="100" {}
        p .hint data-upload-status aria-live="polite" { "Large photos can take a minute to send." }
        script src=(UPLOAD_SCRIPT.href()) defer {}
    }
}

/// The headshot block of the profile page: what is shown now, what waits, and the form.
pub fn headshot_section(chrome: &Chrome, own: &OwnHeadshot, errors: &FieldErrors) -> Markup {
    html! {
        section #your-headshot {
            h2 { "Headshot" }
            p { "A photo of you, shown on your profile and in the directory once a moderator approves it. Never a patient's photo." }
            @if let Some(image) = &own.approved {
                p { "On your profile now:" }
                img .headshot src={ "/media/" (image.thumbnail_key) } width=(image.thumbnail_width) height=(image.thumbnail_height) alt="Your current headshot";
            }
            @if let Some(image) = &own.pending {
                p { strong { "Awaiting moderation:" } }
                img .headshot src={ "/media/" (image.thumbnail_key) } width=(image.thumbnail_width) height=(image.thumbnail_height) alt="Your headshot awaiting moderation";
            } @else if let Some(reason) = own.rejected_because {
                p { strong { "Your last headshot was not approved: " } (reason.label()) "." }
            }
            @if unconfirmed(chrome) {
                p { (Unconfirmed::Upload.explanation()) }
            } @else {
                (error_summary(errors))
                form method="post" enctype="multipart/form-data" data-upload
                    action=(upload_action("/dashboard/uploads/headshot", chrome)) {
                    (file_input("headshot", "New headshot", IMAGE_TYPES, IMAGE_HINT, errors))
                    (upload_progress())
                    button type="submit" { "Upload for moderation" }
                }
            }
        }
    }
}
