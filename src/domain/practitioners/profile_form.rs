//! The profile form: what a practitioner typed, checked field by field into changes that
//! can be stored. Publishing needs a name, a city and at least one treatment.

use crate::domain::validation::{self, FieldErrors};
use crate::entities::practitioner;
use crate::vocabulary::{Product, Profession, Setting, Treatment};

/// What still stands between a profile and publication, as short phrases.
pub fn missing_for_publication(
    name: &str,
    city: &str,
    treatments: &[Treatment],
) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if name.trim().is_empty() {
        missing.push("a name");
    }
    if city.trim().is_empty() {
        missing.push("a city");
    }
    if treatments.is_empty() {
        missing.push("at least one treatment");
    }
    missing
}

/// The profile form as typed: every field text, so it can be shown again unchanged.
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub name: String,
    pub profession: String,
    pub specialty: String,
    pub bio: String,
    pub clinic_name: String,
    pub setting: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub years_injecting: String,
    pub lip_flips_last_year: String,
    pub typical_units_low: String,
    pub typical_units_high: String,
    pub lip_flip_price: String,
    pub consultation_fee: String,
    pub supervising_physician: String,
    pub accepting_new_patients: bool,
    pub publish: bool,
    pub treatments: Vec<String>,
    pub products: Vec<String>,
    pub phone: String,
    pub website_url: String,
    pub booking_url: String,
    pub street_address: String,
    pub opening_hours: String,
}

impl ProfileInput {
    /// The form filled from the stored profile.
    pub(crate) fn from_profile(
        p: &practitioner::Model,
        treatments: &[Treatment],
        products: &[Product],
    ) -> Self {
        let money = |cents: Option<i32>| cents.map_or_else(String::new, validation::dollars_text);
        let number = |n: Option<i32>| n.map_or_else(String::new, |n| n.to_string());
        Self {
            name: p.name.clone(),
            profession: p.profession.as_str().to_owned(),
            specialty: p.specialty.clone(),
            bio: p.bio.clone(),
            clinic_name: p.clinic_name.clone(),
            setting: p.setting.as_str().to_owned(),
            city: p.city.clone(),
            region: p.region.clone(),
            postal_code: p.postal_code.clone(),
            years_injecting: p.years_injecting.to_string(),
            lip_flips_last_year: p.lip_flips_last_year.to_string(),
            typical_units_low: number(p.typical_units_low),
            typical_units_high: number(p.typical_units_high),
            lip_flip_price: money(p.lip_flip_price_cents),
            consultation_fee: money(p.consultation_fee_cents),
            supervising_physician: p.supervising_physician.clone().unwrap_or_default(),
            accepting_new_patients: p.accepting_new_patients,
            publish: p.published,
            treatments: treatments.iter().map(|t| t.as_str().to_owned()).collect(),
            products: products.iter().map(|p| p.as_str().to_owned()).collect(),
            phone: p.phone.clone(),
            website_url: p.website_url.clone(),
            booking_url: p.booking_url.clone(),
            street_address: p.street_address.clone(),
            opening_hours: p.opening_hours.clone(),
        }
    }
}

/// A checked profile, ready to store.
#[derive(Clone, Debug)]
pub struct ProfileChanges {
    pub name: String,
    pub profession: Profession,
    pub specialty: String,
    pub bio: String,
    pub clinic_name: String,
    pub setting: Setting,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub years_injecting: i32,
    pub lip_flips_last_year: i32,
    pub typical_units: (Option<i32>, Option<i32>),
    pub lip_flip_price_cents: Option<i32>,
    pub consultation_fee_cents: Option<i32>,
    pub supervising_physician: Option<String>,
    pub accepting_new_patients: bool,
    pub publish: bool,
    pub treatments: Vec<Treatment>,
    pub products: Vec<Product>,
    pub contact: Contact,
}

/// How patients reach the practice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub phone: String,
    /// Empty, or an http(s) address.
    pub website_url: String,
    /// Empty, or an http(s) address.
    pub booking_url: String,
    pub street_address: String,
    pub opening_hours: String,
}

/// Checks an optional web address: empty, or an absolute `http`/`https` address with a
/// host, at most 300 characters. Anything else (`javascript:`, `data:`, a bare word) is
/// refused, so a link on the profile can only lead to a web page.
pub fn web_address(errors: &mut FieldErrors, field: &'static str, raw: &str) -> String {
    let value = validation::text(errors, field, raw, false, 300);
    if value.is_empty() || errors.get(field).is_some() {
        return value;
    }
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let host = rest
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let host_ok = !host.is_empty()
        && host.contains('.')
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if rest.is_none() || !host_ok || value.chars().any(char::is_whitespace) {
        errors.add(
            field,
            "Enter a web address starting with https:// (or http://), such as https://example.com/book.",
        );
    }
    value
}

/// Checks an optional phone number: digits with the usual separators, 7 to 15 digits.
pub fn phone_number(errors: &mut FieldErrors, field: &'static str, raw: &str) -> String {
    let value = validation::text(errors, field, raw, false, 40);
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let characters_ok = value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'));
    if !value.is_empty() && (!characters_ok || !(7..=15).contains(&digits)) {
        errors.add(field, "Enter a phone number, such as (512) 555-0134.");
    }
    value
}

