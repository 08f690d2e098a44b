//! `kurzgefasst migrate --from sqlite://PATH --to postgres://…`: moves an installation from
//! SQLite to PostgreSQL with nothing lost.
//!
//! Both databases are first brought to their latest schema (each engine's migrations). Then
//! every table of the SQLite file is copied, whatever its name: the copy is driven by the two
//! catalogs, not by a list in code, so tables added by later migrations move too, and a table or
//! column without a PostgreSQL counterpart stops the migration before anything is written
//! (nothing is silently left behind). Only the FTS5 index and its shadow tables are not copied:
//! PostgreSQL's search rows are rebuilt from the copied articles, and its story-cluster look-up
//! tables (`article_bands`, `article_title_terms`, `article_event_keys`) derived from the keys in the articles' rows
//! (the readers' versions, `reader_versions`, are made by PostgreSQL's own triggers). Ids are kept and the
//! PostgreSQL sequences moved past them. Tables are copied parents first (foreign keys), in one
//! transaction with binary `COPY`.
//!
//! Afterwards the copy is checked: per table the row counts on both sides and a digest of every
//! row's values (a hash per row, compared as sorted lists; for `articles` per article id), and
//! the check is printed. The target must be empty unless `overwrite` is given, which empties
//! the copied tables first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, SimpleQueryMessage};
use rusqlite::types::ValueRef;

use super::{PgStore, SqliteStore, StoreError};

/// What went wrong in a migration, and where.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// Opening, migrating or reading a database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The target already holds data and `overwrite` was not given.
    #[error("the target database is not empty ({0}); pass --overwrite to replace its contents")]
    TargetNotEmpty(String),
    /// A table or column of the SQLite file has no counterpart in PostgreSQL.
    #[error("SQLite {0} has no counterpart in the PostgreSQL schema: nothing was copied")]
    NoCounterpart(String),
    /// A value cannot be stored in the PostgreSQL column.
    #[error("table {table}, column {column}, row {row}: {problem}")]
    Value {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The row's position in the copy (1-based).
        row: usize,
        /// Why.
        problem: String,
    },
    /// The check after copying found differences (the copy was committed; see the report).
    #[error("the copy differs from the source:\n{0}")]
    Mismatch(MigrationReport),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Store(e.into())
    }
}

impl From<postgres::Error> for MigrateError {
    fn from(e: postgres::Error) -> Self {
        MigrateError::Store(e.into())
    }
}

/// The check of one copied table.
#[derive(Debug, Clone)]
pub struct TableCheck {
    /// The table.
    pub table: String,
    /// Rows in SQLite.
    pub sqlite_rows: usize,
    /// Rows in PostgreSQL after the copy.
    pub postgres_rows: usize,
    /// Rows whose values differ (or are missing on one side).
    pub differing_rows: usize,
}

/// The outcome of a migration: one check per table, and the digest over all articles.
#[derive(Debug, Clone)]
pub struct MigrationReport {
    /// Per table, in copy order.
    pub tables: Vec<TableCheck>,
    /// Articles whose content hash differs between the two databases (ids).
    pub differing_articles: Vec<i64>,
}

impl MigrationReport {
    /// True when every table has the same rows on both sides.
    pub fn ok(&self) -> bool {
        self.differing_articles.is_empty()
            && self
                .tables
                .iter()
                .all(|t| t.sqlite_rows == t.postgres_rows && t.differing_rows == 0)
    }
}

impl fmt::Display for MigrationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>10} {:>10}  content",
            "table", "sqlite", "postgres"
        )?;
        for t in &self.tables {
            let content = if t.differing_rows == 0 {
                "identical".to_string()
            } else {
                format!("{} rows differ", t.differing_rows)
            };
            writeln!(
                f,
                "{:<22} {:>10} {:>10}  {content}",
                t.table, t.sqlite_rows, t.postgres_rows
            )?;
        }
        if self.differing_articles.is_empty() {
            write!(f, "articles: every article's content hash matches")
        } else {
            write!(
                f,
                "articles: {} differ (ids {:?})",
                self.differing_articles.len(),
                &self.differing_articles[..self.differing_articles.len().min(20)]
            )
        }
    }
}

/// A column of a PostgreSQL table and its type.
#[derive(Debug, Clone)]
struct PgColumn {
    name: String,
    ty: Type,
}

