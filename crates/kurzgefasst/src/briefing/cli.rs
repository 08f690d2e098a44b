//! `kurzgefasst briefing`: prints a reader's briefing for a day as text, HTML or JSON.

use anyhow::{bail, Context};
use chrono::NaiveDate;

use crate::cli::{DbArgs, LlmArgs, TzArgs};
use crate::i18n::t;
use crate::store::Store;

use super::{build, newest_day, overview, render_html, render_json, render_text, Links};

/// The briefing's output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefingFormat {
    /// Plain text, wrapped at 72 columns (a terminal, a plain-text e-mail).
    Text,
    /// An e-mail-ready HTML document.
    Html,
    /// JSON.
    Json,
}

/// Options of `kurzgefasst briefing`, and its delivery subcommands (`settings`, `send`, …).
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BriefingArgs {
    /// Delivery: a reader's settings, send now (without one: print the briefing).
    #[command(subcommand)]
    pub action: Option<crate::delivery::cli::BriefingAction>,
    /// The reader (login name); default: the admin.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// The day, YYYY-MM-DD (in --tz); default: the day of the newest article of the reader's
    /// sources.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: BriefingFormat,
    /// The instance's public address (https://news.example.org): stories link to their article
    /// pages there; without it, to the articles' own URLs.
    #[arg(long, env = "KURZGEFASST_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Time zone of the day and of Datum.
    #[command(flatten)]
    pub tz: TzArgs,
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The overview of the day (optional: with --llm-url).
    #[command(flatten)]
    pub llm: LlmArgs,
}

/// A `--date` value, or an error that says what is expected.
pub fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!(
            "{}: {s:?}",
            t(
                "kein Datum in der Form JJJJ-MM-TT (z. B. 2025-12-25)",
                "not a date of the form YYYY-MM-DD (e.g. 2025-12-25)"
            )
        )
    })
}

/// A `--public-url` value: an http(s) address with a host, or an error.
pub fn parse_public_url(s: &str) -> anyhow::Result<String> {
    let s = s.trim();
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(s.trim_end_matches('/').to_string())
        }
        _ => bail!(
            "{}: {s:?}",
            t(
                "--public-url muss eine http(s)-Adresse sein (z. B. https://news.example.org)",
                "--public-url must be an http(s) address (e.g. https://news.example.org)"
            )
        ),
    }
}

/// The reader named `name`, or the admin when none is named.
pub fn reader_id(store: &Store, name: Option<&str>) -> anyhow::Result<i64> {
    match name {
        Some(n) => match store.reader_by_name(n.trim())? {
            Some(r) => Ok(r.id),
            None => bail!(
                "{}: {n:?} ({})",
                t("keinen Leser dieses Namens", "no reader of this name"),
                t("siehe: kurzgefasst users list", "see: kurzgefasst users list")
            ),
        },
        None => match store.first_admin()? {
            Some(r) => Ok(r.id),
            None => bail!(t(
                "noch kein Leser: `kurzgefasst serve` legt beim ersten Start das Admin-Konto an, oder --user NAME angeben",
                "no reader yet: `kurzgefasst serve` makes the admin account on first start, or pass --user NAME"
            )),
        },
    }
}

/// Runs `kurzgefasst briefing`: builds the briefing, adds the overview when a language model is
/// configured (on `rt`), prints it.
pub fn run(args: &BriefingArgs, rt: &tokio::runtime::Runtime) -> anyhow::Result<()> {
    let tz = args.tz.zone()?;
    let date = args.date.as_deref().map(parse_date).transpose()?;
    let public_url = args
        .public_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(parse_public_url)
        .transpose()?;
    let store = args.db.open()?;
    let user = reader_id(&store, args.user.as_deref())?;
    let date = match date {
        Some(d) => d,
        None => newest_day(&store, Some(user), None, None, tz)?,
    };
    let mut b = build(&store, user, date, tz)
        .with_context(|| t("Briefing zusammenstellen", "building the briefing"))?;
    if let Some(config) = args.llm.config() {
        if !b.is_empty() {
            crate::install_tls_provider();
            let client = kg_summarize::llm::Client::new(config)?;
            rt.block_on(overview::add(&mut b, &client));
        }
    }
    let links = Links {
        public_url,
        unsubscribe_url: None,
    };
    let lang = b.lang;
    let out = match args.format {
        BriefingFormat::Text => render_text(&b, &links, tz, lang),
        BriefingFormat::Html => render_html(&b, &links, tz, lang),
        BriefingFormat::Json => {
            let mut s = serde_json::to_string_pretty(&render_json(&b, &links, tz))?;
            s.push('\n');
            s
        }
    };
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
