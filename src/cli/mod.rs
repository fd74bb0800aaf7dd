//! The command-line layer: argument parsing, opening stores from the global
//! options, rendering, and exit codes. One module per subcommand.

pub mod backup;
pub mod batch;
pub mod block;
pub mod block_put;
pub mod browse;
pub mod compact;
pub mod completions;
pub mod delete;
pub mod diff;
pub mod exit;
pub mod export;
pub mod find;
pub mod follow;
mod formatted;
pub mod get;
pub mod hash;
pub mod help;
pub mod import;
mod import_records;
pub mod input;
pub mod inspect;
pub mod interrupt;
pub mod leftovers;
pub mod man;
pub mod metrics;
pub mod new_store;
pub mod output;
pub mod panics;
mod partial;
pub mod prune;
pub mod put;
pub mod rewind;
pub mod salvage;
pub mod scan;
pub mod snapshot;
pub mod state;
pub mod stats;
pub mod verify;

use crate::store::keys::parse_hex;
use crate::store::{Namespace, StorageService, Store, WriteAccess};
use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use exit::UsageError;
use output::OutputFormat;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// Inspect and administer the LevelDB stores of the state-machine / block system.
///
/// Keys are namespaced like the seed's `LevelStorageService`: the LevelDB key
/// of KEY is `<prefix>:KEY` (the default prefix is empty, giving `:KEY`);
/// `--raw` addresses exact LevelDB keys. Values are JSON text.
///
/// Reading commands open a private read view: they never create, lock or
/// change anything in the store, and work while another process has it open.
#[derive(Debug, Parser)]
#[command(name = "storectl", version, after_help = exit::HELP_TABLE, max_term_width = 100)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The LevelDB store directory.
    #[arg(long, global = true, env = "STORECTL_DB", value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub db: Option<PathBuf>,

    /// Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`).
    #[arg(
        long,
        global = true,
        env = "STORECTL_PREFIX",
        value_name = "NS",
        default_value = "",
        hide_default_value = true
    )]
    pub prefix: String,

    /// Address exact LevelDB keys, with no namespace.
    #[arg(long, global = true, conflicts_with = "prefix")]
    pub raw: bool,

    /// Let a writing command create the store when it does not exist.
    #[arg(long, global = true)]
    pub create: bool,

    /// Output format.
    #[arg(short, long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Key arguments are given in hexadecimal (for binary keys).
    #[arg(long, global = true)]
    pub hex: bool,

    /// Wait up to SECONDS for another process to release the store's LOCK
    /// (or a backup repository's) before failing with exit code 4.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 0.0)]
    pub lock_wait: f64,

    /// Print no messages on stderr (errors are still printed).
    #[arg(long, global = true)]
    pub quiet: bool,
}

/// A key range given on the command line (scan, export).
#[derive(Debug, Args)]
pub struct RangeArgs {
    /// First key (inclusive).
    #[arg(long, value_name = "KEY")]
    pub start: Option<OsString>,
    /// Stop before this key (exclusive).
    #[arg(long, value_name = "KEY")]
    pub end: Option<OsString>,
}

