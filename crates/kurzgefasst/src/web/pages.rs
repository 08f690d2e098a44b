//! Server-rendered pages, German or English ([`Lang`]). Every string from a feed or page goes
//! through [`esc`] (text) or [`href`] (links: http(s) only), so third-party markup is never
//! rendered. No inline script or style: behaviour lives in `/static/app.js`.

use std::fmt::Write;

use chrono_tz::Tz;

use super::lang::Lang;
use crate::problem::Problem;
use crate::record::{datum, quelle};
use crate::ressort::Ressort;
use crate::store::{
    ClusterSibling, DateSource, Highlighted, SearchResults, SearchSort, Source, StoredArticle,
};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An escaped link target: http(s) URLs only, anything else (javascript:, data:) becomes "#".
pub fn href(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => esc(u.as_str()),
        _ => "#".to_string(),
    }
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What the page frame needs besides the body.
pub struct Frame<'a> {
    /// The interface language.
    pub lang: Lang,
    /// The document title (escaped here).
    pub title: &'a str,
    /// An Atom feed to advertise: (path and query, title), both unescaped.
    pub feed: Option<(String, String)>,
    /// The search text to show in the header's search field.
    pub q: &'a str,
}

/// The page frame (header, navigation, footer) around `body`.
pub(super) fn layout(f: &Frame<'_>, body: &str) -> String {
    let l = f.lang;
    let (feed_path, feed_title) = f.feed.clone().unwrap_or_else(|| {
        (
            "/feed.atom".to_string(),
            l.t("Kurzgefasst – alle Artikel", "Kurzgefasst – all articles")
                .to_string(),
        )
    });
    let (other, other_name) = match l {
        Lang::De => ("en", "English"),
        Lang::En => ("de", "Deutsch"),
    };
    format!(
        "<!doctype html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n\
<title>{title}</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n\
<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{feed_title}\" href=\"{feed_path}\">\n\
<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n\
<a class=\"skip\" href=\"#inhalt\">{skip}</a>\n\
<header class=\"site\"><a class=\"brand\" href=\"/\">Kurzgefasst</a>\n\
<nav aria-label=\"{navlabel}\"><a href=\"/\">{latest}</a> <a href=\"/tag\">{day}</a> <a href=\"/suche\">{search}</a> <a href=\"/quellen\">{sources}</a> <a href=\"/einstellungen\">{settings}</a> {account}</nav>\n\
<form class=\"search\" role=\"search\" action=\"/suche\" method=\"get\"><label class=\"visually-hidden\" for=\"kopf-q\">{search}</label>\
<input id=\"kopf-q\" name=\"q\" type=\"search\" value=\"{q}\" placeholder=\"{placeholder}\"></form>\n</header>\n\
{categories}<main id=\"inhalt\" tabindex=\"-1\">\n{body}\n</main>\n\
<footer class=\"site\"><span>{claim}</span> <span><a href=\"{feed_path}\">Atom</a> · <a href=\"/api/openapi.json\">API</a> · \
<a href=\"/einstellungen?lang={other}\" hreflang=\"{other}\" lang=\"{other}\">{other_name}</a></span></footer>\n</body>\n</html>\n",
        code = l.code(),
        title = esc(f.title),
        feed_title = esc(&feed_title),
        feed_path = esc(&feed_path),
        skip = l.t("Zum Inhalt springen", "Skip to content"),
        navlabel = l.t("Hauptnavigation", "Main navigation"),
        latest = l.t("Neueste", "Latest"),
        day = l.t("Der Tag", "The day"),
        search = l.t("Suche", "Search"),
        sources = l.t("Quellen", "Sources"),
        settings = l.t("Einstellungen", "Settings"),
        q = esc(f.q),
        placeholder = l.t("Suchen … ( / )", "Search … ( / )"),
        claim = l.t("Kurzgefasst – Nachrichten in Kürze, auf dem eigenen Rechner.", "Kurzgefasst – the news in brief, on your own machine."),
        account = account(l),
        categories = categories_nav(l),
    )
}

/// The logged-in reader's categories under the header (each its filtered start page) with
/// their unread counts and the unread total (read with the viewer: `reading::nav_unread`), the
/// link to manage them and, for admins, to manage readers.
fn categories_nav(l: Lang) -> String {
    let Some(v) = super::auth::current().filter(|v| v.csrf().is_some()) else {
        return String::new();
    };
    let mut b = format!(
        "<nav class=\"kategorien\" aria-label=\"{}\">",
        l.t("Kategorien", "Categories")
    );
    match v.nav_unread() {
        Some(nav) => {
            let _ = write!(
                b,
                "<a href=\"/?ungelesen=1\" id=\"ungelesen-alle\">{}</a> <span class=\"count\" id=\"ungelesen-gesamt\">{}</span> ",
                l.t("Ungelesen", "Unread"),
                nav.total
            );
            for c in &nav.categories {
                let _ = write!(
                    b,
                    "<a href=\"/kategorie/{}\">{}</a> <span class=\"count\" data-category=\"{}\">{}</span> ",
                    enc(&c.slug),
                    esc(&c.name),
                    c.id,
                    c.unread
                );
            }
        }
        None => {
            for (name, slug) in &v.categories {
                let _ = write!(b, "<a href=\"/kategorie/{}\">{}</a> ", enc(slug), esc(name));
            }
        }
    }
    let _ = write!(
        b,
        "<a href=\"/kategorien\" id=\"kategorien-verwalten\">{}</a>",
        l.t("Kategorien verwalten", "Manage categories")
    );
    if v.is_admin {
        let _ = write!(
            b,
            " <a href=\"/leser\" id=\"leser-verwalten\">{}</a>",
            l.t("Leser verwalten", "Manage readers")
        );
    }
    b.push_str("</nav>\n");
    b
}

/// The header's account part: a login link, or the user's name and a logout button.
fn account(l: Lang) -> String {
    match super::auth::current() {
        Some(v) => match v.csrf() {
            Some(csrf) => format!(
                "<a href=\"/gemerkt\" id=\"gemerkt\">{}</a> <a href=\"/filter\" id=\"filter\">{}</a> \
<form class=\"logout\" action=\"/abmelden\" method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button type=\"submit\" id=\"abmelden\">{} ({})</button></form>",
                l.t("Gemerkt", "Saved"),
                l.t("Filter", "Filters"),
                esc(csrf),
                l.t("Abmelden", "Log out"),
                esc(&v.name)
            ),
            None => String::new(),
        },
        None => format!("<a href=\"/anmelden\" id=\"anmelden\">{}</a>", l.t("Anmelden", "Log in")),
    }
}

/// A hidden CSRF field.
pub(super) fn csrf_field(csrf: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(csrf)
    )
}

/// The login page: name, password, the double-submit token and where to go afterwards.
pub fn login(l: Lang, csrf: &str, next: &str, error: Option<&str>) -> String {
    let mut b = format!("<h1>{}</h1>\n", l.t("Anmelden", "Log in"));
    if let Some(e) = error {
        let _ = writeln!(b, "<p class=\"error\" role=\"alert\">{}</p>", esc(e));
    }
    let _ = write!(
        b,
        "<form class=\"admin\" action=\"/anmelden\" method=\"post\">{}<input type=\"hidden\" name=\"weiter\" value=\"{}\">\n\
<p><label for=\"name\">{}</label><br><input id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"admin\"></p>\n\
<p><label for=\"passwort\">{}</label><br><input id=\"passwort\" name=\"passwort\" type=\"password\" autocomplete=\"current-password\" required></p>\n\
<p><button type=\"submit\" id=\"anmelden-senden\">{}</button></p></form>\n<p><small>{}</small></p>\n",
        csrf_field(csrf),
        esc(next),
        l.t("Name", "Name"),
        l.t("Passwort", "Password"),
        l.t("Anmelden", "Log in"),
        l.t(
            "Das Passwort des Admin-Kontos steht beim ersten Start in der Ausgabe des Servers; ändern mit <code>kurzgefasst admin set-password</code>.",
            "The admin password is printed by the server on first start; change it with <code>kurzgefasst admin set-password</code>."
        ),
    );
    layout(
        &Frame {
            lang: l,
            title: l.t("Kurzgefasst – Anmelden", "Kurzgefasst – Log in"),
            feed: None,
            q: "",
        },
        &b,
    )
}

