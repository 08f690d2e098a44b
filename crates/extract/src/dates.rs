//! Date parsing: ISO 8601 and similar machine formats, RFC 2822, German and English text dates,
//! URL dates. Times without an offset are read as Europe/Berlin (CET/CEST computed here).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

const MIN_YEAR: i32 = 1995;
const MAX_YEAR: i32 = 2100;

/// The UTC offset of Europe/Berlin at the given local time: +02:00 from the last Sunday of
/// March 02:00 to the last Sunday of October 03:00 (local), else +01:00.
pub fn berlin_offset(local: NaiveDateTime) -> FixedOffset {
    let y = local.year();
    let start = last_sunday(y, 3).and_hms_opt(2, 0, 0);
    let end = last_sunday(y, 10).and_hms_opt(3, 0, 0);
    let summer = match (start, end) {
        (Some(s), Some(e)) => local >= s && local < e,
        _ => false,
    };
    FixedOffset::east_opt(if summer { 7200 } else { 3600 }).unwrap_or_else(utc)
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset is valid")
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = if month == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1).and_then(|d| d.pred_opt())
    }
    .unwrap_or(NaiveDate::MIN);
    let back = last.weekday().num_days_from_sunday();
    last - chrono::Duration::days(back as i64)
}

/// The same moment written in Berlin time (CET/CEST).
pub fn to_berlin(d: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let utc_naive = d.naive_utc();
    // The local time is UTC plus one or two hours; the offset of that local time decides.
    let winter = berlin_offset(utc_naive + chrono::Duration::hours(1));
    let off = if winter.local_minus_utc() == 7200 {
        berlin_offset(utc_naive + chrono::Duration::hours(2))
    } else {
        winter
    };
    d.with_timezone(&off)
}

/// Attaches the Berlin offset to a local time.
pub fn in_berlin(local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    berlin_offset(local).from_local_datetime(&local).single()
}

fn valid_ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn digits(b: &[u8], i: usize, n: usize) -> Option<u32> {
    if i + n > b.len() {
        return None;
    }
    let mut v = 0u32;
    for &c in &b[i..i + n] {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

/// Parses a machine date such as `2025-12-25T14:17:00+01:00`, `2025-12-25 14:17`, `2025-12-25`,
/// `20251225`, or an RFC 2822 date. Without an offset, the time is read in `default_tz`
/// (Berlin when `None`).
pub fn parse_machine(s: &str, berlin_default: bool) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return check(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return check(d);
    }
    let b = s.as_bytes();
    // Find YYYY-MM-DD (separators - / .) at the start.
    let (y, m, d, mut i) = if let (Some(y), Some(m), Some(d)) =
        (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2))
    {
        if matches!(b[4], b'-' | b'/' | b'.') && b[7] == b[4] {
            (y as i32, m, d, 10)
        } else {
            return None;
        }
    } else if let (Some(y), Some(m), Some(d)) = (digits(b, 0, 4), digits(b, 4, 2), digits(b, 6, 2))
    {
        (y as i32, m, d, 8)
    } else {
        return parse_text_date(s, berlin_default);
    };
    let date = valid_ymd(y, m, d)?;
    // Optional time.
    let mut time = None;
    if i < b.len() && (b[i] == b'T' || b[i] == b' ') {
        let j = i + 1;
        if let (Some(h), Some(mi)) = (digits(b, j, 2), digits(b, j + 3, 2)) {
            if b.get(j + 2) == Some(&b':') {
                let mut sec = 0;
                let mut k = j + 5;
                if b.get(k) == Some(&b':') {
                    if let Some(sv) = digits(b, k + 1, 2) {
                        sec = sv;
                        k += 3;
                    }
                }
                // Fraction.
                if b.get(k) == Some(&b'.') || b.get(k) == Some(&b',') {
                    k += 1;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                }
                time = NaiveTime::from_hms_opt(h, mi, sec.min(59));
                i = k;
            }
        }
    }
    let naive = NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN));
    // Optional offset.
    let rest = s[i.min(s.len())..].trim_start();
    let off = parse_offset(rest);
    let dt = match off {
        Some(o) => o.from_local_datetime(&naive).single()?,
        None if berlin_default => in_berlin(naive)?,
        None => utc().from_local_datetime(&naive).single()?,
    };
    check(dt)
}

