//! `cli`: the `kurzgefasst` command line (clap). Thin: each command parses its arguments, opens
//! what it needs and calls into [`crate::ingest`], [`crate::store`], [`crate::web`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};

use crate::i18n::t;
use crate::ingest::fetch::{FetchOptions, Fetcher};
use crate::ingest::Ingest;
use crate::record::Record;
use crate::store::{DateSource, DbUrl, Store};

/// Kurzgefasst: a self-hosted news digest. Follows news feeds, extracts each article's full
/// text and writes a short German TLDR. / Ein selbst gehosteter Nachrichtenüberblick.
#[derive(Debug, Parser)]
#[command(name = "kurzgefasst", version, propagate_version = true)]
pub struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB; default: an SQLite file in
    /// the user's data directory.
    #[arg(long, global = true, env = "KURZGEFASST_DB", value_name = "URL")]
    pub db: Option<String>,
    /// Time zone Datum is shown in.
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_TZ",
        default_value = "Europe/Berlin",
        value_name = "ZONE"
    )]
    pub tz: String,
    /// Least milliseconds between two requests to the same host (politeness).
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_HOST_INTERVAL_MS",
        default_value_t = 250,
        value_name = "MS"
    )]
    pub host_interval_ms: u64,
    /// Seconds a request may take in all (connecting and reading: at most 10 of them).
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_TIMEOUT",
        default_value_t = 30,
        value_name = "SECS"
    )]
    pub timeout: u64,
    /// Allow this private HOST:PORT (repeatable; comma-separated in the environment variable).
    #[arg(
        long = "allow-host",
        global = true,
        env = "KURZGEFASST_ALLOW_HOSTS",
        value_delimiter = ',',
        value_name = "HOST:PORT"
    )]
    pub allow_hosts: Vec<String>,
    /// Allow fetching from loopback and private addresses (tests, private networks).
    #[arg(long, global = true, env = "KURZGEFASST_ALLOW_PRIVATE", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_private_addresses: bool,
    /// Abstractive TLDRs from a language model (off unless `--llm-url` is given).
    #[command(flatten)]
    pub llm: LlmArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The LLM backend: any OpenAI-compatible server (Ollama, llama.cpp's `llama-server`, vLLM,
/// hosted APIs). Without `--llm-url` every TLDR is extractive.
#[derive(Debug, Clone, clap::Args)]
pub struct LlmArgs {
    /// Base URL of an OpenAI-compatible API, up to its version path (e.g.
    /// http://127.0.0.1:11434/v1 for Ollama). Enables LLM TLDRs.
    #[arg(long, global = true, env = "KURZGEFASST_LLM_URL", value_name = "URL")]
    pub llm_url: Option<String>,
    /// The model to ask.
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_LLM_MODEL",
        default_value = "default",
        value_name = "NAME"
    )]
    pub llm_model: String,
    /// API key, sent as a bearer token.
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_LLM_API_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub llm_api_key: Option<String>,
    /// Seconds one request to the model may take.
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_LLM_TIMEOUT",
        default_value_t = 120,
        value_name = "SECS"
    )]
    pub llm_timeout: u64,
    /// Retries of a failed request (connection errors, timeouts, 429, 5xx).
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_LLM_RETRIES",
        default_value_t = 2,
        value_name = "N"
    )]
    pub llm_retries: u32,
    /// Requests to the model at once.
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_LLM_CONCURRENCY",
        default_value_t = 1,
        value_name = "N"
    )]
    pub llm_concurrency: usize,
    /// Endpoint: `chat` (chat/completions, instruction-tuned models) or `completions` (base models).
    #[arg(
        long,
        global = true,
        env = "KURZGEFASST_LLM_API",
        value_enum,
        default_value = "chat"
    )]
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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server and the polling scheduler. / Webserver und Abruf starten.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "KURZGEFASST_LISTEN")]
        listen: std::net::SocketAddr,
        /// Do not subscribe to the bundled German news feeds on first start.
        #[arg(long)]
        no_default_sources: bool,
        /// Which parts run in this process: `all` (web and polling), `web` (no polling) or
        /// `worker` (polling only; on PostgreSQL any number of workers share the sources).
        #[arg(long, value_enum, default_value = "all")]
        role: Role,
        /// Seconds a worker's lease on a source lasts without a heartbeat; a crashed worker's
        /// sources are taken over after this time (PostgreSQL).
        #[arg(long, env = "KURZGEFASST_LEASE_SECS", default_value_t = crate::ingest::schedule::DEFAULT_LEASE_SECS, value_name = "SECS")]
        lease_secs: i64,
    },
    /// Manage the followed sources. / Quellen verwalten.
    Sources {
        /// What to do with sources.
        #[command(subcommand)]
        command: SourcesCommand,
    },
    /// Poll every source once, process new articles, print a summary. / Alle Quellen einmal abrufen.
    Fetch,
    /// Print the record (Titel, Datum, Quelle, TLDR, Inhalt) of one article; no database. / Ein Artikel in Kurzform.
    Tldr {
        /// The article's URL or an HTML file.
        input: String,
        /// The page's URL when INPUT is a file (for Quelle and relative links).
        #[arg(long)]
        url: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the extracted article as JSON; no database. / Extrahierter Artikel als JSON.
    Extract {
        /// The article's URL or an HTML file.
        input: String,
        /// The page's URL when INPUT is a file.
        #[arg(long)]
        url: Option<String>,
    },
    /// The admin account. / Das Admin-Konto.
    Admin {
        /// What to do with it.
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Copy an SQLite installation into PostgreSQL, then check the copy. / Von SQLite nach PostgreSQL umziehen.
    Migrate {
        /// The SQLite database (sqlite://PATH or a path).
        #[arg(long, value_name = "URL")]
        from: String,
        /// The PostgreSQL database (postgres://USER@HOST:PORT/DB).
        #[arg(long, value_name = "URL")]
        to: String,
        /// Replace what the target already holds (otherwise a non-empty target is refused).
        #[arg(long)]
        overwrite: bool,
    },
    /// Benchmarks with JSON output (data sets are given as paths). / Messungen mit JSON-Ausgabe.
    Bench {
        /// Which benchmark.
        #[command(subcommand)]
        command: BenchCommand,
    },
}

/// `sources …` subcommands.
#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Subscribe to a feed, or to the feed a site's page links to. / Einen Feed abonnieren.
    Add {
        /// The feed's URL, or a site URL whose page advertises a feed.
        feed_url: String,
        /// Subscribe without fetching the URL first (no check, no discovery).
        #[arg(long)]
        no_check: bool,
    },
    /// Subscribe to every feed of an OPML file. / Feeds aus einer OPML-Datei abonnieren.
    Import {
        /// The OPML file.
        file: PathBuf,
    },
    /// Print the sources as OPML. / Quellen als OPML ausgeben.
    Export,
    /// List sources with their health. / Quellen mit Zustand auflisten.
    List,
    /// Unsubscribe; stored articles stay. / Abo beenden.
    Remove {
        /// The source's id (see `sources list`).
        id: i64,
    },
}