fn datum_of(a: &StoredArticle, tz: Tz, l: Lang) -> String {
    let mut d = datum(a.published_at, tz);
    if a.date_source == DateSource::Fetched {
        d.push_str(l.t(" (Abrufzeit)", " (time fetched)"));
    }
    d
}

fn day_heading(unix: i64, tz: Tz, l: Lang) -> String {
    use chrono::TimeZone;
    match chrono::Utc.timestamp_opt(unix, 0).single() {
        Some(t) => l.day_heading(t.with_timezone(&tz).date_naive()),
        None => String::new(),
    }
}

/// The labels of the record's fields.
fn labels(l: Lang) -> [&'static str; 4] {
    match l {
        Lang::De => ["Datum", "Quelle", "TLDR", "Inhalt"],
        Lang::En => ["Date", "Source", "TLDR", "Content"],
    }
}

/// Renders highlighted text: pieces escaped, matches in `<mark>`.
fn marked(h: &Highlighted) -> String {
    let mut s = String::new();
    if h.cut_start {
        s.push_str("… ");
    }
    for p in &h.pieces {
        if p.hit {
            let _ = write!(s, "<mark>{}</mark>", esc(&p.text));
        } else {
            s.push_str(&esc(&p.text));
        }
    }
    if h.cut_end {
        s.push_str(" …");
    }
    s
}

/// One entry of a list: linked title, Datum, Quelle, a text (TLDR or snippet, already HTML),
/// "Weiterlesen"; for a logged-in reader (`marks`) also its read and saved state with the forms
/// that change them.
#[allow(clippy::too_many_arguments)]
fn entry(
    b: &mut String,
    a: &StoredArticle,
    title_html: &str,
    text_label: &str,
    text_html: &str,
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) {
    let [datum_l, quelle_l, ..] = labels(l);
    let state = marks.map(|m| (m, m.state(a.id)));
    let class = match state {
        Some((m, (read, saved))) => format!(
            "entry {}{}{}",
            if read { "read" } else { "unread" },
            if saved { " saved" } else { "" },
            if m.is_new(a.id) { " new" } else { "" }
        ),
        None => "entry".to_string(),
    };
    let _ = write!(
        b,
        "<article class=\"{class}\" data-id=\"{id}\" data-original=\"{orig}\">\n<h3><a href=\"/artikel/{id}\">{titel}</a>{kind}{ressort}</h3>\n<dl class=\"record\">\
<dt>{datum_l}</dt><dd>{datum}</dd><dt>{quelle_l}</dt><dd>{quelle}</dd><dt>{text_label}</dt><dd class=\"tldr\">{text_html}</dd></dl>\n\
<a class=\"more\" href=\"/artikel/{id}\" aria-label=\"{more}: {titel_attr}\">{more}</a>\n",
        orig = href(&a.url),
        id = a.id,
        titel = title_html,
        ressort = ressort_label(a, l),
        kind = kind_label(a, l),
        datum = esc(&datum_of(a, tz, l)),
        quelle = esc(&a.site),
        more = l.t("Weiterlesen", "Read more"),
        titel_attr = esc(&a.title),
    );
    if let Some((m, (read, saved))) = state {
        b.push_str(&m.actions(a.id, read, saved, l));
    }
    b.push_str("</article>\n");
}

/// The page's kind as a label ("Liveblog", "Bildergalerie", …; "" for an article and the
/// kinds without one, [`crate::kind::label`]).
pub(crate) fn kind_label(a: &StoredArticle, l: Lang) -> String {
    match crate::kind::label(a.page_type, l) {
        Some(label) => format!(
            " <span class=\"kind kind-{}\">{label}</span>",
            a.page_type.as_str()
        ),
        None => String::new(),
    }
}

/// A TLDR in a list entry, as HTML: a listing's or gallery's items as a list, any other TLDR
/// as its text ("" when there is none).
pub(crate) fn tldr_html(t: Option<&crate::store::StoredTldr>) -> String {
    match t {
        Some(t) if t.method == kg_summarize::Method::List.as_str() => {
            let mut b = String::from("<ul class=\"tldr-list\">");
            for s in &t.sentences {
                let _ = write!(b, "<li>{}</li>", esc(&s.text));
            }
            b.push_str("</ul>");
            b
        }
        Some(t) => esc(&t.text),
        None => String::new(),
    }
}

/// The article's Ressort as a label linking to its Ressort page ("" when it has none).
fn ressort_label(a: &StoredArticle, l: Lang) -> String {
    match a.ressort {
        Some(r) => format!(
            " <a class=\"ressort\" href=\"/ressort/{}\">{}</a>",
            r.slug(),
            r.label(l == Lang::En)
        ),
        None => String::new(),
    }
}

/// A logged-in reader's view of a list: their state of each article and what the forms need.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// The session's CSRF token.
    pub csrf: String,
    /// Where the forms return to without JavaScript (this page's path and query).
    pub back: String,
    /// Read and saved, per article id.
    pub states: std::collections::HashMap<i64, (bool, bool)>,
    /// Articles with a higher id arrived since the reader's last visit (start page only).
    pub new_above: Option<i64>,
    /// Shown above the list (already HTML: the unread filter, mark-all forms, unread counts).
    pub toolbar: String,
    /// The next (older) page's link, replacing the anonymous pager.
    pub next: Option<String>,
}

impl Marks {
    /// Read and saved of an article (unread and not saved when unknown).
    pub fn state(&self, id: i64) -> (bool, bool) {
        self.states.get(&id).copied().unwrap_or((false, false))
    }

    fn is_new(&self, id: i64) -> bool {
        self.new_above.is_some_and(|n| id > n)
    }

    /// The read and save forms of one article (plain POST forms; `app.js` sends them with
    /// `fetch` and updates the page instead of reloading it).
    pub fn actions(&self, id: i64, read: bool, saved: bool, l: Lang) -> String {
        let read_labels = (
            l.t("Als gelesen markieren", "Mark as read"),
            l.t("Als ungelesen markieren", "Mark as unread"),
        );
        let save_labels = (l.t("Merken", "Save"), l.t("Nicht mehr merken", "Unsave"));
        let form = |what: &str, on: bool, labels: (&str, &str), class: &str, key: &str| {
            format!(
                "<form class=\"state\" action=\"/artikel/{id}/{what}\" method=\"post\">{csrf}\
<input type=\"hidden\" name=\"weiter\" value=\"{back}\"><input type=\"hidden\" name=\"wert\" value=\"{val}\">\
<button type=\"submit\" class=\"{class}\" aria-pressed=\"{on}\" data-off=\"{off_l}\" data-on=\"{on_l}\" title=\"{key}\">{label}</button></form>",
                csrf = csrf_field(&self.csrf),
                back = esc(&self.back),
                val = if on { "0" } else { "1" },
                off_l = esc(labels.0),
                on_l = esc(labels.1),
                label = esc(if on { labels.1 } else { labels.0 }),
            )
        };
        format!(
            "<div class=\"actions\" data-id=\"{id}\">{}{}</div>\n",
            form("gelesen", read, read_labels, "toggle-read", "m"),
            form("merken", saved, save_labels, "toggle-save", "s"),
        )
    }
}

