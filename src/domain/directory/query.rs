//! Reading a directory search from the query string, and writing it back into links.

use crate::domain::validation;
use crate::search_keys;
use crate::vocabulary::{Product, Profession, Treatment};

/// Practitioners on one directory page unless `per_page` says otherwise.
pub const PAGE_SIZE: u64 = 20;
/// The most `per_page` may ask for.
pub const MAX_PER_PAGE: u64 = 50;
/// The highest page number honoured; larger ones are treated as this one. It keeps the
/// offset within what the databases accept (a 64-bit signed number).
pub const MAX_PAGE: u64 = 100_000;
/// The most chosen-for-comparison slugs a listing carries.
pub const MAX_COMPARE_CARRIED: usize = 4;
/// The longest free-text or location query read.
const MAX_QUERY_CHARS: usize = 100;

/// How the listing is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// How well the practitioner matches the search text (name and clinic above city,
    /// treatments and products), then best rated. The order of a search with text.
    Relevance,
    /// Bayesian average of approved ratings (see `ratings`), so one 5-star review does not
    /// outrank two hundred 4.8s.
    #[default]
    BestRated,
    MostReviewed,
    MostLipFlips,
    LowestPrice,
    Name,
}

impl Sort {
    pub const ALL: &'static [Sort] = &[
        Sort::Relevance,
        Sort::BestRated,
        Sort::MostReviewed,
        Sort::MostLipFlips,
        Sort::LowestPrice,
        Sort::Name,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::BestRated => "rating",
            Sort::MostReviewed => "reviews",
            Sort::MostLipFlips => "lip_flips",
            Sort::LowestPrice => "price",
            Sort::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::BestRated => "Best rated",
            Sort::MostReviewed => "Most reviewed",
            Sort::MostLipFlips => "Most lip flips",
            Sort::LowestPrice => "Lowest lip flip price",
            Sort::Name => "Name",
        }
    }

    pub fn parse(value: &str) -> Option<Sort> {
        Sort::ALL.iter().copied().find(|s| s.as_str() == value)
    }

    /// Whether this order can rank a search with (`with_text`) or without search text:
    /// relevance needs text to rank by.
    pub fn applies(self, with_text: bool) -> bool {
        with_text || self != Sort::Relevance
    }
}

/// Everything a directory search can ask for. Built by [`DirectoryQuery::from_params`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirectoryQuery {
    /// Free text: each word the start of a word in the name, clinic, city, region,
    /// treatments or products.
    pub text: Option<String>,
    /// A city, a region or the start of a postal code.
    pub location: Option<String>,
    pub treatment: Option<Treatment>,
    pub product: Option<Product>,
    pub profession: Option<Profession>,
    /// Only practitioners whose license or board certification is verified and unexpired.
    pub verified_only: bool,
    /// Minimum average rating in tenths of a star (45 = 4.5).
    pub min_rating_tenths: Option<i32>,
    pub min_lip_flips: Option<i32>,
    /// Highest flat lip-flip price, in cents.
    pub max_price_cents: Option<i32>,
    pub accepting_only: bool,
    /// Practitioners already chosen for comparison (slugs), carried while the visitor
    /// browses for more; at most [`MAX_COMPARE_CARRIED`].
    pub compare: Vec<String>,
    pub sort: Sort,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

/// A filter value that cannot be read. Silently dropping a filter (say, "verified only")
/// would show results the visitor did not ask for, so it is refused instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadFilter(pub String);

fn bad(message: impl Into<String>) -> BadFilter {
    BadFilter(message.into())
}

/// A checkbox value: present and "on"/"1"/"true"/"yes".
fn flag(value: &str) -> Result<bool, BadFilter> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "off" => Ok(false),
        "1" | "on" | "true" | "yes" => Ok(true),
        other => Err(bad(format!("{other:?} is not a yes or no value."))),
    }
}

