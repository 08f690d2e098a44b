//! `kurzgefasst backup FILE`: a consistent copy of a running SQLite installation, made with
//! SQLite's online backup API while `serve` or `fetch` go on writing, and checked before it is
//! given its name (`PRAGMA integrity_check`, row counts per table).
//!
//! The copy is made in one backup step (`sqlite3_backup_step(-1)`): one read transaction over
//! the whole database, so the copy is the database as of one commit, and writers (WAL) are not
//! held up. It is written beside the target as `FILE.part` and renamed once checked, so a FILE
//! that exists is always a whole, checked backup. PostgreSQL has its own tools (`pg_dump`,
//! `pg_restore`; see the README).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{DbUrl, StoreError};
use crate::i18n::t;

/// What a backup copied and how it checked.
#[derive(Debug, Clone)]
pub struct BackupReport {
    /// Where the copy is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// `PRAGMA integrity_check` of the copy (`ok`).
    pub integrity: String,
    /// Rows per table of the copy (the application's tables; not the search index's internals).
    pub tables: Vec<(String, i64)>,
}

impl std::fmt::Display for BackupReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} {} ({} MB)",
            t("Sicherung geschrieben:", "backup written:"),
            self.path.display(),
            (self.bytes as f64 / 1e6 * 10.0).round() / 10.0
        )?;
        writeln!(f, "integrity_check: {}", self.integrity)?;
        let width = self.tables.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, rows) in &self.tables {
            writeln!(f, "  {name:<width$}  {rows:>10} {}", t("Zeilen", "rows"))?;
        }
        Ok(())
    }
}

/// Why a backup was not made.
#[derive(Debug)]
pub enum BackupError {
    /// The database is PostgreSQL: its own tools make the backup.
    Postgres,
    /// There is no database at the path.
    Missing(PathBuf),
    /// The target exists; a backup never overwrites.
    Exists(PathBuf),
    /// The copy failed its check; it was removed.
    Check(String),
    /// SQLite failed.
    Store(StoreError),
    /// Writing the file failed.
    Io(std::io::Error),
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::Postgres => f.write_str(postgres_hint()),
            BackupError::Missing(p) => write!(
                f,
                "{} {}",
                t("keine Datenbank unter", "no database at"),
                p.display()
            ),
            BackupError::Exists(p) => write!(
                f,
                "{} {}",
                t(
                    "Ziel existiert bereits (wird nie überschrieben):",
                    "the target exists already (never overwritten):"
                ),
                p.display()
            ),
            BackupError::Check(why) => write!(
                f,
                "{}: {why}",
                t(
                    "die Kopie besteht die Prüfung nicht (entfernt)",
                    "the copy fails its check (removed)"
                )
            ),
            BackupError::Store(e) => write!(
                f,
                "{} ({e})",
                t("Sicherung fehlgeschlagen", "backup failed")
            ),
            BackupError::Io(e) => write!(
                f,
                "{} ({e})",
                t("Sicherung nicht schreibbar", "cannot write the backup")
            ),
        }
    }
}

impl std::error::Error for BackupError {}

impl From<StoreError> for BackupError {
    fn from(e: StoreError) -> Self {
        BackupError::Store(e)
    }
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        BackupError::Io(e)
    }
}

fn postgres_hint() -> &'static str {
    t(
        "Die Datenbank ist PostgreSQL: Sicherung mit pg_dump, z. B. `pg_dump --format=custom --file=kurzgefasst.dump URL`, Wiederherstellung mit `pg_restore --clean --if-exists --dbname=URL kurzgefasst.dump` (siehe README, „Sicherung“).",
        "The database is PostgreSQL: back it up with pg_dump, e.g. `pg_dump --format=custom --file=kurzgefasst.dump URL`, and restore with `pg_restore --clean --if-exists --dbname=URL kurzgefasst.dump` (see the README, \"Backups\").",
    )
}

/// Backs up the database at `url` into the new file `dest` (SQLite only).
pub fn backup(url: &DbUrl, dest: &Path) -> Result<BackupReport, BackupError> {
    match url {
        DbUrl::Postgres(_) => Err(BackupError::Postgres),
        DbUrl::Sqlite(path) => sqlite(path, dest),
    }
}

/// Backs up the SQLite database at `src` into the new file `dest`, then checks the copy.
pub fn sqlite(src: &Path, dest: &Path) -> Result<BackupReport, BackupError> {
    if !src.is_file() {
        return Err(BackupError::Missing(src.to_path_buf()));
    }
    if dest.exists() {
        return Err(BackupError::Exists(dest.to_path_buf()));
    }
    let part = {
        let mut name = dest.as_os_str().to_owned();
        name.push(".part");
        PathBuf::from(name)
    };
    let _ = std::fs::remove_file(&part);
    let result = copy_and_check(src, &part);
    match result {
        Ok((integrity, tables)) => {
            std::fs::rename(&part, dest)?;
            if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
                // The rename is durable once the folder is synced.
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
            }
            Ok(BackupReport {
                path: dest.to_path_buf(),
                bytes: std::fs::metadata(dest)?.len(),
                integrity,
                tables,
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}

/// Copies `src` into `part` in one step, syncs it, and checks it: its integrity and the rows
/// of each table.
fn copy_and_check(src: &Path, part: &Path) -> Result<(String, Vec<(String, i64)>), BackupError> {
    let sql = |e: rusqlite::Error| BackupError::Store(StoreError::Sqlite(e));
    // Read-write without create: a read-only connection could not read a WAL database whose
    // shared-memory file is not there yet; nothing is written through it.
    let source = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql)?;
    source.busy_timeout(Duration::from_secs(30)).map_err(sql)?;
    let mut copy = Connection::open(part).map_err(sql)?;
    {
        let b = Backup::new(&source, &mut copy).map_err(sql)?;
        let mut waited = Duration::ZERO;
        loop {
            // All pages in one step: one read transaction, so the copy is one commit's state.
            match b.step(-1).map_err(sql)? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked => {
                    if waited > Duration::from_secs(60) {
                        return Err(BackupError::Check(
                            t(
                                "die Datenbank blieb eine Minute gesperrt",
                                "the database stayed locked for a minute",
                            )
                            .into(),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                    waited += Duration::from_millis(50);
                }
                _ => {}
            }
        }
    }
    drop(source);
    // A standalone file: no WAL beside it to lose when it is copied around.
    copy.pragma_update(None, "journal_mode", "DELETE")
        .map_err(sql)?;
    let integrity: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(sql)?;
    if integrity != "ok" {
        return Err(BackupError::Check(integrity));
    }
    let names: Vec<String> = {
        let mut stmt = copy
            .prepare(
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .map_err(sql)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)?
    };
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let n: i64 = copy
            .query_row(
                &format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\"")),
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        tables.push((name, n));
    }
    drop(copy);
    std::fs::File::open(part)?.sync_all()?;
    Ok((integrity, tables))
}
