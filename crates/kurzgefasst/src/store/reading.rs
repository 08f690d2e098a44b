//! Reading every day (issue 19): what each reader has read and saved, their visits, and their
//! filters. Read and saved state is the `item_states` table the Google Reader API uses too (one
//! source of truth for the pages, the JSON API and the Reader API's `read` and `starred` tags).
//!
//! Everything here is engine-independent: the SQL is written once, with the engine's
//! placeholder style (`?N` for SQLite, `$N` for PostgreSQL), in a dialect both accept (`TRUE`,
//! `FALSE`, `NOT COALESCE(st.is_read, FALSE)`: SQLite stores the flags as 0/1 integers, PostgreSQL
//! as booleans). The engines only run it (`query_listed`, `write_versioned`, `query_int` in
//! `sqlite.rs` and `postgres.rs`). Every parameter is an integer.
//!
//! Filters are applied when a list is read, not stored per article: a rule's words are stemmed
//! and folded as search does ([`super::search::index_row`]) and matched as a phrase against the
//! article's title (and text), so nothing is ever deleted or rewritten when a rule changes.

use super::search::index_row;
use super::shared::{article_from, Cols, ARTICLE_COLUMNS, TLDR_JOIN};
use super::{pg_call, Store, StoreError, StoredArticle};

/// The part of the articles a list or a "mark all read" covers: a source, a category, a
/// Ressort, a day (a time range), or the articles of one page. Every field narrows; `Scope::default()` is
/// every article the reader follows (a reader's lists and marks never reach beyond their
/// subscriptions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only articles carried by this source.
    pub source: Option<i64>,
    /// Published at or after (Unix seconds).
    pub from: Option<i64>,
    /// Published before (Unix seconds).
    pub until: Option<i64>,
    /// Only these articles (the entries of one rendered page).
    pub ids: Option<Vec<i64>>,
    /// Fetched at or after (Unix seconds): what arrived since then.
    pub arrived_from: Option<i64>,
    /// Only articles of sources in this category of the reader's.
    pub category: Option<i64>,
    /// Only articles filed under this Ressort.
    pub ressort: Option<crate::ressort::Ressort>,
}

/// A reader's list: which articles, from where, how many. Its articles come without Inhalt
/// (`content` empty, no `blocks`): lists show title, record and TLDR.
#[derive(Debug, Clone, Default)]
pub struct ReadingList {
    /// Which articles.
    pub scope: Scope,
    /// Leave out the articles the reader has read.
    pub unread_only: bool,
    /// Only the articles the reader saved ("Merken").
    pub saved_only: bool,
    /// Continue after this `(published_at, id)` (newest first).
    pub before: Option<(i64, i64)>,
    /// At most this many.
    pub limit: usize,
}

/// An article of a reader's list, with the reader's state of it.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The article.
    pub article: StoredArticle,
    /// The reader has read it.
    pub read: bool,
    /// The reader saved it.
    pub saved: bool,
}

/// A reader's own settings and visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderPrefs {
    /// Reading one article of a story cluster marks the cluster's other articles read.
    pub cluster_read: bool,
    /// The last start-page view (Unix seconds; 0: never).
    pub visit_at: i64,
    /// The newest article id at that view.
    pub visit_max_id: i64,
    /// The newest article id at the visit before: newer articles are "new since the last visit".
    pub seen_max_id: i64,
}

impl Default for ReaderPrefs {
    fn default() -> ReaderPrefs {
        ReaderPrefs {
            cluster_read: true,
            visit_at: 0,
            visit_max_id: 0,
            seen_max_id: 0,
        }
    }
}

/// Start-page views closer together than this belong to one visit.
pub const VISIT_GAP_SECS: i64 = 30 * 60;

/// What a filter rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// Hides the articles it matches.
    Mute,
    /// Shows the articles it matches even when a mute rule matches them too.
    Keep,
}

/// What a filter rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleField {
    /// The word or phrase in the title.
    Title,
    /// The word or phrase in the title or the text.
    Anywhere,
    /// The article comes from this source.
    Source,
    /// The article is filed under this Ressort (the rule's pattern is its slug).
    Ressort,
    /// The article comes from a source the reader has in this category of theirs.
    Category,
}

impl RuleAction {
    /// The stored and posted value.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleAction::Mute => "mute",
            RuleAction::Keep => "keep",
        }
    }

    /// The value as stored or posted; `None` when unknown.
    pub fn parse(s: &str) -> Option<RuleAction> {
        match s {
            "mute" => Some(RuleAction::Mute),
            "keep" => Some(RuleAction::Keep),
            _ => None,
        }
    }
}

impl RuleField {
    /// True for the rules that look at the article's words (title, text).
    pub fn needs_words(self) -> bool {
        matches!(self, RuleField::Title | RuleField::Anywhere)
    }

    /// The stored and posted value.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleField::Title => "title",
            RuleField::Anywhere => "anywhere",
            RuleField::Source => "source",
            RuleField::Ressort => "ressort",
            RuleField::Category => "category",
        }
    }

    /// The value as stored or posted; `None` when unknown.
    pub fn parse(s: &str) -> Option<RuleField> {
        match s {
            "title" => Some(RuleField::Title),
            "anywhere" => Some(RuleField::Anywhere),
            "source" => Some(RuleField::Source),
            "ressort" => Some(RuleField::Ressort),
            "category" => Some(RuleField::Category),
            _ => None,
        }
    }
}

/// A reader's filter rule.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rule {
    /// Row id.
    pub id: i64,
    /// Mute or keep.
    pub action: RuleAction,
    /// What it looks at.
    pub field: RuleField,
    /// The word or phrase as typed (empty for a source rule).
    pub pattern: String,
    /// The pattern's stemmed, folded keys, separated by single spaces.
    pub keys: String,
    /// The source of a source rule.
    pub source_id: Option<i64>,
    /// The reader's category of a category rule.
    pub category_id: Option<i64>,
}

impl Rule {
    /// A rule on one of the reader's categories (id 0 until stored; [`Store::add_rule`]
    /// refuses a category that is not the reader's).
    pub fn category(action: RuleAction, category_id: i64) -> Rule {
        Rule {
            id: 0,
            action,
            field: RuleField::Category,
            pattern: String::new(),
            keys: String::new(),
            source_id: None,
            category_id: Some(category_id),
        }
    }

    /// A new rule (id 0 until stored). `None` when a word rule has no word in it, a source
    /// rule no source, or a Ressort rule no Ressort (its slug or name as `pattern`); a
    /// category rule is made with [`Rule::category`].
    pub fn new(
        action: RuleAction,
        field: RuleField,
        pattern: &str,
        source_id: Option<i64>,
    ) -> Option<Rule> {
        let pattern = pattern.trim();
        if field == RuleField::Ressort {
            let r = crate::ressort::Ressort::from_slug(pattern)
                .or_else(|| crate::ressort::from_name(pattern))?;
            return Some(Rule {
                id: 0,
                action,
                field,
                pattern: r.slug().to_string(),
                keys: String::new(),
                source_id: None,
                category_id: None,
            });
        }
        let keys = match field {
            RuleField::Category => return None,
            RuleField::Source => {
                source_id?;
                String::new()
            }
            _ => {
                let k = index_row(pattern, "").title;
                if k.is_empty() {
                    return None;
                }
                k
            }
        };
        Some(Rule {
            id: 0,
            action,
            field,
            pattern: if field == RuleField::Source {
                String::new()
            } else {
                pattern.to_string()
            },
            keys,
            source_id: source_id.filter(|_| field == RuleField::Source),
            category_id: None,
        })
    }
}

/// A reader's rules, ready to test articles with.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// The rules.
    pub rules: Vec<Rule>,
}

/// An article as the filters see it: its stemmed title and text, and which of the rules'
/// sources and categories carry it.
pub struct Candidate<'a> {
    /// The article.
    pub article: &'a StoredArticle,
    /// The sources carrying it that some rule names.
    pub sources: &'a [i64],
    /// The reader's categories, named by some rule, holding a source that carries it.
    pub categories: &'a [i64],
    /// Its stored content hash (empty: hashed from title and text here).
    pub fingerprint: &'a str,
    /// The article was read without its text (a list): its keys can only come from the cache.
    pub text_missing: bool,
}

impl Filters {
    /// True when there are no mute rules (nothing is ever hidden).
    pub fn is_empty(&self) -> bool {
        !self.rules.iter().any(|r| r.action == RuleAction::Mute)
    }