/// Checks the profile form; every problem is reported against its field.
pub fn check_profile(input: &ProfileInput) -> Result<ProfileChanges, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = validation::text(&mut errors, "name", &input.name, true, 120);
    let profession = Profession::parse(&input.profession);
    if profession.is_none() {
        errors.add("profession", "Choose your profession.");
    }
    let setting = Setting::parse(&input.setting);
    if setting.is_none() {
        errors.add("setting", "Choose where you treat patients.");
    }
    let specialty = validation::text(&mut errors, "specialty", &input.specialty, false, 120);
    let bio = validation::text(&mut errors, "bio", &input.bio, false, 4000);
    let clinic_name = validation::text(&mut errors, "clinic_name", &input.clinic_name, false, 160);
    let city = validation::text(&mut errors, "city", &input.city, false, 120);
    let region = validation::text(&mut errors, "region", &input.region, false, 120);
    let postal_code = validation::text(&mut errors, "postal_code", &input.postal_code, false, 16);
    let years_injecting = validation::optional_number(
        &mut errors,
        "years_injecting",
        &input.years_injecting,
        0,
        70,
    );
    let lip_flips_last_year = validation::optional_number(
        &mut errors,
        "lip_flips_last_year",
        &input.lip_flips_last_year,
        0,
        20_000,
    );
    let units_low = validation::optional_number(
        &mut errors,
        "typical_units_low",
        &input.typical_units_low,
        1,
        40,
    );
    let units_high = validation::optional_number(
        &mut errors,
        "typical_units_high",
        &input.typical_units_high,
        1,
        40,
    );
    if let (Some(low), Some(high)) = (units_low, units_high)
        && low > high
    {
        errors.add(
            "typical_units_high",
            "The upper end must not be below the lower end.",
        );
    }
    let lip_flip_price_cents =
        validation::optional_money(&mut errors, "lip_flip_price", &input.lip_flip_price);
    let consultation_fee_cents =
        validation::optional_money(&mut errors, "consultation_fee", &input.consultation_fee);
    let supervising_physician = validation::text(
        &mut errors,
        "supervising_physician",
        &input.supervising_physician,
        false,
        120,
    );
    let contact = Contact {
        phone: phone_number(&mut errors, "phone", &input.phone),
        website_url: web_address(&mut errors, "website_url", &input.website_url),
        booking_url: web_address(&mut errors, "booking_url", &input.booking_url),
        street_address: validation::text(
            &mut errors,
            "street_address",
            &input.street_address,
            false,
            200,
        ),
        opening_hours: validation::text(
            &mut errors,
            "opening_hours",
            &input.opening_hours,
            false,
            500,
        ),
    };

    let mut treatments = Vec::new();
    for raw in &input.treatments {
        match Treatment::parse(raw) {
            Some(t) if !treatments.contains(&t) => treatments.push(t),
            Some(_) => {}
            None => errors.add("treatments", "Choose treatments from the list."),
        }
    }
    let mut products = Vec::new();
    for raw in &input.products {
        match Product::parse(raw) {
            Some(p) if !products.contains(&p) => products.push(p),
            Some(_) => {}
            None => errors.add("products", "Choose products from the list."),
        }
    }
    if let Some(profession) = profession
        && profession.needs_supervising_physician()
        && supervising_physician.is_empty()
    {
        errors.add(
            "supervising_physician",
            "Your profession injects under a supervising physician: name them.",
        );
    }
    if input.publish {
        let missing = missing_for_publication(&name, &city, &treatments);
        if !missing.is_empty() {
            errors.add(
                "publish",
                format!("To publish, add {}.", missing.join(", ")),
            );
        }
    }
    let (Some(profession), Some(setting)) = (profession, setting) else {
        return Err(errors);
    };
    errors.into_result(ProfileChanges {
        name,
        profession,
        specialty,
        bio,
        clinic_name,
        setting,
        city,
        region,
        postal_code,
        years_injecting: years_injecting.unwrap_or(0),
        lip_flips_last_year: lip_flips_last_year.unwrap_or(0),
        typical_units: (units_low, units_high),
        lip_flip_price_cents,
        consultation_fee_cents,
        supervising_physician: Some(supervising_physician).filter(|s| !s.is_empty()),
        accepting_new_patients: input.accepting_new_patients,
        publish: input.publish,
        treatments,
        products,
        contact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_must_be_web_addresses_and_phones_phone_numbers() {
        let check = |field: &'static str, raw: &str| {
            let mut errors = FieldErrors::default();
            web_address(&mut errors, field, raw);
            errors.get(field).is_none()
        };
        assert!(check("website_url", ""));
        assert!(check("website_url", "https://clinic.example/book?x=1"));
        assert!(check("booking_url", "HTTP://clinic.example"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "clinic.example",
            "https://",
            "https://user@evil.example",
            "https://clinic example.com",
            "//clinic.example",
            "ftp://clinic.example",
        ] {
            assert!(!check("booking_url", bad), "{bad:?} is refused");
        }
        let phone = |raw: &str| {
            let mut errors = FieldErrors::default();
            phone_number(&mut errors, "phone", raw);
            errors.is_empty()
        };
        assert!(phone("(512) 555-0134"));
        assert!(phone("+44 20 7946 0958"));
        assert!(!phone("555"));
        assert!(!phone("call me"));
    }

    #[test]
    fn publishing_needs_name_city_and_a_treatment() {
        let mut input = ProfileInput {
            name: "Ana Ruiz".into(),
            profession: "nurse_practitioner".into(),
            setting: "med_spa".into(),
            publish: true,
            ..Default::default()
        };
        let errors = check_profile(&input).expect_err("no city, no treatment");
        assert_eq!(
            errors.get("publish"),
            Some("To publish, add a city, at least one treatment.")
        );
        input.city = "Austin".into();
        input.treatments = vec!["lip_flip".into()];
        let changes = check_profile(&input).expect("complete");
        assert!(changes.publish);
        input.treatments = vec!["botox".into()];
        assert!(
            check_profile(&input)
                .expect_err("unknown")
                .get("treatments")
                .is_some()
        );
    }
}
