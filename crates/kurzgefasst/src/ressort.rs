//! Ressorts: the small fixed list of newspaper sections an article is filed under ("Politik",
//! "Sport", …), and how an article's own section, its feed entry's categories and its URL path
//! map to one. Pure: ingest decides an article's Ressort with [`decide`], the store keeps its
//! [`Ressort::slug`], the pages show its [`Ressort::label`].

use serde::Serialize;

/// One of the fixed Ressorts. The order is the one the navigation shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ressort {
    /// Domestic and foreign politics.
    Politik,
    /// Economy, business, finance.
    Wirtschaft,
    /// Sport.
    Sport,
    /// Culture and the arts (Feuilleton).
    Kultur,
    /// Science, nature, climate.
    Wissenschaft,
    /// Society and miscellany (Panorama, Vermischtes).
    Panorama,
    /// Technology and the internet.
    Netzwelt,
    /// Health and medicine.
    Gesundheit,
    /// Opinion: commentary, columns, debate.
    Meinung,
}

impl Ressort {
    /// Every Ressort, in navigation order.
    pub const ALL: [Ressort; 9] = [
        Ressort::Politik,
        Ressort::Wirtschaft,
        Ressort::Sport,
        Ressort::Kultur,
        Ressort::Wissenschaft,
        Ressort::Panorama,
        Ressort::Netzwelt,
        Ressort::Gesundheit,
        Ressort::Meinung,
    ];

    /// The stored and URL form (`/ressort/politik`).
    pub fn slug(self) -> &'static str {
        match self {
            Ressort::Politik => "politik",
            Ressort::Wirtschaft => "wirtschaft",
            Ressort::Sport => "sport",
            Ressort::Kultur => "kultur",
            Ressort::Wissenschaft => "wissenschaft",
            Ressort::Panorama => "panorama",
            Ressort::Netzwelt => "netzwelt",
            Ressort::Gesundheit => "gesundheit",
            Ressort::Meinung => "meinung",
        }
    }

    /// The label shown to readers, German (`en = false`) or English.
    pub fn label(self, en: bool) -> &'static str {
        match (self, en) {
            (Ressort::Politik, false) => "Politik",
            (Ressort::Politik, true) => "Politics",
            (Ressort::Wirtschaft, false) => "Wirtschaft",
            (Ressort::Wirtschaft, true) => "Business",
            (Ressort::Sport, _) => "Sport",
            (Ressort::Kultur, false) => "Kultur",
            (Ressort::Kultur, true) => "Culture",
            (Ressort::Wissenschaft, false) => "Wissenschaft",
            (Ressort::Wissenschaft, true) => "Science",
            (Ressort::Panorama, _) => "Panorama",
            (Ressort::Netzwelt, false) => "Netzwelt",
            (Ressort::Netzwelt, true) => "Tech",
            (Ressort::Gesundheit, false) => "Gesundheit",
            (Ressort::Gesundheit, true) => "Health",
            (Ressort::Meinung, false) => "Meinung",
            (Ressort::Meinung, true) => "Opinion",
        }
    }

    /// The Ressort whose [`Ressort::slug`] is `slug`.
    pub fn from_slug(slug: &str) -> Option<Ressort> {
        Ressort::ALL.into_iter().find(|r| r.slug() == slug)
    }
}

