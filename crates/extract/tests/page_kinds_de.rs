//! More page kinds in the shapes German sites write them (beside `page_kinds.rs`, which has one
//! page of each of the nine kinds): a "+++"-style live blog with date-and-time stamps, a news
//! ticker whose entries open with "Update vom …, 13.10 Uhr:" inside one article body, a podcast
//! episode (the video/audio kind) with its transcript, a reader forum thread, and a photo
//! series ("Fotostrecke") whose captions are no `<figcaption>`s. Each is recognised as its kind
//! and keeps its kind's content without the page's boilerplate.

use kg_extract::{extract, Article, PageType};

fn page(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pos(a: &Article, needle: &str) -> usize {
    let text = a.text();
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} missing in:\n{text}"))
}

fn lacks(a: &Article, needle: &str) {
    let text = a.text();
    assert!(!text.contains(needle), "{needle:?} should be gone:\n{text}");
}

#[test]
fn plusplus_live_blog_keeps_its_entries_newest_first_with_date_and_time() {
    let a = extract(
        &page("art_liveblog_plusplus.html"),
        Some("https://www.morgenecho.example/ausland/nahost-liveblog-100.html"),
        None,
    );
    assert_eq!(a.page_type, PageType::Liveblog);
    let t1805 = pos(&a, "18:05 Uhr");
    let kairo = pos(&a, "Die Delegationen haben ihre Gespräche");
    let t1640 = pos(&a, "16:40 Uhr");
    let konvoi = pos(&a, "Ein Konvoi mit 120 Lastwagen");
    let telefon = pos(&a, "Die Außenministerin hat mit ihren Amtskollegen");
    let morgen = pos(&a, "Guten Morgen, in diesem Liveblog");
    assert!(t1805 < kairo && kairo < t1640 && t1640 < konvoi);
    assert!(konvoi < telefon && telefon < morgen);
    lacks(&a, "Mehr zum Thema");
    lacks(&a, "Impressum");
}

#[test]
fn news_ticker_with_update_lines_is_a_live_blog_and_keeps_its_updates_in_order() {
    let a = extract(
        &page("art_newsticker_update.html"),
        Some(
            "https://www.suedkurier-rundschau.example/wirtschaft/bahnstreik-news-ticker-92811.html",
        ),
        None,
    );
    assert_eq!(a.page_type, PageType::Liveblog);
    let u1310 = pos(&a, "Update vom 7. März, 13.10 Uhr: Die Bahn rechnet damit");
    let u1045 = pos(&a, "Update vom 7. März, 10.45 Uhr: Am Hauptbahnhof");
    let u0820 = pos(&a, "Update vom 7. März, 8.20 Uhr: Auf den Autobahnen");
    let erst = pos(&a, "Erstmeldung vom 7. März, 5.30 Uhr: Seit zwei Uhr");
    assert!(u1310 < u1045 && u1045 < u0820 && u0820 < erst);
    lacks(&a, "Das könnte Sie auch interessieren");
}

#[test]
fn podcast_episode_is_the_video_audio_kind_with_description_and_transcript() {
    let a = extract(
        &page("art_podcast.html"),
        Some("https://www.nordwelle.example/podcasts/wissen-am-morgen/folge-112-moore"),
        None,
    );
    assert_eq!(a.page_type, PageType::Video);
    let desc = pos(&a, "Moore bedecken nur drei Prozent der Landfläche");
    let frage = pos(
        &a,
        "was passiert eigentlich, wenn man ein Moor trockenlegt?",
    );
    let antwort = pos(&a, "Das Wasser verdrängt den Sauerstoff");
    assert!(desc < frage && frage < antwort);
    lacks(&a, "Weitere Folgen");
    lacks(&a, "Impressum");
}

#[test]
fn reader_forum_thread_keeps_its_postings_in_order_with_their_authors() {
    let a = extract(
        &page("art_leserforum.html"),
        Some("https://www.technikblatt.example/forum/t/waermepumpe-im-altbau/87123"),
        None,
    );
    assert_eq!(a.page_type, PageType::Forum);
    let p1 = pos(&a, "Unser Haus ist von 1962");
    let author2 = pos(&a, "altbau_nord");
    let p2 = pos(&a, "Bei uns (Baujahr 1958)");
    let p3 = pos(&a, "Entscheidend ist die Heizlast");
    let p4 = pos(&a, "Die Heizlastberechnung ist beauftragt");
    assert!(p1 < author2 && author2 < p2 && p2 < p3 && p3 < p4);
    lacks(&a, "Beliebte Themen");
    lacks(&a, "Forenregeln");
}

#[test]
fn photo_series_keeps_its_captions_without_credits() {
    let a = extract(
        &page("art_bilderstrecke.html"),
        Some(
            "https://www.allgaeuer-landbote.example/region/fotostrecke-almabtrieb-oberstdorf-3321",
        ),
        None,
    );
    assert_eq!(a.page_type, PageType::Gallery);
    let c1 = pos(&a, "Geschmückt mit Blumenkränzen zogen die Kühe");
    let c2 = pos(&a, "Das Kranzrind führt die Herde an");
    let c3 = pos(&a, "Am Scheidplatz sortierten die Hirten");
    let c4 = pos(&a, "Zum Abschluss feierten Einheimische und Gäste");
    assert!(c1 < c2 && c2 < c3 && c3 < c4);
    lacks(&a, "Weitere Fotostrecken");
    lacks(&a, "Impressum");
}

#[test]
fn an_overviews_teaser_cards_are_its_items_not_its_lead() {
    // The cards sit in a `teaser-grid` and each has a `teaser-card__text`: neither is the
    // page's lead. Each item's title is a heading block of its own, followed by its teaser.
    let a = extract(
        &page("art_uebersicht.html"),
        Some("https://www.tagesblatt.example/thema/klimapolitik"),
        None,
    );
    assert_eq!(a.page_type, PageType::Listing);
    assert_eq!(a.teaser, None);
    let headings: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == kg_extract::BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "Klimageld soll 2027 kommen",
            "Kohleausstieg im Osten wackelt",
            "Wärmepumpen-Absatz bricht ein",
            "Was die Klimakonferenz gebracht hat",
        ]
    );
    assert!(
        a.blocks[1].text.starts_with("Die Koalition einigt sich"),
        "{:#?}",
        a.blocks
    );
}
