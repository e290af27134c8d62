//! The outbox: mail is a row written in the same transaction as the change that causes it
//! (so a change and its message stand or fall together), and a sender takes due rows,
//! sends them and records what happened. A failed send is retried with backoff; after a day
//! the row is marked failed with the reason. A sender claims rows for a while before sending,
//! so several senders never send one message twice (on PostgreSQL the claim skips rows
//! another sender has locked; SQLite has one writer).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::{Transactional, begin_write};
use crate::entities::{account_token, outbox_message};
use crate::vocabulary::{MailKind, OutboxStatus, TokenPurpose};

/// How long a sender holds the rows it claimed before another may take them.
pub const CLAIM_FOR: Duration = Duration::minutes(5);
/// How long a message is retried before it is given up.
pub const GIVE_UP_AFTER: Duration = Duration::hours(24);

/// A message to write to the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub kind: MailKind,
}

/// Writes `mail` to the outbox, inside the caller's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    mail: Mail,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    enqueue_for(db, None, mail, now).await
}

/// Writes `mail` for the account `account_id` (when it is for one) to the outbox, inside the
/// caller's transaction.
pub async fn enqueue_for(
    db: &impl ConnectionTrait,
    account_id: Option<i64>,
    mail: Mail,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    insert(db, account_id, mail, None, now).await
}

/// Writes a notice to account `account_id` at `recipient` to the outbox, inside the
/// caller's transaction: `notice` is its structured data, written out when it is sent.
pub async fn enqueue_notice(
    db: &impl ConnectionTrait,
    account_id: i64,
    recipient: String,
    notice: String,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let unwritten = Mail {
        to: recipient,
        subject: String::new(),
        text: String::new(),
        html: String::new(),
        kind: MailKind::Notice,
    };
    insert(db, Some(account_id), unwritten, Some(notice), now).await
}

async fn insert(
    db: &impl ConnectionTrait,
    account_id: Option<i64>,
    mail: Mail,
    notice: Option<String>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = outbox_message::ActiveModel {
        account_id: Set(account_id),
        recipient: Set(mail.to),
        subject: Set(mail.subject),
        text_body: Set(mail.text),
        html_body: Set(mail.html),
        notice: Set(notice),
        kind: Set(mail.kind),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Deletes every notice not sent yet, with the "stop notices" links made for them (used
/// once, when the demo data is loaded: its past decisions are nobody's news).
pub async fn forget_notices(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    outbox_message::Entity::delete_many()
        .filter(outbox_message::Column::Notice.is_not_null())
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Pending))
        .exec(db)
        .await?;
    account_token::Entity::delete_many()
        .filter(account_token::Column::Purpose.eq(TokenPurpose::StopNotices))
        .exec(db)
        .await?;
    Ok(())
}

/// Keeps what a notice was written out as, so the outbox shows what was sent.
pub async fn store_written(db: &impl ConnectionTrait, id: i64, mail: &Mail) -> Result<(), DbErr> {
    use outbox_message::Column as O;
    outbox_message::Entity::update_many()
        .col_expr(O::Subject, Expr::value(mail.subject.clone()))
        .col_expr(O::TextBody, Expr::value(mail.text.clone()))
        .col_expr(O::HtmlBody, Expr::value(mail.html.clone()))
        .filter(O::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Claims up to `limit` due messages for this sender, oldest first.
pub async fn claim_due(
    db: &impl Transactional,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    use outbox_message::Column as O;
    let txn = begin_write(db).await?;
    let mut due = outbox_message::Entity::find()
        .filter(O::Status.eq(OutboxStatus::Pending))
        .filter(O::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(O::ClaimedUntil.is_null())
                .add(O::ClaimedUntil.lte(now)),
        )
        .order_by_asc(O::NextAttemptAt)
        .order_by_asc(O::Id)
        .limit(limit);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = due.all(&txn).await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        // Compare-and-set on the claim, so a row another sender took meanwhile is left alone.
        let taken = outbox_message::Entity::update_many()
            .col_expr(O::ClaimedUntil, Expr::value(Some(now + CLAIM_FOR)))
            .filter(O::Id.eq(row.id))
            .filter(O::Status.eq(OutboxStatus::Pending))
            .filter(
                Condition::any()
                    .add(O::ClaimedUntil.is_null())
                    .add(O::ClaimedUntil.lte(now)),
            )
            .exec(&txn)
            .await?;
        if taken.rows_affected == 1 {
            claimed.push(row);
        }
    }
    txn.commit().await?;
    Ok(claimed)
}

/// Records that message `id` was handed to the mail server.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use outbox_message::Column as O;
    outbox_message::Entity::update_many()
        .col_expr(O::Status, Expr::value(OutboxStatus::Sent))
        .col_expr(O::SentAt, Expr::value(Some(now)))
        .col_expr(O::Attempts, Expr::col(O::Attempts).add(1))
        .col_expr(O::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(O::LastError, Expr::value(Option::<String>::None))
        .filter(O::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The wait before the next attempt after `attempts` failed ones: 1, 2, 4 ... minutes, at
/// most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 1_i64 << attempts.clamp(0, 6);
    Duration::minutes(Ord::min(minutes, 60))
}

/// Records a failed attempt of `message`: retried after [`backoff`], or given up (failed,
/// with the reason) once it is older than [`GIVE_UP_AFTER`]. Whether it was given up.
pub async fn mark_attempt_failed(
    db: &impl ConnectionTrait,
    message: &outbox_message::Model,
    error: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use outbox_message::Column as O;
    let attempts = message.attempts + 1;
    let give_up = now - message.created_at >= GIVE_UP_AFTER;
    let status = if give_up {
        OutboxStatus::Failed
    } else {
        OutboxStatus::Pending
    };
    let reason: String = error.chars().take(1000).collect();
    outbox_message::Entity::update_many()
        .col_expr(O::Status, Expr::value(status))
        .col_expr(O::Attempts, Expr::value(attempts))
        .col_expr(O::NextAttemptAt, Expr::value(now + backoff(attempts)))
        .col_expr(O::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(O::LastError, Expr::value(Some(reason)))
        .filter(O::Id.eq(message.id))
        .exec(db)
        .await?;
    Ok(give_up)
}

/// Messages not sent yet and messages given up, oldest first: what `injectory outbox` lists.
pub async fn unsent(db: &impl ConnectionTrait) -> Result<Vec<outbox_message::Model>, DbErr> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.is_in([OutboxStatus::Pending, OutboxStatus::Failed]))
        .order_by_asc(outbox_message::Column::CreatedAt)
        .order_by_asc(outbox_message::Column::Id)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::minutes(2));
        assert_eq!(backoff(3), Duration::minutes(8));
        assert_eq!(backoff(6), Duration::minutes(60));
        assert_eq!(backoff(40), Duration::minutes(60));
    }
}
