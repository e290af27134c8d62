//! The public directory: reading a search from the URL (`query`), running it (`search`),
//! with what its filters select (`filter`), its full-text half (`text`), its orders
//! (`order`), its result count (`count`) and its page's statements (`page`).

mod count;
mod filter;
mod order;
mod page;
pub mod query;
pub mod search;
mod text;

pub use count::{EXACT_COUNT_LIMIT, ResultCount};
pub use page::statements_for_plan;
pub use query::{
    BadFilter, DirectoryQuery, MAX_COMPARE_CARRIED, MAX_PAGE, MAX_PER_PAGE, PAGE_SIZE, Sort,
};
pub use search::{DirectoryPage, PractitionerCard, count, featured, published_slugs, search};
