//! A logged-in reader's pages and forms (issue 19): their read and saved state on the lists and
//! the article page, "nur ungelesene", "Alles als gelesen markieren" (bounded by the newest
//! article id when the page was rendered), `/gemerkt`, the "new since your last visit" divider,
//! and the filter page `/filter` (mute and keep rules, cluster reading).
//!
//! Every form is a plain POST with the session's CSRF token that answers with a redirect back
//! (works without JavaScript); `app.js` sends the same forms with `fetch` and `Accept:
//! application/json` and gets the new state instead, so nothing reloads. The state lives in
//! `item_states`, the table the Google Reader API and the JSON API read and write too.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};

use super::auth::{safe_next, Reader, Viewer};
use super::lang::Lang;
use super::pages::{self, enc, Frame, Marks};
use super::{db, paging_key, AppState, WebError, PAGE_SIZE};
use crate::store::{
    Filters, Listed, ReadingList, Rule, RuleAction, RuleField, Scope, StoredArticle,
};
use maud::{html, Markup, Render};

/// The viewer when it is a logged-in browser session (the reader whose state the pages show).
pub fn session_reader() -> Option<Viewer> {
    super::auth::current().filter(|v| v.csrf().is_some())
}

/// True when the client asked for JSON (the `fetch` of `app.js`).
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// `?ungelesen=1` and `?vor=…` of a reader's list.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    /// `1`: only unread articles.
    pub ungelesen: Option<String>,
    /// Paging key `PUBLISHED_ID` of the last article of the previous page.
    pub vor: Option<String>,
}

impl ListQuery {
    fn unread_only(&self) -> bool {
        self.ungelesen.as_deref() == Some("1")
    }
}

/// What a reader's list page shows besides its articles.
struct ListPage {
    listed: Vec<Listed>,
    max_id: i64,
    /// After a start-page visit: the reader's visits (what is new since the last one).
    visit: Option<crate::store::ReaderPrefs>,
}

/// Reads a reader's list (the start page's list query lives here, in one place); `visit`
/// records a start-page visit.
async fn load_list(
    state: &AppState,
    user: i64,
    list: ReadingList,
    visit: bool,
) -> Result<ListPage, super::DbError> {
    db(state, move |s| {
        let filters = s.filters(user)?;
        let max_id = s.max_article_id()?;
        let listed = s.reading_list(user, &list, &filters)?;
        let visit = if visit {
            Some(s.record_visit_prefs(user, crate::store_now(), max_id)?)
        } else {
            None
        };
        Ok(ListPage {
            listed,
            max_id,
            visit,
        })
    })
    .await
}

/// One of the reader's categories in the navigation, with its unread articles.
#[derive(Debug, Clone)]
pub struct NavCategory {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Slug (`/kategorie/{slug}`).
    pub slug: String,
    /// Unread articles of its sources, each once.
    pub unread: i64,
}

/// The navigation of a logged-in page: the reader's categories with their unread counts and
/// the unread total, and the stamp they were read at (see [`crate::store::UnreadCounter`]).
#[derive(Debug, Clone)]
pub struct NavUnread {
    /// The reader's version and the newest article id when the counts were read.
    pub stamp: crate::store::ReaderStamp,
    /// The reader's categories by name, with their unread counts.
    pub categories: Vec<NavCategory>,
    /// Every unread article of the reader's sources once.
    pub total: i64,
}

/// A reader's navigation: their categories and unread counts, from the process's counter
/// (counts kept until the reader's version or the articles change).
pub fn nav_unread(
    s: &crate::store::Store,
    counter: &crate::store::UnreadCounter,
    user: i64,
) -> Result<NavUnread, crate::store::StoreError> {
    let stamp = s.reader_stamp(user)?;
    let counts = counter.counts(s, user, stamp)?;
    let categories = counter
        .categories(s, user, stamp.version)?
        .iter()
        .map(|c| NavCategory {
            unread: counts.category(c.id).count,
            id: c.id,
            name: c.name.clone(),
            slug: c.slug.clone(),
        })
        .collect();
    Ok(NavUnread {
        stamp,
        categories,
        total: counts.total.count,
    })
}

/// The navigation after the reader's own `change` (taken out of the counter's counts with
/// [`crate::store::UnreadCounter::apply_read`] just before): `before`, the navigation read with
/// the viewer, with the counts of the version the change made. No query when the counter holds
/// them (the usual case); read afresh ([`nav_unread`]) without `before`.
pub fn nav_after_read(
    s: &crate::store::Store,
    counter: &crate::store::UnreadCounter,
    user: i64,
    before: Option<&NavUnread>,
    change: &crate::store::ReadChange,
) -> Result<NavUnread, crate::store::StoreError> {
    let Some(before) = before else {
        return nav_unread(s, counter, user);
    };
    let stamp = crate::store::ReaderStamp {
        version: change.after,
        // Not older than the counter's map (an older newest id would make it read the map again).
        max_id: before.stamp.max_id.max(counter.newest_counted()),
        ..before.stamp
    };
    let counts = counter.counts(s, user, stamp)?;
    Ok(NavUnread {
        stamp,
        categories: before
            .categories
            .iter()
            .map(|c| NavCategory {
                unread: counts.category(c.id).count,
                ..c.clone()
            })
            .collect(),
        total: counts.total.count,
    })
}