/// Words (lower case, umlauts folded as in [`fold`]) that name a Ressort when they stand as a
/// section name, a feed category or a URL path segment: German sites' own section names and
/// their English equivalents.
const WORDS: &[(&str, Ressort)] = &[
    ("politik", Ressort::Politik),
    ("inland", Ressort::Politik),
    ("ausland", Ressort::Politik),
    ("deutschland", Ressort::Politik),
    ("europa", Ressort::Politik),
    ("international", Ressort::Politik),
    ("bundestagswahl", Ressort::Politik),
    ("wahl", Ressort::Politik),
    ("wahlen", Ressort::Politik),
    ("politics", Ressort::Politik),
    ("world", Ressort::Politik),
    ("worldnews", Ressort::Politik),
    ("election", Ressort::Politik),
    ("elections", Ressort::Politik),
    ("wirtschaft", Ressort::Wirtschaft),
    ("finanzen", Ressort::Wirtschaft),
    ("geld", Ressort::Wirtschaft),
    ("boerse", Ressort::Wirtschaft),
    ("unternehmen", Ressort::Wirtschaft),
    ("business", Ressort::Wirtschaft),
    ("economy", Ressort::Wirtschaft),
    ("money", Ressort::Wirtschaft),
    ("markets", Ressort::Wirtschaft),
    ("finance", Ressort::Wirtschaft),
    ("sport", Ressort::Sport),
    ("sports", Ressort::Sport),
    ("fussball", Ressort::Sport),
    ("bundesliga", Ressort::Sport),
    ("olympia", Ressort::Sport),
    ("tennis", Ressort::Sport),
    ("football", Ressort::Sport),
    ("soccer", Ressort::Sport),
    ("kultur", Ressort::Kultur),
    ("feuilleton", Ressort::Kultur),
    ("kino", Ressort::Kultur),
    ("film", Ressort::Kultur),
    ("musik", Ressort::Kultur),
    ("literatur", Ressort::Kultur),
    ("buecher", Ressort::Kultur),
    ("kunst", Ressort::Kultur),
    ("theater", Ressort::Kultur),
    ("medien", Ressort::Kultur),
    ("culture", Ressort::Kultur),
    ("arts", Ressort::Kultur),
    ("books", Ressort::Kultur),
    ("music", Ressort::Kultur),
    ("movies", Ressort::Kultur),
    ("entertainment", Ressort::Kultur),
    ("wissenschaft", Ressort::Wissenschaft),
    ("wissen", Ressort::Wissenschaft),
    ("forschung", Ressort::Wissenschaft),
    ("natur", Ressort::Wissenschaft),
    ("umwelt", Ressort::Wissenschaft),
    ("klima", Ressort::Wissenschaft),
    ("weltraum", Ressort::Wissenschaft),
    ("science", Ressort::Wissenschaft),
    ("environment", Ressort::Wissenschaft),
    ("climate", Ressort::Wissenschaft),
    ("space", Ressort::Wissenschaft),
    ("panorama", Ressort::Panorama),
    ("gesellschaft", Ressort::Panorama),
    ("vermischtes", Ressort::Panorama),
    ("leute", Ressort::Panorama),
    ("justiz", Ressort::Panorama),
    ("kriminalitaet", Ressort::Panorama),
    ("society", Ressort::Panorama),
    ("people", Ressort::Panorama),
    ("lifestyle", Ressort::Panorama),
    ("netzwelt", Ressort::Netzwelt),
    ("digital", Ressort::Netzwelt),
    ("technik", Ressort::Netzwelt),
    ("netzpolitik", Ressort::Netzwelt),
    ("internet", Ressort::Netzwelt),
    ("computer", Ressort::Netzwelt),
    ("tech", Ressort::Netzwelt),
    ("technology", Ressort::Netzwelt),
    ("gesundheit", Ressort::Gesundheit),
    ("medizin", Ressort::Gesundheit),
    ("health", Ressort::Gesundheit),
    ("meinung", Ressort::Meinung),
    ("kommentar", Ressort::Meinung),
    ("kommentare", Ressort::Meinung),
    ("kolumne", Ressort::Meinung),
    ("kolumnen", Ressort::Meinung),
    ("debatte", Ressort::Meinung),
    ("leitartikel", Ressort::Meinung),
    ("opinion", Ressort::Meinung),
    ("commentisfree", Ressort::Meinung),
    ("editorial", Ressort::Meinung),
];

/// `s` in lower case with German umlauts and ß written out (`Börse` → `boerse`).
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// The Ressort of one word, already folded.
fn of_word(w: &str) -> Option<Ressort> {
    WORDS.iter().find(|(k, _)| *k == w).map(|&(_, r)| r)
}

/// The Ressort a section or category name stands for: the first of its words that names one
/// ("Sport > Fußball" → Sport, "Ausland" → Politik, "Nachrichten" → none).
pub fn from_name(name: &str) -> Option<Ressort> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .find_map(of_word)
}

/// The Ressort that the URL's path files the article under: the first of its folder segments
/// (every segment but the last, which names the article itself) that is a Ressort's word, whole
/// or as the first part of a hyphenated segment (`/politik/ausland/…`, `/aktuell/sport/…`,
/// `/technik-motor/…`). The article's own slug never counts, so a headline word cannot decide.
pub fn from_url(url: &str) -> Option<Ressort> {
    let parsed = url::Url::parse(url).ok()?;
    let segments: Vec<&str> = parsed.path_segments()?.filter(|s| !s.is_empty()).collect();
    let folders = segments.len().checked_sub(1)?;
    segments[..folders].iter().take(4).find_map(|seg| {
        let seg = fold(seg);
        of_word(&seg).or_else(|| seg.split('-').next().and_then(of_word))
    })
}