fn parse_offset(rest: &str) -> Option<FixedOffset> {
    let b = rest.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b[0] == b'Z' || rest.starts_with("UTC") || rest.starts_with("GMT") {
        let r = rest
            .trim_start_matches('Z')
            .trim_start_matches("UTC")
            .trim_start_matches("GMT");
        if r.starts_with('+') || r.starts_with('-') {
            return parse_offset(r);
        }
        return Some(utc());
    }
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h = digits(b, 1, 2)?;
    let m = if b.get(3) == Some(&b':') {
        digits(b, 4, 2).unwrap_or(0)
    } else {
        digits(b, 3, 2).unwrap_or(0)
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h as i32 * 3600 + m as i32 * 60))
}

fn check(d: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year()).then_some(d)
}

fn month_from_name(w: &str) -> Option<u32> {
    let w = crate::dom::lower(w.trim_end_matches('.'));
    let m = match w.as_str() {
        "januar" | "jänner" | "january" | "jan" | "janv" => 1,
        "februar" | "feber" | "february" | "feb" | "febr" => 2,
        "märz" | "maerz" | "march" | "mär" | "mrz" | "mar" => 3,
        "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "dezember" | "december" | "dez" | "dec" => 12,
        // French, Spanish, Italian, Portuguese, Dutch.
        "janvier" | "enero" | "gennaio" | "janeiro" | "januari" => 1,
        "février" | "fevrier" | "févr" | "fevr" | "febrero" | "febbraio" | "fevereiro"
        | "februari" => 2,
        "mars" | "marzo" | "março" | "marco" | "maart" => 3,
        "avril" | "avr" | "abril" | "aprile" => 4,
        "mayo" | "maggio" | "maio" | "mei" => 5,
        "juin" | "junio" | "giugno" | "junho" => 6,
        "juillet" | "juil" | "julio" | "luglio" | "julho" => 7,
        "août" | "aout" | "agosto" | "augustus" => 8,
        "septembre" | "septiembre" | "setiembre" | "settembre" | "setembro" => 9,
        "octobre" | "octubre" | "ottobre" | "outubro" => 10,
        "novembre" | "noviembre" | "novembro" => 11,
        "décembre" | "decembre" | "déc" | "diciembre" | "dicembre" | "dezembro" => 12,
        // Russian and Polish genitive ("15 августа 2016", "3 maja 2021").
        "января" | "stycznia" => 1,
        "февраля" | "lutego" => 2,
        "марта" | "marca" => 3,
        "апреля" | "kwietnia" => 4,
        "мая" | "maja" => 5,
        "июня" | "czerwca" => 6,
        "июля" | "lipca" => 7,
        "августа" | "sierpnia" => 8,
        "сентября" | "września" => 9,
        "октября" | "października" => 10,
        "ноября" | "listopada" => 11,
        "декабря" | "grudnia" => 12,
        _ => return None,
    };
    Some(m)
}

/// Finds the first date written for humans in `s`: `25.12.2025`, `25.12.2025, 14.17 Uhr`,
/// `25. Dezember 2025`, `December 25, 2025`, `25 December 2025`, `2025-12-25`.
/// Times without an offset are local (Berlin when `berlin_default`, else UTC).
pub fn parse_text_date(s: &str, berlin_default: bool) -> Option<DateTime<FixedOffset>> {
    // No-break and other spaces ("11. November&nbsp;2021") read as plain spaces.
    if s.chars().any(|c| c.is_whitespace() && c != ' ') {
        let plain: String = s
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        return find_text_date(&plain, berlin_default).map(|(d, _)| d);
    }
    find_text_date(s, berlin_default).map(|(d, _)| d)
}

