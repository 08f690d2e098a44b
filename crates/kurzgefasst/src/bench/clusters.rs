//! `kurzgefasst bench clusters FILE`: how well story clusters group reports of one event.
//!
//! FILE is JSONL, one report a line: `{"event", "site", "published" (RFC 3339), "title",
//! "text"}`, reports of one event sharing `event`. Every report is saved through the real store
//! in order of publication (a scratch SQLite file, and with `--postgres` a scratch database on
//! that server), exactly as ingestion saves an article, and the clusters are read back as the
//! article page shows them ("Auch berichtet von": [`Store::cluster_siblings`]). Printed: pair
//! precision and recall (of all pairs of reports, those the store put into one cluster
//! against those of one event), and the pairs it got wrong.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cluster::Embedding;
use crate::store::{BatchItem, DbUrl, EntryRef, NewArticle, SaveOutcome, Store};

/// One report of the evaluation set.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Report {
    /// The event it reports (the gold cluster).
    pub event: String,
    /// The outlet's host.
    pub site: String,
    /// Publication time, RFC 3339.
    pub published: String,
    /// The headline.
    pub title: String,
    /// The article's text.
    pub text: String,
}

/// Reads an evaluation set (JSONL).
pub fn read_reports(path: &Path) -> anyhow::Result<Vec<Report>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).with_context(|| format!("line {}", n + 1)))
        .collect()
}

/// Pair counts of a clustering against the events.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PairScores {
    /// Pairs of one event put into one cluster.
    pub true_pairs: usize,
    /// Pairs of different events put into one cluster.
    pub false_pairs: usize,
    /// Pairs of one event left apart.
    pub missed_pairs: usize,
    /// true / (true + false); 1 when nothing was put together.
    pub precision: f64,
    /// true / (true + missed); 1 when no two reports share an event.
    pub recall: f64,
    /// The wrongly joined pairs, as "title | title".
    pub false_examples: Vec<String>,
    /// The missed pairs, as "title | title".
    pub missed_examples: Vec<String>,
}

/// Scores `together(i, j)` (the clustering) against the reports' events, over every pair.
pub fn score(reports: &[Report], together: impl Fn(usize, usize) -> bool) -> PairScores {
    let mut s = PairScores::default();
    for i in 0..reports.len() {
        for j in i + 1..reports.len() {
            let gold = reports[i].event == reports[j].event;
            let pair = || format!("{} | {}", reports[i].title, reports[j].title);
            match (gold, together(i, j)) {
                (true, true) => s.true_pairs += 1,
                (false, true) => {
                    s.false_pairs += 1;
                    s.false_examples.push(pair());
                }
                (true, false) => {
                    s.missed_pairs += 1;
                    s.missed_examples.push(pair());
                }
                (false, false) => {}
            }
        }
    }
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            1.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    s.precision = ratio(s.true_pairs, s.false_pairs);
    s.recall = ratio(s.true_pairs, s.missed_pairs);
    s
}

/// Saves `reports` into `store` (an empty store) in order of publication, as ingestion does,
/// and scores the clusters the store formed.
pub fn evaluate(store: &Store, reports: &[Report]) -> anyhow::Result<PairScores> {
    evaluate_embedded(store, reports, None)
}

