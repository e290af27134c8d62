//! Form input checked in the domain: each problem is a sentence kept next to the field it is
//! about, so a form can be shown again with the message beside the input.

use std::collections::BTreeMap;

/// Messages by form field name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    /// Records a problem with `field`; the first message for a field wins.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every (field, message), in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
    }

    /// `Ok(value)` when nothing was recorded, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// Trims `raw` and checks it is present (when `required`) and at most `max` characters.
pub fn text(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    required: bool,
    max: usize,
) -> String {
    let value = raw.trim();
    if required && value.is_empty() {
        errors.add(field, "This is required.");
    } else if value.chars().count() > max {
        errors.add(field, format!("Use at most {max} characters."));
    }
    value.to_owned()
}

/// At most the first `max_chars` characters of what was typed, for showing a refused form
/// again without echoing an oversized value back.
pub fn clipped(value: &str, max_chars: usize) -> String {
    value.chars().take(max_chars).collect()
}

/// Parses an optional whole number within `min..=max`; blank is `None`.
pub fn optional_number(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    min: i32,
    max: i32,
) -> Option<i32> {
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            errors.add(field, format!("Enter a whole number from {min} to {max}."));
            None
        }
    }
}

/// Parses an optional amount of money in dollars ("150" or "150.50") into cents.
pub fn optional_money(errors: &mut FieldErrors, field: &'static str, raw: &str) -> Option<i32> {
    let value = raw.trim().trim_start_matches('$');
    if value.is_empty() {
        return None;
    }
    let parsed = match value.split_once('.') {
        None => value.parse::<i32>().ok().map(|d| (d, 0)),
        Some((dollars, cents)) if cents.len() <= 2 && cents.bytes().all(|b| b.is_ascii_digit()) => {
            let dollars = dollars.parse::<i32>().ok();
            let cents = format!("{cents:0<2}").parse::<i32>().ok();
            dollars.zip(cents)
        }
        Some(_) => None,
    };
    match parsed {
        Some((dollars, cents)) if (0..=100_000).contains(&dollars) => Some(dollars * 100 + cents),
        _ => {
            errors.add(field, "Enter an amount in dollars, such as 150 or 149.50.");
            None
        }
    }
}

/// Cents as a form or URL shows dollars: "150", or "149.50" when there are cents.
pub fn dollars_text(cents: i32) -> String {
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

/// Parses an optional date in `YYYY-MM-DD` form (what a date input sends).
pub fn optional_date(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
) -> Option<chrono::NaiveDate> {
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) if (1900..=2200).contains(&chrono::Datelike::year(&date)) => Some(date),
        _ => {
            errors.add(field, "Enter a date as YYYY-MM-DD.");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_numbers_parse_or_explain() {
        let mut errors = FieldErrors::default();
        assert_eq!(optional_money(&mut errors, "price", "$150"), Some(15_000));
        assert_eq!(optional_money(&mut errors, "price", "149.5"), Some(14_950));
        assert_eq!(optional_money(&mut errors, "price", ""), None);
        assert!(errors.is_empty());
        assert_eq!(optional_money(&mut errors, "price", "12.345"), None);
        assert!(errors.get("price").is_some());
        assert_eq!(optional_number(&mut errors, "years", "99999", 0, 80), None);
        assert!(errors.get("years").is_some());
        assert_eq!(optional_date(&mut errors, "expires_on", "2027-02-30"), None);
        assert!(errors.get("expires_on").is_some());
    }
}
