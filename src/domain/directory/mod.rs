//! The public directory: reading a search from the URL (`query`) and running it (`search`).

pub mod query;
pub mod search;

pub use query::{
    BadFilter, DirectoryQuery, MAX_COMPARE_CARRIED, MAX_PAGE, MAX_PER_PAGE, PAGE_SIZE, Sort,
};
pub use search::{
    DirectoryPage, EXACT_COUNT_LIMIT, PractitionerCard, ResultCount, count, featured,
    published_slugs, search, statements_for_plan,
};
