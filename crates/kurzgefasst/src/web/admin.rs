//! Admin pages and forms: adding (by feed or site URL, through [`crate::sources::subscribe`]),
//! removing and importing sources, private reading and API tokens. Every handler takes
//! [`Admin`] (a logged-in browser session) and checks the form's CSRF token first.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;

use super::auth::{Admin, CsrfForm, InstanceAdmin, PRIVATE_SETTING};
use super::lang::Lang;
use super::{db, pages, AppState, WebError};
use crate::sources::AddSourceError;

/// Query of `/quellen` after an action.
#[derive(Debug, serde::Deserialize)]
pub struct SourcesQuery {
    neu: Option<i64>,
    entfernt: Option<i64>,
}

/// `GET /quellen`: every source with its health; for the admin the forms.
pub async fn sources(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<SourcesQuery>,
) -> Result<Html<String>, WebError> {
    let notice = match (q.neu, q.entfernt) {
        (Some(id), _) => Some(format!(
            "{} (id {id})",
            lang.t(
                "Quelle hinzugefügt; sie wird gleich abgerufen.",
                "Source added; it will be polled shortly."
            )
        )),
        (_, Some(id)) => Some(format!(
            "{} (id {id})",
            lang.t("Quelle entfernt.", "Source removed.")
        )),
        _ => None,
    };
    render_sources(&state, lang, notice, None, "", StatusCode::OK)
        .await
        .map(|(_, h)| h)
}

async fn render_sources(
    state: &AppState,
    lang: Lang,
    notice: Option<String>,
    error: Option<String>,
    url: &str,
    status: StatusCode,
) -> Result<(StatusCode, Html<String>), WebError> {
    let viewer = super::auth::current();
    let user = viewer.as_ref().map(|v| v.user_id);
    let list = db(state, move |s| super::viewer_sources(s, user))
        .await
        .map_err(|e| e.page(lang))?;
    let view = pages::SourcesView {
        csrf: viewer.as_ref().and_then(|v| v.csrf()),
        notice,
        error,
        url,
    };
    Ok((status, Html(pages::sources(&list, state.tz, lang, &view))))
}

/// The add form.
#[derive(Debug, serde::Deserialize)]
pub struct AddForm {
    csrf: String,
    url: String,
    /// The category to file it in (made when the reader has none of that name).
    kategorie: Option<String>,
}

/// `POST /quellen/neu`: subscribes to a feed or to the feed a site advertises.
pub async fn add_source(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Form(f): Form<AddForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let url = f.url.trim().to_string();
    let store = Arc::clone(&state.store);
    // `subscribe` fetches (async) and then writes one row; the write is short.
    let follow = crate::sources::Follow {
        user: Some(admin.0.user_id),
        category: f.kategorie.as_deref(),
        title: None,
    };
    match crate::sources::subscribe(&store, &state.fetcher, &url, false, follow).await {
        Ok(src) => {
            tracing::info!(source = src.id, url = %src.url, user = %admin.0.name, "source added");
            state.wake.notify_one();
            Ok(Redirect::to(&format!("/quellen?neu={}", src.id)).into_response())
        }
        Err(e) => {
            let (status, msg) = match &e {
                AddSourceError::BadUrl(_) => (
                    StatusCode::BAD_REQUEST,
                    lang.t_owned(
                        "Das ist keine gültige http(s)-Adresse.",
                        "That is not a valid http(s) address.",
                    ),
                ),
                AddSourceError::Duplicate(id) => (
                    StatusCode::CONFLICT,
                    format!(
                        "{} (id {id})",
                        lang.t(
                            "Diese Quelle ist schon abonniert.",
                            "This source is already subscribed."
                        )
                    ),
                ),
                AddSourceError::Discover(d) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    match d {
                        // The sentence says "no feed found" itself.
                        crate::ingest::discover::DiscoverError::NoFeed(_) => {
                            crate::problem::sentence_of(d, lang == super::lang::Lang::De)
                                .unwrap_or_else(|| d.to_string())
                        }
                        _ => format!(
                            "{}: {}",
                            lang.t("Kein Feed gefunden", "No feed found"),
                            crate::problem::sentence_of(d, lang == super::lang::Lang::De)
                                .unwrap_or_else(|| d.to_string())
                        ),
                    },
                ),
                AddSourceError::Store(s) => {
                    tracing::error!(error = %s, "cannot add source");
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        lang.t_owned(
                            "Interner Fehler: die Datenbank ist nicht erreichbar.",
                            "Internal error: the database cannot be reached.",
                        ),
                    )
                }
            };
            let (status, html) =
                render_sources(&state, lang, None, Some(msg), &url, status).await?;
            Ok((status, html).into_response())
        }
    }
}

