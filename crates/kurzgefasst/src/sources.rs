//! The bundled default sources: German news feeds subscribed on first start.

/// (name, feed URL) of the sources `serve` subscribes to on first start with an empty database.
pub const DEFAULT_SOURCES: &[(&str, &str)] = &[
    ("tagesschau", "https://www.tagesschau.de/index~rss2.xml"),
    (
        "DER SPIEGEL",
        "https://www.spiegel.de/schlagzeilen/index.rss",
    ),
    ("ZEIT ONLINE", "https://newsfeed.zeit.de/index"),
    ("FAZ", "https://www.faz.net/rss/aktuell/"),
    (
        "Süddeutsche Zeitung",
        "https://rss.sueddeutsche.de/rss/Topthemen",
    ),
    (
        "Deutschlandfunk",
        "https://www.deutschlandfunk.de/nachrichten-100.rss",
    ),
    ("DW", "https://rss.dw.com/rdf/rss-de-all"),
    ("heise online", "https://www.heise.de/rss/heise-atom.xml"),
    ("Golem", "https://rss.golem.de/rss.php?feed=RSS2.0"),
    ("netzpolitik.org", "https://netzpolitik.org/feed/"),
    ("taz", "https://taz.de/!p4608;rss/"),
    (
        "tagesspiegel",
        "https://www.tagesspiegel.de/contentexport/feed/home",
    ),
];

/// The setting that records that defaults were offered once (so removing them all is final).
pub const DEFAULTS_SETTING: &str = "default_sources_added";
