//! `web`: the axum server. Thin handlers over [`crate::store::Store`]; pages are rendered on
//! the server by [`pages`], with every piece of text escaped there (no third-party HTML is ever
//! passed through), and no external assets. [`atom`] writes the Atom feeds, [`api`] the JSON API
//! and its OpenAPI document; [`lang`] picks German or English.

mod admin;
mod api;
mod atom;
mod auth;
mod briefing;
mod categories;
mod lang;
mod pages;
mod reader;
mod reading;
mod users;

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono_tz::Tz;

use crate::ingest::fetch::{FetchOptions, Fetcher};
use crate::ingest::Ingest;
use crate::store::{SearchQuery, SearchResults, SearchSort, Store, StoreError};
use lang::Lang;

/// Which parts of the application a `serve` process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Web server and polling scheduler.
    All,
    /// Web server only.
    Web,
    /// Polling scheduler only.
    Worker,
}

/// Everything `kurzgefasst serve` needs.
pub struct ServeOptions {
    /// The database.
    pub store: Arc<Store>,
    /// Where to listen.
    pub listen: std::net::SocketAddr,
    /// Subscribe to the bundled sources on first start.
    pub default_sources: bool,
    /// Which parts run.
    pub role: Role,
    /// Time zone of Datum.
    pub tz: Tz,
    /// HTTP client settings for polling.
    pub fetch: FetchOptions,
    /// The LLM backend for abstractive TLDRs, if configured.
    pub llm: Option<kg_summarize::llm::Config>,
    /// The embeddings server for story clusters, if configured.
    pub embeddings: Option<crate::ingest::embed::Config>,
    /// Seconds a worker's lease on a source lasts without a heartbeat (PostgreSQL).
    pub lease_secs: i64,
    /// Delivering the briefings (SMTP, public address); the worker sends them.
    pub delivery: crate::delivery::Config,
}

/// State shared by the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// Time zone of Datum.
    pub tz: Tz,
    /// The HTTP client for sources users add (private-address guard as configured).
    pub fetcher: Fetcher,
    /// Reading needs a login or token (the `reading_private` setting, cached).
    pub private: Arc<std::sync::atomic::AtomicBool>,
    /// Wakes the polling scheduler (after a source was added).
    pub wake: Arc<tokio::sync::Notify>,
    /// Store calls running at once (more only queue on the store's connection lock).
    pub db_permits: Arc<tokio::sync::Semaphore>,
    /// The start page as last rendered for anonymous readers, per language, with its time.
    pub start_cache: Arc<std::sync::Mutex<StartCache>>,
    /// Logged-in readers' unread counts for the navigation.
    pub unread: Arc<crate::store::UnreadCounter>,
    /// Sends briefings for the settings page's "send now" (SMTP, public address).
    pub delivery: Option<Arc<crate::delivery::Deliverer>>,
    /// Logged-in readers' start pages, kept while nothing on them changed.
    pub reader_pages: Arc<reading::ReaderPages>,
    /// Read marks of opened articles, written in batches by one thread.
    pub read_marks: Arc<reading::ReadMarks>,
}

/// The rendered start page per language (German, English) and when it was rendered.
pub type StartCache = [Option<(std::time::Instant, axum::body::Bytes)>; 2];

/// How long a rendered start page is served to anonymous readers before it is rendered again.
const START_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// Store calls run at once by the web handlers.
const DB_CONCURRENCY: usize = 2;

impl AppState {
    /// The state for `store`: reads the private-reading setting.
    pub fn new(store: Arc<Store>, tz: Tz, fetch: FetchOptions) -> anyhow::Result<AppState> {
        let private = store.setting(auth::PRIVATE_SETTING)?.as_deref() == Some("1");
        let unread = Arc::new(crate::store::UnreadCounter::default());
        let read_marks = Arc::new(reading::ReadMarks::new(
            Arc::clone(&store),
            Arc::clone(&unread),
        ));
        Ok(AppState {
            store,
            read_marks,
            tz,
            fetcher: Fetcher::new(fetch)?,
            private: Arc::new(std::sync::atomic::AtomicBool::new(private)),
            wake: Arc::new(tokio::sync::Notify::new()),
            db_permits: Arc::new(tokio::sync::Semaphore::new(DB_CONCURRENCY)),
            start_cache: Arc::new(std::sync::Mutex::new([None, None])),
            unread,
            delivery: None,
            reader_pages: Arc::default(),
        })
    }
}

