//! The page's kind in the product (issue 21): the extractor decides it
//! ([`kg_extract::PageType`]); here is what the product does with it. It is stored with the
//! article (`articles.page_type`, the kind's name; NULL in rows saved before is an article),
//! shown as a label where it tells the reader something ([`label`]), and it picks the TLDR
//! ([`tldr`]): a live blog's latest entries, a listing's item titles or a gallery's captions
//! as a list, the extractive TLDR for every other kind.

use kg_extract::{Block, BlockKind, PageType};
use kg_summarize::kinds::{entry_stamp, Entry};
use kg_summarize::{Document, Tldr};

use crate::i18n::Lang;

/// Every kind, in the order of [`PageType`].
pub const ALL: [PageType; 9] = PageType::ALL;

/// The kind a stored name stands for (`liveblog`, …): NULL (rows saved before kinds were
/// stored) and unknown names are an article.
pub fn from_stored(name: Option<&str>) -> PageType {
    name.and_then(|n| ALL.into_iter().find(|k| k.as_str() == n))
        .unwrap_or_default()
}

/// The label shown beside the title of a page of this kind, in the reader's language; `None`
/// for an article and a service page (nothing a reader needs to be told).
pub fn label(kind: PageType, l: Lang) -> Option<&'static str> {
    Some(match kind {
        PageType::Article | PageType::Service => return None,
        PageType::Liveblog => l.t("Liveblog", "Live blog"),
        PageType::Gallery => l.t("Bildergalerie", "Photo gallery"),
        // One kind for both: the extractor does not tell a video from a podcast episode.
        PageType::Video => l.t("Video/Audio", "Video/audio"),
        PageType::Forum => l.t("Forum", "Forum"),
        PageType::Listing => l.t("Übersicht", "Overview"),
        PageType::Product => l.t("Produkt", "Product"),
        PageType::Documentation => l.t("Dokumentation", "Documentation"),
    })
}

/// True for a kind whose TLDR is made from the page's own entries or items ([`tldr`]): no
/// language model is asked for one (it would write prose the page did not say, or lose the
/// entries' order and times).
pub fn own_tldr(kind: PageType) -> bool {
    matches!(
        kind,
        PageType::Liveblog | PageType::Gallery | PageType::Listing
    )
}

/// The kinds of [`own_tldr`] as an SQL list of their stored names (`('liveblog', …)`), for
/// the statements that queue LLM jobs.
pub fn own_tldr_sql() -> String {
    let names: Vec<String> = ALL
        .into_iter()
        .filter(|k| own_tldr(*k))
        .map(|k| format!("'{}'", k.as_str()))
        .collect();
    format!("({})", names.join(", "))
}

/// The TLDR of a page of kind `kind` whose summary document is `doc` (made from `teaser` and
/// `blocks` by `ingest::summary_document`): a live blog's latest entries
/// ([`kg_summarize::kinds::latest_entries`]), a listing's item titles or a gallery's captions
/// as a list ([`kg_summarize::kinds::list`]); the extractive TLDR for every other kind, and
/// wherever the page's entries or items cannot be found.
pub fn tldr(kind: PageType, doc: &Document, teaser: Option<&str>, blocks: &[Block]) -> Tldr {
    let own = match kind {
        PageType::Liveblog => kg_summarize::kinds::latest_entries(doc, &entries(teaser, blocks)),
        PageType::Listing | PageType::Gallery => {
            kg_summarize::kinds::list(doc, &items(kind, blocks))
        }
        _ => None,
    };
    own.unwrap_or_else(|| kg_summarize::extractive(doc))
}

/// True for the blocks the summary document holds (paragraphs and quotes).
fn prose(b: &Block) -> bool {
    matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote)
}

