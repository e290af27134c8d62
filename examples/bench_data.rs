//! Generates the benchmark directory: 10,000 published practitioners, 200,000 approved
//! reviews and 20,000 approved before/after pairs, with counters exactly as moderation would
//! leave them. Deterministic (no randomness), so runs are comparable.
//!
//!     cargo run --release --example bench_data -- DATABASE_URL          # generate
//!     cargo run --release --example bench_data -- DATABASE_URL --explain # query plan
//!     cargo run --release --example bench_data -- DATABASE_URL --explain 'location=Austin'
//!
//! The database must be empty (it is migrated first). See bench/README.md.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use injectory::database;
use injectory::domain::directory::{self, DirectoryQuery};
use injectory::domain::practitioners::counters;
use injectory::domain::ratings;
use injectory::entities::{
    account, credential, gallery_item, image, practitioner, practitioner_product,
    practitioner_treatment, review, review_revision, review_side_effect,
};
use injectory::vocabulary::*;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait};

pub const PRACTITIONERS: i64 = 10_000;
pub const REVIEWS: i64 = 200_000;
pub const PAIRS: i64 = 20_000;
const PATIENTS: i64 = 20_000;
/// Texts waiting in the moderation queue (new reviews, not counted anywhere yet).
const PENDING_REVIEWS: i64 = 500;
/// Every bench account's password, so `bench/run.sh` can sign in (not a secret: bench data).
pub const BENCH_PASSWORD: &str = "bench-password-not-a-secret";
/// The moderator `bench/run.sh` signs in as; `patient1@bench.injectory.test` is the patient.
pub const BENCH_MODERATOR: &str = "moderator@bench.injectory.test";
/// The practitioner the profile benchmark opens has exactly this many approved reviews.
const PROFILE_REVIEWS: i64 = 200;

const CITIES: &[(&str, &str, &str)] = &[
    ("Austin", "TX", "787"),
    ("Denver", "CO", "802"),
    ("Seattle", "WA", "981"),
    ("Chicago", "IL", "606"),
    ("Atlanta", "GA", "303"),
    ("San Diego", "CA", "921"),
    ("Boston", "MA", "021"),
    ("Phoenix", "AZ", "850"),
    ("Portland", "OR", "972"),
    ("Miami", "FL", "331"),
    ("Nashville", "TN", "372"),
    ("Dallas", "TX", "752"),
];
const FIRST: &[&str] = &[
    "Maya", "Samuel", "Priya", "Jordan", "Elena", "Hannah", "Marcus", "Aisha", "Tomas", "Lauren",
    "Kevin", "Grace", "Sofia", "Daniel", "Rachel", "Olivia",
];
const LAST: &[&str] = &[
    "Rivera", "Okafor", "Nair", "Blake", "Petrova", "Cho", "Bell", "Rahman", "Herrera", "Fischer",
    "Tran", "Adeyemi", "Marino", "Weiss", "Kim", "Brooks", "Lee", "Duarte",
];

/// How many approved reviews practitioner `i` (0-based) has; they sum to [`REVIEWS`].
fn review_count(i: i64) -> i64 {
    if i == 0 {
        PROFILE_REVIEWS
    } else {
        // The other 9,999 share the rest: 19 or 20 each, with a handful of zeros for variety.
        let rest = REVIEWS - PROFILE_REVIEWS;
        let base = rest / (PRACTITIONERS - 1);
        let extra = rest % (PRACTITIONERS - 1);
        base + i64::from(i <= extra)
    }
}

/// The days until the result showed and the weeks it lasted, as review `k` says.
fn result_times(k: i64) -> (i32, i32) {
    (3 + (k % 9) as i32, 6 + (k % 8) as i32)
}

fn rating_of(practitioner: i64, k: i64) -> i16 {
    // Mostly 4s and 5s, some lower, varying by practitioner.
    match (practitioner * 7 + k * 13) % 20 {
        0 => 1,
        1 => 2,
        2 | 3 => 3,
        4..=10 => 4,
        _ => 5,
    }
}

