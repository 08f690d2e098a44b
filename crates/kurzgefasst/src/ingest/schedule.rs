//! `schedule`: the polling loop of `serve`: every few seconds, poll the sources that are due.

use std::sync::Arc;
use std::time::Duration;

use super::Ingest;

/// How often the scheduler looks for due sources.
pub const TICK: Duration = Duration::from_secs(15);

/// Polls due sources until `shutdown` flips to true; `wake` makes it look at once (a source was
/// added).
pub async fn run(
    ingest: Arc<Ingest>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
    wake: Arc<tokio::sync::Notify>,
) {
    loop {
        let store = Arc::clone(&ingest.store);
        let now = crate::store_now();
        match tokio::task::spawn_blocking(move || store.due_sources(now)).await {
            Ok(Ok(due)) if !due.is_empty() => {
                let n = due.len();
                let report = ingest
                    .poll_sources(due, &indicatif::ProgressBar::hidden())
                    .await;
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
            Ok(Err(e)) => tracing::error!(error = %e, "cannot read due sources"),
            Err(e) => tracing::error!(error = %e, "scheduler task failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = wake.notified() => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}
