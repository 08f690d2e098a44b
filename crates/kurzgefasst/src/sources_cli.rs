//! `kurzgefasst sources …`: a reader's subscriptions from the command line. Every command acts
//! on the subscriptions of the reader named by `--user`, the first admin's when it is left out;
//! while there is no reader at all, on the sources themselves (the first admin adopts them).

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Subcommand;

use crate::cli::{DbArgs, FetchArgs, TzArgs};
use crate::i18n::t;
use crate::ingest::fetch::Fetcher;
use crate::ingest::opml::OpmlFeed;
use crate::sources::Follow;
use crate::store::{Store, SubscriptionChange};

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
        /// File it in this category (made when the reader has none of that name).
        #[arg(long, value_name = "NAME")]
        category: Option<String>,
        /// The reader's own title for it.
        #[arg(long, value_name = "NAME")]
        title: Option<String>,
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// Fetching the URL to check it.
        #[command(flatten)]
        fetch: FetchArgs,
    },
    /// Change a subscription: its category (`--category ""`: none) or its own title
    /// (`--title ""`: the feed's). / Ein Abo ändern.
    Set {
        /// The source's id (see `sources list`).
        id: i64,
        /// Move it to this category (made when the reader has none of that name).
        #[arg(long, value_name = "NAME")]
        category: Option<String>,
        /// The reader's own title for it.
        #[arg(long, value_name = "NAME")]
        title: Option<String>,
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Subscribe to every feed of an OPML file, folders as categories. / Feeds aus einer OPML-Datei abonnieren.
    Import {
        /// The OPML file.
        file: PathBuf,
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Print the subscriptions as OPML, categories as folders. / Quellen als OPML ausgeben.
    Export {
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// List subscriptions with their health. / Quellen mit Zustand auflisten.
    List {
        /// Only this category's.
        #[arg(long, value_name = "NAME")]
        category: Option<String>,
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// Time zone of the times shown.
        #[command(flatten)]
        tz: TzArgs,
    },
    /// Unsubscribe; stored articles stay (a source nobody follows any more is no longer
    /// polled). / Abo beenden.
    Remove {
        /// The source's id (see `sources list`).
        id: i64,
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
}

impl SourcesCommand {
    /// The database the command works on.
    pub fn db(&self) -> &DbArgs {
        match self {
            SourcesCommand::Add { db, .. }
            | SourcesCommand::Set { db, .. }
            | SourcesCommand::Import { db, .. }
            | SourcesCommand::Export { db, .. }
            | SourcesCommand::List { db, .. }
            | SourcesCommand::Remove { db, .. } => db,
        }
    }
}

/// Runs a `sources` command; `verbose` adds the technical error chain to each health line.
pub async fn run(store: &Store, command: SourcesCommand, verbose: bool) -> anyhow::Result<()> {
    match command {
        SourcesCommand::Add {
            feed_url,
            no_check,
            category,
            title,
            user,
            db: _,
            fetch,
        } => {
            let reader = crate::users::acting(store, user.as_deref())?;
            let fetcher = Fetcher::new(fetch.options())?;
            let follow = Follow {
                user: reader.as_ref().map(|r| r.id),
                category: category.as_deref(),
                title: title.as_deref(),
            };
            match crate::sources::subscribe(store, &fetcher, &feed_url, no_check, follow).await {
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
        SourcesCommand::Set {
            id,
            category,
            title,
            user,
            db: _,
        } => {
            let Some(reader) = crate::users::acting(store, user.as_deref())? else {
                bail!("{}", no_reader());
            };
            let mut change = SubscriptionChange::default();
            if let Some(name) = category {
                change.category = Some(if name.trim().is_empty() {
                    None
                } else {
                    Some(store.ensure_category(reader.id, &name)?.id)
                });
            }
            if let Some(title) = title {
                let title = title.trim().to_string();
                change.title = Some((!title.is_empty()).then_some(title));
            }
            if !store.update_subscription(reader.id, id, &change)? {
                bail!("{} {id}", t("keine Quelle mit der id", "no source with id"));
            }
            let sub = store
                .subscription(reader.id, id)?
                .context("subscription just changed")?;
            println!(
                "{} {id}: {}{}",
                t("Abo geändert", "subscription changed"),
                sub.name(),
                sub.category_name()
                    .map(|c| format!("  [{c}]"))
                    .unwrap_or_default()
            );
            Ok(())
        }
        SourcesCommand::Import { file, user, db: _ } => {
            let reader = crate::users::acting(store, user.as_deref())?;
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
            let bar = crate::cli::progress_bar(outlines.len());
            let r = crate::sources::import_opml(store, &text, reader.map(|r| r.id), || bar.inc(1))?;
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
        SourcesCommand::Export { user, db: _ } => {
            let opml = match crate::users::acting(store, user.as_deref())? {
                Some(reader) => {
                    let subs = store.subscriptions(reader.id, None)?;
                    let feeds: Vec<_> = subs.iter().map(OpmlFeed::from_subscription).collect();
                    crate::ingest::opml::export(&feeds)
                }
                None => {
                    let list = store.list_sources()?;
                    let feeds: Vec<_> = list.iter().map(OpmlFeed::from_source).collect();
                    crate::ingest::opml::export(&feeds)
                }
            };
            print!("{opml}");
            Ok(())
        }
        SourcesCommand::List {
            category,
            user,
            db: _,
            tz,
        } => {
            let tz = tz.zone()?;
            let lines: Vec<String> = match crate::users::acting(store, user.as_deref())? {
                Some(reader) => {
                    let cat = match category {
                        Some(name) => Some(
                            store
                                .category_by_name(reader.id, &name)?
                                .with_context(|| {
                                    format!(
                                        "{} {name:?}",
                                        t("keine Kategorie namens", "no category named")
                                    )
                                })?
                                .id,
                        ),
                        None => None,
                    };
                    store
                        .subscriptions(reader.id, cat)?
                        .iter()
                        .map(|s| {
                            let name = s.title.as_deref().or(s.source.title.as_deref());
                            source_line(
                                &s.source,
                                name.unwrap_or("–"),
                                s.category_name(),
                                tz,
                                verbose,
                            )
                        })
                        .collect()
                }
                None => store
                    .list_sources()?
                    .iter()
                    .map(|s| source_line(s, s.title.as_deref().unwrap_or("–"), None, tz, verbose))
                    .collect(),
            };
            if lines.is_empty() {
                println!(
                    "{}",
                    t(
                        "Keine Quellen. Hinzufügen mit: kurzgefasst sources add FEED_URL",
                        "No sources. Add one with: kurzgefasst sources add FEED_URL"
                    )
                );
            }
            for l in lines {
                println!("{l}");
            }
            Ok(())
        }
        SourcesCommand::Remove { id, user, db: _ } => {
            let removed = match crate::users::acting(store, user.as_deref())? {
                Some(reader) => store.unsubscribe(reader.id, id)?,
                None => store.remove_source(id)?,
            };
            if removed {
                println!("{} {id}", t("Quelle entfernt:", "source removed:"));
                Ok(())
            } else {
                bail!("{} {id}", t("keine Quelle mit der id", "no source with id"))
            }
        }
    }
}

fn no_reader() -> &'static str {
    t(
        "noch kein Leser: zuerst `kurzgefasst users add NAME` oder `kurzgefasst serve`",
        "no reader yet: first `kurzgefasst users add NAME` or `kurzgefasst serve`",
    )
}

/// One line of `sources list`: id, URL, name, article count, health and category. The error is
/// a short sentence in the user's language; with `verbose` followed by its kind and technical
/// message.
pub fn source_line(
    s: &crate::store::Source,
    name: &str,
    category: Option<&str>,
    tz: chrono_tz::Tz,
    verbose: bool,
) -> String {
    let when = |t: Option<i64>| {
        t.map(|t| crate::record::datum(t, tz))
            .unwrap_or_else(|| "–".into())
    };
    let health = match (&s.last_error, s.consecutive_failures) {
        (Some(msg), n) if n > 0 => format!(
            "{} {}{} ({n}× {}, {} {}, {}: {})",
            t("FEHLER:", "ERROR:"),
            crate::problem::Problem::from_record(s.last_error_kind.as_deref(), msg)
                .sentence(crate::i18n::german()),
            if verbose {
                format!(" [{}: {msg}]", s.last_error_kind.as_deref().unwrap_or("?"))
            } else {
                String::new()
            },
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
    let category = category.map(|c| format!("  [{c}]")).unwrap_or_default();
    format!(
        "{:>4}  {}  {}  {} {}  {}{category}",
        s.id,
        s.url,
        name,
        s.article_count,
        t("Artikel", "articles"),
        health
    )
}
