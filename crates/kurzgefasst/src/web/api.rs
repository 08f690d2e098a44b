//! The JSON API: articles, one article, sources, search; described by the OpenAPI document at
//! `/api/openapi.json` (`static/openapi.json`, checked against the handlers by the tests).
//! Field names follow the seed record (titel, datum, quelle, tldr, inhalt).

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono_tz::Tz;
use serde::Serialize;

use super::{db, paging_key, AppState, DayQuery, SearchParams, SEARCH_PAGE};
use crate::record::{datum, quelle};
use crate::store::{
    BlockOut, ClusterSibling, DateSource, Highlighted, Source, StoredArticle, TldrSentenceOut,
};

/// The OpenAPI 3.1 document.
pub const OPENAPI: &str = include_str!("static/openapi.json");

/// Articles per `/api/articles` page unless `limit` says otherwise (at most 200).
const DEFAULT_LIMIT: usize = 50;

/// An API error: `{"error": "…"}` with its status.
pub struct ApiError(StatusCode, &'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

fn internal<E>(_: E) -> ApiError {
    ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

/// An article in lists: the record without Inhalt.
#[derive(Debug, Serialize)]
pub struct ArticleJson {
    /// Row id.
    pub id: i64,
    /// The headline.
    pub titel: String,
    /// Publication time, `DD.MM.YYYY HH:MM` in the server's zone.
    pub datum: String,
    /// The article's host.
    pub quelle: String,
    /// The TLDR as one text (empty when there is none).
    pub tldr: String,
    /// The original article.
    pub url: String,
    /// Publication time, RFC 3339 in the server's zone.
    pub published_at: String,
    /// True when the date is only the time the article was fetched.
    pub datum_is_fetch_time: bool,
    /// True when the article is behind a paywall.
    pub paywalled: bool,
    /// ISO 639-1 language, when known.
    pub language: Option<String>,
    /// The article's page on this server.
    pub html_url: String,
    /// Read by the viewer (only for a logged-in viewer or an API token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<bool>,
    /// Saved by the viewer (only for a logged-in viewer or an API token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved: Option<bool>,
    /// The Ressort's slug (`politik`, `sport`, …), when the article is filed under one.
    pub ressort: Option<crate::ressort::Ressort>,
    /// The page's kind: `article`, `liveblog`, `gallery`, `video`, `forum`, `listing`,
    /// `product`, `service` or `documentation`.
    pub page_type: kg_extract::PageType,
}

/// One article in full.
#[derive(Debug, Serialize)]
pub struct ArticleFullJson {
    /// The list fields.
    #[serde(flatten)]
    pub summary: ArticleJson,
    /// Teaser and text, paragraphs separated by blank lines.
    pub inhalt: String,
    /// The teaser.
    pub teaser: Option<String>,
    /// The text's blocks without the teaser.
    pub blocks: Vec<BlockOut>,
    /// Author(s).
    pub author: Option<String>,
    /// `extractive`, `llm`, `latest_entries` (a live blog's newest entries) or `list` (a
    /// listing's or gallery's items, verbatim), when there is a TLDR.
    pub tldr_method: Option<String>,
    /// The model of an LLM TLDR.
    pub tldr_model: Option<String>,
    /// The TLDR's sentences, each with the indices of the article sentences supporting it.
    pub tldr_sentences: Vec<TldrSentenceOut>,
    /// Why the text is the feed's rather than the page's, if it is.
    pub extract_error: Option<String>,
    /// The sources that carried the article.
    pub sources: Vec<SourceRef>,
    /// The news agencies the text names as its source.
    pub agency: Option<String>,
    /// Articles of the same story on other sites.
    pub also_reported_by: Vec<ClusterSibling>,
}

/// A source that carried an article.
#[derive(Debug, Serialize)]
pub struct SourceRef {
    /// The source's id.
    pub id: i64,
    /// Its title, or its URL.
    pub name: String,
}

fn summary(a: &StoredArticle, tz: Tz) -> ArticleJson {
    use chrono::TimeZone;
    let published = chrono::Utc
        .timestamp_opt(a.published_at, 0)
        .single()
        .map(|t| t.with_timezone(&tz).to_rfc3339());
    ArticleJson {
        id: a.id,
        titel: a.title.clone(),
        datum: datum(a.published_at, tz),
        quelle: quelle(&a.url),
        tldr: a.tldr.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
        url: a.url.clone(),
        published_at: published.unwrap_or_default(),
        datum_is_fetch_time: a.date_source == DateSource::Fetched,
        paywalled: a.paywalled,
        language: a.language.clone(),
        html_url: format!("/artikel/{}", a.id),
        read: None,
        saved: None,
        ressort: a.ressort,
        page_type: a.page_type,
    }
}

/// [`summary`] with the viewer's read and saved state.
fn with_state(mut j: ArticleJson, read: bool, saved: bool) -> ArticleJson {
    j.read = Some(read);
    j.saved = Some(saved);
    j
}

/// Query of `/api/articles`: `limit` (1 to 200) and `vor` (the `next` key of the previous page);
/// for a viewer (session or token) also `ungelesen=1` (only unread) and `gemerkt=1` (only saved).
#[derive(Debug, serde::Deserialize)]
pub struct ArticlesQuery {
    limit: Option<usize>,
    vor: Option<String>,
    /// One of the reader's categories (slug); needs a login or token.
    kategorie: Option<String>,
    /// `1`: only the viewer's unread articles.
    ungelesen: Option<String>,
    /// `1`: only the articles the viewer saved.
    gemerkt: Option<String>,
    /// Only articles filed under this Ressort (its slug).
    ressort: Option<String>,
}

/// A page of articles, newest first.
#[derive(Debug, Serialize)]
pub struct ArticlesPage {
    /// The articles.
    pub articles: Vec<ArticleJson>,
    /// The URL of the next (older) page, when this one was full.
    pub next: Option<String>,
}

/// `GET /api/articles`.
pub async fn articles(
    State(state): State<AppState>,
    Query(q): Query<ArticlesQuery>,
) -> Result<Json<ArticlesPage>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 200);
    let before = paging_key(q.vor.as_deref());
    let ressort = match q.ressort.as_deref() {
        None | Some("") => None,
        Some(slug) => match crate::ressort::Ressort::from_slug(slug) {
            Some(r) => Some(r),
            None => return Err(ApiError(StatusCode::BAD_REQUEST, "unknown ressort")),
        },
    };
    let viewer = super::auth::current();
    let slug = q.kategorie.clone().filter(|k| !k.trim().is_empty());
    if slug.is_some() && viewer.is_none() {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "categories need a login or API token",
        ));
    }
    let (unread_only, saved_only) = (
        q.ungelesen.as_deref() == Some("1"),
        q.gemerkt.as_deref() == Some("1"),
    );
    // A viewer's list: their subscriptions (one category of them), their state, without what
    // their filters hide; anonymous: every article.
    let list: Vec<(StoredArticle, Option<(bool, bool)>)> = match viewer {
        Some(v) => {
            let user = v.user_id;
            db(&state, move |s| {
                let mut l = crate::store::ReadingList {
                    unread_only,
                    saved_only,
                    before,
                    limit,
                    ..Default::default()
                };
                l.scope.ressort = ressort;
                if let Some(slug) = slug.as_deref() {
                    let Some(c) = s.category_by_slug(user, slug.trim())? else {
                        return Ok(None);
                    };
                    l.scope.category = Some(c.id);
                }
                s.reading_list(user, &l, &s.filters(user)?).map(Some)
            })
            .await
            .map_err(internal)?
            .ok_or(ApiError(StatusCode::NOT_FOUND, "no such category"))?
            .into_iter()
            .map(|x| (x.article, Some((x.read, x.saved))))
            .collect()
        }
        None => db(&state, move |s| match ressort {
            Some(r) => s.list_ressort(r.slug(), limit, before),
            None => s.list_articles(limit, before),
        })
        .await
        .map_err(internal)?
        .into_iter()
        .map(|a| (a, None))
        .collect(),
    };
    let extra = format!(
        "{}{}{}{}",
        ressort.map_or(String::new(), |r| format!("&ressort={}", r.slug())),
        if unread_only { "&ungelesen=1" } else { "" },
        if saved_only { "&gemerkt=1" } else { "" },
        q.kategorie
            .as_deref()
            .filter(|k| !k.trim().is_empty())
            .map(|k| format!("&kategorie={}", super::pages::enc(k.trim())))
            .unwrap_or_default()
    );
    let next = (list.len() == limit)
        .then(|| {
            list.last().map(|(a, _)| {
                format!(
                    "/api/articles?limit={limit}&vor={}_{}{extra}",
                    a.published_at, a.id
                )
            })
        })
        .flatten();
    Ok(Json(ArticlesPage {
        articles: list
            .iter()
            .map(|(a, st)| match st {
                Some((read, saved)) => with_state(summary(a, state.tz), *read, *saved),
                None => summary(a, state.tz),
            })
            .collect(),
        next,
    }))
}

