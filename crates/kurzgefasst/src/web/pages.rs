//! Server-rendered pages, German or English ([`Lang`]), written with `maud`: its `html!`
//! templates are checked when the crate compiles and escape every value they are given, so
//! third-party markup is never rendered; links from feeds and pages go through
//! [`link_target`] (http(s) only). No inline script or style: behaviour lives in
//! `/static/app.js`. [`esc`] escapes the HTML that the Google Reader API hands out inside JSON.

use chrono_tz::Tz;
use maud::{html, Markup, PreEscaped, Render, DOCTYPE};

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

/// A link target, not yet escaped (for `maud`, which escapes it): http(s) URLs only, anything
/// else (javascript:, data:) becomes "#".
pub fn link_target(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u.to_string(),
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

/// The page frame (header, navigation, footer) around `body` (already HTML).
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
    let search = l.t("Suche", "Search");
    let page = html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (f.title) }
                link rel="stylesheet" href="/static/app.css";
                link rel="alternate" type="application/atom+xml" title=(feed_title) href=(feed_path);
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#inhalt" { (l.t("Zum Inhalt springen", "Skip to content")) }
                header.site {
                    a.brand href="/" { "Kurzgefasst" }
                    nav aria-label=(l.t("Hauptnavigation", "Main navigation")) {
                        a href="/" { (l.t("Neueste", "Latest")) } " "
                        a href="/tag" { (l.t("Der Tag", "The day")) } " "
                        a href="/suche" { (search) } " "
                        a href="/quellen" { (l.t("Quellen", "Sources")) } " "
                        a href="/einstellungen" { (l.t("Einstellungen", "Settings")) } " "
                        (account(l))
                    }
                    form.search role="search" action="/suche" method="get" {
                        label.visually-hidden for="kopf-q" { (search) }
                        input id="kopf-q" name="q" type="search" value=(f.q) placeholder=(l.t("Suchen … ( / )", "Search … ( / )"));
                    }
                }
                (categories_nav(l))
                main id="inhalt" tabindex="-1" { (PreEscaped(body)) }
                footer.site {
                    span { (l.t("Kurzgefasst – Nachrichten in Kürze, auf dem eigenen Rechner.", "Kurzgefasst – the news in brief, on your own machine.")) }
                    " "
                    span {
                        a href=(feed_path) { "Atom" } " · "
                        a href="/api/openapi.json" { "API" } " · "
                        a href={ "/einstellungen?lang=" (other) } hreflang=(other) lang=(other) { (other_name) }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The logged-in reader's categories under the header (each its filtered start page) with
/// their unread counts and the unread total (read with the viewer: `reading::nav_unread`), the
/// link to manage them and, for admins, to manage readers.
fn categories_nav(l: Lang) -> Markup {
    let Some(v) = super::auth::current().filter(|v| v.csrf().is_some()) else {
        return html! {};
    };
    html! {
        nav.kategorien aria-label=(l.t("Kategorien", "Categories")) {
            @match v.nav_unread() {
                Some(nav) => {
                    a href="/?ungelesen=1" id="ungelesen-alle" { (l.t("Ungelesen", "Unread")) } " "
                    span.count id="ungelesen-gesamt" { (nav.total) } " "
                    @for c in &nav.categories {
                        a href={ "/kategorie/" (enc(&c.slug)) } { (c.name) } " "
                        span.count data-category=(c.id) { (c.unread) } " "
                    }
                }
                None => {
                    @for (name, slug) in &v.categories {
                        a href={ "/kategorie/" (enc(slug)) } { (name) } " "
                    }
                }
            }
            a href="/kategorien" id="kategorien-verwalten" { (l.t("Kategorien verwalten", "Manage categories")) }
            @if v.is_admin {
                " "
                a href="/leser" id="leser-verwalten" { (l.t("Leser verwalten", "Manage readers")) }
            }
        }
    }
}

/// The header's account part: a login link, or the user's name and a logout button.
fn account(l: Lang) -> Markup {
    match super::auth::current() {
        Some(v) => match v.csrf() {
            Some(csrf) => html! {
                a href="/gemerkt" id="gemerkt" { (l.t("Gemerkt", "Saved")) } " "
                a href="/filter" id="filter" { (l.t("Filter", "Filters")) } " "
                form.logout action="/abmelden" method="post" {
                    (csrf_input(csrf))
                    button type="submit" id="abmelden" { (l.t("Abmelden", "Log out")) " (" (v.name) ")" }
                }
            },
            None => html! {},
        },
        None => html! { a href="/anmelden" id="anmelden" { (l.t("Anmelden", "Log in")) } },
    }
}

/// A hidden CSRF field.
pub(super) fn csrf_input(csrf: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(csrf); }
}

/// The login page: name, password, the double-submit token and where to go afterwards.
pub fn login(l: Lang, csrf: &str, next: &str, error: Option<&str>) -> String {
    let body = html! {
        h1 { (l.t("Anmelden", "Log in")) }
        @if let Some(e) = error {
            p.error role="alert" { (e) }
        }
        form.admin action="/anmelden" method="post" {
            (csrf_input(csrf))
            input type="hidden" name="weiter" value=(next);
            p {
                label for="name" { (l.t("Name", "Name")) } br;
                input id="name" name="name" autocomplete="username" required value="admin";
            }
            p {
                label for="passwort" { (l.t("Passwort", "Password")) } br;
                input id="passwort" name="passwort" type="password" autocomplete="current-password" required;
            }
            p { button type="submit" id="anmelden-senden" { (l.t("Anmelden", "Log in")) } }
        }
        p { small {
            (l.t("Das Passwort des Admin-Kontos steht beim ersten Start in der Ausgabe des Servers; ändern mit ",
                 "The admin password is printed by the server on first start; change it with "))
            code { "kurzgefasst admin set-password" } "."
        } }
    };
    layout(
        &Frame {
            lang: l,
            title: l.t("Kurzgefasst – Anmelden", "Kurzgefasst – Log in"),
            feed: None,
            q: "",
        },
        &body.into_string(),
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
fn marked(h: &Highlighted) -> Markup {
    html! {
        @if h.cut_start { "… " }
        @for p in &h.pieces {
            @if p.hit { mark { (p.text) } } @else { (p.text) }
        }
        @if h.cut_end { " …" }
    }
}

/// One entry of a list: linked title, Datum, Quelle, a text (TLDR or snippet), "Weiterlesen";
/// for a logged-in reader (`marks`) also its read and saved state with the forms that change it.
#[allow(clippy::too_many_arguments)]
fn entry(
    a: &StoredArticle,
    title: Markup,
    text_label: &str,
    text: Markup,
    marks: Option<&Marks>,
    tz: Tz,
    l: Lang,
) -> Markup {
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
    let more = l.t("Weiterlesen", "Read more");
    let link = format!("/artikel/{}", a.id);
    html! {
        article class=(class) data-id=(a.id) data-original=(link_target(&a.url)) {
            h3 { a href=(link) { (title) } (kind_label(a, l)) (ressort_label(a, l)) }
            dl.record {
                dt { (datum_l) } dd { (datum_of(a, tz, l)) }
                dt { (quelle_l) } dd { (a.site) }
                dt { (text_label) } dd.tldr { (text) }
            }
            a.more href=(link) aria-label={ (more) ": " (a.title) } { (more) }
            @if let Some((m, (read, saved))) = state {
                (m.actions(a.id, read, saved, l))
            }
        }
    }
}

/// The page's kind as a label ("Liveblog", "Bildergalerie", …; nothing for an article and the
/// kinds without one, [`crate::kind::label`]).
pub(crate) fn kind_label(a: &StoredArticle, l: Lang) -> Markup {
    html! {
        @if let Some(label) = crate::kind::label(a.page_type, l) {
            " " span class={ "kind kind-" (a.page_type.as_str()) } { (label) }
        }
    }
}

/// A TLDR in a list entry: a listing's or gallery's items as a list, any other TLDR as its text
/// (nothing when there is none).
pub(crate) fn tldr_html(t: Option<&crate::store::StoredTldr>) -> Markup {
    html! {
        @match t {
            Some(t) if t.method == kg_summarize::Method::List.as_str() => {
                ul.tldr-list { @for s in &t.sentences { li { (s.text) } } }
            }
            Some(t) => (t.text),
            None => {}
        }
    }
}

/// The article's Ressort as a label linking to its Ressort page (nothing when it has none).
fn ressort_label(a: &StoredArticle, l: Lang) -> Markup {
    html! {
        @if let Some(r) = a.ressort {
            " " a.ressort href={ "/ressort/" (r.slug()) } { (r.label(l == Lang::En)) }
        }
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
    pub fn actions(&self, id: i64, read: bool, saved: bool, l: Lang) -> Markup {
        let read_labels = (
            l.t("Als gelesen markieren", "Mark as read"),
            l.t("Als ungelesen markieren", "Mark as unread"),
        );
        let save_labels = (l.t("Merken", "Save"), l.t("Nicht mehr merken", "Unsave"));
        let form = |what: &str, on: bool, labels: (&str, &str), class: &str, key: &str| {
            html! {
                form.state action={ "/artikel/" (id) "/" (what) } method="post" {
                    (csrf_input(&self.csrf))
                    input type="hidden" name="weiter" value=(self.back);
                    input type="hidden" name="wert" value=(if on { "0" } else { "1" });
                    button type="submit" class=(class) aria-pressed=(on) data-off=(labels.0) data-on=(labels.1) title=(key) {
                        (if on { labels.1 } else { labels.0 })
                    }
                }
            }
        };
        html! {
            div.actions data-id=(id) {
                (form("gelesen", read, read_labels, "toggle-read", "m"))
                (form("merken", saved, save_labels, "toggle-save", "s"))
            }
        }
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
    // The divider follows the last new article before the first one that is not new.
    let divider_after = marks.filter(|m| m.new_above.is_some()).and_then(|m| {
        let first_new = articles.iter().position(|a| m.is_new(a.id))?;
        let first_old = articles[first_new..].iter().position(|a| !m.is_new(a.id))?;
        Some(first_new + first_old - 1)
    });
    let mut groups: Vec<(String, Vec<(usize, &StoredArticle)>)> = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let day = day_heading(a.published_at, tz, l);
        match groups.last_mut() {
            Some((d, list)) if *d == day => list.push((i, a)),
            _ => groups.push((day, vec![(i, a)])),
        }
    }
    let divider = l.t(
        "↑ Neu seit Ihrem letzten Besuch",
        "↑ New since your last visit",
    );
    html! {
        @for (day, list) in &groups {
            section.day aria-label=(day) {
                h2.day { (day) }
                @for (i, a) in list {
                    (entry(a, html! { (a.title) }, "TLDR", tldr_html(a.tldr.as_ref()), marks, tz, l))
                    @if divider_after == Some(*i) {
                        p.divider id="neu-seit" role="separator" { (divider) }
                    }
                }
            }
        }
    }
    .render_to(b);
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
    let mut b = html! {
        h1.visually-hidden { (l.t("Neueste Artikel", "Latest articles")) }
        (ressort_nav(None, l))
        @if articles.is_empty() {
            p.empty {
                (l.t("Noch keine Artikel. Quellen werden regelmäßig abgerufen; neue Quellen fügen Sie mit ",
                     "No articles yet. Sources are polled regularly; add one with "))
                code { "kurzgefasst sources add FEED_URL" }
                (l.t(" hinzu.", "."))
            }
        }
    }
    .into_string();
    if !reader_list(&mut b, articles, marks, tz, l) && articles.len() == page_size {
        if let Some(last) = articles.last() {
            let next = format!("/?vor={}_{}", last.published_at, last.id);
            pager(&next, l).render_to(&mut b);
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
        if let Some(next) = &m.next {
            pager(next, l).render_to(b);
        }
        true
    } else {
        false
    }
}

/// The link to a list's next (older) page.
pub(super) fn pager(next: &str, l: Lang) -> Markup {
    html! {
        nav.pager aria-label=(l.t("Seiten", "Pages")) {
            a href=(next) rel="next" { (l.t("Ältere Artikel", "Older articles")) }
        }
    }
}

/// The navigation between the Ressort pages, the current one (if any) marked.
fn ressort_nav(current: Option<Ressort>, l: Lang) -> Markup {
    html! {
        nav.ressorts aria-label=(l.t("Ressorts", "Sections")) {
            a href="/" aria-current=[current.is_none().then_some("page")] { (l.t("Alle", "All")) }
            @for r in Ressort::ALL {
                " "
                a href={ "/ressort/" (r.slug()) } aria-current=[(current == Some(r)).then_some("page")] {
                    (r.label(l == Lang::En))
                }
            }
        }
    }
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
    let slug = r.slug();
    let scope = ScopedList {
        base: format!("/ressort/{slug}"),
        heading: html! {
            h1 { (l.t("Ressort", "Section")) ": " (name) }
            (ressort_nav(Some(r), l))
        },
        search: (
            format!("/suche?ressort={slug}"),
            l.t("In diesem Ressort suchen", "Search this section"),
        ),
        empty: l.t(
            "In diesem Ressort gibt es noch keine Artikel.",
            "There are no articles in this section yet.",
        ),
        name,
    };
    scope.render(articles, page_size, marks, tz, l)
}

/// The list page of one part of the articles (a category, a Ressort): its heading, links to
/// its day, its search and its Atom feed (`{base}/tag`, `{base}/feed.atom`), a note when it is
/// empty, the list with "Ältere Artikel" paging by `?vor=`, all in the layout.
pub struct ScopedList<'a> {
    /// The part's path ("/kategorie/ausland"); its day and feed are below it.
    pub base: String,
    /// What the page opens with (the `h1`, and any navigation under it).
    pub heading: Markup,
    /// The search limited to this part, and the link's text.
    pub search: (String, &'a str),
    /// The note when there are no articles.
    pub empty: &'a str,
    /// The part's name, for the title and the feed's title.
    pub name: &'a str,
}

impl ScopedList<'_> {
    /// The whole page; a pager after `page_size` articles when the list is not cut short by
    /// the reader's marks.
    pub fn render(
        &self,
        articles: &[StoredArticle],
        page_size: usize,
        marks: Option<&Marks>,
        tz: Tz,
        l: Lang,
    ) -> String {
        let base = &self.base;
        let mut b = html! {
            (self.heading)
            p.export {
                a href={ (base) "/tag" } { (l.t("Der Tag in Kürze", "The day in brief")) } " · "
                a href=(self.search.0) { (self.search.1) } " · "
                a href={ (base) "/feed.atom" } { "Atom" }
            }
            @if articles.is_empty() {
                p.empty { (self.empty) }
            }
        }
        .into_string();
        if !reader_list(&mut b, articles, marks, tz, l) && articles.len() == page_size {
            if let Some(last) = articles.last() {
                let next = format!("{base}?vor={}_{}", last.published_at, last.id);
                pager(&next, l).render_to(&mut b);
            }
        }
        let title = format!("Kurzgefasst – {}", self.name);
        let frame = Frame {
            lang: l,
            title: &title,
            feed: Some((format!("{base}/feed.atom"), title.clone())),
            q: "",
        };
        layout(&frame, &b)
    }
}

/// Inhalt as HTML: teaser, paragraphs and quotes are split into the summariser's sentences, each
/// in a `<span class="s" data-s="N">` whose N is its index in
/// `kg_summarize::Document::new(title, paragraphs, lang).sentences` (paragraphs = the teaser,
/// then the paragraph and quote blocks, as `ingest::summarize` builds them), so the TLDR's
/// `data-support` can point at them.
fn inhalt(a: &StoredArticle) -> Markup {
    let mut n = 0usize;
    // Consecutive list items form one list.
    let mut runs: Vec<(bool, Vec<&_>)> = Vec::new();
    for block in &a.blocks {
        let is_item = block.kind == "list_item";
        match runs.last_mut() {
            Some((true, items)) if is_item => items.push(block),
            _ => runs.push((is_item, vec![block])),
        }
    }
    html! {
        @if let Some(t) = a.teaser.as_deref().filter(|t| !t.is_empty()) {
            p.teaser { (sentence_spans(t, &mut n)) }
        }
        @for (is_list, blocks) in &runs {
            @if *is_list {
                ul { @for block in blocks { li { (block.text) } } }
            } @else {
                @for block in blocks {
                    @match block.kind.as_str() {
                        "heading" => h2 { (block.text) },
                        "quote" => blockquote { p { (sentence_spans(&block.text, &mut n)) } },
                        "table" | "preformatted" => pre { (block.text) },
                        _ => p { (sentence_spans(&block.text, &mut n)) },
                    }
                }
            }
        }
    }
}

/// One paragraph with each sentence (as `kg_summarize::segment::sentences` finds them, the
/// same segmentation `Document::new` uses) in a numbered span; `n` counts across paragraphs.
fn sentence_spans(text: &str, n: &mut usize) -> Markup {
    let mut pos = 0;
    let mut pieces: Vec<(&str, Option<(usize, &str)>)> = Vec::new();
    for s in kg_summarize::segment::sentences(text) {
        // `sentences` returns slices of `text`: their offsets are exact.
        let start = s.as_ptr() as usize - text.as_ptr() as usize;
        pieces.push((&text[pos..start], Some((*n, s))));
        *n += 1;
        pos = start + s.len();
    }
    pieces.push((&text[pos..], None));
    html! {
        @for (between, sentence) in &pieces {
            (between)
            @if let Some((i, s)) = sentence { span.s data-s=(i) { (s) } }
        }
    }
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
    let lang_attr = a
        .language
        .as_deref()
        .filter(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_lowercase()));
    let hint = l.t(
        "Beleg im Text hervorheben",
        "Highlight its source in the text",
    );
    let body = html! {
        article.full lang=[lang_attr] {
            h1 { (a.title) } (kind_label(a, l)) (ressort_label(a, l))
            @if let Some(m) = &related.marks {
                @let (read, saved) = m.state(a.id);
                (m.actions(a.id, read, saved, l))
            }
            dl.record {
                dt { (datum_l) }
                dd { time datetime=(rfc3339(a.published_at)) { (datum_of(a, tz, l)) } }
                dt { (quelle_l) } dd { (quelle(&a.url)) }
                dt { (tldr_l) }
                dd.tldr {
                    @match &a.tldr {
                        Some(t) => {
                            // A listing's or gallery's items are shown as the list they are.
                            @if t.method == kg_summarize::Method::List.as_str() {
                                ul.tldr-list {
                                    @for (i, s) in t.sentences.iter().enumerate() {
                                        li { (tldr_sentence(i, s, hint)) }
                                    }
                                }
                            } @else {
                                @for (i, s) in t.sentences.iter().enumerate() {
                                    (tldr_sentence(i, s, hint)) " "
                                }
                            }
                            small.method { (tldr_method(t, l)) }
                            @if let Some(note) = related.llm.as_ref().and_then(|s| llm_note(s, t.method == "llm", l)) {
                                div.llm-note { (note) }
                            }
                        }
                        None => em { (l.t("Keine Zusammenfassung verfügbar.", "No summary available.")) },
                    }
                }
                @if a.paywalled {
                    dt { (l.t("Hinweis", "Note")) }
                    dd.paywall { (l.t(
                        "Bezahlartikel: Inhalt und TLDR beruhen nur auf dem frei sichtbaren Teil.",
                        "Paywalled: content and TLDR are based on the freely visible part only."
                    )) }
                }
                dt { (inhalt_l) }
                dd.inhalt { (inhalt(a)) }
            }
            @if let Some(err) = &a.extract_error {
                div.notice {
                    p {
                        (l.t(
                            "Der Artikeltext konnte nicht von der Seite gelesen werden:",
                            "The article's text could not be read from its page:"
                        ))
                        " " (Problem::from_record(None, err).sentence(l == Lang::De)) " "
                        (l.t("Gezeigt wird der Text des Feeds.", "This is the feed's text."))
                    }
                    details.error-details {
                        summary { (l.t("Einzelheiten", "Details")) }
                        code { (err) }
                    }
                }
            }
            p.original {
                a id="original" href=(link_target(&a.url)) rel="noopener noreferrer nofollow" {
                    (l.t("Zum Original bei", "Original at")) " " (a.site)
                }
            }
            @if let Some(agency) = related.agency.as_deref().filter(|s| !s.is_empty()) {
                p.agency { (l.t("Agenturmeldung", "News agency copy")) ": " (agency) }
            }
            @if !related.sources.is_empty() {
                p.via {
                    (l.t("Über", "Via")) ": "
                    @for (i, (id, name)) in related.sources.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/quellen/" (id) } { (name) }
                    }
                }
            }
            @if !related.siblings.is_empty() {
                section.also aria-labelledby="auch" {
                    h2 id="auch" { (l.t("Auch berichtet von", "Also reported by")) }
                    ul {
                        @for s in &related.siblings {
                            li {
                                a href={ "/artikel/" (s.id) } { (s.site) } ": " (s.title)
                                @if let Some(ag) = s.agency.as_deref() { " " small { "(" (ag) ")" } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(
        &Frame {
            lang: l,
            title: &a.title,
            feed: None,
            q: "",
        },
        &body.into_string(),
    )
}

/// One TLDR sentence, linked to the Inhalt sentences that support it (`app.js` highlights them).
fn tldr_sentence(i: usize, s: &crate::store::TldrSentenceOut, hint: &str) -> Markup {
    let support: Vec<String> = s.support.iter().map(|n| n.to_string()).collect();
    html! {
        span.tldr-sentence data-support=(support.join(" ")) id={ "tldr-" (i) } tabindex="0" title=(hint) { (s.text) }
    }
}

/// How the TLDR was made, in words.
fn tldr_method(t: &crate::store::StoredTldr, l: Lang) -> String {
    let model = t.model.as_deref().unwrap_or("?");
    match (t.method.as_str(), l) {
        ("llm", Lang::De) => {
            format!("von einem Sprachmodell geschrieben ({model}) und am Artikel geprüft")
        }
        ("llm", Lang::En) => {
            format!("written by a language model ({model}) and checked against the article")
        }
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
    }
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
    let body = html! {
        h1 { (l.t("Quellen", "Sources")) }
        @if let Some(n) = &view.notice { p.notice role="status" { (n) } }
        @if let Some(e) = &view.error { p.error role="alert" { (e) } }
        @if let Some(csrf) = view.csrf {
            form.admin id="quelle-neu" action="/quellen/neu" method="post" {
                (csrf_input(csrf))
                p {
                    label for="quelle-url" { (l.t("Feed- oder Website-Adresse", "Feed or site address")) } br;
                    input id="quelle-url" name="url" type="url" required placeholder="https://…" value=(view.url);
                    " "
                    label for="quelle-kategorie" { (l.t("Kategorie (optional)", "Category (optional)")) } " "
                    input id="quelle-kategorie" name="kategorie" maxlength="100";
                    " "
                    button type="submit" id="quelle-hinzufuegen" { (l.t("Hinzufügen", "Add")) }
                }
            }
            form.admin action="/quellen/import" method="post" enctype="multipart/form-data" {
                (csrf_input(csrf))
                p {
                    label for="opml" { (l.t("OPML-Datei importieren", "Import an OPML file")) } br;
                    input id="opml" name="opml" type="file" accept=".opml,.xml,text/x-opml,text/xml" required;
                    " "
                    button type="submit" id="opml-importieren" { (l.t("Importieren", "Import")) }
                }
            }
        }
        p.export {
            a href="/quellen.opml" type="text/x-opml" { (l.t("Alle Quellen als OPML exportieren", "Export all sources as OPML")) }
        }
        @if list.is_empty() {
            p.empty { (l.t("Keine Quellen abonniert.", "No sources subscribed.")) }
        } @else {
            table.sources {
                caption.visually-hidden { (l.t("Abonnierte Quellen und ihr Zustand", "Subscribed sources and their health")) }
                thead { tr {
                    th scope="col" { (l.t("Quelle", "Source")) }
                    th scope="col" { (l.t("Artikel", "Articles")) }
                    th scope="col" { (l.t("Zustand", "Health")) }
                    @if view.csrf.is_some() {
                        th scope="col" { span.visually-hidden { (l.t("Aktionen", "Actions")) } }
                    }
                } }
                tbody {
                    @for s in list {
                        @let name = s.title.as_deref().unwrap_or(&s.url);
                        tr {
                            td {
                                a href={ "/quellen/" (s.id) } { (name) } br;
                                small {
                                    a href=(link_target(&s.url)) { (s.url) } " · "
                                    a href={ "/quellen/" (s.id) "/feed.atom" } { "Atom" }
                                }
                            }
                            td { (s.article_count) }
                            td { (health(s, tz, l)) }
                            @if let Some(csrf) = view.csrf {
                                td {
                                    form action={ "/quellen/" (s.id) "/entfernen" } method="post" {
                                        (csrf_input(csrf))
                                        button type="submit" class="remove" aria-label={ (l.t("Entfernen", "Remove")) ": " (name) } {
                                            (l.t("Entfernen", "Remove"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(
        &Frame {
            lang: l,
            title: l.t("Kurzgefasst – Quellen", "Kurzgefasst – Sources"),
            feed: None,
            q: "",
        },
        &body.into_string(),
    )
}

/// An error's technical text, escaped and folded away in a `<details>` element.
fn error_details(technical: &str, l: Lang) -> Markup {
    html! {
        details.error-details {
            summary { (l.t("Einzelheiten", "Details")) }
            code { (technical) }
        }
    }
}

/// A source's health as HTML: ok with the last success, or the last error with its details.
fn health(s: &Source, tz: Tz, l: Lang) -> Markup {
    match (&s.last_error, s.consecutive_failures) {
        (Some(msg), n) if n > 0 => html! {
            span.error { (Problem::from_record(s.last_error_kind.as_deref(), msg).sentence(l == Lang::De)) }
            " "
            details.error-details {
                summary { (l.t("Einzelheiten", "Details")) }
                code { (s.last_error_kind.as_deref().unwrap_or("?")) ": " (msg) }
            }
            small {
                (n) "× " (l.t("in Folge", "in a row")) ", "
                (l.t("zuletzt", "last")) " " (s.last_error_at.map(|t| datum(t, tz)).unwrap_or_default()) ", "
                (l.t("nächster Versuch", "next try")) " " (datum(s.next_poll_at, tz))
            }
        },
        _ => match s.last_success_at {
            Some(t) => html! { (l.t("ok, zuletzt", "ok, last")) " " (datum(t, tz)) },
            None => html! { (l.t("noch nicht abgerufen", "not polled yet")) },
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
    let mut b = html! {
        h1 { (name) }
        dl.record {
            dt { "Feed" } dd { a href=(link_target(&s.url)) { (s.url) } }
            dt { (l.t("Zustand", "Health")) } dd { (health(s, tz, l)) }
            dt { (l.t("Artikel", "Articles")) } dd { (s.article_count) }
            dt { "Atom" }
            dd { a href={ "/quellen/" (s.id) "/feed.atom" } { (l.t("TLDRs dieser Quelle als Atom-Feed", "this source's TLDRs as an Atom feed")) } }
        }
        @if articles.is_empty() {
            p.empty { (l.t("Noch keine Artikel von dieser Quelle.", "No articles from this source yet.")) }
        }
    }
    .into_string();
    if !reader_list(&mut b, articles, marks, tz, l) && (page > 1 || more) {
        html! {
            nav.pager aria-label=(l.t("Seiten", "Pages")) {
                @if page > 1 {
                    a href={ "/quellen/" (s.id) "?seite=" (page - 1) } rel="prev" { (l.t("Neuere Artikel", "Newer articles")) } " "
                }
                @if more {
                    a href={ "/quellen/" (s.id) "?seite=" (page + 1) } rel="next" { (l.t("Ältere Artikel", "Older articles")) }
                }
            }
        }
        .render_to(&mut b);
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
    let [datum_l, quelle_l, ..] = labels(l);
    let day_link = |d: Option<chrono::NaiveDate>| {
        let d = d
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        format!("{base}?datum={d}")
    };
    let body = html! {
        h1 { (l.t("Der Tag in Kürze", "The day in brief")) " " small { (heading) } }
        @if stories.is_empty() {
            p.empty { (l.t("An diesem Tag gibt es keine Artikel.", "There are no articles on this day.")) }
        }
        @if let Some(m) = marks { (PreEscaped(&m.toolbar)) }
        @for st in stories {
            @let a = &st.lead;
            @let state = marks.map(|m| m.state(a.id));
            @let class = match state {
                Some((read, saved)) => format!(
                    "entry story {}{}",
                    if read { "read" } else { "unread" },
                    if saved { " saved" } else { "" }
                ),
                None => "entry story".to_string(),
            };
            article class=(class) data-id=(a.id) data-original=(link_target(&a.url)) {
                h2.story { a href={ "/artikel/" (a.id) } { (a.title) } (kind_label(a, l)) }
                dl.record {
                    dt { (datum_l) } dd { (datum_of(a, tz, l)) }
                    dt { (quelle_l) }
                    dd {
                        a href={ "/artikel/" (a.id) } { (a.site) }
                        @for o in &st.others { ", " a href={ "/artikel/" (o.id) } { (o.site) } }
                    }
                    dt { "TLDR" } dd.tldr { (tldr_html(a.tldr.as_ref())) }
                }
                @if let (Some(m), Some((read, saved))) = (marks, state) {
                    (m.actions(a.id, read, saved, l))
                }
            }
        }
        nav.pager aria-label=(l.t("Tage", "Days")) {
            a href=(day_link(date.pred_opt())) rel="prev" { (l.t("Vortag", "Day before")) } " "
            a href=(day_link(date.succ_opt())) rel="next" { (l.t("Folgetag", "Day after")) }
        }
    };
    let b = body.into_string();
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
    let categories = super::auth::current()
        .map(|v| v.categories)
        .unwrap_or_default();
    let qs = form.query_string();
    let all = l.t("alle", "all");
    let page = form.page.max(1);
    let body = html! {
        h1 { (l.t("Suche", "Search")) }
        form.search-full role="search" action="/suche" method="get" {
            p {
                label for="q" { (l.t("Suchbegriffe", "Search terms")) } " "
                input id="q" name="q" type="search" value=(form.q) aria-describedby="q-hilfe";
            }
            p id="q-hilfe" class="help" { (l.t(
                "Wörter in jeder Form (Haus findet Häuser), \"Phrase in Anführungszeichen\", -Wort schließt aus.",
                "Words in any inflection (Haus finds Häuser), \"a phrase in quotes\", -word excludes."
            )) }
            p.filters {
                label for="quelle" { (l.t("Quelle", "Source")) } " "
                select id="quelle" name="quelle" {
                    option value="" { (all) }
                    @for (id, name) in sources {
                        option value=(id) selected[form.source == Some(*id)] { (name) }
                    }
                }
                @if !categories.is_empty() {
                    " "
                    label for="kategorie" { (l.t("Kategorie", "Category")) } " "
                    select id="kategorie" name="kategorie" {
                        option value="" { (all) }
                        @for (name, slug) in &categories {
                            option value=(slug) selected[form.kategorie == *slug] { (name) }
                        }
                    }
                }
                " "
                label for="ressort" { (l.t("Ressort", "Section")) } " "
                select id="ressort" name="ressort" {
                    option value="" { (all) }
                    @for r in crate::ressort::Ressort::ALL {
                        option value=(r.slug()) selected[form.ressort == Some(r)] { (r.label(l == Lang::En)) }
                    }
                }
                " "
                label for="von" { (l.t("von", "from")) } " "
                input id="von" name="von" type="date" value=(form.von);
                " "
                label for="bis" { (l.t("bis", "to")) } " "
                input id="bis" name="bis" type="date" value=(form.bis);
                " "
                label for="sortierung" { (l.t("Sortierung", "Order")) } " "
                select id="sortierung" name="sortierung" {
                    option value="relevanz" { (l.t("Relevanz", "relevance")) }
                    option value="datum" selected[form.sort == SearchSort::Date] { (l.t("Datum", "date")) }
                }
            }
            p { button type="submit" { (l.t("Suchen", "Search")) } }
        }
        @if let Some(r) = results {
            @if r.hits.is_empty() {
                p.empty role="status" { (l.t("Keine Treffer.", "No results.")) }
            } @else {
                section.results aria-labelledby="treffer" {
                    h2 id="treffer" class="day" { (l.t("Treffer", "Results")) }
                    @for h in &r.hits {
                        // The passage that matched; the TLDR when only the title (or a filter) did.
                        @let (label, text) = if h.snippet.pieces.iter().any(|p| p.hit) {
                            (l.t("Auszug", "Excerpt"), marked(&h.snippet))
                        } else {
                            let tldr = h.article.tldr.as_ref().map_or("", |t| t.text.as_str());
                            ("TLDR", html! { (tldr) })
                        };
                        (entry(&h.article, marked(&h.title), label, text, None, tz, l))
                    }
                }
            }
            @if page > 1 || r.more {
                nav.pager aria-label=(l.t("Seiten", "Pages")) {
                    @if page > 1 {
                        a href={ "/suche?" (qs) "&seite=" (page - 1) } rel="prev" { (l.t("Vorherige", "Previous")) } " "
                    }
                    @if r.more {
                        a href={ "/suche?" (qs) "&seite=" (page + 1) } rel="next" { (l.t("Weitere Treffer", "More results")) }
                    }
                }
            }
        }
    };
    let b = body.into_string();
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
    let instance_admin = super::auth::current().is_some_and(|v| v.is_admin);
    let body = html! {
        h1 { (l.t("Einstellungen", "Settings")) }
        @if saved { p.notice role="status" { (l.t("Gespeichert.", "Saved.")) } }
        form action="/einstellungen" method="get" {
            fieldset {
                legend { (l.t("Sprache der Oberfläche", "Interface language")) }
                p {
                    input type="radio" id="lang-de" name="lang" value="de" checked[l == Lang::De];
                    " " label for="lang-de" lang="de" { "Deutsch" }
                }
                p {
                    input type="radio" id="lang-en" name="lang" value="en" checked[l == Lang::En];
                    " " label for="lang-en" lang="en" { "English" }
                }
            }
            p { button type="submit" id="speichern" { (l.t("Speichern", "Save")) } }
        }
        h2 { (l.t("Tastenkürzel", "Keyboard shortcuts")) }
        dl.keys {
            dt { kbd { "j" } " / " kbd { "k" } } dd { (l.t("nächster / vorheriger Artikel", "next / previous article")) }
            dt { kbd { "/" } } dd { (l.t("Suche", "search")) }
            dt { kbd { "o" } } dd { (l.t("Original öffnen", "open the original")) }
            dt { kbd { "Enter" } } dd { (l.t("Artikel öffnen", "open the article")) }
        }
        @if let Some(a) = admin {
            form.admin action="/einstellungen/sprache" method="post" {
                (csrf_input(a.csrf))
                p {
                    label for="sprache" { (l.t(
                        "Meine Sprache (in jedem Browser, in dem ich mich anmelde)",
                        "My language (in every browser I log in from)"
                    )) } " "
                    select id="sprache" name="sprache" {
                        option value="de" selected[l == Lang::De] { "Deutsch" }
                        option value="en" selected[l == Lang::En] { "English" }
                    }
                    " "
                    button type="submit" id="sprache-speichern" { (l.t("Für mein Konto speichern", "Save for my account")) }
                }
            }
            h2 { (l.t("Überblick per E-Mail und Push", "Briefing by e-mail and push")) }
            p {
                a href="/einstellungen/briefing" id="briefing-einstellungen" { (l.t(
                    "Uhrzeit, Wochentage und Kanäle des täglichen Überblicks",
                    "Time, weekdays and channels of the daily briefing"
                )) }
            }
            @if instance_admin {
                h2 { (l.t("Lesen", "Reading")) }
                form.admin action="/einstellungen/lesen" method="post" {
                    (csrf_input(a.csrf))
                    p {
                        input type="checkbox" id="privat" name="privat" value="1" checked[a.private];
                        " "
                        label for="privat" { (l.t(
                            "Privat: jede Seite und jeder Feed nur nach Anmeldung oder mit API-Token",
                            "Private: every page and feed only after login or with an API token"
                        )) }
                    }
                    p { button type="submit" id="lesen-speichern" { (l.t("Speichern", "Save")) } }
                }
            }
            h2 { (l.t("API-Token", "API tokens")) }
            @if let Some(t) = a.new_token {
                p.notice role="status" {
                    (l.t("Neues Token (wird nur jetzt angezeigt):", "New token (shown only now):")) " "
                    code id="neues-token" { (t) }
                }
            }
            @if !a.tokens.is_empty() {
                ul.tokens {
                    @for t in a.tokens {
                        li {
                            (t.name) " "
                            small {
                                "(" (l.t("erstellt", "created")) " " (datum(t.created_at, tz))
                                @if let Some(u) = t.last_used_at {
                                    ", " (l.t("zuletzt benutzt", "last used")) " " (datum(u, tz))
                                }
                                ")"
                            }
                            " "
                            form action={ "/einstellungen/token/" (t.id) "/entfernen" } method="post" {
                                (csrf_input(a.csrf))
                                button type="submit" { (l.t("Widerrufen", "Revoke")) }
                            }
                        }
                    }
                }
            }
            form.admin action="/einstellungen/token" method="post" {
                (csrf_input(a.csrf))
                p {
                    label for="token-name" { (l.t("Name des Tokens (z. B. die App)", "Token name (e.g. the app)")) } br;
                    input id="token-name" name="name" required maxlength="100";
                    " "
                    button type="submit" id="token-erzeugen" { (l.t("Token erzeugen", "Create token")) }
                }
            }
            p { small {
                (l.t("Tokens gelten für die JSON-API (", "Tokens work for the JSON API ("))
                code { "Authorization: Bearer …" }
                (l.t("), Feeds (", "), feeds ("))
                code { "?token=…" }
                (l.t(
                    ") und die Google-Reader-API (als Passwort in ReadYou, FeedMe, Reeder; Server-Adresse: diese Seite).",
                    ") and the Google Reader API (as the password in ReadYou, FeedMe, Reeder; server address: this site)."
                ))
            } }
        }
    };
    let b = body.into_string();
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
    let body = html! {
        h1 { (title) }
        p { (message) }
        p { a href="/" { (l.t("Zur Startseite", "To the start page")) } }
    };
    layout(
        &Frame {
            lang: l,
            title: &title,
            feed: None,
            q: "",
        },
        &body.into_string(),
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
fn llm_note(status: &crate::store::LlmStatus, showing_llm: bool, l: Lang) -> Option<Markup> {
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
        return Some(html! {
            (l.t("Die Zusammenfassung des Sprachmodells", "The language model's summary"))
            " (" (last.model.as_deref().unwrap_or("?")) ") "
            (l.t("wurde bei der Prüfung verworfen", "was rejected by the check"))
            ": " (said.join("; "))
        });
    }
    let (text, details) = match (status.state.as_str(), status.last_error.as_deref()) {
        // The model server's own words (English, technical) are folded away.
        ("failed", Some(e)) => (
            l.t(
                "Das Sprachmodell gab keine Zusammenfassung.",
                "The language model gave no summary.",
            ),
            Some(e),
        ),
        ("pending", Some(e)) => (
            l.t(
                "Das Sprachmodell antwortete noch nicht; ein neuer Versuch folgt.",
                "The language model has not answered yet; it will be tried again.",
            ),
            Some(e),
        ),
        ("pending", None) => (
            l.t(
                "Eine Zusammenfassung des Sprachmodells ist in Arbeit.",
                "A summary by the language model is in progress.",
            ),
            None,
        ),
        _ => return None,
    };
    Some(html! {
        (text)
        @if let Some(e) = details { " " (error_details(e, l)) }
    })
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
        assert_eq!(link_target("javascript:alert(1)"), "#");
        assert_eq!(link_target("data:text/html,<b>"), "#");
        assert_eq!(
            link_target("https://example.org/a?b=1&c=\"2\""),
            "https://example.org/a?b=1&c=%222%22"
        );
        let a = html! { a href=(link_target("https://example.org/?a=1&b=\"<x>")) { "<b>" } };
        assert_eq!(
            a.into_string(),
            "<a href=\"https://example.org/?a=1&amp;b=%22%3Cx%3E\">&lt;b&gt;</a>"
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
            .map(|p| sentence_spans(p, &mut n).into_string())
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
        let de = llm_note(&status, false, Lang::De).unwrap().into_string();
        assert!(de.contains("Zahl „63“ steht nicht im Artikel"), "{de}");
        assert!(
            de.contains("m&lt;1&gt;") && de.contains("&lt;b&gt;X") && !de.contains("<b>"),
            "{de}"
        );
        assert!(
            llm_note(&status, true, Lang::De).is_none(),
            "nothing to say when the LLM TLDR is shown"
        );
        let en = llm_note(&status, false, Lang::En).unwrap().into_string();
        assert!(en.contains("number “63” is not in the article"), "{en}");
    }
}
