//! The faithfulness gate for TLDRs that are not copies of source sentences (LLM output).
//!
//! Pure and deterministic. A TLDR passes only if
//!
//! - every number (digits, "10.000" = "10000", "2,5" = "2.5", number words such as "zwei",
//!   scale words such as "Millionen") occurs in the article;
//! - every date (day and month, month and weekday names) occurs in the article;
//! - every quoted span („…“, »…«, «…», "…", “…”) occurs in the article word for word (inflection
//!   endings may differ), and a speaker named next to it appears near that passage in the article;
//! - every proper name (capitalised word that does not open a sentence) occurs in the article,
//!   compared by Snowball stem with umlauts folded. German capitalises nouns, so an unknown German
//!   word that looks like a common noun (a noun suffix such as "-ung", a compound whose head is an
//!   article word, or a frequent summary noun) is not counted as a name; acronyms get no leniency;
//! - no sentence repeats and no 4-gram occurs three times or more (looping output);
//! - it is in the article's language;
//! - it has 3 to 5 sentences and 40 to 100 words (see [`Limits`]);
//! - every sentence is supported by at least one article sentence (see [`crate::align()`]).
//!
//! The [`Verdict`] lists every failure as a machine-readable [`Reason`].

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use crate::text::{for_each_word, push_folded, word_count};
use crate::{lang, Document, Tldr};

/// Format bounds the gate enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Fewest sentences.
    pub min_sentences: usize,
    /// Most sentences.
    pub max_sentences: usize,
    /// Fewest words (whitespace-separated).
    pub min_words: usize,
    /// Most words.
    pub max_words: usize,
    /// Length of the n-grams checked for loops.
    pub ngram: usize,
    /// An n-gram occurring this often is a loop.
    pub max_ngram_repeats: usize,
}

impl Limits {
    /// No bounds on sentences and words (loops are still checked): the faithfulness checks only,
    /// for summaries of any length (`verify --no-format-limits`, `bench gate`).
    pub fn faithfulness_only() -> Limits {
        Limits {
            min_sentences: 0,
            max_sentences: usize::MAX,
            min_words: 0,
            max_words: usize::MAX,
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            min_sentences: 3,
            max_sentences: 5,
            min_words: 40,
            max_words: 100,
            ngram: 4,
            max_ngram_repeats: 3,
        }
    }
}