    /// The sources the rules name (the list query says which of them carry each article).
    pub fn sources(&self) -> Vec<i64> {
        let mut v: Vec<i64> = self.rules.iter().filter_map(|r| r.source_id).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The categories the rules name (the list query says which of them hold a source carrying
    /// each article).
    pub fn categories(&self) -> Vec<i64> {
        let mut v: Vec<i64> = self.rules.iter().filter_map(|r| r.category_id).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The mute rule that hides `c`, if one matches and no keep rule does (`None` also when
    /// the article's text is missing and its keys are not cached: see [`Filters::verdict`]).
    pub fn hidden_by(&self, c: &Candidate<'_>) -> Option<i64> {
        self.verdict(c).ok().flatten()
    }

    /// The mute rule that hides `c` (`Ok(None)`: shown), or `Err(())` when `c` came without its
    /// text and its keys are not cached: read the text and ask again.
    #[allow(clippy::result_unit_err)]
    pub fn verdict(&self, c: &Candidate<'_>) -> Result<Option<i64>, ()> {
        if self.is_empty() {
            return Ok(None);
        }
        let matched = self.matching(c).ok_or(())?;
        if matched.iter().any(|r| r.action == RuleAction::Keep) {
            return Ok(None);
        }
        Ok(matched
            .iter()
            .find(|r| r.action == RuleAction::Mute)
            .map(|r| r.id))
    }

    /// Every rule that matches `c` (`None`: its text is needed, see [`Filters::verdict`]).
    pub fn matching<'r>(&'r self, c: &Candidate<'_>) -> Option<Vec<&'r Rule>> {
        let needs_words = self.rules.iter().any(|r| r.field.needs_words());
        let keys = match needs_words {
            true => Some(article_keys(c.article, c.fingerprint, c.text_missing)?),
            false => None,
        };
        let matched = self
            .rules
            .iter()
            .filter(|r| match (r.field, &keys) {
                (RuleField::Title, Some(k)) => k.title_has(&r.keys),
                (RuleField::Anywhere, Some(k)) => k.title_has(&r.keys) || k.body_has(&r.keys),
                (RuleField::Source, _) => r.source_id.is_some_and(|s| c.sources.contains(&s)),
                (RuleField::Category, _) => {
                    r.category_id.is_some_and(|x| c.categories.contains(&x))
                }
                (RuleField::Ressort, _) => c.article.ressort.is_some_and(|x| x.slug() == r.pattern),
                _ => false,
            })
            .collect();
        Some(matched)
    }
}

/// An article's stemmed title and text, each padded with a space on both sides (so a phrase
/// `" k1 k2 "` is found only as whole keys), and the sets of their keys (a one-word rule is a
/// set look-up; a phrase is looked for only when its first word is there).
struct ArticleKeys {
    /// Hash of title and text: a changed article is stemmed again.
    fingerprint: String,
    title: String,
    body: String,
    title_words: std::collections::HashSet<String>,
    body_words: std::collections::HashSet<String>,
}

impl ArticleKeys {
    fn has(text: &str, words: &std::collections::HashSet<String>, phrase: &str) -> bool {
        match phrase.split_once(' ') {
            None => words.contains(phrase),
            Some((first, _)) => words.contains(first) && text.contains(&format!(" {phrase} ")),
        }
    }

    fn title_has(&self, phrase: &str) -> bool {
        Self::has(&self.title, &self.title_words, phrase)
    }

    fn body_has(&self, phrase: &str) -> bool {
        Self::has(&self.body, &self.body_words, phrase)
    }
}

/// Articles whose keys are kept in memory at most (the cache is emptied when full): readers
/// mostly look at the same recent articles, and stemming an article's text costs far more than
/// looking it up.
const KEY_CACHE: usize = 10_000;

static KEYS: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<i64, std::sync::Arc<ArticleKeys>>>,
> = std::sync::LazyLock::new(Default::default);

/// True when the keys of article `id` with content hash `fingerprint` are cached.
fn keys_cached(id: i64, fingerprint: &str) -> bool {
    !fingerprint.is_empty()
        && KEYS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .is_some_and(|k| k.fingerprint == fingerprint)
}

/// The stemmed keys of an article's title and text, from the process-wide cache when the
/// article is unchanged since they were made (`fingerprint`: its stored content hash; empty:
/// computed here).
fn article_keys(
    a: &StoredArticle,
    fingerprint: &str,
    text_missing: bool,
) -> Option<std::sync::Arc<ArticleKeys>> {
    let fingerprint = if fingerprint.is_empty() {
        super::stable_hash(&[&a.title, &a.content])
    } else {
        fingerprint.to_string()
    };
    if let Some(k) = KEYS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&a.id)
        .filter(|k| k.fingerprint == fingerprint)
    {
        return Some(std::sync::Arc::clone(k));
    }
    if text_missing {
        return None;
    }
    let row = index_row(&a.title, &a.content);
    let set = |s: &str| {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let keys = std::sync::Arc::new(ArticleKeys {
        fingerprint,
        title_words: set(&row.title),
        body_words: set(&row.body),
        title: format!(" {} ", row.title),
        body: format!(" {} ", row.body),
    });
    let mut cache = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= KEY_CACHE {
        cache.clear();
    }
    cache.insert(a.id, std::sync::Arc::clone(&keys));
    Some(keys)
}

/// Placeholder style of an engine: `?N` (SQLite) or `$N` (PostgreSQL).
#[derive(Clone, Copy)]
pub(super) struct Ph(pub(super) char);

/// SQL and its integer parameters, built left to right.
struct Sql {
    ph: Ph,
    text: String,
    params: Vec<i64>,
}

impl Sql {
    fn new(ph: Ph) -> Sql {
        Sql {
            ph,
            text: String::new(),
            params: Vec::new(),
        }
    }

    /// A placeholder bound to `v`.
    fn p(&mut self, v: i64) -> String {
        self.params.push(v);
        format!("{}{}", self.ph.0, self.params.len())
    }

    /// The scope's conditions on `articles a`, each starting with ` AND`.
    fn scope(&mut self, s: &Scope) {
        if let Some(src) = s.source {
            let p = self.p(src);
            self.text.push_str(&format!(
                " AND a.id IN (SELECT e.article_id FROM entries e WHERE e.source_id = {p})"
            ));
        }
        if let Some(from) = s.from {
            let p = self.p(from);
            self.text.push_str(&format!(" AND a.published_at >= {p}"));
        }
        if let Some(until) = s.until {
            let p = self.p(until);
            self.text.push_str(&format!(" AND a.published_at < {p}"));
        }
        if let Some(t) = s.arrived_from {
            let p = self.p(t);
            self.text.push_str(&format!(" AND a.fetched_at >= {p}"));
        }
        if let Some(r) = s.ressort {
            // A slug of the fixed list (ASCII letters only), written into the SQL.
            self.text
                .push_str(&format!(" AND a.ressort = '{}'", r.slug()));
        }

        if let Some(ids) = &s.ids {
            // Integers only: written into the SQL, no quoting involved.
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            let list = if list.is_empty() {
                "NULL".to_string()
            } else {
                list.join(",")
            };
            self.text.push_str(&format!(" AND a.id IN ({list})"));
        }
    }
}

/// The list query: [`ARTICLE_COLUMNS`], then read, saved, and which of the sources and
/// categories the `filters` name carry the article.
fn list_sql(ph: Ph, user_id: i64, l: &ReadingList, filters: &Filters) -> (String, Vec<i64>) {
    let mut q = Sql::new(ph);
    let u = q.p(user_id);
    // The rules' sources that carry the article and the rules' categories holding one of them,
    // as text ("3 7 c12 "): aggregation functions differ between the engines, a CASE per named
    // source or category does not. Only integers are written into the SQL.
    let mut carriers: Vec<String> = filters
        .sources()
        .iter()
        .map(|s| {
            format!(
                "CASE WHEN EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = {s}) THEN '{s} ' ELSE '' END"
            )
        })
        .collect();
    carriers.extend(filters.categories().iter().map(|c| {
        format!(
            "CASE WHEN EXISTS (SELECT 1 FROM entries e JOIN subscriptions su ON su.source_id = e.source_id \
             WHERE e.article_id = a.id AND su.user_id = {user_id} AND su.category_id = {c}) THEN 'c{c} ' ELSE '' END"
        )
    }));
    let sources_col = if carriers.is_empty() {
        "''".to_string()
    } else {
        carriers.join(" || ")
    };
    // Lists show no Inhalt: blocks and text are not read (the filters load the text of an
    // article whose keys they have not cached, `with_texts`).
    let columns = ARTICLE_COLUMNS.replacen("a.blocks_json, a.content", "'[]', ''", 1);
    q.text = format!(
        "SELECT {columns}, COALESCE(st.is_read, FALSE), COALESCE(st.starred, FALSE), {sources_col}, a.content_hash \
         FROM articles a {TLDR_JOIN} LEFT JOIN item_states st ON st.user_id = {u} AND st.article_id = a.id WHERE TRUE"
    );
    q.scope(&l.scope);
    q.text.push_str(&super::readers::scope_filter(
        Some(user_id),
        l.scope.category,
    ));
    if l.unread_only {
        q.text.push_str(" AND NOT COALESCE(st.is_read, FALSE)");
    }
    if l.saved_only {
        q.text.push_str(" AND st.starred");
    }
    if let Some((bp, bi)) = l.before {
        let (p1, p2) = (q.p(bp), q.p(bi));
        q.text
            .push_str(&format!(" AND (a.published_at, a.id) < ({p1}, {p2})"));
    }
    let lim = q.p(l.limit as i64);
    q.text.push_str(&format!(
        " ORDER BY a.published_at DESC, a.id DESC LIMIT {lim}"
    ));
    (q.text, q.params)
}

/// One row of [`list_sql`].
pub(super) fn listed_from<R: Cols>(r: &R) -> Result<ListedRow, StoreError> {
    let n = ARTICLE_COLUMNS.split(',').count();
    let mut carriers = Carriers::default();
    for t in r.text(n + 2)?.split_whitespace() {
        match t.strip_prefix('c') {
            Some(c) => carriers.categories.extend(c.parse::<i64>().ok()),
            None => carriers.sources.extend(t.parse::<i64>().ok()),
        }
    }
    Ok((
        Listed {
            article: article_from(r)?,
            read: r.flag(n)?,
            saved: r.flag(n + 1)?,
        },
        carriers,
        r.text(n + 3)?,
    ))
}

/// Which of the sources and categories the rules name carry a listed article.
#[derive(Debug, Default)]
pub(super) struct Carriers {
    sources: Vec<i64>,
    categories: Vec<i64>,
}

/// A row of [`list_sql`]: the article with the reader's state, the rules' sources and
/// categories carrying it, its content hash.
pub(super) type ListedRow = (Listed, Carriers, String);

/// Marks every article of `scope` up to `max_id` read for the user: one statement.
fn mark_sql(ph: Ph, user_id: i64, scope: &Scope, max_id: i64, now: i64) -> (String, Vec<i64>) {
    let mut q = Sql::new(ph);
    let (u, t, m) = (q.p(user_id), q.p(now), q.p(max_id));
    q.text = format!(
        "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
         SELECT {u}, a.id, TRUE, FALSE, {t} FROM articles a WHERE a.id <= {m}"
    );
    q.scope(scope);
    q.text
        .push_str(&super::readers::scope_filter(Some(user_id), scope.category));
    q.text.push_str(
        " ON CONFLICT (user_id, article_id) DO UPDATE SET is_read = TRUE, updated_at = excluded.updated_at \
         WHERE NOT item_states.is_read",
    );
    (q.text, q.params)
}

/// Marks an opened article read, and with the reader's `cluster_read` (on by default) the other
/// articles of its story cluster.
fn open_sql(ph: Ph, user_id: i64, id: i64, now: i64) -> (String, Vec<i64>) {
    let mut q = Sql::new(ph);
    let (u, t, a) = (q.p(user_id), q.p(now), q.p(id));
    q.text = format!(
        "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
         SELECT {u}, a.id, TRUE, FALSE, {t} FROM articles a WHERE a.id = {a} \
         OR (a.cluster_id IS NOT NULL AND a.cluster_id = (SELECT c.cluster_id FROM articles c WHERE c.id = {a}) \
             AND COALESCE((SELECT rs.cluster_read FROM reader_settings rs WHERE rs.user_id = {u}), TRUE)) \
         ON CONFLICT (user_id, article_id) DO UPDATE SET is_read = TRUE, updated_at = excluded.updated_at \
         WHERE NOT item_states.is_read"
    );
    (q.text, q.params)
}

/// A reader's version, `?1` the reader (PostgreSQL reads it as `$1`).
pub(super) const VERSION_SQL: &str =
    "SELECT COALESCE((SELECT v.version FROM reader_versions v WHERE v.user_id = ?1), 0)";

/// A reader's read articles in id order, each with its read flag (true), as [`CHANGED_SQL`]
/// gives them: read from the index `(user_id, is_read, article_id)` alone (`is_read = TRUE`, an
/// equality, lets SQLite use the index's second column; with a bare `AND is_read` it walked
/// every state of the reader through the table, five times slower).
pub(super) const READ_IDS_SQL: &str = "SELECT article_id, is_read FROM item_states \
     WHERE user_id = ?1 AND is_read = TRUE ORDER BY article_id";

/// A reader's item states written at or after `?2` (seconds), read or not: what changed since
/// the counter's kept state (the index `(user_id, updated_at)`: sqlite 0027, postgres 0020).
pub(super) const CHANGED_SQL: &str =
    "SELECT article_id, is_read FROM item_states WHERE user_id = ?1 AND updated_at >= ?2";

/// How far before the counter's last read of a reader's state it reads changes again: a write
/// stamps its rows with the time before its transaction and may commit later; this is far
/// more than any write waits for the lock.
pub(super) const CHANGES_SLACK_SECS: i64 = 300;

/// The read-state query of a snapshot: every read article, or with `since` the states written
/// since then (`(sql, params)`, `?1` the reader).
pub(super) fn read_state_sql(user_id: i64, since: Option<i64>) -> (&'static str, Vec<i64>) {
    match since {
        None => (READ_IDS_SQL, vec![user_id]),
        Some(t) => (CHANGED_SQL, vec![user_id, t]),
    }
}

/// A reader's subscriptions: source and category (0: none).
pub(super) const FOLLOWS_SQL: &str =
    "SELECT source_id, COALESCE(category_id, 0) FROM subscriptions WHERE user_id = ?1";

/// A reader's state as the unread counter reads it in one snapshot: version, read states
/// (every read article ascending, or the states changed since a time: article and read flag),
/// subscriptions (source, category or 0), filter rules.
pub(super) type Snapshot = (i64, Vec<(i64, bool)>, Vec<(i64, i64)>, Vec<Rule>);

/// Articles that became read for a reader in one transaction, with the reader's version before
/// and after it (the database bumps the version once per changed row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadChange {
    /// The reader's version before the change.
    pub before: i64,
    /// The articles that were unread and are read now.
    pub ids: Vec<i64>,
    /// The reader's version after it.
    pub after: i64,
}

/// The error for a write that reported nothing back (cannot happen: every statement reports).
fn no_change() -> StoreError {
    StoreError::NotFound("read change".into())
}

/// A read-marking statement of one reader: reader, SQL (`RETURNING article_id`), parameters.
pub(super) type VersionedWrite = (i64, String, Vec<i64>);

/// What a [`VersionedWrite`] did: the reader's version before, the ids it returned, the
/// version after.
pub(super) type Versioned = (i64, Vec<i64>, i64);

/// Rows read per round when filters hide some of a list's articles.
const FILTER_ROUNDS: usize = 8;

impl Store {
    fn ph(&self) -> Ph {
        match self {
            Store::Sqlite(_) => Ph('?'),
            Store::Postgres(_) => Ph('$'),
        }
    }

    fn query_listed(&self, sql: &str, params: &[i64]) -> Result<Vec<ListedRow>, StoreError> {
        match self {
            Store::Sqlite(s) => s.query_listed(sql, params),
            Store::Postgres(s) => pg_call(|| s.query_listed(sql, params)),
        }
    }

    /// A reader's list, newest first, without the articles `filters` hide (read further until
    /// the page is full or the articles end; hidden articles are never deleted).
    pub fn reading_list(
        &self,
        user_id: i64,
        l: &ReadingList,
        filters: &Filters,
    ) -> Result<Vec<Listed>, StoreError> {
        let mut out = Vec::with_capacity(l.limit);
        let mut page = l.clone();
        if !filters.is_empty() {
            page.limit = l.limit + l.limit / 2 + 10;
        }
        for _ in 0..FILTER_ROUNDS {
            let (sql, params) = list_sql(self.ph(), user_id, &page, filters);
            let mut rows = self.query_listed(&sql, &params)?;
            self.with_texts(filters, &mut rows)?;
            let full = rows.len() == page.limit;
            if let Some((last, _, _)) = rows.last() {
                page.before = Some((last.article.published_at, last.article.id));
            }
            for (mut item, srcs, hash) in rows {
                if self.verdict(filters, &mut item, &srcs, &hash)?.is_none() {
                    out.push(item);
                    if out.len() == l.limit {
                        return Ok(out);
                    }
                }
            }
            if !full {
                break;
            }
        }
        Ok(out)
    }

    /// Reads the text (Inhalt) of the listed articles whose keys the filters need and have not
    /// cached (lists are read without it).
    fn with_texts(&self, filters: &Filters, rows: &mut [ListedRow]) -> Result<(), StoreError> {
        if filters.is_empty() || !filters.rules.iter().any(|r| r.field.needs_words()) {
            return Ok(());
        }
        let missing: Vec<i64> = rows
            .iter()
            .filter(|(item, _, hash)| !keys_cached(item.article.id, hash))
            .map(|(item, _, _)| item.article.id)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = missing.iter().map(i64::to_string).collect();
        // Integers only, written into the SQL.
        let sql = format!(
            "SELECT id, content FROM articles WHERE id IN ({})",
            list.join(",")
        );
        let texts: std::collections::HashMap<i64, String> = match self {
            Store::Sqlite(s) => s.query_id_texts(&sql),
            Store::Postgres(s) => pg_call(|| s.query_id_texts(&sql)),
        }?
        .into_iter()
        .collect();
        for (item, _, _) in rows.iter_mut() {
            if let Some(t) = texts.get(&item.article.id) {
                item.article.content = t.clone();
            }
        }
        Ok(())
    }

    /// The filters' verdict on a listed article; reads its text when its keys are not cached
    /// (the cache may have been emptied since [`Store::with_texts`]).
    fn verdict(
        &self,
        filters: &Filters,
        item: &mut Listed,
        carriers: &Carriers,
        hash: &str,
    ) -> Result<Option<i64>, StoreError> {
        let c = Candidate {
            article: &item.article,
            sources: &carriers.sources,
            categories: &carriers.categories,
            fingerprint: hash,
            text_missing: item.article.content.is_empty(),
        };
        if let Ok(v) = filters.verdict(&c) {
            return Ok(v);
        }
        let sql = format!(
            "SELECT id, content FROM articles WHERE id = {}",
            item.article.id
        );
        let text = match self {
            Store::Sqlite(s) => s.query_id_texts(&sql),
            Store::Postgres(s) => pg_call(|| s.query_id_texts(&sql)),
        }?;
        item.article.content = text.into_iter().next().map(|(_, t)| t).unwrap_or_default();
        let c = Candidate {
            article: &item.article,
            sources: &carriers.sources,
            categories: &carriers.categories,
            fingerprint: hash,
            text_missing: false,
        };
        Ok(filters.verdict(&c).ok().flatten())
    }

    /// Which of `ids` the reader's filters leave visible (every id when there are no mute
    /// rules; unknown ids are left out then too).
    pub fn visible_ids(
        &self,
        user_id: i64,
        ids: &[i64],
    ) -> Result<std::collections::HashSet<i64>, StoreError> {
        let filters = self.filters(user_id)?;
        if filters.is_empty() {
            return Ok(ids.iter().copied().collect());
        }
        let mut out = std::collections::HashSet::new();
        for chunk in ids.chunks(500) {
            let l = ReadingList {
                scope: Scope {
                    ids: Some(chunk.to_vec()),
                    ..Scope::default()
                },
                limit: chunk.len(),
                ..ReadingList::default()
            };
            out.extend(
                self.reading_list(user_id, &l, &filters)?
                    .into_iter()
                    .map(|x| x.article.id),
            );
        }
        Ok(out)
    }

    /// Which of `ids` (a story's other articles) a reader may be shown: carried by a source they
    /// follow and not hidden by their filters. "Auch berichtet von" on the article page, in the
    /// JSON API and in the day's stories and briefing.
    pub fn shown_to_reader(
        &self,
        user_id: i64,
        ids: &[i64],
    ) -> Result<std::collections::HashSet<i64>, StoreError> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let followed = self.subscribed_article_ids(user_id, ids)?;
        self.visible_ids(user_id, &followed)
    }

    /// Of a story's other articles (`cluster_siblings`), those [`Store::shown_to_reader`] keeps.
    pub fn siblings_for_reader(
        &self,
        user_id: i64,
        mut siblings: Vec<super::ClusterSibling>,
    ) -> Result<Vec<super::ClusterSibling>, StoreError> {
        let ids: Vec<i64> = siblings.iter().map(|o| o.id).collect();
        let shown = self.shown_to_reader(user_id, &ids)?;
        siblings.retain(|o| shown.contains(&o.id));
        Ok(siblings)
    }

    /// How many of the articles of `scope` the reader's mute rules hid, per rule (`(rule id,
    /// count)`), over at most `max` of the newest articles.
    pub fn hidden_counts(
        &self,
        user_id: i64,
        scope: &Scope,
        filters: &Filters,
        max: usize,
    ) -> Result<Vec<(i64, usize)>, StoreError> {
        let l = ReadingList {
            scope: scope.clone(),
            limit: max,
            ..ReadingList::default()
        };
        let (sql, params) = list_sql(self.ph(), user_id, &l, filters);
        let mut counts: Vec<(i64, usize)> = filters.rules.iter().map(|r| (r.id, 0)).collect();
        let mut rows = self.query_listed(&sql, &params)?;
        self.with_texts(filters, &mut rows)?;
        for (mut item, srcs, hash) in rows {
            if let Some(rule) = self.verdict(filters, &mut item, &srcs, &hash)? {
                if let Some(e) = counts.iter_mut().find(|(id, _)| *id == rule) {
                    e.1 += 1;
                }
            }
        }
        Ok(counts)
    }

    /// Marks every article of `scope` with an id up to `max_id` (the newest when the page was
    /// rendered, so nothing that arrived later is marked) read for the reader; how many changed.
    pub fn mark_scope_read(
        &self,
        user_id: i64,
        scope: &Scope,
        max_id: i64,
    ) -> Result<usize, StoreError> {
        Ok(self
            .mark_scope_read_tracked(user_id, scope, max_id)?
            .ids
            .len())
    }

    /// [`Store::mark_scope_read`], telling which articles became read and the reader's version
    /// before and after (as [`Store::open_article_tracked`] does), so that
    /// [`UnreadCounter::apply_read`] takes them out of the reader's counts instead of counting
    /// again.
    pub fn mark_scope_read_tracked(
        &self,
        user_id: i64,
        scope: &Scope,
        max_id: i64,
    ) -> Result<ReadChange, StoreError> {
        let (mut sql, params) = mark_sql(self.ph(), user_id, scope, max_id, crate::store_now());
        sql.push_str(" RETURNING article_id");
        self.read_changes(&[(user_id, sql, params)])?
            .pop()
            .ok_or_else(no_change)
    }

    /// Runs read-marking statements (`RETURNING article_id`) in one transaction, each with its
    /// reader's version before and after it.
    fn read_changes(&self, writes: &[VersionedWrite]) -> Result<Vec<ReadChange>, StoreError> {
        let done = match self {
            Store::Sqlite(s) => s.write_versioned(writes),
            Store::Postgres(s) => pg_call(|| s.write_versioned(writes)),
        }?;
        Ok(done
            .into_iter()
            .map(|(before, ids, after)| ReadChange { before, ids, after })
            .collect())
    }

    /// The reader opened an article: it is read, and with `cluster_read` the other articles of
    /// its story cluster too. How many changed.
    pub fn open_article(&self, user_id: i64, id: i64) -> Result<usize, StoreError> {
        Ok(self.open_article_tracked(user_id, id)?.ids.len())
    }

    /// [`Store::open_article`], telling which articles became read and the reader's version
    /// before and after (read in the same transaction), so [`UnreadCounter::apply_read`] can
    /// update the reader's counts instead of counting again.
    pub fn open_article_tracked(&self, user_id: i64, id: i64) -> Result<ReadChange, StoreError> {
        let mut done = self.open_articles_tracked(&[(user_id, id)]);
        done.pop().unwrap_or_else(|| Err(no_change()))
    }

    /// [`Store::open_article_tracked`] for several opens `(reader, article)` at once: one
    /// transaction (one commit) for all of them, each with its reader's version right before
    /// and after it. When the transaction fails, each open is tried on its own, so one bad
    /// open fails alone.
    pub fn open_articles_tracked(
        &self,
        opens: &[(i64, i64)],
    ) -> Vec<Result<ReadChange, StoreError>> {
        let now = crate::store_now();
        let writes: Vec<VersionedWrite> = opens
            .iter()
            .map(|(user_id, id)| {
                let (mut sql, params) = open_sql(self.ph(), *user_id, *id, now);
                sql.push_str(" RETURNING article_id");
                (*user_id, sql, params)
            })
            .collect();
        match self.read_changes(&writes) {
            Ok(done) => done.into_iter().map(Ok).collect(),
            Err(e) if writes.len() == 1 => vec![Err(e)],
            Err(_) => writes
                .chunks(1)
                .map(|w| {
                    self.read_changes(w)
                        .and_then(|mut d| d.pop().ok_or_else(no_change))
                })
                .collect(),
        }
    }

    /// The reader's version (bumped by the database on every change of their reading state:
    /// migration sqlite 0020 / postgres 0017), the newest article id and the number of sources,
    /// in one query.
    pub fn reader_stamp(&self, user_id: i64) -> Result<ReaderStamp, StoreError> {
        let rows = self.with_db(|db| {
            super::shared::read_all(
                db,
                "SELECT COALESCE((SELECT v.version FROM reader_versions v WHERE v.user_id = ?1), 0), \
                 COALESCE((SELECT MAX(id) FROM articles), 0), (SELECT COUNT(*) FROM sources)",
                &[super::shared::Arg::Int(user_id)],
                |r| {
                    Ok(ReaderStamp {
                        version: r.int(0)?,
                        max_id: r.int(1)?,
                        sources: r.int(2)?,
                    })
                },
            )
        })?;
        Ok(rows.into_iter().next().unwrap_or_default())
    }

    /// The newest article id (0 when there is none).
    pub fn max_article_id(&self) -> Result<i64, StoreError> {
        self.query_int("SELECT COALESCE(MAX(id), 0) FROM articles", &[])
    }

    /// Runs a query of integer pairs with one integer parameter written `{1}`.
    fn query_pairs(&self, sql: &str, p: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let sql = sql.replace("{1}", &format!("{}1", self.ph().0));
        match self {
            Store::Sqlite(s) => s.query_pairs(&sql, p),
            Store::Postgres(s) => pg_call(|| s.query_pairs(&sql, p)),
        }
    }

    fn query_int(&self, sql: &str, params: &[i64]) -> Result<i64, StoreError> {
        match self {
            Store::Sqlite(s) => s.query_int(sql, params),
            Store::Postgres(s) => pg_call(|| s.query_int(sql, params)),
        }
    }

    /// A reader's settings and visits (the defaults when never set).
    pub fn reader_prefs(&self, user_id: i64) -> Result<ReaderPrefs, StoreError> {
        match self {
            Store::Sqlite(s) => s.reader_prefs(user_id),
            Store::Postgres(s) => pg_call(|| s.reader_prefs(user_id)),
        }
    }

    fn put_reader_prefs(&self, user_id: i64, p: &ReaderPrefs) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.put_reader_prefs(user_id, p),
            Store::Postgres(s) => pg_call(|| s.put_reader_prefs(user_id, p)),
        }
    }

