//! The practitioner's dashboard: profile status, the profile form, credentials.

use maud::{Markup, html};

use crate::domain::credentials::{CredentialInput, CredentialState, CredentialView};
use crate::domain::email_confirmation::Unconfirmed;
use crate::domain::headshots::OwnHeadshot;
use crate::domain::practitioners::own_profile::DashboardOverview;
use crate::domain::practitioners::profile_form::ProfileInput;
use crate::domain::validation::FieldErrors;
use crate::views::components::Moment;
use crate::views::components::Notice;
use crate::views::email::confirm_first;
use crate::views::forms::{
    checkbox, checkboxes, csrf_field, enum_options, error_summary, numeric_input, select,
    text_area, text_input,
};
use crate::views::forms::{file_input, upload_action};
use crate::views::gallery::{headshot_section, unconfirmed, upload_progress};
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::{CredentialKind, Product, Profession, Setting, Treatment};

/// The dashboard's front page.
pub fn overview_page(chrome: &Chrome, overview: &DashboardOverview) -> Markup {
    let profile = &overview.profile;
    let count = |wanted: fn(&CredentialState) -> bool| {
        overview
            .credentials
            .iter()
            .filter(|c| wanted(&c.state))
            .count()
    };
    let expired = count(|s| matches!(s, CredentialState::Expired { .. }));
    let waiting = &overview.waiting;
    page(
        &PageMeta {
            title: "Your dashboard",
            description: "Manage your Injectory profile.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Your dashboard" }
            section {
                h2 { "Profile" }
                p {
                    strong { (profile.name) }
                    @if profile.published {
                        " is listed in the directory: "
                        a href={ "/practitioners/" (profile.slug) } { "view your public profile" } "."
                    } @else {
                        " is a draft, not shown to patients."
                    }
                }
                @if !overview.missing.is_empty() {
                    p { "To publish it, add " (overview.missing.join(", ")) "." }
                }
                p { a .button href="/dashboard/profile" { "Edit your profile" } }
            }
            section {
                h2 { "Credentials" }
                p { (overview.credentials.len()) " on file, "
                    (count(CredentialState::is_verified)) " verified, "
                    (count(|s| *s == CredentialState::Pending)) " waiting for a moderator"
                    @if expired > 0 { ", " (expired) " expired" }
                    "." }
                p { a href="/dashboard/credentials" { "Manage credentials and their documents" } }
            }
            section {
                h2 { "Photos" }
                p { "Before/after pairs of your work and your headshot."
                    @if waiting.pending_pairs > 0 { " " (waiting.pending_pairs) " waiting for a moderator." }
                    @if waiting.headshot_pending { " Your new headshot is waiting for a moderator." } }
                p { a href="/dashboard/gallery" { "Manage your gallery" } " · " a href="/dashboard/profile#your-headshot" { "Your headshot" } }
            }
            section {
                h2 { "Reviews" }
                p { @if waiting.unanswered_reviews > 0 { (waiting.unanswered_reviews) " published " (if waiting.unanswered_reviews == 1 { "review has" } else { "reviews have" }) " no reply from you. " }
                    @if waiting.open_invites > 0 { (waiting.open_invites) " invite " (if waiting.open_invites == 1 { "link is" } else { "links are" }) " open." } }
                p { a href="/dashboard/reviews" { "Reviews of you and your replies" } " · " a href="/dashboard/invites" { "Invite a patient" } }
            }
            section {
                h2 { "Preview" }
                p { a href="/dashboard/preview" { "See your profile as patients see it" }
                    @if !waiting.is_empty() { ", with what is not public yet" } "." }
            }
        },
    )
}

/// What the profile page shows around the form.
pub struct ProfilePage<'a> {
    pub input: &'a ProfileInput,
    pub errors: &'a FieldErrors,
    pub headshot: &'a OwnHeadshot,
    pub headshot_errors: &'a FieldErrors,
    pub notice: Option<&'a Notice>,
}

