//! The Google Reader API subset that mobile readers (ReadYou, FeedMe, Reeder) use, in the shape
//! FreshRSS and Miniflux serve it: `ClientLogin` (name and password, or an API token as the
//! password) answers `Auth=TOKEN`; every other call sends `Authorization: GoogleLogin auth=TOKEN`
//! (only tokens, never the browser session, so a cross-site form cannot use it).
//!
//! Streams: `user/-/state/com.google/reading-list`, `…/starred`, `…/read`, `feed/{source id}`
//! (also `feed/{feed URL}`) and `user/-/label/{category}`, each over the sources the reader
//! follows (another reader's feed or label is an empty stream). Categories are labels, as in
//! FreshRSS; apps manage subscriptions with `subscription/quickadd`, `subscription/edit`
//! (subscribe, unsubscribe, rename, move between labels with `a`/`r`), `rename-tag` and
//! `disable-tag`. Items are addressed by id only when a source the reader follows carries them
//! (or the reader starred them). Item ids are given in the long form
//! (`tag:google.com,2005:reader/item/` + 16 hex digits) and read in it, in the short decimal form,
//! and as bare hex. Continuation tokens are `PUBLISHED_ID` of the last item. An item's content is
//! the TLDR and Inhalt, every string escaped; its title is escaped too (clients render it as HTML).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::auth::{Via, Viewer};
use super::pages::esc;
use super::{db, AppState};
use crate::store::{Category, ReaderFilter, ReaderItem, StoredArticle, Subscription};

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const KEPT_UNREAD: &str = "user/-/state/com.google/kept-unread";
const ITEM_PREFIX: &str = "tag:google.com,2005:reader/item/";
const LABEL_PREFIX: &str = "user/-/label/";
/// Most items per stream request.
const MAX_ITEMS: usize = 1000;

/// The routes under `/accounts` and `/reader/api/0`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/accounts/ClientLogin",
            get(client_login).post(client_login),
        )
        .route("/reader/api/0/token", get(write_token))
        .route("/reader/api/0/user-info", get(user_info))
        .route("/reader/api/0/subscription/list", get(subscription_list))
        .route("/reader/api/0/tag/list", get(tag_list))
        .route("/reader/api/0/unread-count", get(unread_count))
        .route(
            "/reader/api/0/stream/contents",
            get(stream_contents).post(stream_contents),
        )
        .route(
            "/reader/api/0/stream/contents/{*stream}",
            get(stream_contents),
        )
        .route(
            "/reader/api/0/stream/items/ids",
            get(item_ids).post(item_ids),
        )
        .route(
            "/reader/api/0/stream/items/contents",
            get(item_contents).post(item_contents),
        )
        .route("/reader/api/0/edit-tag", post(edit_tag))
        .route("/reader/api/0/subscription/quickadd", post(quickadd))
        .route("/reader/api/0/subscription/edit", post(subscription_edit))
        .route("/reader/api/0/rename-tag", post(rename_tag))
        .route("/reader/api/0/disable-tag", post(disable_tag))
        .route("/reader/api/0/mark-all-as-read", post(mark_all_as_read))
}

/// An error in the API's plain-text style.
fn err(status: StatusCode, msg: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg,
    )
        .into_response()
}

fn internal<E>(_: E) -> Response {
    err(StatusCode::INTERNAL_SERVER_ERROR, "Error=InternalError\n")
}

/// The parameters of a call: query string and form body, in order (keys may repeat).
struct Params(Vec<(String, String)>);

