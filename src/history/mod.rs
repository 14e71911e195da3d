//! Run history: each recorded analysis (`analyze --record`) in an SQLite database inside the
//! repository (`.gapscope/history.db` by default), keyed by commit when the repository is a
//! git checkout, and the trend over the runs (`gapscope history`, and charts in reports).
//!
//! The database is gapscope's own: it carries `PRAGMA application_id` = [`APPLICATION_ID`] and
//! its schema version in `PRAGMA user_version`, upgraded by the numbered [`MIGRATIONS`]. A file
//! that is not SQLite, or is SQLite of another program, is refused with a clear error before
//! SQLite writes anything to it; a new database is built under a temporary name and linked
//! into place only if no file appeared there meanwhile, so an existing file is never replaced.
//! Concurrent writers are serialised by SQLite (WAL journal, a busy timeout, `BEGIN
//! IMMEDIATE`): two runs recording at once both land.
//!
//! The time of recording is stored (the history is about time), but the analysis itself stays
//! free of timestamps, and everything read back is ordered by run number, so the output of
//! `gapscope history` depends only on the database.

pub mod git;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::results::Analysis;
use crate::rules::Priority;

pub use git::Head;

/// Where the history lives in a repository unless configured otherwise.
pub const DEFAULT_PATH: &str = ".gapscope/history.db";

/// Version of the trend JSON shape.
pub const TREND_SCHEMA_VERSION: u32 = 1;

/// `PRAGMA application_id` of gapscope history databases (`gpsh`).
pub const APPLICATION_ID: i32 = 0x6770_7368;

/// How long a writer waits for another to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A schema change: applied in order, each once, in one transaction with the version bump.
pub struct Migration {
    pub version: i32,
    pub description: &'static str,
    pub sql: &'static str,
}

/// Every schema version, oldest first. Append; never edit a released one.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "runs with completion and open gaps by priority; completion per area",
    sql: "
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at   TEXT NOT NULL,
    commit_id     TEXT,
    branch        TEXT,
    target        TEXT NOT NULL,
    completion    REAL,
    open_critical INTEGER NOT NULL,
    open_high     INTEGER NOT NULL,
    open_medium   INTEGER NOT NULL,
    open_low      INTEGER NOT NULL,
    analysis      TEXT NOT NULL
);
CREATE INDEX runs_commit ON runs(commit_id);
CREATE TABLE run_areas (
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    area       TEXT NOT NULL,
    completion REAL,
    PRIMARY KEY (run_id, area)
) WITHOUT ROWID;
",
}];

/// The schema version this gapscope writes.
pub fn schema_version() -> i32 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{path}: no history database here; record runs with `gapscope analyze --record`")]
    Missing { path: PathBuf },
    #[error("{path}: not a gapscope history database ({why}); the file was left as it is — choose another with --history FILE")]
    Foreign { path: PathBuf, why: String },
    #[error("{path}: the history database is damaged ({error}); the file was left as it is")]
    Corrupt {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{path}: history schema version {found} is newer than this gapscope knows ({known}); use a newer gapscope")]
    Newer {
        path: PathBuf,
        found: i32,
        known: i32,
    },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
}

/// An open history database.
pub struct History {
    conn: Connection,
    path: PathBuf,
}

/// Open findings (missing or partial, not suppressed) by priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OpenCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

impl OpenCounts {
    pub fn of(analysis: &Analysis) -> OpenCounts {
        let mut c = OpenCounts::default();
        for f in &analysis.findings {
            if !f.is_open() || f.suppressed.is_some() {
                continue;
            }
            match f.priority {
                Priority::Critical => c.critical += 1,
                Priority::High => c.high += 1,
                Priority::Medium => c.medium += 1,
                Priority::Low => c.low += 1,
            }
        }
        c
    }

    pub fn total(&self) -> u32 {
        self.critical + self.high + self.medium + self.low
    }
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    /// The run number: increasing, never reused.
    pub run: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub recorded_at: String,
    pub commit: Option<String>,
    pub branch: Option<String>,
    pub target: String,
    pub completion: Option<f64>,
    pub open: OpenCounts,
}

