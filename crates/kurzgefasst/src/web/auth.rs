//! Who is asking, and what they may do. [`identify`] (middleware) finds the viewer from the
//! session cookie (browsers) or an API token (`Authorization: Bearer …`, the Google Reader API's
//! `Authorization: GoogleLogin auth=…`, or `?token=…` for feed readers that cannot send headers)
//! and, when reading is private, turns away everyone else from everything but the login page,
//! static files and `/healthz`. Handlers of admin actions take [`Admin`] and check the form's
//! CSRF token with [`Admin::check_csrf`].
//!
//! Session cookies are HttpOnly, SameSite=Strict (and Secure behind an HTTPS proxy), 32 random
//! bytes, stored only as their SHA-256 hash; each session has its own CSRF token. The login form
//! is protected by a double-submit token (cookie and hidden field).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;

use super::lang::Lang;
use super::{pages, AppState, WebError};
use crate::auth::{new_token, same_secret, token_hash, verify_password};

/// The session cookie.
pub const SESSION_COOKIE: &str = "kg_sitzung";
/// The login form's double-submit cookie.
const LOGIN_COOKIE: &str = "kg_anmeldung";
/// How long a session lasts.
const SESSION_SECS: i64 = 30 * 24 * 3600;
/// Failed logins (browser or Reader API) one address may have in [`FAIL_WINDOW`].
const MAX_FAILURES: u32 = 10;
/// The window of [`MAX_FAILURES`].
const FAIL_WINDOW: std::time::Duration = std::time::Duration::from_secs(300);

/// Failed logins per client address: (count, start of the window).
static FAILURES: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, (u32, std::time::Instant)>>,
> = std::sync::LazyLock::new(Default::default);

/// True when `ip` has used up its failed logins for now: then no password is even checked.
pub fn locked_out(ip: std::net::IpAddr) -> bool {
    let map = FAILURES.lock().unwrap_or_else(|e| e.into_inner());
    map.get(&ip)
        .is_some_and(|(n, since)| *n >= MAX_FAILURES && since.elapsed() < FAIL_WINDOW)
}

/// Records a failed login of `ip`.
pub fn record_failure(ip: std::net::IpAddr) {
    let mut map = FAILURES.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() > 10_000 {
        map.retain(|_, (_, since)| since.elapsed() < FAIL_WINDOW);
    }
    let e = map.entry(ip).or_insert((0, std::time::Instant::now()));
    if e.1.elapsed() >= FAIL_WINDOW {
        *e = (0, std::time::Instant::now());
    }
    e.0 += 1;
}

/// The answer to a locked-out client.
pub fn too_many(lang: Lang) -> Response {
    let mut r = WebError::new(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        "Zu viele fehlgeschlagene Anmeldungen. Bitte in ein paar Minuten wieder versuchen.",
        "Too many failed logins. Please try again in a few minutes.",
    )
    .into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("300"));
    r
}

/// The setting that makes reading private.
pub const PRIVATE_SETTING: &str = "reading_private";

/// How the viewer proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A browser session (its cookie's hash, to end it).
    Session {
        /// SHA-256 of the cookie.
        hash: String,
        /// The session's CSRF token.
        csrf: String,
    },
    /// An API token (its hash).
    Token {
        /// SHA-256 of the token.
        hash: String,
    },
}

/// A logged-in viewer.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user's id.
    pub user_id: i64,
    /// The user's name.
    pub name: String,
    /// May manage readers and the instance's settings.
    pub is_admin: bool,
    /// The reader's own language, when chosen.
    pub language: Option<String>,
    /// The reader's categories (name, slug), for the navigation of browser sessions (empty
    /// for token access).
    pub categories: Vec<(String, String)>,
    /// The navigation's unread counts of a browser session (read with the viewer; a handler
    /// that changes the reader's state before rendering puts the new counts here).
    pub unread: NavSlot,
    /// Session or token.
    pub via: Via,
}

