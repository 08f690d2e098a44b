//! Sanitisation against the OWASP XSS filter-evasion cheat-sheet vectors: a feed and an article
//! page carry them in every field (`tests/fixtures/site/feeds/xss.rss`, `artikel/xss.html`; the
//! source is noted there). After a fetch, every page, Atom feed, API response and Google Reader
//! API response is parsed and must hold no executable markup: no element or attribute that came
//! from the fixtures, no event handler, no `javascript:`/`data:` URL; the vectors show up as text.
//! The browser side (no alert, no script ran, no CSP violation) is in `web_browser.rs`.

mod common;
mod web_common;

use common::{kg, run_ok, FixtureServer, Server};
use scraper::{Html, Selector};
use serde_json::Value;
use web_common::{set_admin_password, Client, ADMIN_PASSWORD};

/// Elements our pages use; anything else was injected.
const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "a",
    "header",
    "nav",
    "form",
    "label",
    "input",
    "button",
    "main",
    "footer",
    "h1",
    "h2",
    "h3",
    "section",
    "article",
    "dl",
    "dt",
    "dd",
    "p",
    "span",
    "small",
    "mark",
    "ul",
    "li",
    "ol",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "kbd",
    "br",
    "hr",
    "fieldset",
    "legend",
    "select",
    "option",
    "time",
    "strong",
    "em",
    "pre",
    "div",
    "abbr",
    // The folded technical details of an error (the text inside is escaped like any other).
    "details",
    "summary",
    "aside",
];

/// Attributes whose value is a URL.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "data",
    "poster",
    "xlink:href",
];

/// A URL that could run script.
fn dangerous_url(v: &str) -> bool {
    let folded: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    folded.starts_with("javascript:")
        || folded.starts_with("data:")
        || folded.starts_with("vbscript:")
}

/// Checks one HTML document (or fragment); `scripts` is the number of `<script>` elements allowed
/// (each must be `/static/app.js`, empty).
fn check_html(what: &str, html: &str, scripts: usize) {
    let doc = if scripts > 0 {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    let all = Selector::parse("*").unwrap();
    let mut seen_scripts = 0;
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(
            ALLOWED.contains(&name) || (scripts == 0 && name == "html"),
            "{what}: injected <{name}> in {}",
            el.html()
        );
        if name == "script" {
            seen_scripts += 1;
            assert_eq!(
                el.value().attr("src"),
                Some("/static/app.js"),
                "{what}: {}",
                el.html()
            );
            assert!(el.inner_html().trim().is_empty(), "{what}: inline script");
        }
        if name == "meta" {
            assert!(
                el.value().attr("http-equiv").is_none(),
                "{what}: {}",
                el.html()
            );
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "{what}: event handler {attr} on <{name}>"
            );
            assert_ne!(attr, "style", "{what}: style attribute on <{name}>");
            assert_ne!(attr, "srcdoc", "{what}");
            if URL_ATTRS.contains(&attr.as_str()) {
                assert!(
                    !dangerous_url(value),
                    "{what}: {attr}={value:?} on <{name}>"
                );
                assert!(
                    value.starts_with('#')
                        || value.starts_with('/')
                        || value.starts_with("http://")
                        || value.starts_with("https://")
                        || value.starts_with('?'),
                    "{what}: {attr}={value:?}"
                );
            }
        }
    }
    assert_eq!(seen_scripts, scripts, "{what}: script elements");
}

/// Every element name of an Atom document must be an Atom element: nothing was injected into
/// the XML; every link is http(s).
fn check_atom(what: &str, xml: &str) {
    const ATOM: &[&str] = &[
        "feed",
        "title",
        "subtitle",
        "link",
        "id",
        "updated",
        "published",
        "author",
        "name",
        "uri",
        "entry",
        "summary",
        "content",
        "category",
        "generator",
        "icon",
        "rights",
    ];
    let body = xml.trim_start_matches(|c| c != '>').trim_start_matches('>');
    assert!(xml.starts_with("<?xml"), "{what}");
    for tag in body.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect();
        assert!(
            ATOM.contains(&name.as_str()),
            "{what}: element <{name}> in {tag:?}"
        );
    }
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
    for e in &feed.entries {
        for l in &e.links {
            assert!(
                l.href.starts_with("http://") || l.href.starts_with("https://"),
                "{what}: link {}",
                l.href
            );
        }
        if let Some(t) = &e.title {
            assert_eq!(
                t.content_type.essence().to_string(),
                "text/plain",
                "{what}: title is text"
            );
        }
        if let Some(s) = &e.summary {
            assert_eq!(
                s.content_type.essence().to_string(),
                "text/plain",
                "{what}: summary is text"
            );
        }
    }
}