/// An article's Ressort: what the page itself says (`article:section`, JSON-LD
/// `articleSection`) first, then its feed entry's categories, then its URL's path; none when
/// none of them names one of the fixed Ressorts.
pub fn decide(section: Option<&str>, feed_categories: &[String], url: &str) -> Option<Ressort> {
    section
        .and_then(from_name)
        .or_else(|| feed_categories.iter().find_map(|c| from_name(c)))
        .or_else(|| from_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_of_german_and_english_sites() {
        let cases = [
            (
                "https://www.spiegel.de/politik/deutschland/haushalt-a-123.html",
                Some(Ressort::Politik),
            ),
            (
                "https://www.tagesschau.de/ausland/europa/wahl-frankreich-100.html",
                Some(Ressort::Politik),
            ),
            (
                "https://www.tagesschau.de/wirtschaft/konjunktur/ifo-100.html",
                Some(Ressort::Wirtschaft),
            ),
            (
                "https://www.faz.net/aktuell/sport/fussball/bundesliga-1.html",
                Some(Ressort::Sport),
            ),
            (
                "https://www.faz.net/aktuell/feuilleton/kino/film-1.html",
                Some(Ressort::Kultur),
            ),
            (
                "https://www.zeit.de/wissen/umwelt/2025-01/klima.html",
                Some(Ressort::Wissenschaft),
            ),
            (
                "https://www.spiegel.de/panorama/justiz/prozess-a-1.html",
                Some(Ressort::Panorama),
            ),
            (
                "https://www.spiegel.de/netzwelt/gadgets/iphone-a-1.html",
                Some(Ressort::Netzwelt),
            ),
            (
                "https://www.faz.net/aktuell/technik-motor/auto.html",
                Some(Ressort::Netzwelt),
            ),
            (
                "https://www.sueddeutsche.de/meinung/kommentar-1.html",
                Some(Ressort::Meinung),
            ),
            (
                "https://www.theguardian.com/world/2025/jan/01/story",
                Some(Ressort::Politik),
            ),
            (
                "https://www.theguardian.com/commentisfree/2025/jan/01/x",
                Some(Ressort::Meinung),
            ),
            ("https://www.bbc.com/news/business-12345", None),
            (
                "https://www.bbc.com/sport/football/12345",
                Some(Ressort::Sport),
            ),
            // The article's own slug never decides, whatever words it has.
            (
                "https://www.heise.de/news/sport-politik-und-kultur-1.html",
                None,
            ),
            ("https://www.example.com/politik", None),
            ("https://www.dw.com/de/putin-schreibt-kim/a-123", None),
            ("not a url", None),
        ];
        for (url, want) in cases {
            assert_eq!(from_url(url), want, "{url}");
        }
    }

    #[test]
    fn section_and_category_names() {
        assert_eq!(from_name("Politik"), Some(Ressort::Politik));
        assert_eq!(from_name("Ausland"), Some(Ressort::Politik));
        assert_eq!(from_name("Sport > Fußball"), Some(Ressort::Sport));
        assert_eq!(from_name("Börse"), Some(Ressort::Wirtschaft));
        assert_eq!(from_name("Wissen & Umwelt"), Some(Ressort::Wissenschaft));
        assert_eq!(from_name("Science"), Some(Ressort::Wissenschaft));
        assert_eq!(from_name("Nachrichten"), None);
        assert_eq!(from_name("Top-Themen"), None);
        assert_eq!(from_name(""), None);
    }

    #[test]
    fn the_page_wins_over_the_feed_and_the_feed_over_the_url() {
        let url = "https://www.zeitung.example/politik/artikel-1.html";
        assert_eq!(
            decide(Some("Sport"), &["Kultur".into()], url),
            Some(Ressort::Sport)
        );
        assert_eq!(decide(None, &["Kultur".into()], url), Some(Ressort::Kultur));
        assert_eq!(
            decide(Some("Startseite"), &["News".into()], url),
            Some(Ressort::Politik)
        );
        assert_eq!(
            decide(None, &[], "https://www.zeitung.example/artikel-1.html"),
            None
        );
    }

    #[test]
    fn slugs_round_trip() {
        for r in Ressort::ALL {
            assert_eq!(Ressort::from_slug(r.slug()), Some(r));
            assert!(!r.label(false).is_empty() && !r.label(true).is_empty());
        }
        assert_eq!(Ressort::from_slug("unbekannt"), None);
    }
}
