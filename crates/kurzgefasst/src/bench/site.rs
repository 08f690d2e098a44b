//! A generated news site for the ingestion benchmark (and the scale-out tests): `hosts` loopback
//! hosts (127.0.1.1, 127.0.1.2, …) on one port, each with its feeds; every feed lists `entries`
//! article pages of realistic size, made from varied German text, with the boilerplate of a real
//! news page (navigation, cookie banner, inline scripts, related links, comments, footer).
//! Feeds answer conditional GETs with 304. Everything is deterministic in the article id. Pages
//! and feeds are rendered once when the site starts and then served from memory, as a static
//! web server would, so that the site costs the pipelines it serves little CPU of their cores.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The shape of the generated site.
#[derive(Debug, Clone, Copy)]
pub struct SiteConfig {
    /// Number of feeds in all.
    pub feeds: usize,
    /// Entries (article pages) per feed.
    pub entries: usize,
    /// Number of loopback hosts the feeds are spread over.
    pub hosts: usize,
    /// The port every host listens on.
    pub port: u16,
}

/// Counters of what the site served.
#[derive(Debug, Default)]
pub struct SiteStats {
    /// Feed requests answered with 200.
    pub feeds_full: AtomicU64,
    /// Feed requests answered with 304.
    pub feeds_not_modified: AtomicU64,
    /// Article pages served.
    pub pages: AtomicU64,
}

#[derive(Clone)]
struct SiteState {
    cfg: SiteConfig,
    stats: Arc<SiteStats>,
    /// Every article page's HTML, by id.
    pages: Arc<Vec<axum::body::Bytes>>,
    /// Every feed's XML, by number.
    feeds: Arc<Vec<axum::body::Bytes>>,
}

/// Renders items `0..n` with `render` on two threads.
fn render_all(n: usize, render: impl Fn(usize) -> String + Sync) -> Vec<axum::body::Bytes> {
    let half = n / 2;
    let render = &render;
    std::thread::scope(|s| {
        let second = s.spawn(move || (half..n).map(|i| render(i).into()).collect::<Vec<_>>());
        let mut all: Vec<axum::body::Bytes> = (0..half).map(|i| render(i).into()).collect();
        all.extend(second.join().unwrap_or_default());
        all
    })
}

/// The address of host `h` (0-based).
pub fn host_addr(h: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 1, (h % 250 + 1) as u8))
}

/// Every feed URL of the site, in order.
pub fn feed_urls(cfg: &SiteConfig) -> Vec<String> {
    (0..cfg.feeds)
        .map(|f| {
            format!(
                "http://{}:{}/feed/{f}.xml",
                host_addr(f % cfg.hosts),
                cfg.port
            )
        })
        .collect()
}

/// Binds every host and serves the site until the process ends.
pub async fn serve(cfg: SiteConfig, stats: Arc<SiteStats>) -> std::io::Result<()> {
    let pages = render_all(cfg.feeds * cfg.entries, |id| {
        Article::new(id).html(site_name((id / cfg.entries) % cfg.hosts))
    });
    let feeds = render_all(cfg.feeds, |f| feed_xml(&cfg, f));
    let state = SiteState {
        cfg,
        stats,
        pages: Arc::new(pages),
        feeds: Arc::new(feeds),
    };
    let app = Router::new()
        .route("/feed/{name}", get(feed))
        .route("/artikel/{name}", get(page))
        .route(
            "/robots.txt",
            get(|| async { "User-agent: *\nDisallow: /intern/\n" }),
        )
        .with_state(state);
    let mut tasks = Vec::new();
    for h in 0..cfg.hosts.min(250) {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::new(host_addr(h), cfg.port)).await?;
        let app = app.clone();
        tasks.push(tokio::spawn(
            async move { axum::serve(listener, app).await },
        ));
    }
    for t in tasks {
        let _ = t.await;
    }
    Ok(())
}

