//! `cli`: the `kurzgefasst` command line (clap). Thin: each command parses its arguments, opens
//! what it needs and calls into [`crate::ingest`], [`crate::store`], [`crate::web`].
//!
//! Options live with the commands that use them: the option groups of [`args`] (database, time
//! zone, fetching, language model, logging) are flattened into each command that uses them, so
//! an option given where it has no effect is an error.

pub mod args;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};

pub use args::{
    DbArgs, DeliveryArgs, EmbedArgs, FetchArgs, LlmApi, LlmArgs, LogArgs, LogFormat, TzArgs,
};

use crate::i18n::t;
use crate::ingest::fetch::{FetchOptions, Fetcher};
use crate::ingest::Ingest;
use crate::record::Record;
use crate::store::{DateSource, DbUrl, Store};
use crate::web::Role;

/// Kurzgefasst: a self-hosted news digest. Follows news feeds, extracts each article's full
/// text and writes a short German TLDR. / Ein selbst gehosteter Nachrichtenüberblick.
#[derive(Debug, Parser)]
#[command(name = "kurzgefasst", version, propagate_version = true)]
pub struct Cli {
    /// On an error, also print its technical details (the whole chain of causes).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
        /// Time zone of Datum.
        #[command(flatten)]
        tz: TzArgs,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// Polling.
        #[command(flatten)]
        fetch: FetchArgs,
        /// Abstractive TLDRs.
        #[command(flatten)]
        llm: LlmArgs,
        /// Delivering the briefings.
        #[command(flatten)]
        delivery: DeliveryArgs,
        /// Embeddings for story clusters.
        #[command(flatten)]
        embed: EmbedArgs,
        /// The log.
        #[command(flatten)]
        log: LogArgs,
    },
    /// Manage the followed sources. / Quellen verwalten.
    Sources {
        /// What to do with sources.
        #[command(subcommand)]
        command: crate::sources_cli::SourcesCommand,
    },
    /// Manage the readers. / Leser verwalten.
    Users {
        /// What to do with readers.
        #[command(subcommand)]
        command: crate::users::UsersCommand,
    },
    /// Poll every source once, process new articles, print a summary. / Alle Quellen einmal abrufen.
    Fetch {
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// Polling.
        #[command(flatten)]
        fetch: FetchArgs,
        /// Abstractive TLDRs.
        #[command(flatten)]
        llm: LlmArgs,
        /// Embeddings for story clusters.
        #[command(flatten)]
        embed: EmbedArgs,
    },
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
        /// Time zone of Datum.
        #[command(flatten)]
        tz: TzArgs,
        /// Fetching INPUT when it is a URL.
        #[command(flatten)]
        fetch: FetchArgs,
    },
    /// Print the extracted article as JSON; no database. / Extrahierter Artikel als JSON.
    Extract {
        /// The article's URL or an HTML file.
        input: String,
        /// The page's URL when INPUT is a file.
        #[arg(long)]
        url: Option<String>,
        /// Fetching INPUT when it is a URL.
        #[command(flatten)]
        fetch: FetchArgs,
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
    /// Check a summary against an article (faithfulness gate); exit 0 accepted, 1 rejected, 2
    /// error. / Eine Zusammenfassung am Artikel prüfen.
    Verify(crate::verify::Options),
    /// Print a reader's briefing for a day: the biggest stories, then per category the most
    /// reported ones; `briefing settings`/`send` deliver it. / Das Briefing eines Lesers für
    /// einen Tag, seine Zustellung.
    Briefing(crate::briefing::cli::BriefingArgs),
    /// Back up a running SQLite installation into FILE (SQLite's online backup), then check the
    /// copy. / Eine laufende SQLite-Installation sichern.
    Backup {
        /// The new backup file (never overwritten).
        file: PathBuf,
        /// The database to back up.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Benchmarks with JSON output (data sets are given as paths). / Messungen mit JSON-Ausgabe.
    Bench {
        /// Which benchmark.
        #[command(subcommand)]
        command: BenchCommand,
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
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Create an API token for the JSON and Google Reader APIs and feeds; printed once. /
    /// API-Token erzeugen.
    Token {
        /// A name that says where the token is used.
        name: String,
        /// The account's name.
        #[arg(long, default_value = crate::auth::ADMIN)]
        user: String,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
}

/// `bench …` subcommands.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Extract every page of a ground-truth file; one JSON line per page, the page kinds
    /// against the ground truth's, and with --anchor the same pages through another extractor.
    Extract(crate::bench::extract::Options),
    /// The whole pipeline, with the product's defaults unless told otherwise, against a
    /// generated site of FEEDS x ENTRIES pages on loopback.
    Ingest(crate::bench::ingest::Options),
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
    /// The faithfulness gate on reference summaries and on corrupted copies of them.
    Gate {
        /// Data JSONL with `id`, `title`, `text`, `summary`.
        data: PathBuf,
        /// Where to write one JSON line per check.
        #[arg(long)]
        out: PathBuf,
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
        /// The model, when abstractive TLDRs are measured.
        #[command(flatten)]
        llm: LlmArgs,
    },
}

/// Output format of `tldr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The labelled text form of the seed record.
    Text,
    /// One JSON object.
    Json,
}

/// Ends the program for a command line clap could not take: help and version as clap prints
/// them; an error in the user's language, one short sentence in German under a German locale
/// (clap's own messages are English), with the way to the command's help. Exit status 2.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    if !crate::i18n::german()
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit();
    }
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "Die Option „{}“ gibt es bei diesem Befehl nicht (Optionen stehen hinter dem Befehl, zu dem sie gehören).",
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidSubcommand => format!(
            "Den Befehl „{}“ gibt es nicht.",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "Der Wert „{}“ passt nicht zu {}.",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "Es fehlt eine Angabe: {}.",
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} lässt sich nicht zusammen mit {} angeben.",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::MissingSubcommand => "Es fehlt der Befehl.".to_string(),
        _ => "Dieser Aufruf ist ungültig.".to_string(),
    };
    eprintln!("Fehler: {sentence}");
    eprintln!("Aufruf und Optionen eines Befehls: kurzgefasst BEFEHL --help (Einzelheiten auf Englisch mit LANG=en).");
    ExitCode::from(2)
}