/// Why a TLDR failed the gate. Serialised as `{"reason": "unsupported_number", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The TLDR has no text.
    Empty,
    /// Fewer sentences than [`Limits::min_sentences`].
    TooFewSentences {
        /// Sentences found.
        count: usize,
    },
    /// More sentences than [`Limits::max_sentences`].
    TooManySentences {
        /// Sentences found.
        count: usize,
    },
    /// Fewer words than [`Limits::min_words`].
    TooShort {
        /// Words found.
        words: usize,
    },
    /// More words than [`Limits::max_words`].
    TooLong {
        /// Words found.
        words: usize,
    },
    /// The TLDR is not in the article's language.
    WrongLanguage {
        /// The article's language.
        expected: String,
        /// The language the TLDR is written in.
        found: String,
    },
    /// A number the article does not contain.
    UnsupportedNumber {
        /// The number as written in the TLDR.
        number: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A date, month or weekday the article does not contain.
    UnsupportedDate {
        /// The date as written in the TLDR.
        date: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A quoted span that is not in the article.
    UnsupportedQuote {
        /// The quoted text.
        quote: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A quote that is in the article, but not near the speaker the TLDR names.
    MisattributedQuote {
        /// The quoted text.
        quote: String,
        /// The names the TLDR attributes it to.
        speaker: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A proper name the article does not contain.
    UnsupportedName {
        /// The name as written in the TLDR.
        name: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A sentence that repeats an earlier one.
    RepeatedSentence {
        /// Index of the repetition.
        sentence: usize,
        /// Index of the first occurrence.
        first: usize,
    },
    /// A word sequence repeated in a loop.
    LoopingNgram {
        /// The repeated words.
        ngram: String,
        /// How often they occur.
        count: usize,
    },
    /// A sentence no article sentence supports.
    UnsupportedSentence {
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A negation the supporting sentences do not have, or one they have that the TLDR sentence
    /// drops while keeping what it negates.
    NegationMismatch {
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// A name of the article that does not occur where the TLDR sentence's support is.
    MisplacedName {
        /// The name as written in the TLDR.
        name: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
    /// Two names in the opposite order of every supporting sentence that has both (who did
    /// what to whom).
    SwappedRoles {
        /// The name the TLDR puts first.
        first: String,
        /// The name the TLDR puts second.
        second: String,
        /// Index of the TLDR sentence.
        sentence: usize,
    },
}

impl Reason {
    /// The reason's machine-readable code ("unsupported_number", "looping_ngram", …).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Empty => "empty",
            Reason::TooFewSentences { .. } => "too_few_sentences",
            Reason::TooManySentences { .. } => "too_many_sentences",
            Reason::TooShort { .. } => "too_short",
            Reason::TooLong { .. } => "too_long",
            Reason::WrongLanguage { .. } => "wrong_language",
            Reason::UnsupportedNumber { .. } => "unsupported_number",
            Reason::UnsupportedDate { .. } => "unsupported_date",
            Reason::UnsupportedQuote { .. } => "unsupported_quote",
            Reason::MisattributedQuote { .. } => "misattributed_quote",
            Reason::UnsupportedName { .. } => "unsupported_name",
            Reason::RepeatedSentence { .. } => "repeated_sentence",
            Reason::LoopingNgram { .. } => "looping_ngram",
            Reason::UnsupportedSentence { .. } => "unsupported_sentence",
            Reason::NegationMismatch { .. } => "negation_mismatch",
            Reason::MisplacedName { .. } => "misplaced_name",
            Reason::SwappedRoles { .. } => "swapped_roles",
        }
    }

    /// Whether the reason is about the TLDR's form (length, sentence count) rather than its
    /// faithfulness to the article.
    pub fn is_format(&self) -> bool {
        matches!(
            self,
            Reason::TooFewSentences { .. }
                | Reason::TooManySentences { .. }
                | Reason::TooShort { .. }
                | Reason::TooLong { .. }
        )
    }

    /// The TLDR sentence the reason is about (0-based), if it is about one.
    pub fn sentence(&self) -> Option<usize> {
        match self {
            Reason::UnsupportedNumber { sentence, .. }
            | Reason::UnsupportedDate { sentence, .. }
            | Reason::UnsupportedQuote { sentence, .. }
            | Reason::MisattributedQuote { sentence, .. }
            | Reason::UnsupportedName { sentence, .. }
            | Reason::RepeatedSentence { sentence, .. }
            | Reason::UnsupportedSentence { sentence }
            | Reason::NegationMismatch { sentence }
            | Reason::MisplacedName { sentence, .. }
            | Reason::SwappedRoles { sentence, .. } => Some(*sentence),
            _ => None,
        }
    }

    /// The reason in words, German (`german`) or English; plain text.
    pub fn describe(&self, german: bool) -> String {
        let de = german;
        match self {
            Reason::Empty => if de { "leere Antwort" } else { "empty answer" }.into(),
            Reason::TooFewSentences { count } if de => format!("nur {count} Sätze"),
            Reason::TooFewSentences { count } => format!("only {count} sentences"),
            Reason::TooManySentences { count } if de => format!("{count} Sätze"),
            Reason::TooManySentences { count } => format!("{count} sentences"),
            Reason::TooShort { words } if de => format!("zu kurz ({words} Wörter)"),
            Reason::TooShort { words } => format!("too short ({words} words)"),
            Reason::TooLong { words } if de => format!("zu lang ({words} Wörter)"),
            Reason::TooLong { words } => format!("too long ({words} words)"),
            Reason::WrongLanguage { found, .. } if de => format!("falsche Sprache ({found})"),
            Reason::WrongLanguage { found, .. } => format!("wrong language ({found})"),
            Reason::UnsupportedNumber { number, .. } if de => {
                format!("Zahl „{number}“ steht nicht im Artikel")
            }
            Reason::UnsupportedNumber { number, .. } => {
                format!("number “{number}” is not in the article")
            }
            Reason::UnsupportedDate { date, .. } if de => {
                format!("Datum „{date}“ steht nicht im Artikel")
            }
            Reason::UnsupportedDate { date, .. } => format!("date “{date}” is not in the article"),
            Reason::UnsupportedQuote { quote, .. } if de => {
                format!("Zitat „{quote}“ steht nicht im Artikel")
            }
            Reason::UnsupportedQuote { quote, .. } => {
                format!("quote “{quote}” is not in the article")
            }
            Reason::MisattributedQuote { quote, speaker, .. } if de => {
                format!("Zitat „{quote}“ stammt nicht von {speaker}")
            }
            Reason::MisattributedQuote { quote, speaker, .. } => {
                format!("quote “{quote}” is not by {speaker}")
            }
            Reason::UnsupportedName { name, .. } if de => {
                format!("Name „{name}“ steht nicht im Artikel")
            }
            Reason::UnsupportedName { name, .. } => format!("name “{name}” is not in the article"),
            Reason::RepeatedSentence { .. } if de => "wiederholt einen Satz".into(),
            Reason::RepeatedSentence { .. } => "repeats a sentence".into(),
            Reason::LoopingNgram { ngram, .. } if de => format!("wiederholt „{ngram}“"),
            Reason::LoopingNgram { ngram, .. } => format!("repeats “{ngram}”"),
            Reason::UnsupportedSentence { sentence } if de => {
                format!("Satz {} hat keinen Beleg im Artikel", sentence + 1)
            }
            Reason::UnsupportedSentence { sentence } => {
                format!("sentence {} has no support in the article", sentence + 1)
            }
            Reason::NegationMismatch { sentence } if de => {
                format!("Satz {}: Verneinung anders als im Artikel", sentence + 1)
            }
            Reason::NegationMismatch { sentence } => {
                format!(
                    "sentence {}: negation differs from the article",
                    sentence + 1
                )
            }
            Reason::MisplacedName { name, .. } if de => {
                format!("„{name}“ kommt an der belegten Stelle des Artikels nicht vor")
            }
            Reason::MisplacedName { name, .. } => {
                format!("“{name}” does not occur where the article says this")
            }
            Reason::SwappedRoles { first, second, .. } if de => {
                format!("Rollen von „{first}“ und „{second}“ vertauscht")
            }
            Reason::SwappedRoles { first, second, .. } => {
                format!("roles of “{first}” and “{second}” swapped")
            }
        }
    }
}

/// The gate's decision: accepted when `reasons` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Whether the TLDR may be shown.
    pub accepted: bool,
    /// Every failure found, in TLDR order.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// The distinct reason codes, in order of first occurrence.
    pub fn codes(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for r in &self.reasons {
            if !out.contains(&r.code()) {
                out.push(r.code());
            }
        }
        out
    }
}

pub(crate) const MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("janner", 1),
    ("jan", 1),
    ("january", 1),
    ("februar", 2),
    ("feber", 2),
    ("feb", 2),
    ("february", 2),
    ("marz", 3),
    ("maerz", 3),
    ("march", 3),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("juni", 6),
    ("jun", 6),
    ("june", 6),
    ("juli", 7),
    ("jul", 7),
    ("july", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("okt", 10),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("dezember", 12),
    ("dez", 12),
    ("december", 12),
    ("dec", 12),
];

pub(crate) const WEEKDAYS: &[&str] = &[
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub(crate) const NUMBER_WORDS: &[(&str, &str)] = &[
    ("zwei", "2"),
    ("drei", "3"),
    ("vier", "4"),
    ("funf", "5"),
    ("sechs", "6"),
    ("sieben", "7"),
    ("acht", "8"),
    ("neun", "9"),
    ("zehn", "10"),
    ("elf", "11"),
    ("zwolf", "12"),
    ("zwanzig", "20"),
    ("dreissig", "30"),
    ("vierzig", "40"),
    ("funfzig", "50"),
    ("hundert", "100"),
    ("tausend", "1000"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("hundred", "100"),
    ("thousand", "1000"),
];

/// Scale words and the class they belong to ("Mio." = "Millionen").
const SCALE_WORDS: &[(&str, &str)] = &[
    ("million", "mio"),
    ("millionen", "mio"),
    ("mio", "mio"),
    ("millions", "mio"),
    ("milliarde", "mrd"),
    ("milliarden", "mrd"),
    ("mrd", "mrd"),
    ("billion", "bn"),
    ("billionen", "bn"),
    ("billions", "bn"),
];

/// Frequent German nouns of summaries that paraphrase rather than name anything.
pub(crate) const COMMON_NOUNS: &[&str] = &[
    "zeichen",
    "ende",
    "anfang",
    "jahr",
    "jahre",
    "jahren",
    "woche",
    "wochen",
    "tag",
    "tage",
    "tagen",
    "zeit",
    "teil",
    "fall",
    "falle",
    "rolle",
    "ziel",
    "grund",
    "folge",
    "folgen",
    "angaben",
    "bericht",
    "berichten",
    "land",
    "lander",
    "landern",
    "menschen",
    "leute",
    "seite",
    "seiten",
    "frage",
    "fragen",
    "problem",
    "probleme",
    "weg",
    "lage",
    "kritik",
    "hilfe",
    "ausdruck",
    "zuge",
    "rahmen",
    "blick",
    "bezug",
    "sinne",
    "punkt",
    "punkte",
    "massnahmen",
    "schritt",
    "schritte",
    "ergebnis",
    "ergebnisse",
    "entscheidung",
    "zukunft",
    "beziehungen",
    "unterstutzung",
    "dank",
    "kurz",
    "uberblick",
    "ansicht",
    "meinung",
    "aussage",
    "aussagen",
    "angaben",
    "hinblick",
    "ruckblick",
    "gesprach",
    "gesprache",
];

/// Frequent German nouns of news (folded), whole or as the head of a compound
/// ("Festnahmewelle", "Radiokulturhaus"): an unknown capitalised word made of one is a common
/// noun, not a name.
const FREQUENT_NOUNS: &[&str] = &[
    "abbau",
    "abkommen",
    "absatz",
    "abschluss",
    "abstimmung",
    "adresse",
    "akte",
    "aktie",
    "aktien",
    "aktion",
    "alarm",
    "alltag",
    "amt",
    "amter",
    "angabe",
    "angaben",
    "angebot",
    "angriff",
    "angst",
    "anklage",
    "anlage",
    "anlass",
    "ansatz",
    "anschlag",
    "anspruch",
    "anstieg",
    "antrag",
    "antwort",
    "anwalt",
    "anzahl",
    "arbeit",
    "arbeiter",
    "arzt",
    "arzte",
    "attacke",
    "auftrag",
    "auftritt",
    "ausbau",
    "ausgabe",
    "ausland",
    "aussicht",
    "ausstieg",
    "auto",
    "autobahn",
    "autos",
    "bahn",
    "bank",
    "banken",
    "bau",
    "bauer",
    "beamte",
    "beamten",
    "bedarf",
    "befehl",
    "beginn",
    "behorde",
    "behorden",
    "beispiel",
    "beitrag",
    "bereich",
    "berg",
    "beruf",
    "beschluss",
    "besuch",
    "besucher",
    "betrieb",
    "betrug",
    "bevolkerung",
    "bewohner",
    "bild",
    "bilder",
    "bildung",
    "bitte",
    "boden",
    "boot",
    "botschaft",
    "branche",
    "brief",
    "brucke",
    "bruder",
    "buch",
    "budget",
    "burger",
    "burgermeister",
    "buro",
    "chance",
    "chef",
    "chefin",
    "club",
    "daten",
    "debatte",
    "demo",
    "demonstranten",
    "dienst",
    "dorf",
    "drohung",
    "druck",
    "duell",
    "einfluss",
    "einsatz",
    "einspruch",
    "eltern",
    "energie",
    "entwicklung",
    "erde",
    "erfolg",
    "euro",
    "experte",
    "experten",
    "fahrer",
    "fahrt",
    "familie",
    "fans",
    "farbe",
    "fehler",
    "feier",
    "feld",
    "feuer",
    "film",
    "firma",
    "firmen",
    "flucht",
    "fluchtling",
    "fluchtlinge",
    "flug",
    "flughafen",
    "folge",
    "forderung",
    "forscher",
    "frau",
    "frauen",
    "freund",
    "freunde",
    "frieden",
    "front",
    "fuhrung",
    "gast",
    "gebaude",
    "gebiet",
    "gefahr",
    "gegner",
    "gehalt",
    "geld",
    "gericht",
    "gesellschaft",
    "gesetz",
    "gesprach",
    "gewalt",
    "gewinn",
    "glaube",
    "grosse",
    "grossen",
    "gruppe",
    "gunst",
    "hafen",
    "haft",
    "halfte",
    "hand",
    "handel",
    "haus",
    "hauser",
    "heer",
    "heim",
    "held",
    "herz",
    "hilfe",
    "himmel",
    "hinweis",
    "hochzeit",
    "hoffnung",
    "hohe",
    "hotel",
    "idee",
    "industrie",
    "inhalt",
    "insel",
    "interesse",
    "jahr",
    "job",
    "jobs",
    "jugend",
    "junge",
    "justiz",
    "kampf",
    "kampfe",
    "kanzler",
    "karte",
    "kasse",
    "kauf",
    "kette",
    "kind",
    "kinder",
    "kirche",
    "klage",
    "klasse",
    "klima",
    "klinik",
    "klub",
    "konzept",
    "konzepte",
    "kopf",
    "kosten",
    "kraft",
    "krafte",
    "krankheit",
    "kreis",
    "kreise",
    "kreisen",
    "krieg",
    "krise",
    "kritik",
    "kultur",
    "kunde",
    "kunden",
    "kunst",
    "lager",
    "land",
    "lauf",
    "leben",
    "lehrer",
    "leiche",
    "leistung",
    "leser",
    "liebe",
    "liga",
    "linie",
    "liste",
    "lohn",
    "losung",
    "luft",
    "macht",
    "mann",
    "manner",
    "mannschaft",
    "markt",
    "material",
    "mauer",
    "meer",
    "mehrheit",
    "meister",
    "mensch",
    "menschen",
    "miete",
    "milliarden",
    "millionen",
    "minister",
    "ministerin",
    "mitglied",
    "mitglieder",
    "mittel",
    "monat",
    "monate",
    "mord",
    "musik",
    "mutter",
    "nachbar",
    "nachfrage",
    "nacht",
    "name",
    "namen",
    "netz",
    "nutzer",
    "opfer",
    "ort",
    "orte",
    "paar",
    "partei",
    "parteien",
    "partner",
    "pass",
    "patient",
    "patienten",
    "person",
    "personal",
    "personen",
    "pfarrer",
    "plan",
    "plane",
    "planen",
    "platz",
    "politik",
    "polizei",
    "polizist",
    "posten",
    "preis",
    "preise",
    "presse",
    "probe",
    "produkt",
    "programm",
    "projekt",
    "protest",
    "prozent",
    "prozess",
    "publikum",
    "quelle",
    "rat",
    "raum",
    "recht",
    "rechte",
    "regel",
    "regeln",
    "regierung",
    "region",
    "reise",
    "rekord",
    "rennen",
    "rente",
    "rest",
    "richter",
    "risiko",
    "runde",
    "saal",
    "sache",
    "saison",
    "satz",
    "schaden",
    "schiff",
    "schuld",
    "schulden",
    "schule",
    "schuler",
    "schutz",
    "schwester",
    "see",
    "sekretar",
    "sender",
    "serie",
    "sieg",
    "sieger",
    "signal",
    "signale",
    "sitz",
    "sohn",
    "soldat",
    "soldaten",
    "sorge",
    "sperre",
    "spiel",
    "spiele",
    "spieler",
    "spital",
    "sprache",
    "staat",
    "staaten",
    "stadt",
    "stand",
    "star",
    "start",
    "stelle",
    "stellen",
    "steuer",
    "stimme",
    "stimmen",
    "strafe",
    "strand",
    "strasse",
    "streit",
    "strom",
    "stuck",
    "studie",
    "stunde",
    "sturm",
    "suche",
    "system",
    "tag",
    "tat",
    "tater",
    "team",
    "teil",
    "text",
    "thema",
    "tier",
    "tisch",
    "titel",
    "tochter",
    "tod",
    "tor",
    "tote",
    "toten",
    "tour",
    "tourismus",
    "trainer",
    "traum",
    "treffen",
    "trend",
    "truppen",
    "tur",
    "turm",
    "uhr",
    "umfrage",
    "unfall",
    "union",
    "urteil",
    "vater",
    "verband",
    "verbleib",
    "verbot",
    "verein",
    "verfahren",
    "verkehr",
    "verlag",
    "verlust",
    "vertrag",
    "vertreter",
    "verwaltung",
    "volk",
    "vorfall",
    "vorwurf",
    "vorwurfe",
    "wahl",
    "wahlen",
    "wahlkampf",
    "wald",
    "wand",
    "ware",
    "waren",
    "wasser",
    "weg",
    "wehr",
    "welle",
    "welt",
    "werk",
    "wert",
    "wetter",
    "wind",
    "wirtschaft",
    "wissen",
    "woche",
    "wohnung",
    "wort",
    "wunsch",
    "zahl",
    "zahlen",
    "zeit",
    "zeitung",
    "zentrum",
    "ziel",
    "zimmer",
    "zug",
    "zukunft",
    "zuschauer",
];

/// Whether a folded word is a frequent noun or a compound whose head (at least four letters) is one.
pub(crate) fn frequent_noun(f: &str) -> bool {
    FREQUENT_NOUNS.binary_search(&f).is_ok()
        || (f.len() >= 7
            && (3..=f.len() - 4).any(|k| {
                f.is_char_boundary(k)
                    && FREQUENT_NOUNS.binary_search(&&f[k..]).is_ok()
                    && !NAME_HEADS.contains(&&f[k..])
            }))
}

/// Heads that make names of people and places as often as nouns ("Hoffmann", "Heidelberg",
/// "Gerasdorf", "Finnland"): no evidence of a common noun.
const NAME_HEADS: &[&str] = &[
    "mann", "manner", "berg", "dorf", "stadt", "feld", "burg", "see", "heim", "wald", "hafen",
    "land", "bach", "ort", "orte", "turm", "weg", "brucke", "insel", "kirche", "bauer", "stein",
    "tal", "hof", "rat", "name", "namen",
];

/// Suffixes (folded) of German common nouns.
pub(crate) const NOUN_SUFFIXES: &[&str] = &[
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "sion", "tat", "taten", "nis", "nisse", "ismus", "ment", "mente", "tum", "ling", "linge",
    "chen", "lein", "ik", "enz", "anz", "ur", "ie", "ien", "ismus", "ist", "isten", "ent", "enten",
    "ant", "anten", "eur", "eure", "igten", "ierten",
];

/// Noun suffixes (folded) that names do not end in.
const STRONG_NOUN_SUFFIXES: &[&str] = &[
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "sion", "ismus", "ment", "mente", "tum", "chen", "lein", "igten", "ierten",
];

/// Heads (folded) of words naming a role, after which a capitalised word is a name
/// ("Bundeskanzler Faymann", "Verteidigungsminister Doskozil").
pub(crate) const ROLE_HEADS: &[&str] = &[
    "minister",
    "ministerin",
    "kanzler",
    "kanzlerin",
    "chef",
    "chefin",
    "prasident",
    "prasidentin",
    "sprecher",
    "sprecherin",
    "trainer",
    "trainerin",
    "coach",
    "direktor",
    "direktorin",
    "meister",
    "meisterin",
    "kandidat",
    "kandidatin",
    "bischof",
    "anwalt",
    "anwaltin",
    "richter",
    "richterin",
    "sekretar",
    "sekretarin",
    "obmann",
    "obfrau",
    "leiter",
    "leiterin",
    "grunder",
    "grunderin",
    "stürmer",
    "sturmer",
    "spieler",
    "spielerin",
    "autor",
    "autorin",
    "sanger",
    "sangerin",
    "schauspieler",
    "schauspielerin",
    "kommissar",
    "kommissarin",
    "abgeordnete",
    "abgeordneter",
    "staatsanwalt",
    "staatsanwaltin",
];

/// Capitalised function words that are not names.
pub(crate) const NOT_NAMES: &[&str] = &[
    "der", "die", "das", "ein", "eine", "er", "sie", "es", "wir", "ich", "ihr", "man", "i", "the",
    "a", "co",
];

/// Adverbs, question words and predicative words (folded) that open German sentences and
/// clauses ("Rund 1000 …", "Gut möglich, dass …", "Warum …?", "Schuld ist …"): not names.
const OPENERS: &[&str] = &[
    "rund",
    "knapp",
    "gut",
    "warum",
    "wieso",
    "weshalb",
    "wann",
    "wohin",
    "woher",
    "kaum",
    "fast",
    "erst",
    "bald",
    "gestern",
    "morgen",
    "oft",
    "ganz",
    "viel",
    "schuld",
    "anlass",
    "grund",
    "zuletzt",
    "zunachst",
    "zudem",
    "ausserdem",
    "ansonsten",
    "sonst",
    "trotzdem",
    "dennoch",
    "deshalb",
    "darum",
    "vorher",
    "nachher",
    "spater",
    "fruher",
    "ebenfalls",
    "allerdings",
    "inzwischen",
    "mittlerweile",
    "offenbar",
    "vielleicht",
    "wohl",
    "sogar",
    "bislang",
    "damals",
    "derzeit",
    "heuer",
    "nie",
    "niemals",
    "immerhin",
    "insgesamt",
    "unklar",
    "klar",
    "fraglich",
    "moglich",
    "sicher",
];

pub(crate) fn folded(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        push_folded(c, &mut s);
    }
    s
}

struct Words {
    stemmer: Stemmer,
}

impl Words {
    fn new(lang: &str) -> Words {
        let algo = if lang == "en" {
            Algorithm::English
        } else {
            Algorithm::German
        };
        Words {
            stemmer: Stemmer::create(algo),
        }
    }
    /// Snowball stem of the lower-cased word, umlauts folded afterwards.
    fn stem(&self, w: &str) -> String {
        let lower = w.to_lowercase();
        folded(&self.stemmer.stem(&lower))
    }
}

/// Numbers in `s` as written: digit runs with inner "." or "," groups.
pub(crate) fn raw_numbers(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut j = i;
            loop {
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                if j + 1 < b.len() && (b[j] == b'.' || b[j] == b',') && b[j + 1].is_ascii_digit() {
                    j += 1;
                    continue;
                }
                break;
            }
            out.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// "10.000" → "10000", "2,5" → "2.5".
pub(crate) fn normalise_number(m: &str) -> String {
    let groups: Vec<&str> = m.split('.').collect();
    let thousands = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && !m.contains(',');
    if thousands {
        m.replace('.', "")
    } else {
        m.replace(',', ".")
    }
}

/// Day and month of a numeric date "25.12." or "25.12.2025".
pub(crate) fn numeric_date(m: &str) -> Option<(u32, u32)> {
    let parts: Vec<&str> = m.split('.').collect();
    if parts.len() < 2 || parts.len() > 3 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let d: u32 = parts[0].parse().ok()?;
    let mo: u32 = parts[1].parse().ok()?;
    ((1..=31).contains(&d) && (1..=12).contains(&mo)).then_some((d, mo))
}

pub(crate) fn month_of(folded_word: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == folded_word).map(|x| x.1)
}

/// Everything the gate looks up in the article.
struct Article {
    words: HashSet<String>,
    stems: HashSet<String>,
    /// Stems in reading order, with the sentence each comes from.
    stream: Vec<(String, usize)>,
    numbers: HashSet<String>,
    dates: HashSet<(u32, u32)>,
    months: HashSet<u32>,
    scales: HashSet<&'static str>,
    sentence_stems: Vec<HashSet<String>>,
    /// Whether each sentence contains a quote mark.
    sentence_quotes: Vec<bool>,
    /// Stems of each sentence in reading order.
    sentence_seq: Vec<Vec<String>>,
    /// Weekdays the article names, also inside compounds ("Dienstagfrüh").
    weekdays: HashSet<&'static str>,
    /// Word cores without derivation endings ("zurch" of "Zürcherin", "chilen" of
    /// "chilenischen"), see [`core`].
    cores: Vec<String>,
    /// The article's names (see [`article_names`]) and their stems.
    names: Vec<(String, String)>,
    /// The numbers each sentence says (digits normalised, number words and ordinals as their
    /// value).
    sentence_numbers: Vec<HashSet<String>>,
    /// Stems of the capitalised words (German nouns and names): what a compound's head is
    /// compared with.
    cap_stems: HashSet<String>,
    /// Cores (see [`core`]) of each sentence's words, for derived forms of names.
    sentence_cores: Vec<Vec<String>>,
    /// Stems of the dateline ("Salzburg – …", "Wien/Linz – …" before the first sentence): the
    /// place every sentence of the article is reported from; and of the title's words: what the
    /// whole article is about ("Rafael Nadal verzichtet auf Wimbledon").
    dateline: HashSet<String>,
    /// How many words of the first sentence are its dateline ("Salzburg –": 1).
    dateline_words: usize,
    /// Capitalised words the article writes right before a name-like capitalised word ("Lewis"
    /// of "Lewis Hamilton").
    first_names: HashSet<String>,
    /// Stems of the capitalised words the article writes right after one of `first_names`
    /// ("putin" of "Wladimir Putin"): the names of people.
    last_names: HashSet<String>,
    /// Stems of the capitalised words the article writes only after a number ("acht Zähler",
    /// "drei Zähler"): units counted, not people.
    counted: HashSet<String>,
    /// The initials of runs of two to five capitalised words ("TU" of "Technischen Unis"): an
    /// abbreviation the article spells out.
    initials: HashSet<String>,
}

/// A word's core for matching derived forms: folded, derivation and inflection endings removed
/// ("Zürcherin" → "zurch", "chilenischen" → "chilen", "Chile" → "chil").
pub(crate) fn core(word: &str) -> String {
    let f = folded(word);
    for suf in [
        "ischen", "ischer", "isches", "ische", "isch", "erinnen", "erin", "innen", "ern", "er",
        "ien", "en", "es", "in", "e", "s", "n",
    ] {
        if f.len() >= suf.len() + 4 && f.ends_with(suf) {
            return f[..f.len() - suf.len()].to_string();
        }
    }
    f
}

/// Whether two word cores (see [`core`]) are one word or derived forms of one ("zurch" of
/// "Zürcher", "zurich"; "chilen", "chil"; a country's "-land" aside: "griechenland",
/// "griech").
fn same_core(a: &str, c: &str) -> bool {
    let close = |a: &str, c: &str| {
        c.len() >= 4
            && a.len() >= 4
            && (a == c
                || one_apart(a, c)
                || (a.len() <= c.len() + 2 && a.starts_with(c))
                || (c.len() <= a.len() + 2 && c.starts_with(a)))
    };
    let land = |x: &'_ str| x.strip_suffix("land").map(str::to_string);
    close(a, c) || land(a).is_some_and(|l| close(&l, c)) || land(c).is_some_and(|l| close(a, &l))
}

/// Whether two cores differ by one inserted or deleted vowel ("zurch", "zurich"; not "hofman",
/// "hoffman": another name).
fn one_apart(a: &str, b: &str) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() != a.len() + 1 {
        return false;
    }
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < ab.len() && ab[i] == bb[i] {
        i += 1;
    }
    b"aeiou".contains(&bb[i]) && ab[i..] == bb[i + 1..]
}

/// German ordinal stems of the number words ("sieben" → "siebt": "siebten", "siebte").
const ORDINALS: &[(&str, &str)] = &[
    ("zwei", "zweit"),
    ("drei", "dritt"),
    ("vier", "viert"),
    ("funf", "funft"),
    ("sechs", "sechst"),
    ("sieben", "siebt"),
    ("acht", "acht"),
    ("neun", "neunt"),
    ("zehn", "zehnt"),
    ("elf", "elft"),
    ("zwolf", "zwolft"),
    ("zwanzig", "zwanzigst"),
];

/// Words (folded) for a place in a ranking: "Platz vier" says what "Rang vier" does.
const RANK_WORDS: &[&str] = &["platz", "rang", "position", "stelle"];

/// Whether an article sentence has the number `v` (a value of [`NUMBER_WORDS`]) as a place
/// right after one of [`RANK_WORDS`], as a word or in digits.
fn ranked_in(doc: &Document, v: &str) -> bool {
    doc.sentences.iter().any(|s| {
        let (mut prev, mut found) = (String::new(), false);
        for_each_word(s, |t, _| {
            let f = folded(t);
            found |= RANK_WORDS.contains(&prev.as_str())
                && (f == v || NUMBER_WORDS.iter().any(|(nw, nv)| *nw == f && *nv == v));
            prev = f;
        });
        found
    })
}

/// The weekday a folded word names, also in compounds with a time of day ("dienstagfruh").
fn weekday_of(f: &str) -> Option<&'static str> {
    WEEKDAYS.iter().copied().find(|d| {
        f.strip_prefix(d).is_some_and(|rest| {
            [
                "",
                "s",
                "abend",
                "abends",
                "morgen",
                "morgens",
                "nachmittag",
                "vormittag",
                "mittag",
                "nacht",
                "fruh",
            ]
            .contains(&rest)
        })
    })
}

/// Stem beginnings of words that say "not" in themselves: "verzichtet" (does not take part),
/// "abgesagt", "abgelehnt", "gescheitert", "ohne".
const NEGATIVE_POLARITY: &[&str] = &[
    "verzicht",
    "absag",
    "abgesagt",
    "ablehn",
    "abgelehnt",
    "weiger",
    "verweiger",
    "scheiter",
    "gescheitert",
    "verpass",
    "fehlt",
    "kaum",
    "verhinder",
    "stopp",
    "gestoppt",
    "verfruh",
];

/// How many words (stems) from the word it negates a negation of an article sentence may stand:
/// a sentence of two clauses may negate one and not the other.
const NEGATION_REACH: usize = 12;

/// German negation words (folded).
const NEGATIONS: &[&str] = &[
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts",
    "weder", "niemand",
];

/// English negation words: only for English articles ("Note" stems to "not" in German).
const NEGATIONS_EN: &[&str] = &["not", "no", "never", "nobody", "nothing"];

impl Article {
    fn new(doc: &Document, w: &Words) -> Article {
        let mut a = Article {
            words: HashSet::new(),
            stems: HashSet::new(),
            stream: Vec::new(),
            numbers: HashSet::new(),
            dates: HashSet::new(),
            months: HashSet::new(),
            scales: HashSet::new(),
            sentence_stems: Vec::new(),
            sentence_quotes: Vec::new(),
            sentence_seq: Vec::new(),
            weekdays: HashSet::new(),
            cores: Vec::new(),
            names: Vec::new(),
            sentence_cores: Vec::new(),
            dateline: HashSet::new(),
            dateline_words: 0,
            first_names: HashSet::new(),
            last_names: HashSet::new(),
            counted: HashSet::new(),
            initials: HashSet::new(),
            cap_stems: HashSet::new(),
            sentence_numbers: Vec::new(),
        };
        for s in std::iter::once(&doc.title).chain(doc.sentences.iter()) {
            for_each_word(s, |word, _| {
                if word.chars().next().is_some_and(char::is_uppercase) {
                    a.cap_stems.insert(w.stem(word));
                }
            });
        }
        for_each_word(&doc.title, |word, _| {
            if word.chars().next().is_some_and(char::is_uppercase) {
                a.dateline.insert(w.stem(word));
            }
        });
        for s in &doc.sentences {
            let caps = capitalised_words(s);
            for k in 1..caps.len() {
                let (p, pp) = (&caps[k - 1].0, caps[k - 1].1);
                let (n, np) = (&caps[k].0, caps[k].1);
                if s.get(pp + p.len()..np) == Some(" ") && is_name_like(n) && is_name_like(p) {
                    a.first_names.insert(p.clone());
                    a.last_names.insert(w.stem(n));
                }
            }
            let mut words: Vec<(&str, usize)> = Vec::new();
            for_each_word(s, |word, pos| words.push((&s[pos..pos + word.len()], pos)));
            for k in 0..words.len() {
                let mut acro = String::new();
                for (x, &(word, pos)) in words[k..].iter().enumerate().take(5) {
                    let joined = x == 0 || {
                        let (pw, pp) = words[k + x - 1];
                        s.get(pp + pw.len()..pos) == Some(" ")
                    };
                    let Some(c) = word.chars().next().filter(|c| c.is_uppercase()) else {
                        break;
                    };
                    if !joined {
                        break;
                    }
                    acro.push(c);
                    if acro.chars().count() >= 2 {
                        a.initials.insert(acro.clone());
                    }
                }
            }
        }
        if let Some(first) = doc.sentences.first() {
            if let Some(e) = first.find(" – ").or_else(|| first.find(" - ")) {
                let head = &first[..e];
                if head.split_whitespace().count() <= 4 {
                    for_each_word(head, |word, _| {
                        a.dateline.insert(w.stem(word));
                        a.dateline_words += 1;
                    });
                }
            }
        }
        let mut text = String::new();
        text.push_str(&doc.title);
        text.push(' ');
        for (i, s) in doc.sentences.iter().enumerate() {
            let mut own = HashSet::new();
            let mut seq = Vec::new();
            let mut prev_number: Option<u32> = None;
            let mut nums: HashSet<String> = HashSet::new();
            for (x, y) in raw_numbers(s) {
                nums.insert(normalise_number(&s[x..y]));
                for part in s[x..y].split(['.', ',']) {
                    nums.insert(part.to_string());
                }
            }
            for_each_word(s, |word, pos| {
                let f = folded(word);
                let st = w.stem(word);
                if !nicht_compound(s, word, pos) {
                    seq.push(st.clone());
                }
                if let Some(m) = month_of(&f) {
                    a.months.insert(m);
                    if let Some(d) = prev_number {
                        a.dates.insert((d, m));
                    }
                }
                if let Some((_, class)) = SCALE_WORDS.iter().find(|(s, _)| *s == f) {
                    a.scales.insert(class);
                }
                prev_number = word.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
                if let Some(d) = weekday_of(&f) {
                    a.weekdays.insert(d);
                }
                // "sieben", "siebten" stand for 7 too.
                if let Some((_, v)) = NUMBER_WORDS.iter().find(|(nw, _)| *nw == f) {
                    a.numbers.insert(v.to_string());
                    nums.insert(v.to_string());
                }
                for ((_, v), (_, ord)) in NUMBER_WORDS.iter().zip(ORDINALS) {
                    if f.strip_prefix(ord)
                        .is_some_and(|rest| ["e", "en", "er", "es", "em"].contains(&rest))
                    {
                        a.numbers.insert(v.to_string());
                        nums.insert(v.to_string());
                    }
                }
                a.words.insert(f);
                a.stream.push((st.clone(), i));
                own.insert(st.clone());
                a.stems.insert(st);
            });
            a.sentence_stems.push(own);
            a.sentence_seq.push(seq);
            a.sentence_numbers.push(nums);
            let mut cs = Vec::new();
            for_each_word(s, |word, _| {
                if word.chars().next().is_some_and(char::is_uppercase) || word.len() > 5 {
                    cs.push(core(word));
                }
            });
            a.sentence_cores.push(cs);
            a.sentence_quotes
                .push(s.contains(['„', '“', '”', '"', '»', '«']));
            text.push_str(s);
            text.push(' ');
        }
        for_each_word(&doc.title, |word, _| {
            a.words.insert(folded(word));
            a.stems.insert(w.stem(word));
        });
        let mut cores: HashSet<String> = a.words.iter().map(|f| core(f)).collect();
        cores.retain(|c| c.len() >= 4);
        a.cores = cores.into_iter().collect();
        a.cores.sort_unstable();
        // Capitalised words after a number each time ("acht Zähler") and those not.
        let mut after_number: HashSet<String> = HashSet::new();
        let mut elsewhere: HashSet<String> = HashSet::new();
        for s in &doc.sentences {
            let mut prev = String::new();
            for_each_word(s, |word, _| {
                if word.chars().next().is_some_and(char::is_uppercase) {
                    let counted = (!prev.is_empty() && prev.chars().all(|c| c.is_ascii_digit()))
                        || NUMBER_WORDS.iter().any(|(nw, _)| *nw == prev);
                    if counted {
                        after_number.insert(w.stem(word));
                    } else {
                        elsewhere.insert(w.stem(word));
                    }
                }
                prev = folded(word);
            });
        }
        a.counted = after_number.difference(&elsewhere).cloned().collect();
        a.names = article_names(doc)
            .into_iter()
            .map(|n| {
                let st = w.stem(&n);
                (n, st)
            })
            .collect();
        for (s, e) in raw_numbers(&text) {
            let m = &text[s..e];
            if let Some(d) = numeric_date(m) {
                a.dates.insert(d);
                a.months.insert(d.1);
            }
            a.numbers.insert(normalise_number(m));
            // "25.12.2025" also contains the year.
            for part in m.split('.') {
                a.numbers.insert(part.to_string());
            }
        }
        a
    }

    /// The sentences that may name the speaker of a quote in sentence `j`: `j` itself, up to five
    /// sentences before it (reported speech goes on) and the one after it, but none past another
    /// sentence with a quote.
    fn attribution_window(&self, j: usize) -> impl Iterator<Item = usize> + '_ {
        let mut start = j;
        while start > 0 && j - start < 5 && !self.sentence_quotes[start - 1] {
            start -= 1;
        }
        let end = if j + 1 < self.sentence_quotes.len() && !self.sentence_quotes[j + 1] {
            j + 1
        } else {
            j
        };
        start..=end
    }

    /// Sentence indices where the stem sequence `q` occurs contiguously.
    fn find_sequence(&self, q: &[String]) -> Vec<usize> {
        if q.is_empty() || q.len() > self.stream.len() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for i in 0..=self.stream.len() - q.len() {
            if q.iter()
                .enumerate()
                .all(|(k, t)| self.stream[i + k].0 == *t)
            {
                out.push(self.stream[i].1);
            }
        }
        out
    }

    /// Whether a capitalised word (or each part of a hyphenated one) is supported.
    /// Whether the article writes `word` right before another capitalised word that is no
    /// common noun by its form ("Lewis Hamilton"): a first name.
    fn sentences_with_name_before(&self, word: &str) -> bool {
        self.first_names.contains(word)
    }

    fn supports_name(&self, word: &str, w: &Words, german: bool, strict: bool) -> bool {
        let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
        let ok: Vec<bool> = parts
            .iter()
            .map(|p| self.supports_name_part(p, w, german, strict))
            .collect();
        if ok.iter().all(|&b| b) {
            return true;
        }
        // The head of a hyphenated compound is a common noun ("FP-Einspruch", "Sturm-Amt")
        // when what it is made of is in the article.
        let last = parts.last().copied().unwrap_or("");
        german
            && parts.len() >= 2
            && ok[..ok.len() - 1]
                .iter()
                .zip(&parts)
                .all(|(&b, p)| b || self.short_form(p, last))
            && last.chars().skip(1).any(|c| c.is_lowercase())
    }

    /// Whether the first part of a hyphenated compound with the common noun `head` is a prefix or
    /// a short form of the article's words: "Ex-Mitglied", "Heli-Flüge" (of "Helikopter"),
    /// "FP-Einspruch" (of "FPÖ"), "U-Haft" (of "Untersuchungshaft").
    fn short_form(&self, part: &str, head: &str) -> bool {
        let f = folded(part);
        let h = folded(head);
        let upper = part.chars().all(|c| !c.is_lowercase());
        [
            "ex", "vize", "anti", "pro", "top", "mega", "super", "mini", "multi", "neo", "post",
        ]
        .contains(&f.as_str())
            || (f.len() >= 4
                && self
                    .words
                    .iter()
                    .any(|a| a.len() > f.len() && a.starts_with(&f)))
            || (upper
                && f.len() <= 4
                && self.words.iter().any(|a| {
                    a.starts_with(&f)
                        && (a.len() <= f.len() + 2
                            || (a.ends_with(&h) && a.len() > f.len() + h.len()))
                }))
    }

    /// Whether one part of a capitalised word is supported. `strict` where the word stands
    /// where names stand ("Bundeskanzler X", "in X", "X:" opening a sentence): there only a
    /// frequent noun or a strong noun suffix ("-ung") makes an unknown word a common noun, not
    /// endings names have too ("Lindqvist", "Mosambik") or the head of a compound
    /// ("Oberhausen").
    fn supports_name_part(&self, part: &str, w: &Words, german: bool, strict: bool) -> bool {
        {
            // Genitive and possessive "s": "Nordkoreas", "Putin's", "Merkels".
            let base = part.trim_end_matches("'s").trim_end_matches("’s");
            let base = if base.len() == part.len() && part.len() > 3 && part.ends_with('s') {
                &part[..part.len() - 1]
            } else {
                base
            };
            if base.len() < part.len()
                && (self.words.contains(&folded(base)) || self.stems.contains(&w.stem(base)))
            {
                return true;
            }
            let f = folded(part);
            let st = w.stem(part);
            if self.words.contains(&f) || self.stems.contains(&st) {
                return true;
            }
            let acronym = part
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
                && part.chars().count() >= 2;
            if acronym && self.initials.contains(part) {
                return true;
            }
            if !german || acronym {
                return false;
            }
            // Derived forms: "Zürcher" of "Zürich", "chilenischen" of "Chile".
            let c = core(part);
            if self.cores.iter().any(|a| same_core(a, &c)) {
                return true;
            }
            let suffixes: &[&str] = if strict {
                STRONG_NOUN_SUFFIXES
            } else {
                NOUN_SUFFIXES
            };
            if COMMON_NOUNS.contains(&f.as_str())
                || frequent_noun(&f)
                || suffixes
                    .iter()
                    .any(|s| f.ends_with(s) && f.len() >= s.len() + 3)
            {
                return true;
            }
            if strict {
                // Only as the head of a compound of the article ("Österreich" of
                // "Niederösterreich").
                return self
                    .cap_stems
                    .iter()
                    .any(|a| a.len() > st.len() && st.len() >= 5 && a.ends_with(st.as_str()));
            }
            // Compounds: "Neujahrsbrief" (head "Brief", a noun of the article), "Krieg"
            // ("Angriffskrieg"), "Radwege" ("Radwegenetz"); not "Rasmussen" of "muss".
            self.cap_stems.iter().any(|a| {
                a.len() >= 4
                    && ((st.len() > a.len() && st.ends_with(a.as_str()))
                        || (a.len() > st.len() && st.len() >= 4 && a.ends_with(st.as_str()))
                        || (a.len() > st.len() && st.len() >= 5 && a.starts_with(st.as_str())))
            })
        }
    }
}

/// The names of an article: capitalised words used inside sentences (not opening one), never
/// written lower-case, never after an article or an inflected adjective, not German common nouns
/// by their form, and either used twice or standing beside another capitalised word ("Anna
/// Beispiel", "SC Verl"); in order of first use.
pub(crate) fn article_names(doc: &Document) -> Vec<String> {
    let mut lower: HashSet<String> = HashSet::new();
    let mut excluded: HashSet<String> = HashSet::new();
    let mut names: Vec<String> = Vec::new();
    for s in std::iter::once(&doc.title).chain(doc.sentences.iter()) {
        for_each_word(s, |w, _| {
            if w.chars().next().is_some_and(|c| c.is_lowercase()) {
                lower.insert(folded(w));
            }
        });
    }
    // Occurrences without an article, and whether one stands beside another capitalised word
    // ("Anna Beispiel", "SC Verl").
    let mut seen: std::collections::HashMap<String, (usize, bool)> = Default::default();
    for s in &doc.sentences {
        let caps = capitalised_words(s);
        for (k, (w, pos)) in caps.iter().enumerate() {
            if w.contains('-') || w.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if after_determiner(s, *pos) || !is_name_like(w) || w.chars().count() < 3 {
                excluded.insert(w.clone());
                continue;
            }
            let end = |k: usize| caps[k].1 + caps[k].0.len();
            let beside = (k > 0
                && s.get(end(k - 1)..*pos) == Some(" ")
                && !after_determiner(s, caps[k - 1].1))
                || (k + 1 < caps.len() && s.get(end(k)..caps[k + 1].1) == Some(" "));
            let e = seen.entry(w.clone()).or_insert((0, false));
            e.0 += 1;
            e.1 |= beside;
            if !names.contains(w) {
                names.push(w.clone());
            }
        }
    }
    names.retain(|n| {
        let f = folded(n);
        if adjective_form(&f) {
            return false;
        }
        let (count, beside) = seen.get(n).copied().unwrap_or((0, false));
        (count >= 2 || beside)
            && !excluded.contains(n)
            && !lower.contains(&f)
            && !NOT_NAMES.contains(&f.as_str())
            && !WEEKDAYS.iter().any(|d| f.starts_with(d))
            && !MONTHS.iter().any(|(m, _)| *m == f)
            && !NUMBER_WORDS.iter().any(|(nw, _)| *nw == f)
            && !SCALE_WORDS.iter().any(|(sw, _)| *sw == f)
    });
    names
}

/// A quoted span of a TLDR sentence: its text and byte range (quote marks included).
pub(crate) fn quoted_spans(s: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().unwrap();
        let closers: &[char] = match c {
            '„' => &['“', '”', '"'],
            '»' => &['«'],
            '«' => &['»'],
            '“' => &['”', '“'],
            '"' => &['"'],
            _ => &[],
        };
        if !closers.is_empty() {
            let start = i + c.len_utf8();
            if let Some((q, cl)) = s[start..]
                .char_indices()
                .find(|(_, ch)| closers.contains(ch))
            {
                let inner = &s[start..start + q];
                if inner.chars().any(|ch| ch.is_alphanumeric()) {
                    out.push((inner.to_string(), i, start + q + cl.len_utf8()));
                }
                i = start + q + cl.len_utf8();
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// Capitalised words of `s` that do not open a sentence (or a quote), with their byte offsets;
/// hyphenated words stay whole.
pub(crate) fn capitalised_words(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |st: usize, end: usize, out: &mut Vec<(String, usize)>| {
        let w = s[st..end].trim_matches('-');
        if w.chars().next().is_some_and(|c| c.is_uppercase()) {
            let before = s[..st].trim_end();
            let initial = before.is_empty()
                || before.ends_with(['.', '!', '?', ':', '„', '"', '»', '«', '“', '(', '–', '—'])
                || before.ends_with(" -");
            if !initial {
                out.push((w.to_string(), st));
            }
        }
    };
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() || (c == '-' && start.is_some()) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            push(st, i, &mut out);
        }
    }
    if let Some(st) = start {
        push(st, s.len(), &mut out);
    }
    out
}

/// Checks `tldr` against `doc` with the default [`Limits`].
pub fn check(doc: &Document, tldr: &Tldr) -> Verdict {
    check_with(doc, tldr, &Limits::default())
}

/// Checks a model's raw answer: segments and aligns it (see [`Tldr::from_llm`]) and checks it.
pub fn check_text(doc: &Document, text: &str) -> (Tldr, Verdict) {
    let tldr = Tldr::from_llm(doc, text, "");
    let v = check(doc, &tldr);
    (tldr, v)
}

/// The TLDR to show: `llm` if it passes the gate, else the extractive one; with the gate's verdict
/// on `llm` (if there was one) so that a rejection can be recorded.
pub fn choose(doc: &Document, llm: Option<Tldr>) -> (Tldr, Option<Verdict>) {
    match llm {
        Some(t) => {
            let v = check(doc, &t);
            if v.accepted {
                (t, Some(v))
            } else {
                (crate::extractive(doc), Some(v))
            }
        }
        None => (crate::extractive(doc), None),
    }
}

/// Checks `tldr` against `doc` within `limits`.
pub fn check_with(doc: &Document, tldr: &Tldr, limits: &Limits) -> Verdict {
    let mut reasons = Vec::new();
    let text = tldr.text();
    if text.trim().is_empty() {
        return Verdict {
            accepted: false,
            reasons: vec![Reason::Empty],
        };
    }
    let expected = doc.lang().to_string();
    let german = expected == "de";
    let w = Words::new(&expected);
    let art = Article::new(doc, &w);

    // Format.
    let n = tldr.sentences.len();
    if n < limits.min_sentences {
        reasons.push(Reason::TooFewSentences { count: n });
    }
    if n > limits.max_sentences {
        reasons.push(Reason::TooManySentences { count: n });
    }
    let words = word_count(&text);
    if words < limits.min_words {
        reasons.push(Reason::TooShort { words });
    }
    if words > limits.max_words {
        reasons.push(Reason::TooLong { words });
    }
    if let Some(found) = lang::detect(&text) {
        if found != expected {
            reasons.push(Reason::WrongLanguage {
                expected: expected.clone(),
                found: found.to_string(),
            });
        }
    }

    // Loops.
    let mut seen: Vec<String> = Vec::new();
    for (i, s) in tldr.sentences.iter().enumerate() {
        let key: String = s
            .text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect();
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(first) = seen.iter().position(|k| *k == key) {
            reasons.push(Reason::RepeatedSentence { sentence: i, first });
        }
        seen.push(key);
    }
    let mut toks: Vec<String> = Vec::new();
    for_each_word(&text, |t, _| toks.push(t.to_lowercase()));
    if toks.len() >= limits.ngram {
        let mut counts: std::collections::HashMap<&[String], usize> =
            std::collections::HashMap::new();
        let mut looped: Vec<(&[String], usize)> = Vec::new();
        for g in toks.windows(limits.ngram) {
            let c = counts.entry(g).or_insert(0);
            *c += 1;
            if *c == limits.max_ngram_repeats {
                looped.push((g, 0));
            }
        }
        for (g, _) in looped {
            reasons.push(Reason::LoopingNgram {
                ngram: g.join(" "),
                count: counts[g],
            });
        }
    }

    for (i, s) in tldr.sentences.iter().enumerate() {
        let st = &s.text;
        // Numbers and numeric dates.
        for (a, b) in raw_numbers(st) {
            let m = &st[a..b];
            if let Some(d) = numeric_date(m) {
                if !art.dates.contains(&d) {
                    reasons.push(Reason::UnsupportedDate {
                        date: m.to_string(),
                        sentence: i,
                    });
                }
                continue;
            }
            // Euro cents written as cents ("0,60 Euro" for "60 Cent").
            let cents = m
                .strip_prefix("0,")
                .filter(|c| c.len() == 2 && c.chars().all(|x| x.is_ascii_digit()))
                .is_some_and(|c| {
                    art.words.contains("cent")
                        && art
                            .numbers
                            .contains(&normalise_number(c.trim_start_matches('0')))
                });
            if !art.numbers.contains(&normalise_number(m)) && !cents {
                reasons.push(Reason::UnsupportedNumber {
                    number: m.to_string(),
                    sentence: i,
                });
            }
        }
        // Number, scale, month and weekday words; "3. Oktober".
        let mut prev_day: Option<u32> = None;
        let mut prev_word = String::new();
        for_each_word(st, |word, _| {
            let f = folded(word);
            let after_rank = RANK_WORDS.contains(&prev_word.as_str());
            prev_word.clone_from(&f);
            if let Some((_, v)) = NUMBER_WORDS.iter().find(|(nw, _)| *nw == f) {
                // In the article, and where the sentence is supported (a number word of the
                // article put where another number belongs is as wrong as an invented one), or
                // as the same place of a ranking ("Platz vier" for "Rang vier").
                let last = art.sentence_numbers.len().saturating_sub(1);
                let near = s.support.is_empty()
                    || s.support.iter().any(|&j| {
                        (j.saturating_sub(1)..=(j + 1).min(last))
                            .any(|k| art.sentence_numbers[k].contains(*v))
                    })
                    || (after_rank && ranked_in(doc, v));
                if (!art.words.contains(&f) && !art.numbers.contains(*v)) || !near {
                    reasons.push(Reason::UnsupportedNumber {
                        number: word.to_string(),
                        sentence: i,
                    });
                }
            }
            if let Some((_, class)) = SCALE_WORDS.iter().find(|(sw, _)| *sw == f) {
                if !art.scales.contains(class) {
                    reasons.push(Reason::UnsupportedNumber {
                        number: word.to_string(),
                        sentence: i,
                    });
                }
            }
            let capital = word.chars().next().is_some_and(|c| c.is_uppercase());
            if let Some(m) = month_of(&f).filter(|_| capital && (f.len() > 3 || german)) {
                let ok = match prev_day {
                    Some(d) => art.dates.contains(&(d, m)),
                    None => art.months.contains(&m),
                };
                if !ok {
                    let date = match prev_day {
                        Some(d) => format!("{d}. {word}"),
                        None => word.to_string(),
                    };
                    reasons.push(Reason::UnsupportedDate { date, sentence: i });
                }
            }
            if weekday_of(&f).is_some_and(|d| !art.weekdays.contains(d)) {
                reasons.push(Reason::UnsupportedDate {
                    date: word.to_string(),
                    sentence: i,
                });
            }
            prev_day = word.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
        });

        // Quotes and their speakers.
        let quotes = quoted_spans(st);
        for (q, _, _) in &quotes {
            let mut stems = Vec::new();
            for_each_word(q, |t, _| stems.push(w.stem(t)));
            let mut found = art.find_sequence(&stems);
            if found.is_empty() {
                found = art.find_sequence(&joined_compound(q, &w));
            }
            if found.is_empty() {
                reasons.push(Reason::UnsupportedQuote {
                    quote: q.clone(),
                    sentence: i,
                });
                // A quote the article words otherwise ("Alles ist möglich" for "Im Fußball ist
                // immer alles möglich") is still someone's: its speaker is looked for where the
                // article says the closest thing.
                found = crate::align::nearest(doc, q);
                if found.is_empty() {
                    continue;
                }
            }
            // Speakers: the article's names (not "Doppelerfolg" or "Verlagen") outside the
            // quotes, also one opening the sentence ("Leitl: „…“").
            // The quote's clause: between the dashes or semicolons around it.
            let (qa, qb) = quotes
                .iter()
                .find(|(text, _, _)| text == q)
                .map(|(_, a, b)| (*a, *b))
                .unwrap_or((0, st.len()));
            // After a quote before it, the names are that quote's speakers ("Pühringer über …
            // „wenig erfreut“, Haimbuchner nach … „positiv gestimmt“").
            let prev_quote = quotes
                .iter()
                .map(|(_, _, b)| *b)
                .filter(|&b| b <= qa)
                .max()
                .unwrap_or(0);
            let clause_start = st[..qa].rfind(['–', '—', ';']).unwrap_or(0).max(prev_quote);
            let clause_end = st[qb..].find(['–', '—', ';']).map_or(st.len(), |e| qb + e);
            let speakers: Vec<(String, String)> = capitalised_words(st)
                .into_iter()
                .chain(initial_names(st))
                .filter(|(name, pos)| {
                    (clause_start..clause_end).contains(pos)
                        && !quotes.iter().any(|(_, a, b)| pos >= a && pos < b)
                        && is_name_like(name)
                        && !(german && after_determiner(st, *pos) && !after_relative(st, *pos))
                })
                .map(|(name, _)| {
                    let stem = w.stem(&name);
                    (name, stem)
                })
                .filter(|(_, stem)| art.names.iter().any(|(_, ns)| ns == stem))
                .collect();
            if speakers.is_empty() {
                continue;
            }
            // Where the article's sentence with the quote names a person itself by first and
            // last name ("…, kritisierte Präsident Christoph Leitl"), the speakers the summary
            // names must all be there ("Christoph Neumayer" shares only the first name).
            let qstems: HashSet<&str> = stems.iter().map(String::as_str).collect();
            let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
            // Where a sentence with the quote names a person itself ("… schreibt Putin von
            // „unbesiegbarer Freundschaft“"), the quote is that sentence's: a speaker named only
            // around it does not say it there.
            let named = |j: &usize| {
                art.sentence_seq[*j].iter().any(|x| {
                    art.last_names.contains(x)
                        && name_stems.contains(x.as_str())
                        && !qstems.contains(x.as_str())
                })
            };
            let found: Vec<usize> = if found.iter().any(named) {
                found.into_iter().filter(named).collect()
            } else {
                found
            };
            // A unit the article counts ("drei Zähler") says nothing.
            let speaking: Vec<&(String, String)> = speakers
                .iter()
                .filter(|(_, stem)| !art.counted.contains(stem))
                .collect();
            let near = !speaking.is_empty()
                && found.iter().any(|&j| {
                    let speakers = &speaking;
                    let seq = &art.sentence_seq[j];
                    let own: HashSet<&str> = (0..seq.len().saturating_sub(1))
                        .filter(|&x| {
                            name_stems.contains(seq[x].as_str())
                                && name_stems.contains(seq[x + 1].as_str())
                                && !qstems.contains(seq[x].as_str())
                                && !qstems.contains(seq[x + 1].as_str())
                        })
                        .flat_map(|x| [seq[x].as_str(), seq[x + 1].as_str()])
                        .collect();
                    if !own.is_empty() {
                        return speakers.iter().all(|(_, stem)| own.contains(stem.as_str()));
                    }
                    if named(&j) {
                        return speakers
                            .iter()
                            .any(|(_, stem)| art.sentence_stems[j].contains(stem));
                    }
                    art.attribution_window(j).any(|k| {
                        speakers
                            .iter()
                            .any(|(_, stem)| art.sentence_stems[k].contains(stem))
                    })
                });
            if !near {
                let speaker = speakers
                    .iter()
                    .map(|s| s.0.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                reasons.push(Reason::MisattributedQuote {
                    quote: q.clone(),
                    speaker,
                    sentence: i,
                });
            }
        }

        // Names.
        let mut reported: HashSet<String> = HashSet::new();
        let mut names = capitalised_words(st);
        if german {
            names.extend(initial_names(st));
        }
        for (name, pos) in names {
            if NOT_NAMES.contains(&folded(&name).as_str())
                || name.chars().all(|c| c.is_ascii_digit() || c == '-')
            {
                continue;
            }
            let acronym = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase());
            // A German word after an article is a common noun, not a name ("den Bau"), unless
            // it qualifies the next one: a place adjective ("die Genfer Polizei") or the first
            // part of a compound ("einen Rasmussen-Einspruch").
            let supported = if german && !acronym && after_determiner(st, pos) {
                let rest = &st[pos + name.len()..];
                let before_noun = rest.starts_with(' ')
                    && rest[1..].chars().next().is_some_and(char::is_uppercase);
                let parts: Vec<&str> = name.split('-').filter(|p| !p.is_empty()).collect();
                if parts.len() >= 2 {
                    let head = parts[parts.len() - 1];
                    parts[..parts.len() - 1].iter().all(|p| {
                        // "dem WM-Titel": an abbreviation of common words.
                        p.chars().all(|c| !c.is_lowercase())
                            || art.supports_name_part(p, &w, german, false)
                            || art.short_form(p, head)
                    })
                } else if before_noun {
                    art.supports_name(&name, &w, german, false)
                } else {
                    true
                }
            } else {
                // Right after a first name of the article ("Lewis X") a name stands too.
                let prev = st[..pos]
                    .strip_suffix(' ')
                    .and_then(|b| b.split(' ').next_back())
                    .unwrap_or("");
                let after_name = prev.chars().next().is_some_and(char::is_uppercase)
                    && prev.chars().all(char::is_alphabetic)
                    && (art.names.iter().any(|(n, _)| n == prev)
                        || (is_name_like(prev)
                            && !adjective_form(&folded(prev))
                            // Not a place adjective ("der Bonner Konzernzentrale").
                            && !prev.ends_with("er")
                            && art.words.contains(&folded(prev))
                            && art.sentences_with_name_before(prev)));
                art.supports_name(
                    &name,
                    &w,
                    german,
                    german && (after_name || name_position(st, pos, &name)),
                )
            };
            if !supported && reported.insert(name.clone()) {
                reasons.push(Reason::UnsupportedName { name, sentence: i });
            }
        }

        if s.support.is_empty() {
            // A question asserts nothing; its names and numbers are checked above.
            if !st.trim_end().ends_with('?') {
                reasons.push(Reason::UnsupportedSentence { sentence: i });
            }
            // Its names and negations are still compared with the closest sentences.
            let near = crate::align::nearest(doc, st);
            if !near.is_empty() {
                relations(doc, &art, &w, st, &near, i, &mut reasons);
            } else if negation_without_ground(st, &w, german) {
                reasons.push(Reason::NegationMismatch { sentence: i });
            }
        } else {
            relations(doc, &art, &w, st, &s.support, i, &mut reasons);
        }
    }
    Verdict {
        accepted: reasons.is_empty(),
        reasons,
    }
}

/// The checks of a supported TLDR sentence `st` (index `i`) against its supporting sentences:
/// negation, names of the article that belong elsewhere, the order of two names.
fn relations(
    doc: &Document,
    art: &Article,
    w: &Words,
    st: &str,
    support: &[usize],
    i: usize,
    reasons: &mut Vec<Reason>,
) {
    let quotes = quoted_spans(st);
    let mut words: Vec<(String, String, usize)> = Vec::new();
    for_each_word(st, |t, pos| {
        if !quotes.iter().any(|(_, a, b)| pos >= *a && pos < *b) && !nicht_compound(st, t, pos) {
            words.push((t.to_string(), w.stem(t), pos));
        }
    });
    let german = doc.lang() == "de";
    let negations = if german { NEGATIONS } else { NEGATIONS_EN };
    let neg_stems: Vec<String> = negations.iter().map(|n| w.stem(n)).collect();
    let is_neg = |s: &String| neg_stems.contains(s);
    let stems: HashSet<&String> = words.iter().map(|x| &x.1).collect();

    // Negation: one the support (or a sentence beside it) lacks, or one it has whose
    // context on both sides the sentence keeps without it ("nicht nur" negates nothing).
    // "alles andere als begeistert" negates as "nicht begeistert" does.
    let negated = |seq: &[String], k: usize| {
        (is_neg(&seq[k]) && !(seq[k] == "nicht" && seq.get(k + 1).is_some_and(|x| x == "nur")))
            || (seq[k] == "all"
                && seq.get(k + 1).is_some_and(|x| x.starts_with("and"))
                && seq.get(k + 2).is_some_and(|x| x == "als"))
    };
    let content = |x: &String| {
        x.chars().count() >= 4
            && !is_neg(x)
            && !crate::text::is_stopword_hash(crate::text::hash_str(x))
    };
    let t_neg = words.iter().any(|x| is_neg(&x.1)) && !st.contains("nicht nur");
    // A negation of the sentence is wrong where the support says what it negates (the first
    // content word after it, or else one before it) without one.
    let near_support = |k: usize| support.iter().any(|&j| k + 1 >= j && k <= j + 1);
    let unsupported_neg = t_neg
        && words.iter().enumerate().any(|(k, x)| {
            if !is_neg(&x.1) {
                return false;
            }
            // Within the negation's clause only.
            let clause =
                |a: usize, b: usize| !st[a.min(b)..a.max(b)].contains([',', ';', ':', '–']);
            // The first such word the support has (a paraphrase keeps some of its words, not
            // always the first: "sind nicht derzeit in Österreich in Zelten").
            let in_support = |y: &String| {
                support
                    .iter()
                    .any(|&j| art.sentence_seq[j].iter().any(|z| related(z, y)))
            };
            let after = words[k + 1..]
                .iter()
                .take_while(|y| clause(x.2, y.2))
                .map(|y| &y.1)
                .filter(|y| content(y))
                .find(|y| in_support(y));
            let before = words[..k]
                .iter()
                .rev()
                .take_while(|y| clause(y.2, x.2))
                .map(|y| &y.1)
                .filter(|y| content(y))
                .find(|y| in_support(y));
            // "nicht X, sondern Y" denies X only: with no word of X in the support, there is
            // nothing to compare ("denkt nicht etwa an Barcelona, sondern an Mattersburg").
            let contrast = words[k + 1..].iter().any(|y| y.0 == "sondern");
            let Some(key) = after.or(before.filter(|_| !contrast)) else {
                return false;
            };
            let has_key = |seq: &Vec<String>| seq.iter().any(|y| related(y, key));
            // A negation of that word: within [`NEGATION_REACH`] words of it ("Die Ölpreise
            // sollten nicht weiter fallen, denn … Investoren auf steigende Preise wetten" does
            // not negate "steigende").
            let has_neg = |seq: &Vec<String>| {
                (0..seq.len()).any(|x| {
                    negated(seq, x)
                        && !double_negation(seq, x)
                        && seq[x.saturating_sub(NEGATION_REACH)
                            ..(x + NEGATION_REACH + 1).min(seq.len())]
                            .iter()
                            .any(|y| related(y, key))
                })
            };
            // A word that says "not" in itself ("verzichtet", "abgesagt") where the sentence says
            // "nicht" instead.
            let polar = |seq: &Vec<String>| {
                seq.iter().any(|y| {
                    NEGATIVE_POLARITY.iter().any(|p| y.starts_with(p))
                        && !stems.iter().any(|x| {
                            x.len() >= 4 && (x.starts_with(y.as_str()) || y.starts_with(x.as_str()))
                        })
                })
            };
            // Wrong only where a supporting sentence says it without a negation, and none
            // beside it says it with one.
            let negated_there = art
                .sentence_seq
                .iter()
                .enumerate()
                .any(|(j, seq)| near_support(j) && has_key(seq) && has_neg(seq))
                // "keine Berufung mehr möglich" where the article's decision is "unwiderruflich".
                || (key.starts_with("moglich")
                    && (0..doc.sentences.len())
                        .any(|j| near_support(j) && says_impossible(&doc.sentences[j])));
            let plain_there = support.iter().any(|&j| {
                let seq = &art.sentence_seq[j];
                has_key(seq) && !has_neg(seq) && !polar(seq)
            });
            plain_there && !negated_there
        });
    let dropped = !t_neg
        && art.sentence_seq.iter().enumerate().any(|(j, seq)| {
            // "Ganz ohne Abstriche ist die Stelle nicht": two negations say yes.
            support.contains(&j)
                && !seq.iter().any(|y| y == "ohn")
                && (0..seq.len()).any(|k| {
                    if !negated(seq, k) {
                        return false;
                    }
                    // The first content word after the negation (when there is one; after all
                    // three words of "alles andere als") and one of the three before it.
                    let end = if is_neg(&seq[k]) { k + 1 } else { k + 3 };
                    let after = seq[end..].iter().take(3).find(|y| content(y));
                    let before = seq[..k].iter().rev().take(3).find(|y| content(y));
                    (before.is_some_and(|y| stems.contains(y))
                        && after.is_none_or(|y| stems.contains(y)))
                        // Or what it negates right after it (an infinitive's "zu" between), a
                        // word of its own ("Urteil nicht rechtskräftig", "alles andere als
                        // begeistert") or one news paraphrases exchange for it ("Der Lauf endet"
                        // for "sind nicht zu stoppen").
                        || (after.is_some_and(|y| {
                            (y.chars().count() >= 6 && stems.iter().any(|x| related(x, y)))
                                || stems.iter().any(|x| crate::align::same_family(x, y))
                        }) && {
                            let next = end + usize::from(seq.get(end).is_some_and(|y| y == "zu"));
                            seq.get(next).is_some_and(|y| Some(y) == after)
                        })
                })
        });
    // A negation where no supporting sentence negates anything the sentence says (in a word or
    // in itself: "verzichtet"; see [`negates_said`]) has no ground at all. The negation's own clause is looked up too, up to two
    // sentences around what it is closest to: a sentence may join a negated clause to one said
    // elsewhere ("Die Frau sagte, er zahle nicht, Keller widersprach").
    let last = art.sentence_seq.len() - 1;
    let grounded = |support: &[usize], d: usize| {
        support.iter().any(|&j| {
            (j.saturating_sub(d)..=(j + d).min(last)).any(|k| {
                let seq = &art.sentence_seq[k];
                (0..seq.len()).any(|x| {
                    (negated(seq, x) || NEGATIVE_POLARITY.iter().any(|p| seq[x].starts_with(p)))
                        && negates_said(seq, x, &stems, &content)
                })
            })
        })
    };
    let groundless_neg = t_neg
        && !support.is_empty()
        && !grounded(support, 0)
        && words
            .iter()
            .enumerate()
            .filter(|(_, x)| is_neg(&x.1))
            .all(|(k, x)| {
                // "nicht X, sondern Y" says Y, which the support says: X need not be in the article
                // ("denkt nicht etwa an Barcelona, sondern an Mattersburg").
                if words[k + 1..].iter().any(|y| y.0 == "sondern") {
                    return false;
                }
                // The clause and the one before it ("Die Frau sagte, er zahle nicht").
                let cl = [',', ';', ':', '–'];
                let a = st[..x.2].rfind(cl).map_or(0, |i| {
                    st[..i]
                        .rfind(cl)
                        .map_or(0, |k| k + st[k..].chars().next().map_or(1, char::len_utf8))
                });
                let b = st[x.2..].find(cl).map_or(st.len(), |i| x.2 + i);
                let near = crate::align::nearest(doc, &st[a..b]);
                !grounded(&near, 2)
            });
    let dropped = dropped
        || (!t_neg && dropped_polarity(art, support, &words, &stems))
        || (german && !t_neg && dropped_clause_end(doc, w, support, &stems));
    let dropped = dropped || (german && bare_sondern(st, w));
    if unsupported_neg || dropped || groundless_neg {
        reasons.push(Reason::NegationMismatch { sentence: i });
    }

    // Names of the article: near the support, and in the support's order.
    let mut found: Vec<(&str, &str, usize)> = Vec::new();
    for (n, (t, stem, pos)) in words.iter().enumerate() {
        // Capitalised words on their own (not a part of "Böhmermann-Unterstützung").
        let hyphen = st[..*pos].ends_with('-') || st[pos + t.len()..].starts_with('-');
        if hyphen || !t.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        // A German word right after an article is a common noun ("die Werbeblockersperre"), as
        // is one after an adjective opening a heading or sentence ("EU: Gemeinsame Patrouillen").
        let prev = st[..*pos].split_whitespace().next_back().unwrap_or("");
        let opening_adjective = prev.chars().next().is_some_and(char::is_uppercase)
            && adjective_form(&folded(prev))
            && st[..st[..*pos].trim_end().len() - prev.len()]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| ".!?:–—".contains(c));
        if german && (DETERMINERS.contains(&prev.to_lowercase().as_str()) || opening_adjective) {
            continue;
        }
        let Some((name, nstem)) = art.names.iter().find(|(n, ns)| n == t || ns == stem) else {
            continue;
        };
        if found.iter().any(|(_, s, _)| *s == nstem.as_str()) {
            continue;
        }
        found.push((name.as_str(), nstem.as_str(), n));
    }
    // A sentence naming three or more (a list of people or places: "Öl, Kupfer und Co") may
    // gather them from all over the article.
    let list = found
        .iter()
        .enumerate()
        .filter(|(k, x)| *k == 0 || found[k - 1].2 + 1 != x.2)
        .count()
        >= 3;
    let last = art.sentence_stems.len() - 1;
    let has_quote = !quotes.is_empty();
    // Whether the name (stem `nstem`, core `ncore`) occurs in a sentence of `support` or beside
    // it (where "er" or "der Kremlchef" of the support is named), also as a derived form
    // ("Deutschland" where "die deutsche Regierung" is); for a sentence with a quote, in the
    // two sentences before it too (reported speech goes on).
    let near_to = |support: &[usize], nstem: &str, ncore: &str| {
        support.iter().any(|&j| {
            let from = j.saturating_sub(if has_quote { 2 } else { 1 });
            (from..=(j + 1).min(last)).any(|k| {
                art.sentence_stems[k].contains(nstem)
                    || art.sentence_cores[k].iter().any(|c| same_core(c, ncore))
            })
        })
    };
    // Name words found near (their word index) and those not, with their run of capitalised words.
    let mut near_names: HashSet<usize> = HashSet::new();
    let mut misplaced: Vec<(usize, usize, usize)> = Vec::new();
    for &(_, nstem, n) in found.iter() {
        let t = &words[n].0;
        if art.dateline.contains(nstem) || in_list(st, words[n].2) {
            near_names.insert(n);
            continue;
        }
        // A sentence naming many may gather them from all over the article, but not from
        // where nothing it says is: a name no sentence within two of its support has ("trifft im
        // Viertelfinale auf Djokovics Hauptrivalen Roger Federer").
        // The run of capitalised words the name stands in ("Raif Badawi").
        let (mut a, mut b) = (n, n);
        let cap = |k: usize| words[k].0.chars().next().is_some_and(char::is_uppercase);
        let joined = |k: usize| st[words[k].2 + words[k].0.len()..words[k + 1].2] == *" ";
        while a > 0 && cap(a - 1) && joined(a - 1) {
            a -= 1;
        }
        while b + 1 < words.len() && cap(b + 1) && joined(b) {
            b += 1;
        }
        // Where the rest of the sentence (and of the name's clause) is said: its support found
        // without the name's words, so that a name put where another belongs does not draw the
        // alignment to where it occurs itself.
        let cut = |from: usize, to: usize| {
            format!(
                "{}{}",
                &st[from..words[a].2],
                &st[words[b].2 + words[b].0.len()..to]
            )
        };
        let (ca, cb) = clause(st, words[n].2);
        let ncore = core(t);
        // A sentence naming many may gather them from all over the article, but not from
        // where nothing it says is: a name no sentence within two of the support of the rest of
        // the sentence has ("trifft im Viertelfinale auf Djokovics Hauptrivalen Roger Federer").
        if list {
            let without = crate::align::align(doc, &[cut(0, st.len())])
                .pop()
                .unwrap_or_default();
            let support = if without.is_empty() {
                support
            } else {
                &without[..]
            };
            if far_from_support(art, support, nstem, &ncore) {
                misplaced.push((n, a, b));
            } else {
                near_names.insert(n);
            }
            continue;
        }
        let mut near = false;
        for rest in [cut(0, st.len()), cut(ca, cb)] {
            let without = crate::align::align(doc, &[rest]).pop().unwrap_or_default();
            let support = if without.is_empty() {
                support
            } else {
                &without[..]
            };
            if near_to(support, nstem, &ncore) {
                near = true;
                break;
            }
        }
        // A name the article keeps naming (its protagonist, its country: "Lewis Hamilton" in a
        // race report, "Österreich" in an Austrian one) belongs to much of what it says.
        let mentions = art
            .sentence_stems
            .iter()
            .filter(|x| x.contains(nstem))
            .count();
        if mentions >= PROTAGONIST_MENTIONS
            && mentions as f32 >= PROTAGONIST_SHARE * art.sentence_stems.len() as f32
        {
            near = true;
        }
        // Near, but what its clause says the article says of another name: the name stands in
        // for that one ("Griss sieht das Schreiben … als problematisch" where the article has
        // "Gnesda bezeichnet den Brief … als problematisch").
        let (own, other) = name_fits(art, &words, st, a, b, n);
        if near && other > FIT_FACTOR * own + FIT_MARGIN {
            near = false;
        }
        if near {
            near_names.insert(n);
        } else {
            misplaced.push((n, a, b));
        }
    }
    for (n, a, b) in misplaced {
        // Or a first name of a full name the article writes so whose last word is near, a last
        // name that is no article name only for its noun-like ending ("Anders Behring Breivik":
        // "-ik" as in "Politik").
        let tail = &words[b];
        let full_name_near = n < b
            && !is_name_like(&tail.0)
            && is_name_like_strict(&tail.0)
            && says_run(art, &words, n, b)
            && near_to(support, &tail.1, &core(&tail.0));
        if !known_full_name(art, &words, a, b, n, &near_names) && !full_name_near {
            reasons.push(Reason::MisplacedName {
                name: words[n].0.clone(),
                sentence: i,
            });
        }
    }
    // A role or first name right before a name ("Vizekanzler Faymann", "Lewis Mexiko") that the
    // article puts right before another name and never before this one: the name has another's
    // role.
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    for k in 0..words.len().saturating_sub(1) {
        let (r, rs, rp) = (&words[k].0, &words[k].1, words[k].2);
        let (n, ns, np) = (&words[k + 1].0, &words[k + 1].1, words[k + 1].2);
        let cap = |x: &String| x.chars().next().is_some_and(char::is_uppercase);
        if !cap(r) || !cap(n) || &st[rp + r.len()..np] != " " || !name_stems.contains(ns.as_str()) {
            continue;
        }
        // The run of capitalised words from the name on ("Werner Faymann").
        let mut run: Vec<&str> = vec![ns.as_str()];
        let mut e = k + 1;
        while e + 1 < words.len()
            && cap(&words[e + 1].0)
            && &st[words[e].2 + words[e].0.len()..words[e + 1].2] == " "
        {
            e += 1;
            run.push(words[e].1.as_str());
        }
        let mut others = false;
        let mut this = false;
        if crate::text::is_stopword_hash(crate::text::hash_str(&folded(r)))
            || DETERMINERS.contains(&r.to_lowercase().as_str())
        {
            continue;
        }
        // The names after the role in the article ("Innenminister Wolfgang Sobotka").
        for seq in &art.sentence_seq {
            // Also as the head of a compound role ("Diözesanbischof" for "Bischöfe"), either way:
            // "Präsidentschaftskandidaten Norbert Hofer" gives the role "Kandidat" to Hofer, not
            // to another name ("ihr Kandidat Herbert Kickl").
            for x in (0..seq.len()).filter(|&x| rs.len() >= 4 && seq[x].ends_with(rs.as_str())) {
                let after: Vec<&str> = seq[x + 1..]
                    .iter()
                    .take(3)
                    .map(String::as_str)
                    .take_while(|y| name_stems.contains(y))
                    .collect();
                if after.iter().any(|y| run.contains(y)) {
                    this = true;
                } else if !after.is_empty() && (seq[x] == *rs || !other_office(&seq[x])) {
                    others = true;
                }
            }
        }
        if others
            && !this
            && !reasons
                .iter()
                .any(|x| x.sentence() == Some(i) && x.code() == "misplaced_name")
        {
            reasons.push(Reason::MisplacedName {
                name: n.clone(),
                sentence: i,
            });
        }
    }
    // A name of the article opening a compound role before another name ("Graz-Coach Foda",
    // "SPÖ-Chef Werner Faymann") says whose role it is: the article names the two together, in
    // one sentence or in two beside each other ("Franco Foda, der Trainer der Grazer"), or the
    // role belongs to someone else ("Spendlhofer-Coach Foda").
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    for k in 0..words.len().saturating_sub(2) {
        let (x, xs, xp) = (&words[k].0, &words[k].1, words[k].2);
        let (r, rp) = (&words[k + 1].0, words[k + 1].2);
        let (n, ns, np) = (&words[k + 2].0, &words[k + 2].1, words[k + 2].2);
        let joined = |a: usize, len: usize, b: usize, sep: &str| &st[a + len..b] == sep;
        if !cap(x)
            || !cap(r)
            || !cap(n)
            || !joined(xp, x.len(), rp, "-")
            || !joined(rp, r.len(), np, " ")
            || (k > 0 && st[..xp].ends_with('-'))
            || xs == ns
            || !name_stems.contains(xs.as_str())
            || !art.sentence_stems.iter().any(|x| x.contains(ns.as_str()))
        {
            continue;
        }
        // A word the article writes only in compounds ("Bullen-Vergangenheit") is a nickname
        // or an attribute there, not a name it relates to people.
        let alone = doc.sentences.iter().any(|d| {
            let mut found = false;
            for_each_word(d, |t, p| {
                found |=
                    t == x.as_str() && !d[..p].ends_with('-') && !d[p + t.len()..].starts_with('-');
            });
            found
        });
        if !alone {
            continue;
        }
        let xcore = core(x);
        let together = (0..=last).any(|j| {
            art.sentence_stems[j].contains(ns.as_str())
                && (art.sentence_stems[j].contains(xs.as_str())
                    || art.sentence_cores[j].iter().any(|c| same_core(c, &xcore)))
        });
        if !together && !misplaced_in(reasons, i) {
            reasons.push(Reason::MisplacedName {
                name: x.clone(),
                sentence: i,
            });
        }
    }
    // A role the article gives to someone else before a name it gives another role to
    // ("Staatssekretär Taschner" where the article has "Der Mathematiker Rudolf Taschner").
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = foreign_role(doc, art, w, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    // A place's qualifier given to another place ("Korneuburg an der Leitha" where the article
    // has "Bruck an der Leitha").
    if german {
        if let Some(name) = misplaced_qualifier(doc, w, &name_stems, st, &words) {
            if !misplaced_in(reasons, i) {
                reasons.push(Reason::MisplacedName { name, sentence: i });
            }
        }
    }
    // A person where a place belongs: "in" before a first and a last name the article writes
    // together and the last name on its own too, as it names people ("Salzburg koordiniert in
    // Mike Vogl …"; places of two words, "St. Pölten", "Bad Ischl", rarely go by their second).
    if german {
        for k in 1..words.len().saturating_sub(1) {
            let (a, ap) = (&words[k].0, words[k].2);
            let (b, bp) = (&words[k + 1].0, words[k + 1].2);
            let prev = &words[k - 1];
            if prev.0 != "in"
                || &st[prev.2 + prev.0.len()..ap] != " "
                || &st[ap + a.len()..bp] != " "
                || !cap(a)
                || !cap(b)
                || words
                    .get(k + 2)
                    .is_some_and(|x| cap(&x.0) && &st[bp + b.len()..x.2] == " ")
                || !art.first_names.contains(a.as_str())
                || !art.names.iter().any(|(n, _)| n == b)
            {
                continue;
            }
            let full = format!("{a} {b}");
            let (mut together, mut alone, mut after_in) = (false, false, false);
            for d in &doc.sentences {
                together |= d.contains(&full);
                // The article's own "Vertrauen in Angela Merkel".
                after_in |= d.contains(&format!("in {full}"));
                for_each_word(d, |t, p| {
                    alone |= t == b.as_str() && !d[..p].trim_end().ends_with(a.as_str());
                });
            }
            if together && alone && !after_in && !misplaced_in(reasons, i) {
                reasons.push(Reason::MisplacedName {
                    name: full,
                    sentence: i,
                });
            }
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = other_in_phrase(doc, art, w, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = person_in_place(doc, art, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = foreign_first_name(doc, art, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = place_as_subject(doc, art, &words, st, support) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = compound_partner(doc, art, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = first_name_compound(doc, art, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = foreign_list_member(art, &words, st) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    if german && !misplaced_in(reasons, i) {
        if let Some(name) = taken_slot(doc, art, &words, st, support) {
            reasons.push(Reason::MisplacedName { name, sentence: i });
        }
    }
    // A name after a preposition ("Brief an Kim Jong Un", "gegen Kevin Anderson") where the
    // article puts that preposition before another name of the sentence and never before this
    // one: the name has the other's part ("Kim Jong Un hat … an Wladimir Putin …").
    if german && found.len() >= 2 && !list {
        const PREPS: &[&str] = &["an", "gegen", "für", "mit", "von", "über", "auf"];
        let after_prep = |prep: &str| names_after(doc, art, prep, 5, 0..art.sentence_seq.len());
        for (p, &(name, _, n)) in found.iter().enumerate() {
            // The first name word of a run ("Kim" of "Kim Jong Un") and the run's stems.
            if p > 0 && found[p - 1].2 + 1 == n {
                continue;
            }
            let run: Vec<&str> = found[p..]
                .iter()
                .enumerate()
                .take_while(|(k, x)| x.2 == n + k)
                .map(|(_, x)| x.1)
                .collect();
            // The preposition right before the name, with at most two words (article,
            // adjective, role) between.
            let prep = (n.saturating_sub(3)..n)
                .rev()
                .find(|&k| PREPS.contains(&words[k].0.as_str()))
                .map(|k| words[k].0.as_str());
            let Some(prep) = prep else { continue };
            let there = after_prep(&w.stem(prep));
            let others = found
                .iter()
                .any(|&(_, o, _)| !run.contains(&o) && there.contains(o));
            if others
                && !run.iter().any(|r| there.contains(r))
                && !reasons
                    .iter()
                    .any(|x| x.sentence() == Some(i) && x.code() == "misplaced_name")
            {
                reasons.push(Reason::MisplacedName {
                    name: name.to_string(),
                    sentence: i,
                });
            }
        }
    }
    if let Some((first, second)) = swapped_across_clauses(art, &words, st, &found) {
        reasons.push(Reason::SwappedRoles {
            first,
            second,
            sentence: i,
        });
        return;
    }
    // Two names with words between them (not the parts of one name: "Jil Teichmann"): the
    // first of each run of adjacent name words stands for it.
    // Not an item of an enumeration ("Gorgon, Kayode und Co").
    let heads: Vec<&(&str, &str, usize)> = found
        .iter()
        .enumerate()
        .filter(|(k, x)| *k == 0 || found[k - 1].2 + 1 != x.2)
        .map(|(_, x)| x)
        .filter(|x| !in_list(st, words[x.2].2))
        .collect();
    // Only names with an action between them: not the items of a list ("Google, Microsoft").
    let acts = |from: usize, to: usize| {
        words[from + 1..to].iter().any(|(t, _, _)| {
            t.chars().next().is_some_and(char::is_lowercase)
                && !["und", "oder", "sowie", "bzw", "and", "or"].contains(&t.as_str())
        })
    };
    for (p, x) in heads.iter().enumerate() {
        for y in heads[p + 1..].iter().filter(|y| acts(x.2, y.2)) {
            let (a, b) = (x.1, y.1);
            let mut both = 0;
            let mut reversed = 0;
            for &j in support {
                // Not the dateline: every sentence of the article is reported from there
                // ("Salzburg – Der Salzburger Mike Vogl …").
                let skip = if j == 0 { art.dateline_words } else { 0 };
                let seq = &art.sentence_seq[j][skip.min(art.sentence_seq[j].len())..];
                // The words as written: a derived form in "-er" before a name ("Der Salzburger
                // Mike Vogl") is an attribute, not the place in another role.
                let mut surface: Vec<String> = Vec::new();
                for_each_word(&doc.sentences[j], |t, _| surface.push(folded(t)));
                let surface = &surface[skip.min(surface.len())..];
                let form = |k: usize, own: &str| {
                    !surface.get(k).is_some_and(|f| f.ends_with("er"))
                        || folded(own).ends_with("er")
                };
                let (wa, wb) = (&words[x.2].0, &words[y.2].0);
                // Reversed: every mention of the second before every mention of the first.
                let first_a = (0..seq.len()).find(|&k| seq[k] == a && form(k, wa));
                let last_b = (0..seq.len()).rev().find(|&k| seq[k] == b && form(k, wb));
                if let (Some(pa), Some(pb)) = (first_a, last_b) {
                    both += 1;
                    if pb < pa {
                        reversed += 1;
                    }
                }
            }
            if both > 0 && reversed == both {
                reasons.push(Reason::SwappedRoles {
                    first: x.0.to_string(),
                    second: y.0.to_string(),
                    sentence: i,
                });
                return;
            }
        }
    }
}

/// Whether no article sentence within two of a sentence of `support` names the name of stem
/// `nstem` (or a derived form of core `ncore`): in a sentence naming many, a name of the article
/// put where nothing the sentence says is.
fn far_from_support(art: &Article, support: &[usize], nstem: &str, ncore: &str) -> bool {
    let last = art.sentence_stems.len().saturating_sub(1);
    !support.iter().any(|&j| {
        (j.saturating_sub(2)..=(j + 2).min(last)).any(|k| {
            art.sentence_stems[k].contains(nstem)
                || art.sentence_cores[k].iter().any(|c| same_core(c, ncore))
        })
    })
}
/// Words joining a place to the river or region that tells it from others of its name ("Bruck
/// an der Leitha", "Steyr an der Enns"). Not "am", "im" or "bei": "am Sonntag", "im Juli",
/// "bei Gericht" follow any word.
const PLACE_QUALIFIERS: &[&str] = &["an der", "ob der"];

/// A capitalised word of the sentence followed by a place's qualifier ("an der Leitha") that
/// the article writes after another name and never after this one: "Gerasdorf kommt nach
/// Bruck, … und Maria-Lanzendorf zu Korneuburg an der Leitha" where the article has "Bruck an
/// der Leitha" (a swap the order check cannot see in a list). Returns the word.
fn misplaced_qualifier(
    doc: &Document,
    w: &Words,
    name_stems: &HashSet<&str>,
    st: &str,
    words: &[(String, String, usize)],
) -> Option<String> {
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    for (k, (t, stem, pos)) in words.iter().enumerate() {
        // Names of the article ("die Helfer an der Grenze" is no place), here and in the article.
        if !cap(t) || st[..*pos].ends_with('-') || !name_stems.contains(stem.as_str()) {
            continue;
        }
        let rest = &st[pos + t.len()..];
        for q in PLACE_QUALIFIERS {
            let Some(after) = rest
                .strip_prefix(' ')
                .and_then(|r| r.strip_prefix(q))
                .and_then(|r| r.strip_prefix(' '))
            else {
                continue;
            };
            let Some(place) = words.get(k + 1 + q.split(' ').count()) else {
                continue;
            };
            if !cap(&place.0) || !after.starts_with(place.0.as_str()) {
                continue;
            }
            let phrase = format!(" {q} {}", place.0);
            let own = format!("{t}{phrase}");
            // Other words the article qualifies so, and whether this one is among them.
            let mut others = false;
            let mut this = false;
            for d in &doc.sentences {
                let mut from = 0;
                while let Some(x) = d[from..].find(&phrase) {
                    let at = from + x;
                    let before = d[..at].split([' ', '(', ',']).next_back().unwrap_or("");
                    if before == t.as_str() {
                        this = true;
                    } else if cap(before) && name_stems.contains(w.stem(before).as_str()) {
                        others = true;
                    }
                    from = at + phrase.len();
                }
                this |= d.contains(&own);
            }
            if others && !this {
                return Some(t.clone());
            }
        }
    }
    None
}

/// Whether `sentence` has an adjective that says "cannot be done" in itself, "un-" with "-lich" or
/// "-bar" ("unwiderruflich", "unmöglich", "unvermeidbar"): the negation of a "möglich".
fn says_impossible(sentence: &str) -> bool {
    let mut found = false;
    for_each_word(sentence, |t, _| {
        let f = folded(t);
        found |= f.chars().count() >= 9
            && f.starts_with("un")
            && (f.ends_with("lich") || f.ends_with("bar"));
    });
    found
}

/// A quote that is one hyphenated compound as the article may write it, together: the stem of
/// "All-in-Rechner" is that of "allinrechner" (the article's "www.allinrechner.at"). Empty for any
/// other quote (a phrase, a word without hyphens), which has its own stems.
fn joined_compound(q: &str, w: &Words) -> Vec<String> {
    let q = q.trim();
    if !q.contains('-')
        || q.chars()
            .any(|c| !(crate::text::is_alphanumeric(c) || c == '-'))
    {
        return Vec::new();
    }
    vec![w.stem(&q.replace('-', ""))]
}

/// A "sondern" with no negation before it in the sentence: "sondern" follows a denial ("nicht
/// etwa an Barcelona, sondern an Mattersburg", "nicht nur …, sondern auch"), so one without has
/// lost its negation ("denkt dabei aber etwa an Barcelona, sondern an Mattersburg").
fn bare_sondern(st: &str, w: &Words) -> bool {
    let mut seen_neg = false;
    let mut bare = false;
    for_each_word(st, |t, _| {
        let f = folded(t);
        if f == "sondern" && !seen_neg {
            bare = true;
        }
        seen_neg |= NEGATIONS.contains(&f.as_str())
            || NEGATIVE_POLARITY.iter().any(|p| w.stem(t).starts_with(p));
    });
    bare
}

/// Words opening a German subordinate clause: a clause between commas that opens with one is
/// embedded in the clause around it.
const SUBORDINATORS: &[&str] = &[
    "ob", "dass", "weil", "wenn", "als", "da", "nachdem", "obwohl", "wie", "wo", "der", "die",
    "das", "dem", "den", "deren", "dessen", "welche", "welcher", "welches",
];

/// A "nicht" ending a clause of a supporting sentence negates that clause, also where a
/// subordinate clause stands between its beginning and its end: "Ein offizielles Statement des
/// Fürstenhauses, ob sie am Traditionsevent teilnehmen wird, gibt es allerdings noch nicht."
/// A TLDR sentence without negation that says two content words of that clause dropped it ("Ein
/// offizielles Statement des Fürstenhauses gibt es.").
fn dropped_clause_end(
    doc: &Document,
    w: &Words,
    support: &[usize],
    stems: &HashSet<&String>,
) -> bool {
    let content = |x: &String| {
        x.chars().count() >= 4
            && !NEGATIONS.contains(&x.as_str())
            && !crate::text::is_stopword_hash(crate::text::hash_str(x))
    };
    support.iter().any(|&j| {
        let sent = &doc.sentences[j];
        // Clauses between commas, semicolons, colons and dashes, as stems.
        let clauses: Vec<Vec<String>> = sent
            .split([',', ';', ':', '–', '—'])
            .map(|c| {
                let mut v = Vec::new();
                for_each_word(c, |t, _| v.push(w.stem(t)));
                v
            })
            .collect();
        if clauses.iter().flatten().any(|y| y == "ohn") {
            return false;
        }
        (0..clauses.len()).any(|c| {
            let cl = &clauses[c];
            if cl.last().is_none_or(|y| y != "nicht") || cl.len() < 2 {
                return false;
            }
            // The clause itself and, behind one subordinate clause before it, the clause it
            // continues.
            let mut own: Vec<&String> = cl.iter().collect();
            if c >= 2
                && clauses[c - 1]
                    .first()
                    .is_some_and(|y| SUBORDINATORS.contains(&y.as_str()))
            {
                own.extend(clauses[c - 2].iter());
            }
            own.iter()
                .filter(|y| content(y) && stems.contains(**y))
                .count()
                >= 2
        })
    })
}

/// A name after a noun and "von" in the summary sentence `st` ("den Großen Preis von Valtteri
/// Bottas") where the article writes that noun and "von" only before other names ("Großen Preis
/// von Mexiko"): a name put into another's phrase. Returns the name.
fn other_in_phrase(
    doc: &Document,
    art: &Article,
    w: &Words,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    for k in 2..words.len() {
        let (noun, prep, name) = (&words[k - 2], &words[k - 1], &words[k]);
        if prep.0 != "von"
            || !cap(&noun.0)
            || noun.0.chars().count() < 4
            || name_stems.contains(noun.1.as_str())
            || !cap(&name.0)
            || !name_stems.contains(name.1.as_str())
            || &st[noun.2 + noun.0.len()..prep.2] != " "
            || &st[prep.2 + prep.0.len()..name.2] != " "
        {
            continue;
        }
        // The name's run ("Valtteri Bottas").
        let mut run: Vec<&str> = vec![name.1.as_str()];
        let mut e = k;
        while e + 1 < words.len()
            && cap(&words[e + 1].0)
            && &st[words[e].2 + words[e].0.len()..words[e + 1].2] == " "
        {
            e += 1;
            run.push(words[e].1.as_str());
        }
        let (mut this, mut others) = (false, false);
        for d in &doc.sentences {
            let mut seq: Vec<String> = Vec::new();
            for_each_word(d, |t, _| seq.push(w.stem(t)));
            for x in 0..seq.len().saturating_sub(2) {
                if seq[x] == noun.1 && seq[x + 1] == prep.1 {
                    if run.contains(&seq[x + 2].as_str()) {
                        this = true;
                    } else if name_stems.contains(seq[x + 2].as_str()) {
                        others = true;
                    }
                }
            }
        }
        if others && !this {
            return Some(name.0.clone());
        }
    }
    None
}

/// The names (stems) the article writes within `reach` words after a word of stem `prep`, in the
/// sentences `within`. Only up to the first word that ends the word's phrase (a lower-case word
/// other than an article or adjective: "Brief an den nordkoreanischen Diktator schreibt Putin"
/// puts no "an" before Putin).
fn names_after<'a>(
    doc: &Document,
    art: &'a Article,
    prep: &str,
    reach: usize,
    within: impl Iterator<Item = usize>,
) -> HashSet<&'a str> {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let mut out = HashSet::new();
    for j in within {
        let (seq, d) = (&art.sentence_seq[j], &doc.sentences[j]);
        let mut surface: Vec<&str> = Vec::new();
        for_each_word(d, |t, p| surface.push(&d[p..p + t.len()]));
        for x in (0..seq.len()).filter(|&x| seq[x] == prep) {
            for (k, y) in seq.iter().enumerate().skip(x + 1).take(reach) {
                let phrase_ends = surface.get(k).is_some_and(|t| {
                    t.chars().next().is_some_and(char::is_lowercase)
                        && !DETERMINERS.contains(t)
                        && !is_adjective(t)
                });
                if phrase_ends {
                    break;
                }
                if let Some(n) = name_stems.get(y.as_str()) {
                    out.insert(*n);
                }
            }
        }
    }
    out
}

/// Words that give the name right after them its part in a sentence: prepositions ("startet auf
/// RTL") and the conjunctions of a pair ("Rot und Schwarz").
const SLOT_WORDS: &[&str] = &[
    "auf", "an", "gegen", "für", "mit", "von", "über", "und", "oder",
];

/// A name right after a slot word (see [`SLOT_WORDS`]) in the summary sentence `st` where a
/// sentence of `support` has that word right before another name of the article, one `st` does
/// not have, and the article never puts the word before this name (in its phrase, see
/// [`names_after`]): the name took the other's place ("startet auf Martin Rauch" where the
/// article has "ab Donnerstag auf RTL"; "Rot und Lugner" where it has "Rot und Schwarz").
/// Returns the name.
fn taken_slot(
    doc: &Document,
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
    support: &[usize],
) -> Option<String> {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let in_sentence: HashSet<&str> = words.iter().map(|x| x.1.as_str()).collect();
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    let joined = |k: usize| &st[words[k].2 + words[k].0.len()..words[k + 1].2] == " ";
    for k in 1..words.len() {
        let (slot, name) = (&words[k - 1], &words[k]);
        if !SLOT_WORDS.contains(&slot.0.as_str())
            || !joined(k - 1)
            || !cap(&name.0)
            || !name_stems.contains(name.1.as_str())
            || st[name.2 + name.0.len()..].starts_with('-')
        {
            continue;
        }
        // The name's run of capitalised words ("Martin Rauch").
        let mut run: Vec<&str> = vec![name.1.as_str()];
        let mut e = k;
        while e + 1 < words.len() && cap(&words[e + 1].0) && joined(e) {
            e += 1;
            run.push(words[e].1.as_str());
        }
        let there = names_after(doc, art, &slot.1, 1, support.iter().copied());
        if !there
            .iter()
            .any(|o| !in_sentence.contains(o) && !run.contains(o))
        {
            continue;
        }
        let anywhere = names_after(doc, art, &slot.1, 5, 0..art.sentence_seq.len());
        if !run.iter().any(|r| anywhere.contains(r)) {
            return Some(name.0.clone());
        }
    }
    None
}

/// A name of the article (see [`article_names`]) right before another capitalised word of the
/// article in the summary sentence `st` ("Øystein Breivik") where the article never writes the
/// two in one run of capitalised words, writes the name before another word ("Øystein
/// Storrvik") or as a full name's last word ("Joachim Feher Hauser"), and the word after
/// another name-like word that is no role ("Anders Behring Breivik", "Petra Hauser"): a first
/// name, or a whole name, given to another person. Returns the two words.
fn foreign_first_name(
    doc: &Document,
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    let joined = |k: usize| &st[words[k].2 + words[k].0.len()..words[k + 1].2] == " ";
    let runs = capitalised_runs(doc);
    for k in 0..words.len().saturating_sub(1) {
        let (f, l) = (words[k].0.as_str(), words[k + 1].0.as_str());
        if !cap(f)
            || !cap(l)
            || !joined(k)
            // Not a part of a hyphenated name ("Paul-Henri Mathieu").
            || st[..words[k].2].ends_with('-')
            || st[words[k + 1].2 + l.len()..].starts_with('-')
            || (k + 2 < words.len() && cap(&words[k + 2].0) && joined(k + 1))
            || !art.names.iter().any(|(n, _)| n == f)
            || !is_name_like_strict(f)
            || ROLE_HEADS.iter().any(|h| folded(f).ends_with(h))
            || !art.words.contains(&folded(l))
        {
            continue;
        }
        let pos = |r: &[&str], x: &str| r.iter().position(|y| *y == x);
        let together = runs
            .iter()
            .any(|r| pos(r, f).is_some() && pos(r, l).is_some());
        // Before another word, or a full name's last word itself ("Joachim Feher Hauser").
        let f_other = runs.iter().any(|r| {
            pos(r, f).is_some_and(|p| {
                r.get(p + 1).is_some_and(|y| *y != l) || (p > 0 && p + 1 == r.len())
            })
        });
        let l_other = runs.iter().any(|r| {
            pos(r, l).is_some_and(|p| {
                p > 0
                    && r[p - 1] != f
                    && is_name_like_strict(r[p - 1])
                    && !ROLE_HEADS.iter().any(|h| folded(r[p - 1]).ends_with(h))
            })
        });
        if !together && f_other && l_other {
            return Some(format!("{f} {l}"));
        }
    }
    None
}

/// A name of an enumeration in the summary sentence `st` (see [`in_list`]) that does not belong
/// to it: the list's only name of the article, none of whose sentences shares a word with the
/// sentence's clause while another name's do (see [`name_fits`]: "Öl, JPC Energy und Co sollten
/// im Preis steigen"; with other names the list's words need not be any one's), or no sentence within two of one naming it names another item, where two other
/// items are named that close ("Marie Pietruschka, Hugh Hefner und Lisa Ryzih" of the
/// magazine's founder). Returns the name.
fn foreign_list_member(
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let cap = |k: usize| words[k].0.chars().next().is_some_and(char::is_uppercase);
    let joined = |k: usize| &st[words[k].2 + words[k].0.len()..words[k + 1].2] == " ";
    let named = |k: usize| {
        let (t, stem, pos) = &words[k];
        cap(k)
            && name_stems.contains(stem.as_str())
            && !st[..*pos].ends_with('-')
            && !st[pos + t.len()..].starts_with('-')
            && in_list(st, *pos)
    };
    // The list's items: runs of capitalised words, one of them the article's (not always a name
    // by [`article_names`]: "Cover-Kollegin Pietruschka" is its only mention).
    let listed = |k: usize| {
        cap(k)
            && in_list(st, words[k].2)
            && art.sentence_stems.iter().any(|x| x.contains(&words[k].1))
    };
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if !cap(k) {
            k += 1;
            continue;
        }
        let a = k;
        while k + 1 < words.len() && cap(k + 1) && joined(k) {
            k += 1;
        }
        if (a..=k).any(listed) {
            items.push((a, k));
        }
        k += 1;
    }
    // The sentences naming an item.
    let mentions = |(a, b): (usize, usize)| -> Vec<usize> {
        (0..art.sentence_stems.len())
            .filter(|&j| (a..=b).any(|x| listed(x) && art.sentence_stems[j].contains(&words[x].1)))
            .collect()
    };
    let close = |x: &[usize], y: &[usize]| x.iter().any(|i| y.iter().any(|j| i.abs_diff(*j) <= 2));
    let all: Vec<Vec<usize>> = items.iter().map(|&it| mentions(it)).collect();
    for (p, &(a, b)) in items.iter().enumerate() {
        let Some(n) = (a..=b).find(|&x| named(x)) else {
            continue;
        };
        let (own, other) = name_fits(art, words, st, a, b, n);
        if items.len() == 1 && own == 0.0 && other > FIT_MARGIN {
            return Some(words[n].0.clone());
        }
        let others: Vec<&Vec<usize>> = (0..items.len())
            .filter(|&q| q != p)
            .map(|q| &all[q])
            .collect();
        let others_close = others
            .iter()
            .enumerate()
            .any(|(x, m)| others[x + 1..].iter().any(|o| close(m, o)));
        if others_close && !others.iter().any(|o| close(&all[p], o)) {
            return Some(words[n].0.clone());
        }
    }
    None
}

/// The article's runs of capitalised words ("Anders Behring Breivik", "Paul-Henri Mathieu"),
/// sentence by sentence; a word on its own is a run of one.
fn capitalised_runs(doc: &Document) -> Vec<Vec<&str>> {
    doc.sentences
        .iter()
        .flat_map(|d| {
            let caps = capitalised_words(d);
            let mut out: Vec<Vec<&str>> = Vec::new();
            for (k, (_, p)) in caps.iter().enumerate() {
                let word = &d[*p..p + caps[k].0.len()];
                let after = k > 0 && d.get(caps[k - 1].1 + caps[k - 1].0.len()..*p) == Some(" ");
                match out.last_mut() {
                    Some(r) if after => r.push(word),
                    _ => out.push(vec![word]),
                }
            }
            out
        })
        .collect()
}

/// The first part of a hyphenated compound in the summary sentence `st` that is a first name of
/// the article ("Dominic-Bezwinger"; not an abbreviation, "EU-Recht"): one it writes before a
/// last name of the article ("Dominic Thiem") and on its own ("Dominic wird es schaffen"), and
/// never as a name's last word (not the first word of a name of several, "Red Bull Salzburg",
/// "Corona Konkret" of a heading run on). A compound of a person takes the last name
/// ("Thiem-Bezwinger"). Returns the name.
fn first_name_compound(
    doc: &Document,
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let runs = capitalised_runs(doc);
    for (t, stem, pos) in words {
        if !t.chars().next().is_some_and(char::is_uppercase)
            || !t.chars().any(char::is_lowercase)
            || st[..*pos].ends_with('-')
            || !st[pos + t.len()..].starts_with('-')
            || !name_stems.contains(stem.as_str())
        {
            continue;
        }
        let first = runs.iter().any(|r| {
            r.len() >= 2 && r[0] == t.as_str() && art.names.iter().any(|(n, _)| n == r[r.len() - 1])
        });
        let last = runs
            .iter()
            .any(|r| r.len() >= 2 && r[1..].contains(&t.as_str()));
        let alone = runs.iter().any(|r| r.len() == 1 && r[0] == t.as_str());
        if first && !last && alone {
            return Some(t.clone());
        }
    }
    None
}

/// A name of the article opening a hyphenated compound in the summary sentence `st` before a
/// capitalised word the article writes only right after another capitalised word, never after
/// this name ("York-Reality-Lösungen" where the article has "Virtual Reality" and "New York"):
/// the name took that word's place. Returns the name.
fn compound_partner(
    doc: &Document,
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    for k in 0..words.len().saturating_sub(1) {
        let (x, xp) = (&words[k].0, words[k].2);
        let (y, yp) = (&words[k + 1].0, words[k + 1].2);
        if !cap(x)
            || !cap(y)
            || st[..xp].ends_with('-')
            || &st[xp + x.len()..yp] != "-"
            || !art.names.iter().any(|(n, _)| n == x)
        {
            continue;
        }
        // The words right before `y` in the article, joined by a space or a hyphen.
        let (mut uses, mut partners) = (0, HashSet::new());
        for d in &doc.sentences {
            let mut ws: Vec<(&str, usize)> = Vec::new();
            for_each_word(d, |t, p| ws.push((&d[p..p + t.len()], p)));
            for (j, &(t, p)) in ws.iter().enumerate() {
                if t != y.as_str() {
                    continue;
                }
                uses += 1;
                if let Some(&(b, bp)) = j.checked_sub(1).map(|i| &ws[i]) {
                    if cap(b) && [" ", "-"].contains(&&d[bp + b.len()..p]) {
                        partners.insert(b);
                    }
                }
            }
        }
        let always = uses > 0 && partners.len() == 1;
        if always && !partners.contains(x.as_str()) {
            return Some(x.clone());
        }
    }
    None
}

/// A name opening the summary sentence `st` right before a lower-case word (its subject) that
/// the article writes only as a place, after "in", "nach" or "aus", where a sentence of
/// `support` has it so beside a person's full name the summary sentence lacks ("Österreich
/// zerpflückt den Entwurf" where the article has "Kritik an der Reform in Österreich übt
/// Verwaltungsrechtler Andreas Hauer"): the place took the person's part. Returns the name.
fn place_as_subject(
    doc: &Document,
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
    support: &[usize],
) -> Option<String> {
    let (t, _, pos) = words.first()?;
    let next_lower = words.get(1).is_some_and(|x| {
        x.0.chars().next().is_some_and(char::is_lowercase) && &st[pos + t.len()..x.2] == " "
    });
    if !st[..*pos].trim().is_empty() || !next_lower || !art.names.iter().any(|(n, _)| n == t) {
        return None;
    }
    let places = ["in", "nach", "aus", "In", "Nach", "Aus"];
    let in_sentence: HashSet<&str> = words.iter().map(|x| x.0.as_str()).collect();
    let is_name = |w: &str| art.names.iter().any(|(n, _)| n == w);
    let (mut uses, mut as_place, mut beside_person) = (0, 0, false);
    for (j, d) in doc.sentences.iter().enumerate() {
        let mut ws: Vec<&str> = Vec::new();
        for_each_word(d, |w, p| ws.push(&d[p..p + w.len()]));
        let mut here = false;
        for (k, w) in ws.iter().enumerate() {
            if w == t {
                uses += 1;
                if k > 0 && places.contains(&ws[k - 1]) {
                    as_place += 1;
                    here = true;
                }
            }
        }
        // A first and a last name of the article the summary sentence does not have.
        let person = ws.windows(2).any(|x| {
            is_name(x[0])
                && is_name(x[1])
                && art.first_names.contains(x[0])
                && !in_sentence.contains(x[0])
                && !in_sentence.contains(x[1])
        });
        beside_person |= here && person && support.contains(&j);
    }
    (uses >= 2 && uses == as_place && beside_person).then(|| t.clone())
}

/// A last name alone after "in" in the summary sentence `st` ("für Olympia in Cavendish
/// qualifizieren") that the article writes after a first name ("Mark Cavendish") and on its own,
/// as it names people, and never after "in", "nach" or "aus": a person where a place belongs.
/// Returns the name.
fn person_in_place(
    doc: &Document,
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    for k in 1..words.len() {
        let (b, bp) = (&words[k].0, words[k].2);
        let prev = &words[k - 1];
        if prev.0 != "in"
            || &st[prev.2 + prev.0.len()..bp] != " "
            || !cap(b)
            || st[bp + b.len()..].starts_with('-')
            || words
                .get(k + 1)
                .is_some_and(|x| cap(&x.0) && &st[bp + b.len()..x.2] == " ")
            || !art.names.iter().any(|(n, _)| n == b)
        {
            continue;
        }
        let (mut after_first, mut alone, mut place) = (false, false, false);
        for d in &doc.sentences {
            let mut ws: Vec<(&str, usize)> = Vec::new();
            for_each_word(d, |t, p| ws.push((&d[p..p + t.len()], p)));
            for x in (0..ws.len()).filter(|&x| ws[x].0 == b.as_str()) {
                let before = x.checked_sub(1).map(|y| ws[y]);
                let joined = before.is_some_and(|(t, p)| d[p + t.len()..ws[x].1] == *" ");
                match before {
                    Some((t, _)) if joined && art.first_names.contains(t) && cap(t) => {
                        after_first = true
                    }
                    Some((t, _)) if ["in", "nach", "aus", "In", "Nach", "Aus"].contains(&t) => {
                        place = true
                    }
                    _ => alone = true,
                }
            }
        }
        if after_first && alone && !place {
            return Some(b.clone());
        }
    }
    None
}

/// Whether two role nouns (folded or stems) are one role: the same, or with one head of at least four
/// letters ("Wäscheriese", "Textilriese"; "Bundeskanzler", "Kanzler").
fn same_role(a: &str, b: &str) -> bool {
    // The feminine form is the role ("Schweizerin", "Schweizer").
    let masc = |x: &'_ str| -> String {
        match x.strip_suffix("in") {
            Some(m) if m.chars().count() >= 4 => m.to_string(),
            _ => x.to_string(),
        }
    };
    let (a, b) = (&masc(a)[..], &masc(b)[..]);
    let tail = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    a == b || tail >= 4
}

/// A role noun right before a name of the article in the summary sentence `st` ("Staatssekretär
/// Taschner", "Wäscheriese Kirnbauer", "Verkehrsclub Ulla Rasmussen") where the article gives
/// that name another role right before or after it ("Der Mathematiker Rudolf Taschner",
/// "Elisabeth Kirnbauer, Logistikchefin bei Palmers", "VCÖ-Expertin Ulla Rasmussen") and no
/// sentence naming it, or one beside such a sentence, has the summary's role: the name of
/// someone else's role. Returns the name.
fn foreign_role(
    doc: &Document,
    art: &Article,
    w: &Words,
    words: &[(String, String, usize)],
    st: &str,
) -> Option<String> {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    let role_like = |t: &str, stem: &str| {
        cap(t)
            && t.chars().count() >= 5
            && t.chars().skip(1).any(char::is_lowercase)
            && !name_stems.contains(stem)
            && !DETERMINERS.contains(&t.to_lowercase().as_str())
            && !crate::text::is_stopword_hash(crate::text::hash_str(&folded(t)))
            && !OPENERS.contains(&folded(t).as_str())
            && !adjective_form(&folded(t))
    };
    // The article's words as written, per sentence: (word, stem, byte offset).
    let article: Vec<Vec<(&str, String, usize)>> = doc
        .sentences
        .iter()
        .map(|d| {
            let mut v = Vec::new();
            for_each_word(d, |t, p| v.push((&d[p..p + t.len()], w.stem(t), p)));
            v
        })
        .collect();
    let last = doc.sentences.len().saturating_sub(1);
    for k in 0..words.len().saturating_sub(1) {
        let (r, rs, rp) = (&words[k].0, &words[k].1, words[k].2);
        let (n, ns, np) = (&words[k + 1].0, &words[k + 1].1, words[k + 1].2);
        if &st[rp + r.len()..np] != " "
            || st[..rp].ends_with('-')
            || !role_like(r, rs)
            || !cap(n)
            || !name_stems.contains(ns.as_str())
        {
            continue;
        }
        // The last word of the name's run ("Ulla Rasmussen").
        let mut e = k + 1;
        while e + 1 < words.len()
            && cap(&words[e + 1].0)
            && &st[words[e].2 + words[e].0.len()..words[e + 1].2] == " "
            && name_stems.contains(words[e + 1].1.as_str())
        {
            e += 1;
        }
        let target = words[e].1.as_str();
        let role = r.rsplit('-').next().unwrap_or(r);
        // One role as written or by its stem ("Schweizerin", "Schweizer"; "Kandidat",
        // "Präsidentschaftskandidaten").
        let one_role = |x: &str, y: &str| {
            same_role(&folded(x), &folded(y)) || same_role(&w.stem(x), &w.stem(y))
        };
        let mut roles: Vec<String> = Vec::new();
        let mut named: Vec<usize> = Vec::new();
        for (j, seq) in article.iter().enumerate() {
            for x in (0..seq.len()).filter(|&x| seq[x].1 == target) {
                named.push(j);
                // Back over the run's first names to the word before it.
                let mut a = x;
                while a > 0
                    && cap(seq[a - 1].0)
                    && name_stems.contains(seq[a - 1].1.as_str())
                    && doc.sentences[j][seq[a - 1].2 + seq[a - 1].0.len()..seq[a].2] == *" "
                {
                    a -= 1;
                }
                let d = &doc.sentences[j];
                // Not a word opening the sentence ("Harald Mahrer denkt …": a first name).
                if a > 1 {
                    let (t, ts, tp) = &seq[a - 1];
                    let glued = d[tp + t.len()..seq[a].2] == *" " || d[..seq[a].2].ends_with('-');
                    let t = d[..seq[a].2]
                        .trim_end()
                        .rsplit([' ', '('])
                        .next()
                        .unwrap_or(t);
                    let head = t.rsplit('-').next().unwrap_or(t);
                    if glued && role_like(head, ts) {
                        roles.push(head.to_string());
                    }
                }
                // "Elisabeth Kirnbauer, Logistikchefin bei Palmers".
                if let Some((t, ts, tp)) = seq.get(x + 1) {
                    if d[seq[x].2 + seq[x].0.len()..*tp] == *", " && role_like(t, ts) {
                        roles.push(t.rsplit('-').next().unwrap_or(t).to_string());
                    }
                }
            }
        }
        if roles.is_empty() || roles.iter().any(|x| one_role(x, role)) {
            continue;
        }
        // The summary's role as a noun (or a part of one) of a sentence naming the name or
        // beside one: "Boxer" for "Box-Weltmeister".
        let has_role = named.iter().any(|&j| {
            (j.saturating_sub(1)..=(j + 1).min(last)).any(|m| {
                article[m]
                    .iter()
                    .filter(|(t, _, _)| cap(t))
                    .any(|(t, _, _)| t.split('-').any(|part| one_role(part, role)))
            })
        });
        if !has_role {
            return Some(n.clone());
        }
    }
    None
}
/// Whether the negation at `seq[x]` (stems) undoes an "ohne" before it in its clause: "Ganz ohne
/// Abstriche ist die Stelle aber nicht" says the job has its drawbacks, so it grounds no "nicht"
/// a TLDR sentence adds ("Als Schlosswart sollte nicht man aber eine ganze Reihe an Talenten
/// mitbringen").
fn double_negation(seq: &[String], x: usize) -> bool {
    seq[x.saturating_sub(8)..x].iter().any(|y| y == "ohn")
}

/// A word that says "not" in itself ("verzichtet", "abgesagt") in a supporting sentence, said
/// around it by a TLDR sentence that has no negation and no such word: "Jil Teichmann wird nach
/// Tokio reisen" where the article says "… dass sie auf Tokio verzichtet". The word's context is
/// compared as a dropped "nicht" is: the first content word of the three before it, and the first
/// of the three after it (when there is one), are the sentence's.
fn dropped_polarity(
    art: &Article,
    support: &[usize],
    words: &[(String, String, usize)],
    stems: &HashSet<&String>,
) -> bool {
    let polar = |y: &str| NEGATIVE_POLARITY.iter().any(|p| y.starts_with(p));
    if words.iter().any(|x| polar(&x.1)) {
        return false;
    }
    let content = |x: &String| {
        x.chars().count() >= 4
            && !NEGATIONS.contains(&x.as_str())
            && !polar(x)
            && !crate::text::is_stopword_hash(crate::text::hash_str(x))
    };
    support.iter().any(|&j| {
        let seq = &art.sentence_seq[j];
        (0..seq.len()).any(|k| {
            if !polar(&seq[k]) {
                return false;
            }
            let after = seq[k + 1..].iter().take(3).find(|y| content(y));
            let before = seq[..k].iter().rev().take(3).find(|y| content(y));
            before.is_some_and(|y| stems.contains(y)) && after.is_none_or(|y| stems.contains(y))
        })
    })
}

/// Whether the negation (or word of negative polarity) at `seq[x]` of an article sentence (stems)
/// is about something a TLDR sentence (its `stems`) says: a content word within
/// [`NEGATION_REACH`] of it is one of the sentence's or of its family ([`close_family`]; no
/// auxiliary verb: "wettbewerbsfähiger werden, Verhandlungen … scheiterten" grounds no "sollen
/// nicht gestrichen werden"). A "kein" negates the noun phrase after it, so a word of the four
/// after it must be the sentence's ("er würde als Bundespräsident keine FPÖ-Regierung angeloben"
/// grounds no "will nicht Bundespräsident werden").
fn negates_said(
    seq: &[String],
    x: usize,
    stems: &HashSet<&String>,
    content: &impl Fn(&String) -> bool,
) -> bool {
    let said = |y: &String| {
        content(y)
            && !AUXILIARY_STEMS.contains(&y.as_str())
            && stems.iter().any(|s| {
                content(s)
                    && (close_family(s, y)
                        // A part of a compound or a verb with its particle ("zahle",
                        // "zurückgezahlt"), not of a negated word ("nichtgrünen").
                        || part_of(s, y)
                        || part_of(y, s))
            })
    };
    if seq[x].starts_with("kein") {
        // The noun itself may be short ("Kein Ort, an dem …").
        return seq[x + 1..].iter().take(4).any(|y| {
            said(y)
                || (stems.contains(y) && !crate::text::is_stopword_hash(crate::text::hash_str(y)))
        });
    }
    seq[x.saturating_sub(NEGATION_REACH)..(x + NEGATION_REACH + 1).min(seq.len())]
        .iter()
        .any(said)
}

/// Whether two stems are [`related`] by more than a shared first part of a compound: their
/// common beginning is at least 70 % of the shorter ("berufung"/"beruf", not
/// "bundeskanzl"/"bundesprasident"), or words news paraphrases exchange
/// ([`crate::align::same_family`]: "umweltschon"/"umweltfreund").
fn close_family(a: &str, b: &str) -> bool {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (related(a, b) && 10 * n >= 7 * a.len().min(b.len())) || crate::align::same_family(a, b)
}

/// Whether the stem `part` (four letters or more) is a part of the stem `whole` that does not
/// negate it ("zahl" of "zuruckgezahlt", not "grun" of "nichtgrun").
fn part_of(part: &str, whole: &str) -> bool {
    part.len() >= 4 && whole.contains(part) && !whole.starts_with("nicht")
}

/// Stems of auxiliary and modal verbs: they say nothing a negation could be about.
const AUXILIARY_STEMS: &[&str] = &[
    "werd", "wurd", "word", "geword", "hatt", "hab", "konn", "konnt", "woll", "wollt", "muss",
    "musst", "sollt", "durf", "durft", "gewes", "seid", "wart",
];

/// Whether the word `word` at byte `pos` of `s` is a "Nicht" opening a hyphenated compound
/// ("wegen Nicht-Anmeldung bei der Sozialversicherung"): a part of a noun, not a negation of its
/// clause. The negation checks leave it out of their word sequences.
fn nicht_compound(s: &str, word: &str, pos: usize) -> bool {
    word.eq_ignore_ascii_case("nicht") && s[pos + word.len()..].starts_with('-')
}

/// Whether a sentence that shares no word with the article (no nearest sentence) negates
/// something outside its quotes: there is nothing in the article such a negation could stand
/// for ("Ihm werden nicht mutmasslich mehrere Delikte zur Last gelegt").
fn negation_without_ground(st: &str, w: &Words, german: bool) -> bool {
    let negations = if german { NEGATIONS } else { NEGATIONS_EN };
    let quotes = quoted_spans(st);
    let mut found = false;
    for_each_word(st, |t, pos| {
        if !quotes.iter().any(|(_, a, b)| pos >= *a && pos < *b)
            && negations.iter().any(|n| w.stem(n) == w.stem(t))
        {
            found = true;
        }
    });
    found && !st.contains("nicht nur")
}

/// A name in at least this many sentences of the article …
const PROTAGONIST_MENTIONS: usize = 4;
/// … and in at least this share of them is near wherever the article's words are (unless another
/// name fits its clause clearly better, see [`name_fits`]).
const PROTAGONIST_SHARE: f32 = 0.1;

/// How much more than its own fit (see [`name_fits`]) another name's must be for the name to be
/// misplaced: this many times as much …
const FIT_FACTOR: f32 = 1.5;
/// … and this much weight more (about two words of middling rarity).
const FIT_MARGIN: f32 = 3.0;

/// How well the name word `n` of `words` (in the run of capitalised words `a..=b` of sentence
/// `st`) fits the clause around it, and how well the best other name of the article (one the
/// sentence does not have) would: whether the article sentences that say the clause's other
/// words name it or someone else. A name's fit is the most weight of the clause's content words
/// (names aside; rarer words weigh more; one family counts, "lehnen", "ablehnen") that one
/// article sentence naming it has (also in a derived or genitive form, "Sobotkas").
fn name_fits(
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
    a: usize,
    b: usize,
    n: usize,
) -> (f32, f32) {
    let rest = ClauseWords::new(art, words, st, a, b, n);
    let own = rest.fit(art, &words[n].1, &core(&words[n].0));
    let in_sentence: HashSet<&str> = words.iter().map(|x| x.1.as_str()).collect();
    let best = art
        .names
        .iter()
        .filter(|(_, ns)| !in_sentence.contains(ns.as_str()))
        .map(|(name, ns)| rest.fit(art, ns, &core(name)))
        .fold(0.0, f32::max);
    (own, best)
}

/// The content words (stems, names aside) of the clause around a name of a TLDR sentence, with
/// their weights (rarer words of the article weigh more): what [`ClauseWords::fit`] measures a
/// name against.
struct ClauseWords<'a> {
    rest: Vec<&'a str>,
    weights: Vec<f32>,
}

impl<'a> ClauseWords<'a> {
    /// The clause of the name word `n` of `words` (in the run of capitalised words `a..=b` of
    /// sentence `st`; see [`speaker_clause`]) without the run.
    fn new(
        art: &Article,
        words: &'a [(String, String, usize)],
        st: &str,
        a: usize,
        b: usize,
        n: usize,
    ) -> ClauseWords<'a> {
        let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
        let (ca, cb) = speaker_clause(st, words[n].2, words[b].2 + words[b].0.len());
        let mut rest: Vec<&str> = Vec::new();
        for (k, (_, stem, pos)) in words.iter().enumerate() {
            if (ca..cb).contains(pos)
                && !(a..=b).contains(&k)
                && stem.chars().count() >= 4
                && !name_stems.contains(stem.as_str())
                && !crate::text::is_stopword_hash(crate::text::hash_str(stem))
                && !rest.contains(&stem.as_str())
            {
                rest.push(stem);
            }
        }
        let total = art.sentence_stems.len() as f32;
        let weights: Vec<f32> = rest
            .iter()
            .map(|t| {
                let df = art
                    .sentence_stems
                    .iter()
                    .filter(|s| s.contains(*t))
                    .count()
                    .max(1);
                (1.0 + total / df as f32).ln()
            })
            .collect();
        ClauseWords { rest, weights }
    }

    /// How well a name (stem `stem`, core `core_`) fits the clause: the most weight of its words
    /// (one family counts, "lehnen", "ablehnen") that one article sentence naming it has (also
    /// in a derived or genitive form, "Sobotkas").
    fn fit(&self, art: &Article, stem: &str, core_: &str) -> f32 {
        (0..art.sentence_stems.len())
            .filter(|&j| {
                art.sentence_stems[j].contains(stem)
                    || art.sentence_cores[j].iter().any(|c| same_core(c, core_))
            })
            .map(|j| {
                self.rest
                    .iter()
                    .zip(&self.weights)
                    .filter(|(t, _)| art.sentence_stems[j].iter().any(|y| related(y, t)))
                    .map(|(_, w)| *w)
                    .sum::<f32>()
            })
            .fold(0.0, f32::max)
    }
}

/// A name in one clause of a sentence of several (between dashes, semicolons and colons; not an
/// item of an enumeration) whose clause the article says of a name the sentence puts into another
/// clause, clearly more than of this one ([`FIT_FACTOR`], [`FIT_MARGIN`]), while this one fits
/// the other's clause better than that name does: the two have changed places ("Kasachstan, Kanada, Finnland im Viertelfinale – Russland steht als Absteiger fest"
/// where the article has "Als erster Absteiger steht Kasachstan fest"). Returns the two names.
fn swapped_across_clauses(
    art: &Article,
    words: &[(String, String, usize)],
    st: &str,
    found: &[(&str, &str, usize)],
) -> Option<(String, String)> {
    for &(name, nstem, n) in found {
        let (ca, cb) = clause(st, words[n].2);
        if (ca, cb) == (0, st.len()) || in_list(st, words[n].2) {
            continue;
        }
        let rest = ClauseWords::new(art, words, st, n, n, n);
        let own = rest.fit(art, nstem, &core(&words[n].0));
        for &(other, ostem, m) in found {
            if ostem == nstem || (ca..cb).contains(&words[m].2) {
                continue;
            }
            if rest.fit(art, ostem, &core(&words[m].0)) <= FIT_FACTOR * own + FIT_MARGIN {
                continue;
            }
            // And this name fits the other's clause better than the other does (not merely a
            // person the article names by a description there: "der 69-Jährige").
            let theirs = ClauseWords::new(art, words, st, m, m, m);
            if theirs.fit(art, nstem, &core(&words[n].0))
                > theirs.fit(art, ostem, &core(&words[m].0))
            {
                return Some((name.to_string(), other.to_string()));
            }
        }
    }
    None
}

/// The clause around byte `pos` of `s` (see [`clause`]); for a speaker right before a colon (the
/// name ending at byte `end`: "Merkel: Über Antrag kann nicht … beraten werden") the clause after
/// the colon too, what the speaker says.
fn speaker_clause(s: &str, pos: usize, end: usize) -> (usize, usize) {
    let (a, b) = clause(s, pos);
    if b == end && s[b..].starts_with(':') && b + 1 < s.len() {
        let (_, e) = clause(s, b + 1);
        return (a, e);
    }
    (a, b)
}

/// Whether a compound role (a stem) names another office than its head: "Vizekanzler",
/// "Altkanzler" and "Co-Trainer" are not the "Kanzler" or "Trainer".
fn other_office(compound: &str) -> bool {
    ["vize", "alt", "co", "ex", "stellvertret", "ehemal"]
        .iter()
        .any(|p| compound.starts_with(p))
}

/// Whether the name word `n` of `words` is a first or middle name of a full name the article
/// writes as the sentence does ("Anders Behring Breivik", "Raif Badawi"): the name words of the
/// run `a..=b` around it stand in that order in one article sentence, and the run's last name
/// word was found near the sentence's support (`near`, word indices). The article goes on with
/// the last name only; a last name replaced by another ("Anders Behring Puna") is not in the
/// article, and one put where it does not belong is not near.
fn known_full_name(
    art: &Article,
    words: &[(String, String, usize)],
    a: usize,
    b: usize,
    n: usize,
    near: &HashSet<usize>,
) -> bool {
    let name_stems: HashSet<&str> = art.names.iter().map(|(_, ns)| ns.as_str()).collect();
    let run: Vec<usize> = (a..=b)
        .filter(|&k| name_stems.contains(words[k].1.as_str()))
        .collect();
    let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
        return false;
    };
    if last == n || !near.contains(&last) || run.windows(2).any(|x| x[1] != x[0] + 1) {
        return false;
    }
    says_run(art, words, first, last)
}

/// Whether one article sentence has the stems of `words[from..=to]` one after another.
fn says_run(art: &Article, words: &[(String, String, usize)], from: usize, to: usize) -> bool {
    let seq: Vec<&str> = (from..=to).map(|k| words[k].1.as_str()).collect();
    art.sentence_seq.iter().any(|s| {
        s.windows(seq.len())
            .any(|w| w.iter().zip(&seq).all(|(x, y)| x == y))
    })
}

/// The byte range of the clause around byte `pos` of `s`: between dashes, semicolons and
/// colons.
fn clause(s: &str, pos: usize) -> (usize, usize) {
    let seps = ['–', '—', ';', ':'];
    let a = s[..pos]
        .rfind(seps)
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let b = s[pos..].find(seps).map_or(s.len(), |i| pos + i);
    (a, b)
}

/// Whether the capitalised word at byte `pos` of `s` is an item of an enumeration of three or
/// more capitalised items ("Öl, Kupfer und Co", "Korea, Israel und Japan").
fn in_list(s: &str, pos: usize) -> bool {
    // Items: runs of capitalised words; separators: a comma or "und"/"oder"/"sowie".
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for_each_word(s, |w, p| spans.push((p, p + w.len())));
    let words: Vec<(usize, &str)> = spans.iter().map(|&(a, b)| (a, &s[a..b])).collect();
    let mut k = 0;
    while k < words.len() {
        let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
        if !cap(words[k].1) {
            k += 1;
            continue;
        }
        // One enumeration from here.
        let start = words[k].0;
        let mut count = 0;
        let mut end = k;
        loop {
            // One item: capitalised words joined by spaces.
            let mut e = end;
            while e + 1 < words.len()
                && cap(words[e + 1].1)
                && &s[words[e].0 + words[e].1.len()..words[e + 1].0] == " "
            {
                e += 1;
            }
            count += 1;
            let gap_end = words[e].0 + words[e].1.len();
            let next = e + 1;
            if next < words.len() && &s[gap_end..words[next].0] == ", " && cap(words[next].1) {
                end = next;
            } else if next + 1 < words.len()
                && &s[gap_end..words[next].0] == " "
                && ["und", "oder", "sowie"].contains(&words[next].1)
                && cap(words[next + 1].1)
            {
                end = next + 1;
            } else if next + 2 < words.len()
                && &s[gap_end..words[next].0] == " "
                && ["und", "oder", "sowie"].contains(&words[next].1)
                && ["der", "die", "das", "den", "dem"].contains(&words[next + 1].1)
                && cap(words[next + 2].1)
            {
                // "… und die Polizei in Zürich".
                end = next + 2;
            } else {
                if count >= 3 && (start..gap_end).contains(&pos) {
                    return true;
                }
                k = e + 1;
                break;
            }
        }
    }
    false
}

/// Whether `reasons` already place a name of sentence `i` wrongly (one `misplaced_name` per
/// sentence is enough).
fn misplaced_in(reasons: &[Reason], i: usize) -> bool {
    reasons
        .iter()
        .any(|y| y.sentence() == Some(i) && y.code() == "misplaced_name")
}

/// Whether two stems are the same word or of one family (a common beginning of five letters:
/// "berufung", "beruf").
fn related(a: &str, b: &str) -> bool {
    a == b || {
        let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        n >= 5 || (n >= 4 && a.len().min(b.len()) == n)
    }
}

/// German articles, determiners and contractions that precede common nouns (rarely names).
pub(crate) const DETERMINERS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "kein", "keine", "keinen", "keinem", "keiner", "im", "am", "zum", "zur", "vom", "beim", "ins",
    "ans", "aufs", "dieser", "diese", "dieses", "diesen", "diesem", "jeder", "jede", "jedes",
    "jeden", "jedem", "sein", "seine", "seinen", "seinem", "seiner", "ihr", "ihre", "ihren",
    "ihrem", "ihrer", "unser", "unsere", "alle", "allen", "viele", "vielen", "mehrere", "mehreren",
    "einige", "einigen", "beide", "beiden", "mehr", "weniger", "viel", "wenig", "kein", "manche",
    "manchen", "solche", "solchen",
];

/// Whether the determiner before the word at byte `pos` of `s` is a relative pronoun opening a
/// clause after a comma ("…, die Putin als Zeichen der „…“ bezeichnete"): the word after it may
/// be a name, the clause's subject.
fn after_relative(s: &str, pos: usize) -> bool {
    let before = s[..pos].trim_end();
    let Some(det) = before.split(' ').next_back() else {
        return false;
    };
    ["der", "die", "das", "den", "dem"].contains(&det)
        && before[..before.len() - det.len()].trim_end().ends_with(',')
}

/// Whether a lower-case word is an inflected adjective or participle ("neue", "sozialer",
/// "verschlossenen"), after which a capitalised word is a common noun.
/// Finite verbs ending like an inflected adjective ("Bisher musste Badawi …"): a capitalised
/// word after them is the subject, often a name, not a noun with an adjective.
const FINITE_E: &[&str] = &[
    "musste",
    "müsste",
    "hatte",
    "hätte",
    "wollte",
    "sollte",
    "konnte",
    "könnte",
    "durfte",
    "dürfte",
    "würde",
    "wurde",
    "habe",
    "werde",
    "möchte",
    "mochte",
    "sagte",
    "meinte",
    "erklärte",
    "betonte",
    "warnte",
    "forderte",
    "kündigte",
    "bleibe",
    "gebe",
    "stehe",
    "liege",
    "komme",
    "gehe",
    "sehe",
    "wisse",
    "müsse",
    "könne",
    "solle",
    "wolle",
    "dürfe",
    "machte",
    "brachte",
    "dachte",
    "kannte",
    "nannte",
    "stellte",
    "wollten",
    "sollten",
];

pub(crate) fn is_adjective(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_lowercase())
        && !FINITE_E.contains(&w)
        && w.chars().count() >= 4
        && (w.ends_with('e')
            || w.ends_with("er")
            || w.ends_with("es")
            || w.ends_with("em")
            || [
                "ischen", "lichen", "igen", "enen", "eren", "alen", "iven", "ellen", "aren",
            ]
            .iter()
            .any(|s| w.ends_with(s)))
}

/// Whether the word at byte `pos` of `s` follows a determiner, possibly across up to two lower-case
/// adjectives or numbers ("den Bau", "die geplanten neuen Radwege", "der 42 Kilometer"), or directly
/// follows an inflected adjective ("verschlossenen Türen").
pub(crate) fn after_determiner(s: &str, pos: usize) -> bool {
    let mut words = s[..pos].split_whitespace().rev();
    if let Some(prev) = s[..pos].split_whitespace().next_back() {
        if is_adjective(prev) {
            return true;
        }
    }
    for _ in 0..3 {
        let Some(w) = words.next() else { return false };
        if w.ends_with([',', '.', ':', ';', '!', '?', '“', '"', '«', '»']) {
            return false;
        }
        let lw = w.trim_matches(|c: char| !c.is_alphanumeric());
        if DETERMINERS.contains(&lw.to_lowercase().as_str()) {
            return true;
        }
        let adjective = lw.chars().next().is_some_and(|c| c.is_lowercase())
            && (lw.ends_with('e')
                || lw.ends_with("en")
                || lw.ends_with("er")
                || lw.ends_with("es")
                || lw.ends_with("em"));
        let number = lw.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !(adjective || number) {
            return false;
        }
    }
    false
}

/// Words opening a sentence or a clause after a dash or colon that look like names: not a
/// function word, not a German common noun by its form, not an adjective, participle or adverb
/// by its ending ("Gesetzter", "Vermeldete", "Normalerweise"). A sentence's first word is
/// otherwise never checked as a name ("Kowalczyk erwartet ihr erstes Kind").
fn initial_names(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut words = Vec::new();
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() || (c == '-' && start.is_some()) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            words.push((st, i));
        }
    }
    if let Some(st) = start {
        words.push((st, s.len()));
    }
    for (a, b) in words {
        let w = s[a..b].trim_matches('-');
        if !w.chars().next().is_some_and(char::is_uppercase) || w.chars().count() < 3 {
            continue;
        }
        let before = s[..a].trim_end();
        let initial = before.is_empty()
            || before.ends_with(['.', '!', '?', ':', '–', '—'])
            || before.ends_with(" -");
        if !initial {
            continue;
        }
        // A hyphenated word by its first part ("Tarragona-Unterstützung").
        let first = w.split('-').next().unwrap_or(w);
        let f = folded(first);
        let inflected = ["e", "er", "es", "en", "em"].iter().any(|e| f.ends_with(e));
        let adverb = [
            "weise", "bar", "lich", "ig", "isch", "los", "end", "ens", "mals", "wegs", "falls",
            "halb", "dessen",
        ]
        .iter()
        .any(|e| f.ends_with(e));
        // An inflected ending is no adjective where a verb in the singular follows: a plural
        // noun ("Experten rechnen") or an adjective ("Neue Regeln") does not take one, a name
        // does ("Rasmussen empfängt", "Oberhausen steht").
        let singular_verb = singular_verb_after(s, b);
        // Before a verb in the singular, an ending common nouns have is no evidence either: a
        // bare singular noun rarely opens a German sentence ("Lindqvist hat …"); nor before a
        // colon and a quote, where the speaker stands ("Leitl: „…“", see [`name_position`]).
        let speaker = s[b..]
            .strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with(['„', '"', '»', '«', '“']))
            || heading_speaker(s, b);
        let name_like = if (singular_verb || speaker) && !inflected {
            is_name_like_strict(first)
        } else {
            is_name_like(first)
        };
        if crate::text::is_stopword_hash(crate::text::hash_str(&f))
            || NOT_NAMES.contains(&f.as_str())
            || OPENERS.contains(&f.as_str())
            || adverb
            || (inflected && !singular_verb && !s[b..].starts_with(':') && !speaker)
            || adjective_form(&f)
            || !name_like
            || w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        {
            continue;
        }
        out.push((w.to_string(), a));
    }
    out
}

