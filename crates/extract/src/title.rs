//! Title choice and cleaning: site-name suffixes and prefixes removed.

const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " › ", " / ", " • ",
];

/// `s` lower-cased with everything but letters and digits dropped (see
/// [`crate::dom::alnum_lower`]).
fn norm(s: &str) -> String {
    crate::dom::alnum_lower(s)
}

/// `s` with German umlauts and ß spelled out as in host names ("ü" → "ue").
fn fold_umlauts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// The registrable-looking label of a host: "www.spiegel.de" → "spiegel".
pub(crate) fn host_label(host: &str) -> Option<String> {
    let parts: Vec<&str> = host.split('.').filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return None;
    }
    let mut label = parts[parts.len() - 2];
    if matches!(label, "co" | "com" | "org" | "net" | "ac" | "gov") && parts.len() >= 3 {
        label = parts[parts.len() - 3];
    }
    Some(norm(label))
}

/// True when `seg` names the site.
fn is_site_segment(seg: &str, site_names: &[String], host: Option<&str>) -> bool {
    let n = norm(seg);
    if n.is_empty() {
        return true;
    }
    for s in site_names {
        let sn = norm(s);
        if sn.is_empty() {
            continue;
        }
        if n == sn
            || (sn.len() >= 4 && n.contains(&sn) && n.len() <= sn.len() + 12)
            || (n.len() >= 4 && sn.contains(&n))
        {
            return true;
        }
    }
    if let Some(h) = host {
        // Host labels are ASCII: "Süddeutsche Zeitung" is "sueddeutsche".
        let n = fold_umlauts(&n);
        if h.len() >= 3
            && (n == h
                || (n.starts_with(h) && n.len() <= h.len() + 10)
                || n.strip_suffix("de").is_some_and(|n| n.ends_with(h))
                || n.strip_suffix("com").is_some_and(|n| n.ends_with(h)))
        {
            return true;
        }
        // The host's name after an article: "DER SPIEGEL" on spiegel.de, "Die Welt" on welt.de.
        let words: Vec<&str> = seg.split_whitespace().collect();
        if h.len() >= 3
            && words.len() == 2
            && words[0].chars().count() <= 3
            && fold_umlauts(&norm(words[1])) == *h
        {
            return true;
        }
    }
    let l = crate::dom::lower(seg.trim());
    l.ends_with(".de")
        || l.ends_with(".com")
        || l.ends_with(".at")
        || l.ends_with(".ch")
        || l.ends_with(" online")
        || l == "startseite"
        || l == "home"
}

/// Removes site-name prefixes and suffixes (" - DER SPIEGEL", "ZEIT ONLINE | ").
pub(crate) fn clean(title: &str, site_names: &[String], host: Option<&str>) -> String {
    let mut t = title.trim().to_string();
    for _ in 0..3 {
        let mut changed = false;
        for sep in SEPARATORS {
            // suffix
            let Some(p) = t.rfind(sep) else {
                // Not in the title at all: no prefix either.
                continue;
            };
            let (head, tail) = (&t[..p], &t[p + sep.len()..]);
            if !head.trim().is_empty() && is_site_segment(tail, site_names, host) {
                t = head.trim().to_string();
                changed = true;
                break;
            }
            // prefix
            if let Some(p) = t.find(sep) {
                let (head, tail) = (&t[..p], &t[p + sep.len()..]);
                if !tail.trim().is_empty() && is_site_segment(head, site_names, host) {
                    t = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // "Titel: DER SPIEGEL" style without spaces around a bar
    t
}

/// Picks the headline from the candidates.
pub(crate) fn choose(
    ld_headline: Option<&str>,
    og_title: Option<&str>,
    h1s: &[String],
    main_h1: Option<&str>,
    html_title: Option<&str>,
    site_names: &[String],
    host: Option<&str>,
) -> Option<String> {
    let og = og_title
        .map(|t| clean(t, site_names, host))
        .filter(|t| !t.is_empty());
    let ld = ld_headline
        .map(|t| clean(t, site_names, host))
        .filter(|t| !t.is_empty());
    let ti = html_title
        .map(|t| clean(t, site_names, host))
        .filter(|t| !t.is_empty());
    // A meta title that is only the site's name says nothing about the article.
    let is_site = |t: &Option<String>| {
        t.as_deref()
            .map(|t| is_site_segment(t, site_names, host))
            .unwrap_or(false)
    };
    let og = if is_site(&og) && !h1s.is_empty() {
        None
    } else {
        og
    };
    let ld = if is_site(&ld) && !h1s.is_empty() {
        None
    } else {
        ld
    };
    let meta_titles: Vec<&String> = [&ld, &og, &ti].into_iter().flatten().collect();
    // An h1 that agrees with a meta title is the visible headline; the meta spelling keeps the
    // separator between kicker and headline that the h1's markup often drops.
    for h in h1s {
        let hn = norm(h);
        if hn.len() < 6 {
            continue;
        }
        for m in &meta_titles {
            let mn = norm(m);
            if mn == hn {
                return Some(m.trim().to_string());
            }
        }
    }
    // The headline next to the article body.
    if let Some(h) = main_h1 {
        let h = h.trim();
        // An h1 that is a meta title plus a kicker or date: the meta title.
        let hn = norm(h);
        for m in &meta_titles {
            let mn = norm(m);
            if mn.len() >= 12
                && mn.len() * 2 >= hn.len()
                && (hn.ends_with(&mn) || hn.starts_with(&mn))
            {
                return Some(m.trim().to_string());
            }
        }
        let words = h.split_whitespace().count();
        if h.chars().count() >= 8
            && words >= 2
            && h.len() < 300
            && !is_site_segment(h, site_names, host)
        {
            return Some(h.to_string());
        }
    }
    if let Some(t) = og.or(ld) {
        return Some(t);
    }
    if h1s.len() == 1 && norm(&h1s[0]).len() >= 6 {
        return Some(h1s[0].trim().to_string());
    }
    ti.or_else(|| h1s.first().map(|h| h.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_names() {
        let sites = vec!["DER SPIEGEL".to_string()];
        assert_eq!(
            clean("Regierung stürzt - DER SPIEGEL", &sites, Some("spiegel")),
            "Regierung stürzt"
        );
        assert_eq!(
            clean("Wetter: Es wird kalt | ZEIT ONLINE", &[], Some("zeit")),
            "Wetter: Es wird kalt"
        );
        assert_eq!(
            clean("tagesschau.de - Neue Regeln", &[], Some("tagesschau")),
            "Neue Regeln"
        );
        assert_eq!(
            clean("Brief an Kim Jong Un: Trump schreibt", &[], Some("faz")),
            "Brief an Kim Jong Un: Trump schreibt"
        );
        // The host's name after an article, and with umlauts spelled out in the host.
        assert_eq!(
            clean(
                "Sonde erreicht Jupitermond - DER SPIEGEL",
                &[],
                Some("spiegel")
            ),
            "Sonde erreicht Jupitermond"
        );
        assert_eq!(
            clean(
                "Mieten steigen - Süddeutsche Zeitung",
                &[],
                Some("sueddeutsche")
            ),
            "Mieten steigen"
        );
        assert_eq!(
            clean("Ein Blick in den Spiegel - Kolumne", &[], Some("spiegel")),
            "Ein Blick in den Spiegel - Kolumne"
        );
        assert_eq!(
            clean("Aufbruch - Neue Welt", &[], Some("welt")),
            "Aufbruch - Neue Welt"
        );
    }
}
