//! A practitioner's own profile: the draft made at registration, editing it, and the rule
//! for when it may be published (a name, a city and at least one treatment).

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::domain::validation::{self, FieldErrors};
use crate::entities::kinds::{Product, Profession, Setting, Treatment};
use crate::entities::{practitioner, practitioner_product, practitioner_treatment};

/// Makes a URL slug from a name: lowercase ASCII letters and digits joined by hyphens.
pub fn slug_for(name: &str) -> String {
    let mut slug = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "practitioner".to_owned()
    } else {
        slug
    }
}

/// Creates the unpublished profile a practitioner account owns, with a slug no other
/// profile has (`jane-doe`, then `jane-doe-2`, ...).
pub async fn create_draft(
    db: &impl ConnectionTrait,
    account_id: i64,
    name: &str,
    profession: Profession,
) -> Result<practitioner::Model, DbErr> {
    let base = slug_for(name);
    let taken: Vec<String> = practitioner::Entity::find()
        .filter(practitioner::Column::Slug.starts_with(&base))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.slug)
        .collect();
    let slug = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(base);
    let now = Utc::now();
    practitioner::ActiveModel {
        account_id: Set(Some(account_id)),
        slug: Set(slug),
        name: Set(name.trim().to_owned()),
        profession: Set(profession),
        specialty: Set(String::new()),
        bio: Set(String::new()),
        clinic_name: Set(String::new()),
        setting: Set(Setting::MedicalPractice),
        city: Set(String::new()),
        region: Set(String::new()),
        postal_code: Set(String::new()),
        years_injecting: Set(0),
        lip_flips_last_year: Set(0),
        accepting_new_patients: Set(true),
        published: Set(false),
        review_count: Set(0),
        rating_sum: Set(0),
        rating_1_count: Set(0),
        rating_2_count: Set(0),
        rating_3_count: Set(0),
        rating_4_count: Set(0),
        rating_5_count: Set(0),
        worth_it_yes_count: Set(0),
        rating_score: Set(crate::domain::ratings::bayesian_score(0, 0)),
        photo_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The profile owned by an account, if it has one.
pub async fn owned_by(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Option<practitioner::Model>, DbErr> {
    practitioner::Entity::find()
        .filter(practitioner::Column::AccountId.eq(account_id))
        .one(db)
        .await
}

/// The treatments a practitioner offers, in display order.
pub async fn treatments_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<Treatment>, DbErr> {
    let mut rows: Vec<Treatment> = practitioner_treatment::Entity::find()
        .filter(practitioner_treatment::Column::PractitionerId.eq(practitioner_id))
        .order_by_asc(practitioner_treatment::Column::Treatment)
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.treatment)
        .collect();
    rows.sort_by_key(|t| Treatment::ALL.iter().position(|x| x == t));
    Ok(rows)
}

/// The products a practitioner uses, in display order.
pub async fn products_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<Product>, DbErr> {
    let mut rows: Vec<Product> = practitioner_product::Entity::find()
        .filter(practitioner_product::Column::PractitionerId.eq(practitioner_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.product)
        .collect();
    rows.sort_by_key(|p| Product::ALL.iter().position(|x| x == p));
    Ok(rows)
}

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
    pub fn from_profile(
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

/// Stores checked changes to a practitioner's own profile, with its treatments and products,
/// in one transaction. Prices are marked confirmed today when they change.
pub async fn save_profile(
    db: &DatabaseConnection,
    profile: practitioner::Model,
    changes: ProfileChanges,
    today: NaiveDate,
) -> Result<practitioner::Model, DbErr> {
    let txn = db.begin().await?;
    let id = profile.id;
    let prices_changed = profile.lip_flip_price_cents != changes.lip_flip_price_cents
        || profile.consultation_fee_cents != changes.consultation_fee_cents;
    let published = changes.publish
        && missing_for_publication(&changes.name, &changes.city, &changes.treatments).is_empty();
    let mut active: practitioner::ActiveModel = profile.into();
    active.name = Set(changes.name);
    active.profession = Set(changes.profession);
    active.specialty = Set(changes.specialty);
    active.bio = Set(changes.bio);
    active.clinic_name = Set(changes.clinic_name);
    active.setting = Set(changes.setting);
    active.city = Set(changes.city);
    active.region = Set(changes.region);
    active.postal_code = Set(changes.postal_code);
    active.years_injecting = Set(changes.years_injecting);
    active.lip_flips_last_year = Set(changes.lip_flips_last_year);
    active.typical_units_low = Set(changes.typical_units.0);
    active.typical_units_high = Set(changes.typical_units.1);
    active.lip_flip_price_cents = Set(changes.lip_flip_price_cents);
    active.consultation_fee_cents = Set(changes.consultation_fee_cents);
    if prices_changed {
        active.prices_confirmed_on = Set(Some(today));
    }
    active.supervising_physician = Set(changes.supervising_physician);
    active.accepting_new_patients = Set(changes.accepting_new_patients);
    active.published = Set(published);
    active.updated_at = Set(Utc::now());
    let saved = active.update(&txn).await?;

    practitioner_treatment::Entity::delete_many()
        .filter(practitioner_treatment::Column::PractitionerId.eq(id))
        .exec(&txn)
        .await?;
    for treatment in changes.treatments {
        practitioner_treatment::ActiveModel {
            practitioner_id: Set(id),
            treatment: Set(treatment),
        }
        .insert(&txn)
        .await?;
    }
    // Products are diffed rather than replaced, so a kept product keeps its per-unit price.
    let current = products_of(&txn, id).await?;
    let dropped: Vec<Product> = current
        .iter()
        .copied()
        .filter(|p| !changes.products.contains(p))
        .collect();
    if !dropped.is_empty() {
        practitioner_product::Entity::delete_many()
            .filter(practitioner_product::Column::PractitionerId.eq(id))
            .filter(practitioner_product::Column::Product.is_in(dropped))
            .exec(&txn)
            .await?;
    }
    for product in changes
        .products
        .into_iter()
        .filter(|p| !current.contains(p))
    {
        practitioner_product::ActiveModel {
            practitioner_id: Set(id),
            product: Set(product),
            price_per_unit_cents: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words_joined_by_hyphens() {
        assert_eq!(slug_for("Dr. Maya Rivera, MD"), "dr-maya-rivera-md");
        assert_eq!(slug_for("  <script>  "), "script");
        assert_eq!(slug_for("Zoë"), "zo");
        assert_eq!(slug_for("!!!"), "practitioner");
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
