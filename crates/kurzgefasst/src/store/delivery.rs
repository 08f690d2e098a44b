//! Delivering the briefing (issue 23): each reader's delivery settings (`briefing_settings`) and
//! the sends of scheduled briefings (`briefing_deliveries`, one row per reader, local day and
//! channel). The row is the claim that makes a scheduled send happen once per channel: it is
//! inserted with `ON CONFLICT DO NOTHING`, and a worker may send it only after taking its lease
//! with a conditional `UPDATE` (on PostgreSQL a second worker's `UPDATE` waits for the first and
//! then finds the lease taken), so several workers and restarts never send a row twice while its
//! lease holds. Written once for both engines through [`Db`]; the decisions (when a briefing is
//! due, how long to wait before a retry) live in `crate::delivery`.

use serde::Serialize;

use super::shared::{read_all, Arg, Cols};
use super::{Store, StoreError};

/// A reader's delivery settings as stored (checked by `crate::delivery::settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefingSettings {
    /// The local time of the send, `HH:MM`.
    pub time: String,
    /// Weekdays as bits: Monday = 1, Tuesday = 2, … Sunday = 64.
    pub weekdays: i64,
    /// An IANA time zone name.
    pub zone: String,
    /// The e-mail address, when the briefing goes by mail.
    pub email: Option<String>,
    /// An ntfy-style topic URL, when it goes by push.
    pub ntfy_url: Option<String>,
    /// A JSON webhook URL.
    pub webhook_url: Option<String>,
    /// The webhook's HMAC-SHA256 secret.
    pub webhook_secret: Option<String>,
    /// When the settings were last changed (Unix seconds).
    pub updated_at: i64,
}

impl Default for BriefingSettings {
    fn default() -> Self {
        BriefingSettings {
            time: "07:00".into(),
            weekdays: 127,
            zone: "Europe/Berlin".into(),
            email: None,
            ntfy_url: None,
            webhook_url: None,
            webhook_secret: None,
            updated_at: 0,
        }
    }
}

/// One scheduled send of a reader's briefing on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefingDelivery {
    /// The reader.
    pub user_id: i64,
    /// The reader's local day of the send, `YYYY-MM-DD`.
    pub day: String,
    /// `email`, `ntfy` or `webhook`.
    pub channel: String,
    /// `pending`, `sent`, `failed` (attempts used up) or `empty` (nothing new that day).
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// When the next attempt may be made (Unix seconds).
    pub next_attempt_at: i64,
    /// The receiving server's answer to the last failed attempt.
    pub last_error: Option<String>,
    /// When it was sent (Unix seconds).
    pub sent_at: Option<i64>,
}

/// How an attempt to send a claimed delivery ended ([`Store::finish_briefing_delivery`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// Sent.
    Sent,
    /// Nothing new that day: nothing sent, nothing to retry.
    Empty,
    /// Failed; tried again at the given time (Unix seconds).
    Retry(i64, String),
    /// Failed for good (the attempts are used up).
    Failed(String),
}

const SETTINGS_COLUMNS: &str = "local_time, weekdays, zone, email, ntfy_url, webhook_url, \
    webhook_secret, updated_at";

fn settings_from(r: &dyn Cols) -> Result<BriefingSettings, StoreError> {
    Ok(BriefingSettings {
        time: r.text(0)?,
        weekdays: r.int(1)?,
        zone: r.text(2)?,
        email: r.opt_text(3)?,
        ntfy_url: r.opt_text(4)?,
        webhook_url: r.opt_text(5)?,
        webhook_secret: r.opt_text(6)?,
        updated_at: r.int(7)?,
    })
}

const DELIVERY_COLUMNS: &str =
    "user_id, day, channel, status, attempts, next_attempt_at, last_error, sent_at";

fn delivery_from(r: &dyn Cols) -> Result<BriefingDelivery, StoreError> {
    Ok(BriefingDelivery {
        user_id: r.int(0)?,
        day: r.text(1)?,
        channel: r.text(2)?,
        status: r.text(3)?,
        attempts: r.int(4)?,
        next_attempt_at: r.int(5)?,
        last_error: r.opt_text(6)?,
        sent_at: r.opt_int(7)?,
    })
}