/// Entries grouped under a heading per day (in `tz`), in the given order; for a reader with a
/// last visit, a divider after the articles that are new since then.
pub(super) fn days(
    b: &mut String,
    articles: &[StoredArticle],
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) {
    let mut current_day = String::new();
    let mut seen_new = false;
    let mut divided = false;
    for a in articles {
        if let Some(m) = marks.filter(|m| m.new_above.is_some()) {
            if m.is_new(a.id) {
                seen_new = true;
            } else if seen_new && !divided {
                divided = true;
                let _ = writeln!(
                    b,
                    "<p class=\"divider\" id=\"neu-seit\" role=\"separator\">{}</p>",
                    l.t(
                        "↑ Neu seit Ihrem letzten Besuch",
                        "↑ New since your last visit"
                    )
                );
            }
        }
        let day = day_heading(a.published_at, tz, l);
        if day != current_day {
            if !current_day.is_empty() {
                b.push_str("</section>\n");
            }
            let _ = writeln!(
                b,
                "<section class=\"day\" aria-label=\"{0}\"><h2 class=\"day\">{0}</h2>",
                esc(&day)
            );
            current_day = day;
        }
        entry(b, a, &esc(&a.title), "TLDR", &tldr_html(a.tldr.as_ref()), marks, tz, l);
    }
    if !current_day.is_empty() {
        b.push_str("</section>\n");
    }
}

/// The start page: the newest articles, grouped by day; for a logged-in reader (`marks`) with
/// their state, the forms and their toolbar.
pub fn index(
    articles: &[StoredArticle],
    page_size: usize,
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) -> String {
    let mut b = format!(
        "<h1 class=\"visually-hidden\">{}</h1>\n",
        l.t("Neueste Artikel", "Latest articles")
    );
    ressort_nav(&mut b, None, l);
    if articles.is_empty() {
        b.push_str(l.t(
            "<p class=\"empty\">Noch keine Artikel. Quellen werden regelmäßig abgerufen; \
            neue Quellen fügen Sie mit <code>kurzgefasst sources add FEED_URL</code> hinzu.</p>",
            "<p class=\"empty\">No articles yet. Sources are polled regularly; \
            add one with <code>kurzgefasst sources add FEED_URL</code>.</p>",
        ));
    }
    if !reader_list(&mut b, articles, marks, tz, l) && articles.len() == page_size {
        if let Some(last) = articles.last() {
            let _ = write!(
                b,
                "<nav class=\"pager\" aria-label=\"{}\"><a href=\"/?vor={}_{}\" rel=\"next\">{}</a></nav>",
                l.t("Seiten", "Pages"),
                last.published_at,
                last.id,
                l.t("Ältere Artikel", "Older articles")
            );
        }
    }
    let frame = Frame {
        lang: l,
        title: l.t(
            "Kurzgefasst – Neueste Artikel",
            "Kurzgefasst – Latest articles",
        ),
        feed: None,
        q: "",
    };
    layout(&frame, &b)
}

/// A list's articles by day: for a logged-in reader (`marks`) with their toolbar above and their
/// pager below; true when it wrote the reader's pager, false when the caller still owes the
/// anonymous one.
pub(super) fn reader_list(
    b: &mut String,
    articles: &[StoredArticle],
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) -> bool {
    if let Some(m) = marks {
        b.push_str(&m.toolbar);
    }
    days(b, articles, marks, tz, l);
    if let Some(m) = marks {
        b.push_str(&reader_pager(m, l));
        true
    } else {
        false
    }
}

/// The pager of a reader's list: the link to the next (older) page, if any.
fn reader_pager(m: &Marks, l: Lang) -> String {
    match &m.next {
        Some(next) => format!(
            "<nav class=\"pager\" aria-label=\"{}\"><a href=\"{}\" rel=\"next\">{}</a></nav>",
            l.t("Seiten", "Pages"),
            esc(next),
            l.t("Ältere Artikel", "Older articles")
        ),
        None => String::new(),
    }
}

/// The navigation between the Ressort pages, the current one (if any) marked.
fn ressort_nav(b: &mut String, current: Option<Ressort>, l: Lang) {
    let _ = write!(
        b,
        "<nav class=\"ressorts\" aria-label=\"{}\"><a href=\"/\"{}>{}</a>",
        l.t("Ressorts", "Sections"),
        if current.is_none() {
            " aria-current=\"page\""
        } else {
            ""
        },
        l.t("Alle", "All")
    );
    for r in Ressort::ALL {
        let _ = write!(
            b,
            " <a href=\"/ressort/{}\"{}>{}</a>",
            r.slug(),
            if current == Some(r) {
                " aria-current=\"page\""
            } else {
                ""
            },
            r.label(l == Lang::En)
        );
    }
    b.push_str("</nav>\n");
}

/// `/ressort/{slug}`: the start page's list, only the articles filed under `r`.
pub fn ressort(
    r: Ressort,
    articles: &[StoredArticle],
    page_size: usize,
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) -> String {
    let name = r.label(l == Lang::En);
    let mut b = format!("<h1>{}: {name}</h1>\n", l.t("Ressort", "Section"));
    ressort_nav(&mut b, Some(r), l);
    let _ = writeln!(
        b,
        "<p class=\"export\"><a href=\"/ressort/{slug}/tag\">{}</a> · <a href=\"/suche?ressort={slug}\">{}</a> · <a href=\"/ressort/{slug}/feed.atom\">Atom</a></p>",
        l.t("Der Tag in Kürze", "The day in brief"),
        l.t("In diesem Ressort suchen", "Search this section"),
        slug = r.slug(),
    );
    if articles.is_empty() {
        let _ = write!(
            b,
            "<p class=\"empty\">{}</p>",
            l.t(
                "In diesem Ressort gibt es noch keine Artikel.",
                "There are no articles in this section yet."
            )
        );
    }
    if !reader_list(&mut b, articles, marks, tz, l) && articles.len() == page_size {
        if let Some(last) = articles.last() {
            let _ = write!(
                b,
                "<nav class=\"pager\" aria-label=\"{}\"><a href=\"/ressort/{}?vor={}_{}\" rel=\"next\">{}</a></nav>",
                l.t("Seiten", "Pages"),
                r.slug(),
                last.published_at,
                last.id,
                l.t("Ältere Artikel", "Older articles")
            );
        }
    }
    let title = format!("Kurzgefasst – {name}");
    let frame = Frame {
        lang: l,
        title: &title,
        feed: Some((format!("/ressort/{}/feed.atom", r.slug()), title.clone())),
        q: "",
    };
    layout(&frame, &b)
}

/// Inhalt as HTML: teaser, paragraphs and quotes are split into the summariser's sentences, each
/// in a `<span class="s" data-s="N">` whose N is its index in
/// `kg_summarize::Document::new(title, paragraphs, lang).sentences` (paragraphs = the teaser,
/// then the paragraph and quote blocks, as `ingest::summarize` builds them), so the TLDR's
/// `data-support` can point at them.
fn inhalt(a: &StoredArticle) -> String {
    let mut b = String::new();
    let mut n = 0usize;
    if let Some(t) = a.teaser.as_deref().filter(|t| !t.is_empty()) {
        let _ = writeln!(b, "<p class=\"teaser\">{}</p>", sentence_spans(t, &mut n));
    }
    let mut in_list = false;
    for block in &a.blocks {
        let is_item = block.kind == "list_item";
        if is_item && !in_list {
            b.push_str("<ul>\n");
        } else if !is_item && in_list {
            b.push_str("</ul>\n");
        }
        in_list = is_item;
        let _ = match block.kind.as_str() {
            "heading" => writeln!(b, "<h2>{}</h2>", esc(&block.text)),
            "list_item" => writeln!(b, "<li>{}</li>", esc(&block.text)),
            "quote" => writeln!(
                b,
                "<blockquote><p>{}</p></blockquote>",
                sentence_spans(&block.text, &mut n)
            ),
            "table" | "preformatted" => writeln!(b, "<pre>{}</pre>", esc(&block.text)),
            _ => writeln!(b, "<p>{}</p>", sentence_spans(&block.text, &mut n)),
        };
    }
    if in_list {
        b.push_str("</ul>\n");
    }
    b
}

/// One paragraph with each sentence (as `kg_summarize::segment::sentences` finds them, the
/// same segmentation `Document::new` uses) in a numbered span; `n` counts across paragraphs.
fn sentence_spans(text: &str, n: &mut usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for s in kg_summarize::segment::sentences(text) {
        // `sentences` returns slices of `text`: their offsets are exact.
        let start = s.as_ptr() as usize - text.as_ptr() as usize;
        out.push_str(&esc(&text[pos..start]));
        let _ = write!(out, "<span class=\"s\" data-s=\"{n}\">{}</span>", esc(s));
        *n += 1;
        pos = start + s.len();
    }
    out.push_str(&esc(&text[pos..]));
    out
}

