
use builtin;
use str;

set edit:completion:arg-completer[storectl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'storectl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'storectl'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print the value stored under a key'
            cand put 'Store a JSON value under a key'
            cand delete 'Delete keys, atomically'
            cand scan 'List keys and values in a range, in key order'
            cand batch 'Apply put/delete operations from a file as one atomic write'
            cand block 'Blocks by hash and height: get, latest, list, put'
            cand state 'Machine states and roots: get, put, list, roots'
            cand snapshot 'Snapshots and incremental chains: create, list, show, chain, restore, delete, diff'
            cand verify 'Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings'
            cand compact 'Compact the store or a key range; prints size before and after'
            cand stats 'Storage usage: files on disk and keys/bytes per category'
            cand hash 'A content digest of the namespace (or --raw the whole store)'
            cand prune 'Delete old blocks and snapshots, with a plan first'
            cand export 'Write a lossless, versioned dump of the namespace (or a range)'
            cand import 'Load a dump, NDJSON records, a canonical dump or a fixture document'
            cand inspect 'Show the store''s files: the manifest, a log, a table'
            cand find 'Every version of a key in every log and table, newest first'
            cand salvage 'Recover every readable record of a damaged store into a new store'
            cand diff 'Compare two stores: keys only in one, values that differ'
            cand bisect 'The first height at which two stores'' chains disagree'
            cand checkpoint 'A consistent, openable copy of the store, taken while it is in use'
            cand backup 'Backups in a repository: create, list, verify, restore, delete, prune'
            cand follow 'Print the store''s writes as they happen (tailing its log)'
            cand metrics 'The store''s health as Prometheus metrics (printed, served or a textfile)'
            cand browse 'Explore the store in a full-screen terminal browser (read-only)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;get'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand -q 'Print nothing; only set the exit status (0 found, 3 missing)'
            cand --exists 'Print nothing; only set the exit status (0 found, 3 missing)'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;put'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --string 'Store VALUE as a JSON string instead of parsing it'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;delete'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;scan'= {
            cand --key-prefix 'Only keys starting with P (as in export and snapshot create)'
            cand --start 'First key (inclusive)'
            cand --end 'Stop before this key (exclusive)'
            cand --limit 'At most N entries'
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --reverse 'Largest key first'
            cand --keys-only 'Print keys only'
            cand --count 'Print only the number of entries'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;batch'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --dry-run 'Print what would change, write nothing'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;block'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand get 'Print a block by hash, or by height with --height'
            cand latest 'Print the block at the greatest height'
            cand list 'List blocks in numeric height order'
            cand put 'Save blocks: each block and its height index in one atomic write'
            cand rewind 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;block;get'= {
            cand --height 'Look the block up by height instead'
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;block;latest'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --height-only 'Print only the height'
            cand --exact 'Accepted for scripts written for earlier releases; the answer is always exact'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;block;list'= {
            cand --from 'Lowest height (inclusive)'
            cand --to 'Highest height (inclusive)'
            cand --limit 'At most N blocks'
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --reverse 'Greatest height first'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;block;put'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --force 'Replace a different block at the same height'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;block;rewind'= {
            cand --to 'The height that becomes the latest: every block and height index entry above it is deleted'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --dry-run 'Print the plan; change nothing'
            cand --yes 'Do not ask (required when stdin is not a terminal)'
            cand --restore-states 'Set each machine whose state is ahead of HEIGHT back to the state of the latest block at or below HEIGHT that names it'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;block;help'= {
            cand get 'Print a block by hash, or by height with --height'
            cand latest 'Print the block at the greatest height'
            cand list 'List blocks in numeric height order'
            cand put 'Save blocks: each block and its height index in one atomic write'
            cand rewind 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;block;help;get'= {
        }
        &'storectl;block;help;latest'= {
        }
        &'storectl;block;help;list'= {
        }
        &'storectl;block;help;put'= {
        }
        &'storectl;block;help;rewind'= {
        }
        &'storectl;block;help;help'= {
        }
        &'storectl;state'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand get 'Print a machine''s latest state, or a state by root with --root'
            cand put 'Save a machine''s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write'
            cand list 'List machines with their latest stateRoot and sub-key count'
            cand roots 'List the stored states by root (`root:<stateRoot>`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;state;get'= {
            cand --root 'Look the state up by its stateRoot instead'
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;state;put'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;state;list'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;state;roots'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;state;help'= {
            cand get 'Print a machine''s latest state, or a state by root with --root'
            cand put 'Save a machine''s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write'
            cand list 'List machines with their latest stateRoot and sub-key count'
            cand roots 'List the stored states by root (`root:<stateRoot>`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;state;help;get'= {
        }
        &'storectl;state;help;put'= {
        }
        &'storectl;state;help;list'= {
        }
        &'storectl;state;help;roots'= {
        }
        &'storectl;state;help;help'= {
        }
        &'storectl;snapshot'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Capture a range into a new snapshot and print its id'
            cand list 'List snapshots: id, time, range, entries, deletions, size, base'
            cand show 'Print a snapshot''s metadata (and its entries with --data)'
            cand chain 'Print the chain from a snapshot back to its root, newest first'
            cand restore 'Make the captured range exactly equal to the snapshot''s view'
            cand delete 'Delete a snapshot (its metadata and base link, atomically)'
            cand diff 'Compare two snapshots'' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;snapshot;create'= {
            cand --machine 'Capture this machine''s state and sub-keys'
            cand --key-prefix 'Capture every key starting with P'
            cand --base 'Store only the changes since this snapshot''s view'
            cand --id 'Use this id instead of a generated one (no `:`)'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --all 'Capture the whole namespace (except snapshots)'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;list'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;show'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --data 'Also print the stored entries'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;chain'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;restore'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --dry-run 'Print the changes, write nothing'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;delete'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --force 'Delete even if other snapshots use it as their base'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;diff'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;snapshot;help'= {
            cand create 'Capture a range into a new snapshot and print its id'
            cand list 'List snapshots: id, time, range, entries, deletions, size, base'
            cand show 'Print a snapshot''s metadata (and its entries with --data)'
            cand chain 'Print the chain from a snapshot back to its root, newest first'
            cand restore 'Make the captured range exactly equal to the snapshot''s view'
            cand delete 'Delete a snapshot (its metadata and base link, atomically)'
            cand diff 'Compare two snapshots'' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;snapshot;help;create'= {
        }
        &'storectl;snapshot;help;list'= {
        }
        &'storectl;snapshot;help;show'= {
        }
        &'storectl;snapshot;help;chain'= {
        }
        &'storectl;snapshot;help;restore'= {
        }
        &'storectl;snapshot;help;delete'= {
        }
        &'storectl;snapshot;help;diff'= {
        }
        &'storectl;snapshot;help;help'= {
        }
        &'storectl;verify'= {
            cand --checks 'Comma-separated checks to run (default: all): storage, values, blocks, states, snapshots'
            cand --allow-non-json 'Values under this key prefix need not be JSON (repeatable)'
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;compact'= {
            cand --start 'First key of the range (in the namespace; default: its first key)'
            cand --end 'End of the range, exclusive as in scan and export (default: the end of the namespace). Compaction never changes contents, so the range only limits the work'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;stats'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --fast 'Skip the scan: on-disk usage and latest height only'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;hash'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;prune'= {
            cand --blocks-below 'Delete blocks (and height index entries) below this height'
            cand --snapshots-keep 'Keep the newest N snapshots (and the bases they need)'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --dry-run 'Print the plan, delete nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;export'= {
            cand --key-prefix 'Only keys starting with this prefix'
            cand --start 'First key (inclusive)'
            cand --end 'Stop before this key (exclusive)'
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --canonical 'Pretty, stable JSON document (same contents → byte-identical file)'
            cand --force 'Replace FILE when it exists (it is replaced only once the new dump is complete and synced)'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;import'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --merge 'Import into a namespace that already has keys'
            cand --no-overwrite 'Keep existing keys (skip records whose key exists)'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;inspect'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand manifest 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range'
            cand log 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on'
            cand table 'A table''s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;inspect;manifest'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --edits 'List every version edit in order instead'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;inspect;log'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --values 'Print the values too'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;inspect;table'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --entries 'Print every entry: user key, sequence, type, value'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;inspect;help'= {
            cand manifest 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range'
            cand log 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on'
            cand table 'A table''s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;inspect;help;manifest'= {
        }
        &'storectl;inspect;help;log'= {
        }
        &'storectl;inspect;help;table'= {
        }
        &'storectl;inspect;help;help'= {
        }
        &'storectl;find'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;salvage'= {
            cand --to 'The new store: must not exist, or be an empty directory'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --dry-run 'Print the report; write nothing'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;diff'= {
            cand --key-prefix 'Only keys starting with P'
            cand --start 'First key (inclusive)'
            cand --end 'Stop before this key (exclusive)'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --keys-only 'Print keys only (no values)'
            cand --count 'Print only the counts of each kind of difference'
            cand --json-equal 'Count values equal as JSON as equal'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;bisect'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;checkpoint'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --copy 'Copy the tables instead of hard-linking them'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Back up --db into REPO (created when missing)'
            cand list 'List the backups of REPO'
            cand verify 'Re-hash every file of one backup (or all): exit 5 on any mismatch'
            cand restore 'Restore backup ID into TARGET (new or empty), after verifying it'
            cand delete 'Delete a backup and the files only it held'
            cand prune 'Keep the newest N backups; delete the rest'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;backup;create'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup;list'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup;verify'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup;restore'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup;delete'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup;prune'= {
            cand --keep 'How many to keep'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;backup;help'= {
            cand create 'Back up --db into REPO (created when missing)'
            cand list 'List the backups of REPO'
            cand verify 'Re-hash every file of one backup (or all): exit 5 on any mismatch'
            cand restore 'Restore backup ID into TARGET (new or empty), after verifying it'
            cand delete 'Delete a backup and the files only it held'
            cand prune 'Keep the newest N backups; delete the rest'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;backup;help;create'= {
        }
        &'storectl;backup;help;list'= {
        }
        &'storectl;backup;help;verify'= {
        }
        &'storectl;backup;help;restore'= {
        }
        &'storectl;backup;help;delete'= {
        }
        &'storectl;backup;help;prune'= {
        }
        &'storectl;backup;help;help'= {
        }
        &'storectl;follow'= {
            cand --from-seq 'Resume after the batch with this sequence number'
            cand --count 'Stop after N batches'
            cand --idle-exit 'Stop after SECONDS without a write'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --from-start 'Replay what the live logs still hold, then follow'
            cand --events 'Interpret the seed''s model: block, state, root, snapshot, delete, other'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;metrics'= {
            cand --listen 'Serve `GET /metrics` on this address (e.g. 127.0.0.1:9477)'
            cand --textfile 'Write the exposition to PATH atomically (temp file + rename)'
            cand --interval 'Read the store at most this often (seconds; with --textfile, rewrite it this often)'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4'
            cand --fast 'Skip the scan: estimate the per-category key counts and bytes from the tables'' index blocks and 16 sampled data blocks per category'
            cand --verify 'Also run verify and export its findings per check'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;browse'= {
            cand --lock-wait 'lock-wait'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --no-clipboard 'Never use a clipboard tool: print copies on stdout at exit'
            cand --create 'create'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;completions'= {
            cand --lock-wait 'lock-wait'
            cand --db 'db'
            cand --prefix 'prefix'
            cand -o 'o'
            cand --output 'output'
            cand --create 'create'
            cand --raw 'raw'
            cand --hex 'hex'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'storectl;help'= {
            cand get 'Print the value stored under a key'
            cand put 'Store a JSON value under a key'
            cand delete 'Delete keys, atomically'
            cand scan 'List keys and values in a range, in key order'
            cand batch 'Apply put/delete operations from a file as one atomic write'
            cand block 'Blocks by hash and height: get, latest, list, put'
            cand state 'Machine states and roots: get, put, list, roots'
            cand snapshot 'Snapshots and incremental chains: create, list, show, chain, restore, delete, diff'
            cand verify 'Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings'
            cand compact 'Compact the store or a key range; prints size before and after'
            cand stats 'Storage usage: files on disk and keys/bytes per category'
            cand hash 'A content digest of the namespace (or --raw the whole store)'
            cand prune 'Delete old blocks and snapshots, with a plan first'
            cand export 'Write a lossless, versioned dump of the namespace (or a range)'
            cand import 'Load a dump, NDJSON records, a canonical dump or a fixture document'
            cand inspect 'Show the store''s files: the manifest, a log, a table'
            cand find 'Every version of a key in every log and table, newest first'
            cand salvage 'Recover every readable record of a damaged store into a new store'
            cand diff 'Compare two stores: keys only in one, values that differ'
            cand bisect 'The first height at which two stores'' chains disagree'
            cand checkpoint 'A consistent, openable copy of the store, taken while it is in use'
            cand backup 'Backups in a repository: create, list, verify, restore, delete, prune'
            cand follow 'Print the store''s writes as they happen (tailing its log)'
            cand metrics 'The store''s health as Prometheus metrics (printed, served or a textfile)'
            cand browse 'Explore the store in a full-screen terminal browser (read-only)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;help;get'= {
        }
        &'storectl;help;put'= {
        }
        &'storectl;help;delete'= {
        }
        &'storectl;help;scan'= {
        }
        &'storectl;help;batch'= {
        }
        &'storectl;help;block'= {
            cand get 'Print a block by hash, or by height with --height'
            cand latest 'Print the block at the greatest height'
            cand list 'List blocks in numeric height order'
            cand put 'Save blocks: each block and its height index in one atomic write'
            cand rewind 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan'
        }
        &'storectl;help;block;get'= {
        }
        &'storectl;help;block;latest'= {
        }
        &'storectl;help;block;list'= {
        }
        &'storectl;help;block;put'= {
        }
        &'storectl;help;block;rewind'= {
        }
        &'storectl;help;state'= {
            cand get 'Print a machine''s latest state, or a state by root with --root'
            cand put 'Save a machine''s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write'
            cand list 'List machines with their latest stateRoot and sub-key count'
            cand roots 'List the stored states by root (`root:<stateRoot>`)'
        }
        &'storectl;help;state;get'= {
        }
        &'storectl;help;state;put'= {
        }
        &'storectl;help;state;list'= {
        }
        &'storectl;help;state;roots'= {
        }
        &'storectl;help;snapshot'= {
            cand create 'Capture a range into a new snapshot and print its id'
            cand list 'List snapshots: id, time, range, entries, deletions, size, base'
            cand show 'Print a snapshot''s metadata (and its entries with --data)'
            cand chain 'Print the chain from a snapshot back to its root, newest first'
            cand restore 'Make the captured range exactly equal to the snapshot''s view'
            cand delete 'Delete a snapshot (its metadata and base link, atomically)'
            cand diff 'Compare two snapshots'' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal'
        }
        &'storectl;help;snapshot;create'= {
        }
        &'storectl;help;snapshot;list'= {
        }
        &'storectl;help;snapshot;show'= {
        }
        &'storectl;help;snapshot;chain'= {
        }
        &'storectl;help;snapshot;restore'= {
        }
        &'storectl;help;snapshot;delete'= {
        }
        &'storectl;help;snapshot;diff'= {
        }
        &'storectl;help;verify'= {
        }
        &'storectl;help;compact'= {
        }
        &'storectl;help;stats'= {
        }
        &'storectl;help;hash'= {
        }
        &'storectl;help;prune'= {
        }
        &'storectl;help;export'= {
        }
        &'storectl;help;import'= {
        }
        &'storectl;help;inspect'= {
            cand manifest 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range'
            cand log 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on'
            cand table 'A table''s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry'
        }
        &'storectl;help;inspect;manifest'= {
        }
        &'storectl;help;inspect;log'= {
        }
        &'storectl;help;inspect;table'= {
        }
        &'storectl;help;find'= {
        }
        &'storectl;help;salvage'= {
        }
        &'storectl;help;diff'= {
        }
        &'storectl;help;bisect'= {
        }
        &'storectl;help;checkpoint'= {
        }
        &'storectl;help;backup'= {
            cand create 'Back up --db into REPO (created when missing)'
            cand list 'List the backups of REPO'
            cand verify 'Re-hash every file of one backup (or all): exit 5 on any mismatch'
            cand restore 'Restore backup ID into TARGET (new or empty), after verifying it'
            cand delete 'Delete a backup and the files only it held'
            cand prune 'Keep the newest N backups; delete the rest'
        }
        &'storectl;help;backup;create'= {
        }
        &'storectl;help;backup;list'= {
        }
        &'storectl;help;backup;verify'= {
        }
        &'storectl;help;backup;restore'= {
        }
        &'storectl;help;backup;delete'= {
        }
        &'storectl;help;backup;prune'= {
        }
        &'storectl;help;follow'= {
        }
        &'storectl;help;metrics'= {
        }
        &'storectl;help;browse'= {
        }
        &'storectl;help;completions'= {
        }
        &'storectl;help;help'= {
        }
    ]
    $completions[$command]
}