impl DirectoryQuery {
    /// Reads query-string pairs. Unknown parameters are ignored; a bad page, page size or
    /// sort falls back to its default; an unreadable filter is an error naming it.
    pub fn from_params(pairs: &[(String, String)]) -> Result<Self, BadFilter> {
        let mut query = DirectoryQuery {
            page: 1,
            per_page: PAGE_SIZE,
            ..Default::default()
        };
        let mut sort = None;
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "q" => query.text = short_text(value, "search text")?,
                "location" => query.location = short_text(value, "location")?,
                "treatment" if !value.is_empty() => {
                    query.treatment = Some(
                        Treatment::parse(value)
                            .ok_or_else(|| bad("Choose a treatment from the list."))?,
                    );
                }
                "product" if !value.is_empty() => {
                    query.product = Some(
                        Product::parse(value)
                            .ok_or_else(|| bad("Choose a product from the list."))?,
                    );
                }
                "profession" if !value.is_empty() => {
                    query.profession = Some(
                        Profession::parse(value)
                            .ok_or_else(|| bad("Choose a profession from the list."))?,
                    );
                }
                "verified" => query.verified_only = flag(value)?,
                "accepting" => query.accepting_only = flag(value)?,
                "min_rating" if !value.is_empty() => {
                    let stars: f64 = value
                        .parse()
                        .ok()
                        .filter(|s: &f64| (1.0..=5.0).contains(s))
                        .ok_or_else(|| {
                            bad("The minimum rating must be a number of stars from 1 to 5.")
                        })?;
                    query.min_rating_tenths = Some((stars * 10.0).round() as i32);
                }
                "min_lip_flips" if !value.is_empty() => {
                    query.min_lip_flips = Some(
                        value
                            .parse::<i32>()
                            .ok()
                            .filter(|n| (0..=100_000).contains(n))
                            .ok_or_else(|| {
                                bad("The minimum number of lip flips must be a whole number.")
                            })?,
                    );
                }
                "max_price" if !value.is_empty() => {
                    let dollars: f64 = value
                        .trim_start_matches('$')
                        .parse()
                        .ok()
                        .filter(|d: &f64| (0.0..=100_000.0).contains(d))
                        .ok_or_else(|| {
                            bad("The maximum price must be an amount in dollars, such as 250.")
                        })?;
                    query.max_price_cents = Some((dollars * 100.0).round() as i32);
                }
                "sort" => sort = Sort::parse(value),
                "p" if !value.is_empty() => {
                    let slug: String = value.chars().take(100).collect();
                    if query.compare.len() < MAX_COMPARE_CARRIED && !query.compare.contains(&slug) {
                        query.compare.push(slug);
                    }
                }
                "page" => {
                    query.page = value.parse::<u64>().unwrap_or(1).clamp(1, MAX_PAGE);
                }
                "per_page" => {
                    query.per_page = value
                        .parse::<u64>()
                        .unwrap_or(PAGE_SIZE)
                        .clamp(1, MAX_PER_PAGE);
                }
                _ => {}
            }
        }
        query.sort = sort
            .filter(|s| s.applies(query.has_text()))
            .unwrap_or_else(|| query.default_sort());
        Ok(query)
    }

    /// Whether the search text has any word to search for.
    pub fn has_text(&self) -> bool {
        self.text
            .as_deref()
            .is_some_and(search_keys::has_search_words)
    }

    /// The words of the search text, each matched as a prefix.
    pub fn search_words(&self) -> Vec<String> {
        self.text
            .as_deref()
            .map(search_keys::search_words)
            .unwrap_or_default()
    }

    /// The order used when none is chosen: best match for a search with text, else best rated.
    pub fn default_sort(&self) -> Sort {
        if self.has_text() {
            Sort::Relevance
        } else {
            Sort::BestRated
        }
    }

    /// The orders this search can be shown in (best match only when there is text).
    pub fn sorts(&self) -> impl Iterator<Item = Sort> + '_ {
        let with_text = self.has_text();
        Sort::ALL
            .iter()
            .copied()
            .filter(move |s| s.applies(with_text))
    }

    /// Whether any filter (not sort or page) is set.
    pub fn has_filters(&self) -> bool {
        self.text.is_some()
            || self.location.is_some()
            || self.treatment.is_some()
            || self.product.is_some()
            || self.profession.is_some()
            || self.verified_only
            || self.min_rating_tenths.is_some()
            || self.min_lip_flips.is_some()
            || self.max_price_cents.is_some()
            || self.accepting_only
    }

    /// The query-string pairs that reproduce this search (page excluded), for links.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(text) = &self.text {
            pairs.push(("q", text.clone()));
        }
        if let Some(location) = &self.location {
            pairs.push(("location", location.clone()));
        }
        if let Some(t) = self.treatment {
            pairs.push(("treatment", t.as_str().to_owned()));
        }
        if let Some(p) = self.product {
            pairs.push(("product", p.as_str().to_owned()));
        }
        if let Some(p) = self.profession {
            pairs.push(("profession", p.as_str().to_owned()));
        }
        if self.verified_only {
            pairs.push(("verified", "on".to_owned()));
        }
        if let Some(tenths) = self.min_rating_tenths {
            pairs.push(("min_rating", format_tenths(tenths)));
        }
        if let Some(n) = self.min_lip_flips {
            pairs.push(("min_lip_flips", n.to_string()));
        }
        if let Some(cents) = self.max_price_cents {
            pairs.push(("max_price", validation::dollars_text(cents)));
        }
        if self.accepting_only {
            pairs.push(("accepting", "on".to_owned()));
        }
        if self.sort != self.default_sort() {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        for slug in &self.compare {
            pairs.push(("p", slug.clone()));
        }
        if self.per_page != PAGE_SIZE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        pairs
    }

    /// Each active filter with a phrase for it and the query without it, so an empty result
    /// can suggest what to loosen.
    pub fn loosenings(&self) -> Vec<(String, DirectoryQuery)> {
        let base = DirectoryQuery {
            page: 1,
            ..self.clone()
        };
        let mut out = Vec::new();
        let mut push = |phrase: String, change: &dyn Fn(&mut DirectoryQuery)| {
            let mut loosened = base.clone();
            change(&mut loosened);
            out.push((phrase, loosened));
        };
        if let Some(text) = &self.text {
            push(format!("the search for “{text}”"), &|q| {
                q.text = None;
                if !q.sort.applies(false) {
                    q.sort = q.default_sort();
                }
            });
        }
        if let Some(location) = &self.location {
            push(format!("the location “{location}”"), &|q| {
                q.location = None
            });
        }
        if let Some(t) = self.treatment {
            push(format!("the treatment ({})", t.label()), &|q| {
                q.treatment = None
            });
        }
        if let Some(p) = self.product {
            push(format!("the product ({})", p.label()), &|q| {
                q.product = None
            });
        }
        if let Some(p) = self.profession {
            push(format!("the profession ({})", p.label()), &|q| {
                q.profession = None
            });
        }
        if self.verified_only {
            push("“verified credentials only”".to_owned(), &|q| {
                q.verified_only = false
            });
        }
        if let Some(tenths) = self.min_rating_tenths {
            push(
                format!("the minimum rating of {}", format_tenths(tenths)),
                &|q| q.min_rating_tenths = None,
            );
        }
        if let Some(n) = self.min_lip_flips {
            push(format!("the minimum of {n} lip flips"), &|q| {
                q.min_lip_flips = None
            });
        }
        if let Some(cents) = self.max_price_cents {
            push(
                format!("the maximum price of ${}", validation::dollars_text(cents)),
                &|q| q.max_price_cents = None,
            );
        }
        if self.accepting_only {
            push("“accepting new patients”".to_owned(), &|q| {
                q.accepting_only = false
            });
        }
        out
    }
}

