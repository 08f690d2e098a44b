//! Delivering each reader's briefing (issue 23): by e-mail, ntfy push and JSON webhook, at the
//! local time and on the weekdays the reader chose.
//!
//! - `settings.rs`: the settings as people write them (time, weekdays, zone, channels), checked
//!   once for the command line and the settings page.
//! - `schedule.rs`: when a briefing is due (pure; daylight-saving gaps and repeats), which day's
//!   stories it carries, the backoff between attempts.
//! - `content.rs`: the briefing as subject, text, HTML and JSON ([`content::compose`]).
//! - `channels.rs`: SMTP (`lettre`), ntfy and the signed webhook.
//!
//! A scheduler pass ([`Deliverer::pass`], run by the worker every [`PASS_SECS`] with the real
//! clock and by `kurzgefasst briefing deliver --now` with a given one) claims every due
//! (reader, local day, channel) with a unique row in the store, then sends the pending rows whose
//! lease it wins: once per channel, also with several workers on PostgreSQL and across restarts.
//! A failed send is tried again after [`schedule::backoff_secs`], given up after
//! [`schedule::MAX_ATTEMPTS`] and shown on the reader's settings page with the server's answer; a
//! day without new stories sends nothing. A worker killed between a successful send and its
//! record sends that row again once its lease ([`LEASE_SECS`]) ran out: the only way a briefing
//! can arrive twice.

pub mod channels;
pub mod cli;
pub mod content;
pub mod schedule;
pub mod settings;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::ingest::fetch::{FetchOptions, Fetcher};
use crate::store::{BriefingDelivery, BriefingSettings, DeliveryOutcome, Store, StoreError};
use channels::{Channel, Mailer, SendError};
use content::{Composed, Links};

/// Seconds between two scheduler passes of the worker.
pub const PASS_SECS: u64 = 30;

/// Seconds a worker's claim on a send holds (longer than any send takes).
pub const LEASE_SECS: i64 = 300;

/// The setting holding the instance's secret for unsubscribe links.
const SECRET_SETTING: &str = "briefing_secret";

/// The instance's delivery settings (`--smtp-url`, `--mail-from`, `--public-url`) and the HTTP
/// client options of the push channels (the private-address guard as configured).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The SMTP server and sender, when e-mail is configured.
    pub mailer: Option<Mailer>,
    /// The instance's public base URL, for links in the briefings.
    pub public_url: Option<String>,
    /// How the push and webhook posts are made.
    pub fetch: FetchOptions,
    /// The language model that writes the briefing's overview of the day, when configured
    /// (`serve --llm-url`); without it briefings come without one.
    pub llm: Option<kg_summarize::llm::Config>,
}

impl Config {
    /// The public URL without a trailing slash.
    fn base(&self) -> Option<&str> {
        self.public_url
            .as_deref()
            .map(|u| u.trim().trim_end_matches('/'))
            .filter(|u| !u.is_empty())
    }
}

/// What a scheduler pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PassReport {
    /// Sends claimed (new rows) in this pass.
    pub claimed: usize,
    /// Sent.
    pub sent: usize,
    /// Nothing new that day: nothing sent.
    pub empty: usize,
    /// Failed, to be tried again.
    pub retried: usize,
    /// Failed for good.
    pub failed: usize,
}

/// What a manual send did per channel ([`Deliverer::send_now`]).
#[derive(Debug, Clone)]
pub enum SendNow {
    /// The reader has no new stories for the day: nothing was sent.
    NothingNew(NaiveDate),
    /// The reader has no channel configured.
    NoChannel,
    /// Each configured channel and how its send ended.
    Sent(NaiveDate, Vec<(Channel, Result<(), SendError>)>),
}

/// Sends briefings: a store, the instance's settings, an HTTP client and the unsubscribe secret.
pub struct Deliverer {
    store: Arc<Store>,
    config: Config,
    fetcher: Fetcher,
    owner: String,
    /// The client of [`Config::llm`].
    llm: Option<kg_summarize::llm::Client>,
    /// The overviews asked for so far, per reader and day (`None`: the gate refused it or the
    /// model failed; not asked again).
    overviews: std::sync::Mutex<std::collections::HashMap<(i64, NaiveDate), Option<String>>>,
}

