//! `kurzgefasst users …`: the readers of an installation (issue 19). Each reader has their own
//! subscriptions, categories, states and API tokens; sources stay shared. The admin (made on
//! first start) may manage readers in the browser too; readers who are not admins may not.

use std::io::IsTerminal;

use anyhow::{bail, Context};
use clap::Subcommand;

use crate::cli::DbArgs;
use crate::i18n::t;
use crate::store::{Reader, Store};

/// The environment variable `users add` and `users set-password` read the password from.
pub const PASSWORD_ENV: &str = "KURZGEFASST_PASSWORD";

/// `users …` subcommands.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a reader; the password is read from the first line of standard input or from
    /// KURZGEFASST_PASSWORD. / Leser hinzufügen.
    Add {
        /// The reader's login name.
        name: String,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the readers. / Leser auflisten.
    List {
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove a reader with their subscriptions, categories, states, sessions and API tokens
    /// (shared articles stay). / Leser entfernen.
    Remove {
        /// The reader's login name.
        name: String,
        /// Really remove (required).
        #[arg(long)]
        yes: bool,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Set a reader's password (standard input or KURZGEFASST_PASSWORD); ends their sessions.
    /// / Passwort eines Lesers setzen.
    SetPassword {
        /// The reader's login name.
        name: String,
        /// The database.
        #[command(flatten)]
        db: DbArgs,
    },
}

impl UsersCommand {
    /// The database the command works on.
    pub fn db(&self) -> &DbArgs {
        match self {
            UsersCommand::Add { db, .. }
            | UsersCommand::List { db }
            | UsersCommand::Remove { db, .. }
            | UsersCommand::SetPassword { db, .. } => db,
        }
    }
}

/// Runs a `users` command.
pub fn run(store: &Store, command: UsersCommand) -> anyhow::Result<()> {
    match command {
        UsersCommand::Add { name, db: _ } => {
            let Some(clean) = crate::store::clean_name(&name) else {
                bail!(
                    "{}: {name:?}",
                    t(
                        "kein brauchbarer Name (1 bis 100 Zeichen)",
                        "not a usable name (1 to 100 characters)"
                    )
                );
            };
            if store.reader_by_name(&clean)?.is_some() {
                bail!(
                    "{} {clean:?}",
                    t(
                        "es gibt schon einen Leser namens",
                        "there is already a reader named"
                    )
                );
            }
            let password = read_password(PASSWORD_ENV)?;
            let hash = crate::auth::hash_password(&password)?;
            let id = store.add_reader(&clean, &hash)?;
            println!(
                "{} {clean} (id {id})",
                t("Leser hinzugefügt:", "reader added:")
            );
            Ok(())
        }
        UsersCommand::List { db: _ } => {
            for r in store.readers()? {
                println!("{}", reader_line(&r));
            }
            Ok(())
        }
        UsersCommand::Remove { name, yes, db: _ } => {
            let r = existing(store, &name)?;
            if !yes {
                bail!(
                    "{} {name:?} {}",
                    t("Leser", "reader"),
                    t(
                        "nicht entfernt: mit --yes bestätigen (Abos, Kategorien, Zustände, Sitzungen und Token gehen verloren)",
                        "not removed: confirm with --yes (subscriptions, categories, states, sessions and tokens are lost)"
                    )
                );
            }
            if r.is_admin && store.readers()?.iter().filter(|x| x.is_admin).count() == 1 {
                bail!(
                    "{}",
                    t(
                        "der letzte Admin kann nicht entfernt werden",
                        "the last admin cannot be removed"
                    )
                );
            }
            store.remove_reader(r.id)?;
            println!("{} {name}", t("Leser entfernt:", "reader removed:"));
            Ok(())
        }
        UsersCommand::SetPassword { name, db: _ } => {
            let r = existing(store, &name)?;
            let password = read_password(PASSWORD_ENV)?;
            crate::auth::set_password(store, &r.name, &password)?;
            println!("{} {name}", t("Passwort gesetzt für", "password set for"));
            Ok(())
        }
    }
}

/// The reader called `name`, or an error that says there is none.
pub fn existing(store: &Store, name: &str) -> anyhow::Result<Reader> {
    store
        .reader_by_name(name.trim())?
        .with_context(|| format!("{} {name:?}", t("kein Leser namens", "no reader named")))
}

/// The reader a command acts for: the one named by `--user`, else the first admin (`None`
/// while there is no reader at all: sources added then are adopted by the first admin).
pub fn acting(store: &Store, user: Option<&str>) -> anyhow::Result<Option<Reader>> {
    match user {
        Some(name) => existing(store, name).map(Some),
        None => Ok(store.first_admin()?),
    }
}

/// A password from the environment variable `env`, else the first line of standard input.
pub fn read_password(env: &str) -> anyhow::Result<String> {
    if let Some(p) = std::env::var(env).ok().filter(|p| !p.is_empty()) {
        return Ok(p);
    }
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
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// One line of `users list`: id, name, role, subscriptions.
fn reader_line(r: &Reader) -> String {
    format!(
        "{:>4}  {}  {}  {} {}",
        r.id,
        r.name,
        if r.is_admin {
            "admin"
        } else {
            t("Leser", "reader")
        },
        r.subscriptions,
        t("Abos", "subscriptions"),
    )
}