/// Drops a reader's cached unread tally (after a change of their state in this process; the
/// reader's version tells it too, this only saves the comparison).
pub fn forget_counts(state: &AppState, user: i64) {
    state.unread.forget(user);
}

/// A logged-in reader's rendered start page ("only unread" or all, first page), kept for the
/// reader's next view: served again only to the same session, in the same language, while the
/// reader's version (their states, subscriptions, categories, rules, settings and visits: the
/// database bumps it on every change, by any process) and the newest article are the same, the
/// view would record no visit, and for at most [`READER_PAGE_TTL`] (what else may change on the
/// page: an article's text or TLDR, a story's sources).
#[derive(Clone)]
pub struct ReaderPage {
    csrf: String,
    lang: Lang,
    unread_only: bool,
    stamp: crate::store::ReaderStamp,
    at: std::time::Instant,
    visit_at: i64,
    visit_max_id: i64,
    page: axum::body::Bytes,
}

/// How long a reader's start page is reused at most (the anonymous start page's time).
pub const READER_PAGE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// Rendered start pages of readers, per reader and "only unread".
pub type ReaderPages = std::sync::Mutex<std::collections::HashMap<(i64, bool), ReaderPage>>;

/// The hidden fields of a "mark all read" form for `scope`.
fn scope_fields(scope: &Scope) -> Markup {
    let ids = scope
        .ids
        .as_ref()
        .map(|ids| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    html! {
        @if let Some(s) = scope.source { input type="hidden" name="quelle" value=(s); }
        @if let Some(v) = scope.from { input type="hidden" name="von" value=(v); }
        @if let Some(v) = scope.until { input type="hidden" name="bis" value=(v); }
        @if let Some(c) = scope.category { input type="hidden" name="kategorie" value=(c); }
        @if let Some(r) = scope.ressort { input type="hidden" name="ressort" value=(r.slug()); }
        @if let Some(ids) = ids { input type="hidden" name="ids" value=(ids); }
    }
}

/// A "mark all read" form: the scope, the newest article id at rendering, the way back.
fn mark_all_form(
    m: &Marks,
    scope: &Scope,
    max_id: i64,
    id: &str,
    label: &str,
    key: Option<&str>,
) -> Markup {
    html! {
        form.mark-all action="/gelesen" method="post" {
            (pages::csrf_input(&m.csrf))
            input type="hidden" name="weiter" value=(m.back);
            input type="hidden" name="bis_id" value=(max_id);
            (scope_fields(scope))
            button type="submit" id=(id) title=[key] data-key=[key] { (label) }
        }
    }
}

/// The unread filter of a reader's list at `base`: only unread, or all.
fn unread_filter(base: &str, unread_only: bool, l: Lang) -> Markup {
    let sep = if base.contains('?') { '&' } else { '?' };
    let current = |on: bool| on.then_some("page");
    html! {
        p.unread-filter {
            a id="nur-ungelesene" href={ (base) (sep) "ungelesen=1" } aria-current=[current(unread_only)] {
                (l.t("Nur ungelesene", "Unread only"))
            }
            " · "
            a id="alle-zeigen" href=(base) aria-current=[current(!unread_only)] { (l.t("Alle", "All")) }
        }
    }
}

/// The toolbar of a reader's list: the unread filter and the mark-all forms (the unread counts
/// are in the navigation of every page).
fn toolbar(
    m: &Marks,
    base: &str,
    unread_only: bool,
    scope: &Scope,
    page_ids: &[i64],
    p: &ListPage,
    l: Lang,
) -> String {
    let page_scope = Scope {
        ids: Some(page_ids.to_vec()),
        ..Scope::default()
    };
    html! {
        div.toolbar id="leiste" {
            (unread_filter(base, unread_only, l))
            (mark_all_form(m, scope, p.max_id, "alle-gelesen", l.t("Alles als gelesen markieren", "Mark all as read"), Some("A")))
            @if !page_ids.is_empty() {
                (mark_all_form(m, &page_scope, p.max_id, "seite-gelesen", l.t("Diese Seite als gelesen markieren", "Mark this page as read"), None))
            }
        }
    }
    .into_string()
}

/// Marks for a list: each article's state and the forms' way back.
fn marks_for(v: &Viewer, back: String, listed: &[Listed]) -> Marks {
    Marks {
        csrf: v.csrf().unwrap_or_default().to_string(),
        back,
        states: listed
            .iter()
            .map(|x| (x.article.id, (x.read, x.saved)))
            .collect(),
        ..Marks::default()
    }
}

/// The link to the next page of a reader's list at `base`.
fn next_link(base: &str, listed: &[Listed], unread_only: bool) -> Option<String> {
    if listed.len() < PAGE_SIZE {
        return None;
    }
    let last = &listed.last()?.article;
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!(
        "{base}{sep}vor={}_{}{}",
        last.published_at,
        last.id,
        if unread_only { "&ungelesen=1" } else { "" }
    ))
}

