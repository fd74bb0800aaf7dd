//! `storectl state get | put | list | roots`

use super::input::read_input;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::state::{check_machine, validate_state};
use crate::model::MachineStateStorage;
use crate::StoreError;
use anyhow::Result;
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;

/// Machine states: `state:<machine>` (latest) and `root:<stateRoot>`.
#[derive(Debug, Args)]
pub struct StateArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: StateCommand,
}

/// The `state` subcommands.
#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Print a machine's latest state, or a state by root with --root.
    Get {
        /// The machine id.
        #[arg(required_unless_present = "root", conflicts_with = "root")]
        machine: Option<String>,
        /// Look the state up by its stateRoot instead.
        #[arg(long, value_name = "ROOT")]
        root: Option<String>,
    },
    /// Save a machine's state: `state:<MACHINE>` and `root:<stateRoot>` in
    /// one atomic write.
    ///
    /// INPUT is a file, `-` for stdin, or inline JSON; the state must be an
    /// object with a string `stateRoot`. A `machineId` field, when present,
    /// must equal MACHINE.
    Put {
        /// The machine id.
        machine: String,
        /// File, `-` or inline JSON.
        input: String,
    },
    /// List machines with their latest stateRoot and sub-key count.
    ///
    /// A machine is a key `state:<id>` (ids contain no `:`); keys
    /// `state:<id>:<anything>` are its sub-keys and are counted, not listed.
    List,
    /// List the stored states by root (`root:<stateRoot>`).
    Roots {
        /// Only states whose `machineId` is MACHINE.
        machine: Option<String>,
    },
}

/// Runs `state`.
pub fn run(g: &GlobalArgs, args: &StateArgs) -> Result<()> {
    match &args.command {
        StateCommand::Get { machine, root } => get(g, machine.as_deref(), root.as_deref()),
        StateCommand::Put { machine, input } => put(g, machine, input),
        StateCommand::List => list(g),
        StateCommand::Roots { machine } => roots(g, machine.clone()),
    }
}

fn get(g: &GlobalArgs, machine: Option<&str>, root: Option<&str>) -> Result<()> {
    let mut storage = g.open_read()?;
    let mut states = MachineStateStorage::new(&mut storage);
    let (what, state) = match (machine, root) {
        (_, Some(root)) => (format!("state with root {root}"), states.get_by_root(root)?),
        (Some(machine), None) => (
            format!("state of machine {machine}"),
            states.get_latest(machine)?,
        ),
        (None, None) => unreachable!("clap requires a machine or --root"),
    };
    let state = state.ok_or(StoreError::NotFound { what: what.clone() })?;
    output::print_value(g.output, &what, &state, g.quiet)?;
    Ok(())
}

fn put(g: &GlobalArgs, machine: &str, input: &str) -> Result<()> {
    let input = read_input(input)?;
    let state = validate_state(&input.text)
        .map_err(|msg| StoreError::bad_input(format!("{}: {msg}", input.source)))?;
    check_machine(machine, &state)?;
    let mut storage = g.open_write()?;
    MachineStateStorage::new(&mut storage).save(machine, &state)?;
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => println!(
            "{}",
            json!({"action": "state put", "machine": machine, "stateRoot": state.state_root})
        ),
        OutputFormat::Table | OutputFormat::Plain => g.note(format!(
            "saved state of {machine} (root {})",
            state.state_root
        )),
    }
    Ok(())
}

fn list(g: &GlobalArgs) -> Result<()> {
    let mut storage = g.open_read()?;
    let machines = MachineStateStorage::new(&mut storage).machines()?;
    let mut out = output::stdout();
    // stateRoot is embedded as stored (lone surrogate escapes included).
    let records: Vec<String> = machines
        .iter()
        .map(|m| {
            let head = json!({"machine": m.machine}).to_string();
            format!(
                "{},\"stateRoot\":{},\"hasState\":{},\"subKeys\":{}{}}}",
                &head[..head.len() - 1],
                m.state_root.as_deref().unwrap_or("null"),
                m.has_state,
                m.sub_keys,
                m.problem
                    .as_ref()
                    .map(|p| format!(",\"problem\":{}", json!(p)))
                    .unwrap_or_default()
            )
        })
        .collect();
    let root_text = |m: &crate::model::state::MachineSummary| -> String {
        match (&m.state_root, &m.problem) {
            (Some(raw), _) => crate::store::json::decode_string(raw).unwrap_or_else(|| raw.clone()),
            (None, Some(problem)) => format!("(unreadable: {problem})"),
            (None, None) if m.has_state => "(no stateRoot)".into(),
            (None, None) => "(no state key)".into(),
        }
    };
    match g.output {
        OutputFormat::Table => {
            let mut t = output::table(&["machine", "stateRoot", "sub-keys"]);
            for m in &machines {
                t.add_row(vec![
                    m.machine.clone(),
                    root_text(m),
                    m.sub_keys.to_string(),
                ]);
            }
            output::write_table(&mut out, &t)?;
        }
        OutputFormat::Json => writeln!(out, "[{}]", records.join(","))?,
        OutputFormat::Ndjson => {
            for r in records {
                writeln!(out, "{r}")?;
            }
        }
        OutputFormat::Plain => {
            for m in &machines {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    m.machine,
                    m.state_root
                        .as_ref()
                        .map(|_| root_text(m))
                        .unwrap_or_default(),
                    m.sub_keys
                )?;
            }
        }
    }
    out.flush()?;
    if g.output == OutputFormat::Table {
        g.note(format!("{} machine(s)", machines.len()));
    }
    Ok(())
}

fn roots(g: &GlobalArgs, machine: Option<String>) -> Result<()> {
    let mut storage = g.open_read()?;
    let entries = MachineStateStorage::new(&mut storage).roots(machine)?;
    let mut out = output::stdout();
    let mut table = output::table(&["root", "machineId"]);
    let mut count = 0u64;
    if g.output == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    for entry in entries {
        let entry = entry?;
        match g.output {
            OutputFormat::Table => {
                table.add_row(vec![entry.root, entry.machine_id.unwrap_or_default()]);
                if table.row_count() == output::TABLE_CHUNK_ROWS {
                    output::write_table(&mut out, &table)?;
                    table = output::table(&["root", "machineId"]);
                }
            }
            OutputFormat::Json | OutputFormat::Ndjson => {
                let record = format!(
                    "{{\"root\":{},\"machineId\":{},\"state\":{}}}",
                    json!(entry.root),
                    json!(entry.machine_id),
                    output::value_json_line(&entry.state).0
                );
                if g.output == OutputFormat::Json {
                    out.write_all(if count == 0 { b"\n" } else { b",\n" })?;
                    out.write_all(record.as_bytes())?;
                } else {
                    writeln!(out, "{record}")?;
                }
            }
            OutputFormat::Plain => writeln!(out, "{}", entry.root)?,
        }
        count += 1;
    }
    match g.output {
        OutputFormat::Json => out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?,
        OutputFormat::Table if table.row_count() > 0 || count == 0 => {
            output::write_table(&mut out, &table)?
        }
        _ => {}
    }
    out.flush()?;
    if g.output == OutputFormat::Table {
        g.note(format!("{count} root(s)"));
    }
    Ok(())
}
