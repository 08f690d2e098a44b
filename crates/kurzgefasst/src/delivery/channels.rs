//! The channels a briefing goes out on: e-mail over SMTP (`lettre`: STARTTLS or TLS with
//! rustls, user and password from the instance's SMTP URL), an ntfy-style push (a POST to the
//! reader's topic URL with `Title` and `Click` headers), and a JSON webhook signed with
//! HMAC-SHA256 (`X-Kurzgefasst-Signature: sha256=HEX` over the body). The push and webhook URLs
//! are the reader's: they go through the fetch guard ([`Fetcher::post`]), so they cannot reach
//! private addresses unless the instance allows it. Every failure is a [`SendError`] carrying
//! what the receiving server answered, which the settings page shows.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use ring::hmac;

use super::content::Composed;
use crate::ingest::fetch::Fetcher;

/// A channel of a briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// E-mail over SMTP.
    Email,
    /// An ntfy-style topic.
    Ntfy,
    /// A JSON webhook.
    Webhook,
}

impl Channel {
    /// Every channel, in the order they are tried.
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Ntfy, Channel::Webhook];

    /// The stored name (`email`, `ntfy`, `webhook`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Ntfy => "ntfy",
            Channel::Webhook => "webhook",
        }
    }

    /// The channel of a stored name.
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Its name for people.
    pub fn label(self, german: bool) -> &'static str {
        match (self, german) {
            (Channel::Email, true) => "E-Mail",
            (Channel::Email, false) => "e-mail",
            (Channel::Ntfy, _) => "ntfy",
            (Channel::Webhook, _) => "Webhook",
        }
    }
}

/// Why a send failed: a sentence with the receiving server's answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// The instance's e-mail settings.
#[derive(Debug, Clone)]
pub struct Mailer {
    /// The SMTP URL (`smtp://user:pass@host:587?tls=required`, `smtps://…:465`).
    pub smtp_url: String,
    /// The sender (`Kurzgefasst <news@example.org>`).
    pub from: String,
}

/// Seconds an SMTP conversation or an HTTP post may take.
const TIMEOUT_SECS: u64 = 30;

/// The largest push message ntfy takes as text (longer ones become attachments).
const NTFY_MAX_BYTES: usize = 4000;

/// The e-mail of a briefing: multipart/alternative (plain text and HTML), with
/// `List-Unsubscribe` (the signed link) and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
pub fn email_message(
    mailer: &Mailer,
    to: &str,
    b: &Composed,
    unsubscribe_url: &str,
    message_domain: &str,
) -> Result<Message, SendError> {
    let from: Mailbox = mailer
        .from
        .parse()
        .map_err(|e| SendError(format!("--mail-from {:?}: {e}", mailer.from)))?;
    let to: Mailbox = to
        .parse()
        .map_err(|e| SendError(format!("address {to:?}: {e}")))?;
    let id = crate::auth::new_token().map_err(|e| SendError(e.to_string()))?;
    let mut m = Message::builder()
        .from(from)
        .to(to)
        .subject(b.subject.clone())
        .message_id(Some(format!(
            "<briefing.{}@{message_domain}>",
            &id[..24.min(id.len())]
        )))
        .multipart(MultiPart::alternative_plain_html(
            b.text.clone(),
            b.html.clone(),
        ))
        .map_err(|e| SendError(e.to_string()))?;
    let name = |n: &str| HeaderName::new_from_ascii(n.to_string()).expect("header name");
    m.headers_mut().insert_raw(HeaderValue::new(
        name("List-Unsubscribe"),
        format!("<{unsubscribe_url}>"),
    ));
    m.headers_mut().insert_raw(HeaderValue::new(
        name("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click".to_string(),
    ));
    Ok(m)
}

/// Sends an e-mail through the instance's SMTP server.
pub async fn send_email(mailer: &Mailer, message: Message) -> Result<(), SendError> {
    crate::install_tls_provider();
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&mailer.smtp_url)
        .map_err(|e| SendError(format!("SMTP URL: {e}")))?
        .timeout(Some(std::time::Duration::from_secs(TIMEOUT_SECS)))
        .build();
    match transport.send(message).await {
        Ok(_) => Ok(()),
        Err(e) => match tls_refusal(&e) {
            Some(why) => Err(SendError(format!(
                "SMTP: TLS certificate of the server refused ({why})"
            ))),
            None => Err(SendError(format!("SMTP: {e}"))),
        },
    }
}