/// `admin …` subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Set the admin's password (read from the first line of standard input, or from
    /// KURZGEFASST_ADMIN_PASSWORD); ends all of the admin's sessions. / Admin-Passwort setzen.
    SetPassword {
        /// The account's name.
        #[arg(long, default_value = crate::auth::ADMIN)]
        user: String,
    },
    /// Create an API token for the JSON and Google Reader APIs and feeds; printed once. /
    /// API-Token erzeugen.
    Token {
        /// A name that says where the token is used.
        name: String,
        /// The account's name.
        #[arg(long, default_value = crate::auth::ADMIN)]
        user: String,
    },
}

/// `bench …` subcommands.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Extract every page of a ground-truth file; one JSON line per page.
    Extract {
        /// Ground-truth JSONL (`html_file` relative to it).
        ground_truth: PathBuf,
        /// Where to write the predictions.
        #[arg(long)]
        out: PathBuf,
    },
    /// The whole pipeline against a generated site of FEEDS x ENTRIES pages on loopback.
    Ingest {
        /// Feeds in all.
        #[arg(long, default_value_t = 500)]
        feeds: usize,
        /// Entries (article pages) per feed.
        #[arg(long, default_value_t = 20)]
        entries: usize,
        /// Loopback hosts (127.0.1.x) the feeds are spread over.
        #[arg(long, default_value_t = 50)]
        hosts: usize,
        /// The Python anchor pipeline to run against the same server (python_pipeline.py).
        #[arg(long)]
        anchor: Option<PathBuf>,
        /// Also write the JSON result here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Pair precision and recall of story clusters on an evaluation set of reports grouped by
    /// event (JSONL), saved through the real store; JSON.
    Clusters(crate::bench::clusters::Options),
    /// The web server under load: pages over ARTICLES, search over SEARCH_ARTICLES; JSON.
    Serve(crate::bench::serve::Options),
    /// Throughput of 1, 2, 3 worker processes on PostgreSQL and one on SQLite, against the
    /// generated site of `bench ingest`.
    Scale {
        /// Feeds in all.
        #[arg(long, default_value_t = 100)]
        feeds: usize,
        /// Entries (article pages) per feed.
        #[arg(long, default_value_t = 100)]
        entries: usize,
        /// Loopback hosts (127.0.1.x) the feeds are spread over.
        #[arg(long, default_value_t = 10)]
        hosts: usize,
        /// Worker counts measured on PostgreSQL.
        #[arg(long, value_delimiter = ',', default_value = "1,2,3")]
        workers: Vec<usize>,
        /// A PostgreSQL database on the server to measure (scratch databases are made beside it).
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
        postgres: String,
        /// Seconds one run may take at most.
        #[arg(long, default_value_t = 900)]
        timeout: u64,
        /// Also write the JSON result here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Serve the generated site of `bench ingest` (used by the benchmarks and tests).
    #[command(hide = true)]
    Site {
        /// Feeds in all.
        #[arg(long)]
        feeds: usize,
        /// Entries per feed.
        #[arg(long)]
        entries: usize,
        /// Loopback hosts.
        #[arg(long)]
        hosts: usize,
        /// Port on every host.
        #[arg(long)]
        port: u16,
    },
    /// Summarise every article of a data set; one JSON line per article.
    Tldr {
        /// Data JSONL with `id`, `title`, `text`.
        data: PathBuf,
        /// Where to write the predictions.
        #[arg(long)]
        out: PathBuf,
        /// With `--llm-url`: how many articles to ask the model about.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

/// Which parts of the application a `serve` process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Web server and polling scheduler.
    All,
    /// Web server only.
    Web,
    /// Polling scheduler only.
    Worker,
}

/// Output format of `tldr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The labelled text form of the seed record.
    Text,
    /// One JSON object.
    Json,
}

/// Runs the command line; the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = if matches!(cli.command, Command::Serve { .. }) {
        "info"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e:#}", t("Fehler", "error"));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let tz: chrono_tz::Tz = cli.tz.parse().map_err(|_| {
        anyhow::anyhow!(
            "{} {:?}",
            t("unbekannte Zeitzone", "unknown time zone"),
            cli.tz
        )
    })?;
    let fetch_opts = FetchOptions {
        allow_private: cli.allow_private_addresses,
        host_min_gap: std::time::Duration::from_millis(cli.host_interval_ms),
        total_timeout: std::time::Duration::from_secs(cli.timeout.max(1)),
        connect_timeout: std::time::Duration::from_secs(cli.timeout.clamp(1, 10)),
        allow_hosts: cli.allow_hosts.clone(),
        ..FetchOptions::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Command::Serve {
            listen,
            no_default_sources,
            role,
            lease_secs,
        } => {
            let store = open_store(cli.db.as_deref())?;
            rt.block_on(crate::web::serve(crate::web::ServeOptions {
                store,
                listen,
                default_sources: !no_default_sources,
                role,
                tz,
                fetch: fetch_opts,
                llm: cli.llm.config(),
                lease_secs,
            }))
        }
        Command::Sources { command } => {
            let store = open_store(cli.db.as_deref())?;
            rt.block_on(sources(&store, command, tz, fetch_opts))
        }
        Command::Admin { command } => {
            let store = open_store(cli.db.as_deref())?;
            admin(&store, command)
        }
        Command::Fetch => {
            let store = open_store(cli.db.as_deref())?;
            rt.block_on(fetch(store, fetch_opts, cli.llm.config()))
        }
        Command::Tldr { input, url, format } => {
            rt.block_on(tldr(&input, url, format, tz, fetch_opts))
        }
        Command::Extract { input, url } => rt.block_on(extract(&input, url, fetch_opts)),
        Command::Migrate {
            from,
            to,
            overwrite,
        } => migrate(&from, &to, overwrite),
        Command::Bench { command } => match command {
            BenchCommand::Extract { ground_truth, out } => {
                crate::bench::extract::run(&ground_truth, &out)
            }
            BenchCommand::Tldr { data, out, limit } => match cli.llm.config() {
                Some(config) => crate::bench::tldr::run_llm(&data, &out, config, limit),
                None => crate::bench::tldr::run(&data, &out),
            },
            BenchCommand::Ingest {
                feeds,
                entries,
                hosts,
                anchor,
                json,
            } => crate::bench::ingest::run(&crate::bench::ingest::Options {
                feeds,
                entries,
                hosts,
                anchor,
                json,
            }),
            BenchCommand::Serve(opts) => crate::bench::serve::run(&opts),
            BenchCommand::Clusters(opts) => crate::bench::clusters::run(&opts),
            BenchCommand::Scale {
                feeds,
                entries,
                hosts,
                workers,
                postgres,
                timeout,
                json,
            } => crate::bench::scale::run(&crate::bench::scale::Options {
                feeds,
                entries,
                hosts,
                workers,
                postgres,
                timeout_secs: timeout,
                json,
            }),
            BenchCommand::Site {
                feeds,
                entries,
                hosts,
                port,
            } => crate::bench::ingest::serve_site(crate::bench::site::SiteConfig {
                feeds,
                entries,
                hosts,
                port,
            }),
        },
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

fn open_store(db: Option<&str>) -> anyhow::Result<Arc<Store>> {
    let url = match db {
        Some(s) => DbUrl::parse(s)?,
        None => DbUrl::Sqlite(default_db_path()?),
    };
    let store = Store::open(&url)
        .with_context(|| format!("{} {url:?}", t("Datenbank öffnen", "opening the database")))?;
    Ok(Arc::new(store))
}

async fn sources(
    store: &Store,
    command: SourcesCommand,
    tz: chrono_tz::Tz,
    opts: FetchOptions,
) -> anyhow::Result<()> {
    match command {
        SourcesCommand::Add { feed_url, no_check } => {
            let fetcher = Fetcher::new(opts)?;
            match crate::sources::subscribe(store, &fetcher, &feed_url, no_check).await {
                Ok(s) => {
                    println!(
                        "{} {}: {}",
                        t("Quelle hinzugefügt", "source added"),
                        s.id,
                        s.url
                    );
                    Ok(())
                }
                Err(crate::sources::AddSourceError::Duplicate(id)) => {
                    bail!(
                        "{} (id {id}): {}",
                        t("Quelle existiert bereits", "source already exists"),
                        feed_url
                    )
                }
                Err(e) => Err(e.into()),
            }
        }
        SourcesCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| {
                format!(
                    "{} {}",
                    t("Datei nicht lesbar:", "cannot read file"),
                    file.display()
                )
            })?;
            let outlines = crate::ingest::opml::parse(&text);
            if outlines.is_empty() {
                bail!(
                    "{}: {}",
                    t("keine Feeds in der OPML-Datei", "no feeds in the OPML file"),
                    file.display()
                );
            }
            let bar = progress_bar(outlines.len());
            let r = crate::sources::import_opml(store, &text, || bar.inc(1))?;
            bar.finish_and_clear();
            println!(
                "{}: {}, {}: {}, {}: {}",
                t("importiert", "imported"),
                r.added,
                t("schon vorhanden", "already present"),
                r.skipped,
                t("ungültig", "invalid"),
                r.invalid
            );
            Ok(())
        }
        SourcesCommand::Export => {
            print!("{}", crate::ingest::opml::export(&store.list_sources()?));
            Ok(())
        }
        SourcesCommand::List => {
            let list = store.list_sources()?;
            if list.is_empty() {
                println!(
                    "{}",
                    t(
                        "Keine Quellen. Hinzufügen mit: kurzgefasst sources add FEED_URL",
                        "No sources. Add one with: kurzgefasst sources add FEED_URL"
                    )
                );
            }
            for s in list {
                println!("{}", source_line(&s, tz));
            }
            Ok(())
        }
        SourcesCommand::Remove { id } => {
            if store.remove_source(id)? {
                println!("{} {id}", t("Quelle entfernt:", "source removed:"));
                Ok(())
            } else {
                bail!("{} {id}", t("keine Quelle mit der id", "no source with id"))
            }
        }
    }
}

