//! What a delivered briefing says: subject, plain text, HTML and JSON of one reader's day.
//!
//! STAND-IN until the briefing's content (`crate::briefing`, issue 23, built on another branch)
//! is merged: [`compose`] lists the reader's articles of the day (their subscriptions, muted
//! articles left out) each with title, time, host, TLDR and the link to its article page. At the
//! merge only the body of [`compose`] is replaced by `briefing::build` and its `render_*`
//! functions; everything else of the delivery calls only [`compose`].

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::store::{ReadingList, Scope, Store, StoreError};

/// Links a delivered briefing carries (to the instance, and to stop the e-mails).
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// The instance's public base URL (`https://news.example.org`), without a trailing slash.
    pub public_url: Option<String>,
    /// The signed unsubscribe link of this reader (e-mail only).
    pub unsubscribe_url: Option<String>,
}

/// A briefing in every form a channel needs.
#[derive(Debug, Clone)]
pub struct Composed {
    /// The e-mail subject and push title.
    pub subject: String,
    /// Plain text (the e-mail's text part, the push message).
    pub text: String,
    /// A whole HTML document with inline styles and no external resources.
    pub html: String,
    /// The webhook's JSON.
    pub json: serde_json::Value,
}

/// The most stories a stand-in briefing lists.
const MAX_STORIES: usize = 30;

/// The briefing of `user` for `date` (a day in `tz`), in the language `lang` (`de`, `en`);
/// `None` when the reader has no new stories that day.
pub fn compose(
    store: &Store,
    user: i64,
    date: NaiveDate,
    tz: Tz,
    lang: &str,
    links: &Links,
) -> Result<Option<Composed>, StoreError> {
    let german = lang != "en";
    let start = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
            .earliest()
            .map(|t| t.timestamp())
            .unwrap_or_else(|| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp())
    };
    let (from, until) = (start(date), start(date.succ_opt().unwrap_or(date)));
    let list = ReadingList {
        scope: Scope {
            from: Some(from),
            until: Some(until),
            ..Scope::default()
        },
        limit: MAX_STORIES,
        ..ReadingList::default()
    };
    let filters = store.filters(user)?;
    let items = store.reading_list(user, &list, &filters)?;
    if items.is_empty() {
        return Ok(None);
    }
    let day = date.format("%d.%m.%Y").to_string();
    let subject = if german {
        format!("Der Tag in Kürze – {day}")
    } else {
        format!("The day in brief – {day}")
    };
    let base = links.public_url.as_deref().map(|u| u.trim_end_matches('/'));
    let mut text = format!("{subject}\n\n");
    let mut html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{s}</title></head>\
<body style=\"margin:0;padding:16px;font-family:Georgia,serif;color:#1a1a1a;background:#ffffff;\">\
<div style=\"max-width:640px;margin:0 auto;\"><h1 style=\"font-size:22px;\">{s}</h1>",
        lang = if german { "de" } else { "en" },
        s = esc(&subject)
    );
    let mut stories = Vec::new();
    for item in &items {
        let a = &item.article;
        let datum = crate::record::datum(a.published_at, tz);
        let quelle = crate::record::quelle(&a.url);
        let tldr = a.tldr.as_ref().map(|t| t.text.clone()).unwrap_or_default();
        let link = base.map(|b| format!("{b}/artikel/{}", a.id));
        text.push_str(&format!(
            "Titel: {}\nDatum: {datum}\nQuelle: {quelle}\nTLDR: {tldr}\n",
            a.title
        ));
        if let Some(l) = &link {
            text.push_str(&format!("{l}\n"));
        }
        text.push('\n');
        let title = match &link {
            Some(l) => format!(
                "<a href=\"{}\" style=\"color:#0b4f8a;text-decoration:none;\">{}</a>",
                esc(l),
                esc(&a.title)
            ),
            None => esc(&a.title),
        };
        html.push_str(&format!(
            "<div style=\"margin:0 0 18px 0;\"><h2 style=\"font-size:18px;margin:0 0 4px 0;\">{title}</h2>\
<p style=\"font-size:13px;color:#555555;margin:0 0 6px 0;\">{} · {}</p><p style=\"font-size:15px;line-height:1.45;margin:0;\">{}</p></div>",
            esc(&datum),
            esc(&quelle),
            esc(&tldr)
        ));
        stories.push(serde_json::json!({
            "id": a.id,
            "titel": a.title,
            "datum": datum,
            "quelle": quelle,
            "tldr": tldr,
            "url": a.url,
            "link": link,
        }));
    }
    if let Some(u) = &links.unsubscribe_url {
        let (de, en) = ("Keine E-Mails mehr", "No more e-mails");
        text.push_str(&format!("-- \n{}: {u}\n", if german { de } else { en }));
        html.push_str(&format!(
            "<p style=\"font-size:12px;color:#555555;border-top:1px solid #dddddd;padding-top:8px;\">\
<a href=\"{}\" style=\"color:#555555;\">{}</a></p>",
            esc(u),
            if german { de } else { en }
        ));
    }
    html.push_str("</div></body></html>\n");
    let json = serde_json::json!({
        "date": date.to_string(),
        "subject": subject,
        "stories": stories,
    });
    Ok(Some(Composed {
        subject,
        text,
        html,
        json,
    }))
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
