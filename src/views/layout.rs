//! The frame every page shares: head, header with navigation, main, footer.

use maud::{DOCTYPE, Markup, html};

use crate::views::assets;

/// What a page says about itself in its head.
pub struct PageMeta<'a> {
    /// Shown in the tab and in search results; " · Injectory" is appended.
    pub title: &'a str,
    pub description: &'a str,
}

/// Wraps a page body in the site layout.
pub fn page(meta: &PageMeta<'_>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (meta.title) " · Injectory" }
                meta name="description" content=(meta.description);
                link rel="stylesheet" href=(assets::stylesheet_href());
            }
            body {
                a .skip-link href="#main" { "Skip to content" }
                header .site-header {
                    div .wrap {
                        a .brand href="/" { "Injectory" }
                        nav aria-label="Main" {
                            ul {
                                li { a href="/practitioners" { "Find an injector" } }
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
                        p .small { "Nothing here is medical advice. In an emergency, call your local emergency number." }
                    }
                }
            }
        }
    }
}
