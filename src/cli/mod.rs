//! The command line's parts: the arguments, how diagnostics are printed, and each subcommand.

pub mod args;
pub mod check;
pub mod new;
pub mod render;
pub mod report;
pub mod watch;

use clap::CommandFactory;

/// Prints the manual page, generated from the arguments' definitions.
pub fn man() -> u8 {
    let page = clap_mangen::Man::new(args::Cli::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
