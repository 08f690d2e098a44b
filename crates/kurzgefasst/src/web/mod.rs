//! `web`: the axum server. Thin handlers over [`crate::store::Store`]; pages are rendered on
//! the server by [`pages`], with every piece of text escaped there (no third-party HTML is ever
//! passed through), and no external assets.

mod pages;

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono_tz::Tz;

use crate::cli::Role;
use crate::ingest::fetch::{FetchOptions, Fetcher};
use crate::ingest::Ingest;
use crate::store::{Store, StoreError};

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
}

/// State shared by the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// Time zone of Datum.
    pub tz: Tz,
}

/// Runs the server (and the scheduler, by role) until Ctrl-C or SIGTERM.
pub async fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    if opts.default_sources {
        add_default_sources(&opts.store)?;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let scheduler = if opts.role != Role::Web {
        let ingest = Arc::new(Ingest::new(Arc::clone(&opts.store), Fetcher::new(opts.fetch.clone())?));
        Some(tokio::spawn(crate::ingest::schedule::run(ingest, stop_rx.clone())))
    } else {
        None
    };
    if opts.role == Role::Worker {
        shutdown_signal().await;
    } else {
        let app = router(AppState { store: Arc::clone(&opts.store), tz: opts.tz });
        let listener = tokio::net::TcpListener::bind(opts.listen).await.map_err(|e| {
            anyhow::anyhow!("{} {}: {e}", crate::i18n::t("kann nicht lauschen auf", "cannot listen on"), opts.listen)
        })?;
        tracing::info!(addr = %listener.local_addr()?, "listening");
        println!("Kurzgefasst: http://{}/", listener.local_addr()?);
        axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    }
    let _ = stop_tx.send(true);
    if let Some(s) = scheduler {
        let _ = s.await;
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
        .route("/quellen", get(sources))
        .route("/static/app.css", get(css))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// An error page for a failed handler.
struct WebError(StatusCode, String);

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store error in handler");
        WebError(StatusCode::INTERNAL_SERVER_ERROR, "Interner Fehler: die Datenbank ist nicht erreichbar.".into())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (self.0, Html(pages::error_page(self.0.as_u16(), &self.1))).into_response()
    }
}

async fn db<T, F>(state: &AppState, f: F) -> Result<T, WebError>
where
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    let store = Arc::clone(&state.store);
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(r) => Ok(r?),
        Err(e) => Err(WebError(StatusCode::INTERNAL_SERVER_ERROR, format!("Interner Fehler: {e}"))),
    }
}

/// Query of the start page: `?vor=PUBLISHED_ID` pages back.
#[derive(Debug, serde::Deserialize)]
struct IndexQuery {
    vor: Option<String>,
}

const PAGE_SIZE: usize = 50;

async fn index(State(state): State<AppState>, Query(q): Query<IndexQuery>) -> Result<Html<String>, WebError> {
    let before = q.vor.as_deref().and_then(|v| {
        let (p, i) = v.split_once('_')?;
        Some((p.parse().ok()?, i.parse().ok()?))
    });
    let articles = db(&state, move |s| s.list_articles(PAGE_SIZE, before)).await?;
    Ok(Html(pages::index(&articles, PAGE_SIZE, state.tz)))
}

async fn article(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Html<String>, WebError> {
    let (a, sources) = db(&state, move |s| Ok((s.article(id)?, s.article_sources(id)?))).await?;
    match a {
        Some(a) => Ok(Html(pages::article(&a, &sources, state.tz))),
        None => Err(WebError(StatusCode::NOT_FOUND, "Diesen Artikel gibt es nicht.".into())),
    }
}

async fn sources(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let list = db(&state, |s| s.list_sources()).await?;
    Ok(Html(pages::sources(&list, state.tz)))
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("static/app.css"),
    )
}

async fn not_found() -> WebError {
    WebError(StatusCode::NOT_FOUND, "Diese Seite gibt es nicht.".into())
}