/// What the article page shows besides the article.
pub struct Related {
    /// The sources (id, name) whose feeds carried it.
    pub sources: Vec<(i64, String)>,
    /// Articles of the same story on other sites ("Auch berichtet von").
    pub siblings: Vec<ClusterSibling>,
    /// The news agencies the text names as its source.
    pub agency: Option<String>,
    /// The LLM TLDR's state, when an LLM is configured: shown when the model's TLDR was rejected
    /// or the model gave none.
    pub llm: Option<crate::store::LlmStatus>,
    /// A logged-in reader's state of the article and the forms to change it.
    pub marks: Option<Marks>,
}

/// The article page in the seed record's form: Titel, Datum, Quelle, TLDR, Inhalt; then the
/// link to the original, the feeds that carried it and the other sites reporting the story.
pub fn article(a: &StoredArticle, related: &Related, tz: Tz, l: Lang) -> String {
    let [datum_l, quelle_l, tldr_l, inhalt_l] = labels(l);
    let mut b = String::new();
    let lang_attr = a
        .language
        .as_deref()
        .filter(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_lowercase()));
    let _ = write!(
        b,
        "<article class=\"full\"{}>\n<h1>{}</h1>{}{}\n",
        lang_attr
            .map(|c| format!(" lang=\"{c}\""))
            .unwrap_or_default(),
        esc(&a.title),
        kind_label(a, l),
        ressort_label(a, l)
    );
    if let Some(m) = &related.marks {
        let (read, saved) = m.state(a.id);
        b.push_str(&m.actions(a.id, read, saved, l));
    }
    b.push_str("<dl class=\"record\">\n");
    let _ = writeln!(
        b,
        "<dt>{datum_l}</dt><dd><time datetime=\"{}\">{}</time></dd>",
        esc(&rfc3339(a.published_at)),
        esc(&datum_of(a, tz, l))
    );
    let _ = writeln!(b, "<dt>{quelle_l}</dt><dd>{}</dd>", esc(&quelle(&a.url)));
    let _ = write!(b, "<dt>{tldr_l}</dt><dd class=\"tldr\">");
    match &a.tldr {
        Some(t) => {
            let hint = l.t(
                "Beleg im Text hervorheben",
                "Highlight its source in the text",
            );
            // A listing's or gallery's items are shown as the list they are.
            let list = t.method == kg_summarize::Method::List.as_str();
            if list {
                b.push_str("<ul class=\"tldr-list\">");
            }
            for (i, s) in t.sentences.iter().enumerate() {
                let support: Vec<String> = s.support.iter().map(|n| n.to_string()).collect();
                let _ = write!(
                    b,
                    "{}<span class=\"tldr-sentence\" data-support=\"{}\" id=\"tldr-{i}\" tabindex=\"0\" title=\"{hint}\">{}</span>{}",
                    if list { "<li>" } else { "" },
                    support.join(" "),
                    esc(&s.text),
                    if list { "</li>" } else { " " },
                );
            }
            if list {
                b.push_str("</ul>");
            }
            let method = match (t.method.as_str(), l) {
                ("llm", Lang::De) => format!(
                    "von einem Sprachmodell geschrieben ({}) und am Artikel geprüft",
                    esc(t.model.as_deref().unwrap_or("?"))
                ),
                ("llm", Lang::En) => format!(
                    "written by a language model ({}) and checked against the article",
                    esc(t.model.as_deref().unwrap_or("?"))
                ),
                ("latest_entries", Lang::De) => {
                    "die neuesten Einträge der Seite, neueste zuerst, mit ihrer Uhrzeit".to_string()
                }
                ("latest_entries", Lang::En) => {
                    "the page's latest entries, newest first, with their times".to_string()
                }
                ("list", Lang::De) => {
                    "die Einträge der Seite, wörtlich (keine Zusammenfassung)".to_string()
                }
                ("list", Lang::En) => "the page's own items, verbatim (not a summary)".to_string(),
                (_, Lang::De) => "Sätze aus dem Artikel ausgewählt (extraktiv)".to_string(),
                (_, Lang::En) => "sentences chosen from the article (extractive)".to_string(),
            };
            let _ = write!(b, "<small class=\"method\">{method}</small>");
            if let Some(note) = related
                .llm
                .as_ref()
                .and_then(|s| llm_note(s, t.method == "llm", l))
            {
                let _ = write!(b, "<div class=\"llm-note\">{note}</div>");
            }
        }
        None => b.push_str(l.t(
            "<em>Keine Zusammenfassung verfügbar.</em>",
            "<em>No summary available.</em>",
        )),
    }
    b.push_str("</dd>\n");
    if a.paywalled {
        let _ = writeln!(
            b,
            "<dt>{}</dt><dd class=\"paywall\">{}</dd>",
            l.t("Hinweis", "Note"),
            l.t(
                "Bezahlartikel: Inhalt und TLDR beruhen nur auf dem frei sichtbaren Teil.",
                "Paywalled: content and TLDR are based on the freely visible part only."
            )
        );
    }
    let _ = write!(
        b,
        "<dt>{inhalt_l}</dt><dd class=\"inhalt\">\n{}</dd>\n</dl>\n",
        inhalt(a)
    );
    if let Some(err) = &a.extract_error {
        let _ = writeln!(
            b,
            "<div class=\"notice\"><p>{} {} {}</p><details class=\"error-details\"><summary>{}</summary><code>{}</code></details></div>",
            l.t(
                "Der Artikeltext konnte nicht von der Seite gelesen werden:",
                "The article's text could not be read from its page:"
            ),
            esc(&Problem::from_record(None, err).sentence(l == Lang::De)),
            l.t(
                "Gezeigt wird der Text des Feeds.",
                "This is the feed's text."
            ),
            l.t("Einzelheiten", "Details"),
            esc(err),
        );
    }
    let _ = writeln!(
        b,
        "<p class=\"original\"><a id=\"original\" href=\"{}\" rel=\"noopener noreferrer nofollow\">{} {}</a></p>",
        href(&a.url),
        l.t("Zum Original bei", "Original at"),
        esc(&a.site)
    );
    if let Some(agency) = related.agency.as_deref().filter(|s| !s.is_empty()) {
        let _ = writeln!(
            b,
            "<p class=\"agency\">{}: {}</p>",
            l.t("Agenturmeldung", "News agency copy"),
            esc(agency)
        );
    }
    let sources = &related.sources;
    if !sources.is_empty() {
        let names: Vec<String> = sources
            .iter()
            .map(|(id, n)| format!("<a href=\"/quellen/{id}\">{}</a>", esc(n)))
            .collect();
        let _ = writeln!(
            b,
            "<p class=\"via\">{}: {}</p>",
            l.t("Über", "Via"),
            names.join(", ")
        );
    }
    if !related.siblings.is_empty() {
        let _ = writeln!(
            b,
            "<section class=\"also\" aria-labelledby=\"auch\"><h2 id=\"auch\">{}</h2>\n<ul>",
            l.t("Auch berichtet von", "Also reported by")
        );
        for s in &related.siblings {
            let _ = writeln!(
                b,
                "<li><a href=\"/artikel/{}\">{}</a>: {}{}</li>",
                s.id,
                esc(&s.site),
                esc(&s.title),
                s.agency
                    .as_deref()
                    .map(|ag| format!(" <small>({})</small>", esc(ag)))
                    .unwrap_or_default()
            );
        }
        b.push_str("</ul></section>\n");
    }
    b.push_str("</article>");
    layout(
        &Frame {
            lang: l,
            title: &a.title,
            feed: None,
            q: "",
        },
        &b,
    )
}