    /// Turns marking a whole story cluster read on opening one of its articles on or off.
    pub fn set_cluster_read(&self, user_id: i64, on: bool) -> Result<(), StoreError> {
        let mut p = self.reader_prefs(user_id)?;
        p.cluster_read = on;
        self.put_reader_prefs(user_id, &p)
    }

    /// Records a start-page view at `now` with `max_id` the newest article; returns the newest
    /// article id of the previous visit (articles above it are new since then). Views within
    /// [`VISIT_GAP_SECS`] of each other are one visit; the first visit ever shows nothing as new.
    pub fn record_visit(&self, user_id: i64, now: i64, max_id: i64) -> Result<i64, StoreError> {
        Ok(self.record_visit_prefs(user_id, now, max_id)?.seen_max_id)
    }

    /// [`Store::record_visit`], returning the reader's settings and visits after it.
    pub fn record_visit_prefs(
        &self,
        user_id: i64,
        now: i64,
        max_id: i64,
    ) -> Result<ReaderPrefs, StoreError> {
        let mut p = self.reader_prefs(user_id)?;
        // Views within a minute that saw no new article change nothing worth a write.
        if p.visit_at != 0 && now - p.visit_at < 60 && p.visit_max_id == max_id {
            return Ok(p);
        }
        if p.visit_at == 0 {
            p.seen_max_id = max_id;
        } else if now - p.visit_at > VISIT_GAP_SECS {
            p.seen_max_id = p.visit_max_id;
        }
        p.visit_at = now;
        p.visit_max_id = max_id;
        self.put_reader_prefs(user_id, &p)?;
        Ok(p)
    }

