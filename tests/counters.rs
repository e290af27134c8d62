//! Counters stay exact: a random sequence of a few hundred submissions, edits and moderation
//! actions (approvals, rejections, requests for changes, removals, withdrawals, reports,
//! appeals) leaves every practitioner's counters equal to a recomputation from the rows.

mod common;

use chrono::Duration;
use common::{TestApp, review_text};
use injectory::domain::moderation::{TransitionError, appeals, flags, reviews};
use injectory::domain::practitioners::recount;
use injectory::domain::reviews::submission::{self, SubmitError};
use injectory::vocabulary::{FlagReason, ReasonCode, SideEffect};
use proptest::prelude::*;

/// One thing a person does. `pick` chooses among the items the action can apply to.
#[derive(Clone, Debug)]
enum Op {
    Submit {
        patient: usize,
        practitioner: usize,
        rating: i16,
        effects: u8,
    },
    Approve {
        pick: usize,
        moderator: usize,
    },
    Reject {
        pick: usize,
        moderator: usize,
    },
    RequestChanges {
        pick: usize,
        moderator: usize,
    },
    Remove {
        pick: usize,
        moderator: usize,
    },
    Withdraw {
        pick: usize,
    },
    Flag {
        pick: usize,
        reporter: usize,
        hides: bool,
    },
    Uphold {
        pick: usize,
        moderator: usize,
    },
    Dismiss {
        pick: usize,
        moderator: usize,
    },
    Appeal {
        pick: usize,
    },
    DecideAppeal {
        pick: usize,
        moderator: usize,
        grant: bool,
    },
}

const PATIENTS: usize = 6;
const PRACTITIONERS: usize = 3;
const MODERATORS: usize = 2;

fn op() -> impl Strategy<Value = Op> {
    let pick = 0..1000usize;
    let moderator = 0..MODERATORS;
    prop_oneof![
        4 => (0..PATIENTS, 0..PRACTITIONERS, 1..=5i16, any::<u8>()).prop_map(
            |(patient, practitioner, rating, effects)| Op::Submit { patient, practitioner, rating, effects }
        ),
        4 => (pick.clone(), moderator.clone()).prop_map(|(pick, moderator)| Op::Approve { pick, moderator }),
        1 => (pick.clone(), moderator.clone()).prop_map(|(pick, moderator)| Op::Reject { pick, moderator }),
        1 => (pick.clone(), moderator.clone()).prop_map(|(pick, moderator)| Op::RequestChanges { pick, moderator }),
        1 => (pick.clone(), moderator.clone()).prop_map(|(pick, moderator)| Op::Remove { pick, moderator }),
        1 => pick.clone().prop_map(|pick| Op::Withdraw { pick }),
        2 => (pick.clone(), 0..PATIENTS, any::<bool>()).prop_map(|(pick, reporter, hides)| Op::Flag { pick, reporter, hides }),
        1 => (pick.clone(), moderator.clone()).prop_map(|(pick, moderator)| Op::Uphold { pick, moderator }),
        1 => (pick.clone(), moderator.clone()).prop_map(|(pick, moderator)| Op::Dismiss { pick, moderator }),
        1 => pick.clone().prop_map(|pick| Op::Appeal { pick }),
        1 => (pick, moderator, any::<bool>()).prop_map(|(pick, moderator, grant)| Op::DecideAppeal { pick, moderator, grant }),
    ]
}

/// The `pick`-th of the ids a query returns (wrapping), if any.
async fn nth(app: &TestApp, sql: &str, pick: usize) -> Option<i64> {
    use sea_orm::ConnectionTrait;
    let backend = app.db.get_database_backend();
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(backend, sql.to_owned()))
        .await
        .expect("query runs");
    if rows.is_empty() {
        return None;
    }
    let row = &rows[pick % rows.len()];
    Some(row.try_get::<i64>("", "id").expect("id"))
}

/// A refusal the workflow is meant to give (someone decided first, not allowed, gone) is
/// fine; a database error is not.
fn expected<T>(outcome: Result<T, TransitionError>) {
    if let Err(TransitionError::Database(err)) = outcome {
        panic!("database error: {err}");
    }
}

