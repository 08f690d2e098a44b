//! The LLM client: asks any OpenAI-compatible server (Ollama, llama.cpp's `llama-server`, vLLM,
//! hosted APIs) for a TLDR and checks the answer with the [`gate`](crate::gate).
//!
//! The one part of `kg-summarize` that does I/O; built only with the `client` feature. The caller
//! decides what to do with a rejected TLDR (the app keeps the extractive one and records why).

use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::Semaphore;

use crate::gate::{self, Verdict};
use crate::{prompt, Document, Tldr};

/// Which endpoint of the server is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    /// `POST {base}/chat/completions` with a system and a user message (instruction-tuned models).
    Chat,
    /// `POST {base}/completions` with one prompt that the model continues (base models).
    Completions,
}

/// How to reach the server and how patient to be.
#[derive(Debug, Clone)]
pub struct Config {
    /// The API's base URL up to and including its version path, e.g.
    /// `http://127.0.0.1:8080/v1` (llama.cpp) or `http://127.0.0.1:11434/v1` (Ollama).
    pub base_url: String,
    /// The model name sent with each request and recorded with each TLDR.
    pub model: String,
    /// Sent as `Authorization: Bearer …` when set.
    pub api_key: Option<String>,
    /// The longest one request may take (connecting, waiting, reading).
    pub timeout: Duration,
    /// How often a failed request is tried again (connection errors, timeouts, 429, 5xx).
    pub retries: u32,
    /// How many requests may run at once.
    pub concurrency: usize,
    /// Which endpoint.
    pub api: Api,
    /// The most tokens the model may write.
    pub max_tokens: u32,
}

impl Config {
    /// A configuration with the defaults: chat endpoint, 60 s timeout, 2 retries, 1 request at a
    /// time, 256 tokens (100 German words are about 150).
    pub fn new(base_url: &str, model: &str) -> Config {
        Config {
            base_url: base_url.trim_end_matches('/').to_string(),
            model: model.to_string(),
            api_key: None,
            timeout: Duration::from_secs(60),
            retries: 2,
            concurrency: 1,
            api: Api::Chat,
            max_tokens: 256,
        }
    }

    fn endpoint(&self) -> String {
        match self.api {
            Api::Chat => format!("{}/chat/completions", self.base_url),
            Api::Completions => format!("{}/completions", self.base_url),
        }
    }
}

/// Why the server gave no answer. Every variant names the URL it was about.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The client could not be built (e.g. a bad API key header).
    #[error("LLM client setup failed: {0}")]
    Setup(String),
    /// No connection to the server.
    #[error("cannot reach the LLM server at {url}: {detail}")]
    Connect {
        /// The endpoint.
        url: String,
        /// What the connection attempt said.
        detail: String,
    },
    /// The server did not answer within the timeout.
    #[error("the LLM server at {url} did not answer within {secs} s")]
    Timeout {
        /// The endpoint.
        url: String,
        /// The timeout in seconds.
        secs: u64,
    },
    /// The server answered with an HTTP error.
    #[error("the LLM server at {url} answered HTTP {status}: {body}")]
    Status {
        /// The endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the response body.
        body: String,
        /// Seconds the server asked to wait (Retry-After), if it did.
        retry_after: Option<RetryAfter>,
    },
    /// The answer was not the JSON an OpenAI-compatible server sends.
    #[error("the LLM server at {url} sent an answer that is not a completion: {detail}")]
    BadResponse {
        /// The endpoint.
        url: String,
        /// What was wrong.
        detail: String,
    },
}

/// The wait a server asked for with `Retry-After` (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl LlmError {
    /// Whether trying again later may help (connection problems, timeouts, 408, 429, 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            LlmError::Connect { .. } | LlmError::Timeout { .. } => true,
            LlmError::Status { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            LlmError::Setup(_) | LlmError::BadResponse { .. } => false,
        }
    }

    /// A short machine-readable kind: `setup`, `connect`, `timeout`, `http_<status>`, `bad_response`.
    pub fn kind(&self) -> String {
        match self {
            LlmError::Setup(_) => "setup".into(),
            LlmError::Connect { .. } => "connect".into(),
            LlmError::Timeout { .. } => "timeout".into(),
            LlmError::Status { status, .. } => format!("http_{status}"),
            LlmError::BadResponse { .. } => "bad_response".into(),
        }
    }
}