impl RangeArgs {
    /// The range of keys starting with `key_prefix`, narrowed by --start/--end.
    pub fn scan_range(
        &self,
        g: &GlobalArgs,
        key_prefix: Option<&OsString>,
    ) -> Result<crate::store::ScanRange> {
        Ok(crate::store::ScanRange {
            key_prefix: key_prefix
                .map(|k| g.key_arg(k))
                .transpose()?
                .unwrap_or_default(),
            start: self.start.as_ref().map(|k| g.key_arg(k)).transpose()?,
            end: self.end.as_ref().map(|k| g.key_arg(k)).transpose()?,
            limit: None,
            reverse: false,
        })
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the value stored under a key.
    Get(get::GetArgs),
    /// Store a JSON value under a key.
    Put(put::PutArgs),
    /// Delete keys, atomically.
    Delete(delete::DeleteArgs),
    /// List keys and values in a range, in key order.
    Scan(scan::ScanArgs),
    /// Apply put/delete operations from a file as one atomic write.
    Batch(batch::BatchArgs),
    /// Blocks by hash and height: get, latest, list, put.
    Block(block::BlockArgs),
    /// Machine states and roots: get, put, list, roots.
    State(state::StateArgs),
    /// Snapshots and incremental chains: create, list, show, chain, restore, delete, diff.
    Snapshot(snapshot::SnapshotArgs),
    /// Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings.
    Verify(verify::VerifyArgs),
    /// Compact the store or a key range; prints size before and after.
    Compact(compact::CompactArgs),
    /// Storage usage: files on disk and keys/bytes per category.
    Stats(stats::StatsArgs),
    /// A content digest of the namespace (or --raw the whole store).
    Hash(hash::HashArgs),
    /// Delete old blocks and snapshots, with a plan first.
    Prune(prune::PruneArgs),
    /// Write a lossless, versioned dump of the namespace (or a range).
    Export(export::ExportArgs),
    /// Load a dump, NDJSON records, a canonical dump or a fixture document.
    Import(import::ImportArgs),
    /// Show the store's files: the manifest, a log, a table.
    Inspect(inspect::InspectArgs),
    /// Every version of a key in every log and table, newest first.
    Find(find::FindArgs),
    /// Recover every readable record of a damaged store into a new store.
    Salvage(salvage::SalvageArgs),
    /// Compare two stores: keys only in one, values that differ.
    Diff(diff::DiffArgs),
    /// The first height at which two stores' chains disagree.
    Bisect(rewind::BisectArgs),
    /// A consistent, openable copy of the store, taken while it is in use.
    Checkpoint(backup::CheckpointArgs),
    /// Backups in a repository: create, list, verify, restore, delete, prune.
    Backup(backup::BackupArgs),
    /// Print the store's writes as they happen (tailing its log).
    Follow(follow::FollowArgs),
    /// The store's health as Prometheus metrics (printed, served or a textfile).
    Metrics(metrics::MetricsArgs),
    /// Explore the store in a full-screen terminal browser (read-only).
    Browse(browse::BrowseArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
}

impl GlobalArgs {
    pub fn db_path(&self) -> Result<&PathBuf> {
        self.db.as_ref().ok_or_else(|| {
            UsageError("no store given: use --db DIR or set STORECTL_DB".into()).into()
        })
    }

    /// The namespace selected by `--prefix` / `--raw`.
    pub fn namespace(&self) -> Namespace {
        if self.raw {
            Namespace::Raw
        } else {
            Namespace::prefixed(self.prefix.as_bytes())
        }
    }

    /// Opens the store as a private read view.
    pub fn open_read(&self) -> Result<StorageService> {
        let path = self.db_path()?;
        let store = Store::open_read(path)?;
        Ok(StorageService::new(store, self.namespace()))
    }

    /// A read view for checking input before a write: `None` when the store
    /// does not exist yet and `--create` will make it.
    pub fn open_read_for_checks(&self) -> Result<Option<StorageService>> {
        let path = self.db_path()?;
        if self.create && !path.join("CURRENT").exists() {
            return Ok(None);
        }
        crate::store::open::require_store(path, true)?;
        self.open_read().map(Some)
    }

    /// Opens the store for writing (creating it only with `--create`).
    pub fn open_write(&self) -> Result<StorageService> {
        self.open_write_with(false)
    }

    /// Opens the store for writing; `bulk` tunes it for loading many keys.
    pub fn open_write_with(&self, bulk: bool) -> Result<StorageService> {
        let path = self.db_path()?;
        let store = Store::open_write(path, self.write_access(bulk)?)?;
        Ok(StorageService::new(store, self.namespace()))
    }

    /// How writers may open the store: `--create`, `--lock-wait`.
    pub fn write_access(&self, bulk: bool) -> Result<WriteAccess> {
        Ok(WriteAccess {
            create: self.create,
            lock_wait: self.lock_wait()?,
            bulk,
            check_all_blocks: false,
        })
    }

    /// `--lock-wait`: how long to wait for a lock another process holds.
    pub fn lock_wait(&self) -> Result<Duration> {
        if !self.lock_wait.is_finite() || self.lock_wait < 0.0 {
            return Err(UsageError(format!(
                "--lock-wait must be a number of seconds >= 0, got {}",
                self.lock_wait
            ))
            .into());
        }
        Ok(Duration::from_secs_f64(self.lock_wait))
    }

    /// Decodes a key argument (hex with `--hex`, else its bytes as given).
    pub fn key_arg(&self, arg: &OsString) -> Result<Vec<u8>> {
        use std::os::unix::ffi::OsStrExt;
        if self.hex {
            let text = arg
                .to_str()
                .ok_or_else(|| UsageError("--hex key is not text".into()))?;
            parse_hex(text).map_err(|e| UsageError(format!("bad --hex key: {e}")).into())
        } else {
            Ok(arg.as_bytes().to_vec())
        }
    }

    /// When a scan found nothing because the namespace (`--prefix`) holds
    /// no keys at all while the store does, says so on stderr and names the
    /// namespaces that exist: `--prefix` is easily taken for a key filter.
    pub fn warn_if_namespace_empty(&self, storage: &mut StorageService) -> Result<()> {
        let Namespace::Prefixed(ns) = self.namespace() else {
            return Ok(());
        };
        if storage.namespace_has_keys()? {
            return Ok(());
        }
        let existing = storage.namespaces_in_store(6)?;
        if existing.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = existing
            .iter()
            .map(|p| format!("{:?}", String::from_utf8_lossy(p)))
            .collect();
        self.note(format!(
            "storectl: the namespace --prefix {:?} holds no keys; this store has keys under --prefix {}. \
             --prefix selects the namespace; KEY_PREFIX (or --key-prefix) filters keys within it",
            String::from_utf8_lossy(&ns),
            names.join(", ")
        ));
        Ok(())
    }

    /// Prints a message on stderr unless `--quiet`.
    pub fn note(&self, message: impl AsRef<str>) {
        if !self.quiet {
            output::note(message);
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Get(args) => get::run(g, args),
        Command::Put(args) => put::run(g, args),
        Command::Delete(args) => delete::run(g, args),
        Command::Scan(args) => scan::run(g, args),
        Command::Batch(args) => batch::run(g, args),
        Command::Block(args) => block::run(g, args),
        Command::State(args) => state::run(g, args),
        Command::Snapshot(args) => snapshot::run(g, args),
        Command::Verify(args) => verify::run(g, args),
        Command::Compact(args) => compact::run(g, args),
        Command::Inspect(args) => inspect::run(g, args),
        Command::Find(args) => find::run(g, args),
        Command::Salvage(args) => salvage::run(g, args),
        Command::Diff(args) => diff::run(g, args),
        Command::Bisect(args) => rewind::bisect_run(g, args),
        Command::Checkpoint(args) => backup::checkpoint_run(g, args),
        Command::Backup(args) => backup::backup_run(g, args),
        Command::Follow(args) => follow::run(g, args),
        Command::Metrics(args) => metrics::run(g, args),
        Command::Stats(args) => stats::run(g, args),
        Command::Hash(args) => hash::run(g, args),
        Command::Prune(args) => prune::run(g, args),
        Command::Export(args) => export::run(g, args),
        Command::Import(args) => import::run(g, args),
        Command::Browse(args) => browse::run(g, args),
        Command::Completions(args) => completions::run(args),
    }
}

/// The subcommand path named by the arguments (`snapshot restore`),
/// found by walking the command tree: options and their values are
/// skipped. Empty when no subcommand was named.
fn subcommand_path(args: &[OsString]) -> String {
    let mut command = help::command();
    let mut path: Vec<String> = Vec::new();
    let mut skip_value = false;
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if let Some(opt) = arg.strip_prefix('-') {
            let takes_value = |a: &clap::Arg| a.get_action().takes_values();
            let found = match opt.strip_prefix('-') {
                Some(long) if !long.contains('=') => command
                    .get_arguments()
                    .find(|a| a.get_long() == Some(long))
                    .map(takes_value),
                None if opt.len() == 1 => {
                    let c = opt.chars().next();
                    command
                        .get_arguments()
                        .find(|a| a.get_short() == c)
                        .map(takes_value)
                }
                _ => None,
            };
            skip_value = found.unwrap_or(false);
            continue;
        }
        match command.find_subcommand(arg.as_ref()).cloned() {
            Some(sub) => {
                path.push(sub.get_name().to_string());
                command = sub;
            }
            None => break,
        }
    }
    path.join(" ")
}

/// A clap error on one line, keeping its suggestions: `unexpected argument
/// '--foo' found; tip: ...`.
fn clap_error_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let mut parts: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("Usage:") || line.starts_with("For more information")
        {
            continue;
        }
        parts.push(line.strip_prefix("error: ").unwrap_or(line).to_string());
    }
    // "…were not provided:" introduces a list of arguments, one per line.
    let mut joined = String::new();
    let mut listing = false;
    for part in parts {
        let argument = part.starts_with('<') || part.starts_with('-');
        if joined.ends_with(':') {
            joined.push(' ');
            listing = argument;
        } else if !joined.is_empty() {
            listing &= argument;
            joined.push_str(if listing { ", " } else { "; " });
        }
        joined.push_str(&part);
    }
    joined
}

