//! End-to-end tests on article pages written for this repository (tests/fixtures).

use kg_extract::{extract, Article, BlockKind};

fn page(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn has(a: &Article, needle: &str) -> bool {
    a.text().contains(needle)
}

fn iso(d: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    d.map(|d| d.to_rfc3339()).unwrap_or_default()
}

#[test]
fn news_article_body_and_structure() {
    let a = extract(
        &page("nachrichten_artikel.html"),
        Some("https://www.spiegel.de/wirtschaft/bahnstreik-fernverkehr-a-1234.html"),
        None,
    );
    // Body paragraphs, subheadings, list items, quote and table are there, in order.
    assert!(has(
        &a,
        "Seit Mittwochmorgen stehen in weiten Teilen Deutschlands die Fernzüge still."
    ));
    assert!(has(
        &a,
        "Ein Ende des Streiks ist frühestens für Freitagabend vorgesehen."
    ));
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    assert!(kinds.contains(&BlockKind::Heading));
    assert!(kinds.contains(&BlockKind::ListItem));
    assert!(kinds.contains(&BlockKind::Quote));
    let table = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Table)
        .expect("table block");
    assert_eq!(
        table.text,
        "Tag | Fernverkehr\nMittwoch | 20 Prozent\nDonnerstag | 25 Prozent"
    );
    let h = a
        .blocks
        .iter()
        .position(|b| b.text == "Welche Rechte haben Fahrgäste?")
        .unwrap();
    let li = a
        .blocks
        .iter()
        .position(|b| b.text.starts_with("Tickets für den Streikzeitraum"))
        .unwrap();
    assert!(h < li);
    // Teaser from the lead element, not repeated as a block.
    assert_eq!(a.teaser.as_deref(), Some("Die Lokführergewerkschaft hat zum längsten Ausstand des Jahres aufgerufen. Millionen Pendler müssen sich auf Ausfälle einstellen."));
    assert!(!a
        .blocks
        .iter()
        .any(|b| b.text.starts_with("Die Lokführergewerkschaft")));
    assert!(a.text().starts_with("Die Lokführergewerkschaft"));
}

#[test]
fn news_article_boilerplate_removed() {
    let a = extract(
        &page("nachrichten_artikel.html"),
        Some("https://www.spiegel.de/wirtschaft/bahnstreik-fernverkehr-a-1234.html"),
        None,
    );
    for junk in [
        "Cookies",        // cookie banner
        "Startseite",     // navigation
        "Facebook",       // share bar
        "Lesen Sie auch", // related links, inline and in a box
        "Chronik des Tarifstreits",
        "Foto: Boris Roessler", // image credits and captions
        "Leerer Bahnsteig",
        "Newsletter",     // newsletter box
        "Anzeige",        // ad label
        "Mehr zum Thema", // related box
        "Lufthansa",
        "Kommentare", // comments
        "unzumutbar",
        "Alle Rechte vorbehalten", // footer
        "Impressum",
        "Streik bei der Bahn", // kicker
        "Von Anna Beispiel",   // byline
        "kein Text",           // script content
    ] {
        assert!(!has(&a, junk), "boilerplate kept: {junk}\n{}", a.text());
    }
}

