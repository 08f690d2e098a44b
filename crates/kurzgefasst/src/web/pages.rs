//! Server-rendered pages. Every string from a feed or page goes through [`esc`] (text) or
//! [`href`] (links: http(s) only), so third-party markup is never rendered.

use std::fmt::Write;

use chrono_tz::Tz;

use crate::record::{datum, quelle};
use crate::store::{DateSource, Source, StoredArticle};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An escaped link target: http(s) URLs only, anything else (javascript:, data:) becomes "#".
pub fn href(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => esc(u.as_str()),
        _ => "#".to_string(),
    }
}

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n<body>\n\
<header class=\"site\"><a class=\"brand\" href=\"/\">Kurzgefasst</a>\n\
<nav aria-label=\"Hauptnavigation\"><a href=\"/\">Neueste</a> <a href=\"/quellen\">Quellen</a></nav></header>\n\
<main id=\"inhalt\">\n{}\n</main>\n<footer class=\"site\">Kurzgefasst – Nachrichten in Kürze, auf dem eigenen Rechner.</footer>\n</body>\n</html>\n",
        esc(title),
        body
    )
}

fn datum_of(a: &StoredArticle, tz: Tz) -> String {
    let mut d = datum(a.published_at, tz);
    if a.date_source == DateSource::Fetched {
        d.push_str(" (Abrufzeit)");
    }
    d
}

fn day_heading(unix: i64, tz: Tz) -> String {
    use chrono::{Datelike, TimeZone};
    const DAYS: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
    match chrono::Utc.timestamp_opt(unix, 0).single() {
        Some(t) => {
            let l = t.with_timezone(&tz);
            format!("{}, {}", DAYS[l.weekday().num_days_from_monday() as usize], l.format("%d.%m.%Y"))
        }
        None => String::new(),
    }
}

/// The start page: the newest articles, grouped by day.
pub fn index(articles: &[StoredArticle], page_size: usize, tz: Tz) -> String {
    let mut b = String::from("<h1 class=\"visually-hidden\">Neueste Artikel</h1>\n");
    if articles.is_empty() {
        b.push_str("<p class=\"empty\">Noch keine Artikel. Quellen werden regelmäßig abgerufen; \
            neue Quellen fügen Sie mit <code>kurzgefasst sources add FEED_URL</code> hinzu.</p>");
    }
    let mut current_day = String::new();
    for a in articles {
        let day = day_heading(a.published_at, tz);
        if day != current_day {
            if !current_day.is_empty() {
                b.push_str("</section>\n");
            }
            let _ = write!(b, "<section class=\"day\"><h2 class=\"day\">{}</h2>\n", esc(&day));
            current_day = day;
        }
        let tldr = a.tldr.as_ref().map(|t| t.text.as_str()).unwrap_or("");
        let _ = write!(
            b,
            "<article class=\"entry\">\n<h3><a href=\"/artikel/{id}\">{titel}</a></h3>\n<dl class=\"record\">\
<dt>Datum</dt><dd>{datum}</dd><dt>Quelle</dt><dd>{quelle}</dd><dt>TLDR</dt><dd class=\"tldr\">{tldr}</dd></dl>\n\
<a class=\"more\" href=\"/artikel/{id}\">Weiterlesen</a>\n</article>\n",
            id = a.id,
            titel = esc(&a.title),
            datum = esc(&datum_of(a, tz)),
            quelle = esc(&a.site),
            tldr = esc(tldr),
        );
    }
    if !current_day.is_empty() {
        b.push_str("</section>\n");
    }
    if articles.len() == page_size {
        if let Some(last) = articles.last() {
            let _ = write!(b, "<nav class=\"pager\"><a href=\"/?vor={}_{}\">Ältere Artikel</a></nav>", last.published_at, last.id);
        }
    }
    layout("Kurzgefasst – Neueste Artikel", &b)
}

