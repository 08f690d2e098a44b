//! The main reading flows in a real browser: Debian's headless Chromium driven through
//! chromedriver's WebDriver HTTP protocol (with reqwest, no WebDriver crate), against the real
//! binary serving the fixture articles. Screenshots of the start and article page go to
//! `target/test-artifacts/`. `scripts/test` installs `chromium` and `chromium-driver`; without
//! them this test fails with a message saying so.

mod common;
mod web_common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use web_common::Site;

/// The W3C WebDriver element key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The first of `names` found on PATH.
fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A running chromedriver, killed on drop.
struct Driver {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session.
struct Browser<'a> {
    driver: &'a Driver,
    session: String,
}

impl Driver {
    async fn start() -> Driver {
        let chromedriver = which(&["chromedriver"]).unwrap_or_else(|| {
            panic!("chromedriver not found on PATH: the browser tests need Debian's chromium-driver (scripts/test installs it; or apt-get install chromium chromium-driver)")
        });
        let addr = common::free_addr();
        let child = Command::new(chromedriver)
            .arg(format!("--port={}", addr.port()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = driver
                .http
                .get(format!("{}/status", driver.base))
                .send()
                .await
            {
                if let Ok(v) = r.json::<Value>().await {
                    if v["value"]["ready"] == true {
                        break;
                    }
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        driver
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    async fn session(&self, profile: &std::path::Path) -> Browser<'_> {
        self.session_with(profile, true).await
    }

    /// A browser session; `js: false` turns JavaScript off (the pages must work without it).
    async fn session_with(&self, profile: &std::path::Path, js: bool) -> Browser<'_> {
        let chromium = which(&["chromium", "chromium-browser"]).unwrap_or_else(|| {
            panic!("chromium not found on PATH: the browser tests need Debian's chromium (scripts/test installs it; or apt-get install chromium chromium-driver)")
        });
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", "--window-size=1000,1400",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {"profile.managed_default_content_settings.javascript": if js { 1 } else { 2 }}
            }
        }}});
        let v = self
            .call(reqwest::Method::POST, "/session", Some(caps))
            .await;
        Browser {
            driver: self,
            session: v["sessionId"].as_str().expect("session id").to_string(),
        }
    }
}

impl Browser<'_> {
    async fn post(&self, path: &str, body: Value) -> Value {
        self.driver
            .call(
                reqwest::Method::POST,
                &format!("/session/{}{path}", self.session),
                Some(body),
            )
            .await
    }

    async fn get(&self, path: &str) -> Value {
        self.driver
            .call(
                reqwest::Method::GET,
                &format!("/session/{}{path}", self.session),
                None,
            )
            .await
    }

    async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    async fn url(&self) -> String {
        self.get("/url").await.as_str().unwrap().to_string()
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    async fn find_all(&self, css: &str) -> Vec<String> {
        let v = self
            .post("/elements", json!({"using": "css selector", "value": css}))
            .await;
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    /// An attribute of an element (empty when it has none).
    async fn attr(&self, element: &str, name: &str) -> String {
        self.get(&format!("/element/{element}/attribute/{name}"))
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn text(&self, element: &str) -> String {
        self.get(&format!("/element/{element}/text"))
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Clicks an element. The current document is marked first, so that `wait_for_path` after a
    /// click that navigates waits for the new document even when its path matches the old one.
    async fn click(&self, element: &str) {
        self.script("window.__kgLeft = true; return 0;").await;
        self.post(&format!("/element/{element}/click"), json!({}))
            .await;
    }

    async fn type_into(&self, element: &str, text: &str) {
        self.post(
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    /// Presses one key on whatever has the focus.
    async fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
        ]}]});
        self.post("/actions", actions).await;
        self.driver
            .call(
                reqwest::Method::DELETE,
                &format!("/session/{}/actions", self.session),
                None,
            )
            .await;
    }

    /// Moves the mouse onto an element.
    async fn hover(&self, element: &str) {
        let actions = json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "origin": {ELEMENT: element}, "x": 0, "y": 0}]}]});
        self.post("/actions", actions).await;
    }

    async fn script(&self, js: &str) -> Value {
        self.post("/execute/sync", json!({"script": js, "args": []}))
            .await
    }

    /// Waits until the page at `path` has loaded (navigation after a click or a submit).
    async fn wait_for_path(&self, path_start: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = self.url().await;
            let ready = self
                .script("return window.__kgLeft === true ? 'old' : document.readyState")
                .await;
            let path_ok = url::Url::parse(&url)
                .map(|u| {
                    // "/" means the start page itself, any other path also what lies below it.
                    if path_start == "/" {
                        u.path() == "/"
                    } else {
                        u.path().starts_with(path_start)
                    }
                })
                .unwrap_or(false);
            if path_ok && ready == "complete" {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "never reached {path_start}: at {url}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.get("/screenshot").await;
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    async fn close(self) {
        self.driver
            .call(
                reqwest::Method::DELETE,
                &format!("/session/{}", self.session),
                None,
            )
            .await;
    }
}

/// `target/test-artifacts/` of the target folder this test was built into.
fn artifacts_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/<test binary>
    let target = exe.ancestors().nth(3).expect("target folder");
    target.join("test-artifacts")
}

