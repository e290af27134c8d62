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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
