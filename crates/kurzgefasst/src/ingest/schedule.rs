//! `schedule`: the polling loop of `serve` (roles `all` and `worker`): every few seconds, poll
//! the sources that are due.
//!
//! On PostgreSQL several worker processes share the database, so a worker first *claims* due
//! sources with a lease ([`crate::store::Store::claim_due_sources`]: `FOR UPDATE SKIP LOCKED`,
//! an expiry time), renews its leases while it polls (a heartbeat every third of the lease
//! time), and releases each source's lease as soon as that source is polled. A worker that
//! dies stops renewing: its leases expire and another worker claims those sources. A source's
//! articles are processed within its poll, so the source lease covers them; a half-polled
//! source is polled again by the next claimant, which skips the entries already stored.
//! On SQLite (one process) there is nothing to lease: every due source is polled.

use std::sync::Arc;
use std::time::Duration;

use super::Ingest;

/// How often the scheduler looks for due sources when there were none.
pub const TICK: Duration = Duration::from_secs(15);

/// Due sources a worker claims at once on PostgreSQL: enough that a worker polls many hosts at
/// once (a small batch lets the per-host spacing of a few hosts pace it), few enough that
/// several workers share the due sources rather than the first claiming all of them.
pub const CLAIM_BATCH: usize = 32;

/// Lease time of a claimed source unless configured (`--lease-secs`).
pub const DEFAULT_LEASE_SECS: i64 = 300;

/// How the polling loop claims its work.
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// Who holds the leases this process takes (unique per process).
    pub owner: String,
    /// Seconds a lease lasts without a heartbeat.
    pub lease_secs: i64,
    /// Sources claimed at once (PostgreSQL).
    pub batch: usize,
    /// Pause when nothing was due (at most the lease time).
    pub tick: Duration,
}

impl ScheduleOptions {
    /// Options for this process: an owner name from host name, process id and start time.
    pub fn for_this_process(lease_secs: i64, source_concurrency: usize) -> ScheduleOptions {
        let host = std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "host".into());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        ScheduleOptions {
            owner: format!("{host}:{}:{nanos:08x}", std::process::id()),
            lease_secs: lease_secs.max(1),
            batch: CLAIM_BATCH.min(source_concurrency).max(1),
            // Look for work at least as often as leases expire, so that a crashed worker's
            // sources are taken over within about one lease time.
            tick: TICK.min(Duration::from_secs(lease_secs.max(1) as u64)),
        }
    }
}

/// Polls due sources until `shutdown` flips to true; `wake` makes it look at once (a source was
/// added).
pub async fn run(
    ingest: Arc<Ingest>,
    opts: ScheduleOptions,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
    wake: Arc<tokio::sync::Notify>,
) {
    let shared = ingest.store.is_shared();
    // SQLite: all due sources at once, as one process always did.
    let batch = if shared { opts.batch } else { usize::MAX };
    loop {
        let store = Arc::clone(&ingest.store);
        let now = crate::store_now();
        let (owner, lease) = (opts.owner.clone(), opts.lease_secs);
        let claimed =
            tokio::task::spawn_blocking(move || store.claim_due_sources(&owner, now, lease, batch))
                .await;
        let mut more = false;
        match claimed {
            Ok(Ok(due)) if !due.is_empty() => {
                let n = due.len();
                more = shared && n >= batch;
                let heartbeat =
                    shared.then(|| tokio::spawn(heartbeat(Arc::clone(&ingest), opts.clone())));
                let report = ingest
                    .poll_sources_leased(
                        due,
                        &indicatif::ProgressBar::hidden(),
                        shared.then_some(opts.owner.as_str()),
                    )
                    .await;
                if let Some(h) = heartbeat {
                    h.abort();
                }
                tracing::info!(
                    sources = n,
                    new = report.new,
                    updated = report.updated,
                    failed = report.failed,
                    sources_failed = report.sources_failed,
                    "poll finished"
                );
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "cannot claim due sources"),
            Err(e) => tracing::error!(error = %e, "scheduler task failed"),
        }
        if *shutdown.borrow() {
            return;
        }
        if more {
            // A full batch: there may be more due right now.
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(opts.tick) => {}
            _ = wake.notified() => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Renews this worker's leases every third of the lease time, until aborted.
async fn heartbeat(ingest: Arc<Ingest>, opts: ScheduleOptions) {
    let every = Duration::from_millis((opts.lease_secs as u64 * 1000 / 3).max(200));
    loop {
        tokio::time::sleep(every).await;
        let store = Arc::clone(&ingest.store);
        let owner = opts.owner.clone();
        let until = crate::store_now() + opts.lease_secs;
        match tokio::task::spawn_blocking(move || store.renew_leases(&owner, until)).await {
            Ok(Ok(n)) => tracing::debug!(leases = n, "leases renewed"),
            Ok(Err(e)) => tracing::error!(error = %e, "cannot renew leases"),
            Err(e) => tracing::error!(error = %e, "heartbeat task failed"),
        }
    }
}