/// Runs the command line; the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let (level, format) = match &cli.command {
        Command::Serve { log, .. } => ("info", log.log_format),
        _ => ("warn", LogFormat::Text),
    };
    if !matches!(cli.command, Command::Serve { .. } | Command::Bench { .. }) {
        // Output meant for pipes: a reader that goes away (`| head -1`) ends the program the
        // way it ends `cat`, by SIGPIPE (status 141), instead of a panic in `println!`. The
        // server and the benchmarks keep Rust's default (the signal ignored, EPIPE returned).
        // SAFETY: setting a signal's disposition to its default, before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    init_logging(format, level);
    if matches!(cli.command, Command::Verify(_)) {
        return crate::verify::exit_code(&run(cli));
    }
    let verbose = cli.verbose;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}: {}",
                t("Fehler", "error"),
                crate::problem::cli_message(&e, verbose)
            );
            ExitCode::FAILURE
        }
    }
}

/// Whether the log may be coloured: only on a terminal, and never when `NO_COLOR` is set to
/// anything but the empty string (no-color.org).
pub fn log_colour(stderr_is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    stderr_is_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Installs the log on standard error: `RUST_LOG` or `level`, as text (coloured after
/// [`log_colour`]) or as JSON lines.
fn init_logging(format: LogFormat, level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder
            .with_ansi(log_colour(
                std::io::stderr().is_terminal(),
                std::env::var_os("NO_COLOR").as_deref(),
            ))
            .init(),
        LogFormat::Json => builder.json().with_ansi(false).init(),
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Command::Serve {
            listen,
            no_default_sources,
            role,
            lease_secs,
            tz,
            db,
            fetch,
            llm,
            delivery,
            embed,
            log: _,
        } => {
            let tz = tz.zone()?;
            let mut delivery = delivery.config(fetch.options())?;
            // The briefings' overview of the day comes from the same model as the TLDRs.
            delivery.llm = llm.config();
            let store = db.open()?;
            rt.block_on(crate::web::serve(crate::web::ServeOptions {
                store,
                listen,
                default_sources: !no_default_sources,
                role,
                tz,
                fetch: fetch.options(),
                llm: llm.config(),
                embeddings: embed.config(),
                lease_secs,
                delivery,
            }))
        }
        Command::Sources { command } => {
            // Opened here, off the runtime: the PostgreSQL client blocks while it connects.
            let store = command.db().open()?;
            rt.block_on(crate::sources_cli::run(&store, command, cli.verbose))
        }
        Command::Users { command } => {
            let store = command.db().open()?;
            crate::users::run(&store, command)
        }
        Command::Admin { command } => admin(command),
        Command::Fetch {
            db,
            fetch: f,
            llm,
            embed,
        } => {
            let store = db.open()?;
            rt.block_on(fetch(store, f.options(), llm.config(), embed.config()))
        }
        Command::Tldr {
            input,
            url,
            format,
            tz,
            fetch,
        } => {
            let tz = tz.zone()?;
            rt.block_on(tldr(&input, url, format, tz, fetch.options()))
        }
        Command::Extract { input, url, fetch } => {
            rt.block_on(extract(&input, url, fetch.options()))
        }
        Command::Verify(opts) => {
            let fetch = opts.fetch.options();
            rt.block_on(crate::verify::run(&opts, fetch))
        }
        Command::Briefing(mut args) => match args.action.take() {
            Some(action) => crate::delivery::cli::run(action, &rt),
            None => crate::briefing::cli::run(&args, &rt),
        },
        Command::Migrate {
            from,
            to,
            overwrite,
        } => migrate(&from, &to, overwrite),
        Command::Backup { file, db } => {
            let report = crate::store::backup::backup(&db.url()?, &file)?;
            print!("{report}");
            Ok(())
        }
        Command::Bench { command } => match command {
            BenchCommand::Extract(opts) => crate::bench::extract::run(&opts),
            BenchCommand::Gate { data, out } => crate::bench::gate::run(&data, &out),
            BenchCommand::Tldr {
                data,
                out,
                limit,
                llm,
            } => match llm.config() {
                Some(config) => crate::bench::tldr::run_llm(&data, &out, config, limit),
                None => crate::bench::tldr::run(&data, &out),
            },
            BenchCommand::Ingest(opts) => crate::bench::ingest::run(&opts),
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

fn admin(command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::SetPassword { user, db } => {
            let store = db.open()?;
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
            crate::auth::set_password(&store, &user, &password)?;
            println!("{} {user}", t("Passwort gesetzt für", "password set for"));
            Ok(())
        }
        AdminCommand::Token { name, user, db } => {
            let store = db.open()?;
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

async fn fetch(
    store: Arc<Store>,
    opts: FetchOptions,
    llm: Option<kg_summarize::llm::Config>,
    embeddings: Option<crate::ingest::embed::Config>,
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
    let embedder = embeddings
        .map(crate::ingest::embed::Embedder::new)
        .transpose()?;
    let ingest = Arc::new(Ingest::new(store, Fetcher::new(opts)?).with_embeddings(embedder));
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
pub(crate) fn progress_bar(len: usize) -> indicatif::ProgressBar {
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
pub(crate) async fn load_input(
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
    let mut record = Record::new(
        a.title.clone(),
        a.published_at,
        a.date_source == DateSource::Fetched,
        a.canonical_url.clone().unwrap_or_else(|| a.url.clone()),
        a.tldr.text(),
        a.content_line(),
        tz,
    );
    record.page_type = a.page_type;
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
        "page_type": a.page_type,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