    /// A reader's filter rules, oldest first.
    pub fn filters(&self, user_id: i64) -> Result<Filters, StoreError> {
        let rules = match self {
            Store::Sqlite(s) => s.rules(user_id),
            Store::Postgres(s) => pg_call(|| s.rules(user_id)),
        }?;
        Ok(Filters { rules })
    }

    /// Stores a filter rule for the reader; its id. A category rule must name one of the
    /// reader's own categories ([`StoreError::NotFound`] otherwise).
    pub fn add_rule(&self, user_id: i64, rule: &Rule) -> Result<i64, StoreError> {
        if let Some(c) = rule.category_id {
            if rule.field != RuleField::Category || self.category(user_id, c)?.is_none() {
                return Err(StoreError::NotFound(format!("category {c}")));
            }
        }
        match self {
            Store::Sqlite(s) => s.add_rule(user_id, rule),
            Store::Postgres(s) => pg_call(|| s.add_rule(user_id, rule)),
        }
    }

    /// Removes one of the reader's rules; false when the reader has no such rule.
    pub fn remove_rule(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        match self {
            Store::Sqlite(s) => s.remove_rule(user_id, id),
            Store::Postgres(s) => pg_call(|| s.remove_rule(user_id, id)),
        }
    }
}

/// Unread counts for the navigation and the Google Reader API's `unread-count`, fast enough for
/// every page view, tallied in memory instead of in SQL (a join of every entry with the reader's
/// state took 0.5–1 s at 100,000 articles). The counter keeps a map article → sources with each
/// article's publication time (built once, extended by the articles that arrived since, rebuilt
/// when the sources change and every [`MAP_REBUILD`]); a reader's counts walk it once beside
/// their read ids (one index range, in id order) and their subscriptions. A reader's counts are
/// kept until their version changes ([`Store::reader_stamp`]: bumped by the database on every
/// change of their states, subscriptions, categories, rules or settings, by any process) or the
/// map does: never older than the reader's own last write. One per process.
#[derive(Default)]
pub struct UnreadCounter {
    inner: std::sync::Mutex<CounterState>,
    /// Per reader: their categories (the navigation's) and the version they were read at.
    categories: std::sync::Mutex<std::collections::HashMap<i64, ReaderCategories>>,
}

/// A reader's categories and the version they were read at.
type ReaderCategories = (i64, std::sync::Arc<Vec<super::Category>>);

/// How long an article → sources map is used before it is read again in full (an existing
/// article linked to another source, or a removed one, shows in the counts after at most this
/// long; new articles show at once).
pub const MAP_REBUILD: std::time::Duration = std::time::Duration::from_secs(600);

