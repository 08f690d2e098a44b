//! A reader's categories in the browser (issue 19): `/kategorie/{slug}` (the start page's list
//! of the sources in that category), its Atom feed and its own "Der Tag in Kürze"; and
//! `/kategorien`, where a reader makes, renames and deletes categories and moves or renames
//! subscriptions. Everything here is the logged-in reader's own: another reader's category or
//! subscription is not found. Every form checks the session's CSRF token.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;

use super::auth::{Admin, CsrfForm};
use super::lang::Lang;
use super::pages::{self, csrf_field, enc, esc, Frame};
use super::{db, paging_key, AppState, DayQuery, IndexQuery, Scope, WebError, PAGE_SIZE};
use crate::store::{Category, StoreError, SubscriptionChange};

fn no_category(lang: Lang) -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        lang,
        "Diese Kategorie gibt es nicht.",
        "There is no such category.",
    )
}

/// The logged-in viewer's category `slug` (none for anonymous visitors: categories are a
/// reader's own).
async fn viewer_category(
    state: &AppState,
    slug: String,
    lang: Lang,
) -> Result<(i64, Category), WebError> {
    let user = super::auth::current()
        .map(|v| v.user_id)
        .ok_or_else(|| no_category(lang))?;
    db(state, move |s| s.category_by_slug(user, &slug))
        .await
        .map_err(|e| e.page(lang))?
        .map(|c| (user, c))
        .ok_or_else(|| no_category(lang))
}

/// `GET /kategorie/{slug}`: the newest articles of the category's sources, by day.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
    Query(q): Query<IndexQuery>,
) -> Result<Response, WebError> {
    if super::auth::current().is_none() {
        let back = format!("/kategorie/{}", enc(&slug));
        return Ok(Redirect::to(&format!("/anmelden?weiter={}", enc(&back))).into_response());
    }
    let (user, cat) = viewer_category(&state, slug, lang).await?;
    let slug = enc(&cat.slug);
    // A session's reader gets their list of the category: their state, the unread filter,
    // mark all; an API token's viewer the list without forms.
    let (articles, marks) = match super::reading::session_reader() {
        Some(v) => {
            let scope = crate::store::Scope {
                category: Some(cat.id),
                ..Default::default()
            };
            let lq = super::reading::ListQuery {
                ungelesen: q.ungelesen.clone(),
                vor: q.vor.clone(),
            };
            let base = format!("/kategorie/{slug}");
            let (a, m) = super::reading::scoped_list(&state, &v, lang, scope, &base, &lq).await?;
            (a, Some(m))
        }
        None => {
            let before = paging_key(q.vor.as_deref());
            let scope = Scope {
                user: Some(user),
                category: Some(cat.id),
            };
            let a = db(&state, move |s| scope.newest(s, PAGE_SIZE, before))
                .await
                .map_err(|e| e.page(lang))?;
            let a = super::visible_only(&state, a)
                .await
                .map_err(|e| e.page(lang))?;
            (a, None)
        }
    };
    let mut b = format!(
        "<h1>{}</h1>\n<p class=\"export\"><a href=\"/kategorie/{slug}/tag\">{}</a> · \
<a href=\"/suche?kategorie={slug}\">{}</a> · <a href=\"/kategorie/{slug}/feed.atom\">Atom</a></p>\n",
        esc(&cat.name),
        lang.t("Der Tag in Kürze", "The day in brief"),
        lang.t("In dieser Kategorie suchen", "Search this category"),
    );
    if articles.is_empty() {
        let _ = write!(
            b,
            "<p class=\"empty\">{}</p>",
            lang.t(
                "Noch keine Artikel in dieser Kategorie.",
                "No articles in this category yet."
            )
        );
    }
    if !pages::reader_list(&mut b, &articles, marks.as_ref(), state.tz, lang)
        && articles.len() == PAGE_SIZE
    {
        if let Some(last) = articles.last() {
            let _ = write!(
                b,
                "<nav class=\"pager\" aria-label=\"{}\"><a href=\"/kategorie/{slug}?vor={}_{}\" rel=\"next\">{}</a></nav>",
                lang.t("Seiten", "Pages"),
                last.published_at,
                last.id,
                lang.t("Ältere Artikel", "Older articles")
            );
        }
    }
    let title = format!("Kurzgefasst – {}", cat.name);
    let frame = Frame {
        lang,
        title: &title,
        feed: Some((
            format!("/kategorie/{slug}/feed.atom"),
            format!("Kurzgefasst – {}", cat.name),
        )),
        q: "",
    };
    Ok(Html(pages::layout(&frame, &b)).into_response())
}

