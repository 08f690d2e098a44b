//! A reader's delivery settings as people write them: the time (`07:00`), the weekdays
//! (`mo-fr`, `mo,mi,fr`, `täglich`), the zone (any IANA name) and the channels (an e-mail
//! address, an ntfy topic URL, a webhook URL and its secret). Parsing and checking them here is
//! shared by the command line and the settings page; every refusal is a sentence in German and
//! English ([`SettingsError::message`]).

use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;

use crate::store::BriefingSettings;

/// Why a setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// Not a time of day `HH:MM`.
    #[error("not a time of day (HH:MM): {0:?}")]
    Time(String),
    /// Not a list or range of weekdays.
    #[error("not a list of weekdays (e.g. mo-fr, mo,mi,fr, täglich): {0:?}")]
    Days(String),
    /// Not an IANA time zone.
    #[error("unknown time zone: {0:?}")]
    Zone(String),
    /// Not an e-mail address.
    #[error("not an e-mail address: {0:?}")]
    Email(String),
    /// Not a usable http(s) URL, or one pointing at a private address.
    #[error("not a usable public http(s) address: {0:?}")]
    Url(String),
    /// A webhook secret that is too short.
    #[error("the webhook secret needs at least 16 characters")]
    Secret,
}

impl SettingsError {
    /// The refusal in German (`de`) or English.
    pub fn message(&self, german: bool) -> String {
        if !german {
            return self.to_string();
        }
        match self {
            SettingsError::Time(v) => format!("Das ist keine Uhrzeit (SS:MM): „{v}“"),
            SettingsError::Days(v) => {
                format!("Das sind keine Wochentage (z. B. mo-fr, mo,mi,fr, täglich): „{v}“")
            }
            SettingsError::Zone(v) => format!("Diese Zeitzone gibt es nicht: „{v}“"),
            SettingsError::Email(v) => format!("Das ist keine E-Mail-Adresse: „{v}“"),
            SettingsError::Url(v) => {
                format!("Das ist keine brauchbare öffentliche http(s)-Adresse: „{v}“")
            }
            SettingsError::Secret => {
                "Das Webhook-Geheimnis braucht mindestens 16 Zeichen.".to_string()
            }
        }
    }
}

/// Parses a time of day `H:MM` or `HH:MM` into the stored form `HH:MM`.
pub fn parse_time(s: &str) -> Result<String, SettingsError> {
    let t = s.trim();
    let parsed =
        NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| SettingsError::Time(s.into()))?;
    Ok(parsed.format("%H:%M").to_string())
}

/// The stored time as a [`NaiveTime`] (07:00 when damaged).
pub fn time_of(s: &BriefingSettings) -> NaiveTime {
    NaiveTime::parse_from_str(&s.time, "%H:%M")
        .unwrap_or_else(|_| NaiveTime::from_hms_opt(7, 0, 0).expect("valid time"))
}

/// Every name of each weekday (German and English, short and long), Monday first.
const DAY_WORDS: [&[&str]; 7] = [
    &["mo", "mon", "montag", "monday"],
    &["di", "tue", "dienstag", "tuesday"],
    &["mi", "wed", "mittwoch", "wednesday"],
    &["do", "thu", "donnerstag", "thursday"],
    &["fr", "fri", "freitag", "friday"],
    &["sa", "sat", "samstag", "sonnabend", "saturday"],
    &["so", "sun", "sonntag", "sunday"],
];

fn day_index(word: &str) -> Option<usize> {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    DAY_WORDS
        .iter()
        .position(|names| names.contains(&w.as_str()))
}

/// Parses weekdays into bits (Monday = 1 … Sunday = 64): `täglich`/`daily`/`alle`, `werktags`/
/// `weekdays`, single days (`mo`, `mon`, `Montag`) separated by commas or spaces, and ranges
/// (`mo-fr`, also across the week's end: `sa-mo`).
pub fn parse_days(s: &str) -> Result<i64, SettingsError> {
    let err = || SettingsError::Days(s.into());
    let all = s.trim().to_lowercase();
    match all.as_str() {
        "täglich" | "taeglich" | "daily" | "alle" | "all" | "every day" | "jeden tag" => {
            return Ok(127)
        }
        "werktags" | "weekdays" | "wochentags" => return Ok(31),
        "wochenende" | "weekend" => return Ok(96),
        _ => {}
    }
    let mut bits = 0i64;
    for part in all.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
        if let Some((a, b)) = part.split_once(['-', '–']) {
            let (a, b) = (day_index(a).ok_or_else(err)?, day_index(b).ok_or_else(err)?);
            let mut i = a;
            loop {
                bits |= 1 << i;
                if i == b {
                    break;
                }
                i = (i + 1) % 7;
            }
        } else {
            bits |= 1 << day_index(part).ok_or_else(err)?;
        }
    }
    if bits == 0 {
        return Err(err());
    }
    Ok(bits)
}

