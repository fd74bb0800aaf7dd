# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_storectl_global_optspecs
    string join \n db= prefix= raw create o/output= hex lock-wait= quiet h/help V/version
end

function __fish_storectl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_storectl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_storectl_using_subcommand
    set -l cmd (__fish_storectl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c storectl -n "__fish_storectl_needs_command" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_needs_command" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_needs_command" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_needs_command" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_needs_command" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_needs_command" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_needs_command" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_needs_command" -s V -l version -d 'Print version'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "get" -d 'Print the value stored under a key'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "put" -d 'Store a JSON value under a key'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "delete" -d 'Delete keys, atomically'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "scan" -d 'List keys and values in a range, in key order'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "batch" -d 'Apply put/delete operations from a file as one atomic write'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "block" -d 'Blocks by hash and height: get, latest, list, put'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "state" -d 'Machine states and roots: get, put, list, roots'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "snapshot" -d 'Snapshots and incremental chains: create, list, show, chain, restore, delete, diff'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "verify" -d 'Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "compact" -d 'Compact the store or a key range; prints size before and after'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "stats" -d 'Storage usage: files on disk and keys/bytes per category'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "hash" -d 'A content digest of the namespace (or --raw the whole store)'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "prune" -d 'Delete old blocks and snapshots, with a plan first'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "export" -d 'Write a lossless, versioned dump of the namespace (or a range)'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "import" -d 'Load a dump, NDJSON records, a canonical dump or a fixture document'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "inspect" -d 'Show the store\'s files: the manifest, a log, a table'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "find" -d 'Every version of a key in every log and table, newest first'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "salvage" -d 'Recover every readable record of a damaged store into a new store'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "diff" -d 'Compare two stores: keys only in one, values that differ'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "bisect" -d 'The first height at which two stores\' chains disagree'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "checkpoint" -d 'A consistent, openable copy of the store, taken while it is in use'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "backup" -d 'Backups in a repository: create, list, verify, restore, delete, prune'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "follow" -d 'Print the store\'s writes as they happen (tailing its log)'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "metrics" -d 'The store\'s health as Prometheus metrics (printed, served or a textfile)'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "browse" -d 'Explore the store in a full-screen terminal browser (read-only)'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c storectl -n "__fish_storectl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand get" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand get" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand get" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand get" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand get" -s q -l exists -d 'Print nothing; only set the exit status (0 found, 3 missing)'
complete -c storectl -n "__fish_storectl_using_subcommand get" -l create
complete -c storectl -n "__fish_storectl_using_subcommand get" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand get" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand get" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand put" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand put" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand put" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand put" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand put" -l string -d 'Store VALUE as a JSON string instead of parsing it'
complete -c storectl -n "__fish_storectl_using_subcommand put" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand put" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand put" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand put" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand put" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand delete" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand delete" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l key-prefix -d 'Only keys starting with P (as in export and snapshot create)' -r
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l start -d 'First key (inclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l end -d 'Stop before this key (exclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l limit -d 'At most N entries' -r
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand scan" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l reverse -d 'Largest key first'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l keys-only -d 'Print keys only'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l count -d 'Print only the number of entries'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l create
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand batch" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l dry-run -d 'Print what would change, write nothing'
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand batch" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -f -a "get" -d 'Print a block by hash, or by height with --height'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -f -a "latest" -d 'Print the block at the greatest height'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -f -a "list" -d 'List blocks in numeric height order'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -f -a "put" -d 'Save blocks: each block and its height index in one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -f -a "rewind" -d 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan'
complete -c storectl -n "__fish_storectl_using_subcommand block; and not __fish_seen_subcommand_from get latest list put rewind help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l height -d 'Look the block up by height instead' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l create
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l height-only -d 'Print only the height'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l exact -d 'Accepted for scripts written for earlier releases; the answer is always exact'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l create
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from latest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l from -d 'Lowest height (inclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l to -d 'Highest height (inclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l limit -d 'At most N blocks' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l reverse -d 'Greatest height first'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l create
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l force -d 'Replace a different block at the same height'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from put" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l to -d 'The height that becomes the latest: every block and height index entry above it is deleted' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l dry-run -d 'Print the plan; change nothing'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l yes -d 'Do not ask (required when stdin is not a terminal)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l restore-states -d 'Set each machine whose state is ahead of HEIGHT back to the state of the latest block at or below HEIGHT that names it'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from rewind" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print a block by hash, or by height with --height'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "latest" -d 'Print the block at the greatest height'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "list" -d 'List blocks in numeric height order'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "put" -d 'Save blocks: each block and its height index in one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "rewind" -d 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan'
complete -c storectl -n "__fish_storectl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -f -a "get" -d 'Print a machine\'s latest state, or a state by root with --root'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -f -a "put" -d 'Save a machine\'s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -f -a "list" -d 'List machines with their latest stateRoot and sub-key count'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -f -a "roots" -d 'List the stored states by root (`root:<stateRoot>`)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and not __fish_seen_subcommand_from get put list roots help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l root -d 'Look the state up by its stateRoot instead' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l create
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from put" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l create
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l create
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from roots" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print a machine\'s latest state, or a state by root with --root'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "put" -d 'Save a machine\'s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "list" -d 'List machines with their latest stateRoot and sub-key count'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "roots" -d 'List the stored states by root (`root:<stateRoot>`)'
complete -c storectl -n "__fish_storectl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "create" -d 'Capture a range into a new snapshot and print its id'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "list" -d 'List snapshots: id, time, range, entries, deletions, size, base'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "show" -d 'Print a snapshot\'s metadata (and its entries with --data)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "chain" -d 'Print the chain from a snapshot back to its root, newest first'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "restore" -d 'Make the captured range exactly equal to the snapshot\'s view'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "delete" -d 'Delete a snapshot (its metadata and base link, atomically)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "diff" -d 'Compare two snapshots\' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and not __fish_seen_subcommand_from create list show chain restore delete diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l machine -d 'Capture this machine\'s state and sub-keys' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l key-prefix -d 'Capture every key starting with P' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l base -d 'Store only the changes since this snapshot\'s view' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l id -d 'Use this id instead of a generated one (no `:`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l all -d 'Capture the whole namespace (except snapshots)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l create
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l data -d 'Also print the stored entries'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l create
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l create
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from chain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l dry-run -d 'Print the changes, write nothing'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l force -d 'Delete even if other snapshots use it as their base'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l create
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "create" -d 'Capture a range into a new snapshot and print its id'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "list" -d 'List snapshots: id, time, range, entries, deletions, size, base'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a snapshot\'s metadata (and its entries with --data)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "chain" -d 'Print the chain from a snapshot back to its root, newest first'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Make the captured range exactly equal to the snapshot\'s view'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a snapshot (its metadata and base link, atomically)'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare two snapshots\' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal'
complete -c storectl -n "__fish_storectl_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l checks -d 'Comma-separated checks to run (default: all): storage, values, blocks, states, snapshots' -r -f -a "storage\t''
values\t''
blocks\t''
states\t''
snapshots\t''"
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l allow-non-json -d 'Values under this key prefix need not be JSON (repeatable)' -r
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand verify" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l create
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand verify" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l start -d 'First key of the range (in the namespace; default: its first key)' -r
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l end -d 'End of the range, exclusive as in scan and export (default: the end of the namespace). Compaction never changes contents, so the range only limits the work' -r
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand compact" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand compact" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand compact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand stats" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l fast -d 'Skip the scan: on-disk usage and latest height only'
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l create
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand stats" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand hash" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l create
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand hash" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand hash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l blocks-below -d 'Delete blocks (and height index entries) below this height' -r
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l snapshots-keep -d 'Keep the newest N snapshots (and the bases they need)' -r
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand prune" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l dry-run -d 'Print the plan, delete nothing'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -s y -l yes -d 'Do not ask for confirmation'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand export" -l key-prefix -d 'Only keys starting with this prefix' -r
complete -c storectl -n "__fish_storectl_using_subcommand export" -l start -d 'First key (inclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand export" -l end -d 'Stop before this key (exclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand export" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand export" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand export" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand export" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand export" -l canonical -d 'Pretty, stable JSON document (same contents → byte-identical file)'
complete -c storectl -n "__fish_storectl_using_subcommand export" -l force -d 'Replace FILE when it exists (it is replaced only once the new dump is complete and synced)'
complete -c storectl -n "__fish_storectl_using_subcommand export" -l create
complete -c storectl -n "__fish_storectl_using_subcommand export" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand export" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand export" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand import" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand import" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand import" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand import" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand import" -l merge -d 'Import into a namespace that already has keys'
complete -c storectl -n "__fish_storectl_using_subcommand import" -l no-overwrite -d 'Keep existing keys (skip records whose key exists)'
complete -c storectl -n "__fish_storectl_using_subcommand import" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand import" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand import" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand import" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -f -a "manifest" -d 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -f -a "log" -d 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -f -a "table" -d 'A table\'s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and not __fish_seen_subcommand_from manifest log table help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l edits -d 'List every version edit in order instead'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from manifest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l values -d 'Print the values too'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l entries -d 'Print every entry: user key, sequence, type, value'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from table" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "manifest" -d 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "log" -d 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "table" -d 'A table\'s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry'
complete -c storectl -n "__fish_storectl_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand find" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand find" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand find" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand find" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand find" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand find" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand find" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand find" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l to -d 'The new store: must not exist, or be an empty directory' -r -F
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l dry-run -d 'Print the report; write nothing'
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand salvage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l key-prefix -d 'Only keys starting with P' -r
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l start -d 'First key (inclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l end -d 'Stop before this key (exclusive)' -r
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand diff" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l keys-only -d 'Print keys only (no values)'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l count -d 'Print only the counts of each kind of difference'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l json-equal -d 'Count values equal as JSON as equal'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand bisect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l copy -d 'Copy the tables instead of hard-linking them'
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand checkpoint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "create" -d 'Back up --db into REPO (created when missing)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "list" -d 'List the backups of REPO'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "verify" -d 'Re-hash every file of one backup (or all): exit 5 on any mismatch'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "restore" -d 'Restore backup ID into TARGET (new or empty), after verifying it'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "delete" -d 'Delete a backup and the files only it held'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "prune" -d 'Keep the newest N backups; delete the rest'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore delete prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l keep -d 'How many to keep' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "create" -d 'Back up --db into REPO (created when missing)'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the backups of REPO'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-hash every file of one backup (or all): exit 5 on any mismatch'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore backup ID into TARGET (new or empty), after verifying it'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a backup and the files only it held'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Keep the newest N backups; delete the rest'
complete -c storectl -n "__fish_storectl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l from-seq -d 'Resume after the batch with this sequence number' -r
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l count -d 'Stop after N batches' -r
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l idle-exit -d 'Stop after SECONDS without a write' -r
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand follow" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l from-start -d 'Replay what the live logs still hold, then follow'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l events -d 'Interpret the seed\'s model: block, state, root, snapshot, delete, other'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand follow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l listen -d 'Serve `GET /metrics` on this address (e.g. 127.0.0.1:9477)' -r
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l textfile -d 'Write the exposition to PATH atomically (temp file + rename)' -r -F
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l interval -d 'Read the store at most this often (seconds; with --textfile, rewrite it this often)' -r
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l lock-wait -d 'Wait up to SECONDS for another process to release the store\'s LOCK (or a backup repository\'s) before failing with exit code 4' -r
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l fast -d 'Skip the scan: estimate the per-category key counts and bytes from the tables\' index blocks and 16 sampled data blocks per category'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l verify -d 'Also run verify and export its findings per check'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l create -d 'Let a writing command create the store when it does not exist'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand metrics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l db -d 'The LevelDB store directory' -r -f -a "(__fish_complete_directories)"
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l prefix -d 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)' -r
complete -c storectl -n "__fish_storectl_using_subcommand browse" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l no-clipboard -d 'Never use a clipboard tool: print copies on stdout at exit'
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l create
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l raw -d 'Address exact LevelDB keys, with no namespace'
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l hex -d 'Key arguments are given in hexadecimal (for binary keys)'
complete -c storectl -n "__fish_storectl_using_subcommand browse" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand browse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l lock-wait -r
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l db -r -F
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l prefix -r
complete -c storectl -n "__fish_storectl_using_subcommand completions" -s o -l output -r -f -a "table\t'Human-readable tables (pretty JSON for single values)'
json\t'One JSON document'
ndjson\t'One JSON object per line'
plain\t'Bare values / tab-separated lines, for shell pipelines'"
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l create
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l raw
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l hex
complete -c storectl -n "__fish_storectl_using_subcommand completions" -l quiet -d 'Print no messages on stderr (errors are still printed)'
complete -c storectl -n "__fish_storectl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "get" -d 'Print the value stored under a key'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "put" -d 'Store a JSON value under a key'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "delete" -d 'Delete keys, atomically'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "scan" -d 'List keys and values in a range, in key order'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "batch" -d 'Apply put/delete operations from a file as one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "block" -d 'Blocks by hash and height: get, latest, list, put'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "state" -d 'Machine states and roots: get, put, list, roots'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "snapshot" -d 'Snapshots and incremental chains: create, list, show, chain, restore, delete, diff'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "verify" -d 'Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "compact" -d 'Compact the store or a key range; prints size before and after'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "stats" -d 'Storage usage: files on disk and keys/bytes per category'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "hash" -d 'A content digest of the namespace (or --raw the whole store)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "prune" -d 'Delete old blocks and snapshots, with a plan first'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "export" -d 'Write a lossless, versioned dump of the namespace (or a range)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "import" -d 'Load a dump, NDJSON records, a canonical dump or a fixture document'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "inspect" -d 'Show the store\'s files: the manifest, a log, a table'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "find" -d 'Every version of a key in every log and table, newest first'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "salvage" -d 'Recover every readable record of a damaged store into a new store'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "diff" -d 'Compare two stores: keys only in one, values that differ'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "bisect" -d 'The first height at which two stores\' chains disagree'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "checkpoint" -d 'A consistent, openable copy of the store, taken while it is in use'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "backup" -d 'Backups in a repository: create, list, verify, restore, delete, prune'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "follow" -d 'Print the store\'s writes as they happen (tailing its log)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "metrics" -d 'The store\'s health as Prometheus metrics (printed, served or a textfile)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "browse" -d 'Explore the store in a full-screen terminal browser (read-only)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c storectl -n "__fish_storectl_using_subcommand help; and not __fish_seen_subcommand_from get put delete scan batch block state snapshot verify compact stats hash prune export import inspect find salvage diff bisect checkpoint backup follow metrics browse completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "get" -d 'Print a block by hash, or by height with --height'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "latest" -d 'Print the block at the greatest height'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "list" -d 'List blocks in numeric height order'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "put" -d 'Save blocks: each block and its height index in one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "rewind" -d 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "get" -d 'Print a machine\'s latest state, or a state by root with --root'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "put" -d 'Save a machine\'s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "list" -d 'List machines with their latest stateRoot and sub-key count'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "roots" -d 'List the stored states by root (`root:<stateRoot>`)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "create" -d 'Capture a range into a new snapshot and print its id'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "list" -d 'List snapshots: id, time, range, entries, deletions, size, base'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "show" -d 'Print a snapshot\'s metadata (and its entries with --data)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "chain" -d 'Print the chain from a snapshot back to its root, newest first'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "restore" -d 'Make the captured range exactly equal to the snapshot\'s view'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "delete" -d 'Delete a snapshot (its metadata and base link, atomically)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "diff" -d 'Compare two snapshots\' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "manifest" -d 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "log" -d 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "table" -d 'A table\'s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "create" -d 'Back up --db into REPO (created when missing)'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "list" -d 'List the backups of REPO'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Re-hash every file of one backup (or all): exit 5 on any mismatch'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "restore" -d 'Restore backup ID into TARGET (new or empty), after verifying it'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "delete" -d 'Delete a backup and the files only it held'
complete -c storectl -n "__fish_storectl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "prune" -d 'Keep the newest N backups; delete the rest'