/// Whether the word ending at byte `b` of `s` opens a heading's clause that gives it a quote
/// ("Pühringer über Sympathiebekundung „wenig erfreut“", "Fink zur Meisterfrage: „…“"): the
/// speaker's place, where a name stands.
fn heading_speaker(s: &str, b: usize) -> bool {
    let rest = &s[b..];
    let Some(after) = rest.strip_prefix(' ') else {
        return false;
    };
    let next = after.split(' ').next().unwrap_or("");
    if !["über", "zu", "zur", "zum"].contains(&next) {
        return false;
    }
    let clause_end = after.find([',', ';', '–', '—']).unwrap_or(after.len());
    after[..clause_end].contains(['„', '"', '»', '«', '“'])
}

/// Whether a finite verb in the singular follows byte `b` of `s` ("Rasmussen empfängt",
/// "Lindqvist hat"): a plural noun or an adjective does not take one, a name does.
fn singular_verb_after(s: &str, b: usize) -> bool {
    let next = s[b..]
        .trim_start_matches([' ', ','])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    next.chars().next().is_some_and(char::is_lowercase)
        && next.chars().count() >= 3
        && ([
            "ist", "war", "hat", "wird", "will", "kann", "muss", "soll", "darf",
        ]
        .contains(&next)
            || next.ends_with('t')
                && ![
                    "nicht", "jetzt", "erst", "bereits", "meist", "selbst", "zuletzt", "trotzt",
                ]
                .contains(&next)
            || next.ends_with("te"))
}