/// `POST /quellen/{id}/entfernen`: unsubscribes; the articles stay.
pub async fn remove_source(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let user = admin.0.user_id;
    let removed = db(&state, move |s| s.unsubscribe(user, id))
        .await
        .map_err(|e| e.page(lang))?;
    if !removed {
        return Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diese Quelle gibt es nicht.",
            "There is no such source.",
        ));
    }
    tracing::info!(source = id, user = %admin.0.name, "source removed");
    Ok(Redirect::to(&format!("/quellen?entfernt={id}")).into_response())
}

/// `POST /quellen/import` (multipart: `csrf`, `opml`): subscribes to every feed of the file.
pub async fn import(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let bad = |de: &str, en: &str| WebError::new(StatusCode::BAD_REQUEST, lang, de, en);
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(multipart_boundary)
        .ok_or_else(|| {
            bad(
                "Erwartet wird ein Formular mit Datei (multipart/form-data).",
                "Expected a form with a file (multipart/form-data).",
            )
        })?;
    let parts = multipart_fields(&body, &boundary);
    let field = |name: &str| {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    };
    admin.check_csrf(
        &String::from_utf8_lossy(field("csrf").unwrap_or_default()),
        lang,
    )?;
    let text = String::from_utf8_lossy(field("opml").unwrap_or_default()).into_owned();
    if crate::ingest::opml::parse(&text).is_empty() {
        let (status, html) = render_sources(
            &state,
            lang,
            None,
            Some(lang.t_owned(
                "Die Datei enthält keine Feeds (OPML erwartet).",
                "The file holds no feeds (OPML expected).",
            )),
            "",
            StatusCode::BAD_REQUEST,
        )
        .await?;
        return Ok((status, html).into_response());
    }
    let user = admin.0.user_id;
    let r = db(&state, move |s| {
        crate::sources::import_opml(s, &text, Some(user), || {})
    })
    .await
    .map_err(|e| e.page(lang))?;
    state.wake.notify_one();
    let msg = format!(
        "{}: {}, {}: {}, {}: {}",
        lang.t("Importiert", "Imported"),
        r.added,
        lang.t("schon vorhanden", "already present"),
        r.skipped,
        lang.t("ungültig", "invalid"),
        r.invalid
    );
    let (status, html) = render_sources(&state, lang, Some(msg), None, "", StatusCode::OK).await?;
    Ok((status, html).into_response())
}

/// The boundary of a `multipart/form-data` content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

