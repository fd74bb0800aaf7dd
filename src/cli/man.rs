//! Man pages, generated from the command definitions with clap_mangen and
//! committed under `docs/man/` (a test keeps them fresh).

/// Every man page as `(file name, roff text)`: `storectl.1`, and
/// `storectl-<command>.1` / `storectl-<command>-<sub>.1` for subcommands.
pub fn render_man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = super::help::command();
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
        pages.push((format!("{name}.1"), examples_section(roff)));
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        render(sub, &format!("{name}-{}", sub.get_name()), pages);
    }
}

/// Moves the examples that close a command's help into an EXAMPLES
/// section, laid out as written (no filling).
fn examples_section(roff: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&roff).into_owned();
    let Some((before, after)) = text.split_once("\nExamples:\n") else {
        return roff;
    };
    let before = before.strip_suffix("\n.SH EXTRA").unwrap_or(before);
    let (examples, rest) = match after.split_once("\n.SH ") {
        Some((examples, rest)) => (examples, format!(".SH {rest}")),
        None => (after, String::new()),
    };
    format!(
        "{before}\n.SH EXAMPLES\n.nf\n{}\n.fi\n{rest}",
        examples.trim_end()
    )
    .into_bytes()
}
