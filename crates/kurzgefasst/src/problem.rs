//! `problem`: what went wrong, told to a person in one language (German or English). The one
//! place where fetch errors are classified ([`Problem::of_fetch`]) and where a recorded error
//! (a source's `last_error_kind` and `last_error`, an article's extraction error) becomes the
//! short sentence that `sources list`, the pages and the command line show
//! ([`Problem::sentence`]). The technical chain stays available: `--verbose`, a `<details>`
//! element on the page, and the log.

use crate::ingest::fetch::{FetchError, NetCause};

/// A failure as a reader understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The host name could not be resolved.
    Dns,
    /// The server refused the connection (nothing listens there).
    Refused,
    /// Connecting or reading took too long.
    Timeout,
    /// The TLS handshake or certificate failed.
    Tls,
    /// Another network failure (reset, closed, unreachable).
    Network,
    /// The server answered with this error status.
    Status(u16),
    /// The body was larger than allowed.
    TooLarge,
    /// The answer is no feed the parser can read.
    NotAFeed,
    /// The address is private or local, and such addresses are not allowed.
    Blocked,
    /// robots.txt forbids fetching the page.
    Robots,
    /// Not an http(s) URL.
    InvalidUrl,
    /// Too many redirects, or a redirect loop.
    Redirects,
    /// The page held no article text.
    NoText,
    /// Nothing of the above (the technical message says more).
    Other,
}

impl Problem {
    /// The class of a fetch error.
    pub fn of_fetch(e: &FetchError) -> Problem {
        match e {
            FetchError::InvalidUrl(_) => Problem::InvalidUrl,
            FetchError::Blocked(_) => Problem::Blocked,
            FetchError::Status { status, .. } => Problem::Status(*status),
            FetchError::TooLarge { .. } => Problem::TooLarge,
            FetchError::Timeout(_) => Problem::Timeout,
            FetchError::Redirects(_) => Problem::Redirects,
            FetchError::Network { cause, .. } => match cause {
                NetCause::Dns => Problem::Dns,
                NetCause::Refused => Problem::Refused,
                NetCause::Tls => Problem::Tls,
                NetCause::Other => Problem::Network,
            },
        }
    }

    /// The class of a recorded error: its kind as stored ([`FetchError::kind`], `parse`,
    /// `robots`), or, where no kind was stored (an article's extraction error), what its
    /// technical message says.
    pub fn from_record(kind: Option<&str>, message: &str) -> Problem {
        let status = || {
            message
                .split_once("HTTP ")
                .and_then(|(_, rest)| rest.get(..3))
                .and_then(|code| code.parse::<u16>().ok())
        };
        match kind.unwrap_or("") {
            "dns" => Problem::Dns,
            "refused" => Problem::Refused,
            "timeout" => Problem::Timeout,
            "tls" => Problem::Tls,
            "network" => Problem::Network,
            "http" => status().map_or(Problem::Other, Problem::Status),
            "too_large" => Problem::TooLarge,
            "parse" => Problem::NotAFeed,
            "blocked" => Problem::Blocked,
            "robots" => Problem::Robots,
            "invalid_url" => Problem::InvalidUrl,
            "redirects" => Problem::Redirects,
            "" => {
                // The Display forms of FetchError and of the pipeline's own messages.
                if message.starts_with("no article text") {
                    Problem::NoText
                } else if message.starts_with("robots.txt") {
                    Problem::Robots
                } else if message.starts_with("HTTP ") {
                    status().map_or(Problem::Other, Problem::Status)
                } else if message.starts_with("timed out") {
                    Problem::Timeout
                } else if message.starts_with("blocked:") {
                    Problem::Blocked
                } else if message.starts_with("response larger than") {
                    Problem::TooLarge
                } else if message.starts_with("too many redirects") {
                    Problem::Redirects
                } else if message.starts_with("invalid URL") {
                    Problem::InvalidUrl
                } else if message.starts_with("network error") {
                    Problem::Network
                } else {
                    Problem::Other
                }
            }
            _ => Problem::Other,
        }
    }