/// Copies the SQLite database at `from` into the PostgreSQL database at `to` and checks the
/// copy (see the module documentation).
pub fn sqlite_to_postgres(
    from: &Path,
    to: &str,
    overwrite: bool,
) -> Result<MigrationReport, MigrateError> {
    if !from.exists() {
        return Err(MigrateError::Store(StoreError::BadUrl(format!(
            "{} (no such SQLite file)",
            from.display()
        ))));
    }
    // Both schemas at their latest version.
    drop(SqliteStore::open_path(from)?);
    drop(PgStore::connect(to)?);
    let src =
        rusqlite::Connection::open_with_flags(from, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut pg = Client::connect(to, NoTls)?;

    let tables = sqlite_tables(&src)?;
    let mut plan: Vec<(String, Vec<PgColumn>)> = Vec::new();
    for t in &tables {
        let pg_cols = pg_columns(&mut pg, t)?;
        if pg_cols.is_empty() {
            return Err(MigrateError::NoCounterpart(format!("table {t}")));
        }
        let mut cols = Vec::new();
        for c in sqlite_columns(&src, t)? {
            match pg_cols.iter().find(|p| p.name == c) {
                Some(p) => cols.push(p.clone()),
                None => return Err(MigrateError::NoCounterpart(format!("column {t}.{c}"))),
            }
        }
        plan.push((t.clone(), cols));
    }

    let mut tx = pg.transaction()?;
    let mut filled = Vec::new();
    for (t, _) in &plan {
        let n: i64 = tx
            .query_one(
                &format!("SELECT COUNT(*) FROM {}{}", ident(t), pg_only_rows(t)),
                &[],
            )?
            .get(0);
        if n > 0 {
            filled.push(format!("{t}: {n} rows"));
        }
    }
    if !filled.is_empty() {
        if !overwrite {
            return Err(MigrateError::TargetNotEmpty(filled.join(", ")));
        }
        let list: Vec<String> = plan.iter().map(|(t, _)| ident(t)).collect();
        tx.batch_execute(&format!(
            "TRUNCATE {} RESTART IDENTITY CASCADE",
            list.join(", ")
        ))?;
    }
    for (t, cols) in &plan {
        copy_table(&src, &mut tx, t, cols)?;
        // Serial ids continue after the copied ones.
        if cols.iter().any(|c| c.name == "id") {
            let seq: Option<String> = tx
                .query_one("SELECT pg_get_serial_sequence($1, 'id')", &[&ident(t)])?
                .get(0);
            if let Some(seq) = seq {
                tx.execute(
                    &format!(
                        "SELECT setval($1::TEXT::regclass, COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {}",
                        ident(t)
                    ),
                    &[&seq],
                )?;
            }
        }
    }
    // SQLite keeps an article's story-cluster keys in its row (its migration 14); PostgreSQL
    // looks candidates up in tables of them, derived here: the eight 8-bit bands of the
    // SimHash (as `cluster::bands`), one row per title-term hash and one per event key.
    tx.batch_execute(
        "INSERT INTO article_bands (band, value, published_at, article_id, simhash) \
         SELECT n, (a.simhash >> (8 * n)::INT) & 255, a.published_at, a.id, a.simhash \
         FROM articles a CROSS JOIN generate_series(0, 7) AS n WHERE a.simhash IS NOT NULL; \
         INSERT INTO article_title_terms (term, published_at, article_id, n_terms) \
         SELECT t::BIGINT, a.published_at, a.id, a.title_terms \
         FROM articles a CROSS JOIN LATERAL unnest(string_to_array(a.title_term_hashes, ' ')) AS t \
         WHERE a.simhash IS NOT NULL AND t <> ''; \
         INSERT INTO article_event_keys (key, published_at, article_id, n_keys) \
         SELECT k::BIGINT, a.published_at, a.id, \
           cardinality(array_remove(string_to_array(a.event_key_hashes, ' '), '')) \
         FROM articles a CROSS JOIN LATERAL unnest(string_to_array(a.event_key_hashes, ' ')) AS k \
         WHERE a.simhash IS NOT NULL AND k <> ''",
    )?;
    tx.commit()?;
    // The search rows are PostgreSQL's own: rebuilt from the copied articles.
    PgStore::connect(to)?.rebuild_search_index()?;

    let report = verify(&src, &mut pg, &plan)?;
    if report.ok() {
        Ok(report)
    } else {
        Err(MigrateError::Mismatch(report))
    }
}

/// The SQLite tables to copy, parents before children (foreign keys): all but SQLite's own,
/// the migration bookkeeping, and virtual (FTS) tables with their shadow tables.
fn sqlite_tables(c: &rusqlite::Connection) -> Result<Vec<String>, MigrateError> {
    let mut st = c.prepare(
        "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY rowid",
    )?;
    let all: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let virtual_tables: Vec<String> = all
        .iter()
        .filter(|(_, sql)| sql.to_uppercase().starts_with("CREATE VIRTUAL TABLE"))
        .map(|(n, _)| n.clone())
        .collect();
    let names: Vec<String> = all
        .into_iter()
        .map(|(n, _)| n)
        // `reader_versions` is kept up by triggers on both sides: PostgreSQL's make their own
        // rows as the states and subscriptions are copied.
        .filter(|n| !n.starts_with("sqlite_") && n != "schema_migrations" && n != "reader_versions")
        .filter(|n| {
            !virtual_tables
                .iter()
                .any(|v| n == v || n.starts_with(&format!("{v}_")))
        })
        .collect();
    // Parents first.
    let mut parents: HashMap<String, HashSet<String>> = HashMap::new();
    for n in &names {
        let mut st = c.prepare(&format!("PRAGMA foreign_key_list({})", ident(n)))?;
        let refs: HashSet<String> = st
            .query_map([], |r| r.get::<_, String>(2))?
            .collect::<Result<_, _>>()?;
        parents.insert(n.clone(), refs);
    }
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < names.len() {
        let before = ordered.len();
        for n in &names {
            if !ordered.contains(n)
                && parents[n]
                    .iter()
                    .all(|p| p == n || ordered.contains(p) || !names.contains(p))
            {
                ordered.push(n.clone());
            }
        }
        if ordered.len() == before {
            // A cycle: keep the remaining tables in catalog order.
            for n in &names {
                if !ordered.contains(n) {
                    ordered.push(n.clone());
                }
            }
        }
    }
    Ok(ordered)
}

/// The columns of an SQLite table, in order.
fn sqlite_columns(c: &rusqlite::Connection, table: &str) -> Result<Vec<String>, MigrateError> {
    let mut st = c.prepare(&format!("PRAGMA table_info({})", ident(table)))?;
    let cols = st
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<Result<_, _>>()?;
    Ok(cols)
}

/// The stored (not generated) columns of a PostgreSQL table with their types; empty when
/// there is no such table.
fn pg_columns(c: &mut Client, table: &str) -> Result<Vec<PgColumn>, MigrateError> {
    let rows = c.query(
        "SELECT a.attname::TEXT, a.atttypid FROM pg_attribute a \
         WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped \
         AND a.attgenerated = '' ORDER BY a.attnum",
        &[&table],
    )?;
    Ok(rows
        .iter()
        .map(|r| PgColumn {
            name: r.get(0),
            ty: Type::from_oid(r.get(1)).unwrap_or(Type::TEXT),
        })
        .collect())
}

/// Copies one table with binary `COPY`.
fn copy_table(
    src: &rusqlite::Connection,
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    cols: &[PgColumn],
) -> Result<(), MigrateError> {
    let names: Vec<String> = cols.iter().map(|c| ident(&c.name)).collect();
    let types: Vec<Type> = cols.iter().map(|c| c.ty.clone()).collect();
    let sink = tx.copy_in(&format!(
        "COPY {} ({}) FROM STDIN (FORMAT binary)",
        ident(table),
        names.join(", ")
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut st = src.prepare(&format!(
        "SELECT {} FROM {}",
        names.join(", "),
        ident(table)
    ))?;
    let mut rows = st.query([])?;
    let mut n = 0usize;
    while let Some(r) = rows.next()? {
        n += 1;
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(cols.len());
        for (i, c) in cols.iter().enumerate() {
            let v = convert(r.get_ref(i)?, &c.ty).map_err(|problem| MigrateError::Value {
                table: table.to_string(),
                column: c.name.clone(),
                row: n,
                problem,
            })?;
            values.push(v);
        }
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        writer.write(&refs)?;
    }
    writer.finish()?;
    Ok(())
}

/// An SQLite value as a value of the PostgreSQL column type `ty`.
fn convert(v: ValueRef<'_>, ty: &Type) -> Result<Box<dyn ToSql + Sync>, String> {
    let text = |v: ValueRef<'_>| -> Result<Option<String>, String> {
        match v {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => Ok(Some(String::from_utf8_lossy(t).into_owned())),
            ValueRef::Integer(i) => Ok(Some(i.to_string())),
            ValueRef::Real(f) => Ok(Some(f.to_string())),
            ValueRef::Blob(_) => Err("a blob where text is expected".into()),
        }
    };
    let int = |v: ValueRef<'_>| -> Result<Option<i64>, String> {
        match v {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(i) => Ok(Some(i)),
            ValueRef::Text(t) => String::from_utf8_lossy(t)
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| "text where an integer is expected".into()),
            other => Err(format!(
                "{:?} where an integer is expected",
                other.data_type()
            )),
        }
    };
    let ty = ty.clone();
    Ok(if ty == Type::INT8 {
        Box::new(int(v)?)
    } else if ty == Type::INT4 {
        Box::new(
            int(v)?
                .map(i32::try_from)
                .transpose()
                .map_err(|_| "integer too large for INTEGER".to_string())?,
        )
    } else if ty == Type::INT2 {
        Box::new(
            int(v)?
                .map(i16::try_from)
                .transpose()
                .map_err(|_| "integer too large for SMALLINT".to_string())?,
        )
    } else if ty == Type::BOOL {
        Box::new(int(v)?.map(|i| i != 0))
    } else if ty == Type::FLOAT8 {
        Box::new(match v {
            ValueRef::Null => None,
            ValueRef::Real(f) => Some(f),
            ValueRef::Integer(i) => Some(i as f64),
            _ => return Err("text where a number is expected".into()),
        })
    } else if ty == Type::BYTEA {
        Box::new(match v {
            ValueRef::Null => None,
            ValueRef::Blob(b) | ValueRef::Text(b) => Some(b.to_vec()),
            _ => return Err("a number where bytes are expected".into()),
        })
    } else if ty == Type::TEXT || ty == Type::VARCHAR {
        Box::new(text(v)?)
    } else {
        return Err(format!("PostgreSQL type {ty} is not supported by migrate"));
    })
}

