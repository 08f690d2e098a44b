//! When a reader's briefing is due (pure: no clock, no database). The reader chooses a local
//! time and weekdays in a zone; on a local day D that is one of the weekdays the briefing is due
//! from the first instant at which the local time is reached:
//!
//! - a time the clocks skip (02:30 on the spring day in Europe/Berlin) is reached when the
//!   clocks jump past it: at 03:00 CEST;
//! - a time that happens twice (02:30 on the autumn day) is reached the first time (CEST); the
//!   claim per reader, day and channel keeps the second 02:30 from sending again.
//!
//! A briefing not sent at its time (the server was down) is still sent later that local day, not
//! on the next. Which day's stories it carries: [`briefing_date`].

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant at which `time` is first reached on local day `day` in `tz`.
pub fn due_instant(day: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let local = day.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => first.min(second).with_timezone(&Utc),
        LocalResult::None => {
            // In a gap: the first local minute after it that exists is when the clocks jumped
            // past `time` (gaps are whole minutes in every zone chrono-tz knows).
            let mut m = local;
            for _ in 0..(24 * 60) {
                m += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&m).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            // No zone has a gap of a day; fall back to reading the time as UTC.
            Utc.from_utc_datetime(&local)
        }
    }
}

/// The local day whose briefing is due at `now`, if any: today in `tz` when it is one of the
/// `weekdays` and `now` has reached [`due_instant`].
pub fn due_day(now: DateTime<Utc>, time: NaiveTime, weekdays: i64, tz: Tz) -> Option<NaiveDate> {
    let today = now.with_timezone(&tz).date_naive();
    (super::settings::has_day(weekdays, today.weekday()) && now >= due_instant(today, time, tz))
        .then_some(today)
}

/// The day whose stories a briefing sent on local day `day` at local `time` carries: a morning
/// briefing (sent before noon) carries the day before, a later one the day itself (the day so
/// far).
pub fn briefing_date(day: NaiveDate, time: NaiveTime) -> NaiveDate {
    if time < NaiveTime::from_hms_opt(12, 0, 0).expect("noon") {
        day.pred_opt().unwrap_or(day)
    } else {
        day
    }
}

/// Attempts at a scheduled send before it is given up and shown as failed.
pub const MAX_ATTEMPTS: i64 = 4;

/// Seconds to wait after failed attempt number `attempts` (1, 2, …): 1, 4, 16 minutes.
pub fn backoff_secs(attempts: i64) -> i64 {
    60 * 4i64.pow(attempts.clamp(1, 6) as u32 - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ordinary_days_in_winter_and_summer() {
        assert_eq!(
            due_instant(d("2026-01-15"), hm(7, 0), Berlin),
            utc("2026-01-15T06:00:00Z")
        );
        assert_eq!(
            due_instant(d("2026-07-15"), hm(7, 0), Berlin),
            utc("2026-07-15T05:00:00Z")
        );
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            due_instant(d("2026-01-15"), hm(7, 0), ny),
            utc("2026-01-15T12:00:00Z")
        );
    }

    #[test]
    fn spring_gap_is_reached_when_the_clocks_jump() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist.
        assert_eq!(
            due_instant(d("2026-03-29"), hm(2, 30), Berlin),
            utc("2026-03-29T01:00:00Z")
        );
        assert_eq!(
            due_day(utc("2026-03-29T00:59:59Z"), hm(2, 30), 127, Berlin),
            None
        );
        assert_eq!(
            due_day(utc("2026-03-29T01:00:00Z"), hm(2, 30), 127, Berlin),
            Some(d("2026-03-29"))
        );
        // 03:30 on that day is 01:30 UTC, one hour after 02:30 of the day before in UTC terms.
        assert_eq!(
            due_instant(d("2026-03-29"), hm(3, 30), Berlin),
            utc("2026-03-29T01:30:00Z")
        );
    }

    #[test]
    fn autumn_repeat_takes_the_first() {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
        assert_eq!(
            due_instant(d("2026-10-25"), hm(2, 30), Berlin),
            utc("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            due_day(utc("2026-10-25T00:29:00Z"), hm(2, 30), 127, Berlin),
            None
        );
        assert_eq!(
            due_day(utc("2026-10-25T01:45:00Z"), hm(2, 30), 127, Berlin),
            Some(d("2026-10-25"))
        );
    }

    #[test]
    fn weekdays_and_the_briefing_date() {
        // 2026-03-14 is a Saturday.
        assert_eq!(
            due_day(utc("2026-03-14T10:00:00Z"), hm(7, 0), 31, Berlin),
            None
        );
        assert_eq!(
            due_day(utc("2026-03-13T10:00:00Z"), hm(7, 0), 31, Berlin),
            Some(d("2026-03-13"))
        );
        // Local day, not UTC day: 23:30 UTC on the 13th is the 14th in Berlin.
        assert_eq!(
            due_day(utc("2026-03-13T23:30:00Z"), hm(0, 15), 127, Berlin),
            Some(d("2026-03-14"))
        );
        assert_eq!(briefing_date(d("2026-03-14"), hm(7, 0)), d("2026-03-13"));
        assert_eq!(briefing_date(d("2026-03-14"), hm(18, 0)), d("2026-03-14"));
        assert_eq!(
            (backoff_secs(1), backoff_secs(2), backoff_secs(3)),
            (60, 240, 960)
        );
    }
}
