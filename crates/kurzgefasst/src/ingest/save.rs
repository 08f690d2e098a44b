//! Group commit: the pipeline's articles reach an SQLite store through one writer thread,
//! which saves whatever has queued up while it was busy as one batch ([`Store::save_batch`]:
//! one transaction, FTS5 flushed once; a batch with an article that fails is saved again
//! article by article). A batch waits up to
//! [`LINGER`] after its first article for more, until it holds [`MAX_BATCH`]. PostgreSQL's
//! savers run in parallel instead (each article in its own transaction, on a blocking thread).

use std::sync::mpsc;
use std::sync::Arc;

use crate::store::{BatchItem, EntryRef, PreparedArticle, SaveOutcome, Store, StoreError};

/// Most articles in one batch (one transaction).
pub const MAX_BATCH: usize = 256;
/// How long a batch that is not full waits for more articles after its first. Much of what a
/// commit costs the writer, the pipeline's serial step, is paid once per commit however many
/// articles it holds (the search index is flushed and merges its segments, the log is
/// appended and later checkpointed): in `bench ingest` waiting 20 ms instead of 5 ms (and for
/// any batch under 256 instead of under 32) took the writer's CPU from 1.5-1.75 s to
/// 1.16-1.32 s and the checkpointer's from 0.3 to 0.2 s. A lone article is committed within
/// 20 ms, which no reader of a news digest notices.
const LINGER: std::time::Duration = std::time::Duration::from_millis(20);

/// The way into the store for the pipeline's articles. Cheap to clone.
#[derive(Clone)]
pub struct SaveQueue {
    store: Arc<Store>,
    /// The writer thread's queue (SQLite); `None`: save directly (PostgreSQL).
    jobs: Option<mpsc::Sender<Job>>,
}

/// One article waiting for the writer, with its feed entry and where its outcome goes.
struct Job {
    item: JobItem,
    reply: tokio::sync::oneshot::Sender<(Result<SaveOutcome, StoreError>, JobItem)>,
}

/// What a [`Job`] saves: the article and its feed entry. It goes back with the outcome, so
/// that its buffers are freed by the task that made them, not by the writer (the pipeline's
/// one serial step; freeing another thread's memory costs it allocator locks).
struct JobItem {
    source_id: i64,
    key: String,
    link: Option<String>,
    title: Option<String>,
    hash: String,
    article: PreparedArticle,
}

impl JobItem {
    fn item(&self) -> BatchItem<'_> {
        BatchItem {
            source_id: self.source_id,
            entry: EntryRef {
                key: &self.key,
                link: self.link.as_deref(),
                title: self.title.as_deref(),
                hash: &self.hash,
            },
            article: &self.article,
        }
    }
}

impl SaveQueue {
    /// A queue into `store`; for SQLite it starts the writer thread, which ends when the last
    /// clone of the queue is dropped.
    pub fn new(store: Arc<Store>) -> SaveQueue {
        if store.is_shared() {
            return SaveQueue { store, jobs: None };
        }
        let (tx, rx) = mpsc::channel::<Job>();
        let writer = Arc::clone(&store);
        let started = std::thread::Builder::new()
            .name("kg-writer".into())
            .spawn(move || write_batches(&writer, &rx));
        match started {
            Ok(_) => SaveQueue {
                store,
                jobs: Some(tx),
            },
            Err(e) => {
                tracing::error!(error = %e, "cannot start the writer thread: saving one by one");
                SaveQueue { store, jobs: None }
            }
        }
    }

    /// Saves `article` as the entry `entry` of `source_id` (see [`Store::save_article`]) and
    /// returns once it is committed.
    pub async fn save(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        article: PreparedArticle,
    ) -> Result<SaveOutcome, StoreError> {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        let job = Job {
            item: JobItem {
                source_id,
                key: entry.key.to_string(),
                link: entry.link.map(str::to_string),
                title: entry.title.map(str::to_string),
                hash: entry.hash.to_string(),
                article,
            },
            reply,
        };
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => {
                    return match outcome.await {
                        Ok((result, item)) => {
                            drop(item);
                            result
                        }
                        Err(_) => Err(StoreError::Unsupported(
                            "the store's writer thread stopped before saving the article".into(),
                        )),
                    }
                }
                Err(mpsc::SendError(job)) => job.item,
            },
            None => job.item,
        };
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            store
                .save_batch(&[job.item()])
                .pop()
                .unwrap_or_else(|| Err(StoreError::Unsupported("no save result".into())))
        })
        .await
        .unwrap_or_else(|e| Err(super::store_task_failed(e)))
    }
}

/// The writer thread: takes the next article, and with it every article queued meanwhile (up
/// to [`MAX_BATCH`]), saves them as one batch and answers each.
fn write_batches(store: &Store, jobs: &mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        let linger_until = std::time::Instant::now() + LINGER;
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(j) => batch.push(j),
                Err(mpsc::TryRecvError::Empty) => {
                    let left = linger_until.saturating_duration_since(std::time::Instant::now());
                    match jobs.recv_timeout(left) {
                        Ok(j) => batch.push(j),
                        Err(_) => break,
                    }
                }
                Err(_) => break,
            }
        }
        let items: Vec<BatchItem<'_>> = batch.iter().map(|j| j.item.item()).collect();
        let results = store.save_batch(&items);
        drop(items);
        tracing::trace!(articles = batch.len(), "batch saved");
        for (job, result) in batch.into_iter().zip(results) {
            // A receiver that is gone hands the item back: it is freed here after all.
            let _ = job.reply.send((result, job.item));
        }
    }
}