/// Completion of one area over the runs, aligned with [`Trend::runs`]; `None` where the area
/// was undecided or not in that run's target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaTrend {
    pub area: String,
    pub completion: Vec<Option<f64>>,
}

/// The history as charts and tables need it: runs oldest first, and each area's completion
/// per run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Version of this JSON shape (`gapscope history --format json`).
    pub schema_version: u32,
    pub runs: Vec<RunSummary>,
    pub areas: Vec<AreaTrend>,
}

/// The trend in the history at `path`, or `None` when there is no history there — what a
/// report needs to decide whether to draw a chart.
pub fn load_trend(path: &Path, last: Option<usize>) -> Result<Option<Trend>, HistoryError> {
    match History::open(path) {
        Ok(h) => h.trend(last).map(Some),
        Err(HistoryError::Missing { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The history file of a repository at `root`: `explicit` if given, else `configured`
/// (relative to `root`), else [`DEFAULT_PATH`] under `root`.
pub fn resolve_path(root: &Path, explicit: Option<&Path>, configured: Option<&Path>) -> PathBuf {
    match (explicit, configured) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(c)) => root.join(c),
        (None, None) => root.join(DEFAULT_PATH),
    }
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Checks the file header without SQLite: the magic string and the application id.
fn check_header(path: &Path) -> Result<(), HistoryError> {
    let foreign = |why: String| HistoryError::Foreign {
        path: path.to_path_buf(),
        why,
    };
    // Checked before SQLite opens it: a FIFO or a device in its place is refused unopened.
    let mut file = match crate::input::open_regular(path, true) {
        Ok((file, _)) => file,
        Err(crate::input::ReadError::NotRegular { kind }) => {
            return Err(foreign(format!("not a regular file ({kind})")))
        }
        Err(e) => {
            return Err(HistoryError::Io {
                path: path.to_path_buf(),
                error: e.into(),
            })
        }
    };
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(HistoryError::Io {
                    path: path.to_path_buf(),
                    error: source,
                })
            }
        }
    }
    if read == 0 {
        return Err(foreign("an empty file".into()));
    }
    if read < header.len() || &header[..16] != SQLITE_MAGIC {
        return Err(foreign("not an SQLite database".into()));
    }
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if app_id != APPLICATION_ID {
        return Err(foreign(format!(
            "an SQLite database of another program: application_id {app_id:#x}, gapscope's is {APPLICATION_ID:#x}"
        )));
    }
    Ok(())
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl History {
    /// Opens an existing history database.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        if !path.exists() {
            return Err(HistoryError::Missing {
                path: path.to_path_buf(),
            });
        }
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| HistoryError::Sqlite {
            path: path.to_path_buf(),
            error: source,
        })?;
        let mut history = History {
            conn,
            path: path.to_path_buf(),
        };
        history.prepare()?;
        Ok(history)
    }

    /// Opens the history database at `path`, creating it (and its directory) if there is none.
    pub fn open_or_create(path: &Path) -> Result<History, HistoryError> {
        if !path.exists() {
            create(path)?;
        }
        History::open(path)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sqlite(&self, source: rusqlite::Error) -> HistoryError {
        // SQLITE_NOTADB and SQLITE_CORRUPT: the bytes are not a sound database.
        let damaged = matches!(
            source.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
        );
        if damaged {
            HistoryError::Corrupt {
                path: self.path.clone(),
                error: source,
            }
        } else {
            HistoryError::Sqlite {
                path: self.path.clone(),
                error: source,
            }
        }
    }

    /// Checks identity, version and readability through SQLite — all reads — and only then
    /// switches to WAL and brings the schema up to date, so a damaged or foreign file is
    /// refused before anything is written to it.
    fn prepare(&mut self) -> Result<(), HistoryError> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.sqlite(e))?;
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        if app_id != APPLICATION_ID {
            return Err(HistoryError::Foreign {
                path: self.path.clone(),
                why: format!("application_id {app_id:#x}"),
            });
        }
        let version = self.user_version()?;
        if version > schema_version() {
            return Err(HistoryError::Newer {
                path: self.path.clone(),
                found: version,
                known: schema_version(),
            });
        }
        let tables: Vec<String> = (|| -> rusqlite::Result<Vec<String>> {
            let mut stmt = self
                .conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        })()
        .map_err(|e| self.sqlite(e))?;
        let has_runs = tables.iter().any(|t| t == "runs");
        if (version >= 1 && !has_runs) || (version == 0 && !tables.is_empty()) {
            return Err(HistoryError::Foreign {
                path: self.path.clone(),
                why: format!(
                    "gapscope's application id, but schema version {version} with tables [{}]",
                    tables.join(", ")
                ),
            });
        }
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                .map_err(|e| self.sqlite(e))?;
        }
        if version < schema_version() {
            migrate(&mut self.conn).map_err(|e| self.sqlite(e))?;
        }
        Ok(())
    }

    fn user_version(&self) -> Result<i32, HistoryError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// Stores `analysis` as a new run; returns its run number.
    pub fn record(
        &mut self,
        analysis: &Analysis,
        head: Option<&Head>,
    ) -> Result<i64, HistoryError> {
        let json = serde_json::to_string(analysis).expect("an analysis serialises");
        let open = OpenCounts::of(analysis);
        let result = (|| -> rusqlite::Result<i64> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO runs (recorded_at, commit_id, branch, target, completion,
                                   open_critical, open_high, open_medium, open_low, analysis)
                 VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    head.map(|h| h.commit.as_str()),
                    head.and_then(|h| h.branch.as_deref()),
                    analysis.target,
                    analysis.completion.percent,
                    open.critical,
                    open.high,
                    open.medium,
                    open.low,
                    json,
                ],
            )?;
            let run = tx.last_insert_rowid();
            {
                let mut insert = tx.prepare(
                    "INSERT INTO run_areas (run_id, position, area, completion) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (i, a) in analysis.areas.iter().enumerate() {
                    insert.execute(params![run, i as i64, a.area, a.completion])?;
                }
            }
            tx.commit()?;
            Ok(run)
        })();
        result.map_err(|e| self.sqlite(e))
    }

    /// The runs (the last `last` of them, if given), oldest first.
    pub fn runs(&self, last: Option<usize>) -> Result<Vec<RunSummary>, HistoryError> {
        let limit = last.map(|n| n as i64).unwrap_or(-1);
        let query = || -> rusqlite::Result<Vec<RunSummary>> {
            let mut stmt = self.conn.prepare(
                "SELECT * FROM (
                    SELECT id, recorded_at, commit_id, branch, target, completion,
                           open_critical, open_high, open_medium, open_low
                    FROM runs ORDER BY id DESC LIMIT ?1
                 ) ORDER BY id",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(RunSummary {
                    run: r.get(0)?,
                    recorded_at: r.get(1)?,
                    commit: r.get(2)?,
                    branch: r.get(3)?,
                    target: r.get(4)?,
                    completion: r.get(5)?,
                    open: OpenCounts {
                        critical: r.get(6)?,
                        high: r.get(7)?,
                        medium: r.get(8)?,
                        low: r.get(9)?,
                    },
                })
            })?;
            rows.collect()
        };
        query().map_err(|e| self.sqlite(e))
    }

    /// The full analysis JSON stored with run `run`.
    pub fn analysis_json(&self, run: i64) -> Result<Option<String>, HistoryError> {
        self.conn
            .query_row("SELECT analysis FROM runs WHERE id = ?1", [run], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Runs and per-area completion over them (the last `last` runs, if given).
    pub fn trend(&self, last: Option<usize>) -> Result<Trend, HistoryError> {
        let runs = self.runs(last)?;
        let Some(first) = runs.first().map(|r| r.run) else {
            return Ok(Trend {
                schema_version: TREND_SCHEMA_VERSION,
                runs,
                areas: Vec::new(),
            });
        };
        let index: std::collections::BTreeMap<i64, usize> =
            runs.iter().enumerate().map(|(i, r)| (r.run, i)).collect();
        let query = || -> rusqlite::Result<Vec<(i64, String, Option<f64>)>> {
            let mut stmt = self.conn.prepare(
                "SELECT run_id, area, completion FROM run_areas WHERE run_id >= ?1
                 ORDER BY run_id, position",
            )?;
            let rows = stmt.query_map([first], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect()
        };
        let rows = query().map_err(|e| self.sqlite(e))?;
        let mut areas: Vec<AreaTrend> = Vec::new();
        for (run, area, completion) in rows {
            let Some(&i) = index.get(&run) else { continue };
            let pos = match areas.iter().position(|a| a.area == area) {
                Some(p) => p,
                None => {
                    areas.push(AreaTrend {
                        area,
                        completion: vec![None; runs.len()],
                    });
                    areas.len() - 1
                }
            };
            areas[pos].completion[i] = completion;
        }
        Ok(Trend {
            schema_version: TREND_SCHEMA_VERSION,
            runs,
            areas,
        })
    }
}

/// Applies the migrations the database lacks, each with its version bump in one transaction
/// that holds the write lock, so two processes opening an old database migrate it once.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "user_version", m.version)?;
    }
    tx.commit()
}

