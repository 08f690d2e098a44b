//! The LLM queue's semantics, as one scenario run against each store engine
//! (`tests/llm.rs` on SQLite, `tests/pg_store.rs` on PostgreSQL).

/// Runs the scenario on `$store` (a `Store` or `PgStore`); `$article(url, text)` builds a
/// `NewArticle` with an extractive TLDR.
#[macro_export]
macro_rules! llm_queue_scenario {
    ($store:expr, $article:expr) => {{
        use kg_summarize::gate::{Reason, Verdict};
        use kg_summarize::{Method, Tldr, TldrSentence};
        use kurzgefasst::store::{EntryRef, LlmJobResult, SaveOutcome};
        let store = &$store;
        let article = $article;
        const T0: i64 = 1_766_668_620;
        let id_of = |o: SaveOutcome| match o {
            SaveOutcome::New(id) | SaveOutcome::Updated(id) | SaveOutcome::Linked(id) => id,
        };
        let entry = |key: &'static str| EntryRef { key, link: None, title: None, hash: key };
        let text_a = "Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen. Es soll 42 Kilometer lang werden. Die Opposition kritisiert die Kosten.";
        let text_b = "Die Hitzewelle hält an. Am Mittwoch wurden 38 Grad gemessen. Die Stadt öffnet zusätzliche Trinkbrunnen.";
        let src = store.add_source("http://127.0.0.1:9/queue.rss").unwrap();
        let a = id_of(store.save_article(src.id, &entry("a"), &article("http://127.0.0.1:9/a", text_a)).unwrap());
        let b = id_of(store.save_article(src.id, &entry("b"), &article("http://127.0.0.1:9/b", text_b)).unwrap());
        assert!(b > a);

        // Everything saved since the sweep's start is queued once.
        assert_eq!(store.enqueue_llm_jobs(0, T0).unwrap(), 2);
        assert_eq!(store.enqueue_llm_jobs(0, T0).unwrap(), 0);
        assert_eq!(store.llm_queue_counts().unwrap().pending, 2);

        // Leases never overlap; newest first.
        let w1 = store.claim_llm_jobs("w1", T0, 300, 1).unwrap();
        assert_eq!(w1.iter().map(|j| j.article_id).collect::<Vec<_>>(), [b]);
        let w2 = store.claim_llm_jobs("w2", T0, 300, 5).unwrap();
        assert_eq!(w2.iter().map(|j| j.article_id).collect::<Vec<_>>(), [a]);
        assert!(store.claim_llm_jobs("w3", T0, 300, 5).unwrap().is_empty());

        let llm = Tldr {
            sentences: vec![TldrSentence { text: "Es gibt 38 Grad.".into(), support: vec![1] }],
            method: Method::Llm,
            model: Some("test-model".into()),
        };
        let ok = Verdict { accepted: true, reasons: vec![] };
        // Only the lease holder finishes a job.
        assert!(!store.finish_llm_job(&w1[0], "w2", LlmJobResult::Checked { tldr: &llm, verdict: &ok }, T0).unwrap());
        assert!(store.finish_llm_job(&w1[0], "w1", LlmJobResult::Checked { tldr: &llm, verdict: &ok }, T0).unwrap());
        let shown = store.article(b).unwrap().unwrap().tldr.unwrap();
        assert_eq!((shown.method.as_str(), shown.model.as_deref()), ("llm", Some("test-model")));
        let st = store.llm_status(b).unwrap().unwrap();
        assert_eq!((st.state.as_str(), st.attempts), ("done", 1));
        let last = st.last.unwrap();
        assert!(last.accepted);
        assert_eq!(last.text, "Es gibt 38 Grad.");

        // A transient failure is retried at its time, not before.
        assert!(store.finish_llm_job(&w2[0], "w2", LlmJobResult::Failed { error: "cannot reach", retry_at: Some(T0 + 100) }, T0).unwrap());
        let st = store.llm_status(a).unwrap().unwrap();
        assert_eq!((st.state.as_str(), st.attempts, st.last_error.as_deref()), ("pending", 1, Some("cannot reach")));
        assert!(store.claim_llm_jobs("w3", T0 + 99, 300, 5).unwrap().is_empty());
        let w3 = store.claim_llm_jobs("w3", T0 + 100, 300, 5).unwrap();
        assert_eq!(w3.iter().map(|j| (j.article_id, j.attempts)).collect::<Vec<_>>(), [(a, 1)]);

        // The text of `a` changes while w3 asks the model: its answer is stale and not stored.
        let changed = format!("{text_a} Der Bau beginnt im Frühjahr.");
        assert!(matches!(store.save_article(src.id, &entry("a"), &article("http://127.0.0.1:9/a", &changed)).unwrap(), SaveOutcome::Updated(_)));
        assert_eq!(store.enqueue_llm_jobs(0, T0 + 101).unwrap(), 1);
        let reject = Verdict { accepted: false, reasons: vec![Reason::Empty] };
        assert!(!store.finish_llm_job(&w3[0], "w3", LlmJobResult::Checked { tldr: &llm, verdict: &reject }, T0 + 102).unwrap());
        assert!(store.llm_status(a).unwrap().unwrap().last.is_none());

        // When `b` changes, its LLM TLDR (made for the old text) is no longer shown.
        let changed_b = format!("{text_b} Die Feuerwehr warnt vor Waldbränden.");
        store.save_article(src.id, &entry("b"), &article("http://127.0.0.1:9/b", &changed_b)).unwrap();
        assert_eq!(store.article(b).unwrap().unwrap().tldr.unwrap().method, "extractive");
        assert_eq!(store.enqueue_llm_jobs(0, T0 + 103).unwrap(), 1);
        let st = store.llm_status(b).unwrap().unwrap();
        assert_eq!(st.state, "pending");
        assert!(st.last.is_none(), "the old text's TLDR is not this text's");

        // A rejected TLDR is recorded with its verdict and not shown; giving up is recorded.
        let jobs = store.claim_llm_jobs("w4", T0 + 2000, 300, 5).unwrap();
        assert_eq!(jobs.iter().map(|j| j.article_id).collect::<Vec<_>>(), [b, a]);
        assert!(store.finish_llm_job(&jobs[0], "w4", LlmJobResult::Checked { tldr: &llm, verdict: &reject }, T0 + 2001).unwrap());
        assert!(store.finish_llm_job(&jobs[1], "w4", LlmJobResult::Failed { error: "HTTP 400", retry_at: None }, T0 + 2001).unwrap());
        assert_eq!(store.article(b).unwrap().unwrap().tldr.unwrap().method, "extractive");
        let last = store.llm_status(b).unwrap().unwrap().last.unwrap();
        assert!(!last.accepted);
        assert!(last.verdict.unwrap().contains("\"reason\":\"empty\""));
        assert_eq!(store.llm_status(a).unwrap().unwrap().state, "failed");
        // /metrics counts gate rejections by reason code.
        assert_eq!(store.store_counts().unwrap().tldr_rejections, vec![("empty".to_string(), 1)]);
        let c = store.llm_queue_counts().unwrap();
        assert_eq!((c.pending, c.done, c.failed), (0, 1, 1));
        assert!(store.claim_llm_jobs("w5", T0 + 100_000, 300, 5).unwrap().is_empty());
    }};
}
