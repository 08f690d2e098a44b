//! Development tool for the extractive ranker: writes the extractive TLDR of every article of the
//! summary sets (`../shared/bench/summaries/*.jsonl`, read-only) as `{"id", "tldr"}` lines to
//! `OUT_DIR/SET.jsonl` and prints an approximate ROUGE-L F1 per set (lower-cased `\w+` tokens,
//! Snowball German stems, as `score_tldr.py` computes it) beside Lead-60w's figure from the same
//! tokenizer, so that a change to the ranker can be judged on all sets in seconds. The figures
//! recorded in BENCHMARKS.md come from `kurzgefasst bench tldr` and `score_tldr.py`, not from here.
//!
//! usage: cargo run -p kg-summarize --release --example tldr_sets -- SETS_DIR OUT_DIR
//!
//! `W="position_decay=0.5,short=0.1"` overrides weights of [`Weights::DEFAULT`]; `GRID=1` instead
//! tries every combination of the values listed in `grid()` and prints, for each, the margin over
//! Lead-60w (as `score_tldr.py` reported it) per set, best worst-set margin last; `VERBOSE=1` prints
//! each reference beside the TLDR. Each set's line also gives how many TLDRs the faithfulness gate
//! (`gate::check`) rejects and TLDRs per CPU-second of this thread (Linux, repeated passes of at
//! least a second), for comparing weights in one run.

use std::io::{BufRead, Write};

use kg_summarize::tuning::{extractive_with, Weights};
use kg_summarize::Document;
use rust_stemmers::{Algorithm, Stemmer};

fn tokens(s: &str, st: &Stemmer) -> Vec<String> {
    let lower = s.to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| st.stem(w).into_owned())
        .collect()
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn rouge_l(reference: &[String], pred: &[String]) -> f64 {
    if reference.is_empty() || pred.is_empty() {
        return 0.0;
    }
    let l = lcs(reference, pred) as f64;
    if l == 0.0 {
        return 0.0;
    }
    let (p, r) = (l / pred.len() as f64, l / reference.len() as f64);
    2.0 * p * r / (p + r)
}

/// Lead sentences (our segmentation) until at least 60 words.
fn lead60(doc: &Document) -> String {
    let mut out = Vec::new();
    let mut words = 0;
    for s in &doc.sentences {
        out.push(s.as_str());
        words += s.split_whitespace().count();
        if words >= 60 {
            break;
        }
    }
    out.join(" ")
}

fn set_weight(w: &mut Weights, k: &str, v: f32) {
    match k {
        "position_decay" => w.position_decay = v,
        "centrality" => w.centrality = v,
        "title" => w.title = v,
        "length_pull" => w.length_pull = v,
        "short" => w.short = v,
        "short_words" => w.short_words = v as usize,
        "background_opener" => w.background_opener = v,
        "redundancy" => w.redundancy = v,
        "per_word" => w.per_word = v,
        "phrase" => w.phrase = v,
        "title_prefix" => w.title_prefix = v as usize,
        _ => panic!("unknown weight {k}"),
    }
}

fn parse_weights(spec: &str) -> Weights {
    let mut w = Weights::DEFAULT;
    for kv in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').expect("k=v");
        set_weight(&mut w, k, v.parse().expect("a number"));
    }
    w
}

/// Lead-60w's ROUGE-L per set as `score_tldr.py` computes it (its sentence splitter differs a
/// little from ours).
const LEAD60: [f64; 4] = [14.4, 18.4, 21.9, 12.2];
const SETS: [&str; 4] = ["seed", "20minuten", "mlsum_de", "10kgnad_teaser_dev"];

/// The values each weight takes in the grid (`GRID=1`).
fn grid() -> Vec<(&'static str, Vec<f32>)> {
    let spec = std::env::var("GRID_SPEC").unwrap_or_else(|_| {
        "position_decay=0.2/0.35/0.5;centrality=0.2/0.35/0.5;title=0.2/0.35/0.5;length_pull=0.01/0.02/0.03;short=0/0.1/0.2;background_opener=0/0.2/0.4".into()
    });
    spec.split(';')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            let k: &'static str = Box::leak(k.to_string().into_boxed_str());
            (k, v.split('/').map(|x| x.parse().unwrap()).collect())
        })
        .collect()
}

