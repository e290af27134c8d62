//! The frame every page shares: head, header with navigation, main, footer.

use maud::{DOCTYPE, Markup, html};

use crate::views::assets;
use crate::views::forms::csrf_field;
use crate::views::trust::TRUST_PAGES;
use crate::vocabulary::Role;

/// What the frame of a page needs to know about the visitor, as `web` hands it over: who is
/// signed in, and the CSRF token the page's forms carry (none for an anonymous page without
/// a form).
#[derive(Clone, Debug, Default)]
pub struct Chrome {
    pub account: Option<ChromeAccount>,
    pub csrf_token: Option<String>,
}

/// The signed-in account, as the header and account pages show it.
#[derive(Clone, Debug)]
pub struct ChromeAccount {
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// Whether the account's address is confirmed.
    pub email_confirmed: bool,
}

/// What a page says about itself in its head.
#[derive(Default)]
pub struct PageMeta<'a> {
    /// Shown in the tab and in search results; " · Injectory" is appended.
    pub title: &'a str,
    pub description: &'a str,
    /// The page's one address (absolute), for search engines and sharing.
    pub canonical: Option<String>,
    /// Extra head elements: Open Graph tags, structured data.
    pub head: Option<Markup>,
    /// Pages that must not be indexed (forms, members' pages, errors).
    pub no_index: bool,
}

/// The header's account corner: who is signed in with a sign-out button, or the links to
/// sign in and register. Error pages, which do not know the visitor, show neither.
fn account_nav(chrome: Option<&Chrome>) -> Markup {
    let Some(chrome) = chrome else {
        return html! {};
    };
    html! {
        @match &chrome.account {
            Some(account) => {
                @match account.role {
                    Role::Practitioner => li { a href="/dashboard" { "Dashboard" } },
                    Role::Moderator | Role::Admin => li { a href="/moderation" { "Moderation" } },
                    Role::Patient => li { a href="/me/reviews" { "My reviews" } },
                }
                li .signed-in { "Signed in as " a href="/account" { (account.display_name) } }
                li {
                    form .inline method="post" action="/logout" {
                        (csrf_field(chrome))
                        button .link-button type="submit" { "Log out" }
                    }
                }
            }
            None => {
                li { a href="/login" { "Log in" } }
                li { a href="/register" { "Register" } }
            }
        }
    }
}

/// Wraps a page body in the site layout; `chrome` decides the header's account links.
pub fn page(meta: &PageMeta<'_>, chrome: Option<&Chrome>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (meta.title) " · Injectory" }
                meta name="description" content=(meta.description);
                @if let Some(canonical) = &meta.canonical { link rel="canonical" href=(canonical); }
                @if meta.no_index { meta name="robots" content="noindex"; }
                @if let Some(head) = &meta.head { (head) }
                link rel="stylesheet" href=(assets::stylesheet_href());
                link rel="icon" type="image/svg+xml" href=(assets::ICON.href());
            }
            body {
                a .skip-link href="#main" { "Skip to content" }
                header .site-header {
                    div .wrap {
                        a .brand href="/" { "Injectory" }
                        nav aria-label="Main" {
                            ul {
                                li { a href="/practitioners" { "Find an injector" } }
                                li { a href="/guide" { "Patient guide" } }
                                (account_nav(chrome))
                            }
                        }
                    }
                }
                main #main .wrap tabindex="-1" {
                    (body)
                }
                footer .site-footer {
                    div .wrap {
                        p {
                            "Injectory lists injectors for lip flips, gummy-smile correction and lip filler. "
                            "Credentials marked verified were checked by our moderators against the issuing body; "
                            "reviews appear only after moderation."
                        }
                        nav aria-label="About this site" {
                            ul .footer-links {
                                @for p in TRUST_PAGES { li { a href=(p.path) { (p.title) } } }
                                li { a href="/transparency" { "Moderation in figures" } }
                                li { a href="/guide" { "Patient guide" } }
                            }
                        }
                        p .small { "Nothing here is medical advice. In an emergency, call your local emergency number." }
                    }
                }
            }
        }
    }
}