/// The navigation's unread counts of the request, shared by the clones of its [`Viewer`].
pub type NavSlot = Arc<std::sync::Mutex<Option<Arc<super::reading::NavUnread>>>>;

impl Viewer {
    /// The navigation's unread counts of this request, if read.
    pub fn nav_unread(&self) -> Option<Arc<super::reading::NavUnread>> {
        self.unread
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the navigation's unread counts (after a change of the reader's state).
    pub fn set_nav_unread(&self, n: super::reading::NavUnread) {
        *self.unread.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(n));
    }
}

impl Viewer {
    /// The session's CSRF token (none for token access).
    pub fn csrf(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf, .. } => Some(csrf),
            Via::Token { .. } => None,
        }
    }
}

tokio::task_local! {
    /// The viewer of the request being handled, for the page frame (login state, logout form).
    pub static VIEWER: Option<Viewer>;
}

/// The viewer of the current request, when logged in.
pub fn current() -> Option<Viewer> {
    VIEWER.try_with(|v| v.clone()).ok().flatten()
}

/// The value of cookie `name`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The API token a request carries, if any.
fn presented_token(parts: &Request) -> Option<String> {
    if let Some(v) = parts
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(t) = v.strip_prefix("Bearer ") {
            return Some(t.trim().to_string());
        }
        if let Some(t) = v.strip_prefix("GoogleLogin auth=") {
            return Some(t.trim().to_string());
        }
    }
    url::form_urlencoded::parse(parts.uri().query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

/// Paths everyone may reach even when reading is private.
fn always_public(path: &str) -> bool {
    path == "/anmelden"
        || path == "/healthz"
        || path.starts_with("/abbestellen/")
        || path.starts_with("/static/")
        || path == "/accounts/ClientLogin"
}

/// Paths answered with 401 (machines) rather than a redirect to the login page (people).
fn machine_path(path: &str) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/reader/")
        || path.ends_with(".atom")
        || path.ends_with(".opml")
        || path == "/metrics"
}

/// Middleware: finds the viewer, enforces private reading, and makes the viewer known to the
/// handlers (request extension `Option<Viewer>`) and the page frame ([`VIEWER`]).
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = crate::store_now();
    let session = cookie(req.headers(), SESSION_COOKIE).map(token_hash);
    let token = presented_token(&req).map(|t| token_hash(&t));
    let viewer = if session.is_some() || token.is_some() {
        let store = Arc::clone(&state.store);
        let counter = Arc::clone(&state.unread);
        // Pages get the navigation; static files, machines' answers and health checks not.
        let page = {
            let p = req.uri().path();
            !p.starts_with("/static/") && !machine_path(p) && p != "/healthz"
        };
        // Queued in async land like the handlers' store calls (`db`): without a permit, every
        // connection's lookup ran at once on a blocking thread of its own, all of them
        // contending for the store's few connections.
        let Ok(_permit) = state.db_permits.acquire().await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        tokio::task::spawn_blocking(
            move || -> Result<Option<Viewer>, crate::store::StoreError> {
                if let Some(hash) = session {
                    if let Some(s) = store.session(&hash, now)? {
                        // The navigation: the reader's categories with their unread counts.
                        let (categories, nav) = if page {
                            let nav = super::reading::nav_unread(&store, &counter, s.user_id)?;
                            let categories = nav
                                .categories
                                .iter()
                                .map(|c| (c.name.clone(), c.slug.clone()))
                                .collect();
                            (categories, Some(Arc::new(nav)))
                        } else {
                            let categories = store
                                .categories(s.user_id)?
                                .into_iter()
                                .map(|c| (c.name, c.slug))
                                .collect();
                            (categories, None)
                        };
                        return Ok(Some(Viewer {
                            user_id: s.user_id,
                            name: s.user_name,
                            is_admin: s.is_admin,
                            language: s.language,
                            categories,
                            unread: Arc::new(std::sync::Mutex::new(nav)),
                            via: Via::Session {
                                hash,
                                csrf: s.csrf_token,
                            },
                        }));
                    }
                }
                if let Some(hash) = token {
                    if let Some(u) = store.api_token_user(&hash, now)? {
                        return Ok(Some(Viewer {
                            user_id: u.id,
                            name: u.name,
                            is_admin: u.is_admin,
                            language: u.language,
                            categories: Vec::new(),
                            unread: NavSlot::default(),
                            via: Via::Token { hash },
                        }));
                    }
                }
                Ok(None)
            },
        )
        .await
        .ok()
        .and_then(|r| {
            r.map_err(|e| tracing::error!(error = %e, "cannot read session"))
                .ok()
        })
        .flatten()
    } else {
        None
    };
    let path = req.uri().path().to_string();
    if viewer.is_none() && state.private.load(Ordering::Relaxed) && !always_public(&path) {
        if machine_path(&path) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"kurzgefasst\"")],
                "login or API token required / Anmeldung oder API-Token nötig\n",
            )
                .into_response();
        }
        let back = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        return Redirect::to(&format!("/anmelden?weiter={}", pages::enc(&back))).into_response();
    }
    req.extensions_mut().insert(viewer.clone());
    VIEWER.scope(viewer, next.run(req)).await
}

