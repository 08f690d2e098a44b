//! A reader's categories in the browser (issue 19): `/kategorie/{slug}` (the start page's list
//! of the sources in that category), its Atom feed and its own "Der Tag in Kürze"; and
//! `/kategorien`, where a reader makes, renames and deletes categories and moves or renames
//! subscriptions. Everything here is the logged-in reader's own: another reader's category or
//! subscription is not found. Every form checks the session's CSRF token.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;

use super::auth::{Admin, CsrfForm};
use super::lang::Lang;
use super::pages::{self, enc, Frame};
use super::{db, paging_key, AppState, DayQuery, IndexQuery, Scope, WebError, PAGE_SIZE};
use crate::store::{Category, StoreError, SubscriptionChange};
use maud::html;

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
    let page = pages::ScopedList {
        base: format!("/kategorie/{slug}"),
        heading: html! { h1 { (cat.name) } },
        search: (
            format!("/suche?kategorie={slug}"),
            lang.t("In dieser Kategorie suchen", "Search this category"),
        ),
        empty: lang.t(
            "Noch keine Artikel in dieser Kategorie.",
            "No articles in this category yet.",
        ),
        name: &cat.name,
    };
    Ok(Html(page.render(&articles, PAGE_SIZE, marks.as_ref(), state.tz, lang)).into_response())
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
        &html! { p.kategorie { (cat.name) } "\n<h1" }.into_string(),
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
    let csrf_input = pages::csrf_input(&csrf);
    let body = html! {
        h1 { (l.t("Kategorien", "Categories")) }
        @if q.ok.is_some() { p.notice role="status" { (l.t("Gespeichert.", "Saved.")) } }
        form.admin id="kategorie-neu" action="/kategorien/neu" method="post" {
            (csrf_input)
            p {
                label for="kategorie-name" { (l.t("Neue Kategorie", "New category")) } br;
                input id="kategorie-name" name="name" required maxlength="100";
                " "
                button type="submit" id="kategorie-anlegen" { (l.t("Anlegen", "Create")) }
            }
        }
        @if !cats.is_empty() {
            ul.kategorien {
                @for c in &cats {
                    @let rename = l.t("Umbenennen", "Rename");
                    @let delete = l.t("Löschen", "Delete");
                    li {
                        a href={ "/kategorie/" (enc(&c.slug)) } { (c.name) } " "
                        small { "(" (c.subscriptions) " " (l.t("Abos", "subscriptions")) ")" }
                        form action={ "/kategorien/" (c.id) "/umbenennen" } method="post" {
                            (csrf_input)
                            label.visually-hidden for={ "umbenennen-" (c.id) } { (rename) }
                            input id={ "umbenennen-" (c.id) } name="name" required maxlength="100" value=(c.name);
                            " "
                            button type="submit" { (rename) }
                        }
                        form action={ "/kategorien/" (c.id) "/loeschen" } method="post" {
                            (csrf_input)
                            button type="submit" class="remove" aria-label={ (delete) ": " (c.name) } { (delete) }
                        }
                    }
                }
            }
        }
        h2 { (l.t("Abos", "Subscriptions")) }
        @if subs.is_empty() {
            p.empty { (l.t("Keine Quellen abonniert.", "No sources subscribed.")) }
        }
        @for sub in &subs {
            @let id = sub.source.id;
            @let current = sub.category.as_ref().map(|c| c.0);
            form.abo action={ "/quellen/" (id) "/abo" } method="post" {
                (csrf_input)
                p {
                    a href={ "/quellen/" (id) } { (sub.name()) } " "
                    small { (sub.source.url) } br;
                    label for={ "abo-titel-" (id) } { (l.t("Eigener Titel", "Own title")) } " "
                    input id={ "abo-titel-" (id) } name="titel" maxlength="100"
                        value=(sub.title.as_deref().unwrap_or(""))
                        placeholder=(sub.source.title.as_deref().unwrap_or(&sub.source.url));
                    " "
                    label for={ "abo-kategorie-" (id) } { (l.t("Kategorie", "Category")) } " "
                    select id={ "abo-kategorie-" (id) } name="kategorie" {
                        option value="" { (l.t("ohne Kategorie", "no category")) }
                        @for c in &cats {
                            option value=(c.id) selected[current == Some(c.id)] { (c.name) }
                        }
                    }
                    " "
                    button type="submit" { (l.t("Speichern", "Save")) }
                }
            }
        }
    };
    let b = body.into_string();
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
