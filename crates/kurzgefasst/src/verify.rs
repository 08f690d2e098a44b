//! `kurzgefasst verify URL_OR_FILE (--tldr TEXT | --tldr-file F)`: checks any summary against
//! an article exactly as the worker checks a model's TLDR (segmented, aligned to the article's
//! sentences, judged by the faithfulness gate) and prints the verdict: every reason, and for
//! each sentence of the summary the article sentences that support it.
//!
//! Exit status: 0 accepted, 1 rejected ([`Rejected`]), 2 any error (see [`exit_code`]).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use kg_summarize::gate::{self, Limits, Verdict};
use kg_summarize::{Document, Tldr};
use serde::Serialize;

use crate::i18n::{german, t};
use crate::ingest::fetch::FetchOptions;

/// Options of `verify`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("summary").required(true).args(["tldr", "tldr_file"])))]
pub struct Options {
    /// The article's URL or an HTML file.
    pub input: String,
    /// The summary to check, as text.
    #[arg(long, value_name = "TEXT")]
    pub tldr: Option<String>,
    /// The summary to check, read from a file (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub tldr_file: Option<PathBuf>,
    /// The page's URL when INPUT is a file.
    #[arg(long)]
    pub url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::cli::Format,
    /// Check faithfulness only: no bounds on sentences (3 to 5) and words (40 to 100).
    #[arg(long)]
    pub no_format_limits: bool,
}

/// The error `verify` ends with when the gate rejects the summary: exit status 1, the verdict
/// has been printed already.
#[derive(Debug)]
pub struct Rejected;

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(t("abgelehnt", "rejected"))
    }
}

impl std::error::Error for Rejected {}

/// The exit status for the outcome of `verify`: 0 accepted, 1 rejected, 2 error (the error is
/// printed to standard error).
pub fn exit_code(result: &anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<Rejected>().is_some() => ExitCode::from(1),
        Err(e) => {
            eprintln!("{}: {e:#}", t("Fehler", "error"));
            ExitCode::from(2)
        }
    }
}

/// One supporting article sentence.
#[derive(Debug, Serialize)]
pub struct Support {
    /// Index into the article's sentences (0-based, as on the article page).
    pub index: usize,
    /// The sentence.
    pub text: String,
}

/// One sentence of the checked summary.
#[derive(Debug, Serialize)]
pub struct SentenceReport {
    /// The sentence as segmented.
    pub text: String,
    /// The article sentences that support it, best first; empty when none does.
    pub support: Vec<Support>,
}

/// What `verify` prints (as JSON with `--format json`).
#[derive(Debug, Serialize)]
pub struct Report {
    /// The page's URL.
    pub url: String,
    /// The article's title.
    pub title: String,
    /// Whether the format limits were applied.
    pub format_limits: bool,
    /// Whether the gate accepts the summary.
    pub accepted: bool,
    /// Every reason for a rejection, in summary order.
    pub reasons: Vec<gate::Reason>,
    /// The summary's sentences with their support.
    pub sentences: Vec<SentenceReport>,
}

/// Checks `summary` against `doc` as the worker checks a model's TLDR.
pub fn check(doc: &Document, summary: &str, format_limits: bool) -> (Tldr, Verdict) {
    let tldr = Tldr::from_llm(doc, summary, "");
    let limits = if format_limits {
        Limits::default()
    } else {
        Limits::faithfulness_only()
    };
    let verdict = gate::check_with(doc, &tldr, &limits);
    (tldr, verdict)
}

/// Builds the report for a checked summary.
pub fn report(
    url: &str,
    doc: &Document,
    tldr: &Tldr,
    verdict: Verdict,
    format_limits: bool,
) -> Report {
    Report {
        url: url.to_string(),
        title: doc.title.clone(),
        format_limits,
        accepted: verdict.accepted,
        reasons: verdict.reasons,
        sentences: tldr
            .sentences
            .iter()
            .map(|s| SentenceReport {
                text: s.text.clone(),
                support: s
                    .support
                    .iter()
                    .map(|&i| Support {
                        index: i,
                        text: doc.sentences.get(i).cloned().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl Report {
    /// The report as text in the user's language.
    pub fn to_text(&self, de: bool) -> String {
        let tr = |g: &'static str, e: &'static str| if de { g } else { e };
        let mut out = String::new();
        out.push_str(&format!("{}: {}\n", tr("Artikel", "Article"), self.title));
        out.push_str(&format!("URL: {}\n", self.url));
        out.push_str(&format!(
            "{}: {}{}\n",
            tr("Ergebnis", "Verdict"),
            if self.accepted {
                tr("angenommen", "accepted")
            } else {
                tr("abgelehnt", "rejected")
            },
            if self.format_limits {
                ""
            } else {
                tr(" (ohne Formatgrenzen)", " (format limits off)")
            }
        ));
        if !self.reasons.is_empty() {
            out.push_str(&format!("{}:\n", tr("Gründe", "Reasons")));
            for r in &self.reasons {
                let at = match r.sentence() {
                    Some(i) => format!(" ({} {})", tr("Satz", "sentence"), i + 1),
                    None => String::new(),
                };
                out.push_str(&format!("  - {}{at} [{}]\n", r.describe(de), r.code()));
            }
        }
        out.push_str(&format!(
            "{}:\n",
            tr("Sätze und Belege", "Sentences and support")
        ));
        for (i, s) in self.sentences.iter().enumerate() {
            out.push_str(&format!("  {}. {}\n", i + 1, s.text));
            if s.support.is_empty() {
                out.push_str(&format!("     {}\n", tr("kein Beleg", "no support")));
            }
            for sup in &s.support {
                out.push_str(&format!("     [{}] {}\n", sup.index + 1, sup.text));
            }
        }
        out
    }
}

fn read_summary(opts: &Options) -> anyhow::Result<String> {
    let text = match (&opts.tldr, &opts.tldr_file) {
        (Some(t), _) => t.clone(),
        (None, Some(p)) if p.as_os_str() == "-" => {
            std::io::read_to_string(std::io::stdin()).context("stdin")?
        }
        (None, Some(p)) => std::fs::read_to_string(p).with_context(|| {
            format!(
                "{} {}",
                t("Datei nicht lesbar:", "cannot read file"),
                p.display()
            )
        })?,
        (None, None) => String::new(),
    };
    if text.trim().is_empty() {
        bail!(
            "{}",
            t("die Zusammenfassung ist leer", "the summary is empty")
        );
    }
    Ok(text)
}

/// Runs `verify`: loads the article (fetched or from a file), checks the summary, prints the
/// report; a rejection ends in [`Rejected`].
pub async fn run(opts: &Options, fetch: FetchOptions) -> anyhow::Result<()> {
    let summary = read_summary(opts)?;
    let (page_url, bytes, ct) =
        crate::cli::load_input(&opts.input, opts.url.clone(), fetch).await?;
    let a =
        crate::ingest::build_article(&page_url, &bytes, ct.as_deref(), None, crate::store_now());
    if a.blocks.is_empty() && a.teaser.is_none() {
        bail!(
            "{}: {page_url}",
            t("kein Artikeltext gefunden", "no article text found")
        );
    }
    let doc = crate::ingest::document(&a);
    let format_limits = !opts.no_format_limits;
    let (tldr, verdict) = check(&doc, &summary, format_limits);
    let accepted = verdict.accepted;
    let report = report(&page_url, &doc, &tldr, verdict, format_limits);
    match opts.format {
        crate::cli::Format::Text => print!("{}", report.to_text(german())),
        crate::cli::Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
    }
    if accepted {
        Ok(())
    } else {
        Err(Rejected.into())
    }
}