fn slug(i: i64) -> String {
    if i == 0 {
        "bench-profile-200".to_owned()
    } else {
        format!(
            "{}-{}-{i}",
            FIRST[i as usize % FIRST.len()].to_lowercase(),
            LAST[i as usize % LAST.len()].to_lowercase()
        )
    }
}

async fn insert_chunks<A, E>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), sea_orm::DbErr>
where
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    // SQLite takes at most 32,766 bound values in one statement.
    let columns = <E::Column as sea_orm::Iterable>::iter().count().max(1);
    let per_statement = (30_000 / columns).clamp(1, 800);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

async fn generate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let today = now.date_naive();
    let txn = db.begin().await?;

    println!("accounts…");
    let hash = injectory::domain::accounts::hash_password(BENCH_PASSWORD)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    let moderator = PATIENTS + 1;
    insert_chunks(
        &txn,
        (1..=moderator)
            .map(|i| account::ActiveModel {
                id: Set(i),
                email: Set(if i == moderator {
                    BENCH_MODERATOR.to_owned()
                } else {
                    format!("patient{i}@bench.injectory.test")
                }),
                password_hash: Set(hash.clone()),
                role: Set(if i == moderator {
                    Role::Moderator
                } else {
                    Role::Patient
                }),
                display_name: Set(format!("Patient {i}")),
                disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                email_verified_at: Set(Some(now)),
                notices_off: Set(false),
                reviews_written: Set(0),
            })
            .collect(),
    )
    .await?;

    println!("images…");
    insert_chunks(
        &txn,
        (1..=PAIRS * 2)
            .map(|i| image::ActiveModel {
                id: Set(i),
                storage_key: Set(format!("bench{i:012}.jpg")),
                thumbnail_key: Set(format!("bench{i:012}-thumb.jpg")),
                content_type: Set("image/jpeg".into()),
                width: Set(1200),
                height: Set(900),
                thumbnail_width: Set(400),
                thumbnail_height: Set(300),
                byte_size: Set(150_000),
                perceptual_hash: Set(format!("{i:016x}")),
                sha256: Set(format!("{i:064x}")),
                uploaded_by: Set(None),
                created_at: Set(now),
            })
            .collect(),
    )
    .await?;
    println!("practitioners…");
    let mut practitioners = Vec::new();
    let mut treatments = Vec::new();
    let mut products = Vec::new();
    let mut credentials = Vec::new();
    for i in 0..PRACTITIONERS {
        let n = review_count(i);
        let ratings: Vec<i16> = (0..n).map(|k| rating_of(i, k)).collect();
        let mut histogram = [0i32; 5];
        for r in &ratings {
            histogram[(*r - 1) as usize] += 1;
        }
        let sum: i64 = ratings.iter().map(|r| i64::from(*r)).sum();
        let worth_yes = ratings.iter().filter(|r| **r >= 4).count() as i32;
        // The same pattern of reported side effects the reviews below get.
        let mut effect_counts = [0i32; 8];
        for k in 0..n {
            for (e, count) in effect_counts.iter_mut().enumerate() {
                if (k + e as i64 * 5) % 11 == 0 {
                    *count += 1;
                }
            }
        }
        let answers: Vec<(i32, i32)> = (0..n).map(result_times).collect();
        let typical = counters::TypicalTimes::of(
            &answers
                .iter()
                .map(|(d, _)| (Some(*d), 1))
                .collect::<Vec<_>>(),
            &answers
                .iter()
                .map(|(_, w)| (Some(*w), 1))
                .collect::<Vec<_>>(),
        );
        let (city, region, zip) = CITIES[i as usize % CITIES.len()];
        let name = if i == 0 {
            "Dr. Bench Profile".to_owned()
        } else {
            format!(
                "{} {} {}",
                if i % 3 == 0 { "Dr." } else { "" },
                FIRST[i as usize % FIRST.len()],
                LAST[(i as usize / 3) % LAST.len()]
            )
            .trim()
            .to_owned()
        };
        let clinic = format!(
            "{} Aesthetics {}",
            LAST[(i as usize / 5) % LAST.len()],
            i % 97
        );
        let profession = Profession::ALL[i as usize % Profession::ALL.len()];
        let postal = format!("{zip}{:02}", i % 100);
        let price = if i % 17 == 0 {
            None
        } else {
            Some(((80 + (i * 37) % 220) * 100) as i32)
        };
        let verified_until = match i % 10 {
            0 | 1 => None,
            2 => Some(today - Duration::days(30)),
            _ => Some(today + Duration::days(365 + i % 700)),
        };
        let offered: Vec<Treatment> = Treatment::ALL
            .iter()
            .enumerate()
            .filter(|(k, _)| *k == 0 || (i + *k as i64) % 3 == 0)
            .map(|(_, t)| *t)
            .collect();
        let brands: Vec<Product> = Product::ALL
            .iter()
            .enumerate()
            .filter(|(k, _)| (i + *k as i64) % 4 == 0 || *k == 0)
            .map(|(_, p)| *p)
            .collect();
        let mut row = practitioner::ActiveModel {
            id: Set(i + 1),
            account_id: Set(None),
            slug: Set(slug(i)),
            search_text: Set(injectory::search_keys::search_text(&name, &clinic)),
            city_key: Set(injectory::search_keys::place_key(city)),
            region_key: Set(injectory::search_keys::place_key(region)),
            postal_key: Set(injectory::search_keys::postal_key(&postal)),
            name: Set(name),
            profession: Set(profession),
            specialty: Set("Facial aesthetics".into()),
            bio: Set(
                "Injector focused on natural-looking lip flips and gummy-smile correction.".into(),
            ),
            clinic_name: Set(clinic),
            setting: Set(Setting::ALL[i as usize % Setting::ALL.len()]),
            city: Set(city.into()),
            region: Set(region.into()),
            postal_code: Set(postal),
            years_injecting: Set((1 + i % 25) as i32),
            lip_flips_last_year: Set(((i * 31) % 400) as i32),
            typical_units_low: Set(Some(4)),
            typical_units_high: Set(Some(6 + (i % 3) as i32)),
            lip_flip_price_cents: Set(price),
            consultation_fee_cents: Set(Some(5000)),
            prices_confirmed_on: Set(Some(today)),
            supervising_physician: Set(profession
                .needs_supervising_physician()
                .then(|| "Dr. Supervising Physician".to_owned())),
            accepting_new_patients: Set(i % 4 != 0),
            published: Set(true),
            verified_until: Set(verified_until),
            review_count: Set(n as i32),
            rating_sum: Set(sum as i32),
            rating_1_count: Set(histogram[0]),
            rating_2_count: Set(histogram[1]),
            rating_3_count: Set(histogram[2]),
            rating_4_count: Set(histogram[3]),
            rating_5_count: Set(histogram[4]),
            worth_it_yes_count: Set(worth_yes),
            side_effect_bruising_count: Set(effect_counts[0]),
            side_effect_swelling_count: Set(effect_counts[1]),
            side_effect_tenderness_count: Set(effect_counts[2]),
            side_effect_asymmetry_count: Set(effect_counts[3]),
            side_effect_drooling_count: Set(effect_counts[4]),
            side_effect_straws_or_speech_count: Set(effect_counts[5]),
            side_effect_numbness_count: Set(effect_counts[6]),
            side_effect_headache_count: Set(effect_counts[7]),
            typical_onset_days: Set(typical.onset_days),
            typical_weeks_lasted: Set(typical.weeks_lasted),
            rating_score: Set(ratings::bayesian_score(sum, n)),
            photo_count: Set(
                ((PAIRS / PRACTITIONERS) + i64::from(i < PAIRS % PRACTITIONERS)) as i32,
            ),
            // Stands for a headshot's thumbnail: the card carries an image either way.
            thumbnail_key: Set(Some(format!("bench{:012}-thumb.jpg", (i + 1) * 2))),
            phone: Set(format!("(512) 555-{:04}", i % 10_000)),
            website_url: Set(format!("https://clinic{i}.example")),
            booking_url: Set(format!("https://clinic{i}.example/book")),
            street_address: Set(format!("{} Main Street", 100 + i % 900)),
            opening_hours: Set("Mon-Fri 9:00-17:00".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        row.set_offering_keys(city, region, &offered, &brands);
        practitioners.push(row);
        for t in &offered {
            treatments.push(practitioner_treatment::ActiveModel {
                practitioner_id: Set(i + 1),
                treatment: Set(*t),
            });
        }
        for p in &brands {
            products.push(practitioner_product::ActiveModel {
                practitioner_id: Set(i + 1),
                product: Set(*p),
                price_per_unit_cents: Set(Some(1200)),
            });
        }
        // The badge as moderation keeps it: a verified license expiring on the badge's last
        // day (one expired a month ago for some), a training certificate beside it, and a
        // license waiting for a moderator for those without the badge.
        let license = |status: CredentialStatus, expires_on: Option<NaiveDate>| {
            let verified = status == CredentialStatus::Verified;
            credential::ActiveModel {
                practitioner_id: Set(i + 1),
                kind: Set(CredentialKind::License),
                title: Set(format!("{} license", profession.label())),
                issuer: Set(format!("{region} Board of Nursing and Medicine")),
                number: Set(format!("LIC-{:06}", i + 1)),
                region: Set(region.to_owned()),
                issued_on: Set(Some(today - Duration::days(2000 + i % 1000))),
                expires_on: Set(expires_on),
                status: Set(status),
                source_checked: Set(
                    verified.then(|| "The board's public license lookup".to_owned())
                ),
                source_checked_on: Set(verified.then(|| today - Duration::days(40 + i % 300))),
                verified_by: Set(verified.then_some(moderator)),
                verified_at: Set(verified.then(|| now - Duration::days(40 + i % 300))),
                created_at: Set(now - Duration::days(60 + i % 300)),
                updated_at: Set(now - Duration::days(40 + i % 300)),
                ..Default::default()
            }
        };
        match verified_until {
            Some(until) => {
                credentials.push(license(CredentialStatus::Verified, Some(until)));
                // Checked as the license was, at the course provider.
                credentials.push(credential::ActiveModel {
                    kind: Set(CredentialKind::Training),
                    title: Set("Advanced lip and perioral injection course".to_owned()),
                    issuer: Set("Aesthetic Injector Academy".to_owned()),
                    number: Set(String::new()),
                    issued_on: Set(Some(today - Duration::days(900 + i % 500))),
                    source_checked: Set(Some(
                        "The course provider's certificate register".to_owned(),
                    )),
                    ..license(CredentialStatus::Verified, None)
                });
            }
            None if i % 10 == 1 => {
                credentials.push(license(
                    CredentialStatus::Pending,
                    Some(today + Duration::days(400)),
                ));
            }
            None => {}
        }
    }
    insert_chunks(&txn, practitioners).await?;
    insert_chunks(&txn, treatments).await?;
    insert_chunks(&txn, products).await?;
    insert_chunks(&txn, credentials).await?;
    let pair_owner = |pair: i64| (pair - 1) % PRACTITIONERS;
    insert_chunks(
        &txn,
        (1..=PAIRS)
            .map(|pair| gallery_item::ActiveModel {
                id: Set(pair),
                practitioner_id: Set(pair_owner(pair) + 1),
                before_image_id: Set(pair * 2 - 1),
                after_image_id: Set(pair * 2),
                treatment: Set(Treatment::LipFlip),
                product: Set(Some(Product::Botox)),
                units: Set(Some(6)),
                days_after_treatment: Set(Some(14)),
                caption: Set("Upper lip at rest, before and two weeks after.".into()),
                consent_attested_on: Set(today),
                edited: Set(false),
                edit_note: Set(None),
                status: Set(PhotoStatus::Approved),
                rejection_reason: Set(None),
                moderated_by: Set(None),
                moderated_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                position: Set(0),
                matched_image_id: Set(None),
            })
            .collect(),
    )
    .await?;

    println!("reviews…");
    let mut reviews = Vec::new();
    let mut revisions = Vec::new();
    let mut effects = Vec::new();
    let mut id = 0i64;
    for i in 0..PRACTITIONERS {
        for k in 0..review_count(i) {
            id += 1;
            let rating = rating_of(i, k);
            let written = now - Duration::days(1 + (k * 3 + i) % 700);
            reviews.push(review::ActiveModel {
                id: Set(id),
                practitioner_id: Set(i + 1),
                author_id: Set((i * 7 + k) % PATIENTS + 1),
                status: Set(ReviewStatus::Approved),
                current_revision_id: Set(Some(id)),
                approved_revision_id: Set(Some(id)),
                verified_patient: Set(k % 3 == 0),
                invite_id: Set(None),
                appeal_used: Set(false),
                approved_at: Set(Some(written + Duration::days(1))),
                created_at: Set(written),
                updated_at: Set(written),
            });
            let reported: Vec<SideEffect> = SideEffect::ALL
                .iter()
                .enumerate()
                .filter(|(n, _)| (k + *n as i64 * 5) % 11 == 0)
                .map(|(_, effect)| *effect)
                .collect();
            effects.extend(
                reported
                    .iter()
                    .map(|effect| review_side_effect::ActiveModel {
                        revision_id: Set(id),
                        side_effect: Set(*effect),
                    }),
            );
            revisions.push(review_revision::ActiveModel {
                id: Set(id),
                review_id: Set(id),
                number: Set(1),
                side_effect_flags: Set(SideEffect::flags_of(&reported)),
                rating: Set(rating),
                worth_it: Set(if rating >= 4 { WorthIt::Yes } else if rating == 3 { WorthIt::NotSure } else { WorthIt::No }),
                treatment: Set(Treatment::LipFlip),
                product: Set(Some(Product::ALL[(k % 5) as usize])),
                units: Set(Some(4 + (k % 4) as i32)),
                price_paid_cents: Set(Some(15_000)),
                treatment_month: Set(written.format("%Y-%m").to_string()),
                days_to_onset: Set(Some(result_times(k).0)),
                weeks_lasted: Set(Some(result_times(k).1)),
                correction_needed: Set(false),
                title: Set(format!("Review {id}: {}", if rating >= 4 { "natural result" } else { "not what I hoped" })),
                body: Set("The consultation explained what a lip flip can and cannot do. The upper lip rolled out a little after a few days and the result looked natural. Mild tenderness for a day.".into()),
                incentive_received: Set(false),
                relationship: Set(Relationship::None),
                status: Set(RevisionStatus::Approved),
                reason_code: Set(None),
                moderator_note: Set(None),
                moderated_by: Set(None),
                moderated_at: Set(Some(written + Duration::days(1))),
                created_at: Set(written),
                on_hold: Set(false),
            });
        }
    }
    let approved = id;
    println!("pending reviews…");
    for k in 0..PENDING_REVIEWS {
        id += 1;
        let written = now - Duration::hours(1 + k);
        // Distinct practitioners, and an author past those who reviewed them (one review
        // per author and practitioner).
        let i = k * 19 % PRACTITIONERS;
        reviews.push(review::ActiveModel {
            id: Set(id),
            practitioner_id: Set(i + 1),
            author_id: Set((i * 7 + PROFILE_REVIEWS + 1) % PATIENTS + 1),
            status: Set(ReviewStatus::Pending),
            current_revision_id: Set(Some(id)),
            approved_revision_id: Set(None),
            verified_patient: Set(false),
            invite_id: Set(None),
            appeal_used: Set(false),
            approved_at: Set(None),
            created_at: Set(written),
            updated_at: Set(written),
        });
        revisions.push(review_revision::ActiveModel {
            id: Set(id),
            review_id: Set(id),
            number: Set(1),
            rating: Set(1 + (k % 5) as i16),
            worth_it: Set(WorthIt::NotSure),
            treatment: Set(Treatment::LipFlip),
            product: Set(Some(Product::Botox)),
            units: Set(Some(4)),
            price_paid_cents: Set(Some(15_000)),
            treatment_month: Set(written.format("%Y-%m").to_string()),
            days_to_onset: Set(Some(4)),
            weeks_lasted: Set(None),
            correction_needed: Set(false),
            title: Set(format!("Waiting review {k}")),
            body: Set("My upper lip showed a little more after four days. Too early to say how long it lasts, but the injector was careful and explained the dose.".into()),
            incentive_received: Set(false),
            relationship: Set(Relationship::None),
            status: Set(RevisionStatus::Pending),
            reason_code: Set(None),
            moderator_note: Set(None),
            moderated_by: Set(None),
            moderated_at: Set(None),
            created_at: Set(written),
            on_hold: Set(false),
            side_effect_flags: Set(0),
        });
    }
    insert_chunks(&txn, reviews).await?;
    // Each author's reviews, as the transaction that creates a review counts them.
    migration::m20261207_000021_count_reviews_written::count_reviews_written(&txn).await?;
    insert_chunks(&txn, revisions).await?;
    insert_chunks(&txn, effects).await?;
    // Each approval in the audit log, as moderating them would have written it, and the
    // moderation figures' tallies of them.
    txn.execute_unprepared(
        "INSERT INTO moderation_events \
           (actor_id, subject_kind, subject_id, action, from_state, to_state, revision_id, created_at) \
         SELECT NULL, 'review', id, 'approve', 'pending', 'approved', approved_revision_id, approved_at \
         FROM reviews WHERE status = 'approved'",
    )
    .await?;
    migration::m20261201_000017_moderation_tallies::tally_the_audit_log(&txn).await?;
    txn.commit().await?;
    // Fresh statistics, as a long-running database would have; on PostgreSQL also what
    // autovacuum would have done by then (the full-text index's pending entries merged, the
    // visibility map set), so the benchmark does not measure the minutes after a bulk load.
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => db.execute_unprepared("VACUUM ANALYZE").await?,
        _ => db.execute_unprepared("ANALYZE").await?,
    };
    println!(
        "done: {PRACTITIONERS} practitioners, {approved} approved and {PENDING_REVIEWS} waiting reviews, {PAIRS} photo pairs"
    );
    Ok(())
}

