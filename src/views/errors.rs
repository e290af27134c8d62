//! Error pages: a status, a sentence, a way back. Never internals.

use axum::http::StatusCode;
use maud::{Markup, html};

use crate::views::layout::{Chrome, PageMeta, page};

/// The sentence shown for a status when the error carries none of its own.
pub fn default_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The request could not be understood. Check the address or the form and try again.",
        403 => "You do not have permission to do that.",
        404 => {
            "We could not find that page. It may have moved, or the practitioner may no longer be listed."
        }
        405 => "That page cannot be used that way.",
        408 => "That took too long to answer. Please try again.",
        413 => "That upload is too large. Please choose a smaller file.",
        422 => "Some of what was sent could not be used. Please check it and try again.",
        429 => "Too many requests. Please wait a moment and try again.",
        503 => {
            "The directory is unavailable for a moment. Nothing was half-saved; please try again in a few seconds."
        }
        _ if status.is_server_error() => {
            "Something went wrong on our side. It has been logged; please try again."
        }
        _ => "That request could not be completed.",
    }
}

/// A whole error page for `status` saying `message`, with the visitor's header when it is
/// known (`chrome`).
pub fn error_page(status: StatusCode, message: &str, chrome: Option<&Chrome>) -> Markup {
    let heading = status.canonical_reason().unwrap_or("Error");
    let title = format!("{} {}", status.as_u16(), heading);
    page(
        &PageMeta {
            title: &title,
            description: message,
            no_index: true,
            ..Default::default()
        },
        chrome,
        html! {
            section .error-page {
                h1 { (title) }
                p { (message) }
                p { a href="/" { "Go to the home page" } " or " a href="/practitioners" { "browse the directory" } "." }
            }
        },
    )
}