/// `GET /kategorie/{slug}/feed.atom`: the category's newest TLDRs (with a login or `?token=`).
pub async fn feed(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (user, cat) = viewer_category(&state, slug, lang).await?;
    let scope = Scope {
        user: Some(user),
        category: Some(cat.id),
    };
    let articles = db(&state, move |s| scope.newest(s, 50, None))
        .await
        .map_err(|e| e.page(lang))?;
    // What the reader muted is not in their feed.
    let articles = super::visible_only(&state, articles)
        .await
        .map_err(|e| e.page(lang))?;
    let base = super::base_url(&headers);
    let slug = enc(&cat.slug);
    let meta = super::atom::FeedMeta {
        title: &format!("Kurzgefasst – {}", cat.name),
        self_url: &format!("{base}/kategorie/{slug}/feed.atom"),
        page_url: &format!("{base}/kategorie/{slug}"),
        lang,
    };
    Ok(super::atom::atom_response(super::atom::feed(
        &meta, &base, &articles,
    )))
}

/// `GET /kategorie/{slug}/tag`: "Der Tag in Kürze" of the category's sources.
pub async fn day(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, WebError> {
    let (user, cat) = viewer_category(&state, slug, lang).await?;
    let scope = Scope {
        user: Some(user),
        category: Some(cat.id),
    };
    let list = crate::store::Scope {
        category: Some(cat.id),
        ..Default::default()
    };
    let base = format!("/kategorie/{}/tag", enc(&cat.slug));
    let page = super::day_page(&state, lang, &q, scope, list, &base).await?;
    // The category's name above the day's heading.
    let named = page.replacen(
        "<h1",
        &format!("<p class=\"kategorie\">{}</p>\n<h1", esc(&cat.name)),
        1,
    );
    Ok(Html(named))
}

/// Query of `/kategorien` after an action.
#[derive(Debug, serde::Deserialize)]
pub struct ManageQuery {
    ok: Option<String>,
}

/// `GET /kategorien`: the reader's categories (make, rename, delete) and subscriptions (move,
/// rename).
pub async fn manage(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Query(q): Query<ManageQuery>,
) -> Result<Html<String>, WebError> {
    let user = admin.0.user_id;
    let csrf = admin.0.csrf().unwrap_or_default().to_string();
    let (cats, subs) = db(&state, move |s| {
        Ok((s.categories(user)?, s.subscriptions(user, None)?))
    })
    .await
    .map_err(|e| e.page(lang))?;
    let l = lang;
    let mut b = format!("<h1>{}</h1>\n", l.t("Kategorien", "Categories"));
    if q.ok.is_some() {
        let _ = writeln!(
            b,
            "<p class=\"notice\" role=\"status\">{}</p>",
            l.t("Gespeichert.", "Saved.")
        );
    }
    let _ = writeln!(
        b,
        "<form class=\"admin\" id=\"kategorie-neu\" action=\"/kategorien/neu\" method=\"post\">{}\
<p><label for=\"kategorie-name\">{}</label><br><input id=\"kategorie-name\" name=\"name\" required maxlength=\"100\"> \
<button type=\"submit\" id=\"kategorie-anlegen\">{}</button></p></form>",
        csrf_field(&csrf),
        l.t("Neue Kategorie", "New category"),
        l.t("Anlegen", "Create"),
    );
    if !cats.is_empty() {
        b.push_str("<ul class=\"kategorien\">\n");
        for c in &cats {
            let _ = writeln!(
                b,
                "<li><a href=\"/kategorie/{slug}\">{name}</a> <small>({n} {abos})</small>\
<form action=\"/kategorien/{id}/umbenennen\" method=\"post\">{csrf}<label class=\"visually-hidden\" for=\"umbenennen-{id}\">{rename}</label>\
<input id=\"umbenennen-{id}\" name=\"name\" required maxlength=\"100\" value=\"{name}\"> <button type=\"submit\">{rename}</button></form>\
<form action=\"/kategorien/{id}/loeschen\" method=\"post\">{csrf}<button type=\"submit\" class=\"remove\" aria-label=\"{delete}: {name}\">{delete}</button></form></li>",
                slug = enc(&c.slug),
                name = esc(&c.name),
                n = c.subscriptions,
                abos = l.t("Abos", "subscriptions"),
                id = c.id,
                csrf = csrf_field(&csrf),
                rename = l.t("Umbenennen", "Rename"),
                delete = l.t("Löschen", "Delete"),
            );
        }
        b.push_str("</ul>\n");
    }
    let _ = writeln!(b, "<h2>{}</h2>", l.t("Abos", "Subscriptions"));
    if subs.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"empty\">{}</p>",
            l.t("Keine Quellen abonniert.", "No sources subscribed.")
        );
    }
    for sub in &subs {
        let id = sub.source.id;
        let current = sub.category.as_ref().map(|c| c.0);
        let mut options = format!(
            "<option value=\"\">{}</option>",
            l.t("ohne Kategorie", "no category")
        );
        for c in &cats {
            let _ = write!(
                options,
                "<option value=\"{}\"{}>{}</option>",
                c.id,
                if current == Some(c.id) {
                    " selected"
                } else {
                    ""
                },
                esc(&c.name)
            );
        }
        let _ = writeln!(
            b,
            "<form class=\"abo\" action=\"/quellen/{id}/abo\" method=\"post\">{}\
<p><a href=\"/quellen/{id}\">{}</a> <small>{}</small><br>\
<label for=\"abo-titel-{id}\">{}</label> <input id=\"abo-titel-{id}\" name=\"titel\" maxlength=\"100\" value=\"{}\" placeholder=\"{}\"> \
<label for=\"abo-kategorie-{id}\">{}</label> <select id=\"abo-kategorie-{id}\" name=\"kategorie\">{options}</select> \
<button type=\"submit\">{}</button></p></form>",
            csrf_field(&csrf),
            esc(sub.name()),
            esc(&sub.source.url),
            l.t("Eigener Titel", "Own title"),
            esc(sub.title.as_deref().unwrap_or("")),
            esc(sub.source.title.as_deref().unwrap_or(&sub.source.url)),
            l.t("Kategorie", "Category"),
            l.t("Speichern", "Save"),
        );
    }
    Ok(Html(pages::layout(
        &Frame {
            lang,
            title: lang.t("Kurzgefasst – Kategorien", "Kurzgefasst – Categories"),
            feed: None,
            q: "",
        },
        &b,
    )))
}

