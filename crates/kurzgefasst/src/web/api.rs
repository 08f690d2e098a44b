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
    /// `extractive` or `llm`, when there is a TLDR.
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
    }
}

/// Query of `/api/articles`: `limit` (1 to 200) and `vor` (the `next` key of the previous page).
#[derive(Debug, serde::Deserialize)]
pub struct ArticlesQuery {
    limit: Option<usize>,
    vor: Option<String>,
    /// One of the reader's categories (slug); needs a login or token.
    kategorie: Option<String>,
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
    let mut scope = super::Scope::viewer();
    let slug = q.kategorie.clone().filter(|k| !k.trim().is_empty());
    if slug.is_some() && scope.user.is_none() {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "categories need a login or API token",
        ));
    }
    let list = db(&state, move |s| {
        if let (Some(user), Some(slug)) = (scope.user, slug.as_deref()) {
            let Some(c) = s.category_by_slug(user, slug.trim())? else {
                return Ok(None);
            };
            scope.category = Some(c.id);
        }
        scope.newest(s, limit, before).map(Some)
    })
    .await
    .map_err(internal)?
    .ok_or(ApiError(StatusCode::NOT_FOUND, "no such category"))?;
    let cat = q
        .kategorie
        .as_deref()
        .map(|k| format!("&kategorie={}", super::pages::enc(k.trim())))
        .unwrap_or_default();
    let next = (list.len() == limit)
        .then(|| {
            list.last().map(|a| {
                format!(
                    "/api/articles?limit={limit}&vor={}_{}{cat}",
                    a.published_at, a.id
                )
            })
        })
        .flatten();
    Ok(Json(ArticlesPage {
        articles: list.iter().map(|a| summary(a, state.tz)).collect(),
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
            s.cluster_siblings(id)?,
            s.article_agency(id)?,
        )))
    })
    .await
    .map_err(internal)?;
    let (a, sources, siblings, agency) =
        found.ok_or(ApiError(StatusCode::NOT_FOUND, "no such article"))?;
    let tldr = a.tldr.as_ref();
    Ok(Json(ArticleFullJson {
        summary: summary(&a, state.tz),
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
    let (date, stories) = super::day_stories(&state, q.datum.as_deref(), super::Scope::viewer())
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
    }
}