/// Like [`parse_text_date`], also returning the byte position of the match.
pub fn find_text_date(s: &str, berlin_default: bool) -> Option<(DateTime<FixedOffset>, usize)> {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_digit() && !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        if i > 0 && (b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        if b[i].is_ascii_digit() {
            // number run
            let mut j = i;
            while j < n && b[j].is_ascii_digit() {
                j += 1;
            }
            let run = j - i;
            if run == 4 {
                // YYYY-MM-DD
                if let (Some(y), Some(m), Some(d)) =
                    (digits(b, i, 4), digits(b, i + 5, 2), digits(b, i + 8, 2))
                {
                    if j < n
                        && matches!(b[j], b'-' | b'/')
                        && b.get(i + 7) == Some(&b[j])
                        && !b.get(i + 10).is_some_and(|c| c.is_ascii_digit())
                    {
                        if let Some(date) = valid_ymd(y as i32, m, d) {
                            let (t, _) = time_after(b, i + 10);
                            let dt = local(date, t, berlin_default);
                            if let Some(dt) = dt {
                                return Some((dt, i));
                            }
                        }
                    }
                }
            } else if run <= 2 {
                let day = digits(b, i, run).unwrap_or(0);
                // DD.MM.YYYY or DD.MM.YY
                if j < n && b[j] == b'.' {
                    let k = j + 1;
                    let mut k2 = k;
                    while k2 < n && b[k2].is_ascii_digit() {
                        k2 += 1;
                    }
                    if (1..=2).contains(&(k2 - k)) && k2 < n && b[k2] == b'.' {
                        let month = digits(b, k, k2 - k).unwrap_or(0);
                        let y0 = k2 + 1;
                        let mut y1 = y0;
                        while y1 < n && b[y1].is_ascii_digit() {
                            y1 += 1;
                        }
                        let year = match y1 - y0 {
                            4 => digits(b, y0, 4).map(|v| v as i32),
                            2 => digits(b, y0, 2).map(|v| 2000 + v as i32),
                            _ => None,
                        };
                        if let Some(year) = year {
                            if let Some(date) = valid_ymd(year, month, day) {
                                let (t, _) = time_after(b, y1);
                                if let Some(dt) = local(date, t, berlin_default) {
                                    return Some((dt, i));
                                }
                            }
                        }
                    }
                    // "25. Dezember 2025"
                    let mut w = j + 1;
                    while w < n && b[w] == b' ' {
                        w += 1;
                    }
                    if let Some((dt, _)) = day_month_name_year(s, w, day, berlin_default) {
                        return Some((dt, i));
                    }
                } else if j < n && b[j] == b' ' {
                    // "25 December 2025"
                    if let Some((dt, _)) = day_month_name_year(s, j + 1, day, berlin_default) {
                        return Some((dt, i));
                    }
                }
            }
            i = j;
            continue;
        }
        // word: English "December 25, 2025"
        let mut j = i;
        while j < n && (b[j].is_ascii_alphabetic() || b[j] >= 0x80) {
            j += 1;
        }
        if let Some(word) = s.get(i..j) {
            if j - i >= 3 {
                if let Some(month) = month_from_name(word) {
                    let mut k = j;
                    if k < n && b[k] == b'.' {
                        k += 1;
                    }
                    while k < n && b[k] == b' ' {
                        k += 1;
                    }
                    let mut k2 = k;
                    while k2 < n && b[k2].is_ascii_digit() {
                        k2 += 1;
                    }
                    if (1..=2).contains(&(k2 - k)) {
                        let day = digits(b, k, k2 - k).unwrap_or(0);
                        let mut y = k2;
                        if y + 1 < n
                            && (b[y..].starts_with(b"st")
                                || b[y..].starts_with(b"nd")
                                || b[y..].starts_with(b"rd")
                                || b[y..].starts_with(b"th"))
                        {
                            y += 2;
                        }
                        if y < n && b[y] == b',' {
                            y += 1;
                        }
                        while y < n && b[y] == b' ' {
                            y += 1;
                        }
                        if let Some(year) = digits(b, y, 4) {
                            if !b.get(y + 4).is_some_and(|c| c.is_ascii_digit()) {
                                if let Some(date) = valid_ymd(year as i32, month, day) {
                                    let (t, _) = time_after(b, y + 4);
                                    if let Some(dt) = local(date, t, berlin_default) {
                                        return Some((dt, i));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        i = j.max(i + 1);
    }
    None
}

fn day_month_name_year(
    s: &str,
    w: usize,
    day: u32,
    berlin_default: bool,
) -> Option<(DateTime<FixedOffset>, usize)> {
    let b = s.as_bytes();
    let n = b.len();
    // "13 de mayo de 2022", "5 de outubro de 2019".
    let w = if b[w.min(n)..].starts_with(b"de ") {
        w + 3
    } else {
        w
    };
    let mut e = w;
    while e < n && (b[e].is_ascii_alphabetic() || b[e] >= 0x80) {
        e += 1;
    }
    let word = s.get(w..e)?;
    let month = month_from_name(word)?;
    let mut k = e;
    if k < n && (b[k] == b'.' || b[k] == b',') {
        k += 1;
    }
    while k < n && b[k] == b' ' {
        k += 1;
    }
    if b[k.min(n)..].starts_with(b"de ") {
        k += 3;
    }
    let year = digits(b, k, 4)?;
    if b.get(k + 4).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let date = valid_ymd(year as i32, month, day)?;
    let (t, _) = time_after(b, k + 4);
    local(date, t, berlin_default).map(|d| (d, k + 4))
}

fn local(
    date: NaiveDate,
    t: Option<NaiveTime>,
    berlin_default: bool,
) -> Option<DateTime<FixedOffset>> {
    let naive = NaiveDateTime::new(date, t.unwrap_or(NaiveTime::MIN));
    if berlin_default {
        in_berlin(naive)
    } else {
        utc().from_local_datetime(&naive).single()
    }
}

/// A date written with slashes, `02/10/2020`: day first unless `month_first` (US English) or the
/// first number cannot be a day of that reading (`10/25/2020`). Not inside URLs or longer runs
/// of digits and slashes.
pub fn parse_slash_date(
    s: &str,
    month_first: bool,
    berlin_default: bool,
) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/'))
        {
            i += 1;
            continue;
        }
        let run = |from: usize| -> (usize, usize) {
            let mut j = from;
            while j < n && b[j].is_ascii_digit() {
                j += 1;
            }
            (from, j)
        };
        let (a0, a1) = run(i);
        if (1..=2).contains(&(a1 - a0)) && b.get(a1) == Some(&b'/') {
            let (m0, m1) = run(a1 + 1);
            if (1..=2).contains(&(m1 - m0)) && b.get(m1) == Some(&b'/') {
                let (y0, y1) = run(m1 + 1);
                let after = b.get(y1).copied();
                if y1 - y0 == 4 && !matches!(after, Some(b'/') | Some(b'-')) {
                    let first = digits(b, a0, a1 - a0)?;
                    let second = digits(b, m0, m1 - m0)?;
                    let year = digits(b, y0, 4)? as i32;
                    let (d, m) = if second > 12 || (month_first && first <= 12) {
                        (second, first)
                    } else {
                        (first, second)
                    };
                    if let Some(date) = valid_ymd(year, m, d) {
                        let (t, _) = time_after(b, y1);
                        return local(date, t, berlin_default);
                    }
                }
            }
        }
        i = a1.max(i + 1);
    }
    None
}

/// A time shortly after a date: ", 14.17 Uhr", " um 14:17", " - 14:17", "T14:17".
fn time_after(b: &[u8], mut i: usize) -> (Option<NaiveTime>, usize) {
    let n = b.len();
    let start = i;
    // skip separators and "um"/"at"
    while i < n && i - start < 8 {
        match b[i] {
            b' ' | b',' | b'-' | b'|' | b'T' | b'/' => i += 1,
            b'u' if b.get(i + 1) == Some(&b'm') => i += 2,
            b'a' if b.get(i + 1) == Some(&b't') => i += 2,
            _ => break,
        }
    }
    let mut j = i;
    while j < n && b[j].is_ascii_digit() {
        j += 1;
    }
    if !(1..=2).contains(&(j - i)) || j >= n || !(b[j] == b':' || b[j] == b'.') {
        return (None, start);
    }
    let h = digits(b, i, j - i).unwrap_or(99);
    let m = match digits(b, j + 1, 2) {
        Some(m) => m,
        None => return (None, start),
    };
    if b.get(j + 3).is_some_and(|c| c.is_ascii_digit()) {
        return (None, start);
    }
    let mut k = j + 3;
    // Only take a "14.17" form if followed by "Uhr" or it's clearly a time (colon).
    let rest = &b[k..n.min(k + 5)];
    let is_uhr = rest.starts_with(b" Uhr") || rest.starts_with(b"Uhr") || rest.starts_with(b" h");
    if b[j] == b'.' && !is_uhr {
        return (None, start);
    }
    // am/pm
    let mut hh = h;
    let tail = &b[k..n.min(k + 5)];
    let tl: Vec<u8> = tail.iter().map(|c| c.to_ascii_lowercase()).collect();
    if tl.starts_with(b" pm") || tl.starts_with(b"pm") || tl.starts_with(b" p.m") {
        if hh < 12 {
            hh += 12;
        }
        k += 3;
    } else if (tl.starts_with(b" am") || tl.starts_with(b"am") || tl.starts_with(b" a.m"))
        && hh == 12
    {
        hh = 0;
    }
    (NaiveTime::from_hms_opt(hh, m, 0), k)
}

/// A date in the URL path: `/2025/12/25/`, `/2025-12-25`, `/20251225`, or `/2025/12/` (day 1 is
/// not guessed: month-only paths give no date).
pub fn from_url(url: &str) -> Option<DateTime<FixedOffset>> {
    let path_start = url.find("://").map(|p| p + 3).unwrap_or(0);
    let path = &url[path_start..];
    let path = &path[path.find('/').unwrap_or(path.len())..];
    let b = path.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i + 8 <= n {
        if b[i] == b'/' || b[i] == b'-' || b[i] == b'_' {
            let s = i + 1;
            if let Some(y) = digits(b, s, 4) {
                let y = y as i32;
                if (MIN_YEAR..=MAX_YEAR).contains(&y) {
                    let sep = b.get(s + 4).copied();
                    if matches!(sep, Some(b'/') | Some(b'-') | Some(b'_')) {
                        if let (Some(m), Some(d)) = (digits(b, s + 5, 2), digits(b, s + 8, 2)) {
                            if b.get(s + 7).copied() == sep
                                && !b.get(s + 10).is_some_and(|c| c.is_ascii_digit())
                            {
                                if let Some(date) = valid_ymd(y, m, d) {
                                    return local(date, None, true);
                                }
                            }
                        }
                    }
                    if sep == Some(b'/') {
                        // "/2017/7/12/": month and day without leading zeros.
                        if let Some(date) = short_ymd(b, s + 5, y) {
                            return local(date, None, true);
                        }
                    } else if let (Some(m), Some(d)) = (digits(b, s + 4, 2), digits(b, s + 6, 2)) {
                        if !b.get(s + 8).is_some_and(|c| c.is_ascii_digit()) {
                            if let Some(date) = valid_ymd(y, m, d) {
                                return local(date, None, true);
                            }
                        }
                    }
                }
            }
            // "/29-10-2021", "_22.04.2020_": day, month, year.
            if let (Some(d), Some(m), Some(y)) =
                (digits(b, s, 2), digits(b, s + 3, 2), digits(b, s + 6, 4))
            {
                let sep = b.get(s + 2).copied();
                if matches!(sep, Some(b'-') | Some(b'.') | Some(b'_'))
                    && b.get(s + 5).copied() == sep
                    && !b.get(s + 10).is_some_and(|c| c.is_ascii_digit())
                {
                    if let Some(date) = valid_ymd(y as i32, m, d) {
                        return local(date, None, true);
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// `M/D/` or `MM/DD` after a year in a URL path (month and day of one or two digits, each
/// followed by `/` or the end of the path).
fn short_ymd(b: &[u8], at: usize, y: i32) -> Option<NaiveDate> {
    let run = |from: usize| -> Option<(u32, usize)> {
        let mut j = from;
        while j < b.len() && b[j].is_ascii_digit() && j - from < 3 {
            j += 1;
        }
        if !(1..=2).contains(&(j - from)) {
            return None;
        }
        Some((digits(b, from, j - from)?, j))
    };
    let (m, j) = run(at)?;
    if b.get(j) != Some(&b'/') {
        return None;
    }
    let (d, k) = run(j + 1)?;
    if k < b.len() && b[k] != b'/' {
        return None;
    }
    valid_ymd(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_dst() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 30).unwrap();
        assert_eq!(
            berlin_offset(d.and_hms_opt(1, 59, 0).unwrap()).local_minus_utc(),
            3600
        );
        assert_eq!(
            berlin_offset(d.and_hms_opt(3, 0, 0).unwrap()).local_minus_utc(),
            7200
        );
        let d = NaiveDate::from_ymd_opt(2025, 10, 26).unwrap();
        assert_eq!(
            berlin_offset(d.and_hms_opt(3, 0, 0).unwrap()).local_minus_utc(),
            3600
        );
        let d = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        assert_eq!(
            berlin_offset(d.and_hms_opt(12, 0, 0).unwrap()).local_minus_utc(),
            7200
        );
    }

    #[test]
    fn utc_to_berlin() {
        let d = parse_machine("2022-11-06T23:00:00Z", true).unwrap();
        assert_eq!(to_berlin(d).to_rfc3339(), "2022-11-07T00:00:00+01:00");
        let d = parse_machine("2022-07-06T22:30:00Z", true).unwrap();
        assert_eq!(to_berlin(d).to_rfc3339(), "2022-07-07T00:30:00+02:00");
        // 2025-03-30 01:30 UTC is 03:30 CEST (the clocks went forward at 02:00 CET).
        let d = parse_machine("2025-03-30T01:30:00Z", true).unwrap();
        assert_eq!(to_berlin(d).to_rfc3339(), "2025-03-30T03:30:00+02:00");
    }

    #[test]
    fn machine() {
        assert_eq!(
            parse_machine("2025-12-25T14:17:00+01:00", true)
                .unwrap()
                .to_rfc3339(),
            "2025-12-25T14:17:00+01:00"
        );
        assert_eq!(
            parse_machine("2025-06-25T14:17:00.000Z", true)
                .unwrap()
                .to_rfc3339(),
            "2025-06-25T14:17:00+00:00"
        );
        assert_eq!(
            parse_machine("2025-06-25 14:17", true)
                .unwrap()
                .to_rfc3339(),
            "2025-06-25T14:17:00+02:00"
        );
        assert_eq!(
            parse_machine("2025-06-25T14:17:00+0200", true)
                .unwrap()
                .to_rfc3339(),
            "2025-06-25T14:17:00+02:00"
        );
        assert_eq!(
            parse_machine("Thu, 25 Dec 2025 14:17:00 +0100", true)
                .unwrap()
                .to_rfc3339(),
            "2025-12-25T14:17:00+01:00"
        );
        assert!(parse_machine("garbage", true).is_none());
    }

    #[test]
    fn text() {
        assert_eq!(
            parse_text_date("Stand: 25.12.2025, 14.17 Uhr", true)
                .unwrap()
                .to_rfc3339(),
            "2025-12-25T14:17:00+01:00"
        );
        assert_eq!(
            parse_text_date("am 25. Dezember 2025", true)
                .unwrap()
                .to_rfc3339(),
            "2025-12-25T00:00:00+01:00"
        );
        assert_eq!(
            parse_text_date("3. Juli 2024 um 9:05 Uhr", true)
                .unwrap()
                .to_rfc3339(),
            "2024-07-03T09:05:00+02:00"
        );
        assert_eq!(
            parse_text_date("Published December 5, 2019 at 3:04 pm", false)
                .unwrap()
                .to_rfc3339(),
            "2019-12-05T15:04:00+00:00"
        );
        assert_eq!(
            parse_text_date("5 March 2020", false)
                .unwrap()
                .date_naive()
                .to_string(),
            "2020-03-05"
        );
        assert!(parse_text_date("Version 1.2.3 und 12.99.2020", true).is_none());
        assert_eq!(
            parse_text_date("Wiesbaden, 11. November\u{a0}2021", true)
                .unwrap()
                .to_rfc3339(),
            "2021-11-11T00:00:00+01:00"
        );
        for (text, day) in [
            ("jeudi 13 juin 2019", "2019-06-13"),
            ("13 de mayo de 2022", "2022-05-13"),
            ("5 de outubro de 2019", "2019-10-05"),
            ("15 августа 2016, 13:43", "2016-08-15"),
            ("3 maja 2021", "2021-05-03"),
            ("12 maart 2020", "2020-03-12"),
        ] {
            assert_eq!(
                parse_text_date(text, false)
                    .unwrap()
                    .date_naive()
                    .to_string(),
                day,
                "{text}"
            );
        }
    }

    #[test]
    fn slash_dates() {
        let day =
            |s: &str, us: bool| parse_slash_date(s, us, false).map(|d| d.date_naive().to_string());
        assert_eq!(day("02/10/2020", false).as_deref(), Some("2020-10-02"));
        assert_eq!(day("02/10/2020", true).as_deref(), Some("2020-02-10"));
        assert_eq!(
            day("Posted 10/25/2020 at 3:04 pm", false).as_deref(),
            Some("2020-10-25")
        );
        assert_eq!(day("25/10/2020", true).as_deref(), Some("2020-10-25"));
        assert_eq!(day("see /2020/10/25/slug", false), None);
        assert_eq!(day("1/2/3/2020", false), None);
    }

    #[test]
    fn url() {
        assert_eq!(
            from_url("https://x.de/politik/2025/12/25/a.html")
                .unwrap()
                .date_naive()
                .to_string(),
            "2025-12-25"
        );
        assert_eq!(
            from_url("https://x.de/a-2025-12-25-b")
                .unwrap()
                .date_naive()
                .to_string(),
            "2025-12-25"
        );
        assert!(from_url("https://x.de/a/123456789").is_none());
        assert_eq!(
            from_url("https://x.de/home/2017/7/12/unter-uns")
                .unwrap()
                .date_naive()
                .to_string(),
            "2017-07-12"
        );
        assert_eq!(
            from_url("https://x.de/meldungen/29-10-2021")
                .unwrap()
                .date_naive()
                .to_string(),
            "2021-10-29"
        );
        assert_eq!(
            from_url("https://x.de/bericht_vom_22.04.2020_wer")
                .unwrap()
                .date_naive()
                .to_string(),
            "2020-04-22"
        );
        assert!(from_url("https://x.de/2017/7/123456").is_none());
    }
}
