//! `kurzgefasst bench extract GROUND_TRUTH.jsonl --out PREDS.jsonl`.
//!
//! Reads every page listed in a ground-truth file (`html_file` relative to that file, gunzipped
//! when it ends in `.gz`), extracts it on this one thread and writes one prediction line per
//! page: `{"id", "text", "title", "date", "page_type", "seconds", "cpu_seconds"}`. Timing covers
//! extraction alone (file reading and decompression excluded). A JSON summary goes to stdout.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::Context;

/// Extracts every page listed in `ground_truth` and writes one prediction line per page to `out`.
pub fn run(ground_truth: &Path, out: &Path) -> anyhow::Result<()> {
    let dir = ground_truth.parent().unwrap_or_else(|| Path::new("."));
    let file = std::fs::File::open(ground_truth)
        .with_context(|| format!("open {}", ground_truth.display()))?;
    let mut writer = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("create {}", out.display()))?,
    );
    let mut pages = 0usize;
    let mut total_wall = 0.0f64;
    let mut total_cpu = 0.0f64;
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

        total_wall += seconds;
        total_cpu += cpu_seconds;
        pages += 1;
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
    let summary = serde_json::json!({
        "pages": pages,
        "seconds_total": total_wall,
        "cpu_seconds_total": total_cpu,
        "pages_per_second": if total_wall > 0.0 { pages as f64 / total_wall } else { 0.0 },
        "pages_per_cpu_second": if total_cpu > 0.0 { pages as f64 / total_cpu } else { 0.0 },
    });
    println!("{summary}");
    Ok(())
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
