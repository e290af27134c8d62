//! Slows password guessing: after 5 failed sign-ins for one account, or 20 from one network
//! address, within 15 minutes, further attempts are refused until the oldest failure leaves
//! the window. A success clears the account's failures (not the address's).
//!
//! The counts live in this process's memory, so each instance counts on its own: behind a
//! load balancer with N instances an attacker gets at most N times the attempts. That is
//! documented in the README; a shared store can replace this type without touching callers.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Failures allowed per account within the window.
pub const ACCOUNT_LIMIT: usize = 5;
/// Failures allowed per network address within the window.
pub const ADDRESS_LIMIT: usize = 20;
/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;

/// Beyond this many tracked keys, expired entries are swept so memory stays bounded.
const SWEEP_ABOVE: usize = 10_000;

/// Failed sign-in times by account email and by address.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<Failures>,
}

#[derive(Debug, Default)]
struct Failures {
    by_account: HashMap<String, VecDeque<DateTime<Utc>>>,
    by_address: HashMap<IpAddr, VecDeque<DateTime<Utc>>>,
}

/// A refused attempt: when the visitor may try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after: Duration,
}

impl Throttled {
    /// Whole minutes to wait, rounded up, at least one.
    pub fn minutes(&self) -> i64 {
        ((self.retry_after.num_seconds() + 59) / 60).max(1)
    }
}

fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

fn prune(times: &mut VecDeque<DateTime<Utc>>, now: DateTime<Utc>) {
    while times.front().is_some_and(|t| *t + window() <= now) {
        times.pop_front();
    }
}

/// When the attempt may go ahead, given the failures in the window and the limit.
fn check_one(
    times: Option<&mut VecDeque<DateTime<Utc>>>,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<(), Throttled> {
    let Some(times) = times else {
        return Ok(());
    };
    prune(times, now);
    if times.len() < limit {
        return Ok(());
    }
    // The attempt is allowed again once enough failures have aged out to fall below the limit.
    let index = times.len() - limit;
    let frees_at = times[index] + window();
    Err(Throttled {
        retry_after: frees_at - now,
    })
}

impl LoginThrottle {
    fn lock(&self) -> std::sync::MutexGuard<'_, Failures> {
        match self.failures.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Whether an attempt for `email` from `address` may be checked at all.
    pub fn check(
        &self,
        email: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), Throttled> {
        let mut failures = self.lock();
        check_one(failures.by_account.get_mut(email), ACCOUNT_LIMIT, now)?;
        if let Some(address) = address {
            check_one(failures.by_address.get_mut(&address), ADDRESS_LIMIT, now)?;
        }
        Ok(())
    }

    /// Counts a failed attempt (wrong password or unknown email alike).
    pub fn record_failure(&self, email: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        let mut failures = self.lock();
        if failures.by_account.len() + failures.by_address.len() > SWEEP_ABOVE {
            failures.by_account.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
            failures.by_address.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
        }
        failures
            .by_account
            .entry(email.to_owned())
            .or_default()
            .push_back(now);
        if let Some(address) = address {
            failures
                .by_address
                .entry(address)
                .or_default()
                .push_back(now);
        }
    }

    /// Clears an account's failures after it signed in.
    pub fn record_success(&self, email: &str) {
        self.lock().by_account.remove(email);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn five_failures_lock_the_account_until_the_window_passes() {
        let throttle = LoginThrottle::default();
        let start = Utc::now();
        for i in 0..5 {
            let now = start + Duration::seconds(i);
            assert_eq!(throttle.check("a@x.test", ip(1), now), Ok(()));
            throttle.record_failure("a@x.test", ip(1), now);
        }
        let refused = throttle
            .check("a@x.test", ip(2), start + Duration::seconds(10))
            .expect_err("sixth attempt is refused, from any address");
        assert_eq!(refused.minutes(), 15);
        assert_eq!(
            throttle.check("b@x.test", ip(1), start),
            Ok(()),
            "other accounts are free"
        );
        assert_eq!(
            throttle.check("a@x.test", ip(1), start + Duration::minutes(15)),
            Ok(()),
            "the oldest failure has left the window"
        );
    }

    #[test]
    fn twenty_failures_from_one_address_lock_the_address() {
        let throttle = LoginThrottle::default();
        let now = Utc::now();
        for i in 0..20 {
            throttle.record_failure(&format!("user{i}@x.test"), ip(7), now);
        }
        assert!(throttle.check("new@x.test", ip(7), now).is_err());
        assert_eq!(throttle.check("new@x.test", ip(8), now), Ok(()));
    }

    #[test]
    fn success_clears_the_account_count() {
        let throttle = LoginThrottle::default();
        let now = Utc::now();
        for _ in 0..4 {
            throttle.record_failure("a@x.test", ip(1), now);
        }
        throttle.record_success("a@x.test");
        for _ in 0..4 {
            throttle.record_failure("a@x.test", ip(1), now);
        }
        assert_eq!(throttle.check("a@x.test", ip(1), now), Ok(()));
    }
}
