//! Story clusters in SQLite: when an article is saved, its signature is stored and it joins the
//! cluster of the closest earlier article within the time window: the same text (SimHash within
//! a few bits, found through the indexed 8-bit bands) or the same event (title terms similar).

use rusqlite::{params, Connection, OptionalExtension};

use super::{ClusterSibling, SqliteStore, StoreError};
use crate::ingest::cluster::{self, Signature};

/// Stores `sig` for article `id` (published at `published`) and assigns its cluster.
pub(super) fn assign(
    conn: &Connection,
    id: i64,
    published: i64,
    sig: &Signature,
) -> rusqlite::Result<()> {
    let (lo, hi) = (published - cluster::WINDOW, published + cluster::WINDOW);
    // Candidates: the same text, found through any identical band.
    let mut best: Option<(f64, i64)> = None; // (score, article id)
    {
        let mut st = conn.prepare_cached(
            "SELECT article_id, simhash FROM article_bands \
             WHERE band = ?1 AND value = ?2 AND published_at BETWEEN ?3 AND ?4 AND article_id <> ?5",
        )?;
        for (band, value) in cluster::bands(sig.simhash) {
            let rows = st.query_map(params![band, value, lo, hi, id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?;
            for row in rows {
                let (other, hash) = row?;
                let d = (hash as u64 ^ sig.simhash).count_ones();
                if d <= cluster::NEAR_DUPLICATE_BITS {
                    let score = 2.0 - f64::from(d) / 64.0;
                    if best.is_none_or(|(s, _)| score > s) {
                        best = Some((score, other));
                    }
                }
            }
        }
    }
    // Candidates: the same event, found through shared title terms.
    if best.is_none() && sig.title_terms.len() >= 2 {
        let placeholders = vec!["?"; sig.title_terms.len()].join(",");
        let sql = format!(
            "SELECT article_id, COUNT(*), MAX(n_terms) FROM article_title_terms \
             WHERE term IN ({placeholders}) AND published_at BETWEEN ? AND ? AND article_id <> ? \
             GROUP BY article_id HAVING COUNT(*) >= 2"
        );
        let mut st = conn.prepare_cached(&sql)?;
        let mut args: Vec<rusqlite::types::Value> =
            sig.title_terms.iter().map(|&t| t.into()).collect();
        args.extend([lo.into(), hi.into(), id.into()]);
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let n = sig.title_terms.len() as f64;
        for row in rows {
            let (other, shared, other_n) = row?;
            let j = shared as f64 / (n + other_n as f64 - shared as f64);
            if j >= cluster::SAME_EVENT_JACCARD && best.is_none_or(|(s, _)| j > s) {
                best = Some((j, other));
            }
        }
    }
    let cluster_id = match best {
        Some((_, other)) => {
            let cl: Option<i64> = conn.query_row(
                "SELECT cluster_id FROM articles WHERE id = ?1",
                [other],
                |r| r.get(0),
            )?;
            if cl.is_none() {
                conn.execute("UPDATE articles SET cluster_id = ?1 WHERE id = ?1", [other])?;
            }
            Some(cl.unwrap_or(other))
        }
        None => None,
    };
    conn.execute(
        "UPDATE articles SET simhash = ?2, title_terms = ?3, agency = ?4, cluster_id = ?5 WHERE id = ?1",
        params![id, sig.simhash as i64, sig.title_terms.len() as i64, sig.agency, cluster_id],
    )?;
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