/// The path and query a list was asked with, for the forms' way back.
fn back_of(base: &str, q: &ListQuery) -> String {
    let mut parts = Vec::new();
    if q.unread_only() {
        parts.push("ungelesen=1".to_string());
    }
    if let Some(v) = &q.vor {
        parts.push(format!("vor={}", enc(v)));
    }
    if parts.is_empty() {
        base.to_string()
    } else {
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}{}", parts.join("&"))
    }
}

/// The start page of a logged-in reader. The first page is kept per reader ([`ReaderPage`])
/// and served again while nothing it shows can have changed.
pub async fn start(
    state: &AppState,
    v: Viewer,
    lang: Lang,
    q: ListQuery,
) -> Result<axum::body::Bytes, WebError> {
    let before = paging_key(q.vor.as_deref());
    let unread_only = q.unread_only();
    let nav = v.nav_unread();
    let csrf = v.csrf().unwrap_or_default().to_string();
    let key = (v.user_id, unread_only);
    if let (None, Some(nav)) = (before, &nav) {
        let pages = state.reader_pages.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = pages.get(&key) {
            let now = crate::store_now();
            // The view would record nothing (as `Store::record_visit`: within a minute of the
            // last, no new article).
            let quiet = now - p.visit_at < 60 && p.visit_max_id == nav.stamp.max_id;
            if p.csrf == csrf
                && p.lang == lang
                && p.unread_only == unread_only
                && p.stamp == nav.stamp
                && p.at.elapsed() < READER_PAGE_TTL
                && quiet
            {
                return Ok(p.page.clone());
            }
        }
    }
    let list = ReadingList {
        unread_only,
        before,
        limit: PAGE_SIZE,
        ..ReadingList::default()
    };
    let p = load_list(state, v.user_id, list, before.is_none())
        .await
        .map_err(|e| e.page(lang))?;
    let seen_max_id = p.visit.map(|x| x.seen_max_id);
    let mut m = marks_for(&v, back_of("/", &q), &p.listed);
    m.new_above = seen_max_id;
    let ids: Vec<i64> = p.listed.iter().map(|x| x.article.id).collect();
    m.toolbar = toolbar(&m, "/", unread_only, &Scope::default(), &ids, &p, lang);
    m.next = next_link("/", &p.listed, unread_only);
    // What arrived since the last visit comes first, above the divider (newest first among
    // themselves); the rest of the page keeps its order below it.
    let visit = p.visit;
    let mut listed = p.listed;
    if let Some(seen) = seen_max_id {
        listed.sort_by_key(|x| x.article.id <= seen);
    }
    let articles: Vec<StoredArticle> = listed.into_iter().map(|x| x.article).collect();
    let page =
        axum::body::Bytes::from(pages::index(&articles, PAGE_SIZE, Some(&m), state.tz, lang));
    if let (None, Some(nav), Some(visit)) = (before, nav, visit) {
        let mut pages = state.reader_pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() > 10_000 {
            pages.clear();
        }
        // Kept under the stamp read before the page's data: a change after it makes the next
        // view miss.
        pages.insert(
            key,
            ReaderPage {
                csrf,
                lang,
                unread_only,
                stamp: nav.stamp,
                at: std::time::Instant::now(),
                visit_at: visit.visit_at,
                visit_max_id: visit.visit_max_id,
                page: page.clone(),
            },
        );
    }
    Ok(page)
}

/// A source's page for a logged-in reader.
pub async fn source(
    state: &AppState,
    v: Viewer,
    lang: Lang,
    id: i64,
    q: ListQuery,
) -> Result<Html<String>, WebError> {
    let before = paging_key(q.vor.as_deref());
    let scope = Scope {
        source: Some(id),
        ..Scope::default()
    };
    let list = ReadingList {
        scope: scope.clone(),
        unread_only: q.unread_only(),
        before,
        limit: PAGE_SIZE,
        ..ReadingList::default()
    };
    // Only a source the reader follows (under their own title): another reader's stays theirs.
    let user = v.user_id;
    let src = db(state, move |s| super::viewer_source(s, Some(user), id))
        .await
        .map_err(|e| e.page(lang))?
        .ok_or_else(|| {
            WebError::new(
                StatusCode::NOT_FOUND,
                lang,
                "Diese Quelle gibt es nicht.",
                "There is no such source.",
            )
        })?;
    let p = load_list(state, v.user_id, list, false)
        .await
        .map_err(|e| e.page(lang))?;
    let base = format!("/quellen/{id}");
    let mut m = marks_for(&v, back_of(&base, &q), &p.listed);
    let ids: Vec<i64> = p.listed.iter().map(|x| x.article.id).collect();
    m.toolbar = toolbar(&m, &base, q.unread_only(), &scope, &ids, &p, lang);
    m.next = next_link(&base, &p.listed, q.unread_only());
    let articles: Vec<StoredArticle> = p.listed.into_iter().map(|x| x.article).collect();
    Ok(Html(pages::source(
        &src,
        &articles,
        1,
        false,
        Some(&m),
        state.tz,
        lang,
    )))
}