fn short_text(value: &str, what: &str) -> Result<Option<String>, BadFilter> {
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(bad(format!(
            "The {what} is too long; use at most {MAX_QUERY_CHARS} characters."
        )));
    }
    Ok(Some(value.to_owned()))
}

fn format_tenths(tenths: i32) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn bad_paging_and_sort_fall_back_while_bad_filters_are_refused() {
        let q = DirectoryQuery::from_params(&params(&[
            ("page", "-3"),
            ("per_page", "5000"),
            ("sort", "cheapest!"),
            ("utm_source", "x"),
        ]))
        .expect("lenient");
        assert_eq!(
            (q.page, q.per_page, q.sort),
            (1, MAX_PER_PAGE, Sort::BestRated)
        );
        assert!(DirectoryQuery::from_params(&params(&[("min_rating", "6")])).is_err());
        assert!(DirectoryQuery::from_params(&params(&[("max_price", "cheap")])).is_err());
        assert!(DirectoryQuery::from_params(&params(&[("treatment", "facelift")])).is_err());
        assert!(DirectoryQuery::from_params(&params(&[("verified", "maybe")])).is_err());
    }

    #[test]
    fn a_query_round_trips_through_its_parameters() {
        let q = DirectoryQuery::from_params(&params(&[
            ("q", "rivera"),
            ("location", "Austin"),
            ("treatment", "lip_flip"),
            ("verified", "on"),
            ("min_rating", "4.5"),
            ("max_price", "249.50"),
            ("sort", "price"),
        ]))
        .expect("valid");
        let again: Vec<(String, String)> = q
            .to_params()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(DirectoryQuery::from_params(&again).expect("valid"), q);
        assert_eq!(q.loosenings().len(), 6);
    }

    #[test]
    fn a_search_with_text_is_ranked_by_best_match_unless_another_order_is_chosen() {
        let sort_of = |pairs: &[(&str, &str)]| {
            DirectoryQuery::from_params(&params(pairs))
                .expect("valid")
                .sort
        };
        assert_eq!(sort_of(&[("q", "maya")]), Sort::Relevance);
        assert_eq!(
            sort_of(&[("q", "maya"), ("sort", "price")]),
            Sort::LowestPrice
        );
        assert_eq!(sort_of(&[]), Sort::BestRated);
        assert_eq!(sort_of(&[("sort", "relevance")]), Sort::BestRated);
        assert_eq!(sort_of(&[("q", "!!!")]), Sort::BestRated);
        let q = DirectoryQuery::from_params(&params(&[("q", "maya")])).expect("valid");
        assert!(!q.to_params().iter().any(|(k, _)| *k == "sort"));
        let (_, without_text) = &q.loosenings()[0];
        assert_eq!(without_text.sort, Sort::BestRated);
        assert!(without_text.sorts().all(|s| s != Sort::Relevance));
    }
}
