//! The one rule every paged list (the directory, the profile's reviews, the moderation
//! queues and log, a practitioner's reviews) uses to find where a page starts.

/// How many items come before page `page` (1-based; 0 reads as the first) of `per_page`.
pub(crate) fn offset_of_page(page: u64, per_page: u64) -> u64 {
    page.saturating_sub(1).saturating_mul(per_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_starts_after_the_pages_before_it() {
        assert_eq!(offset_of_page(1, 20), 0);
        assert_eq!(offset_of_page(0, 20), 0);
        assert_eq!(offset_of_page(3, 20), 40);
        assert_eq!(offset_of_page(u64::MAX, 20), u64::MAX);
    }
}