/// Runs the server (and the scheduler, by role) until Ctrl-C or SIGTERM.
pub async fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    if opts.default_sources {
        add_default_sources(&opts.store)?;
    }
    if let Some(password) = crate::auth::ensure_admin(&opts.store)? {
        println!(
            "Kurzgefasst: {}: {} / {password}\n({})",
            crate::i18n::t("Admin-Konto angelegt", "admin account created"),
            crate::auth::ADMIN,
            crate::i18n::t(
                "einmalig angezeigt; ändern mit: kurzgefasst admin set-password",
                "shown once; change it with: kurzgefasst admin set-password"
            )
        );
    }
    opts.store.adopt_orphan_sources()?;
    let mut state = AppState::new(Arc::clone(&opts.store), opts.tz, opts.fetch.clone())?;
    let deliverer = Arc::new(crate::delivery::Deliverer::new(
        Arc::clone(&opts.store),
        opts.delivery.clone(),
    )?);
    state.delivery = Some(Arc::clone(&deliverer));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let scheduler = if opts.role != Role::Web {
        let embedder = opts
            .embeddings
            .clone()
            .map(crate::ingest::embed::Embedder::new)
            .transpose()?;
        let ingest = Arc::new(
            Ingest::new(Arc::clone(&opts.store), Fetcher::new(opts.fetch.clone())?)
                .with_embeddings(embedder),
        );
        let schedule = crate::ingest::schedule::ScheduleOptions::for_this_process(
            opts.lease_secs,
            ingest.source_concurrency,
        );
        tracing::info!(engine = opts.store.engine(), owner = %schedule.owner, role = ?opts.role, "polling");
        Some(tokio::spawn(crate::ingest::schedule::run(
            ingest,
            schedule,
            stop_rx.clone(),
            Arc::clone(&state.wake),
        )))
    } else {
        None
    };
    let llm_worker = match (&opts.llm, opts.role) {
        (Some(config), Role::All | Role::Worker) => {
            let worker = crate::llm_queue::LlmWorker::new(Arc::clone(&opts.store), config.clone())?;
            Some(tokio::spawn(Arc::new(worker).run(stop_rx.clone())))
        }
        _ => None,
    };
    let briefings = (opts.role != Role::Web).then(|| tokio::spawn(deliverer.run(stop_rx.clone())));
    if opts.role == Role::Worker {
        shutdown_signal().await;
    } else {
        let app = router(state);
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "{} {}: {e}",
                    crate::i18n::t("kann nicht lauschen auf", "cannot listen on"),
                    opts.listen
                )
            })?;
        tracing::info!(addr = %listener.local_addr()?, "listening");
        println!("Kurzgefasst: http://{}/", listener.local_addr()?);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    }
    let _ = stop_tx.send(true);
    if let Some(s) = scheduler {
        let _ = s.await;
    }
    if let Some(w) = llm_worker {
        let _ = w.await;
    }
    if let Some(b) = briefings {
        let _ = b.await;
    }
    Ok(())
}

