//! A reader's briefing for a day (issue 23): the day's biggest story clusters, then per category
//! of the reader the most reported stories of that category, each story once, in the seed
//! record's form (Titel, Datum, Quelle, TLDR) with "Auch berichtet von".
//!
//! Below `web` and `cli`, which both use it: [`day_stories`] is also what "Der Tag in Kürze"
//! (`/tag`, `/api/tag`, a category's day) shows. [`build`] gathers a briefing from the store,
//! [`render_text`], [`render_html`] and [`render_json`] write it (`render.rs`), [`subject`] names
//! it; [`overview`] adds the optional three-sentence overview a language model writes, put
//! through the faithfulness gate. `cli.rs` holds the `kurzgefasst briefing` command.

pub mod cli;
pub mod overview;
mod render;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::i18n::Lang;
use crate::ressort::Ressort;
use crate::store::{ClusterSibling, SearchQuery, SearchSort, Store, StoreError, StoredArticle};

pub use render::{render_html, render_json, render_text};

/// Articles of one day considered for its stories.
pub const DAY_ARTICLES: usize = 1000;
/// Story clusters at the top of a briefing.
pub const TOP_STORIES: usize = 5;
/// Stories per category of a briefing.
pub const CATEGORY_STORIES: usize = 5;

/// One story of a day: its newest article and the other sites' articles of its cluster.
#[derive(Debug, Clone)]
pub struct Story {
    /// The article shown with its TLDR (the story's newest in the scope).
    pub lead: StoredArticle,
    /// The same story on other sites ("Auch berichtet von"): each site's first report, oldest
    /// first.
    pub others: Vec<ClusterSibling>,
}

impl Story {
    /// How many sites reported it.
    pub fn sites(&self) -> usize {
        1 + self.others.len()
    }
}

/// The start (00:00 local time in `tz`) of `date` plus `plus_days`, as Unix seconds. On a day
/// whose midnight does not exist (a zone that changes its clocks at midnight) the earliest
/// valid time after it.
pub fn day_start(date: NaiveDate, tz: Tz, plus_days: i64) -> Option<i64> {
    use chrono::TimeZone;
    let d = date + chrono::Duration::days(plus_days);
    let mut t = d.and_hms_opt(0, 0, 0)?;
    // A midnight skipped by a clock change: the first minute that exists.
    for _ in 0..180 {
        if let Some(local) = tz.from_local_datetime(&t).earliest() {
            return Some(local.timestamp());
        }
        t += chrono::Duration::minutes(1);
    }
    None
}

/// The day of the newest article a scope holds (a reader's subscriptions, in one of their
/// categories when given, of one Ressort when given; every article without a reader), in `tz`;
/// today when it holds none.
pub fn newest_day(
    s: &Store,
    user: Option<i64>,
    category: Option<i64>,
    ressort: Option<Ressort>,
    tz: Tz,
) -> Result<NaiveDate, StoreError> {
    use chrono::TimeZone;
    let newest = match (ressort, user) {
        // A Ressort's day: the day of its newest article (in the reader's sources).
        (Some(r), _) => s
            .search(&SearchQuery {
                sort: SearchSort::Date,
                limit: 1,
                user,
                category,
                ressort: Some(r),
                ..SearchQuery::default()
            })?
            .hits
            .into_iter()
            .map(|h| h.article)
            .collect::<Vec<_>>(),
        (None, Some(u)) => s.list_subscribed_articles(u, category, 1, None)?,
        (None, None) => s.list_articles(1, None)?,
    }
    .first()
    .map(|a| a.published_at)
    .unwrap_or_else(crate::store_now);
    Ok(chrono::Utc
        .timestamp_opt(newest, 0)
        .single()
        .map(|t| t.with_timezone(&tz).date_naive())
        .unwrap_or_default())
}

