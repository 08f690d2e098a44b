//! What both engines share: the columns read for sources and articles and how a row becomes a
//! [`Source`] or [`StoredArticle`], and the decisions of `save_article` (which existing article
//! a new one is the same as; whether it is new, changed or only linked; what is written then).
//! The engines supply only their SQL: a row type implementing [`Cols`] and a transaction type
//! implementing [`SaveTx`].

use super::search::IndexRow;
use super::{
    BlockOut, DateSource, EntryRef, NewArticle, SaveOutcome, Source, StoreError, StoredArticle,
    StoredTldr, TldrSentenceOut,
};
use crate::cluster::Signature;

/// The columns [`source_from`] reads, in its order (`s` is `sources`).
pub(super) const SOURCE_COLUMNS: &str = "s.id, s.url, s.title, s.site_url, s.etag, s.last_modified, \
    s.last_polled_at, s.last_success_at, s.last_error_kind, s.last_error, s.last_error_at, \
    s.consecutive_failures, s.next_poll_at, \
    (SELECT COUNT(DISTINCT e.article_id) FROM entries e WHERE e.source_id = s.id), s.poll_interval_secs";

/// The columns [`article_from`] reads, in its order (`a` is `articles`, `t` the TLDR of [`TLDR_JOIN`]).
pub(super) const ARTICLE_COLUMNS: &str =
    "a.id, a.url, a.title, a.teaser, a.blocks_json, a.content, a.site, \
    a.author, a.language, a.paywalled, a.published_at, a.date_source, a.extract_error, \
    t.method, t.model, t.text, t.sentences_json, t.created_at, a.ressort, a.page_type";

/// Joins the TLDR to show: of the accepted TLDRs made for the article's current text, an LLM
/// TLDR wins over the extractive one, newest first. (`accepted` is an INTEGER 0/1 in SQLite and a
/// BOOLEAN in PostgreSQL; both read it as a truth value.)
pub(super) const TLDR_JOIN: &str = "LEFT JOIN tldrs t ON t.id = (SELECT t2.id FROM tldrs t2 \
    WHERE t2.article_id = a.id AND t2.accepted AND t2.superseded_at IS NULL \
    ORDER BY (t2.method = 'llm') DESC, t2.id DESC LIMIT 1)";

/// The newest articles, newest first, paged by `(published_at, id)`: the start page's list
/// (`in_ressort` false) or a Ressort's (true), for an engine whose placeholders begin with
/// `sign` (`?` in SQLite, `$` in PostgreSQL). Parameters: 1 and 2 the paging key, 3 the limit,
/// 4 the Ressort's slug.
pub(super) fn newest_sql(sign: char, in_ressort: bool) -> String {
    let ressort = if in_ressort {
        format!("a.ressort = {sign}4 AND ")
    } else {
        String::new()
    };
    format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} \
         WHERE {ressort}(a.published_at, a.id) < ({sign}1, {sign}2) \
         ORDER BY a.published_at DESC, a.id DESC LIMIT {sign}3"
    )
}

/// Typed access to one result row, implemented by each engine's row type.
pub(super) trait Cols {
    /// An integer column.
    fn int(&self, i: usize) -> Result<i64, StoreError>;
    /// A nullable integer column.
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError>;
    /// A text column.
    fn text(&self, i: usize) -> Result<String, StoreError>;
    /// A nullable text column.
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError>;
    /// A flag (INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL).
    fn flag(&self, i: usize) -> Result<bool, StoreError>;
}

/// Implements [`Cols`] for an engine's row type whose typed getter is `$get` (returning a
/// result whose error converts into [`StoreError`]).
macro_rules! impl_cols {
    ($row:ty, $get:ident) => {
        impl Cols for $row {
            fn int(&self, i: usize) -> Result<i64, StoreError> {
                Ok(self.$get(i)?)
            }
            fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
                Ok(self.$get(i)?)
            }
            fn text(&self, i: usize) -> Result<String, StoreError> {
                Ok(self.$get(i)?)
            }
            fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
                Ok(self.$get(i)?)
            }
            fn flag(&self, i: usize) -> Result<bool, StoreError> {
                Ok(self.$get(i)?)
            }
        }
    };
}
pub(super) use impl_cols;