/// The profile form, with the headshot block.
pub fn profile_page(chrome: &Chrome, shown: &ProfilePage<'_>) -> Markup {
    let ProfilePage {
        input,
        errors,
        headshot,
        headshot_errors,
        notice,
    } = *shown;
    let professions = enum_options(Profession::ALL, Profession::as_str, Profession::label);
    let settings = enum_options(Setting::ALL, Setting::as_str, Setting::label);
    let treatments = enum_options(Treatment::ALL, Treatment::as_str, Treatment::label);
    let products = enum_options(Product::ALL, Product::as_str, Product::label);
    page(
        &PageMeta {
            title: "Edit your profile",
            description: "Edit your Injectory profile.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Edit your profile" }
                @if let Some(notice) = notice { (notice) }
                @if unconfirmed(chrome) {
                    (confirm_first(chrome, Unconfirmed::Publish.explanation()))
                }
                (headshot_section(chrome, headshot, headshot_errors))
                h2 { "Details" }
                (error_summary(errors))
                form method="post" action="/dashboard/profile" novalidate {
                    (csrf_field(chrome))
                    fieldset .group {
                        legend { "About you" }
                        (text_input("name", "Name, as patients see it", &input.name, errors))
                        (select("profession", "Profession", &professions, &input.profession, errors))
                        (text_input("specialty", "Specialty", &input.specialty, errors))
                        (text_input("supervising_physician", "Supervising physician (physician assistants and registered nurses)", &input.supervising_physician, errors))
                        (text_area("bio", "About you", &input.bio, errors))
                    }
                    fieldset .group {
                        legend { "Clinic and how to reach it" }
                        (text_input("clinic_name", "Clinic", &input.clinic_name, errors))
                        (select("setting", "Setting", &settings, &input.setting, errors))
                        (text_input("city", "City", &input.city, errors))
                        (text_input("region", "State or region", &input.region, errors))
                        (text_input("postal_code", "Postal code", &input.postal_code, errors))
                        (text_input("street_address", "Street address of the clinic", &input.street_address, errors))
                        (text_area("opening_hours", "Opening hours", &input.opening_hours, errors))
                        (text_input("phone", "Phone", &input.phone, errors))
                        (text_input("booking_url", "Booking link (https://…)", &input.booking_url, errors))
                        (text_input("website_url", "Website (https://…)", &input.website_url, errors))
                    }
                    fieldset .group {
                        legend { "Treatments" }
                        (checkboxes("treatments", "Treatments you offer", &treatments, &input.treatments, errors))
                        (checkboxes("products", "Products you use", &products, &input.products, errors))
                    }
                    fieldset .group {
                        legend { "Experience and prices" }
                        (numeric_input("years_injecting", "Years injecting", &input.years_injecting, errors, false))
                        (numeric_input("lip_flips_last_year", "Lip flips in the last 12 months", &input.lip_flips_last_year, errors, false))
                        (numeric_input("typical_units_low", "Typical units for a lip flip, from", &input.typical_units_low, errors, false))
                        (numeric_input("typical_units_high", "Typical units for a lip flip, to", &input.typical_units_high, errors, false))
                        (numeric_input("lip_flip_price", "Lip flip price in dollars", &input.lip_flip_price, errors, true))
                        (numeric_input("consultation_fee", "Consultation fee in dollars", &input.consultation_fee, errors, true))
                        (checkbox("accepting_new_patients", "Accepting new patients", input.accepting_new_patients, errors))
                    }
                    fieldset .group {
                        legend { "Listing" }
                        (checkbox("publish", "List my profile in the directory (needs a name, a city and a treatment)", input.publish, errors))
                    }
                    button type="submit" { "Save profile" }
                }
            }
        },
    )
}

fn credential_fields(input: &CredentialInput, errors: &FieldErrors) -> Markup {
    let kinds = enum_options(
        CredentialKind::ALL,
        CredentialKind::as_str,
        CredentialKind::label,
    );
    html! {
        (select("kind", "Kind", &kinds, &input.kind, errors))
        (text_input("title", "Title (for example: Registered Nurse license)", &input.title, errors))
        (text_input("issuer", "Issued by", &input.issuer, errors))
        (text_input("number", "Number", &input.number, errors))
        (text_input("region", "State or region", &input.region, errors))
        (text_input("issued_on", "Issued on (YYYY-MM-DD)", &input.issued_on, errors))
        (text_input("expires_on", "Expires on (YYYY-MM-DD)", &input.expires_on, errors))
    }
}

