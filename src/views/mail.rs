//! The messages the site sends: a subject, a plain-text part and a simple HTML part, made
//! from plain values like every other view. Every message is one [`Letter`]: a greeting,
//! a few paragraphs, at most one link to act on, and closing lines.

use maud::{DOCTYPE, html};

use crate::domain::notices::{Notice, Topic};
use crate::domain::outbox::Mail;
use crate::vocabulary::MailKind;

/// A message before it is written out as text and HTML.
struct Letter<'a> {
    to: &'a str,
    subject: String,
    kind: MailKind,
    name: &'a str,
    paragraphs: Vec<String>,
    /// The button (HTML) or bare link (text) to act on: label and absolute address.
    action: Option<(&'a str, &'a str)>,
    after: Vec<String>,
}

impl Letter<'_> {
    fn write(self) -> Mail {
        let mut text = format!("Hello {},\n\n", self.name);
        for paragraph in &self.paragraphs {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
        if let Some((label, link)) = self.action {
            text.push_str(&format!("{label}:\n{link}\n\n"));
        }
        for paragraph in &self.after {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
        text.push_str("Injectory\n");
        let html = html! {
            (DOCTYPE)
            html lang="en" {
                head { meta charset="utf-8"; title { (self.subject) } }
                body {
                    p { "Hello " (self.name) "," }
                    @for paragraph in &self.paragraphs { p { (paragraph) } }
                    @if let Some((label, link)) = self.action { p { a href=(link) { (label) } } }
                    @for paragraph in &self.after { p { (paragraph) } }
                    p { "Injectory" }
                }
            }
        }
        .into_string();
        Mail {
            to: self.to.to_owned(),
            subject: self.subject,
            text,
            html,
            kind: self.kind,
        }
    }
}

/// The password reset message, with the link to follow.
pub fn password_reset(to: &str, display_name: &str, link: &str) -> Mail {
    Letter {
        to,
        subject: "Reset your Injectory password".to_owned(),
        kind: MailKind::Security,
        name: display_name,
        paragraphs: vec![
            "Someone (we hope you) asked to reset the password of your Injectory account. To choose a new password, open this link within one hour.".to_owned(),
        ],
        action: Some(("Choose a new password", link)),
        after: vec![
            "The link works once. Setting a new password signs you out everywhere.".to_owned(),
            "If you did not ask for this, ignore this message: your password stays as it is."
                .to_owned(),
        ],
    }
    .write()
}

/// The message that confirms a new account's address.
pub fn confirm_email(to: &str, display_name: &str, link: &str) -> Mail {
    Letter {
        to,
        subject: "Confirm your email address for Injectory".to_owned(),
        kind: MailKind::Security,
        name: display_name,
        paragraphs: vec![
            "Thank you for registering with Injectory. Please confirm that this address is yours. Until you do, you can browse but cannot write reviews, upload photos or list a profile.".to_owned(),
        ],
        action: Some(("Confirm my email address", link)),
        after: vec![
            "The link works for three days. If you did not register, ignore this message and no account will be usable with this address.".to_owned(),
        ],
    }
    .write()
}

/// The note to the owner of an address someone tried to register again.
pub fn already_registered(to: &str, display_name: &str, login: &str, forgot: &str) -> Mail {
    Letter {
        to,
        subject: "Someone tried to register with your address".to_owned(),
        kind: MailKind::Security,
        name: display_name,
        paragraphs: vec![
            "Someone tried to register a new Injectory account with this email address. It already has an account, so nothing was created and nothing changed.".to_owned(),
            format!("If it was you, log in instead: {login}"),
        ],
        action: Some(("Forgot your password? Choose a new one", forgot)),
        after: vec![
            "If it was not you, you can ignore this message: your account is as it was."
                .to_owned(),
        ],
    }
    .write()
}

/// A practitioner's invitation to review them, sent to a patient on their behalf.
pub fn review_invite(to: &str, practitioner: &str, link: &str, expires: &str) -> Mail {
    Letter {
        to,
        subject: format!("{practitioner} invites you to review your treatment"),
        kind: MailKind::Notice,
        name: "there",
        paragraphs: vec![
            format!("{practitioner} asked Injectory to send you this link so you can review your treatment. Reviews written through it carry a “Verified patient” mark. A moderator reads every review before it is public."),
        ],
        action: Some(("Write your review", link)),
        after: vec![
            format!("The link works once, until {expires}. If you were not treated by {practitioner}, ignore this message."),
        ],
    }
    .write()
}

/// The first sentence and subject of a notice.
fn headline(notice: &Notice) -> (String, String) {
    let about = &notice.about;
    match notice.topic {
        Topic::ReviewApproved => (
            format!("Your review of {about} is published"),
            format!("A moderator approved your review of {about}. It is now public on their profile."),
        ),
        Topic::ReviewRejected => (
            format!("Your review of {about} was not published"),
            format!("A moderator decided not to publish your review of {about}."),
        ),
        Topic::ChangesRequested => (
            format!("Your review of {about} needs changes"),
            format!("A moderator asks you to change your review of {about} before it can be published."),
        ),
        Topic::ReviewRemoved => (
            format!("Your review of {about} was removed"),
            format!("A moderator removed your review of {about}; it is no longer public."),
        ),
        Topic::AppealGranted => (
            format!("Your appeal about your review of {about} was granted"),
            format!("A second moderator looked at your appeal and reversed the decision on your review of {about}."),
        ),
        Topic::AppealRefused => (
            format!("Your appeal about your review of {about} was refused"),
            format!("A second moderator looked at your appeal and kept the decision on your review of {about}. This decision is final."),
        ),
        Topic::ReviewPublished => (
            "A new review of you is published".to_owned(),
            "A moderator approved a patient's review of you; it is now public on your profile. You can reply to it once from your dashboard.".to_owned(),
        ),
        Topic::CredentialVerified => (
            format!("Your credential “{about}” is verified"),
            format!("A moderator checked your credential “{about}” and marked it verified. It now counts towards your verified badge."),
        ),
        Topic::CredentialRejected => (
            format!("Your credential “{about}” could not be verified"),
            format!("A moderator could not verify your credential “{about}”. You can correct it and send it again."),
        ),
        Topic::CredentialExpiring => (
            format!("Your credential “{about}” expires soon"),
            match notice.expires_on {
                Some(day) => format!("Your verified credential “{about}” expires on {}. Add the renewed one before then so your profile stays verified.", day.format("%-d %B %Y")),
                None => format!("Your verified credential “{about}” expires soon. Add the renewed one so your profile stays verified."),
            },
        ),
        Topic::PhotoApproved => (
            "Your before/after photos are published".to_owned(),
            "A moderator approved your before/after pair; it is now in your public gallery.".to_owned(),
        ),
        Topic::PhotoRejected => (
            "Your before/after photos were not published".to_owned(),
            "A moderator decided not to publish one of your before/after pairs.".to_owned(),
        ),
        Topic::HeadshotApproved => (
            "Your profile photo is published".to_owned(),
            "A moderator approved your profile photo; patients see it now.".to_owned(),
        ),
        Topic::HeadshotRejected => (
            "Your profile photo was not published".to_owned(),
            "A moderator decided not to publish your profile photo.".to_owned(),
        ),
        Topic::ReplyRemoved => (
            "Your reply to a review was removed".to_owned(),
            "A moderator upheld a report about one of your replies to a review and removed it.".to_owned(),
        ),
    }
}

/// What the recipient can do next, as the link's label.
fn action_label(topic: Topic) -> &'static str {
    match topic {
        Topic::ChangesRequested => "Change your review",
        Topic::ReviewRejected | Topic::ReviewRemoved => "See your reviews and appeal",
        Topic::ReviewApproved | Topic::AppealGranted | Topic::AppealRefused => "See your reviews",
        Topic::ReviewPublished | Topic::ReplyRemoved => "See your reviews",
        Topic::CredentialVerified | Topic::CredentialRejected | Topic::CredentialExpiring => {
            "See your credentials"
        }
        Topic::PhotoApproved
        | Topic::PhotoRejected
        | Topic::HeadshotApproved
        | Topic::HeadshotRejected => "See your gallery",
    }
}

/// A notice written out. `link` is the absolute address of the page where the recipient
/// acts, `stop` the absolute address of their link to stop these notices.
pub fn notice(to: &str, notice: &Notice, link: &str, stop: &str) -> Mail {
    let (subject, lead) = headline(notice);
    let mut paragraphs = vec![lead];
    if let Some(reason) = &notice.reason {
        paragraphs.push(format!("Reason: {reason}."));
    }
    if let Some(note) = &notice.note {
        paragraphs.push(format!("The moderator's note: {note}"));
    }
    Letter {
        to,
        subject,
        kind: MailKind::Notice,
        name: &notice.name,
        paragraphs,
        action: Some((action_label(notice.topic), link)),
        after: vec![format!(
            "You get these notices because you have an Injectory account. To stop them, open {stop} (mail about your password and address is always sent)."
        )],
    }
    .write()
}
