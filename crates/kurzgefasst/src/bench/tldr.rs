//! `kurzgefasst bench tldr DATA.jsonl --out PREDS.jsonl`.
//!
//! Reads `{"id", "title", "text", ...}` lines (paragraphs of `text` separated by line breaks; an
//! optional `"language"` field, German otherwise), writes the extractive TLDR as `{"id", "tldr"}` per
//! line, and prints a JSON summary: format statistics and TLDRs per CPU-second on one thread
//! (segmentation plus selection, measured over repeated passes of at least one CPU-second).
//!
//! With an LLM configured (`--llm-url` …), [`run_llm`] asks the model for the first `--limit`
//! articles instead and reports how often the faithfulness gate accepts its TLDRs and why it
//! rejects the rest; each line of PREDS then carries the model's text, the verdict and the
//! extractive TLDR that stays shown when the model's is rejected.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use kg_summarize::{extractive, Document};

use super::thread_cpu_seconds;

/// Minimum CPU time the throughput measurement runs for.
const MIN_TIMED_SECONDS: f64 = 1.0;

/// One line of a summaries data set.
pub(crate) struct Article {
    pub(crate) id: serde_json::Value,
    pub(crate) title: String,
    pub(crate) text: String,
    /// The reference summary (`summary`), empty when the line has none.
    pub(crate) summary: String,
    pub(crate) language: Option<String>,
}

impl Article {
    /// The summariser's view of the article.
    pub(crate) fn document(&self) -> Document {
        Document::from_text(&self.title, &self.text, self.language.as_deref())
    }
}

/// Reads a summaries data set (JSONL).
pub(crate) fn read(data: &Path) -> anyhow::Result<Vec<Article>> {
    let f = std::fs::File::open(data).with_context(|| format!("opening {}", data.display()))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", data.display(), n + 1))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        out.push(Article {
            id: v.get("id").cloned().unwrap_or(serde_json::Value::Null),
            title: s("title"),
            text: s("text"),
            summary: s("summary"),
            language: v
                .get("language")
                .and_then(|x| x.as_str())
                .map(str::to_string),
        });
    }
    Ok(out)
}

fn summarise(a: &Article) -> kg_summarize::Tldr {
    extractive(&a.document())
}

/// Summarises every article of `data` and writes `{"id", "tldr"}` per line to `out`.
pub fn run(data: &Path, out: &Path) -> anyhow::Result<()> {
    let articles = read(data)?;
    let mut w = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    let (mut words, mut sents, mut fmt_ok) = (0usize, 0usize, 0usize);
    for a in &articles {
        let t = summarise(a);
        let text = t.text();
        let n_words = text.split_whitespace().count();
        words += n_words;
        sents += t.sentences.len();
        if (3..=5).contains(&t.sentences.len()) && (40..=100).contains(&n_words) {
            fmt_ok += 1;
        }
        serde_json::to_writer(&mut w, &serde_json::json!({ "id": a.id, "tldr": text }))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;

    // Throughput: repeated passes over the whole set on this thread.
    let mut done = 0usize;
    let start = thread_cpu_seconds();
    let mut elapsed = 0.0;
    if !articles.is_empty() {
        while elapsed < MIN_TIMED_SECONDS {
            for a in &articles {
                let t = summarise(a);
                std::hint::black_box(&t);
                done += 1;
            }
            elapsed = thread_cpu_seconds() - start;
        }
    }
    let n = articles.len().max(1) as f64;
    let summary = serde_json::json!({
        "data": data.display().to_string(),
        "out": out.display().to_string(),
        "articles": articles.len(),
        "method": "extractive",
        "mean_words": words as f64 / n,
        "mean_sentences": sents as f64 / n,
        "fmt_ok": fmt_ok as f64 / n,
        "timed_tldrs": done,
        "cpu_seconds": elapsed,
        "tldrs_per_cpu_second": if elapsed > 0.0 { done as f64 / elapsed } else { 0.0 },
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}

/// The LLM path of `bench tldr`: asks the model configured by `config` for a TLDR of each of the
/// first `limit` articles (one request at a time), checks each with the gate, writes
/// `{"id", "tldr", "llm_tldr", "accepted", "reasons", "seconds"}` per line (`tldr` is what would be
/// shown: the model's TLDR if accepted, else the extractive one) and prints the acceptance rate and
/// the rejection reasons as JSON.
pub fn run_llm(
    data: &Path,
    out: &Path,
    config: kg_summarize::llm::Config,
    limit: usize,
) -> anyhow::Result<()> {
    let articles = read(data)?;
    let articles = &articles[..articles.len().min(limit)];
    let model = config.model.clone();
    crate::install_tls_provider();
    let client = kg_summarize::llm::Client::new(config)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut w = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    let (mut accepted, mut errors, mut seconds) = (0usize, 0usize, 0.0f64);
    let mut reasons: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for a in articles {
        let doc = a.document();
        let started = std::time::Instant::now();
        let answer = rt.block_on(client.tldr(&doc));
        let took = started.elapsed().as_secs_f64();
        seconds += took;
        let line = match answer {
            Ok(checked) => {
                if checked.verdict.accepted {
                    accepted += 1;
                }
                for code in checked.verdict.codes() {
                    *reasons.entry(code).or_default() += 1;
                }
                let shown = if checked.verdict.accepted {
                    checked.tldr.text()
                } else {
                    extractive(&doc).text()
                };
                serde_json::json!({
                    "id": a.id, "tldr": shown, "llm_tldr": checked.answer.text,
                    "accepted": checked.verdict.accepted, "reasons": checked.verdict.reasons,
                    "seconds": took,
                })
            }
            Err(e) => {
                errors += 1;
                serde_json::json!({
                    "id": a.id, "tldr": extractive(&doc).text(), "llm_tldr": null,
                    "accepted": false, "error": e.to_string(), "seconds": took,
                })
            }
        };
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    let n = articles.len().max(1) as f64;
    let answered = articles.len() - errors;
    let summary = serde_json::json!({
        "data": data.display().to_string(),
        "out": out.display().to_string(),
        "method": "llm",
        "model": model,
        "articles": articles.len(),
        "answered": answered,
        "errors": errors,
        "accepted": accepted,
        "acceptance_rate": accepted as f64 / n,
        "rejections_by_reason": reasons,
        "mean_seconds_per_article": seconds / n,
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}