/// The TLS error (rustls's, e.g. `invalid peer certificate: UnknownIssuer`) inside an SMTP
/// error, if the handshake is what failed: lettre reports it as a nested connection error.
fn tls_refusal(e: &lettre::transport::smtp::Error) -> Option<String> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        // An I/O error's `source` skips the error it wraps: look inside.
        let inner = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref());
        if let Some(tls) = inner.and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return Some(tls.to_string());
        }
        next = err.source();
    }
    None
}

/// Posts a briefing to an ntfy-style topic: the message is the text (cut at a line to fit),
/// `Title` the subject (RFC 2047 when not ASCII), `Click` the instance's day page.
pub async fn send_ntfy(
    fetcher: &Fetcher,
    url: &str,
    b: &Composed,
    click: Option<&str>,
) -> Result<(), SendError> {
    let mut headers = vec![("Title", rfc2047(&b.subject))];
    if let Some(c) = click {
        headers.push(("Click", c.to_string()));
    }
    let body = cut_at_line(&b.text, NTFY_MAX_BYTES);
    post(fetcher, url, &headers, body.into_bytes()).await
}

/// Posts a briefing's JSON to a webhook, signed: `X-Kurzgefasst-Signature: sha256=HEX` is the
/// HMAC-SHA256 of the body under the reader's webhook secret.
pub async fn send_webhook(
    fetcher: &Fetcher,
    url: &str,
    secret: &str,
    body: &serde_json::Value,
) -> Result<(), SendError> {
    let bytes = serde_json::to_vec(body).map_err(|e| SendError(e.to_string()))?;
    let headers = [
        ("Content-Type", "application/json".to_string()),
        (
            "X-Kurzgefasst-Signature",
            format!("sha256={}", sign_hex(secret.as_bytes(), &bytes)),
        ),
    ];
    post(fetcher, url, &headers, bytes).await
}

async fn post(
    fetcher: &Fetcher,
    url: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<(), SendError> {
    match fetcher.post(url, headers, body).await {
        Ok((status, _)) if (200..300).contains(&status) => Ok(()),
        Ok((status, answer)) => Err(SendError(format!(
            "HTTP {status}: {}",
            answer.trim().chars().take(300).collect::<String>()
        ))),
        Err(e) => Err(SendError(e.to_string())),
    }
}

/// HMAC-SHA256 of `data` under `key`, as lower-case hex.
pub fn sign_hex(key: &[u8], data: &[u8]) -> String {
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data);
    tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `hex` is the HMAC-SHA256 of `data` under `key` (compared in constant time).
pub fn verify_hex(key: &[u8], data: &[u8], hex: &str) -> bool {
    let Some(tag) = from_hex(hex) else {
        return false;
    };
    hmac::verify(&hmac::Key::new(hmac::HMAC_SHA256, key), data, &tag).is_ok()
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A header value in RFC 2047 (`=?UTF-8?B?…?=`) when it is not plain ASCII (ntfy reads it).
fn rfc2047(s: &str) -> String {
    if s.is_ascii() && !s.chars().any(|c| c.is_control()) {
        return s.to_string();
    }
    use base64::Engine;
    format!(
        "=?UTF-8?B?{}?=",
        base64::engine::general_purpose::STANDARD.encode(s.replace(['\r', '\n'], " "))
    )
}

/// `s` cut at the last line break that keeps it within `max` bytes.
fn cut_at_line(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = s[..end].rfind('\n').unwrap_or(end);
    format!("{}\n…", &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_both_ways() {
        let sig = sign_hex(b"geheim-geheim-geheim", b"{\"a\":1}");
        assert_eq!(sig.len(), 64);
        assert!(verify_hex(b"geheim-geheim-geheim", b"{\"a\":1}", &sig));
        assert!(!verify_hex(b"geheim-geheim-geheim", b"{\"a\":2}", &sig));
        assert!(!verify_hex(b"anderes-geheimnis!!", b"{\"a\":1}", &sig));
        assert!(!verify_hex(b"geheim-geheim-geheim", b"{\"a\":1}", "zz"));
    }

    #[test]
    fn push_title_and_length() {
        assert_eq!(rfc2047("Der Tag"), "Der Tag");
        assert_eq!(rfc2047("Kürze"), "=?UTF-8?B?S8O8cnpl?=");
        let long = "Zeile ä\n".repeat(1000);
        let cut = cut_at_line(&long, 4000);
        assert!(cut.len() <= 4004 && cut.ends_with("\n…"));
        assert!(cut.trim_end_matches("\n…").ends_with("Zeile ä"));
    }
}
