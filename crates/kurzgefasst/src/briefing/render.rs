//! A briefing written out: plain text (a terminal, a plain-text e-mail: at most 72 columns, no
//! markup), an e-mail-ready HTML document (one column up to 600 px, inline styles only, no
//! external resource, every value escaped by `maud`) and JSON.

use chrono_tz::Tz;
use maud::{html, Markup, DOCTYPE};
use serde_json::{json, Value};

use super::{one_line, subject, Briefing, CategoryStories, Links, Story};
use crate::i18n::Lang;
use crate::record::{datum, quelle};
use crate::store::{DateSource, StoredArticle};

/// The width of the text form.
pub const TEXT_WIDTH: usize = 72;
/// Other sites named under a story in text and HTML (the JSON has all): a big story's list
/// stays short, and the e-mail small (Gmail cuts messages above 102 KB).
pub const MAX_OTHER_SITES: usize = 8;

/// "und 3 weitere" after the first [`MAX_OTHER_SITES`] other sites, if there are more.
fn more_sites(st: &Story, l: Lang) -> Option<String> {
    let more = st
        .others
        .len()
        .checked_sub(MAX_OTHER_SITES)
        .filter(|n| *n > 0)?;
    Some(match l {
        Lang::De => format!("und {more} weitere"),
        Lang::En => format!("and {more} more"),
    })
}

/// The labels of a story's record.
struct Labels {
    datum: &'static str,
    quelle: &'static str,
    tldr: &'static str,
    also: &'static str,
    link: &'static str,
}

fn labels(l: Lang) -> Labels {
    Labels {
        datum: l.t("Datum", "Date"),
        quelle: l.t("Quelle", "Source"),
        tldr: "TLDR",
        also: l.t("Auch berichtet von", "Also reported by"),
        link: "Link",
    }
}

/// The heading of the day's biggest stories.
fn top_heading(l: Lang) -> &'static str {
    l.t(
        "Die größten Geschichten des Tages",
        "The day's biggest stories",
    )
}

/// The heading of the overview.
fn overview_heading(l: Lang) -> &'static str {
    l.t("Der Tag in drei Sätzen", "The day in three sentences")
}

/// What the overview is.
fn overview_note(l: Lang) -> &'static str {
    l.t(
        "Von einem Sprachmodell aus den TLDRs unten geschrieben und an ihnen geprüft.",
        "Written by a language model from the TLDRs below and checked against them.",
    )
}

/// A category's heading; the sources under no category get one in the reader's language.
fn category_name(c: &CategoryStories, l: Lang) -> String {
    if c.id.is_none() || c.name.trim().is_empty() {
        l.t("Weitere Quellen", "Other sources").to_string()
    } else {
        one_line(&c.name)
    }
}

/// The line under the day.
fn greeting(b: &Briefing, l: Lang) -> String {
    match l {
        Lang::De => format!("Das Briefing für {}", one_line(&b.user_name)),
        Lang::En => format!("The briefing for {}", one_line(&b.user_name)),
    }
}

/// Datum of an article, marked when it is the time it was fetched.
fn datum_of(a: &StoredArticle, tz: Tz, l: Lang) -> String {
    let mut d = datum(a.published_at, tz);
    if a.date_source == DateSource::Fetched {
        d.push_str(l.t(" (Abrufzeit)", " (time fetched)"));
    }
    d
}

/// The TLDR of a story's article: the one shown on its page, else its teaser, else the start of
/// its text.
fn tldr_of(a: &StoredArticle) -> String {
    if let Some(t) = a.tldr.as_ref().filter(|t| !t.text.trim().is_empty()) {
        return one_line(&t.text);
    }
    if let Some(t) = a.teaser.as_deref().filter(|t| !t.trim().is_empty()) {
        return one_line(t);
    }
    super::shorten(&one_line(&a.content), 300)
}

// ---- Text ----

/// Appends `text` wrapped at [`TEXT_WIDTH`] columns: the first line after `first` (already
/// counted as written), the following ones indented by `indent` spaces. A word longer than a
/// line (a URL) stands on a line of its own, unbroken.
fn wrap_into(out: &mut String, first: &str, text: &str, indent: usize) {
    let mut col = first.chars().count();
    out.push_str(first);
    let mut line_has_word = false;
    for w in text.split_whitespace() {
        let len = w.chars().count();
        if line_has_word && col + 1 + len > TEXT_WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
            line_has_word = false;
        }
        if line_has_word {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += len;
        line_has_word = true;
    }
    out.push('\n');
}

