//! Registering a patient or a practitioner account. A practitioner also gets the draft
//! profile it owns, in the same transaction. The new account is sent a link to confirm its
//! address. Registering an address that already has an account changes nothing and mails
//! that address a note instead, so the answer on the page is the same either way and does
//! not tell who has an account.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::domain::account_tokens::{IssueError, LinkMail};
use crate::domain::accounts::{self, AccountError, NewAccount, PasswordWork, check_password_rules};
use crate::domain::begin_write;
use crate::domain::email_address::{is_plausible_email, normalize_submitted};
use crate::domain::email_confirmation;
use crate::domain::outbox::{self, Mail};
use crate::domain::practitioners::own_profile;
use crate::domain::validation::{self, FieldErrors};
use crate::entities::account;
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

impl From<IssueError> for RegistrationError {
    fn from(err: IssueError) -> Self {
        match err {
            IssueError::Database(err) => err.into(),
            IssueError::Randomness(err) => RegistrationError::Failed(AccountError::Database(
                sea_orm::DbErr::Custom(err.to_string()),
            )),
        }
    }
}

/// The mail a registration sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrationMail {
    /// To a new account: the link that confirms its address.
    Confirm(LinkMail),
    /// To the owner of an address someone tried to register again.
    AlreadyRegistered { to: String, display_name: String },
}

/// Checks the form, hashes the password off the async workers and, in one transaction,
/// creates the account (and, for a practitioner, its unpublished draft profile) with the
/// confirmation mail `compose` writes. For an address that has an account, nothing is
/// created and its owner gets the "someone tried to register" mail instead; the caller
/// answers the same in both cases. Form errors come back by field.
pub async fn register(
    db: &DatabaseConnection,
    work: &PasswordWork,
    form: &Registration,
    now: DateTime<Utc>,
    compose: impl FnOnce(RegistrationMail) -> Mail,
) -> Result<(), RegistrationError> {
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
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(RegistrationError::Invalid(errors));
    };

    // Hashed whether or not the address is taken, so both answers take as long.
    let password_hash = work.hash(form.password.clone()).await?;
    let txn = begin_write(db).await?;
    let created = accounts::create_account(
        &txn,
        NewAccount {
            email: email.clone(),
            password_hash,
            role,
            display_name: display_name.clone(),
            email_verified: false,
        },
        now,
    )
    .await;
    let created = match created {
        Ok(created) => created,
        Err(AccountError::EmailTaken) => {
            // On PostgreSQL a unique violation (a registration racing this one) spoils the
            // transaction, so the owner is told in a new one.
            txn.rollback().await?;
            let txn = begin_write(db).await?;
            if let Some(owner) = accounts::find_by_email(&txn, &email).await? {
                let mail = compose(RegistrationMail::AlreadyRegistered {
                    to: owner.email,
                    display_name: owner.display_name,
                });
                outbox::enqueue_for(&txn, Some(owner.id), mail, now).await?;
            }
            txn.commit().await?;
            return Ok(());
        }
        Err(other) => return Err(other.into()),
    };
    if let (Role::Practitioner, Some(profession)) = (role, profession) {
        own_profile::create_draft(&txn, created.id, &display_name, profession, now).await?;
    }
    let row = account::Entity::find_by_id(created.id)
        .one(&txn)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("the new account".to_owned()))?;
    email_confirmation::send_link(&txn, &row, now, |link| {
        compose(RegistrationMail::Confirm(link))
    })
    .await?;
    txn.commit().await?;
    Ok(())
}
