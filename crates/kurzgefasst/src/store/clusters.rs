//! Story clusters in SQLite: before an article is inserted, the cluster it joins is chosen
//! ([`choose`]), after it its signature rows are stored ([`insert_keys`]). It joins the cluster of the
//! closest earlier article within the time window: the same text (SimHash within
//! a few bits, found through the indexed 8-bit bands) or the same event (title terms similar).

use rusqlite::{params, Connection, OptionalExtension};

use super::{ClusterSibling, SqliteStore, StoreError};
use crate::ingest::cluster::{self, Signature};

/// The story cluster an article published at `published` with signature `sig` joins, chosen
/// before the article is inserted, so that its row is written once with its cluster: the
/// cluster of the closest earlier article within the time window, if there is one (an
/// earlier article that was alone founds the cluster, under its own id).
pub(super) fn choose(
    conn: &Connection,
    published: i64,
    sig: &Signature,
) -> rusqlite::Result<Option<i64>> {
    let (lo, hi) = (published - cluster::WINDOW, published + cluster::WINDOW);
    // Candidates: the same text, found through any identical band: per band, the nearest
    // articles before and after (a bounded look-up however many texts share the band's value).
    let sides = [
        (
            "SELECT article_id, simhash FROM article_bands \
             WHERE band = ?1 AND value = ?2 AND published_at BETWEEN ?3 AND ?4 \
             ORDER BY published_at DESC, article_id DESC LIMIT ?5",
            lo,
            published,
        ),
        (
            "SELECT article_id, simhash FROM article_bands \
             WHERE band = ?1 AND value = ?2 AND published_at > ?3 AND published_at <= ?4 \
             ORDER BY published_at, article_id LIMIT ?5",
            published,
            hi,
        ),
    ];
    let mut matches = Vec::new();
    for (sql, from, to) in sides {
        let mut st = conn.prepare_cached(sql)?;
        for (band, value) in cluster::bands(sig.simhash) {
            let rows = st.query_map(
                params![band, value, from, to, cluster::BAND_NEIGHBOURS],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            )?;
            for row in rows {
                matches.push(row?);
            }
        }
    }
    // (score, article id)
    let mut best = cluster::best_same_text(sig.simhash, matches);
    // Candidates: the same event, found through shared title terms: per term, the nearest
    // articles before and after (a bounded look-up however common the term).
    if best.is_none() && sig.title_terms.len() >= 2 {
        let mut matches = Vec::new();
        let sides = [
            (
                "SELECT article_id, n_terms FROM article_title_terms \
                 WHERE term = ?1 AND published_at BETWEEN ?2 AND ?3 \
                 ORDER BY published_at DESC, article_id DESC LIMIT ?4",
                lo,
                published,
            ),
            (
                "SELECT article_id, n_terms FROM article_title_terms \
                 WHERE term = ?1 AND published_at > ?2 AND published_at <= ?3 \
                 ORDER BY published_at, article_id LIMIT ?4",
                published,
                hi,
            ),
        ];
        for (sql, from, to) in sides {
            let mut st = conn.prepare_cached(sql)?;
            for &t in &sig.title_terms {
                let rows = st.query_map(params![t, from, to, cluster::TERM_NEIGHBOURS], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })?;
                for row in rows {
                    matches.push(row?);
                }
            }
        }
        best = cluster::best_same_event(sig.title_terms.len(), matches);
    }
    let Some((_, other)) = best else {
        return Ok(None);
    };
    let cl: Option<i64> = conn
        .prepare_cached("SELECT cluster_id FROM articles WHERE id = ?1")?
        .query_row([other], |r| r.get(0))?;
    if cl.is_none() {
        conn.prepare_cached("UPDATE articles SET cluster_id = ?1 WHERE id = ?1")?
            .execute([other])?;
    }
    Ok(Some(cl.unwrap_or(other)))
}

/// Stores the signature rows (SimHash bands, title terms) of the inserted article `id`, by
/// which later articles find it.
pub(super) fn insert_keys(
    conn: &Connection,
    id: i64,
    published: i64,
    sig: &Signature,
) -> rusqlite::Result<()> {
    let mut band_st = conn.prepare_cached(
        "INSERT INTO article_bands (band, value, published_at, article_id, simhash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (band, value) in cluster::bands(sig.simhash) {
        band_st.execute(params![band, value, published, id, sig.simhash as i64])?;
    }
    let mut term_st = conn.prepare_cached(
        "INSERT INTO article_title_terms (term, published_at, article_id, n_terms) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in &sig.title_terms {
        term_st.execute(params![t, published, id, sig.title_terms.len() as i64])?;
    }
    Ok(())
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