/// A heading underlined with `mark`.
fn text_heading(out: &mut String, title: &str, mark: char) {
    let mut t = String::new();
    wrap_into(&mut t, "", title, 0);
    out.push_str(&t);
    let width = t.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    out.push_str(&mark.to_string().repeat(width));
    out.push_str("\n\n");
}

/// One story in the seed record's form.
fn text_story(out: &mut String, st: &Story, links: &Links, tz: Tz, l: Lang) {
    let lb = labels(l);
    let a = &st.lead;
    wrap_into(out, "", &one_line(&a.title), 0);
    out.push('\n');
    wrap_into(out, &format!("{}: ", lb.datum), &datum_of(a, tz, l), 2);
    wrap_into(out, &format!("{}: ", lb.quelle), &quelle(&a.url), 2);
    wrap_into(out, &format!("{}: ", lb.tldr), &tldr_of(a), 2);
    if !st.others.is_empty() {
        let sites: Vec<&str> = st
            .others
            .iter()
            .take(MAX_OTHER_SITES)
            .map(|o| o.site.as_str())
            .collect();
        let mut list = sites.join(", ");
        if let Some(more) = more_sites(st, l) {
            list = format!("{list} {more}");
        }
        wrap_into(out, &format!("{}: ", lb.also), &list, 2);
    }
    if let Some(link) = links.article(a.id, &a.url) {
        wrap_into(out, &format!("{}: ", lb.link), &link, 2);
    }
    out.push('\n');
}

/// The briefing as plain text: wrapped at 72 columns, no markup, for a terminal and the
/// plain-text part of an e-mail.
pub fn render_text(b: &Briefing, links: &Links, tz: Tz, lang: Lang) -> String {
    let mut out = String::new();
    wrap_into(
        &mut out,
        "",
        &format!("Kurzgefasst – {}", lang.day_heading(b.date)),
        0,
    );
    wrap_into(&mut out, "", &greeting(b, lang), 0);
    out.push('\n');
    if b.is_empty() {
        wrap_into(
            &mut out,
            "",
            lang.t(
                "An diesem Tag gibt es in deinen Quellen keine neuen Geschichten.",
                "There are no new stories in your sources on this day.",
            ),
            0,
        );
        out.push('\n');
    }
    if let Some(o) = b.overview.as_deref() {
        text_heading(&mut out, overview_heading(lang), '-');
        wrap_into(&mut out, "", &one_line(o), 0);
        wrap_into(&mut out, "(", &format!("{})", overview_note(lang)), 0);
        out.push('\n');
    }
    if !b.top.is_empty() {
        text_heading(&mut out, top_heading(lang), '=');
        for st in &b.top {
            text_story(&mut out, st, links, tz, lang);
        }
    }
    for c in &b.categories {
        text_heading(&mut out, &category_name(c, lang), '=');
        for st in &c.stories {
            text_story(&mut out, st, links, tz, lang);
        }
    }
    // The signature separator "-- " lets mail programs set the footer apart.
    out.push_str("-- \n");
    match links.home() {
        Some(home) => wrap_into(&mut out, "Kurzgefasst: ", home, 2),
        None => out.push_str("Kurzgefasst\n"),
    }
    if let Some(u) = links.unsubscribe() {
        wrap_into(
            &mut out,
            &format!("{}: ", lang.t("Abbestellen", "Unsubscribe")),
            u,
            2,
        );
    }
    out
}

// ---- HTML ----

/// Colours and fonts of the e-mail (inline: mail clients drop style sheets).
const FONT: &str = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const TEXT: &str = "color:#1f2328;";
const MUTED: &str = "color:#5b616b;";
const LINK: &str = "color:#0b5cad;";

fn html_story(st: &Story, links: &Links, tz: Tz, l: Lang) -> Markup {
    let lb = labels(l);
    let a = &st.lead;
    let link = links.article(a.id, &a.url);
    html! {
        tr {
            td style={ "padding:18px 20px;border-top:1px solid #e3e3dd;" (FONT) (TEXT) } {
                h3 style={ "margin:0 0 6px 0;font-size:18px;line-height:1.3;font-weight:bold;" (FONT) } {
                    @if let Some(href) = &link {
                        a href=(href) style={ "text-decoration:none;" (TEXT) } { (one_line(&a.title)) }
                    } @else {
                        (one_line(&a.title))
                    }
                }
                p style={ "margin:0 0 8px 0;font-size:13px;line-height:1.4;" (MUTED) } {
                    (lb.datum) ": " (datum_of(a, tz, l))
                    " · "
                    (lb.quelle) ": " (quelle(&a.url))
                }
                p style="margin:0 0 8px 0;font-size:15px;line-height:1.55;" {
                    strong { (lb.tldr) ": " } (tldr_of(a))
                }
                @if !st.others.is_empty() {
                    p style={ "margin:0;font-size:13px;line-height:1.4;" (MUTED) } {
                        (lb.also) ": "
                        @for (i, o) in st.others.iter().take(MAX_OTHER_SITES).enumerate() {
                            @if i > 0 { ", " }
                            @if let Some(href) = links.sibling(o.id) {
                                a href=(href) style=(LINK) { (o.site) }
                            } @else {
                                (o.site)
                            }
                        }
                        @if let Some(more) = more_sites(st, l) {
                            " " (more)
                        }
                    }
                }
            }
        }
    }
}