/// Compares every copied table row by row (as normalised text) and every article's content
/// hash.
fn verify(
    src: &rusqlite::Connection,
    pg: &mut Client,
    plan: &[(String, Vec<PgColumn>)],
) -> Result<MigrationReport, MigrateError> {
    let mut tables = Vec::new();
    let mut differing_articles = Vec::new();
    for (t, cols) in plan {
        let names: Vec<String> = cols.iter().map(|c| ident(&c.name)).collect();
        let select = format!("SELECT {} FROM {}", names.join(", "), ident(t));
        // SQLite rows, rendered as PostgreSQL renders them in text.
        let mut st = src.prepare(&select)?;
        let mut rows = st.query([])?;
        let mut left: Vec<Vec<Option<String>>> = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(cols.len());
            for (i, c) in cols.iter().enumerate() {
                row.push(render_sqlite(r.get_ref(i)?, &c.ty));
            }
            left.push(row);
        }
        let mut right: Vec<Vec<Option<String>>> = Vec::new();
        for m in pg.simple_query(&format!("{select}{}", pg_only_rows(t)))? {
            if let SimpleQueryMessage::Row(r) = m {
                right.push(
                    (0..cols.len())
                        .map(|i| r.get(i).map(str::to_string))
                        .collect(),
                );
            }
        }
        let hash_rows = |rows: &[Vec<Option<String>>]| -> BTreeMap<String, usize> {
            let mut m = BTreeMap::new();
            for row in rows {
                let parts: Vec<&str> = row
                    .iter()
                    .map(|v| v.as_deref().unwrap_or("\u{0}NULL"))
                    .collect();
                *m.entry(super::stable_hash(&parts)).or_insert(0) += 1;
            }
            m
        };
        let (l, r) = (hash_rows(&left), hash_rows(&right));
        let mut differing = 0usize;
        for (h, n) in &l {
            differing += n.saturating_sub(*r.get(h).unwrap_or(&0));
        }
        for (h, n) in &r {
            differing += n.saturating_sub(*l.get(h).unwrap_or(&0));
        }
        if t == "articles" {
            if let Some(id_col) = cols.iter().position(|c| c.name == "id") {
                let by_id = |rows: &[Vec<Option<String>>]| -> HashMap<i64, String> {
                    rows.iter()
                        .filter_map(|row| {
                            let id = row[id_col].as_deref()?.parse().ok()?;
                            let parts: Vec<&str> = row
                                .iter()
                                .map(|v| v.as_deref().unwrap_or("\u{0}NULL"))
                                .collect();
                            Some((id, super::stable_hash(&parts)))
                        })
                        .collect()
                };
                let (bl, br) = (by_id(&left), by_id(&right));
                let mut ids: Vec<i64> = bl
                    .iter()
                    .filter(|(id, h)| br.get(id) != Some(h))
                    .map(|(id, _)| *id)
                    .chain(br.keys().filter(|id| !bl.contains_key(id)).copied())
                    .collect();
                ids.sort_unstable();
                differing_articles = ids;
            }
        }
        tables.push(TableCheck {
            table: t.clone(),
            sqlite_rows: left.len(),
            postgres_rows: right.len(),
            differing_rows: differing,
        });
    }
    Ok(MigrationReport {
        tables,
        differing_articles,
    })
}

/// An SQLite value as PostgreSQL's text output shows the same value of type `ty`.
fn render_sqlite(v: ValueRef<'_>, ty: &Type) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) if *ty == Type::BOOL => Some(if i != 0 { "t" } else { "f" }.into()),
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Some(format!(
            "\\x{}",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        )),
    }
}

/// The condition leaving out the rows PostgreSQL keeps for itself (not data of the
/// installation): the search index's version setting.
fn pg_only_rows(table: &str) -> String {
    if table == "settings" {
        format!(" WHERE key <> '{}'", super::postgres::PG_VERSION_SETTING)
    } else {
        String::new()
    }
}

/// A table or column name quoted for SQL.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
