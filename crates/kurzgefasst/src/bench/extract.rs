//! `kurzgefasst bench extract GROUND_TRUTH.jsonl --out PREDS.jsonl [--anchor trafilatura]`.
//!
//! Reads every page listed in a ground-truth file (`html_file` relative to that file, gunzipped
//! when it ends in `.gz`), extracts it on this one thread and writes one prediction line per
//! page: `{"id", "text", "title", "date", "page_type", "seconds", "cpu_seconds"}`. Timing covers
//! extraction alone (file reading and decompression excluded). A JSON summary goes to stdout;
//! where the ground truth names each page's kind (WCXB), the kinds are compared with ours and
//! the confusion table follows. With `--anchor NAME` the data's own anchor runner
//! (`run_anchor.py` beside the sets) runs that extractor over the same pages in the same
//! command, and the speed ratio is printed; the data's scorer (`score.py`), where there is one,
//! then scores both, overall and per kind.

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;

/// Options of `bench extract`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Ground-truth JSONL (`html_file` relative to it).
    pub ground_truth: PathBuf,
    /// Where to write the predictions.
    #[arg(long)]
    pub out: PathBuf,
    /// After our run, run this extractor of the anchor runner over the same pages (e.g.
    /// `trafilatura`); its predictions go beside OUT as `OUT-STEM.NAME.jsonl`.
    #[arg(long)]
    pub anchor: Option<String>,
    /// The anchor runner, called as `python3 RUNNER NAME DATA_DIR OUT.jsonl`. Default:
    /// `run_anchor.py` in the folder above the ground truth's.
    #[arg(long, requires = "anchor")]
    pub anchor_runner: Option<PathBuf>,
    /// The scorer, called as `python3 SCORER PREDS… --gt GROUND_TRUTH --markdown
    /// [--page-type KIND]`. Default: `score.py` in the folder above the ground truth's, when
    /// it exists.
    #[arg(long)]
    pub scorer: Option<PathBuf>,
}

/// Speed of one extractor over one set.
#[derive(Default)]
struct Speed {
    pages: usize,
    wall: f64,
    cpu: f64,
}

impl Speed {
    fn per_cpu_second(&self) -> f64 {
        if self.cpu > 0.0 {
            self.pages as f64 / self.cpu
        } else {
            0.0
        }
    }
}

/// Runs the benchmark as `opts` says: ours, the kinds, then the anchor and the scorer.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    let ground_truth = &opts.ground_truth;
    let (ours, kinds) = extract_all(ground_truth, &opts.out)?;
    let mut summary = serde_json::json!({
        "pages": ours.pages,
        "seconds_total": ours.wall,
        "cpu_seconds_total": ours.cpu,
        "pages_per_second": if ours.wall > 0.0 { ours.pages as f64 / ours.wall } else { 0.0 },
        "pages_per_cpu_second": ours.per_cpu_second(),
    });
    if !kinds.is_empty() {
        let right = kinds
            .iter()
            .filter(|(gt, ours)| kind_right(gt, ours))
            .count();
        summary["page_type_right"] = serde_json::json!(right);
        summary["page_type_pages"] = serde_json::json!(kinds.len());
    }
    let data = ground_truth
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let beside = |name: &str| data.join("..").join(name);
    if let Some(name) = &opts.anchor {
        let runner = opts
            .anchor_runner
            .clone()
            .unwrap_or_else(|| beside("run_anchor.py"));
        summary["anchor"] = run_anchor(name, &runner, data, &opts.out, &ours)?;
    }
    println!("{summary}");
    if !kinds.is_empty() {
        print!("{}", confusion_table(&kinds));
    }
    let scorer = opts
        .scorer
        .clone()
        .or_else(|| Some(beside("score.py")).filter(|p| p.exists()));
    if let Some(scorer) = scorer {
        let mut preds = vec![opts.out.clone()];
        if let Some(name) = &opts.anchor {
            preds.push(anchor_path(&opts.out, name));
        }
        score(&scorer, &preds, ground_truth, &kinds)?;
    }
    Ok(())
}