async fn feed(
    State(st): State<SiteState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(f) = name
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&f| f < st.cfg.feeds)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"feed-{f}-v1\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        st.stats.feeds_not_modified.fetch_add(1, Ordering::Relaxed);
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    st.stats.feeds_full.fetch_add(1, Ordering::Relaxed);
    (
        [
            (
                header::CONTENT_TYPE,
                "application/rss+xml; charset=utf-8".to_string(),
            ),
            (header::ETAG, etag),
        ],
        st.feeds[f].clone(),
    )
        .into_response()
}

/// The RSS of feed `f`.
fn feed_xml(cfg: &SiteConfig, f: usize) -> String {
    let host = format!("{}:{}", host_addr(f % cfg.hosts), cfg.port);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{} – Ressort {}</title><link>http://{host}/</link><description>Nachrichten</description>\n",
        site_name(f % cfg.hosts),
        RESSORTS[f % RESSORTS.len()]
    );
    for j in 0..cfg.entries {
        let id = f * cfg.entries + j;
        let a = Article::new(id);
        xml.push_str(&format!(
            "<item><title>{}</title><link>http://{host}/artikel/{id}.html?utm_source=rss</link><guid isPermaLink=\"false\">art-{id}</guid><pubDate>{}</pubDate><description>{}</description></item>\n",
            xml_esc(&a.title),
            a.published.to_rfc2822(),
            xml_esc(&a.teaser)
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

async fn page(State(st): State<SiteState>, Path(name): Path<String>) -> Response {
    let Some(id) = name
        .strip_suffix(".html")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&i| i < st.cfg.feeds * st.cfg.entries)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    st.stats.pages.fetch_add(1, Ordering::Relaxed);
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        st.pages[id].clone(),
    )
        .into_response()
}

fn xml_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A small deterministic random generator (xorshift64*), seeded by the article id.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const RESSORTS: &[&str] = &[
    "Politik",
    "Wirtschaft",
    "Wissen",
    "Kultur",
    "Sport",
    "Regional",
];
const CITIES: &[&str] = &[
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Leipzig",
    "Dresden",
    "Stuttgart",
    "Bremen",
    "Kiel",
    "Mainz",
    "Erfurt",
    "Rostock",
    "Freiburg",
    "Würzburg",
    "Düsseldorf",
];
const ACTORS: &[&str] = &[
    "Der Stadtrat",
    "Die Landesregierung",
    "Das Bundesamt für Statistik",
    "Die Polizei",
    "Der Verband der Verkehrsunternehmen",
    "Die Gewerkschaft",
    "Das Gesundheitsministerium",
    "Die Opposition im Landtag",
    "Der Deutsche Wetterdienst",
    "Die Verbraucherzentrale",
    "Ein Sprecher der Bahn",
    "Die Bürgermeisterin",
    "Das Umweltbundesamt",
    "Die Handelskammer",
    "Der Bundesrechnungshof",
];
const TOPICS: &[&str] = &[
    "den Ausbau der Radwege",
    "die Sanierung der Schulen",
    "höhere Mieten",
    "den Fachkräftemangel",
    "die Energiepreise",
    "die neue Buslinie",
    "den Hochwasserschutz",
    "die Krankenhausreform",
    "den Wohnungsbau",
    "die Digitalisierung der Ämter",
    "die Grundsteuer",
    "den Nahverkehr",
    "die Kita-Gebühren",
    "den Klimaschutzplan",
    "die Landtagswahl",
];
const VERBS: &[&str] = &[
    "hat am Montag einen Bericht über {t} vorgelegt",
    "fordert mehr Geld für {t}",
    "kritisiert die Pläne für {t}",
    "will bis zum Jahresende über {t} entscheiden",
    "sieht bei {t} noch großen Nachholbedarf",
    "warnt vor Verzögerungen bei {t}",
    "begrüßt die Einigung über {t}",
    "hat Einwände gegen {t} erhoben",
    "rechnet bei {t} mit höheren Kosten",
];
const DETAILS: &[&str] = &[
    "Nach Angaben der Behörde stiegen die Kosten um {n} Prozent.",
    "Betroffen sind rund {k} Haushalte in {c}.",
    "Die Entscheidung fiel mit {n} zu {m} Stimmen.",
    "Bereits im vergangenen Jahr hatte es Proteste in {c} gegeben.",
    "Insgesamt sollen {k} Euro investiert werden.",
    "Die Arbeiten sollen im Frühjahr beginnen und {n} Monate dauern.",
    "Kritiker bemängeln, dass die Bürger zu spät beteiligt worden seien.",
    "Eine endgültige Entscheidung wird für den Herbst erwartet.",
    "Die Zahl der Beschwerden hat sich seit {y} mehr als verdoppelt.",
    "Experten halten die Schätzung für zu optimistisch.",
    "Auch die Nachbargemeinden von {c} wollen sich beteiligen.",
    "Der Zeitplan gilt als ehrgeizig, aber machbar.",
];
const QUOTES: &[&str] = &[
    "„Wir können uns weitere Verzögerungen nicht leisten“, sagte {a}.",
    "„Das ist ein wichtiger Schritt für die ganze Region“, erklärte {a}.",
    "„Die Menschen erwarten zu Recht schnelle Lösungen“, betonte {a}.",
];
const PEOPLE: &[&str] = &[
    "Anna Schulz",
    "Thomas Weber",
    "Fatma Yılmaz",
    "Jens Hoffmann",
    "Maria König",
    "Lukas Brandt",
    "Sabine Roth",
    "Mehmet Demir",
];

/// One generated article.
pub struct Article {
    id: usize,
    /// Headline.
    pub title: String,
    /// Teaser.
    pub teaser: String,
    paragraphs: Vec<String>,
    subheading: String,
    /// Publication time.
    pub published: chrono::DateTime<chrono::FixedOffset>,
}

impl Article {
    /// The article with this id.
    pub fn new(id: usize) -> Article {
        let mut r = Rng::new(id as u64 + 1);
        let city = r.pick(CITIES);
        let actor = r.pick(ACTORS);
        let topic = r.pick(TOPICS);
        let fill = |s: &str, r: &mut Rng| {
            s.replace("{t}", r.pick(TOPICS))
                .replace("{c}", r.pick(CITIES))
                .replace("{a}", r.pick(PEOPLE))
                .replace("{n}", &r.range(2, 60).to_string())
                .replace("{m}", &r.range(2, 40).to_string())
                .replace("{y}", &r.range(2015, 2023).to_string())
                .replace(
                    "{k}",
                    &format!("{}.{:03}", r.range(1, 950), r.range(0, 999)),
                )
        };
        let bare = topic
            .trim_start_matches("den ")
            .trim_start_matches("die ")
            .trim_start_matches("das ");
        let title = match r.range(0, 5) {
            0 => format!("{city}: {actor} und der Streit um {bare}"),
            1 => format!(
                "{} in {city}: Was hinter dem Plan für {bare} steckt",
                r.pick(ACTORS)
                    .trim_start_matches("Der ")
                    .trim_start_matches("Die ")
                    .trim_start_matches("Das ")
            ),
            2 => format!(
                "{} Millionen Euro für {bare} – {city} muss nachbessern",
                r.range(2, 90)
            ),
            3 => format!(
                "Neuer Ärger um {bare}: {} kündigt Widerstand an",
                r.pick(PEOPLE)
            ),
            4 => format!(
                "{city} stellt Weichen: Entscheidung über {bare} im {}",
                ["Januar", "März", "Mai", "Juli", "Herbst", "Dezember"][r.range(0, 5) as usize]
            ),
            _ => format!("Kommentar: {bare} in {city} braucht mehr als gute Worte"),
        };
        let teaser = format!(
            "{actor} in {city} {}. {}",
            r.pick(VERBS).replace("{t}", topic),
            fill(r.pick(DETAILS), &mut r)
        );
        let n_par = r.range(7, 13) as usize;
        let mut paragraphs = Vec::with_capacity(n_par);
        for p in 0..n_par {
            let n_sent = r.range(2, 4);
            let mut par = String::new();
            for s in 0..n_sent {
                let sentence = match (p + s as usize) % 4 {
                    0 => format!(
                        "{} {}.",
                        r.pick(ACTORS),
                        r.pick(VERBS).replace("{t}", r.pick(TOPICS))
                    ),
                    3 => fill(r.pick(QUOTES), &mut r),
                    _ => fill(r.pick(DETAILS), &mut r),
                };
                if !par.is_empty() {
                    par.push(' ');
                }
                par.push_str(&sentence);
            }
            paragraphs.push(par);
        }
        let subheading = format!("Wie es in {} weitergeht", r.pick(CITIES));
        let base =
            chrono::DateTime::parse_from_rfc3339("2025-12-25T18:00:00+01:00").expect("fixed date");
        let published = base - chrono::Duration::minutes(id as i64 * 7);
        Article {
            id,
            title,
            teaser,
            paragraphs,
            subheading,
            published,
        }
    }

    /// The body paragraphs.
    pub fn paragraphs(&self) -> &[String] {
        &self.paragraphs
    }

    /// The article's page, with the boilerplate of a real news site.
    pub fn html(&self, site: String) -> String {
        let mut body = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i == self.paragraphs.len() / 2 {
                body.push_str(&format!("<h2>{}</h2>\n", self.subheading));
                body.push_str("<aside class=\"related\"><h3>Lesen Sie auch</h3><ul>");
                for k in 1..4 {
                    body.push_str(&format!(
                        "<li><a href=\"/artikel/{}.html\">{}</a></li>",
                        self.id + k,
                        Article::new(self.id + k).title
                    ));
                }
                body.push_str("</ul></aside>\n<div class=\"ad\">Anzeige</div>\n");
            }
            body.push_str(&format!("<p>{p}</p>\n"));
        }
        let nav: String = RESSORTS
            .iter()
            .chain(CITIES.iter())
            .map(|r| format!("<li><a href=\"/{r}\">{r}</a></li>"))
            .collect();
        let script = "var _tracking = {\"page\": \"artikel\", \"consent\": false, \"slots\": [1,2,3,4,5,6,7,8]};\n".repeat(60);
        format!(
            "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{title} | {site}</title>\
<meta property=\"og:title\" content=\"{title}\"><meta property=\"og:description\" content=\"{teaser}\">\
<meta property=\"og:site_name\" content=\"{site}\"><meta property=\"article:published_time\" content=\"{date}\">\
<script>{script}</script><style>body{{font-family:sans-serif}} .cookie{{position:fixed}}</style></head><body>\
<div class=\"cookie-banner\"><p>Wir und unsere Partner verwenden Cookies. Mit „Alle akzeptieren“ stimmen Sie zu.</p><button>Alle akzeptieren</button></div>\
<header><a class=\"logo\" href=\"/\">{site}</a><nav class=\"main-nav\"><ul>{nav}</ul></nav></header>\
<main><article><h1>{title}</h1><p class=\"lead\">{teaser}</p><div class=\"byline\">Von {author}</div>\
<figure><img src=\"/bild/{id}.jpg\" alt=\"\"><figcaption>Symbolbild. Foto: dpa</figcaption></figure>\
<div class=\"article-body\">\n{body}</div></article>\
<section class=\"comments\"><h2>Kommentare</h2><div class=\"comment\"><p>Leser{id}: Das wurde auch Zeit!</p></div></section></main>\
<footer><p>© 2025 {site} · Impressum · Datenschutz · Kontakt</p></footer></body></html>",
            title = self.title,
            teaser = self.teaser,
            date = self.published.to_rfc3339(),
            author = PEOPLE[self.id % PEOPLE.len()],
            id = self.id,
        )
    }
}

fn site_name(h: usize) -> String {
    const NAMES: &[&str] = &[
        "Anzeiger",
        "Rundschau",
        "Kurier",
        "Tageblatt",
        "Zeitung",
        "Nachrichten",
        "Post",
        "Bote",
    ];
    format!(
        "{} {}",
        CITIES[h % CITIES.len()],
        NAMES[(h / CITIES.len()) % NAMES.len()]
    )
}
