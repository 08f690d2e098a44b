//! Delivering the briefing (issue 23) against real servers on 127.0.0.1: an SMTP server written
//! here (it speaks enough SMTP for lettre, can refuse, speaks STARTTLS or implicit TLS with a
//! certificate from a CA the test makes with rcgen, and keeps every message as received),
//! whose messages Python's `email` package reads back (headers, both parts, umlauts, links, the
//! unsubscribe header); an HTTP sink for the ntfy and webhook posts (the webhook's signature is
//! checked with ring); the real `kurzgefasst` binary with a clock the test controls
//! (`briefing deliver --now`), a served instance for the unsubscribe link and the settings page,
//! on an SQLite file or (with `KURZGEFASST_TEST_DB=postgres`) PostgreSQL. The race of two worker
//! processes always runs on PostgreSQL.

mod common;
mod web_common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::TimeZone;
use common::{db, kg, kg_url, new_article, run_ok, Server};
use kurzgefasst::store::{DbUrl, EntryRef, Store};

const FROM: &str = "Kurzgefasst <news@example.org>";
const SECRET: &str = "webhook-geheimnis-1234";

// --- An SMTP server -------------------------------------------------------------------------

/// An SMTP server on 127.0.0.1: answers EHLO, MAIL, RCPT, DATA, keeps each message's bytes;
/// refuses the first `refuse` MAIL commands with a 451 (a server that is busy); with
/// credentials, offers AUTH PLAIN and takes mail only after a correct one. With a certificate it
/// speaks TLS ([`SmtpTls`]): STARTTLS on request, or implicit TLS from the first byte; each
/// message records whether it came over TLS.
struct Smtp {
    port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    /// Why TLS handshakes failed on the server's side (e.g. the client's alert).
    tls_failures: Arc<Mutex<Vec<String>>>,
}

/// One message as the server received it.
#[derive(Clone)]
struct Received {
    data: Vec<u8>,
    /// The TLS session the DATA came over (protocol version and the client's SNI), if any.
    tls: Option<String>,
}

/// How the test SMTP server speaks TLS.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TlsMode {
    /// Plain SMTP that offers `STARTTLS` and continues over TLS after its 220.
    StartTls,
    /// TLS from the first byte ("smtps", port 465 style).
    Implicit,
}

/// The server side of TLS: a mode and a certificate.
#[derive(Clone)]
struct SmtpTls {
    mode: TlsMode,
    config: Arc<rustls::ServerConfig>,
}

#[derive(Clone)]
struct SmtpOptions {
    refuse: usize,
    delay_ms: u64,
    login: bool,
    tls: Option<SmtpTls>,
}

/// The SMTP user and password of [`Smtp::with_login`].
const SMTP_LOGIN: (&str, &str) = ("briefing", "Geheim-123");

impl Smtp {
    fn start(refuse: usize, delay_ms: u64) -> Smtp {
        Self::start_with(SmtpOptions {
            refuse,
            delay_ms,
            login: false,
            tls: None,
        })
    }

    fn with_login() -> Smtp {
        Self::start_with(SmtpOptions {
            refuse: 0,
            delay_ms: 0,
            login: true,
            tls: None,
        })
    }

    /// A server speaking TLS in `mode` with `cert` (which also asks for the login).
    fn with_tls(mode: TlsMode, cert: &ServerCert) -> Smtp {
        Self::start_with(SmtpOptions {
            refuse: 0,
            delay_ms: 0,
            login: true,
            tls: Some(SmtpTls {
                mode,
                config: cert.server_config(),
            }),
        })
    }

    fn start_with(options: SmtpOptions) -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let tls_failures = Arc::new(Mutex::new(Vec::new()));
        let refuse = Arc::new(Mutex::new(options.refuse));
        let (m, f) = (Arc::clone(&messages), Arc::clone(&tls_failures));
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (m, f, refuse, options) = (
                    Arc::clone(&m),
                    Arc::clone(&f),
                    Arc::clone(&refuse),
                    options.clone(),
                );
                std::thread::spawn(move || {
                    if let Err(e) = smtp_session(conn, &m, &refuse, &options) {
                        if e.kind() == std::io::ErrorKind::InvalidData {
                            // rustls reports a failed handshake as InvalidData.
                            f.lock().unwrap().push(e.to_string());
                        }
                    }
                });
            }
        });
        Smtp {
            port,
            messages,
            tls_failures,
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn count(&self) -> usize {
        self.messages.lock().unwrap().len()
    }

    fn message(&self, i: usize) -> Vec<u8> {
        self.messages.lock().unwrap()[i].data.clone()
    }

    /// The TLS session message `i` came over, if any.
    fn tls_of(&self, i: usize) -> Option<String> {
        self.messages.lock().unwrap()[i].tls.clone()
    }

    fn tls_failures(&self) -> Vec<String> {
        self.tls_failures.lock().unwrap().clone()
    }
}

/// A connection of the SMTP server: plain TCP, or TLS over it.
enum Conn {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Conn {
    /// Wraps a TCP connection in server-side TLS (the handshake runs on the first read).
    fn tls(tcp: TcpStream, config: &Arc<rustls::ServerConfig>) -> std::io::Result<Conn> {
        let server =
            rustls::ServerConnection::new(Arc::clone(config)).map_err(std::io::Error::other)?;
        Ok(Conn::Tls(Box::new(rustls::StreamOwned::new(server, tcp))))
    }

    /// The TLS session, when there is one and its handshake is done.
    fn session(&self) -> Option<String> {
        match self {
            Conn::Plain(_) => None,
            Conn::Tls(s) if s.conn.is_handshaking() => None,
            Conn::Tls(s) => Some(format!(
                "{:?} sni={}",
                s.conn.protocol_version()?,
                s.conn.server_name().unwrap_or("-")
            )),
        }
    }
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
        }
    }
}