/// Runs the anchor extractor `name` through `runner` over the pages in `data`, its predictions
/// beside `out`, and returns its speed beside ours.
fn run_anchor(
    name: &str,
    runner: &Path,
    data: &Path,
    out: &Path,
    ours: &Speed,
) -> anyhow::Result<serde_json::Value> {
    let anchor_out = anchor_path(out, name);
    eprintln!(
        "bench extract: anchor {name} over the same pages ({} {name} {} {})",
        runner.display(),
        data.display(),
        anchor_out.display()
    );
    let status = Command::new("python3")
        .arg(runner)
        .arg(name)
        .arg(data)
        .arg(&anchor_out)
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("run python3 {}", runner.display()))?;
    anyhow::ensure!(status.success(), "the anchor runner failed ({status})");
    let theirs = read_speed(&anchor_out)?;
    Ok(serde_json::json!({
        "name": name,
        "pages": theirs.pages,
        "cpu_seconds_total": theirs.cpu,
        "pages_per_cpu_second": theirs.per_cpu_second(),
        "ours_per_anchor": if theirs.per_cpu_second() > 0.0 {
            ours.per_cpu_second() / theirs.per_cpu_second()
        } else {
            0.0
        },
    }))
}

/// Scores the prediction files `preds` with `scorer`: over all pages, then per kind of the
/// ground truth (most pages first), each run's Markdown table under a heading.
fn score(
    scorer: &Path,
    preds: &[PathBuf],
    ground_truth: &Path,
    kinds: &[(String, String)],
) -> anyhow::Result<()> {
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for (gt, _) in kinds {
        *per_kind.entry(gt.as_str()).or_default() += 1;
    }
    let mut kinds_by_size: Vec<(&str, usize)> = per_kind.into_iter().collect();
    kinds_by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let runs = std::iter::once(None).chain(kinds_by_size.iter().map(|(k, _)| Some(*k)));
    for kind in runs {
        println!(
            "\n## {} ({})",
            kind.unwrap_or("all pages"),
            ground_truth.display()
        );
        std::io::stdout().flush()?;
        let mut cmd = Command::new("python3");
        cmd.arg(scorer)
            .args(preds)
            .arg("--gt")
            .arg(ground_truth)
            .arg("--markdown");
        if let Some(kind) = kind {
            cmd.arg("--page-type").arg(kind);
        }
        let status = cmd
            .status()
            .with_context(|| format!("run python3 {}", scorer.display()))?;
        anyhow::ensure!(status.success(), "the scorer failed ({status})");
    }
    Ok(())
}

/// Extracts every page listed in `ground_truth`, writes one prediction line per page to `out`
/// and returns the speed and, for pages whose ground truth names a kind, (that kind, ours).
fn extract_all(ground_truth: &Path, out: &Path) -> anyhow::Result<(Speed, Vec<(String, String)>)> {
    let dir = ground_truth.parent().unwrap_or_else(|| Path::new("."));
    let file = std::fs::File::open(ground_truth)
        .with_context(|| format!("open {}", ground_truth.display()))?;
    let mut writer = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("create {}", out.display()))?,
    );
    let mut speed = Speed::default();
    let mut kinds = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let id = row
            .get("id")
            .and_then(|v| v.as_str())
            .context("row without id")?
            .to_string();
        let html_file = row
            .get("html_file")
            .and_then(|v| v.as_str())
            .context("row without html_file")?;
        let bytes = read_page(&dir.join(html_file))?;
        // Ground-truth rows use pseudo-URLs ("hard::…") when the address is unknown.
        let url = row
            .get("url")
            .and_then(|v| v.as_str())
            .filter(|u| u.starts_with("http"));

        let cpu0 = super::thread_cpu_seconds();
        let t0 = Instant::now();
        let article = kg_extract::extract(&bytes, url, None);
        let text = article.text();
        let seconds = t0.elapsed().as_secs_f64();
        let cpu_seconds = super::thread_cpu_seconds() - cpu0;

        speed.wall += seconds;
        speed.cpu += cpu_seconds;
        speed.pages += 1;
        if let Some(gt) = row.get("page_type").and_then(|v| v.as_str()) {
            kinds.push((gt.to_string(), article.page_type.as_str().to_string()));
        }
        let rec = serde_json::json!({
            "id": id,
            "text": text,
            "title": article.title,
            "date": article.published.map(|d| d.to_rfc3339()),
            "page_type": article.page_type,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
        });
        serde_json::to_writer(&mut writer, &rec)?;
        writer.write_all(b"\n")?;
    }
    writer.flush()?;
    Ok((speed, kinds))
}

