//! The briefing's delivery in the browser (issue 23): `/einstellungen/briefing`, where every
//! logged-in reader chooses time, weekdays, zone and channels (CSRF-checked forms, settings
//! checked by `crate::delivery::settings`), sees the last scheduled sends with the receiving
//! server's answer when one failed, and can send the briefing now; and `/abbestellen/{token}`,
//! the e-mails' unsubscribe link, which works without logging in: GET shows a confirmation
//! page, POST (the page's button, or a mail client's one-click `List-Unsubscribe-Post`) stops
//! the e-mails. The signed token is the check there, so it takes no CSRF token.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use maud::html;

use super::auth::Admin;
use super::lang::Lang;
use super::pages::{layout, Frame};
use super::{db, AppState, WebError};
use crate::delivery::channels::Channel;
use crate::delivery::settings::{has_day, Change};
use crate::delivery::SendNow;
use crate::store::{BriefingDelivery, BriefingSettings};

/// The routes of this page and of the unsubscribe link.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/einstellungen/briefing", get(page).post(save))
        .route(
            "/einstellungen/briefing/senden",
            axum::routing::post(send_now),
        )
        .route(
            "/abbestellen/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

/// Query of the page after saving.
#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    gespeichert: Option<String>,
}

/// `GET /einstellungen/briefing`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    Admin(viewer): Admin,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let csrf = viewer.csrf().unwrap_or_default().to_string();
    let notice = q
        .gespeichert
        .map(|_| lang.t("Gespeichert.", "Saved.").to_string());
    render(
        &state,
        lang,
        viewer.user_id,
        &csrf,
        notice,
        None,
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    lang: Lang,
    user: i64,
    csrf: &str,
    notice: Option<String>,
    error: Option<(String, &Change)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (settings, sends) = db(state, move |s| {
        Ok((s.briefing_settings(user)?, s.briefing_deliveries(user, 14)?))
    })
    .await
    .map_err(|e| e.page(lang))?;
    let body = body(
        lang,
        csrf,
        &settings.unwrap_or_default(),
        &sends,
        notice.as_deref(),
        error,
    );
    let html = layout(
        &Frame {
            lang,
            title: lang.t(
                "Kurzgefasst – Zustellung des Überblicks",
                "Kurzgefasst – Briefing delivery",
            ),
            feed: None,
            q: "",
        },
        &body,
    );
    Ok((status, Html(html)).into_response())
}

const DAYS: [(&str, &str, &str); 7] = [
    ("mo", "Mo", "Mon"),
    ("di", "Di", "Tue"),
    ("mi", "Mi", "Wed"),
    ("do", "Do", "Thu"),
    ("fr", "Fr", "Fri"),
    ("sa", "Sa", "Sat"),
    ("so", "So", "Sun"),
];