fn smtp_session(
    tcp: TcpStream,
    messages: &Mutex<Vec<Received>>,
    refuse: &Mutex<usize>,
    o: &SmtpOptions,
) -> std::io::Result<()> {
    let mut authed = !o.login;
    tcp.set_read_timeout(Some(Duration::from_secs(20)))?;
    let conn = match &o.tls {
        Some(t) if t.mode == TlsMode::Implicit => Conn::tls(tcp, &t.config)?,
        _ => Conn::Plain(tcp),
    };
    let mut r = BufReader::new(conn);
    r.get_mut()
        .write_all(b"220 test.local ESMTP Pruefserver\r\n")?;
    r.get_mut().flush()?;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_ascii_uppercase();
        let in_tls = matches!(r.get_ref(), Conn::Tls(_));
        let offer_starttls = matches!(&o.tls, Some(t) if t.mode == TlsMode::StartTls) && !in_tls;
        let w = r.get_mut();
        if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
            let mut answer = String::from("250-test.local\r\n250-8BITMIME\r\n");
            if offer_starttls {
                answer.push_str("250-STARTTLS\r\n");
            }
            if o.login {
                answer.push_str("250-AUTH PLAIN\r\n");
            }
            answer.push_str("250 SMTPUTF8\r\n");
            w.write_all(answer.as_bytes())?;
        } else if cmd == "STARTTLS" && offer_starttls {
            w.write_all(b"220 2.0.0 Bereit fuer TLS\r\n")?;
            w.flush()?;
            // Nothing may follow STARTTLS in the clear (a client pipelining commands here would
            // be an injection): the buffer must be empty.
            if !r.buffer().is_empty() {
                return Err(std::io::Error::other("data after STARTTLS"));
            }
            let Conn::Plain(tcp) = r.into_inner() else {
                unreachable!()
            };
            let config = &o.tls.as_ref().unwrap().config;
            r = BufReader::new(Conn::tls(tcp, config)?);
            // The client starts again with EHLO; what it said before counts no more.
            authed = !o.login;
            continue;
        } else if cmd.starts_with("AUTH PLAIN ") {
            use base64::Engine;
            let given = base64::engine::general_purpose::STANDARD
                .decode(line.trim_end()["AUTH PLAIN ".len()..].trim())
                .unwrap_or_default();
            let want = format!("\0{}\0{}", SMTP_LOGIN.0, SMTP_LOGIN.1).into_bytes();
            authed = o.login && given == want;
            w.write_all(if authed {
                b"235 2.7.0 Authentication successful\r\n"
            } else {
                b"535 5.7.8 Authentication credentials invalid\r\n"
            })?;
        } else if cmd.starts_with("MAIL FROM") && !authed {
            w.write_all(b"530 5.7.0 Authentication required\r\n")?;
        } else if cmd.starts_with("MAIL FROM") {
            let mut left = refuse.lock().unwrap();
            if *left > 0 {
                *left -= 1;
                w.write_all(b"451 4.3.2 Zu viel los, bitte spaeter erneut\r\n")?;
            } else {
                w.write_all(b"250 2.1.0 OK\r\n")?;
            }
        } else if cmd.starts_with("RCPT TO") {
            w.write_all(b"250 2.1.5 OK\r\n")?;
        } else if cmd == "DATA" {
            w.write_all(b"354 Ende mit <CRLF>.<CRLF>\r\n")?;
            w.flush()?;
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if r.read_until(b'\n', &mut l)? == 0 {
                    return Ok(());
                }
                if l == b".\r\n" {
                    break;
                }
                if l.starts_with(b"..") {
                    l.remove(0);
                }
                data.extend_from_slice(&l);
            }
            std::thread::sleep(Duration::from_millis(o.delay_ms));
            let tls = r.get_ref().session();
            messages.lock().unwrap().push(Received { data, tls });
            r.get_mut().write_all(b"250 2.0.0 angenommen\r\n")?;
        } else if cmd == "QUIT" {
            w.write_all(b"221 2.0.0 Tschuess\r\n")?;
            w.flush()?;
            return Ok(());
        } else {
            w.write_all(b"250 OK\r\n")?;
        }
        r.get_mut().flush()?;
    }
}

// --- A test CA ------------------------------------------------------------------------------

/// A certificate authority made by the test (rcgen), as a PEM file a client can be told to trust
/// through `SSL_CERT_FILE`.
struct TestCa {
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
    pem_file: std::path::PathBuf,
}

/// A server certificate and its key, with the CA that signed it.
struct ServerCert {
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: Vec<u8>,
}

impl TestCa {
    fn new(dir: &Path, name: &str) -> TestCa {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let pem_file = dir.join(format!("{}.pem", name.replace(' ', "-")));
        std::fs::write(&pem_file, cert.pem()).unwrap();
        TestCa {
            issuer: rcgen::Issuer::new(params, key),
            pem_file,
        }
    }

    /// A server certificate for `names` (IP addresses or DNS names), signed by this CA.
    fn server_cert(&self, names: &[&str]) -> ServerCert {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Pruefserver");
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        ServerCert {
            chain: vec![cert.der().clone()],
            key: key.serialize_der(),
        }
    }
}

impl ServerCert {
    fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(self.key.clone().into());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), key)
            .unwrap();
        Arc::new(config)
    }
}

// --- An HTTP sink -----------------------------------------------------------------------------

/// One POST the sink received.
#[derive(Debug, Clone)]
struct Post {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Post {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP server on 127.0.0.1 that keeps every request and answers 200.
struct Sink {
    port: u16,
    posts: Arc<Mutex<Vec<Post>>>,
}

impl Sink {
    fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let posts = Arc::new(Mutex::new(Vec::new()));
        let p = Arc::clone(&posts);
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let p = Arc::clone(&p);
                std::thread::spawn(move || {
                    let _ = http_session(conn, &p);
                });
            }
        });
        Sink { port, posts }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn to(&self, path: &str) -> Vec<Post> {
        self.posts
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.path == path)
            .cloned()
            .collect()
    }
}

fn http_session(conn: TcpStream, posts: &Mutex<Vec<Post>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut w = conn.try_clone()?;
    let mut r = BufReader::new(conn);
    let mut first = String::new();
    r.read_line(&mut first)?;
    let path = first.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        r.read_line(&mut l)?;
        let l = l.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    posts.lock().unwrap().push(Post {
        path,
        headers,
        body,
    });
    w.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")?;
    Ok(())
}

// --- The instance -----------------------------------------------------------------------------

fn open(path: &Path) -> Store {
    Store::open(&DbUrl::parse(&common::db_url(path)).unwrap()).unwrap()
}

/// Unix seconds of a Berlin local time.
fn berlin(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    chrono_tz::Europe::Berlin
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .earliest()
        .unwrap()
        .timestamp()
}

/// A reader `anna` following one source; the source's id.
fn reader_with_source(store: &Store) -> (i64, i64) {
    let anna = store.add_reader("anna", "$argon2id$x").unwrap();
    let src = store
        .add_source("http://127.0.0.1:9/politik.rss")
        .unwrap()
        .id;
    store.subscribe(anna, src, None, None).unwrap();
    (anna, src)
}

