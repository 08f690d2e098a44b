//! Test support: a fixture HTTP server on 127.0.0.1 serving `tests/fixtures/site`, a runner for
//! the real `kurzgefasst` binary, and a minimal HTTP client.
#![allow(dead_code)]

pub mod db;
pub mod faults;
pub mod llm_queue;

pub use db::db_url;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Router;

/// The folder of the fixture site.
pub fn site_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

/// The extractor's test pages (`crates/extract/tests/fixtures`), served under `/kg-extract/`.
pub fn extract_fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures")
}

/// A fixture HTTP server on 127.0.0.1 with a random port, running until the test process ends.
/// Files are served from [`site_dir`] (and `/kg-extract/NAME/…` from [`extract_fixtures_dir`]); in feeds, `{{BASE}}` is replaced by the server's base URL.
pub struct FixtureServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl FixtureServer {
    /// Starts the server on 127.0.0.1, on its own thread.
    pub fn start() -> FixtureServer {
        Self::start_on("127.0.0.1")
    }

    /// Starts the server on another loopback address (127.0.0.2, …): a second "site".
    pub fn start_on(ip: &str) -> FixtureServer {
        let listener = std::net::TcpListener::bind((ip, 0)).expect("bind fixture server");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let state = base.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = Router::new()
                    .route("/{*path}", axum::routing::get(serve_file))
                    .with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        FixtureServer { base }
    }

    /// The absolute URL of a fixture path.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }
}

async fn serve_file(
    State(base): State<String>,
    UrlPath(path): UrlPath<String>,
) -> axum::response::Response {
    if path.contains("..") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    // `/kg-extract/NAME/…`: the extractor's test page `NAME.html` (crates/extract/tests/fixtures),
    // under whatever path a site would give it (the URL is one of the extractor's clues).
    let file = match path.strip_prefix("kg-extract/") {
        Some(rest) => {
            let name = rest.split('/').next().unwrap_or(rest);
            extract_fixtures_dir().join(format!("{name}.html"))
        }
        None => site_dir().join(&path),
    };
    let Ok(bytes) = tokio::fs::read(&file).await else {
        return (StatusCode::NOT_FOUND, "nicht gefunden").into_response();
    };
    let ct = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("rss") => "application/rss+xml",
        Some("atom") => "application/atom+xml",
        Some("json") => "application/feed+json",
        _ => "application/octet-stream",
    };
    let body = if path.starts_with("feeds/") {
        String::from_utf8_lossy(&bytes)
            .replace("{{BASE}}", &base)
            .into_bytes()
    } else {
        bytes
    };
    ([(header::CONTENT_TYPE, ct)], body).into_response()
}

/// The `kurzgefasst` binary with the database named by `db` (an SQLite file, or with
/// `KURZGEFASST_TEST_DB=postgres` a PostgreSQL database of its own: [`db::db_url`]), private
/// addresses allowed, German locale and no inherited database settings.
pub fn kg(db: &Path) -> Command {
    kg_url(&db_url(db))
}

/// The `kurzgefasst` binary with the database at `url` (either engine), otherwise as [`kg`].
pub fn kg_url(url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kurzgefasst"));
    c.env("KURZGEFASST_DB", url)
        .env("KURZGEFASST_ALLOW_PRIVATE", "1")
        .env("LANG", "de_DE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("KURZGEFASST_TZ")
        .env_remove("RUST_LOG");
    c
}

/// Runs a command and returns its output, panicking with both streams when it fails.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run kurzgefasst");
    assert!(
        out.status.success(),
        "command failed ({:?}): {:?}\nstdout: {}\nstderr: {}",
        out.status,
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A free port on 127.0.0.1.
pub fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// A running `kurzgefasst serve`, killed on drop.
pub struct Server {
    /// The child process.
    pub child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `serve` with extra arguments and waits until `/healthz` answers.
    pub fn start(db: &Path, args: &[&str]) -> Server {
        Self::start_url_with_env(&db_url(db), args, &[])
    }

    /// Starts `serve` with extra arguments and environment changes (`None` removes a variable).
    pub fn start_with_env(db: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Server {
        Self::start_url_with_env(&db_url(db), args, env)
    }

    /// Starts `serve` on the database at `url` (either engine), as [`Server::start`].
    pub fn start_url(url: &str, args: &[&str]) -> Server {
        Self::start_url_with_env(url, args, &[])
    }

    /// Starts `serve` on the database at `url` with extra arguments and environment changes.
    pub fn start_url_with_env(url: &str, args: &[&str], env: &[(&str, Option<&str>)]) -> Server {
        let addr = free_addr();
        let mut cmd = kg_url(url);
        for (k, v) in env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let child = cmd
            .arg("serve")
            .arg("--listen")
            .arg(addr.to_string())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let mut server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, _)) = http_get(addr, "/healthz") {
                break;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("serve exited early: {status}");
            }
            assert!(Instant::now() < deadline, "serve did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// GETs a path and returns status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        http_get(self.addr, path).expect("GET")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.0 GET: status code and body as text.
pub fn http_get(addr: SocketAddr, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// An article as the pipeline would hand it to the store: `text` as one paragraph, German, page
/// date `published` (fetched a minute later), and an extractive TLDR of its first sentence.
pub fn new_article(
    url: &str,
    site: &str,
    title: &str,
    text: &str,
    published: i64,
) -> kurzgefasst::store::NewArticle {
    let first = text.split(". ").next().unwrap_or(text).to_string();
    kurzgefasst::store::NewArticle {
        url: url.to_string(),
        canonical_url: None,
        title: title.to_string(),
        teaser: None,
        blocks: vec![kg_extract::Block {
            kind: kg_extract::BlockKind::Paragraph,
            text: text.to_string(),
        }],
        site: site.to_string(),
        author: None,
        language: Some("de".into()),
        image: None,
        paywalled: false,
        published_at: published,
        date_source: kurzgefasst::store::DateSource::Page,
        fetched_at: published + 60,
        extract_error: None,
        ressort: None,
        page_type: kg_extract::PageType::Article,
        tldr: kg_summarize::Tldr {
            sentences: vec![kg_summarize::TldrSentence {
                text: first,
                support: vec![0],
            }],
            method: kg_summarize::Method::Extractive,
            model: None,
        },
    }
}
