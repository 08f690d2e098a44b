//! Story clusters in SQLite: before an article is inserted, the cluster it joins is chosen
//! ([`choose`]); its keys (SimHash, title-term hashes, event keys) are columns of its row. It
//! joins the cluster of the closest earlier article within the time window: the same text
//! (SimHash within a few bits, found through identical 8-bit bands) or the same event (title
//! terms similar, or enough names and numbers of title and lead shared: event keys), decided by
//! `crate::cluster` as for PostgreSQL. The writer keeps the keys of the recent days in memory
//! ([`ClusterCache`]) and reads the candidates there.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::{ClusterSibling, SqliteStore, StoreError};
use crate::cluster::{self, Embedding, Signature};

/// The story cluster an article published at `published` with signature `sig` joins, chosen
/// before the article is inserted, so that its row is written once with its cluster: the
/// cluster of the closest earlier article within the time window, if there is one (an
/// earlier article that was alone founds the cluster, under its own id).
///
/// The candidates come from `cache`, the writer's in-memory copy of the signature rows
/// ([`ClusterCache`]), loaded from them where it does not cover the window yet; they are the
/// rows that look-ups by band value or title term in the tables would return (per band or title term and side, the
/// nearest [`cluster::BAND_NEIGHBOURS`] or [`cluster::TERM_NEIGHBOURS`] in time).
///
/// With an `embedding`, the candidates the event keys found are also compared by the
/// similarity of their stored vectors of the same model (`article_embeddings`, read by id).
pub(super) fn choose(
    conn: &Connection,
    cache: &mut ClusterCache,
    published: i64,
    sig: &Signature,
    embedding: Option<&Embedding>,
) -> rusqlite::Result<Option<i64>> {
    let lo = published.saturating_sub(cluster::WINDOW);
    let hi = published.saturating_add(cluster::WINDOW);
    // Two rounds at most: a candidate that is gone from the store (deleted by another
    // connection since the cache was loaded) drops the cache, and the second round reloads it.
    for _ in 0..2 {
        cache.ensure(conn, lo, hi)?;
        let Some(other) = cache.best_candidate(conn, published, lo, hi, sig, embedding)? else {
            return Ok(None);
        };
        let cl: Option<Option<i64>> = conn
            .prepare_cached("SELECT cluster_id FROM articles WHERE id = ?1")?
            .query_row([other], |r| r.get(0))
            .optional()?;
        let Some(cl) = cl else {
            cache.invalidate();
            continue;
        };
        if cl.is_none() {
            conn.prepare_cached("UPDATE articles SET cluster_id = ?1 WHERE id = ?1")?
                .execute([other])?;
        }
        return Ok(Some(cl.unwrap_or(other)));
    }
    Ok(None)
}

/// Articles the cache holds at most (about 600 bytes each): beyond, it is dropped and loaded
/// again around the article at hand, so that a long-running server keeps only the last days
/// in memory. Articles arrive in any order of publication (a new source brings weeks of them),
/// so the covered interval grows to take them rather than moving with each.
const CACHE_ARTICLES: usize = 50_000;

/// The writer's in-memory copy of the story-cluster keys (SimHash bands, title terms) of every
/// article published within one interval, so that choosing an article's cluster reads no
/// rows: the 16 band and 2 per title term indexed look-ups it took before (up to 50 rows
/// each) made clustering the writer's costliest step. The keys are stored in the articles'
/// own rows (`simhash`, `title_term_hashes`, migration 14), from which the cache is loaded;
/// PostgreSQL keeps look-up tables of them instead.
///
/// Invariant: for the interval `span`, the cache holds exactly the keys of the articles the
/// writer's connection sees. It is kept so by adding each article the writer inserts
/// ([`ClusterCache::add`]), and dropped (loaded again when next needed) whenever that may not
/// hold: after any failed save (its transaction rolled back), and when
/// `PRAGMA data_version` shows a commit by another connection.
#[derive(Debug)]
pub(super) struct ClusterCache {
    /// The covered interval of publication times, inclusive; `None`: nothing loaded.
    span: Option<(i64, i64)>,
    /// `PRAGMA data_version` when last checked.
    data_version: Option<i64>,
    /// Per band and value (`band * 256 + value`): (published_at, article id) → SimHash.
    bands: Vec<TimeList<i64>>,
    /// Per title term: (published_at, article id) → that article's number of title terms.
    terms: HashMap<i64, TimeList<i64>>,
    /// Per event key: (published_at, article id) → that article's number of event keys
    /// (up to ten keys per article: hashed with foldhash, not SipHash).
    events: HashMap<i64, TimeList<i64>, foldhash::fast::RandomState>,
    /// Articles held.
    articles: usize,
}