fn html_section(title: &str, stories: &[Story], links: &Links, tz: Tz, l: Lang) -> Markup {
    html! {
        tr {
            td style={ "padding:26px 20px 8px 20px;" (FONT) } {
                h2 style={ "margin:0;font-size:13px;letter-spacing:0.06em;text-transform:uppercase;" (MUTED) } { (title) }
            }
        }
        @for st in stories { (html_story(st, links, tz, l)) }
    }
}

/// The briefing as a whole HTML document for an e-mail: one column up to 600 px wide (tables,
/// which every mail client lays out), inline styles only, no image, font, style sheet or script
/// from anywhere, every value escaped.
pub fn render_html(b: &Briefing, links: &Links, tz: Tz, lang: Lang) -> String {
    let title = subject(b, lang);
    let doc = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                title { (title) }
            }
            body style={ "margin:0;padding:0;background:#f3f3ef;" (FONT) (TEXT) } {
                table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f3ef;" {
                    tr {
                        td align="center" style="padding:16px 8px;" {
                            table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e3e3dd;" {
                                tr {
                                    td style={ "padding:22px 20px 6px 20px;" (FONT) } {
                                        p style={ "margin:0;font-size:13px;" (MUTED) } { "Kurzgefasst" }
                                        h1 style={ "margin:4px 0 0 0;font-size:22px;line-height:1.25;" (TEXT) } { (lang.day_heading(b.date)) }
                                        p style={ "margin:4px 0 0 0;font-size:14px;" (MUTED) } { (greeting(b, lang)) }
                                    }
                                }
                                @if b.is_empty() {
                                    tr {
                                        td style={ "padding:18px 20px;font-size:15px;" (FONT) } {
                                            (lang.t("An diesem Tag gibt es in deinen Quellen keine neuen Geschichten.",
                                                    "There are no new stories in your sources on this day."))
                                        }
                                    }
                                }
                                @if let Some(o) = &b.overview {
                                    tr {
                                        td style={ "padding:18px 20px 4px 20px;" (FONT) } {
                                            h2 style={ "margin:0 0 6px 0;font-size:13px;letter-spacing:0.06em;text-transform:uppercase;" (MUTED) } { (overview_heading(lang)) }
                                            p style="margin:0 0 6px 0;font-size:16px;line-height:1.55;" { (one_line(o)) }
                                            p style={ "margin:0;font-size:12px;" (MUTED) } { (overview_note(lang)) }
                                        }
                                    }
                                }
                                @if !b.top.is_empty() {
                                    (html_section(top_heading(lang), &b.top, links, tz, lang))
                                }
                                @for c in &b.categories {
                                    (html_section(&category_name(c, lang), &c.stories, links, tz, lang))
                                }
                                tr {
                                    td style={ "padding:18px 20px 22px 20px;border-top:1px solid #e3e3dd;font-size:12px;line-height:1.5;" (FONT) (MUTED) } {
                                        @if let Some(home) = links.home() {
                                            a href=(home) style=(LINK) { "Kurzgefasst" }
                                        } @else {
                                            "Kurzgefasst"
                                        }
                                        @if let Some(u) = links.unsubscribe() {
                                            " · "
                                            a href=(u) style=(LINK) { (lang.t("Abbestellen", "Unsubscribe")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    doc.into_string()
}

// ---- JSON ----

fn json_story(st: &Story, links: &Links, tz: Tz) -> Value {
    use chrono::TimeZone;
    let a = &st.lead;
    let published = chrono::Utc
        .timestamp_opt(a.published_at, 0)
        .single()
        .map(|t| t.with_timezone(&tz).to_rfc3339())
        .unwrap_or_default();
    json!({
        "id": a.id,
        "titel": a.title,
        "datum": datum(a.published_at, tz),
        "datum_is_fetch_time": a.date_source == DateSource::Fetched,
        "quelle": quelle(&a.url),
        "tldr": tldr_of(a),
        "url": a.url,
        "link": links.article(a.id, &a.url),
        "published_at": published,
        "ressort": a.ressort,
        "sites": st.sites(),
        "also_reported_by": st.others.iter().map(|o| json!({
            "id": o.id,
            "quelle": o.site,
            "titel": o.title,
            "agency": o.agency,
            "link": links.sibling(o.id),
        })).collect::<Vec<_>>(),
    })
}

/// The briefing as JSON: the reader, the day, the subject, the overview, the top stories and the
/// categories' stories, each story in the seed record's fields (`titel`, `datum`, `quelle`,
/// `tldr`) with `link` and `also_reported_by`.
pub fn render_json(b: &Briefing, links: &Links, tz: Tz) -> Value {
    json!({
        "user": b.user,
        "user_name": b.user_name,
        "language": b.lang.code(),
        "date": b.date.format("%Y-%m-%d").to_string(),
        "subject": subject(b, b.lang),
        "empty": b.is_empty(),
        "overview": b.overview,
        "top": b.top.iter().map(|st| json_story(st, links, tz)).collect::<Vec<_>>(),
        "categories": b.categories.iter().map(|c| json!({
            "id": c.id,
            "name": c.id.map(|_| c.name.clone()),
            "slug": c.slug,
            "stories": c.stories.iter().map(|st| json_story(st, links, tz)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "public_url": links.home(),
        "unsubscribe_url": links.unsubscribe(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ClusterSibling;

    fn story(others: usize) -> Story {
        Story {
            lead: StoredArticle {
                id: 1,
                url: "https://a.example/1".into(),
                title: "Titel".into(),
                teaser: None,
                blocks: Vec::new(),
                content: "Text.".into(),
                site: "a.example".into(),
                author: None,
                language: Some("de".into()),
                paywalled: false,
                published_at: 1_766_668_620,
                date_source: DateSource::Page,
                extract_error: None,
                tldr: None,
                ressort: None,
                page_type: kg_extract::PageType::Article,
            },
            others: (0..others)
                .map(|i| ClusterSibling {
                    id: 10 + i as i64,
                    site: format!("s{i}.example"),
                    title: format!("Bericht {i}"),
                    agency: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_long_list_of_other_sites_is_cut_with_a_count() {
        let links = Links::default();
        let mut out = String::new();
        text_story(&mut out, &story(11), &links, chrono_tz::UTC, Lang::De);
        assert!(
            out.contains("Auch berichtet von: s0.example, s1.example,"),
            "{out}"
        );
        assert!(out.contains("s7.example und 3 weitere\n"), "{out}");
        assert!(!out.contains("s8.example"));
        // Without a TLDR, the teaser or the text's start stands in.
        assert!(out.contains("TLDR: Text.\n"), "{out}");
        let html = html_story(&story(11), &links, chrono_tz::UTC, Lang::En).into_string();
        assert!(html.contains("s7.example and 3 more"), "{html}");
        assert!(!html.contains("s8.example"));
        let mut out = String::new();
        text_story(&mut out, &story(8), &links, chrono_tz::UTC, Lang::De);
        assert!(
            out.contains("s7.example\n") && !out.contains("weitere"),
            "{out}"
        );
        let json = json_story(&story(11), &links, chrono_tz::UTC);
        assert_eq!(json["also_reported_by"].as_array().unwrap().len(), 11);
    }

    #[test]
    fn text_is_wrapped_at_72_columns_with_a_hanging_indent() {
        let mut out = String::new();
        let long = "Wort ".repeat(40);
        wrap_into(&mut out, "TLDR: ", &long, 2);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 2);
        assert!(
            lines.iter().all(|l| l.chars().count() <= TEXT_WIDTH),
            "{out}"
        );
        assert!(lines[0].starts_with("TLDR: Wort"));
        assert!(lines[1].starts_with("  Wort"));
        // A word longer than a line stands alone, unbroken.
        let mut out = String::new();
        let url = format!("https://example.org/{}", "x".repeat(80));
        wrap_into(&mut out, "Link: ", &format!("a {url} b"), 2);
        assert_eq!(out, format!("Link: a\n  {url}\n  b\n"));
        // Umlauts count as one column.
        let mut out = String::new();
        wrap_into(&mut out, "", &"ä".repeat(72), 0);
        assert_eq!(out.lines().count(), 1);
    }
}
