//! What a delivered briefing says: subject, plain text, HTML and JSON of one reader's day.
//!
//! The content is `crate::briefing`'s: [`compose`] builds the reader's briefing and renders it
//! in the three forms the channels need.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::briefing;
use crate::i18n::Lang;
use crate::store::{Store, StoreError};

pub use crate::briefing::Links;

/// A briefing in every form a channel needs.
#[derive(Debug, Clone)]
pub struct Composed {
    /// The e-mail subject and push title.
    pub subject: String,
    /// Plain text (the e-mail's text part, the push message).
    pub text: String,
    /// A whole HTML document with inline styles and no external resources.
    pub html: String,
    /// The webhook's JSON.
    pub json: serde_json::Value,
}

/// The briefing of `user` for `date` (a day in `tz`), in the language `lang` (`de`, `en`);
/// `None` when the reader has no new stories that day. Built by [`crate::briefing::build`] and
/// rendered by its `render_*` functions, so a delivered briefing is what `kurzgefasst briefing`
/// prints.
pub fn compose(
    store: &Store,
    user: i64,
    date: NaiveDate,
    tz: Tz,
    lang: &str,
    links: &Links,
) -> Result<Option<Composed>, StoreError> {
    let b = briefing::build(store, user, date, tz)?;
    if b.is_empty() {
        return Ok(None);
    }
    let lang = Lang::parse(lang).unwrap_or(b.lang);
    Ok(Some(Composed {
        subject: briefing::subject(&b, lang),
        text: briefing::render_text(&b, links, tz, lang),
        html: briefing::render_html(&b, links, tz, lang),
        json: briefing::render_json(&b, links, tz),
    }))
}