/// The page's content: the settings form (what was typed after a refusal, else what is
/// stored), "send now", and the recent sends. Written with `maud`, which escapes every value.
fn body(
    l: Lang,
    csrf: &str,
    s: &BriefingSettings,
    sends: &[BriefingDelivery],
    notice: Option<&str>,
    error: Option<(String, &Change)>,
) -> String {
    let german = l == Lang::De;
    // After a refused change the form shows what was typed, not the stored values.
    let change = error.as_ref().map(|(_, c)| *c);
    let typed = |field: Option<&String>, stored: Option<&str>| -> String {
        match change {
            Some(_) => field
                .cloned()
                .or(stored.map(str::to_string))
                .unwrap_or_default(),
            None => stored.unwrap_or_default().to_string(),
        }
    };
    let time = typed(change.and_then(|c| c.time.as_ref()), Some(&s.time));
    let zone = typed(change.and_then(|c| c.zone.as_ref()), Some(&s.zone));
    let email = typed(change.and_then(|c| c.email.as_ref()), s.email.as_deref());
    let ntfy = typed(change.and_then(|c| c.ntfy.as_ref()), s.ntfy_url.as_deref());
    let webhook = typed(
        change.and_then(|c| c.webhook.as_ref()),
        s.webhook_url.as_deref(),
    );
    let secret = typed(
        change.and_then(|c| c.webhook_secret.as_ref()),
        s.webhook_secret.as_deref(),
    );
    let csrf_input = html! { input type="hidden" name="csrf" value=(csrf); };
    let page = html! {
        h1 { (l.t("Zustellung des Überblicks", "Briefing delivery")) }
        p { (l.t(
            "Der Überblick deiner Quellen kommt zur gewählten Zeit per E-Mail, ntfy-Push oder Webhook; an Tagen ohne neue Artikel kommt nichts. Ein Morgen-Überblick (vor 12 Uhr) bringt den Vortag, ein späterer den Tag selbst.",
            "The briefing of your sources arrives at the time you choose by e-mail, ntfy push or webhook; on days without new articles nothing is sent. A morning briefing (before noon) covers the day before, a later one the day itself."
        )) }
        @if let Some(n) = notice {
            p.notice role="status" id="hinweis" { (n) }
        }
        @if let Some((msg, _)) = &error {
            p.error role="alert" id="fehler" { (msg) }
        }
        form.admin action="/einstellungen/briefing" method="post" {
            (csrf_input)
            fieldset {
                legend { (l.t("Wann", "When")) }
                p {
                    label for="zeit" { (l.t("Uhrzeit", "Time")) } " "
                    input id="zeit" name="zeit" type="time" required value=(time);
                    " "
                    label for="zone" { (l.t("Zeitzone", "Time zone")) } " "
                    input id="zone" name="zone" required maxlength="64" value=(zone);
                }
                p {
                    @for (i, (key, de, en)) in DAYS.iter().enumerate() {
                        input type="checkbox" id={ "tag-" (key) } name={ "tag_" (key) } value="1"
                            checked[has_day(s.weekdays, chrono::Weekday::try_from(i as u8).unwrap_or(chrono::Weekday::Mon))];
                        " "
                        label for={ "tag-" (key) } { (if german { de } else { en }) }
                        " "
                    }
                }
            }
            fieldset {
                legend { (l.t("Kanäle (leer lassen: keiner)", "Channels (leave empty: none)")) }
                p {
                    label for="email" { (l.t("E-Mail-Adresse", "E-mail address")) } br;
                    input id="email" name="email" type="email" maxlength="254" value=(email);
                }
                p {
                    label for="ntfy" { (l.t("ntfy-Thema (Adresse)", "ntfy topic (address)")) } br;
                    input id="ntfy" name="ntfy" type="url" maxlength="2000" value=(ntfy) placeholder="https://ntfy.sh/…";
                }
                p {
                    label for="webhook" { (l.t(
                        "Webhook (JSON, signiert mit X-Kurzgefasst-Signature: sha256=…)",
                        "Webhook (JSON, signed with X-Kurzgefasst-Signature: sha256=…)"
                    )) } br;
                    input id="webhook" name="webhook" type="url" maxlength="2000" value=(webhook);
                }
                p {
                    label for="webhook-geheimnis" { (l.t(
                        "Webhook-Geheimnis (HMAC-SHA256; leer: ein zufälliges)",
                        "Webhook secret (HMAC-SHA256; empty: a random one)"
                    )) } br;
                    input id="webhook-geheimnis" name="webhook_geheimnis" maxlength="200" value=(secret);
                }
            }
            p { button type="submit" id="briefing-speichern" { (l.t("Speichern", "Save")) } }
        }
        form.admin action="/einstellungen/briefing/senden" method="post" {
            (csrf_input)
            p { button type="submit" id="briefing-senden" { (l.t("Jetzt senden (zum Ausprobieren)", "Send now (to try it)")) } }
        }
        @if !sends.is_empty() {
            h2 { (l.t("Letzte Zustellungen", "Recent deliveries")) }
            table.sends id="zustellungen" {
                tr {
                    th { (l.t("Tag", "Day")) }
                    th { (l.t("Kanal", "Channel")) }
                    th { (l.t("Stand", "Status")) }
                    th { (l.t("Antwort des Servers", "Server's answer")) }
                }
                @for d in sends {
                    tr class=(d.status) {
                        td { (d.day) }
                        td { (Channel::parse(&d.channel).map_or(d.channel.as_str(), |c| c.label(german))) }
                        td {
                            (match d.status.as_str() {
                                "sent" => l.t("gesendet", "sent"),
                                "pending" => l.t("wird erneut versucht", "will be tried again"),
                                "failed" => l.t("fehlgeschlagen", "failed"),
                                "empty" => l.t("nichts Neues", "nothing new"),
                                _ => "?",
                            })
                            " (" (d.attempts) " "
                            (if d.attempts == 1 { l.t("Versuch", "attempt") } else { l.t("Versuche", "attempts") })
                            ")"
                        }
                        td { (d.last_error.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The settings form.
#[derive(Debug, serde::Deserialize)]
pub struct SettingsForm {
    csrf: String,
    zeit: String,
    zone: String,
    tag_mo: Option<String>,
    tag_di: Option<String>,
    tag_mi: Option<String>,
    tag_do: Option<String>,
    tag_fr: Option<String>,
    tag_sa: Option<String>,
    tag_so: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    ntfy: String,
    #[serde(default)]
    webhook: String,
    #[serde(default)]
    webhook_geheimnis: String,
}

/// `POST /einstellungen/briefing`: saves the reader's settings, or shows the form again with
/// the refusal (nothing saved).
pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    Admin(viewer): Admin,
    Form(f): Form<SettingsForm>,
) -> Result<Response, WebError> {
    Admin(viewer.clone()).check_csrf(&f.csrf, lang)?;
    let days: Vec<&str> = [
        (&f.tag_mo, "mo"),
        (&f.tag_di, "di"),
        (&f.tag_mi, "mi"),
        (&f.tag_do, "do"),
        (&f.tag_fr, "fr"),
        (&f.tag_sa, "sa"),
        (&f.tag_so, "so"),
    ]
    .into_iter()
    .filter(|(v, _)| v.is_some())
    .map(|(_, k)| k)
    .collect();
    let change = Change {
        time: Some(f.zeit.clone()),
        days: Some(days.join(",")),
        zone: Some(f.zone.clone()),
        email: Some(f.email.clone()),
        ntfy: Some(f.ntfy.clone()),
        webhook: Some(f.webhook.clone()),
        webhook_secret: Some(f.webhook_geheimnis.clone()),
    };
    let user = viewer.user_id;
    let csrf = viewer.csrf().unwrap_or_default().to_string();
    let current = db(&state, move |s| s.briefing_settings(user))
        .await
        .map_err(|e| e.page(lang))?
        .unwrap_or_default();
    let opts = state.fetcher_options();
    match change.apply(&current, crate::store_now(), opts.0, &opts.1) {
        Ok(new) => {
            db(&state, move |s| s.set_briefing_settings(user, &new))
                .await
                .map_err(|e| e.page(lang))?;
            tracing::info!(user = %viewer.name, "briefing delivery settings saved");
            Ok(Redirect::to("/einstellungen/briefing?gespeichert=1").into_response())
        }
        Err(e) => {
            let msg = e.message(lang == Lang::De);
            render(
                &state,
                lang,
                user,
                &csrf,
                None,
                Some((msg, &change)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
    }
}

/// `POST /einstellungen/briefing/senden`: sends the reader's briefing now on every channel and
/// shows how each send ended.
pub async fn send_now(
    State(state): State<AppState>,
    lang: Lang,
    Admin(viewer): Admin,
    Form(f): Form<super::auth::CsrfForm>,
) -> Result<Response, WebError> {
    Admin(viewer.clone()).check_csrf(&f.csrf, lang)?;
    let Some(d) = state.delivery.clone() else {
        return Err(WebError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            lang,
            "Die Zustellung ist in diesem Prozess nicht eingerichtet.",
            "Delivery is not set up in this process.",
        ));
    };
    let german = lang == Lang::De;
    let notice = match d.send_now(viewer.user_id, chrono::Utc::now()).await {
        Ok(SendNow::NoChannel) => lang
            .t("Noch kein Kanal eingerichtet.", "No channel set up yet.")
            .to_string(),
        Ok(SendNow::NothingNew(date)) => format!(
            "{} {date}.",
            lang.t(
                "Nichts Neues, nichts gesendet, für",
                "Nothing new, nothing sent, for"
            )
        ),
        Ok(SendNow::Sent(date, results)) => {
            let parts: Vec<String> = results
                .iter()
                .map(|(ch, r)| match r {
                    Ok(()) => format!("{}: {}", ch.label(german), lang.t("gesendet", "sent")),
                    Err(e) => format!(
                        "{}: {} ({e})",
                        ch.label(german),
                        lang.t("fehlgeschlagen", "failed")
                    ),
                })
                .collect();
            format!("{date}: {}", parts.join("; "))
        }
        Err(e) => {
            tracing::warn!(error = %e, "briefing send now failed");
            return Err(WebError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                "Die Datenbank hat nicht geantwortet.",
                "The database did not answer.",
            ));
        }
    };
    let csrf = viewer.csrf().unwrap_or_default().to_string();
    render(
        &state,
        lang,
        viewer.user_id,
        &csrf,
        Some(notice),
        None,
        StatusCode::OK,
    )
    .await
}

/// `GET /abbestellen/{token}`: asks to confirm (a link checker opening the link changes
/// nothing).
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let t = token.clone();
    let user = db(&state, move |s| {
        crate::delivery::check_unsubscribe_token(s, &t)
    })
    .await
    .map_err(|e| e.page(lang))?;
    if user.is_none() {
        return Err(bad_link(lang));
    }
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<form action=\"/abbestellen/{}\" method=\"post\">\
<p><button type=\"submit\" id=\"abbestellen\">{}</button></p></form>\n",
        lang.t("Überblick abbestellen", "Unsubscribe from the briefing"),
        lang.t(
            "Keine E-Mails mit dem Überblick mehr an diese Adresse? (Push und Webhook bleiben; alles lässt sich in den Einstellungen wieder einschalten.)",
            "No more briefing e-mails to this address? (Push and webhook stay; everything can be switched on again in the settings.)"
        ),
        super::pages::enc(&token),
        lang.t("Abbestellen", "Unsubscribe"),
    );
    Ok(Html(page_of(lang, &body)).into_response())
}

/// `POST /abbestellen/{token}`: stops the e-mails (the page's button or a mail client's
/// one-click unsubscribe); the signed token is the check.
pub async fn unsubscribe(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let now = crate::store_now();
    let done = db(
        &state,
        move |s| match crate::delivery::check_unsubscribe_token(s, &token)? {
            Some(user) => s.unsubscribe_briefing_email(user, now).map(|_| Some(user)),
            None => Ok(None),
        },
    )
    .await
    .map_err(|e| e.page(lang))?;
    let Some(user) = done else {
        return Err(bad_link(lang));
    };
    tracing::info!(user, "briefing e-mails unsubscribed");
    let body = format!(
        "<h1>{}</h1>\n<p id=\"abbestellt\">{}</p>\n",
        lang.t("Abbestellt", "Unsubscribed"),
        lang.t(
            "Es kommen keine E-Mails mit dem Überblick mehr.",
            "No more briefing e-mails will be sent."
        ),
    );
    Ok(Html(page_of(lang, &body)).into_response())
}

fn bad_link(lang: Lang) -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        lang,
        "Dieser Abbestell-Link ist ungültig.",
        "This unsubscribe link is not valid.",
    )
}

fn page_of(lang: Lang, body: &str) -> String {
    layout(
        &Frame {
            lang,
            title: lang.t("Kurzgefasst – Abbestellen", "Kurzgefasst – Unsubscribe"),
            feed: None,
            q: "",
        },
        body,
    )
}

impl AppState {
    /// Whether user-given URLs may point at private addresses, and the allowed `host:port`s.
    fn fetcher_options(&self) -> (bool, Vec<String>) {
        match &self.delivery {
            Some(d) => d.guard(),
            None => (false, Vec::new()),
        }
    }
}
