//! The command tree as users see it: examples after every command's help
//! (and in its man page), and only the global options that matter for the
//! command (`--create` and `--lock-wait` only on commands that write).
//! Parsing, `--help`, man pages and completions all use [`command`].

use clap::CommandFactory;

/// Commands that never write: `--create` and `--lock-wait` are hidden.
const READ_ONLY: &[&str] = &[
    "browse",
    "get",
    "scan",
    "block get",
    "block latest",
    "block list",
    "state get",
    "state list",
    "state roots",
    "snapshot list",
    "snapshot show",
    "snapshot chain",
    "snapshot diff",
    "verify",
    "stats",
    "hash",
    "export",
];

/// Examples for each command, shown after its help and in its man page.
pub fn examples(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => "  export STORECTL_DB=./node-store\n  storectl block latest                    # the newest block\n  storectl scan state: --keys-only        # every machine's keys\n  storectl verify || echo \"findings (exit $?)\"\n  storectl --create --db ./fixture import fixture.json",
        "block" => "  storectl block latest --height-only\n  storectl block list --from 0 --to 100\n  storectl block put blocks.ndjson",
        "state" => "  storectl state list\n  storectl state put m1 '{\"stateRoot\":\"0x01\"}'",
        "snapshot" => "  id=$(storectl snapshot create --machine m1)\n  storectl snapshot restore \"$id\" --dry-run",
        "get" => "  storectl get block:0xab                  # pretty JSON\n  storectl get block:0xab -o json          # exactly as stored, one line\n  storectl get -q state:m9 && echo exists  # exit 0 if present, 3 if not\n  storectl --raw --hex get 3a626c6f636b    # exact key bytes, in hex",
        "put" => "  storectl put block:0xab '{\"stateRoot\":\"0xab\",\"height\":1}'\n  storectl put note --string 'free text'\n  cat value.json | storectl put config -\n  storectl --create --db ./new put first 1   # make a new store",
        "delete" => "  storectl delete height:5 block:0x05      # one atomic write\n  storectl delete stale -o json",
        "scan" => "  storectl scan block:                     # keys starting with block:\n  storectl scan --key-prefix height: --count\n  storectl scan --start a --end b --reverse --limit 10\n  storectl scan -o ndjson > records.ndjson  # what batch and import read",
        "batch" => "  storectl batch ops.ndjson                # validated whole, one atomic write\n  storectl batch --dry-run ops.ndjson      # what would change\n  echo '{\"type\":\"delete\",\"key\":\"k\"}' | storectl batch -",
        "block get" => "  storectl block get 0xab\n  storectl block get --height 1200 -o json",
        "block latest" => "  storectl block latest\n  storectl block latest --height-only",
        "block list" => "  storectl block list --from 100 --to 200\n  storectl block list --reverse --limit 10 -o ndjson",
        "block put" => "  storectl block put '{\"stateRoot\":\"0xab\",\"height\":1}'\n  storectl block put blocks.ndjson          # one block per line\n  storectl block put --force replacement.json",
        "state get" => "  storectl state get m1\n  storectl state get --root 0x01 -o json",
        "state list" => "  storectl state list\n  storectl state list -o json",
        "state roots" => "  storectl state roots\n  storectl state roots --machine m1 -o ndjson",
        "state put" => "  storectl state put m1 '{\"stateRoot\":\"0x01\",\"machineId\":\"m1\"}'\n  storectl state put m1 state.json",
        "snapshot create" => "  id=$(storectl snapshot create --machine m1)\n  storectl snapshot create --all --id before-upgrade\n  storectl snapshot create --base before-upgrade   # incremental",
        "snapshot list" => "  storectl snapshot list\n  storectl snapshot list -o json",
        "snapshot show" => "  storectl snapshot show before-upgrade\n  storectl snapshot show before-upgrade --data -o ndjson",
        "snapshot chain" => "  storectl snapshot chain s3",
        "snapshot restore" => "  storectl snapshot restore before-upgrade --dry-run\n  storectl snapshot restore before-upgrade",
        "snapshot delete" => "  storectl snapshot delete old\n  storectl snapshot delete base-of-others --force",
        "snapshot diff" => "  storectl snapshot diff s1 s2 || echo \"they differ (exit $?)\"",
        "verify" => "  storectl verify                                 # exit 0 clean, 5 findings\n  storectl verify --checks storage,blocks -o json\n  storectl verify --allow-non-json blob:",
        "compact" => "  storectl compact\n  storectl compact --start block: --end block;",
        "stats" => "  storectl stats\n  storectl stats --fast -o json",
        "hash" => "  storectl hash                            # compare two stores' contents\n  storectl --prefix chain7 hash -o json",
        "prune" => "  storectl prune --blocks-below 1000 --dry-run\n  storectl prune --snapshots-keep 5 --yes",
        "export" => "  storectl export backup.dump\n  storectl export --canonical > fixture.canonical.json\n  storectl export --key-prefix state: - | gzip > states.dump.gz",
        "import" => "  storectl --create --db ./copy import backup.dump\n  storectl import --merge --no-overwrite records.ndjson\n  storectl --create --db ./fixture import fixture.json\n  storectl --create --db ./copy import <(zcat states.dump.gz)",
        "inspect" => "  storectl inspect manifest\n  storectl inspect log --values\n  storectl inspect table ./db/000123.ldb --entries -o ndjson",
        "inspect manifest" => "  storectl inspect manifest                # the live tables by level\n  storectl inspect manifest --edits -o json",
        "inspect log" => "  storectl inspect log                     # the newest log of --db\n  storectl inspect log ./db/000042.log --values",
        "inspect table" => "  storectl inspect table ./db/000123.ldb\n  storectl inspect table /backup/000007.sst --entries -o ndjson",
        "find" => "  storectl find block:0xab                 # every version, newest first\n  storectl --raw --hex find 3a6b6579 -o json",
        "salvage" => "  storectl --db ./broken salvage --dry-run            # the report only\n  storectl --db ./broken salvage --to ./recovered\n  storectl --db ./broken salvage --to ./recovered -o json > salvage-report.json\n  storectl --db ./node checkpoint ./copy && storectl --db ./copy salvage --dry-run   # a live store",
        "diff" => "  storectl --db node-a diff node-b                # every difference\n  storectl --db node-a diff node-b block: --count\n  storectl --db node-a diff node-b --json-equal -o ndjson",
        "bisect" => "  storectl --db node-a bisect node-b           # first divergent height, both blocks\n  storectl --db node-a bisect node-b -o json",
        "block rewind" => "  storectl block rewind --to 699 --dry-run\n  storectl block rewind --to 699 --restore-states --yes",
        "checkpoint" => "  storectl --db /var/lib/node/db checkpoint /var/lib/node/db.ckpt   # hard links, milliseconds\n  storectl checkpoint /mnt/other-disk/db.ckpt --copy",
        "backup" => "  storectl backup create /backups/node\n  storectl backup list /backups/node\n  storectl backup restore /backups/node 3 ./restored",
        "backup create" => "  storectl --db ./db backup create /backups/node          # the repository is made when missing",
        "backup list" => "  storectl backup list /backups/node -o json",
        "backup verify" => "  storectl backup verify /backups/node                     # every backup\n  storectl backup verify /backups/node 3",
        "backup restore" => "  storectl backup restore /backups/node 3 ./restored-db",
        "backup delete" => "  storectl backup delete /backups/node 1",
        "backup prune" => "  storectl backup prune /backups/node --keep 7",
        "follow" => "  storectl follow                                   # new writes, as they happen\n  storectl follow --events block: | jq .height\n  storectl follow --from-seq 41230 -o ndjson >> writes.ndjson",
        "metrics" => "  storectl metrics | promtool check metrics\n  storectl metrics --listen 127.0.0.1:9477 --interval 15\n  storectl metrics --fast --textfile /var/lib/node_exporter/textfile/storectl.prom --interval 60",
        "browse" => "  storectl --db ./node-db browse\n  storectl --db ./node-db browse height:700       # open at a key\n  storectl --db ./node-db --prefix chain1 browse  # another namespace",
        "completions" => "  storectl completions bash > /etc/bash_completion.d/storectl\n  storectl completions zsh > \"${fpath[1]}/_storectl\"",
        _ => return None,
    })
}

