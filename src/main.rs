use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let mut stderr = std::io::stderr();
    let status = gapscope::cli::main_with_args(std::env::args_os(), &mut stdout, &mut stderr);
    ExitCode::from(status as u8)
}
