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

/// The English name of month `number` (1 for January), as chrono names it.
fn month_name(number: u8) -> Option<&'static str> {
    chrono::Month::try_from(number).ok().map(|m| m.name())
}

/// A moment in UTC, as "3 March 2026, 14:05 UTC".
pub struct Moment(pub chrono::DateTime<chrono::Utc>);

impl Moment {
    /// As chrono writes it: RFC 3339 for the machine, words for the reader. Spelled out for
    /// the years and seconds [`Moment::render_to`] leaves to it.
    fn in_chrono_words(&self) -> Markup {
        html! { time datetime=(self.0.to_rfc3339()) { (self.0.format("%-d %B %Y, %H:%M UTC")) } }
    }
}

impl Render for Moment {
    /// Written straight into the page: a queue page shows twenty and a list more, and
    /// chrono's formats read their pattern anew each time. Only digits, month names and
    /// punctuation, so nothing to escape.
    fn render_to(&self, buffer: &mut String) {
        use std::fmt::Write as _;

        use chrono::{Datelike, Timelike};

        let t = self.0;
        let nanos = t.nanosecond();
        // A year outside four digits (written with a sign) or a leap second: chrono's own.
        if !(0..=9999).contains(&t.year()) || nanos >= 1_000_000_000 {
            self.in_chrono_words().render_to(buffer);
            return;
        }
        let (year, day) = (t.year(), t.day());
        let (hour, minute, second) = (t.hour(), t.minute(), t.second());
        let month = u8::try_from(t.month())
            .ok()
            .and_then(month_name)
            .unwrap_or_default();
        let _ = write!(
            buffer,
            r#"<time datetime="{year:04}-{:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"#,
            t.month()
        );
        // The fraction as `to_rfc3339` writes it: none, or 3, 6 or 9 digits.
        let _ = match nanos {
            0 => Ok(()),
            n if n % 1_000_000 == 0 => write!(buffer, ".{:03}", n / 1_000_000),
            n if n % 1_000 == 0 => write!(buffer, ".{:06}", n / 1_000),
            n => write!(buffer, ".{n:09}"),
        };
        let _ = write!(
            buffer,
            r#"+00:00">{day} {month} {year:04}, {hour:02}:{minute:02} UTC</time>"#
        );
    }
}

/// A calendar month "2026-09" as "September 2026" (as given when it is not a month).
pub fn month_words(month: &str) -> String {
    let bytes = month.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    // "YYYY-MM", as every stored month is, read by hand; anything else as chrono reads it.
    if bytes.len() == 7
        && bytes[4] == b'-'
        && digits(0..4)
        && digits(5..7)
        && let Some(name) = month_name((bytes[5] - b'0') * 10 + (bytes[6] - b'0'))
    {
        return format!("{name} {}", &month[..4]);
    }
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| month.to_owned())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use maud::Render;

    use super::{Moment, month_words};

    #[test]
    fn a_moment_reads_as_chrono_writes_it() {
        let whole = Utc.with_ymd_and_hms(2026, 3, 3, 14, 5, 9).single();
        let mut moments: Vec<DateTime<Utc>> = whole.into_iter().collect();
        for nanos in [1_000_000, 120_000_000, 5_000, 123_456, 7, 999_999_999] {
            moments.extend(whole.map(|t| t + chrono::Duration::nanoseconds(nanos)));
        }
        moments.extend(Utc.with_ymd_and_hms(987, 12, 31, 23, 59, 59).single());
        moments.extend(Utc.with_ymd_and_hms(12026, 1, 1, 0, 0, 0).single());
        assert_eq!(moments.len(), 9);
        for at in moments {
            let moment = Moment(at);
            assert_eq!(
                moment.render().into_string(),
                moment.in_chrono_words().into_string(),
                "{at:?}"
            );
        }
        let shown = Moment(whole.unwrap_or_default()).render().into_string();
        assert_eq!(
            shown,
            r#"<time datetime="2026-03-03T14:05:09+00:00">3 March 2026, 14:05 UTC</time>"#
        );
    }

    #[test]
    fn a_month_is_named_as_chrono_names_it() {
        for month in 1..=12 {
            let given = format!("2026-{month:02}");
            let by_chrono = NaiveDate::from_ymd_opt(2026, month, 1)
                .map(|d| d.format("%B %Y").to_string())
                .unwrap_or_default();
            assert_eq!(month_words(&given), by_chrono);
        }
        assert_eq!(month_words("2026-09"), "September 2026");
        // Not a month: as given.
        for given in ["2026-13", "2026-00", "2026-1x", "soon", ""] {
            assert_eq!(month_words(given), given);
        }
        // Not the stored shape but a month to chrono: still named.
        assert_eq!(month_words("2026-9"), "September 2026");
    }
}