impl Params {
    fn new(query: Option<&str>, body: &[u8]) -> Params {
        let mut v: Vec<(String, String)> =
            url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        v.extend(url::form_urlencoded::parse(body).into_owned());
        Params(v)
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, k: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
}

/// The token-authenticated viewer, or 401 as Google Reader answers it.
#[allow(clippy::result_large_err)] // the error is the response itself
fn reader_user(viewer: &Option<Viewer>) -> Result<&Viewer, Response> {
    match viewer {
        Some(v) if matches!(v.via, Via::Token { .. }) => Ok(v),
        _ => Err(err(StatusCode::UNAUTHORIZED, "Unauthorized\n")),
    }
}

/// The write token of a reader login: derived from its auth token, checked as `T` on POSTs.
fn write_token_for(v: &Viewer) -> String {
    match &v.via {
        Via::Token { hash } => {
            crate::auth::token_hash(&format!("reader-write:{hash}"))[..57].to_string()
        }
        Via::Session { .. } => String::new(),
    }
}

/// Checks the `T` parameter of a POST when the client sends one.
#[allow(clippy::result_large_err)] // the error is the response itself
fn check_t(v: &Viewer, p: &Params) -> Result<(), Response> {
    match p.get("T") {
        Some(t) if !crate::auth::same_secret(t, &write_token_for(v)) => Err((
            StatusCode::UNAUTHORIZED,
            [("x-reader-google-bad-token", "true")],
            "Unauthorized\n",
        )
            .into_response()),
        _ => Ok(()),
    }
}

/// A call of a logged-in reader: the viewer (token access only, else 401) and the parameters
/// of query and body.
struct Call {
    v: Viewer,
    p: Params,
    path: String,
}

impl axum::extract::FromRequest<AppState> for Call {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Response> {
        let viewer = req.extensions().get::<Option<Viewer>>().cloned().flatten();
        let v = reader_user(&viewer)?.clone();
        let query = req.uri().query().map(str::to_string);
        let path = req.uri().path().to_string();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Call {
            v,
            p: Params::new(query.as_deref(), &body),
            path,
        })
    }
}

/// A call that changes state: also checks the write token `T` when the client sends one.
struct WriteCall(Call);

impl axum::extract::FromRequest<AppState> for WriteCall {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Response> {
        let call = Call::from_request(req, state).await?;
        check_t(&call.v, &call.p)?;
        Ok(WriteCall(call))
    }
}

/// `ClientLogin`: `Email` and `Passwd` (the admin password or an API token) → `Auth=…`.
async fn client_login(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    if super::auth::locked_out(peer.ip()) {
        return err(StatusCode::TOO_MANY_REQUESTS, "Error=TooManyFailures\n");
    }
    let p = Params::new(q.as_deref(), &body);
    let (Some(name), Some(pass)) = (p.get("Email"), p.get("Passwd")) else {
        return err(StatusCode::BAD_REQUEST, "Error=BadAuthentication\n");
    };
    let (name, pass) = (name.trim().to_string(), pass.to_string());
    let json_out = p.get("output") == Some("json");
    let store = Arc::clone(&state.store);
    let res =
        tokio::task::spawn_blocking(move || -> Result<Option<String>, crate::auth::AuthError> {
            let now = crate::store_now();
            // An API token as the password: it is the auth token.
            if let Some(u) = store.api_token_user(&crate::auth::token_hash(&pass), now)? {
                if u.name == name {
                    return Ok(Some(pass));
                }
            }
            let Some(u) = store.user_by_name(&name)? else {
                return Ok(None);
            };
            if !crate::auth::verify_password(&pass, &u.password_hash) {
                return Ok(None);
            }
            let token = crate::auth::new_token()?;
            store.create_api_token(
                u.id,
                "Google Reader (ClientLogin)",
                &crate::auth::token_hash(&token),
                now,
            )?;
            Ok(Some(token))
        })
        .await;
    match res {
        Ok(Ok(Some(token))) => {
            if json_out {
                Json(json!({"SID": token, "LSID": token, "Auth": token})).into_response()
            } else {
                (
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    format!("SID={token}\nLSID={token}\nAuth={token}\n"),
                )
                    .into_response()
            }
        }
        Ok(Ok(None)) => {
            tracing::warn!(peer = %peer.ip(), "failed reader login");
            super::auth::record_failure(peer.ip());
            err(StatusCode::UNAUTHORIZED, "Error=BadAuthentication\n")
        }
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

/// `token`: the write token for POSTs.
async fn write_token(Call { v, .. }: Call) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        write_token_for(&v),
    )
        .into_response()
}

/// `user-info`.
async fn user_info(Call { v, .. }: Call) -> Response {
    Json(json!({
        "userId": v.user_id.to_string(),
        "userName": v.name,
        "userProfileId": v.user_id.to_string(),
        "userEmail": "",
    }))
    .into_response()
}