/// The named fields of a `multipart/form-data` body (RFC 7578): (name, bytes).
fn multipart_fields(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delim = format!("--{boundary}").into_bytes();
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(p) = find(&body[i..], &delim) {
        starts.push(i + p);
        i += p + delim.len();
    }
    for w in starts.windows(2) {
        let part = &body[w[0] + delim.len()..w[1]];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]);
        let name = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .and_then(|l| {
                l.split(';')
                    .filter_map(|p| p.trim().split_once('='))
                    .find(|(k, _)| *k == "name")
                    .map(|(_, v)| v.trim_matches('"').to_string())
            });
        if let Some(name) = name {
            out.push((name, part[split + 4..].to_vec()));
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Query of the settings page.
#[derive(Debug, serde::Deserialize)]
pub struct SettingsQuery {
    lang: Option<String>,
}

/// `GET /einstellungen`: language; for the admin private reading and API tokens.
pub async fn settings(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<SettingsQuery>,
) -> Result<Html<String>, WebError> {
    let saved = q.lang.as_deref().and_then(Lang::parse).is_some();
    settings_page(&state, lang, saved, None).await
}

async fn settings_page(
    state: &AppState,
    lang: Lang,
    saved: bool,
    new_token: Option<&str>,
) -> Result<Html<String>, WebError> {
    let viewer = super::auth::current();
    let Some((csrf, user_id)) = viewer
        .as_ref()
        .and_then(|v| v.csrf().map(|c| (c.to_string(), v.user_id)))
    else {
        return Ok(Html(pages::settings(lang, saved, None, state.tz)));
    };
    let tokens = db(state, move |s| s.list_api_tokens(user_id))
        .await
        .map_err(|e| e.page(lang))?;
    let admin = pages::AdminSettings {
        csrf: &csrf,
        private: state.private.load(Ordering::Relaxed),
        tokens: &tokens,
        new_token,
    };
    Ok(Html(pages::settings(lang, saved, Some(&admin), state.tz)))
}

/// The reading form.
#[derive(Debug, serde::Deserialize)]
pub struct ReadingForm {
    csrf: String,
    privat: Option<String>,
}

/// `POST /einstellungen/lesen`: reading public or private.
pub async fn set_reading(
    State(state): State<AppState>,
    lang: Lang,
    InstanceAdmin(admin): InstanceAdmin,
    Form(f): Form<ReadingForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let private = f.privat.as_deref() == Some("1");
    db(&state, move |s| {
        s.set_setting(PRIVATE_SETTING, if private { "1" } else { "0" })
    })
    .await
    .map_err(|e| e.page(lang))?;
    state.private.store(private, Ordering::Relaxed);
    tracing::info!(private, user = %admin.0.name, "reading setting changed");
    Ok(Redirect::to("/einstellungen").into_response())
}

/// The new-token form.
#[derive(Debug, serde::Deserialize)]
pub struct TokenForm {
    csrf: String,
    name: String,
}

/// `POST /einstellungen/token`: makes an API token and shows it once.
pub async fn create_token(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Form(f): Form<TokenForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let name: String = f.name.trim().chars().take(100).collect();
    let name = if name.is_empty() {
        "API".to_string()
    } else {
        name
    };
    let token = crate::auth::new_token().map_err(|_| {
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "Kein Zufall verfügbar.",
            "No randomness available.",
        )
    })?;
    let (hash, user_id) = (crate::auth::token_hash(&token), admin.0.user_id);
    db(&state, move |s| {
        s.create_api_token(user_id, &name, &hash, crate::store_now())
    })
    .await
    .map_err(|e| e.page(lang))?;
    let mut resp = settings_page(&state, lang, false, Some(&token))
        .await?
        .into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// `POST /einstellungen/token/{id}/entfernen`: revokes an API token.
pub async fn delete_token(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let user_id = admin.0.user_id;
    db(&state, move |s| s.delete_api_token(user_id, id))
        .await
        .map_err(|e| e.page(lang))?;
    Ok(Redirect::to("/einstellungen").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multipart() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"opml\"; filename=\"a.opml\"\r\nContent-Type: text/x-opml\r\n\r\n<opml>\r\n</opml>\r\n--XyZ--\r\n";
        let b = multipart_boundary("multipart/form-data; boundary=XyZ").unwrap();
        let f = multipart_fields(body, &b);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0], ("csrf".to_string(), b"abc".to_vec()));
        assert_eq!(f[1], ("opml".to_string(), b"<opml>\r\n</opml>".to_vec()));
        assert_eq!(
            multipart_boundary("application/x-www-form-urlencoded"),
            None
        );
    }
}

/// The language form.
#[derive(Debug, serde::Deserialize)]
pub struct LanguageForm {
    csrf: String,
    sprache: String,
}

/// `POST /einstellungen/sprache`: the reader's own language (used wherever they log in and this
/// browser has chosen none); this browser switches to it too.
pub async fn set_language(
    State(state): State<AppState>,
    lang: Lang,
    admin: Admin,
    Form(f): Form<LanguageForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let Some(chosen) = Lang::parse(&f.sprache) else {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Diese Sprache gibt es nicht.",
            "There is no such language.",
        ));
    };
    let user = admin.0.user_id;
    db(&state, move |s| {
        s.set_reader_language(user, Some(chosen.code()))
    })
    .await
    .map_err(|e| e.page(lang))?;
    Ok(Redirect::to(&format!("/einstellungen?lang={}", chosen.code())).into_response())
}
