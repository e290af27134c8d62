//! Credentials waiting to be checked with the body that issued them.

use maud::{Markup, html};

use crate::domain::moderation::queues::{CredentialQueueItem, QueuePage};
use crate::views::components::{Moment, Notice};
use crate::views::forms::csrf_field;
use crate::views::layout::Chrome;
use crate::views::moderation::{frame, queue_pages};
use crate::vocabulary::CredentialRejection;

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(
        || "not given".to_owned(),
        |d| d.format("%-d %B %Y").to_string(),
    )
}

fn item(chrome: &Chrome, item: &CredentialQueueItem, today: chrono::NaiveDate) -> Markup {
    let base = format!("/moderation/credentials/{}", item.credential_id);
    let id = item.credential_id;
    let c = &item.details;
    html! {
        article .card .queue-item id={ "credential-" (id) } {
            h2 .h3 { (c.title) " · "
                @if item.published { a href={ "/practitioners/" (item.practitioner_slug) } { (item.practitioner_name) } } @else { (item.practitioner_name) " (draft profile)" } }
            dl .facts {
                dt { "Kind" } dd { (c.kind.label()) }
                dt { "Issued by" } dd { (c.issuer) }
                dt { "Number" } dd { @if c.number.is_empty() { "not given" } @else { (c.number) } }
                dt { "Region" } dd { @if c.region.is_empty() { "not given" } @else { (c.region) } }
                dt { "Issued on" } dd { (date(c.issued_on)) }
                dt { "Expires on" } dd { (date(c.expires_on)) }
                dt { "Submitted" } dd { (Moment(item.submitted_at)) }
                dt { "Document" } dd {
                    @if let Some(doc) = &item.document {
                        a href={ (base) "/document" } { "Open the document" } " (" (doc.in_words()) ", uploaded " (Moment(doc.uploaded_at)) ")"
                    } @else { "none attached" }
                }
            }
            @if item.own {
                p .warning { "This is your own profile's credential, so another moderator must check it." }
            } @else {
                details {
                    summary { "Verify" }
                    form method="post" action={ (base) "/verify" } {
                        (csrf_field(chrome))
                        div .field {
                            label for={ "source-" (id) } { "Source checked: the board's lookup address, or what you checked" }
                            input type="text" id={ "source-" (id) } name="source" required;
                        }
                        div .field {
                            label for={ "checked-on-" (id) } { "Day you checked" }
                            input type="date" id={ "checked-on-" (id) } name="checked_on" value=(today) max=(today) required;
                        }
                        button type="submit" { "Verify" }
                    }
                }
                details {
                    summary { "Reject" }
                    form method="post" action={ (base) "/reject" } {
                        (csrf_field(chrome))
                        div .field {
                            label for={ "credential-reason-" (id) } { "Reason (the practitioner sees it)" }
                            select id={ "credential-reason-" (id) } name="reason" required {
                                option value="" { "Choose" }
                                @for r in CredentialRejection::ALL { option value=(r.as_str()) { (r.label()) } }
                            }
                        }
                        button type="submit" { "Reject" }
                    }
                }
            }
        }
    }
}

/// Pending credentials, oldest first.
pub fn queue_page(
    chrome: &Chrome,
    queue: &QueuePage<CredentialQueueItem>,
    today: chrono::NaiveDate,
    notice: Option<&Notice>,
) -> Markup {
    frame(
        chrome,
        "Credentials waiting to be checked",
        notice,
        html! {
            p { "Check each credential with the body that issued it, and record what you checked. A verified license or board certification gives the practitioner the verified badge until it expires." }
            (queue_pages("/moderation/credentials", queue.total, queue.page, queue.pages))
            @if queue.items.is_empty() { p .empty { "No credential is waiting." } }
            @for c in &queue.items { (item(chrome, c, today)) }
        },
    )
}
