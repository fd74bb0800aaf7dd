
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
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
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
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'storectl;get'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
            cand -q 'Print nothing; only set the exit status (0 found, 3 missing)'
            cand --exists 'Print nothing; only set the exit status (0 found, 3 missing)'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
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
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
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
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;scan'= {
            cand --start 'First key (inclusive)'
            cand --end 'Stop before this key (exclusive)'
            cand --limit 'At most N entries'
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
            cand --reverse 'Largest key first'
            cand --keys-only 'Print keys only'
            cand --count 'Print only the number of entries'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
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
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
            cand --dry-run 'Print what would change, write nothing'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;completions'= {
            cand --db 'The LevelDB store directory'
            cand --prefix 'Key namespace: KEY is stored as `<NS>:KEY` (empty by default, giving `:KEY`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --lock-wait 'Wait up to SECONDS for another process to release the store''s LOCK before failing with exit code 4'
            cand --raw 'Address exact LevelDB keys, with no namespace'
            cand --create 'Let a writing command create the store when it does not exist'
            cand --hex 'Key arguments are given in hexadecimal (for binary keys)'
            cand --quiet 'Print no messages on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'storectl;help'= {
            cand get 'Print the value stored under a key'
            cand put 'Store a JSON value under a key'
            cand delete 'Delete keys, atomically'
            cand scan 'List keys and values in a range, in key order'
            cand batch 'Apply put/delete operations from a file as one atomic write'
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
        &'storectl;help;completions'= {
        }
        &'storectl;help;help'= {
        }
    ]
    $completions[$command]
}
