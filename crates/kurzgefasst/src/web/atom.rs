//! Atom feeds (RFC 4287) of the TLDRs: everything (`/feed.atom`), per source
//! (`/quellen/{id}/feed.atom`) and per search (`/suche/feed.atom?q=…`). Each entry's summary is
//! the TLDR as text, its alternate link the original article, its related link the article page.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::lang::Lang;
use super::pages::rfc3339;
use super::{base_url, db, AppState, SearchParams};
use crate::store::{SearchQuery, SearchSort, StoredArticle};

/// Entries per feed.
const FEED_SIZE: usize = 50;

/// Escapes text for XML and drops the characters XML 1.0 forbids (control characters from
/// third-party text would make the whole feed unreadable).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => {}
            _ => out.push(c),
        }
    }
    out
}

/// An http(s) URL for an attribute, or `None`.
fn link(url: &str) -> Option<String> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Some(xml(u.as_str())),
        _ => None,
    }
}

/// What a feed is about.
pub struct FeedMeta<'a> {
    /// The feed's title.
    pub title: &'a str,
    /// Absolute URL of the feed itself (also its id).
    pub self_url: &'a str,
    /// Absolute URL of the HTML page showing the same list.
    pub page_url: &'a str,
    /// The language of the feed's own texts.
    pub lang: Lang,
}

/// Renders an Atom feed of `articles`; `base` is the server's absolute base URL.
pub fn feed(meta: &FeedMeta<'_>, base: &str, articles: &[StoredArticle]) -> String {
    let updated = articles
        .iter()
        .map(|a| {
            a.tldr
                .as_ref()
                .map_or(a.published_at, |t| t.created_at.max(a.published_at))
        })
        .max()
        .unwrap_or(0);
    let mut b = String::with_capacity(1024 + articles.len() * 1024);
    let _ = write!(
        b,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
<title>{title}</title>\n<id>{self_url}</id>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
<link rel=\"alternate\" type=\"text/html\" href=\"{page_url}\"/>\n\
<updated>{updated}</updated>\n<author><name>Kurzgefasst</name></author>\n<generator>Kurzgefasst</generator>\n",
        lang = meta.lang.code(),
        title = xml(meta.title),
        self_url = xml(meta.self_url),
        page_url = xml(meta.page_url),
        updated = rfc3339(updated),
    );
    for a in articles {
        let page = format!("{base}/artikel/{}", a.id);
        let tldr = a.tldr.as_ref().map(|t| t.text.as_str()).unwrap_or("");
        let entry_updated = a
            .tldr
            .as_ref()
            .map_or(a.published_at, |t| t.created_at.max(a.published_at));
        let _ = write!(
            b,
            "<entry>\n<id>{page}</id>\n<title type=\"text\">{title}</title>\n",
            page = xml(&page),
            title = xml(&a.title)
        );
        match link(&a.url) {
            Some(orig) => {
                let _ = write!(
                    b,
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{orig}\"/>\n<link rel=\"related\" type=\"text/html\" href=\"{}\"/>\n",
                    xml(&page)
                );
            }
            None => {
                let _ = writeln!(
                    b,
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                    xml(&page)
                );
            }
        }
        let _ = write!(
            b,
            "<published>{}</published>\n<updated>{}</updated>\n<author><name>{site}</name></author>\n\
<category term=\"{site}\"/>\n{ressort}{kind}<summary type=\"text\">{tldr}</summary>\n</entry>\n",
            rfc3339(a.published_at),
            rfc3339(entry_updated),
            site = xml(&a.site),
            ressort = a.ressort.map_or(String::new(), |r| format!(
                "<category term=\"{}\" label=\"{}\"/>\n",
                r.slug(),
                r.label(meta.lang == Lang::En)
            )),
            // The page's kind where it has a label ("Liveblog", "Bildergalerie").
            kind = crate::kind::label(a.page_type, meta.lang).map_or(String::new(), |label| format!(
                "<category term=\"{}\" label=\"{}\"/>\n",
                a.page_type.as_str(),
                label
            )),
            tldr = xml(tldr),
        );
    }
    b.push_str("</feed>\n");
    b
}

/// An Atom document as the response.
pub(super) fn atom_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

fn failed(lang: Lang) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        lang.t("Interner Fehler", "Internal error"),
    )
        .into_response()
}

/// The articles the viewer's filters leave visible (all of them for anonymous readers); `None`
/// when the store failed.
async fn without_muted(
    state: &AppState,
    articles: Vec<StoredArticle>,
) -> Option<Vec<StoredArticle>> {
    super::visible_only(state, articles).await.ok()
}

