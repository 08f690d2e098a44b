//! `kg-summarize`: turns an article's text into a [`Tldr`] of 3 to 5 sentences.
//!
//! Pure except the LLM client: the extractive summariser needs no model and no I/O.
//!
//! - [`segment`]: German and English sentence segmentation (abbreviations, ordinals, numbers, quotes,
//!   datelines).
//! - [`extractive`]: the default TLDR, chosen from the article's own sentences.
//! - [`gate`]: the faithfulness gate for TLDRs that are not copies of source sentences.
//! - [`kinds`]: TLDRs of pages that are not one article: a live blog's latest entries, a
//!   listing's items or a gallery's captions as a list.
//! - [`align()`]: links each TLDR sentence to the article sentences that support it.
//! - [`corrupt`]: unfaithful copies of a summary, one kind of error at a time (measuring the gate).
//! - [`lang`]: language identification by function words.
//! - [`prompt`]: the chat prompt for an LLM TLDR.
//! - `llm` (feature `client`): the OpenAI-compatible client that asks a model for a TLDR and
//!   checks the answer; the crate's only I/O.

#![warn(missing_docs)]

use serde::Serialize;

pub mod align;
pub mod corrupt;
#[cfg(test)]
mod faithful_tests;
pub mod gate;
pub mod kinds;
pub mod lang;
#[cfg(feature = "client")]
pub mod llm;
pub mod prompt;
mod rank;
pub mod segment;
mod text;

pub use align::align;
pub use text::is_alphanumeric;

/// The article to summarise: its title and paragraphs (teaser first) and its language.
#[derive(Debug, Clone)]
pub struct Document {
    /// The headline (used for title overlap; never copied into the TLDR).
    pub title: String,
    /// The paragraphs of the text, teaser first, in reading order.
    pub paragraphs: Vec<String>,
    /// ISO 639-1 language code ("de", "en"); `None` means German.
    pub language: Option<String>,
    /// The source sentences, in order: what [`TldrSentence::support`] indexes.
    pub sentences: Vec<String>,
    /// For each entry of [`Document::sentences`], the index of its paragraph in
    /// [`Document::paragraphs`].
    pub sentence_paragraph: Vec<usize>,
}

impl Document {
    /// Builds a document and segments its paragraphs into sentences (see [`segment`]): all
    /// paragraphs' sentences in order, none spanning two paragraphs.
    pub fn new(title: &str, paragraphs: Vec<String>, language: Option<&str>) -> Document {
        let mut sentences = Vec::new();
        let mut sentence_paragraph = Vec::new();
        for (p, para) in paragraphs.iter().enumerate() {
            for s in segment::sentences(para) {
                sentences.push(s.to_string());
                sentence_paragraph.push(p);
            }
        }
        Document {
            title: title.to_string(),
            paragraphs,
            language: language.map(str::to_string),
            sentences,
            sentence_paragraph,
        }
    }

    /// Builds a document from plain text whose paragraphs are separated by line breaks (empty lines
    /// are dropped).
    pub fn from_text(title: &str, text: &str, language: Option<&str>) -> Document {
        let paragraphs = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        Document::new(title, paragraphs, language)
    }

    /// The document's language code: [`Document::language`], or "de" when unset.
    pub fn lang(&self) -> &str {
        self.language.as_deref().unwrap_or("de")
    }
}

/// How a TLDR was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Sentences chosen from the article itself.
    Extractive,
    /// Written by a language model and checked against the article.
    Llm,
    /// A live blog's newest entries, newest first, each opened by its time
    /// ([`kinds::latest_entries`]).
    LatestEntries,
    /// A listing's item titles or a gallery's captions, verbatim, as a list: no sentences
    /// written ([`kinds::list`]).
    List,
}

impl Method {
    /// The method's name as stored and serialised (`extractive`, `llm`, `latest_entries`,
    /// `list`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Extractive => "extractive",
            Method::Llm => "llm",
            Method::LatestEntries => "latest_entries",
            Method::List => "list",
        }
    }
}

/// One sentence of a TLDR with the article sentences that support it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TldrSentence {
    /// The sentence as shown.
    pub text: String,
    /// Indices into [`Document::sentences`] of the sentences that support this one.
    pub support: Vec<usize>,
}

/// A TLDR: 3 to 5 sentences, how it was made, and by which model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tldr {
    /// The sentences, in the order shown.
    pub sentences: Vec<TldrSentence>,
    /// How the TLDR was made.
    pub method: Method,
    /// The model's name for [`Method::Llm`]; `None` for extractive TLDRs.
    pub model: Option<String>,
}

impl Tldr {
    /// The TLDR as one line of text, sentences separated by single spaces; the items of a
    /// [`Method::List`] separated by " · ".
    pub fn text(&self) -> String {
        let sep = if self.method == Method::List {
            " · "
        } else {
            " "
        };
        self.sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// A TLDR from a model's raw answer `text`: segmented into sentences, each aligned to its support
    /// in `doc` (see [`align()`]). Check it with [`gate::check`] before showing it.
    pub fn from_llm(doc: &Document, text: &str, model: &str) -> Tldr {
        let sentences: Vec<String> = segment::segment_paragraphs(&[text.replace('\n', " ")]);
        let support = align(doc, &sentences);
        let sentences = sentences
            .into_iter()
            .zip(support)
            .map(|(text, support)| TldrSentence { text, support })
            .collect();
        Tldr {
            sentences,
            method: Method::Llm,
            model: Some(model.to_string()),
        }
    }
}

/// The extractive TLDR of `doc`: 3 to 5 of its own sentences, 40 to 100 words where the text allows.
///
/// Sentences are scored by position (news put the facts first), centrality (shared content words)
/// and overlap with the title (on word beginnings: "Nordkorea" counts for "nordkoreanische"), short
/// background lines marked down; captions, credits, bylines, "Lesen Sie auch", teaser questions,
/// the publication speaking of itself and cut-off sentences are never chosen, nor a sentence
/// leaning on one left out, nor one repeating a chosen sentence. The TLDR opens with a sentence
/// that shares a word with the headline where one can, and prefers short sentences (it aims at 40
/// words). Datelines ("Berlin – ") are dropped from the shown text. The sentences keep the
/// article's order; each one's support is its own index.
pub fn extractive(doc: &Document) -> Tldr {
    rank::extractive(doc, &rank::Weights::DEFAULT)
}

/// The extractive summariser with other weights than the product's, for tuning them on the summary
/// sets (`examples/tldr_sets.rs`); the product calls [`extractive`].
#[doc(hidden)]
pub mod tuning {
    pub use crate::rank::Weights;

    /// [`crate::extractive`] with the weights `w`.
    pub fn extractive_with(doc: &crate::Document, w: &Weights) -> crate::Tldr {
        crate::rank::extractive(doc, w)
    }
}