/// On first start with an empty database, subscribes to the bundled German feeds, once.
pub fn add_default_sources(store: &Store) -> Result<usize, StoreError> {
    use crate::sources::{DEFAULTS_SETTING, DEFAULT_SOURCES};
    if store.setting(DEFAULTS_SETTING)?.is_some() {
        return Ok(0);
    }
    let mut added = 0;
    if store.list_sources()?.is_empty() {
        for (_, url) in DEFAULT_SOURCES {
            match store.add_source(url) {
                Ok(_) => added += 1,
                Err(StoreError::DuplicateSource(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    store.set_setting(DEFAULTS_SETTING, "1")?;
    Ok(added)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// The routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/artikel/{id}", get(article))
        .route("/artikel/{id}/gelesen", post(reading::mark_read))
        .route("/artikel/{id}/merken", post(reading::mark_saved))
        .route("/gelesen", post(reading::mark_all))
        .route("/gemerkt", get(reading::saved))
        .route("/filter", get(reading::filter_page))
        .route("/filter/neu", post(reading::add_rule))
        .route("/filter/cluster", post(reading::set_cluster))
        .route("/filter/{id}/entfernen", post(reading::remove_rule))
        .route("/ressort/{slug}", get(ressort))
        .route("/ressort/{slug}/feed.atom", get(atom::ressort))
        .route("/ressort/{slug}/tag", get(ressort_day))
        .route("/quellen", get(admin::sources))
        .route("/quellen/neu", post(admin::add_source))
        .route("/quellen/import", post(admin::import))
        .route("/quellen/{id}/entfernen", post(admin::remove_source))
        .route("/quellen/{id}", get(source))
        .route("/quellen.opml", get(opml))
        .route("/tag", get(day))
        .route("/kategorie/{slug}", get(categories::page))
        .route("/kategorie/{slug}/feed.atom", get(categories::feed))
        .route("/kategorie/{slug}/tag", get(categories::day))
        .route("/kategorien", get(categories::manage))
        .route("/kategorien/neu", post(categories::create))
        .route("/kategorien/{id}/umbenennen", post(categories::rename))
        .route("/kategorien/{id}/loeschen", post(categories::delete))
        .route("/quellen/{id}/abo", post(categories::set_subscription))
        .route("/leser", get(users::page))
        .route("/leser/neu", post(users::add))
        .route("/leser/{id}/entfernen", post(users::remove))
        .route("/leser/{id}/passwort", post(users::set_password))
        .route("/einstellungen/sprache", post(admin::set_language))
        .route("/suche", get(search))
        .route("/einstellungen", get(admin::settings))
        .route("/einstellungen/lesen", post(admin::set_reading))
        .route("/einstellungen/token", post(admin::create_token))
        .route(
            "/einstellungen/token/{id}/entfernen",
            post(admin::delete_token),
        )
        .route("/anmelden", get(auth::login_page).post(auth::login))
        .route("/abmelden", post(auth::logout))
        .route("/metrics", get(metrics))
        .route("/feed.atom", get(atom::all))
        .route("/quellen/{id}/feed.atom", get(atom::source))
        .route("/suche/feed.atom", get(atom::search))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/articles/{id}/state", post(api::set_state))
        .route("/api/sources", get(api::sources))
        .route("/api/search", get(api::search))
        .route("/api/tag", get(api::day))
        .route("/api/openapi.json", get(api::openapi))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
        .route("/healthz", get(healthz))
        .merge(reader::routes())
        .merge(briefing::routes())
        .route_layer(axum::middleware::from_fn(track_latency))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::identify,
        ))
        .layer(axum::middleware::from_fn(lang::remember))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// `/healthz`: 200 `ok` while the database answers (on SQLite: and its file is still the one
/// opened), 503 otherwise, so a supervisor or load balancer takes the process out of service.
async fn healthz(State(state): State<AppState>) -> Response {
    let store = Arc::clone(&state.store);
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::task::spawn_blocking(move || store.ping()),
    )
    .await;
    match ping {
        Ok(Ok(Ok(()))) => "ok".into_response(),
        Ok(Ok(Err(e))) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "health check failed\n").into_response()
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer within 5 s");
            (StatusCode::SERVICE_UNAVAILABLE, "database timeout\n").into_response()
        }
    }
}

async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// An error page for a failed handler, in the reader's language.
struct WebError {
    status: StatusCode,
    message: String,
    lang: Lang,
}

impl WebError {
    fn new(status: StatusCode, lang: Lang, de: &str, en: &str) -> WebError {
        WebError {
            status,
            message: lang.t_owned(de, en),
            lang,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (
            self.status,
            Html(pages::error_page(
                self.status.as_u16(),
                &self.message,
                self.lang,
            )),
        )
            .into_response()
    }
}

/// The Ressort a path names (`/ressort/{slug}…`), taken by a handler as a typed extractor: an
/// unknown slug is answered with a 404 page in the viewer's language before the handler runs.
struct RessortPath(crate::ressort::Ressort);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for RessortPath {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_parts(parts);
        let not_found = || {
            WebError::new(
                StatusCode::NOT_FOUND,
                lang,
                "Dieses Ressort gibt es nicht.",
                "There is no such section.",
            )
        };
        let Path(slug) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        crate::ressort::Ressort::from_slug(&slug)
            .map(RessortPath)
            .ok_or_else(not_found)
    }
}

/// A store call from a handler failed (the cause is logged where it happens).
struct DbError;

/// Runs a store call on a blocking thread.
async fn db<T, F>(state: &AppState, f: F) -> Result<T, DbError>
where
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    let store = Arc::clone(&state.store);
    // Waiting requests queue here, in async land, rather than as blocked threads on the lock.
    let Ok(_permit) = state.db_permits.acquire().await else {
        return Err(DbError);
    };
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "store error in handler");
            Err(DbError)
        }
        Err(e) => {
            tracing::error!(error = %e, "store task failed in handler");
            Err(DbError)
        }
    }
}

impl DbError {
    fn page(self, lang: Lang) -> WebError {
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "Interner Fehler: die Datenbank ist nicht erreichbar.",
            "Internal error: the database cannot be reached.",
        )
    }
}

/// Query of the start page: `?vor=PUBLISHED_ID` pages back; `?ungelesen=1` (logged-in
/// readers) shows only unread articles.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct IndexQuery {
    pub(crate) vor: Option<String>,
    pub(crate) ungelesen: Option<String>,
}

const PAGE_SIZE: usize = 50;

/// Whose articles a list shows: a logged-in reader's (the sources they follow, in one of their
/// categories when given), or every article for anonymous visitors (the instance's view).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope {
    /// The reader.
    pub user: Option<i64>,
    /// One of the reader's categories.
    pub category: Option<i64>,
}