/// A form with a name.
#[derive(Debug, serde::Deserialize)]
pub struct NameForm {
    csrf: String,
    name: String,
}

/// The error page for a store error of a category action.
fn category_error(e: &StoreError, lang: Lang) -> WebError {
    match e {
        StoreError::Duplicate(_) => WebError::new(
            StatusCode::CONFLICT,
            lang,
            "Eine andere Kategorie heißt schon so.",
            "Another category has that name.",
        ),
        StoreError::BadName(_) => WebError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Der Name muss 1 bis 100 Zeichen lang sein.",
            "The name must be 1 to 100 characters long.",
        ),
        _ => WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "Interner Fehler: die Datenbank ist nicht erreichbar.",
            "Internal error: the database cannot be reached.",
        ),
    }
}

/// Runs a category action on a blocking thread, keeping its store error for the page.
async fn act<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&crate::store::Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<Result<T, StoreError>, WebError> {
    let store = std::sync::Arc::clone(&state.store);
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|_| {
            WebError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                Lang::De,
                "Interner Fehler.",
                "Internal error.",
            )
        })
}

/// `POST /kategorien/neu`.
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Form(f): Form<NameForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let user = admin.0.user_id;
    act(&state, move |s| s.ensure_category(user, &f.name))
        .await?
        .map_err(|e| category_error(&e, lang))?;
    Ok(Redirect::to("/kategorien?ok=1").into_response())
}

/// `POST /kategorien/{id}/umbenennen`.
pub async fn rename(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Path(id): Path<i64>,
    Form(f): Form<NameForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let user = admin.0.user_id;
    act(&state, move |s| s.rename_category(user, id, &f.name))
        .await?
        .map_err(|e| category_error(&e, lang))?
        .ok_or_else(|| no_category(lang))?;
    Ok(Redirect::to("/kategorien?ok=1").into_response())
}

/// `POST /kategorien/{id}/loeschen`: its subscriptions stay, without a category.
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let user = admin.0.user_id;
    if !db(&state, move |s| s.delete_category(user, id))
        .await
        .map_err(|e| e.page(lang))?
    {
        return Err(no_category(lang));
    }
    Ok(Redirect::to("/kategorien?ok=1").into_response())
}

/// The subscription form: own title (empty: the feed's) and category (id; empty: none).
#[derive(Debug, serde::Deserialize)]
pub struct SubscriptionForm {
    csrf: String,
    titel: Option<String>,
    kategorie: Option<String>,
}

/// `POST /quellen/{id}/abo`: moves a subscription to another of the reader's categories and
/// sets its own title.
pub async fn set_subscription(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Path(id): Path<i64>,
    Form(f): Form<SubscriptionForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let user = admin.0.user_id;
    let category = match f.kategorie.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| no_category(lang))?),
    };
    let title = f.titel.as_deref().and_then(crate::store::clean_name);
    let changed = db(&state, move |s| {
        if let Some(c) = category {
            if s.category(user, c)?.is_none() {
                return Ok(None);
            }
        }
        let change = SubscriptionChange {
            category: Some(category),
            title: Some(title),
        };
        s.update_subscription(user, id, &change).map(Some)
    })
    .await
    .map_err(|e| e.page(lang))?;
    match changed {
        None => Err(no_category(lang)),
        Some(false) => Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diese Quelle ist nicht abonniert.",
            "This source is not subscribed.",
        )),
        Some(true) => Ok(Redirect::to("/kategorien?ok=1").into_response()),
    }
}