/// The logged-in reader of a browser session (any reader, admin or not), for the forms that
/// change a reader's own things (subscriptions, categories, tokens, language). Without a
/// session, GET requests are sent to the login page and anything else gets 403. Reader
/// management and instance settings take [`InstanceAdmin`] instead.
pub struct Admin(pub Viewer);

/// A logged-in admin's browser session: managing readers and the instance's settings. A reader
/// who is not an admin gets 403; without a session as for [`Admin`].
pub struct InstanceAdmin(pub Admin);

impl<S: Send + Sync> FromRequestParts<S> for InstanceAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let admin = Admin::from_request_parts(parts, state).await?;
        if admin.0.is_admin {
            return Ok(InstanceAdmin(admin));
        }
        let lang = Lang::from_parts(parts);
        Err(WebError::new(
            StatusCode::FORBIDDEN,
            lang,
            "Das dürfen nur Admins.",
            "Only admins may do that.",
        )
        .into_response())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let viewer = parts
            .extensions
            .get::<Option<Viewer>>()
            .cloned()
            .flatten()
            .filter(|v| matches!(v.via, Via::Session { .. }));
        match viewer {
            Some(v) => Ok(Admin(v)),
            None if parts.method == Method::GET => {
                let back = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                Err(
                    Redirect::to(&format!("/anmelden?weiter={}", pages::enc(&back)))
                        .into_response(),
                )
            }
            None => {
                let lang = Lang::from_parts(parts);
                Err(WebError::new(
                    StatusCode::FORBIDDEN,
                    lang,
                    "Dafür ist eine Anmeldung nötig.",
                    "You need to log in for that.",
                )
                .into_response())
            }
        }
    }
}

impl Admin {
    /// Checks a form's CSRF token against the session's; 403 when it does not match.
    pub fn check_csrf(&self, sent: &str, lang: Lang) -> Result<(), WebError> {
        match self.0.csrf() {
            Some(csrf) if same_secret(csrf, sent) => Ok(()),
            _ => Err(WebError::new(
                StatusCode::FORBIDDEN,
                lang,
                "Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF). Bitte neu laden.",
                "The form has expired or did not come from this site (CSRF). Please reload.",
            )),
        }
    }
}

/// A logged-in reader of a browser session, for the reading state and filter forms: the same
/// rules as [`Admin`] (a session; GET without one goes to the login page, anything else gets
/// 403), kept apart so that admin-only rules can tighten [`Admin`] without touching readers.
pub struct Reader(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Admin(v) = Admin::from_request_parts(parts, state).await?;
        Ok(Reader(v))
    }
}

impl Reader {
    /// Checks a form's CSRF token against the session's; 403 when it does not match.
    pub fn check_csrf(&self, sent: &str, lang: Lang) -> Result<(), WebError> {
        Admin(self.0.clone()).check_csrf(sent, lang)
    }
}