/// Whether `day` is among the weekday bits.
pub fn has_day(bits: i64, day: Weekday) -> bool {
    bits & (1 << day.num_days_from_monday()) != 0
}

/// The weekday bits as short names (`mo-fr`, `täglich`, `mo,mi,fr`), German or English.
pub fn days_text(bits: i64, german: bool) -> String {
    if bits & 127 == 127 {
        return if german { "täglich" } else { "daily" }.into();
    }
    let name = |i: usize| {
        if german {
            DAY_WORDS[i][0]
        } else {
            DAY_WORDS[i][1]
        }
    };
    let on: Vec<usize> = (0..7).filter(|i| bits & (1 << i) != 0).collect();
    // One run of three or more consecutive days (within the week) as a range.
    if on.len() >= 3 && on.windows(2).all(|w| w[1] == w[0] + 1) {
        return format!("{}-{}", name(on[0]), name(on[on.len() - 1]));
    }
    on.iter().map(|&i| name(i)).collect::<Vec<_>>().join(",")
}

/// Parses an IANA time zone name.
pub fn parse_zone(s: &str) -> Result<Tz, SettingsError> {
    s.trim().parse().map_err(|_| SettingsError::Zone(s.into()))
}

/// The stored zone ([`chrono_tz::Europe::Berlin`] when damaged).
pub fn zone_of(s: &BriefingSettings) -> Tz {
    s.zone.parse().unwrap_or(chrono_tz::Europe::Berlin)
}

/// Checks an e-mail address: one `@`, a local part and a domain with a dot, no spaces, no
/// control characters or angle brackets (it goes into a header), at most 254 characters.
pub fn parse_email(s: &str) -> Result<String, SettingsError> {
    let e = s.trim();
    let ok = e.len() <= 254
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
        && match e.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            }
            None => false,
        };
    if ok {
        Ok(e.to_string())
    } else {
        Err(SettingsError::Email(s.into()))
    }
}

/// Checks a channel URL a reader gives: http(s) with a host, and (unless `allow_private`, or
/// its `host:port` is in `allow_hosts`) not an address literal of a private range nor
/// `localhost`. Host names are checked again when the request is made (the fetch guard's
/// resolver drops private answers).
pub fn parse_url(
    s: &str,
    allow_private: bool,
    allow_hosts: &[String],
) -> Result<String, SettingsError> {
    let err = || SettingsError::Url(s.into());
    let u = url::Url::parse(s.trim()).map_err(|_| err())?;
    if !matches!(u.scheme(), "http" | "https") || u.host().is_none() || !u.username().is_empty() {
        return Err(err());
    }
    if !allow_private {
        let private = match u.host() {
            Some(url::Host::Ipv4(ip)) => crate::ingest::fetch::is_private(ip.into()),
            Some(url::Host::Ipv6(ip)) => crate::ingest::fetch::is_private(ip.into()),
            Some(url::Host::Domain(d)) => {
                d.eq_ignore_ascii_case("localhost")
                    || d.to_ascii_lowercase().ends_with(".localhost")
            }
            None => true,
        };
        let host_port = format!(
            "{}:{}",
            u.host_str().unwrap_or(""),
            u.port_or_known_default().unwrap_or(0)
        );
        if private && !allow_hosts.contains(&host_port) {
            return Err(err());
        }
    }
    Ok(u.to_string())
}

/// What the user asked to change: `None` leaves a setting, `Some("")` clears a channel.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// `HH:MM`.
    pub time: Option<String>,
    /// Weekdays (`mo-fr`, …).
    pub days: Option<String>,
    /// IANA zone.
    pub zone: Option<String>,
    /// E-mail address (empty: none).
    pub email: Option<String>,
    /// ntfy topic URL (empty: none).
    pub ntfy: Option<String>,
    /// Webhook URL (empty: none).
    pub webhook: Option<String>,
    /// Webhook secret (empty: a new random one).
    pub webhook_secret: Option<String>,
}