#[test]
fn news_article_metadata() {
    let a = extract(
        &page("nachrichten_artikel.html"),
        Some("https://www.spiegel.de/wirtschaft/bahnstreik-fernverkehr-a-1234.html"),
        None,
    );
    assert_eq!(
        a.title.as_deref(),
        Some("Bahnstreik legt Fernverkehr lahm: Was Reisende jetzt wissen müssen")
    );
    assert_eq!(iso(a.published), "2025-03-12T06:45:00+01:00");
    assert_eq!(iso(a.modified), "2025-03-12T09:10:00+01:00");
    assert_eq!(a.author.as_deref(), Some("Anna Beispiel, Jonas Muster"));
    assert_eq!(a.language.as_deref(), Some("de"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://www.spiegel.de/wirtschaft/bahnstreik-fernverkehr-a-1234.html")
    );
    assert_eq!(a.site_name.as_deref(), Some("DER SPIEGEL"));
    assert_eq!(
        a.image.as_deref(),
        Some("https://www.spiegel.de/images/bahnstreik-1200.jpg")
    );
    assert!(!a.paywalled);
    assert!(a
        .description
        .as_deref()
        .unwrap_or("")
        .starts_with("Die Lokführergewerkschaft"));
}

#[test]
fn windows_1252_page_after_long_script() {
    let a = extract(&page("latin1_umlaute.html"), None, None);
    assert_eq!(
        a.title.as_deref(),
        Some("Grüße aus München: Oktoberfest bricht Besucherrekord")
    );
    assert!(has(
        &a,
        "Mehr als sieben Millionen Gäste haben in diesem Jahr die Wiesn besucht."
    ));
    assert!(has(
        &a,
        "Der Bierpreis lag erstmals bei über 15 Euro für die Maß, was viele Gäste ärgerte."
    ));
    assert!(!has(&a, "Impressum"));
    assert_eq!(iso(a.published), "2024-10-06T18:30:00+02:00");
    // The HTTP header wins over the page's declaration.
    let b = extract(
        &page("latin1_umlaute.html"),
        None,
        Some("text/html; charset=utf-8"),
    );
    assert!(!b.text().contains("Gäste"));
}

#[test]
fn json_ld_graph_dates_only() {
    let a = extract(
        &page("jsonld_daten.html"),
        Some("https://www.lokalblatt.example/stadt/radweg"),
        None,
    );
    assert_eq!(iso(a.published), "2025-07-14T17:05:00+02:00");
    assert_eq!(iso(a.modified), "2025-07-15T08:00:00+02:00");
    assert_eq!(a.title.as_deref(), Some("Stadtrat beschließt neuen Radweg"));
    assert_eq!(a.author.as_deref(), Some("Petra Probe"));
    assert_eq!(a.language.as_deref(), Some("de"));
    assert_eq!(
        a.image.as_deref(),
        Some("https://www.lokalblatt.example/bilder/radweg.jpg")
    );
    assert!(has(
        &a,
        "Die Kosten von rund 2,4 Millionen Euro trägt zu zwei Dritteln das Land."
    ));
    assert!(!has(&a, "Radverkehr"));
    assert!(!has(&a, "›"));
}

#[test]
fn german_text_date_in_berlin_time() {
    let a = extract(&page("textdatum.html"), None, None);
    assert_eq!(iso(a.published), "2025-12-27T14:17:00+01:00");
    assert_eq!(
        a.title.as_deref(),
        Some("Hochwasser: Pegel der Elbe steigt weiter")
    );
    // The description is the visible first paragraph: it becomes the teaser.
    assert_eq!(
        a.teaser.as_deref(),
        Some("In Dresden wird ein Höchststand von über sieben Metern erwartet.")
    );
    assert!(has(
        &a,
        "Helfer des Technischen Hilfswerks errichteten am Terrassenufer mobile Schutzwände."
    ));
    assert!(!has(&a, "Schon gelesen"));
    assert!(!has(&a, "Bild: Sebastian Kahnert"));
    assert!(!has(&a, "Stand:"));

    let b = extract(&page("textdatum_monat.html"), None, None);
    assert_eq!(iso(b.published), "2024-03-03T00:00:00+01:00");
    assert!(b
        .text()
        .contains("Nach vierzig Jahren schließt die kleine Buchhandlung"));
}

#[test]
fn paywalled_article_is_flagged() {
    let a = extract(&page("bezahlartikel.html"), None, None);
    assert!(a.paywalled);
    assert_eq!(a.title.as_deref(), Some("Wie ein Dorf seine Zukunft plant"));
    assert_eq!(
        a.teaser.as_deref(),
        Some("Ein Ort in der Uckermark stemmt sich gegen den Wegzug der Jungen. Eine Reportage.")
    );
    assert!(has(&a, "Am Ortseingang steht ein neues Schild"));
    assert!(!has(&a, "Jetzt weiterlesen"));
    assert!(!has(&a, "abonnieren"));

    let z = extract(&page("zplus_ohne_jsonld.html"), None, None);
    assert!(z.paywalled);
    assert_eq!(z.title.as_deref(), Some("Die Rente ist sicher – oder?"));
    assert_eq!(z.teaser.as_deref(), Some("Warum die Reform der Alterssicherung wieder vertagt wird und was das für Jüngere bedeutet."));
    assert!(!z.text().contains("Weiterlesen mit Z+"));

    let free = extract(&page("jsonld_daten.html"), None, None);
    assert!(!free.paywalled);
}

#[test]
fn url_date_language_meta_and_preformatted() {
    let a = extract(
        &page("url_und_time.html"),
        Some("https://www.stadt.example/2025/05/09/wochenmarkt-zieht-um.html"),
        None,
    );
    assert_eq!(iso(a.published), "2025-05-09T00:00:00+02:00");
    assert_eq!(a.language.as_deref(), Some("de"));
    let pre = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Preformatted)
        .expect("pre block");
    assert_eq!(pre.text, "Mo–Fr  7–13 Uhr\nSa     7–14 Uhr");
}

#[test]
fn never_panics_on_odd_input() {
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"<".to_vec(),
        b"<<<>>></</<!--".to_vec(),
        b"<html><body><p>unterminated <b>bold <i>italic</p></div></span>".to_vec(),
        b"\xff\xfe<\x00p\x00>\x00".to_vec(),
        b"<meta charset=\"x-unknown-charset\"><p>text &#xFFFFFFFF; &#0; &; &#x;</p>".to_vec(),
        b"<script type=\"application/ld+json\">{\"@graph\": [[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}</script>".to_vec(),
        b"<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>".to_vec(),
        b"<p>25.13.2025 99:99 Uhr 31. Februar 2024</p>".to_vec(),
        vec![0xC3; 1000],
    ];
    for html in inputs {
        let _ = extract(&html, Some("not a url"), Some("text/html; charset=\"utf-8"));
    }
}

