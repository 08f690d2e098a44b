//! Parser conformance on the 22 real feeds in `../shared/fixtures/feeds` (RSS 0.90 to 2.0, RDF,
//! Atom, JSON Feed; Latin-1, wrong declarations, CDATA, duplicate GUIDs, no dates). Those files
//! are not redistributable, so they stay outside the repository: when the folder is missing this
//! test says so plainly and checks nothing else (the fault tests cover charsets with our own
//! feeds).

use std::path::PathBuf;

use kurzgefasst::ingest::feed;

fn shared_feeds() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/feeds");
    dir.is_dir().then_some(dir)
}

/// Signs of text decoded with the wrong charset.
fn mojibake(s: &str) -> bool {
    s.contains('\u{FFFD}')
        || [
            "Ã¤", "Ã¶", "Ã¼", "ÃŸ", "Ã„", "Ã–", "Ãœ", "Ã©", "Ã£", "Ã§", "â€",
        ]
        .iter()
        .any(|m| s.contains(m))
}

#[test]
fn real_feeds_parse_with_correct_text_and_absolute_links() {
    let Some(dir) = shared_feeds() else {
        eprintln!("NOTE: ../shared/fixtures/feeds not found: the real-feed conformance check did NOT run.");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 22, "all 22 fixture feeds present");
    let mut german_umlauts = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let f = feed::parse(&bytes, "https://feeds.example.org/dir/feed.xml", None)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!f.entries.is_empty(), "{name}: no entries");
        for e in &f.entries {
            let title = e.title.as_deref().unwrap_or("");
            assert!(!mojibake(title), "{name}: mojibake in title {title:?}");
            assert!(
                !title.contains("<![CDATA["),
                "{name}: CDATA left in {title:?}"
            );
            assert!(
                !title.contains("&quot;") && !title.contains("&amp;"),
                "{name}: entity left in {title:?}"
            );
            if let Some(s) = &e.summary {
                assert!(!mojibake(s), "{name}: mojibake in summary {s:?}");
            }
            let link = e
                .link
                .as_deref()
                .unwrap_or_else(|| panic!("{name}: entry without link: {title:?}"));
            assert!(
                link.starts_with("http://") || link.starts_with("https://"),
                "{name}: link not absolute: {link}"
            );
            assert!(!e.key.is_empty(), "{name}: entry without identity");
            if ["ä", "ö", "ü", "ß", "Ä", "Ö", "Ü"]
                .iter()
                .any(|u| title.contains(u))
            {
                german_umlauts += 1;
            }
        }
        if name.contains("iso-8859-1") && !name.contains(".fr.") && !name.starts_with("jn-pt") {
            let all: String = f.entries.iter().filter_map(|e| e.title.clone()).collect();
            assert!(
                ["ä", "ö", "ü", "ß", "Ä", "Ö", "Ü"]
                    .iter()
                    .any(|u| all.contains(u)),
                "{name}: German Latin-1 feed without umlauts: {all}"
            );
        }
        if name.contains("relative") {
            assert!(
                f.entries
                    .iter()
                    .all(|e| e.link.as_deref().unwrap().starts_with("http")),
                "{name}"
            );
        }
    }
    assert!(
        german_umlauts > 50,
        "umlauts come through in German titles ({german_umlauts})"
    );
    // Specific quirks.
    let ndr = feed::parse(
        &std::fs::read(dir.join("ndr-hamburg.rss1-rdf.xml")).unwrap(),
        "https://www.ndr.de/",
        None,
    )
    .unwrap();
    let mut keys: Vec<&str> = ndr.entries.iter().map(|e| e.key.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(
        keys.len(),
        ndr.entries.len() - 1,
        "NDR's one duplicate GUID is visible to dedup"
    );
    let heise = feed::parse(
        &std::fs::read(dir.join("heise-newsticker.rss090-rdf.xml")).unwrap(),
        "https://www.heise.de/",
        None,
    )
    .unwrap();
    assert!(
        heise.entries.iter().all(|e| e.published.is_none()),
        "RSS 0.90 without dates stays without"
    );
    let golem = feed::parse(
        &std::fs::read(dir.join("golem-iso-8859-1.rss2.xml")).unwrap(),
        "https://www.golem.de/",
        None,
    )
    .unwrap();
    assert_eq!(golem.entries.len(), 40);
}
