//! What a command may write, checked before it simulates anything.
//!
//! One rule for every file-writing flag of every command:
//!
//! - an output never replaces an input of the same command (a scenario, an
//!   `extends` base, a shard's `replications.jsonl`) nor another output of
//!   the same run, whatever the flags; paths are compared canonically
//!   (symbolic links, `./x` and `x`, hard links);
//! - forcesim writes only into a folder that is new, empty or its own
//!   (it holds the lock file or a file forcesim writes), and over a single
//!   file only if forcesim wrote it; anything else needs `--force`;
//! - an output folder is locked for the whole command, so a second writer
//!   is refused at once instead of mixing its files with the first's;
//! - once a command has written its results, the results of an earlier
//!   command left in the folder (stale charts, another command's tables)
//!   are removed, so the folder never mixes two runs.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// The lock file in every output folder: held (an exclusive advisory lock)
/// while a command writes into the folder; it holds the writer's process id.
/// Never deleted, so that two writers always lock the same file.
pub const LOCK_FILE: &str = ".forcesim.lock";

/// Folder of charts (PNG and SVG) inside an output folder.
pub const CHARTS_DIR: &str = super::files::CHARTS_DIR;

/// Every file name forcesim writes at the top of an output folder.
pub const RESULT_FILES: [&str; 16] = [
    "scenario_as_run.toml",
    super::files::WORKBOOK,
    "summary.json",
    "summary.csv",
    "replications.csv",
    super::shard::FILE,
    super::files::REPORT,
    "comparison.csv",
    "comparison.json",
    "appraisal.csv",
    "sweep.csv",
    "sweep.json",
    "budget.csv",
    "budget.json",
    "validation.csv",
    "validation.json",
];

/// Why a command may not write where it was asked to.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The paths given would destroy something, or the folder is in use:
    /// bad input (exit code 2). Nothing has been written.
    #[error("{0}")]
    Unsafe(String),
    /// The file system failed (exit code 1).
    #[error("{0}")]
    Io(String),
}

/// The kind of results a command writes into its output folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `run --out` and `merge --out`.
    Run,
    /// `compare --out`.
    Comparison,
    /// `sweep --out`.
    Sweep,
    /// `sweep --budget --out`.
    Budget,
    /// `validate --out`.
    Validation,
    /// `plot`: only the charts and the report, beside the results it reads.
    Charts,
    /// `man --out`: the manual pages (`forcesim.1`, `forcesim-run.1`, …).
    Manual,
}

impl Kind {
    /// The top-level files this kind may write (besides `charts/`).
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Kind::Run => &[
                "scenario_as_run.toml",
                "summary.json",
                "summary.csv",
                "replications.csv",
                super::shard::FILE,
                super::files::WORKBOOK,
                "report.html",
            ],
            Kind::Comparison => &[
                "comparison.csv",
                "comparison.json",
                "appraisal.csv",
                super::files::WORKBOOK,
                "report.html",
            ],
            Kind::Sweep => &["sweep.csv", "sweep.json", "report.html"],
            Kind::Budget => &["budget.csv", "budget.json", super::files::REPORT],
            Kind::Validation => &["validation.csv", "validation.json"],
            Kind::Charts => &["report.html"],
            Kind::Manual => &["forcesim.1"],
        }
    }

    /// Whether this kind draws charts into `charts/`.
    fn draws_charts(self) -> bool {
        matches!(
            self,
            Kind::Run | Kind::Comparison | Kind::Sweep | Kind::Budget | Kind::Charts
        )
    }
}

/// An output folder, checked, created and locked; the lock is released
/// when this is dropped (or the process ends, however it ends).
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    kind: Kind,
    _lock: File,
}

impl OutputFolder {
    /// Checks `dir` (see [`check_folder`]), then creates and locks it;
    /// refused at once if another forcesim is writing into it.
    pub fn open(
        dir: &Path,
        kind: Kind,
        inputs: &[PathBuf],
        force: bool,
    ) -> Result<OutputFolder, Refusal> {
        Self::open_resuming(dir, kind, inputs, force, false)
    }