#[test]
fn pathological_pages_stay_fast() {
    let started = std::time::Instant::now();
    let mut deep = String::from("<html><body>");
    for _ in 0..100_000 {
        deep.push_str("<div><span>");
    }
    deep.push_str("Tief verschachtelter Text.");
    let a = extract(deep.as_bytes(), None, None);
    assert!(a.text().contains("Tief verschachtelter Text."));

    let mut script = String::from("<html><head><script>");
    script.push_str(&"var a = '<p>x</p>';".repeat(300_000));
    script.push_str("</script></head><body><p>Der eigentliche Artikel beginnt hier und hat genug Text, um erkannt zu werden, auch wenn er kurz ist.</p></body></html>");
    let b = extract(script.as_bytes(), None, None);
    assert!(b.text().contains("Der eigentliche Artikel"));
    assert!(!b.text().contains("var a"));

    let mut wide = String::from("<html><body><div class=\"article-body\">");
    for i in 0..50_000 {
        wide.push_str(&format!(
            "<p>Absatz {i} mit etwas Text, damit er zählt.</p>"
        ));
    }
    wide.push_str("</div></body></html>");
    let c = extract(wide.as_bytes(), None, None);
    assert!(c.blocks.len() > 40_000);

    // Tens of thousands of text modules with one class and of body-class siblings: joining
    // them stays a single walk.
    let mut modules = String::from("<html><body><h1>T</h1><div class=\"wrap\">");
    for i in 0..50_000 {
        modules.push_str(&format!(
            "<div class=\"w\"><div class=\"c-text\"><p>Ein Satz mit Inhalt, Nummer {i}, und mehr Text.</p></div></div>"
        ));
    }
    modules.push_str("</div><div class=\"x\">");
    for i in 0..30_000 {
        modules.push_str(&format!(
            "<div class=\"article-body\"><p>Artikeltext Nummer {i}, mit Kommas, und mehr Worten.</p></div>"
        ));
    }
    modules.push_str("</div></body></html>");
    let d = extract(modules.as_bytes(), None, None);
    assert!(d.blocks.len() >= 30_000, "{}", d.blocks.len());
    assert!(d.text().contains("Artikeltext Nummer 29999"));
    // Generous bound for debug builds on a shared machine; release is far faster.
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn site_rules_for_german_outlets() {
    let cases = [
        (
            "regel_tagesschau.html",
            "https://www.tagesschau.de/inland/haushalt-100.html",
            "Vor allem die Ausnahmen von der Schuldenbremse",
            "Haushaltswoche im Überblick",
        ),
        (
            "regel_zeit.html",
            "https://www.zeit.de/wissen/2025-06/baeume-staedte",
            "Allerdings sterben jedes Jahr Tausende Stadtbäume",
            "Eine Straße in Köln",
        ),
        (
            "regel_faz.html",
            "https://www.faz.net/aktuell/finanzen/ezb-leitzins-123.html",
            "Die Teuerung im Euroraum liegt inzwischen",
            "Mehr zur Geldpolitik",
        ),
        (
            "regel_spiegel.html",
            "https://www.spiegel.de/wissenschaft/sonde-a-123.html",
            "In den kommenden Monaten soll die Sonde",
            "Ebenfalls spannend",
        ),
    ];
    for (file, url, body, stripped) in cases {
        let a = extract(&page(file), Some(url), None);
        assert!(has(&a, body), "{file}: body missing\n{}", a.text());
        assert!(
            !has(&a, stripped),
            "{file}: stripped text kept\n{}",
            a.text()
        );
    }
    // Subheadings named by the rule keep their kind.
    let t = extract(
        &page("regel_tagesschau.html"),
        Some("https://www.tagesschau.de/inland/haushalt-100.html"),
        None,
    );
    assert!(t
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Heading && b.text == "Streit um die Schuldenbremse"));
    assert_eq!(t.title.as_deref(), Some("Bundestag beschließt Haushalt"));
    // Without the host the rule does not apply (generic extraction keeps the teaser paragraph).
    let g = extract(
        &page("regel_tagesschau.html"),
        Some("https://example.org/x"),
        None,
    );
    assert!(g.text().contains("Vor allem die Ausnahmen"));
}

#[test]
fn cookie_dialog_and_author_box_removed() {
    let a = extract(&page("cookie_dialog_und_autorenbox.html"), None, None);
    assert!(has(
        &a,
        "Die Stadtwerke senken zum ersten Januar den Arbeitspreis für Erdgas"
    ));
    assert!(has(&a, "sagte die Geschäftsführerin."));
    // The consent dialog holds more paragraph text than the article: it still goes.
    assert!(!has(&a, "Cookies"));
    assert!(!has(&a, "Datenschutz-Einstellungen"));
    // "Über den Autor" in the second half ends the article: heading and biography go.
    assert!(!has(&a, "Über den Autor"));
    assert!(!has(&a, "Journalistik studiert"));
}

#[test]
fn text_modules_tables_and_quotes_of_one_body() {
    let a = extract(&page("textmodule_tabelle_ruby.html"), None, None);
    let text = a.text();
    // Text modules of the same class, separated by image and quote modules, all come out.
    for needle in [
        "kein Sitzplatz mehr frei",
        "steht beim Gegner im Tor",
        "setzt auf die Unterstützung der Fans",
        "Anpfiff ist um 18 Uhr",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
    // Rows with data classes ("player-row-1") stay in the table.
    let table = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Table)
        .expect("table block");
    assert!(
        table.text.contains("1 | Titelverteidiger | 24"),
        "{}",
        table.text
    );
    assert!(table.text.contains("2 | Aufsteiger | 19"), "{}", table.text);
    assert!(!has(&a, "Spielplan"));
}

#[test]
fn loose_text_in_a_div_and_ruby_annotations() {
    let a = extract(&page("lose_text_und_ruby.html"), None, None);
    assert!(has(
        &a,
        "Der ambulante Pflegedienst der Gemeinde hat am Morgen Einbrüche in zwei seiner fünf Dienstwagen gemeldet."
    ));
    assert!(!has(&a, "Rathausplatz"));
    assert!(!has(&a, "Februar (58)"));
    // Pronunciation glyphs over the base text are not text.
    assert!(
        has(&a, "子どもの虐待をなくすための法律ができました。"),
        "{}",
        a.text()
    );
}

