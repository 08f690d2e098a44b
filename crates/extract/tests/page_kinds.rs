//! Page kinds: each fixture (written for this repository in the shapes sites use) is recognised
//! as its kind, and its kind's content comes out without the page's boilerplate.

use kg_extract::{extract, Article, PageType};

fn page(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(a: &Article) -> String {
    a.text()
}

fn pos(a: &Article, needle: &str) -> usize {
    text(a)
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} missing in:\n{}", text(a)))
}

fn lacks(a: &Article, needle: &str) {
    assert!(
        !text(a).contains(needle),
        "{needle:?} should be gone:\n{}",
        text(a)
    );
}

#[test]
fn german_liveblog_entries_newest_first_with_their_times() {
    let a = extract(
        &page("art_liveblog_ticker.html"),
        Some("https://www.nordkurier-zeitung.de/bayern/hochwasser-liveticker-102.html"),
        None,
    );
    assert_eq!(a.page_type, PageType::Liveblog);
    // Every entry, newest first, each with its time.
    let t1432 = pos(&a, "14:32 Uhr");
    let deg = pos(&a, "Landkreis Deggendorf hat am Nachmittag");
    let t1215 = pos(&a, "12.15 Uhr");
    let scholz = pos(&a, "Bundeskanzler Scholz will am Nachmittag");
    let t0948 = pos(&a, "09:48");
    let feuer = pos(&a, "Die Feuerwehr meldet in Schrobenhausen");
    let morgen = pos(&a, "Guten Morgen, wir beginnen unseren Liveticker");
    assert!(t1432 < deg && deg < t1215 && t1215 < scholz);
    assert!(scholz < t0948 && t0948 < feuer && feuer < morgen);
    lacks(&a, "Meistgelesen");
    lacks(&a, "Impressum");
    lacks(&a, "Startseite");
}

#[test]
fn liveblog_written_oldest_first_comes_out_newest_first() {
    // The same ticker with its entries in chronological order (some sites append).
    let html = String::from_utf8(page("art_liveblog_ticker.html")).unwrap();
    let start = html.find("<div class=\"ticker-entries\">").unwrap();
    let end = html[start..].find("</article>").unwrap() + start;
    let block = &html[start..end];
    let mut entries: Vec<&str> = block.split("<div class=\"ticker-entry\"").skip(1).collect();
    entries.reverse();
    let mut reversed = String::from("<div class=\"ticker-entries\">");
    for e in entries {
        reversed.push_str("<div class=\"ticker-entry\"");
        reversed.push_str(e.trim_end().trim_end_matches("</div>"));
        reversed.push_str("</div>\n");
    }
    reversed.push_str("</div>\n");
    let html = format!("{}{}{}", &html[..start], reversed, &html[end..]);
    let a = extract(
        html.as_bytes(),
        Some("https://www.nordkurier-zeitung.de/bayern/hochwasser-liveticker-102.html"),
        None,
    );
    assert_eq!(a.page_type, PageType::Liveblog);
    assert!(pos(&a, "Landkreis Deggendorf") < pos(&a, "Bundeskanzler Scholz"));
    assert!(pos(&a, "Bundeskanzler Scholz") < pos(&a, "Guten Morgen"));
}

#[test]
fn german_photo_gallery_keeps_its_captions() {
    let a = extract(
        &page("art_bildergalerie.html"),
        Some("https://www.stadtanzeiger.de/lokales/bildergalerie-kieler-woche-finale-9912.html"),
        None,
    );
    assert_eq!(a.page_type, PageType::Gallery);
    let first = pos(&a, "Zum Abschluss erleuchtete ein Feuerwerk");
    let last = pos(&a, "Auf der Bühne am Rathausplatz");
    assert!(first < pos(&a, "Windjammerparade") && pos(&a, "Windjammerparade") < last);
    pos(&a, "Kiellinie, wo sich Stand an Stand reihte");
    lacks(&a, "Weitere Bildergalerien");
    lacks(&a, "Impressum");
}

