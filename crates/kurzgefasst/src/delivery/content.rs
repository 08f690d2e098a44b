//! What a delivered briefing says: subject, plain text, HTML and JSON of one reader's day.
//!
//! The content is `crate::briefing`'s ([`crate::briefing::build`], with the overview when a model
//! is configured); [`render`] renders it in the three forms the channels need.

use chrono_tz::Tz;

use crate::briefing;

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

/// A reader's briefing in the forms the channels need, in the reader's language (`build` took
/// it from their settings): what `kurzgefasst briefing` prints, rendered by
/// [`crate::briefing`]'s `render_*` functions.
pub fn render(b: &briefing::Briefing, tz: Tz, links: &Links) -> Composed {
    let lang = b.lang;
    Composed {
        subject: briefing::subject(b, lang),
        text: briefing::render_text(b, links, tz, lang),
        html: briefing::render_html(b, links, tz, lang),
        json: briefing::render_json(b, links, tz),
    }
}
