//! Development benchmark: `devbench GT.jsonl OUT.jsonl` over plain (not gzipped) pages.
//! The real benchmark is `kurzgefasst bench extract`; this one avoids the app's dependencies.

use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gt = std::path::Path::new(&args[1]);
    let dir = gt.parent().unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).unwrap());
    let variant: u8 = args.get(3).map(|v| v.parse().unwrap()).unwrap_or(0);
    let only: Option<String> = None;
    let f = std::io::BufReader::new(std::fs::File::open(gt).unwrap());
    let mut total = 0.0;
    let mut pages = 0;
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        if let Some(o) = &only {
            if !id.contains(o.as_str()) {
                continue;
            }
        }
        let bytes = std::fs::read(dir.join(v["html_file"].as_str().unwrap())).unwrap();
        let url = v["url"].as_str().filter(|u| u.starts_with("http"));
        let t0 = Instant::now();
        let a = kg_extract::extract_variant(&bytes, url, variant);
        let dt = t0.elapsed().as_secs_f64();
        total += dt;
        pages += 1;
        let rec = serde_json::json!({"id": id, "text": a.text(), "title": a.title, "date": a.published.map(|d| d.to_rfc3339()), "page_type": a.page_type.as_str(),
            "seconds": dt, "cpu_seconds": dt});
        writeln!(out, "{}", rec).unwrap();
    }
    eprintln!(
        "{pages} pages, {total:.3}s, {:.1} pages/s",
        pages as f64 / total
    );
}