/// The article page in the seed record's form: Titel, Datum, Quelle, TLDR, Inhalt.
pub fn article(a: &StoredArticle, sources: &[(i64, String)], tz: Tz) -> String {
    let mut b = String::new();
    let _ = write!(b, "<article class=\"full\">\n<h1>{}</h1>\n<dl class=\"record\">\n", esc(&a.title));
    let _ = write!(b, "<dt>Datum</dt><dd><time datetime=\"{}\">{}</time></dd>\n", esc(&rfc3339(a.published_at)), esc(&datum_of(a, tz)));
    let _ = write!(b, "<dt>Quelle</dt><dd>{}</dd>\n", esc(&quelle(&a.url)));
    b.push_str("<dt>TLDR</dt><dd class=\"tldr\">");
    match &a.tldr {
        Some(t) => {
            for (i, s) in t.sentences.iter().enumerate() {
                let support: Vec<String> = s.support.iter().map(|n| n.to_string()).collect();
                let _ = write!(b, "<span class=\"tldr-sentence\" data-support=\"{}\" id=\"tldr-{i}\">{}</span> ", support.join(" "), esc(&s.text));
            }
            let method = match t.method.as_str() {
                "llm" => format!("von einem Sprachmodell geschrieben ({}) und am Artikel geprüft", esc(t.model.as_deref().unwrap_or("?"))),
                _ => "Sätze aus dem Artikel ausgewählt (extraktiv)".to_string(),
            };
            let _ = write!(b, "<small class=\"method\">{method}</small>");
        }
        None => b.push_str("<em>Keine Zusammenfassung verfügbar.</em>"),
    }
    b.push_str("</dd>\n");
    if a.paywalled {
        b.push_str("<dt>Hinweis</dt><dd class=\"paywall\">Bezahlartikel: Inhalt und TLDR beruhen nur auf dem frei sichtbaren Teil.</dd>\n");
    }
    b.push_str("<dt>Inhalt</dt><dd class=\"inhalt\">\n");
    if let Some(t) = a.teaser.as_deref().filter(|t| !t.is_empty()) {
        let _ = writeln!(b, "<p class=\"teaser\">{}</p>", esc(t));
    }
    let mut in_list = false;
    for block in &a.blocks {
        let is_item = block.kind == "list_item";
        if is_item && !in_list {
            b.push_str("<ul>\n");
        } else if !is_item && in_list {
            b.push_str("</ul>\n");
        }
        in_list = is_item;
        let text = esc(&block.text);
        let _ = match block.kind.as_str() {
            "heading" => writeln!(b, "<h2>{text}</h2>"),
            "list_item" => writeln!(b, "<li>{text}</li>"),
            "quote" => writeln!(b, "<blockquote><p>{text}</p></blockquote>"),
            "table" | "preformatted" => writeln!(b, "<pre>{text}</pre>"),
            _ => writeln!(b, "<p>{text}</p>"),
        };
    }
    if in_list {
        b.push_str("</ul>\n");
    }
    b.push_str("</dd>\n</dl>\n");
    if let Some(err) = &a.extract_error {
        let _ = writeln!(b, "<p class=\"notice\">Der Artikeltext konnte nicht von der Seite gelesen werden ({}); gezeigt wird der Text des Feeds.</p>", esc(err));
    }
    let _ = writeln!(
        b,
        "<p class=\"original\"><a href=\"{}\" rel=\"noopener noreferrer nofollow\">Zum Original bei {}</a></p>",
        href(&a.url),
        esc(&a.site)
    );
    if !sources.is_empty() {
        let names: Vec<String> = sources.iter().map(|(_, n)| esc(n)).collect();
        let _ = writeln!(b, "<p class=\"via\">Über: {}</p>", names.join(", "));
    }
    b.push_str("</article>");
    layout(&a.title, &b)
}

/// The sources page: every source with its health.
pub fn sources(list: &[Source], tz: Tz) -> String {
    let mut b = String::from("<h1>Quellen</h1>\n");
    if list.is_empty() {
        b.push_str("<p class=\"empty\">Keine Quellen abonniert.</p>");
    } else {
        b.push_str("<table class=\"sources\"><thead><tr><th>Quelle</th><th>Artikel</th><th>Zustand</th></tr></thead><tbody>\n");
        for s in list {
            let name = s.title.as_deref().unwrap_or(&s.url);
            let health = match (&s.last_error, s.consecutive_failures) {
                (Some(msg), n) if n > 0 => format!(
                    "<span class=\"error\">Fehler ({}): {}</span><br><small>{}× in Folge, zuletzt {}, nächster Versuch {}</small>",
                    esc(s.last_error_kind.as_deref().unwrap_or("?")),
                    esc(msg),
                    n,
                    esc(&s.last_error_at.map(|t| datum(t, tz)).unwrap_or_default()),
                    esc(&datum(s.next_poll_at, tz)),
                ),
                _ => match s.last_success_at {
                    Some(t) => format!("ok, zuletzt {}", esc(&datum(t, tz))),
                    None => "noch nicht abgerufen".to_string(),
                },
            };
            let _ = writeln!(
                b,
                "<tr><td><a href=\"{}\">{}</a><br><small>{}</small></td><td>{}</td><td>{}</td></tr>",
                href(&s.url),
                esc(name),
                esc(&s.url),
                s.article_count,
                health
            );
        }
        b.push_str("</tbody></table>");
    }
    layout("Kurzgefasst – Quellen", &b)
}

/// An error page.
pub fn error_page(status: u16, message: &str) -> String {
    layout(&format!("Fehler {status}"), &format!("<h1>Fehler {status}</h1>\n<p>{}</p>\n<p><a href=\"/\">Zur Startseite</a></p>", esc(message)))
}

fn rfc3339(unix: i64) -> String {
    use chrono::TimeZone;
    chrono::Utc.timestamp_opt(unix, 0).single().map(|t| t.to_rfc3339()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_links() {
        assert_eq!(esc("<script>alert('x')</script>&\""), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
        assert_eq!(href("javascript:alert(1)"), "#");
        assert_eq!(href("data:text/html,<b>"), "#");
        assert_eq!(href("https://example.org/a?b=1&c=\"2\""), "https://example.org/a?b=1&amp;c=%222%22");
    }
}
