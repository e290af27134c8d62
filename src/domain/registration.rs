//! Registering a patient or a practitioner account. A practitioner also gets the draft
//! profile it owns, in the same transaction.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};

use crate::domain::accounts::{
    self, Account, AccountError, NewAccount, PasswordWork, check_password_rules,
};
use crate::domain::email_address::{is_plausible_email, normalize_submitted};
use crate::domain::practitioners::own_profile;
use crate::domain::validation::{self, FieldErrors};
use crate::vocabulary::{Profession, Role};

/// The registration form as sent.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub role: String,
    pub profession: String,
}

/// Why registration did not create an account.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    /// Something the visitor can fix, by field.
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Failed(#[from] AccountError),
}

impl From<sea_orm::DbErr> for RegistrationError {
    fn from(err: sea_orm::DbErr) -> Self {
        RegistrationError::Failed(err.into())
    }
}

const EMAIL_TAKEN: &str = "An account with this email already exists. Log in instead.";

/// Checks the form, hashes the password off the async workers and creates the account (and,
/// for a practitioner, its unpublished draft profile) in one transaction.
pub async fn register(
    db: &DatabaseConnection,
    work: &PasswordWork,
    form: &Registration,
    now: DateTime<Utc>,
) -> Result<Account, RegistrationError> {
    let mut errors = FieldErrors::default();
    let display_name = validation::text(&mut errors, "display_name", &form.display_name, true, 120);
    // Far too long to be an address: refused before any work is done on it.
    let email = normalize_submitted(&form.email).unwrap_or_else(|| {
        errors.add("email", "Enter an email address such as name@example.com.");
        String::new()
    });
    if email.is_empty() && errors.get("email").is_none() {
        errors.add("email", "This is required.");
    } else if !is_plausible_email(&email) {
        errors.add("email", "Enter an email address such as name@example.com.");
    }
    let role = match form.role.as_str() {
        "patient" => Some(Role::Patient),
        "practitioner" => Some(Role::Practitioner),
        _ => {
            errors.add("role", "Choose patient or practitioner.");
            None
        }
    };
    let profession = Profession::parse(&form.profession);
    if role == Some(Role::Practitioner) && profession.is_none() {
        errors.add("profession", "Choose your profession.");
    }
    if let Err(message) = check_password_rules(&form.password, &email) {
        errors.add("password", message);
    }
    // Whether an email is registered is said only for an otherwise valid form, so the form
    // cannot be used to test addresses cheaply (registration is also limited per network).
    if errors.is_empty() && accounts::find_by_email(db, &email).await?.is_some() {
        errors.add("email", EMAIL_TAKEN);
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(RegistrationError::Invalid(errors));
    };

    let password_hash = work.hash(form.password.clone()).await?;
    let txn = db.begin().await?;
    let created = accounts::create_account(
        &txn,
        NewAccount {
            email,
            password_hash,
            role,
            display_name: display_name.clone(),
        },
        now,
    )
    .await;
    let created = match created {
        Ok(created) => created,
        Err(AccountError::EmailTaken) => {
            let mut errors = FieldErrors::default();
            errors.add("email", EMAIL_TAKEN);
            return Err(RegistrationError::Invalid(errors));
        }
        Err(other) => return Err(other.into()),
    };
    if let (Role::Practitioner, Some(profession)) = (role, profession) {
        own_profile::create_draft(&txn, created.id, &display_name, profession, now).await?;
    }
    txn.commit().await?;
    Ok(created)
}
