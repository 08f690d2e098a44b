//! A fault server on 127.0.0.1: raw TCP with one thread per connection, so that it can misbehave
//! in ways a well-behaved HTTP framework would not (slow headers, trickled bodies, resets, lies
//! about lengths and encodings). Every path is one failure mode; `hits` counts requests per path.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The running server.
pub struct FaultServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `127.0.0.1:PORT`, for `--allow-host`.
    pub host_port: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl FaultServer {
    /// Starts the server; it runs until the test process ends.
    pub fn start() -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let (b, h) = (base.clone(), Arc::clone(&hits));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (b, h) = (b.clone(), Arc::clone(&h));
                std::thread::spawn(move || handle(stream, &b, &h));
            }
        });
        FaultServer {
            base,
            host_port: addr.to_string(),
            hits,
        }
    }

    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Requests seen for a path (without query).
    pub fn hits(&self, path: &str) -> usize {
        *self.hits.lock().unwrap().get(path).unwrap_or(&0)
    }
}

struct Request {
    path: String,
    query: String,
    headers: HashMap<String, String>,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let target = line.split_whitespace().nth(1)?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target, String::new()),
    };
    Some(Request {
        path,
        query,
        headers,
    })
}

fn respond(mut s: &TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
    let _ = s.flush();
}

/// An RSS 2.0 feed with the given items: (guid, title, link, pubDate or "").
pub fn rss(items: &[(String, String, String, String)]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Störfall-Feed</title><link>http://example.invalid/</link>\n");
    for (guid, title, link, date) in items {
        s.push_str(&format!("<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>"));
        if !date.is_empty() {
            s.push_str(&format!("<pubDate>{date}</pubDate>"));
        }
        s.push_str("<description>Eine kurze Beschreibung des Artikels aus dem Feed, mit Umlauten: Größe, Übermut, Ärger.</description></item>\n");
    }
    s.push_str("</channel></rss>\n");
    s
}

/// A small but realistic German article page.
pub fn article_page(n: usize) -> String {
    format!(
        "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Meldung {n} - Störfall-Zeitung</title>\
<meta property=\"article:published_time\" content=\"2025-03-0{d}T10:00:00+01:00\"></head><body>\
<nav><a href=\"/\">Start</a> <a href=\"/politik\">Politik</a> <a href=\"/sport\">Sport</a></nav>\
<article><h1>Meldung {n}: Gemeinderat vertagt Entscheidung über das Hallenbad</h1>\
<p>Der Gemeinderat hat die Entscheidung über die Sanierung des Hallenbads in Meldung {n} erneut vertagt. Die Kosten seien auf 12 Millionen Euro gestiegen, sagte der Kämmerer am Montag.</p>\
<p>Vereine und Schulen fordern eine rasche Lösung, weil der Schwimmunterricht seit Monaten ausfällt. Der Förderverein hat bereits mehr als 4.000 Unterschriften gesammelt.</p>\
<p>Eine Arbeitsgruppe soll bis zum Sommer prüfen, ob ein Neubau günstiger wäre. Danach will der Rat endgültig abstimmen.</p>\
</article><footer>Impressum · Datenschutz</footer></body></html>",
        d = n % 9 + 1
    )
}