/// A live blog's entries in the page's order: each begins at a block that is or opens with a
/// time stamp ([`entry_stamp`]; a paragraph, heading or list item) and runs to the next; its
/// sentences are numbered as the summary document numbers them (the teaser's first, then
/// the prose blocks').
pub fn entries(teaser: Option<&str>, blocks: &[Block]) -> Vec<Entry> {
    let mut n = teaser
        .filter(|t| !t.is_empty())
        .map_or(0, |t| kg_summarize::segment::sentences(t).len());
    let mut out: Vec<Entry> = Vec::new();
    for b in blocks {
        let count = if prose(b) {
            kg_summarize::segment::sentences(&b.text).len()
        } else {
            0
        };
        match entry_stamp(&b.text) {
            Some((stamp, rest)) => {
                let (stamp_sentence, start) = match (prose(b), rest.is_empty()) {
                    // A stamp of its own: the entry's text follows it.
                    (true, true) => (Some(n), n + count),
                    // "14:32 Uhr: Der Landkreis …": the stamp opens the entry's first sentence.
                    (true, false) => (Some(n), n),
                    // In a heading or list item: not among the document's sentences.
                    (false, _) => (None, n),
                };
                out.push(Entry {
                    stamp: stamp.to_string(),
                    stamp_sentence,
                    sentences: start..n + count,
                });
            }
            None => {
                if let Some(last) = out.last_mut() {
                    last.sentences.end = n + count;
                }
            }
        }
        n += count;
    }
    out
}