impl Store {
    /// A reader's delivery settings, when they saved any.
    pub fn briefing_settings(&self, user: i64) -> Result<Option<BriefingSettings>, StoreError> {
        self.with_db(|db| {
            Ok(read_all(
                db,
                &format!("SELECT {SETTINGS_COLUMNS} FROM briefing_settings WHERE user_id = ?1"),
                &[Arg::Int(user)],
                settings_from,
            )?
            .pop())
        })
    }

    /// Saves a reader's delivery settings (replacing the ones before).
    pub fn set_briefing_settings(&self, user: i64, s: &BriefingSettings) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO briefing_settings (user_id, {SETTINGS_COLUMNS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (user_id) DO UPDATE SET local_time = excluded.local_time, \
             weekdays = excluded.weekdays, zone = excluded.zone, email = excluded.email, \
             ntfy_url = excluded.ntfy_url, webhook_url = excluded.webhook_url, \
             webhook_secret = excluded.webhook_secret, updated_at = excluded.updated_at"
        );
        self.with_db(|db| {
            db.write(&[(
                &sql,
                &[
                    Arg::Int(user),
                    Arg::Text(&s.time),
                    Arg::Int(s.weekdays),
                    Arg::Text(&s.zone),
                    Arg::OptText(s.email.as_deref()),
                    Arg::OptText(s.ntfy_url.as_deref()),
                    Arg::OptText(s.webhook_url.as_deref()),
                    Arg::OptText(s.webhook_secret.as_deref()),
                    Arg::Int(s.updated_at),
                ],
            )])
            .map(|_| ())
        })
    }

    /// Every reader's delivery settings that name at least one channel, by reader id.
    pub fn briefing_schedules(&self) -> Result<Vec<(i64, BriefingSettings)>, StoreError> {
        self.with_db(|db| {
            read_all(
                db,
                &format!(
                    "SELECT user_id, {SETTINGS_COLUMNS} FROM briefing_settings \
                     WHERE email IS NOT NULL OR ntfy_url IS NOT NULL OR webhook_url IS NOT NULL \
                     ORDER BY user_id"
                ),
                &[],
                |r| {
                    // The settings' columns follow the id: read them through an offset view.
                    let user = r.int(0)?;
                    Ok((user, settings_from(&Shifted(r))?))
                },
            )
        })
    }

    /// Stops the e-mails of a reader (the unsubscribe link): forgets the address. False when
    /// there was none.
    pub fn unsubscribe_briefing_email(&self, user: i64, now: i64) -> Result<bool, StoreError> {
        self.with_db(|db| {
            Ok(db.write(&[(
                "UPDATE briefing_settings SET email = NULL, updated_at = ?2 \
                 WHERE user_id = ?1 AND email IS NOT NULL",
                &[Arg::Int(user), Arg::Int(now)],
            )])?[0]
                > 0)
        })
    }

    /// Claims the scheduled send of `user`'s briefing of local `day` on `channel`: inserts its
    /// row, due at `now`, unless it exists. True when this call made it.
    pub fn claim_briefing(
        &self,
        user: i64,
        day: &str,
        channel: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        self.with_db(|db| {
            Ok(db.write(&[(
                "INSERT INTO briefing_deliveries \
                 (user_id, day, channel, status, attempts, next_attempt_at, created_at) \
                 VALUES (?1, ?2, ?3, 'pending', 0, ?4, ?4) \
                 ON CONFLICT (user_id, day, channel) DO NOTHING",
                &[
                    Arg::Int(user),
                    Arg::Text(day),
                    Arg::Text(channel),
                    Arg::Int(now),
                ],
            )])?[0]
                > 0)
        })
    }

    /// The pending sends whose next attempt is due at `now` and whose lease (if any) ran out.
    pub fn due_briefing_deliveries(&self, now: i64) -> Result<Vec<BriefingDelivery>, StoreError> {
        self.with_db(|db| {
            read_all(
                db,
                &format!(
                    "SELECT {DELIVERY_COLUMNS} FROM briefing_deliveries \
                     WHERE status = 'pending' AND next_attempt_at <= ?1 \
                     AND (lease_until IS NULL OR lease_until < ?1) \
                     ORDER BY next_attempt_at, user_id, channel LIMIT 200"
                ),
                &[Arg::Int(now)],
                delivery_from,
            )
        })
    }