/// A source from a row of [`SOURCE_COLUMNS`].
pub(super) fn source_from<R: Cols + ?Sized>(r: &R) -> Result<Source, StoreError> {
    Ok(Source {
        id: r.int(0)?,
        url: r.text(1)?,
        title: r.opt_text(2)?,
        site_url: r.opt_text(3)?,
        etag: r.opt_text(4)?,
        last_modified: r.opt_text(5)?,
        last_polled_at: r.opt_int(6)?,
        last_success_at: r.opt_int(7)?,
        last_error_kind: r.opt_text(8)?,
        last_error: r.opt_text(9)?,
        last_error_at: r.opt_int(10)?,
        consecutive_failures: r.int(11)?,
        next_poll_at: r.int(12)?,
        article_count: r.int(13)?,
        poll_interval_secs: r.int(14)?,
    })
}

/// An article from a row of [`ARTICLE_COLUMNS`].
pub(super) fn article_from<R: Cols + ?Sized>(r: &R) -> Result<StoredArticle, StoreError> {
    let blocks = serde_json::from_str::<Vec<BlockOut>>(&r.text(4)?)?;
    let tldr = match (r.opt_text(13)?, r.opt_text(16)?) {
        (Some(method), Some(js)) => Some(StoredTldr {
            method,
            model: r.opt_text(14)?,
            text: r.text(15)?,
            sentences: serde_json::from_str(&js)?,
            created_at: r.int(17)?,
        }),
        _ => None,
    };
    Ok(StoredArticle {
        id: r.int(0)?,
        url: r.text(1)?,
        title: r.text(2)?,
        teaser: r.opt_text(3)?,
        blocks,
        content: r.text(5)?,
        site: r.text(6)?,
        author: r.opt_text(7)?,
        language: r.opt_text(8)?,
        paywalled: r.flag(9)?,
        published_at: r.int(10)?,
        date_source: DateSource::parse(&r.text(11)?),
        extract_error: r.opt_text(12)?,
        tldr,
        ressort: r
            .opt_text(18)?
            .and_then(|s| crate::ressort::Ressort::from_slug(&s)),
        page_type: crate::kind::from_stored(r.opt_text(19)?.as_deref()),
    })
}