#[test]
fn url_day_reconciles_metadata_dates() {
    let html = page("datum_url_utc.html");
    // A UTC time one day after the URL's day: the same moment, on the site's day.
    let a = extract(
        &html,
        Some("https://news.example.com/2020/02/24/press-secretary-leaves/"),
        None,
    );
    let p = a.published.expect("date");
    assert_eq!(p.date_naive().to_string(), "2020-02-24");
    assert_eq!(p.timestamp(), 1_582_597_554);
    // Without a URL date, the metadata stands as written.
    let b = extract(
        &html,
        Some("https://news.example.com/press-secretary-leaves"),
        None,
    );
    assert_eq!(iso(b.published), "2020-02-25T02:25:54+00:00");
    // A metadata date years away from the URL's day is not the publication day.
    let c = extract(
        &html,
        Some("https://news.example.com/home/2017/7/12/leaves"),
        None,
    );
    assert_eq!(
        c.published.map(|d| d.date_naive().to_string()).as_deref(),
        Some("2017-07-12")
    );
}

#[test]
fn text_dates_marked_in_the_article() {
    // hAtom "published" written as text beats the clock in the navigation and the marked
    // date of another article after this one.
    let a = extract(&page("datum_hatom_text.html"), None, None);
    assert_eq!(iso(a.published), "2023-10-31T00:00:00+01:00");
    // A forum's "Aktuelle Zeit" and the author's "Registriert:" are not the post's date.
    let f = extract(&page("datum_forum.html"), None, None);
    assert_eq!(iso(f.published), "2009-01-21T05:42:00+01:00");
    // "Letzte Änderung" announces an update; "Erschienen am" the publication.
    let e = extract(&page("datum_erschienen.html"), None, None);
    assert_eq!(iso(e.published), "2023-11-01T00:00:00+01:00");
}

#[test]
fn dc_colon_meta_and_description_dates() {
    let a = extract(&page("datum_dc_meta.html"), None, None);
    assert_eq!(
        a.published.map(|d| d.date_naive().to_string()).as_deref(),
        Some("2009-09-15")
    );
    // The only date of the page is in its description, with an Italian month name.
    let b = extract(&page("datum_beschreibung.html"), None, None);
    assert_eq!(
        b.published.map(|d| d.date_naive().to_string()).as_deref(),
        Some("2020-01-14")
    );
}

#[test]
fn captions_bylines_dates_pagination_and_cms_footers_removed() {
    let a = extract(&page("bildnachweis_und_einbettung.html"), None, None);
    assert!(has(&a, "agreed on Tuesday to combine"));
    assert!(has(&a, "lost half of their staff over the past decade."));
    // A caption ending in a photo credit, a bare byline, the consent placeholder of an embed
    // and the CMS's "posted on" line are not article text.
    assert!(!has(&a, "Associated Press"));
    assert!(!has(&a, "By Michael Hiltzik"));
    assert!(!has(&a, "externen Inhalt"));
    assert!(!has(&a, "This entry was posted"));
    // A date alone on its line, page numbers and the comment form's login prompt.
    assert!(!has(&a, "Nov. 19"));
    assert!(!has(&a, "3 4 5"));
    assert!(!has(&a, "logged in"));
    // A closing heading that is a sentence (a pull quote) is text, not a dangling subheading.
    assert!(has(
        &a,
        "The merger creates a chain of more than 260 daily papers in 47 states."
    ));
}

#[test]
fn shown_dates_before_generic_date_metas() {
    // `<meta name=date>` is often the build date; "Stand:" next to the headline is the article's.
    let a = extract(&page("datum_meta_stand.html"), None, None);
    assert_eq!(iso(a.published), "2020-04-28T18:00:00+02:00");
    // A `<time>` shown with the article beats `dcterms.date` and `pubdate`.
    let b = extract(&page("datum_meta_time.html"), None, None);
    assert_eq!(iso(b.published), "2022-01-25T08:00:00+01:00");
}

#[test]
fn json_ld_article_body_when_the_page_shows_nothing() {
    // A page whose text is rendered by script: JSON-LD `articleBody` gives the paragraphs.
    let html = String::from_utf8(page("jsonld_artikeltext.html")).unwrap();
    let a = extract(html.as_bytes(), None, None);
    assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
    assert!(a.blocks[0]
        .text
        .starts_with("Der Stadtrat hat am Dienstagabend beschlossen"));
    assert!(has(&a, "Der Einzelhandelsverband kritisierte"));
    assert!(!has(&a, "Wird geladen"));
    assert_eq!(iso(a.published), "2025-05-14T09:30:00+02:00");
    // Not for a paywalled article: its text is what everyone sees.
    let paid = html.replace(
        "\"datePublished\"",
        "\"isAccessibleForFree\":false,\"datePublished\"",
    );
    assert_ne!(paid, html);
    let b = extract(paid.as_bytes(), None, None);
    assert!(b.paywalled);
    assert!(!has(&b, "Der Stadtrat hat am Dienstagabend beschlossen"));
}

#[test]
fn slash_dates_read_by_the_page_language() {
    // British English: day first.
    let html = String::from_utf8(page("datum_schraegstrich.html")).unwrap();
    let a = extract(html.as_bytes(), None, None);
    assert_eq!(
        a.published.map(|d| d.date_naive().to_string()).as_deref(),
        Some("2020-10-02")
    );
    // US English: month first.
    let us = html.replace("lang=\"en-gb\"", "lang=\"en-us\"");
    let b = extract(us.as_bytes(), None, None);
    assert_eq!(
        b.published.map(|d| d.date_naive().to_string()).as_deref(),
        Some("2020-02-10")
    );
}

// ---------------------------------------------------------------------------------------------
// Each metadata source on a page where it is the only one.