    /// As [`open`](Self::open); also refused, unless `force`, if `dir`
    /// holds the log of an interrupted batch ([`super::shard::interrupted`]),
    /// which the command would throw away, except by a run that resumes
    /// it (`resume`).
    pub fn open_resuming(
        dir: &Path,
        kind: Kind,
        inputs: &[PathBuf],
        force: bool,
        resume: bool,
    ) -> Result<OutputFolder, Refusal> {
        check_folder(dir, kind, inputs, force)?;
        let replaces_log = !matches!(kind, Kind::Charts | Kind::Manual);
        if replaces_log
            && !force
            && !resume
            && let Some(batch) = super::shard::interrupted(dir)
        {
            // A batch still running looks interrupted: say so if it is.
            if dir.join(LOCK_FILE).exists() {
                lock(dir)?;
            }
            return Err(Refusal::Unsafe(batch.refusal(dir, kind == Kind::Run)));
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            Refusal::Io(format!(
                "cannot create output folder {}: {e}",
                dir.display()
            ))
        })?;
        let lock = lock(dir)?;
        Ok(OutputFolder {
            dir: dir.to_path_buf(),
            kind,
            _lock: lock,
        })
    }

    /// The folder, as given.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// After the command has written `written` (top-level file names):
    /// removes the results of earlier commands that it did not replace,
    /// so the folder holds one run's results. `plot` removes nothing here
    /// (its stale charts are pruned as they are drawn); files forcesim
    /// does not write are never touched.
    pub fn remove_stale(&self, written: &[&str]) -> Result<(), Refusal> {
        if matches!(self.kind, Kind::Charts | Kind::Manual) {
            return Ok(());
        }
        let remove = |path: PathBuf| match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Refusal::Io(format!(
                "cannot remove the stale {}: {e}",
                path.display()
            ))),
            _ => Ok(()),
        };
        for name in RESULT_FILES.iter().filter(|n| !written.contains(n)) {
            remove(self.dir.join(name))?;
        }
        if !self.kind.draws_charts() {
            let charts = self.dir.join(CHARTS_DIR);
            if let Ok(entries) = std::fs::read_dir(&charts) {
                for entry in entries.flatten() {
                    if is_chart_file(&entry.path()) {
                        remove(entry.path())?;
                    }
                }
                // Only if now empty: a folder with other files is kept.
                let _ = std::fs::remove_dir(&charts);
            }
        }
        Ok(())
    }
}

/// Checks, writing nothing, that a command writing `kind` results into
/// `dir` and reading `inputs` may do so: refused if an input would be
/// overwritten, if `dir` is a file, or if it is a folder of other files
/// not written by forcesim and `force` is not set.
pub fn check_folder(
    dir: &Path,
    kind: Kind,
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), Refusal> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(Refusal::Unsafe(format!(
            "--out {shown}: is a file, not a folder; give a folder for the results"
        )));
    }
    if let Some(input) = inputs.iter().find(|i| folder_would_write(dir, kind, i)) {
        return Err(Refusal::Unsafe(format!(
            "--out {shown}: writing there would overwrite or remove the input {}; \
             choose another output folder (or copy the input elsewhere first)",
            input.display()
        )));
    }
    if !force && is_foreign(dir) {
        return Err(Refusal::Unsafe(format!(
            "--out {shown}: the folder holds files forcesim did not write; \
             choose a new or empty folder, or add --force to write into it \
             (files with forcesim's names would then be replaced)"
        )));
    }
    Ok(())
}

/// Whether `path` is (or would be) one of the outputs a `kind` command
/// writes into `dir`.
pub fn folder_would_write(dir: &Path, kind: Kind, path: &Path) -> bool {
    would_write(&canonical(dir), kind, &canonical(path))
        || kind_paths(dir, kind).iter().any(|p| same_file(p, path))
}

/// Whether `path` is a chart forcesim draws (`NAME.png` or `NAME.svg`).
pub fn is_chart_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "png" || e == "svg")
}

/// Checks a single output file (such as `run --trace FILE`) before the
/// command runs: it must not be a folder, an input, or one of the outputs
/// a command writes into the folder `folder` (with the kind of results
/// it writes); an existing file is replaced only if
/// `is_own(path)` says forcesim wrote it, or with `force`.
pub fn check_file(
    flag: &str,
    path: &Path,
    inputs: &[PathBuf],
    folder: Option<(&Path, Kind)>,
    is_own: impl Fn(&Path) -> bool,
    force: bool,
) -> Result<(), Refusal> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Refusal::Unsafe(format!(
            "{flag} {shown}: is a folder; give a file name"
        )));
    }
    if let Some(input) = inputs.iter().find(|i| same_path(i, path)) {
        return Err(Refusal::Unsafe(format!(
            "{flag} {shown}: is the input {}; it is never overwritten: choose another file name",
            input.display()
        )));
    }
    if let Some((dir, _)) = folder.filter(|(dir, kind)| folder_would_write(dir, *kind, path)) {
        return Err(Refusal::Unsafe(format!(
            "{flag} {shown}: is one of the files this command writes into {}; \
             choose another file name",
            dir.display()
        )));
    }
    if path.exists() && !force && !is_own(path) {
        return Err(Refusal::Unsafe(format!(
            "{flag} {shown}: the file exists and was not written by forcesim; \
             choose another name, or add --force to replace it"
        )));
    }
    Ok(())
}

/// The first line of `path` (at most 64 KiB of it), for recognising a
/// file forcesim wrote; `None` if it cannot be read.
pub fn first_line(path: &Path) -> Option<String> {
    let mut bytes = Vec::new();
    File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut bytes)
        .ok()?;
    let end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(bytes.len());
    String::from_utf8(bytes[..end].to_vec()).ok()
}

/// `path` made absolute with every symbolic link resolved, also when its
/// last parts do not exist yet (those are normalised: `.` dropped, `..`
/// going up).
pub fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = absolute.components().collect();
    for existing in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..existing].iter().collect();
        if let Ok(mut resolved) = prefix.canonicalize() {
            for part in &parts[existing..] {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::CurDir => {}
                    other => resolved.push(other),
                }
            }
            return resolved;
        }
    }
    absolute
}

