//! Faithful summaries from the benchmark sets (paraphrased into short hand-written articles) that
//! the gate once rejected, each beside a corrupted twin it must still reject.

use crate::gate::{check_with, Limits, Verdict};
use crate::{Document, Tldr};

fn faith(paragraphs: &[&str], text: &str) -> Verdict {
    let d = Document::new(
        "",
        paragraphs.iter().map(|p| p.to_string()).collect(),
        Some("de"),
    );
    let t = Tldr::from_llm(&d, text, "");
    check_with(&d, &t, &Limits::faithfulness_only())
}

fn has(v: &Verdict, code: &str) -> bool {
    v.codes().contains(&code)
}

#[test]
fn an_adverb_opening_a_sentence_is_no_name() {
    // 10kGNAD: "Ansonsten gilt: Weitermachen!" reported "Ansonsten" as a name the article lacks
    // (a word before a verb in the singular is checked as strictly as a name).
    let article = &[
        "Wien – Nach der Wahl sieht der Wirtschaftsbund keinen Anlass für Personalrochaden. \
         Personelle Wechsel bringen derzeit überhaupt nichts, sagt Leitl. Die Regierung müsse \
         sachlich zusammenarbeiten.",
    ];
    let v = faith(
        article,
        "Ansonsten gilt für Leitl: Personelle Wechsel bringen derzeit nichts.",
    );
    assert!(v.accepted, "{:?}", v.reasons);
    // The twin: a name the article lacks in its place.
    let v = faith(
        article,
        "Kowalski gilt für Leitl: Personelle Wechsel bringen derzeit nichts.",
    );
    assert!(has(&v, "unsupported_name"), "{:?}", v.reasons);
}