impl Scope {
    /// The viewer's scope: their subscriptions when logged in (session or token).
    pub fn viewer() -> Scope {
        Scope {
            user: auth::current().map(|v| v.user_id),
            category: None,
        }
    }

    /// The newest articles in the scope, newest first; `before` pages by `(published_at, id)`.
    pub fn newest(
        self,
        s: &Store,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<crate::store::StoredArticle>, StoreError> {
        match self.user {
            Some(u) => s.list_subscribed_articles(u, self.category, limit, before),
            None => s.list_articles(limit, before),
        }
    }
}

/// Parses a `vor=PUBLISHED_ID` paging key.
fn paging_key(v: Option<&str>) -> Option<(i64, i64)> {
    let (p, i) = v?.split_once('_')?;
    Some((p.parse().ok()?, i.parse().ok()?))
}

/// The start page. For anonymous readers the first page is rendered at most every
/// [`START_TTL`] per language and served from memory in between; once it is older, one request
/// renders it again while the others are still served the previous one.
async fn index(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<IndexQuery>,
) -> Result<Html<axum::body::Bytes>, WebError> {
    if let Some(v) = reading::session_reader() {
        let q = reading::ListQuery {
            ungelesen: q.ungelesen,
            vor: q.vor,
        };
        return Ok(Html(reading::start(&state, v, lang, q).await?));
    }
    let slot = usize::from(lang == Lang::En);
    let cacheable = q.vor.is_none() && auth::current().is_none();
    if cacheable {
        let mut cache = state.start_cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, page)) = &mut cache[slot] {
            if at.elapsed() < START_TTL {
                return Ok(Html(page.clone()));
            }
            // This request renders the page again; the others keep getting the last one
            // meanwhile instead of all rendering it at once behind the store's two permits.
            *at = std::time::Instant::now();
        }
    }
    let before = paging_key(q.vor.as_deref());
    let scope = Scope::viewer();
    let articles = db(&state, move |s| scope.newest(s, PAGE_SIZE, before))
        .await
        .map_err(|e| e.page(lang))?;
    // An API token's reader (`?token=`): without what their filters hide.
    let articles = visible_only(&state, articles)
        .await
        .map_err(|e| e.page(lang))?;
    let page = axum::body::Bytes::from(pages::index(&articles, PAGE_SIZE, None, state.tz, lang));
    if cacheable {
        let mut cache = state.start_cache.lock().unwrap_or_else(|e| e.into_inner());
        cache[slot] = Some((std::time::Instant::now(), page.clone()));
    }
    Ok(Html(page))
}

/// `/ressort/{slug}`: the start page's list, filtered to one Ressort; 404 for an unknown one.
async fn ressort(
    State(state): State<AppState>,
    lang: Lang,
    RessortPath(r): RessortPath,
    Query(q): Query<IndexQuery>,
) -> Result<Html<String>, WebError> {
    if let Some(v) = reading::session_reader() {
        let scope = crate::store::Scope {
            ressort: Some(r),
            ..Default::default()
        };
        let lq = reading::ListQuery {
            ungelesen: q.ungelesen,
            vor: q.vor,
        };
        let base = format!("/ressort/{}", r.slug());
        let (articles, m) = reading::scoped_list(&state, &v, lang, scope, &base, &lq).await?;
        return Ok(Html(pages::ressort(
            r,
            &articles,
            PAGE_SIZE,
            Some(&m),
            state.tz,
            lang,
        )));
    }
    let before = paging_key(q.vor.as_deref());
    let user = auth::current().map(|v| v.user_id);
    let articles = db(&state, move |s| {
        ressort_articles(s, user, r, PAGE_SIZE, before)
    })
    .await
    .map_err(|e| e.page(lang))?;
    Ok(Html(pages::ressort(
        r, &articles, PAGE_SIZE, None, state.tz, lang,
    )))
}

/// The newest articles of Ressort `r`: every one for anonymous visitors; for a reader (an API
/// token's) those of their subscriptions that their filters leave visible.
fn ressort_articles(
    s: &Store,
    user: Option<i64>,
    r: crate::ressort::Ressort,
    limit: usize,
    before: Option<(i64, i64)>,
) -> Result<Vec<crate::store::StoredArticle>, StoreError> {
    let Some(u) = user else {
        return s.list_ressort(r.slug(), limit, before);
    };
    let list = crate::store::ReadingList {
        scope: crate::store::Scope {
            ressort: Some(r),
            ..Default::default()
        },
        before,
        limit,
        ..Default::default()
    };
    Ok(s.reading_list(u, &list, &s.filters(u)?)?
        .into_iter()
        .map(|x| x.article)
        .collect())
}