/// A reader's subscriptions and categories.
async fn reader_lists(
    state: &AppState,
    user: i64,
) -> Result<(Vec<Subscription>, Vec<Category>), Response> {
    db(state, move |s| {
        Ok((s.subscriptions(user, None)?, s.categories(user)?))
    })
    .await
    .map_err(internal)
}

/// A category's label id.
fn label_id(name: &str) -> String {
    format!("{LABEL_PREFIX}{name}")
}

/// `subscription/list`: the reader's subscriptions as `feed/{id}`, each with its label.
async fn subscription_list(State(state): State<AppState>, Call { v, .. }: Call) -> Response {
    let (subs, _) = match reader_lists(&state, v.user_id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let subs: Vec<Value> = subs
        .iter()
        .map(|sub| {
            let s = &sub.source;
            let categories: Vec<Value> = sub
                .category_name()
                .map(|c| json!({"id": label_id(c), "label": esc(c)}))
                .into_iter()
                .collect();
            json!({
                "id": format!("feed/{}", s.id),
                "title": esc(sub.name()),
                "categories": categories,
                "url": s.url,
                "htmlUrl": s.site_url.as_deref().filter(|u| is_http(u)).unwrap_or(""),
                "iconUrl": "",
            })
        })
        .collect();
    Json(json!({ "subscriptions": subs })).into_response()
}

/// `tag/list`: the states and the reader's labels (categories).
async fn tag_list(State(state): State<AppState>, Call { v, .. }: Call) -> Response {
    let (_, cats) = match reader_lists(&state, v.user_id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut tags = vec![
        json!({"id": STARRED}),
        json!({"id": READ}),
        json!({"id": READING_LIST}),
    ];
    tags.extend(
        cats.iter()
            .map(|c| json!({"id": label_id(&c.name), "type": "folder"})),
    );
    Json(json!({ "tags": tags })).into_response()
}

/// `unread-count`: per subscribed source, per label and in all (the reader's sources), from the
/// process's counter (`store::UnreadCounter`), the numbers the pages' navigation shows.
async fn unread_count(State(state): State<AppState>, Call { v, .. }: Call) -> Response {
    let user = v.user_id;
    let counter = std::sync::Arc::clone(&state.unread);
    let res = db(&state, move |s| {
        let counts = counter.summary_exact(s, user)?;
        Ok((counts, s.categories(user)?))
    })
    .await;
    let (counts, cats) = match res {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let mut list: Vec<Value> = counts
        .per_source
        .iter()
        .map(|(id, u)| {
            json!({"id": format!("feed/{id}"), "count": u.count,
                   "newestItemTimestampUsec": usec(u.newest)})
        })
        .collect();
    list.extend(cats.iter().map(|c| {
        let u = counts.category(c.id);
        json!({"id": label_id(&c.name), "count": u.count, "newestItemTimestampUsec": usec(u.newest)})
    }));
    let total = counts.total;
    list.push(json!({"id": READING_LIST, "count": total.count, "newestItemTimestampUsec": usec(total.newest)}));
    Json(json!({"max": total.count, "unreadcounts": list})).into_response()
}

fn usec(unix: i64) -> String {
    format!("{}", unix.saturating_mul(1_000_000))
}

fn is_http(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// The label (category name) of a `user/…/label/NAME` stream or tag, if it is one.
fn label_of(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix("user/")?;
    let (_, tail) = rest.split_once('/')?;
    tail.strip_prefix("label/").filter(|n| !n.trim().is_empty())
}

/// The reader's category named by a label.
fn category_named<'a>(cats: &'a [Category], name: &str) -> Option<&'a Category> {
    let name = name.trim().to_lowercase();
    cats.iter().find(|c| c.name.to_lowercase() == name)
}

/// What a stream id selects among the reader's sources; `None` for a stream that is empty for
/// them (unknown feeds and labels, another reader's).
fn stream_filter(stream: &str, subs: &[Subscription], cats: &[Category]) -> Option<ReaderFilter> {
    // `user/1234/…` means the same as `user/-/…`.
    let normal = match stream.strip_prefix("user/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, tail)) => format!("user/-/{tail}"),
            None => stream.to_string(),
        },
        None => stream.to_string(),
    };
    let mut f = ReaderFilter::default();
    match normal.as_str() {
        "" | READING_LIST => {}
        STARRED => f.starred_only = true,
        READ => f.read_only = true,
        s if s.starts_with("feed/") => {
            let key = &s["feed/".len()..];
            let id = key
                .parse::<i64>()
                .ok()
                .filter(|id| subs.iter().any(|s| s.source.id == *id))
                .or_else(|| {
                    subs.iter()
                        .find(|s| s.source.url == key)
                        .map(|s| s.source.id)
                })?;
            f.source = Some(id);
        }
        s => {
            f.category = Some(category_named(cats, label_of(s)?)?.id);
        }
    }
    Some(f)
}

/// Reads `n`, `c`, `ot`, `nt`, `r`, `xt` into the filter.
fn paging(f: &mut ReaderFilter, p: &Params, default_n: usize) {
    f.limit = p
        .get("n")
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_n)
        .clamp(1, MAX_ITEMS);
    f.after = p.get("c").and_then(|c| {
        let (a, b) = c.split_once('_')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    });
    f.newer_than = p.get("ot").and_then(|t| t.parse().ok());
    f.older_than = p.get("nt").and_then(|t| t.parse().ok());
    f.oldest_first = p.get("r") == Some("o");
    if p.all("xt")
        .any(|x| x == READ || x.ends_with("/state/com.google/read"))
    {
        f.exclude_read = true;
    }
}

