//! Kurzgefasst, the application: follows news sources, fetches and extracts each new article,
//! writes a TLDR, stores everything and shows it in the form of the seed record.
//!
//! Modules follow the reading pipeline: [`ingest`] (feeds, fetching, scheduling), [`store`]
//! (SQLite), [`web`] (axum server), [`record`] (the Titel/Datum/Quelle/TLDR/Inhalt form),
//! [`cli`] (the command line), [`verify`] (a summary checked against an article), [`bench`]
//! (benchmarks), [`briefing`] (a reader's briefing for a day), [`kind`] (what the page's kind
//! changes: label, TLDR).

pub mod auth;
pub mod bench;
pub mod briefing;
pub mod cli;
pub mod cluster;
pub mod delivery;
pub mod i18n;
pub mod ingest;
pub mod kind;
pub mod llm_queue;
pub mod metrics;
pub mod problem;
pub mod record;
pub mod ressort;
pub mod sources;
pub mod sources_cli;
pub mod store;
pub mod users;
pub mod verify;
pub mod web;

/// The current time in Unix seconds.
pub fn store_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Installs the process-wide TLS crypto provider (ring) that reqwest is built to expect
/// (`rustls-no-provider`). Every HTTP client of the application (feeds and pages, the LLM client)
/// calls this before it is built; calling it again does nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