impl Change {
    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.time.is_none()
            && self.days.is_none()
            && self.zone.is_none()
            && self.email.is_none()
            && self.ntfy.is_none()
            && self.webhook.is_none()
            && self.webhook_secret.is_none()
    }

    /// `base` with the change applied and checked; the first refusal, which changes nothing.
    /// A webhook without a secret gets a random one (shown in the settings).
    pub fn apply(
        &self,
        base: &BriefingSettings,
        now: i64,
        allow_private: bool,
        allow_hosts: &[String],
    ) -> Result<BriefingSettings, SettingsError> {
        let mut s = base.clone();
        if let Some(t) = &self.time {
            s.time = parse_time(t)?;
        }
        if let Some(d) = &self.days {
            s.weekdays = parse_days(d)?;
        }
        if let Some(z) = &self.zone {
            s.zone = parse_zone(z)?.name().to_string();
        }
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
        if let Some(e) = &self.email {
            s.email = opt(e).map(|e| parse_email(&e)).transpose()?;
        }
        if let Some(u) = &self.ntfy {
            s.ntfy_url = opt(u)
                .map(|u| parse_url(&u, allow_private, allow_hosts))
                .transpose()?;
        }
        if let Some(u) = &self.webhook {
            s.webhook_url = opt(u)
                .map(|u| parse_url(&u, allow_private, allow_hosts))
                .transpose()?;
        }
        if let Some(k) = &self.webhook_secret {
            s.webhook_secret = match opt(k) {
                Some(k) if k.chars().count() < 16 => return Err(SettingsError::Secret),
                Some(k) => Some(k),
                None => None,
            };
        }
        if s.webhook_url.is_some() && s.webhook_secret.is_none() {
            s.webhook_secret = Some(crate::auth::new_token().unwrap_or_default());
        }
        s.updated_at = now;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_both_ways() {
        assert_eq!(parse_days("mo-fr").unwrap(), 31);
        assert_eq!(parse_days("Mo, Mi, Fr").unwrap(), 1 | 4 | 16);
        assert_eq!(parse_days("täglich").unwrap(), 127);
        assert_eq!(parse_days("sa-mo").unwrap(), 32 | 64 | 1);
        assert_eq!(parse_days("Samstag,sun").unwrap(), 96);
        assert!(parse_days("").is_err());
        assert!(parse_days("mo-xx").is_err());
        assert!(parse_days("morgen").is_err());
        assert_eq!(days_text(31, true), "mo-fr");
        assert_eq!(days_text(1 | 4 | 16, false), "mon,wed,fri");
        assert_eq!(days_text(127, true), "täglich");
        assert!(has_day(31, Weekday::Fri) && !has_day(31, Weekday::Sat));
    }

    #[test]
    fn time_zone_mail_url() {
        assert_eq!(parse_time("7:05").unwrap(), "07:05");
        assert!(parse_time("25:00").is_err() && parse_time("7 Uhr").is_err());
        assert!(parse_zone("America/New_York").is_ok() && parse_zone("Mars/Olymp").is_err());
        assert!(parse_email("anna@example.org").is_ok());
        for bad in [
            "anna",
            "anna@localhost",
            "a b@example.org",
            "<x>@example.org",
            "anna@example.org\r\nBcc: x@y.z",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        assert!(parse_url("https://ntfy.sh/mein-thema", false, &[]).is_ok());
        for bad in [
            "http://127.0.0.1:8080/x",
            "http://10.0.0.1/x",
            "http://localhost/x",
            "ftp://example.org/x",
            "http://[::1]/x",
            "http://169.254.169.254/latest",
        ] {
            assert!(parse_url(bad, false, &[]).is_err(), "{bad}");
        }
        assert!(parse_url("http://127.0.0.1:8080/x", true, &[]).is_ok());
        assert!(parse_url("http://127.0.0.1:8080/x", false, &["127.0.0.1:8080".into()]).is_ok());
    }

    #[test]
    fn a_refused_change_changes_nothing() {
        let base = BriefingSettings::default();
        let bad = Change {
            time: Some("06:30".into()),
            email: Some("kein-mail".into()),
            ..Change::default()
        };
        assert!(matches!(
            bad.apply(&base, 5, false, &[]),
            Err(SettingsError::Email(_))
        ));
        let ok = Change {
            webhook: Some("https://example.org/hook".into()),
            ..Change::default()
        }
        .apply(&base, 5, false, &[])
        .unwrap();
        assert!(ok.webhook_secret.as_deref().is_some_and(|s| s.len() >= 16));
    }
}
