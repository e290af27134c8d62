//! Registration, sign-in, the account page and the password change form.

use maud::{Markup, html};

use crate::domain::validation::FieldErrors;
use crate::views::forms::{Input, csrf_field, error_summary, select};
use crate::views::layout::{Chrome, PageMeta, page};
use crate::vocabulary::{Profession, Role};

/// What the registration form keeps between attempts (never the password).
#[derive(Clone, Debug, Default)]
pub struct RegisterValues {
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub profession: String,
    /// Where to go once registered (a path on this site), as sign-in has it.
    pub next: Option<String>,
}

impl RegisterValues {
    /// What a refused registration shows again: no password, and nothing oversized.
    pub fn shown_again(form: &crate::domain::registration::Registration) -> Self {
        use crate::domain::validation::clipped;
        Self {
            display_name: clipped(&form.display_name, 200),
            email: clipped(&form.email, 320),
            role: clipped(&form.role, 20),
            profession: clipped(&form.profession, 40),
            next: None,
        }
    }
}

fn password_input<'a>(
    name: &'a str,
    label: &'a str,
    autocomplete: &'a str,
    hint: Option<&'a str>,
) -> Input<'a> {
    Input {
        name,
        label,
        kind: "password",
        value: "",
        autocomplete,
        required: true,
        hint,
    }
}

const NEW_PASSWORD_HINT: &str =
    "At least 10 characters. A phrase of a few unrelated words is strong and easy to remember.";

/// The registration form.
pub fn register_page(chrome: &Chrome, values: &RegisterValues, errors: &FieldErrors) -> Markup {
    let mut professions = vec![("", "Choose (practitioners only)")];
    professions.extend(Profession::ALL.iter().map(|p| (p.as_str(), p.label())));
    let role = if values.role.is_empty() {
        "patient"
    } else {
        values.role.as_str()
    };
    page(
        &PageMeta {
            title: "Create an account",
            description: "Create an Injectory account to review your injector or to manage your practitioner profile.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Create an account" }
                (error_summary(errors))
                form .register-form method="post" action="/register" novalidate {
                    (csrf_field(chrome))
                    @if let Some(next) = &values.next { input type="hidden" name="next" value=(next); }
                    fieldset .field .invalid[errors.get("role").is_some()] id="role" {
                        legend { "I am" }
                        @if let Some(message) = errors.get("role") { p .field-error { (message) } }
                        label .check { input type="radio" name="role" value="patient" checked[role == "patient"]; " a patient, or thinking about treatment" }
                        label .check { input type="radio" name="role" value="practitioner" checked[role == "practitioner"]; " a practitioner who wants a profile" }
                    }
                    (Input { name: "display_name", label: "Your name", kind: "text", value: &values.display_name,
                        autocomplete: "name", required: true,
                        hint: Some("Practitioners: your professional name, as patients will see it. Patients: shown with your reviews; a first name is fine.") }
                        .render(errors))
                    (Input { name: "email", label: "Email", kind: "email", value: &values.email,
                        autocomplete: "email", required: true, hint: None }.render(errors))
                    (password_input("password", "Password", "new-password", Some(NEW_PASSWORD_HINT)).render(errors))
                    // Shown only when "a practitioner" is chosen (by the stylesheet; without it, the
                    // field says it is for practitioners only).
                    div .practitioner-only { (select("profession", "Profession", &professions, &values.profession, errors)) }
                    button type="submit" { "Create account" }
                }
                p { "Already registered? " a href=(carrying_next("/login", values.next.as_deref())) { "Log in" } }
            }
        },
    )
}

/// `path` with the page to return to afterwards, so moving between the sign-in and the
/// registration forms keeps where the visitor was going.
fn carrying_next(path: &str, next: Option<&str>) -> String {
    match next {
        Some(next) => format!(
            "{path}?{}",
            serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
        ),
        None => path.to_owned(),
    }
}

/// What the sign-in form keeps between attempts.
#[derive(Clone, Debug, Default)]
pub struct LoginValues {
    pub email: String,
    pub next: Option<String>,
    /// The visitor has just set a new password through a reset link.
    pub password_reset: bool,
    /// The visitor has just confirmed their address through the mailed link.
    pub email_confirmed: bool,
}

/// The sign-in form; `problem` is the one message shown for any refusal.
pub fn login_page(chrome: &Chrome, values: &LoginValues, problem: Option<&str>) -> Markup {
    let mut errors = FieldErrors::default();
    if let Some(problem) = problem {
        errors.add("email", problem);
    }
    page(
        &PageMeta {
            title: "Log in",
            description: "Log in to Injectory.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Log in" }
                @if let Some(account) = &chrome.account {
                    p .notice { "You are signed in as " (account.display_name) ". Logging in again switches account." }
                }
                @if values.password_reset {
                    p .notice role="status" { "Your new password is set and every device was signed out. Log in with the new password." }
                }
                @if values.email_confirmed {
                    p .notice role="status" { "Your email address is confirmed. Log in to continue." }
                }
                (error_summary(&errors))
                form method="post" action="/login" novalidate {
                    (csrf_field(chrome))
                    @if let Some(next) = &values.next { input type="hidden" name="next" value=(next); }
                    (Input { name: "email", label: "Email", kind: "email", value: &values.email,
                        autocomplete: "username", required: true, hint: None }.render(&errors))
                    (password_input("password", "Password", "current-password", None).render(&FieldErrors::default()))
                    button type="submit" { "Log in" }
                }
                p { a href="/password/forgot" { "Forgot your password?" } }
                p { "New here? " a href=(carrying_next("/register", values.next.as_deref())) { "Create an account" } }
            }
        },
    )
}

