//! Site rules: per-host body and strip selectors where generic extraction is not enough.
//!
//! The format is a small subset of the ftr-site-config convention (FiveFilters, Wallabag):
//! blocks of `key: value` lines separated by blank lines, `#` starts a comment.
//!
//! ```text
//! host: tagesschau.de          # host or parent domain; several host lines allowed
//! body: p.textabsatz           # elements whose text is the article, in document order
//! body: h2.meldung__subhead
//! strip: .teaser-absatz        # elements removed before extraction
//! ```
//!
//! Selectors are simple compounds: `tag`, `.class`, `#id`, `[attr]`, `[attr=value]`,
//! `[attr*=value]` and combinations such as `div.article-body[data-area=text]`; no combinators.

use crate::dom::Dom;
use std::sync::OnceLock;

/// The built-in rules for large German news sites. The selectors follow each site's article
/// markup; the generic extractor remains the fallback when a rule's body selectors match nothing.
pub const BUILTIN_RULES: &str = r#"
# ARD tagesschau: paragraphs and subheadings carry their own classes; teaser boxes sit between.
host: tagesschau.de
body: p.textabsatz
body: h2.meldung__subhead
strip: .teaser-absatz
strip: .socialbuttons

# ZEIT ONLINE: article paragraphs and subheadings; Z+ and related boxes between them.
host: zeit.de
body: p.article__item
body: h2.article__subheading
body: ul.article__item
strip: .article__media
strip: .zplus-badge

# F.A.Z.: text paragraphs and subheadlines.
host: faz.net
body: p.atc-TextParagraph
body: h3.atc-SubHeadline
strip: .atc-ContainerMore

# DER SPIEGEL: rich-text blocks of the article body.
host: spiegel.de
body: [data-area=text]
strip: [data-area=related_articles]
strip: [data-area=paywall]
"#;

/// One attribute condition of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AttrCond {
    Has(String),
    Eq(String, String),
    Contains(String, String),
}

/// A compound selector (no combinators).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    tag: Option<String>,
    classes: Vec<String>,
    id: Option<String>,
    attrs: Vec<AttrCond>,
}

impl Selector {
    /// Parses a compound selector; `None` when it uses unsupported syntax.
    pub fn parse(s: &str) -> Option<Selector> {
        let s = s.trim();
        if s.is_empty() || s.contains(' ') || s.contains('>') || s.contains(',') {
            return None;
        }
        let mut sel = Selector::default();
        let b = s.as_bytes();
        let mut i = 0;
        let ident_end = |from: usize| -> usize {
            let mut j = from;
            while j < b.len() && !matches!(b[j], b'.' | b'#' | b'[') {
                j += 1;
            }
            j
        };
        if b[0].is_ascii_alphabetic() {
            let e = ident_end(0);
            sel.tag = Some(s[..e].to_ascii_lowercase());
            i = e;
        }
        while i < b.len() {
            match b[i] {
                b'.' => {
                    let e = ident_end(i + 1);
                    sel.classes.push(s[i + 1..e].to_string());
                    i = e;
                }
                b'#' => {
                    let e = ident_end(i + 1);
                    sel.id = Some(s[i + 1..e].to_string());
                    i = e;
                }
                b'[' => {
                    let e = s[i..].find(']').map(|p| i + p)?;
                    let inner = &s[i + 1..e];
                    let unq =
                        |v: &str| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
                    let cond = if let Some((k, v)) = inner.split_once("*=") {
                        AttrCond::Contains(k.trim().to_ascii_lowercase(), unq(v))
                    } else if let Some((k, v)) = inner.split_once('=') {
                        AttrCond::Eq(k.trim().to_ascii_lowercase(), unq(v))
                    } else {
                        AttrCond::Has(inner.trim().to_ascii_lowercase())
                    };
                    sel.attrs.push(cond);
                    i = e + 1;
                }
                _ => return None,
            }
        }
        Some(sel)
    }