/// `GET /api/articles/{id}`.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ArticleFullJson>, ApiError> {
    let user = super::auth::current().map(|v| v.user_id);
    let found = db(&state, move |s| {
        let Some(a) = s.article(id)? else {
            return Ok(None);
        };
        Ok(Some((
            a,
            super::viewer_article_sources(s, user, id)?,
            super::viewer_siblings(s, user, id)?,
            s.article_agency(id)?,
        )))
    })
    .await
    .map_err(internal)?;
    let (a, sources, siblings, agency) =
        found.ok_or(ApiError(StatusCode::NOT_FOUND, "no such article"))?;
    let mut head = summary(&a, state.tz);
    if let Some(v) = super::auth::current() {
        let user = v.user_id;
        let item = db(&state, move |s| s.reader_items_by_id(user, &[id]))
            .await
            .map_err(internal)?;
        if let Some(i) = item.first() {
            head = with_state(head, i.read, i.starred);
        }
    }
    let tldr = a.tldr.as_ref();
    Ok(Json(ArticleFullJson {
        summary: head,
        inhalt: a.content.clone(),
        teaser: a.teaser.clone(),
        blocks: a.blocks.clone(),
        author: a.author.clone(),
        tldr_method: tldr.map(|t| t.method.clone()),
        tldr_model: tldr.and_then(|t| t.model.clone()),
        tldr_sentences: tldr.map(|t| t.sentences.clone()).unwrap_or_default(),
        extract_error: a.extract_error.clone(),
        sources: sources
            .into_iter()
            .map(|(id, name)| SourceRef { id, name })
            .collect(),
        agency,
        also_reported_by: siblings,
    }))
}