/// A logged-in reader's list of `scope` at `base` (a category's or a Ressort's page): their
/// subscriptions' articles in the scope with their state, the unread filter, the mark-all forms
/// for the scope and the page, and the next page's link.
pub async fn scoped_list(
    state: &AppState,
    v: &Viewer,
    lang: Lang,
    scope: Scope,
    base: &str,
    q: &ListQuery,
) -> Result<(Vec<StoredArticle>, Marks), WebError> {
    let before = paging_key(q.vor.as_deref());
    let list = ReadingList {
        scope: scope.clone(),
        unread_only: q.unread_only(),
        before,
        limit: PAGE_SIZE,
        ..ReadingList::default()
    };
    let p = load_list(state, v.user_id, list, false)
        .await
        .map_err(|e| e.page(lang))?;
    let mut m = marks_for(v, back_of(base, q), &p.listed);
    let ids: Vec<i64> = p.listed.iter().map(|x| x.article.id).collect();
    m.toolbar = toolbar(&m, base, q.unread_only(), &scope, &ids, &p, lang);
    m.next = next_link(base, &p.listed, q.unread_only());
    Ok((p.listed.into_iter().map(|x| x.article).collect(), m))
}

/// `GET /gemerkt`: the reader's saved articles, newest first.
pub async fn saved(
    State(state): State<AppState>,
    lang: Lang,
    Reader(v): Reader,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let before = paging_key(q.vor.as_deref());
    let user = v.user_id;
    let listed = db(&state, move |s| {
        let list = ReadingList {
            saved_only: true,
            before,
            limit: PAGE_SIZE,
            ..ReadingList::default()
        };
        s.reading_list(user, &list, &Filters::default())
    })
    .await
    .map_err(|e| e.page(lang))?;
    let mut m = marks_for(&v, back_of("/gemerkt", &q), &listed);
    m.next = next_link("/gemerkt", &listed, false);
    let mut b = html! {
        h1 { (l_saved(lang)) }
        @if listed.is_empty() {
            p.empty { (lang.t(
                "Noch nichts gemerkt. „Merken“ (Taste s) bei einem Artikel legt ihn hier ab.",
                "Nothing saved yet. “Save” (key s) on an article puts it here."
            )) }
        }
    }
    .into_string();
    let articles: Vec<StoredArticle> = listed.into_iter().map(|x| x.article).collect();
    pages::days(&mut b, &articles, Some(&m), state.tz, lang);
    if let Some(next) = &m.next {
        pages::pager(next, lang).render_to(&mut b);
    }
    let title = format!("Kurzgefasst – {}", l_saved(lang));
    Ok(Html(pages::layout(
        &Frame {
            lang,
            title: &title,
            feed: None,
            q: "",
        },
        &b,
    )))
}

fn l_saved(l: Lang) -> &'static str {
    l.t("Gemerkte Artikel", "Saved articles")
}

/// The form of the read and save buttons.
#[derive(Debug, serde::Deserialize)]
pub struct StateForm {
    csrf: String,
    /// `1` to set, `0` to clear.
    wert: Option<String>,
    weiter: Option<String>,
}

/// The answer to a state form: the new state as JSON for `fetch`, else a redirect back.
fn state_answer(
    headers: &HeaderMap,
    weiter: Option<&str>,
    id: i64,
    read: bool,
    saved: bool,
) -> Response {
    if wants_json(headers) {
        Json(serde_json::json!({ "id": id, "read": read, "saved": saved })).into_response()
    } else {
        Redirect::to(&safe_next(weiter)).into_response()
    }
}

async fn set_state(
    state: &AppState,
    lang: Lang,
    reader: &Reader,
    id: i64,
    f: &StateForm,
    (read, saved): (Option<bool>, Option<bool>),
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    reader.check_csrf(&f.csrf, lang)?;
    let user = reader.0.user_id;
    forget_counts(state, user);
    let found = db(state, move |s| {
        s.set_item_state(user, &[id], read, saved)?;
        Ok(s.reader_items_by_id(user, &[id])?.first().copied())
    })
    .await
    .map_err(|e| e.page(lang))?;
    forget_counts(state, user);
    let Some(item) = found else {
        return Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diesen Artikel gibt es nicht.",
            "There is no such article.",
        ));
    };
    Ok(state_answer(
        headers,
        f.weiter.as_deref(),
        id,
        item.read,
        item.starred,
    ))
}

/// `POST /artikel/{id}/gelesen`: read (`wert=1`) or unread (`wert=0`) for this reader.
pub async fn mark_read(
    State(state): State<AppState>,
    lang: Lang,
    reader: Reader,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<StateForm>,
) -> Result<Response, WebError> {
    let on = f.wert.as_deref() != Some("0");
    set_state(&state, lang, &reader, id, &f, (Some(on), None), &headers).await
}