    /// True when element `i` of `dom` matches.
    pub(crate) fn matches(&self, dom: &Dom<'_>, i: usize) -> bool {
        let node = &dom.nodes[i];
        let Some(el) = dom.el(i) else { return false };
        if let Some(t) = &self.tag {
            if !node.name.eq_ignore_ascii_case(t) {
                return false;
            }
        }
        if let Some(id) = &self.id {
            if el.attr("id") != Some(id.as_str()) {
                return false;
            }
        }
        if !self.classes.is_empty() {
            let class = el.attr("class").unwrap_or("");
            if !self
                .classes
                .iter()
                .all(|c| class.split_ascii_whitespace().any(|w| w == c))
            {
                return false;
            }
        }
        self.attrs.iter().all(|a| match a {
            AttrCond::Has(k) => el.attr(k).is_some(),
            AttrCond::Eq(k, v) => el.attr(k) == Some(v.as_str()),
            AttrCond::Contains(k, v) => el.attr(k).map(|x| x.contains(v.as_str())).unwrap_or(false),
        })
    }
}

/// The rule for one site.
#[derive(Debug, Clone, Default)]
pub struct SiteRule {
    /// Hosts (or parent domains) the rule applies to.
    pub hosts: Vec<String>,
    /// Elements holding the article text.
    pub body: Vec<Selector>,
    /// Elements removed before extraction.
    pub strip: Vec<Selector>,
}

impl SiteRule {
    /// True when the rule applies to `host` (the host itself or a subdomain of a rule host).
    pub fn applies_to(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts
            .iter()
            .any(|h| host == *h || host.ends_with(&format!(".{h}")))
    }
}

/// Parses rules in the format described in the module documentation. Unknown keys and
/// unsupported selectors are skipped.
pub fn parse_rules(text: &str) -> Vec<SiteRule> {
    let mut rules = Vec::new();
    let mut cur = SiteRule::default();
    let flush = |cur: &mut SiteRule, rules: &mut Vec<SiteRule>| {
        if !cur.hosts.is_empty() && (!cur.body.is_empty() || !cur.strip.is_empty()) {
            rules.push(std::mem::take(cur));
        } else {
            *cur = SiteRule::default();
        }
    };
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            flush(&mut cur, &mut rules);
            continue;
        }
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "host" => {
                if !cur.body.is_empty() || !cur.strip.is_empty() {
                    flush(&mut cur, &mut rules);
                }
                cur.hosts.push(v.to_ascii_lowercase());
            }
            "body" => cur.body.extend(Selector::parse(v)),
            "strip" => cur.strip.extend(Selector::parse(v)),
            _ => {}
        }
    }
    flush(&mut cur, &mut rules);
    rules
}

/// The built-in rules, parsed once.
pub fn builtin() -> &'static [SiteRule] {
    static RULES: OnceLock<Vec<SiteRule>> = OnceLock::new();
    RULES.get_or_init(|| parse_rules(BUILTIN_RULES))
}

/// The built-in rule for `host`, if any.
pub fn for_host(host: &str) -> Option<&'static SiteRule> {
    builtin().iter().find(|r| r.applies_to(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_builtin() {
        let r = builtin();
        assert!(r.len() >= 4);
        assert!(for_host("www.tagesschau.de").is_some());
        assert!(for_host("example.de").is_none());
        assert!(for_host("nottagesschau.de").is_none());
    }

    /// Every selector of every built-in rule matches an element of the rule's test page
    /// (`tests/fixtures/regel_<first host label>.html`).
    #[test]
    fn every_builtin_selector_matches_its_test_page() {
        for rule in builtin() {
            let host = &rule.hosts[0];
            let label = host.split('.').next().unwrap_or(host);
            let path = format!(
                "{}/tests/fixtures/regel_{label}.html",
                env!("CARGO_MANIFEST_DIR")
            );
            let html = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("rule for {host}: no test page {path}: {e}"));
            let dom = Dom::build(&html);
            for sel in rule.body.iter().chain(&rule.strip) {
                assert!(
                    (0..dom.len()).any(|i| sel.matches(&dom, i)),
                    "{host}: {sel:?} matches nothing in {path}"
                );
            }
        }
    }

    #[test]
    fn selector_syntax() {
        let s = Selector::parse("div.a.b#x[data-area=text][role*=ma]").unwrap();
        assert_eq!(s.tag.as_deref(), Some("div"));
        assert_eq!(s.classes, vec!["a", "b"]);
        assert_eq!(s.id.as_deref(), Some("x"));
        assert_eq!(s.attrs.len(), 2);
        assert!(Selector::parse("div p").is_none());
    }
}