/// The body of `POST /api/articles/{id}/state`: what to set (absent: unchanged).
#[derive(Debug, serde::Deserialize)]
pub struct StateBody {
    /// Read (true) or unread (false).
    pub read: Option<bool>,
    /// Saved (true) or not (false).
    pub saved: Option<bool>,
}

/// The viewer's state of one article.
#[derive(Debug, Serialize)]
pub struct StateJson {
    /// The article.
    pub id: i64,
    /// Read by the viewer.
    pub read: bool,
    /// Saved by the viewer.
    pub saved: bool,
}

/// `POST /api/articles/{id}/state`: sets the viewer's read and saved state of an article (the
/// same state as the pages and the Google Reader API). Needs an API token (`Authorization:
/// Bearer`); a browser session must send its CSRF token as `X-CSRF-Token`.
pub async fn set_state(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<StateBody>,
) -> Result<Json<StateJson>, ApiError> {
    let Some(v) = super::auth::current() else {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "login or API token required",
        ));
    };
    if let Some(csrf) = v.csrf() {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !crate::auth::same_secret(csrf, sent) {
            return Err(ApiError(
                StatusCode::FORBIDDEN,
                "CSRF token missing or wrong",
            ));
        }
    }
    let user = v.user_id;
    super::reading::forget_counts(&state, user);
    let item = db(&state, move |s| {
        s.set_item_state(user, &[id], body.read, body.saved)?;
        s.reader_items_by_id(user, &[id])
    })
    .await
    .map_err(internal)?;
    let i = item
        .first()
        .ok_or(ApiError(StatusCode::NOT_FOUND, "no such article"))?;
    Ok(Json(StateJson {
        id,
        read: i.read,
        saved: i.starred,
    }))
}

/// The subscribed sources with their health.
#[derive(Debug, Serialize)]
pub struct SourcesList {
    /// The sources, oldest subscription first.
    pub sources: Vec<Source>,
}

