//! The pages around mail: "check your inbox" after registering, confirming an address,
//! the box that explains why an unconfirmed account cannot do something (with a button to
//! send the link again), and stopping notices from a link in one.

use maud::{Markup, html};

use crate::views::forms::csrf_field;
use crate::views::layout::{Chrome, PageMeta, page};

fn narrow_page(chrome: &Chrome, title: &str, body: Markup) -> Markup {
    page(
        &PageMeta {
            title,
            description: title,
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! { div .narrow { h1 { (title) } (body) } },
    )
}

/// After registering: the same page whether the address was new or already had an account.
pub fn registration_sent_page(chrome: &Chrome, login: &str) -> Markup {
    narrow_page(
        chrome,
        "Check your inbox",
        html! {
            p .notice role="status" { "We have sent a message to the address you gave. Follow the link in it to confirm your address; then log in." }
            p { "Until your address is confirmed you can browse and sign in, but not write reviews, upload photos or list a profile. The link works for three days." }
            p { "No message after a few minutes? Check your spam folder. If the address already has an account, the message tells you how to log in or reset your password." }
            p { a .button href=(login) { "Log in" } }
        },
    )
}

/// The page a confirmation link opens: one button, so a mail scanner that opens the link
/// does not confirm the address for the person.
pub fn confirm_page(chrome: &Chrome, action: &str) -> Markup {
    narrow_page(
        chrome,
        "Confirm your email address",
        html! {
            p { "Press the button to confirm that this address is yours." }
            form method="post" action=(action) {
                (csrf_field(chrome))
                button type="submit" { "Confirm my email address" }
            }
        },
    )
}

/// A confirmation link that cannot be used, and why.
pub fn confirm_refused_page(chrome: &Chrome, why: &str) -> Markup {
    narrow_page(
        chrome,
        "This link cannot be used",
        html! {
            p { (why) }
            p { a .button href="/account" { "Your account" } }
        },
    )
}

/// The button that sends the confirmation link again.
pub fn resend_form(chrome: &Chrome) -> Markup {
    html! {
        form method="post" action="/account/confirm" {
            (csrf_field(chrome))
            button type="submit" { "Send the link again" }
        }
    }
}

/// Why an unconfirmed account cannot do something here, with a button that sends the
/// confirmation link again. Shown in place of the form it cannot use.
pub fn confirm_first(chrome: &Chrome, why: &str) -> Markup {
    html! {
        section .notice .confirm-first aria-labelledby="confirm-first-title" {
            h2 #confirm-first-title { "Confirm your email address first" }
            p { (why) }
            (resend_form(chrome))
        }
    }
}

/// The page an unconfirmed account gets when it sends a form it may not use yet.
pub fn confirm_first_page(chrome: &Chrome, why: &str) -> Markup {
    narrow_page(
        chrome,
        "Confirm your email address first",
        html! { p { (why) } (resend_form(chrome)) },
    )
}

/// The page a "stop these notices" link opens: who it is for, and one button.
pub fn stop_notices_page(chrome: &Chrome, email: &str, action: &str) -> Markup {
    narrow_page(
        chrome,
        "Stop email notices",
        html! {
            p { "Stop the optional notices sent to " strong { (email) } " (about reviews, credentials and photos). Mail about your password and your address is still sent." }
            form method="post" action=(action) {
                (csrf_field(chrome))
                button type="submit" { "Stop notices" }
            }
            p { "You can turn them on again on your account page." }
        },
    )
}

/// After stopping notices, or for a link that no longer works.
pub fn notices_stopped_page(chrome: &Chrome, stopped: bool) -> Markup {
    narrow_page(
        chrome,
        if stopped {
            "Notices stopped"
        } else {
            "This link cannot be used"
        },
        html! {
            @if stopped {
                p .notice role="status" { "You will get no more optional notices. Mail about your password and your address is still sent. You can turn notices on again on your account page." }
            } @else {
                p { "This link is not valid or has expired. Sign in and change the setting on your account page." }
            }
            p { a .button href="/account" { "Your account" } }
        },
    )
}