/// What the sources page shows besides the list: the admin's forms and a message.
#[derive(Debug, Default)]
pub struct SourcesView<'a> {
    /// The session's CSRF token when the admin is logged in (shows the forms).
    pub csrf: Option<&'a str>,
    /// A message after an action.
    pub notice: Option<String>,
    /// An error after an action.
    pub error: Option<String>,
    /// The URL the add form showed (kept after an error).
    pub url: &'a str,
}

/// The sources page: every source with its health and feed; for the admin the forms to add,
/// import and remove.
pub fn sources(list: &[Source], tz: Tz, l: Lang, view: &SourcesView<'_>) -> String {
    let mut b = format!("<h1>{}</h1>\n", l.t("Quellen", "Sources"));
    if let Some(n) = &view.notice {
        let _ = writeln!(b, "<p class=\"notice\" role=\"status\">{}</p>", esc(n));
    }
    if let Some(e) = &view.error {
        let _ = writeln!(b, "<p class=\"error\" role=\"alert\">{}</p>", esc(e));
    }
    if let Some(csrf) = view.csrf {
        let _ = writeln!(
            b,
            "<form class=\"admin\" id=\"quelle-neu\" action=\"/quellen/neu\" method=\"post\">{}\
<p><label for=\"quelle-url\">{}</label><br><input id=\"quelle-url\" name=\"url\" type=\"url\" required placeholder=\"https://…\" value=\"{}\"> \
<label for=\"quelle-kategorie\">{}</label> <input id=\"quelle-kategorie\" name=\"kategorie\" maxlength=\"100\"> \
<button type=\"submit\" id=\"quelle-hinzufuegen\">{}</button></p></form>\n\
<form class=\"admin\" action=\"/quellen/import\" method=\"post\" enctype=\"multipart/form-data\">{}\
<p><label for=\"opml\">{}</label><br><input id=\"opml\" name=\"opml\" type=\"file\" accept=\".opml,.xml,text/x-opml,text/xml\" required> \
<button type=\"submit\" id=\"opml-importieren\">{}</button></p></form>",
            csrf_field(csrf),
            l.t("Feed- oder Website-Adresse", "Feed or site address"),
            esc(view.url),
            l.t("Kategorie (optional)", "Category (optional)"),
            l.t("Hinzufügen", "Add"),
            csrf_field(csrf),
            l.t("OPML-Datei importieren", "Import an OPML file"),
            l.t("Importieren", "Import"),
        );
    }
    let _ = writeln!(
        b,
        "<p class=\"export\"><a href=\"/quellen.opml\" type=\"text/x-opml\">{}</a></p>",
        l.t(
            "Alle Quellen als OPML exportieren",
            "Export all sources as OPML"
        )
    );
    if list.is_empty() {
        let _ = write!(
            b,
            "<p class=\"empty\">{}</p>",
            l.t("Keine Quellen abonniert.", "No sources subscribed.")
        );
    } else {
        let _ = writeln!(
            b,
            "<table class=\"sources\"><caption class=\"visually-hidden\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>{}</tr></thead><tbody>",
            l.t("Abonnierte Quellen und ihr Zustand", "Subscribed sources and their health"),
            l.t("Quelle", "Source"),
            l.t("Artikel", "Articles"),
            l.t("Zustand", "Health"),
            if view.csrf.is_some() {
                format!("<th scope=\"col\"><span class=\"visually-hidden\">{}</span></th>", l.t("Aktionen", "Actions"))
            } else {
                String::new()
            },
        );
        for s in list {
            let name = s.title.as_deref().unwrap_or(&s.url);
            let health = health(s, tz, l);
            let _ = writeln!(
                b,
                "<tr><td><a href=\"/quellen/{id}\">{}</a><br><small><a href=\"{}\">{}</a> · <a href=\"/quellen/{id}/feed.atom\">Atom</a></small></td><td>{}</td><td>{}</td>{}</tr>",
                esc(name),
                href(&s.url),
                esc(&s.url),
                s.article_count,
                health,
                match view.csrf {
                    Some(csrf) => format!(
                        "<td><form action=\"/quellen/{id}/entfernen\" method=\"post\">{}<button type=\"submit\" class=\"remove\" aria-label=\"{}: {}\">{}</button></form></td>",
                        csrf_field(csrf),
                        l.t("Entfernen", "Remove"),
                        esc(name),
                        l.t("Entfernen", "Remove"),
                        id = s.id,
                    ),
                    None => String::new(),
                },
                id = s.id,
            );
        }
        b.push_str("</tbody></table>");
    }
    layout(
        &Frame {
            lang: l,
            title: l.t("Kurzgefasst – Quellen", "Kurzgefasst – Sources"),
            feed: None,
            q: "",
        },
        &b,
    )
}

/// An error's technical text, escaped and folded away in a `<details>` element.
fn error_details(technical: &str, l: Lang) -> String {
    format!(
        "<details class=\"error-details\"><summary>{}</summary><code>{}</code></details>",
        l.t("Einzelheiten", "Details"),
        esc(technical)
    )
}

/// A source's health as HTML: ok with the last success, or the last error with its details.
fn health(s: &Source, tz: Tz, l: Lang) -> String {
    match (&s.last_error, s.consecutive_failures) {
        (Some(msg), n) if n > 0 => format!(
            "<span class=\"error\">{}</span> <details class=\"error-details\"><summary>{}</summary><code>{}: {}</code></details><small>{}× {}, {} {}, {} {}</small>",
            esc(&Problem::from_record(s.last_error_kind.as_deref(), msg).sentence(l == Lang::De)),
            l.t("Einzelheiten", "Details"),
            esc(s.last_error_kind.as_deref().unwrap_or("?")),
            esc(msg),
            n,
            l.t("in Folge", "in a row"),
            l.t("zuletzt", "last"),
            esc(&s.last_error_at.map(|t| datum(t, tz)).unwrap_or_default()),
            l.t("nächster Versuch", "next try"),
            esc(&datum(s.next_poll_at, tz)),
        ),
        _ => match s.last_success_at {
            Some(t) => format!("{} {}", l.t("ok, zuletzt", "ok, last"), esc(&datum(t, tz))),
            None => l.t("noch nicht abgerufen", "not polled yet").to_string(),
        },
    }
}

/// One source's page: its feed, health and newest articles (grouped by day), its Atom feed
/// advertised; `more` links the next page.
pub fn source(
    s: &Source,
    articles: &[StoredArticle],
    page: usize,
    more: bool,
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) -> String {
    let name = s.title.as_deref().unwrap_or(&s.url);
    let mut b = format!("<h1>{}</h1>\n", esc(name));
    let _ = writeln!(
        b,
        "<dl class=\"record\"><dt>Feed</dt><dd><a href=\"{}\">{}</a></dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>Atom</dt><dd><a href=\"/quellen/{}/feed.atom\">{}</a></dd></dl>",
        href(&s.url),
        esc(&s.url),
        l.t("Zustand", "Health"),
        health(s, tz, l),
        l.t("Artikel", "Articles"),
        s.article_count,
        s.id,
        l.t("TLDRs dieser Quelle als Atom-Feed", "this source's TLDRs as an Atom feed"),
    );
    if articles.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"empty\">{}</p>",
            l.t(
                "Noch keine Artikel von dieser Quelle.",
                "No articles from this source yet."
            )
        );
    }
    if !reader_list(&mut b, articles, marks, tz, l) && (page > 1 || more) {
        let _ = write!(
            b,
            "<nav class=\"pager\" aria-label=\"{}\">",
            l.t("Seiten", "Pages")
        );
        if page > 1 {
            let _ = write!(
                b,
                "<a href=\"/quellen/{}?seite={}\" rel=\"prev\">{}</a> ",
                s.id,
                page - 1,
                l.t("Neuere Artikel", "Newer articles")
            );
        }
        if more {
            let _ = write!(
                b,
                "<a href=\"/quellen/{}?seite={}\" rel=\"next\">{}</a>",
                s.id,
                page + 1,
                l.t("Ältere Artikel", "Older articles")
            );
        }
        b.push_str("</nav>");
    }
    let title = format!("Kurzgefasst – {name}");
    let feed = Some((format!("/quellen/{}/feed.atom", s.id), title.clone()));
    layout(
        &Frame {
            lang: l,
            title: &title,
            feed,
            q: "",
        },
        &b,
    )
}