fn run_grid(dir: &std::path::Path, st: &Stemmer) {
    let base = parse_weights(&std::env::var("W").unwrap_or_default());
    let mut data: Vec<Vec<(Document, Vec<String>)>> = Vec::new();
    for set in SETS {
        let f = std::fs::File::open(dir.join(format!("{set}.jsonl"))).unwrap();
        let mut rows = Vec::new();
        for line in std::io::BufReader::new(f).lines() {
            let line = line.unwrap();
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let doc = Document::from_text(&s("title"), &s("text"), v["language"].as_str());
            rows.push((doc, tokens(&s("summary"), st)));
        }
        data.push(rows);
    }
    let g = grid();
    let total: usize = g.iter().map(|(_, v)| v.len()).product();
    let mut results = Vec::new();
    for mut n in 0..total {
        let mut w = base;
        let mut label = String::new();
        for (k, vals) in &g {
            let v = vals[n % vals.len()];
            n /= vals.len();
            set_weight(&mut w, k, v);
            label.push_str(&format!("{k}={v},"));
        }
        let mut margins = [0.0f64; 4];
        for (i, rows) in data.iter().enumerate() {
            let mut sum = 0.0;
            for (doc, r) in rows {
                let t = extractive_with(doc, &w).text();
                sum += rouge_l(r, &tokens(&t, st));
            }
            margins[i] = 100.0 * sum / rows.len() as f64 - LEAD60[i];
        }
        let worst = margins.iter().cloned().fold(f64::INFINITY, f64::min);
        results.push((worst, margins, label));
    }
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (worst, m, label) in results.iter().rev().take(25).rev() {
        println!(
            "worst {worst:+.2}  seed {:+.2} 20min {:+.2} mlsum {:+.2} 10k {:+.2}  {label}",
            m[0], m[1], m[2], m[3]
        );
    }
}

/// CPU seconds this thread has run (Linux `/proc/thread-self/schedstat`).
fn thread_cpu_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    s.split_whitespace()
        .next()
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1e9
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let out = std::path::Path::new(&args[2]);
    std::fs::create_dir_all(out).unwrap();
    let st = Stemmer::create(Algorithm::German);
    if std::env::var("GRID").is_ok() {
        run_grid(dir, &st);
        return;
    }
    let weights = parse_weights(&std::env::var("W").unwrap_or_default());
    let verbose = std::env::var("VERBOSE").is_ok();
    for (k, set) in SETS.into_iter().enumerate() {
        let f = std::fs::File::open(dir.join(format!("{set}.jsonl"))).unwrap();
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(out.join(format!("{set}.jsonl"))).unwrap(),
        );
        let (mut ours, mut lead, mut n, mut words, mut rejected) = (0.0, 0.0, 0usize, 0usize, 0);
        let mut texts: Vec<(String, String, Option<String>)> = Vec::new();
        for line in std::io::BufReader::new(f).lines() {
            let line = line.unwrap();
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let doc = Document::from_text(&s("title"), &s("text"), v["language"].as_str());
            let tldr = extractive_with(&doc, &weights);
            if !kg_summarize::gate::check(&doc, &tldr).accepted {
                rejected += 1;
            }
            let t = tldr.text();
            texts.push((
                s("title"),
                s("text"),
                v["language"].as_str().map(str::to_string),
            ));
            let r = tokens(&s("summary"), &st);
            let rl = rouge_l(&r, &tokens(&t, &st));
            ours += rl;
            lead += rouge_l(&r, &tokens(&lead60(&doc), &st));
            words += t.split_whitespace().count();
            n += 1;
            if verbose {
                println!(
                    "{set} {} RL {:.1}\n  REF: {}\n  OUR: {}",
                    v["id"],
                    100.0 * rl,
                    s("summary"),
                    t
                );
            }
            serde_json::to_writer(&mut w, &serde_json::json!({"id": v["id"], "tldr": t})).unwrap();
            w.write_all(b"\n").unwrap();
        }
        let (start, mut done) = (thread_cpu_seconds(), 0usize);
        while thread_cpu_seconds() - start < 1.0 {
            for (title, text, lang) in &texts {
                let doc = Document::from_text(title, text, lang.as_deref());
                std::hint::black_box(extractive_with(&doc, &weights));
                done += 1;
            }
        }
        let rate = done as f64 / (thread_cpu_seconds() - start);
        let n = n.max(1) as f64;
        println!(
            "{set:>20}  RL ours {:5.2}  lead60 (ours split) {:5.2}  over Lead-60w {:+5.2}  words {:.1}  gate rejects {rejected}  TLDRs/CPU-s {rate:.0}",
            100.0 * ours / n,
            100.0 * lead / n,
            100.0 * ours / n - LEAD60[k],
            words as f64 / n
        );
    }
}