fn decorate(cmd: clap::Command, path: &str) -> clap::Command {
    let mut cmd = cmd;
    if let Some(text) = examples(path) {
        let mut after = format!("Examples:\n{text}");
        if let Some(existing) = cmd.get_after_help() {
            after = format!("{existing}\n\n{after}");
        }
        cmd = cmd.after_help(after);
    }
    // A subcommand that defines an argument itself does not receive the
    // global one: hidden stand-ins (of the same type, since clap merges a
    // subcommand's values into the global ones) keep `--create` and
    // `--lock-wait` out of the help of commands that never write, and still
    // accept them.
    if READ_ONLY.contains(&path) || path == "completions" {
        cmd = cmd
            .arg(
                clap::Arg::new("create")
                    .long("create")
                    .action(clap::ArgAction::SetTrue)
                    .hide(true),
            )
            .arg(
                clap::Arg::new("lock_wait")
                    .long("lock-wait")
                    .value_name("SECONDS")
                    .value_parser(clap::value_parser!(f64))
                    .hide(true),
            );
    }
    if path == "completions" {
        cmd = cmd
            .arg(
                clap::Arg::new("db")
                    .long("db")
                    .value_name("DIR")
                    .value_parser(clap::value_parser!(std::path::PathBuf))
                    .hide(true),
            )
            .arg(
                clap::Arg::new("prefix")
                    .long("prefix")
                    .value_name("NS")
                    .hide(true),
            )
            .arg(
                clap::Arg::new("raw")
                    .long("raw")
                    .action(clap::ArgAction::SetTrue)
                    .hide(true),
            )
            .arg(
                clap::Arg::new("hex")
                    .long("hex")
                    .action(clap::ArgAction::SetTrue)
                    .hide(true),
            )
            .arg(
                clap::Arg::new("output")
                    .long("output")
                    .short('o')
                    .value_name("OUTPUT")
                    .value_parser(
                        clap::builder::EnumValueParser::<super::output::OutputFormat>::new(),
                    )
                    .hide(true),
            );
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| decorate(s, &sub_path));
    }
    cmd
}

/// The full command tree, with global options propagated, examples and
/// per-command option visibility applied.
pub fn command() -> clap::Command {
    let mut cmd = decorate(super::Cli::command(), "");
    cmd.build();
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                leaves(sub, &format!("{path} "), out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_command_has_examples() {
        let mut all = vec![
            String::new(),
            "block".into(),
            "state".into(),
            "snapshot".into(),
        ];
        leaves(&command(), "", &mut all);
        for path in all {
            assert!(examples(&path).is_some(), "no examples for `{path}`");
        }
    }
}