/// The stream named by the path (`stream/contents/{stream}`) or by `s`.
fn stream_param(path: &str, p: &Params) -> String {
    let prefix = "/reader/api/0/stream/contents/";
    if let Some(rest) = path.strip_prefix(prefix) {
        return percent_decode(rest);
    }
    p.get("s").unwrap_or(READING_LIST).to_string()
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Loads the filter's items (one more than asked, for the continuation).
async fn load_stream(
    state: &AppState,
    user_id: i64,
    stream: String,
    p: &Params,
    default_n: usize,
) -> Result<(Vec<ReaderItem>, Option<String>), Response> {
    let mut extra = ReaderFilter::default();
    paging(&mut extra, p, default_n);
    let res = db(state, move |s| {
        let (subs, cats) = (s.subscriptions(user_id, None)?, s.categories(user_id)?);
        let Some(mut f) = stream_filter(&stream, &subs, &cats) else {
            return Ok(Vec::new());
        };
        f.limit = extra.limit + 1;
        f.after = extra.after;
        f.newer_than = extra.newer_than;
        f.older_than = extra.older_than;
        f.oldest_first = extra.oldest_first;
        f.exclude_read = extra.exclude_read;
        s.reader_items(user_id, &f)
    })
    .await
    .map_err(internal)?;
    let mut items = res;
    let more = items.len() > extra.limit;
    items.truncate(extra.limit);
    let continuation = if more {
        items.last().map(|i| format!("{}_{}", i.published_at, i.id))
    } else {
        None
    };
    // What the reader's filters mute is left out (the continuation still follows the stream).
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let visible = db(state, move |s| s.visible_ids(user_id, &ids))
        .await
        .map_err(internal)?;
    items.retain(|i| visible.contains(&i.id));
    Ok((items, continuation))
}

/// `stream/contents`: the items of a stream in full.
async fn stream_contents(State(state): State<AppState>, Call { v, p, path }: Call) -> Response {
    let stream = stream_param(&path, &p);
    let (items, continuation) = match load_stream(&state, v.user_id, stream.clone(), &p, 20).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    contents_response(&state, &v, &stream, items, continuation).await
}

/// The `stream/contents` document for `items`.
async fn contents_response(
    state: &AppState,
    v: &Viewer,
    stream: &str,
    items: Vec<ReaderItem>,
    continuation: Option<String>,
) -> Response {
    let user = v.user_id;
    let loaded = db(state, move |s| {
        let sources = s.subscriptions(user, None)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(a) = s.article(item.id)? {
                out.push((item, a));
            }
        }
        Ok((out, sources))
    })
    .await;
    let (articles, sources) = match loaded {
        Ok(x) => x,
        Err(e) => return internal(e),
    };
    let json_items: Vec<Value> = articles
        .iter()
        .map(|(item, a)| item_json(item, a, &sources))
        .collect();
    let mut doc = json!({
        "direction": "ltr",
        "id": stream,
        "title": "Kurzgefasst",
        "author": v.name,
        "updated": crate::store_now(),
        "items": json_items,
    });
    if let Some(c) = continuation {
        doc["continuation"] = json!(c);
    }
    Json(doc).into_response()
}