/// `GET /api/sources`.
pub async fn sources(State(state): State<AppState>) -> Result<Json<SourcesList>, ApiError> {
    let user = super::auth::current().map(|v| v.user_id);
    let sources = db(&state, move |s| super::viewer_sources(s, user))
        .await
        .map_err(internal)?;
    Ok(Json(SourcesList { sources }))
}

/// One search hit.
#[derive(Debug, Serialize)]
pub struct HitJson {
    /// The article.
    pub article: ArticleJson,
    /// bm25 score, lower is better (0 when there was no query text).
    pub score: f64,
    /// The title split into matching and other pieces.
    pub title: Highlighted,
    /// The best passage, split likewise.
    pub snippet: Highlighted,
}

/// A page of search results.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    /// The query text.
    pub query: String,
    /// The hits.
    pub hits: Vec<HitJson>,
    /// The URL of the next page, if there are more hits.
    pub next: Option<String>,
}

/// `GET /api/search`: the parameters of `/suche`.
pub async fn search(
    State(state): State<AppState>,
    Query(p): Query<SearchParams>,
) -> Result<Json<SearchPage>, ApiError> {
    let form = p.form();
    // As `/api/articles`: a Ressort that does not exist is refused, not ignored.
    if p.ressort.as_deref().is_some_and(|r| !r.trim().is_empty()) && form.ressort.is_none() {
        return Err(ApiError(StatusCode::BAD_REQUEST, "unknown ressort"));
    }
    let results = super::run_search(&state, &p, SEARCH_PAGE)
        .await
        .map_err(internal)?;
    let (hits, more) = match results {
        Some(r) => (r.hits, r.more),
        None => (Vec::new(), false),
    };
    let next = more.then(|| {
        format!(
            "/api/search?{}&seite={}",
            form.query_string(),
            form.page + 1
        )
    });
    Ok(Json(SearchPage {
        query: form.q.clone(),
        hits: hits
            .into_iter()
            .map(|h| HitJson {
                article: summary(&h.article, state.tz),
                score: h.score,
                title: h.title,
                snippet: h.snippet,
            })
            .collect(),
        next,
    }))
}

/// One story of the day.
#[derive(Debug, Serialize)]
pub struct StoryJson {
    /// Its newest article, with the TLDR.
    pub article: ArticleJson,
    /// The same story on other sites.
    pub also_reported_by: Vec<ClusterSibling>,
}

/// The day's biggest stories.
#[derive(Debug, Serialize)]
pub struct DayJson {
    /// The day, `YYYY-MM-DD` in the server's time zone.
    pub datum: String,
    /// The stories, most sites first.
    pub stories: Vec<StoryJson>,
}

/// `GET /api/tag`: "Der Tag in Kürze" (`datum=YYYY-MM-DD`, default the newest article's day).
pub async fn day(
    State(state): State<AppState>,
    Query(q): Query<DayQuery>,
) -> Result<Json<DayJson>, ApiError> {
    let ressort = match q.ressort.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(slug) => Some(
            crate::ressort::Ressort::from_slug(slug)
                .ok_or(ApiError(StatusCode::BAD_REQUEST, "unknown ressort"))?,
        ),
    };
    // A viewer's muted stories are left out (`day_stories`).
    let (date, stories) =
        super::day_stories(&state, q.datum.as_deref(), super::Scope::viewer(), ressort)
            .await
            .map_err(internal)?;
    Ok(Json(DayJson {
        datum: date.format("%Y-%m-%d").to_string(),
        stories: stories
            .into_iter()
            .map(|st| StoryJson {
                article: summary(&st.lead, state.tz),
                also_reported_by: st.others,
            })
            .collect(),
    }))
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        OPENAPI,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn openapi_document_is_json_with_every_route() {
        let v: serde_json::Value = serde_json::from_str(super::OPENAPI).expect("valid JSON");
        assert!(v["openapi"].as_str().unwrap().starts_with("3.1"));
        for p in [
            "/api/articles",
            "/api/articles/{id}",
            "/api/sources",
            "/api/search",
            "/api/tag",
            "/api/openapi.json",
        ] {
            assert!(v["paths"][p]["get"].is_object(), "{p} documented");
        }
        assert!(v["paths"]["/api/articles/{id}/state"]["post"].is_object());
    }
}
