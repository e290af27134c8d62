//! The normalised keys the directory searches and filters on. They sit below the entities,
//! which keep them in step with the fields they are made from whenever a row is saved, and
//! the directory's query builder normalises what a visitor types the same way.

use crate::vocabulary::{Product, Treatment};

/// Lower-cased "name clinic": what the directory search weighs most.
pub fn search_text(name: &str, clinic: &str) -> String {
    format!("{} {}", name.trim(), clinic.trim()).to_lowercase()
}

/// Lower-cased city, region and the words of each treatment and product: what the directory
/// search matches besides the name and clinic.
pub fn search_terms(
    city: &str,
    region: &str,
    treatments: &[Treatment],
    products: &[Product],
) -> String {
    let mut words = vec![city.trim(), region.trim()];
    words.extend(treatments.iter().map(|t| t.label()));
    words.extend(products.iter().map(|p| p.label()));
    words.retain(|w| !w.is_empty());
    words.join(" ").to_lowercase()
}

/// The bits of the treatments offered ([`Treatment::flag`]): what the directory's treatment
/// filter reads. Written with the search terms by whoever saves the treatments.
pub fn treatment_flags(treatments: &[Treatment]) -> i32 {
    treatments.iter().fold(0, |flags, t| flags | t.flag())
}

/// The bits of the products offered ([`Product::flag`]), as [`treatment_flags`].
pub fn product_flags(products: &[Product]) -> i32 {
    products.iter().fold(0, |flags, p| flags | p.flag())
}

/// The longest search read, in words; the rest are ignored.
pub const MAX_SEARCH_WORDS: usize = 8;

/// What words are made of: letters and digits.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text` has a word to search for (without splitting it).
pub fn has_search_words(text: &str) -> bool {
    text.chars().any(is_word_char)
}

/// The words of what a visitor typed, lower-cased: runs of letters and digits, the way both
/// databases' full-text indexes split the text they index. Each is matched as a prefix.
pub fn search_words(text: &str) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(MAX_SEARCH_WORDS)
        .map(str::to_lowercase)
        .collect()
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
        assert_eq!(
            search_terms(
                " Austin ",
                "TX",
                &[Treatment::LipFlip, Treatment::GummySmile],
                &[Product::Botox]
            ),
            "austin tx lip flip gummy-smile correction botox"
        );
        assert_eq!(
            search_words("  Maya O'Brien-Smith, R.N. "),
            ["maya", "o", "brien", "smith", "r", "n"]
        );
        assert!(search_words("!!! ---").is_empty());
        assert!(!has_search_words("!!! ---"));
        assert!(has_search_words("-a-"));
    }

    #[test]
    fn every_treatment_and_product_has_a_bit_of_its_own() {
        let treatments = treatment_flags(Treatment::ALL);
        assert_eq!(treatments.count_ones() as usize, Treatment::ALL.len());
        let products = product_flags(Product::ALL);
        assert_eq!(products.count_ones() as usize, Product::ALL.len());
        assert_eq!(treatment_flags(&[]), 0);
        assert_eq!(
            treatment_flags(&[Treatment::LipFlip, Treatment::LipFiller]),
            Treatment::LipFlip.flag() | Treatment::LipFiller.flag()
        );
        assert_eq!(product_flags(&[Product::Botox, Product::Botox]), 1);
    }
}
