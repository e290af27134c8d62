//! The practitioner's invites: make one, see each one's state, revoke an open one.

use maud::{Markup, html};

use crate::domain::invites::{INVITE_DAYS, InviteInput, InviteState, MAX_NOTE_CHARS, OwnInvite};
use crate::domain::validation::FieldErrors;
use crate::views::components::{Moment, Notice};
use crate::views::forms::{Input, csrf_field, error_summary, text_input};
use crate::views::layout::{Chrome, PageMeta, page};

/// What the invites page shows.
pub struct InvitesPage<'a> {
    pub invites: &'a [OwnInvite],
    pub input: &'a InviteInput,
    pub errors: &'a FieldErrors,
    /// The link of an invite just made: shown this once.
    pub new_link: Option<&'a str>,
    pub notice: Option<&'a Notice>,
}

/// The invites page.
pub fn invites_page(chrome: &Chrome, shown: &InvitesPage<'_>) -> Markup {
    let InvitesPage {
        invites,
        input,
        errors,
        new_link,
        notice,
    } = shown;
    page(
        &PageMeta {
            title: "Invite a patient to review you",
            description: "Invite links for your patients.",
            no_index: true,
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Invite a patient to review you" }
            @if let Some(notice) = notice { (notice) }
            p { "Send an invite link to a patient you treated. Their review carries the “Verified patient” mark; a moderator still reads it before it is published, and they are free to write what they think. Each link works once, for " (INVITE_DAYS) " days, and you can revoke it until it is used." }
            @if let Some(link) = new_link {
                div .notice role="status" {
                    p { strong { "Your invite link:" } }
                    p { input .copy-link type="text" readonly value=(link) aria-label="Invite link"; }
                    p .small { "Copy it now if you want to send it yourself (by email or text message). For their security it is not shown again: only a fingerprint of it is kept." }
                }
            }
            div .narrow {
                h2 { "New invite" }
                (error_summary(errors))
                form method="post" action="/dashboard/invites" novalidate {
                    (csrf_field(chrome))
                    (text_input("treatment_on", "Day of the treatment (YYYY-MM-DD, optional)", &input.treatment_on, errors))
                    (text_input("note", &format!("Private note to recognise it by (optional, up to {MAX_NOTE_CHARS} characters; never shown to anyone else)"), &input.note, errors))
                    (Input { name: "email", label: "Patient's email address (optional: we email them the link for you)", kind: "email", value: &input.email,
                        autocomplete: "off", required: false, hint: None }.render(errors))
                    button type="submit" { "Make an invite link" }
                }
            }
            h2 { "Your invites" }
            @if invites.is_empty() {
                p .empty { "You have not made any invites yet." }
            } @else {
                table .list .stack {
                    thead { tr { th { "Made" } th { "Treatment" } th { "Note" } th { "State" } th { span .visually-hidden { "Action" } } } }
                    tbody {
                        @for invite in *invites {
                            tr id={ "invite-" (invite.id) } {
                                td { (Moment(invite.created_at)) }
                                td { @if let Some(d) = invite.treatment_on { (d.format("%-d %B %Y")) } @else { "—" } }
                                td { (invite.note) }
                                td .status {
                                    (invite.state.label())
                                    @match invite.state {
                                        InviteState::Open => { br; span .small .muted { "until " (Moment(invite.expires_at)) } }
                                        InviteState::Used => @if let Some(at) = invite.used_at { br; span .small .muted { (Moment(at)) } },
                                        _ => {}
                                    }
                                }
                                td {
                                    @if invite.state == InviteState::Open {
                                        form .inline method="post" action={ "/dashboard/invites/" (invite.id) "/revoke" } {
                                            (csrf_field(chrome))
                                            button .link-button type="submit" { "Revoke" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
