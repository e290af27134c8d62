//! The review form: what a patient typed, checked field by field into a [`ReviewText`]
//! that can be stored. Every problem is reported against its field.

use chrono::{Datelike, NaiveDate};

use crate::domain::reviews::ReviewText;
use crate::domain::validation::{self, FieldErrors};
use crate::entities::review_revision;
use crate::vocabulary::{Product, Relationship, SideEffect, Treatment, WorthIt};

/// Shortest and longest review text, in characters.
pub const MIN_BODY_CHARS: usize = 50;
pub const MAX_BODY_CHARS: usize = 5000;
/// The most units a reviewer can report (a lip flip takes a handful; this is generous).
pub const MAX_UNITS: i32 = 100;
/// The most a reviewer can report paying, in dollars.
pub const MAX_PRICE_DOLLARS: i32 = 10_000;
/// The form value for "I had no side effects".
pub const NO_SIDE_EFFECTS: &str = "none";

/// The review form as typed, so it can be shown again unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewInput {
    pub rating: String,
    pub worth_it: String,
    pub treatment: String,
    pub product: String,
    pub units: String,
    pub price_paid: String,
    /// "YYYY-MM", as a month input sends it.
    pub treatment_month: String,
    pub days_to_onset: String,
    pub weeks_lasted: String,
    pub side_effects: Vec<String>,
    pub correction_needed: bool,
    pub title: String,
    pub body: String,
    pub incentive_received: bool,
    pub relationship: String,
}