#[test]
fn og_and_article_meta_tags_as_the_only_sources() {
    let html = page("quelle_og_meta.html");
    let text = String::from_utf8(html.clone()).unwrap();
    // The page has no h1, no JSON-LD, no canonical link and no language markup.
    for absent in ["<h1", "ld+json", "rel=\"canonical\"", "lang="] {
        assert!(!text.contains(absent), "fixture has {absent}");
    }
    let a = extract(&html, None, None);
    // The <title> names only the site: og:title is the headline.
    assert_eq!(a.title.as_deref(), Some("Neues Hallenbad öffnet im Herbst"));
    // og:description is shown as the first paragraph: it becomes the teaser.
    assert_eq!(
        a.teaser.as_deref(),
        Some("Nach zwei Jahren Bauzeit ist das neue Hallenbad am Stadtpark fast fertig. Die Eröffnung ist für den 1. Oktober geplant.")
    );
    // Neither the teaser nor the headline (shown in a span) is repeated as a block.
    assert!(
        a.blocks[0].text.starts_with("Das Bad hat ein Sportbecken"),
        "{:?}",
        a.blocks
    );
    assert_eq!(a.blocks.len(), 2, "{:?}", a.blocks);
    assert_eq!(iso(a.published), "2025-06-03T07:15:00+02:00");
    assert_eq!(iso(a.modified), "2025-06-04T12:00:00+02:00");
    // `<meta name=author>`, without the "Von".
    assert_eq!(a.author.as_deref(), Some("Kai Kurz"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://www.stadtanzeiger.example/lokales/hallenbad-eroeffnung-4711")
    );
    assert_eq!(a.site_name.as_deref(), Some("Stadtanzeiger"));
    assert_eq!(
        a.image.as_deref(),
        Some("https://www.stadtanzeiger.example/bilder/hallenbad.jpg")
    );
    // Without markup the language is guessed from the text.
    assert_eq!(a.language.as_deref(), Some("de"));
    let en = String::from_utf8(page("bildnachweis_und_einbettung.html"))
        .unwrap()
        .replace(" lang=\"en\"", "");
    assert!(!en.contains("lang="));
    assert_eq!(
        extract(en.as_bytes(), None, None).language.as_deref(),
        Some("en")
    );
}

#[test]
fn json_ld_headline_author_and_publisher() {
    let html = page("quelle_jsonld_titel.html");
    let text = String::from_utf8(html.clone()).unwrap();
    for absent in ["<h1", "og:", "<meta name="] {
        assert!(!text.contains(absent), "fixture has {absent}");
    }
    let a = extract(&html, None, None);
    // The <title> is the site's name; the headline is only in JSON-LD.
    assert_eq!(
        a.title.as_deref(),
        Some("Gemeinderat stimmt für neues Baugebiet")
    );
    assert_eq!(a.author.as_deref(), Some("Lena Lang"));
    // No og:site_name: the JSON-LD publisher names the site.
    assert_eq!(a.site_name.as_deref(), Some("Lokalblatt Nordheide"));
    assert_eq!(iso(a.published), "2025-01-20T18:40:00+01:00");
    assert!(a.text().starts_with("Der Gemeinderat hat am Montagabend"));
    // The kicker above the text is not a block.
    assert!(
        !a.blocks.iter().any(|b| b.text == "Wohnen"),
        "{:?}",
        a.blocks
    );
}

#[test]
fn h1_headline_time_elements_and_rel_author() {
    let a = extract(&page("quelle_h1_time.html"), None, None);
    // The <title> is the site's name: the h1 is the headline (and not repeated in the text).
    assert_eq!(
        a.title.as_deref(),
        Some("Feuerwehr rettet Katze vom Kirchturm")
    );
    assert!(!has(&a, "Feuerwehr rettet Katze"));
    // The times come from the <time> elements: the shown text has only the days.
    assert_eq!(iso(a.published), "2024-08-17T10:20:00+02:00");
    assert_eq!(iso(a.modified), "2024-08-18T09:00:00+02:00");
    assert_eq!(a.author.as_deref(), Some("Ole Ober"));
    assert!(a
        .text()
        .starts_with("Zu einem ungewöhnlichen Einsatz ist die Freiwillige Feuerwehr"));
    assert!(!has(&a, "Geschrieben von"));

    // hAtom: `<time class="published">` and `<time class="updated">`.
    let b = extract(&page("datum_time_updated.html"), None, None);
    assert_eq!(iso(b.published), "2025-03-28T09:00:00+01:00");
    assert_eq!(iso(b.modified), "2025-04-02T16:10:00+02:00");
}

#[test]
fn site_names_and_paywall_markers_removed_from_titles() {
    // Only the <title> names the article: its site-name suffix goes, known from " ONLINE" …
    let a = extract(&page("titel_zeit_suffix.html"), None, None);
    assert_eq!(
        a.title.as_deref(),
        Some("Wohnungsbau: Die Mieten steigen weiter")
    );
    // … from the host ("DER SPIEGEL" on spiegel.de) …
    let s = extract(
        &page("regel_spiegel.html"),
        Some("https://www.spiegel.de/wissenschaft/sonde-a-123.html"),
        None,
    );
    assert_eq!(
        s.title.as_deref(),
        Some("Raumfahrt: Sonde erreicht Jupitermond")
    );
    // … and from og:site_name, without the host.
    let spiegel = String::from_utf8(page("regel_spiegel.html")).unwrap();
    let named = spiegel.replacen(
        "<head>",
        "<head><meta property=\"og:site_name\" content=\"DER SPIEGEL\">",
        1,
    );
    assert_ne!(named, spiegel);
    let n = extract(named.as_bytes(), None, None);
    assert_eq!(
        n.title.as_deref(),
        Some("Raumfahrt: Sonde erreicht Jupitermond")
    );
    // A paywall marker is not part of the headline.
    let z = extract(&page("paywall_szplus.html"), None, None);
    assert_eq!(
        z.title.as_deref(),
        Some("Wohnen in München: Warum die Genossenschaften keine Mitglieder mehr aufnehmen")
    );
}

#[test]
fn other_date_metas_and_utc_read_in_berlin_time() {
    let a = extract(&page("datum_meta_andere.html"), None, None);
    // `parsely-pub-date` in UTC ("Z") on a German page: the same moment in Berlin time.
    assert_eq!(iso(a.published), "2024-11-05T07:30:00+01:00");
    assert_eq!(
        a.published.unwrap().timestamp(),
        chrono::DateTime::parse_from_rfc3339("2024-11-05T06:30:00Z")
            .unwrap()
            .timestamp()
    );
    assert_eq!(iso(a.modified), "2024-11-05T15:45:00+01:00");
}

#[test]
fn text_dates_either_side_of_the_clock_change() {
    // Published on the last Saturday of summer time, updated two days later in winter time.
    let a = extract(&page("textdatum_zeitumstellung.html"), None, None);
    assert_eq!(iso(a.published), "2025-10-25T08:00:00+02:00");
    assert_eq!(iso(a.modified), "2025-10-27T11:30:00+01:00");
    assert!(!has(&a, "Aktualisiert"));
    // An "update" dated before the publication is not the modification time.
    let e = extract(&page("datum_erschienen.html"), None, None);
    assert_eq!(iso(e.published), "2023-11-01T00:00:00+01:00");
    assert_eq!(e.modified, None);
}

// ---------------------------------------------------------------------------------------------
// Paywall flag: each marker alone.

#[test]
fn paywall_markers_each_on_their_own() {
    for (file, title, first) in [
        // Visible "SPIEGEL+" before the h1's headline; og:title has none.
        (
            "paywall_spiegelplus_titel.html",
            "Wer haftet, wenn die Maschine irrt?",
            "Ein Kreditantrag wird abgelehnt",
        ),
        // Z+ class on the article.
        (
            "paywall_zplus_klasse.html",
            "Wenn das Geld für die Schwimmbäder fehlt",
            "Viele Gemeinden können ihre Bäder nicht mehr sanieren.",
        ),
        // F+ emblem (an icon) in the headline.
        (
            "paywall_fplus.html",
            "Bauzinsen: Lohnt sich der Hauskauf jetzt wieder?",
            "Die Zinsen für zehnjährige Baukredite",
        ),
        // "SZ Plus" after the title.
        (
            "paywall_szplus.html",
            "Wohnen in München: Warum die Genossenschaften keine Mitglieder mehr aufnehmen",
            "Wer in München eine Genossenschaftswohnung sucht",
        ),
    ] {
        let html = page(file);
        let text = String::from_utf8(html.clone()).unwrap();
        // No other evidence: no JSON-LD, no paywall box.
        assert!(!text.contains("isAccessibleForFree"), "{file}");
        assert!(!text.to_lowercase().contains("paywall"), "{file}");
        let a = extract(&html, None, None);
        assert!(a.paywalled, "{file} not flagged");
        assert_eq!(a.title.as_deref(), Some(title), "{file}");
        assert!(a.text().starts_with(first), "{file}: {}", a.text());
    }
    // The same markers on a teaser for another article do not flag a free one.
    let free = extract(&page("zplus_teaser_frei.html"), None, None);
    assert!(!free.paywalled);
    assert!(has(&free, "Die Fahrzeit sinkt damit"));
    assert!(!has(&free, "Bahnsanierung"));
}

#[test]
fn body_cut_short_after_the_teaser_is_paywalled() {
    let html = String::from_utf8(page("paywall_abgeschnitten.html")).unwrap();
    let a = extract(html.as_bytes(), None, None);
    assert!(a.paywalled);
    assert_eq!(
        a.teaser.as_deref(),
        Some("Nach drei trockenen Sommern streiten Bauern, Wasserwerke und Naturschützer darüber, wer wie viel Grundwasser entnehmen darf.")
    );
    assert_eq!(a.blocks.len(), 1, "{:?}", a.blocks);
    assert!(a.blocks[0]
        .text
        .starts_with("Auf dem Hof von Jens Albrecht"));
    // The prompt is not article text.
    assert!(!has(&a, "Digitalabo"));
    assert!(!has(&a, "Wie geht es weiter"));
    // The same box under a full article (sites ship it on every page): not paywalled.
    let rest = "<p>Der Landkreis hat die Entnahmemengen für das kommende Jahr bereits gesenkt, \
        die Bauern halten die Messungen der Behörde jedoch für veraltet und fordern neue Gutachten \
        für jeden einzelnen Brunnen, bevor die Mengen weiter sinken.</p>"
        .repeat(12);
    let full = html.replace("<!-- ARTIKEL-FORTSETZUNG -->", &rest);
    assert_ne!(full, html);
    let b = extract(full.as_bytes(), None, None);
    assert!(!b.paywalled);
    assert!(b.blocks.len() > 10);
    assert!(!has(&b, "Digitalabo"));
}

// ---------------------------------------------------------------------------------------------
// Boilerplate in other markup than in nachrichten_artikel.html, and the body's structure.

#[test]
fn boilerplate_in_other_markup_removed_structure_kept() {
    let a = extract(&page("boilerplate_varianten.html"), None, None);
    for junk in [
        "Partner speichern", // consent dialog (role=dialog, no "cookie" class)
        "Alle akzeptieren",
        "Vereinsleben",   // role=navigation
        "Einbauküche",    // ad slot
        "Anzeige",        // its label
        "WhatsApp",       // share buttons (shariff)
        "Lesen Sie auch", // inline related link
        "Freibadsaison",
        "Ulrike Muster",    // image credit by class (no "Foto:")
        "Morgen-Überblick", // newsletter box (signup)
        "Postfach",
        "Das könnte Sie", // recommendation box
        "Baubeginn",
        "Früher hat man", // comments (Disqus)
        "Nachbarstadt",
    ] {
        assert!(!has(&a, junk), "boilerplate kept: {junk}\n{}", a.text());
    }
    // Teaser first, then the body's blocks in order and of their kinds.
    assert!(a
        .text()
        .starts_with("Jedes zweite Kind verlässt die Grundschule"));
    let got: Vec<(BlockKind, String)> = a
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.chars().take(20).collect()))
        .collect();
    let want: Vec<(BlockKind, String)> = [
        (BlockKind::Paragraph, "In der Kreisstadt wa"),
        (BlockKind::Heading, "Zu wenig Wasserzeit"),
        (BlockKind::Paragraph, "Der Engpass hat mehr"),
        (BlockKind::ListItem, "Zwei Lehrschwimmbeck"),
        (BlockKind::ListItem, "Ehrenamtliche Ausbil"),
        (BlockKind::ListItem, "Die Schulen bekommen"),
        (BlockKind::Quote, "„Ein Kind, das nicht"),
        (BlockKind::Table, "Jahr | Kinder auf de"),
        (BlockKind::Paragraph, "Der Kreistag will im"),
    ]
    .into_iter()
    .map(|(k, t)| (k, t.to_string()))
    .collect();
    assert_eq!(got, want);
    let table = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Table)
        .unwrap();
    assert_eq!(
        table.text,
        "Jahr | Kinder auf der Warteliste\n2023 | 180\n2024 | 310"
    );
}