impl Default for ClusterCache {
    fn default() -> ClusterCache {
        ClusterCache {
            span: None,
            data_version: None,
            bands: vec![TimeList::default(); (cluster::BANDS * 256) as usize],
            terms: HashMap::new(),
            events: HashMap::default(),
            articles: 0,
        }
    }
}

impl ClusterCache {
    /// Forgets everything; the next look-up loads its window again.
    pub(super) fn invalidate(&mut self) {
        if self.span.is_some() {
            self.span = None;
            self.bands.iter_mut().for_each(TimeList::clear);
            self.terms.clear();
            self.events.clear();
            self.articles = 0;
        }
    }

    /// Drops the cache when another connection committed since the last check (another
    /// process writing the same file).
    pub(super) fn check_version(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        let v: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.data_version != Some(v) {
            self.invalidate();
            self.data_version = Some(v);
        }
        Ok(())
    }

    /// Makes the cache cover `[lo, hi]`: extends the covered interval to take it, or, when
    /// the cache would then hold more than [`CACHE_ARTICLES`], starts again from `[lo, hi]`.
    fn ensure(&mut self, conn: &Connection, lo: i64, hi: i64) -> rusqlite::Result<()> {
        if let Some((a, b)) = self.span {
            if a <= lo && hi <= b {
                return Ok(());
            }
            if lo < a {
                self.load(conn, lo, a - 1)?;
            }
            if hi > b {
                self.load(conn, b + 1, hi)?;
            }
            self.span = Some((lo.min(a), hi.max(b)));
            if self.articles <= CACHE_ARTICLES {
                return Ok(());
            }
        }
        self.invalidate();
        self.load(conn, lo, hi)?;
        self.span = Some((lo, hi));
        Ok(())
    }

