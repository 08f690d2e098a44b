//! Dev loop for the faithfulness gate: the same checks as `kurzgefasst bench gate` (reference
//! summaries with the format limits off, then corrupted copies, seed 22), without building the
//! main crate. `cargo run -p kg-summarize --release --example gatebench -- DATA.jsonl... [-v]
//! [-m] [-a] [--id=ID]` prints per set the false rejections and detection per kind; `-v` lists
//! every false rejection with its reasons and the article sentences behind each of its sentences,
//! `-m` every missed copy, `-a` every copy marked "+" (detected) or "-", `--id=ID` one article's sentences, the reference's support and its copies.

use std::collections::BTreeMap;

use kg_summarize::corrupt::{self, Kind};
use kg_summarize::gate::{self, Limits};
use kg_summarize::{Document, Tldr};

const SEED: u64 = 22;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let missed = args.iter().any(|a| a == "-m");
    // `-a`: every copy with its verdict (to list what a change of the generator changes).
    let all = args.iter().any(|a| a == "-a");
    // `--id=ID`: print that article's sentences, the reference's verdict and support.
    let show: Option<String> = args
        .iter()
        .find_map(|a| a.strip_prefix("--id=").map(str::to_string));
    for path in args.iter().filter(|a| !a.starts_with('-')) {
        let text = std::fs::read_to_string(path).expect("read data");
        let mut arts = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            if s("summary").trim().is_empty() {
                continue;
            }
            let doc = Document::from_text(
                &s("title"),
                &s("text"),
                v.get("language").and_then(|x| x.as_str()),
            );
            arts.push((
                v.get("id").cloned().unwrap_or_default().to_string(),
                s("summary"),
                doc,
            ));
        }
        let faith = Limits::faithfulness_only();
        let mut rejected = 0;
        let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut kinds: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
        for (i, (id, summary, doc)) in arts.iter().enumerate() {
            let check = |t: &str| {
                let tl = Tldr::from_llm(doc, t, "");
                let v = gate::check_with(doc, &tl, &faith);
                (tl, v)
            };
            let (tl, v) = check(summary);
            if show.as_deref().is_some_and(|x| id.contains(x)) {
                for (k, s) in doc.sentences.iter().enumerate() {
                    println!("[{k}] {s}");
                }
                println!("TITLE {}", doc.title);
                for s in &tl.sentences {
                    println!("SUM {:?} <- {}", s.support, s.text);
                }
                for r in &v.reasons {
                    println!("    {}", r.describe(false));
                }
                for kind in Kind::ALL {
                    if let Some(bad) = corrupt::corrupt(
                        doc,
                        summary,
                        kind,
                        "Der Hamburger Senat hat am Mittwoch 240 neue Stellen bewilligt.",
                        SEED,
                    ) {
                        let (_, cv) = check(&bad);
                        println!(
                            "{}: {bad}\n    => {:?}",
                            kind.name(),
                            cv.reasons
                                .iter()
                                .map(|r| r.describe(false))
                                .collect::<Vec<_>>()
                        );
                    }
                }
            }
            if !v.accepted {
                rejected += 1;
                if verbose {
                    println!("REJECT {id}: {summary}");
                    for r in &v.reasons {
                        println!("    {}", r.describe(false));
                    }
                    for (k, ts) in tl.sentences.iter().enumerate() {
                        let sup = if ts.support.is_empty() {
                            kg_summarize::align::nearest(doc, &ts.text)
                        } else {
                            ts.support.clone()
                        };
                        println!(
                            "  S{k} {}{}",
                            if ts.support.is_empty() {
                                "(nearest) "
                            } else {
                                ""
                            },
                            ts.text
                        );
                        for j in sup {
                            println!("      [{j}] {}", doc.sentences[j]);
                        }
                    }
                }
            }
            for c in v.codes() {
                *reasons.entry(c).or_default() += 1;
            }
            let known: Vec<String> = v.reasons.iter().map(|r| r.describe(false)).collect();
            let other = if arts.len() > 1 {
                let d = &arts[(i + 1) % arts.len()].2;
                d.sentences
                    .iter()
                    .find(|s| s.split_whitespace().count() >= 8)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            };
            for kind in Kind::ALL {
                let Some(bad) = corrupt::corrupt(doc, summary, kind, &other, SEED) else {
                    continue;
                };
                let (_, cv) = check(&bad);
                let det = !cv.accepted
                    && cv
                        .reasons
                        .iter()
                        .any(|r| !known.contains(&r.describe(false)));
                if all {
                    println!(
                        "COPY {} {id} {}: {bad}",
                        kind.name(),
                        if det { "+" } else { "-" }
                    );
                }
                let e = kinds.entry(kind).or_default();
                e.0 += 1;
                e.1 += usize::from(det);
                if missed && !det {
                    println!(
                        "MISSED {} {id}:\n    ref: {summary}\n    bad: {bad}",
                        kind.name()
                    );
                    for r in &cv.reasons {
                        println!("    {}", r.describe(false));
                    }
                }
            }
        }
        let name = std::path::Path::new(path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let rs: Vec<String> = reasons.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!(
            "== {name} ({}) false rejections {rejected}: {}",
            arts.len(),
            rs.join(", ")
        );
        let ks: Vec<String> = kinds
            .iter()
            .map(|(k, (n, d))| format!("{} {d}/{n}", k.name()))
            .collect();
        println!("   {}", ks.join(" | "));
    }
}
