
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
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'storectl;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; only set the exit status (0 found, 3 missing)')
            [CompletionResult]::new('--exists', '--exists', [CompletionResultType]::ParameterName, 'Print nothing; only set the exit status (0 found, 3 missing)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
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
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
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
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;scan' {
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First key (inclusive)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Stop before this key (exclusive)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entries')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Largest key first')
            [CompletionResult]::new('--keys-only', '--keys-only', [CompletionResultType]::ParameterName, 'Print keys only')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of entries')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
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
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change, write nothing')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The LevelDB store directory')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Address exact LevelDB keys, with no namespace')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Let a writing command create the store when it does not exist')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Key arguments are given in hexadecimal (for binary keys)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'storectl;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value stored under a key')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Store a JSON value under a key')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete keys, atomically')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'List keys and values in a range, in key order')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Apply put/delete operations from a file as one atomic write')
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