/// One item: escaped title, links (http(s) only), states, origin, TLDR + Inhalt as escaped HTML.
fn item_json(item: &ReaderItem, a: &StoredArticle, sources: &[Subscription]) -> Value {
    let mut categories = vec![json!(READING_LIST)];
    if item.read {
        categories.push(json!(READ));
    }
    if item.starred {
        categories.push(json!(STARRED));
    }
    let link = if is_http(&a.url) { a.url.as_str() } else { "" };
    let src = item
        .source_id
        .and_then(|id| sources.iter().find(|s| s.source.id == id));
    if let Some(c) = src.and_then(Subscription::category_name) {
        categories.push(json!(label_id(c)));
    }
    let origin = match src {
        Some(sub) => json!({
            "streamId": format!("feed/{}", sub.source.id),
            "title": esc(sub.name()),
            "htmlUrl": sub.source.site_url.as_deref().filter(|u| is_http(u)).unwrap_or(""),
        }),
        None => json!({"streamId": "", "title": esc(&a.site), "htmlUrl": ""}),
    };
    let mut content = String::new();
    if let Some(t) = &a.tldr {
        // The page's kind beside "TLDR" where it has a label; a listing's or gallery's items
        // as a list.
        let kind = crate::kind::label(a.page_type, crate::i18n::Lang::De)
            .map_or(String::new(), |l| format!(" · {l}"));
        let body = match super::pages::tldr_html(Some(t)).into_string() {
            list if list.starts_with("<ul") => list,
            text => format!("<p>{text}</p>"),
        };
        content.push_str(&format!(
            "<p><strong>TLDR</strong>{kind}</p>\n{body}\n<hr>\n"
        ));
    }
    for para in a.content.split("\n\n").filter(|p| !p.trim().is_empty()) {
        content.push_str(&format!("<p>{}</p>\n", esc(para)));
    }
    json!({
        "id": format!("{ITEM_PREFIX}{:016x}", item.id),
        "crawlTimeMsec": format!("{}", item.published_at.saturating_mul(1000)),
        "timestampUsec": usec(item.published_at),
        "published": item.published_at,
        "updated": item.published_at,
        "title": esc(&a.title),
        "author": esc(a.author.as_deref().unwrap_or("")),
        "canonical": [{"href": link}],
        "alternate": [{"href": link, "type": "text/html"}],
        "categories": categories,
        "origin": origin,
        "summary": {"direction": "ltr", "content": content},
        "page_type": a.page_type.as_str(),
    })
}

/// `stream/items/ids`: the ids (short decimal form) of a stream.
async fn item_ids(State(state): State<AppState>, Call { v, p, .. }: Call) -> Response {
    let stream = p.get("s").unwrap_or(READING_LIST).to_string();
    let (items, continuation) = match load_stream(&state, v.user_id, stream, &p, 20).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let refs: Vec<Value> = items
        .iter()
        .map(|i| json!({"id": i.id.to_string(), "directStreamIds": [], "timestampUsec": usec(i.published_at)}))
        .collect();
    let mut doc = json!({ "itemRefs": refs });
    if let Some(c) = continuation {
        doc["continuation"] = json!(c);
    }
    Json(doc).into_response()
}

/// An item id in any of the three forms.
pub fn parse_item_id(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix(ITEM_PREFIX) {
        return u64::from_str_radix(hex, 16)
            .ok()
            .and_then(|v| i64::try_from(v).ok());
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return s.parse().ok();
    }
    if s.len() == 16 {
        return u64::from_str_radix(s, 16)
            .ok()
            .and_then(|v| i64::try_from(v).ok());
    }
    None
}