#[derive(Default)]
struct CounterState {
    /// `(article, source)`, sorted.
    map: std::sync::Arc<Vec<(i64, i64)>>,
    /// `(article, published_at)`, sorted.
    published: std::sync::Arc<Vec<(i64, i64)>>,
    /// The newest article id and the number of sources the map was made for.
    made_for: (i64, i64),
    made_at: Option<std::time::Instant>,
    /// Bumped whenever the map changes (a reader's counts are made for one generation).
    generation: u64,
    /// The generation of the map's last full read: the maps of this and later generations
    /// only grew by newer articles.
    rebuilt: u64,
    /// Per reader: the version and map generation their counts were made for, and the counts.
    tallies: std::collections::HashMap<i64, Tally>,
    /// The articles each word or Ressort rule matches (keyed by [`rule_key`], shared by every
    /// reader with the same rule): up to the newest id asked for, ascending. Emptied with the map
    /// when it is read again in full, extended by the new articles as the map is.
    matches: std::collections::HashMap<String, (i64, std::sync::Arc<Vec<i64>>)>,
    /// Per reader: what their rules hide, for one generation and rule set (kept across their
    /// read marks, which change neither).
    hidings: std::collections::HashMap<i64, (u64, String, std::sync::Arc<Hiding>)>,
}

/// A rule set as text, to tell whether a reader's rules changed.
fn rules_signature(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|r| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?}\n",
                r.action, r.field, r.keys, r.pattern, r.source_id, r.category_id
            )
        })
        .collect()
}

/// What the counter kept of a reader when their counts are made again.
struct Kept {
    version: i64,
    reader: ReaderState,
    counts: std::sync::Arc<ReaderCounts>,
    /// The newest article the kept counts cover, when the map has only grown since they were
    /// made (else they are of no use).
    covered: Option<i64>,
}

/// A reader's counts and what they were made for.
struct Tally {
    version: i64,
    generation: u64,
    /// The newest article id of the map the counts were made on (they count articles up to it).
    covered: i64,
    /// The reader's state at `version`: read ids (ascending), subscriptions and rules.
    reader: ReaderState,
    /// What the reader's rules hide, for this generation's articles.
    hiding: std::sync::Arc<Hiding>,
    counts: std::sync::Arc<ReaderCounts>,
    /// Changes of this process that came before an earlier one (applied when it comes).
    pending: Vec<ReadChange>,
}

/// What the counter knows of a reader at one version: their read articles (ascending), the
/// sources they follow, their filter rules.
#[derive(Clone)]
struct ReaderState {
    read: std::sync::Arc<Bits>,
    follows: std::sync::Arc<Follows>,
    rules: std::sync::Arc<Vec<Rule>>,
    /// When the read articles were read from the store (seconds, taken before the read): the
    /// next read of the reader's state reads only the states written since (less a margin).
    read_at: i64,
}

/// `read` with `changes` (article, read now or not) applied.
fn patched(read: &Bits, changes: impl IntoIterator<Item = (i64, bool)>) -> Bits {
    let mut out = read.clone();
    for (id, is_read) in changes {
        if is_read {
            out.set(id);
        } else {
            out.unset(id);
        }
    }
    out
}

/// The sources a reader follows, looked up by source id without hashing.
#[derive(Default, PartialEq)]
struct Follows {
    /// Per source id: its slot + 1 (0: not followed).
    slot_of: Vec<u32>,
    /// Per slot, ascending by source: the source and its category's index in `categories`
    /// (`u32::MAX`: none).
    slots: Vec<(i64, u32)>,
    /// The categories of the followed sources, ascending.
    categories: Vec<i64>,
}

impl Follows {
    /// From `(source, category or 0)` pairs.
    fn new(mut pairs: Vec<(i64, i64)>) -> Follows {
        pairs.sort_unstable();
        pairs.dedup_by_key(|(s, _)| *s);
        let mut categories: Vec<i64> = pairs.iter().map(|(_, c)| *c).filter(|c| *c != 0).collect();
        categories.sort_unstable();
        categories.dedup();
        let top = pairs.iter().map(|(s, _)| *s).max().unwrap_or(0).max(0) as usize;
        let mut slot_of = vec![0u32; top + 1];
        let mut slots = Vec::with_capacity(pairs.len());
        for (i, (s, c)) in pairs.iter().enumerate() {
            if *s >= 0 {
                slot_of[*s as usize] = i as u32 + 1;
            }
            let ci = match *c {
                0 => u32::MAX,
                c => categories.binary_search(&c).map_or(u32::MAX, |i| i as u32),
            };
            slots.push((*s, ci));
        }
        Follows {
            slot_of,
            slots,
            categories,
        }
    }

    /// The reader's slot of source `s`, when they follow it.
    fn slot(&self, s: i64) -> Option<usize> {
        match usize::try_from(s).ok().and_then(|s| self.slot_of.get(s)) {
            Some(&n) if n > 0 => Some(n as usize - 1),
            _ => None,
        }
    }

    /// The reader's category of source `s`, when they follow it in one.
    fn category(&self, s: i64) -> Option<i64> {
        let (_, c) = self.slots[self.slot(s)?];
        self.categories.get(c as usize).copied()
    }
}

/// A set of article ids, a bit each (a reader's read articles: 12.5 KB per 100,000 ids, set
/// and tested in place, where a sorted list moved half of itself on every insert).
#[derive(Default, Clone, Debug, PartialEq)]
struct Bits(Vec<u64>);

impl Bits {
    fn set(&mut self, id: i64) {
        let Ok(i) = usize::try_from(id) else { return };
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn unset(&mut self, id: i64) {
        let Ok(i) = usize::try_from(id) else { return };
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    /// The set of `ids`.
    fn of(ids: impl IntoIterator<Item = i64>) -> Bits {
        let mut b = Bits::default();
        for id in ids {
            b.set(id);
        }
        b
    }

    fn has(&self, id: i64) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.0.get(i / 64).map(|w| w & (1 << (i % 64)) != 0))
            .unwrap_or(false)
    }
}

/// What a reader's filter rules hide, in the form the counter tests an article with: the same
/// verdict as [`Filters::verdict`] on the reader's lists (hidden when a mute rule matches and no
/// keep rule does), so the counts match the lists. Index 0 of each pair: the mute rules, 1: the
/// keep rules.
#[derive(Default)]
struct Hiding {
    /// Some mute rule (else nothing is hidden).
    active: bool,
    /// Articles matched by word (title, anywhere) and Ressort rules.
    ids: [Bits; 2],
    /// Sources of source rules.
    sources: [Vec<i64>; 2],
    /// Categories of category rules.
    categories: [Vec<i64>; 2],
}

impl Hiding {
    /// Whether the rules of `side` match article `a`, carried by the sources of `group`.
    fn matches(&self, side: usize, a: i64, group: &[(i64, i64)], follows: &Follows) -> bool {
        self.ids[side].has(a)
            || (!self.sources[side].is_empty()
                && group.iter().any(|(_, s)| self.sources[side].contains(s)))
            || (!self.categories[side].is_empty()
                && group.iter().any(|(_, s)| {
                    follows
                        .category(*s)
                        .is_some_and(|c| self.categories[side].contains(&c))
                }))
    }

    /// Whether the reader's rules hide article `a`, carried by the sources of `group`.
    fn hides(&self, a: i64, group: &[(i64, i64)], follows: &Follows) -> bool {
        self.active && self.matches(0, a, group, follows) && !self.matches(1, a, group, follows)
    }
}

/// The key of a rule whose articles the counter looks up in the database (word and Ressort
/// rules): the same rule of two readers shares one entry. `None` for source and category rules
/// (tested against the map).
fn rule_key(r: &Rule) -> Option<String> {
    match r.field {
        RuleField::Title => Some(format!("title {}", r.keys)),
        RuleField::Anywhere => Some(format!("anywhere {}", r.keys)),
        RuleField::Ressort => Some(format!("ressort {}", r.pattern)),
        RuleField::Source | RuleField::Category => None,
    }
}

impl Store {
    /// The ids above `above` of the articles a word or Ressort rule matches, ascending: a title
    /// rule's keys as a phrase of the title's keys, an anywhere rule's in the title's or the
    /// text's (the search index's stemmed copy, the keys the lists match with), a Ressort rule's
    /// articles filed under it. Empty for other rules.
    fn rule_article_ids(&self, r: &Rule, above: i64) -> Result<Vec<i64>, StoreError> {
        match r.field {
            RuleField::Ressort => self.with_db(|db| {
                super::shared::read_all(
                    db,
                    "SELECT id FROM articles WHERE ressort = ?1 AND id > ?2 ORDER BY id",
                    &[
                        super::shared::Arg::Text(&r.pattern),
                        super::shared::Arg::Int(above),
                    ],
                    |row| row.int(0),
                )
            }),
            RuleField::Title | RuleField::Anywhere if !r.keys.trim().is_empty() => {
                let title_only = r.field == RuleField::Title;
                match self {
                    Store::Sqlite(s) => s.phrase_article_ids(r.keys.trim(), title_only, above),
                    Store::Postgres(s) => {
                        pg_call(|| s.phrase_article_ids(r.keys.trim(), title_only, above))
                    }
                }
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// Unread articles of a group (a source, a category, all) and the publication time of the
/// newest of them (0 when none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unread {
    /// Unread articles, each once.
    pub count: i64,
    /// Publication time of the newest unread one (Unix seconds; 0: none).
    pub newest: i64,
}

impl Unread {
    fn add(&mut self, published: i64) {
        self.count += 1;
        self.newest = self.newest.max(published);
    }
}

/// A reader's unread counts: per source they follow, per category of theirs, in all. Groups
/// without unread articles are left out of the lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderCounts {
    /// Per followed source, ascending by id.
    pub per_source: Vec<(i64, Unread)>,
    /// Per category (its id), ascending by id: an article carried by two sources of one
    /// category counts once.
    pub per_category: Vec<(i64, Unread)>,
    /// Every unread article of the reader's sources once.
    pub total: Unread,
    /// False after [`UnreadCounter::apply_read`] changed the counts: the `newest` times may
    /// then name an article read since (the counts are exact).
    pub newest_exact: bool,
}

/// What the database says about a reader now: their version (bumped on every change of their
/// reading state) and the newest article id. Read before the data a cache keeps, it is the key
/// under which that data may be reused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ReaderStamp {
    /// The reader's version (0: never changed).
    pub version: i64,
    /// The newest article id.
    pub max_id: i64,
    /// The number of sources (the counter's map is read again when it changes).
    pub sources: i64,
}

impl CounterState {
    /// Makes the map current for `max_id` and `sources` (read in full or extended).
    fn refresh(&mut self, store: &Store, max_id: i64, sources: i64) -> Result<(), StoreError> {
        let stale = self.made_at.is_none_or(|t| t.elapsed() > MAP_REBUILD);
        if stale || self.made_for.1 != sources || max_id < self.made_for.0 {
            let mut map = store.query_pairs(
                "SELECT article_id, source_id FROM entries WHERE article_id > {1}",
                0,
            )?;
            // Exactly the articles up to `max_id` (one saved while the map is read comes with
            // the next extension), so counts made on the map cover a known range.
            map.retain(|(a, _)| *a <= max_id);
            map.sort_unstable();
            map.dedup();
            let mut published =
                store.query_pairs("SELECT id, published_at FROM articles WHERE id > {1}", 0)?;
            published.retain(|(a, _)| *a <= max_id);
            published.sort_unstable();
            self.map = std::sync::Arc::new(map);
            self.published = std::sync::Arc::new(published);
            self.made_at = Some(std::time::Instant::now());
            self.made_for = (max_id, sources);
            self.generation += 1;
            self.rebuilt = self.generation;
            // An article's text (and so the rules it matches) may have changed since.
            self.matches.clear();
        } else if max_id > self.made_for.0 {
            let from = self.made_for.0;
            let new = store.query_pairs(
                "SELECT article_id, source_id FROM entries WHERE article_id > {1}",
                from,
            )?;
            let new_pub =
                store.query_pairs("SELECT id, published_at FROM articles WHERE id > {1}", from)?;
            // New ids are above every id in the maps: appended, they stay sorted (rows read
            // twice, an article saved while the map was read, go once).
            for (m, new) in [(&mut self.map, new), (&mut self.published, new_pub)] {
                let m = std::sync::Arc::make_mut(m);
                let keep = m.partition_point(|(a, _)| *a <= from);
                m.truncate(keep);
                m.extend(new.into_iter().filter(|(a, _)| *a <= max_id));
                m[keep..].sort_unstable();
                m.dedup();
            }
            self.made_for.0 = max_id;
            self.generation += 1;
        }
        Ok(())
    }