/// `/feed.atom`: the newest TLDRs.
pub async fn all(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> Response {
    let scope = super::Scope::viewer();
    let Ok(articles) = db(&state, move |s| scope.newest(s, FEED_SIZE, None)).await else {
        return failed(lang);
    };
    let Some(articles) = without_muted(&state, articles).await else {
        return failed(lang);
    };
    let base = base_url(&headers);
    let meta = FeedMeta {
        title: lang.t("Kurzgefasst – alle Artikel", "Kurzgefasst – all articles"),
        self_url: &format!("{base}/feed.atom"),
        page_url: &format!("{base}/"),
        lang,
    };
    atom_response(feed(&meta, &base, &articles))
}

/// `/ressort/{slug}/feed.atom`: the newest TLDRs filed under one Ressort.
pub async fn ressort(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    super::RessortPath(r): super::RessortPath,
) -> Response {
    // A reader's feed (login or token): their subscriptions, without what they muted.
    let user = super::auth::current().map(|v| v.user_id);
    let Ok(articles) = db(&state, move |s| {
        super::ressort_articles(s, user, r, FEED_SIZE, None)
    })
    .await
    else {
        return failed(lang);
    };
    let base = base_url(&headers);
    let meta = FeedMeta {
        title: &format!("Kurzgefasst – {}", r.label(lang == Lang::En)),
        self_url: &format!("{base}/ressort/{}/feed.atom", r.slug()),
        page_url: &format!("{base}/ressort/{}", r.slug()),
        lang,
    };
    atom_response(feed(&meta, &base, &articles))
}

/// `/quellen/{id}/feed.atom`: the newest TLDRs of one source.
pub async fn source(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let user = super::auth::current().map(|v| v.user_id);
    let found = db(&state, move |s| {
        let Some(src) = super::viewer_source(s, user, id)? else {
            return Ok(None);
        };
        let q = SearchQuery {
            source: Some(id),
            sort: SearchSort::Date,
            limit: FEED_SIZE,
            ..SearchQuery::default()
        };
        Ok(Some((src, s.search(&q)?)))
    })
    .await;
    let (src, results) = match found {
        Ok(Some(x)) => x,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                lang.t("Diese Quelle gibt es nicht.", "There is no such source."),
            )
                .into_response()
        }
        Err(_) => return failed(lang),
    };
    let base = base_url(&headers);
    let name = src.title.clone().unwrap_or_else(|| src.url.clone());
    let articles: Vec<StoredArticle> = results.hits.into_iter().map(|h| h.article).collect();
    let Some(articles) = without_muted(&state, articles).await else {
        return failed(lang);
    };
    let meta = FeedMeta {
        title: &format!("Kurzgefasst – {name}"),
        self_url: &format!("{base}/quellen/{id}/feed.atom"),
        page_url: &format!("{base}/suche?quelle={id}"),
        lang,
    };
    atom_response(feed(&meta, &base, &articles))
}

/// `/suche/feed.atom?q=…`: the newest TLDRs matching a search (same parameters as `/suche`).
pub async fn search(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(p): Query<SearchParams>,
) -> Response {
    let (tz, params, scope) = (state.tz, p.clone(), super::Scope::viewer());
    let Ok(results) = db(&state, move |s| {
        let mut q = params.scoped_query(s, scope, tz, FEED_SIZE)?;
        // A feed shows what is new: newest first, always the first page.
        q.sort = SearchSort::Date;
        q.offset = 0;
        s.search(&q)
    })
    .await
    else {
        return failed(lang);
    };
    let base = base_url(&headers);
    let form = p.form();
    let qs = form.query_string();
    let articles: Vec<StoredArticle> = results.hits.into_iter().map(|h| h.article).collect();
    let Some(articles) = without_muted(&state, articles).await else {
        return failed(lang);
    };
    let meta = FeedMeta {
        title: &format!(
            "Kurzgefasst – {} „{}“",
            lang.t("Suche nach", "search for"),
            form.q
        ),
        self_url: &format!("{base}/suche/feed.atom?{qs}"),
        page_url: &format!("{base}/suche?{qs}"),
        lang,
    };
    atom_response(feed(&meta, &base, &articles))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"'\u{1}\u{b}c\n"),
            "a&lt;b&gt;&amp;&quot;&apos;c\n"
        );
        assert_eq!(link("javascript:alert(1)"), None);
    }
}
