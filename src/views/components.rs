//! Small pieces repeated across pages, each an `impl Render`.

use maud::{Markup, Render, html};

/// A star rating with its average in words, e.g. "4.7 out of 5 (23 reviews)".
pub struct RatingSummary {
    pub average: Option<f64>,
    pub count: i32,
}

impl Render for RatingSummary {
    fn render(&self) -> Markup {
        match self.average {
            None => html! { span .rating .rating-none { "No approved reviews yet" } },
            Some(average) => {
                let rounded = (average * 2.0).round() / 2.0;
                let full = rounded.floor() as usize;
                let half = rounded - rounded.floor() >= 0.5;
                let stars: String = "★".repeat(full) + if half { "½" } else { "" };
                html! {
                    span .rating {
                        span .stars aria-hidden="true" { (stars) }
                        " "
                        strong { (format!("{average:.1}")) }
                        " out of 5 "
                        span .muted { "(" (self.count) " " (plural(self.count as i64, "review", "reviews")) ")" }
                    }
                }
            }
        }
    }
}

/// The badge a practitioner earns with a verified, unexpired license or board certification.
pub struct VerifiedBadge(pub bool);

impl Render for VerifiedBadge {
    fn render(&self) -> Markup {
        if self.0 {
            html! { span .badge .badge-verified title="A moderator checked this practitioner's license with the issuing body" { "✓ Verified license" } }
        } else {
            html! { span .badge .badge-unverified { "License not verified" } }
        }
    }
}

/// An amount of money stored in cents, shown in whole dollars when it has no cents.
pub struct Money(pub i32);

impl Render for Money {
    fn render(&self) -> Markup {
        let dollars = self.0 / 100;
        let cents = self.0 % 100;
        html! {
            @if cents == 0 { "$" (dollars) } @else { "$" (dollars) "." (format!("{cents:02}")) }
        }
    }
}

/// Previous/next links for a paginated listing whose other query parameters are `base_query`.
pub struct Pagination<'a> {
    pub path: &'a str,
    pub base_query: &'a str,
    pub page: u64,
    pub pages: u64,
    /// More pages exist past `pages` (their number was not counted).
    pub more: bool,
}

/// [`Pagination`] with a page parameter other than `page`.
pub struct NamedPagination<'a>(Pagination<'a>, &'a str);

impl<'a> Pagination<'a> {
    /// Uses `param` instead of `page` in the links.
    pub fn with_param(self, param: &'a str) -> NamedPagination<'a> {
        NamedPagination(self, param)
    }

    fn href(&self, page: u64, param: &str) -> String {
        let separator = if self.base_query.is_empty() { "" } else { "&" };
        format!(
            "{}?{}{}{param}={}",
            self.path, self.base_query, separator, page
        )
    }

    /// The page numbers to link: the first, the last and two either side of the current
    /// one, with `None` where pages are skipped.
    fn numbers(&self) -> Vec<Option<u64>> {
        let mut out = Vec::new();
        let mut last_shown = 0;
        for n in 1..=self.pages {
            let near = n + 2 >= self.page && n <= self.page + 2;
            if n == 1 || n == self.pages || near {
                if n > last_shown + 1 {
                    out.push(None);
                }
                out.push(Some(n));
                last_shown = n;
            }
        }
        out
    }

    fn links(&self, param: &str) -> Markup {
        html! {
            @if self.pages > 1 {
                nav .pagination aria-label="Pages" {
                    @if self.page > 1 { a rel="prev" href=(self.href(self.page - 1, param)) { "← Previous" } }
                    span .visually-hidden { "Page " (self.page) " of " @if self.more { "more than " } (self.pages) }
                    ol .page-numbers {
                        @for n in self.numbers() {
                            @match n {
                                Some(n) if n == self.page => li { span aria-current="page" { (n) } },
                                Some(n) => li { a href=(self.href(n, param)) aria-label={ "Page " (n) } { (n) } },
                                None => li aria-hidden="true" { "…" },
                            }
                        }
                        @if self.more { li aria-hidden="true" { "…" } }
                    }
                    @if self.page < self.pages || self.more { a rel="next" href=(self.href(self.page + 1, param)) { "Next →" } }
                }
            }
        }
    }
}

impl Render for NamedPagination<'_> {
    fn render(&self) -> Markup {
        self.0.links(self.1)
    }
}

impl Render for Pagination<'_> {
    fn render(&self) -> Markup {
        self.links("page")
    }
}

/// Picks the singular or plural noun for `n`.
pub fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// What happened after a form was sent, said at the top of the page it leads back to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// It was done.
    Done(String),
    /// Nothing was changed, and why.
    Problem(String),
}

impl Render for Notice {
    fn render(&self) -> Markup {
        match self {
            Notice::Done(message) => html! { p .notice role="status" { (message) } },
            Notice::Problem(message) => html! { p .error-summary role="alert" { (message) } },
        }
    }
}

/// A moment in UTC, as "3 March 2026, 14:05 UTC".
pub struct Moment(pub chrono::DateTime<chrono::Utc>);

impl Render for Moment {
    fn render(&self) -> Markup {
        html! { time datetime=(self.0.to_rfc3339()) { (self.0.format("%-d %B %Y, %H:%M UTC")) } }
    }
}

/// A calendar month "2026-09" as "September 2026" (as given when it is not a month).
pub fn month_words(month: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| month.to_owned())
}
