//! How many results a directory search has: exact up to a limit, "1,000+" past it.

/// Results are counted exactly up to this many (and up to two pages past the one shown);
/// past that a search says "1,000+" rather than counting every row it matches.
pub const EXACT_COUNT_LIMIT: u64 = 1_000;

/// How many results a search has: exactly `n`, or more than `n` when not `exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCount {
    pub n: u64,
    pub exact: bool,
}

impl ResultCount {
    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    /// What a count capped at `limit + 1` rows (see `search::capped_count`) says.
    pub(super) fn up_to(counted: i64, limit: u64) -> Self {
        let n = u64::try_from(counted).unwrap_or_default();
        if n > limit {
            ResultCount {
                n: limit,
                exact: false,
            }
        } else {
            ResultCount { n, exact: true }
        }
    }
}

impl std::fmt::Display for ResultCount {
    /// "12", "1,204" or "1,000+".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.n.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        f.write_str(&grouped)?;
        if !self.exact {
            f.write_str("+")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_and_a_plus_past_the_limit() {
        let exact = |n| ResultCount { n, exact: true }.to_string();
        assert_eq!(exact(0), "0");
        assert_eq!(exact(999), "999");
        assert_eq!(exact(1_204), "1,204");
        assert_eq!(exact(1_234_567), "1,234,567");
        let more = ResultCount {
            n: EXACT_COUNT_LIMIT,
            exact: false,
        };
        assert_eq!(more.to_string(), "1,000+");
    }
}
