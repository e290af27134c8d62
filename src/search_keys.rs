//! The normalised keys the directory searches and filters on. They sit below the entities,
//! which keep them in step with the fields they are made from whenever a row is saved, and
//! the directory's query builder normalises what a visitor types the same way.

/// Lower-cased "name clinic", what the free-text filter searches.
pub fn search_text(name: &str, clinic: &str) -> String {
    format!("{} {}", name.trim(), clinic.trim()).to_lowercase()
}

/// A city or region as compared: trimmed, inner spaces collapsed, lower-cased.
pub fn place_key(place: &str) -> String {
    place
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A postal code as compared: upper-cased, without spaces.
pub fn postal_key(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised() {
        assert_eq!(place_key("  San   Diego "), "san diego");
        assert_eq!(postal_key("sw1a 1aa"), "SW1A1AA");
        assert_eq!(
            search_text(" Dr. Maya ", "Rivera Clinic"),
            "dr. maya rivera clinic"
        );
    }
}