/// Whether `a` and `b` name the same file: the same canonical path, or
/// (when both exist) the same file on disk, as hard links are.
pub fn same_path(a: &Path, b: &Path) -> bool {
    canonical(a) == canonical(b) || same_file(a, b)
}

/// Whether `a` and `b` both exist and are the same file on disk.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether the canonical `path` is one of the files a `kind` command
/// writes (or removes as stale) in the folder whose canonical path is `dir`.
fn would_write(dir: &Path, kind: Kind, path: &Path) -> bool {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    let name = name.to_string_lossy();
    // A kind that replaces a folder's results also removes the stale ones.
    let touched = |n: &str| {
        n == LOCK_FILE
            || kind.files().contains(&n)
            || (!matches!(kind, Kind::Charts | Kind::Manual) && RESULT_FILES.contains(&n))
    };
    (parent == dir && touched(name.as_ref())) || path.starts_with(dir.join(CHARTS_DIR))
}

/// The existing outputs of a `kind` command in `dir` (for hard-link checks).
fn kind_paths(dir: &Path, kind: Kind) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = kind.files().iter().map(|n| dir.join(n)).collect();
    paths.push(dir.join(LOCK_FILE));
    if kind.draws_charts()
        && let Ok(entries) = std::fs::read_dir(dir.join(CHARTS_DIR))
    {
        paths.extend(entries.flatten().map(|e| e.path()));
    }
    paths.retain(|p| p.exists());
    paths
}

/// Whether `dir` is an existing folder with files in it that forcesim did
/// not make its own. A folder is forcesim's if it holds the lock file or a
/// result document that says it is forcesim's (a JSON `kind` of
/// `forcesim-…` or a `forcesim_version`: a copied result folder loses the
/// hidden lock file but keeps these). A user's file that merely shares a
/// result's name, such as `summary.csv`, does not count.
fn is_foreign(dir: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return false;
    };
    if entries.next().is_none() {
        return false;
    }
    let signed = [
        super::shard::FILE,
        "summary.json",
        "comparison.json",
        "sweep.json",
        "budget.json",
        "validation.json",
    ];
    !(dir.join(LOCK_FILE).exists() || signed.iter().any(|n| is_forcesim_document(&dir.join(n))))
}

/// Whether `path` is a regular JSON file (or, for a log, a first line)
/// whose top level says forcesim wrote it.
fn is_forcesim_document(path: &Path) -> bool {
    /// Result documents larger than this are not read to check them.
    const MAX_BYTES: u64 = 256 * 1024 * 1024;
    let Ok(file) = crate::input::open(path, MAX_BYTES) else {
        return false;
    };
    let mut text = String::new();
    let mut reader = std::io::BufReader::new(file);
    let read = if path.extension().is_some_and(|e| e == "jsonl") {
        std::io::BufRead::read_line(&mut reader, &mut text)
    } else {
        reader.read_to_string(&mut text)
    };
    if read.is_err() {
        return false;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    value
        .get("kind")
        .and_then(|k| k.as_str())
        .is_some_and(|k| k.starts_with("forcesim-"))
        || value.get("forcesim_version").is_some()
}

/// Takes the folder's lock without waiting; a folder locked by another
/// process is refused (with its process id when known).
fn lock(dir: &Path) -> Result<File, Refusal> {
    let path = dir.join(LOCK_FILE);
    let io = |e: std::io::Error| Refusal::Io(format!("cannot lock {}: {e}", path.display()));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            let who = if holder.is_empty() {
                "another forcesim".to_string()
            } else {
                format!("another forcesim (process {holder})")
            };
            return Err(Refusal::Unsafe(format!(
                "--out {}: {who} is writing into this folder; wait for it to finish \
                 or choose another folder",
                dir.display()
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    file.set_len(0).map_err(io)?;
    write!(file, "{}", std::process::id()).map_err(io)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_paths_agree_for_dot_and_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let a = canonical(&dir.path().join("./x/../y/z.csv"));
        let b = canonical(&dir.path().join("y").join("z.csv"));
        assert_eq!(a, b);
    }

    #[test]
    fn canonical_paths_follow_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).unwrap();
            assert!(same_path(
                &dir.path().join("link/out.csv"),
                &dir.path().join("real/out.csv")
            ));
        }
        assert!(!same_path(
            &dir.path().join("real/a.csv"),
            &dir.path().join("real/b.csv")
        ));
    }

    #[test]
    fn a_locked_folder_refuses_a_second_writer_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputFolder::open(dir.path(), Kind::Run, &[], false).unwrap();
        let second = OutputFolder::open(dir.path(), Kind::Run, &[], false);
        assert!(matches!(second, Err(Refusal::Unsafe(m)) if m.contains("is writing")));
        drop(first);
        assert!(OutputFolder::open(dir.path(), Kind::Run, &[], false).is_ok());
    }
}