async fn article(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let reader = reading::session_reader();
    let user = auth::current().map(|v| v.user_id);
    // The browser session's reader, whose state the page shows (none for token access).
    let session_user = reader.as_ref().map(|v| v.user_id);
    let found = db(&state, move |s| {
        let Some(a) = s.article(id)? else {
            return Ok(None);
        };
        // The reader's state of the article (already read: nothing to write, its cluster was
        // marked when it was read).
        let item = match session_user {
            Some(u) => s.reader_items_by_id(u, &[id])?,
            None => Vec::new(),
        };
        let related = pages::Related {
            sources: viewer_article_sources(s, user, id)?,
            siblings: viewer_siblings(s, user, id)?,
            agency: s.article_agency(id)?,
            llm: s.llm_status(id)?,
            marks: None,
        };
        Ok(Some((a, item, related)))
    })
    .await
    .map_err(|e| e.page(lang))?;
    let found = match (found, reader) {
        (Some((a, mut item, mut related)), Some(v)) => {
            // Opening the article marks it read for a logged-in reader (and, with cluster
            // reading, its story's other articles): written together with other pages' opens.
            if let Some(i) = item.first_mut().filter(|i| !i.read) {
                let (_, nav) = state
                    .read_marks
                    .open(v.user_id, id, v.nav_unread())
                    .await
                    .map_err(|e| {
                        tracing::error!(error = %e, "cannot mark an opened article read");
                        DbError.page(lang)
                    })?;
                // Read now (its saved flag is as read just before: not read again); the page's
                // navigation counts it (and its story) as read.
                i.read = true;
                v.set_nav_unread(nav);
            }
            related.marks = Some(pages::Marks {
                csrf: v.csrf().unwrap_or_default().to_string(),
                back: format!("/artikel/{id}"),
                states: item.iter().map(|i| (i.id, (i.read, i.starred))).collect(),
                ..pages::Marks::default()
            });
            Some((a, related))
        }
        (Some((a, _, related)), None) => Some((a, related)),
        (None, _) => None,
    };
    match found {
        Some((a, related)) => Ok(Html(pages::article(&a, &related, state.tz, lang))),
        None => Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diesen Artikel gibt es nicht.",
            "There is no such article.",
        )),
    }
}

/// Query of "Der Tag in Kürze": `datum` (`YYYY-MM-DD`; default: the day of the newest article).
#[derive(Debug, serde::Deserialize)]
pub struct DayQuery {
    datum: Option<String>,
    ungelesen: Option<String>,
    /// `/api/tag` only: the day of one Ressort (its slug; the pages take it from their path).
    ressort: Option<String>,
}

/// Stories shown on "Der Tag in Kürze".
const DAY_STORIES: usize = 10;

/// The day's biggest stories (clusters of articles from several sites), most sites first: for
/// `asked` or, without it, the day of the newest article (in `tz`); the scope's view
/// (`crate::briefing::day_stories`, which the briefing shares).
async fn day_stories(
    state: &AppState,
    asked: Option<&str>,
    scope: Scope,
    ressort: Option<crate::ressort::Ressort>,
) -> Result<(chrono::NaiveDate, Vec<pages::Story>), DbError> {
    let tz = state.tz;
    let asked = asked.and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    db(state, move |s| {
        let date = match asked {
            Some(d) => d,
            None => crate::briefing::newest_day(s, scope.user, scope.category, ressort, tz)?,
        };
        let mut stories =
            crate::briefing::day_stories(s, scope.user, scope.category, ressort, date, tz)?;
        stories.truncate(DAY_STORIES);
        Ok((date, stories))
    })
    .await
}

/// Of `articles`, those the viewer's filters leave visible (all of them for anonymous
/// visitors): for lists that are not read through [`crate::store::Store::reading_list`].
async fn visible_only(
    state: &AppState,
    articles: Vec<crate::store::StoredArticle>,
) -> Result<Vec<crate::store::StoredArticle>, DbError> {
    let Some(v) = auth::current() else {
        return Ok(articles);
    };
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let user = v.user_id;
    let visible = db(state, move |s| s.visible_ids(user, &ids)).await?;
    Ok(articles
        .into_iter()
        .filter(|a| visible.contains(&a.id))
        .collect())
}

