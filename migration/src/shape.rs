//! Small builders shared by the migrations, so every table spells ids, enumerations,
//! timestamps, foreign keys and indexes the same way on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_integer_null, string_len, string_len_null};

/// Enumerations are stored as short strings so both databases agree on their values.
pub const ENUM_LEN: u32 = 32;

pub fn enum_col<T: IntoIden>(name: T) -> ColumnDef {
    string_len(name, ENUM_LEN)
}

pub fn enum_col_null<T: IntoIden>(name: T) -> ColumnDef {
    string_len_null(name, ENUM_LEN)
}

/// A column that points at another table's `id`.
pub fn ref_col<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name)
}

pub fn ref_col_null<T: IntoIden>(name: T) -> ColumnDef {
    big_integer_null(name)
}

/// A foreign key named `fk_<table>_<column>`.
pub fn fk<F, C, R>(
    table: F,
    column: C,
    target: R,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    F: IntoIden + Clone,
    C: IntoIden + Clone,
    R: IntoIden,
{
    let name = format!(
        "fk_{}_{}",
        table.clone().into_iden(),
        column.clone().into_iden()
    );
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(target, Alias::new("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .take()
}

/// An index named `idx_<table>_<columns>` over the given columns.
pub fn index<T, C>(table: T, columns: &[C]) -> IndexCreateStatement
where
    T: IntoIden + Clone,
    C: IntoIden + Clone,
{
    let mut name = format!("idx_{}", table.clone().into_iden());
    let mut statement = Index::create();
    statement.table(table);
    for column in columns {
        name.push('_');
        name.push_str(&column.clone().into_iden().to_string());
        statement.col(column.clone());
    }
    statement.name(name).take()
}

/// Like [`index`], but unique, named `uq_<table>_<columns>`.
pub fn unique_index<T, C>(table: T, columns: &[C]) -> IndexCreateStatement
where
    T: IntoIden + Clone,
    C: IntoIden + Clone,
{
    let mut statement = index(table, columns);
    let name = statement
        .get_index_spec()
        .get_name()
        .unwrap_or_default()
        .replacen("idx_", "uq_", 1);
    statement.name(name).unique().take()
}

/// Creates every index in order.
pub async fn create_indexes(
    manager: &SchemaManager<'_>,
    indexes: Vec<IndexCreateStatement>,
) -> Result<(), DbErr> {
    for statement in indexes {
        manager.create_index(statement).await?;
    }
    Ok(())
}

/// Drops the tables in the order given (children first).
pub async fn drop_tables<T: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    tables: Vec<T>,
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
}
