//! How long approving one review takes, through `approve_review` (its transaction, the
//! compare-and-set, the counters and the audit event), on the database named by the first
//! argument. Prints approvals per second, one at a time and with four moderators at once.
//!
//! cargo run --release --example bench_approvals -- 'sqlite:///tmp/approvals.db?mode=rwc'
//! cargo run --release --example bench_approvals -- postgres://postgres@127.0.0.1:5432/approvals

use std::time::Instant;

use chrono::Utc;
use injectory::database;
use injectory::domain::accounts::{self, NewAccount};
use injectory::domain::moderation::reviews::approve_review;
use injectory::domain::practitioners::own_profile;
use injectory::domain::practitioners::profile_form::{ProfileInput, check_profile};
use injectory::domain::reviews::ReviewText;
use injectory::domain::reviews::submission::submit_review;
use injectory::vocabulary::{Profession, Relationship, Role, SideEffect, Treatment, WorthIt};
use sea_orm::DatabaseConnection;

const REVIEWS: usize = 2000;

fn text(n: usize) -> ReviewText {
    ReviewText {
        rating: 1 + (n % 5) as i16,
        worth_it: WorthIt::Yes,
        treatment: Treatment::LipFlip,
        product: None,
        units: Some(4),
        price_paid_cents: Some(15_000),
        treatment_month: "2026-09".into(),
        days_to_onset: Some(5),
        weeks_lasted: Some(10),
        side_effects: vec![SideEffect::ALL[n % SideEffect::ALL.len()]],
        correction_needed: false,
        title: format!("Review {n}"),
        body: "The upper lip rolled out a little after five days and it lasted ten weeks.".into(),
        incentive_received: false,
        relationship: Relationship::None,
    }
}

async fn account(db: &DatabaseConnection, email: String, role: Role) -> i64 {
    accounts::create_account(
        db,
        NewAccount {
            email,
            password_hash: "not used".into(),
            role,
            display_name: "Bench".into(),
            email_verified: true,
        },
        Utc::now(),
    )
    .await
    .expect("account")
    .id
}

/// Pending reviews of one practitioner by `count` patients; returns their revision ids.
async fn pending(
    db: &DatabaseConnection,
    practitioner: i64,
    from: usize,
    count: usize,
) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in from..from + count {
        let patient = account(db, format!("patient{n}@bench.test"), Role::Patient).await;
        let submitted = submit_review(db, patient, practitioner, text(n), Utc::now())
            .await
            .expect("submitted");
        ids.push(submitted.revision_id);
    }
    ids
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args()
        .nth(1)
        .ok_or("usage: bench_approvals DATABASE_URL")?;
    let db = database::connect(&url).await?;
    database::migrate(&db).await?;
    let owner = account(&db, "owner@bench.test".into(), Role::Practitioner).await;
    let profile = own_profile::create_draft(
        &db,
        owner,
        "Bench Injector",
        Profession::Physician,
        Utc::now(),
    )
    .await?;
    let changes = check_profile(&ProfileInput {
        name: "Bench Injector".into(),
        profession: "physician".into(),
        setting: "medical_practice".into(),
        city: "Austin".into(),
        treatments: vec!["lip_flip".into()],
        publish: true,
        ..Default::default()
    })
    .map_err(|e| format!("{e:?}"))?;
    own_profile::save_profile(&db, profile.id, changes, Utc::now()).await?;
    let mut moderators = Vec::new();
    for n in 0..4 {
        moderators.push(account(&db, format!("moderator{n}@bench.test"), Role::Moderator).await);
    }

    let one_by_one = pending(&db, profile.id, 0, REVIEWS).await;
    let started = Instant::now();
    for id in &one_by_one {
        approve_review(&db, moderators[0], *id, Utc::now()).await?;
    }
    let elapsed = started.elapsed();
    println!(
        "{:<10} one moderator:   {REVIEWS} approvals in {:.2} s = {:.0} approvals/s ({:.2} ms each)",
        format!("{:?}", db.get_database_backend()),
        elapsed.as_secs_f64(),
        REVIEWS as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / REVIEWS as f64
    );

    let together = pending(&db, profile.id, REVIEWS, REVIEWS).await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, moderator) in moderators.iter().enumerate() {
        let db = db.clone();
        let moderator = *moderator;
        let share: Vec<i64> = together.iter().skip(n).step_by(4).copied().collect();
        tasks.push(tokio::spawn(async move {
            for id in share {
                approve_review(&db, moderator, id, Utc::now())
                    .await
                    .expect("approved");
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed();
    println!(
        "{:<10} four moderators: {REVIEWS} approvals in {:.2} s = {:.0} approvals/s",
        format!("{:?}", db.get_database_backend()),
        elapsed.as_secs_f64(),
        REVIEWS as f64 / elapsed.as_secs_f64()
    );
    let drifts = injectory::domain::practitioners::recount::differences(&db).await?;
    println!("counters exact afterwards: {}", drifts.is_empty());
    Ok(())
}
