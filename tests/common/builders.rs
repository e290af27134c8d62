//! Builders: tests state their own data (a published practitioner, a credential in a given
//! state, a review in a given state, a photo pair) through the same domain functions the site
//! uses, instead of leaning on demo slugs.

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};
use injectory::domain::accounts::{self, NewAccount};
use injectory::domain::credentials::{self, CredentialDetails};
use injectory::domain::gallery::{self, PairDetails};
use injectory::domain::moderation::credentials::{
    SourceChecked, reject_credential, verify_credential,
};
use injectory::domain::moderation::{flags, photos, reviews as transitions};
use injectory::domain::practitioners::own_profile;
use injectory::domain::practitioners::profile_form::{ProfileInput, check_profile};
use injectory::domain::reviews::ReviewText;
use injectory::domain::reviews::submission;
use injectory::media::{self, FolderStore, StoredImage};
use injectory::vocabulary::{
    CredentialKind, CredentialRejection, FlagReason, Profession, ReasonCode, Relationship, Role,
    SideEffect, Treatment, WorthIt,
};

use super::TestApp;

/// The password every built account has.
pub const BUILT_PASSWORD: &str = "orchid lantern gravel meadow";

/// One argon2 hash of [`BUILT_PASSWORD`], shared, so building many accounts stays fast.
fn built_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| accounts::hash_password(BUILT_PASSWORD).expect("hashes"))
        .clone()
}

/// A practitioner made by [`TestApp::published_practitioner`].
#[derive(Clone, Debug)]
pub struct BuiltPractitioner {
    pub id: i64,
    pub slug: String,
    pub account_id: i64,
    pub email: String,
}

/// A review made by [`TestApp::review`].
#[derive(Clone, Copy, Debug)]
pub struct BuiltReview {
    pub review_id: i64,
    /// The newest text.
    pub revision_id: i64,
}

/// Where a built review should end up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewState {
    Pending,
    Approved,
    Rejected,
    NeedsChanges,
    Removed,
    Withdrawn,
    /// Approved, then hidden by a health-details report.
    Hidden,
    /// Approved, with an edit waiting.
    PendingEdit,
    /// Approved, with an edit waiting, then hidden by a health-details report: the edit is
    /// on hold.
    HiddenWithEdit,
    /// Approved, with an edit waiting, then removed by the moderator: the edit is on hold.
    RemovedWithEdit,
}

/// Where a built credential should end up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialOutcome {
    Pending,
    Verified,
    Rejected,
}

/// A review text with the given rating and sensible answers elsewhere.
pub fn review_text(rating: i16, title: &str) -> ReviewText {
    ReviewText {
        rating,
        worth_it: if rating >= 4 {
            WorthIt::Yes
        } else {
            WorthIt::No
        },
        treatment: Treatment::LipFlip,
        product: None,
        units: Some(4),
        price_paid_cents: Some(15_000),
        treatment_month: "2026-09".to_owned(),
        days_to_onset: Some(5),
        weeks_lasted: Some(10),
        side_effects: if rating >= 4 {
            vec![SideEffect::Bruising]
        } else {
            vec![SideEffect::Asymmetry, SideEffect::Drooling]
        },
        correction_needed: false,
        title: title.to_owned(),
        body: format!(
            "{title}. The upper lip rolled out a little after five days and it lasted ten weeks."
        ),
        incentive_received: false,
        relationship: Relationship::None,
    }
}

impl TestApp {
    /// An account with [`BUILT_PASSWORD`] (hashed once per test run); returns its id.
    pub async fn built_account(&self, email: &str, role: Role, name: &str) -> i64 {
        accounts::create_account(
            &self.db,
            NewAccount {
                email: email.to_owned(),
                password_hash: built_hash(),
                role,
                display_name: name.to_owned(),
                email_verified: true,
            },
            self.clock.now(),
        )
        .await
        .expect("account is created")
        .id
    }

    /// A moderator account.
    pub async fn moderator(&self, name: &str) -> i64 {
        let email = format!("{}@moderators.test", name.to_lowercase().replace(' ', "."));
        self.built_account(&email, Role::Moderator, name).await
    }

    /// A patient account.
    pub async fn patient(&self, name: &str) -> i64 {
        let email = format!("{}@patients.test", name.to_lowercase().replace(' ', "."));
        self.built_account(&email, Role::Patient, name).await
    }

    /// A practitioner account whose profile is published in `city`, offering lip flips.
    pub async fn published_practitioner(&self, name: &str, city: &str) -> BuiltPractitioner {
        let email = format!(
            "{}@practitioners.test",
            name.to_lowercase().replace([' ', '.', ','], "")
        );
        let account_id = self.built_account(&email, Role::Practitioner, name).await;
        let profile = own_profile::create_draft(
            &self.db,
            account_id,
            name,
            Profession::NursePractitioner,
            self.clock.now(),
        )
        .await
        .expect("draft");
        let changes = check_profile(&ProfileInput {
            name: name.to_owned(),
            profession: "nurse_practitioner".into(),
            setting: "med_spa".into(),
            city: city.to_owned(),
            region: "TX".into(),
            treatments: vec!["lip_flip".into()],
            products: vec!["botox".into()],
            lip_flip_price: "150".into(),
            accepting_new_patients: true,
            publish: true,
            ..Default::default()
        })
        .expect("a complete profile");
        own_profile::save_profile(&self.db, profile.id, changes, self.clock.now())
            .await
            .expect("saved");
        BuiltPractitioner {
            id: profile.id,
            slug: profile.slug,
            account_id,
            email,
        }
    }