/// `stream/items/contents`: the items named by `i`, in that order.
async fn item_contents(State(state): State<AppState>, Call { v, p, .. }: Call) -> Response {
    let ids: Vec<i64> = p
        .all("i")
        .filter_map(parse_item_id)
        .take(MAX_ITEMS)
        .collect();
    let user = v.user_id;
    let items = match db(&state, move |s| {
        let items = s.reader_items_by_id(user, &ids)?;
        allowed(s, user, items)
    })
    .await
    {
        Ok(i) => i,
        Err(e) => return internal(e),
    };
    contents_response(&state, &v, READING_LIST, items, None).await
}

/// `edit-tag`: `a` adds and `r` removes read or starred on the items `i`.
async fn edit_tag(
    State(state): State<AppState>,
    WriteCall(Call { v, p, .. }): WriteCall,
) -> Response {
    let ids: Vec<i64> = p.all("i").filter_map(parse_item_id).collect();
    if ids.is_empty() {
        return err(StatusCode::BAD_REQUEST, "Error=no items\n");
    }
    let (mut read, mut starred) = (None, None);
    for tag in p.all("a") {
        match state_of(tag) {
            Some(READ) => read = Some(true),
            Some(KEPT_UNREAD) => read = Some(false),
            Some(STARRED) => starred = Some(true),
            _ => {}
        }
    }
    for tag in p.all("r") {
        match state_of(tag) {
            Some(READ) => read = Some(false),
            Some(KEPT_UNREAD) => read = Some(true),
            Some(STARRED) => starred = Some(false),
            _ => {}
        }
    }
    let user = v.user_id;
    super::reading::forget_counts(&state, user);
    let changed = db(&state, move |s| {
        let items = allowed(s, user, s.reader_items_by_id(user, &ids)?)?;
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        s.set_item_state(user, &ids, read, starred)
    });
    match changed.await {
        Ok(_) => ok_text(),
        Err(e) => internal(e),
    }
}

/// Of `items`, those the reader may address: carried by a source they follow, or starred by
/// them (a saved article stays theirs after unsubscribing).
fn allowed(
    s: &crate::store::Store,
    user: i64,
    items: Vec<ReaderItem>,
) -> Result<Vec<ReaderItem>, crate::store::StoreError> {
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let followed = s.subscribed_article_ids(user, &ids)?;
    Ok(items
        .into_iter()
        .filter(|i| i.starred || followed.contains(&i.id))
        .collect())
}

/// A state tag in its `user/-/` form, when it is one we keep.
fn state_of(tag: &str) -> Option<&'static str> {
    [READ, STARRED, KEPT_UNREAD]
        .into_iter()
        .find(|s| tag == *s || tag.ends_with(&s["user/-".len()..]))
}

fn ok_text() -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "OK").into_response()
}

/// `mark-all-as-read`: `s` (stream) and `ts` (microseconds: items up to then).
async fn mark_all_as_read(
    State(state): State<AppState>,
    WriteCall(Call { v, p, .. }): WriteCall,
) -> Response {
    let stream = p.get("s").unwrap_or(READING_LIST).to_string();
    let until = p
        .get("ts")
        .and_then(|t| t.parse::<i64>().ok())
        .map(|us| us / 1_000_000)
        .unwrap_or(i64::MAX);
    let user = v.user_id;
    super::reading::forget_counts(&state, user);
    let res = db(&state, move |s| {
        let (subs, cats) = (s.subscriptions(user, None)?, s.categories(user)?);
        match stream_filter(&stream, &subs, &cats) {
            Some(f) if f.starred_only || f.read_only => Ok(0),
            Some(ReaderFilter {
                category: Some(c), ..
            }) => {
                let mut n = 0;
                for sub in subs
                    .iter()
                    .filter(|sub| sub.category.as_ref().map(|x| x.0) == Some(c))
                {
                    n += s.mark_all_read(user, Some(sub.source.id), until)?;
                }
                Ok(n)
            }
            Some(f) => s.mark_all_read(user, f.source, until),
            None => Ok(0),
        }
    })
    .await;
    match res {
        Ok(_) => ok_text(),
        Err(e) => internal(e),
    }
}

