//! `kurzgefasst briefing settings|send|deliver`: a reader's delivery settings, a send now, and
//! (hidden, for tests and cron-like use) one scheduler pass at a given moment.

use anyhow::{bail, Context};
use clap::Subcommand;

use super::channels::Channel;
use super::settings::{days_text, Change};
use super::{Deliverer, SendNow};
use crate::cli::{DbArgs, DeliveryArgs, FetchArgs};
use crate::i18n::{german, t};
use crate::store::{Reader, Store};

/// `briefing …` delivery subcommands.
#[derive(Debug, Subcommand)]
pub enum BriefingAction {
    /// Show a reader's delivery settings, or change them with the options given. / Zustellung
    /// des Überblicks anzeigen oder ändern.
    Settings {
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// Local time of the send, HH:MM.
        #[arg(long, value_name = "HH:MM")]
        time: Option<String>,
        /// Weekdays: mo-fr, mo,mi,fr, täglich/daily, werktags/weekdays.
        #[arg(long, value_name = "DAYS")]
        days: Option<String>,
        /// Time zone (IANA name, e.g. Europe/Berlin, America/New_York).
        #[arg(long, value_name = "ZONE")]
        zone: Option<String>,
        /// E-mail address ("" to stop e-mails).
        #[arg(long, value_name = "ADDRESS")]
        email: Option<String>,
        /// ntfy-style topic URL ("" to stop).
        #[arg(long, value_name = "URL")]
        ntfy: Option<String>,
        /// JSON webhook URL ("" to stop).
        #[arg(long, value_name = "URL")]
        webhook: Option<String>,
        /// The webhook's HMAC-SHA256 secret, at least 16 characters ("" or left out: a random
        /// one is made for a new webhook).
        #[arg(long, value_name = "SECRET")]
        webhook_secret: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// The private-address guard the channel URLs must pass.
        #[command(flatten)]
        fetch: FetchArgs,
    },
    /// Send a reader's briefing now on every configured channel (not counted as the day's
    /// scheduled send). / Den Überblick jetzt senden.
    Send {
        /// The reader (default: the admin).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// How push and webhook posts are made.
        #[command(flatten)]
        fetch: FetchArgs,
        /// SMTP server, sender, public address.
        #[command(flatten)]
        delivery: DeliveryArgs,
    },
    /// One pass of the delivery scheduler at NOW (RFC 3339; default: the clock): claims and
    /// sends every briefing due then, as the worker does every 30 seconds.
    #[command(hide = true)]
    Deliver {
        /// The moment of the pass, RFC 3339 (e.g. 2026-03-29T01:00:00Z).
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
        /// How push and webhook posts are made.
        #[command(flatten)]
        fetch: FetchArgs,
        /// SMTP server, sender, public address.
        #[command(flatten)]
        delivery: DeliveryArgs,
    },
}

fn reader(store: &Store, user: Option<&str>) -> anyhow::Result<Reader> {
    crate::users::acting(store, user)?.context(t(
        "es gibt noch keinen Leser (kurzgefasst users add NAME)",
        "there is no reader yet (kurzgefasst users add NAME)",
    ))
}

