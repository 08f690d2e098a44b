//! The record every article is shown as (Titel, Datum, Quelle, TLDR, Inhalt), in the form of
//! the seed record: as text for the terminal and as JSON.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// The time zone Datum is shown in unless configured otherwise.
pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Berlin;

/// Formats a Unix time as Datum: `DD.MM.YYYY HH:MM` in `tz`.
pub fn datum(unix: i64, tz: Tz) -> String {
    match Utc.timestamp_opt(unix, 0).single() {
        Some(t) => t.with_timezone(&tz).format("%d.%m.%Y %H:%M").to_string(),
        None => String::from("–"),
    }
}

/// Quelle: the host name of an article's URL (`www.spiegel.de`), or the URL itself when it has none.
pub fn quelle(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| url.to_string())
}

/// One article in the seed record's form.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The headline.
    pub titel: String,
    /// Publication time in the configured zone, `DD.MM.YYYY HH:MM`.
    pub datum: String,
    /// The article's host name.
    pub quelle: String,
    /// The TLDR, 3 to 5 sentences.
    pub tldr: String,
    /// Teaser and full text.
    pub inhalt: String,
    /// The article's URL.
    pub url: String,
    /// Publication time, RFC 3339 in the configured zone.
    pub published_at: String,
    /// True when neither page nor feed gave a date and Datum is the fetch time.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub datum_is_fetch_time: bool,
    /// The page's kind (`article`, `liveblog`, `gallery`, …); an article unless set.
    pub page_type: kg_extract::PageType,
}

impl Record {
    /// Builds the record; `published_at` is Unix seconds.
    pub fn new(
        titel: String,
        published_at: i64,
        datum_is_fetch_time: bool,
        url: String,
        tldr: String,
        inhalt: String,
        tz: Tz,
    ) -> Record {
        let published = Utc
            .timestamp_opt(published_at, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
            .with_timezone(&tz);
        Record {
            titel,
            datum: datum(published_at, tz),
            quelle: quelle(&url),
            tldr,
            inhalt,
            url,
            published_at: published.to_rfc3339(),
            datum_is_fetch_time,
            page_type: kg_extract::PageType::Article,
        }
    }

    /// The text form: title, blank line, then the labelled fields in the seed's order; for a
    /// page of a kind with a label ([`crate::kind::label`]) a "Seitenart" line after Quelle.
    pub fn to_text(&self) -> String {
        let mark = if self.datum_is_fetch_time {
            " (Abrufzeit)"
        } else {
            ""
        };
        let kind = crate::kind::label(self.page_type, crate::i18n::Lang::De)
            .map_or(String::new(), |l| format!("Seitenart: {l}\n"));
        format!(
            "{}\n\nDatum: {}{}\nQuelle: {}\n{kind}TLDR: {}\nInhalt: {}\n",
            self.titel, self.datum, mark, self.quelle, self.tldr, self.inhalt
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp()
    }

    #[test]
    fn datum_is_berlin_time_in_winter_and_summer() {
        assert_eq!(
            datum(unix("2025-12-25T13:17:00Z"), DEFAULT_TZ),
            "25.12.2025 14:17"
        );
        assert_eq!(
            datum(unix("2025-07-01T12:00:00Z"), DEFAULT_TZ),
            "01.07.2025 14:00"
        );
        // The night the clocks go back: 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET.
        assert_eq!(
            datum(unix("2025-10-26T00:30:00Z"), DEFAULT_TZ),
            "26.10.2025 02:30"
        );
        assert_eq!(
            datum(unix("2025-10-26T01:30:00Z"), DEFAULT_TZ),
            "26.10.2025 02:30"
        );
        assert_eq!(
            datum(unix("2025-12-25T13:17:00Z"), chrono_tz::UTC),
            "25.12.2025 13:17"
        );
    }

    #[test]
    fn quelle_is_the_host() {
        assert_eq!(
            quelle("https://www.spiegel.de/ausland/x-a-1.html?utm=1"),
            "www.spiegel.de"
        );
        assert_eq!(quelle("not a url"), "not a url");
    }

    #[test]
    fn text_form_has_the_seed_labels_in_order() {
        let r = Record::new(
            "Titel X".into(),
            unix("2025-12-25T13:17:00Z"),
            false,
            "https://www.spiegel.de/a".into(),
            "Eins. Zwei. Drei.".into(),
            "Inhalt.".into(),
            DEFAULT_TZ,
        );
        assert_eq!(
            r.to_text(),
            "Titel X\n\nDatum: 25.12.2025 14:17\nQuelle: www.spiegel.de\nTLDR: Eins. Zwei. Drei.\nInhalt: Inhalt.\n"
        );
        assert_eq!(r.published_at, "2025-12-25T14:17:00+01:00");
        let mut r = r;
        r.page_type = kg_extract::PageType::Liveblog;
        assert_eq!(
            r.to_text(),
            "Titel X\n\nDatum: 25.12.2025 14:17\nQuelle: www.spiegel.de\nSeitenart: Liveblog\nTLDR: Eins. Zwei. Drei.\nInhalt: Inhalt.\n"
        );
        assert!(serde_json::to_string(&r)
            .unwrap()
            .contains(r#""page_type":"liveblog""#));
    }
}
