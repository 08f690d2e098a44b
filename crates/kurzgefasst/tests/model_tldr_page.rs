//! The article page shows, per sentence of a model's TLDR, the article sentences that support it,
//! as it does for extractive TLDRs. The model's answer is written through the LLM queue as the
//! worker writes it (the real model path is tests/llm.rs; a tiny model's answers are rarely
//! accepted, so this one is a faithful summary written here).

mod common;

use common::{kg, run_ok, FixtureServer, Server};
use kg_summarize::{gate, Tldr};
use kurzgefasst::store::{DbUrl, LlmJobResult, Store};

const SUMMARY: &str = "Der Stadtrat von Musterstadt hat am Donnerstagabend ein neues Radwegenetz \
    beschlossen. Bis 2030 sollen 42 Kilometer geschützte Radwege die Innenstadt mit allen sechs \
    Stadtteilen verbinden. Oberbürgermeisterin Petra Schneider sprach von einem „historischen Tag \
    für die Stadt“. Die Bürgerliste stimmte dagegen, ihr Vorsitzender Klaus Weber warnte vor dem \
    Wegfall von rund 300 Parkplätzen.";

#[test]
fn model_tldr_sentences_point_at_their_support() {
    let site = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kg(&db).args(["sources", "add", &site.url("feeds/lokales.rss")]));
    run_ok(kg(&db).args(["fetch"]));
    let store = Store::open(&DbUrl::parse(&common::db::db_url(&db)).unwrap()).unwrap();
    let a = store
        .list_articles(100, None)
        .unwrap()
        .into_iter()
        .find(|a| a.title.contains("Radwegenetz"))
        .expect("the Radwege article");
    let doc = kurzgefasst::llm_queue::document_of(&a);
    let tldr = Tldr::from_llm(&doc, SUMMARY, "test-model");
    let verdict = gate::check(&doc, &tldr);
    assert!(verdict.accepted, "{:?}", verdict.reasons);
    // The third sentence paraphrases one article sentence, the fourth fuses two.
    assert!(tldr.sentences.iter().all(|s| !s.support.is_empty()));
    assert!(
        tldr.sentences[3].support.len() >= 2,
        "{:?}",
        tldr.sentences[3]
    );

    let now = kurzgefasst::store_now();
    store.enqueue_llm_jobs(0, now).unwrap();
    let jobs = store.claim_llm_jobs("test", now, 300, 100).unwrap();
    let job = jobs.iter().find(|j| j.article_id == a.id).expect("a job");
    assert!(store
        .finish_llm_job(
            job,
            "test",
            LlmJobResult::Checked {
                tldr: &tldr,
                verdict: &verdict
            },
            now
        )
        .unwrap());

    let page = Server::start(&db, &["--no-default-sources"]);
    let (code, html) = page.get(&format!("/artikel/{}", a.id));
    assert_eq!(code, 200);
    assert!(
        html.contains("von einem Sprachmodell geschrieben (test-model)"),
        "{html}"
    );
    for (i, s) in tldr.sentences.iter().enumerate() {
        let list: Vec<String> = s.support.iter().map(|n| n.to_string()).collect();
        let span = format!(
            "<span class=\"tldr-sentence\" data-support=\"{}\" id=\"tldr-{i}\"",
            list.join(" ")
        );
        assert!(html.contains(&span), "{span} not on the page");
        // Each supporting sentence is a numbered sentence of Inhalt.
        for n in &s.support {
            let marker = format!("<span class=\"s\" data-s=\"{n}\">");
            let start = html
                .find(&marker)
                .unwrap_or_else(|| panic!("no sentence {n}"));
            let text = &html[start + marker.len()..];
            assert_eq!(
                &text[..text.find("</span>").unwrap()],
                esc(&doc.sentences[*n]),
            );
        }
    }
}

/// HTML escaping as the pages do it.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