pub use crate::briefing::Story;

/// "Der Tag in Kürze": the day's biggest stories, each with its TLDR and the sites reporting it;
/// links to the day before and after.
pub fn day(
    date: chrono::NaiveDate,
    stories: &[Story],
    marks: Option<&Marks>,
    base: &str,
    tz: Tz,
    l: Lang,
) -> String {
    use chrono::TimeZone;
    let noon = tz
        .from_local_datetime(&date.and_hms_opt(12, 0, 0).unwrap_or_default())
        .earliest();
    let heading = noon
        .map(|t| day_heading(t.timestamp(), tz, l))
        .unwrap_or_default();
    let mut b = format!(
        "<h1>{} <small>{}</small></h1>\n",
        l.t("Der Tag in Kürze", "The day in brief"),
        esc(&heading)
    );
    if stories.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"empty\">{}</p>",
            l.t(
                "An diesem Tag gibt es keine Artikel.",
                "There are no articles on this day."
            )
        );
    }
    if let Some(m) = marks {
        b.push_str(&m.toolbar);
    }
    let [datum_l, quelle_l, ..] = labels(l);
    for st in stories {
        let a = &st.lead;
        let mut sites = vec![format!(
            "<a href=\"/artikel/{}\">{}</a>",
            a.id,
            esc(&a.site)
        )];
        sites.extend(
            st.others
                .iter()
                .map(|o| format!("<a href=\"/artikel/{}\">{}</a>", o.id, esc(&o.site))),
        );
        let _ = write!(
            b,
            "<article class=\"entry story{state}\" data-id=\"{id}\" data-original=\"{orig}\">\n<h2 class=\"story\"><a href=\"/artikel/{id}\">{titel}</a>{kind}</h2>\n<dl class=\"record\">\
<dt>{datum_l}</dt><dd>{datum}</dd><dt>{quelle_l}</dt><dd>{sites}</dd><dt>TLDR</dt><dd class=\"tldr\">{tldr}</dd></dl>\n{actions}</article>\n",
            state = match marks.map(|m| m.state(a.id)) {
                Some((read, saved)) => format!(
                    " {}{}",
                    if read { "read" } else { "unread" },
                    if saved { " saved" } else { "" }
                ),
                None => String::new(),
            },
            actions = marks
                .map(|m| {
                    let (read, saved) = m.state(a.id);
                    m.actions(a.id, read, saved, l)
                })
                .unwrap_or_default(),
            orig = href(&a.url),
            id = a.id,
            titel = esc(&a.title),
            datum = esc(&datum_of(a, tz, l)),
            sites = sites.join(", "),
            kind = kind_label(a, l),
            tldr = tldr_html(a.tldr.as_ref()),
        );
    }
    let prev = date
        .pred_opt()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let next = date
        .succ_opt()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let base = esc(base);
    let _ = write!(
        b,
        "<nav class=\"pager\" aria-label=\"{}\"><a href=\"{base}?datum={prev}\" rel=\"prev\">{}</a> <a href=\"{base}?datum={next}\" rel=\"next\">{}</a></nav>",
        l.t("Tage", "Days"),
        l.t("Vortag", "Day before"),
        l.t("Folgetag", "Day after"),
    );
    layout(
        &Frame {
            lang: l,
            title: &format!(
                "{} – {}",
                l.t("Der Tag in Kürze", "The day in brief"),
                heading
            ),
            feed: None,
            q: "",
        },
        &b,
    )
}

/// What the search form shows: the query and filters as the user gave them.
#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    /// The query text.
    pub q: String,
    /// The chosen source.
    pub source: Option<i64>,
    /// First day (`YYYY-MM-DD`), as typed.
    pub von: String,
    /// Last day (`YYYY-MM-DD`), as typed.
    pub bis: String,
    /// The order.
    pub sort: SearchSort,
    /// The page, from 1.
    pub page: usize,
    /// One of the reader's categories (slug), or empty.
    pub kategorie: String,
    /// Only articles filed under this Ressort.
    pub ressort: Option<crate::ressort::Ressort>,
}

impl SearchForm {
    /// The query string for these parameters (without `seite`), percent-encoded, unescaped.
    pub fn query_string(&self) -> String {
        let mut parts = vec![format!("q={}", enc(&self.q))];
        if let Some(s) = self.source {
            parts.push(format!("quelle={s}"));
        }
        if !self.von.is_empty() {
            parts.push(format!("von={}", enc(&self.von)));
        }
        if !self.bis.is_empty() {
            parts.push(format!("bis={}", enc(&self.bis)));
        }
        if self.sort == SearchSort::Date {
            parts.push("sortierung=datum".into());
        }
        if !self.kategorie.is_empty() {
            parts.push(format!("kategorie={}", enc(&self.kategorie)));
        }
        if let Some(r) = self.ressort {
            parts.push(format!("ressort={}", r.slug()));
        }
        parts.join("&")
    }
}