    /// Takes the lease on a pending send for `owner` until `until`: true when this worker may
    /// send it (it is still pending, due, and nobody else holds an unexpired lease).
    pub fn lease_briefing_delivery(
        &self,
        d: &BriefingDelivery,
        owner: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        self.with_db(|db| {
            Ok(db.write(&[(
                "UPDATE briefing_deliveries SET lease_owner = ?4, lease_until = ?6 \
                 WHERE user_id = ?1 AND day = ?2 AND channel = ?3 AND status = 'pending' \
                 AND next_attempt_at <= ?5 AND (lease_until IS NULL OR lease_until < ?5)",
                &[
                    Arg::Int(d.user_id),
                    Arg::Text(&d.day),
                    Arg::Text(&d.channel),
                    Arg::Text(owner),
                    Arg::Int(now),
                    Arg::Int(until),
                ],
            )])?[0]
                == 1)
        })
    }

    /// Records how `owner`'s attempt at a leased send ended and gives up the lease. False when
    /// the lease was no longer `owner`'s (it expired and another worker took it).
    pub fn finish_briefing_delivery(
        &self,
        d: &BriefingDelivery,
        owner: &str,
        now: i64,
        outcome: &DeliveryOutcome,
    ) -> Result<bool, StoreError> {
        let (status, next, error, sent) = match outcome {
            DeliveryOutcome::Sent => ("sent", now, None, Some(now)),
            DeliveryOutcome::Empty => ("empty", now, None, None),
            DeliveryOutcome::Retry(at, e) => ("pending", *at, Some(e.as_str()), None),
            DeliveryOutcome::Failed(e) => ("failed", now, Some(e.as_str()), None),
        };
        let counts = !matches!(outcome, DeliveryOutcome::Empty);
        self.with_db(|db| {
            Ok(db.write(&[(
                "UPDATE briefing_deliveries SET status = ?5, next_attempt_at = ?6, \
                 last_error = COALESCE(?7, last_error), sent_at = ?8, attempts = attempts + ?9, \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE user_id = ?1 AND day = ?2 AND channel = ?3 AND lease_owner = ?4",
                &[
                    Arg::Int(d.user_id),
                    Arg::Text(&d.day),
                    Arg::Text(&d.channel),
                    Arg::Text(owner),
                    Arg::Text(status),
                    Arg::Int(next),
                    Arg::OptText(error),
                    Arg::OptInt(sent),
                    Arg::Int(counts as i64),
                ],
            )])?[0]
                == 1)
        })
    }

    /// A reader's scheduled sends, newest day first (at most `limit`).
    pub fn briefing_deliveries(
        &self,
        user: i64,
        limit: i64,
    ) -> Result<Vec<BriefingDelivery>, StoreError> {
        self.with_db(|db| {
            read_all(
                db,
                &format!(
                    "SELECT {DELIVERY_COLUMNS} FROM briefing_deliveries WHERE user_id = ?1 \
                     ORDER BY day DESC, channel LIMIT ?2"
                ),
                &[Arg::Int(user), Arg::Int(limit)],
                delivery_from,
            )
        })
    }

    /// The instance's secret of `name` (in `settings`), `fresh` when there is none yet. Several
    /// processes asking at once all get the one that was stored first.
    pub fn instance_secret(&self, name: &str, fresh: &str) -> Result<String, StoreError> {
        self.with_db(|db| {
            db.write(&[(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                &[Arg::Text(name), Arg::Text(fresh)],
            )])?;
            read_all(
                db,
                "SELECT value FROM settings WHERE key = ?1",
                &[Arg::Text(name)],
                |r| r.text(0),
            )?
            .pop()
            .ok_or_else(|| StoreError::NotFound(name.to_string()))
        })
    }
}

/// A row read from its second column on (the first is read by the caller).
struct Shifted<'a>(&'a dyn Cols);

impl Cols for Shifted<'_> {
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.0.int(i + 1)
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        self.0.opt_int(i + 1)
    }
    fn text(&self, i: usize) -> Result<String, StoreError> {
        self.0.text(i + 1)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        self.0.opt_text(i + 1)
    }
    fn flag(&self, i: usize) -> Result<bool, StoreError> {
        self.0.flag(i + 1)
    }
}