/// The list of the practitioner's credentials with the form to add one.
pub fn credentials_page(
    chrome: &Chrome,
    credentials: &[CredentialView],
    input: &CredentialInput,
    errors: &FieldErrors,
) -> Markup {
    page(
        &PageMeta {
            title: "Your credentials",
            description: "Your credentials and their verification.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Your credentials" }
            p { "A moderator checks each credential with the body that issued it. Only verified, unexpired licenses and board certifications earn the verified badge." }
            @if credentials.is_empty() {
                p { "You have not added any credentials yet." }
            } @else {
                table .list .stack {
                    thead { tr { th { "Credential" } th { "Issuer" } th { "Expires" } th { "State" } } }
                    tbody {
                        @for c in credentials {
                            tr {
                                td { a href={ "/dashboard/credentials/" (c.id) } { (c.details.title) } br; span .muted { (c.details.kind.label()) } }
                                td data-label="Issuer" { (c.details.issuer) }
                                td data-label="Expires" { @if let Some(d) = c.details.expires_on { (d.format("%-d %B %Y")) } @else { "—" } }
                                td .status data-label="State" { (c.state.in_words())
                                    @if c.document.is_some() { br; span .muted { "Document attached" } } }
                            }
                        }
                    }
                }
            }
            div .narrow {
                h2 #add { "Add a credential" }
                (error_summary(errors))
                form method="post" action="/dashboard/credentials" novalidate {
                    (csrf_field(chrome))
                    (credential_fields(input, errors))
                    button type="submit" { "Add for verification" }
                }
            }
        },
    )
}

/// What one credential's page shows.
pub struct CredentialPage<'a> {
    pub credential: &'a CredentialView,
    /// The correction form as typed.
    pub input: &'a CredentialInput,
    pub errors: &'a FieldErrors,
    /// Why the last document was refused.
    pub document_errors: &'a FieldErrors,
    pub notice: Option<&'a Notice>,
}

/// The file types a credential's document may be.
const DOCUMENT_TYPES: &str = "application/pdf,image/jpeg,image/png";

/// One credential: its state, its document, and the correction form while it is not
/// verified.
pub fn credential_page(chrome: &Chrome, shown: &CredentialPage<'_>) -> Markup {
    let CredentialPage {
        credential,
        input,
        errors,
        document_errors,
        notice,
    } = shown;
    let verified = matches!(
        credential.state,
        CredentialState::Verified { .. } | CredentialState::Expired { .. }
    );
    page(
        &PageMeta {
            title: &credential.details.title,
            description: "A credential and its verification.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                p { a href="/dashboard/credentials" { "← All credentials" } }
                h1 { (credential.details.title) }
                @if let Some(notice) = notice { (notice) }
                p .status { (credential.state.in_words()) }
                section #credential-document {
                    h2 { "Document" }
                    p { "A scan or photo of the license or certificate helps the moderator check it. Only you and the moderators can open it; it is never shown on your profile." }
                    @if let Some(doc) = &credential.document {
                        p { a href={ "/dashboard/credentials/" (credential.id) "/document" } { "Open the attached document" }
                            " (" (doc.in_words()) ", uploaded " (Moment(doc.uploaded_at)) ")" }
                    } @else {
                        p { "No document attached." }
                    }
                    (error_summary(document_errors))
                    @if !verified {
                        form method="post" enctype="multipart/form-data" data-upload
                            action=(upload_action(&format!("/dashboard/uploads/credentials/{}", credential.id), chrome)) {
                            (file_input("document", if credential.document.is_some() { "Replace it with" } else { "Attach a document" }, DOCUMENT_TYPES, "A PDF, JPEG or PNG of at most 5 MB.", document_errors))
                            (upload_progress())
                            button type="submit" { "Attach and send for verification" }
                        }
                    }
                }
                @if verified {
                    p { "A verified credential cannot be edited, so what was checked stays as it was. If it changed, add it again for verification." }
                } @else {
                    h2 { "Correct it" }
                    (error_summary(errors))
                    form method="post" action={ "/dashboard/credentials/" (credential.id) } novalidate {
                        (csrf_field(chrome))
                        (credential_fields(input, errors))
                        button type="submit" { "Save and send for verification" }
                    }
                }
                form method="post" action={ "/dashboard/credentials/" (credential.id) "/withdraw" } {
                    (csrf_field(chrome))
                    button .link-button type="submit" { "Withdraw this credential" }
                }
            }
        },
    )
}