/// "Der Tag in Kürze": the day's biggest stories, each with its TLDR and the sites that
/// reported it.
async fn day(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, WebError> {
    day_page(
        &state,
        lang,
        &q,
        Scope::viewer(),
        crate::store::Scope::default(),
        "/tag",
    )
    .await
    .map(Html)
}

/// `/ressort/{slug}/tag`: "Der Tag in Kürze" of one Ressort (within a logged-in reader's
/// subscriptions, without what their filters hide); 404 for an unknown Ressort.
async fn ressort_day(
    State(state): State<AppState>,
    lang: Lang,
    RessortPath(r): RessortPath,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, WebError> {
    let list = crate::store::Scope {
        ressort: Some(r),
        ..crate::store::Scope::default()
    };
    let base = format!("/ressort/{}/tag", r.slug());
    let page = day_page(&state, lang, &q, Scope::viewer(), list, &base).await?;
    // The Ressort's name above the day's heading.
    Ok(Html(page.replacen(
        "<h1",
        &format!(
            "<p class=\"ressort\"><a href=\"/ressort/{}\">{}</a></p>\n<h1",
            r.slug(),
            r.label(lang == Lang::En)
        ),
        1,
    )))
}

/// A "Der Tag in Kürze" page at `base` (`/tag`, a category's or a Ressort's day): the day's
/// stories in `scope`, narrowed to `list`'s category or Ressort; a logged-in reader gets their
/// state, "only unread" and a mark-all for that day and that category or Ressort only.
async fn day_page(
    state: &AppState,
    lang: Lang,
    q: &DayQuery,
    scope: Scope,
    list: crate::store::Scope,
    base: &str,
) -> Result<String, WebError> {
    let (date, mut stories) = day_stories(state, q.datum.as_deref(), scope, list.ressort)
        .await
        .map_err(|e| e.page(lang))?;
    let marks = match reading::session_reader() {
        Some(v) => {
            let day = date.format("%Y-%m-%d").to_string();
            let unread_only = q.ungelesen.as_deref() == Some("1");
            let back = format!(
                "{base}?datum={day}{}",
                if unread_only { "&ungelesen=1" } else { "" }
            );
            let ids = stories.iter().map(|st| st.lead.id).collect();
            let mark_scope = crate::store::Scope {
                from: day_start(&day, state.tz, 0),
                until: day_start(&day, state.tz, 1),
                ..list
            };
            let (m, visible) =
                reading::day_marks(state, &v, ids, mark_scope, unread_only, back, lang).await?;
            stories.retain(|st| visible.contains(&st.lead.id));
            Some(m)
        }
        None => None,
    };
    Ok(pages::day(
        date,
        &stories,
        marks.as_ref(),
        base,
        state.tz,
        lang,
    ))
}

/// The other articles of an article's story ("Auch berichtet von") as a viewer sees them: for a
/// logged-in reader only what [`Store::shown_to_reader`] keeps; every one for anonymous visitors.
pub(crate) fn viewer_siblings(
    s: &Store,
    user: Option<i64>,
    id: i64,
) -> Result<Vec<crate::store::ClusterSibling>, StoreError> {
    let all = s.cluster_siblings(id)?;
    match user {
        Some(u) => s.siblings_for_reader(u, all),
        None => Ok(all),
    }
}

/// The sources (id, name) that carried an article, as a viewer sees them: for a logged-in
/// reader only those they follow, under their own titles (another reader's subscriptions stay
/// theirs); every one for anonymous visitors.
pub(crate) fn viewer_article_sources(
    s: &Store,
    user: Option<i64>,
    id: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    let all = s.article_sources(id)?;
    let Some(u) = user else {
        return Ok(all);
    };
    // Only the article's sources are looked up (a reader may follow hundreds).
    let ids: Vec<i64> = all.iter().map(|(sid, _)| *sid).collect();
    let names: std::collections::HashMap<i64, String> =
        s.followed_names(u, &ids)?.into_iter().collect();
    Ok(all
        .into_iter()
        .filter_map(|(sid, _)| names.get(&sid).map(|n| (sid, n.clone())))
        .collect())
}

/// The source `id` as a viewer sees it: for a logged-in reader only one they follow (under
/// their own title); any for anonymous visitors.
pub(crate) fn viewer_source(
    s: &Store,
    user: Option<i64>,
    id: i64,
) -> Result<Option<crate::store::Source>, StoreError> {
    match user {
        Some(u) => Ok(s.subscription(u, id)?.map(|sub| {
            let name = sub.name().to_string();
            let mut src = sub.source;
            src.title = Some(name);
            src
        })),
        None => s.source(id),
    }
}

/// The sources a viewer sees: a logged-in reader's subscriptions (each under the reader's own
/// title), every source for anonymous visitors.
fn viewer_sources(s: &Store, user: Option<i64>) -> Result<Vec<crate::store::Source>, StoreError> {
    match user {
        Some(u) => Ok(s
            .subscriptions(u, None)?
            .into_iter()
            .map(|sub| {
                let title = sub.title.clone();
                let mut src = sub.source;
                if title.is_some() {
                    src.title = title;
                }
                src
            })
            .collect()),
        None => s.list_sources(),
    }
}

/// `/quellen.opml`: the subscriptions as OPML 2.0 (a logged-in reader's own, categories as
/// folders; every source for anonymous visitors), for other readers to import.
async fn opml(State(state): State<AppState>, lang: Lang) -> Result<Response, WebError> {
    let user = auth::current().map(|v| v.user_id);
    let doc = db(&state, move |s| {
        Ok(match user {
            Some(u) => {
                let subs = s.subscriptions(u, None)?;
                let feeds: Vec<_> = subs
                    .iter()
                    .map(crate::ingest::opml::OpmlFeed::from_subscription)
                    .collect();
                crate::ingest::opml::export(&feeds)
            }
            None => {
                let list = s.list_sources()?;
                let feeds: Vec<_> = list
                    .iter()
                    .map(crate::ingest::opml::OpmlFeed::from_source)
                    .collect();
                crate::ingest::opml::export(&feeds)
            }
        })
    })
    .await
    .map_err(|e| e.page(lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"kurzgefasst.opml\"",
            ),
        ],
        doc,
    )
        .into_response())
}

