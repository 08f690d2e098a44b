//! The `kurzgefasst` binary: see [`kurzgefasst::cli`].

fn main() -> std::process::ExitCode {
    kurzgefasst::cli::main()
}