/// A listing's item titles (its headings; else its list items; else its short title lines
/// that stand before a teaser) or a gallery's captions (its paragraphs), in the page's order.
pub fn items(kind: PageType, blocks: &[Block]) -> Vec<&str> {
    let of = |k: BlockKind| -> Vec<&str> {
        blocks
            .iter()
            .filter(|b| b.kind == k)
            .map(|b| b.text.as_str())
            .collect()
    };
    if kind == PageType::Gallery {
        return blocks
            .iter()
            .filter(|b| prose(b))
            .map(|b| b.text.as_str())
            .collect();
    }
    for k in [BlockKind::Heading, BlockKind::ListItem] {
        let found = of(k);
        if found.len() >= 2 {
            return found;
        }
    }
    // Title lines: short, no full stop, followed by a longer paragraph (the item's teaser).
    blocks
        .windows(2)
        .filter(|w| {
            let t = w[0].text.trim();
            t.chars().count() <= 120
                && !t.ends_with(['.', '!', '?', ':'])
                && w[1].text.len() > t.len()
                && prose(&w[1])
        })
        .map(|w| w[0].text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.to_string(),
        }
    }

    #[test]
    fn stored_names_round_trip_and_null_is_an_article() {
        for k in ALL {
            assert_eq!(from_stored(Some(k.as_str())), k);
        }
        assert_eq!(from_stored(None), PageType::Article);
        assert_eq!(from_stored(Some("podcast")), PageType::Article);
        assert_eq!(own_tldr_sql(), "('liveblog', 'gallery', 'listing')");
    }

    #[test]
    fn labels_only_where_they_tell_something() {
        assert_eq!(label(PageType::Article, Lang::De), None);
        assert_eq!(label(PageType::Service, Lang::En), None);
        assert_eq!(label(PageType::Liveblog, Lang::De), Some("Liveblog"));
        assert_eq!(label(PageType::Gallery, Lang::De), Some("Bildergalerie"));
        assert_eq!(label(PageType::Gallery, Lang::En), Some("Photo gallery"));
        assert_eq!(label(PageType::Listing, Lang::De), Some("Übersicht"));
        assert_eq!(
            label(PageType::Documentation, Lang::En),
            Some("Documentation")
        );
    }

    #[test]
    fn entries_are_numbered_as_the_summary_document_numbers_sentences() {
        let blocks =
            vec![
            block(BlockKind::Paragraph, "14:32 Uhr"),
            block(BlockKind::Heading, "Deggendorf ruft Katastrophenfall aus"),
            block(
                BlockKind::Paragraph,
                "Der Landkreis hat den Katastrophenfall ausgerufen. Ortsteile werden evakuiert.",
            ),
            block(BlockKind::Heading, "12.15 Uhr – Scholz reist an"),
            block(BlockKind::Paragraph, "Der Kanzler besucht am Nachmittag die Gebiete."),
            block(BlockKind::Paragraph, "09:48: Die Feuerwehr meldet 400 Einsätze."),
        ];
        let e = entries(Some("Wir berichten laufend. Die Lage ist ernst."), &blocks);
        assert_eq!(
            e,
            vec![
                Entry {
                    stamp: "14:32 Uhr".into(),
                    stamp_sentence: Some(2),
                    sentences: 3..5
                },
                Entry {
                    stamp: "12.15 Uhr".into(),
                    stamp_sentence: None,
                    sentences: 5..6
                },
                Entry {
                    stamp: "09:48".into(),
                    stamp_sentence: Some(6),
                    sentences: 6..7
                },
            ]
        );
        let doc = crate::ingest::summary_document(
            "Hochwasser",
            Some("Wir berichten laufend. Die Lage ist ernst."),
            blocks.iter().map(|b| (prose(b), b.text.as_str())),
            Some("de"),
        );
        assert_eq!(doc.sentences[2], "14:32 Uhr");
        assert_eq!(
            doc.sentences[5],
            "Der Kanzler besucht am Nachmittag die Gebiete."
        );
        let t = tldr(
            PageType::Liveblog,
            &doc,
            Some("Wir berichten laufend. Die Lage ist ernst."),
            &blocks,
        );
        assert_eq!(
            t.text(),
            "Liveblog, Stand 14:32 Uhr: Der Landkreis hat den Katastrophenfall ausgerufen. \
             12.15 Uhr: Der Kanzler besucht am Nachmittag die Gebiete. \
             09:48: Die Feuerwehr meldet 400 Einsätze."
        );
        // An article with the same blocks gets the extractive TLDR.
        let t = tldr(PageType::Article, &doc, None, &blocks);
        assert_eq!(t.method, kg_summarize::Method::Extractive);
    }

    /// The extractor's test page `name` through `ingest::build_article` (extract, summarise).
    fn built(name: &str, url: &str) -> crate::store::NewArticle {
        let path = format!(
            "{}/../extract/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let html = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        crate::ingest::build_article(url, &html, None, None, 2_000_000_000)
    }

    fn texts(t: &Tldr) -> Vec<&str> {
        t.sentences.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn german_tickers_get_their_latest_entries_as_tldr() {
        let a = built(
            "art_liveblog_ticker.html",
            "https://www.nordkurier-zeitung.de/bayern/hochwasser-liveticker-102.html",
        );
        assert_eq!(a.page_type, PageType::Liveblog);
        assert_eq!(a.tldr.method, kg_summarize::Method::LatestEntries);
        let t = texts(&a.tldr);
        assert_eq!(
            t[0],
            "Liveblog, Stand 14:32 Uhr: Der Landkreis Deggendorf hat am Nachmittag den Katastrophenfall ausgerufen."
        );
        assert!(
            t[1].starts_with("12.15 Uhr: Bundeskanzler Scholz"),
            "{t:#?}"
        );
        assert!(t[2].starts_with("09:48: Die Feuerwehr meldet"), "{t:#?}");

        let a = built(
            "art_liveblog_plusplus.html",
            "https://www.morgenecho.example/ausland/nahost-liveblog-100.html",
        );
        let t = texts(&a.tldr);
        assert_eq!(
            t[0],
            "Liveblog, Stand 02.06.2024, 18:05 Uhr: Die Delegationen haben ihre Gespräche über eine Waffenruhe in Kairo am Abend fortgesetzt."
        );
        assert!(
            t[1].starts_with("02.06.2024, 16:40 Uhr: Ein Konvoi mit 120 Lastwagen"),
            "{t:#?}"
        );

        let a = built(
            "art_newsticker_update.html",
            "https://www.suedkurier-rundschau.example/wirtschaft/bahnstreik-news-ticker-92811.html",
        );
        assert_eq!(a.tldr.method, kg_summarize::Method::LatestEntries);
        let t = texts(&a.tldr);
        assert_eq!(
            t[0],
            "Liveblog, Stand 7. März, 13.10 Uhr: Die Bahn rechnet damit, dass der Notfahrplan bis zum Abend stabil bleibt."
        );
        assert!(
            t[1].starts_with("7. März, 10.45 Uhr: Am Hauptbahnhof"),
            "{t:#?}"
        );
        // Each sentence is supported by the page's own sentences.
        let doc = crate::ingest::document(&a);
        for s in &a.tldr.sentences {
            assert!(!s.support.is_empty(), "{s:?}");
            let own = s.text.rsplit_once(": ").map_or(s.text.as_str(), |(_, t)| t);
            assert!(
                s.support.iter().any(|&k| doc.sentences[k].ends_with(own)),
                "{own:?} is not one of its supporting sentences"
            );
        }
    }

    #[test]
    fn galleries_and_overviews_get_their_items_as_a_list() {
        let a = built(
            "art_bildergalerie.html",
            "https://www.stadtanzeiger.de/lokales/bildergalerie-kieler-woche-finale-9912.html",
        );
        assert_eq!(a.page_type, PageType::Gallery);
        assert_eq!(a.tldr.method, kg_summarize::Method::List);
        let t = texts(&a.tldr);
        assert_eq!(
            t[0],
            "Zum Abschluss erleuchtete ein Feuerwerk den Himmel über der Förde."
        );
        assert!(t.iter().all(|c| !c.contains("Foto")), "{t:#?}");

        let a = built(
            "art_bilderstrecke.html",
            "https://www.allgaeuer-landbote.example/region/fotostrecke-almabtrieb-oberstdorf-3321",
        );
        assert_eq!(a.tldr.method, kg_summarize::Method::List);
        assert_eq!(
            texts(&a.tldr),
            [
                "Geschmückt mit Blumenkränzen zogen die Kühe am Morgen von der Alpe ins Tal.",
                "Das Kranzrind führt die Herde an: Es zeigt, dass den Sommer über kein Tier verunglückt ist.",
                "Am Scheidplatz sortierten die Hirten die Tiere nach ihren Besitzern.",
                "Zum Abschluss feierten Einheimische und Gäste im Festzelt bis in den Abend.",
            ]
        );

        let a = built(
            "art_uebersicht.html",
            "https://www.tagesblatt.example/thema/klimapolitik",
        );
        assert_eq!(a.page_type, PageType::Listing);
        assert_eq!(
            a.tldr.text(),
            "Klimageld soll 2027 kommen · Kohleausstieg im Osten wackelt · Wärmepumpen-Absatz bricht ein · Was die Klimakonferenz gebracht hat"
        );

        // The other kinds keep the extractive TLDR.
        for (name, url) in [
            (
                "art_podcast.html",
                "https://www.nordwelle.example/podcasts/wissen-am-morgen/folge-112-moore",
            ),
            (
                "art_leserforum.html",
                "https://www.technikblatt.example/forum/t/waermepumpe-im-altbau/87123",
            ),
            (
                "nachrichten_artikel.html",
                "https://www.spiegel.de/wirtschaft/bahnstreik-fernverkehr-a-1234.html",
            ),
        ] {
            let a = built(name, url);
            assert!(!own_tldr(a.page_type), "{name}: {:?}", a.page_type);
            assert_eq!(a.tldr.method, kg_summarize::Method::Extractive, "{name}");
        }
    }

    #[test]
    fn a_listings_items_are_its_headings_else_its_title_lines() {
        let blocks = vec![
            block(BlockKind::Heading, "Klimageld soll 2027 kommen"),
            block(
                BlockKind::Paragraph,
                "Die Koalition einigt sich auf einen Weg.",
            ),
            block(BlockKind::Heading, "Kohleausstieg im Osten wackelt"),
            block(
                BlockKind::Paragraph,
                "Sachsen und Brandenburg fordern mehr Zeit.",
            ),
        ];
        assert_eq!(
            items(PageType::Listing, &blocks),
            [
                "Klimageld soll 2027 kommen",
                "Kohleausstieg im Osten wackelt"
            ]
        );
        let lines: Vec<Block> = blocks
            .iter()
            .map(|b| block(BlockKind::Paragraph, &b.text))
            .collect();
        assert_eq!(
            items(PageType::Listing, &lines),
            [
                "Klimageld soll 2027 kommen",
                "Kohleausstieg im Osten wackelt"
            ]
        );
        assert_eq!(
            items(PageType::Gallery, &lines).len(),
            4,
            "a gallery's paragraphs are its captions"
        );
    }
}