/// [`is_name_like`] where the word stands where names stand: only a strong noun suffix
/// ("-ung", see [`STRONG_NOUN_SUFFIXES`]) makes it a common noun, not endings names have too
/// ("Lindqvist").
fn is_name_like_strict(w: &str) -> bool {
    let f = folded(w);
    !NOT_NAMES.contains(&f.as_str())
        && !COMMON_NOUNS.contains(&f.as_str())
        && !frequent_noun(&f)
        && !STRONG_NOUN_SUFFIXES
            .iter()
            .any(|s| f.ends_with(s) && f.len() >= s.len() + 3)
}

/// Whether the capitalised word `name` at byte `pos` of `s` stands where names stand: right
/// after a role ("Bundeskanzler X", "Verteidigungsminister X"), after a preposition of place
/// ("in X", "nach X", "von X"), or opening a sentence before a colon ("X: „…“").
fn name_position(s: &str, pos: usize, name: &str) -> bool {
    let before = &s[..pos];
    let prev = before
        .strip_suffix(' ')
        .and_then(|b| b.split(' ').next_back())
        .unwrap_or("");
    let pf = folded(prev);
    let role = prev.chars().next().is_some_and(char::is_uppercase)
        && ROLE_HEADS.iter().any(|h| pf.ends_with(h));
    let place = ["in", "nach", "aus", "von"].contains(&prev);
    // Coordinated with a capitalised word that is no common noun ("Philadelphia und X").
    let mut back = before.split_whitespace().rev();
    let coordinated = match (back.next(), back.next()) {
        (Some(c), Some(other)) if ["und", "oder"].contains(&c) => {
            let o = other.trim_end_matches(',');
            o.chars().next().is_some_and(char::is_uppercase)
                && o.chars().all(char::is_alphabetic)
                && is_name_like(o)
                && !adjective_form(&folded(o))
        }
        _ => false,
    };
    let colon = (s[pos + name.len()..].starts_with(':') || heading_speaker(s, pos + name.len()))
        && (before.trim_end().is_empty() || before.trim_end().ends_with(['.', '!', '?', '–', '—']));
    // Opening a sentence before a verb in the singular ("Lindqvist hat …").
    let opening = (before.trim_end().is_empty()
        || before.trim_end().ends_with(['.', '!', '?', '–', '—']))
        && !["e", "er", "es", "en", "em"]
            .iter()
            .any(|e| folded(name).ends_with(e))
        && singular_verb_after(s, pos + name.len());
    role || place || colon || coordinated || opening
}

