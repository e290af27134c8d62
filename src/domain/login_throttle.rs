//! Slows password guessing and account probing. After 5 failed sign-ins for one account, or
//! 20 from one network, within 15 minutes, further attempts are refused until the oldest
//! failure leaves the window; a success clears the account's failures. Registration is
//! limited to 10 attempts an hour per network.
//!
//! Memory stays bounded whatever is sent: an account is kept as 16 bytes of a hash of its
//! normalised email, never the email; a network as one number (an IPv4 address, or the /64
//! an IPv6 address belongs to, since one subscriber gets a whole /64); each key keeps at
//! most as many times as its limit; and each table holds at most [`MAX_KEYS`] keys, sweeping
//! expired ones and then dropping the least recently seen.
//!
//! The counts live in this process's memory, so each instance counts on its own: behind a
//! load balancer with N instances an attacker gets at most N times the attempts. That is
//! documented in the README; a shared store can replace this type without touching callers.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// Failures allowed per account within the window.
pub const ACCOUNT_LIMIT: usize = 5;
/// Failures allowed per network within the window.
pub const ADDRESS_LIMIT: usize = 20;
/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// Registration attempts allowed per network in an hour.
pub const REGISTRATION_LIMIT: usize = 10;
/// Keys a table holds at most.
pub const MAX_KEYS: usize = 50_000;

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

    /// The wait in words, as the pages say it: "1 minute", "15 minutes".
    pub fn wait_in_words(&self) -> String {
        match self.minutes() {
            1 => "1 minute".to_owned(),
            n => format!("{n} minutes"),
        }
    }
}

/// An account as the limiter keeps it: part of a hash of its normalised email.
pub type AccountKey = [u8; 16];

/// The limiter's key for an email (already normalised).
pub fn account_key(email: &str) -> AccountKey {
    let digest = Sha256::digest(email.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// A network as the limiter counts it: an IPv4 address, or an IPv6 address's /64. `None`
/// (no address known) is one shared network, so the limit never fails open.
pub fn network_key(address: Option<IpAddr>) -> u128 {
    match address {
        Some(IpAddr::V4(v4)) => u128::from(u32::from(v4)),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => u128::from(u32::from(v4)),
            None => (u128::from(v6) >> 64 << 64) | 1 << 32,
        },
        None => u128::MAX,
    }
}

/// Times of recent events per key, within a sliding window, bounded as the module says.
#[derive(Debug)]
struct Window<K> {
    times: HashMap<K, VecDeque<DateTime<Utc>>>,
    limit: usize,
    span: Duration,
    max_keys: usize,
}

impl<K: Hash + Eq + Copy> Window<K> {
    fn new(limit: usize, span: Duration, max_keys: usize) -> Self {
        Self {
            times: HashMap::new(),
            limit,
            span,
            max_keys: max_keys.max(10),
        }
    }

    fn prune(times: &mut VecDeque<DateTime<Utc>>, now: DateTime<Utc>, span: Duration) {
        while times.front().is_some_and(|t| *t + span <= now) {
            times.pop_front();
        }
    }

    /// Whether another event for `key` is allowed now.
    fn check(&mut self, key: &K, now: DateTime<Utc>) -> Result<(), Throttled> {
        let span = self.span;
        let Some(times) = self.times.get_mut(key) else {
            return Ok(());
        };
        Self::prune(times, now, span);
        if times.len() < self.limit {
            return Ok(());
        }
        // Allowed again once enough events have aged out to fall below the limit.
        let frees_at = times[times.len() - self.limit] + span;
        Err(Throttled {
            retry_after: frees_at - now,
        })
    }

    /// Counts an event for `key`.
    fn record(&mut self, key: K, now: DateTime<Utc>) {
        if !self.times.contains_key(&key) && self.times.len() >= self.max_keys {
            self.make_room(now);
        }
        let times = self.times.entry(key).or_default();
        times.push_back(now);
        while times.len() > self.limit {
            times.pop_front();
        }
    }

    /// Sweeps expired keys; if the table is still full, drops the least recently seen tenth.
    fn make_room(&mut self, now: DateTime<Utc>) {
        let span = self.span;
        self.times.retain(|_, times| {
            Self::prune(times, now, span);
            !times.is_empty()
        });
        if self.times.len() < self.max_keys {
            return;
        }
        let mut last_seen: Vec<DateTime<Utc>> = self
            .times
            .values()
            .filter_map(|t| t.back().copied())
            .collect();
        let cut = last_seen.len() / 10;
        let (_, oldest_kept, _) = last_seen.select_nth_unstable(cut);
        let oldest_kept = *oldest_kept;
        self.times
            .retain(|_, times| times.back().is_some_and(|t| *t > oldest_kept));
    }

    fn clear(&mut self, key: &K) {
        self.times.remove(key);
    }

    fn len(&self) -> usize {
        self.times.len()
    }
}

#[derive(Debug)]
struct Tables {
    accounts: Window<AccountKey>,
    networks: Window<u128>,
    registrations: Window<u128>,
}

/// Failed sign-ins by account and by network, and registration attempts by network.
#[derive(Debug)]
pub struct LoginThrottle {
    tables: Mutex<Tables>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::with_capacity(MAX_KEYS)
    }
}

