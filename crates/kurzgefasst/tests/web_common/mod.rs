//! Support for the web tests: a server with the fixture articles fetched, an HTTP client that
//! also returns headers, and a runner for Python `feedparser`.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{kg, run_ok, FixtureServer, Server};

/// A served database holding the fixture articles (sources: 1 = lokales.rss, 2 = wissen.atom).
pub struct Site {
    /// The fixture server (kept alive).
    pub fixtures: FixtureServer,
    /// The database's folder (kept alive).
    pub dir: tempfile::TempDir,
    /// `kurzgefasst serve --role web` on the database.
    pub server: Server,
}

impl Site {
    /// Fetches the fixture feeds into a fresh database and serves it.
    pub fn start() -> Site {
        let fixtures = FixtureServer::start();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kg.db");
        run_ok(kg(&db).args(["sources", "add", &fixtures.url("feeds/lokales.rss")]));
        run_ok(kg(&db).args(["sources", "add", &fixtures.url("feeds/wissen.atom")]));
        run_ok(kg(&db).arg("fetch"));
        set_admin_password(&db);
        let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
        Site {
            fixtures,
            dir,
            server,
        }
    }

    /// GETs a path: status, headers (lower-case names) and body.
    pub fn get(&self, path: &str) -> Response {
        request(self.server.addr, path, &[])
    }

    /// GETs a path with extra request headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        request(self.server.addr, path, headers)
    }

    /// The base URL of the server.
    pub fn base(&self) -> String {
        format!("http://{}", self.server.addr)
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Response {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A minimal HTTP/1.0 GET.
pub fn request(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.get(9..12))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The ids of the articles linked from a list page, in order.
pub fn article_ids(html: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for part in html.split("<h3><a href=\"/artikel/").skip(1) {
        if let Some(id) = part.split('"').next().and_then(|s| s.parse().ok()) {
            ids.push(id);
        }
    }
    ids
}

/// Parses an Atom document with Python's `feedparser` and returns what it read as JSON
/// (`bozo`, `version`, `title`, `entries` with `title`, `link`, `id`, `summary`, `published`,
/// `links`, `tags`).
/// Fails with a clear message when Python or feedparser is missing.
pub fn feedparser(xml: &str) -> serde_json::Value {
    const SCRIPT: &str = r#"
import json, sys
try:
    import feedparser
except ImportError:
    print("feedparser is not installed: run scripts/test (it installs it) or pip install feedparser", file=sys.stderr)
    sys.exit(3)
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
    "bozo": bool(d.bozo),
    "bozo_exception": str(d.get("bozo_exception", "")),
    "version": d.version,
    "title": d.feed.get("title"),
    "links": [l.get("href") for l in d.feed.get("links", [])],
    "entries": [{"title": e.get("title"), "link": e.get("link"), "id": e.get("id"),
                 "summary": e.get("summary"), "published": e.get("published"),
                 "links": [l.get("href") for l in e.get("links", [])],
                 "tags": [{"term": t.get("term"), "label": t.get("label")} for t in e.get("tags", [])]}
                for e in d.entries],
}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is needed to check the Atom feeds with feedparser ({e}); run scripts/test, which installs it"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "feedparser failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("feedparser output")
}

/// The admin password the web tests set.
pub const ADMIN_PASSWORD: &str = "Prüfpasswort-für-Tests";

/// Sets the admin's password with `kurzgefasst admin set-password` (read from standard input).
pub fn set_admin_password(db: &std::path::Path) {
    let mut child = kg(db)
        .args(["admin", "set-password"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run admin set-password");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{ADMIN_PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "admin set-password failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An HTTP client that keeps cookies by hand (name → value) and does not follow redirects.
#[derive(Clone)]
pub struct Client {
    /// The server's base URL.
    pub base: String,
    http: reqwest::Client,
    /// Cookies set by the server.
    pub cookies: std::collections::BTreeMap<String, String>,
}

impl Response {
    /// `Location`, when redirected.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// Every `Set-Cookie` header as sent.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of the hidden `csrf` field of the page (the first one).
    pub fn csrf(&self) -> String {
        hidden_csrf(&self.body).unwrap_or_else(|| panic!("no csrf field in {}", self.body))
    }
}

/// The value of the first hidden `csrf` field of an HTML page.
pub fn hidden_csrf(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")?;
    let rest = &html[i + "name=\"csrf\" value=\"".len()..];
    rest.split('"').next().map(str::to_string)
}

impl Client {
    /// A client for the server at `base` without cookies.
    pub fn new(base: &str) -> Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        Client {
            base: base.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Default::default(),
        }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Response {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let req = if cookie.is_empty() {
            req
        } else {
            req.header("cookie", cookie.join("; "))
        };
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let reply = Response {
            status,
            headers,
            body: resp.text().await.unwrap_or_default(),
        };
        for c in reply.set_cookies() {
            let first = c.split(';').next().unwrap_or("");
            if let Some((k, v)) = first.split_once('=') {
                if v.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        reply
    }

    /// GET a path.
    pub async fn get(&mut self, path: &str) -> Response {
        let req = self.http.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// GET a path with extra headers.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut req = self.http.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    /// POST a form.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        self.post_with(path, form, &[]).await
    }

    /// POST a form with extra headers.
    pub async fn post_with(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    /// POST a raw body with a content type.
    pub async fn post_raw(&mut self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        self.send(req).await
    }

    /// POST a JSON body with extra headers.
    pub async fn post_json_with(
        &mut self,
        path: &str,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    /// Logs in as the admin with [`ADMIN_PASSWORD`]; panics when that fails.
    pub async fn login(&mut self) {
        let page = self.get("/anmelden").await;
        assert_eq!(page.status, 200);
        let csrf = page.csrf();
        let r = self
            .post(
                "/anmelden",
                &[
                    ("name", "admin"),
                    ("passwort", ADMIN_PASSWORD),
                    ("csrf", &csrf),
                    ("weiter", "/quellen"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "login: {}", r.body);
        assert!(
            self.cookies.contains_key("kg_sitzung"),
            "session cookie set"
        );
    }
}
