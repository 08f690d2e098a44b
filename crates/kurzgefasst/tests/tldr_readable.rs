//! The extractive TLDR reads on its own: no sentence about the publication itself, no sentence
//! that leans on one left out. Fixture articles with such sentences (tests/fixtures/tldr).

mod common;

use common::kg;

fn tldr(file: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tldr")
        .join(file);
    let o = kg(&dir.path().join("unused.db"))
        .arg("tldr")
        .arg(&page)
        .args([
            "--url",
            "https://magazin.example/artikel.html",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["tldr"].as_str().unwrap().to_string()
}

/// Whether `later` is in the TLDR only together with `earlier`, the sentence it leans on.
fn only_with(t: &str, later: &str, earlier: &str) -> bool {
    !t.contains(later) || t.contains(earlier)
}

#[test]
fn no_sentence_about_the_publication() {
    let t = tldr("recycling.html");
    assert!(t.split(". ").count() >= 3, "{t}");
    for furniture in [
        "Beitrag stammt",
        "Ausgabe 7/2019",
        "Heft",
        "heise shop",
        "im Handel",
    ] {
        assert!(!t.contains(furniture), "{furniture:?} in {t}");
    }
    assert!(t.contains("Lithium"), "{t}");
    // "Dafür" points back.
    assert!(
        only_with(&t, "Dafür schreddert", "eigenes Verfahren entwickelt"),
        "{t}"
    );
}

#[test]
fn no_sentence_leaning_on_one_left_out() {
    let t = tldr("leasing.html");
    assert!(t.split(". ").count() >= 3, "{t}");
    // "nämlich" gives the reason for a question, which a TLDR never shows.
    assert!(!t.contains("nämlich"), "{t}");
    assert!(
        only_with(&t, "Das Leasing eignet sich daher", "Beim Leasing zahlt"),
        "{t}"
    );
    assert!(t.contains("Leasing"), "{t}");
}