async fn run(ops: Vec<Op>) {
    let app = TestApp::new().await;
    let mut patients = Vec::new();
    for n in 0..PATIENTS {
        patients.push(app.patient(&format!("Patient {n}")).await);
    }
    let mut practitioners = Vec::new();
    for n in 0..PRACTITIONERS {
        practitioners.push(
            app.published_practitioner(&format!("Injector {n}"), "Austin")
                .await
                .id,
        );
    }
    let mut moderators = Vec::new();
    for n in 0..MODERATORS {
        moderators.push(app.moderator(&format!("Moderator {n}")).await);
    }
    let db = &app.db;
    for op in ops {
        // Time passes between actions, so the hourly submission limit rarely bites.
        app.clock.advance(Duration::minutes(13));
        let now = app.clock.now();
        match op {
            Op::Submit {
                patient,
                practitioner,
                rating,
                effects,
            } => {
                let mut text = review_text(rating, "A review");
                // Answers that vary, some left blank, so the stored medians are put to the test.
                text.days_to_onset = (effects % 5 != 0).then_some(i32::from(effects % 13));
                text.weeks_lasted = (effects % 7 != 0).then_some(4 + i32::from(effects % 9));
                text.side_effects = SideEffect::ALL
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| effects & (1 << i) != 0)
                    .map(|(_, e)| *e)
                    .collect();
                match submission::submit_review(
                    db,
                    patients[patient],
                    practitioners[practitioner],
                    text,
                    now,
                )
                .await
                {
                    Ok(_) | Err(SubmitError::NotAllowed(_) | SubmitError::RateLimited { .. }) => {}
                    Err(other) => panic!("submission failed: {other}"),
                }
            }
            Op::Approve { pick, moderator } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM review_revisions WHERE status = 'pending' ORDER BY id",
                    pick,
                )
                .await
                {
                    expected(reviews::approve_review(db, moderators[moderator], id, now).await);
                }
            }
            Op::Reject { pick, moderator } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM review_revisions WHERE status = 'pending' ORDER BY id",
                    pick,
                )
                .await
                {
                    expected(
                        reviews::reject_review(
                            db,
                            moderators[moderator],
                            id,
                            ReasonCode::NotGenuine,
                            None,
                            now,
                        )
                        .await,
                    );
                }
            }
            Op::RequestChanges { pick, moderator } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM review_revisions WHERE status = 'pending' ORDER BY id",
                    pick,
                )
                .await
                {
                    expected(
                        reviews::request_changes(
                            db,
                            moderators[moderator],
                            id,
                            "More detail.".into(),
                            now,
                        )
                        .await,
                    );
                }
            }
            Op::Remove { pick, moderator } => {
                if let Some(id) = nth(&app, "SELECT id FROM reviews ORDER BY id", pick).await {
                    expected(
                        reviews::remove_review(
                            db,
                            moderators[moderator],
                            id,
                            ReasonCode::Promotional,
                            None,
                            now,
                        )
                        .await,
                    );
                }
            }
            Op::Withdraw { pick } => {
                if let Some(id) = nth(&app, "SELECT id FROM reviews ORDER BY id", pick).await {
                    let author = app
                        .count(&format!(
                            "SELECT author_id AS n FROM reviews WHERE id = {id}"
                        ))
                        .await;
                    expected(reviews::withdraw_review(db, author, id, now).await);
                }
            }
            Op::Flag {
                pick,
                reporter,
                hides,
            } => {
                if let Some(id) = nth(&app, "SELECT id FROM reviews ORDER BY id", pick).await {
                    let reason = if hides {
                        FlagReason::HealthDetails
                    } else {
                        FlagReason::Offensive
                    };
                    match flags::flag_review(db, patients[reporter], id, reason, "", now).await {
                        Ok(_) | Err(flags::FlagError::AlreadyReported) => {}
                        Err(flags::FlagError::Transition(err)) => expected::<()>(Err(err)),
                    }
                }
            }
            Op::Uphold { pick, moderator } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM flags WHERE status = 'open' ORDER BY id",
                    pick,
                )
                .await
                {
                    expected(
                        flags::uphold_flag(
                            db,
                            moderators[moderator],
                            id,
                            ReasonCode::HarmfulOrIllegal,
                            None,
                            now,
                        )
                        .await,
                    );
                }
            }
            Op::Dismiss { pick, moderator } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM flags WHERE status = 'open' ORDER BY id",
                    pick,
                )
                .await
                {
                    expected(flags::dismiss_flag(db, moderators[moderator], id, None, now).await);
                }
            }
            Op::Appeal { pick } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM reviews WHERE status IN ('rejected', 'removed') ORDER BY id",
                    pick,
                )
                .await
                {
                    let author = app
                        .count(&format!(
                            "SELECT author_id AS n FROM reviews WHERE id = {id}"
                        ))
                        .await;
                    expected(
                        appeals::appeal_review(
                            db,
                            author,
                            id,
                            "It was my own treatment.".into(),
                            now,
                        )
                        .await,
                    );
                }
            }
            Op::DecideAppeal {
                pick,
                moderator,
                grant,
            } => {
                if let Some(id) = nth(
                    &app,
                    "SELECT id FROM appeals WHERE status = 'open' ORDER BY id",
                    pick,
                )
                .await
                {
                    expected(
                        appeals::decide_appeal(db, moderators[moderator], id, grant, None, now)
                            .await,
                    );
                }
            }
        }
    }
    let drifts = recount::differences(db).await.expect("recomputes");
    assert!(drifts.is_empty(), "counters drifted: {drifts:?}");
    // The public review count is what the rows say, not just what the counters say.
    for id in practitioners {
        let stored = app
            .count(&format!(
                "SELECT review_count AS n FROM practitioners WHERE id = {id}"
            ))
            .await;
        let public = app
            .count(&format!("SELECT COUNT(*) AS n FROM reviews WHERE practitioner_id = {id} AND status = 'approved'"))
            .await;
        assert_eq!(stored, public);
    }
}

fn cases() -> u32 {
    // Every case makes a database; PostgreSQL databases cost more to make.
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        4
    } else {
        12
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_moderation_leaves_every_counter_equal_to_a_recount(ops in prop::collection::vec(op(), 200..320)) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(run(ops));
    }
}