// ---------------------------------------------------------------------------------------------
// Charsets.

#[test]
fn charsets_declared_sniffed_and_from_byte_order_marks() {
    for (file, title, phrase) in [
        // `<meta charset=windows-1252>` with „“, – and €.
        (
            "zeichensatz_cp1252.html",
            "Straßenfest in Köln: „Wir feiern trotz Regen“",
            "Der Eintritt kostete 5 €, Kinder unter zwölf Jahren zahlten nichts. „Die Stimmung war großartig“",
        ),
        // ISO-8859-1 declared, windows-1252 bytes used: read as windows-1252, as browsers do.
        (
            "zeichensatz_latin1_mit_cp1252_zeichen.html",
            "Übernachtungen: Rekord im Allgäu",
            "Ein Doppelzimmer kostete im Schnitt 118 € pro Nacht. „Wir sind ausgebucht“, heißt es aus Füssen.",
        ),
        // No declaration: not UTF-8, so windows-1252.
        (
            "zeichensatz_ohne_angabe_cp1252.html",
            "Bäckerei schließt nach 111 Jahren",
            "bis auf die Straße – „ein würdiger Abschied“, sagte der Bäckermeister.",
        ),
        // No declaration, valid UTF-8.
        (
            "zeichensatz_ohne_angabe_utf8.html",
            "Grünflächenamt pflanzt Obstbäume",
            "wachsen künftig Äpfel, Birnen und Süßkirschen – jeder darf ernten.",
        ),
        // UTF-16LE with a byte-order mark.
        (
            "zeichensatz_bom_utf16le.html",
            "Fähre nach Föhr fällt aus",
            "Die Reederei erstattet die Fahrkarten – „Sicherheit geht vor“, teilte sie mit.",
        ),
        // A UTF-8 byte-order mark beats a stale `<meta charset=windows-1252>`.
        (
            "zeichensatz_bom_utf8.html",
            "Müllabfuhr kommt künftig später",
            "Grund sind neue Touren für die größeren Fahrzeuge – „niemand muss etwas ändern“",
        ),
        // ISO-8859-1 declared after a long script, past the first 1024 bytes.
        (
            "latin1_umlaute.html",
            "Grüße aus München: Oktoberfest bricht Besucherrekord",
            "Die Polizei meldete trotz des Andrangs weniger Zwischenfälle als im Vorjahr.",
        ),
    ] {
        let a = extract(&page(file), None, None);
        assert_eq!(a.title.as_deref(), Some(title), "{file}");
        assert!(has(&a, phrase), "{file}: {}", a.text());
    }
    let late = page("latin1_umlaute.html");
    let at = late
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"charset"))
        .unwrap();
    assert!(at > 1024, "declaration at byte {at}");
    // The fixtures really are in the encodings they claim.
    assert!(std::str::from_utf8(&page("zeichensatz_cp1252.html")).is_err());
    assert!(page("zeichensatz_cp1252.html").contains(&0x84)); // „ in windows-1252
    assert!(page("zeichensatz_bom_utf16le.html").starts_with(&[0xFF, 0xFE]));
}