/// Saves an article of `src` published at `at`; its id.
fn story(store: &Store, src: i64, n: u32, title: &str, at: i64) -> i64 {
    let url = format!("http://127.0.0.1:9/artikel-{n}");
    let text = format!(
        "Meldung Nummer {n}: {title}. Die Behörden in Görlitz prüften den Vorgang {n} genau. \
         Weitere Einzelheiten zu Fall {n} sollen am Nachmittag folgen."
    );
    store
        .save_article(
            src,
            &EntryRef {
                key: &url,
                link: Some(&url),
                title: None,
                hash: "h",
            },
            &new_article(&url, "127.0.0.1", title, &text, at),
        )
        .unwrap()
        .id()
}

fn settings(db: &Path, args: &[&str]) -> String {
    let out = run_ok(
        kg(db)
            .args(["briefing", "settings", "--user", "anna"])
            .args(args),
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One scheduler pass at `now`: the JSON report.
fn deliver(db: &Path, now: &str, smtp: &str, public: &str) -> serde_json::Value {
    deliver_url(&common::db_url(db), now, smtp, public)
}

fn deliver_url(url: &str, now: &str, smtp: &str, public: &str) -> serde_json::Value {
    deliver_env(url, now, smtp, public, &[])
}

/// [`deliver_url`] with environment variables set (`Some`) or removed (`None`) for the binary.
fn deliver_env(
    url: &str,
    now: &str,
    smtp: &str,
    public: &str,
    env: &[(&str, Option<&Path>)],
) -> serde_json::Value {
    let mut cmd = kg_url(url);
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let out = run_ok(cmd.args([
        "briefing",
        "deliver",
        "--now",
        now,
        "--smtp-url",
        smtp,
        "--mail-from",
        FROM,
        "--public-url",
        public,
    ]));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("report: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn n(report: &serde_json::Value, key: &str) -> i64 {
    report[key].as_i64().unwrap_or(-1)
}

/// A received e-mail as Python's `email` package reads it (policy `default`).
fn parse_mail(raw: &[u8]) -> serde_json::Value {
    let script = r#"
import sys, json, email, email.policy
raw = sys.stdin.buffer.read()
m = email.message_from_bytes(raw, policy=email.policy.default)
parts = []
for p in m.walk():
    if p.is_multipart():
        continue
    parts.append({"type": p.get_content_type(), "charset": p.get_content_charset(),
                  "cte": p.get("Content-Transfer-Encoding"), "content": p.get_content()})
print(json.dumps({
    "subject": str(m["Subject"]), "from": str(m["From"]), "to": str(m["To"]),
    "type": m.get_content_type(), "list_unsubscribe": str(m["List-Unsubscribe"]),
    "list_unsubscribe_post": str(m["List-Unsubscribe-Post"]), "message_id": str(m["Message-ID"]),
    "defects": [str(d) for d in m.defects], "parts": parts}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(raw).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn hmac_ok(secret: &str, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.strip_prefix("sha256=") else {
        return false;
    };
    let Some(tag) = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    ring::hmac::verify(&key, body, &tag).is_ok()
}

/// A minimal HTTP request without cookies: status and body.
fn request(base: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (
        status,
        text.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default(),
    )
}

// --- The cases --------------------------------------------------------------------------------

/// The scheduled time reached with the test's clock: every channel once; the e-mail read back by
/// Python (multipart/alternative, umlauts, links to the instance, List-Unsubscribe); the push and
/// the signed webhook; no second send later that day; the unsubscribe link works without a
/// login, and the next day's briefing comes by push but no longer by e-mail.
#[test]
fn scheduled_briefing_on_every_channel_once_and_unsubscribe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let store = open(&db);
    let (_anna, src) = reader_with_source(&store);
    let a1 = story(
        &store,
        src,
        1,
        "Bürgerschaft in Görlitz beschließt Haushalt",
        berlin(2026, 3, 9, 10, 15),
    );
    let a2 = story(
        &store,
        src,
        2,
        "Übergabe der Brücke in Köln verschoben",
        berlin(2026, 3, 9, 16, 40),
    );
    // The day before and the day of the send do not belong to the briefing of 9 March.
    story(
        &store,
        src,
        3,
        "Alte Meldung vom Sonntag",
        berlin(2026, 3, 8, 12, 0),
    );
    // Private reading: the unsubscribe link must work without a login all the same.
    store.set_setting("reading_private", "1").unwrap();
    drop(store);

    let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let public = format!("http://{}", server.addr);
    let (smtp, sink) = (Smtp::with_login(), Sink::start());
    let smtp_url = format!(
        "smtp://{}:{}@127.0.0.1:{}",
        SMTP_LOGIN.0, SMTP_LOGIN.1, smtp.port
    );
    // Without the password the server takes nothing.
    let wrong = Smtp::with_login();
    let shown = settings(
        &db,
        &[
            "--time",
            "07:00",
            "--days",
            "täglich",
            "--email",
            "anna@example.org",
            "--ntfy",
            &sink.url("/ntfy/anna"),
            "--webhook",
            &sink.url("/hook"),
            "--webhook-secret",
            SECRET,
        ],
    );
    assert!(shown.contains("07:00 täglich (Europe/Berlin)"), "{shown}");
    assert!(shown.contains("anna@example.org"), "{shown}");

    // 06:59 in Berlin: not yet.
    let r = deliver(&db, "2026-03-10T05:59:00Z", &smtp_url, &public);
    assert_eq!((n(&r, "claimed"), n(&r, "sent")), (0, 0), "{r}");
    assert_eq!(smtp.count(), 0);
    // 07:00: once on every channel. The first SMTP server wants a password the URL does not
    // give: it takes nothing, the e-mail waits for its retry, the other channels are sent.
    let r = deliver(&db, "2026-03-10T06:00:00Z", &wrong.url(), &public);
    assert_eq!(
        (n(&r, "claimed"), n(&r, "sent"), n(&r, "retried")),
        (3, 2, 1),
        "{r}"
    );
    assert_eq!(wrong.count(), 0);
    assert!(
        settings(&db, &[]).contains("530"),
        "the server's answer is shown"
    );
    // The retry, with user and password.
    let r = deliver(&db, "2026-03-10T06:01:00Z", &smtp_url, &public);
    assert_eq!((n(&r, "claimed"), n(&r, "sent")), (0, 1), "{r}");
    assert_eq!(smtp.count(), 1);

    let raw = smtp.message(0);
    let head =
        String::from_utf8_lossy(&raw[..raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap()])
            .into_owned();
    let subject_line = head.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(
        subject_line.is_ascii() && subject_line.to_lowercase().contains("=?utf-8?"),
        "the subject is RFC 2047 encoded: {head}"
    );
    let mail = parse_mail(&raw);
    assert_eq!(mail["defects"], serde_json::json!([]), "{mail}");
    // The subject names the day and its biggest story, umlauts intact.
    assert_eq!(
        mail["subject"], "Kurzgefasst Montag, 09.03.2026: Übergabe der Brücke in Köln verschoben",
        "{mail}"
    );
    assert_eq!(mail["to"], "anna@example.org");
    assert_eq!(mail["from"], FROM);
    assert_eq!(mail["type"], "multipart/alternative");
    let parts = mail["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{mail}");
    assert_eq!(parts[0]["type"], "text/plain");
    assert_eq!(parts[1]["type"], "text/html");
    let (text, html) = (
        parts[0]["content"].as_str().unwrap(),
        parts[1]["content"].as_str().unwrap(),
    );
    for (body, what) in [(text, "text"), (html, "html")] {
        assert!(
            body.contains("Bürgerschaft in Görlitz beschließt Haushalt"),
            "{what}: {body}"
        );
        assert!(
            body.contains("Übergabe der Brücke in Köln verschoben"),
            "{what}: {body}"
        );
        assert!(
            body.contains(&format!("{public}/artikel/{a1}")),
            "{what}: {body}"
        );
        assert!(
            body.contains(&format!("{public}/artikel/{a2}")),
            "{what}: {body}"
        );
        assert!(
            !body.contains("Alte Meldung"),
            "{what}: another day's story: {body}"
        );
    }
    assert!(
        text.contains("Datum: 09.03.2026 10:15") && text.contains("Quelle: 127.0.0.1"),
        "{text}"
    );
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "no external resources: {html}"
    );
    assert!(html.contains("style=\""), "inline styles");
    assert_eq!(mail["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    let unsub = mail["list_unsubscribe"]
        .as_str()
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    assert!(
        unsub.starts_with(&format!("{public}/abbestellen/")),
        "{unsub}"
    );
    assert!(
        text.contains(&unsub),
        "the text part carries the unsubscribe link"
    );

    let ntfy = sink.to("/ntfy/anna");
    assert_eq!(ntfy.len(), 1);
    let title = ntfy[0].header("Title").unwrap();
    let b64 = title
        .strip_prefix("=?UTF-8?B?")
        .and_then(|t| t.strip_suffix("?="))
        .expect("RFC 2047 title");
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "Kurzgefasst Montag, 09.03.2026: Übergabe der Brücke in Köln verschoben"
    );
    assert_eq!(
        ntfy[0].header("Click"),
        Some(format!("{public}/tag").as_str())
    );
    assert!(String::from_utf8_lossy(&ntfy[0].body).contains("Übergabe der Brücke in Köln"));

    let hooks = sink.to("/hook");
    assert_eq!(hooks.len(), 1);
    let sig = hooks[0].header("X-Kurzgefasst-Signature").unwrap();
    assert!(hmac_ok(SECRET, &hooks[0].body, sig), "signature {sig}");
    assert!(!hmac_ok("ein-anderes-geheimnis", &hooks[0].body, sig));
    let json: serde_json::Value = serde_json::from_slice(&hooks[0].body).unwrap();
    assert_eq!(json["day"], "2026-03-10");
    // The briefing's JSON (`briefing::render_json`): its stories, top and per category.
    let b = &json["briefing"];
    let stories = b["top"].as_array().unwrap().len()
        + b["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["stories"].as_array().unwrap().len())
            .sum::<usize>();
    assert_eq!(stories, 2, "{json}");
    assert_eq!(b["date"], "2026-03-09", "{json}");

    // Later that day, and a restarted worker: nothing again.
    let r = deliver(&db, "2026-03-10T09:30:00Z", &smtp_url, &public);
    assert_eq!((n(&r, "claimed"), n(&r, "sent")), (0, 0), "{r}");
    assert_eq!((smtp.count(), sink.to("/hook").len()), (1, 1));

    // The unsubscribe link: GET asks, a forged one is refused, the mail client's one-click POST
    // (no session, no CSRF token) stops the e-mails.
    let path = unsub.trim_start_matches(&public).to_string();
    let (status, _) = request(&public, "GET", &format!("/artikel/{a1}"), "");
    assert_eq!(status, 303, "reading is private: an article needs a login");
    let (status, page) = request(&public, "GET", &path, "");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Abbestellen"), "{page}");
    let (id, sig) = path
        .trim_start_matches("/abbestellen/")
        .split_once('.')
        .unwrap();
    let forged = format!("/abbestellen/{}.{sig}", id.parse::<i64>().unwrap() + 1);
    assert_eq!(
        request(&public, "POST", &forged, "List-Unsubscribe=One-Click").0,
        404
    );
    assert!(
        settings(&db, &[]).contains("anna@example.org"),
        "a forged link changes nothing"
    );
    let (status, page) = request(&public, "POST", &path, "List-Unsubscribe=One-Click");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("abbestellt"), "{page}");
    assert!(!settings(&db, &[]).contains("anna@example.org"));

    // The next day: push and webhook, no e-mail.
    let store = open(&db);
    story(
        &store,
        src,
        4,
        "Neue Regeln für Radwege in Münster",
        berlin(2026, 3, 10, 11, 0),
    );
    drop(store);
    let r = deliver(&db, "2026-03-11T06:00:00Z", &smtp_url, &public);
    assert_eq!((n(&r, "claimed"), n(&r, "sent")), (2, 2), "{r}");
    assert_eq!(smtp.count(), 1, "an unsubscribed reader gets no e-mail");
    assert_eq!(sink.to("/hook").len(), 2);
}

/// Daylight-saving days in Europe/Berlin: a 02:30 that does not exist (29 March 2026) is reached
/// when the clocks jump (03:00 CEST = 01:00 UTC); a 02:30 that happens twice (25 October 2026)
/// sends at the first and not again at the second.
#[test]
fn daylight_saving_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let store = open(&db);
    let (_, src) = reader_with_source(&store);
    story(
        &store,
        src,
        1,
        "Frühlingsanfang im Harz",
        berlin(2026, 3, 28, 12, 0),
    );
    story(
        &store,
        src,
        2,
        "Herbststurm über der Nordsee",
        berlin(2026, 10, 24, 12, 0),
    );
    drop(store);
    let sink = Sink::start();
    settings(&db, &["--time", "02:30", "--ntfy", &sink.url("/t")]);
    let public = "http://127.0.0.1:9";
    let smtp = "smtp://127.0.0.1:9";
    let sent = |now: &str| n(&deliver(&db, now, smtp, public), "sent");

    assert_eq!(sent("2026-03-29T00:59:00Z"), 0, "01:59 CET: not yet");
    assert_eq!(
        sent("2026-03-29T01:00:00Z"),
        1,
        "03:00 CEST: the clocks jumped past 02:30"
    );
    assert_eq!(sink.to("/t").len(), 1);
    assert!(String::from_utf8_lossy(&sink.to("/t")[0].body).contains("Frühlingsanfang"));

    assert_eq!(sent("2026-10-25T00:29:00Z"), 0, "02:29 CEST: not yet");
    assert_eq!(
        sent("2026-10-25T00:31:00Z"),
        1,
        "02:31 CEST, the first 02:30"
    );
    assert_eq!(
        sent("2026-10-25T01:31:00Z"),
        0,
        "02:31 CET, the second 02:30: not again"
    );
    assert_eq!(sink.to("/t").len(), 2);
    assert!(String::from_utf8_lossy(&sink.to("/t")[1].body).contains("Herbststurm"));
}

/// An SMTP server that refuses and then accepts: the send is tried again after the backoff and
/// then delivered once; a server that always refuses is given up after the attempts and the
/// reader sees its answer.
#[test]
fn smtp_refuses_then_accepts_and_a_failure_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let store = open(&db);
    let (_, src) = reader_with_source(&store);
    story(
        &store,
        src,
        1,
        "Wahl in Thüringen",
        berlin(2026, 5, 4, 9, 0),
    );
    story(&store, src, 2, "Wahl in Sachsen", berlin(2026, 5, 5, 9, 0));
    story(
        &store,
        src,
        3,
        "Wahl in Brandenburg",
        berlin(2026, 5, 6, 9, 0),
    );
    drop(store);
    settings(&db, &["--time", "18:00", "--email", "anna@example.org"]);
    let public = "http://127.0.0.1:9";
    let smtp = Smtp::start(1, 0);

    // 18:00 CEST on 4 May = 16:00 UTC; an evening briefing carries the day itself.
    let r = deliver(&db, "2026-05-04T16:00:00Z", &smtp.url(), public);
    assert_eq!((n(&r, "sent"), n(&r, "retried")), (0, 1), "{r}");
    let shown = settings(&db, &[]);
    assert!(
        shown.contains("ausstehend") && shown.contains("451"),
        "{shown}"
    );
    let r = deliver(&db, "2026-05-04T16:00:30Z", &smtp.url(), public);
    assert_eq!(
        (n(&r, "sent"), n(&r, "retried")),
        (0, 0),
        "within the backoff: {r}"
    );
    let r = deliver(&db, "2026-05-04T16:01:00Z", &smtp.url(), public);
    assert_eq!(n(&r, "sent"), 1, "{r}");
    assert_eq!(smtp.count(), 1);
    let mail = parse_mail(&smtp.message(0));
    assert!(mail["parts"][0]["content"]
        .as_str()
        .unwrap()
        .contains("Wahl in Thüringen"));
    assert!(!mail["parts"][0]["content"]
        .as_str()
        .unwrap()
        .contains("Sachsen"));

    // A server that refuses every time: 4 attempts (1, 4, 16 minutes apart), then failed.
    let busy = Smtp::start(usize::MAX, 0);
    let times = ["16:00:00", "16:01:00", "16:05:00", "16:21:00"];
    for (i, t) in times.iter().enumerate() {
        let r = deliver(&db, &format!("2026-05-05T{t}Z"), &busy.url(), public);
        let want = if i + 1 < times.len() { (1, 0) } else { (0, 1) };
        assert_eq!(
            (n(&r, "retried"), n(&r, "failed")),
            want,
            "attempt {}: {r}",
            i + 1
        );
    }
    let r = deliver(&db, "2026-05-05T20:00:00Z", &busy.url(), public);
    assert_eq!(
        r,
        serde_json::json!({"claimed":0,"sent":0,"empty":0,"retried":0,"failed":0})
    );
    let shown = settings(&db, &[]);
    assert!(
        shown.contains("fehlgeschlagen, Versuche: 4") && shown.contains("451"),
        "{shown}"
    );

    // STARTTLS required (`?tls=required`) by a server that does not offer it: nothing goes out
    // in the clear.
    let plain = Smtp::start(0, 0);
    let r = deliver(
        &db,
        "2026-05-06T16:00:00Z",
        &format!("{}?tls=required", plain.url()),
        public,
    );
    assert_eq!((n(&r, "sent"), n(&r, "retried")), (0, 1), "{r}");
    assert_eq!(plain.count(), 0, "no e-mail without TLS");
}

/// What a run of the binary trusts: only the PEM file of `ca`. lettre verifies with
/// rustls-platform-verifier, which on Linux takes the system's roots from rustls-native-certs, and
/// that reads `SSL_CERT_FILE` (and `SSL_CERT_DIR`, removed here so that the machine's own roots do
/// not count) instead of the system store.
fn trusting(ca: &TestCa) -> [(&'static str, Option<&Path>); 2] {
    [
        ("SSL_CERT_FILE", Some(ca.pem_file.as_path())),
        ("SSL_CERT_DIR", None),
    ]
}

/// One story a day from 4 May 2026 on, for an evening (18:00) e-mail briefing; the database.
fn evening_reader(dir: &Path, days: u32) -> std::path::PathBuf {
    let db = dir.join("kg.db");
    let store = open(&db);
    let (_, src) = reader_with_source(&store);
    for d in 0..days {
        story(
            &store,
            src,
            d + 1,
            &format!("Meldung Nummer {} über Görlitz", d + 1),
            berlin(2026, 5, 4 + d, 9, 0),
        );
    }
    drop(store);
    settings(&db, &["--time", "18:00", "--email", "anna@example.org"]);
    db
}

/// E-mail really goes over TLS, verified against a CA the test made: `smtp://…?tls=required`
/// upgrades with STARTTLS (the server saw the login and the DATA inside the TLS session), and
/// `smtps://` speaks TLS from the first byte (the name `localhost` checked and sent as SNI).
#[test]
fn email_over_starttls_and_implicit_tls() {
    let dir = tempfile::tempdir().unwrap();
    let db = evening_reader(dir.path(), 2);
    let url = common::db_url(&db);
    let public = "http://127.0.0.1:9";
    let ca = TestCa::new(dir.path(), "Kurzgefasst Test-CA");
    let cert = ca.server_cert(&["127.0.0.1", "localhost"]);
    let (user, pass) = SMTP_LOGIN;

    // STARTTLS: 18:00 CEST on 4 May.
    let starttls = Smtp::with_tls(TlsMode::StartTls, &cert);
    let smtp_url = format!(
        "smtp://{user}:{pass}@127.0.0.1:{}?tls=required",
        starttls.port
    );
    let r = deliver_env(
        &url,
        "2026-05-04T16:00:00Z",
        &smtp_url,
        public,
        &trusting(&ca),
    );
    assert_eq!(
        (n(&r, "sent"), n(&r, "retried")),
        (1, 0),
        "{r}: {}",
        settings(&db, &[])
    );
    assert_eq!(starttls.count(), 1);
    let session = starttls.tls_of(0).expect("the DATA came over TLS");
    assert!(session.starts_with("TLSv1_"), "{session}");
    assert!(
        starttls.tls_failures().is_empty(),
        "{:?}",
        starttls.tls_failures()
    );
    let mail = parse_mail(&starttls.message(0));
    assert_eq!(mail["to"], "anna@example.org");
    let text = mail["parts"][0]["content"].as_str().unwrap();
    assert!(text.contains("Meldung Nummer 1 über Görlitz"), "{text}");

    // Implicit TLS ("smtps"), by name: 5 May.
    let smtps = Smtp::with_tls(TlsMode::Implicit, &cert);
    let smtp_url = format!("smtps://{user}:{pass}@localhost:{}", smtps.port);
    let r = deliver_env(
        &url,
        "2026-05-05T16:00:00Z",
        &smtp_url,
        public,
        &trusting(&ca),
    );
    assert_eq!(
        (n(&r, "sent"), n(&r, "retried")),
        (1, 0),
        "{r}: {}",
        settings(&db, &[])
    );
    assert_eq!(smtps.count(), 1);
    let session = smtps.tls_of(0).expect("the DATA came over TLS");
    assert!(
        session.starts_with("TLSv1_") && session.ends_with("sni=localhost"),
        "{session}"
    );
    let mail = parse_mail(&smtps.message(0));
    let text = mail["parts"][0]["content"].as_str().unwrap();
    assert!(text.contains("Meldung Nummer 2 über Görlitz"), "{text}");
    assert!(!text.contains("Meldung Nummer 1 "), "{text}");
    assert_eq!(starttls.count(), 1, "nothing more to the first server");

    let shown = settings(&db, &[]);
    assert!(
        !shown.contains("fehlgeschlagen") && !shown.contains("ausstehend"),
        "{shown}"
    );
}

/// A certificate the client must not trust: nothing is delivered (not even in the clear), the
/// send is retried and then shown as failed with the reason. Cases: a CA the client does not
/// know (over STARTTLS and over implicit TLS), a trusted CA's certificate for another name, and
/// the machine's own roots without the test CA.
#[test]
fn an_untrusted_certificate_sends_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = evening_reader(dir.path(), 4);
    let url = common::db_url(&db);
    let public = "http://127.0.0.1:9";
    let ca = TestCa::new(dir.path(), "Kurzgefasst Test-CA");
    let stranger = TestCa::new(dir.path(), "Fremde CA");
    let (user, pass) = SMTP_LOGIN;

    // Signed by a CA the client does not trust, over STARTTLS: four attempts (1, 4, 16 minutes
    // apart), then failed, with the reason on the reader's settings.
    let unknown = Smtp::with_tls(
        TlsMode::StartTls,
        &stranger.server_cert(&["127.0.0.1", "localhost"]),
    );
    let smtp_url = format!(
        "smtp://{user}:{pass}@127.0.0.1:{}?tls=required",
        unknown.port
    );
    let times = ["16:00:00", "16:01:00", "16:05:00", "16:21:00"];
    for (i, t) in times.iter().enumerate() {
        let r = deliver_env(
            &url,
            &format!("2026-05-04T{t}Z"),
            &smtp_url,
            public,
            &trusting(&ca),
        );
        let want = if i + 1 < times.len() {
            (0, 1, 0)
        } else {
            (0, 0, 1)
        };
        assert_eq!(
            (n(&r, "sent"), n(&r, "retried"), n(&r, "failed")),
            want,
            "attempt {}: {r}",
            i + 1
        );
    }
    assert_eq!(unknown.count(), 0, "nothing delivered");
    let failures = unknown.tls_failures();
    assert_eq!(
        failures.len(),
        4,
        "the client broke off each handshake: {failures:?}"
    );
    assert!(failures[0].contains("UnknownCA"), "{failures:?}");
    let shown = day_line(&db, "2026-05-04");
    assert!(shown.contains("fehlgeschlagen, Versuche: 4"), "{shown}");
    assert!(
        shown.contains("(SMTP: TLS certificate of the server refused (invalid peer certificate: UnknownIssuer))"),
        "the reason is shown: {shown}"
    );

    // The same over implicit TLS. (Each later pass also retries the days still pending, so
    // each case is checked on its own day's line.)
    let unknown = Smtp::with_tls(
        TlsMode::Implicit,
        &stranger.server_cert(&["127.0.0.1", "localhost"]),
    );
    let smtp_url = format!("smtps://{user}:{pass}@127.0.0.1:{}", unknown.port);
    let r = deliver_env(
        &url,
        "2026-05-05T16:00:00Z",
        &smtp_url,
        public,
        &trusting(&ca),
    );
    assert_eq!(
        (n(&r, "claimed"), n(&r, "sent"), n(&r, "retried")),
        (1, 0, 1),
        "{r}"
    );
    assert_eq!(unknown.count(), 0, "nothing delivered");
    assert!(
        unknown
            .tls_failures()
            .iter()
            .any(|f| f.contains("UnknownCA")),
        "{:?}",
        unknown.tls_failures()
    );
    let shown = day_line(&db, "2026-05-05");
    assert!(
        shown.contains("ausstehend") && shown.contains("UnknownIssuer"),
        "{shown}"
    );

    // The trusted CA, but the certificate is for another host.
    let elsewhere = Smtp::with_tls(TlsMode::Implicit, &ca.server_cert(&["mail.example.org"]));
    let smtp_url = format!("smtps://{user}:{pass}@127.0.0.1:{}", elsewhere.port);
    let r = deliver_env(
        &url,
        "2026-05-06T16:00:00Z",
        &smtp_url,
        public,
        &trusting(&ca),
    );
    assert_eq!((n(&r, "claimed"), n(&r, "sent")), (1, 0), "{r}");
    assert_eq!(elsewhere.count(), 0, "nothing delivered");
    let shown = day_line(&db, "2026-05-06");
    assert!(
        shown.contains("ausstehend")
            && shown.contains("certificate not valid for name \"127.0.0.1\""),
        "{shown}"
    );

    // Without SSL_CERT_FILE and SSL_CERT_DIR: the machine's own roots, which know no test CA.
    let server = Smtp::with_tls(
        TlsMode::StartTls,
        &ca.server_cert(&["127.0.0.1", "localhost"]),
    );
    let smtp_url = format!(
        "smtp://{user}:{pass}@127.0.0.1:{}?tls=required",
        server.port
    );
    let system = [("SSL_CERT_FILE", None), ("SSL_CERT_DIR", None)];
    let r = deliver_env(&url, "2026-05-07T16:00:00Z", &smtp_url, public, &system);
    assert_eq!((n(&r, "claimed"), n(&r, "sent")), (1, 0), "{r}");
    assert_eq!(server.count(), 0, "nothing delivered");
    let shown = day_line(&db, "2026-05-07");
    assert!(
        shown.contains("ausstehend") && shown.contains("certificate"),
        "{shown}"
    );
}

/// The line of the reader's settings (`briefing settings`) about the sends of `day`.
fn day_line(db: &Path, day: &str) -> String {
    let shown = settings(db, &[]);
    let lines: Vec<&str> = shown.lines().filter(|l| l.starts_with(day)).collect();
    assert_eq!(lines.len(), 1, "{shown}");
    lines[0].to_string()
}

/// No new stories on the day: nothing is sent on any channel.
#[test]
fn no_new_stories_nothing_sent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let store = open(&db);
    let (_, src) = reader_with_source(&store);
    story(
        &store,
        src,
        1,
        "Meldung von vorgestern",
        berlin(2026, 6, 1, 9, 0),
    );
    drop(store);
    let (smtp, sink) = (Smtp::start(0, 0), Sink::start());
    settings(
        &db,
        &[
            "--time",
            "07:00",
            "--email",
            "anna@example.org",
            "--webhook",
            &sink.url("/h"),
        ],
    );
    let r = deliver(
        &db,
        "2026-06-03T05:00:00Z",
        &smtp.url(),
        "http://127.0.0.1:9",
    );
    assert_eq!(
        (n(&r, "claimed"), n(&r, "sent"), n(&r, "empty")),
        (2, 0, 2),
        "{r}"
    );
    assert_eq!((smtp.count(), sink.to("/h").len()), (0, 0));
    // The day before has a story: that briefing goes out.
    let r = deliver(
        &db,
        "2026-06-02T05:00:00Z",
        &smtp.url(),
        "http://127.0.0.1:9",
    );
    assert_eq!(n(&r, "sent"), 2, "{r}");

    // Removing the reader removes their settings and sends with them.
    let store = open(&db);
    let anna = store.reader_by_name("anna").unwrap().unwrap().id;
    assert_eq!(store.briefing_deliveries(anna, 10).unwrap().len(), 4);
    assert!(store.remove_reader(anna).unwrap());
    assert!(store.briefing_settings(anna).unwrap().is_none());
    assert!(store.briefing_deliveries(anna, 10).unwrap().is_empty());
    assert!(store.briefing_schedules().unwrap().is_empty());
}

/// Two worker processes on one PostgreSQL database racing for the same briefings (a slow SMTP
/// server keeps their sends overlapping): each briefing arrives exactly once per channel.
#[test]
fn two_postgres_workers_send_each_briefing_once() {
    let url = db::fresh_pg_database();
    let store = Store::open(&DbUrl::parse(&url).unwrap()).unwrap();
    let (_, src) = reader_with_source(&store);
    for d in 1..=3 {
        story(
            &store,
            src,
            d,
            &format!("Meldung vom {d}. Juli über Görlitz"),
            berlin(2026, 7, d, 9, 0),
        );
    }
    drop(store);
    let (smtp, sink) = (Smtp::start(0, 300), Sink::start());
    run_ok(kg_url(&url).args([
        "briefing",
        "settings",
        "--user",
        "anna",
        "--time",
        "07:00",
        "--email",
        "anna@example.org",
        "--webhook",
        &sink.url("/h"),
        "--webhook-secret",
        SECRET,
    ]));
    for d in 2..=4 {
        let now = format!("2026-07-0{d}T05:00:00Z");
        let spawn = || {
            kg_url(&url)
                .args([
                    "briefing",
                    "deliver",
                    "--now",
                    &now,
                    "--smtp-url",
                    &smtp.url(),
                    "--mail-from",
                    FROM,
                    "--public-url",
                    "http://127.0.0.1:9",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(
            a.status.success() && b.status.success(),
            "{}{}",
            String::from_utf8_lossy(&a.stderr),
            String::from_utf8_lossy(&b.stderr)
        );
        let ra: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
        let rb: serde_json::Value = serde_json::from_slice(&b.stdout).unwrap();
        assert_eq!(n(&ra, "sent") + n(&rb, "sent"), 2, "{ra} {rb}");
    }
    assert_eq!(smtp.count(), 3, "one e-mail per day");
    assert_eq!(sink.to("/h").len(), 3, "one webhook post per day");
    let days: Vec<String> = sink
        .to("/h")
        .iter()
        .map(|p| {
            serde_json::from_slice::<serde_json::Value>(&p.body).unwrap()["day"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = days.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 3, "{days:?}");
}

/// The settings page: every form checks CSRF (nothing saved without the session's token), a
/// refused value is explained and changes nothing, a private address is refused by the guard,
/// a saved change shows, and "send now" posts to the allowed sink and reports it.
#[test]
fn settings_page_csrf_guard_and_send_now() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let sink = Sink::start();
    let store = open(&db);
    let src = store
        .add_source("http://127.0.0.1:9/politik.rss")
        .unwrap()
        .id;
    drop(store);
    web_common::set_admin_password(&db);
    let store = open(&db);
    let admin = store.reader_by_name("admin").unwrap().unwrap().id;
    store.subscribe(admin, src, None, None).unwrap();
    let now = chrono::Utc::now().timestamp();
    story(&store, src, 1, "Frische Meldung für den Knopf", now - 60);
    story(
        &store,
        src,
        2,
        "Meldung von gestern für den Knopf",
        now - 86_400,
    );
    story(
        &store,
        src,
        3,
        "Sonntagsmeldung aus Wien",
        berlin(2026, 3, 8, 12, 0),
    );
    drop(store);
    let allow = format!("127.0.0.1:{}", sink.port);
    let server = Server::start_with_env(
        &db,
        &[
            "--role",
            "web",
            "--no-default-sources",
            "--allow-host",
            &allow,
        ],
        &[("KURZGEFASST_ALLOW_PRIVATE", None)],
    );
    let base = format!("http://{}", server.addr);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(settings_page_in_browser(&db, &base, &sink));
}

async fn post(
    c: &mut web_common::Client,
    pairs: Vec<(String, String)>,
    path: &str,
) -> web_common::Response {
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post(path, &refs).await
}

async fn settings_page_in_browser(db: &Path, base: &str, sink: &Sink) {
    let db = db.to_path_buf();
    let mut c = web_common::Client::new(base);
    c.login().await;
    let page = c.get("/einstellungen/briefing").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf();
    let form = |csrf: &str, email: &str, ntfy: &str| -> Vec<(String, String)> {
        vec![
            ("csrf".into(), csrf.into()),
            ("zeit".into(), "06:45".into()),
            ("zone".into(), "Europe/Vienna".into()),
            ("tag_mo".into(), "1".into()),
            ("tag_fr".into(), "1".into()),
            ("email".into(), email.into()),
            ("ntfy".into(), ntfy.into()),
            ("webhook".into(), "".into()),
            ("webhook_geheimnis".into(), "".into()),
        ]
    };
    let ntfy = sink.url("/knopf");
    for bad in ["", "falsch"] {
        let r = post(
            &mut c,
            form(bad, "leser@example.org", &ntfy),
            "/einstellungen/briefing",
        )
        .await;
        assert_eq!(r.status, 403, "CSRF {bad:?}: {}", r.body);
    }
    let r = post(
        &mut c,
        vec![("csrf".into(), "falsch".into())],
        "/einstellungen/briefing/senden",
    )
    .await;
    assert_eq!(r.status, 403, "send now without the token");
    assert!(sink.to("/knopf").is_empty());
    let shown = String::from_utf8_lossy(&run_ok(kg(&db).args(["briefing", "settings"])).stdout)
        .into_owned();
    assert!(shown.contains("keine Zustellung"), "nothing saved: {shown}");

    let r = post(
        &mut c,
        form(&csrf, "keine-adresse", &ntfy),
        "/einstellungen/briefing",
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("keine E-Mail-Adresse"), "{}", r.body);
    assert!(
        r.body.contains("value=\"keine-adresse\""),
        "the typed value stays in the form"
    );
    let r = post(
        &mut c,
        form(&csrf, "leser@example.org", "http://127.0.0.1:9/privat"),
        "/einstellungen/briefing",
    )
    .await;
    assert_eq!(r.status, 400, "a private address is refused");
    assert!(r.body.contains("öffentliche"), "{}", r.body);
    let shown = String::from_utf8_lossy(&run_ok(kg(&db).args(["briefing", "settings"])).stdout)
        .into_owned();
    assert!(shown.contains("keine Zustellung"), "nothing saved: {shown}");

    let r = post(
        &mut c,
        form(&csrf, "leser@example.org", &ntfy),
        "/einstellungen/briefing",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = c.get("/einstellungen/briefing?gespeichert=1").await;
    assert!(page.body.contains("Gespeichert."));
    assert!(page.body.contains("value=\"06:45\"") && page.body.contains("value=\"Europe/Vienna\""));
    assert!(page
        .body
        .contains("id=\"tag-mo\" name=\"tag_mo\" value=\"1\" checked"));
    assert!(!page
        .body
        .contains("id=\"tag-di\" name=\"tag_di\" value=\"1\" checked"));
    let shown = String::from_utf8_lossy(&run_ok(kg(&db).args(["briefing", "settings"])).stdout)
        .into_owned();
    assert!(
        shown.contains("06:45 mo,fr (Europe/Vienna)") && shown.contains("leser@example.org"),
        "{shown}"
    );

    // Send now: no SMTP server on this instance, so the e-mail fails and says why; the push
    // goes to the allowed sink.
    let r = post(
        &mut c,
        vec![("csrf".into(), csrf.clone())],
        "/einstellungen/briefing/senden",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("ntfy: gesendet"), "{}", r.body);
    assert!(r.body.contains("SMTP"), "{}", r.body);
    assert_eq!(sink.to("/knopf").len(), 1);
    assert!(String::from_utf8_lossy(&sink.to("/knopf")[0].body).contains("für den Knopf"));

    // Scheduled sends on Monday 9 March, 07:00 in Vienna, with an SMTP server that is not
    // there: the push goes out once, the e-mail is tried four times and then shown as failed,
    // with the answer, on the reader's page.
    for now in ["06:00", "06:01", "06:05", "06:21"] {
        deliver(
            &db,
            &format!("2026-03-09T{now}:00Z"),
            "smtp://127.0.0.1:9",
            "http://127.0.0.1:9",
        );
    }
    assert_eq!(sink.to("/knopf").len(), 2);
    assert!(
        String::from_utf8_lossy(&sink.to("/knopf")[1].body).contains("Sonntagsmeldung aus Wien")
    );
    let page = c.get("/einstellungen/briefing").await;
    let table = &page.body[page
        .body
        .find("id=\"zustellungen\"")
        .expect("the sends are listed")..];
    assert!(table.contains("<tr class=\"failed\"><td>2026-03-09</td><td>E-Mail</td><td>fehlgeschlagen (4 Versuche)</td><td>SMTP"), "{table}");
    assert!(
        table.contains(
            "<tr class=\"sent\"><td>2026-03-09</td><td>ntfy</td><td>gesendet (1 Versuch)"
        ),
        "{table}"
    );

    // In the reader's language: English.
    let page = c.get("/einstellungen/briefing?lang=en").await;
    assert!(
        page.body.contains("<h1>Briefing delivery</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("failed (4 attempts)"), "{}", page.body);
    let r = post(
        &mut c,
        form(&csrf, "no-address", &ntfy),
        "/einstellungen/briefing",
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("not an e-mail address"), "{}", r.body);
}

/// The worker of `serve` sends with the real clock: a reader whose time (00:00) has passed gets
/// the briefing of yesterday shortly after the server starts, once.
#[test]
fn the_worker_sends_with_the_real_clock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let store = open(&db);
    let (_, src) = reader_with_source(&store);
    let now = chrono::Utc::now().timestamp();
    story(&store, src, 1, "Meldung für den Arbeiter", now - 86_400);
    drop(store);
    let sink = Sink::start();
    settings(&db, &["--time", "00:00", "--ntfy", &sink.url("/w")]);
    let _server = Server::start(&db, &["--role", "all", "--no-default-sources"]);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while sink.to("/w").is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(sink.to("/w").len(), 1, "the worker sent the briefing");
    assert!(String::from_utf8_lossy(&sink.to("/w")[0].body).contains("Meldung für den Arbeiter"));
    let shown = settings(&db, &[]);
    assert!(shown.contains("ntfy gesendet, Versuche: 1"), "{shown}");
}
