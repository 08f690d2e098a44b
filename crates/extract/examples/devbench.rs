// Development loop (not committed): extract every page listed in LIST (jsonl with id, path, url)
// and write {"id","text","title","date","page_type","cpu_seconds"} lines to OUT.
use std::io::{BufRead, Write};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let list = std::fs::File::open(&a[1]).unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&a[2]).unwrap());
    let only: Option<&str> = a.get(3).map(|s| s.as_str());
    let mut total = 0.0;
    let mut n = 0;
    for line in std::io::BufReader::new(list).lines() {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let id = v["id"].as_str().unwrap();
        if let Some(o) = only { if o != id { continue; } }
        let bytes = std::fs::read(v["path"].as_str().unwrap()).unwrap();
        let url = v["url"].as_str();
        let t0 = std::time::Instant::now();
        let art = kg_extract::extract(&bytes, url, None);
        let text = art.text();
        let dt = t0.elapsed().as_secs_f64();
        total += dt;
        n += 1;
        let rec = serde_json::json!({"id": id, "text": text, "title": art.title,
            "date": art.published.map(|d| d.to_rfc3339()), "page_type": art.page_type,
            "seconds": dt, "cpu_seconds": dt});
        serde_json::to_writer(&mut out, &rec).unwrap();
        out.write_all(b"\n").unwrap();
    }
    eprintln!("{n} pages, {:.1} pages/s", n as f64 / total);
}