/// Whether our kind is right for a page whose ground truth says `gt`. WCXB's kinds are ours
/// but for `collection`, a page of items as `listing` is, which we extract as a listing or,
/// when its items are pictures, as a gallery.
fn kind_right(gt: &str, ours: &str) -> bool {
    gt == ours || (gt == "collection" && matches!(ours, "listing" | "gallery"))
}

/// The confusion table of the page kinds as Markdown: rows the ground truth's kinds (most
/// pages first), columns ours, and the share right per row and in all.
fn confusion_table(kinds: &[(String, String)]) -> String {
    let mut rows: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (gt, ours) in kinds {
        *rows.entry(gt).or_default().entry(ours).or_default() += 1;
    }
    let mut row_order: Vec<(&str, usize)> =
        rows.iter().map(|(k, v)| (*k, v.values().sum())).collect();
    row_order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let columns: Vec<&str> = kg_extract::PageType::ALL
        .iter()
        .map(|t| t.as_str())
        .filter(|name| kinds.iter().any(|(_, ours)| ours == name))
        .collect();
    let mut out = String::from("\n| ground truth \\ ours |");
    for c in &columns {
        out.push_str(&format!(" {c} |"));
    }
    out.push_str(" right |\n|---|");
    out.push_str(&"---|".repeat(columns.len() + 1));
    out.push('\n');
    let mut right_all = 0;
    for (gt, total) in &row_order {
        let row = &rows[gt];
        out.push_str(&format!("| {gt} ({total}) |"));
        for c in &columns {
            out.push_str(&format!(" {} |", row.get(c).copied().unwrap_or(0)));
        }
        let right: usize = row
            .iter()
            .filter(|(ours, _)| kind_right(gt, ours))
            .map(|(_, n)| n)
            .sum();
        right_all += right;
        out.push_str(&format!(
            " {:.1} % |\n",
            100.0 * right as f64 / *total as f64
        ));
    }
    out.push_str(&format!(
        "\nPage kind right: {right_all} of {} ({:.1} %; a collection counts right as listing or gallery)\n",
        kinds.len(),
        100.0 * right_all as f64 / kinds.len().max(1) as f64
    ));
    out
}

/// Where the anchor's predictions go: beside `out`, its stem followed by the anchor's name.
fn anchor_path(out: &Path, name: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "preds".into());
    out.with_file_name(format!("{stem}.{name}.jsonl"))
}

/// The speed recorded in a predictions file (`cpu_seconds` and `seconds` per line).
fn read_speed(path: &Path) -> anyhow::Result<Speed> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut speed = Speed::default();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(&line)?;
        speed.pages += 1;
        speed.wall += row.get("seconds").and_then(|v| v.as_f64()).unwrap_or(0.0);
        speed.cpu += row
            .get("cpu_seconds")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
    }
    Ok(speed)
}

/// Reads a page file, gunzipping `.gz` files.
fn read_page(path: &Path) -> anyhow::Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
    if path.extension().map(|e| e == "gz").unwrap_or(false) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .with_context(|| format!("gunzip {}", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}