/// Entry point used by `main`: parses arguments, runs, and maps the outcome
/// to an exit code.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> i32 {
    panics::install_quiet_hook();
    raise_open_file_limit();
    // An empty STORECTL_DB / STORECTL_PREFIX means "not set": clap would
    // otherwise reject the empty value even when --db is given.
    for name in ["STORECTL_DB", "STORECTL_PREFIX"] {
        if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
            std::env::remove_var(name);
        }
    }
    let args: Vec<OsString> = args.into_iter().collect();
    let path = subcommand_path(&args);
    let prefix = if path.is_empty() {
        "storectl".to_string()
    } else {
        format!("storectl: {path}")
    };
    let parsed = help::command()
        .try_get_matches_from(&args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                        exit::USAGE
                    } else {
                        exit::OK
                    }
                }
                _ => {
                    let help = if path.is_empty() {
                        String::new()
                    } else {
                        format!(" {path}")
                    };
                    output::note(format!(
                        "{prefix}: {} (see `storectl{help} --help`)",
                        clap_error_line(&e)
                    ));
                    exit::USAGE
                }
            };
        }
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    let outcome = match outcome {
        Ok(result) => result,
        Err(_) => {
            let message = panics::last_message();
            // `println!` panics when stdout fails; that is not the store.
            if let Some(cause) = message.strip_prefix("failed printing to stdout: ") {
                if cause.starts_with("Broken pipe") {
                    return closed_stdout(&prefix);
                }
                let cause = cause.split(" at /").next().unwrap_or(cause);
                output::note(format!("{prefix}: cannot write to stdout: {cause}"));
                return exit::ERROR;
            }
            output::note(format!(
                "storectl: the storage engine failed while reading the store: {message}; the store may be damaged (run `storectl verify --checks storage` to find the file)"
            ));
            return exit::ERROR;
        }
    };
    match outcome {
        Ok(()) => exit::OK,
        Err(err) if exit::is_broken_pipe(&err) => closed_stdout(&prefix),
        Err(err) => {
            if exit::should_report(&err) {
                output::note(format!("{prefix}: {}", one_line(&err)));
            }
            exit::code_for(&err)
        }
    }
}