/// A parameter of a statement run through [`Db`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg<'a> {
    /// An integer.
    Int(i64),
    /// A nullable integer.
    OptInt(Option<i64>),
    /// A text.
    Text(&'a str),
    /// A nullable text.
    OptText(Option<&'a str>),
}

/// Statements written once for both engines (placeholders `?1`, `?2`, … in SQLite's form; the
/// PostgreSQL engine reads them as `$1`, `$2`, …): what readers, subscriptions and categories
/// need (`readers.rs`). Only plain SQL both engines understand goes through here.
pub(super) trait Db: Sync {
    /// Runs the statements in one transaction; the rows each one changed.
    fn write(&self, stmts: &[(&str, &[Arg<'_>])]) -> Result<Vec<u64>, StoreError>;
    /// Runs a query and hands each row to `f`.
    fn read(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        f: &mut dyn FnMut(&dyn Cols) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
}

/// Every row of a query through [`Db::read`], mapped by `f`.
pub(super) fn read_all<T>(
    db: &dyn Db,
    sql: &str,
    args: &[Arg<'_>],
    f: impl Fn(&dyn Cols) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    db.read(sql, args, &mut |r| {
        out.push(f(r)?);
        Ok(())
    })?;
    Ok(out)
}

/// A statement of [`Db`] in PostgreSQL's form: `?N` placeholders become `$N`.
pub(super) fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// Everything `save_article` writes that needs no database, computed before the writer lock is
/// taken so that concurrent savers stem, hash and sign their articles in parallel.
pub(crate) struct Derived {
    /// Inhalt (teaser and blocks).
    pub content: String,
    /// [`content_hash`] of title and Inhalt.
    pub hash: String,
    /// The body blocks as stored JSON.
    pub blocks_json: String,
    /// The TLDR's sentences as stored JSON.
    pub sentences_json: String,
    /// `extractive` or `llm`.
    pub method: &'static str,
    /// The cluster signature (none for articles whose extraction failed).
    pub signature: Option<Signature>,
    /// The search index's stemmed copy of title and text.
    pub index: IndexRow,
    /// The embedding of title and lead, when an embeddings server gave one
    /// ([`super::PreparedArticle::set_embedding`]): kept in `article_embeddings` and a
    /// same-event signal for its story cluster.
    pub embedding: Option<crate::cluster::Embedding>,
}

impl Derived {
    /// Derives what saving `a` writes.
    pub fn new(a: &NewArticle) -> Result<Derived, StoreError> {
        let content = a.content();
        let hash = content_hash(&a.title, &content);
        let index = super::search::index_row(&a.title, &content);
        let signature = a
            .extract_error
            .is_none()
            .then(|| crate::cluster::signature(&a.title, &content));
        let blocks_json = blocks_json(a)?;
        let (method, sentences_json) = tldr_json(a)?;
        Ok(Derived {
            content,
            hash,
            blocks_json,
            sentences_json,
            method,
            signature,
            index,
            embedding: None,
        })
    }
}

/// An article with what saving it writes ([`Derived`]), as the engines' save steps read it;
/// the derived fields are reached through `Deref`.
pub(super) struct Prepared<'a> {
    /// The article as given.
    pub a: &'a NewArticle,
    /// The canonical URL, else the URL.
    pub canonical: &'a str,
    d: &'a Derived,
}

impl<'a> Prepared<'a> {
    /// `a` with its derived fields `d` (made by [`Derived::new`] from the same article).
    pub fn new(a: &'a NewArticle, d: &'a Derived) -> Prepared<'a> {
        Prepared {
            a,
            canonical: a.canonical_url.as_deref().unwrap_or(&a.url),
            d,
        }
    }
}

impl std::ops::Deref for Prepared<'_> {
    type Target = Derived;

    fn deref(&self) -> &Derived {
        self.d
    }
}

/// An article's blocks as stored in `blocks_json`.
pub(super) fn blocks_json(a: &NewArticle) -> Result<String, StoreError> {
    // A block serialises as `{"kind": "paragraph", "text": …}`: the form `BlockOut` reads.
    Ok(serde_json::to_string(&a.blocks)?)
}

/// An article's TLDR method and sentences as stored in `tldrs`.
pub(super) fn tldr_json(a: &NewArticle) -> Result<(&'static str, String), StoreError> {
    Ok((a.tldr.method.as_str(), sentences_json(&a.tldr)?))
}

/// A TLDR's sentences with their support, as stored in `tldrs.sentences_json`.
pub(crate) fn sentences_json(tldr: &kg_summarize::Tldr) -> Result<String, StoreError> {
    Ok(serde_json::to_string(
        &tldr
            .sentences
            .iter()
            .map(|s| TldrSentenceOut {
                text: s.text.clone(),
                support: s.support.clone(),
            })
            .collect::<Vec<_>>(),
    )?)
}

/// The SQL steps of saving an article, run by [`save`] inside one engine transaction that
/// holds the engine's writer lock (SQLite `BEGIN IMMEDIATE`, PostgreSQL an advisory lock).
pub(super) trait SaveTx {
    /// The oldest article whose URL or canonical URL is `url` or `canonical`: (id, content hash).
    fn find_by_url(
        &mut self,
        url: &str,
        canonical: &str,
    ) -> Result<Option<(i64, String)>, StoreError>;
    /// The oldest article of `site` with this content hash: (id, content hash).
    fn find_by_site_hash(
        &mut self,
        site: &str,
        hash: &str,
    ) -> Result<Option<(i64, String)>, StoreError>;
    /// Inserts a new article with its search index row ([`Prepared::index`]) and, when it has
    /// a cluster signature ([`Prepared::signature`]), its story cluster; its id.
    fn insert_article(&mut self, p: &Prepared<'_>) -> Result<i64, StoreError>;
    /// Overwrites a changed article's text, metadata and search index row (extract error
    /// cleared; the story cluster stays) and supersedes the TLDRs of the old text (kept on
    /// record, no longer shown).
    fn update_article(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError>;
    /// Keeps the article's embedding ([`Derived::embedding`]; [`UPSERT_EMBEDDING_SQL`]).
    fn put_embedding(
        &mut self,
        id: i64,
        embedding: &crate::cluster::Embedding,
    ) -> Result<(), StoreError>;
    /// Adds an accepted TLDR for the article.
    fn insert_tldr(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError>;
    /// Records (or re-points) the source's entry to the article.
    fn upsert_entry(
        &mut self,
        source_id: i64,
        entry: &EntryRef<'_>,
        article_id: i64,
        now: i64,
    ) -> Result<(), StoreError>;
}

/// Articles with at least this much text are also recognised by their text within a site.
const SAME_TEXT_MIN_LEN: usize = 500;

/// The decisions of `save_article`, the same for both engines: the same article (same URL or
/// canonical URL; or, for a properly extracted article of some length, the same text on the
/// same site, e.g. a print or AMP version) is linked, not duplicated; when its title or text
/// changed (and the new extraction did not fail), it is updated in place with a new TLDR.
pub(super) fn save<T: SaveTx>(
    tx: &mut T,
    source_id: i64,
    entry: &EntryRef<'_>,
    p: &Prepared<'_>,
) -> Result<SaveOutcome, StoreError> {
    let a = p.a;
    let mut existing = tx.find_by_url(&a.url, p.canonical)?;
    if existing.is_none() && a.extract_error.is_none() && p.content.len() >= SAME_TEXT_MIN_LEN {
        existing = tx.find_by_site_hash(&a.site, &p.hash)?;
    }
    let now = now();
    let outcome = match existing {
        None => SaveOutcome::New(tx.insert_article(p)?),
        Some((id, old_hash)) if old_hash != p.hash && a.extract_error.is_none() => {
            tx.update_article(id, p, now)?;
            SaveOutcome::Updated(id)
        }
        Some((id, _)) => SaveOutcome::Linked(id),
    };
    let article_id = outcome.id();
    if !matches!(outcome, SaveOutcome::Linked(_)) {
        tx.insert_tldr(article_id, p, now)?;
        if let Some(e) = p.embedding.as_ref().filter(|_| a.extract_error.is_none()) {
            tx.put_embedding(article_id, e)?;
        }
    }
    tx.upsert_entry(source_id, entry, article_id, now)?;
    Ok(outcome)
}

/// Keeps an article's embedding (both engines; `?N` placeholders): article id, model, the
/// vector as little-endian `f32`s ([`crate::cluster::vector_bytes`]). A changed article's new
/// vector replaces the old.
pub(super) const UPSERT_EMBEDDING_SQL: &str =
    "INSERT INTO article_embeddings (article_id, model, vector) VALUES (?1, ?2, ?3) \
     ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, vector = excluded.vector";

/// An article's stored vector of one model (both engines; `?N` placeholders): article id,
/// model.
pub(super) const EMBEDDING_SQL: &str =
    "SELECT vector FROM article_embeddings WHERE article_id = ?1 AND model = ?2";

/// A stable hash of an article's title and text, to notice changes.
pub(super) fn content_hash(title: &str, content: &str) -> String {
    super::stable_hash(&[title, content])
}

/// The current time in Unix seconds.
pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kg_extract::{Block, BlockKind};

    #[test]
    fn blocks_are_stored_as_kind_and_text_and_read_back() {
        let kinds = [
            (BlockKind::Paragraph, "paragraph"),
            (BlockKind::Heading, "heading"),
            (BlockKind::ListItem, "list_item"),
            (BlockKind::Quote, "quote"),
            (BlockKind::Table, "table"),
            (BlockKind::Preformatted, "preformatted"),
        ];
        let a = NewArticle {
            url: "https://example.org/a".into(),
            canonical_url: None,
            title: "Titel".into(),
            teaser: None,
            blocks: kinds
                .iter()
                .map(|(kind, _)| Block {
                    kind: *kind,
                    text: "Ein \"Zitat\" – mit Umlaut: ä\n".into(),
                })
                .collect(),
            site: "example.org".into(),
            author: None,
            language: None,
            image: None,
            paywalled: false,
            published_at: 0,
            date_source: DateSource::Page,
            fetched_at: 0,
            extract_error: None,
            ressort: None,
            page_type: kg_extract::PageType::Article,
            tldr: kg_summarize::Tldr {
                sentences: Vec::new(),
                method: kg_summarize::Method::Extractive,
                model: None,
            },
        };
        let json = blocks_json(&a).unwrap();
        let expected: Vec<String> = kinds
            .iter()
            .map(|(_, name)| {
                format!(r#"{{"kind":"{name}","text":"Ein \"Zitat\" – mit Umlaut: ä\n"}}"#)
            })
            .collect();
        assert_eq!(json, format!("[{}]", expected.join(",")));
        let back: Vec<BlockOut> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.len(), kinds.len());
        assert!(back
            .iter()
            .zip(&kinds)
            .all(|(b, (_, name))| b.kind == *name && b.text == "Ein \"Zitat\" – mit Umlaut: ä\n"));
    }
}