/// Builds a new database under a temporary name next to `path`, then links it into place
/// unless a file appeared there meanwhile (another run creating it at the same time: theirs
/// is used).
fn create(path: &Path) -> Result<(), HistoryError> {
    let io = |source: std::io::Error| HistoryError::Io {
        path: path.to_path_buf(),
        error: source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "history.db".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let temp = dir.join(format!(
        ".{name}.{}.{}.{nanos}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let build = || -> rusqlite::Result<()> {
        let mut conn = Connection::open_with_flags(
            &temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        migrate(&mut conn)?;
        conn.close().map_err(|(_, e)| e)
    };
    if let Err(source) = build() {
        remove_temp(&temp);
        return Err(HistoryError::Sqlite {
            path: path.to_path_buf(),
            error: source,
        });
    }
    let linked = std::fs::hard_link(&temp, path);
    let result = match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // File systems without hard links: a rename, after checking again that no file is
        // there (the window is small; the common case is one run creating the history).
        Err(_) if !path.exists() => std::fs::rename(&temp, path).map_err(io),
        Err(_) => Ok(()),
    };
    remove_temp(&temp);
    result
}

fn remove_temp(temp: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = temp.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i32 + 1, "{}", m.description);
        }
    }

    #[test]
    fn a_new_database_carries_the_id_the_version_and_wal() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("nested/history.db");
        let h = History::open_or_create(&path).unwrap();
        assert_eq!(h.user_version().unwrap(), schema_version());
        let mode: String = h
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(h);
        check_header(&path).unwrap();
        let left: Vec<_> = std::fs::read_dir(dir.path().join("nested"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }

    #[test]
    fn an_empty_gapscope_database_is_migrated_and_one_with_other_tables_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        // Version 0 with gapscope's id and nothing in it: what the first migration starts from.
        let path = dir.path().join("v0.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        drop(conn);
        let h = History::open(&path).unwrap();
        assert_eq!(h.user_version().unwrap(), schema_version());
        assert!(h.runs(None).unwrap().is_empty());
        drop(h);

        let path = dir.path().join("other.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT)")
            .unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let err = History::open(&path).err().unwrap();
        assert!(matches!(err, HistoryError::Foreign { .. }), "{err}");
        assert!(err.to_string().contains("notes"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_database_of_a_newer_schema_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("history.db");
        drop(History::open_or_create(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = History::open(&path).err().unwrap();
        assert!(
            matches!(err, HistoryError::Newer { found: 99, .. }),
            "{err}"
        );
    }
}