/// Ends a command whose stdout's reader went away: quietly with 0, or,
/// when a check had found problems, with 5 and a word on stderr.
fn closed_stdout(prefix: &str) -> i32 {
    let code = exit::code_for_closed_stdout();
    if code != exit::OK {
        output::note(format!(
            "{prefix}: found problems (stdout was closed before the whole report was written)"
        ));
    }
    code
}

/// The read path keeps every live table of a store open for the length of
/// a command: raise the soft limit on open files to the hard limit (best
/// effort; running out of descriptors is still an error naming the file).
fn raise_open_file_limit() {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// The error chain on one line: `context: cause: cause`.
fn one_line(err: &anyhow::Error) -> String {
    let parts: Vec<String> = err.chain().map(|c| c.to_string()).collect();
    parts.join(": ").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_usage_error_is_one_readable_line() {
        // It read "were not provided:; <ID>; <TARGET>".
        let line = |args: &[&str]| {
            let e = help::command().try_get_matches_from(args).unwrap_err();
            clap_error_line(&e)
        };
        assert_eq!(
            line(&["storectl", "backup", "restore", "repo"]),
            "the following required arguments were not provided: <ID>, <TARGET>"
        );
        assert_eq!(
            line(&["storectl", "get"]),
            "the following required arguments were not provided: <KEY>"
        );
        assert!(line(&["storectl", "scan", "--bogus"])
            .starts_with("unexpected argument '--bogus' found; tip: "));
    }
}