/// Every string in a JSON document; URL fields may not be script URLs.
fn check_json(what: &str, v: &Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let Value::String(s) = x {
                    if k.contains("url") || k.contains("href") || k == "link" {
                        assert!(!dangerous_url(s), "{what}: {k}={s:?}");
                    }
                }
                check_json(what, x);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| check_json(what, x)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_vector_survives_as_markup_anywhere() {
    let fixtures = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kg(&db).args(["sources", "add", &fixtures.url("feeds/xss.rss")]));
    run_ok(kg(&db).arg("fetch"));
    set_admin_password(&db);
    let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let mut c = Client::new(&format!("http://{}", server.addr));

    let list = c.get("/api/articles?limit=200").await;
    assert_eq!(list.header("content-type"), Some("application/json"));
    assert_eq!(list.header("x-content-type-options"), Some("nosniff"));
    let ids: Vec<i64> = list.json()["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    // The entry whose link is `javascript:` is skipped; the other two are stored (one from its
    // page, one from the feed text because its page is missing).
    assert_eq!(ids.len(), 2, "two entries stored");

    let mut pages = vec![
        "/".to_string(),
        "/tag".into(),
        "/quellen".into(),
        "/quellen/1".into(),
        "/suche?q=alert".into(),
        "/suche?q=Stadtwerke".into(),
        format!("/suche?q={}", web_common::enc("<script>alert(1)</script>")),
        "/einstellungen".into(),
        "/anmelden".into(),
        format!(
            "/anmelden?weiter={}",
            web_common::enc("\"><script>alert(1)</script>")
        ),
        "/gibt-es-nicht\"><script>alert(1)</script>".replace(' ', "%20"),
    ];
    pages.extend(ids.iter().map(|id| format!("/artikel/{id}")));
    let mut all_text = String::new();
    for p in &pages {
        let r = c.get(p).await;
        assert!(r.status == 200 || r.status == 404, "{p}: {}", r.status);
        let csp = r.header("content-security-policy").unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{p}: {csp}"
        );
        check_html(p, &r.body, 1);
        all_text.push_str(&r.body);
    }
    // The vectors are shown as text, escaped: nothing was silently dropped. (Pages escape
    // `&`, `<`, `>` and `"`, as maud does; an apostrophe needs none: every attribute value is
    // in double quotes.)
    for shown in [
        "&lt;&lt;SCRIPT&gt;alert(&quot;XSS&quot;);//\\&lt;&lt;/SCRIPT&gt;",
        "&lt;img src=x onerror=&quot;&amp;#0000106&amp;#0000097",
        "&lt;IMG SRC=&quot;jav ascript:alert('XSS');&quot;&gt;",
        "&lt;SCRIPT/XSS SRC=&quot;http://xss.invalid/xss.js&quot;&gt;",
        "&lt;IMG SRC=javascript:alert(String.fromCharCode(88,83,83))&gt;",
        // Feed text: the unclosed <iframe> of the vector swallowed the rest as raw text, which
        // is shown as text (escaped twice where it held entities).
        "&lt;p&gt;&amp;lt;svg/onload=alert('XSS')&amp;gt;",
    ] {
        assert!(all_text.contains(shown), "shown escaped: {shown}");
    }
    // The logged-in frame too (logout form with the CSRF token).
    let mut admin = Client::new(&c.base);
    admin.login().await;
    for p in [
        "/quellen",
        "/einstellungen",
        "/einstellungen/briefing",
        "/artikel/1",
    ] {
        let r = admin.get(p).await;
        check_html(&format!("{p} (admin)"), &r.body, 1);
    }

    // Atom feeds.
    for p in [
        "/feed.atom",
        "/quellen/1/feed.atom",
        "/suche/feed.atom?q=alert",
        "/suche/feed.atom?q=Stadtwerke",
    ] {
        let r = c.get(p).await;
        assert_eq!(r.status, 200, "{p}");
        check_atom(p, &r.body);
    }
    // JSON API.
    let mut api = vec![
        "/api/articles?limit=200".to_string(),
        "/api/sources".into(),
        "/api/search?q=alert".into(),
        "/api/tag".into(),
    ];
    api.extend(ids.iter().map(|id| format!("/api/articles/{id}")));
    for p in &api {
        let r = c.get(p).await;
        assert_eq!(r.status, 200, "{p}");
        assert_eq!(r.header("content-type"), Some("application/json"), "{p}");
        check_json(p, &r.json());
    }

    // Google Reader API: titles are escaped text, content is escaped HTML, links http(s).
    let r = c
        .post(
            "/accounts/ClientLogin",
            &[("Email", "admin"), ("Passwd", ADMIN_PASSWORD)],
        )
        .await;
    let auth = format!(
        "GoogleLogin auth={}",
        r.body
            .lines()
            .find_map(|l| l.strip_prefix("Auth="))
            .unwrap()
    );
    for p in [
        "/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=100&output=json",
        "/reader/api/0/subscription/list?output=json",
    ] {
        let r = c.get_with(p, &[("authorization", &auth)]).await;
        assert_eq!(r.status, 200, "{p}");
        let v = r.json();
        check_json(p, &v);
        for item in v["items"].as_array().into_iter().flatten() {
            check_html(
                &format!("{p} content"),
                item["summary"]["content"].as_str().unwrap(),
                0,
            );
            for field in ["title", "author"] {
                let t = item[field].as_str().unwrap();
                let frag = Html::parse_fragment(t);
                let n = frag
                    .select(&Selector::parse("*").unwrap())
                    .filter(|e| e.value().name() != "html")
                    .count();
                assert_eq!(n, 0, "{p}: {field} {t:?} is text");
            }
            assert!(!dangerous_url(
                item["alternate"][0]["href"].as_str().unwrap()
            ));
            assert!(!dangerous_url(item["origin"]["htmlUrl"].as_str().unwrap()));
        }
        for s in v["subscriptions"].as_array().into_iter().flatten() {
            let t = s["title"].as_str().unwrap();
            assert_eq!(t, "Angriffe &quot;&gt;", "subscription title escaped");
            assert_eq!(s["htmlUrl"], "", "javascript: site link dropped");
        }
    }
}
