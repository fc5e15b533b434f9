//! The `cvpdf` command: arguments → [`cvpdf::compile`] → diagnostics → exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 the document has errors, 2 usage or I/O error.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)]

#[cfg(all(target_os = "linux", target_arch = "x86_64", any(target_env = "musl", test)))]
mod alloc;
mod cli;

/// On musl, dlmalloc with a heap per thread (see `alloc`): musl's own allocator is slow.
#[cfg(all(target_os = "linux", target_arch = "x86_64", target_env = "musl"))]
#[global_allocator]
static GLOBAL: alloc::Heaps = alloc::Heaps;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use cli::args::{Cli, Command, RenderArgs};
use cli::report::Reporter;

fn main() -> ExitCode {
    // A helper starts while the arguments are parsed, and faults in the pages this thread's
    // heap is about to use while it waits for work.
    #[cfg(all(target_os = "linux", target_arch = "x86_64", target_env = "musl"))]
    alloc::fault_in_ahead();
    cvpdf::threads::start_helper();
    let raw = Reporter::from_raw_args();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(raw.argument_error(&e)),
    };
    let reporter = Reporter { json: cli.message_format == cli::args::MessageFormat::Json };
    let status = match cli.command {
        Some(Command::Check(c)) => cli::check::check(&c, &reporter),
        Some(Command::New(n)) => cli::new::new(&n, &reporter),
        Some(Command::Watch(a)) => cli::watch::watch(&a, cli.deny_warnings, &reporter),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "cvpdf", &mut std::io::stdout());
            0
        }
        Some(Command::Man) => cli::man(),
        Some(Command::Schema { of }) => {
            print!(
                "{}",
                match of {
                    cli::args::SchemaOf::Layout => cvpdf::style::layout::Layout::schema(),
                    cli::args::SchemaOf::Config => cvpdf::source::profile::schema(),
                }
            );
            0
        }
        Some(Command::Render(a)) => cli::render::render(&a, cli.deny_warnings, &reporter, true).status,
        None => cli::render::render(&RenderArgs::default(), cli.deny_warnings, &reporter, true).status,
    };
    ExitCode::from(status)
}
