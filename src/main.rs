//! The `storectl` binary: everything lives in the library's `cli` module.

fn main() {
    std::process::exit(storectl::cli::main_with_args(std::env::args_os()));
}