    /// One short sentence, in German or English.
    pub fn sentence(self, german: bool) -> String {
        let t = |de: &str, en: &str| {
            if german {
                de.to_string()
            } else {
                en.to_string()
            }
        };
        match self {
            Problem::Dns => t(
                "Netzwerkfehler: Die Adresse ließ sich nicht auflösen (DNS).",
                "Network error: the address could not be resolved (DNS).",
            ),
            Problem::Refused => t(
                "Netzwerkfehler: Der Server lehnte die Verbindung ab.",
                "Network error: the server refused the connection.",
            ),
            Problem::Timeout => t(
                "Zeitüberschreitung: Der Server antwortete nicht rechtzeitig.",
                "Timeout: the server did not answer in time.",
            ),
            Problem::Tls => t(
                "Netzwerkfehler: Die sichere Verbindung (TLS) kam nicht zustande.",
                "Network error: the secure connection (TLS) failed.",
            ),
            Problem::Network => t(
                "Netzwerkfehler: Die Verbindung brach ab.",
                "Network error: the connection failed.",
            ),
            Problem::Status(code) => {
                let what = match code {
                    404 => t(" (nicht gefunden)", " (not found)"),
                    410 => t(" (dauerhaft entfernt)", " (gone for good)"),
                    401 | 403 => t(" (kein Zugriff)", " (access denied)"),
                    429 => t(" (zu viele Anfragen)", " (too many requests)"),
                    500..=599 => t(" (Fehler des Servers)", " (server error)"),
                    _ => String::new(),
                };
                if german {
                    format!("Der Server antwortete mit HTTP {code}{what}.")
                } else {
                    format!("The server answered with HTTP {code}{what}.")
                }
            }
            Problem::TooLarge => t(
                "Die Antwort des Servers war zu groß.",
                "The server's answer was too large.",
            ),
            Problem::NotAFeed => t(
                "Das ist kein lesbarer Feed (RSS, Atom oder JSON Feed).",
                "This is not a readable feed (RSS, Atom or JSON Feed).",
            ),
            Problem::Blocked => t(
                "Gesperrt: Die Adresse führt in ein privates oder lokales Netz.",
                "Blocked: the address leads into a private or local network.",
            ),
            Problem::Robots => t(
                "Die robots.txt der Website verbietet den Abruf.",
                "The site's robots.txt forbids fetching it.",
            ),
            Problem::InvalidUrl => t(
                "Das ist keine gültige http(s)-Adresse.",
                "That is not a valid http(s) address.",
            ),
            Problem::Redirects => t("Zu viele Weiterleitungen.", "Too many redirects."),
            Problem::NoText => t(
                "Auf der Seite fand sich kein Artikeltext.",
                "No article text was found on the page.",
            ),
            Problem::Other => t("Ein Fehler trat auf.", "Something went wrong."),
        }
    }
}

/// The sentence for one error of a chain that this module knows, and whether the technical
/// text behind it says more (a network stack's chain) than the sentence.
fn known_error(cause: &(dyn std::error::Error + 'static), german: bool) -> Option<(String, bool)> {
    use crate::ingest::discover::DiscoverError;
    use crate::sources::AddSourceError;
    let discover = |d: &DiscoverError| match d {
        DiscoverError::Fetch(f) => (Problem::of_fetch(f).sentence(german), true),
        DiscoverError::NoFeed(_) => (
            if german {
                "Kein Feed gefunden: weder ein Feed noch eine Seite, die auf einen verweist.".into()
            } else {
                "No feed found: neither a feed nor a page that links to one.".into()
            },
            false,
        ),
    };
    if let Some(f) = cause.downcast_ref::<FetchError>() {
        return Some((Problem::of_fetch(f).sentence(german), true));
    }
    if let Some(d) = cause.downcast_ref::<DiscoverError>() {
        return Some(discover(d));
    }
    match cause.downcast_ref::<AddSourceError>()? {
        AddSourceError::BadUrl(_) => Some((Problem::InvalidUrl.sentence(german), false)),
        AddSourceError::Discover(d) => Some(discover(d)),
        _ => None,
    }
}

/// The short sentence for an error this module knows (a fetch error, a discovery error, an
/// error adding a source), in German or English; `None` for any other error.
pub fn sentence_of(e: &(dyn std::error::Error + 'static), german: bool) -> Option<String> {
    known_error(e, german).map(|(sentence, _)| sentence)
}

/// The message `kurzgefasst` prints for a failed command: a short sentence in the user's
/// language; with `verbose`, followed by the technical chain of causes (otherwise a hint
/// that `--verbose` shows it, where there is more to show).
pub fn cli_message(e: &anyhow::Error, verbose: bool) -> String {
    let german = crate::i18n::german();
    let hint = || {
        format!(
            " ({})",
            crate::i18n::t("Einzelheiten mit --verbose", "details with --verbose")
        )
    };
    let found = e
        .chain()
        .enumerate()
        .find_map(|(i, c)| known_error(c, german).map(|k| (i, k)));
    let Some((at, (sentence, more))) = found else {
        // Our own messages are in the user's language already (`i18n::t`); what they wrap
        // (a database's or the system's words) is the technical chain.
        let first = e.to_string();
        return if verbose {
            format!("{e:#}")
        } else if e.chain().count() > 1 {
            format!("{first}{}", hint())
        } else {
            first
        };
    };
    // The context our code added (what it was doing), then the sentence.
    let mut out: String = e.chain().take(at).map(|c| format!("{c}: ")).collect();
    out.push_str(&sentence);
    if verbose {
        out.push_str(&format!(
            "\n  {}: {e:#}",
            crate::i18n::t("Einzelheiten", "details")
        ));
    } else if more {
        out.push_str(&hint());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_errors_become_sentences_in_either_language() {
        let p = Problem::from_record(Some("http"), "HTTP 500 for http://x/feed");
        assert_eq!(p, Problem::Status(500));
        assert_eq!(
            p.sentence(true),
            "Der Server antwortete mit HTTP 500 (Fehler des Servers)."
        );
        assert_eq!(
            p.sentence(false),
            "The server answered with HTTP 500 (server error)."
        );
        assert_eq!(
            Problem::from_record(Some("dns"), "…").sentence(true),
            "Netzwerkfehler: Die Adresse ließ sich nicht auflösen (DNS)."
        );
        assert_eq!(
            Problem::from_record(None, "robots.txt disallows fetching this page"),
            Problem::Robots
        );
        assert_eq!(
            Problem::from_record(None, "HTTP 404 for http://x/a"),
            Problem::Status(404)
        );
        assert_eq!(
            Problem::from_record(Some("parse"), "no feed").sentence(false),
            "This is not a readable feed (RSS, Atom or JSON Feed)."
        );
        assert_eq!(Problem::from_record(Some("weird"), "x"), Problem::Other);
    }
}