/// The form that asks for a reset link; `sent` once it was sent (the same words whether or
/// not the address has an account).
pub fn forgot_password_page(
    chrome: &Chrome,
    email: &str,
    errors: &FieldErrors,
    sent: bool,
) -> Markup {
    page(
        &PageMeta {
            title: "Forgot your password",
            description: "Get a link to choose a new password.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Forgot your password" }
                @if sent {
                    p .notice role="status" { "If an account uses that address, we have sent it a link to choose a new password. The link works for one hour. Check your spam folder if it does not arrive in a few minutes." }
                    p { a href="/login" { "Back to log in" } }
                } @else {
                    p { "Enter the email address of your account and we will send you a link to choose a new password." }
                    (error_summary(errors))
                    form method="post" action="/password/forgot" novalidate {
                        (csrf_field(chrome))
                        (Input { name: "email", label: "Email", kind: "email", value: email,
                            autocomplete: "username", required: true, hint: None }.render(errors))
                        button type="submit" { "Send the link" }
                    }
                }
            }
        },
    )
}

/// The form that sets a new password through a reset link.
pub fn reset_password_page(chrome: &Chrome, action: &str, errors: &FieldErrors) -> Markup {
    page(
        &PageMeta {
            title: "Choose a new password",
            description: "Choose a new password for your account.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Choose a new password" }
                p { "Setting a new password signs you out on every device." }
                (error_summary(errors))
                form method="post" action=(action) novalidate {
                    (csrf_field(chrome))
                    (password_input("new_password", "New password", "new-password", Some(NEW_PASSWORD_HINT)).render(errors))
                    (password_input("confirm_password", "New password again", "new-password", None).render(errors))
                    button type="submit" { "Set the new password" }
                }
            }
        },
    )
}

/// A reset link that cannot be used, and why.
pub fn reset_refused_page(chrome: &Chrome, why: &str) -> Markup {
    page(
        &PageMeta {
            title: "This link cannot be used",
            description: "A password reset link that cannot be used.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "This link cannot be used" }
                p { (why) }
                p { a .button href="/password/forgot" { "Ask for a new link" } }
            }
        },
    )
}

/// The signed-in visitor's account page.
/// The account page; `notices_on` is whether the account gets optional notices.
pub fn account_page(chrome: &Chrome, notice: Option<&str>, notices_on: bool) -> Markup {
    page(
        &PageMeta {
            title: "Your account",
            description: "Your Injectory account.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Your account" }
                @if let Some(notice) = notice { p .notice role="status" { (notice) } }
                @if let Some(account) = &chrome.account {
                    dl .facts {
                        dt { "Name" } dd { (account.display_name) }
                        dt { "Email" } dd {
                            (account.email)
                            @if account.email_confirmed { " (confirmed)" } @else { " (not confirmed yet)" }
                        }
                        dt { "Account type" } dd { (account.role.label()) }
                    }
                    @if !account.email_confirmed {
                        (crate::views::email::confirm_first(chrome, "Follow the link we sent to your address to confirm it. Until then you cannot write reviews, upload photos or list a profile."))
                    }
                    section #notices aria-labelledby="notices-title" {
                        h2 #notices-title { "Email notices" }
                        p { "We tell you by email when a moderator decides on your reviews, credentials or photos, and when a review of you is published. Mail about your password and your address is always sent." }
                        form method="post" action="/account/notices" {
                            (csrf_field(chrome))
                            div .field {
                                label {
                                    input type="checkbox" name="notices" value="on" checked[notices_on];
                                    " Email me these notices"
                                }
                            }
                            button type="submit" { "Save" }
                        }
                    }
                    ul {
                        @match account.role {
                            Role::Practitioner => li { a href="/dashboard" { "Your practitioner dashboard" } },
                            Role::Moderator | Role::Admin => li { a href="/moderation" { "Moderation queues" } },
                            Role::Patient => li { a href="/me/reviews" { "Your reviews" } },
                        }
                        li { a href="/account/password" { "Change your password" } }
                    }
                }
            }
        },
    )
}

/// The password change form.
pub fn password_page(chrome: &Chrome, errors: &FieldErrors) -> Markup {
    page(
        &PageMeta {
            title: "Change your password",
            description: "Change your Injectory password.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            div .narrow {
                h1 { "Change your password" }
                p { "Changing your password signs you out everywhere else." }
                (error_summary(errors))
                form method="post" action="/account/password" novalidate {
                    (csrf_field(chrome))
                    (password_input("current_password", "Current password", "current-password", None).render(errors))
                    (password_input("new_password", "New password", "new-password", Some(NEW_PASSWORD_HINT)).render(errors))
                    (password_input("confirm_password", "New password again", "new-password", None).render(errors))
                    button type="submit" { "Change password" }
                }
            }
        },
    )
}