/// A `Set-Cookie` value; `Secure` when the client came through HTTPS.
fn set_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: i64,
    headers: &HeaderMap,
) -> HeaderValue {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        == Some("https");
    let v = format!(
        "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if https { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Query of the login page: where to go afterwards.
#[derive(Debug, serde::Deserialize)]
pub struct LoginQuery {
    weiter: Option<String>,
}

/// A local path to go to after login or a form (never another site).
pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

/// The login form with a fresh double-submit token.
fn login_form(
    lang: Lang,
    next: &str,
    error: Option<&str>,
    status: StatusCode,
    headers: &HeaderMap,
) -> Response {
    let token = match new_token() {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "no random token");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut resp = (status, Html(pages::login(lang, &token, next, error))).into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_COOKIE, &token, "/anmelden", 3600, headers),
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `GET /anmelden`.
pub async fn login_page(lang: Lang, headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    login_form(
        lang,
        &safe_next(q.weiter.as_deref()),
        None,
        StatusCode::OK,
        &headers,
    )
}

/// The login form as posted.
#[derive(Debug, serde::Deserialize)]
pub struct LoginForm {
    name: String,
    passwort: String,
    csrf: String,
    weiter: Option<String>,
}

/// `POST /anmelden`: checks the password, starts a session.
pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    if locked_out(peer.ip()) {
        return too_many(lang);
    }
    let next = safe_next(f.weiter.as_deref());
    if !cookie(&headers, LOGIN_COOKIE).is_some_and(|c| same_secret(c, &f.csrf)) {
        return login_form(
            lang,
            &next,
            Some(lang.t(
                "Das Formular ist abgelaufen. Bitte noch einmal versuchen.",
                "The form has expired. Please try again.",
            )),
            StatusCode::FORBIDDEN,
            &headers,
        );
    }
    let store = Arc::clone(&state.store);
    let name = f.name.trim().to_string();
    let password = f.passwort;
    let checked = tokio::task::spawn_blocking(
        move || -> Result<Option<(i64, String, String)>, crate::auth::AuthError> {
            let user = store.user_by_name(&name)?;
            // Verify against a fixed hash when there is no such user, so both take the same time.
            let ok = match &user {
                Some(u) => verify_password(&password, &u.password_hash),
                None => {
                    verify_password(&password, &DUMMY_HASH);
                    false
                }
            };
            let Some(u) = user.filter(|_| ok) else {
                return Ok(None);
            };
            let (token, csrf) = (new_token()?, new_token()?);
            let now = crate::store_now();
            store.create_session(&token_hash(&token), u.id, &csrf, now, now + SESSION_SECS)?;
            Ok(Some((u.id, token, csrf)))
        },
    )
    .await;
    match checked {
        Ok(Ok(Some((_, token, _)))) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, "/", SESSION_SECS, &headers),
            );
            resp.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(LOGIN_COOKIE, "", "/anmelden", 0, &headers),
            );
            resp
        }
        Ok(Ok(None)) => {
            tracing::warn!(peer = %peer.ip(), "failed login");
            record_failure(peer.ip());
            login_form(
                lang,
                &next,
                Some(lang.t("Name oder Passwort ist falsch.", "Wrong name or password.")),
                StatusCode::UNAUTHORIZED,
                &headers,
            )
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "login failed");
            WebError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                "Interner Fehler bei der Anmeldung.",
                "Internal error while logging in.",
            )
            .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "login task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// An argon2id hash of a random password, verified against when the name is unknown.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    new_token()
        .ok()
        .and_then(|p| crate::auth::hash_password(&p).ok())
        .unwrap_or_default()
});

/// A form that carries only the CSRF token.
#[derive(Debug, serde::Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: String,
}

/// `POST /abmelden`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    if let Via::Session { hash, .. } = admin.0.via.clone() {
        let store = Arc::clone(&state.store);
        let _ = tokio::task::spawn_blocking(move || store.delete_session(&hash)).await;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", "/", 0, &headers),
    );
    Ok(resp)
}
