//! `problem`: what went wrong, told to a person in one language (German or English): the
//! classification of fetch errors and the short sentences the command line and the pages show,
//! with the technical chain kept for `--verbose`, the page's details element and the log.

/// The message `kurzgefasst` prints for a failed command: a short sentence in the user's
/// language; with `verbose`, followed by the technical chain of causes.
pub fn cli_message(e: &anyhow::Error, verbose: bool) -> String {
    let _ = verbose;
    format!("{e:#}")
}