/// Prints the database's plan for the filtered directory query the benchmark requests.
async fn explain(db: &DatabaseConnection, query: &str) -> Result<(), sea_orm::DbErr> {
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let query = DirectoryQuery::from_params(&pairs).map_err(|e| sea_orm::DbErr::Custom(e.0))?;
    let today = Utc::now().date_naive();
    for (what, statement) in
        directory::statements_for_plan(db.get_database_backend(), &query, today)
    {
        let prefix = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => "EXPLAIN ANALYZE ",
            _ => "EXPLAIN QUERY PLAN ",
        };
        let explained = sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("{prefix}{}", statement.sql),
            statement.values.map(|v| v.0).unwrap_or_default(),
        );
        println!("-- {what}:\n{}\n", statement.sql);
        for row in db.query_all_raw(explained).await? {
            let line: String = row
                .try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<String>(3))
                .unwrap_or_else(|_| format!("{row:?}"));
            println!("  {line}");
        }
        println!();
    }
    Ok(())
}

/// The filtered directory request the benchmark measures.
fn bench_filtered_query() -> &'static str {
    "q=rivera&location=Austin&verified=on&treatment=lip_flip&sort=rating"
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = args
        .first()
        .ok_or("usage: bench_data DATABASE_URL [--explain [QUERY]]")?;
    let db = database::connect(url).await?;
    if let Some(at) = args.iter().position(|a| a == "--explain") {
        let query = args
            .get(at + 1)
            .map_or(bench_filtered_query(), String::as_str);
        explain(&db, query).await?;
        return Ok(());
    }
    database::migrate(&db).await?;
    if practitioner::Entity::find().one(&db).await?.is_some() {
        return Err("the database is not empty".into());
    }
    let _ = NaiveDate::MIN;
    generate(&db).await?;
    Ok(())
}