/// As [`evaluate`], each report saved with its embedding from `embeddings` (one per report, in
/// the reports' order) as ingestion saves it with an embeddings server.
pub fn evaluate_embedded(
    store: &Store,
    reports: &[Report],
    embeddings: Option<&[Embedding]>,
) -> anyhow::Result<PairScores> {
    let source = store
        .add_source("http://127.0.0.1:9/bench-clusters.rss")?
        .id;
    let mut order: Vec<(i64, usize)> = Vec::with_capacity(reports.len());
    for (i, r) in reports.iter().enumerate() {
        let t = chrono::DateTime::parse_from_rfc3339(&r.published)
            .with_context(|| format!("published of {:?}", r.title))?;
        order.push((t.timestamp(), i));
    }
    order.sort_unstable();
    let mut ids = vec![0i64; reports.len()];
    for &(published, i) in &order {
        let r = &reports[i];
        let link = format!("https://{}/artikel/{i}", r.site);
        let entry = EntryRef {
            key: &link,
            link: Some(&link),
            title: None,
            hash: "bench",
        };
        let mut prepared = Store::prepare(article(&link, r, published))?;
        if let Some(e) = embeddings.and_then(|e| e.get(i)) {
            prepared.set_embedding(e.clone());
        }
        let item = BatchItem {
            source_id: source,
            entry,
            article: &prepared,
        };
        let saved = store.save_batch(&[item]).pop().context("no save result")?;
        ids[i] = match saved? {
            SaveOutcome::New(id) => id,
            other => anyhow::bail!("{:?} not saved as new: {other:?}", r.title),
        };
    }
    let index: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut together = vec![vec![false; reports.len()]; reports.len()];
    for (i, &id) in ids.iter().enumerate() {
        for s in store.cluster_siblings(id)? {
            if let Some(&j) = index.get(&s.id) {
                together[i][j] = true;
                together[j][i] = true;
            }
        }
    }
    Ok(score(reports, |i, j| together[i][j]))
}

/// A report as the pipeline hands an article to the store (text as one paragraph, German).
fn article(link: &str, r: &Report, published: i64) -> NewArticle {
    NewArticle {
        url: link.to_string(),
        canonical_url: None,
        title: r.title.clone(),
        teaser: None,
        blocks: vec![kg_extract::Block {
            kind: kg_extract::BlockKind::Paragraph,
            text: r.text.clone(),
        }],
        site: r.site.clone(),
        author: None,
        language: Some("de".into()),
        image: None,
        paywalled: false,
        published_at: published,
        date_source: crate::store::DateSource::Page,
        fetched_at: published + 60,
        extract_error: None,
        ressort: None,
        page_type: kg_extract::PageType::Article,
        tldr: kg_summarize::Tldr {
            sentences: vec![kg_summarize::TldrSentence {
                text: r.text.split(". ").next().unwrap_or(&r.text).to_string(),
                support: vec![0],
            }],
            method: kg_summarize::Method::Extractive,
            model: None,
        },
    }
}

/// Options of `bench clusters`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// The evaluation set (JSONL: event, site, published, title, text).
    pub file: PathBuf,
    /// Also measure on PostgreSQL: a scratch database is made on this server and dropped.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Also measure with embeddings from this OpenAI-compatible server (base URL up to its
    /// version path, e.g. http://127.0.0.1:8000/v1; loopback or the local network: the
    /// benchmark makes no other requests). Each report's title and lead are embedded once.
    #[arg(long, value_name = "URL")]
    pub embeddings_url: Option<String>,
    /// The embeddings model to ask for.
    #[arg(long, default_value = "multilingual-e5-small", value_name = "NAME")]
    pub embeddings_model: String,
}

/// The embeddings of `reports` (title and lead, as ingestion embeds an article), in batches
/// of [`crate::ingest::embed::MAX_BATCH`]; the seconds it took.
pub fn embed_reports(
    reports: &[Report],
    config: crate::ingest::embed::Config,
) -> anyhow::Result<(Vec<Embedding>, f64)> {
    let model = config.model.clone();
    let client = crate::ingest::embed::Client::new(config)?;
    let texts: Vec<String> = reports
        .iter()
        .map(|r| crate::cluster::embedding_text(&r.title, &r.text))
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let started = std::time::Instant::now();
    let mut out = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(crate::ingest::embed::MAX_BATCH) {
        let vectors = rt.block_on(client.embed(chunk))?;
        out.extend(vectors.into_iter().map(|vector| Embedding {
            model: model.clone(),
            vector,
        }));
    }
    Ok((out, started.elapsed().as_secs_f64()))
}

