//! `kurzgefasst bench gate`: the gate measured both ways on a small data set written here
//! (the real sets live outside the repository).

mod common;

use common::kg;

#[test]
fn bench_gate_counts_false_rejections_and_detections() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.jsonl");
    let out = dir.path().join("preds.jsonl");
    let lines = [
        serde_json::json!({
            "id": "a", "title": "Stadtrat beschließt Radwegenetz",
            "text": "Der Stadtrat von Musterstadt hat am Donnerstag mit 31 zu 24 Stimmen ein neues Radwegenetz beschlossen. Bis 2030 sollen 42 Kilometer Radwege entstehen.\nOberbürgermeisterin Petra Schneider sprach von einem „historischen Tag für die Stadt“. Die Kosten liegen bei 18 Millionen Euro.\nDer Vorsitzende der Bürgerliste, Klaus Weber, warnte, dass 300 Parkplätze wegfallen. Die Bürgerliste stimmte nicht zu.",
            "summary": "Musterstadt bekommt 42 Kilometer neue Radwege: Der Stadtrat hat am Donnerstag ein Radwegenetz beschlossen. Schneider sprach von einem „historischen Tag für die Stadt“. Die Bürgerliste stimmte nicht zu, Weber warnte vor dem Wegfall von 300 Parkplätzen.",
        }),
        serde_json::json!({
            "id": "b", "title": "Hafen erweitert",
            "text": "Der Hafen von Kiel wird für 240 Millionen Euro erweitert. Die Arbeiten beginnen im März und dauern drei Jahre.\nHafenchefin Dana Lorenz sagte, Kiel brauche mehr Platz für Fähren.",
            "summary": "Kiel erweitert seinen Hafen für 240 Millionen Euro. Die Arbeiten dauern drei Jahre.",
        }),
    ];
    std::fs::write(
        &data,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let o = kg(&dir.path().join("unused.db"))
        .args(["bench", "gate"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["references"], 2);
    assert_eq!(v["false_rejections"], 0, "{v}");
    let det = &v["detection"];
    for kind in ["number", "added_sentence", "negation", "quote_words"] {
        assert!(det[kind]["copies"].as_u64().unwrap() >= 1, "{kind}: {v}");
        assert_eq!(det[kind]["detected"], det[kind]["copies"], "{kind}: {v}");
    }
    let preds: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let refs: Vec<_> = preds.iter().filter(|p| p["kind"] == "reference").collect();
    assert_eq!(refs.len(), 2);
    assert!(refs.iter().all(|r| r["accepted"] == true));
    // Every sentence of an accepted reference is linked to its support.
    for r in refs {
        assert!(r["support"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s.as_array().unwrap().is_empty()));
    }
    let number = preds
        .iter()
        .find(|p| p["id"] == "a" && p["kind"] == "number")
        .unwrap();
    assert_eq!(number["accepted"], false);
    assert!(
        !number["text"].as_str().unwrap().contains(" 42 ")
            || !number["text"].as_str().unwrap().contains(" 300 ")
    );
    // The same data gives the same copies.
    let again = kg(&dir.path().join("unused.db"))
        .args(["bench", "gate"])
        .arg(&data)
        .arg("--out")
        .arg(dir.path().join("again.jsonl"))
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(dir.path().join("again.jsonl")).unwrap()
    );
    assert!(again.status.success());
}
