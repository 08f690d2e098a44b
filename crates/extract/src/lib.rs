//! `kg-extract`: turns the bytes of an article page and its URL into an [`Article`].
//!
//! Pure: no I/O, no clock, no global state. The same bytes and URL always give the same article.
//! Entry point: [`extract`].

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

mod boilerplate;
pub mod charset;
mod content;
pub mod dates;
mod dom;
mod extract_impl;
mod kind;
mod kind_model;
mod meta;
mod parser;
pub mod rules;
mod title;

/// What kind of text block a [`Block`] is, so callers can render structure (headings, lists, quotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// An ordinary paragraph of body text.
    Paragraph,
    /// A subheading inside the article body.
    Heading,
    /// One item of a list.
    ListItem,
    /// A block quote.
    Quote,
    /// A table, one row per line, cells separated by " | ".
    Table,
    /// Preformatted text (code), whitespace kept.
    Preformatted,
}

/// What kind of page the main content comes from, decided from the page itself (schema.org
/// types, `og:type`, URL, repeated markup) before the main content is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// One article (news, blog post, essay): the default.
    #[default]
    Article,
    /// A live blog or news ticker: timed entries, newest first.
    Liveblog,
    /// A photo gallery: images with captions.
    Gallery,
    /// A video or audio page (podcast episode): description and transcript.
    Video,
    /// A forum thread, Q&A page or comment thread: posts in order.
    Forum,
    /// A listing or collection: overview, category or search page of items (title and teaser).
    Listing,
    /// A product page: description and specifications.
    Product,
    /// A service, company or landing page: its sections.
    Service,
    /// Documentation: reference or guide text with code blocks.
    Documentation,
}

impl PageType {
    /// Every kind, in declaration order (for parsing a stored name and for tables per kind).
    pub const ALL: [PageType; 9] = [
        PageType::Article,
        PageType::Liveblog,
        PageType::Gallery,
        PageType::Video,
        PageType::Forum,
        PageType::Listing,
        PageType::Product,
        PageType::Service,
        PageType::Documentation,
    ];

    /// The kind's name as serialised ("liveblog", "forum").
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Liveblog => "liveblog",
            PageType::Gallery => "gallery",
            PageType::Video => "video",
            PageType::Forum => "forum",
            PageType::Listing => "listing",
            PageType::Product => "product",
            PageType::Service => "service",
            PageType::Documentation => "documentation",
        }
    }
}

/// One block of the article body: a paragraph, subheading, list item, quote or table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The block's kind.
    pub kind: BlockKind,
    /// The block's plain text, whitespace collapsed (except for [`BlockKind::Preformatted`]).
    pub text: String,
}

/// The article found on a page: its main text and metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// The headline, without site-name suffixes such as " - DER SPIEGEL".
    pub title: Option<String>,
    /// The teaser (lead) of the article, when the page has one.
    pub teaser: Option<String>,
    /// The article body in reading order, without the teaser and without boilerplate.
    pub blocks: Vec<Block>,
    /// Publication time, in the time zone the page states.
    pub published: Option<DateTime<FixedOffset>>,
    /// Last modification time, in the time zone the page states.
    pub modified: Option<DateTime<FixedOffset>>,
    /// Author name(s), comma-separated.
    pub author: Option<String>,
    /// Language as an ISO 639-1 code ("de", "en"), from the page's markup or guessed from the text.
    pub language: Option<String>,
    /// The canonical URL the page declares (absolute).
    pub canonical_url: Option<String>,
    /// The site's name ("DER SPIEGEL").
    pub site_name: Option<String>,
    /// The lead image's absolute URL.
    pub image: Option<String>,
    /// True when the page marks the article as paywalled or its body is cut short after the teaser.
    pub paywalled: bool,
    /// The page's meta description (og:description, description, JSON-LD description), whether
    /// or not it is visible on the page. [`Article::teaser`] is only set from visible text.
    pub description: Option<String>,
    /// The section the page files the article under, as the page words it ("Politik",
    /// "Sport > Fußball"): `article:section`, JSON-LD `articleSection`, or a section meta tag.
    pub section: Option<String>,
    /// What kind of page this is; the main content was chosen by it.
    pub page_type: PageType,
}

impl Article {
    /// The full text as shown in "Inhalt": the teaser first, then every block, separated by blank lines.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = Vec::with_capacity(self.blocks.len() + 1);
        if let Some(t) = self.teaser.as_deref() {
            if !t.is_empty() {
                parts.push(t);
            }
        }
        parts.extend(self.blocks.iter().map(|b| b.text.as_str()));
        parts.join("\n\n")
    }

    /// The paragraphs of the full text (teaser first), as used by the summariser.
    pub fn paragraphs(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.blocks.len() + 1);
        if let Some(t) = self.teaser.as_deref() {
            if !t.is_empty() {
                out.push(t.to_string());
            }
        }
        out.extend(self.blocks.iter().map(|b| b.text.clone()));
        out
    }
}

/// Extracts the article from `html`, the raw bytes of a page.
///
/// `url` is the address the page was fetched from (used to resolve relative links and for
/// URL-based dates and site rules); `content_type` is the HTTP `Content-Type` header, whose
/// charset wins over the page's own declarations. Never panics, whatever the input.
pub fn extract(html: &[u8], url: Option<&str>, content_type: Option<&str>) -> Article {
    extract_impl::extract(html, url, content_type)
}

/// Diagnostics for development: the candidate containers and their scores, as text.
#[doc(hidden)]
pub fn debug_candidates(html: &[u8]) -> String {
    extract_impl::debug(html)
}

/// Diagnostics for development: the page's kind, the elements its kind's pruning removes and
/// the containers the main text is taken from, as text.
#[doc(hidden)]
pub fn debug_kind(html: &[u8], url: Option<&str>) -> String {
    extract_impl::debug_kind(html, url)
}

/// Diagnostics for development: the parsed tree's elements down to `max_depth`.
#[doc(hidden)]
pub fn debug_tree(html: &[u8], max_depth: usize) -> String {
    extract_impl::debug_tree(html, max_depth)
}

/// Diagnostics for development: extraction with a fixed main-text candidate (1 = explicit
/// article markup, 2 = Readability-style score), to study the selector.
#[doc(hidden)]
pub fn extract_variant(html: &[u8], url: Option<&str>, variant: u8) -> Article {
    extract_impl::extract_variant(html, url, None, variant)
}

/// Diagnostics for development: the page-kind model's input features (in the order of the
/// model's feature names, [`kind_feature_names`]), to fit the model.
#[doc(hidden)]
pub fn debug_kind_features(html: &[u8], url: Option<&str>) -> Vec<f32> {
    extract_impl::kind_features(html, url)
}

/// Diagnostics for development: the names of the page-kind model's features.
#[doc(hidden)]
pub fn kind_feature_names() -> &'static [&'static str] {
    &kind_model::NAMES
}