fn admin(store: &Store, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::SetPassword { user } => {
            let password = match std::env::var(crate::auth::PASSWORD_ENV)
                .ok()
                .filter(|p| !p.is_empty())
            {
                Some(p) => p,
                None => {
                    if std::io::stdin().is_terminal() {
                        eprintln!(
                            "{}",
                            t(
                                "Neues Passwort (wird angezeigt):",
                                "New password (shown as typed):"
                            )
                        );
                    }
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            crate::auth::set_password(store, &user, &password)?;
            println!("{} {user}", t("Passwort gesetzt für", "password set for"));
            Ok(())
        }
        AdminCommand::Token { name, user } => {
            let Some(u) = store.user_by_name(&user)? else {
                bail!("{} {user:?}", t("kein Konto namens", "no account named"));
            };
            let token = crate::auth::new_token()?;
            store.create_api_token(
                u.id,
                &name,
                &crate::auth::token_hash(&token),
                crate::store_now(),
            )?;
            println!("{token}");
            Ok(())
        }
    }
}

/// One line of `sources list`: id, URL, title, article count and health.
pub fn source_line(s: &crate::store::Source, tz: chrono_tz::Tz) -> String {
    let when = |t: Option<i64>| {
        t.map(|t| crate::record::datum(t, tz))
            .unwrap_or_else(|| "–".into())
    };
    let health = match (&s.last_error, s.consecutive_failures) {
        (Some(msg), n) if n > 0 => format!(
            "{} [{}] {msg} ({n}× {}, {} {}, {}: {})",
            t("FEHLER", "ERROR"),
            s.last_error_kind.as_deref().unwrap_or("?"),
            t("in Folge", "in a row"),
            t("zuletzt", "last"),
            when(s.last_error_at),
            t("nächster Versuch", "next try"),
            when(Some(s.next_poll_at)),
        ),
        _ if s.last_success_at.is_some() => format!(
            "ok ({} {}, {} {})",
            t("zuletzt", "last"),
            when(s.last_success_at),
            t("nächster Abruf", "next poll"),
            when(Some(s.next_poll_at))
        ),
        _ => t("noch nicht abgerufen", "not polled yet").to_string(),
    };
    format!(
        "{:>4}  {}  {}  {} {}  {}",
        s.id,
        s.url,
        s.title.as_deref().unwrap_or("–"),
        s.article_count,
        t("Artikel", "articles"),
        health
    )
}

async fn fetch(
    store: Arc<Store>,
    opts: FetchOptions,
    llm: Option<kg_summarize::llm::Config>,
) -> anyhow::Result<()> {
    let sources = store.list_sources()?;
    if sources.is_empty() {
        bail!(
            "{}",
            t(
                "keine Quellen: zuerst `kurzgefasst sources add FEED_URL`",
                "no sources: first `kurzgefasst sources add FEED_URL`"
            )
        );
    }
    let ingest = Arc::new(Ingest::new(store, Fetcher::new(opts)?));
    let bar = progress_bar(sources.len());
    let report = ingest.poll_sources(sources, &bar).await;
    bar.finish_and_clear();
    println!(
        "{}: {}, {}: {}, {}: {} ({}: {}, {}: {})",
        t("neu", "new"),
        report.new,
        t("aktualisiert", "updated"),
        report.updated,
        t("fehlgeschlagen", "failed"),
        report.failed,
        t("Quellen", "sources"),
        report.sources,
        t("davon mit Fehler", "with errors"),
        report.sources_failed
    );
    if let Some(config) = llm {
        // The articles just stored get their LLM TLDRs now; each stays extractive where the
        // gate rejects the model's.
        let worker = crate::llm_queue::LlmWorker::new(Arc::clone(&ingest.store), config)?;
        let bar = progress_bar(0);
        bar.set_message("LLM");
        let r = worker.drain(&|| bar.inc(1)).await?;
        bar.finish_and_clear();
        println!(
            "{}: {}, {}: {}, {}: {}",
            t("LLM-TLDR angenommen", "LLM TLDRs accepted"),
            r.accepted,
            t("vom Prüfer abgelehnt", "rejected by the gate"),
            r.rejected,
            t("ohne Antwort", "no answer"),
            r.failed
        );
    }
    Ok(())
}

fn migrate(from: &str, to: &str, overwrite: bool) -> anyhow::Result<()> {
    let DbUrl::Sqlite(path) = DbUrl::parse(from)? else {
        bail!(
            "{}: {from}",
            t(
                "--from muss eine SQLite-Datenbank sein",
                "--from must be an SQLite database"
            )
        );
    };
    let DbUrl::Postgres(url) = DbUrl::parse(to)? else {
        bail!(
            "{}: {to}",
            t(
                "--to muss eine PostgreSQL-Datenbank sein",
                "--to must be a PostgreSQL database"
            )
        );
    };
    match crate::store::migrate::sqlite_to_postgres(&path, &url, overwrite) {
        Ok(report) => {
            println!("{report}");
            println!(
                "{}",
                t(
                    "Umzug vollständig: alle Zeilen übertragen und geprüft.",
                    "migration complete: every row copied and checked."
                )
            );
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// A progress bar on a terminal's stderr; hidden when stderr is not a terminal.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(len as u64);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

/// Reads INPUT: fetches it when it is an http(s) URL, reads the file otherwise.
/// Returns (page URL, bytes, content type).
async fn load_input(
    input: &str,
    url: Option<String>,
    opts: FetchOptions,
) -> anyhow::Result<(String, Vec<u8>, Option<String>)> {
    if input.starts_with("http://") || input.starts_with("https://") {
        let fetched = Fetcher::new(opts)?.get(input, None, None).await?;
        return Ok((
            url.unwrap_or(fetched.url),
            fetched.body,
            fetched.content_type,
        ));
    }
    let path = Path::new(input);
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "{} {}",
            t("Datei nicht lesbar:", "cannot read file"),
            path.display()
        )
    })?;
    let page_url = match url {
        Some(u) => u,
        None => {
            let abs = std::fs::canonicalize(path)?;
            url::Url::from_file_path(&abs)
                .map(|u| u.to_string())
                .unwrap_or_else(|_| input.to_string())
        }
    };
    Ok((page_url, bytes, None))
}

async fn tldr(
    input: &str,
    url: Option<String>,
    format: Format,
    tz: chrono_tz::Tz,
    opts: FetchOptions,
) -> anyhow::Result<()> {
    let (page_url, bytes, ct) = load_input(input, url, opts).await?;
    let a =
        crate::ingest::build_article(&page_url, &bytes, ct.as_deref(), None, crate::store_now());
    if a.blocks.is_empty() && a.teaser.is_none() {
        bail!(
            "{}: {page_url}",
            t("kein Artikeltext gefunden", "no article text found")
        );
    }
    let record = Record::new(
        a.title.clone(),
        a.published_at,
        a.date_source == DateSource::Fetched,
        a.canonical_url.clone().unwrap_or_else(|| a.url.clone()),
        a.tldr.text(),
        a.content_line(),
        tz,
    );
    match format {
        Format::Text => print!("{}", record.to_text()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&record)?),
    }
    Ok(())
}

async fn extract(input: &str, url: Option<String>, opts: FetchOptions) -> anyhow::Result<()> {
    let (page_url, bytes, ct) = load_input(input, url, opts).await?;
    let a = kg_extract::extract(&bytes, Some(&page_url), ct.as_deref());
    let out = serde_json::json!({
        "url": page_url,
        "title": a.title,
        "teaser": a.teaser,
        "text": a.text(),
        "paragraphs": a.blocks,
        "published": a.published.map(|d| d.to_rfc3339()),
        "modified": a.modified.map(|d| d.to_rfc3339()),
        "author": a.author,
        "language": a.language,
        "canonical_url": a.canonical_url,
        "site": a.site_name,
        "host": crate::record::quelle(&page_url),
        "image": a.image,
        "paywalled": a.paywalled,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