/// Every story of `date` (in `tz`), most sites first, the day's order (newest first) among
/// equals: the articles published that day (at most [`DAY_ARTICLES`]), each with the other
/// sites of its cluster (one article per site), each article in one story only.
///
/// With a reader (`user`), only what the sources they follow carry (in `category`, when given;
/// of one Ressort, when given),
/// and neither leads nor "Auch berichtet von" hold articles the reader's filters mute or
/// sources they do not follow. Without one, every article (the instance's view).
pub fn day_stories(
    s: &Store,
    user: Option<i64>,
    category: Option<i64>,
    ressort: Option<Ressort>,
    date: NaiveDate,
    tz: Tz,
) -> Result<Vec<Story>, StoreError> {
    let query = SearchQuery {
        from: day_start(date, tz, 0),
        until: day_start(date, tz, 1),
        sort: SearchSort::Date,
        limit: DAY_ARTICLES,
        user,
        category,
        ressort,
        ..SearchQuery::default()
    };
    let mut hits: Vec<StoredArticle> = s
        .search(&query)?
        .hits
        .into_iter()
        .map(|h| h.article)
        .collect();
    if let Some(u) = user {
        let ids: Vec<i64> = hits.iter().map(|a| a.id).collect();
        let visible = s.visible_ids(u, &ids)?;
        hits.retain(|a| visible.contains(&a.id));
    }
    let mut seen = HashSet::new();
    let mut stories = Vec::new();
    for lead in hits {
        if !seen.insert(lead.id) {
            continue;
        }
        let mut others = s.cluster_siblings(lead.id)?;
        seen.extend(others.iter().map(|o| o.id));
        // One entry per site: its first report.
        let mut sites = HashSet::new();
        others.retain(|o| sites.insert(o.site.clone()));
        stories.push(Story { lead, others });
    }
    if let Some(u) = user {
        // The other sites as the reader may see them: followed, not muted.
        let ids: Vec<i64> = stories
            .iter()
            .flat_map(|st| st.others.iter().map(|o| o.id))
            .collect();
        let allowed = s.shown_to_reader(u, &ids)?;
        for st in &mut stories {
            st.others.retain(|o| allowed.contains(&o.id));
        }
    }
    // Most sites first; the order of the day (newest first) among equals.
    stories.sort_by_key(|st| std::cmp::Reverse(st.others.len()));
    Ok(stories)
}

/// Where a briefing's links go.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// The instance's public address (`https://news.example.org`): every story links to its
    /// article page there (`{public_url}/artikel/{id}`). Without it, to the article's own URL.
    pub public_url: Option<String>,
    /// Where the reader stops receiving the briefing (shown at its end), if anywhere.
    pub unsubscribe_url: Option<String>,
}

impl Links {
    /// The public address without a trailing slash, when it is an http(s) URL.
    fn base(&self) -> Option<&str> {
        let u = self.public_url.as_deref()?.trim().trim_end_matches('/');
        http_url(u).then_some(u)
    }

    /// The link of an article: its page on the instance, else its own URL (http(s) only).
    pub fn article(&self, id: i64, own_url: &str) -> Option<String> {
        match self.base() {
            Some(b) => Some(format!("{b}/artikel/{id}")),
            None => http_url(own_url).then(|| own_url.to_string()),
        }
    }

    /// The link of another site's article of a story: its page on the instance, if there is a
    /// public address.
    pub fn sibling(&self, id: i64) -> Option<String> {
        self.base().map(|b| format!("{b}/artikel/{id}"))
    }

    /// The unsubscribe link, when it is an http(s) URL.
    pub fn unsubscribe(&self) -> Option<&str> {
        self.unsubscribe_url.as_deref().filter(|u| http_url(u))
    }

    /// The instance's address, when given.
    pub fn home(&self) -> Option<&str> {
        self.base()
    }
}

/// True for an absolute http(s) URL with a host.
fn http_url(u: &str) -> bool {
    url::Url::parse(u)
        .map(|p| matches!(p.scheme(), "http" | "https") && p.host_str().is_some())
        .unwrap_or(false)
}

/// The stories of one of the reader's categories in a briefing.
#[derive(Debug, Clone)]
pub struct CategoryStories {
    /// The category's id; `None` for the sources the reader filed under no category.
    pub id: Option<i64>,
    /// Its name as the reader wrote it (empty for the sources under no category: the
    /// renderers name that section in the reader's language).
    pub name: String,
    /// Its address part (`/kategorie/{slug}`), if it is a category.
    pub slug: Option<String>,
    /// Its most reported stories of the day, most sites first.
    pub stories: Vec<Story>,
}

/// A reader's briefing for a day.
#[derive(Debug, Clone)]
pub struct Briefing {
    /// The reader.
    pub user: i64,
    /// The reader's login name.
    pub user_name: String,
    /// The reader's language (German unless they chose English).
    pub lang: Lang,
    /// The day (in the zone it was built for).
    pub date: NaiveDate,
    /// A three-sentence overview of the day, when a language model wrote one the gate accepted.
    pub overview: Option<String>,
    /// The day's biggest story clusters (reported by two sites or more), most sites first.
    pub top: Vec<Story>,
    /// Per category of the reader (their order; the sources under no category last), the most
    /// reported of the other stories. Categories without a story that day are left out.
    pub categories: Vec<CategoryStories>,
}

impl Briefing {
    /// True when the day brought the reader no story at all: nothing is sent then.
    pub fn is_empty(&self) -> bool {
        self.top.is_empty() && self.categories.iter().all(|c| c.stories.is_empty())
    }

    /// Every story in the order shown: the top first, then each category's.
    pub fn stories(&self) -> impl Iterator<Item = &Story> {
        self.top
            .iter()
            .chain(self.categories.iter().flat_map(|c| c.stories.iter()))
    }
}