#[test]
fn forum_thread_keeps_every_post_in_order_with_authors() {
    let a = extract(
        &page("art_forum_thread.html"),
        Some("https://forum.bakers.example/t/sourdough-starter-smells-like-acetone/4711"),
        None,
    );
    assert_eq!(a.page_type, PageType::Forum);
    let p1 = pos(&a, "My starter is ten days old");
    let p2 = pos(&a, "That smell means it is hungry");
    let p3 = pos(&a, "I would also discard more");
    let p4 = pos(&a, "Update: after four days");
    assert!(p1 < p2 && p2 < p3 && p3 < p4);
    // The author of a reply stands before it.
    let author = pos(&a, "levainlady");
    assert!(p1 < author && author < p2);
    lacks(&a, "Suggested Topics");
    lacks(&a, "Powered by");
    lacks(&a, "Log in");
}

#[test]
fn product_page_has_description_and_specifications() {
    let a = extract(
        &page("art_produkt.html"),
        Some("https://www.bergladen.example/p/wanderrucksack-alpin-38"),
        None,
    );
    assert_eq!(a.page_type, PageType::Product);
    pos(&a, "Der Alpin 38 ist ein leichter Tourenrucksack");
    pos(&a, "Seitliche Stretchtaschen");
    pos(&a, "Volumen | 38 Liter");
    pos(&a, "Gewicht | 1.150 g");
    lacks(&a, "Kunden kauften auch");
    lacks(&a, "Versandkostenfrei");
}

#[test]
fn listing_keeps_title_and_teaser_of_each_item() {
    let a = extract(
        &page("art_uebersicht.html"),
        Some("https://www.tagesblatt.example/thema/klimapolitik"),
        None,
    );
    assert_eq!(a.page_type, PageType::Listing);
    for (title, teaser) in [
        ("Klimageld soll 2027 kommen", "Die Koalition einigt sich"),
        (
            "Kohleausstieg im Osten wackelt",
            "Sachsen und Brandenburg fordern",
        ),
        (
            "Wärmepumpen-Absatz bricht ein",
            "Der Branchenverband meldet",
        ),
        (
            "Was die Klimakonferenz gebracht hat",
            "Mehr Geld für ärmere Länder",
        ),
    ] {
        assert!(pos(&a, title) < pos(&a, teaser), "{title}");
    }
    lacks(&a, "Datenschutz");
}

#[test]
fn service_page_keeps_its_sections() {
    let a = extract(
        &page("art_dienstleistung.html"),
        Some("https://www.elbe-umzuege.example/leistungen/umzug-hamburg"),
        None,
    );
    assert_eq!(a.page_type, PageType::Service);
    let p = pos(&a, "Privatumzug");
    let f = pos(&a, "Firmenumzug");
    let e = pos(&a, "Entrümpelung");
    assert!(p < f && f < e);
    pos(&a, "Büros ziehen bei uns am Wochenende um");
    pos(&a, "entsorgen wir fachgerecht");
    lacks(&a, "Impressum");
}

#[test]
fn documentation_keeps_code_blocks() {
    let a = extract(
        &page("art_doku.html"),
        Some("https://tomlkit.example.org/docs/config.html"),
        None,
    );
    assert_eq!(a.page_type, PageType::Documentation);
    let code = a
        .blocks
        .iter()
        .filter(|b| b.kind == kg_extract::BlockKind::Preformatted)
        .count();
    assert_eq!(code, 2, "{:#?}", a.blocks);
    pos(&a, "doc = tomlkit.load(f)");
    pos(&a, "Values keep their types");
    pos(&a, "Files must be UTF-8 encoded");
    lacks(&a, "Built with Sphinx");
    lacks(&a, "API reference");
}

#[test]
fn video_page_keeps_description_and_transcript() {
    let a = extract(
        &page("art_video.html"),
        Some("https://www.wissen-kompakt.example/videos/fusionsreaktor-erklaert"),
        None,
    );
    assert_eq!(a.page_type, PageType::Video);
    pos(&a, "In einem Fusionsreaktor verschmelzen Wasserstoffkerne");
    pos(&a, "Ein Magnetfeld hält das heiße Plasma");
    lacks(&a, "© Wissen kompakt");
}

#[test]
fn news_article_stays_an_article() {
    let a = extract(
        &page("nachrichten_artikel.html"),
        Some("https://www.spiegel.de/wirtschaft/bahnstreik-fernverkehr-a-1234.html"),
        None,
    );
    assert_eq!(a.page_type, PageType::Article);
}