impl Deliverer {
    /// A deliverer for `store` with `config`.
    pub fn new(store: Arc<Store>, config: Config) -> anyhow::Result<Deliverer> {
        let fetcher = Fetcher::new(config.fetch.clone())?;
        let owner = format!(
            "briefing-{}-{}",
            std::process::id(),
            &crate::auth::new_token()?[..8]
        );
        let llm = match config.llm.clone() {
            Some(c) => {
                crate::install_tls_provider();
                Some(kg_summarize::llm::Client::new(c)?)
            }
            None => None,
        };
        Ok(Deliverer {
            store,
            config,
            fetcher,
            owner,
            llm,
            overviews: Default::default(),
        })
    }

    /// The private-address guard of the channel URLs: whether private addresses are allowed,
    /// and the `host:port`s allowed even so.
    pub fn guard(&self) -> (bool, Vec<String>) {
        (
            self.config.fetch.allow_private,
            self.config.fetch.allow_hosts.clone(),
        )
    }

    /// The worker's loop: a pass at once and every [`PASS_SECS`] with the real clock, until
    /// `stop` turns true. A failing pass is logged and the next one tried.
    pub async fn run(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            match self.pass(Utc::now()).await {
                Ok(r) if r != PassReport::default() => {
                    tracing::info!(?r, "briefing delivery pass");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "briefing delivery pass failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(PASS_SECS)) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    }

    /// One scheduler pass at `now`: claims every briefing due then on every configured channel
    /// and sends the pending ones whose lease this worker wins.
    pub async fn pass(&self, now: DateTime<Utc>) -> Result<PassReport, StoreError> {
        let ts = now.timestamp();
        let store = Arc::clone(&self.store);
        let (claimed, due) = blocking(move || {
            let mut claimed = 0;
            for (user, s) in store.briefing_schedules()? {
                let tz = settings::zone_of(&s);
                let Some(day) = schedule::due_day(now, settings::time_of(&s), s.weekdays, tz)
                else {
                    continue;
                };
                for ch in configured(&s) {
                    if store.claim_briefing(user, &day.to_string(), ch.as_str(), ts)? {
                        claimed += 1;
                    }
                }
            }
            Ok((claimed, store.due_briefing_deliveries(ts)?))
        })
        .await?;
        let mut report = PassReport {
            claimed,
            ..PassReport::default()
        };
        for d in due {
            let store = Arc::clone(&self.store);
            let (dd, owner) = (d.clone(), self.owner.clone());
            let leased =
                blocking(move || store.lease_briefing_delivery(&dd, &owner, ts, ts + LEASE_SECS))
                    .await?;
            if !leased {
                continue;
            }
            let outcome = self.attempt(&d, ts).await;
            match &outcome {
                Ok(DeliveryOutcome::Sent) => report.sent += 1,
                Ok(DeliveryOutcome::Empty) => report.empty += 1,
                Ok(DeliveryOutcome::Retry(..)) => report.retried += 1,
                Ok(DeliveryOutcome::Failed(_)) => report.failed += 1,
                Err(_) => {}
            }
            let outcome = outcome?;
            tracing::info!(user = d.user_id, day = %d.day, channel = %d.channel, ?outcome, "briefing");
            let store = Arc::clone(&self.store);
            let owner = self.owner.clone();
            blocking(move || store.finish_briefing_delivery(&d, &owner, ts, &outcome)).await?;
        }
        Ok(report)
    }

    /// One attempt at a claimed send.
    async fn attempt(&self, d: &BriefingDelivery, now: i64) -> Result<DeliveryOutcome, StoreError> {
        let Some(channel) = Channel::parse(&d.channel) else {
            return Ok(DeliveryOutcome::Failed(format!(
                "unknown channel {:?}",
                d.channel
            )));
        };
        let day: NaiveDate = d.day.parse().unwrap_or_else(|_| Utc::now().date_naive());
        let user = d.user_id;
        let store = Arc::clone(&self.store);
        let s = blocking(move || store.briefing_settings(user)).await?;
        // The channel was removed (or the reader unsubscribed) after the claim: nothing to send.
        let Some(s) = s.filter(|s| configured(s).contains(&channel)) else {
            return Ok(DeliveryOutcome::Empty);
        };
        let date = schedule::briefing_date(day, settings::time_of(&s));
        let Some(b) = self.compose(user, date, &s, channel).await? else {
            return Ok(DeliveryOutcome::Empty);
        };
        Ok(match self.send(channel, user, &s, &b, &d.day).await {
            Ok(()) => DeliveryOutcome::Sent,
            Err(e) if d.attempts + 1 >= schedule::MAX_ATTEMPTS => DeliveryOutcome::Failed(e.0),
            Err(e) => DeliveryOutcome::Retry(now + schedule::backoff_secs(d.attempts + 1), e.0),
        })
    }

    /// Sends `user`'s briefing now on every configured channel, outside the schedule (not
    /// counted as the day's scheduled send): the day is chosen as a send at this local time
    /// would choose it ([`schedule::briefing_date`]).
    pub async fn send_now(&self, user: i64, now: DateTime<Utc>) -> Result<SendNow, StoreError> {
        let store = Arc::clone(&self.store);
        let s = blocking(move || store.briefing_settings(user)).await?;
        let Some(s) = s.filter(|s| !configured(s).is_empty()) else {
            return Ok(SendNow::NoChannel);
        };
        let local = now.with_timezone(&settings::zone_of(&s));
        let date = schedule::briefing_date(local.date_naive(), local.time());
        let mut results = Vec::new();
        for ch in configured(&s) {
            let Some(b) = self.compose(user, date, &s, ch).await? else {
                return Ok(SendNow::NothingNew(date));
            };
            let r = self
                .send(ch, user, &s, &b, &local.date_naive().to_string())
                .await;
            results.push((ch, r));
        }
        Ok(SendNow::Sent(date, results))
    }

    /// The briefing of `user` for `date` in the reader's language, with the links `channel`
    /// needs (the unsubscribe link only in e-mails).
    async fn compose(
        &self,
        user: i64,
        date: NaiveDate,
        s: &BriefingSettings,
        channel: Channel,
    ) -> Result<Option<Composed>, StoreError> {
        let store = Arc::clone(&self.store);
        let tz = settings::zone_of(s);
        let public = self.config.base().map(str::to_string);
        let built = blocking(move || {
            let b = crate::briefing::build(&store, user, date, tz)?;
            if b.is_empty() {
                return Ok(None);
            }
            let unsubscribe_url = match (channel, &public) {
                (Channel::Email, Some(base)) => Some(format!(
                    "{base}/abbestellen/{}",
                    unsubscribe_token(&store, user)?
                )),
                _ => None,
            };
            let links = Links {
                public_url: public,
                unsubscribe_url,
            };
            Ok(Some((b, links)))
        })
        .await?;
        let Some((mut b, links)) = built else {
            return Ok(None);
        };
        if let Some(client) = &self.llm {
            self.add_overview(&mut b, client).await;
        }
        Ok(Some(content::render(&b, tz, &links)))
    }

    /// The overview of the day for `b` (asked once per reader and day, whichever channel
    /// comes first; kept in memory for the others).
    async fn add_overview(
        &self,
        b: &mut crate::briefing::Briefing,
        client: &kg_summarize::llm::Client,
    ) {
        let key = (b.user, b.date);
        if let Some(known) = self.overviews.lock().expect("overviews").get(&key) {
            b.overview = known.clone();
            return;
        }
        crate::briefing::overview::add(b, client).await;
        let mut cache = self.overviews.lock().expect("overviews");
        if cache.len() > 10_000 {
            cache.clear();
        }
        cache.insert(key, b.overview.clone());
    }

    async fn send(
        &self,
        channel: Channel,
        user: i64,
        s: &BriefingSettings,
        b: &Composed,
        day: &str,
    ) -> Result<(), SendError> {
        match channel {
            Channel::Email => {
                let Some(mailer) = &self.config.mailer else {
                    return Err(SendError(
                        "no SMTP server configured (--smtp-url, --mail-from) / kein SMTP-Server eingerichtet".into(),
                    ));
                };
                let Some(base) = self.config.base() else {
                    return Err(SendError(
                        "e-mails need the instance's public address (--public-url) / E-Mails brauchen die öffentliche Adresse (--public-url)".into(),
                    ));
                };
                let to = s.email.as_deref().unwrap_or_default();
                let store = Arc::clone(&self.store);
                let token = blocking(move || unsubscribe_token(&store, user))
                    .await
                    .map_err(|e| SendError(e.to_string()))?;
                let domain = url::Url::parse(base)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_else(|| "localhost".into());
                let unsubscribe = format!("{base}/abbestellen/{token}");
                let m = channels::email_message(mailer, to, b, &unsubscribe, &domain)?;
                channels::send_email(mailer, m).await
            }
            Channel::Ntfy => {
                let click = self.config.base().map(|b| format!("{b}/tag"));
                let url = s.ntfy_url.as_deref().unwrap_or_default();
                channels::send_ntfy(&self.fetcher, url, b, click.as_deref()).await
            }
            Channel::Webhook => {
                let url = s.webhook_url.as_deref().unwrap_or_default();
                let secret = s.webhook_secret.as_deref().unwrap_or_default();
                let body = serde_json::json!({
                    "user_id": user,
                    "day": day,
                    "subject": b.subject,
                    "text": b.text,
                    "briefing": b.json,
                });
                channels::send_webhook(&self.fetcher, url, secret, &body).await
            }
        }
    }
}

/// The channels a reader's settings name, in [`Channel::ALL`]'s order.
pub fn configured(s: &BriefingSettings) -> Vec<Channel> {
    let mut out = Vec::new();
    if s.email.is_some() {
        out.push(Channel::Email);
    }
    if s.ntfy_url.is_some() {
        out.push(Channel::Ntfy);
    }
    if s.webhook_url.is_some() {
        out.push(Channel::Webhook);
    }
    out
}

/// The instance's secret for unsubscribe links (made on first use, kept in the database).
fn secret(store: &Store) -> Result<String, StoreError> {
    let fresh = crate::auth::new_token().map_err(|e| StoreError::Unsupported(e.to_string()))?;
    store.instance_secret(SECRET_SETTING, &fresh)
}

/// The token of `user`'s unsubscribe link: the id and the HMAC-SHA256 of it under the
/// instance's secret, so the link works without logging in and cannot be made for another reader.
pub fn unsubscribe_token(store: &Store, user: i64) -> Result<String, StoreError> {
    let key = secret(store)?;
    Ok(format!(
        "{user}.{}",
        channels::sign_hex(key.as_bytes(), format!("unsubscribe:{user}").as_bytes())
    ))
}

/// The reader an unsubscribe token names, when its signature is right.
pub fn check_unsubscribe_token(store: &Store, token: &str) -> Result<Option<i64>, StoreError> {
    let Some((id, sig)) = token.split_once('.') else {
        return Ok(None);
    };
    let Ok(user) = id.parse::<i64>() else {
        return Ok(None);
    };
    let key = secret(store)?;
    Ok(channels::verify_hex(
        key.as_bytes(),
        format!("unsubscribe:{user}").as_bytes(),
        sig,
    )
    .then_some(user))
}

/// Runs store work off the async threads.
async fn blocking<R: Send + 'static>(
    f: impl FnOnce() -> Result<R, StoreError> + Send + 'static,
) -> Result<R, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(StoreError::Unsupported(format!("task failed: {e}"))))
}
