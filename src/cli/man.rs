//! Man pages, generated from the command definitions with clap_mangen and
//! committed under `docs/man/` (a test keeps them fresh).

use clap::CommandFactory;

/// Every man page as `(file name, roff text)`: `storectl.1`, and
/// `storectl-<command>.1` / `storectl-<command>-<sub>.1` for subcommands.
pub fn render_man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = super::Cli::command();
    cmd.build();
    let mut pages = Vec::new();
    render(&cmd, "storectl", &mut pages);
    pages
}

fn render(cmd: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let page = cmd
        .clone()
        .name(name.to_string())
        .display_name(name.to_string())
        .bin_name(name.replace('-', " "));
    let mut roff = Vec::new();
    if clap_mangen::Man::new(page).render(&mut roff).is_ok() {
        pages.push((format!("{name}.1"), roff));
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        render(sub, &format!("{name}-{}", sub.get_name()), pages);
    }
}