fn month_start(month: &str) -> Option<NaiveDate> {
    let (year, month) = month.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// Checks the review form against `today`; every problem is reported against its field and
/// nothing is stored unless all pass.
pub fn check_review(input: &ReviewInput, today: NaiveDate) -> Result<ReviewText, FieldErrors> {
    let mut errors = FieldErrors::default();
    let rating = match input.rating.trim().parse::<i16>() {
        Ok(r) if (1..=5).contains(&r) => Some(r),
        _ => {
            errors.add("rating", "Choose a rating from 1 to 5 stars.");
            None
        }
    };
    let worth_it = WorthIt::parse(input.worth_it.trim());
    if worth_it.is_none() {
        errors.add("worth_it", "Say whether it was worth it.");
    }
    let treatment = Treatment::parse(input.treatment.trim());
    if treatment.is_none() {
        errors.add("treatment", "Choose the treatment you had.");
    }
    let product = match input.product.trim() {
        "" => None,
        raw => match Product::parse(raw) {
            Some(p) => Some(p),
            None => {
                errors.add(
                    "product",
                    "Choose a product from the list, or leave it blank.",
                );
                None
            }
        },
    };
    if let (Some(t), Some(p)) = (treatment, product)
        && p.is_filler() != (t == Treatment::LipFiller)
    {
        errors.add(
            "product",
            if p.is_filler() {
                "That product is a filler; a lip flip or gummy-smile treatment uses a relaxer such as Botox."
            } else {
                "That product is a relaxer; lip filler uses a filler such as Juvederm or Restylane."
            },
        );
    }
    let units = validation::optional_number(&mut errors, "units", &input.units, 1, MAX_UNITS);
    let price_paid_cents = validation::optional_money(&mut errors, "price_paid", &input.price_paid);
    if price_paid_cents.is_some_and(|c| c > MAX_PRICE_DOLLARS * 100) {
        errors.add(
            "price_paid",
            format!("Enter what you paid, at most ${MAX_PRICE_DOLLARS}."),
        );
    }
    let month = input.treatment_month.trim();
    match month_start(month) {
        None => errors.add(
            "treatment_month",
            "Give the month of treatment, such as 2026-09.",
        ),
        Some(start) if start > today => errors.add(
            "treatment_month",
            "The month of treatment cannot be in the future.",
        ),
        Some(start) if start.year() < 2000 => {
            errors.add("treatment_month", "Give a month from 2000 on.")
        }
        Some(_) => {}
    }
    let days_to_onset =
        validation::optional_number(&mut errors, "days_to_onset", &input.days_to_onset, 0, 60);
    let weeks_lasted =
        validation::optional_number(&mut errors, "weeks_lasted", &input.weeks_lasted, 0, 104);
    let mut side_effects = Vec::new();
    let mut none = false;
    for raw in &input.side_effects {
        match (raw.trim(), SideEffect::parse(raw.trim())) {
            (NO_SIDE_EFFECTS, _) => none = true,
            (_, Some(effect)) if !side_effects.contains(&effect) => side_effects.push(effect),
            (_, Some(_)) => {}
            (_, None) => errors.add("side_effects", "Choose side effects from the list."),
        }
    }
    if none && !side_effects.is_empty() {
        errors.add(
            "side_effects",
            "“None” cannot go with side effects: untick one or the other.",
        );
    } else if !none && side_effects.is_empty() {
        errors.add("side_effects", "Tick the side effects you had, or “None”.");
    }
    let title = validation::text(&mut errors, "title", &input.title, true, 120);
    let body = input.body.trim();
    let body_chars = body.chars().count();
    if body_chars < MIN_BODY_CHARS {
        errors.add(
            "body",
            format!("Write at least {MIN_BODY_CHARS} characters about your experience ({body_chars} so far)."),
        );
    } else if body_chars > MAX_BODY_CHARS {
        errors.add(
            "body",
            format!("Keep your review to {MAX_BODY_CHARS} characters ({body_chars} now)."),
        );
    }
    let relationship = match input.relationship.trim() {
        "" => Some(Relationship::None),
        raw => Relationship::parse(raw),
    };
    if relationship.is_none() {
        errors.add("relationship", "Choose your relationship from the list.");
    }
    let (Some(rating), Some(worth_it), Some(treatment), Some(relationship)) =
        (rating, worth_it, treatment, relationship)
    else {
        return Err(errors);
    };
    errors.into_result(ReviewText {
        rating,
        worth_it,
        treatment,
        product,
        units,
        price_paid_cents,
        treatment_month: month.to_owned(),
        days_to_onset,
        weeks_lasted,
        side_effects,
        correction_needed: input.correction_needed,
        title,
        body: body.to_owned(),
        incentive_received: input.incentive_received,
        relationship,
    })
}

impl ReviewInput {
    /// The form filled from a stored text and its side effects.
    pub(crate) fn from_revision(v: &review_revision::Model, side_effects: &[SideEffect]) -> Self {
        let number = |n: Option<i32>| n.map_or_else(String::new, |n| n.to_string());
        Self {
            rating: v.rating.to_string(),
            worth_it: v.worth_it.as_str().to_owned(),
            treatment: v.treatment.as_str().to_owned(),
            product: v
                .product
                .map_or_else(String::new, |p| p.as_str().to_owned()),
            units: number(v.units),
            price_paid: v
                .price_paid_cents
                .map_or_else(String::new, validation::dollars_text),
            treatment_month: v.treatment_month.clone(),
            days_to_onset: number(v.days_to_onset),
            weeks_lasted: number(v.weeks_lasted),
            side_effects: if side_effects.is_empty() {
                vec![NO_SIDE_EFFECTS.to_owned()]
            } else {
                side_effects.iter().map(|e| e.as_str().to_owned()).collect()
            },
            correction_needed: v.correction_needed,
            title: v.title.clone(),
            body: v.body.clone(),
            incentive_received: v.incentive_received,
            relationship: v.relationship.as_str().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ReviewInput {
        ReviewInput {
            rating: "4".into(),
            worth_it: "yes".into(),
            treatment: "lip_flip".into(),
            product: "botox".into(),
            units: "6".into(),
            price_paid: "150".into(),
            treatment_month: "2026-09".into(),
            days_to_onset: "7".into(),
            weeks_lasted: "10".into(),
            side_effects: vec!["bruising".into()],
            title: "Subtle and even".into(),
            body: "The upper lip rolled out a little after a week and stayed even on both sides."
                .into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
    }

    #[test]
    fn a_complete_review_passes() {
        let text = check_review(&valid(), today()).expect("valid");
        assert_eq!(text.rating, 4);
        assert_eq!(text.price_paid_cents, Some(15_000));
        assert_eq!(text.relationship, Relationship::None);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = Box<dyn Fn(&mut ReviewInput)>;
        let cases: Vec<(&str, Spoil)> = vec![
            ("rating", Box::new(|i| i.rating = "0".into())),
            ("rating", Box::new(|i| i.rating = "6".into())),
            (
                "treatment_month",
                Box::new(|i| i.treatment_month = "2027-01".into()),
            ),
            (
                "treatment_month",
                Box::new(|i| i.treatment_month = "September".into()),
            ),
            (
                "side_effects",
                Box::new(|i| i.side_effects = vec!["hiccups".into()]),
            ),
            (
                "side_effects",
                Box::new(|i| i.side_effects = vec!["none".into(), "bruising".into()]),
            ),
            ("side_effects", Box::new(|i| i.side_effects.clear())),
            ("price_paid", Box::new(|i| i.price_paid = "-20".into())),
            ("units", Box::new(|i| i.units = "5000".into())),
            ("product", Box::new(|i| i.product = "juvederm".into())),
            ("body", Box::new(|i| i.body = "Too short.".into())),
            ("body", Box::new(|i| i.body = "x".repeat(5001))),
            ("title", Box::new(|i| i.title = " ".into())),
            (
                "relationship",
                Box::new(|i| i.relationship = "cousin".into()),
            ),
        ];
        for (field, spoil) in cases {
            let mut input = valid();
            spoil(&mut input);
            let errors = check_review(&input, today()).expect_err(field);
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }
}