/// Standard base64 (as WebDriver sends screenshots).
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("bad base64 {c}"),
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|&c| u32::from(val(c))).collect();
        let n = v
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, x)| acc | (x << (18 - 6 * i)));
        out.push((n >> 16) as u8);
        if v.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if v.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_flows_in_headless_chromium() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let site = Site::start();
    let base = site.base();
    let driver = Driver::start().await;
    let profile = tempfile::tempdir().unwrap();
    let b = driver.session(profile.path()).await;

    // Start page: grouped by day, every entry with its record; j/k move through the entries.
    b.goto(&format!("{base}/")).await;
    let days = b.find_all("h2.day").await;
    assert_eq!(
        b.text(&days[0]).await.to_uppercase(),
        "DONNERSTAG, 25.12.2025"
    );
    assert_eq!(b.find_all("main article.entry").await.len(), 4);
    let shot = b.screenshot("start.png").await;
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 5_000,
        "a real screenshot"
    );
    b.press("j").await;
    b.press("j").await;
    b.press("k").await;
    let focused = b.script("return document.activeElement.textContent").await;
    assert_eq!(focused, "Stadtrat beschließt Radwegenetz für Musterstadt");
    assert_eq!(b.find_all("article.entry.current").await.len(), 1);

    // Open the article: all five fields.
    b.press("\u{E007}").await; // Enter
    b.wait_for_path("/artikel/").await;
    let h1 = b.find("main h1").await;
    assert_eq!(
        b.text(&h1).await,
        "Stadtrat beschließt Radwegenetz für Musterstadt"
    );
    let labels: Vec<String> = {
        let mut v = Vec::new();
        for dt in b.find_all("dl.record dt").await {
            v.push(b.text(&dt).await.to_uppercase());
        }
        v
    };
    assert_eq!(labels, ["DATUM", "QUELLE", "TLDR", "INHALT"]);
    let dds = b.find_all("dl.record dd").await;
    assert_eq!(b.text(&dds[0]).await, "25.12.2025 14:17");
    assert_eq!(b.text(&dds[1]).await, "127.0.0.1");
    assert!(b.text(&dds[2]).await.contains("42 Kilometer"));
    assert!(b.text(&dds[3]).await.starts_with("Nach zwei Jahren Streit"));
    b.screenshot("article.png").await;

    // Hovering a TLDR sentence highlights its support in Inhalt.
    let tldr = b.find_all(".tldr-sentence").await;
    assert!(tldr.len() >= 3);
    let last = tldr.last().unwrap();
    b.hover(last).await;
    let marked = b.find_all(".inhalt .s.support").await;
    assert_eq!(marked.len(), 1, "one supporting sentence highlighted");
    let support_text = b.text(&marked[0]).await;
    let tldr_text = b.text(last).await;
    assert!(
        support_text.ends_with(&tldr_text),
        "{support_text:?} supports {tldr_text:?}"
    );
    let bg = b
        .script(
            "return getComputedStyle(document.querySelector('.inhalt .s.support')).backgroundColor",
        )
        .await;
    assert_ne!(bg, "rgba(0, 0, 0, 0)", "visibly highlighted");
    b.screenshot("article-support.png").await;
    let h1 = b.find("main h1").await;
    b.hover(&h1).await;
    assert!(
        b.find_all(".inhalt .s.support").await.is_empty(),
        "cleared when the pointer leaves"
    );

    // "/" goes to the search field; a word in another inflection, ae for ä, finds the article.
    b.press("/").await;
    assert_eq!(b.script("return document.activeElement.id").await, "kopf-q");
    let active = b.get("/element/active").await;
    b.type_into(active[ELEMENT].as_str().unwrap(), "Krankenhaeuser\u{E007}")
        .await;
    b.wait_for_path("/suche").await;
    let results = b.find_all("main article.entry h3 a").await;
    assert_eq!(results.len(), 1);
    assert_eq!(
        b.text(&results[0]).await,
        "Hitzewelle: Kliniken in Südbaden melden mehr Notfälle"
    );
    assert!(
        !b.find_all("main mark").await.is_empty(),
        "matches highlighted"
    );

    // Switch to English in the settings; it stays English.
    b.goto(&format!("{base}/einstellungen")).await;
    let en = b.find("label[for=lang-en]").await;
    b.click(&en).await;
    let save = b.find("#speichern").await;
    b.click(&save).await;
    b.wait_for_path("/einstellungen").await;
    // The form posts and the page reloads at the same path: wait for the reloaded page.
    let deadline = Instant::now() + Duration::from_secs(10);
    while b.script("return document.documentElement.lang").await != "en" {
        assert!(
            Instant::now() < deadline,
            "the page never switched to English"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    b.goto(&format!("{base}/")).await;
    let nav = b.find("header nav").await;
    assert!(b.text(&nav).await.contains("Latest"));
    let more = b.find("main a.more").await;
    assert_eq!(b.text(&more).await, "Read more");
    b.click(&more).await;
    b.wait_for_path("/artikel/").await;
    let labels = b.find_all("dl.record dt").await;
    assert_eq!(b.text(&labels[3]).await.to_uppercase(), "CONTENT");

    // Dark mode follows the system setting.
    let light = b
        .script("return getComputedStyle(document.body).backgroundColor")
        .await;
    b.post(
        "/goog/cdp/execute",
        json!({"cmd": "Emulation.setEmulatedMedia",
        "params": {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}}),
    )
    .await;
    let dark = b
        .script("return getComputedStyle(document.body).backgroundColor")
        .await;
    assert_eq!(light, "rgb(253, 252, 249)");
    assert_eq!(dark, "rgb(22, 21, 20)");
    b.screenshot("article-dark.png").await;

    // On a phone-sized screen nothing scrolls sideways.
    b.post("/window/rect", json!({"width": 390, "height": 844}))
        .await;
    for path in ["/", "/tag", "/suche?q=Stadt", "/quellen"] {
        b.goto(&format!("{base}{path}")).await;
        let overflow = b.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
        assert_eq!(overflow, 0, "{path} scrolls sideways on a phone");
        if path == "/" {
            b.screenshot("start-phone.png").await;
        }
    }

    b.close().await;
}

/// Counts `alert`/`confirm`/`prompt` calls and Content-Security-Policy violations on every page,
/// installed before any page script runs.
const WATCH: &str = "window.__xss = 0; window.__csp = [];\
 window.alert = window.confirm = window.prompt = function () { window.__xss++; };\
 document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });";

impl Browser<'_> {
    /// True when a JavaScript dialog is open.
    async fn alert_open(&self) -> bool {
        let r = self
            .driver
            .http
            .get(format!(
                "{}/session/{}/alert/text",
                self.driver.base, self.session
            ))
            .send()
            .await
            .unwrap();
        r.status().is_success()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_adds_a_source_and_no_injected_script_runs() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let fixtures = common::FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    common::run_ok(common::kg(&db).args(["sources", "add", &fixtures.url("feeds/xss.rss")]));
    common::run_ok(common::kg(&db).arg("fetch"));
    web_common::set_admin_password(&db);
    let server = common::Server::start(&db, &["--role", "all", "--no-default-sources"]);
    let base = format!("http://{}", server.addr);
    let driver = Driver::start().await;
    let profile = tempfile::tempdir().unwrap();
    let b = driver.session(profile.path()).await;
    b.post(
        "/goog/cdp/execute",
        json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": WATCH}}),
    )
    .await;

    // The OWASP vectors of the fixture feed and page: nothing runs, nothing is even attempted.
    let pages = [
        "/",
        "/artikel/1",
        "/artikel/2",
        "/quellen",
        "/quellen/1",
        "/suche?q=alert",
        "/tag",
        "/feed.atom",
    ];
    for path in pages {
        b.goto(&format!("{base}{path}")).await;
        // Hover and focus every element: an injected handler would fire now.
        b.script("document.querySelectorAll('body *').forEach(function (e) { ['mouseover','mouseenter','focus','click'].forEach(function (t) { if (t !== 'click' || e.tagName !== 'A') { e.dispatchEvent(new Event(t)); } }); }); return 0;")
            .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!b.alert_open().await, "{path}: a dialog opened");
        if path.ends_with(".atom") {
            continue;
        }
        assert_eq!(
            b.script("return window.__xss").await,
            0,
            "{path}: alert called"
        );
        assert_eq!(
            b.script("return window.__csp").await,
            json!([]),
            "{path}: CSP violations"
        );
        assert_eq!(
            b.script("return Array.from(document.scripts).map(function (s) { return s.getAttribute('src'); })").await,
            json!(["/static/app.js"]),
            "{path}: scripts"
        );
        assert_eq!(
            b.script("return document.querySelectorAll('img, svg, iframe, object, embed, style, [onload], [onerror], [onmouseover]').length").await,
            0,
            "{path}: injected elements"
        );
    }

    // Log in from the header link; then to the sources page.
    b.goto(&format!("{base}/quellen")).await;
    assert!(
        b.find_all("#quelle-neu").await.is_empty(),
        "no form before login"
    );
    let login = b.find("#anmelden").await;
    b.click(&login).await;
    b.wait_for_path("/anmelden").await;
    let pw = b.find("#passwort").await;
    b.type_into(&pw, web_common::ADMIN_PASSWORD).await;
    let send = b.find("#anmelden-senden").await;
    b.click(&send).await;
    b.wait_for_path("/").await;
    b.goto(&format!("{base}/quellen")).await;
    let logout = b.find("#abmelden").await;
    assert_eq!(b.text(&logout).await, "Abmelden (admin)");

    // Add a source by its site's address: the page's advertised feed is subscribed and listed.
    let field = b.find("#quelle-url").await;
    b.type_into(&field, &fixtures.url("startseite.html")).await;
    let add = b.find("#quelle-hinzufuegen").await;
    b.click(&add).await;
    b.wait_for_path("/quellen").await;
    let url = b.url().await;
    assert!(url.contains("neu="), "{url}");
    let notice = b.find("p.notice").await;
    assert!(b.text(&notice).await.starts_with("Quelle hinzugefügt"));
    let feed = fixtures.url("feeds/agentur-a.rss");
    let rows = b.find_all("table.sources tbody tr").await;
    assert_eq!(rows.len(), 2);
    assert!(
        b.text(&rows[1]).await.contains(&feed),
        "listed with its feed URL"
    );
    b.screenshot("sources-admin.png").await;

    // The scheduler polls it at once: its articles appear on its page.
    let id = url.rsplit('=').next().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        b.goto(&format!("{base}/quellen/{id}")).await;
        let entries = b.find_all("main article.entry h3 a").await;
        if entries.len() == 2 {
            let mut titles = Vec::new();
            for e in &entries {
                titles.push(b.text(e).await);
            }
            assert!(
                titles
                    .contains(&"Bundesregierung beschließt Förderung für Wärmepumpen".to_string()),
                "{titles:?}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new source's articles never appeared"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // Remove it again.
    b.goto(&format!("{base}/quellen")).await;
    let remove = b.find_all("button.remove").await;
    assert_eq!(remove.len(), 2);
    b.click(&remove[1]).await;
    b.wait_for_path("/quellen").await;
    assert_eq!(b.find_all("table.sources tbody tr").await.len(), 1);

    // Log out.
    let logout = b.find("#abmelden").await;
    b.click(&logout).await;
    b.wait_for_path("/").await;
    assert!(!b.find_all("#anmelden").await.is_empty());
    b.close().await;
}

/// Logs a browser in as `name` through the login page.
async fn log_in(b: &Browser<'_>, base: &str, name: &str, password: &str) {
    b.goto(&format!("{base}/anmelden")).await;
    let field = b.find("#name").await;
    b.post(&format!("/element/{field}/clear"), json!({})).await;
    b.type_into(&field, name).await;
    let pw = b.find("#passwort").await;
    b.type_into(&pw, password).await;
    let send = b.find("#anmelden-senden").await;
    b.click(&send).await;
    b.wait_for_path("/").await;
}

/// The classes of the start page's entries, in order, with their ids.
async fn entry_states(b: &Browser<'_>) -> Vec<(String, String)> {
    let v = b
        .script("return Array.from(document.querySelectorAll('main article.entry')).map(function (a) { return [a.getAttribute('data-id'), a.className]; })")
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The reading flow of two readers side by side: keys m, s, A without reload (JavaScript on),
/// "nur ungelesene", /gemerkt, a mute rule from the filter page, and the same forms without
/// JavaScript (plain POST and redirect back).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_readers_mark_save_and_filter_with_and_without_javascript() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let site = Site::start();
    let base = site.base();
    let url = common::db_url(&site.dir.path().join("kg.db"));
    std::thread::scope(|s| {
        s.spawn(|| {
            let store =
                kurzgefasst::store::Store::open(&kurzgefasst::store::DbUrl::parse(&url).unwrap())
                    .unwrap();
            let id =
                kurzgefasst::auth::set_password(&store, "leserin", "Leserin-Passwort-1").unwrap();
            // The second reader follows every source, as the admin does.
            for src in store.list_sources().unwrap() {
                store.subscribe(id, src.id, None, None).unwrap();
            }
        })
        .join()
        .unwrap()
    });
    let driver = Driver::start().await;
    let (pa, pb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = driver.session(pa.path()).await;
    let b = driver.session_with(pb.path(), false).await;
    log_in(&a, &base, "admin", web_common::ADMIN_PASSWORD).await;
    log_in(&b, &base, "leserin", "Leserin-Passwort-1").await;

    // A (JavaScript): everything unread; j selects the first entry, m marks it read in place.
    a.goto(&format!("{base}/")).await;
    let states = entry_states(&a).await;
    assert!(states.len() >= 3);
    assert!(
        states.iter().all(|(_, c)| c.contains("unread")),
        "{states:?}"
    );
    let first = states[0].0.clone();
    a.script("window.__kgStay = true; return 0;").await;
    a.press("j").await;
    a.press("m").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !entry_states(&a).await[0].1.contains(" read") {
        assert!(Instant::now() < deadline, "m marked the entry read");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        a.script("return window.__kgStay === true").await,
        true,
        "no reload"
    );
    let button = a.find("main article.entry .toggle-read").await;
    assert_eq!(a.text(&button).await, "Als ungelesen markieren");
    // s saves it, in place too.
    a.press("s").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !entry_states(&a).await[0].1.contains("saved") {
        assert!(Instant::now() < deadline, "s saved the entry");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(a.script("return window.__kgStay === true").await, true);
    // Kept on the server: a new load shows it read, /gemerkt lists it.
    a.goto(&format!("{base}/gemerkt")).await;
    let saved = entry_states(&a).await;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].0, first);
    // "Nur ungelesene" leaves it out.
    a.goto(&format!("{base}/")).await;
    let only = a.find("#nur-ungelesene").await;
    a.click(&only).await;
    a.wait_for_path("/").await;
    assert!(a.url().await.contains("ungelesen=1"));
    let unread = entry_states(&a).await;
    assert_eq!(unread.len(), states.len() - 1);
    assert!(unread.iter().all(|(id, _)| *id != first));

    // A mute rule from the filter page hides the Weihnachtsmarkt article for A only.
    a.goto(&format!("{base}/filter")).await;
    let field = a.find("#muster").await;
    a.type_into(&field, "Weihnachtsmärkte").await;
    let add = a.find("#regel-anlegen").await;
    a.click(&add).await;
    a.wait_for_path("/filter").await;
    let count = a.find("td.hidden-count").await;
    assert_eq!(a.text(&count).await, "1");
    a.goto(&format!("{base}/")).await;
    let titles = a
        .script("return Array.from(document.querySelectorAll('main article.entry h3')).map(function (h) { return h.textContent; }).join('|')")
        .await;
    assert!(
        !titles.as_str().unwrap().contains("Weihnachtsmarkt"),
        "{titles}"
    );
    assert_eq!(entry_states(&a).await.len(), states.len() - 1);

    // A presses A: everything on the page is read, without reload; a new load agrees.
    a.script("window.__kgStay = true; return 0;").await;
    a.press("A").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while entry_states(&a)
        .await
        .iter()
        .any(|(_, c)| c.contains("unread"))
    {
        assert!(Instant::now() < deadline, "A marked all read");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(a.script("return window.__kgStay === true").await, true);
    a.goto(&format!("{base}/?ungelesen=1")).await;
    assert!(entry_states(&a).await.is_empty());
    a.screenshot("reading-a.png").await;

    // B (no JavaScript) still has everything unread, the muted article included.
    b.goto(&format!("{base}/")).await;
    let theirs = entry_states(&b).await;
    assert_eq!(theirs.len(), states.len());
    assert!(
        theirs.iter().all(|(_, c)| c.contains("unread")),
        "{theirs:?}"
    );
    // The plain forms: a POST and a redirect back to the same page.
    let read = b.find("main article.entry .toggle-read").await;
    b.click(&read).await;
    b.wait_for_path("/").await;
    assert!(entry_states(&b).await[0].1.contains(" read"));
    let save = b.find("main article.entry .toggle-save").await;
    b.click(&save).await;
    b.wait_for_path("/").await;
    assert!(entry_states(&b).await[0].1.contains("saved"));
    let mark_all = b.find("#alle-gelesen").await;
    b.click(&mark_all).await;
    b.wait_for_path("/").await;
    assert!(entry_states(&b)
        .await
        .iter()
        .all(|(_, c)| c.contains(" read")));
    b.goto(&format!("{base}/gemerkt")).await;
    assert_eq!(entry_states(&b).await[0].0, theirs[0].0);
    b.screenshot("reading-b-no-js.png").await;

    // A's saved list is still A's alone.
    a.goto(&format!("{base}/gemerkt")).await;
    assert_eq!(entry_states(&a).await.len(), 1);
    a.close().await;
    b.close().await;
}

/// Logs `name` in through the login form of a browser session.
async fn log_in_as(b: &Browser<'_>, base: &str, name: &str, password: &str) {
    b.goto(&format!("{base}/anmelden")).await;
    b.script(&format!(
        "document.getElementById('name').value = {}; return 0;",
        json!(name)
    ))
    .await;
    let pw = b.find("#passwort").await;
    b.type_into(&pw, password).await;
    let send = b.find("#anmelden-senden").await;
    b.click(&send).await;
    b.wait_for_path("/").await;
    let logout = b.find("#abmelden").await;
    assert_eq!(b.text(&logout).await, format!("Abmelden ({name})"));
}

/// The titles of the entries listed on the current page.
async fn entry_titles(b: &Browser<'_>) -> Vec<String> {
    let mut titles = Vec::new();
    for e in b.find_all("main article.entry h3 a").await {
        titles.push(b.text(&e).await);
    }
    titles
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_readers_side_by_side_with_their_own_categories() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let fixtures = common::FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    web_common::set_admin_password(&db);
    common::run_ok(
        common::kg(&db)
            .env("KURZGEFASST_PASSWORD", "annas-passwort-123")
            .args(["users", "add", "anna"]),
    );
    common::run_ok(common::kg(&db).args(["sources", "add", &fixtures.url("feeds/lokales.rss")]));
    common::run_ok(common::kg(&db).args([
        "sources",
        "add",
        &fixtures.url("feeds/wissen.atom"),
        "--user",
        "anna",
        "--category",
        "Wissen",
    ]));
    common::run_ok(common::kg(&db).arg("fetch"));
    let server = common::Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let base = format!("http://{}", server.addr);
    let driver = Driver::start().await;
    let (p1, p2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let anna = driver.session(p1.path()).await;
    let admin = driver.session(p2.path()).await;
    log_in_as(&anna, &base, "anna", "annas-passwort-123").await;
    log_in_as(&admin, &base, "admin", web_common::ADMIN_PASSWORD).await;

    // Each start page holds the reader's own sources; only anna has the category.
    anna.goto(&format!("{base}/")).await;
    let titles = entry_titles(&anna).await;
    assert!(
        titles.iter().any(|t| t.starts_with("Hitzewelle")),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.starts_with("Bibliothek")),
        "{titles:?}"
    );
    admin.goto(&format!("{base}/")).await;
    let titles = entry_titles(&admin).await;
    assert!(
        titles.iter().any(|t| t.starts_with("Bibliothek")),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.starts_with("Hitzewelle")),
        "{titles:?}"
    );
    assert!(admin
        .find_all("nav.kategorien a[href^='/kategorie/']")
        .await
        .is_empty());

    // anna follows her category from the navigation, then renames it in the browser.
    let link = anna
        .find("nav.kategorien a[href='/kategorie/wissen']")
        .await;
    anna.click(&link).await;
    anna.wait_for_path("/kategorie/wissen").await;
    let h1 = anna.find("main h1").await;
    assert_eq!(anna.text(&h1).await, "Wissen");
    assert!(entry_titles(&anna)
        .await
        .iter()
        .any(|t| t.starts_with("Hitzewelle")));
    let manage = anna.find("#kategorien-verwalten").await;
    anna.click(&manage).await;
    anna.wait_for_path("/kategorien").await;
    anna.script("document.querySelector('ul.kategorien input[name=name]').value = ''; return 0;")
        .await;
    let field = anna.find("ul.kategorien input[name=name]").await;
    anna.type_into(&field, "Forschung").await;
    let rename = anna.find("ul.kategorien form button").await;
    anna.click(&rename).await;
    anna.wait_for_path("/kategorien").await;
    let link = anna
        .find("nav.kategorien a[href='/kategorie/forschung']")
        .await;
    assert_eq!(anna.text(&link).await, "Forschung");
    anna.screenshot("categories-anna.png").await;

    // The admin, meanwhile, manages readers; anna may not.
    let readers = admin.find("#leser-verwalten").await;
    admin.click(&readers).await;
    admin.wait_for_path("/leser").await;
    assert_eq!(admin.find_all("ul.leser li").await.len(), 2);
    assert!(anna.find_all("#leser-verwalten").await.is_empty());
    admin.goto(&format!("{base}/kategorie/forschung")).await;
    let h1 = admin.find("main h1").await;
    assert!(
        admin.text(&h1).await.starts_with("Fehler"),
        "not the admin's category"
    );
    anna.close().await;
    admin.close().await;
}

/// A category filter chosen from the filter page's select without JavaScript hides that
/// category's articles for that reader only; on the article page the keys s and m save and
/// mark unread in place (JavaScript), the same buttons work as plain forms (no JavaScript);
/// "only unread" and "mark all" on a category page mark that category only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_filter_and_the_article_pages_buttons_with_and_without_javascript() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let fixtures = common::FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    web_common::set_admin_password(&db);
    common::run_ok(
        common::kg(&db)
            .env("KURZGEFASST_PASSWORD", "annas-passwort-123")
            .args(["users", "add", "anna"]),
    );
    for (feed, category) in [
        ("feeds/lokales.rss", "Lokales"),
        ("feeds/wissen.atom", "Wissen"),
    ] {
        let url = fixtures.url(feed);
        common::run_ok(common::kg(&db).args(["sources", "add", &url, "--category", category]));
        common::run_ok(common::kg(&db).args(["sources", "add", &url, "--user", "anna"]));
    }
    common::run_ok(common::kg(&db).arg("fetch"));
    let wissen_id = common::db::rows(
        &db,
        "SELECT c.id FROM categories c JOIN users u ON u.id = c.user_id WHERE u.name = 'admin' AND c.name = 'Wissen'",
    )[0][0]
        .clone()
        .unwrap();
    let server = common::Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let base = format!("http://{}", server.addr);
    let driver = Driver::start().await;
    let (p1, p2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let admin = driver.session_with(p1.path(), false).await;
    let anna = driver.session(p2.path()).await;
    log_in(&admin, &base, "admin", web_common::ADMIN_PASSWORD).await;
    log_in(&anna, &base, "anna", "annas-passwort-123").await;
    admin.goto(&format!("{base}/")).await;
    let all = entry_titles(&admin).await;
    assert!(all.iter().any(|t| t.starts_with("Hitzewelle")), "{all:?}");

    // The admin, without JavaScript, mutes the category "Wissen" from the filter page.
    admin.goto(&format!("{base}/filter")).await;
    let field = admin.find("#feld option[value='category']").await;
    admin.click(&field).await;
    let cat = admin
        .find(&format!("#regel-kategorie option[value='{wissen_id}']"))
        .await;
    assert_eq!(admin.text(&cat).await, "Wissen");
    admin.click(&cat).await;
    let add = admin.find("#regel-anlegen").await;
    admin.click(&add).await;
    admin.wait_for_path("/filter").await;
    let pattern = admin.find("td.pattern").await;
    assert_eq!(admin.text(&pattern).await, "Wissen");
    let count = admin.find("td.hidden-count").await;
    let hidden: usize = admin.text(&count).await.parse().unwrap();
    assert!(hidden >= 1);
    admin.goto(&format!("{base}/")).await;
    let shown = entry_titles(&admin).await;
    assert_eq!(shown.len(), all.len() - hidden, "{shown:?}");
    assert!(
        !shown.iter().any(|t| t.starts_with("Hitzewelle")),
        "{shown:?}"
    );
    // anna, side by side, still has every article.
    anna.goto(&format!("{base}/")).await;
    assert_eq!(entry_titles(&anna).await.len(), all.len());

    // anna (JavaScript) opens an article: read by opening; s saves, m marks it unread, in place.
    let first = anna.find("main article.entry h3 a").await;
    let href = anna.attr(&first, "href").await;
    let href = href.trim_start_matches(&base).to_string();
    anna.goto(&format!("{base}{href}")).await;
    anna.script("window.__kgStay = true; return 0;").await;
    let read = anna.find("article.full .toggle-read").await;
    assert_eq!(
        anna.attr(&read, "aria-pressed").await,
        "true",
        "read by opening"
    );
    anna.press("s").await;
    let save = anna.find("article.full .toggle-save").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while anna.attr(&save, "aria-pressed").await != "true" {
        assert!(Instant::now() < deadline, "s saved the article");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anna.press("m").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while anna.attr(&read, "aria-pressed").await != "false" {
        assert!(Instant::now() < deadline, "m marked it unread");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        anna.script("return window.__kgStay === true").await,
        true,
        "no reload"
    );
    anna.goto(&format!("{base}/gemerkt")).await;
    let saved = anna.find_all("main article.entry").await;
    assert_eq!(saved.len(), 1);
    anna.goto(&format!("{base}/?ungelesen=1")).await;
    let anna_unread = entry_titles(&anna).await;
    assert!(!anna_unread.is_empty());

    // The admin (no JavaScript) saves an article with the article page's plain form.
    admin.goto(&format!("{base}/")).await;
    let first = admin.find("main article.entry h3 a").await;
    let href = admin.attr(&first, "href").await;
    let href = href.trim_start_matches(&base).to_string();
    admin.goto(&format!("{base}{href}")).await;
    let save = admin.find("article.full .toggle-save").await;
    admin.click(&save).await;
    admin.wait_for_path(&href).await;
    let save = admin.find("article.full .toggle-save").await;
    assert_eq!(admin.attr(&save, "aria-pressed").await, "true");
    admin.goto(&format!("{base}/gemerkt")).await;
    assert_eq!(admin.find_all("main article.entry").await.len(), 1);

    // On the category page: "only unread", then mark all read, for that category only.
    admin.goto(&format!("{base}/kategorie/lokales")).await;
    let only = admin.find("#nur-ungelesene").await;
    admin.click(&only).await;
    admin.wait_for_path("/kategorie/lokales").await;
    assert!(admin.url().await.contains("ungelesen=1"));
    let unread = entry_titles(&admin).await;
    assert!(
        !unread.is_empty() && unread.len() < shown.len(),
        "the opened one is read: {unread:?}"
    );
    let mark = admin.find("#alle-gelesen").await;
    admin.click(&mark).await;
    admin.wait_for_path("/kategorie/lokales").await;
    admin
        .goto(&format!("{base}/kategorie/lokales?ungelesen=1"))
        .await;
    assert!(entry_titles(&admin).await.is_empty());
    admin.screenshot("category-filter-admin-no-js.png").await;
    // anna's state is hers: the admin's marks changed nothing of it.
    anna.goto(&format!("{base}/?ungelesen=1")).await;
    assert_eq!(entry_titles(&anna).await, anna_unread);
    admin.close().await;
    anna.close().await;
}