    /// A license of the practitioner, expiring on `expires_on`, decided by `moderator` as
    /// `outcome`; returns its id.
    pub async fn credential(
        &self,
        practitioner_id: i64,
        moderator: i64,
        expires_on: Option<NaiveDate>,
        outcome: CredentialOutcome,
    ) -> i64 {
        let now = self.clock.now();
        let id = credentials::add(
            &self.db,
            practitioner_id,
            CredentialDetails {
                kind: CredentialKind::License,
                title: "Registered nurse license".into(),
                issuer: "Texas Board of Nursing".into(),
                number: "RN-0001".into(),
                region: "TX".into(),
                issued_on: Some(now.date_naive() - Duration::days(2000)),
                expires_on,
            },
            now,
        )
        .await
        .expect("credential added");
        match outcome {
            CredentialOutcome::Pending => {}
            CredentialOutcome::Verified => verify_credential(
                &self.db,
                moderator,
                id,
                SourceChecked {
                    source: "Texas Board of Nursing license lookup".into(),
                    checked_on: now.date_naive(),
                },
                now,
            )
            .await
            .expect("verified"),
            CredentialOutcome::Rejected => reject_credential(
                &self.db,
                moderator,
                id,
                CredentialRejection::NotFoundAtSource,
                now,
            )
            .await
            .expect("rejected"),
        }
        id
    }

    /// A review by `author` of `practitioner_id` with `rating`, brought to `state` by
    /// `moderator` through the moderation functions.
    pub async fn review(
        &self,
        author: i64,
        practitioner_id: i64,
        rating: i16,
        state: ReviewState,
        moderator: i64,
    ) -> BuiltReview {
        let now = self.clock.now();
        let submitted = submission::submit_review(
            &self.db,
            author,
            practitioner_id,
            review_text(rating, &format!("Review {rating} by {author}")),
            now,
        )
        .await
        .expect("submitted");
        let mut built = BuiltReview {
            review_id: submitted.review_id,
            revision_id: submitted.revision_id,
        };
        let revision = submitted.revision_id;
        match state {
            ReviewState::Pending => {}
            ReviewState::Rejected => {
                transitions::reject_review(
                    &self.db,
                    moderator,
                    revision,
                    ReasonCode::Promotional,
                    None,
                    now,
                )
                .await
                .expect("rejected");
            }
            ReviewState::NeedsChanges => {
                transitions::request_changes(
                    &self.db,
                    moderator,
                    revision,
                    "Please say more.".into(),
                    now,
                )
                .await
                .expect("sent back");
            }
            _ => {
                transitions::approve_review(&self.db, moderator, revision, now)
                    .await
                    .expect("approved");
            }
        }
        if matches!(
            state,
            ReviewState::PendingEdit | ReviewState::HiddenWithEdit | ReviewState::RemovedWithEdit
        ) {
            let edit = submission::submit_review(
                &self.db,
                author,
                practitioner_id,
                review_text(rating, &format!("Edited review by {author}")),
                now,
            )
            .await
            .expect("edit submitted");
            built.revision_id = edit.revision_id;
        }
        match state {
            ReviewState::Removed | ReviewState::RemovedWithEdit => {
                transitions::remove_review(
                    &self.db,
                    moderator,
                    built.review_id,
                    ReasonCode::NotGenuine,
                    None,
                    now,
                )
                .await
                .expect("removed");
            }
            ReviewState::Withdrawn => {
                transitions::withdraw_review(&self.db, author, built.review_id, now)
                    .await
                    .expect("withdrawn");
            }
            ReviewState::Hidden | ReviewState::HiddenWithEdit => {
                let reporter = self
                    .patient(&format!("Reporter of review {}", built.review_id))
                    .await;
                flags::flag_review(
                    &self.db,
                    reporter,
                    built.review_id,
                    FlagReason::HealthDetails,
                    "",
                    now,
                )
                .await
                .expect("hidden");
            }
            _ => {}
        }
        built
    }

    /// A demo picture, processed and stored as an upload would be.
    pub async fn stored_picture(&self, name: &str) -> StoredImage {
        let bytes =
            std::fs::read(super::seed_dir().join("gallery").join(name)).expect("demo picture");
        let processed = media::process_image(&bytes).expect("a demo picture is accepted");
        let store = FolderStore::new(self.media_dir.path().to_path_buf());
        media::store_image(&store, processed).await.expect("stored")
    }

    /// A before/after pair of real JPEGs from the demo pictures, approved by `moderator` or
    /// left pending; returns its id.
    pub async fn photo_pair(&self, practitioner_id: i64, moderator: i64, approved: bool) -> i64 {
        let before = self.stored_picture("pair-01-before.jpg").await;
        let after = self.stored_picture("pair-01-after.jpg").await;
        let now = self.clock.now();
        let id = gallery::add_pair(
            &self.db,
            practitioner_id,
            None,
            (&before, &after),
            PairDetails {
                treatment: Treatment::LipFlip,
                product: None,
                units: Some(4),
                days_after_treatment: Some(14),
                caption: "Upper lip at rest, before and after.".into(),
                consent_attested_on: now.date_naive(),
                edited: false,
                edit_note: None,
            },
            now,
        )
        .await
        .expect("pair added");
        if approved {
            photos::decide_photo(&self.db, moderator, id, photos::PhotoDecision::Approve, now)
                .await
                .expect("approved");
        }
        id
    }
}