    /// Reads the keys of the articles published in `[from, to]`, through the articles'
    /// publication-time index.
    fn load(&mut self, conn: &Connection, from: i64, to: i64) -> rusqlite::Result<()> {
        let mut st = conn.prepare_cached(
            "SELECT published_at, id, simhash, title_term_hashes, event_key_hashes FROM articles \
             WHERE published_at BETWEEN ?1 AND ?2 AND simhash IS NOT NULL",
        )?;
        let mut rows = st.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let (p, id, h): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            self.add_bands(p, id, h);
            let terms = parse_term_list(r.get_ref(3)?.as_str_or_null()?.unwrap_or(""));
            let n = terms.len() as i64;
            for t in terms {
                self.terms.entry(t).or_default().insert((p, id), n);
            }
            let keys = parse_term_list(r.get_ref(4)?.as_str_or_null()?.unwrap_or(""));
            let n = keys.len() as i64;
            for k in keys {
                self.events.entry(k).or_default().insert((p, id), n);
            }
        }
        Ok(())
    }

    fn add_bands(&mut self, published: i64, id: i64, simhash: i64) {
        if self.bands[(simhash & 0xff) as usize]
            .insert((published, id), simhash)
            .is_none()
        {
            self.articles += 1;
        }
        for (band, value) in cluster::bands(simhash as u64) {
            self.bands[(band * 256 + value) as usize].insert((published, id), simhash);
        }
    }

    /// Adds the keys of article `id`, just inserted by the writer, when its time is in the
    /// covered interval.
    pub(super) fn add(&mut self, id: i64, published: i64, sig: &Signature) {
        let Some((a, b)) = self.span else { return };
        if published < a || published > b {
            return;
        }
        self.add_bands(published, id, sig.simhash as i64);
        let n = sig.title_terms.len() as i64;
        for &t in &sig.title_terms {
            self.terms.entry(t).or_default().insert((published, id), n);
        }
        let n = sig.event_keys.len() as i64;
        for &k in &sig.event_keys {
            self.events.entry(k).or_default().insert((published, id), n);
        }
    }

    /// The article whose cluster an article at `published` with `sig` joins, among the cached
    /// rows in `[lo, hi]`: the same text through any identical band, else the same event
    /// through shared title terms; per key and side the nearest rows in time.
    fn best_candidate(
        &self,
        conn: &Connection,
        published: i64,
        lo: i64,
        hi: i64,
        sig: &Signature,
        embedding: Option<&Embedding>,
    ) -> rusqlite::Result<Option<i64>> {
        let mut matches = Vec::new();
        for (band, value) in cluster::bands(sig.simhash) {
            self.bands[(band * 256 + value) as usize].nearest(
                published,
                lo,
                hi,
                cluster::BAND_NEIGHBOURS as usize,
                &mut matches,
            );
        }
        if let Some((_, id)) = cluster::best_same_text(sig.simhash, matches) {
            return Ok(Some(id));
        }
        let mut matches = Vec::new();
        if sig.title_terms.len() >= 2 {
            for t in &sig.title_terms {
                if let Some(m) = self.terms.get(t) {
                    m.nearest(
                        published,
                        lo,
                        hi,
                        cluster::TERM_NEIGHBOURS as usize,
                        &mut matches,
                    );
                }
            }
        }
        let keys = || -> rusqlite::Result<_> {
            let mut key_matches = Vec::new();
            let mut found = Vec::new();
            for &k in &sig.event_keys {
                if let Some(m) = self.events.get(&k) {
                    found.clear();
                    m.nearest_timed(
                        published,
                        lo,
                        hi,
                        cluster::KEY_NEIGHBOURS as usize,
                        &mut found,
                    );
                    key_matches.extend(found.iter().map(|&(id, n, p)| (id, k, n, p)));
                }
            }
            Ok(key_matches)
        };
        let vectors = |ids: &[i64]| -> rusqlite::Result<Vec<(i64, Vec<f32>)>> {
            let Some(e) = embedding else {
                return Ok(Vec::new());
            };
            let mut st = conn.prepare_cached(super::shared::EMBEDDING_SQL)?;
            let mut out = Vec::with_capacity(ids.len());
            for &id in ids {
                let v: Option<Vec<u8>> = st
                    .query_row(params![id, e.model], |r| r.get(0))
                    .optional()?;
                if let Some(v) = v.as_deref().and_then(cluster::vector_from_bytes) {
                    out.push((id, v));
                }
            }
            Ok(out)
        };
        let best = cluster::choose_same_event(
            sig.title_terms.len(),
            matches,
            published,
            sig.event_keys.len(),
            keys,
            embedding.map(|e| e.vector.as_slice()),
            vectors,
        )?;
        Ok(best.map(|(_, id)| id))
    }
}

/// Rows of one band value or title term, sorted by (published_at, article id), each with a
/// value: an ordered map kept as a sorted list. Its look-ups are ranges by time, read from
/// contiguous memory; insertions come mostly at the end (new articles are the newest).
#[derive(Debug, Clone)]
struct TimeList<V> {
    rows: Vec<((i64, i64), V)>,
}

impl<V> Default for TimeList<V> {
    fn default() -> TimeList<V> {
        TimeList { rows: Vec::new() }
    }
}

impl<V: Copy> TimeList<V> {
    fn clear(&mut self) {
        self.rows = Vec::new();
    }