/// Query of a source's page: `seite` (from 1); for logged-in readers `ungelesen=1` and the
/// paging key `vor` instead.
#[derive(Debug, serde::Deserialize)]
struct PageQuery {
    seite: Option<String>,
    ungelesen: Option<String>,
    vor: Option<String>,
}

/// Articles per source page.
const SOURCE_PAGE: usize = 50;

async fn source(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, WebError> {
    if let Some(v) = reading::session_reader() {
        let q = reading::ListQuery {
            ungelesen: q.ungelesen,
            vor: q.vor,
        };
        return reading::source(&state, v, lang, id, q).await;
    }
    let page = q
        .seite
        .as_deref()
        .and_then(|s| s.parse().ok())
        .filter(|p: &usize| *p >= 1)
        .unwrap_or(1)
        .min(1000);
    let user = auth::current().map(|v| v.user_id);
    let found = db(&state, move |s| {
        let Some(src) = viewer_source(s, user, id)? else {
            return Ok(None);
        };
        let query = SearchQuery {
            source: Some(id),
            sort: SearchSort::Date,
            limit: SOURCE_PAGE,
            offset: (page - 1) * SOURCE_PAGE,
            ..SearchQuery::default()
        };
        Ok(Some((src, s.search(&query)?)))
    })
    .await
    .map_err(|e| e.page(lang))?;
    let Some((src, results)) = found else {
        return Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diese Quelle gibt es nicht.",
            "There is no such source.",
        ));
    };
    let articles: Vec<_> = results.hits.into_iter().map(|h| h.article).collect();
    let articles = visible_only(&state, articles)
        .await
        .map_err(|e| e.page(lang))?;
    Ok(Html(pages::source(
        &src,
        &articles,
        page,
        results.more,
        None,
        state.tz,
        lang,
    )))
}

/// Query of the search page and the search feed and API: `q`, `quelle` (source id), `von` and
/// `bis` (days, `YYYY-MM-DD`, in the server's time zone), `sortierung` (`relevanz`, `datum`),
/// `seite` (from 1). Unparsable filters are ignored rather than refused.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    quelle: Option<String>,
    von: Option<String>,
    bis: Option<String>,
    sortierung: Option<String>,
    seite: Option<String>,
    /// One of the logged-in reader's categories (slug).
    kategorie: Option<String>,
    /// A Ressort (slug of the fixed list; an unknown one filters nothing).
    ressort: Option<String>,
}

/// Results per search page.
const SEARCH_PAGE: usize = 20;

impl SearchParams {
    /// The form as the user filled it in.
    fn form(&self) -> pages::SearchForm {
        pages::SearchForm {
            q: self.q.clone().unwrap_or_default().trim().to_string(),
            source: self.quelle.as_deref().and_then(|s| s.trim().parse().ok()),
            von: self.von.clone().unwrap_or_default().trim().to_string(),
            bis: self.bis.clone().unwrap_or_default().trim().to_string(),
            sort: match self.sortierung.as_deref() {
                Some("datum" | "date") => SearchSort::Date,
                _ => SearchSort::Relevance,
            },
            page: self
                .seite
                .as_deref()
                .and_then(|s| s.parse().ok())
                .filter(|p: &usize| *p >= 1)
                .unwrap_or(1)
                .min(1000),
            kategorie: self.category_slug().unwrap_or_default().to_string(),
            ressort: self.ressort(),
        }
    }

    /// The Ressort asked for, if it is one.
    fn ressort(&self) -> Option<crate::ressort::Ressort> {
        self.ressort
            .as_deref()
            .and_then(|r| crate::ressort::Ressort::from_slug(r.trim()))
    }

