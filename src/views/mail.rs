//! The messages the site sends: a subject, a plain-text part and a simple HTML part, made
//! from plain values like every other view.

use maud::{DOCTYPE, html};

use crate::domain::outbox::Mail;
use crate::vocabulary::MailKind;

/// The password reset message, with the link to follow.
pub fn password_reset(to: &str, display_name: &str, link: &str) -> Mail {
    let subject = "Reset your Injectory password".to_owned();
    let text = format!(
        "Hello {display_name},\n\n\
         Someone (we hope you) asked to reset the password of your Injectory account. To choose a new password, open this link within one hour:\n\n\
         {link}\n\n\
         The link works once. Setting a new password signs you out everywhere.\n\n\
         If you did not ask for this, ignore this message: your password stays as it is.\n\n\
         Injectory\n"
    );
    let html = html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { (subject) } }
            body {
                p { "Hello " (display_name) "," }
                p { "Someone (we hope you) asked to reset the password of your Injectory account. To choose a new password, open this link within one hour:" }
                p { a href=(link) { "Choose a new password" } }
                p { "The link works once. Setting a new password signs you out everywhere." }
                p { "If you did not ask for this, ignore this message: your password stays as it is." }
                p { "Injectory" }
            }
        }
    }
    .into_string();
    Mail {
        to: to.to_owned(),
        subject,
        text,
        html,
        kind: MailKind::Security,
    }
}
