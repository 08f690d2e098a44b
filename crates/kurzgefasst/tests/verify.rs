//! `kurzgefasst verify`: a summary checked against a fixture article by the real binary; exit
//! status 0 accepted, 1 rejected, 2 error.

mod common;

use common::kg;

const URL: &str = "https://www.musterstadt-anzeiger.de/lokales/radwege.html";

const FAITHFUL: &str = "Der Stadtrat von Musterstadt hat am Donnerstagabend ein neues Radwegenetz \
    beschlossen. Bis 2030 sollen 42 Kilometer geschützte Radwege die Innenstadt mit allen sechs \
    Stadtteilen verbinden. Oberbürgermeisterin Petra Schneider sprach von einem „historischen Tag \
    für die Stadt“. Die Bürgerliste stimmte dagegen, ihr Vorsitzender Klaus Weber warnte vor dem \
    Wegfall von rund 300 Parkplätzen.";

fn verify(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let page = common::site_dir().join("artikel/radwege.html");
    kg(&dir.path().join("unused.db"))
        .arg("verify")
        .arg(&page)
        .args(["--url", URL])
        .args(args)
        .output()
        .expect("run kurzgefasst")
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn faithful_summary_is_accepted_with_its_support() {
    let o = verify(&["--tldr", FAITHFUL]);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("Ergebnis: angenommen"), "{text}");
    assert!(!text.contains("Gründe"), "{text}");
    // Every sentence is listed with the article sentences that support it.
    assert!(
        text.contains("  3. Oberbürgermeisterin Petra Schneider sprach von einem „historischen Tag für die Stadt“.\n     ["),
        "{text}"
    );
    assert!(
        text.contains("] Oberbürgermeisterin Petra Schneider sprach nach der Abstimmung von einem „historischen Tag für die Stadt“."),
        "{text}"
    );
    assert!(!text.contains("kein Beleg"), "{text}");

    let o = verify(&["--tldr", FAITHFUL, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["accepted"], true);
    assert_eq!(v["url"], URL);
    let sentences = v["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 4);
    for s in sentences {
        let support = s["support"].as_array().unwrap();
        assert!(!support.is_empty(), "{s}");
        assert!(support[0]["text"].as_str().unwrap().len() > 20, "{s}");
    }
    assert!(sentences[3]["support"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["text"].as_str().unwrap().contains("300 Parkplätze")));
}

#[test]
fn unfaithful_summary_is_rejected_with_every_reason() {
    let bad = FAITHFUL.replace("42 Kilometer", "60 Kilometer").replace(
        "Oberbürgermeisterin Petra Schneider sprach",
        "Klaus Weber sprach",
    );
    let o = verify(&["--tldr", &bad, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["accepted"], false);
    let reasons = v["reasons"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r["reason"] == "unsupported_number" && r["number"] == "60"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r["reason"] == "misattributed_quote" && r["sentence"] == 2),
        "{reasons:?}"
    );

    let o = verify(&["--tldr", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("Ergebnis: abgelehnt"), "{text}");
    assert!(
        text.contains("Zahl „60“ steht nicht im Artikel (Satz 2) [unsupported_number]"),
        "{text}"
    );
    // A sentence from another story has no support.
    let o = verify(&[
        "--tldr",
        &format!("{FAITHFUL} Quantenphysiker entdecken am Südpol ein neuartiges Teilchen."),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("  5. Quantenphysiker"), "{}", out(&o));
    assert!(out(&o).contains("kein Beleg"), "{}", out(&o));
}

#[test]
fn format_limits_apply_unless_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tldr.txt");
    std::fs::write(
        &file,
        "Der Stadtrat von Musterstadt hat ein neues Radwegenetz beschlossen.\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let o = verify(&["--tldr-file", f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let codes: Vec<&str> = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["too_few_sentences", "too_short"]);

    let o = verify(&["--tldr-file", f, "--no-format-limits"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains("angenommen (ohne Formatgrenzen)"),
        "{}",
        out(&o)
    );
}

#[test]
fn errors_exit_with_2_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let o = kg(&dir.path().join("unused.db"))
        .args(["verify", "/nicht/da.html", "--tldr", FAITHFUL])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Datei nicht lesbar"), "{err}");
    assert!(o.stdout.is_empty());

    let o = verify(&["--tldr", "  "]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Zusammenfassung ist leer"));

    let o = verify(&["--tldr-file", "/nicht/da.txt"]);
    assert_eq!(o.status.code(), Some(2));
}