/// The model's raw answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The text it wrote (special tokens and surrounding white space removed).
    pub text: String,
    /// The model: the configured name, or the server's when the configured one is `default`.
    pub model: String,
    /// Requests made, including retries.
    pub attempts: u32,
    /// Time from the first request to the answer.
    pub elapsed: Duration,
}

/// A checked LLM TLDR: the TLDR, the gate's verdict on it, and the raw answer.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The model's TLDR, aligned to the article.
    pub tldr: Tldr,
    /// The gate's verdict: show the TLDR only if `verdict.accepted`.
    pub verdict: Verdict,
    /// The raw answer.
    pub answer: Answer,
}

/// A client for one server and model, with a limit on concurrent requests.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Config,
    permits: Semaphore,
}

impl Client {
    /// A client for `config`. Where reqwest is built without a TLS crypto provider (as in the
    /// app, which installs ring first), one must be installed before this is called.
    pub fn new(config: Config) -> Result<Client, LlmError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("Kurzgefasst/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LlmError::Setup(e.to_string()))?;
        let permits = Semaphore::new(config.concurrency.max(1));
        Ok(Client {
            http,
            config,
            permits,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Asks for a TLDR of `doc` and checks it: the answer is segmented, aligned to the article and
    /// judged by [`gate::check`].
    pub async fn tldr(&self, doc: &Document) -> Result<Checked, LlmError> {
        let (system, user) = prompt::messages(doc);
        let answer = self.complete(&system, &user).await?;
        let tldr = Tldr::from_llm(doc, &answer.text, &answer.model);
        let verdict = gate::check(doc, &tldr);
        Ok(Checked {
            tldr,
            verdict,
            answer,
        })
    }

    /// Sends one prompt (with retries and the concurrency limit) and returns the model's text.
    pub async fn complete(&self, system: &str, user: &str) -> Result<Answer, LlmError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| LlmError::Setup(e.to_string()))?;
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.request(system, user).await {
                Ok((text, model)) => {
                    return Ok(Answer {
                        text,
                        model,
                        attempts: attempt,
                        elapsed: started.elapsed(),
                    })
                }
                Err(e) if e.is_transient() && attempt <= self.config.retries => {
                    let wait = match &e {
                        LlmError::Status {
                            retry_after: Some(RetryAfter(s)),
                            ..
                        } => Duration::from_secs((*s).min(30)),
                        _ => backoff(attempt),
                    };
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn request(&self, system: &str, user: &str) -> Result<(String, String), LlmError> {
        let url = self.config.endpoint();
        let body = match self.config.api {
            Api::Chat => serde_json::json!({
                "model": self.config.model,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                "max_tokens": self.config.max_tokens,
                "temperature": 0.2,
                "stream": false,
            }),
            Api::Completions => serde_json::json!({
                "model": self.config.model,
                "prompt": format!("{system}\n\n{user}"),
                "max_tokens": self.config.max_tokens,
                "temperature": 0.2,
                "stop": ["\n\n\n", "Titel:", "Artikel:", "Title:", "Article:"],
                "stream": false,
            }),
        };
        let mut req = self.http.post(&url).json(&body);
        if let Some(key) = &self.config.api_key {
            req = req.bearer_auth(key);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| self.transport_error(&url, e))?;
        let status = resp.status();
        if !status.is_success() {
            let retry_after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(RetryAfter);
            let text = resp.text().await.unwrap_or_default();
            return Err(LlmError::Status {
                url,
                status: status.as_u16(),
                body: text.chars().take(300).collect(),
                retry_after,
            });
        }
        let value: serde_json::Value =
            resp.json()
                .await
                .map_err(|e| match self.transport_error(&url, e) {
                    LlmError::Connect { url, detail } => LlmError::BadResponse { url, detail },
                    other => other,
                })?;
        parse_answer(&value, self.config.api, &self.config.model).map_err(|detail| {
            LlmError::BadResponse {
                url: url.clone(),
                detail,
            }
        })
    }

    fn transport_error(&self, url: &str, e: reqwest::Error) -> LlmError {
        if e.is_timeout() {
            LlmError::Timeout {
                url: url.to_string(),
                secs: self.config.timeout.as_secs(),
            }
        } else {
            let mut detail = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                detail = format!("{detail}: {s}");
                source = s.source();
            }
            LlmError::Connect {
                url: url.to_string(),
                detail,
            }
        }
    }
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, … (at most 20 s).
fn backoff(attempt: u32) -> Duration {
    let base = 500u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(6))
        .min(20_000);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    Duration::from_millis(base / 2 + u64::from(nanos) % (base / 2 + 1))
}

/// The text and model name of an OpenAI-style answer.
fn parse_answer(
    v: &serde_json::Value,
    api: Api,
    configured: &str,
) -> Result<(String, String), String> {
    let choice = v
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| "no choices[0]".to_string())?;
    let text = match api {
        Api::Chat => choice
            .get("message")
            .and_then(|m| m.get("content"))
            .and_then(|c| c.as_str()),
        Api::Completions => choice.get("text").and_then(|c| c.as_str()),
    }
    .ok_or_else(|| "no text in choices[0]".to_string())?;
    // The configured name, as the user knows it; the server's own only when none was given
    // (llama.cpp answers with the model file's path).
    let model = match v.get("model").and_then(|m| m.as_str()) {
        Some(m) if !m.is_empty() && (configured.is_empty() || configured == "default") => m,
        _ => configured,
    }
    .to_string();
    Ok((clean_answer(text), model))
}

/// Removes chat-template markers (`<end_of_turn>`, `<|eot_id|>`, …) and a leading label such as
/// "Zusammenfassung:" from a model's text, and trims it.
pub fn clean_answer(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        match tail.find('>') {
            Some(end)
                if end <= 40
                    && tail[1..end].chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '|' | '/' | '-')
                    }) =>
            {
                out.push(' ');
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    let mut t = out.trim();
    for label in ["Zusammenfassung:", "Summary:", "TLDR:", "TL;DR:"] {
        if let Some(s) = t.strip_prefix(label) {
            t = s.trim_start();
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_labels_are_removed() {
        assert_eq!(
            clean_answer("Zusammenfassung: Der Rat stimmt zu.<end_of_turn>\n<end_of_turn>"),
            "Der Rat stimmt zu."
        );
        assert_eq!(clean_answer("a < b und c > d"), "a < b und c > d");
    }

    #[test]
    fn answers_of_both_endpoints_are_read() {
        let chat = serde_json::json!({"model": "m1", "choices": [{"message": {"content": " Ein Satz. "}}]});
        assert_eq!(
            parse_answer(&chat, Api::Chat, "x").unwrap(),
            ("Ein Satz.".to_string(), "x".to_string())
        );
        assert_eq!(
            parse_answer(&chat, Api::Chat, "default").unwrap(),
            ("Ein Satz.".to_string(), "m1".to_string())
        );
        let compl = serde_json::json!({"choices": [{"text": "Zwei Sätze. Ja."}]});
        assert_eq!(
            parse_answer(&compl, Api::Completions, "conf").unwrap(),
            ("Zwei Sätze. Ja.".to_string(), "conf".to_string())
        );
        assert!(parse_answer(&serde_json::json!({"error": "x"}), Api::Chat, "x").is_err());
    }

    #[test]
    fn transient_errors_are_told_apart() {
        let s = |status| LlmError::Status {
            url: "u".into(),
            status,
            body: String::new(),
            retry_after: None,
        };
        assert!(s(503).is_transient());
        assert!(s(429).is_transient());
        assert!(!s(400).is_transient());
        assert!(!s(401).is_transient());
        assert_eq!(s(503).kind(), "http_503");
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        assert!(backoff(1) <= Duration::from_millis(500));
        assert!(backoff(3) >= Duration::from_millis(1000));
        assert!(backoff(20) <= Duration::from_secs(20));
    }
}