/// The search page: the form, and the results when there was a query or filter.
pub fn search(
    form: &SearchForm,
    sources: &[(i64, String)],
    results: Option<&SearchResults>,
    tz: Tz,
    l: Lang,
) -> String {
    let mut b = format!("<h1>{}</h1>\n", l.t("Suche", "Search"));
    let _ = write!(
        b,
        "<form class=\"search-full\" role=\"search\" action=\"/suche\" method=\"get\">\n\
<p><label for=\"q\">{qlabel}</label> <input id=\"q\" name=\"q\" type=\"search\" value=\"{q}\" aria-describedby=\"q-hilfe\"></p>\n\
<p id=\"q-hilfe\" class=\"help\">{help}</p>\n\
<p class=\"filters\"><label for=\"quelle\">{slabel}</label> <select id=\"quelle\" name=\"quelle\"><option value=\"\">{all}</option>",
        qlabel = l.t("Suchbegriffe", "Search terms"),
        q = esc(&form.q),
        help = l.t(
            "Wörter in jeder Form (Haus findet Häuser), \"Phrase in Anführungszeichen\", -Wort schließt aus.",
            "Words in any inflection (Haus finds Häuser), \"a phrase in quotes\", -word excludes."
        ),
        slabel = l.t("Quelle", "Source"),
        all = l.t("alle", "all"),
    );
    for (id, name) in sources {
        let _ = write!(
            b,
            "<option value=\"{id}\"{}>{}</option>",
            if form.source == Some(*id) {
                " selected"
            } else {
                ""
            },
            esc(name)
        );
    }
    let categories = super::auth::current()
        .map(|v| v.categories)
        .unwrap_or_default();
    if !categories.is_empty() {
        let _ = write!(
            b,
            "</select>\n<label for=\"kategorie\">{}</label> <select id=\"kategorie\" name=\"kategorie\"><option value=\"\">{}</option>",
            l.t("Kategorie", "Category"),
            l.t("alle", "all"),
        );
        for (name, slug) in &categories {
            let _ = write!(
                b,
                "<option value=\"{}\"{}>{}</option>",
                esc(slug),
                if form.kategorie == *slug {
                    " selected"
                } else {
                    ""
                },
                esc(name)
            );
        }
    }
    let _ = write!(
        b,
        "</select>\n<label for=\"ressort\">{}</label> <select id=\"ressort\" name=\"ressort\"><option value=\"\">{}</option>",
        l.t("Ressort", "Section"),
        l.t("alle", "all"),
    );
    for r in crate::ressort::Ressort::ALL {
        let _ = write!(
            b,
            "<option value=\"{}\"{}>{}</option>",
            r.slug(),
            if form.ressort == Some(r) {
                " selected"
            } else {
                ""
            },
            r.label(l == Lang::En)
        );
    }
    let _ = write!(
        b,
        "</select>\n<label for=\"von\">{von_l}</label> <input id=\"von\" name=\"von\" type=\"date\" value=\"{von}\">\n\
<label for=\"bis\">{bis_l}</label> <input id=\"bis\" name=\"bis\" type=\"date\" value=\"{bis}\">\n\
<label for=\"sortierung\">{sort_l}</label> <select id=\"sortierung\" name=\"sortierung\"><option value=\"relevanz\">{rel}</option>\
<option value=\"datum\"{date_sel}>{date}</option></select></p>\n<p><button type=\"submit\">{go}</button></p>\n</form>\n",
        von_l = l.t("von", "from"),
        von = esc(&form.von),
        bis_l = l.t("bis", "to"),
        bis = esc(&form.bis),
        sort_l = l.t("Sortierung", "Order"),
        rel = l.t("Relevanz", "relevance"),
        date_sel = if form.sort == SearchSort::Date { " selected" } else { "" },
        date = l.t("Datum", "date"),
        go = l.t("Suchen", "Search"),
    );
    let qs = form.query_string();
    if let Some(r) = results {
        if r.hits.is_empty() {
            let _ = write!(
                b,
                "<p class=\"empty\" role=\"status\">{}</p>",
                l.t("Keine Treffer.", "No results.")
            );
        } else {
            let _ = writeln!(
                b,
                "<section class=\"results\" aria-labelledby=\"treffer\"><h2 id=\"treffer\" class=\"day\">{}</h2>",
                l.t("Treffer", "Results")
            );
            for h in &r.hits {
                // The passage that matched; the TLDR when only the title (or a filter) did.
                let (label, text) = if h.snippet.pieces.iter().any(|p| p.hit) {
                    (l.t("Auszug", "Excerpt"), marked(&h.snippet))
                } else {
                    (
                        "TLDR",
                        esc(h
                            .article
                            .tldr
                            .as_ref()
                            .map(|t| t.text.as_str())
                            .unwrap_or("")),
                    )
                };
                entry(
                    &mut b,
                    &h.article,
                    &marked(&h.title),
                    label,
                    &text,
                    None,
                    tz,
                    l,
                );
            }
            b.push_str("</section>\n");
        }
        let page = form.page.max(1);
        if page > 1 || r.more {
            let _ = write!(
                b,
                "<nav class=\"pager\" aria-label=\"{}\">",
                l.t("Seiten", "Pages")
            );
            if page > 1 {
                let _ = write!(
                    b,
                    "<a href=\"/suche?{}&amp;seite={}\" rel=\"prev\">{}</a> ",
                    esc(&qs),
                    page - 1,
                    l.t("Vorherige", "Previous")
                );
            }
            if r.more {
                let _ = write!(
                    b,
                    "<a href=\"/suche?{}&amp;seite={}\" rel=\"next\">{}</a>",
                    esc(&qs),
                    page + 1,
                    l.t("Weitere Treffer", "More results")
                );
            }
            b.push_str("</nav>");
        }
    }
    let title = if form.q.is_empty() {
        l.t("Kurzgefasst – Suche", "Kurzgefasst – Search")
            .to_string()
    } else {
        format!(
            "{} „{}“ – Kurzgefasst",
            l.t("Suche nach", "Search for"),
            form.q
        )
    };
    let feed_title = format!(
        "Kurzgefasst – {} „{}“",
        l.t("Suche nach", "search for"),
        form.q
    );
    let feed = results.map(|_| (format!("/suche/feed.atom?{qs}"), feed_title));
    layout(
        &Frame {
            lang: l,
            title: &title,
            feed,
            q: &form.q,
        },
        &b,
    )
}

/// The admin part of the settings page.
#[derive(Debug)]
pub struct AdminSettings<'a> {
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// Reading needs a login or token.
    pub private: bool,
    /// The user's API tokens.
    pub tokens: &'a [crate::store::ApiToken],
    /// A token just made, shown this once.
    pub new_token: Option<&'a str>,
}

/// The settings page: the interface language; for the admin also private reading and API tokens.
pub fn settings(l: Lang, saved: bool, admin: Option<&AdminSettings<'_>>, tz: Tz) -> String {
    let mut b = format!("<h1>{}</h1>\n", l.t("Einstellungen", "Settings"));
    if saved {
        let _ = writeln!(
            b,
            "<p class=\"notice\" role=\"status\">{}</p>",
            l.t("Gespeichert.", "Saved.")
        );
    }
    let check = |x: Lang| if x == l { " checked" } else { "" };
    let _ = write!(
        b,
        "<form action=\"/einstellungen\" method=\"get\">\n<fieldset><legend>{}</legend>\n\
<p><input type=\"radio\" id=\"lang-de\" name=\"lang\" value=\"de\"{}> <label for=\"lang-de\" lang=\"de\">Deutsch</label></p>\n\
<p><input type=\"radio\" id=\"lang-en\" name=\"lang\" value=\"en\"{}> <label for=\"lang-en\" lang=\"en\">English</label></p>\n\
</fieldset>\n<p><button type=\"submit\" id=\"speichern\">{}</button></p>\n</form>\n\
<h2>{}</h2>\n<dl class=\"keys\"><dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>{}</dd><dt><kbd>/</kbd></dt><dd>{}</dd>\
<dt><kbd>o</kbd></dt><dd>{}</dd><dt><kbd>Enter</kbd></dt><dd>{}</dd></dl>\n",
        l.t("Sprache der Oberfläche", "Interface language"),
        check(Lang::De),
        check(Lang::En),
        l.t("Speichern", "Save"),
        l.t("Tastenkürzel", "Keyboard shortcuts"),
        l.t("nächster / vorheriger Artikel", "next / previous article"),
        l.t("Suche", "search"),
        l.t("Original öffnen", "open the original"),
        l.t("Artikel öffnen", "open the article"),
    );
    if let Some(a) = admin {
        let _ = writeln!(
            b,
            "<form class=\"admin\" action=\"/einstellungen/sprache\" method=\"post\">{}\
<p><label for=\"sprache\">{}</label> <select id=\"sprache\" name=\"sprache\"><option value=\"de\"{}>Deutsch</option>\
<option value=\"en\"{}>English</option></select> <button type=\"submit\" id=\"sprache-speichern\">{}</button></p></form>",
            csrf_field(a.csrf),
            l.t(
                "Meine Sprache (in jedem Browser, in dem ich mich anmelde)",
                "My language (in every browser I log in from)"
            ),
            if l == Lang::De { " selected" } else { "" },
            if l == Lang::En { " selected" } else { "" },
            l.t("Für mein Konto speichern", "Save for my account"),
        );
    }
    if admin.is_some() {
        let _ = writeln!(
            b,
            "<h2>{}</h2>\n<p><a href=\"/einstellungen/briefing\" id=\"briefing-einstellungen\">{}</a></p>",
            l.t("Überblick per E-Mail und Push", "Briefing by e-mail and push"),
            l.t(
                "Uhrzeit, Wochentage und Kanäle des täglichen Überblicks",
                "Time, weekdays and channels of the daily briefing"
            ),
        );
    }
    let instance_admin = super::auth::current().is_some_and(|v| v.is_admin);
    if let Some(a) = admin.filter(|_| instance_admin) {
        let _ = write!(
            b,
            "<h2>{}</h2>\n<form class=\"admin\" action=\"/einstellungen/lesen\" method=\"post\">{}\
<p><input type=\"checkbox\" id=\"privat\" name=\"privat\" value=\"1\"{}> <label for=\"privat\">{}</label></p>\
<p><button type=\"submit\" id=\"lesen-speichern\">{}</button></p></form>\n",
            l.t("Lesen", "Reading"),
            csrf_field(a.csrf),
            if a.private { " checked" } else { "" },
            l.t(
                "Privat: jede Seite und jeder Feed nur nach Anmeldung oder mit API-Token",
                "Private: every page and feed only after login or with an API token"
            ),
            l.t("Speichern", "Save"),
        );
    }
    if let Some(a) = admin {
        let _ = writeln!(b, "<h2>{}</h2>", l.t("API-Token", "API tokens"));
        if let Some(t) = a.new_token {
            let _ = writeln!(
                b,
                "<p class=\"notice\" role=\"status\">{} <code id=\"neues-token\">{}</code></p>",
                l.t(
                    "Neues Token (wird nur jetzt angezeigt):",
                    "New token (shown only now):"
                ),
                esc(t)
            );
        }
        if !a.tokens.is_empty() {
            b.push_str("<ul class=\"tokens\">");
            for t in a.tokens {
                let _ = write!(
                    b,
                    "<li>{} <small>({} {}{})</small> <form action=\"/einstellungen/token/{}/entfernen\" method=\"post\">{}<button type=\"submit\">{}</button></form></li>",
                    esc(&t.name),
                    l.t("erstellt", "created"),
                    esc(&datum(t.created_at, tz)),
                    match t.last_used_at {
                        Some(u) => format!(", {} {}", l.t("zuletzt benutzt", "last used"), esc(&datum(u, tz))),
                        None => String::new(),
                    },
                    t.id,
                    csrf_field(a.csrf),
                    l.t("Widerrufen", "Revoke"),
                );
            }
            b.push_str("</ul>\n");
        }
        let _ = write!(
            b,
            "<form class=\"admin\" action=\"/einstellungen/token\" method=\"post\">{}\
<p><label for=\"token-name\">{}</label><br><input id=\"token-name\" name=\"name\" required maxlength=\"100\"> \
<button type=\"submit\" id=\"token-erzeugen\">{}</button></p></form>\n<p><small>{}</small></p>\n",
            csrf_field(a.csrf),
            l.t("Name des Tokens (z. B. die App)", "Token name (e.g. the app)"),
            l.t("Token erzeugen", "Create token"),
            l.t(
                "Tokens gelten für die JSON-API (<code>Authorization: Bearer …</code>), Feeds (<code>?token=…</code>) und die Google-Reader-API (als Passwort in ReadYou, FeedMe, Reeder; Server-Adresse: diese Seite).",
                "Tokens work for the JSON API (<code>Authorization: Bearer …</code>), feeds (<code>?token=…</code>) and the Google Reader API (as the password in ReadYou, FeedMe, Reeder; server address: this site)."
            ),
        );
    }
    layout(
        &Frame {
            lang: l,
            title: l.t("Kurzgefasst – Einstellungen", "Kurzgefasst – Settings"),
            feed: None,
            q: "",
        },
        &b,
    )
}