    /// What `rules` hide among the map's articles: the articles of word and Ressort rules from
    /// the database (once per rule and new articles, shared by the readers), the rest tested
    /// against the map as it is walked.
    fn hiding(&mut self, store: &Store, rules: &[Rule]) -> Result<Hiding, StoreError> {
        let mut h = Hiding {
            active: rules.iter().any(|r| r.action == RuleAction::Mute),
            ..Hiding::default()
        };
        if !h.active {
            return Ok(h);
        }
        let upto = self.made_for.0;
        for r in rules {
            let side = match r.action {
                RuleAction::Mute => 0,
                RuleAction::Keep => 1,
            };
            match r.field {
                RuleField::Source => h.sources[side].extend(r.source_id),
                RuleField::Category => h.categories[side].extend(r.category_id),
                _ => {
                    let Some(key) = rule_key(r) else { continue };
                    let (from, known) = match self.matches.get(&key) {
                        Some((done, ids)) => (*done, std::sync::Arc::clone(ids)),
                        None => (0, std::sync::Arc::default()),
                    };
                    let ids = if from < upto {
                        let mut ids = known;
                        let new = store.rule_article_ids(r, from)?;
                        let v = std::sync::Arc::make_mut(&mut ids);
                        v.extend(new.into_iter().filter(|id| *id <= upto));
                        v.sort_unstable();
                        v.dedup();
                        self.matches
                            .insert(key, (upto, std::sync::Arc::clone(&ids)));
                        ids
                    } else {
                        known
                    };
                    for id in ids.iter() {
                        h.ids[side].set(*id);
                    }
                }
            }
        }
        Ok(h)
    }

    /// A reader's counts of the map's articles above id `above`: one walk over them, leaving
    /// out their read articles and what their rules hide.
    fn count(
        map: &[(i64, i64)],
        published_at: &[(i64, i64)],
        reader: &ReaderState,
        hiding: &Hiding,
        above: i64,
    ) -> ReaderCounts {
        let follows = &reader.follows;
        let read = &reader.read;
        let mut per_source = vec![Unread::default(); follows.slots.len()];
        let mut per_category = vec![Unread::default(); follows.categories.len()];
        let mut total = Unread::default();
        let mut i = map.partition_point(|(a, _)| *a <= above);
        let mut p = published_at.partition_point(|(a, _)| *a <= above);
        let mut cats: Vec<u32> = Vec::new();
        while i < map.len() {
            let a = map[i].0;
            let mut j = i + 1;
            while j < map.len() && map[j].0 == a {
                j += 1;
            }
            let group = &map[i..j];
            i = j;
            if !group.iter().any(|(_, s)| follows.slot(*s).is_some()) {
                continue;
            }
            if read.has(a) {
                continue;
            }
            if hiding.hides(a, group, follows) {
                continue;
            }
            while p < published_at.len() && published_at[p].0 < a {
                p += 1;
            }
            let published = match published_at.get(p) {
                Some((id, t)) if *id == a => *t,
                _ => 0,
            };
            total.add(published);
            cats.clear();
            for (_, s) in group {
                if let Some(k) = follows.slot(*s) {
                    per_source[k].add(published);
                    let c = follows.slots[k].1;
                    if c != u32::MAX && !cats.contains(&c) {
                        cats.push(c);
                        per_category[c as usize].add(published);
                    }
                }
            }
        }
        let listed = |ids: &mut dyn Iterator<Item = i64>, v: Vec<Unread>| -> Vec<(i64, Unread)> {
            ids.zip(v).filter(|(_, u)| u.count > 0).collect()
        };
        ReaderCounts {
            per_source: listed(&mut follows.slots.iter().map(|(s, _)| *s), per_source),
            per_category: listed(&mut follows.categories.iter().copied(), per_category),
            total,
            newest_exact: true,
        }
    }
}

/// The counts of `articles` alone (each unread now), as [`CounterState::count`] counts them.
fn count_articles(
    map: &[(i64, i64)],
    published: &[(i64, i64)],
    articles: &[i64],
    reader: &ReaderState,
    hiding: &Hiding,
) -> ReaderCounts {
    let mut ids = articles.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut sub_map = Vec::new();
    let mut sub_published = Vec::new();
    for a in &ids {
        let from = map.partition_point(|(x, _)| x < a);
        sub_map.extend(map[from..].iter().take_while(|(x, _)| x == a));
        if let Ok(k) = published.binary_search_by_key(a, |(x, _)| *x) {
            sub_published.push(published[k]);
        }
    }
    let unread = ReaderState {
        read: std::sync::Arc::default(),
        ..reader.clone()
    };
    CounterState::count(&sub_map, &sub_published, &unread, hiding, i64::MIN)
}

impl ReaderCounts {
    /// Takes `articles` (read by the reader just now, each unread before) out of the counts;
    /// articles the reader's rules hide were not in them.
    fn take_read(
        &mut self,
        map: &[(i64, i64)],
        articles: &[i64],
        follows: &Follows,
        hiding: &Hiding,
    ) {
        let mut cats: Vec<i64> = Vec::new();
        for a in articles {
            let from = map.partition_point(|(x, _)| x < a);
            let to = from + map[from..].partition_point(|(x, _)| x == a);
            let group = &map[from..to];
            if !group.iter().any(|(_, s)| follows.slot(*s).is_some())
                || hiding.hides(*a, group, follows)
            {
                continue;
            }
            self.total.count -= 1;
            cats.clear();
            for (_, s) in group {
                if follows.slot(*s).is_none() {
                    continue;
                }
                if let Ok(k) = self.per_source.binary_search_by_key(s, |(x, _)| *x) {
                    self.per_source[k].1.count -= 1;
                }
                if let Some(c) = follows.category(*s) {
                    if !cats.contains(&c) {
                        cats.push(c);
                        if let Ok(k) = self.per_category.binary_search_by_key(&c, |(x, _)| *x) {
                            self.per_category[k].1.count -= 1;
                        }
                    }
                }
            }
        }
        self.per_source.retain(|(_, u)| u.count > 0);
        self.per_category.retain(|(_, u)| u.count > 0);
        self.newest_exact = false;
    }

    /// Adds `other` (counts of other articles) to the counts.
    fn merge(&mut self, other: &ReaderCounts) {
        fn add(into: &mut Vec<(i64, Unread)>, from: &[(i64, Unread)]) {
            for (id, u) in from {
                match into.binary_search_by_key(id, |(x, _)| *x) {
                    Ok(k) => {
                        into[k].1.count += u.count;
                        into[k].1.newest = into[k].1.newest.max(u.newest);
                    }
                    Err(k) => into.insert(k, (*id, *u)),
                }
            }
        }
        add(&mut self.per_source, &other.per_source);
        add(&mut self.per_category, &other.per_category);
        self.total.count += other.total.count;
        self.total.newest = self.total.newest.max(other.total.newest);
    }

    /// The unread articles of a category (0 when none).
    pub fn category(&self, id: i64) -> Unread {
        self.per_category
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, u)| *u)
            .unwrap_or_default()
    }
}

impl UnreadCounter {
    /// Drops a reader's counts (the next call makes them afresh; the version alone already
    /// tells a change: this is for measuring).
    pub fn forget(&self, user_id: i64) {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .tallies
            .remove(&user_id);
    }

    /// The reader's categories at `version` (their version is bumped on every change of
    /// them, by any process): read from the store only when the counter holds none for it, so
    /// the navigation of a page costs no query of its own.
    pub fn categories(
        &self,
        store: &Store,
        user_id: i64,
        version: i64,
    ) -> Result<std::sync::Arc<Vec<super::Category>>, StoreError> {
        let lock = || self.categories.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((v, c)) = lock().get(&user_id) {
            if *v == version {
                return Ok(std::sync::Arc::clone(c));
            }
        }
        let c = std::sync::Arc::new(store.categories(user_id)?);
        let mut m = lock();
        if m.len() > 10_000 {
            m.clear();
        }
        m.insert(user_id, (version, std::sync::Arc::clone(&c)));
        Ok(c)
    }

    /// The newest article id the counter's map holds (0 before the first count).
    pub fn newest_counted(&self) -> i64 {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .made_for
            .0
    }