/// Whether a folded word has the form of an inflected adjective made with a derivation suffix
/// ("gemeinsame", "politischen", "wichtiger"): capitalised, it opens a heading or a sentence
/// and names nothing.
pub(crate) fn adjective_form(f: &str) -> bool {
    ["e", "en", "er", "es", "em"].iter().any(|inf| {
        f.strip_suffix(inf).is_some_and(|stem| {
            stem.len() >= 5
                && [
                    "sam", "lich", "isch", "ig", "bar", "haft", "los", "iv", "al",
                ]
                .iter()
                .any(|d| stem.ends_with(d))
        })
    })
}

/// Whether a capitalised word may name a speaker (not a German common noun by its suffix).
pub(crate) fn is_name_like(w: &str) -> bool {
    let f = folded(w);
    !NOT_NAMES.contains(&f.as_str())
        && !COMMON_NOUNS.contains(&f.as_str())
        && !frequent_noun(&f)
        && !NOUN_SUFFIXES
            .iter()
            .any(|s| f.ends_with(s) && f.len() >= s.len() + 3)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Method, TldrSentence};

    const ARTICLE: &[&str] = &[
        "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Das Netz soll bis 2030 \
         rund 42 Kilometer lang werden und die Innenstadt mit den Vororten verbinden.",
        "Die Kosten liegen nach Angaben der Verwaltung bei 18,5 Millionen Euro, davon trägt das Land Hessen \
         die Hälfte. Oberbürgermeisterin Anna Beispiel sprach von einem „Meilenstein für die Stadt“.",
        "Kritik kam von der Opposition. Fraktionschef Bernd Muster nannte das Vorhaben „viel zu teuer“ und \
         forderte eine Bürgerbefragung. Die ersten Abschnitte sollen im Frühjahr 2026 fertig sein.",
    ];

    fn doc() -> Document {
        Document::new(
            "Kassel beschließt Radwegenetz",
            ARTICLE.iter().map(|s| s.to_string()).collect(),
            Some("de"),
        )
    }

    fn verdict(text: &str) -> Verdict {
        let d = doc();
        check_text(&d, text).1
    }

    #[test]
    fn faithful_paraphrase_passes() {
        cases(
            verdict,
            &[
                (
                    "Kassel bekommt ein neues Radwegenetz: Der Stadtrat hat am Dienstag den Bau von rund 42 Kilometern \
             Radwegen bis 2030 beschlossen. Die Kosten von 18,5 Millionen Euro teilen sich Stadt und Land Hessen. \
             Oberbürgermeisterin Anna Beispiel sprach von einem „Meilenstein für die Stadt“. Die Opposition \
             hält das Vorhaben für „viel zu teuer“.",
                    Accepted,
                ),
            ],
        );
    }

    #[test]
    fn a_sentence_of_the_article_has_no_swapped_roles() {
        // 10kGNAD: an article sentence naming "Hongkong" in a compound before "Mark" and after
        // it was its own swapped copy.
        let d = Document::new(
            "Hongkong",
            vec![
                "Der Hongkong-Besuch von Mark Weber in Hongkong endete am Montag.".into(),
                "Er habe viel gesehen, sagte Weber nach der Rückkehr aus Hongkong.".into(),
            ],
            Some("de"),
        );
        cases(
            |t| check_with(&d, &Tldr::from_llm(&d, t, ""), &Limits::faithfulness_only()),
            &[(&d.sentences[0], Lacks("swapped_roles"))],
        );
    }

    #[test]
    fn extractive_tldr_passes() {
        let d = doc();
        let t = crate::extractive(&d);
        let v = check(&d, &t);
        assert!(v.accepted, "{:?} {:?}", t.text(), v.reasons);
    }

    #[test]
    fn invented_number_fails() {
        cases(
            verdict,
            &[
                (
                    "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Das Netz soll bis 2030 \
             rund 60 Kilometer lang werden. Die Kosten liegen bei 18,5 Millionen Euro, davon trägt das Land \
             Hessen die Hälfte. Die Opposition kritisiert das Vorhaben.",
                    Rejected,
                ),
                (
                    "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Das Netz soll bis 2030 \
             rund 60 Kilometer lang werden. Die Kosten liegen bei 18,5 Millionen Euro, davon trägt das Land \
             Hessen die Hälfte. Die Opposition kritisiert das Vorhaben.",
                    Gives(Reason::UnsupportedNumber {
                number: "60".into(),
                sentence: 1
            }),
                ),
            ],
        );
    }

    #[test]
    fn misattributed_quote_fails() {
        cases(
            verdict,
            &[
                (
                    "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Es soll bis 2030 rund \
             42 Kilometer lang werden und 18,5 Millionen Euro kosten. Oberbürgermeisterin Anna Beispiel nannte \
             das Vorhaben „viel zu teuer“.",
                    Has("misattributed_quote"),
                ),
                (
                    "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Es soll bis 2030 rund \
             42 Kilometer lang werden und 18,5 Millionen Euro kosten. Bernd Muster sprach von einem „Sieg für \
             alle Radfahrer“.",
                    Has("unsupported_quote"),
                ),
            ],
        );
    }

    #[test]
    fn speakers_are_names_in_the_quotes_clause() {
        // 10kGNAD: "Vettel will … „Saison mit einem Höhepunkt beenden“ – Rosberg am Freitag
        // Trainings-Schnellster" was taken as Rosberg's quote.
        cases(
            verdict,
            &[
                (
                    "Der Stadtrat hat ein Radwegenetz beschlossen, einen „Meilenstein für die Stadt“ \
             – Fraktionschef Bernd Muster forderte eine Bürgerbefragung.",
                    Lacks("misattributed_quote"),
                ),
                (
                    "Fraktionschef Bernd Muster sprach von einem „Meilenstein für die Stadt“.",
                    Has("misattributed_quote"),
                ),
                // A common noun beside the quote is no speaker.
                (
                    "Die Opposition nannte das Vorhaben „viel zu teuer“.",
                    Lacks("misattributed_quote"),
                ),
            ],
        );
    }

    #[test]
    fn the_speaker_named_in_the_quotes_own_sentence() {
        // 10kGNAD (quote marks stripped from the text): the quote's sentence names its speaker
        // "Christoph Leitl"; another Christoph of the article is not him.
        let d = Document::new(
            "Arbeitszeit",
            vec![
                "Die Gewerkschaft will kürzere Arbeitszeiten. Wer kürzer arbeiten will, riskiert \
                 Arbeitslosigkeit, kritisierte Präsident Christoph Leitl. Auch Christoph Neumayer \
                 von der Industrie warnte vor den Plänen. Neumayer sprach von einer Drohung."
                    .into(),
            ],
            Some("de"),
        );
        let check = |text: &str| {
            let t = Tldr::from_llm(&d, text, "");
            check_with(&d, &t, &Limits::faithfulness_only())
        };
        cases(
            check,
            &[
                (
                    "Leitl: „Wer kürzer arbeiten will, riskiert Arbeitslosigkeit“",
                    Accepted,
                ),
                (
                    "Christoph Neumayer: „Wer kürzer arbeiten will, riskiert Arbeitslosigkeit“",
                    Has("misattributed_quote"),
                ),
            ],
        );
    }

    #[test]
    fn looping_output_fails() {
        cases(
            verdict,
            &[
                (
                    "Der Stadtrat von Kassel hat ein Radwegenetz beschlossen. Der Stadtrat von Kassel hat ein \
             Radwegenetz beschlossen. Der Stadtrat von Kassel hat ein Radwegenetz beschlossen. Der Stadtrat \
             von Kassel hat ein Radwegenetz beschlossen.",
                    Has("repeated_sentence"),
                ),
                (
                    "Der Stadtrat von Kassel hat ein Radwegenetz beschlossen. Der Stadtrat von Kassel hat ein \
             Radwegenetz beschlossen. Der Stadtrat von Kassel hat ein Radwegenetz beschlossen. Der Stadtrat \
             von Kassel hat ein Radwegenetz beschlossen.",
                    Has("looping_ngram"),
                ),
            ],
        );
    }

    #[test]
    fn english_answer_fails() {
        cases(
            verdict,
            &[
                (
                    "The city council of Kassel approved a new network of cycle paths on Tuesday. It will be about 42 \
             kilometres long by 2030 and connect the centre with the suburbs. The costs are 18.5 million euros, \
             half of which is paid by the state of Hessen. The opposition says it is far too expensive.",
                    Gives(Reason::WrongLanguage {
                expected: "de".into(),
                found: "en".into()
            }),
                ),
            ],
        );
    }

    #[test]
    fn invented_name_and_date_fail() {
        let text = "Der Stadtrat von Kassel hat am Freitag ein neues Radwegenetz beschlossen. Das \
                    Netz soll bis 2030 rund 42 Kilometer lang werden. Die Kosten liegen bei 18,5 \
                    Millionen Euro. Verkehrsminister Klaus Erfunden begrüßte den Beschluss im März.";
        let name = |name: &str| {
            Gives(Reason::UnsupportedName {
                name: name.into(),
                sentence: 3,
            })
        };
        cases(
            verdict,
            &[
                (text, Has("unsupported_date")),
                (text, name("Erfunden")),
                (text, name("Klaus")),
            ],
        );
    }

    #[test]
    fn format_bounds() {
        let d = doc();
        let t = Tldr {
            sentences: vec![TldrSentence {
                text: "Kassel baut Radwege.".into(),
                support: vec![0],
            }],
            method: Method::Llm,
            model: Some("m".into()),
        };
        let codes = check(&d, &t).codes();
        assert!(
            codes.contains(&"too_few_sentences") && codes.contains(&"too_short"),
            "{codes:?}"
        );
        assert_eq!(
            check(
                &d,
                &Tldr {
                    sentences: vec![],
                    method: Method::Llm,
                    model: None
                }
            )
            .codes(),
            vec!["empty"]
        );
    }

    #[test]
    fn seed_style_numbers() {
        assert_eq!(normalise_number("10.000"), "10000");
        assert_eq!(normalise_number("2,5"), "2.5");
        assert_eq!(numeric_date("10.000"), None);
        assert_eq!(numeric_date("25.12.2025"), Some((25, 12)));
    }

    /// An article with the patterns the reference summaries of the benchmark sets use: derived
    /// place adjectives, ordinals, weekdays in compounds, negations, several people.
    const FRAUD: &[&str] = &[
        "Die Polizei in Zürich hat am Dienstagfrüh einen 31-jährigen Mann festgenommen. Nach Angaben \
         der Behörden wird ihm Betrug in mehreren Fällen vorgeworfen.",
        "Eine Frau hatte den Mann angezeigt. Sie habe ihm im siebten Monat ihrer Bekanntschaft \
         20.000 Franken geliehen, sagte sie. Das Geld habe er nicht zurückgezahlt.",
        "Staatsanwältin Petra Keller sagte, der Mann sei bereits in Chile verurteilt worden. Ein \
         Urteil wird nicht vor dem Sommer erwartet. Die Ermittlungen dauern an.",
        "Der Anwalt des Mannes, Marco Huber, wies die Vorwürfe zurück. Staatsanwältin Keller \
         widersprach dem Anwalt Huber.",
    ];

    fn fraud(text: &str) -> Verdict {
        let d = Document::new(
            "Betrugsverdacht: Festnahme in Zürich",
            FRAUD.iter().map(|s| s.to_string()).collect(),
            Some("de"),
        );
        let t = Tldr::from_llm(&d, text, "");
        check_with(&d, &t, &Limits::faithfulness_only())
    }

    /// Whether the verdict gives the reason `code`.
    pub(crate) fn has(v: &Verdict, code: &str) -> bool {
        v.codes().contains(&code)
    }

    /// What a row of [`cases`] expects of the gate's verdict on its text.
    #[derive(Debug)]
    pub(crate) enum Expect {
        /// Accepted.
        Accepted,
        /// Rejected, for whatever reason.
        Rejected,
        /// A reason with this code among the verdict's.
        Has(&'static str),
        /// No reason with this code (accepted, or rejected for others).
        Lacks(&'static str),
        /// This very reason among the verdict's.
        Gives(Reason),
    }
    pub(crate) use Expect::*;

    /// Checks each text of `table` with `check` against what its row expects and fails naming
    /// every row that did not hold: its place in the table, its text, what it expected and the
    /// verdict's reasons (the test's name and the table's line come with the panic).
    #[track_caller]
    pub(crate) fn cases(check: impl Fn(&str) -> Verdict, table: &[(&str, Expect)]) {
        let failed: Vec<String> = table
            .iter()
            .enumerate()
            .filter_map(|(k, (text, expect))| {
                let v = check(text);
                let held = match expect {
                    Accepted => v.accepted,
                    Rejected => !v.accepted,
                    Has(code) => has(&v, code),
                    Lacks(code) => !has(&v, code),
                    Gives(reason) => v.reasons.contains(reason),
                };
                (!held).then(|| {
                    format!(
                        "row {k}: {text:?}\n    expected {expect:?}, reasons {:?}",
                        v.reasons
                    )
                })
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{} of {} rows failed:\n{}",
            failed.len(),
            table.len(),
            failed.join("\n")
        );
    }

    #[test]
    fn derived_place_forms_are_the_place() {
        // 20 Minuten: "Zürich" in the summary, "Zürcherin" in the text; 10kGNAD: "Chile" and
        // "chilenischen".
        cases(
            fraud,
            &[
                (
                    "Die Zürcher Polizei hat einen Mann festgenommen, dem Betrug vorgeworfen wird.",
                    Accepted,
                ),
                (
                    "Der Mann sei von einem Gericht der Chilenen bereits verurteilt worden, sagte \
                     Keller.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Die Genfer Polizei hat einen Mann festgenommen, dem Betrug vorgeworfen wird.",
                    Gives(Reason::UnsupportedName {
                        name: "Genfer".into(),
                        sentence: 0,
                    }),
                ),
                (
                    "Staatsanwältin Keller sagte, der Mann sei bereits in Peru verurteilt worden.",
                    Has("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn number_words_match_ordinals() {
        // 20 Minuten: "Sieben-Monats-Kugel" in the summary, "im siebten Monat" in the text.
        cases(
            fraud,
            &[
                (
                    "Nach sieben Monaten Bekanntschaft lieh die Frau ihm 20.000 Franken.",
                    Lacks("unsupported_number"),
                ),
                (
                    "Nach neun Monaten Bekanntschaft lieh die Frau ihm 20.000 Franken.",
                    Gives(Reason::UnsupportedNumber {
                        number: "neun".into(),
                        sentence: 0,
                    }),
                ),
            ],
        );
    }

    #[test]
    fn a_number_word_must_be_where_the_sentence_is_supported() {
        // 10kGNAD: "zwei Runden vor Schluss" changed to "zwölf", a number the article has
        // elsewhere ("12. Sieg").
        cases(
            fraud,
            &[
                (
                    "Die Frau lieh ihm im siebten Monat 20.000 Franken.",
                    Lacks("unsupported_number"),
                ),
                (
                    "Die Polizei in Zürich hat am Dienstagfrüh sieben Männer festgenommen.",
                    Gives(Reason::UnsupportedNumber {
                        number: "sieben".into(),
                        sentence: 0,
                    }),
                ),
            ],
        );
    }

    #[test]
    fn weekdays_inside_compounds() {
        // 10kGNAD: "Dienstagfrüh" in the text, "am Dienstag" in the summary.
        cases(
            fraud,
            &[
                (
                    "Die Polizei in Zürich hat am Dienstag einen Mann festgenommen.",
                    Accepted,
                ),
                (
                    "Die Polizei in Zürich hat am Donnerstagabend einen Mann festgenommen.",
                    Has("unsupported_date"),
                ),
            ],
        );
    }

    #[test]
    fn common_nouns_are_not_names() {
        // 10kGNAD: "Experten", "Festnahmewelle", "FP-Einspruch", "Stellen" were taken for names.
        cases(
            fraud,
            &[
                (
                    "Nach der Anzeige einer Frau hat die Polizei in Zürich einen Mann festgenommen, \
                       Experten rechnen mit einer Anklage.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Die Polizei in Zürich hat nach einer Festnahmewelle einen Mann festgenommen.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Der Anwalt Huber legte einen Keller-Einspruch gegen die Vorwürfe ein.",
                    Lacks("unsupported_name"),
                ),
                // "einer EU-Fahndung": an abbreviation as the modifier (MLSUM: "dem WM-Titel").
                (
                    "Die Polizei in Zürich hat den Mann nach einer EU-Fahndung festgenommen.",
                    Lacks("unsupported_name"),
                ),
                // A name stays a name: unknown, and not made of a frequent noun.
                (
                    "Die Polizei in Zürich hat nach Hinweisen von Kowalczyk einen Mann \
                     festgenommen.",
                    Has("unsupported_name"),
                ),
                (
                    "Der Anwalt Huber legte einen Rasmussen-Einspruch gegen die Vorwürfe ein.",
                    Has("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn names_opening_a_sentence_are_checked() {
        // 20 Minuten: "Helene Fischer (37) erwartet …" replaced by an invented name was not
        // checked, being the first word.
        cases(
            fraud,
            &[
                (
                    "Keller sagte, der Mann sei schon in Chile verurteilt worden.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Normalerweise lieh die Frau ihm kein Geld. Nach sieben Monaten gab sie ihm \
                     20.000 Franken.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Kowalczyk sagte, der Mann sei schon in Chile verurteilt worden.",
                    Gives(Reason::UnsupportedName {
                        name: "Kowalczyk".into(),
                        sentence: 0,
                    }),
                ),
            ],
        );
    }

    #[test]
    fn questions_need_no_support_but_their_names_do() {
        // 10kGNAD teasers end with a question ("Wie lange sollte ein Arbeitstag dauern?").
        cases(
            fraud,
            &[
                (
                    "Die Polizei in Zürich hat einen Mann festgenommen. Wie geht es jetzt weiter?",
                    Accepted,
                ),
                (
                    "Die Polizei in Zürich hat einen Mann festgenommen. Was sagt Kowalczyk dazu?",
                    Has("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn compressed_paraphrase_is_supported() {
        // The seed's fourth sentence fuses and compresses; a sentence of another story is not
        // supported.
        cases(
            fraud,
            &[
                (
                    "Laut Staatsanwaltschaft war der Festgenommene in Chile schon verurteilt.",
                    Lacks("unsupported_sentence"),
                ),
                (
                    "In Graz stürzte ein Baukran auf drei geparkte Autos.",
                    Has("unsupported_sentence"),
                ),
            ],
        );
    }

    #[test]
    fn negation_added_or_removed_fails() {
        cases(
            fraud,
            &[
                (
                    "Das Geld habe er nicht zurückgezahlt, sagte die Frau.",
                    Accepted,
                ),
                (
                    "Das Geld habe er zurückgezahlt, sagte die Frau.",
                    Has("negation_mismatch"),
                ),
                ("Der Anwalt Huber wies die Vorwürfe zurück.", Accepted),
                (
                    "Der Anwalt Huber wies die Vorwürfe nicht zurück.",
                    Has("negation_mismatch"),
                ),
                // What a negation negates stays in its clause.
                (
                    "Die Frau sagte, er zahle nicht, Keller widersprach dem Anwalt Huber.",
                    Lacks("negation_mismatch"),
                ),
                // "nicht nur" negates nothing.
                (
                    "Der Anwalt Huber wies nicht nur die Vorwürfe zurück.",
                    Lacks("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn names_of_the_article_in_the_wrong_place_fail() {
        cases(
            fraud,
            &[
                (
                    "Staatsanwältin Keller sagte, der Mann sei schon in Chile verurteilt worden.",
                    Accepted,
                ),
                (
                    "Staatsanwältin Huber sagte, der Mann sei schon in Chile verurteilt worden.",
                    Gives(Reason::MisplacedName {
                        name: "Huber".into(),
                        sentence: 0,
                    }),
                ),
            ],
        );
    }

    #[test]
    fn a_role_of_the_article_goes_with_its_own_name() {
        // 10kGNAD: "Kanzler Werner Faymann und Vizekanzler Reinhold Mitterlehner" with the two
        // names swapped; MLSUM: "Lewis Hamilton" swapped with "Mexiko".
        cases(
            fraud,
            &[
                (
                    "Der Anwalt Huber wies die Vorwürfe zurück, Staatsanwältin Keller widersprach.",
                    Lacks("misplaced_name"),
                ),
                (
                    "Der Anwalt Keller wies die Vorwürfe zurück, Staatsanwältin Huber widersprach.",
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn lists_of_names_gather_from_the_whole_article() {
        // 20 Minuten: "Marie Pietruschka, Alexandra Ndolo und Lisa Ryzih" from three places.
        cases(
            fraud,
            &[
                (
                    "Marco Huber, Petra Keller und die Polizei in Zürich äußerten sich zu den \
                     Vorwürfen.",
                    Lacks("misplaced_name"),
                ),
                (
                    "Marco Huber, Petra Keller und Kowalczyk äußerten sich zu den Vorwürfen.",
                    Has("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn swapped_roles_fail() {
        cases(
            fraud,
            &[
                (
                    "Staatsanwältin Keller widersprach dem Anwalt Huber.",
                    Accepted,
                ),
                (
                    "Anwalt Huber widersprach der Staatsanwältin Keller.",
                    Has("swapped_roles"),
                ),
            ],
        );
    }

    #[test]
    fn a_name_does_not_draw_the_support_to_itself() {
        // 10kGNAD/MLSUM: a name of the same article put into a short sentence made the
        // alignment pick the sentence where that name occurs, so it was never misplaced.
        cases(
            fraud,
            &[
                ("Das Geld habe der Mann nicht zurückgezahlt.", Accepted),
                (
                    "Das Geld habe Huber nicht zurückgezahlt.",
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn enumerations_and_openers_are_no_misplaced_names() {
        // 10kGNAD: "Öl, Kupfer und Co sollten bald im Preis steigen", "Rund vier Wochen vor …",
        // "Knapp 1000 Flüchtlinge …".
        assert!(in_list("Öl, Kupfer und Co sollen steigen.", 4));
        assert!(!in_list("Kupfer und Öl sollen steigen.", 0));
        cases(
            fraud,
            &[
                (
                    "Keller, Huber und Co äußerten sich zu den Vorwürfen.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Rund 20.000 Franken hatte die Frau dem Mann geliehen.",
                    Accepted,
                ),
                (
                    "Kowalczyk hatte dem Mann 20.000 Franken geliehen.",
                    Has("unsupported_name"),
                ),
            ],
        );
        assert!(adjective_form("gemeinsame") && !adjective_form("leipzig"));
    }

    fn short(text: &str) -> Verdict {
        let d = Document::new(
            "Grenzeinsatz",
            vec![
                "Wien – Zwei Verdächtige sitzen nach dem Angriff in Untersuchungshaft, teilte die \
                 Polizei mit. Die Stadtwahlbehörde hat nach dem FPÖ-Einspruch neu gezählt."
                    .into(),
                "Ein Helikopter stürzte über der Stadt ab. Die deutsche Regierung will den Fall \
                 prüfen. Die Vereine sind alles andere als begeistert."
                    .into(),
                "Die Spielerin verzichtet auf die Reise nach Tokio.".into(),
            ],
            Some("de"),
        );
        let t = Tldr::from_llm(&d, text, "");
        check_with(&d, &t, &Limits::faithfulness_only())
    }

    #[test]
    fn names_with_an_inflection_ending_open_sentences_too() {
        // 10kGNAD: "– Kasachstan steht als Absteiger fest" with another name ending in "-en"
        // in its place, "Böhmermann-Unterstützung" with another name before the hyphen.
        cases(
            fraud,
            &[
                (
                    "Marco Huber wies die Vorwürfe zurück – Rasmussen widerspricht ihm.",
                    Has("unsupported_name"),
                ),
                (
                    "Tarragona-Unterstützung für die Frau, die den Mann angezeigt hatte.",
                    Has("unsupported_name"),
                ),
                (
                    "Experten rechnen mit einer Anklage gegen den Mann.",
                    Lacks("unsupported_name"),
                ),
                (
                    "Keller-Angaben zufolge ist der Mann schon in Chile verurteilt worden.",
                    Lacks("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn where_names_stand_endings_are_no_evidence_of_a_noun() {
        // 10kGNAD: "Bundeskanzler Faymann", "in Rio", "Leitl: …" with names from elsewhere
        // ending like nouns ("-ist") or like compounds of article words ("-hausen" of "Haus").
        cases(
            fraud,
            &[
                (
                    "Staatsanwältin Lindqvist sagte, der Mann sei schon in Chile verurteilt \
                     worden.",
                    Has("unsupported_name"),
                ),
                (
                    "Der Mann sei schon in Oberhausen verurteilt worden, sagte Keller.",
                    Has("unsupported_name"),
                ),
                (
                    "Brandauer: Der Mann sei schon in Chile verurteilt worden.",
                    Has("unsupported_name"),
                ),
                // Coordinated with a name ("Toronto gewinnt gegen Philadelphia und X").
                (
                    "Die Polizei in Zürich und Oberhausen sucht nach dem Mann.",
                    Has("unsupported_name"),
                ),
                (
                    "Die Polizei in Zürich und Behörden ermitteln gegen den Mann.",
                    Lacks("unsupported_name"),
                ),
                // Nouns stay nouns there.
                (
                    "Staatsanwältin Keller sagte, der Mann sei schon in Chile verurteilt worden.",
                    Accepted,
                ),
                (
                    "Die Polizei sucht nach Beteiligten und hat einen Mann in Haft genommen.",
                    Lacks("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn short_forms_and_derived_places_are_supported() {
        // 10kGNAD: "U-Haft", "FP-Einspruch"; MLSUM "Heli-Flüge"; "Deutschland will prüfen"
        // where the text has "die deutsche Regierung".
        cases(
            short,
            &[
                (
                    "Zwei Verdächtige sitzen nach dem Angriff in U-Haft.",
                    Accepted,
                ),
                (
                    "Die Stadtwahlbehörde hat nach einem FP-Einspruch neu gezählt.",
                    Accepted,
                ),
                (
                    "Die Stadtwahlbehörde hat nach einem Rasmussen-Einspruch neu gezählt.",
                    Has("unsupported_name"),
                ),
                ("Deutschland will den Fall prüfen.", Accepted),
                ("Kowalczyk will den Fall prüfen.", Has("unsupported_name")),
            ],
        );
    }

    #[test]
    fn a_negation_needs_one_near_its_support() {
        // 10kGNAD: "… will nicht Bundespräsident werden" where the text says nothing negative
        // (the word after "nicht" is not in the supporting sentence, so the older check missed
        // it).
        let d = Document::new(
            "Kandidatur",
            vec![
                "Der frühere Parteichef will Bundespräsident werden. Er stellte am Sonntag \
                 sein Programm vor."
                    .into(),
                "Im Herbst wird gewählt. Die Umfragen sehen ihn vorne.".into(),
                "Ein Gegenkandidat ist noch nicht gefunden.".into(),
            ],
            Some("de"),
        );
        let check = |text: &str| {
            let t = Tldr::from_llm(&d, text, "");
            check_with(&d, &t, &Limits::faithfulness_only())
        };
        cases(
            check,
            &[
                (
                    "Der frühere Parteichef will Bundespräsident werden.",
                    Accepted,
                ),
                (
                    "Der frühere Parteichef will nicht Bundespräsident werden.",
                    Has("negation_mismatch"),
                ),
                (
                    "Einen Gegenkandidaten gibt es nicht.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Er stellte am Sonntag sein Programm nicht vor.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn negations_said_in_other_words() {
        // 10kGNAD: "nicht begeistert" for "alles andere als begeistert"; 20 Minuten: "wird nicht
        // nach Tokio reisen" for "verzichtet auf Tokio".
        cases(
            short,
            &[
                (
                    "Die Vereine sind nicht begeistert.",
                    Lacks("negation_mismatch"),
                ),
                // Its twin drops the negation: "Freiberufler von Plänen Leitls und Mitterlehners
                // begeistert" where the article has "Die Betroffenen sind alles andere als
                // begeistert".
                ("Die Klubs sind begeistert.", Has("negation_mismatch")),
                (
                    "Die Spielerin wird nicht nach Tokio reisen.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Die Spielerin verzichtet nicht auf die Reise nach Tokio.",
                    Has("negation_mismatch"),
                ),
                (
                    "Die Regierung will den Fall nicht prüfen.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_negation_of_another_clause_does_not_negate_the_word() {
        // 10kGNAD: "Immer mehr Investoren würden auf steigende Preise wetten"; the twin adds a
        // "nicht", which the article has twenty words earlier, about falling oil prices.
        let article = &[
            "Die Ölpreise sollten seiner Ansicht nach auch nicht weiter fallen, denn derzeit würde \
             man bei ETF Securities vor allem Produkte verkaufen, mit denen Investoren auf \
             steigende Preise wetten könnten. Bei früheren Konferenzen sei die Sorge der Anleger \
             vor allem die Situation in China gewesen, sagt Butterfill.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Immer mehr Investoren würden auf steigende Preise wetten.",
                    Accepted,
                ),
                (
                    "Immer mehr Investoren würden nicht auf steigende Preise wetten.",
                    Has("negation_mismatch"),
                ),
            ],
        );
        // A negation within reach still counts ("Ein offizielles Statement …, ob sie teilnehmen
        // wird, gibt es allerdings noch nicht", 20 Minuten).
        let article = &[
            "Ein offizielles Statement des Fürstenhauses, ob sie am Traditionsevent \
                         teilnehmen wird, gibt es allerdings noch nicht. Die Fürstin lässt sich in \
                         einer Zürcher Klinik behandeln.",
        ];
        cases(
            |t| faith(article, t),
            &[(
                "Ein offizielles Statement des Fürstenhauses gibt es nicht.",
                Accepted,
            )],
        );
    }

    #[test]
    fn english_negations_are_no_german_words() {
        // 10kGNAD: "Die deutsche Regierung werde den Inhalt der Note sorgfältig prüfen": "Note"
        // stems to "not", which counted as a negation, so "will nicht prüfen" was grounded.
        let article = &[
            "Die deutsche Regierung werde den Inhalt der Note sorgfältig prüfen und zügig \
             entscheiden, hieß es in Berlin. Der Komiker legt ein eigenes Spottlied nach.",
        ];
        cases(
            |t| faith(article, t),
            &[
                ("Die Regierung will den Inhalt der Note prüfen.", Accepted),
                (
                    "Die Regierung will den Inhalt der Note nicht prüfen.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_speaker_before_a_colon_and_a_quote_is_checked_strictly() {
        // 10kGNAD: "Leitl: "Wer eine Arbeitszeitverkürzung will, …"" with the speaker replaced
        // by "Lindqvist", whose "-ist" is a noun ending elsewhere.
        let article = &[
            "Wien – Wirtschaftskammer-Präsident Christoph Leitl warnt vor einer Verkürzung der \
             Arbeitszeit. Wer eine Arbeitszeitverkürzung will, riskiert, dass aus dem Tag der \
             Arbeit ein Tag der Arbeitslosigkeit wird, sagte Leitl.",
        ];
        let quote = ": \"Wer eine Arbeitszeitverkürzung will, riskiert, dass aus dem Tag der \
                     Arbeit ein Tag der Arbeitslosigkeit wird\"";
        cases(
            |t| faith(article, t),
            &[
                (&format!("Leitl{quote}"), Accepted),
                (&format!("Lindqvist{quote}"), Has("unsupported_name")),
            ],
        );
    }

    #[test]
    fn scale_words_are_no_names() {
        // 10kGNAD: "400 Mio." twice made "Mio" an article name, which the corruption generator
        // replaced ("bis zu 400 Insurance Group") and the gate placed like a name.
        let d = Document::new(
            "",
            vec![
                "Der Versicherer will 2016 ein Ergebnis von bis zu 400 Mio. Euro erreichen. Im \
                  Vorjahr waren es 300 Mio. Euro, sagte Vorstand Hans Beispiel."
                    .into(),
            ],
            Some("de"),
        );
        let names = article_names(&d);
        assert!(!names.contains(&"Mio".to_string()), "{names:?}");
        assert!(names.contains(&"Hans".to_string()), "{names:?}");
    }

    /// The gate's verdict on `text` against an article of `paragraphs` (German, no title), with
    /// the format limits off.
    pub(crate) fn faith(paragraphs: &[&str], text: &str) -> Verdict {
        let d = Document::new(
            "",
            paragraphs.iter().map(|s| s.to_string()).collect(),
            Some("de"),
        );
        let t = Tldr::from_llm(&d, text, "");
        check_with(&d, &t, &Limits::faithfulness_only())
    }

    /// 10kGNAD "Für Raif Badawi ist keine Berufung mehr möglich" (the article goes on with
    /// "Badawi"); 20 Minuten "Anders Behring Breivik", MLSUM "Marco Huck".
    const BADAWI: &[&str] = &[
        "Riad – Der Oberste Gerichtshof Saudi-Arabiens hat die Verurteilung des Bloggers Raif \
         Badawi zu tausend Stockhieben bestätigt. Bisher musste Badawi Anfang Jänner 50 Hiebe \
         erdulden.",
        "Seine Ehefrau Ensaf Haidar lebt in Kanada. Eine Berufung ist für Badawi nun nicht mehr \
         möglich, sagte Haidar am Sonntag.",
    ];

    /// 10kGNAD "Gnesda sieht das Schreiben an die Schulsprecher … als problematisch"; the
    /// generator's twin puts "Griss", named in the sentence before, in his place.
    const GNESDA: &[&str] = &[
        "Wien – Verstimmung bei Bundesschulsprecher Maximilian Gnesda löst ein Brief von \
         Präsidentschaftskandidatin Irmgard Griss an zahlreiche Schulsprecher aus. Wir würden uns \
         sehr freuen, wenn du deine Mitschüler über Irmgard Griss informieren würdest, damit ihre \
         Kandidatur ermöglicht werden kann, heißt es darin etwa. Gnesda bezeichnet den Brief \
         aufgrund des Polit-Werbeverbots an Schulen als problematisch.",
        "Denn die Kandidatur von Irmgard Griss ist die einer Bürgerin, die von Bürgern beauftragt \
         wurde zu kandidieren. Natürlich unterstützen wir eine objektive Aufklärung über die \
         Bundespräsidentschaftswahlen im Rahmen des Unterrichts, sagt Gnesda zur APA.",
    ];

    #[test]
    fn a_name_near_the_support_that_another_name_fits_better_is_misplaced() {
        let text = "Gnesda sieht das Schreiben an die Schulsprecher aufgrund des \
                    Partei-Werbeverbots als problematisch.";
        cases(
            |t| faith(GNESDA, t),
            &[
                (text, Accepted),
                // Griss is named in the sentence before the support, but what the sentence says of
                // him ("als problematisch") the article says of Gnesda.
                (
                    &text.replace("Gnesda", "Griss"),
                    Gives(Reason::MisplacedName {
                        name: "Griss".into(),
                        sentence: 0,
                    }),
                ),
            ],
        );
    }

    #[test]
    fn a_compound_role_goes_with_its_own_name() {
        // 10kGNAD "ihr Kandidat Norbert Hofer" where the article writes
        // "Präsidentschaftskandidaten Norbert Hofer"; the twin gives the role to "Herbert Kickl",
        // named in the sentence after as the campaign manager.
        let article = &[
            "Wien – Die FPÖ plakatiert ihren Präsidentschaftskandidaten Norbert Hofer im \
             Stichwahlkampf als Stimme der Vernunft. Gegen den Grünen Alexander Van der Bellen \
             ritten Hofer und sein Wahlkampfleiter Herbert Kickl bei der Plakatpräsentation am \
             Freitag heftige Attacken. Neu vorgestellt wurden am Freitag zwei Plakate.",
        ];
        let text = "Die FPÖ präsentiert neue Plakate, ihr Kandidat Norbert Hofer will eine \
                    Stimme der Vernunft sein.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Norbert Hofer", "Herbert Kickl"),
                    Has("misplaced_name"),
                ),
            ],
        );
        // Another office with the same head is no evidence: "Vizekanzler Reinhold Mitterlehner"
        // does not make "Kanzler Werner Faymann" another's role.
        assert!(other_office("vizekanzl") && !other_office("bundeskanzl"));
    }

    /// MLSUM: a race report that names Lewis Hamilton again and again (sentences of the article).
    const HAMILTON: &[&str] = &[
        "Der Tag, an dem Lewis Hamilton doch noch nicht zum sechsten Mal Weltmeister wurde, war \
         kein schlechter Tag für Lewis Hamilton. Siehe da, wird sich Hamilton gedacht haben: Ich \
         liege ja tatsächlich in Führung! Hamilton kämpfte sich auf den alten Pneus ins Ziel. \
         Manchmal wirkt es so, als kenne Vowles Hamilton besser als Hamilton sich selbst.",
        "Der schleppte sich als Dritter ins Ziel, hinter Vettel und noch vor Charles Leclerc in \
         den Ferraris, obwohl er als Sechster ins Rennen gerollt war. Am Tag nach einem heftigen \
         Crash in der Qualifikation. Dass man sich noch etwas länger erinnern wird an den Großen \
         Preis von Mexiko des Jahres 2019, lag überhaupt an der Qualifikation. Und an Max \
         Verstappen und seiner irritierenden Vorstellung.",
        "Hamilton bremste, Vettel bremste. Verstappen bremste nicht. Er stellte eine neue \
         Bestzeit auf! Obwohl nach Bottas' Crash auch Streckenposten auf dem Asphalt hätten \
         stehen können. Verstappen wurde um drei Startplätze versetzt, weswegen die Ferraris von \
         Charles Leclerc und Vettel die erste Reihe besetzten in Mexiko.",
    ];

    #[test]
    fn the_name_an_article_keeps_naming_is_near_what_it_says() {
        let text = "Obwohl Lewis Hamilton mit der Reifenstrategie hadert, gewinnt er den Großen \
                    Preis von Mexiko und ist dem WM-Titel ganz nah.";
        cases(
            |t| faith(HAMILTON, t),
            &[
                (text, Accepted),
                // The generator's twins: Hamilton and Mexiko swapped, another driver in his place.
                (
                    &text
                        .replace("Lewis Hamilton", "Lewis Mexiko")
                        .replace("von Mexiko", "von Hamilton"),
                    Rejected,
                ),
                (&text.replace("Lewis Hamilton", "Charles Leclerc"), Rejected),
            ],
        );
    }

    #[test]
    fn a_noun_after_an_opening_adjective_is_no_misplaced_name() {
        // 10kGNAD: the heading "Gemeinsame Patrouillen" glued to the sentence after it made
        // "Patrouillen" an article name, misplaced in "EU: Gemeinsame Patrouillen von …".
        let article = &[
            "Demnach soll die Türkei sich verpflichten, die Grenze zu Griechenland besser zu \
             sichern. Gleichzeitig will die EU Flüchtlingslager für bis zu zwei Millionen Menschen \
             in der Türkei mitfinanzieren.",
            "Gemeinsame Patrouillen Gemeinsame Patrouillen der türkischen und der griechischen \
             Küstenwache sollen dem Bericht zufolge gegen Schleuser vorgehen und alle Flüchtlinge \
             in die Türkei zurückführen. Die EU-Grenzschutzagentur Frontex würde koordinieren.",
            "Die meisten stammen aus Syrien und kamen über die Türkei zu den griechischen \
             Ägäis-Inseln. Fast alle reisten weiter nach Westeuropa. Auch die Regierung in \
             Griechenland begrüßte den Plan.",
        ];
        let text = "EU: Gemeinsame Patrouillen von Türkei und Griechenland in Ägäis.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                // The generator's twin: Griechenland and Patrouillen swapped.
                (
                    "EU: Gemeinsame Griechenland von Türkei und Patrouillen in Ägäis.",
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_first_name_goes_with_the_last_name_the_article_gives_it() {
        // "Bisher musste Badawi …": a name after a finite verb, not a noun after an adjective.
        let d = Document::new(
            "",
            BADAWI.iter().map(|s| s.to_string()).collect(),
            Some("de"),
        );
        assert!(article_names(&d).contains(&"Badawi".to_string()));
        cases(
            |t| faith(BADAWI, t),
            &[
                ("Für Raif Badawi ist keine Berufung mehr möglich.", Accepted),
                // The twin: the first name before another name of the article is not excused.
                (
                    "Für Raif Haidar ist keine Berufung mehr möglich.",
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_name_after_a_first_name_or_opening_before_a_verb_is_checked_strictly() {
        // MLSUM "Lewis Hamilton" replaced by "Lewis Lindqvist"; the seed's "Wladimir Putin hat"
        // replaced by "Lindqvist hat": "-ist" is a noun ending, but not there.
        let article = &[
            "Der Tag, an dem Lewis Hamilton nicht Weltmeister wurde, war kein schlechter Tag für \
             Lewis Hamilton. Hamilton bremste, Vettel bremste. Hamilton hat das Rennen in Mexiko \
             gewonnen.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Lewis Hamilton hat das Rennen in Mexiko gewonnen.",
                    Accepted,
                ),
                (
                    "Lewis Lindqvist hat das Rennen in Mexiko gewonnen.",
                    Has("unsupported_name"),
                ),
                (
                    "Lindqvist hat das Rennen in Mexiko gewonnen.",
                    Has("unsupported_name"),
                ),
            ],
        );
        // A place adjective before a noun stays a noun's attribute.
        cases(
            |t| {
                faith(&["Vor der Bonner Konzernzentrale der Post demonstrierten am Montag 300 Beschäftigte."], t)
            },
            &[(
                "Vor der Bonner Konzernzentrale demonstrierten 300 Beschäftigte.",
                Accepted,
            )],
        );
    }

    #[test]
    fn enumerations_and_datelines_swap_no_roles() {
        // 10kGNAD: "Gorgon, Kayode und Co sollen es richten – … Hinteregger" against a line-up
        // that lists Hinteregger first.
        let article = &[
            "Salzburg – Die Austria gastiert am Sonntag beim Meister. Trainer Peter Zeidler hofft \
             auf die Rückkehr von Martin Hinteregger.",
            "Fraglich: Hinteregger (Bauchmuskelzerrung). Austria: Almer – Gorgon, Grünwald, Kayode \
             – Zulechner.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Gorgon, Kayode und Co sollen es beim Meister richten, Zeidler hofft auf \
                     Hinteregger.",
                    Lacks("swapped_roles"),
                ),
                // The twin: two names of one clause in the reverse order of the article's sentence.
                (
                    "Trainer Martin Hinteregger hofft auf die Rückkehr von Peter Zeidler.",
                    Rejected,
                ),
            ],
        );
    }

    #[test]
    fn compounds_and_word_beginnings_support_a_paraphrase() {
        // 10kGNAD: "Am Sonntag startete er seine Kampagne mit einer Pressekonferenz" for "bei der
        // Antrittspressekonferenz am Sonntag"; "In China wächst der Absatz aber nur mehr langsam"
        // for "In China rechnet der VW-Rivale nur noch mit einem Wachstum von drei Prozent".
        let article = &[
            "Die zentrale Botschaft wird bei der Antrittspressekonferenz am Sonntag mehrmals \
             platziert. Seine Kampagne kostet eine Million Euro.",
            "In China rechnet der VW-Rivale nur noch mit einem Wachstum von drei Prozent. In Europa \
             legte der Absatz zu.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Am Sonntag startete er seine Kampagne mit einer Pressekonferenz.",
                    Accepted,
                ),
                ("In China wächst der Absatz aber nur langsam.", Accepted),
                // The twins: a sentence of other news stays unsupported, a negation added is
                // caught.
                (
                    "Der Hamburger Senat hat 240 neue Stellen für Lehrkräfte bewilligt.",
                    Has("unsupported_sentence"),
                ),
                (
                    "In China wächst der Absatz nicht.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_negation_is_compared_where_the_support_says_it() {
        // 10kGNAD: "… – Urteil nicht rechtskräftig" for "Das Urteil des Schöffengerichts
        // (Vorsitz: Marion Hohenecker) ist nicht rechtskräftig": the negation dropped is caught
        // by the word it negates right after it.
        let article = &[
            "Ein Chemiker hatte abgelaufene Ampullen umetikettiert. Er wurde zu zwei Jahren Haft \
             verurteilt. Das Urteil des Schöffengerichts (Vorsitz: Marion Hohenecker) ist nicht \
             rechtskräftig.",
            "Ein Sozialarbeiter muss 1.100 Euro Strafe bezahlen, weil er einem Flüchtling 110 Euro \
             zusteckte.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Chemiker verurteilt – Urteil nicht rechtskräftig.",
                    Accepted,
                ),
                (
                    "Chemiker verurteilt – Urteil rechtskräftig.",
                    Has("negation_mismatch"),
                ),
                // 10kGNAD: "muss nicht 1.100 Euro Strafe bezahlen": the negated word is the first
                // of the clause the support has, not the first at all.
                (
                    "Ein Waldviertler Sozialarbeiter muss 1.100 Euro Strafe bezahlen.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Ein Waldviertler Sozialarbeiter muss nicht 1.100 Euro Strafe bezahlen.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn an_abbreviation_the_article_spells_out_is_supported() {
        // 10kGNAD: "eine Initiative der TU Wien und Graz" for "die Technischen Unis Wien und Graz".
        let article = &[
            "Mit der Gründung des Vereins haben die Kooperationspartner – die Technischen Unis Wien \
             und Graz und die Medizin-Uni Wien – das Projekt offiziell gestartet.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Der Verein ist eine Initiative der TU Wien und Graz.",
                    Lacks("unsupported_name"),
                ),
                // The twin: an abbreviation the article does not spell out.
                (
                    "Der Verein ist eine Initiative der TH Wien und Graz.",
                    Has("unsupported_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_name_after_a_preposition_keeps_its_part() {
        // 10kGNAD: "dreht das Spiel gegen den Südafrikaner Kevin Anderson … trifft im
        // Viertelfinale auf Marin Cilic" with the two names swapped.
        let article = &[
            "Wimbledon – Novak Djokovic drehte das Spiel gegen den Südafrikaner Kevin Anderson nach \
             zwei verlorenen Sätzen. Im Viertelfinale trifft der Titelverteidiger auf Marin Cilic.",
            "Anderson hatte zwei Sätze lang stark aufgeschlagen. Cilic gewann sein Achtelfinale \
             glatt.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Djokovic dreht das Spiel gegen Kevin Anderson und trifft im Viertelfinale auf \
                     Marin Cilic.",
                    Accepted,
                ),
                (
                    "Djokovic dreht das Spiel gegen Marin Cilic und trifft im Viertelfinale auf \
                     Kevin Anderson.",
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn euro_cents_written_as_cents() {
        // 10kGNAD: "Dividende nur von 1,40 auf 0,60 Euro/Aktie" for "von 1,40 Euro auf 60 Cent je
        // Aktie".
        let article = &[
            "Dennoch soll die Dividende nur von 1,40 Euro auf 60 Cent je Aktie gekürzt \
                         werden, teilte der Konzern mit.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Die Dividende sinkt von 1,40 auf 0,60 Euro je Aktie.",
                    Lacks("unsupported_number"),
                ),
                (
                    "Die Dividende sinkt von 1,40 auf 0,70 Euro je Aktie.",
                    Has("unsupported_number"),
                ),
            ],
        );
    }

    #[test]
    fn a_place_adjective_before_a_name_swaps_no_roles() {
        // 10kGNAD: "Mike Vogl koordiniert in Salzburg die freiwilligen Helfer" against "Der
        // Salzburger Mike Vogl ist ansonsten als Pressefotograf unterwegs".
        let article = &[
            "Freilassing – Der Salzburger Mike Vogl ist ansonsten als Pressefotograf unterwegs. Seit \
             Wochen koordiniert Vogl in Salzburg die freiwilligen Helfer an der Grenze.",
            "In Salzburg warten jede Nacht Hunderte Flüchtlinge.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Mike Vogl koordiniert in Salzburg die freiwilligen Helfer.",
                    Lacks("swapped_roles"),
                ),
                // The twin: the two swapped where the article writes both plainly.
                (
                    "Salzburg koordiniert in Vogl die freiwilligen Helfer.",
                    Has("swapped_roles"),
                ),
            ],
        );
    }

    #[test]
    fn a_name_opening_a_compound_role_is_named_with_its_holder() {
        // 10kGNAD: "Graz-Coach Foda" where the article has "Franco Foda, der Trainer der
        // Grazer"; the twin "Spendlhofer-Coach Foda" gives the coach to a player the article
        // names in the next sentence.
        let article = &[
            "Grödig/Graz – Wenn Grödig und Sturm Graz am Samstag das letzte Viertel der \
             Bundesliga-Saison eröffnen, steht beiden ein richtungsweisendes Spiel bevor. \
             Franco Foda, der Trainer der Grazer, warnte vor dem Gegner. Für uns wird der \
             Knoten aber platzen, sagt Foda. Bei Sturm muss Innenverteidiger Lukas Spendlhofer \
             seine Gelb-Sperre absitzen.",
        ];
        let text = "Grödig empfängt Sturm – Graz-Coach Foda warnte vor dem Gegner.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Graz-Coach", "Spendlhofer-Coach"),
                    Has("misplaced_name"),
                ),
            ],
        );
        // A word the article writes only in a compound is no name it relates to anyone
        // ("Bullen-Coach Zeidler" where the article has "Bullen-Vergangenheit"; its stem is
        // that of "Red Bull").
        let article = &[
            "Salzburg – Red Bull Salzburg gastiert beim Meister. Aktuell ist der bisher \
             glücklose Peter Zeidler gefordert. Möglich gemacht \
             hat dies ein Akteur, der ebenfalls Bullen-Vergangenheit besitzt. Trainer Zeidler \
             kündigte nun einen neuen Anlauf gegen die Austria an.",
        ];
        cases(
            |t| faith(article, t),
            &[(
                "Bullen-Coach Zeidler kündigte einen neuen Anlauf an.",
                Lacks("misplaced_name"),
            )],
        );
    }

    #[test]
    fn a_person_after_in_stands_where_a_place_belongs() {
        // 10kGNAD: "Mike Vogl koordiniert in Salzburg die freiwilligen Helfer"; its twin swaps
        // the two ("Salzburg koordiniert in Mike Vogl …"), which the order check cannot see as
        // the article writes "Salzburg" only in its dateline and as "Salzburger".
        let article = &[
            "Salzburg – Der Salzburger Mike Vogl ist ansonsten als Pressefotograf unterwegs. Seit \
             Wochen koordiniert Vogl nun die freiwilligen Helfer an der Grenze zu Deutschland.",
            "Vogl: Am Anfang habe ich nur fotografiert. Die Zusammenarbeit mit Stadt und Land \
             Salzburg ist extrem gut.",
            "Die Helfer treffen sich jeden Abend in Bad Ischl. Bad Ischl stellt auch Quartiere.",
        ];
        let text = "Mike Vogl koordiniert in Salzburg die freiwilligen Helfer an der Grenze zu \
                    Deutschland.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    "Salzburg koordiniert in Mike Vogl die freiwilligen Helfer an der Grenze zu \
             Deutschland.",
                    Has("misplaced_name"),
                ),
                // A place of two words is no person: the article never writes its second word
                // alone.
                (
                    "Die Helfer treffen sich in Bad Ischl.",
                    Lacks("misplaced_name"),
                ),
            ],
        );
        // Nor is what the article itself writes after "in" (a sentence of an extractive TLDR).
        let article = &[
            "Salzburg – Der Salzburger Mike Vogl koordiniert die Helfer. Die Stadt setzt ihr \
             Vertrauen in Mike Vogl. Vogl ist ansonsten Pressefotograf.",
        ];
        cases(
            |t| faith(article, t),
            &[("Die Stadt setzt ihr Vertrauen in Mike Vogl.", Accepted)],
        );
    }

    #[test]
    fn a_preposition_reaches_only_its_own_phrase() {
        // Seed (Spiegel): "Putin hat in einem Neujahrsbrief an Kim Jong Un …"; its twin swaps the
        // two, which was accepted as "Brief an den nordkoreanischen Diktator schreibt Putin"
        // counted as "an … Putin".
        let article = &[
            "Moskau – Kremlchef Wladimir Putin hat sich in einem Neujahrsschreiben an den \
             nordkoreanischen Machthaber Kim Jong Un für die militärische Unterstützung bedankt. \
             In dem Brief an den nordkoreanischen Diktator schreibt Putin von Dankbarkeit. Kim \
             hatte Soldaten entsandt.",
        ];
        let text = "Wladimir Putin hat in einem Neujahrsbrief an Kim Jong Un seine Dankbarkeit \
                    für die militärische Unterstützung zum Ausdruck gebracht.";
        cases(|t| faith(article, t), &[(text, Accepted)]);
        let twin = text
            .replace("Wladimir Putin", "X")
            .replace("Kim Jong Un", "Wladimir Putin")
            .replace('X', "Kim Jong Un");
        cases(|t| faith(article, t), &[(&twin, Has("misplaced_name"))]);
    }

    /// 10kGNAD: a tennis report; the quarter-final opponent is named in one place, the rivals
    /// waiting in the other half of the draw far from it.
    const DRAW: &[&str] = &[
        "London – Nach fünf Sätzen hat Titelverteidiger Novak Djokovic sein Achtelfinale gegen \
         Kevin Anderson gewonnen. Der Südafrikaner hatte zwei Sätze lang geführt. Am Montag war \
         das Spiel wegen Dunkelheit unterbrochen worden. Im Viertelfinale trifft Djokovic auf den \
         Kroaten Marin Cilic. Gegen Cilic hat er alle bisherigen Duelle gewonnen.",
        "Das Wetter soll am Mittwoch besser werden. Die Veranstalter erwarten volle Ränge. Auf \
         dem Centre Court bleibt das Dach trotzdem geschlossen. Ausgeruhter gehen die Rivalen \
         Roger Federer und Andy Murray in ihre Partien. Federer zeigt sich bisher in \
         herausragender Form.",
    ];

    #[test]
    fn a_sentence_naming_many_does_not_gather_them_from_far_away() {
        let text = "Djokovic dreht das Spiel gegen den Südafrikaner Kevin Anderson nach zwei \
                    verlorenen Sätzen und trifft im Viertelfinale auf Marin Cilic.";
        cases(
            |t| faith(DRAW, t),
            &[
                (text, Accepted),
                // Three names: before, such a sentence was never compared with where its names are.
                (
                    &text.replace("Marin Cilic", "Roger Federer"),
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_heading_opening_with_the_speaker_checks_the_name() {
        // 10kGNAD "Pühringer über Sympathiebekundung „wenig erfreut“": a word ending like a
        // plural noun ("-en") opening such a heading was never checked ("Oberhausen über …").
        let article = &[
            "Linz – Die Sondierungsgespräche in Oberösterreich haben begonnen. Über die \
             Äußerungen von Strugl war Pühringer wenig erfreut. Positiv gestimmt verließ \
             Haimbuchner nach einer Stunde das Büro.",
        ];
        let text = "Pühringer über Äußerungen „wenig erfreut“, Haimbuchner nach Gespräch \
                    „positiv gestimmt“";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Pühringer", "Waldhausen"),
                    Has("unsupported_name"),
                ),
            ],
        );
        // Not a plural noun before another preposition ("Experten nach …" stays a noun).
        assert!(heading_speaker("X über Y „a“", 1) && !heading_speaker("X nach Y „a“", 1));
    }

    /// 10kGNAD: a plan for a museum, argued by a state secretary and backed by a mathematician.
    const MUSEUM: &[&str] = &[
        "Wien – Das Vorhaben für ein Haus der Geschichte wird von der ÖVP infrage gestellt. \
         Harald Mahrer denkt dabei lieber groß. Für einen Plan sei es zu früh, sagt Mahrer, der \
         Staatssekretär im Ministerium. Am Ring soll ein Haus der Zukunft entstehen, in dem über \
         Zukunftsfragen gesprochen wird. Der Mathematiker Rudolf Taschner unterstützt das \
         Projekt. Das Problem sei immer das Geld, sagt Taschner.",
    ];

    #[test]
    fn a_role_the_article_gives_another_is_no_role_of_a_name() {
        let text = "Staatssekretär Mahrer will am Ring ein Haus der Zukunft, in dem über \
                    Zukunftsfragen gesprochen wird.";
        cases(
            |t| faith(MUSEUM, t),
            &[
                (text, Accepted),
                // Taschner is named beside the support, but the article calls him a mathematician,
                // and no sentence about him (or beside one) has the state secretary.
                (&text.replace("Mahrer", "Taschner"), Has("misplaced_name")),
            ],
        );
        // One role in two forms: a head, the feminine form.
        assert!(same_role("waescheriese", "textilriese") && same_role("schweizerin", "schweizer"));
        assert!(!same_role("staatssekretar", "mathematiker"));
    }

    #[test]
    fn a_last_name_after_in_is_a_person_where_a_place_belongs() {
        // 10kGNAD "Brite will sich im Omnium für Olympia in Rio qualifizieren"; the twin puts the
        // cyclist, whom the article keeps naming, in the place of the city.
        let article = &[
            "London – Die frühere Straßenweltmeisterin Lena Brunner kehrt auf die Bahn zurück. \
             Die 30-Jährige will sich für die Olympia-Mannschaft in Tokio qualifizieren. Brunner \
             will im Omnium starten. Brunner muss beim Weltcup in Hongkong liefern.",
        ];
        let text = "Die Britin will sich im Omnium für Olympia in Tokio qualifizieren.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (&text.replace("Tokio", "Brunner"), Has("misplaced_name")),
            ],
        );
    }
    #[test]
    fn a_word_that_negates_in_itself_is_not_dropped() {
        // 20 Minuten: "Auch die Schweizerin Jil Teichmann wird nicht nach Tokio reisen" where
        // the article says "… liess auch die Tennisspielerin Jil Teichmann verlauten, dass sie auf
        // Tokio verzichtet"; the copy "… wird nach Tokio reisen" dropped the "nicht" and was
        // accepted: the article's "not" is in its verb.
        let article = &[
            "Rafael Nadal hat seine Teilnahme an den Olympischen Spielen abgesagt. Er müsse auf \
             seinen Körper hören.",
            "Kurz nach Nadal liess auch die Tennisspielerin Jil Teichmann verlauten, dass sie auf \
             Tokio verzichtet. Es sei ein schwieriges Jahr für sie gewesen.",
        ];
        cases(
            |t| faith(article, t),
            &[
                ("Auch Jil Teichmann wird nicht nach Tokio reisen.", Accepted),
                ("Auch Jil Teichmann verzichtet auf Tokio.", Accepted),
                (
                    "Auch Jil Teichmann wird nach Tokio reisen.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_negation_undoing_ohne_grounds_no_added_negation() {
        // 20 Minuten: "Als Schlosswart sollte man aber eine ganze Reihe an Talenten mitbringen"
        // for "Ganz ohne Abstriche ist die Stelle als Schlosswarts aber nicht"; its copy "… sollte
        // nicht man aber …" was accepted: the article's "nicht" undoes its "ohne", it says no "not".
        let article = &[
            "Das Schloss auf der Insel sucht einen neuen Verwalter. Zur Anstellung gehört auch eine \
             Wohnung auf der Insel.",
            "Ganz ohne Abstriche ist die Stelle als Schlosswart aber nicht. Man sollte jedoch \
             diskret, freundlich und vielseitig talentiert sein.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Als Schlosswart sollte man aber eine ganze Reihe an Talenten mitbringen.",
                    Accepted,
                ),
                (
                    "Als Schlosswart sollte nicht man aber eine ganze Reihe an Talenten \
                     mitbringen.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_negation_ending_a_clause_negates_it_across_a_subordinate_clause() {
        // 20 Minuten: "Ein offizielles Statement des Fürstenhauses gibt es nicht" for "Ein
        // offizielles Statement des Fürstenhauses, ob sie am Traditionsevent teilnehmen wird, gibt
        // es allerdings noch nicht"; the copy "… gibt es." was accepted: the words before the
        // "nicht" ("allerdings noch") are not the sentence's.
        let article = &[
            "Seit Wochen wird spekuliert, ob die Fürstin nach Monaco zurückkehrt. Am 27. Januar \
             finden die Feierlichkeiten zu Ehren der Schutzpatronin statt.",
            "Ein offizielles Statement des Fürstenhauses, ob sie am Traditionsevent teilnehmen \
             wird, gibt es allerdings noch nicht.",
            "Der Fürst besuchte am Montag die Klinik in Zürich, die Reporter trafen ihn aber nicht.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Ein offizielles Statement des Fürstenhauses gibt es nicht.",
                    Accepted,
                ),
                (
                    "Ein offizielles Statement des Fürstenhauses gibt es.",
                    Has("negation_mismatch"),
                ),
                // A negated clause beside the one the sentence says is not its.
                (
                    "Der Fürst besuchte am Montag die Klinik in Zürich.",
                    Accepted,
                ),
            ],
        );
    }

    #[test]
    fn an_unsupported_sentence_is_compared_with_each_sentence_it_shares_a_word_with() {
        // 10kGNAD: "Entscheidende Kenngrößen werden nicht veröffentlicht" (no support) was
        // compared with "Die entscheidende Maßzahl also: die Wertschöpfung" only, which has no
        // negation (a wrong negation_mismatch), and its copy "… werden veröffentlicht" passed the
        // negation check: the sentence with "nicht veröffentlichen" added one word only.
        let article = &[
            "Der jährliche Rekord ist in Tirol die Norm. Jubelmeldungen aus dem Tourismus ist der \
             Tiroler gewohnt.",
            "Maßgeblich ist, was die Touristen ausgeben, sagt Siller. Die entscheidende Maßzahl \
             also: die Wertschöpfung. Die entscheidende Frage bleibt offen.",
            "Auf Nachfrage beim Land heißt es, dass es Zahlen zur Wertschöpfung nicht gebe. Siller \
             liegen solche sehr wohl vor, er dürfe sie allerdings nicht veröffentlichen.",
        ];
        cases(
            |t| faith(article, t),
            &[
                // Since the participle aligns with its verb (h22f) the sentence is supported
                // outright.
                (
                    "Entscheidende Kenngrößen werden nicht veröffentlicht.",
                    Accepted,
                ),
                (
                    "Entscheidende Kenngrößen werden veröffentlicht.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn nicht_x_sondern_y_denies_x_only() {
        // 10kGNAD: "Der Rapid-Coach denkt dabei aber nicht etwa an Barcelona, sondern an
        // Mittwoch-Gegner Mattersburg": the "nicht" was compared on "Rapid" before it (a wrong
        // negation_mismatch); its copy without "nicht" lost the reason and passed.
        let article = &[
            "Mit vier Siegen in vier Runden ist Rapid die Nummer eins der Liga. Für die \
             Verantwortlichen ist das jedoch noch lange kein Grund zum Jubeln.",
            "Vor dem Spiel am Mittwoch gegen Mattersburg warnte Trainer Barisic vor einer \
             physisch starken Truppe. Barisic denkt nur an das nächste Spiel.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Der Rapid-Trainer denkt nicht etwa an den Titel, sondern an das Spiel am \
                     Mittwoch gegen Mattersburg.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Der Rapid-Trainer denkt etwa an den Titel, sondern an das Spiel am Mittwoch \
                     gegen Mattersburg.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_places_qualifier_goes_with_its_own_place() {
        // 10kGNAD: "Gerasdorf kommt doch nach Korneuburg, Leopoldsdorf, Lanzendorf und
        // Maria-Lanzendorf zu Bruck an der Leitha …", swapped to "… nach Bruck, … zu Korneuburg an
        // der Leitha", was accepted: a list of places gathers its names from the whole article.
        let article = &[
            "Gerasdorf bei Wien wird, wie von der Stadtgemeinde gewünscht, zu Korneuburg kommen. \
             Leopoldsdorf und Lanzendorf werden nicht Mödling, sondern Bruck an der Leitha \
             zugeordnet.",
            "Gablitz und Mauerbach kommen zu Tulln. Die Helfer an der Grenze bleiben. Das gelte \
             für Bruck an der Leitha ebenso wie für Tulln und Korneuburg.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Gerasdorf kommt nach Korneuburg, Leopoldsdorf und Lanzendorf zu Bruck an der \
                     Leitha, Gablitz und Mauerbach zu Tulln.",
                    Accepted,
                ),
                (
                    "Gerasdorf kommt nach Bruck, Leopoldsdorf und Lanzendorf zu Korneuburg an der \
                     Leitha, Gablitz und Mauerbach zu Tulln.",
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_speaker_before_a_colon_fits_what_follows() {
        // 10kGNAD "… – Merkel: Über Antrag kann nicht mehr vor Referendum beraten werden"; the
        // twin gives the words to the Eurogroup's head, named in the sentence before.
        let article = &[
            "Athen – Griechenland hat am Nachmittag überraschend ein neues Hilfsprogramm beim \
             Euro-Hilfsfonds beantragt. Eurogruppen-Chef Pieter Janssen kündigte an, dass der \
             Vorschlag am Abend in einer Telefonkonferenz besprochen werde. Skeptisch äußerte \
             sich hingegen Kanzlerin Maria Keller: Vor einem Referendum in Griechenland werde man \
             nicht über den neuen Hilfsantrag beraten, sagte Keller.",
        ];
        let text = "Griechenland beantragt überraschend ein neues Hilfsprogramm – Keller: Über \
                    den Hilfsantrag wird nicht vor dem Referendum beraten.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Keller", "Pieter Janssen"),
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_name_in_another_names_phrase_is_misplaced() {
        // MLSUM: "den Großen Preis von Mexiko" with another driver of the race in its place.
        let article = &[
            "Mexiko-Stadt – Lewis Hamilton hat den Großen Preis von Mexiko gewonnen. Zweiter \
             wurde Valtteri Bottas vor Sebastian Vettel. Hamilton haderte lange mit der \
             Reifenstrategie, wie auch Bottas. Bottas fuhr dennoch ein starkes Rennen. In Mexiko \
             ist Hamilton dem WM-Titel nun ganz nah.",
        ];
        let text = "Hamilton hadert mit der Reifenstrategie und gewinnt doch den Großen Preis von \
                    Mexiko.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("von Mexiko", "von Valtteri Bottas"),
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_negation_in_a_sentence_without_any_article_word_has_no_ground() {
        // 20 Minuten: "Ihm werden mutmasslich mehrere Delikte zur Last gelegt" shares no word
        // with its article; its copy "Ihm werden nicht mutmasslich …" was compared with nothing.
        // Both are unsupported; only the copy negates what the article does not.
        let article = &[
            "Die Polizisten setzten die Polizeihündin Puna ein. Sie spürte den Mann im Wald auf.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Ihm werden mutmasslich mehrere Delikte zur Last gelegt.",
                    Has("unsupported_sentence"),
                ),
                (
                    "Ihm werden mutmasslich mehrere Delikte zur Last gelegt.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Ihm werden nicht mutmasslich mehrere Delikte zur Last gelegt.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_negation_is_grounded_only_by_one_about_what_it_says() {
        // 10kGNAD: "Der ehemalige Bundessprecher der Grünen will nicht Bundespräsident werden"
        // passed on "er würde als Bundespräsident keine FPÖ-Regierung angeloben" (the "keine"
        // negates the government) and on "nicht … Anspruch auf den Bundeskanzler" (another
        // "Bundes-"); "2.900 Stellen sollen nicht gestrichen werden" on "wettbewerbsfähiger werden,
        // Verhandlungen … scheiterten aber".
        let article = &[
            "Wien – Der frühere Grünen-Chef Anton Muster stellt sich als Kandidat für die Wahl des \
             Bundespräsidenten vor. Seine Ankündigung, er würde als Bundespräsident keine \
             FPÖ-Regierung angeloben, hat er abgeschwächt. Am Sonntag legt er sich nicht fest, \
             dass die stärkste Partei Anspruch auf den Bundeskanzler hat.",
            "Der Konzern stellte einen Sparplan vor, durch den 2.900 Arbeitsplätze gefährdet sind. \
             Mit dem Sparplan wollte der Konzern wettbewerbsfähiger werden, Verhandlungen mit den \
             Gewerkschaften scheiterten aber.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Der frühere Grünen-Chef will Bundespräsident werden.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Der frühere Grünen-Chef will nicht Bundespräsident werden.",
                    Has("negation_mismatch"),
                ),
                (
                    "Der Konzern plant den Abbau: 2.900 Stellen sollen gestrichen werden.",
                    Lacks("negation_mismatch"),
                ),
                (
                    "Der Konzern plant den Abbau: 2.900 Stellen sollen nicht gestrichen werden.",
                    Has("negation_mismatch"),
                ),
                // A "kein" before what the sentence negates grounds it.
                (
                    "Muster würde als Bundespräsident nicht die FPÖ-Regierung angeloben.",
                    Lacks("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_quote_belongs_to_the_person_its_sentence_names() {
        // Seed (Spiegel, 2025-12-25): "… Soldaten entsandt, die Putin als Zeichen der
        // „unbesiegbaren Freundschaft“ … bezeichnete" had its speaker replaced by "Kursk" (named
        // around the other sentence with the quote) and passed: the relative pronoun hid the
        // speaker, and any name around a sentence with the quote was taken for its speaker.
        let article = &[
            "Russland ist isoliert. In einem Brief an den Diktator schreibt Putin von \
             „unbesiegbarer Freundschaft“. Als ukrainische Truppen Gebiete um Kursk besetzten, \
             bekam Wladimir Putin Hilfe aus Nordkorea.",
            "Nordkorea hatte Soldaten geschickt, die in der Grenzregion Kursk eingesetzt wurden. \
             Ihr Einsatz habe „die unbesiegbare Freundschaft“ bewiesen.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Nordkorea hat Soldaten geschickt, die Putin als Zeichen der „unbesiegbaren \
                     Freundschaft“ sah.",
                    Lacks("misattributed_quote"),
                ),
                (
                    "Nordkorea hat Soldaten geschickt, die Kursk als Zeichen der „unbesiegbaren \
                     Freundschaft“ sah.",
                    Has("misattributed_quote"),
                ),
            ],
        );
        // The names after one quote are the next one's speakers, not those before it (10kGNAD:
        // "Pühringer über Sympathiebekundung „wenig erfreut“, Haimbuchner nach
        // Sondierungsgespräch „positiv gestimmt“").
        let article = &[
            "Landeshauptmann Josef Pühringer traf Manfred Haimbuchner. Über die Äußerungen \
             seines Verhandlers war Pühringer „wenig erfreut“.",
            "Das Gespräch dauerte eine Stunde. „Positiv gestimmt“ verließ Haimbuchner das Büro.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Pühringer über Äußerungen „wenig erfreut“, Haimbuchner nach dem Gespräch \
                     „positiv gestimmt“.",
                    Lacks("misattributed_quote"),
                ),
                (
                    "Haimbuchner über Äußerungen „wenig erfreut“, Pühringer nach dem Gespräch \
                     „positiv gestimmt“.",
                    Has("misattributed_quote"),
                ),
            ],
        );
    }

    #[test]
    fn a_counted_unit_says_nothing() {
        // 10kGNAD: "Stürmer Kayode: „Alles ist möglich“" had its speaker replaced by "Zähler"
        // (the article's "acht Zähler", "drei Zähler", taken for a name) and passed; the quote,
        // worded otherwise in the article, was not looked up for its speaker at all.
        let article = &[
            "Der Abstand zum Vierten beträgt acht Zähler. Aus Stürmer Larry Kayode sprudelte es \
             nur so heraus. Es ist möglich, dass wir Meister werden. Im Fußball ist immer alles \
             möglich.",
            "Am Samstag will Trainer Thorsten Fink drei Zähler sehen.",
        ];
        for quote in ["Im Fußball ist immer alles möglich", "Alles ist möglich"] {
            cases(
                |t| faith(article, t),
                &[
                    (
                        &format!("Stürmer Kayode: „{quote}“"),
                        Lacks("misattributed_quote"),
                    ),
                    (
                        &format!("Austria an der Spitze, Zähler: „{quote}“"),
                        Has("misattributed_quote"),
                    ),
                ],
            );
        }
    }

    #[test]
    fn names_that_changed_clauses_are_swapped() {
        // 10kGNAD: "… – Russland, Kanada, Finnland im Viertelfinale – Kasachstan steht als
        // Absteiger fest" swapped to "… – Kasachstan, Kanada, Finnland im Viertelfinale –
        // Russland steht als Absteiger fest" passed: a sentence naming three or more gathers its
        // names from the whole article, and Kasachstan, in the sentence, was no other name.
        let article = &[
            "Moskau – Gastgeber Russland, Titelverteidiger Kanada und Mitfavorit Finnland haben \
             bei der Eishockey-WM den Sprung ins Viertelfinale geschafft. Kanada ließ der Slowakei \
             keine Chance. Finnland behauptete sich gegen Frankreich. Die Schweiz verlor gegen \
             Russland.",
            "Als erster Absteiger steht unterdessen Kasachstan nach dem 1:2 gegen Lettland fest. \
             Ungarn hat nach dem ersten Sieg seit 1939 noch Chancen. Der Aufsteiger gewann gegen \
             Weißrussland. Für Kasachstan traf nur Iwanow.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Erster Sieg seit 1939 – Russland, Kanada, Finnland im Viertelfinale – \
                     Kasachstan steht als Absteiger fest.",
                    Lacks("swapped_roles"),
                ),
                (
                    "Erster Sieg seit 1939 – Kasachstan, Kanada, Finnland im Viertelfinale – \
                     Russland steht als Absteiger fest.",
                    Has("swapped_roles"),
                ),
            ],
        );
        // A person the article names by a description where the clause is said ("der
        // 69-Jährige") has not changed places with the name it says there (10kGNAD).
        let article = &[
            "Ried – Bei Rapid ist am Sonntag gegen Ried Wiedergutmachung angesagt. Für Rapid war \
             das 0:4 gegen die Admira ein Debakel. Die Hütteldorfer wollen das beweisen. Ried \
             spielt zu Hause.",
            "Wir werden wenig Chancen haben, befürchtete Trainer Paul Gludovatz. Rapids Debakel \
             gegen die Admira bezeichnete der 69-Jährige als einmaligen Ausrutscher.",
        ];
        cases(
            |t| faith(article, t),
            &[(
                "Rapid um Wiedergutmachung für Admira-Debakel – 0:4 für Gludovatz nur \
                     einmaliger Ausrutscher.",
                Lacks("swapped_roles"),
            )],
        );
    }

    #[test]
    fn a_name_in_the_slot_of_another_is_misplaced() {
        // 10kGNAD: "startet auf RTL die Dramaserie" with the series' hero in the channel's
        // place; and "Rot und Schwarz teilen sich das Amt" with a later candidate for "Schwarz".
        let article = &[
            "Wien – Kaffee mit Schlafmittel trinkt Martin Rauch in der neuen Serie, ab Donnerstag \
             auf RTL. Acht Folgen hat RTL der Dramaserie gegeben. Martin Rauch spioniert im \
             Westen.",
        ];
        let text = "Ab Donnerstag läuft auf RTL die Dramaserie, acht Folgen.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("auf RTL", "auf Martin Rauch"),
                    Has("misplaced_name"),
                ),
            ],
        );
        let article = &[
            "Seit 65 Jahren teilen sich Rot und Schwarz das Amt des Bundespräsidenten. Damals \
             trat auch Baumeister Richard Lugner zum ersten Mal an. Lugner blieb chancenlos. \
             Nach der Wahl regieren vielleicht nicht mehr Rot und Schwarz.",
        ];
        let text = "Rot und Schwarz teilen sich seit 65 Jahren das Amt des Bundespräsidenten.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Schwarz", "Richard Lugner"),
                    Has("misplaced_name"),
                ),
            ],
        );
    }

    #[test]
    fn a_first_name_of_another_person_is_misplaced() {
        // 20 Minuten: "Anders Behring Breivik" given the first name of his lawyer "Øystein
        // Storrvik".
        let article = &[
            "Der Attentäter Anders Behring Breivik bleibt in Haft. Er will dagegen berufen, wie \
             sein Verteidiger Øystein Storrvik mitteilte. Breivik hatte 2011 insgesamt 77 \
             Menschen getötet. Storrvik sprach von einem politischen Urteil.",
        ];
        let text = "Der Attentäter Anders Behring Breivik, der 2011 insgesamt 77 Menschen \
                    tötete, bleibt in Haft.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Anders Behring", "Øystein"),
                    Has("misplaced_name"),
                ),
            ],
        );
        // 10kGNAD: "sagt Petra Hauser" with another agent's whole name for the first name.
        let article = &[
            "Besorgt ist Petra Hauser, die mit ihrer Agentur viel Werbegeld bewegt. Kleine Sender \
             könnten stark betroffen sein, sagt sie. Aufklärung fordert auch Joachim Feher von \
             der MediaCom.",
        ];
        let text = "Kleine Sender könnten stark betroffen sein, sagt Petra Hauser.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Petra", "Joachim Feher"),
                    Has("misplaced_name"),
                ),
            ],
        );
        // 10kGNAD: the second part of a hyphenated first name is no first name of its own.
        let article = &[
            "Kitzbühel – Philipp Kohlschreiber rang im Endspiel den Qualifikanten Paul-Henri \
             Mathieu nieder. Im Doppel siegten Jean Rojer und Henri Kontinen. Mathieu war müde.",
        ];
        cases(
            |t| faith(article, t),
            &[(
                "Philipp Kohlschreiber rang im Endspiel den Qualifikanten Paul-Henri Mathieu \
                     nieder.",
                Accepted,
            )],
        );
    }

    #[test]
    fn a_name_that_does_not_belong_to_its_list_is_misplaced() {
        // 20 Minuten: the magazine's founder among the three athletes on its cover.
        let article = &[
            "Seit 1953 zeigt der Gründer Hugh Hefner im Magazin schöne Frauen. Die Leser freut \
             es. Das Magazin ist eine Marke. Kurz vor den Spielen zogen sich drei deutsche \
             Athletinnen aus. Auch die Hochspringerin Lisa Ryzih freut sich. Alexandra Ndolo hat \
             eine klare Meinung. Die Kollegin Pietruschka stimmt ihr zu. Ryzih bedankt sich.",
        ];
        let text = "Die drei Athletinnen Marie Pietruschka, Alexandra Ndolo und Lisa Ryzih zogen \
                    sich aus.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Alexandra Ndolo", "Hugh Hefner"),
                    Has("misplaced_name"),
                ),
            ],
        );
        // 10kGNAD: "Öl, Kupfer und Co sollten im Preis steigen" with an analyst's firm.
        let article = &[
            "Frankfurt – Die Rohstoffpreise würden wieder steigen, sagt der Ökonom. Auch David \
             Wech von JPC Energy erwartet ein geringeres Angebot. Rainer Bunge erklärt es am \
             Beispiel Kupfer. Die Nachfrage nach Kupfer sollte weiter steigen und der Preis mit \
             ihr. Für die USA erwartet JPC Energy einen Rückgang.",
        ];
        let text = "Öl, Kupfer und Co sollten bald im Preis steigen.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (&text.replace("Kupfer", "JPC Energy"), Has("misplaced_name")),
            ],
        );
    }

    #[test]
    fn a_first_name_in_a_compound_is_misplaced() {
        // 10kGNAD: "Der 31-Jährige Thiem-Bezwinger" with the beaten player's first name.
        let article = &[
            "Kitzbühel – Philipp Kohlschreiber hat das Turnier gewonnen. Im Moment des Triumphs \
             dachte Kohlschreiber auch an Dominic Thiem, den er am Freitag besiegt hatte. Ich \
             bin sicher, Dominic wird es hier auch noch schaffen, sagte er.",
        ];
        let text = "Der Thiem-Bezwinger hat das Turnier in Kitzbühel gewonnen.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (&text.replace("Thiem-", "Dominic-"), Has("misplaced_name")),
            ],
        );
        // The first word of a name of several is no first name ("Red Bull Salzburg").
        let article = &[
            "Salzburg – Meister heißt wieder Red Bull Salzburg. Der Titel geht zum zehnten Mal \
             nach Salzburg, zum siebenten Mal in der Red-Bull-Ära. Red Bull Salzburg feiert.",
        ];
        cases(
            |t| faith(article, t),
            &[(
                "Der Titel geht zum siebenten Mal in der Red-Bull-Ära nach Salzburg.",
                Accepted,
            )],
        );
    }

    #[test]
    fn a_name_in_a_compound_in_place_of_its_partner_is_misplaced() {
        // 10kGNAD: "arbeiten an Virtual-Reality-Lösungen" with "York" of "New York".
        let article = &[
            "Facebook kaufte Oculus, nun erlebt Virtual Reality einen Boom. Die New York Times \
             schenkte ihren Abonnenten eine Brille. Auch Google arbeitet an Virtual Reality. In \
             New York gibt es virtuelle Rundgänge.",
        ];
        let text = "Facebook und Google arbeiten an Virtual-Reality-Lösungen.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (&text.replace("Virtual-", "York-"), Has("misplaced_name")),
            ],
        );
    }

    #[test]
    fn a_place_in_a_persons_part_is_misplaced() {
        // 10kGNAD: "Verwaltungsrechtler Andreas Hauer zerpflückt den Entwurf" with the country
        // the article names only as a place.
        let article = &[
            "Wien – Schwere Kritik an der Reform des Eisenbahngesetzes in Österreich übt \
             Verwaltungsrechtler Andreas Hauer. Die Novelle verstoße gegen EU-Recht. Hauer sieht \
             den Wettbewerb in Österreich gefährdet.",
        ];
        let text = "Verwaltungsrechtler Andreas Hauer zerpflückt die Reform des Eisenbahngesetzes.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                (
                    &text.replace("Verwaltungsrechtler Andreas Hauer", "Österreich"),
                    Has("misplaced_name"),
                ),
            ],
        );
        // 10kGNAD: a country acting through its government is no such case.
        let article = &[
            "Der türkische Botschafter in Deutschland übermittelte die Forderung. Die Regierung \
             werde die Note prüfen, hieß es. Jan Böhmermann erhielt Unterstützung. In \
             Deutschland ist die Debatte groß.",
        ];
        cases(
            |t| faith(article, t),
            &[(
                "Deutschland will die Note der Regierung prüfen.",
                Lacks("misplaced_name"),
            )],
        );
    }
}