#[test]
fn http_header_charset_beats_the_page() {
    // UTF-8 bytes under a stale ISO-8859-1 declaration: the page alone reads as mojibake …
    let html = page("zeichensatz_header_utf8.html");
    assert!(std::str::from_utf8(&html).is_ok());
    let a = extract(&html, None, None);
    assert!(!has(&a, "Glühwein"), "{}", a.text());
    // … the server's header gives the right text.
    let b = extract(&html, None, Some("text/html; charset=UTF-8"));
    assert_eq!(
        b.title.as_deref(),
        Some("Glühweinpreise: Tasse kostet 4,50 €")
    );
    assert!(has(
        &b,
        "Die Händler verweisen auf höhere Standmieten. „Für Familien wird es schwierig“"
    ));
}

// ---------------------------------------------------------------------------------------------
// Site rules: every built-in rule has a page here that needs it.

/// A site rule's test page: (fixture, URL, texts of the rule's body selectors with their
/// kinds, texts its strip selectors remove).
type RuleCase<'a> = (&'a str, &'a str, &'a [(BlockKind, &'a str)], &'a [&'a str]);

#[test]
fn every_site_rule_has_a_page_that_needs_it() {
    let cases: &[RuleCase<'_>] = &[
        (
            "regel_tagesschau.html",
            "https://www.tagesschau.de/inland/haushalt-100.html",
            &[
                (BlockKind::Paragraph, "Der Bundestag hat am Freitag"),
                (BlockKind::Heading, "Streit um die Schuldenbremse"),
                (BlockKind::Paragraph, "Vor allem die Ausnahmen"),
            ],
            &["Haushaltswoche im Überblick", "Teilen Sie diesen Artikel"],
        ),
        (
            "regel_zeit.html",
            "https://www.zeit.de/wissen/2025-06/baeume-staedte",
            &[
                (BlockKind::Paragraph, "Deutschlands Großstädte wollen"),
                (BlockKind::Heading, "Trockene Sommer setzen den Bäumen zu"),
                (BlockKind::Paragraph, "Besonders gefragt sind diese Arten:"),
                (BlockKind::ListItem, "Feldahorn aus dem Mittelmeerraum"),
                (BlockKind::ListItem, "Silberlinde aus Südosteuropa"),
                (BlockKind::ListItem, "Zerr-Eiche aus dem Balkan"),
            ],
            &["Eine Straße in Köln", "abopflichtiger Inhalt"],
        ),
        (
            "regel_faz.html",
            "https://www.faz.net/aktuell/finanzen/ezb-leitzins-123.html",
            &[
                (BlockKind::Paragraph, "Die Europäische Zentralbank hat"),
                (BlockKind::Heading, "Inflation nähert sich dem Ziel"),
                (BlockKind::Paragraph, "Die Teuerung im Euroraum"),
            ],
            &["Mehr zur Geldpolitik"],
        ),
        (
            "regel_spiegel.html",
            "https://www.spiegel.de/wissenschaft/sonde-a-123.html",
            &[
                (BlockKind::Paragraph, "Nach acht Jahren Flug"),
                (
                    BlockKind::Paragraph,
                    "In den kommenden Monaten soll die Sonde",
                ),
            ],
            &["Ebenfalls spannend", "Digitalabo"],
        ),
    ];
    // No built-in rule without a page.
    for rule in kg_extract::rules::builtin() {
        let host = &rule.hosts[0];
        assert!(
            cases
                .iter()
                .any(|(_, url, _, _)| url.contains(host.as_str())),
            "no test page for the rule of {host}"
        );
    }
    for (file, url, body, stripped) in cases {
        let a = extract(&page(file), Some(url), None);
        for (kind, start) in body.iter() {
            assert!(
                a.blocks
                    .iter()
                    .any(|b| b.kind == *kind && b.text.starts_with(start)),
                "{file}: no {kind:?} block {start:?}\n{:?}",
                a.blocks
            );
        }
        for s in stripped.iter() {
            assert!(!has(&a, s), "{file}: {s:?} kept\n{}", a.text());
        }
        // Under another host the generic extractor keeps some of what the rule removes: the
        // page needs its rule.
        let g = extract(&page(file), Some("https://www.example.org/artikel"), None);
        assert!(
            stripped.iter().any(|s| has(&g, s)),
            "{file}: the rule changes nothing\n{}",
            g.text()
        );
    }
}

/// The page's own section: `article:section` first, else JSON-LD `articleSection` of the
/// article object; a page that names none has none.
#[test]
fn section_from_meta_and_json_ld() {
    let body = "<article><h1>Bundestag beschließt Haushalt</h1><p>Der Bundestag hat am Freitag den \
                Haushalt für das kommende Jahr beschlossen. Die Opposition stimmte dagegen.</p></article>";
    let with_meta = format!(
        "<html lang=de><head><meta property=\"article:section\" content=\"Politik\">\
         <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"articleSection\":\"Wirtschaft\"}}</script>\
         </head><body>{body}</body></html>"
    );
    let a = extract(
        with_meta.as_bytes(),
        Some("https://www.zeitung.example/a/1"),
        None,
    );
    assert_eq!(a.section.as_deref(), Some("Politik"));

    let ld_only = format!(
        "<html lang=de><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
         \"articleSection\":[\"Sport\",\"Fußball\"]}}</script></head><body>{body}</body></html>"
    );
    let a = extract(
        ld_only.as_bytes(),
        Some("https://www.zeitung.example/a/2"),
        None,
    );
    assert_eq!(a.section.as_deref(), Some("Sport"));

    // A WebSite object's "articleSection" is not the article's.
    let none = format!(
        "<html lang=de><head><script type=\"application/ld+json\">{{\"@type\":\"WebSite\",\
         \"articleSection\":\"Sport\"}}</script></head><body>{body}</body></html>"
    );
    let a = extract(
        none.as_bytes(),
        Some("https://www.zeitung.example/a/3"),
        None,
    );
    assert_eq!(a.section, None);
}