    /// Sets the value of `key`; the value it had, if any.
    fn insert(&mut self, key: (i64, i64), value: V) -> Option<V> {
        match self.rows.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => Some(std::mem::replace(&mut self.rows[i].1, value)),
            Err(i) => {
                self.rows.insert(i, (key, value));
                None
            }
        }
    }

    /// Appends to `out` (article id, value) of the `n` rows nearest before `published` (from
    /// `lo` on, `published` included, nearest first) and of the `n` nearest after it (up to
    /// `hi`, nearest first).
    fn nearest(&self, published: i64, lo: i64, hi: i64, n: usize, out: &mut Vec<(i64, V)>) {
        let from = self.rows.partition_point(|((p, _), _)| *p < lo);
        let mid = self.rows.partition_point(|((p, _), _)| *p <= published);
        if from < mid {
            let before = self.rows[from..mid].iter().rev().take(n);
            out.extend(before.map(|&((_, id), v)| (id, v)));
        }
        if published < hi && mid < self.rows.len() {
            let to = self.rows.partition_point(|((p, _), _)| *p <= hi);
            if mid < to {
                let after = self.rows[mid..to].iter().take(n);
                out.extend(after.map(|&((_, id), v)| (id, v)));
            }
        }
    }
}

impl<V: Copy> TimeList<V> {
    /// As [`TimeList::nearest`], with each row's publication time: (article id, value,
    /// published_at).
    fn nearest_timed(
        &self,
        published: i64,
        lo: i64,
        hi: i64,
        n: usize,
        out: &mut Vec<(i64, V, i64)>,
    ) {
        let from = self.rows.partition_point(|((p, _), _)| *p < lo);
        let mid = self.rows.partition_point(|((p, _), _)| *p <= published);
        if from < mid {
            let before = self.rows[from..mid].iter().rev().take(n);
            out.extend(before.map(|&((p, id), v)| (id, v, p)));
        }
        if published < hi && mid < self.rows.len() {
            let to = self.rows.partition_point(|((p, _), _)| *p <= hi);
            if mid < to {
                let after = self.rows[mid..to].iter().take(n);
                out.extend(after.map(|&((p, id), v)| (id, v, p)));
            }
        }
    }
}

/// An article's title-term hashes as its row stores them (`title_term_hashes`): decimal,
/// separated by spaces.
pub(super) fn term_list(terms: &[i64]) -> String {
    let mut out = String::with_capacity(terms.len() * 21);
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&t.to_string());
    }
    out
}

/// The title-term hashes of a stored [`term_list`]; what does not parse is left out.
fn parse_term_list(s: &str) -> Vec<i64> {
    s.split_ascii_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect()
}

