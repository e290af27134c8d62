//! Email addresses as the site keeps them: one normal form per person, and what looks
//! deliverable enough to register.

use unicode_normalization::UnicodeNormalization;

/// Trims, Unicode-normalises (NFKC) and lower-cases an email so one person has one address.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().nfkc().collect::<String>().to_lowercase()
}

/// The longest email accepted, in bytes (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;

/// The submitted text normalised, or `None` when it is far too long to be an address: such
/// text is refused before any work is done on it, and never shown again.
pub fn normalize_submitted(raw: &str) -> Option<String> {
    (raw.len() <= 4 * MAX_EMAIL_BYTES).then(|| normalize_email(raw))
}

/// Whether a normalised email looks deliverable: a local part of letters, digits and the
/// usual punctuation (no quotes, spaces or angle brackets), one `@`, and a domain of dotted
/// labels (letters, digits and inner hyphens) ending in a name of two or more letters.
pub fn is_plausible_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL_BYTES {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || ".!#$%&*+/=?^_`{|}~-'".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_normalised() {
        assert_eq!(normalize_email("  Ana@Example.COM "), "ana@example.com");
        // A full-width letter and a composed accent collapse to their plain forms.
        assert_eq!(normalize_email("ＡNA@example.com"), "ana@example.com");
        assert_eq!(
            normalize_email("Jose\u{0301}@example.com"),
            "josé@example.com"
        );
    }

    #[test]
    fn implausible_emails_are_refused() {
        assert!(is_plausible_email("ana@example.com"));
        assert!(is_plausible_email("o'brien+clinic@mail.example.co.uk"));
        assert!(is_plausible_email("josé@example.com"));
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "a@b@c.com",
            "v1@example.com'\"><svg>",
            "v4@a..b",
            "v5@-.-",
            "v6@example.c0m",
            ".ana@example.com",
            "ana@-example.com",
        ] {
            assert!(!is_plausible_email(bad), "{bad:?} should be refused");
        }
    }

    #[test]
    fn far_too_long_text_is_not_normalised() {
        assert_eq!(
            normalize_submitted(" Ana@Example.com").as_deref(),
            Some("ana@example.com")
        );
        assert_eq!(normalize_submitted(&"e".repeat(10_000)), None);
    }
}