impl LoginThrottle {
    /// A limiter whose tables hold at most `max_keys` keys each.
    pub fn with_capacity(max_keys: usize) -> Self {
        let window = Duration::minutes(WINDOW_MINUTES);
        Self {
            tables: Mutex::new(Tables {
                accounts: Window::new(ACCOUNT_LIMIT, window, max_keys),
                networks: Window::new(ADDRESS_LIMIT, window, max_keys),
                registrations: Window::new(REGISTRATION_LIMIT, Duration::hours(1), max_keys),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tables> {
        match self.tables.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Whether a sign-in for `email` (normalised) from `address` may be checked at all.
    pub fn check(
        &self,
        email: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), Throttled> {
        let mut tables = self.lock();
        tables.accounts.check(&account_key(email), now)?;
        tables.networks.check(&network_key(address), now)
    }

    /// Counts a failed sign-in (wrong password or unknown email alike).
    pub fn record_failure(&self, email: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        let mut tables = self.lock();
        tables.accounts.record(account_key(email), now);
        tables.networks.record(network_key(address), now);
    }

    /// Clears an account's failures after it signed in.
    pub fn record_success(&self, email: &str) {
        self.lock().accounts.clear(&account_key(email));
    }

    /// Counts a registration attempt from `address`, unless the network is over its limit.
    pub fn registration_attempt(
        &self,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), Throttled> {
        let mut tables = self.lock();
        let key = network_key(address);
        tables.registrations.check(&key, now)?;
        tables.registrations.record(key, now);
        Ok(())
    }

    /// How many keys the tables hold (accounts, networks, registration networks).
    pub fn sizes(&self) -> (usize, usize, usize) {
        let tables = self.lock();
        (
            tables.accounts.len(),
            tables.networks.len(),
            tables.registrations.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed moment: the limiter only ever compares times it is handed.
    fn noon() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default()
    }

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn five_failures_lock_the_account_until_the_window_passes() {
        let throttle = LoginThrottle::default();
        let start = noon();
        for i in 0..5 {
            let now = start + Duration::seconds(i);
            assert_eq!(throttle.check("a@x.test", ip(1), now), Ok(()));
            throttle.record_failure("a@x.test", ip(1), now);
        }
        let refused = throttle
            .check("a@x.test", ip(2), start + Duration::seconds(10))
            .expect_err("sixth attempt is refused, from any address");
        assert_eq!(refused.minutes(), 15);
        assert_eq!(refused.wait_in_words(), "15 minutes");
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
    fn twenty_failures_from_one_network_lock_the_network() {
        let throttle = LoginThrottle::default();
        let now = noon();
        for i in 0..20 {
            throttle.record_failure(&format!("user{i}@x.test"), ip(7), now);
        }
        assert!(throttle.check("new@x.test", ip(7), now).is_err());
        assert_eq!(throttle.check("new@x.test", ip(8), now), Ok(()));
    }

    #[test]
    fn an_ipv6_subscriber_is_one_network_and_no_address_is_not_a_free_pass() {
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:ffff:0:0:9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(network_key(Some(a)), network_key(Some(b)));
        assert_ne!(network_key(Some(a)), network_key(Some(c)));
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().expect("ip");
        assert_eq!(network_key(Some(mapped)), network_key(ip(7)));
        let throttle = LoginThrottle::default();
        let now = noon();
        for i in 0..20 {
            throttle.record_failure(&format!("user{i}@x.test"), None, now);
        }
        assert!(throttle.check("new@x.test", None, now).is_err());
    }

    #[test]
    fn success_clears_the_account_count() {
        let throttle = LoginThrottle::default();
        let now = noon();
        for _ in 0..4 {
            throttle.record_failure("a@x.test", ip(1), now);
        }
        throttle.record_success("a@x.test");
        for _ in 0..4 {
            throttle.record_failure("a@x.test", ip(1), now);
        }
        assert_eq!(throttle.check("a@x.test", ip(1), now), Ok(()));
    }

    #[test]
    fn registration_attempts_are_limited_per_network() {
        let throttle = LoginThrottle::default();
        let now = noon();
        for _ in 0..REGISTRATION_LIMIT {
            assert_eq!(throttle.registration_attempt(ip(3), now), Ok(()));
        }
        assert!(throttle.registration_attempt(ip(3), now).is_err());
        assert_eq!(throttle.registration_attempt(ip(4), now), Ok(()));
        assert_eq!(
            throttle.registration_attempt(ip(3), now + Duration::hours(1)),
            Ok(())
        );
    }
}
