//! Development: `devkind GT.jsonl OUT.jsonl [KIND] [nourl]` writes the page-kind model's features of
//! every page listed in a ground-truth file (plain, not gzipped pages), one line
//! `{"id", "kind", "x"}` each, the kind from the row's `page_type`, else KIND; with `nourl`
//! the pages are read without their address (ids prefixed "nourl-"). Input of
//! `scripts/fit_kind_model.py`.

use std::io::{BufRead, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gt = std::path::Path::new(&args[1]);
    let dir = gt.parent().unwrap();
    let fallback = args.get(3).cloned().unwrap_or_default();
    let nourl = args.get(4).is_some_and(|a| a == "nourl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).unwrap());
    let f = std::io::BufReader::new(std::fs::File::open(gt).unwrap());
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let bytes = std::fs::read(dir.join(v["html_file"].as_str().unwrap())).unwrap();
        let url = v["url"]
            .as_str()
            .filter(|u| u.starts_with("http") && !nourl);
        let x = kg_extract::debug_kind_features(&bytes, url);
        assert_eq!(x.len(), kg_extract::kind_feature_names().len());
        let kind = v["page_type"].as_str().unwrap_or(&fallback);
        let id = v["id"].as_str().unwrap_or("");
        let id = if nourl {
            format!("nourl-{id}")
        } else {
            id.to_string()
        };
        let rec = serde_json::json!({"id": id, "kind": kind, "x": x});
        writeln!(out, "{}", rec).unwrap();
    }
}
