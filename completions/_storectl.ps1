
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'storectl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'storectl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'storectl' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value stored under a key')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Store a JSON value under a key')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete keys, atomically')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'List keys and values in a range, in key order')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Apply put/delete operations from a file as one atomic write')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Blocks by hash and height: get, latest, list, put')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'Machine states and roots: get, put, list, roots')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Snapshots and incremental chains: create, list, show, chain, restore, delete, diff')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings')
            [CompletionResult]::new('compact', 'compact', [CompletionResultType]::ParameterValue, 'Compact the store or a key range; prints size before and after')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Storage usage: files on disk and keys/bytes per category')
            [CompletionResult]::new('hash', 'hash', [CompletionResultType]::ParameterValue, 'A content digest of the namespace (or --raw the whole store)')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old blocks and snapshots, with a plan first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a lossless, versioned dump of the namespace (or a range)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Load a dump, NDJSON records, a canonical dump or a fixture document')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show the store''s files: the manifest, a log, a table')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Every version of a key in every log and table, newest first')
            [CompletionResult]::new('salvage', 'salvage', [CompletionResultType]::ParameterValue, 'Recover every readable record of a damaged store into a new store')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two stores: keys only in one, values that differ')
            [CompletionResult]::new('bisect', 'bisect', [CompletionResultType]::ParameterValue, 'The first height at which two stores'' chains disagree')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'A consistent, openable copy of the store, taken while it is in use')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Backups in a repository: create, list, verify, restore, delete, prune')
            [CompletionResult]::new('follow', 'follow', [CompletionResultType]::ParameterValue, 'Print the store''s writes as they happen (tailing its log)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'The store''s health as Prometheus metrics (printed, served or a textfile)')
            [CompletionResult]::new('browse', 'browse', [CompletionResultType]::ParameterValue, 'Explore the store in a full-screen terminal browser (read-only)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;get' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; only set the exit status (0 found, 3 missing)')
            [CompletionResult]::new('--exists', '--exists', [CompletionResultType]::ParameterName, 'Print nothing; only set the exit status (0 found, 3 missing)')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;put' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--string', '--string', [CompletionResultType]::ParameterName, 'Store VALUE as a JSON string instead of parsing it')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;scan' {
            [CompletionResult]::new('--key-prefix', '--key-prefix', [CompletionResultType]::ParameterName, 'Only keys starting with P (as in export and snapshot create)')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First key (inclusive)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Stop before this key (exclusive)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entries')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Largest key first')
            [CompletionResult]::new('--keys-only', '--keys-only', [CompletionResultType]::ParameterName, 'Print keys only')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of entries')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;batch' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change, write nothing')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;block' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a block by hash, or by height with --height')
            [CompletionResult]::new('latest', 'latest', [CompletionResultType]::ParameterValue, 'Print the block at the greatest height')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List blocks in numeric height order')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Save blocks: each block and its height index in one atomic write')
            [CompletionResult]::new('rewind', 'rewind', [CompletionResultType]::ParameterValue, 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;block;get' {
            [CompletionResult]::new('--height', '--height', [CompletionResultType]::ParameterName, 'Look the block up by height instead')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;block;latest' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--height-only', '--height-only', [CompletionResultType]::ParameterName, 'Print only the height')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Accepted for scripts written for earlier releases; the answer is always exact')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;block;list' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Lowest height (inclusive)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Highest height (inclusive)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N blocks')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Greatest height first')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;block;put' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a different block at the same height')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;block;rewind' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The height that becomes the latest: every block and height index entry above it is deleted')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask (required when stdin is not a terminal)')
            [CompletionResult]::new('--restore-states', '--restore-states', [CompletionResultType]::ParameterName, 'Set each machine whose state is ahead of HEIGHT back to the state of the latest block at or below HEIGHT that names it')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;block;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a block by hash, or by height with --height')
            [CompletionResult]::new('latest', 'latest', [CompletionResultType]::ParameterValue, 'Print the block at the greatest height')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List blocks in numeric height order')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Save blocks: each block and its height index in one atomic write')
            [CompletionResult]::new('rewind', 'rewind', [CompletionResultType]::ParameterValue, 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;block;help;get' {
            break
        }
        'storectl;block;help;latest' {
            break
        }
        'storectl;block;help;list' {
            break
        }
        'storectl;block;help;put' {
            break
        }
        'storectl;block;help;rewind' {
            break
        }
        'storectl;block;help;help' {
            break
        }
        'storectl;state' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a machine''s latest state, or a state by root with --root')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Save a machine''s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List machines with their latest stateRoot and sub-key count')
            [CompletionResult]::new('roots', 'roots', [CompletionResultType]::ParameterValue, 'List the stored states by root (`root:<stateRoot>`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;state;get' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Look the state up by its stateRoot instead')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;state;put' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;state;list' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;state;roots' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;state;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a machine''s latest state, or a state by root with --root')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Save a machine''s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List machines with their latest stateRoot and sub-key count')
            [CompletionResult]::new('roots', 'roots', [CompletionResultType]::ParameterValue, 'List the stored states by root (`root:<stateRoot>`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;state;help;get' {
            break
        }
        'storectl;state;help;put' {
            break
        }
        'storectl;state;help;list' {
            break
        }
        'storectl;state;help;roots' {
            break
        }
        'storectl;state;help;help' {
            break
        }
        'storectl;snapshot' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Capture a range into a new snapshot and print its id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List snapshots: id, time, range, entries, deletions, size, base')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a snapshot''s metadata (and its entries with --data)')
            [CompletionResult]::new('chain', 'chain', [CompletionResultType]::ParameterValue, 'Print the chain from a snapshot back to its root, newest first')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Make the captured range exactly equal to the snapshot''s view')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a snapshot (its metadata and base link, atomically)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two snapshots'' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;snapshot;create' {
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Capture this machine''s state and sub-keys')
            [CompletionResult]::new('--key-prefix', '--key-prefix', [CompletionResultType]::ParameterName, 'Capture every key starting with P')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Store only the changes since this snapshot''s view')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Use this id instead of a generated one (no `:`)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Capture the whole namespace (except snapshots)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;list' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;show' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Also print the stored entries')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;chain' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;restore' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the changes, write nothing')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete even if other snapshots use it as their base')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;diff' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;snapshot;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Capture a range into a new snapshot and print its id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List snapshots: id, time, range, entries, deletions, size, base')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a snapshot''s metadata (and its entries with --data)')
            [CompletionResult]::new('chain', 'chain', [CompletionResultType]::ParameterValue, 'Print the chain from a snapshot back to its root, newest first')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Make the captured range exactly equal to the snapshot''s view')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a snapshot (its metadata and base link, atomically)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two snapshots'' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;snapshot;help;create' {
            break
        }
        'storectl;snapshot;help;list' {
            break
        }
        'storectl;snapshot;help;show' {
            break
        }
        'storectl;snapshot;help;chain' {
            break
        }
        'storectl;snapshot;help;restore' {
            break
        }
        'storectl;snapshot;help;delete' {
            break
        }
        'storectl;snapshot;help;diff' {
            break
        }
        'storectl;snapshot;help;help' {
            break
        }
        'storectl;verify' {
            [CompletionResult]::new('--checks', '--checks', [CompletionResultType]::ParameterName, 'Comma-separated checks to run (default: all): storage, values, blocks, states, snapshots')
            [CompletionResult]::new('--allow-non-json', '--allow-non-json', [CompletionResultType]::ParameterName, 'Values under this key prefix need not be JSON (repeatable)')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;compact' {
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First key of the range (in the namespace; default: its first key)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'End of the range, exclusive as in scan and export (default: the end of the namespace). Compaction never changes contents, so the range only limits the work')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;stats' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--fast', '--fast', [CompletionResultType]::ParameterName, 'Skip the scan: on-disk usage and latest height only')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;hash' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;prune' {
            [CompletionResult]::new('--blocks-below', '--blocks-below', [CompletionResultType]::ParameterName, 'Delete blocks (and height index entries) below this height')
            [CompletionResult]::new('--snapshots-keep', '--snapshots-keep', [CompletionResultType]::ParameterName, 'Keep the newest N snapshots (and the bases they need)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan, delete nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;export' {
            [CompletionResult]::new('--key-prefix', '--key-prefix', [CompletionResultType]::ParameterName, 'Only keys starting with this prefix')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First key (inclusive)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Stop before this key (exclusive)')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--canonical', '--canonical', [CompletionResultType]::ParameterName, 'Pretty, stable JSON document (same contents → byte-identical file)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace FILE when it exists (it is replaced only once the new dump is complete and synced)')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'Import into a namespace that already has keys')
            [CompletionResult]::new('--no-overwrite', '--no-overwrite', [CompletionResultType]::ParameterName, 'Keep existing keys (skip records whose key exists)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;inspect' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on')
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'A table''s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;inspect;manifest' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--edits', '--edits', [CompletionResultType]::ParameterName, 'List every version edit in order instead')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;inspect;log' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'Print the values too')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;inspect;table' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--entries', '--entries', [CompletionResultType]::ParameterName, 'Print every entry: user key, sequence, type, value')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;inspect;help' {
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on')
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'A table''s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;inspect;help;manifest' {
            break
        }
        'storectl;inspect;help;log' {
            break
        }
        'storectl;inspect;help;table' {
            break
        }
        'storectl;inspect;help;help' {
            break
        }
        'storectl;find' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;salvage' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The new store: must not exist, or be an empty directory')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the report; write nothing')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;diff' {
            [CompletionResult]::new('--key-prefix', '--key-prefix', [CompletionResultType]::ParameterName, 'Only keys starting with P')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First key (inclusive)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Stop before this key (exclusive)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--keys-only', '--keys-only', [CompletionResultType]::ParameterName, 'Print keys only (no values)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the counts of each kind of difference')
            [CompletionResult]::new('--json-equal', '--json-equal', [CompletionResultType]::ParameterName, 'Count values equal as JSON as equal')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;bisect' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;checkpoint' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the tables instead of hard-linking them')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Back up --db into REPO (created when missing)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the backups of REPO')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash every file of one backup (or all): exit 5 on any mismatch')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore backup ID into TARGET (new or empty), after verifying it')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a backup and the files only it held')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Keep the newest N backups; delete the rest')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;backup;create' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup;verify' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup;restore' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup;prune' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'How many to keep')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;backup;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Back up --db into REPO (created when missing)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the backups of REPO')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash every file of one backup (or all): exit 5 on any mismatch')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore backup ID into TARGET (new or empty), after verifying it')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a backup and the files only it held')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Keep the newest N backups; delete the rest')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;backup;help;create' {
            break
        }
        'storectl;backup;help;list' {
            break
        }
        'storectl;backup;help;verify' {
            break
        }
        'storectl;backup;help;restore' {
            break
        }
        'storectl;backup;help;delete' {
            break
        }
        'storectl;backup;help;prune' {
            break
        }
        'storectl;backup;help;help' {
            break
        }
        'storectl;follow' {
            [CompletionResult]::new('--from-seq', '--from-seq', [CompletionResultType]::ParameterName, 'Resume after the batch with this sequence number')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N batches')
            [CompletionResult]::new('--idle-exit', '--idle-exit', [CompletionResultType]::ParameterName, 'Stop after SECONDS without a write')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--from-start', '--from-start', [CompletionResultType]::ParameterName, 'Replay what the live logs still hold, then follow')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Interpret the seed''s model: block, state, root, snapshot, delete, other')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;metrics' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Serve `GET /metrics` on this address (e.g. 127.0.0.1:9477)')
            [CompletionResult]::new('--textfile', '--textfile', [CompletionResultType]::ParameterName, 'Write the exposition to PATH atomically (temp file + rename)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Read the store at most this often (seconds; with --textfile, rewrite it this often)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK (or a backup repository''s) before failing with exit code 4')
            [CompletionResult]::new('--fast', '--fast', [CompletionResultType]::ParameterName, 'Skip the scan: estimate the per-category key counts and bytes from the tables'' index blocks and 16 sampled data blocks per category')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Also run verify and export its findings per check')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;browse' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-clipboard', '--no-clipboard', [CompletionResultType]::ParameterName, 'Never use a clipboard tool: print copies on stdout at exit')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;completions' {
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'lock-wait')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'db')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'prefix')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'create')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'raw')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'hex')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'storectl;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value stored under a key')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Store a JSON value under a key')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete keys, atomically')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'List keys and values in a range, in key order')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Apply put/delete operations from a file as one atomic write')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Blocks by hash and height: get, latest, list, put')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'Machine states and roots: get, put, list, roots')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Snapshots and incremental chains: create, list, show, chain, restore, delete, diff')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check integrity (checksums, values, indexes, snapshot chains); exit 5 on findings')
            [CompletionResult]::new('compact', 'compact', [CompletionResultType]::ParameterValue, 'Compact the store or a key range; prints size before and after')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Storage usage: files on disk and keys/bytes per category')
            [CompletionResult]::new('hash', 'hash', [CompletionResultType]::ParameterValue, 'A content digest of the namespace (or --raw the whole store)')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old blocks and snapshots, with a plan first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a lossless, versioned dump of the namespace (or a range)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Load a dump, NDJSON records, a canonical dump or a fixture document')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show the store''s files: the manifest, a log, a table')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Every version of a key in every log and table, newest first')
            [CompletionResult]::new('salvage', 'salvage', [CompletionResultType]::ParameterValue, 'Recover every readable record of a damaged store into a new store')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two stores: keys only in one, values that differ')
            [CompletionResult]::new('bisect', 'bisect', [CompletionResultType]::ParameterValue, 'The first height at which two stores'' chains disagree')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'A consistent, openable copy of the store, taken while it is in use')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Backups in a repository: create, list, verify, restore, delete, prune')
            [CompletionResult]::new('follow', 'follow', [CompletionResultType]::ParameterValue, 'Print the store''s writes as they happen (tailing its log)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'The store''s health as Prometheus metrics (printed, served or a textfile)')
            [CompletionResult]::new('browse', 'browse', [CompletionResultType]::ParameterValue, 'Explore the store in a full-screen terminal browser (read-only)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;help;get' {
            break
        }
        'storectl;help;put' {
            break
        }
        'storectl;help;delete' {
            break
        }
        'storectl;help;scan' {
            break
        }
        'storectl;help;batch' {
            break
        }
        'storectl;help;block' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a block by hash, or by height with --height')
            [CompletionResult]::new('latest', 'latest', [CompletionResultType]::ParameterValue, 'Print the block at the greatest height')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List blocks in numeric height order')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Save blocks: each block and its height index in one atomic write')
            [CompletionResult]::new('rewind', 'rewind', [CompletionResultType]::ParameterValue, 'Make HEIGHT the latest block: delete every block and height index entry above it, after printing the plan')
            break
        }
        'storectl;help;block;get' {
            break
        }
        'storectl;help;block;latest' {
            break
        }
        'storectl;help;block;list' {
            break
        }
        'storectl;help;block;put' {
            break
        }
        'storectl;help;block;rewind' {
            break
        }
        'storectl;help;state' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a machine''s latest state, or a state by root with --root')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Save a machine''s state: `state:<MACHINE>` and `root:<stateRoot>` in one atomic write')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List machines with their latest stateRoot and sub-key count')
            [CompletionResult]::new('roots', 'roots', [CompletionResultType]::ParameterValue, 'List the stored states by root (`root:<stateRoot>`)')
            break
        }
        'storectl;help;state;get' {
            break
        }
        'storectl;help;state;put' {
            break
        }
        'storectl;help;state;list' {
            break
        }
        'storectl;help;state;roots' {
            break
        }
        'storectl;help;snapshot' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Capture a range into a new snapshot and print its id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List snapshots: id, time, range, entries, deletions, size, base')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a snapshot''s metadata (and its entries with --data)')
            [CompletionResult]::new('chain', 'chain', [CompletionResultType]::ParameterValue, 'Print the chain from a snapshot back to its root, newest first')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Make the captured range exactly equal to the snapshot''s view')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a snapshot (its metadata and base link, atomically)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two snapshots'' views: keys added, changed, removed from A to B. Exit 5 when they differ, 0 when equal')
            break
        }
        'storectl;help;snapshot;create' {
            break
        }
        'storectl;help;snapshot;list' {
            break
        }
        'storectl;help;snapshot;show' {
            break
        }
        'storectl;help;snapshot;chain' {
            break
        }
        'storectl;help;snapshot;restore' {
            break
        }
        'storectl;help;snapshot;delete' {
            break
        }
        'storectl;help;snapshot;diff' {
            break
        }
        'storectl;help;verify' {
            break
        }
        'storectl;help;compact' {
            break
        }
        'storectl;help;stats' {
            break
        }
        'storectl;help;hash' {
            break
        }
        'storectl;help;prune' {
            break
        }
        'storectl;help;export' {
            break
        }
        'storectl;help;import' {
            break
        }
        'storectl;help;inspect' {
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'The live version: comparator, log number, next file number, last sequence, compaction pointers, and every table by level with its size and key range')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Each record of a log: offset, length, sequence, operations; damage and a torn tail are shown and reading goes on')
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'A table''s footer, index, metaindex, filter and blocks (offset, size, compression, checksum), and with --entries every entry')
            break
        }
        'storectl;help;inspect;manifest' {
            break
        }
        'storectl;help;inspect;log' {
            break
        }
        'storectl;help;inspect;table' {
            break
        }
        'storectl;help;find' {
            break
        }
        'storectl;help;salvage' {
            break
        }
        'storectl;help;diff' {
            break
        }
        'storectl;help;bisect' {
            break
        }
        'storectl;help;checkpoint' {
            break
        }
        'storectl;help;backup' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Back up --db into REPO (created when missing)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the backups of REPO')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash every file of one backup (or all): exit 5 on any mismatch')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore backup ID into TARGET (new or empty), after verifying it')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a backup and the files only it held')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Keep the newest N backups; delete the rest')
            break
        }
        'storectl;help;backup;create' {
            break
        }
        'storectl;help;backup;list' {
            break
        }
        'storectl;help;backup;verify' {
            break
        }
        'storectl;help;backup;restore' {
            break
        }
        'storectl;help;backup;delete' {
            break
        }
        'storectl;help;backup;prune' {
            break
        }
        'storectl;help;follow' {
            break
        }
        'storectl;help;metrics' {
            break
        }
        'storectl;help;browse' {
            break
        }
        'storectl;help;completions' {
            break
        }
        'storectl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