impl SqliteStore {
    /// The other articles of an article's story cluster, from other sites, oldest first.
    pub fn cluster_siblings(&self, id: i64) -> Result<Vec<ClusterSibling>, StoreError> {
        let conn = self.reader();
        let cluster: Option<i64> = conn
            .prepare_cached("SELECT cluster_id FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten();
        let Some(cluster) = cluster else {
            return Ok(Vec::new());
        };
        let mut st = conn.prepare_cached(
            "SELECT a.id, a.site, a.title, a.agency FROM articles a \
             WHERE a.cluster_id = ?1 AND a.id <> ?2 AND a.site <> (SELECT site FROM articles WHERE id = ?2) \
             ORDER BY a.published_at, a.id",
        )?;
        let rows = st.query_map(params![cluster, id], |r| {
            Ok(ClusterSibling {
                id: r.get(0)?,
                site: r.get(1)?,
                title: r.get(2)?,
                agency: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The agencies an article's text names as its source, if any.
    pub fn article_agency(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .reader()
            .prepare_cached("SELECT agency FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ordered map the list replaces, with the look-ups it answered.
    fn reference(
        m: &std::collections::BTreeMap<(i64, i64), i64>,
        published: i64,
        lo: i64,
        hi: i64,
        n: usize,
    ) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = m
            .range((lo, i64::MIN)..=(published, i64::MAX))
            .rev()
            .take(n)
            .map(|(&(_, id), &v)| (id, v))
            .collect();
        if published < hi {
            let after = m.range((published + 1, i64::MIN)..=(hi, i64::MAX)).take(n);
            out.extend(after.map(|(&(_, id), &v)| (id, v)));
        }
        out
    }

    #[test]
    fn migration_14_moves_the_title_terms_into_the_articles_rows() {
        // A database migrated up to 13: keys in their own tables, not in the rows.
        let (_dir, path) = super::super::sqlite::rewound_store(
                    "ALTER TABLE articles DROP COLUMN title_term_hashes; \
                     CREATE TABLE article_bands (band INTEGER NOT NULL, value INTEGER NOT NULL, \
                       published_at INTEGER NOT NULL, article_id INTEGER NOT NULL \
                       REFERENCES articles (id) ON DELETE CASCADE, simhash INTEGER NOT NULL); \
                     CREATE TABLE article_title_terms (term INTEGER NOT NULL, published_at INTEGER NOT NULL, \
                       article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE, \
                       n_terms INTEGER NOT NULL); \
                     INSERT INTO articles (id, url, title, blocks_json, content, site, published_at, \
                       date_source, fetched_at, updated_at, content_hash, simhash, title_terms) VALUES \
                       (4, 'https://example.org/a', 'A', '[]', 'x', 'example.org', 100, 'page', 1, 1, 'h', -7, 3), \
                       (5, 'https://example.org/b', 'B', '[]', 'y', 'example.org', 100, 'page', 1, 1, 'i', 9, 0), \
                       (6, 'https://example.org/c', 'C', '[]', 'z', 'example.org', 100, 'page', 1, 1, 'j', NULL, 0); \
                     INSERT INTO article_bands VALUES (0, 249, 100, 4, -7), (0, 9, 100, 5, 9); \
                     INSERT INTO article_title_terms VALUES (30, 100, 4, 3), (-2, 100, 4, 3), (11, 100, 4, 3); \
                     DELETE FROM schema_migrations WHERE version = 14;",
        );
        let store = SqliteStore::open_path(&path).unwrap();
        let conn = store.conn();
        let lists: Vec<Option<String>> = conn
            .prepare("SELECT title_term_hashes FROM articles ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            lists,
            [Some("-2 11 30".to_string()), Some(String::new()), None]
        );
        let left: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('article_bands', 'article_title_terms')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
        // The cache reads them: a title sharing the three terms joins article 4's cluster.
        let mut cache = ClusterCache::default();
        let sig = Signature {
            simhash: 0x5555_5555_5555_5550,
            title_terms: vec![-2, 11, 30],
            agency: None,
            event_keys: Vec::new(),
        };
        cache.ensure(&conn, 0, 1000).unwrap();
        assert_eq!(
            cache.best_candidate(&conn, 100, 0, 1000, &sig, None),
            Ok(Some(4))
        );
    }

    #[test]
    fn term_lists_round_trip() {
        for terms in [vec![], vec![0], vec![i64::MIN, -5, 7, i64::MAX]] {
            assert_eq!(parse_term_list(&term_list(&terms)), terms);
        }
        assert_eq!(term_list(&[-3, 12]), "-3 12");
    }

    #[test]
    fn time_lists_answer_as_the_ordered_map() {
        let mut seed = 3u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % m
        };
        for round in 0..200 {
            let mut map = std::collections::BTreeMap::new();
            let mut list = TimeList::default();
            for _ in 0..next(300) {
                // Few distinct times, so that rows share them; ids repeat, so keys are replaced.
                let key = (next(40) as i64 * 10, next(60) as i64);
                let value = next(1000) as i64;
                assert_eq!(list.insert(key, value), map.insert(key, value));
            }
            for _ in 0..50 {
                let published = next(420) as i64 - 10;
                let (lo, hi) = (published - next(200) as i64, published + next(200) as i64);
                let n = 1 + next(8) as usize;
                let mut got = Vec::new();
                list.nearest(published, lo, hi, n, &mut got);
                assert_eq!(got, reference(&map, published, lo, hi, n), "round {round}");
            }
        }
    }
}