fn handle(stream: TcpStream, base: &str, hits: &Mutex<HashMap<String, usize>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(req) = read_request(&stream) else {
        return;
    };
    let count = {
        let mut h = hits.lock().unwrap();
        let c = h.entry(req.path.clone()).or_insert(0);
        *c += 1;
        *c
    };
    let xml = ("Content-Type", "application/rss+xml".to_string());
    let html = ("Content-Type", "text/html; charset=utf-8".to_string());
    let item = |i: usize, date: &str| {
        (
            format!("g{i}"),
            format!("Meldung {i}"),
            format!("{base}/a/{i}.html"),
            date.to_string(),
        )
    };
    let p = req.path.as_str();
    match p {
        _ if p.starts_with("/a/") => {
            let n: usize = p[3..].trim_end_matches(".html").parse().unwrap_or(0);
            respond(&stream, "200 OK", &[html], article_page(n).as_bytes());
        }
        "/good.rss" => respond(&stream, "200 OK", &[xml], rss(&[item(1, "Mon, 03 Mar 2025 09:00:00 +0000"), item(2, "Mon, 03 Mar 2025 10:00:00 +0000")]).as_bytes()),
        "/slow-headers.rss" => std::thread::sleep(Duration::from_secs(8)),
        "/trickle.rss" => {
            let mut s = &stream;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<rss>");
            for _ in 0..40 {
                std::thread::sleep(Duration::from_millis(250));
                if s.write_all(b" ").is_err() {
                    return;
                }
            }
        }
        "/reset.rss" => {
            let _ = socket_linger_zero(&stream);
            drop(stream);
        }
        "/404.rss" => respond(&stream, "404 Not Found", &[html], b"<h1>Nicht gefunden</h1>"),
        "/410.rss" => respond(&stream, "410 Gone", &[], b"weg"),
        "/429.rss" => respond(&stream, "429 Too Many Requests", &[("Retry-After", "3600".into())], b"langsam"),
        "/500.rss" => respond(&stream, "500 Internal Server Error", &[], b"kaputt"),
        "/503.rss" => respond(&stream, "503 Service Unavailable", &[("Retry-After", "7200".into())], b"Wartung"),
        "/loop-a.rss" => respond(&stream, "302 Found", &[("Location", "/loop-b.rss".into())], b""),
        "/loop-b.rss" => respond(&stream, "302 Found", &[("Location", format!("{base}/loop-a.rss"))], b""),
        "/to-metadata.rss" => respond(&stream, "302 Found", &[("Location", "http://169.254.169.254/latest/meta-data/".into())], b""),
        "/to-localhost.rss" => respond(&stream, "301 Moved Permanently", &[("Location", "http://localhost:9/feed".into())], b""),
        "/to-ten.rss" => respond(&stream, "307 Temporary Redirect", &[("Location", "http://10.0.0.1/feed".into())], b""),
        "/gzip-bomb.rss" => {
            let body = gzip_bomb();
            respond(&stream, "200 OK", &[xml, ("Content-Encoding", "gzip".into())], &body);
        }
        "/huge.rss" => {
            // Claims 50 MB and starts sending them.
            let mut s = &stream;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 52428800\r\n\r\n");
            let chunk = vec![b' '; 1 << 16];
            for _ in 0..800 {
                if s.write_all(&chunk).is_err() {
                    return;
                }
            }
        }
        "/huge-chunked.rss" => {
            let mut s = &stream;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n");
            let chunk = vec![b' '; 1 << 16];
            for _ in 0..800 {
                let _ = write!(s, "{:x}\r\n", chunk.len());
                if s.write_all(&chunk).is_err() || s.write_all(b"\r\n").is_err() {
                    return;
                }
            }
            let _ = s.write_all(b"0\r\n\r\n");
        }
        "/html.rss" => respond(&stream, "200 OK", &[html], b"<!doctype html><html><body><h1>Willkommen</h1><p>Kein Feed hier.</p></body></html>"),
        "/empty.rss" => respond(&stream, "200 OK", &[xml], b""),
        "/malformed.rss" => respond(&stream, "200 OK", &[xml], b"<?xml version=\"1.0\"?><rss><channel><title>Kaputt</title><item><title>Offen</item></channel>"),
        "/wrong-charset.rss" => {
            let body = rss(&[item(21, "")]).replace("UTF-8", "ISO-8859-1").replace("Meldung 21", "Grüße aus Köln");
            respond(&stream, "200 OK", &[xml], body.as_bytes());
        }
        "/latin1-undeclared.rss" => {
            let body = rss(&[item(22, "")]).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "").replace("Meldung 22", "Straßenfest in Düsseldorf");
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&body);
            respond(&stream, "200 OK", &[("Content-Type", "application/rss+xml".into())], &bytes);
        }
        "/dup-guids.rss" => {
            let mut items = vec![item(31, ""), item(32, "")];
            items.push(("g31".into(), "Meldung 31 (Kopie)".into(), format!("{base}/a/33.html"), String::new()));
            respond(&stream, "200 OK", &[xml], rss(&items).as_bytes());
        }
        "/changing-guids.rss" => {
            let items = vec![(format!("g41-{count}"), "Meldung 41".into(), format!("{base}/a/41.html"), String::new())];
            respond(&stream, "200 OK", &[xml], rss(&items).as_bytes());
        }
        "/future.rss" => respond(&stream, "200 OK", &[xml], rss(&[item(51, "Fri, 01 Jan 2100 10:00:00 +0000")]).as_bytes()),
        "/no-dates.rss" => respond(&stream, "200 OK", &[xml], rss(&[("g61".into(), "Ohne Datum".into(), format!("{base}/nodate/61.html"), String::new())]).as_bytes()),
        _ if p.starts_with("/nodate/") => {
            let page = article_page(61).replace("<meta property=\"article:published_time\" content=\"2025-03-08T10:00:00+01:00\">", "");
            assert!(!page.contains("2025-03"), "the page must carry no date");
            respond(&stream, "200 OK", &[html], page.as_bytes());
        }
        "/big.rss" => {
            let items: Vec<_> = (0..10_000).map(|i| (format!("big{i}"), format!("Eintrag {i}"), format!("{base}/a/{}.html", 1000 + i), String::new())).collect();
            respond(&stream, "200 OK", &[xml], rss(&items).as_bytes());
        }
        "/crash.rss" => {
            let items: Vec<_> = (0..3_000).map(|i| (format!("crash{i}"), format!("Eintrag {i}"), format!("{base}/a/{}.html", 20_000 + i), String::new())).collect();
            respond(&stream, "200 OK", &[xml], rss(&items).as_bytes());
        }
        "/flip.rss" => {
            let items = if count % 2 == 1 { vec![item(71, ""), item(72, "")] } else { vec![item(72, ""), item(73, "")] };
            respond(&stream, "200 OK", &[xml], rss(&items).as_bytes());
        }
        "/slow-article.rss" => respond(&stream, "200 OK", &[xml], rss(&[(String::from("g81"), "Langsam".into(), format!("{base}/slow/81.html"), String::new()), item(82, "")]).as_bytes()),
        _ if p.starts_with("/slow/") => std::thread::sleep(Duration::from_secs(8)),
        "/robots/feed.rss" => respond(&stream, "200 OK", &[xml], rss(&[("g91".into(), "Verboten".into(), format!("{base}/robots/private/91.html"), String::new())]).as_bytes()),
        "/robots.txt" => respond(&stream, "200 OK", &[("Content-Type", "text/plain".into())], b"User-agent: *\nDisallow: /robots/private/\n"),
        _ if p.starts_with("/robots/private/") => respond(&stream, "200 OK", &[html], article_page(91).as_bytes()),
        "/etag.rss" => {
            if req.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
                respond(&stream, "304 Not Modified", &[("ETag", "\"v1\"".into())], b"");
            } else {
                respond(&stream, "200 OK", &[xml, ("ETag", "\"v1\"".into())], rss(&[item(101, "")]).as_bytes());
            }
        }
        "/moved.rss" => respond(&stream, "301 Moved Permanently", &[("Location", "/new-home.rss".into())], b""),
        "/new-home.rss" => respond(&stream, "200 OK", &[xml], rss(&[item(111, "")]).as_bytes()),
        "/gzip.rss" => {
            use std::io::Write as _;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(rss(&[item(121, "")]).as_bytes()).unwrap();
            respond(&stream, "200 OK", &[xml, ("Content-Encoding", "gzip".into())], &enc.finish().unwrap());
        }
        "/site/" => respond(&stream, "200 OK", &[html], format!("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"{base}/good.rss\"></head><body>Start</body></html>").as_bytes()),
        _ => {
            let _ = req.query;
            respond(&stream, "404 Not Found", &[], b"nicht gefunden");
        }
    }
}

/// 256 MiB of spaces, gzip-compressed (about 250 KB). Built once per test process; compressing
/// takes seconds on a loaded machine, so a test calls this before its client starts, or the
/// client's timeout would run out while the server is still compressing.
pub fn gzip_bomb() -> Vec<u8> {
    use std::io::Write as _;
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(b"<rss>").unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..256 {
            enc.write_all(&chunk).unwrap();
        }
        enc.finish().unwrap()
    })
    .clone()
}

/// Makes closing the socket send a TCP reset.
fn socket_linger_zero(s: &TcpStream) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt reads `linger` for the given length only.
    let rc = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const libc::linger as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