/// Builds reader `user`'s briefing for `date` (a day in `tz`): see the module. A reader who does
/// not exist gets an empty briefing.
pub fn build(store: &Store, user: i64, date: NaiveDate, tz: Tz) -> Result<Briefing, StoreError> {
    let reader = store.reader(user)?;
    let lang = reader
        .as_ref()
        .and_then(|r| r.language.as_deref())
        .and_then(Lang::parse)
        .unwrap_or_default();
    let mut b = Briefing {
        user,
        user_name: reader.map(|r| r.name).unwrap_or_default(),
        lang,
        date,
        overview: None,
        top: Vec::new(),
        categories: Vec::new(),
    };
    if b.user_name.is_empty() {
        return Ok(b);
    }
    let mut rest = Vec::new();
    for st in day_stories(store, Some(user), None, None, date, tz)? {
        if st.sites() > 1 && b.top.len() < TOP_STORIES {
            b.top.push(st);
        } else {
            rest.push(st);
        }
    }
    // Each source's category, and the categories' order (the reader's, then "none").
    let cats = store.categories(user)?;
    let order: HashMap<i64, usize> = cats.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut slot_of_source: HashMap<i64, usize> = HashMap::new();
    for sub in store.subscriptions(user, None)? {
        let slot = sub
            .category
            .as_ref()
            .and_then(|(id, _, _)| order.get(id).copied())
            .unwrap_or(cats.len());
        slot_of_source.insert(sub.source.id, slot);
    }
    let mut sections: Vec<CategoryStories> = cats
        .iter()
        .map(|c| CategoryStories {
            id: Some(c.id),
            name: c.name.clone(),
            slug: Some(c.slug.clone()),
            stories: Vec::new(),
        })
        .collect();
    sections.push(CategoryStories {
        id: None,
        name: String::new(),
        slug: None,
        stories: Vec::new(),
    });
    for st in rest {
        // The first of the reader's categories among the sources that carried the lead.
        let slot = store
            .article_sources(st.lead.id)?
            .iter()
            .filter_map(|(sid, _)| slot_of_source.get(sid).copied())
            .min();
        if let Some(section) = slot.and_then(|i| sections.get_mut(i)) {
            if section.stories.len() < CATEGORY_STORIES {
                section.stories.push(st);
            }
        }
    }
    sections.retain(|c| !c.stories.is_empty());
    b.categories = sections;
    Ok(b)
}

/// The briefing's subject line (an e-mail's subject, a push message's title): the day and the
/// first story's headline.
pub fn subject(b: &Briefing, lang: Lang) -> String {
    let day = lang.day_heading(b.date);
    let head = lang.t("Kurzgefasst", "Kurzgefasst");
    match b.stories().next() {
        Some(st) => {
            let title = shorten(&one_line(&st.lead.title), 90);
            format!("{head} {day}: {title}")
        }
        None => format!("{head} {day}"),
    }
}

/// `s` with every run of white space (line breaks too) made one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` cut to at most `max` characters at a word boundary, with "…" when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for w in s.split(' ') {
        let len = out.chars().count() + usize::from(!out.is_empty()) + w.chars().count();
        if len + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = s.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight_also_on_clock_changes() {
        let tz = chrono_tz::Europe::Berlin;
        let d = NaiveDate::from_ymd_opt(2025, 10, 26).unwrap();
        // 00:00 CEST is 22:00 UTC the day before; the day has 25 hours.
        assert_eq!(day_start(d, tz, 0), Some(1_761_429_600));
        assert_eq!(
            day_start(d, tz, 1).unwrap() - day_start(d, tz, 0).unwrap(),
            25 * 3600
        );
        // A zone that skips its midnight (Santiago in September): the first minute after it.
        let santiago = chrono_tz::America::Santiago;
        let skipped = NaiveDate::from_ymd_opt(2025, 9, 7).unwrap();
        let start = day_start(skipped, santiago, 0).unwrap();
        use chrono::TimeZone;
        let local = chrono::Utc
            .timestamp_opt(start, 0)
            .unwrap()
            .with_timezone(&santiago);
        assert_eq!(
            local.format("%Y-%m-%d %H:%M").to_string(),
            "2025-09-07 01:00"
        );
    }

    #[test]
    fn subjects_are_shortened_at_a_word() {
        assert_eq!(shorten("kurz", 10), "kurz");
        assert_eq!(shorten("eins zwei drei vier", 12), "eins zwei…");
        assert_eq!(shorten("Donaudampfschifffahrt", 8), "Donauda…");
        assert_eq!(one_line(" a\n b\tc "), "a b c");
    }

    #[test]
    fn links_go_to_the_instance_else_to_the_article() {
        let l = Links {
            public_url: Some("https://news.example.org/".into()),
            unsubscribe_url: Some("javascript:alert(1)".into()),
        };
        assert_eq!(
            l.article(7, "https://site.example/a").as_deref(),
            Some("https://news.example.org/artikel/7")
        );
        assert_eq!(l.unsubscribe(), None);
        let own = Links::default();
        assert_eq!(
            own.article(7, "https://site.example/a").as_deref(),
            Some("https://site.example/a")
        );
        assert_eq!(own.article(7, "javascript:alert(1)"), None);
        assert_eq!(own.sibling(7), None);
    }
}