    /// True when there is something to search for or filter by.
    fn active(&self) -> bool {
        let f = self.form();
        !f.q.is_empty()
            || f.source.is_some()
            || !f.von.is_empty()
            || !f.bis.is_empty()
            || self.category_slug().is_some()
            || f.ressort.is_some()
    }

    /// The category asked for (slug), if any.
    fn category_slug(&self) -> Option<&str> {
        self.kategorie
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
    }

    /// The store query for a viewer's `scope` ([`Scope::viewer`], taken on the request's task):
    /// limited to their subscriptions (and the category asked for, one of theirs; another's
    /// slug finds nothing) when logged in.
    fn scoped_query(
        &self,
        s: &Store,
        scope: Scope,
        tz: Tz,
        per_page: usize,
    ) -> Result<SearchQuery, StoreError> {
        let mut q = self.query(tz, per_page);
        q.user = scope.user;
        if let (Some(user), Some(slug)) = (scope.user, self.category_slug()) {
            q.category = Some(s.category_by_slug(user, slug)?.map_or(-1, |c| c.id));
        }
        Ok(q)
    }

    /// The store query for this form, `per_page` results per page.
    fn query(&self, tz: Tz, per_page: usize) -> SearchQuery {
        let f = self.form();
        SearchQuery {
            text: f.q.clone(),
            source: f.source,
            user: None,
            category: None,
            ressort: f.ressort,
            from: day_start(&f.von, tz, 0),
            until: day_start(&f.bis, tz, 1),
            sort: f.sort,
            limit: per_page,
            offset: (f.page - 1) * per_page,
        }
    }
}

/// The start of the day `YYYY-MM-DD` plus `plus_days`, in `tz`, as Unix seconds.
fn day_start(day: &str, tz: Tz, plus_days: i64) -> Option<i64> {
    use chrono::TimeZone;
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?
        + chrono::Duration::days(plus_days);
    tz.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.timestamp())
}

async fn run_search(
    state: &AppState,
    p: &SearchParams,
    per_page: usize,
) -> Result<Option<SearchResults>, DbError> {
    if !p.active() {
        return Ok(None);
    }
    let (tz, p, scope) = (state.tz, p.clone(), Scope::viewer());
    db(state, move |s| {
        let mut results = s.search(&p.scoped_query(s, scope, tz, per_page)?)?;
        // A reader's muted articles are not found (the page keeps its place in the results, so
        // it may show fewer hits).
        if let Some(u) = scope.user {
            let ids: Vec<i64> = results.hits.iter().map(|h| h.article.id).collect();
            let visible = s.visible_ids(u, &ids)?;
            results.hits.retain(|h| visible.contains(&h.article.id));
        }
        Ok(results)
    })
    .await
    .map(Some)
}

async fn search(
    State(state): State<AppState>,
    lang: Lang,
    Query(p): Query<SearchParams>,
) -> Result<Html<String>, WebError> {
    let results = run_search(&state, &p, SEARCH_PAGE)
        .await
        .map_err(|e| e.page(lang))?;
    let user = auth::current().map(|v| v.user_id);
    let list = db(&state, move |s| match user {
        Some(u) => Ok(s
            .subscriptions(u, None)?
            .iter()
            .map(|sub| (sub.source.id, sub.name().to_string()))
            .collect()),
        None => s.source_names(),
    })
    .await
    .map_err(|e| e.page(lang))?;
    Ok(Html(pages::search(
        &p.form(),
        &list,
        results.as_ref(),
        state.tz,
        lang,
    )))
}

/// Middleware: records each request's latency under its route pattern for `/metrics`.
async fn track_latency(
    route: Option<axum::extract::MatchedPath>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = std::time::Instant::now();
    let resp = next.run(req).await;
    let route = route.as_ref().map(|r| r.as_str()).unwrap_or("unmatched");
    crate::metrics::METRICS.http(route, started.elapsed());
    resp
}

/// `/metrics`: the Prometheus text exposition.
async fn metrics(State(state): State<AppState>) -> Response {
    match db(&state, |s| s.store_counts()).await {
        Ok(counts) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            crate::metrics::METRICS.render(&counts),
        )
            .into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "database unavailable\n").into_response(),
    }
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("static/app.css"),
    )
}

async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("static/app.js"),
    )
}

/// The base URL the client used (`http://HOST`), for absolute links in feeds; `X-Forwarded-Proto:
/// https` from a proxy in front makes it `https`.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        == Some("https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

async fn not_found(lang: Lang) -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        lang,
        "Diese Seite gibt es nicht.",
        "There is no such page.",
    )
}
