//! `kurzgefasst bench extract`: predictions, page kinds against the ground truth, and the anchor
//! and scorer it calls, on a small set written here (the real sets live outside the repository).
//!
//! The anchor runner and the scorer are the data's own Python scripts (`run_anchor.py`,
//! `score.py` beside the sets in `../shared`), which the repository's tests cannot use: here two
//! small stand-ins with the same command lines record how they were called and answer with
//! known figures, so the test can check what `bench extract` does with them.

mod common;

use std::io::Write;
use std::path::Path;

use common::kg;

/// A listing page: ten teasers of the same shape.
fn listing_page() -> String {
    let items: String = (1..=10)
        .map(|i| {
            format!(
                "<article class=\"teaser\"><h2><a href=\"/klima/meldung-{i}\">Meldung {i}: Stadt plant \
                 Klimaschutz Nummer {i}</a></h2><p>Die Stadt will bis 2030 neue Radwege und \
                 Solaranlagen bauen, Teil {i} der Serie über den Umbau.</p></article>"
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"de\"><head><title>Klima – Übersicht</title></head><body>\
         <nav><a href=\"/\">Start</a> <a href=\"/politik\">Politik</a></nav><main><h1>Klima</h1>\
         {items}</main><footer>Impressum</footer></body></html>"
    )
}

/// An article page.
fn article_page() -> String {
    let para = "Der Stadtrat von Musterstadt hat am Donnerstag mit 31 zu 24 Stimmen ein neues \
                Radwegenetz beschlossen. Bis 2030 sollen 42 Kilometer Radwege entstehen, vor allem \
                entlang der großen Ausfallstraßen. Oberbürgermeisterin Petra Schneider sprach von \
                einem historischen Tag für die Stadt und ihre Bürger.";
    format!(
        "<!doctype html><html lang=\"de\"><head><title>Stadtrat beschließt Radwegenetz</title>\
         <meta property=\"og:type\" content=\"article\"></head><body><nav><a href=\"/\">Start</a>\
         </nav><article><h1>Stadtrat beschließt Radwegenetz</h1><p>{para}</p><p>{para}</p>\
         <p>Die Kosten liegen bei 18 Millionen Euro, das Land übernimmt die Hälfte davon.</p>\
         </article><footer>Impressum</footer></body></html>"
    )
}

/// Writes the set: `set/ground_truth.jsonl` with an article (gzipped page), a page of items
/// WCXB calls a collection and one it calls a product (both extracted as listings here).
fn write_set(root: &Path) -> std::path::PathBuf {
    let set = root.join("set");
    std::fs::create_dir_all(set.join("html")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(set.join("html/a.html.gz")).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all(article_page().as_bytes()).unwrap();
    gz.finish().unwrap();
    std::fs::write(set.join("html/b.html"), listing_page()).unwrap();
    std::fs::write(set.join("html/c.html"), listing_page()).unwrap();
    let rows = [
        serde_json::json!({"id": "a", "url": "https://www.example.org/politik/radwege", "html_file": "html/a.html.gz", "page_type": "article", "text": "x"}),
        serde_json::json!({"id": "b", "url": "https://www.example.org/klima/", "html_file": "html/b.html", "page_type": "collection", "text": "x"}),
        serde_json::json!({"id": "c", "url": "hard::c", "html_file": "html/c.html", "page_type": "product", "text": "x"}),
    ];
    let gt = set.join("ground_truth.jsonl");
    std::fs::write(
        &gt,
        rows.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();
    gt
}

/// Runs `bench extract GT --out OUT EXTRA…` in `dir`.
fn bench(dir: &Path, gt: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    kg(&dir.join("unused.db"))
        .args(["bench", "extract"])
        .arg(gt)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// [`bench`], which must succeed: its JSON summary (the first line) and its whole stdout.
fn bench_ok(dir: &Path, gt: &Path, out: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let o = bench(dir, gt, out, extra);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let summary = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    (summary, stdout)
}

#[test]
fn bench_extract_writes_predictions_and_the_kinds_confusion_table() {
    let dir = tempfile::tempdir().unwrap();
    let gt = write_set(dir.path());
    let out = dir.path().join("preds.jsonl");
    let (summary, stdout) = bench_ok(dir.path(), &gt, &out, &[]);
    assert_eq!(summary["pages"], 3, "{stdout}");
    assert_eq!(summary["page_type_pages"], 3, "{stdout}");
    // The article and the collection (as a listing) are right, the "product" is not.
    assert_eq!(summary["page_type_right"], 2, "{stdout}");
    assert!(summary.get("anchor").is_none(), "{stdout}");
    assert!(
        stdout.contains("| article (1) | 1 | 0 | 100.0 % |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| collection (1) | 0 | 1 | 100.0 % |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| product (1) | 0 | 1 | 0.0 % |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Page kind right: 2 of 3 (66.7 %"),
        "{stdout}"
    );

    let preds: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(preds.len(), 3);
    assert_eq!(preds[0]["id"], "a");
    assert_eq!(preds[0]["page_type"], "article");
    assert_eq!(preds[0]["title"], "Stadtrat beschließt Radwegenetz");
    let text = preds[0]["text"].as_str().unwrap();
    assert!(text.contains("18 Millionen Euro"), "{text}");
    assert!(!text.contains("Impressum"), "{text}");
    assert_eq!(preds[1]["page_type"], "listing");
    let items = preds[1]["text"].as_str().unwrap();
    assert!(
        items.contains("Meldung 1: Stadt plant") && items.contains("Meldung 10:"),
        "{items}"
    );
    assert!(preds[1]["cpu_seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn bench_extract_runs_the_anchor_and_the_scorer_over_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    let gt = write_set(dir.path());
    let log = dir.path().join("calls.log");
    // Stand-in for run_anchor.py: EXTRACTOR DATA_DIR OUT, 0.5 CPU seconds per page.
    std::fs::write(
        dir.path().join("run_anchor.py"),
        format!(
            "import json, sys\n\
             name, data, out = sys.argv[1:4]\n\
             open({log:?}, 'a').write('anchor ' + ' '.join(sys.argv[1:]) + '\\n')\n\
             rows = [json.loads(l) for l in open(data + '/ground_truth.jsonl')]\n\
             with open(out, 'w') as f:\n\
             \x20   for r in rows:\n\
             \x20       f.write(json.dumps({{'id': r['id'], 'text': 'x', 'seconds': 0.5, 'cpu_seconds': 0.5}}) + '\\n')\n"
        ),
    )
    .unwrap();
    // Stand-in for score.py: records its arguments and prints a line of its own.
    std::fs::write(
        dir.path().join("score.py"),
        format!(
            "import sys\n\
             open({log:?}, 'a').write('score ' + ' '.join(sys.argv[1:]) + '\\n')\n\
             print('SCORED', len([a for a in sys.argv[1:] if a.endswith('.jsonl') and 'ground_truth' not in a]))\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("preds.jsonl");
    let (summary, stdout) = bench_ok(dir.path(), &gt, &out, &["--anchor", "trafilatura"]);
    let anchor = &summary["anchor"];
    assert_eq!(anchor["name"], "trafilatura", "{stdout}");
    assert_eq!(anchor["pages"], 3, "{stdout}");
    assert!((anchor["pages_per_cpu_second"].as_f64().unwrap() - 2.0).abs() < 1e-9);
    let ratio = anchor["ours_per_anchor"].as_f64().unwrap();
    let ours = summary["pages_per_cpu_second"].as_f64().unwrap();
    assert!((ratio - ours / 2.0).abs() < 1e-6, "{stdout}");
    let anchor_out = dir.path().join("preds.trafilatura.jsonl");
    assert_eq!(
        std::fs::read_to_string(&anchor_out)
            .unwrap()
            .lines()
            .count(),
        3
    );

    // The scorer: once over all pages and once per ground-truth kind, each time with both
    // prediction files, and its output passed through.
    let calls = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = calls.lines().collect();
    assert_eq!(lines.len(), 5, "{calls}");
    assert!(lines[0].starts_with("anchor trafilatura "), "{calls}");
    for line in &lines[1..] {
        assert!(
            line.contains("preds.jsonl") && line.contains("preds.trafilatura.jsonl"),
            "{calls}"
        );
        assert!(
            line.contains("--gt") && line.contains("--markdown"),
            "{calls}"
        );
    }
    assert!(!lines[1].contains("--page-type"), "{calls}");
    for kind in ["article", "collection", "product"] {
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with(&format!("--page-type {kind}"))),
            "{kind}: {calls}"
        );
    }
    assert_eq!(stdout.matches("SCORED 2").count(), 4, "{stdout}");
    assert!(stdout.contains("## all pages"), "{stdout}");
    assert!(stdout.contains("## collection"), "{stdout}");
}

#[test]
fn bench_extract_says_when_the_anchor_runner_fails() {
    let dir = tempfile::tempdir().unwrap();
    let gt = write_set(dir.path());
    let missing = dir.path().join("missing.py");
    let o = bench(
        dir.path(),
        &gt,
        &dir.path().join("preds.jsonl"),
        &[
            "--anchor",
            "trafilatura",
            "--anchor-runner",
            missing.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("anchor runner failed"), "{stderr}");
    // Our own predictions are written before the anchor runs.
    let preds = std::fs::read_to_string(dir.path().join("preds.jsonl")).unwrap();
    assert_eq!(preds.lines().count(), 3);
}