/// The reader's subscription a `feed/{id}` or `feed/{URL}` stream names.
fn subscribed_feed(stream: &str, subs: &[Subscription]) -> Option<i64> {
    let key = stream.strip_prefix("feed/")?;
    key.parse::<i64>()
        .ok()
        .filter(|id| subs.iter().any(|s| s.source.id == *id))
        .or_else(|| {
            subs.iter()
                .find(|s| s.source.url == key)
                .map(|s| s.source.id)
        })
}

/// Subscribes the reader to a feed URL (discovered from a site page; the private-address guard
/// applies): the source, also when they followed it already.
async fn follow(
    state: &AppState,
    user: i64,
    url: &str,
    title: Option<&str>,
    category: Option<&str>,
) -> Result<crate::store::Source, crate::sources::AddSourceError> {
    let follow = crate::sources::Follow {
        user: Some(user),
        category,
        title,
    };
    match crate::sources::subscribe(&state.store, &state.fetcher, url, false, follow).await {
        Ok(src) => {
            state.wake.notify_one();
            Ok(src)
        }
        Err(crate::sources::AddSourceError::Duplicate(id)) => {
            let store = Arc::clone(&state.store);
            tokio::task::spawn_blocking(move || store.source(id))
                .await
                .ok()
                .and_then(Result::ok)
                .flatten()
                .ok_or(crate::sources::AddSourceError::Duplicate(id))
        }
        Err(e) => Err(e),
    }
}

/// `subscription/quickadd`: `quickadd` = a feed or site URL (or `feed/URL`).
async fn quickadd(
    State(state): State<AppState>,
    WriteCall(Call { v, p, .. }): WriteCall,
) -> Response {
    let Some(url) = p
        .get("quickadd")
        .map(|u| u.strip_prefix("feed/").unwrap_or(u).trim().to_string())
    else {
        return err(StatusCode::BAD_REQUEST, "Error=no quickadd\n");
    };
    match follow(&state, v.user_id, &url, None, None).await {
        Ok(src) => Json(json!({
            "query": url,
            "numResults": 1,
            "streamId": format!("feed/{}", src.id),
            "streamName": esc(src.title.as_deref().unwrap_or(&src.url)),
        }))
        .into_response(),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"query": url, "numResults": 0, "error": e.to_string()})),
        )
            .into_response(),
    }
}

/// `subscription/edit`: `ac` = `subscribe` (`s` = `feed/URL`), `unsubscribe` or `edit`
/// (`s` = `feed/{id}`); `t` a new title; `a` / `r` a label to move to / out of.
async fn subscription_edit(
    State(state): State<AppState>,
    WriteCall(Call { v, p, .. }): WriteCall,
) -> Response {
    let user = v.user_id;
    let ac = p.get("ac").unwrap_or("edit").to_string();
    let title = p.get("t").map(str::to_string);
    let add = p.all("a").find_map(label_of).map(str::to_string);
    let remove = p.all("r").find_map(label_of).map(str::to_string);
    let streams: Vec<String> = p.all("s").map(str::to_string).collect();
    if streams.is_empty() {
        return err(StatusCode::BAD_REQUEST, "Error=no stream\n");
    }
    if ac == "subscribe" {
        for stream in &streams {
            let url = stream.strip_prefix("feed/").unwrap_or(stream);
            if follow(&state, user, url, title.as_deref(), add.as_deref())
                .await
                .is_err()
            {
                return err(StatusCode::BAD_REQUEST, "Error=cannot subscribe\n");
            }
        }
        return ok_text();
    }
    let res = db(&state, move |s| {
        let subs = s.subscriptions(user, None)?;
        let mut done = 0;
        for stream in &streams {
            let Some(id) = subscribed_feed(stream, &subs) else {
                continue;
            };
            if ac == "unsubscribe" {
                done += usize::from(s.unsubscribe(user, id)?);
                continue;
            }
            let current = subs
                .iter()
                .find(|x| x.source.id == id)
                .and_then(|x| x.category.clone());
            let mut change = crate::store::SubscriptionChange::default();
            if let Some(t) = &title {
                change.title = Some(crate::store::clean_name(t));
            }
            if let Some(name) = &add {
                change.category = Some(Some(s.ensure_category(user, name)?.id));
            } else if let (Some(name), Some((_, cur, _))) = (&remove, &current) {
                if cur.to_lowercase() == name.trim().to_lowercase() {
                    change.category = Some(None);
                }
            }
            done += usize::from(s.update_subscription(user, id, &change)?);
        }
        Ok(done)
    })
    .await;
    match res {
        Ok(0) => err(StatusCode::NOT_FOUND, "Error=no such subscription\n"),
        Ok(_) => ok_text(),
        Err(e) => internal(e),
    }
}