    /// The reader's unread counts now.
    pub fn summary(
        &self,
        store: &Store,
        user_id: i64,
    ) -> Result<std::sync::Arc<ReaderCounts>, StoreError> {
        let stamp = store.reader_stamp(user_id)?;
        self.counts(store, user_id, stamp)
    }

    /// The reader's unread counts for `stamp` (read by the caller before: [`Store::reader_stamp`]),
    /// without the articles their filter rules hide (as their lists leave them out). Counting
    /// happens outside the counter's lock, on the reader's state read in one snapshot with its
    /// version (so the counts name exactly the version they were made for); when only the
    /// articles changed (new ones arrived), on the reader's state the counter kept, without
    /// reading it again.
    pub fn counts(
        &self,
        store: &Store,
        user_id: i64,
        stamp: ReaderStamp,
    ) -> Result<std::sync::Arc<ReaderCounts>, StoreError> {
        let sources = stamp.sources;
        let (map, published, generation, covered, kept) = {
            let mut st = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            st.refresh(store, stamp.max_id, sources)?;
            let generation = st.generation;
            match st.tallies.get(&user_id) {
                // Counts of the stamp's version, or of a later one (a change committed since
                // the stamp was read: counts that hold it are the newer truth; a reader's
                // version only ever grows, also across a removed reader's id).
                Some(t) if t.version >= stamp.version && t.generation == generation => {
                    return Ok(std::sync::Arc::clone(&t.counts));
                }
                // Behind: a change of this process not yet taken out (`apply_read`), or any
                // other change; either way the states written since are read (below), which
                // costs less than waiting for it.
                _ => {}
            }
            let rebuilt = st.rebuilt;
            let kept = st.tallies.get(&user_id).map(|t| Kept {
                version: t.version,
                reader: t.reader.clone(),
                counts: std::sync::Arc::clone(&t.counts),
                // Counts on a map that has only grown since: kept, and the new articles
                // counted on top of them.
                covered: (t.generation >= rebuilt).then_some(t.covered),
            });
            (
                std::sync::Arc::clone(&st.map),
                std::sync::Arc::clone(&st.published),
                generation,
                st.made_for.0,
                kept,
            )
        };
        // The reader's state: the one kept when the version is the same (new articles only);
        // else the kept read articles with the states written since, or all of it afresh.
        let (version, reader, changes) = match &kept {
            Some(k) if k.version == stamp.version => (k.version, k.reader.clone(), Vec::new()),
            _ => {
                let base = kept.as_ref().map(|k| &k.reader);
                let since = base.map(|b| b.read_at - CHANGES_SLACK_SECS);
                let read_at = crate::store_now();
                let (version, rows, follows, rules) = match store {
                    Store::Sqlite(s) => s.reader_snapshot(user_id, since),
                    Store::Postgres(s) => pg_call(|| s.reader_snapshot(user_id, since)),
                }?;
                let read = match base {
                    Some(b) => patched(&b.read, rows.iter().copied()),
                    None => Bits::of(rows.iter().map(|(id, _)| *id)),
                };
                let reader = ReaderState {
                    read: std::sync::Arc::new(read),
                    follows: std::sync::Arc::new(Follows::new(follows)),
                    rules: std::sync::Arc::new(rules),
                    read_at,
                };
                (
                    version,
                    reader,
                    if base.is_some() { rows } else { Vec::new() },
                )
            }
        };
        // (When the map changed meanwhile, the rules' articles cover it too: counted on it, the
        // counts are returned but not kept.)
        let signature = rules_signature(&reader.rules);
        let hiding = {
            let mut st = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let now = st.generation;
            match st.hidings.get(&user_id) {
                Some((g, sig, h)) if *g == now && *sig == signature => std::sync::Arc::clone(h),
                _ => {
                    let h = std::sync::Arc::new(st.hiding(store, &reader.rules)?);
                    if st.hidings.len() > 10_000 {
                        st.hidings.clear();
                    }
                    st.hidings
                        .insert(user_id, (now, signature.clone(), std::sync::Arc::clone(&h)));
                    h
                }
            }
        };
        let counts = match kept {
            // The same sources, categories and rules over a map that only grew: the kept
            // counts with the read states that changed among their articles, and the new
            // articles counted on top (what a count of everything gives, for a fraction).
            Some(Kept {
                reader: base,
                counts: base_counts,
                covered: Some(upto),
                ..
            }) if *base.follows == *reader.follows && rules_signature(&base.rules) == signature => {
                let mut c = (*base_counts).clone();
                let (mut now_read, mut now_unread) = (Vec::new(), Vec::new());
                for (id, is_read) in changes {
                    if id <= upto && is_read != base.read.has(id) {
                        if is_read {
                            now_read.push(id);
                        } else {
                            now_unread.push(id);
                        }
                    }
                }
                if !now_read.is_empty() {
                    c.take_read(&map, &now_read, &reader.follows, &hiding);
                }
                if !now_unread.is_empty() {
                    c.merge(&count_articles(
                        &map,
                        &published,
                        &now_unread,
                        &reader,
                        &hiding,
                    ));
                }
                c.merge(&CounterState::count(
                    &map, &published, &reader, &hiding, upto,
                ));
                c
            }
            _ => CounterState::count(&map, &published, &reader, &hiding, i64::MIN),
        };
        let counts = std::sync::Arc::new(counts);
        let mut st = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if st.generation == generation
            && st.tallies.get(&user_id).is_none_or(|t| {
                t.version < version || (t.version == version && t.generation != generation)
            })
        {
            if st.tallies.len() > 10_000 {
                st.tallies.clear();
            }
            st.tallies.insert(
                user_id,
                Tally {
                    version,
                    generation,
                    covered,
                    reader,
                    hiding,
                    counts: std::sync::Arc::clone(&counts),
                    pending: Vec::new(),
                },
            );
        }
        Ok(counts)
    }

    /// The reader's counts with exact `newest` times (counted afresh after
    /// [`UnreadCounter::apply_read`]): what the Google Reader API reports.
    pub fn summary_exact(
        &self,
        store: &Store,
        user_id: i64,
    ) -> Result<std::sync::Arc<ReaderCounts>, StoreError> {
        let counts = self.summary(store, user_id)?;
        if counts.newest_exact {
            return Ok(counts);
        }
        self.forget(user_id);
        self.summary(store, user_id)
    }

    /// Takes a change of this process out of the reader's counts instead of counting again.
    /// Exact: the counts name the version they were made for, the change the versions right
    /// before and after it (it alone made the step: one per changed row). A change the counts
    /// already hold is skipped; one that comes before an earlier change of the reader waits for
    /// it (a few at most); the counts are dropped when a step cannot be accounted for.
    pub fn apply_read(&self, user_id: i64, change: &ReadChange) {
        let alone = change.after - change.before == change.ids.len() as i64;
        if alone {
            // Read marks alone made the step: the categories are those of the version before.
            let mut m = self.categories.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(e) = m.get_mut(&user_id).filter(|e| e.0 == change.before) {
                e.0 = change.after;
            }
        }
        let mut st = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let generation = st.generation;
        let map = std::sync::Arc::clone(&st.map);
        let Some(t) = st.tallies.get_mut(&user_id) else {
            return;
        };
        let alone = change.after - change.before == change.ids.len() as i64;
        if t.generation != generation || !alone {
            st.tallies.remove(&user_id);
            return;
        }
        if change.after <= t.version {
            return;
        }
        t.pending.push(change.clone());
        let mut counts = (*t.counts).clone();
        let mut changed = false;
        while let Some(i) = t.pending.iter().position(|c| c.before == t.version) {
            let c = t.pending.swap_remove(i);
            counts.take_read(&map, &c.ids, &t.reader.follows, &t.hiding);
            // In place unless a count in progress holds the set (then a copy of 12.5 KB per
            // 100,000 articles).
            let r = std::sync::Arc::make_mut(&mut t.reader.read);
            for id in &c.ids {
                r.set(*id);
            }
            t.version = c.after;
            changed = true;
        }
        let version = t.version;
        t.pending.retain(|c| c.after > version);
        if changed {
            t.counts = std::sync::Arc::new(counts);
        }
        if t.pending.len() > 64 {
            st.tallies.remove(&user_id);
        }
    }
}

/// The rule of a stored row: id, action, field, pattern, keys, source, category.
pub(super) fn rule_from<R: Cols>(r: &R) -> Result<Option<Rule>, StoreError> {
    let (Some(action), Some(field)) = (
        RuleAction::parse(&r.text(1)?),
        RuleField::parse(&r.text(2)?),
    ) else {
        return Ok(None);
    };
    Ok(Some(Rule {
        id: r.int(0)?,
        action,
        field,
        pattern: r.text(3)?,
        keys: r.text(4)?,
        source_id: r.opt_int(5)?,
        category_id: r.opt_int(6)?,
    }))
}

