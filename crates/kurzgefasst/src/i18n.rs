//! Messages users see on the terminal, in German or English after `LC_ALL`/`LC_MESSAGES`/`LANG`;
//! and [`Lang`], a reader's language, which the web pages and the briefing share.

/// True when the user's locale is German (the default when no locale is set).
pub fn german() -> bool {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return v.starts_with("de") || v == "C" || v == "POSIX" || v.starts_with("C.");
            }
        }
    }
    true
}

/// Picks the German or English text after the user's locale.
pub fn t<'a>(de: &'a str, en: &'a str) -> &'a str {
    if german() {
        de
    } else {
        en
    }
}

/// A reader's language (web pages, briefings): German by default, English as a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Lang {
    /// Parses `de` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The ISO 639-1 code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Picks the German or the English text.
    pub fn t(self, de: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }

    /// Picks the German or the English text, owned.
    pub fn t_owned(self, de: &str, en: &str) -> String {
        match self {
            Lang::De => de.to_string(),
            Lang::En => en.to_string(),
        }
    }

    /// A day as a heading: `Donnerstag, 25.12.2025` (`Thursday, 25.12.2025`).
    pub fn day_heading(self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        const TAGE: [&str; 7] = [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ];
        const DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let names = if self == Lang::De { TAGE } else { DAYS };
        format!(
            "{}, {}",
            names[date.weekday().num_days_from_monday() as usize],
            date.format("%d.%m.%Y")
        )
    }
}