/// `POST /artikel/{id}/merken`: save (`wert=1`) or unsave (`wert=0`) for this reader.
pub async fn mark_saved(
    State(state): State<AppState>,
    lang: Lang,
    reader: Reader,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<StateForm>,
) -> Result<Response, WebError> {
    let on = f.wert.as_deref() != Some("0");
    set_state(&state, lang, &reader, id, &f, (None, Some(on)), &headers).await
}

/// The "mark all read" form: the scope and the newest article id when the page was rendered.
#[derive(Debug, serde::Deserialize)]
pub struct MarkAllForm {
    csrf: String,
    bis_id: String,
    quelle: Option<String>,
    von: Option<String>,
    bis: Option<String>,
    ids: Option<String>,
    /// One of the reader's categories (its id).
    kategorie: Option<String>,
    /// A Ressort (its slug).
    ressort: Option<String>,
    weiter: Option<String>,
}

fn int(v: Option<&str>) -> Option<i64> {
    v.and_then(|s| s.trim().parse().ok())
}

/// `POST /gelesen`: marks every article of the scope (all, a source, a day, a page's ids) up to
/// the newest article the page showed as read for this reader.
pub async fn mark_all(
    State(state): State<AppState>,
    lang: Lang,
    reader: Reader,
    headers: HeaderMap,
    Form(f): Form<MarkAllForm>,
) -> Result<Response, WebError> {
    reader.check_csrf(&f.csrf, lang)?;
    let Some(max_id) = int(Some(&f.bis_id)) else {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Das Formular ist unvollständig (bis_id fehlt). Bitte neu laden.",
            "The form is incomplete (bis_id is missing). Please reload.",
        ));
    };
    let ids = f.ids.as_deref().map(|s| {
        s.split(',')
            .filter_map(|x| x.trim().parse().ok())
            .take(1000)
            .collect::<Vec<i64>>()
    });
    let scope = Scope {
        source: int(f.quelle.as_deref()),
        from: int(f.von.as_deref()),
        until: int(f.bis.as_deref()),
        ids,
        arrived_from: None,
        // Another reader's category id marks nothing: the scope is within this reader's
        // subscriptions, and a category narrows them to theirs only.
        category: int(f.kategorie.as_deref()),
        ressort: f
            .ressort
            .as_deref()
            .and_then(crate::ressort::Ressort::from_slug),
    };
    let user = reader.0.user_id;
    let change = db(&state, move |s| {
        s.mark_scope_read_tracked(user, &scope, max_id)
    })
    .await
    .map_err(|e| e.page(lang))?;
    // Taken out of the reader's counts (no recount on the next page).
    state.unread.apply_read(user, &change);
    let n = change.ids.len();
    if wants_json(&headers) {
        Ok(Json(serde_json::json!({ "marked": n })).into_response())
    } else {
        Ok(Redirect::to(&safe_next(f.weiter.as_deref())).into_response())
    }
}

/// The day page's marks: the reader's state of the stories' lead articles, which of them stay
/// visible (filters; `unread_only`), and the mark-all form of `scope` (the day, and the
/// category or Ressort of the page).
#[allow(clippy::too_many_arguments)]
pub async fn day_marks(
    state: &AppState,
    v: &Viewer,
    ids: Vec<i64>,
    scope: Scope,
    unread_only: bool,
    back: String,
    lang: Lang,
) -> Result<(Marks, std::collections::HashSet<i64>), WebError> {
    let user = v.user_id;
    let (listed, max_id) = db(state, move |s| {
        let list = ReadingList {
            limit: ids.len(),
            unread_only,
            scope: Scope {
                ids: Some(ids),
                ..Scope::default()
            },
            ..ReadingList::default()
        };
        Ok((
            s.reading_list(user, &list, &s.filters(user)?)?,
            s.max_article_id()?,
        ))
    })
    .await
    .map_err(|e| e.page(lang))?;
    let visible = listed.iter().map(|x| x.article.id).collect();
    let mut m = marks_for(v, back, &listed);
    let base = m
        .back
        .replace("&ungelesen=1", "")
        .replace("?ungelesen=1", "");
    let whole_day = lang.t(
        "Den ganzen Tag als gelesen markieren",
        "Mark the whole day as read",
    );
    m.toolbar = html! {
        div.toolbar id="leiste" {
            (unread_filter(&base, unread_only, lang))
            (mark_all_form(&m, &scope, max_id, "alle-gelesen", whole_day, Some("A")))
        }
    }
    .into_string();
    Ok((m, visible))
}

// ---- Filters ----

/// `GET /filter`: the reader's mute and keep rules, how many articles each hid in the last 7
/// days, the form for a new rule, and the cluster-reading setting.
pub async fn filter_page(
    State(state): State<AppState>,
    lang: Lang,
    Reader(v): Reader,
) -> Result<Html<String>, WebError> {
    render_filters(&state, lang, &v, None).await
}

/// Articles of the last 7 days looked at for the counts of the filter page.
const COUNT_WINDOW: usize = 20_000;