/// A reader's filter rules, oldest first, in the columns [`rule_from`] reads.
pub(super) const RULES_SQL: &str =
    "SELECT id, action, field, pattern, keys, source_id, category_id \
     FROM reader_rules WHERE user_id = ?1 ORDER BY id";

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, content: &str) -> StoredArticle {
        StoredArticle {
            id: 1,
            url: "https://example.org/a".into(),
            title: title.into(),
            teaser: None,
            blocks: Vec::new(),
            content: content.into(),
            site: "example.org".into(),
            author: None,
            language: Some("de".into()),
            paywalled: false,
            published_at: 0,
            date_source: super::super::DateSource::Page,
            extract_error: None,
            tldr: None,
            ressort: None,
            page_type: kg_extract::PageType::Article,
        }
    }

    fn rule(id: i64, action: RuleAction, field: RuleField, p: &str, src: Option<i64>) -> Rule {
        let mut r = Rule::new(action, field, p, src).unwrap();
        r.id = id;
        r
    }

    #[test]
    fn mute_matches_stems_and_umlauts_and_keep_overrides() {
        let f = Filters {
            rules: vec![
                rule(1, RuleAction::Mute, RuleField::Title, "Fußball", None),
                rule(
                    2,
                    RuleAction::Mute,
                    RuleField::Anywhere,
                    "Kryptowährung",
                    None,
                ),
                rule(
                    3,
                    RuleAction::Keep,
                    RuleField::Title,
                    "Nationalmannschaft",
                    None,
                ),
            ],
        };
        let hidden = |t: &str, c: &str| {
            f.hidden_by(&Candidate {
                article: &article(t, c),
                sources: &[],
                categories: &[],
                fingerprint: "",
                text_missing: false,
            })
        };
        // Inflected and folded forms are hidden.
        assert_eq!(hidden("Fussballs Zukunft", ""), Some(1));
        assert_eq!(hidden("Neues vom FUSSBALL", ""), Some(1));
        assert_eq!(
            hidden("Börse schwach", "Die Kryptowaehrungen fallen."),
            Some(2)
        );
        // A title-only rule does not look at the text.
        assert_eq!(hidden("Wetter", "Fußball im Regen"), None);
        // Similar but different words stay.
        assert_eq!(hidden("Neuer Fußballplatz eröffnet", ""), None);
        assert_eq!(hidden("Basketball", ""), None);
        // A keep rule overrides a mute rule.
        assert_eq!(hidden("Fußball: Nationalmannschaft gewinnt", ""), None);
    }

    #[test]
    fn phrases_match_as_phrases_and_sources_by_id() {
        let f = Filters {
            rules: vec![
                rule(1, RuleAction::Mute, RuleField::Title, "Deutsche Bahn", None),
                rule(2, RuleAction::Mute, RuleField::Source, "", Some(7)),
            ],
        };
        let a = article("Deutsche Bahn streicht Züge", "");
        assert_eq!(
            f.hidden_by(&Candidate {
                article: &a,
                sources: &[],
                categories: &[],
                fingerprint: "",
                text_missing: false,
            }),
            Some(1)
        );
        let b = article("Die Bahn und deutsche Politik", "");
        assert_eq!(
            f.hidden_by(&Candidate {
                article: &b,
                sources: &[],
                categories: &[],
                fingerprint: "",
                text_missing: false,
            }),
            None
        );
        assert_eq!(
            f.hidden_by(&Candidate {
                article: &b,
                sources: &[7],
                categories: &[],
                fingerprint: "",
                text_missing: false,
            }),
            Some(2)
        );
        assert_eq!(f.sources(), vec![7]);
        assert!(Rule::new(RuleAction::Mute, RuleField::Title, " – ", None).is_none());
        assert!(Rule::new(RuleAction::Mute, RuleField::Source, "", None).is_none());
    }

    #[test]
    fn a_category_rule_matches_the_articles_its_category_carries() {
        let mut mute = Rule::category(RuleAction::Mute, 5);
        mute.id = 1;
        let f = Filters {
            rules: vec![
                mute,
                rule(2, RuleAction::Keep, RuleField::Title, "Wahl", None),
            ],
        };
        assert_eq!(f.categories(), vec![5]);
        assert!(f.sources().is_empty());
        let hidden = |title: &str, cats: &[i64]| {
            f.hidden_by(&Candidate {
                article: &article(title, ""),
                sources: &[],
                categories: cats,
                fingerprint: "",
                text_missing: false,
            })
        };
        assert_eq!(hidden("Neues vom Stadtrat", &[5]), Some(1));
        assert_eq!(hidden("Neues vom Stadtrat", &[4]), None, "another category");
        assert_eq!(hidden("Neues vom Stadtrat", &[]), None);
        assert_eq!(hidden("Die Wahl im Land", &[5]), None, "kept");
        // A category rule is made with `Rule::category` only.
        assert!(Rule::new(RuleAction::Mute, RuleField::Category, "5", None).is_none());
        assert_eq!(RuleField::parse("category"), Some(RuleField::Category));
    }

    #[test]
    fn mark_all_is_one_statement_bounded_by_the_newest_id() {
        let scope = Scope {
            source: Some(3),
            from: Some(10),
            until: Some(20),
            ..Scope::default()
        };
        let (sql, params) = mark_sql(Ph('$'), 5, &scope, 99, 1000);
        assert!(sql.contains("a.id <= $3"), "{sql}");
        assert!(sql.contains("e.source_id = $4"), "{sql}");
        assert_eq!(params, vec![5, 1000, 99, 3, 10, 20]);
    }

    #[test]
    fn changes_since_the_kept_state_patch_the_read_articles() {
        // Read 3 and 9 newly, 5 unread again, 7 saved only (still read), 4 unread as before.
        let changes = vec![(9, true), (5, false), (3, true), (7, true), (4, false)];
        let ids = |b: &Bits| (0..200).filter(|i| b.has(*i)).collect::<Vec<i64>>();
        assert_eq!(
            ids(&patched(&Bits::of([1, 5, 7, 8]), changes)),
            vec![1, 3, 7, 8, 9]
        );
        assert_eq!(
            ids(&patched(&Bits::default(), vec![(2, true), (1, true)])),
            vec![1, 2]
        );
        assert_eq!(ids(&patched(&Bits::of([1, 2]), vec![])), vec![1, 2]);
        assert_eq!(
            ids(&patched(
                &Bits::of([1, 130]),
                vec![(1, false), (130, false), (199, false)]
            )),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn kept_counts_corrected_by_changes_and_new_articles_equal_a_full_count() {
        // Articles 1–6 over sources 10, 11 (category 5) and 12 (not followed); 5 and 6 arrive
        // after the kept counts (made up to article 4); source 11 muted, a keep rule for 3.
        let map = [
            (1, 10),
            (2, 11),
            (3, 11),
            (4, 10),
            (4, 12),
            (5, 10),
            (6, 11),
            (6, 10),
        ];
        let published = [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50), (6, 60)];
        let reader = |read: &[i64]| ReaderState {
            read: std::sync::Arc::new(Bits::of(read.iter().copied())),
            follows: std::sync::Arc::new(Follows::new(vec![(10, 5), (11, 5)])),
            rules: std::sync::Arc::default(),
            read_at: 0,
        };
        let mut hiding = Hiding {
            active: true,
            ..Hiding::default()
        };
        hiding.sources[0].push(11);
        hiding.ids[1].set(3);
        let old_map: Vec<(i64, i64)> = map.iter().copied().filter(|(a, _)| *a <= 4).collect();
        let kept = CounterState::count(&old_map, &published[..4], &reader(&[1]), &hiding, i64::MIN);
        assert_eq!(kept.total.count, 2, "3 (kept) and 4; 2 muted, 1 read");
        // Since: 1 unread again, 4 read, 3 saved only (no change of its read flag).
        let now = reader(&[4]);
        let mut c = kept.clone();
        c.take_read(&map, &[4], &now.follows, &hiding);
        c.merge(&count_articles(&map, &published, &[1], &now, &hiding));
        c.merge(&CounterState::count(&map, &published, &now, &hiding, 4));
        let full = CounterState::count(&map, &published, &now, &hiding, i64::MIN);
        assert_eq!(c.total.count, full.total.count);
        let counts =
            |v: &[(i64, Unread)]| v.iter().map(|(id, u)| (*id, u.count)).collect::<Vec<_>>();
        assert_eq!(counts(&c.per_source), counts(&full.per_source));
        assert_eq!(counts(&c.per_category), counts(&full.per_category));
        assert_eq!(
            counts(&full.per_source),
            vec![(10, 2), (11, 1)],
            "1 and 5; 3 kept; 6 muted by source 11 though 10 carries it too"
        );
        assert_eq!(c.total.newest, 50);
    }

    #[test]
    fn counts_leave_out_what_the_rules_hide_and_reads_come_out_in_place() {
        // Articles 1–4: 1 from source 10 (category 5), 2 from 10 and 11 (category 6), 3 from
        // 11, 4 from 12 (not followed).
        let map = [(1, 10), (2, 10), (2, 11), (3, 11), (4, 12)];
        let published = [(1, 100), (2, 200), (3, 300), (4, 400)];
        let reader = |read: Vec<i64>| ReaderState {
            read: std::sync::Arc::new(Bits::of(read)),
            follows: std::sync::Arc::new(Follows::new(vec![(11, 6), (10, 5)])),
            rules: std::sync::Arc::default(),
            read_at: 0,
        };
        let u = |count, newest| Unread { count, newest };
        let none = Hiding::default();
        let c = CounterState::count(&map, &published, &reader(vec![1]), &none, i64::MIN);
        assert_eq!(c.total, u(2, 300));
        assert_eq!(c.per_source, vec![(10, u(1, 200)), (11, u(2, 300))]);
        assert_eq!(c.per_category, vec![(5, u(1, 200)), (6, u(2, 300))]);

        // Source 11 muted: 2 and 3 are hidden (2 though source 10 carries it too).
        let mut mute = Hiding {
            active: true,
            ..Hiding::default()
        };
        mute.sources[0].push(11);
        let c = CounterState::count(&map, &published, &reader(vec![]), &mute, i64::MIN);
        assert_eq!(c.total, u(1, 100));
        assert_eq!(c.per_source, vec![(10, u(1, 100))]);
        assert_eq!(c.per_category, vec![(5, u(1, 100))]);

        // A keep rule matching article 2 (by id, as word rules do) brings it back.
        mute.ids[1].set(2);
        let mut c = CounterState::count(&map, &published, &reader(vec![]), &mute, i64::MIN);
        assert_eq!(c.total, u(2, 200));
        assert_eq!(c.per_source, vec![(10, u(2, 200)), (11, u(1, 200))]);
        assert_eq!(c.per_category, vec![(5, u(2, 200)), (6, u(1, 200))]);

        // Reading 2 and a hidden 3 and an unfollowed 4: only 2 comes out, as a recount says.
        let follows = Follows::new(vec![(10, 5), (11, 6)]);
        c.take_read(&map, &[2, 3, 4], &follows, &mute);
        let again = CounterState::count(&map, &published, &reader(vec![2, 3, 4]), &mute, i64::MIN);
        let counts =
            |v: &[(i64, Unread)]| v.iter().map(|(id, u)| (*id, u.count)).collect::<Vec<_>>();
        assert_eq!(c.total.count, again.total.count);
        assert_eq!(counts(&c.per_source), counts(&again.per_source));
        assert_eq!(counts(&c.per_category), counts(&again.per_category));
        assert_eq!(counts(&c.per_source), vec![(10, 1)]);
        assert!(!c.newest_exact);

        // A category rule (the reader's category 6 holds source 11) hides 2 and 3 as well.
        let mut cat = Hiding {
            active: true,
            ..Hiding::default()
        };
        cat.categories[0].push(6);
        let c = CounterState::count(&map, &published, &reader(vec![]), &cat, i64::MIN);
        assert_eq!(c.total, u(1, 100));
        assert!(!Bits::default().has(-1) && !Bits::default().has(7));
    }
}
