//! The interface language: German by default, English as a setting. `?lang=en` (or `de`) on any
//! page switches and is remembered in the `lang` cookie, which [`remember`] sets.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The cookie that remembers the language.
const COOKIE: &str = "lang";

pub use crate::i18n::Lang;

impl Lang {
    /// The language asked for in the query string (`lang=`), if any.
    fn from_query(query: Option<&str>) -> Option<Lang> {
        url::form_urlencoded::parse(query?.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    }

    /// The language remembered in the `lang` cookie, if any.
    fn from_cookie(headers: &axum::http::HeaderMap) -> Option<Lang> {
        super::auth::cookie(headers, COOKIE).and_then(Lang::parse)
    }
}

impl Lang {
    /// The language of a request: the query's `lang=` first, then the cookie (this browser's
    /// choice), then the logged-in reader's own language, then German.
    pub fn from_parts(parts: &Parts) -> Lang {
        Lang::from_query(parts.uri.query())
            .or_else(|| Lang::from_cookie(&parts.headers))
            .or_else(|| {
                parts
                    .extensions
                    .get::<Option<super::auth::Viewer>>()
                    .and_then(|v| v.as_ref()?.language.as_deref())
                    .and_then(Lang::parse)
            })
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    /// The query's `lang=` first, then the cookie, then German.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_parts(parts))
    }
}

/// Middleware: when a request asks for a language with `?lang=`, the response sets the cookie
/// that remembers it for a year. Every response varies by that cookie.
pub async fn remember(req: Request, next: Next) -> Response {
    let chosen = Lang::from_query(req.uri().query());
    let mut resp = next.run(req).await;
    resp.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Cookie"));
    if let Some(lang) = chosen {
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_wins_over_cookie() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=b; lang=en"));
        assert_eq!(Lang::from_cookie(&h), Some(Lang::En));
        assert_eq!(Lang::from_query(Some("q=x&lang=de")), Some(Lang::De));
        assert_eq!(Lang::from_query(Some("lang=fr")), None);
    }
}