/// The label a tag call names: `s` (`user/-/label/NAME`) or `t` (the bare name).
fn tag_param(p: &Params) -> Option<String> {
    p.get("s")
        .and_then(label_of)
        .or_else(|| p.get("t").filter(|t| !t.trim().is_empty()))
        .map(str::to_string)
}

/// `rename-tag`: renames the reader's label `s` (or `t`) to `dest`.
async fn rename_tag(
    State(state): State<AppState>,
    WriteCall(Call { v, p, .. }): WriteCall,
) -> Response {
    let user = v.user_id;
    let (Some(old), Some(new)) = (
        tag_param(&p),
        p.get("dest")
            .map(|d| label_of(d).unwrap_or(d).to_string())
            .filter(|d| !d.trim().is_empty()),
    ) else {
        return err(StatusCode::BAD_REQUEST, "Error=no tag\n");
    };
    let res = db(&state, move |s| {
        let cats = s.categories(user)?;
        let Some(c) = category_named(&cats, &old) else {
            return Ok(None);
        };
        match s.rename_category(user, c.id, &new) {
            Ok(r) => Ok(r.map(|_| true)),
            Err(crate::store::StoreError::Duplicate(_) | crate::store::StoreError::BadName(_)) => {
                Ok(Some(false))
            }
            Err(e) => Err(e),
        }
    })
    .await;
    match res {
        Ok(Some(true)) => ok_text(),
        Ok(Some(false)) => err(StatusCode::CONFLICT, "Error=name taken\n"),
        Ok(None) => err(StatusCode::NOT_FOUND, "Error=no such tag\n"),
        Err(e) => internal(e),
    }
}

/// `disable-tag`: deletes the reader's label `s` (or `t`); its feeds stay, without a label.
async fn disable_tag(
    State(state): State<AppState>,
    WriteCall(Call { v, p, .. }): WriteCall,
) -> Response {
    let user = v.user_id;
    let Some(name) = tag_param(&p) else {
        return err(StatusCode::BAD_REQUEST, "Error=no tag\n");
    };
    let res = db(&state, move |s| {
        let cats = s.categories(user)?;
        match category_named(&cats, &name) {
            Some(c) => s.delete_category(user, c.id),
            None => Ok(false),
        }
    })
    .await;
    match res {
        Ok(true) => ok_text(),
        Ok(false) => err(StatusCode::NOT_FOUND, "Error=no such tag\n"),
        Err(e) => internal(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_in_all_forms() {
        assert_eq!(
            parse_item_id("tag:google.com,2005:reader/item/00000000000000ab"),
            Some(171)
        );
        assert_eq!(parse_item_id("171"), Some(171));
        assert_eq!(parse_item_id("00000000000000ab"), Some(171));
        assert_eq!(parse_item_id("xyz"), None);
        assert_eq!(state_of("user/1/state/com.google/read"), Some(READ));
        assert_eq!(state_of("user/-/state/com.google/starred"), Some(STARRED));
        assert_eq!(state_of("user/-/label/x"), None);
        assert_eq!(label_of("user/-/label/Politik"), Some("Politik"));
        assert_eq!(
            label_of("user/7/label/Wirtschaft & Börse"),
            Some("Wirtschaft & Börse")
        );
        assert_eq!(label_of("user/-/state/com.google/read"), None);
        assert_eq!(label_of("user/-/label/ "), None);
    }
}