/// An error page.
pub fn error_page(status: u16, message: &str, l: Lang) -> String {
    let title = format!("{} {status}", l.t("Fehler", "Error"));
    let body = format!(
        "<h1>{title}</h1>\n<p>{}</p>\n<p><a href=\"/\">{}</a></p>",
        esc(message),
        l.t("Zur Startseite", "To the start page")
    );
    layout(
        &Frame {
            lang: l,
            title: &title,
            feed: None,
            q: "",
        },
        &body,
    )
}

/// A Unix time as RFC 3339 in UTC.
pub fn rfc3339(unix: i64) -> String {
    use chrono::TimeZone;
    chrono::Utc
        .timestamp_opt(unix, 0)
        .single()
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

/// Why the TLDR shown is not the model's: its TLDR was rejected by the gate (with the reasons),
/// or the model gave no answer. `None` when there is nothing to say. Escaped HTML.
fn llm_note(status: &crate::store::LlmStatus, showing_llm: bool, l: Lang) -> Option<String> {
    if showing_llm {
        return None;
    }
    if let Some(last) = status.last.as_ref().filter(|a| !a.accepted) {
        let reasons = last
            .verdict
            .as_deref()
            .and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
            .and_then(|v| v.get("reasons").and_then(|r| r.as_array()).cloned())
            .unwrap_or_default();
        let mut said: Vec<String> = reasons.iter().map(|r| describe_reason(r, l)).collect();
        said.dedup();
        let more = said.len().saturating_sub(4);
        said.truncate(4);
        if more > 0 {
            said.push(match l {
                Lang::De => format!("{more} weitere"),
                Lang::En => format!("{more} more"),
            });
        }
        return Some(format!(
            "{} ({}) {}: {}",
            l.t(
                "Die Zusammenfassung des Sprachmodells",
                "The language model's summary"
            ),
            esc(last.model.as_deref().unwrap_or("?")),
            l.t(
                "wurde bei der Prüfung verworfen",
                "was rejected by the check"
            ),
            esc(&said.join("; "))
        ));
    }
    match (status.state.as_str(), status.last_error.as_deref()) {
        // The model server's own words (English, technical) are folded away.
        ("failed", Some(e)) => Some(format!(
            "{} {}",
            l.t(
                "Das Sprachmodell gab keine Zusammenfassung.",
                "The language model gave no summary."
            ),
            error_details(e, l)
        )),
        ("pending", Some(e)) => Some(format!(
            "{} {}",
            l.t(
                "Das Sprachmodell antwortete noch nicht; ein neuer Versuch folgt.",
                "The language model has not answered yet; it will be tried again."
            ),
            error_details(e, l)
        )),
        ("pending", None) => Some(
            l.t(
                "Eine Zusammenfassung des Sprachmodells ist in Arbeit.",
                "A summary by the language model is in progress.",
            )
            .to_string(),
        ),
        _ => None,
    }
}

/// One gate reason (the JSON of `kg_summarize::gate::Reason`) in words (see
/// `Reason::describe`); a reason this version does not know is shown by its code. Plain text.
fn describe_reason(r: &serde_json::Value, l: Lang) -> String {
    match serde_json::from_value::<kg_summarize::gate::Reason>(r.clone()) {
        Ok(reason) => reason.describe(l == Lang::De),
        Err(_) => r
            .get("reason")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_links() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        assert_eq!(href("javascript:alert(1)"), "#");
        assert_eq!(href("data:text/html,<b>"), "#");
        assert_eq!(
            href("https://example.org/a?b=1&c=\"2\""),
            "https://example.org/a?b=1&amp;c=%222%22"
        );
    }

    #[test]
    fn inhalt_sentences_are_numbered_as_the_summariser_numbers_them() {
        let teaser = "Erster Satz im Teaser. Zweiter Satz <b>hier</b>.";
        let paras = [
            "Dr. Muster sagte am 3. Mai etwas. Dann kam mehr.",
            "Ein Zitat steht hier.",
        ];
        let doc = kg_summarize::Document::new(
            "T",
            [teaser, paras[0], paras[1]]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            Some("de"),
        );
        let mut n = 0;
        let html = [teaser, paras[0], paras[1]]
            .iter()
            .map(|p| sentence_spans(p, &mut n))
            .collect::<String>();
        assert_eq!(n, doc.sentences.len());
        for (i, s) in doc.sentences.iter().enumerate() {
            assert!(
                html.contains(&format!(
                    "<span class=\"s\" data-s=\"{i}\">{}</span>",
                    esc(s)
                )),
                "{i}: {html}"
            );
        }
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn a_rejected_llm_tldr_is_explained_escaped() {
        let status = crate::store::LlmStatus {
            state: "done".into(),
            attempts: 1,
            last_error: None,
            last: Some(crate::store::LlmAttempt {
                model: Some("m<1>".into()),
                accepted: false,
                verdict: Some(
                    r#"{"accepted":false,"reasons":[{"reason":"unsupported_number","number":"63","sentence":0},{"reason":"unsupported_name","name":"<b>X","sentence":1}]}"#
                        .into(),
                ),
                text: "Text".into(),
                created_at: 0,
            }),
        };
        let de = llm_note(&status, false, Lang::De).unwrap();
        assert!(de.contains("Zahl „63“ steht nicht im Artikel"), "{de}");
        assert!(
            de.contains("m&lt;1&gt;") && de.contains("&lt;b&gt;X") && !de.contains("<b>"),
            "{de}"
        );
        assert!(
            llm_note(&status, true, Lang::De).is_none(),
            "nothing to say when the LLM TLDR is shown"
        );
        let en = llm_note(&status, false, Lang::En).unwrap();
        assert!(en.contains("number “63” is not in the article"), "{en}");
    }
}