/// Runs the benchmark on a scratch SQLite file (and PostgreSQL when asked); JSON to stdout.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    let reports = read_reports(&opts.file)?;
    let events = {
        let mut e: Vec<&str> = reports.iter().map(|r| r.event.as_str()).collect();
        e.sort_unstable();
        e.dedup();
        e.len()
    };
    let embedded = match &opts.embeddings_url {
        Some(url) => {
            let mut config = crate::ingest::embed::Config::new(url, &opts.embeddings_model);
            // A batch of 32 reports on a busy CPU server can take well over the pipeline's
            // default; the benchmark waits.
            config.timeout = std::time::Duration::from_secs(600);
            Some(embed_reports(&reports, config).context("embeddings")?)
        }
        None => None,
    };
    let vectors = embedded.as_ref().map(|(v, _)| v.as_slice());
    // Each engine without embeddings (the default) and, when asked, with them: a scratch
    // store per run.
    let mut runs = Vec::new();
    let work = super::ingest::tempdir()?;
    let modes: Vec<Option<&[Embedding]>> = match vectors {
        Some(v) => vec![None, Some(v)],
        None => vec![None],
    };
    for (n, mode) in modes.iter().enumerate() {
        let url = format!(
            "sqlite://{}",
            work.join(format!("clusters{n}.db")).display()
        );
        let result = evaluate_embedded(&Store::open(&DbUrl::parse(&url)?)?, &reports, *mode);
        runs.push(serde_json::json!({
            "engine": "sqlite", "embeddings": mode.is_some(), "scores": result?,
        }));
    }
    let _ = std::fs::remove_dir_all(&work);
    if let Some(pg) = &opts.postgres {
        let mut admin = postgres::Client::connect(pg, postgres::NoTls)
            .with_context(|| format!("connect {pg}"))?;
        let name = format!("kg_bench_clusters_{}", std::process::id());
        for mode in &modes {
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
            admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
            let url = super::scale::database_url(pg, &name)?;
            let result = Store::open(&DbUrl::parse(&url)?)
                .map_err(anyhow::Error::from)
                .and_then(|store| evaluate_embedded(&store, &reports, *mode));
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
            runs.push(serde_json::json!({
                "engine": "postgres", "embeddings": mode.is_some(), "scores": result?,
            }));
        }
    }
    let out = serde_json::json!({
        "file": opts.file.display().to_string(),
        "reports": reports.len(),
        "events": events,
        "embeddings": embedded.as_ref().map(|(v, secs)| serde_json::json!({
            "url": opts.embeddings_url,
            "model": opts.embeddings_model,
            "dimensions": v.first().map_or(0, |e| e.vector.len()),
            "seconds": secs,
        })),
        "runs": runs,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(event: &str, title: &str) -> Report {
        Report {
            event: event.into(),
            site: "a.example".into(),
            published: "2025-12-01T10:00:00+01:00".into(),
            title: title.into(),
            text: String::new(),
        }
    }

    #[test]
    fn pair_scores_count_every_pair_once() {
        // Events a (3 reports) and b (1): 3 true pairs. Clustering: {0, 1}, {2, 3}.
        let r = [
            report("a", "0"),
            report("a", "1"),
            report("a", "2"),
            report("b", "3"),
        ];
        let cl = [0, 0, 1, 1];
        let s = score(&r, |i, j| cl[i] == cl[j]);
        assert_eq!((s.true_pairs, s.false_pairs, s.missed_pairs), (1, 1, 2));
        assert_eq!(s.precision, 0.5);
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.false_examples, ["2 | 3"]);
        assert_eq!(s.missed_examples, ["0 | 2", "1 | 2"]);
        let none = score(&r, |_, _| false);
        assert_eq!((none.precision, none.recall), (1.0, 0.0));
    }
}