/// Runs a `briefing` delivery command on `rt`.
pub fn run(action: BriefingAction, rt: &tokio::runtime::Runtime) -> anyhow::Result<()> {
    match action {
        BriefingAction::Settings {
            user,
            time,
            days,
            zone,
            email,
            ntfy,
            webhook,
            webhook_secret,
            db,
            fetch,
        } => {
            let store = db.open()?;
            let r = reader(&store, user.as_deref())?;
            let change = Change {
                time,
                days,
                zone,
                email,
                ntfy,
                webhook,
                webhook_secret,
            };
            let current = store.briefing_settings(r.id)?.unwrap_or_default();
            if !change.is_empty() {
                let opts = fetch.options();
                let new = change
                    .apply(
                        &current,
                        crate::store_now(),
                        opts.allow_private,
                        &opts.allow_hosts,
                    )
                    .map_err(|e| anyhow::anyhow!(e.message(german())))?;
                store.set_briefing_settings(r.id, &new)?;
                println!("{}", t("Gespeichert.", "Saved."));
            }
            print_settings(&store, &r)
        }
        BriefingAction::Send {
            user,
            db,
            fetch,
            delivery,
        } => {
            let store = db.open()?;
            let r = reader(&store, user.as_deref())?;
            let d = Deliverer::new(store, delivery.config(fetch.options())?)?;
            match rt.block_on(d.send_now(r.id, chrono::Utc::now()))? {
                SendNow::NoChannel => bail!(t(
                    "keine Zustellung eingerichtet (kurzgefasst briefing settings --email …)",
                    "no delivery configured (kurzgefasst briefing settings --email …)"
                )),
                SendNow::NothingNew(date) => {
                    println!(
                        "{} {date}: {}",
                        t("Überblick", "Briefing"),
                        t(
                            "nichts Neues, nichts gesendet.",
                            "nothing new, nothing sent."
                        )
                    );
                    Ok(())
                }
                SendNow::Sent(date, results) => {
                    let mut failed = 0;
                    for (ch, r) in &results {
                        match r {
                            Ok(()) => {
                                println!("{date} {}: {}", ch.label(german()), t("gesendet", "sent"))
                            }
                            Err(e) => {
                                failed += 1;
                                println!(
                                    "{date} {}: {}: {e}",
                                    ch.label(german()),
                                    t("fehlgeschlagen", "failed")
                                );
                            }
                        }
                    }
                    if failed > 0 {
                        bail!(
                            "{failed} {}",
                            t("Zustellung(en) fehlgeschlagen", "deliveries failed")
                        );
                    }
                    Ok(())
                }
            }
        }
        BriefingAction::Deliver {
            now,
            db,
            fetch,
            delivery,
        } => {
            let now = match now {
                Some(s) => chrono::DateTime::parse_from_rfc3339(s.trim())
                    .with_context(|| {
                        format!(
                            "--now {s:?}: {}",
                            t(
                                "keine Zeit nach RFC 3339 (z. B. 2026-03-29T01:00:00Z)",
                                "not an RFC 3339 time (e.g. 2026-03-29T01:00:00Z)"
                            )
                        )
                    })?
                    .with_timezone(&chrono::Utc),
                None => chrono::Utc::now(),
            };
            let store = db.open()?;
            let d = Deliverer::new(store, delivery.config(fetch.options())?)?;
            let report = rt.block_on(d.pass(now))?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
    }
}

fn print_settings(store: &Store, r: &Reader) -> anyhow::Result<()> {
    let g = german();
    let none = "–".to_string();
    match store.briefing_settings(r.id)? {
        None => println!(
            "{} {}: {}",
            t("Leser", "Reader"),
            r.name,
            t(
                "keine Zustellung eingerichtet (Optionen: --time --days --zone --email --ntfy --webhook)",
                "no delivery configured (options: --time --days --zone --email --ntfy --webhook)"
            )
        ),
        Some(s) => {
            println!("{}: {}", t("Leser", "Reader"), r.name);
            println!(
                "{}: {} {} ({})",
                t("Zeit", "Time"),
                s.time,
                days_text(s.weekdays, g),
                s.zone
            );
            println!("{}: {}", Channel::Email.label(g), s.email.clone().unwrap_or(none.clone()));
            println!("ntfy: {}", s.ntfy_url.clone().unwrap_or(none.clone()));
            match (&s.webhook_url, &s.webhook_secret) {
                (Some(u), Some(k)) => println!(
                    "Webhook: {u} ({}: {k})",
                    t("Geheimnis", "secret")
                ),
                (Some(u), None) => println!("Webhook: {u}"),
                _ => println!("Webhook: {none}"),
            }
            for d in store.briefing_deliveries(r.id, 10)? {
                println!(
                    "{} {} {}: {}{}",
                    d.day,
                    Channel::parse(&d.channel).map_or(d.channel.as_str(), |c| c.label(g)),
                    status_text(&d.status, g),
                    d.attempts,
                    d.last_error
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

/// A delivery's status for people.
pub fn status_text(status: &str, german: bool) -> &'static str {
    match (status, german) {
        ("sent", true) => "gesendet, Versuche",
        ("sent", false) => "sent, attempts",
        ("pending", true) => "ausstehend, Versuche",
        ("pending", false) => "pending, attempts",
        ("failed", true) => "fehlgeschlagen, Versuche",
        ("failed", false) => "failed, attempts",
        ("empty", true) => "nichts Neues, Versuche",
        ("empty", false) => "nothing new, attempts",
        (_, true) => "unbekannt, Versuche",
        (_, false) => "unknown, attempts",
    }
}