async fn render_filters(
    state: &AppState,
    lang: Lang,
    v: &Viewer,
    error: Option<&str>,
) -> Result<Html<String>, WebError> {
    let user = v.user_id;
    let (filters, counts, names, prefs, cats) = db(state, move |s| {
        let filters = s.filters(user)?;
        let week = Scope {
            arrived_from: Some(crate::store_now() - 7 * 86_400),
            ..Scope::default()
        };
        let counts = s.hidden_counts(user, &week, &filters, COUNT_WINDOW)?;
        Ok((
            filters,
            counts,
            s.source_names()?,
            s.reader_prefs(user)?,
            s.categories(user)?,
        ))
    })
    .await
    .map_err(|e| e.page(lang))?;
    let csrf = v.csrf().unwrap_or_default();
    let l = lang;
    let name_of = |id: Option<i64>| {
        id.and_then(|id| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()))
            .unwrap_or_default()
    };
    // Each rule as shown: id, action, where, pattern, articles hidden in the last 7 days.
    let rows: Vec<(i64, &str, &str, String, String)> = filters
        .rules
        .iter()
        .map(|r| {
            let hidden = counts
                .iter()
                .find(|(id, _)| *id == r.id)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            let action = match r.action {
                RuleAction::Mute => l.t("Stummschalten", "Mute"),
                RuleAction::Keep => l.t("Behalten", "Keep"),
            };
            let field = match r.field {
                RuleField::Title => l.t("Titel", "Title"),
                RuleField::Anywhere => l.t("Überall", "Anywhere"),
                RuleField::Source => l.t("Quelle", "Source"),
                RuleField::Ressort => l.t("Ressort", "Section"),
                RuleField::Category => l.t("Kategorie", "Category"),
            };
            let pattern = match r.field {
                RuleField::Source => name_of(r.source_id),
                RuleField::Ressort => crate::ressort::Ressort::from_slug(&r.pattern)
                    .map_or(r.pattern.clone(), |x| x.label(l == Lang::En).to_string()),
                RuleField::Category => cats
                    .iter()
                    .find(|c| Some(c.id) == r.category_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                _ => r.pattern.clone(),
            };
            let count = if r.action == RuleAction::Mute {
                hidden.to_string()
            } else {
                "–".to_string()
            };
            (r.id, action, field, pattern, count)
        })
        .collect();
    let body = html! {
        h1 { (l.t("Filter", "Filters")) }
        @if let Some(e) = error { p.error role="alert" { (e) } }
        p { (l.t(
            "Stummgeschaltete Artikel sehen nur Sie nicht mehr: nicht in den Listen, nicht in „Der Tag“, nicht in Ihren Feeds und API-Antworten. Gelöscht wird nichts. Eine Behalten-Regel geht jeder Stummschaltung vor. Wörter werden wie in der Suche verglichen (Grundform, Umlaute gleich ae/oe/ue).",
            "Muted articles are hidden from you only: in the lists, “The day”, your feeds and API answers. Nothing is deleted. A keep rule overrides every mute rule. Words are compared as in search (stems, umlauts folded)."
        )) }
        @if rows.is_empty() {
            p.empty { (l.t("Noch keine Regeln.", "No rules yet.")) }
        } @else {
            table.rules {
                thead { tr {
                    th { (l.t("Regel", "Rule")) }
                    th { (l.t("Worin", "Where")) }
                    th { (l.t("Muster", "Pattern")) }
                    th { (l.t("Ausgeblendet (7 Tage)", "Hidden (7 days)")) }
                    th {}
                } }
                tbody {
                    @for (id, action, field, pattern, count) in &rows {
                        tr data-rule=(id) {
                            td { (action) }
                            td { (field) }
                            td.pattern { (pattern) }
                            td.hidden-count { (count) }
                            td {
                                form action={ "/filter/" (id) "/entfernen" } method="post" {
                                    (pages::csrf_input(csrf))
                                    button type="submit" { (l.t("Entfernen", "Remove")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (l.t("Neue Regel", "New rule")) }
        form.admin id="neue-regel" action="/filter/neu" method="post" {
            (pages::csrf_input(csrf))
            p {
                label for="aktion" { (l.t("Aktion", "Action")) } " "
                select id="aktion" name="aktion" {
                    option value="mute" { (l.t("Stummschalten", "Mute")) }
                    option value="keep" { (l.t("Behalten", "Keep")) }
                }
                " "
                label for="feld" { (l.t("Worin", "Where")) } " "
                select id="feld" name="feld" {
                    option value="title" { (l.t("im Titel", "in the title")) }
                    option value="anywhere" { (l.t("überall (Titel und Text)", "anywhere (title and text)")) }
                    option value="source" { (l.t("Quelle", "source")) }
                    option value="ressort" { (l.t("Ressort", "section")) }
                    option value="category" { (l.t("Kategorie", "category")) }
                }
            }
            p {
                label for="muster" { (l.t("Wort oder Wortfolge", "Word or phrase")) } br;
                input id="muster" name="muster" maxlength="200";
            }
            p {
                label for="regel-quelle" { (l.t("Quelle (nur für Quell-Regeln)", "Source (source rules only)")) } br;
                select id="regel-quelle" name="quelle" {
                    option value="" { "–" }
                    @for (id, name) in &names { option value=(id) { (name) } }
                }
            }
            p {
                label for="regel-ressort" { (l.t("Ressort (nur für Ressort-Regeln)", "Section (section rules only)")) } br;
                select id="regel-ressort" name="ressort" {
                    option value="" { "–" }
                    @for r in crate::ressort::Ressort::ALL { option value=(r.slug()) { (r.label(l == Lang::En)) } }
                }
            }
            p {
                label for="regel-kategorie" { (l.t("Kategorie (nur für Kategorie-Regeln)", "Category (category rules only)")) } br;
                select id="regel-kategorie" name="kategorie" {
                    option value="" { "–" }
                    @for c in &cats { option value=(c.id) { (c.name) } }
                }
            }
            p { button type="submit" id="regel-anlegen" { (l.t("Regel anlegen", "Add rule")) } }
        }
        h2 { (l.t("Lesen", "Reading")) }
        form.admin action="/filter/cluster" method="post" {
            (pages::csrf_input(csrf))
            p {
                label {
                    input type="checkbox" name="an" value="1" id="cluster-lesen" checked[prefs.cluster_read];
                    " "
                    (l.t(
                        "Wer einen Artikel einer Geschichte liest, hat die anderen Artikel derselben Geschichte gelesen",
                        "Reading one article of a story marks the story's other articles read"
                    ))
                }
            }
            p { button type="submit" id="cluster-speichern" { (l.t("Speichern", "Save")) } }
        }
    };
    let b = body.into_string();
    let title = format!("Kurzgefasst – {}", l.t("Filter", "Filters"));
    Ok(Html(pages::layout(
        &Frame {
            lang,
            title: &title,
            feed: None,
            q: "",
        },
        &b,
    )))
}

/// The form of a new rule.
#[derive(Debug, serde::Deserialize)]
pub struct RuleForm {
    csrf: String,
    aktion: String,
    feld: String,
    muster: Option<String>,
    quelle: Option<String>,
    /// The Ressort of a Ressort rule (its slug).
    ressort: Option<String>,
    /// The category of a category rule (the id of one of the reader's categories).
    kategorie: Option<String>,
}

/// `POST /filter/neu`: adds a rule for this reader.
pub async fn add_rule(
    State(state): State<AppState>,
    lang: Lang,
    reader: Reader,
    Form(f): Form<RuleForm>,
) -> Result<Response, WebError> {
    reader.check_csrf(&f.csrf, lang)?;
    let rule = match (RuleAction::parse(&f.aktion), RuleField::parse(&f.feld)) {
        (Some(a), Some(RuleField::Category)) => {
            int(f.kategorie.as_deref()).map(|c| Rule::category(a, c))
        }
        (Some(a), Some(field)) => Rule::new(
            a,
            field,
            if field == RuleField::Ressort {
                f.ressort.as_deref().unwrap_or("")
            } else {
                f.muster.as_deref().unwrap_or("")
            },
            int(f.quelle.as_deref()),
        ),
        _ => None,
    };
    let Some(rule) = rule else {
        let msg = lang.t(
            "Die Regel braucht ein Wort (für Titel oder überall), eine Quelle (für Quell-Regeln), ein Ressort (für Ressort-Regeln) oder eine Kategorie (für Kategorie-Regeln).",
            "The rule needs a word (for title or anywhere), a source (for source rules), a section (for section rules) or a category (for category rules).",
        );
        let page = render_filters(&state, lang, &reader.0, Some(msg)).await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    };
    let user = reader.0.user_id;
    // A category rule names one of the reader's own categories: another reader's is not found.
    let added = db(&state, move |s| {
        if let Some(c) = rule.category_id {
            if s.category(user, c)?.is_none() {
                return Ok(false);
            }
        }
        s.add_rule(user, &rule).map(|_| true)
    })
    .await
    .map_err(|e| e.page(lang))?;
    if !added {
        let msg = lang.t(
            "Diese Kategorie gibt es nicht.",
            "There is no such category.",
        );
        let page = render_filters(&state, lang, &reader.0, Some(msg)).await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    }
    Ok(Redirect::to("/filter").into_response())
}

/// `POST /filter/{id}/entfernen`: removes one of this reader's rules (another reader's rule id
/// removes nothing).
pub async fn remove_rule(
    State(state): State<AppState>,
    lang: Lang,
    reader: Reader,
    Path(id): Path<i64>,
    Form(f): Form<super::auth::CsrfForm>,
) -> Result<Response, WebError> {
    reader.check_csrf(&f.csrf, lang)?;
    let user = reader.0.user_id;
    let removed = db(&state, move |s| s.remove_rule(user, id))
        .await
        .map_err(|e| e.page(lang))?;
    if !removed {
        return Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diese Regel gibt es nicht.",
            "There is no such rule.",
        ));
    }
    Ok(Redirect::to("/filter").into_response())
}

/// The cluster-reading setting as posted (an unchecked box sends nothing).
#[derive(Debug, serde::Deserialize)]
pub struct ClusterForm {
    csrf: String,
    an: Option<String>,
}

/// `POST /filter/cluster`: turns cluster reading on or off for this reader.
pub async fn set_cluster(
    State(state): State<AppState>,
    lang: Lang,
    reader: Reader,
    Form(f): Form<ClusterForm>,
) -> Result<Response, WebError> {
    reader.check_csrf(&f.csrf, lang)?;
    let user = reader.0.user_id;
    let on = f.an.is_some();
    db(&state, move |s| s.set_cluster_read(user, on))
        .await
        .map_err(|e| e.page(lang))?;
    Ok(Redirect::to("/filter").into_response())
}

/// Read marks of opened articles, written together: the article page hands its reader's open
/// to one writer thread, which takes every open that is waiting and writes them in one
/// transaction ([`crate::store::Store::open_articles_tracked`]: one commit, and one change the
/// store's read connections see, for many pages), then answers each page with its own change.
/// Under load the batches grow by themselves; alone, a page waits for its own commit only.
pub struct ReadMarks {
    store: std::sync::Arc<crate::store::Store>,
    counter: std::sync::Arc<crate::store::UnreadCounter>,
    queue: std::sync::OnceLock<std::sync::mpsc::Sender<OpenJob>>,
}

/// An open waiting for its write: reader, article, the page's navigation before it, where
/// the answer goes.
type OpenJob = (
    i64,
    i64,
    Option<std::sync::Arc<NavUnread>>,
    tokio::sync::oneshot::Sender<Result<Opened, crate::store::StoreError>>,
);

/// What an open did: the change, and the page's navigation after it.
pub type Opened = (crate::store::ReadChange, NavUnread);

/// The most opens written in one transaction.
const OPENS_PER_COMMIT: usize = 256;

impl ReadMarks {
    /// Read marks for `store`, taken out of `counter`'s unread counts as they are committed
    /// (in the order of the readers' versions); the writer thread starts with the first open
    /// and ends when the last handle is dropped.
    pub fn new(
        store: std::sync::Arc<crate::store::Store>,
        counter: std::sync::Arc<crate::store::UnreadCounter>,
    ) -> ReadMarks {
        ReadMarks {
            store,
            counter,
            queue: std::sync::OnceLock::new(),
        }
    }

    /// Marks article `id` read for `user` as opening it does (with its story cluster when the
    /// reader wants that), together with the opens of other pages waiting at the same time:
    /// the change as [`crate::store::Store::open_article_tracked`] tells it, already taken
    /// out of the reader's unread counts ([`crate::store::UnreadCounter::apply_read`]), and
    /// the page's navigation (`before`, the one read with the viewer) after it.
    pub async fn open(
        &self,
        user: i64,
        id: i64,
        before: Option<std::sync::Arc<NavUnread>>,
    ) -> Result<Opened, crate::store::StoreError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let queue = self.queue.get_or_init(|| self.start());
        if queue.send((user, id, before, reply)).is_err() {
            return Err(crate::store::StoreError::NotFound(
                "read-mark writer".into(),
            ));
        }
        answer.await.unwrap_or_else(|_| {
            Err(crate::store::StoreError::NotFound(
                "read-mark writer".into(),
            ))
        })
    }

    fn start(&self) -> std::sync::mpsc::Sender<OpenJob> {
        let (tx, rx) = std::sync::mpsc::channel::<OpenJob>();
        let store = std::sync::Arc::clone(&self.store);
        let counter = std::sync::Arc::clone(&self.counter);
        let spawned = std::thread::Builder::new()
            .name("kg-read-marks".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    while jobs.len() < OPENS_PER_COMMIT {
                        match rx.try_recv() {
                            Ok(j) => jobs.push(j),
                            Err(_) => break,
                        }
                    }
                    // A panic while writing answers this batch's pages with an error (their
                    // answer channels are dropped) and leaves the writer running.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        write_opens(&store, &counter, jobs)
                    }));
                }
            });
        if let Err(e) = spawned {
            // Without the thread every open is answered with an error.
            tracing::error!(error = %e, "cannot start the read-mark writer");
        }
        tx
    }
}

/// Writes `jobs` in one transaction, takes each change out of the reader's counts in commit
/// order, and answers each page with its change and navigation.
fn write_opens(
    store: &crate::store::Store,
    counter: &crate::store::UnreadCounter,
    jobs: Vec<OpenJob>,
) {
    let opens: Vec<(i64, i64)> = jobs.iter().map(|(u, a, _, _)| (*u, *a)).collect();
    let done = store.open_articles_tracked(&opens);
    // In commit order, so each reader's changes come to the counter one after
    // the other, before any page asks for the counts they made.
    for ((user, _), change) in opens.iter().zip(&done) {
        if let Ok(change) = change {
            counter.apply_read(*user, change);
        }
    }
    for ((user, _, before, reply), change) in jobs.into_iter().zip(done) {
        // The page's navigation counts the article (and its story) as read:
        // the counts of the version this change made (or a later one).
        let opened = change.and_then(|c| {
            let nav = nav_after_read(store, counter, user, before.as_deref(), &c)?;
            Ok((c, nav))
        });
        let _ = reply.send(opened);
    }
}
