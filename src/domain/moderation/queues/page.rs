//! A page of a queue: its items and how many wait in all, read in one statement.

use sea_orm::sea_query::{Alias, Expr, SelectStatement};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryResult,
    QuerySelect, QueryTrait, Select, Statement,
};

use crate::domain::paging::offset_of_page;
use crate::domain::statement::{build, with_limit_or_offset};

/// Items on one queue page.
pub const QUEUE_PAGE_SIZE: u64 = 20;

/// One page of a queue.
#[derive(Clone, Debug)]
pub struct QueuePage<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
}

impl<T> QueuePage<T> {
    pub(crate) fn new(items: Vec<T>, total: u64, page: u64) -> Self {
        Self {
            items,
            total,
            page,
            pages: Ord::max(total.div_ceil(QUEUE_PAGE_SIZE), 1),
        }
    }
}

fn offset(page: u64) -> u64 {
    offset_of_page(page, QUEUE_PAGE_SIZE)
}

/// How many rows `waiting` selects, as the column `n`.
pub(super) fn length_of(mut waiting: SelectStatement) -> SelectStatement {
    waiting
        .clear_order_by()
        .clear_selects()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .to_owned()
}

/// A row of a queue page with the length of the whole queue.
struct Counted<M> {
    row: M,
    total: i64,
}

impl<M: FromQueryResult> FromQueryResult for Counted<M> {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            row: M::from_query_result(res, pre)?,
            total: res.try_get(pre, "queue_total")?,
        })
    }
}

/// Page `page` of `waiting` (in queue order) and how many wait in all, in one statement: each
/// row carries the count of the whole queue (a scalar subquery the database runs once; a
/// window count would copy every waiting row first). Only a page past the end counts on its
/// own. The page's `LIMIT` and `OFFSET` are written into the SQL ([`build`]).
pub(crate) async fn page_of<E>(
    db: &impl ConnectionTrait,
    waiting: Select<E>,
    page: u64,
) -> Result<(Vec<E::Model>, u64), DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
{
    page_of_rows(db, waiting.clone(), waiting, page).await
}

/// [`page_of`] with each row read as `M` from `shown`: `waiting` with more columns.
pub(crate) async fn page_of_rows<E, M>(
    db: &impl ConnectionTrait,
    waiting: Select<E>,
    shown: Select<E>,
    page: u64,
) -> Result<(Vec<M>, u64), DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
    M: FromQueryResult + Send + Sync,
{
    let backend = db.get_database_backend();
    let statement = page_statement(backend, waiting.clone(), shown, offset(page));
    read_page(db, statement, page, || waiting).await
}

/// A stand-in for the offset of a page statement built once ([`page_statement`]): no page
/// reaches it (a queue page is read at page 100,000 at most).
pub(crate) const OFFSET_STAND_IN: u64 = 987_654_321;

/// The statement of the page at `offset` of `waiting` read as `shown`, each row carrying
/// the queue's length. Its text is the same for every page but for the offset, so a
/// queue whose rows bind no value of the request can build it once with
/// [`OFFSET_STAND_IN`] and move it to each page with [`page_at`].
pub(crate) fn page_statement<E: EntityTrait>(
    backend: DbBackend,
    waiting: Select<E>,
    shown: Select<E>,
    offset: u64,
) -> Statement {
    let queue_length = length_of(waiting.into_query());
    let mut select = shown.limit(QUEUE_PAGE_SIZE).offset(offset);
    QuerySelect::query(&mut select).expr_as(
        Expr::SubQuery(None, Box::new(queue_length.into())),
        Alias::new("queue_total"),
    );
    build(backend, &select.into_query())
}

/// Page `page` of a queue whose [`page_statement`] was built once with [`OFFSET_STAND_IN`].
pub(crate) fn page_at(template: &Statement, page: u64) -> Statement {
    with_limit_or_offset(template, OFFSET_STAND_IN, offset(page))
}

/// Reads the page `statement` selects (see [`page_statement`]) and the queue's length. Only
/// a page past the end counts on its own, `waiting`.
pub(crate) async fn read_page<E, M>(
    db: &impl ConnectionTrait,
    statement: Statement,
    page: u64,
    waiting: impl FnOnce() -> Select<E>,
) -> Result<(Vec<M>, u64), DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
    M: FromQueryResult + Send + Sync,
{
    let rows = Counted::<M>::find_by_statement(statement).all(db).await?;
    let total = match rows.first() {
        Some(first) => first.total.unsigned_abs(),
        None if page <= 1 => 0,
        None => waiting().count(db).await?,
    };
    Ok((rows.into_iter().map(|c| c.row).collect(), total))
}
