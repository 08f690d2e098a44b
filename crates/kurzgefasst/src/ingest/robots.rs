//! `robots`: robots.txt rules for article pages (RFC 9309): the group for our agent, else `*`;
//! the longest matching Allow/Disallow wins, Allow on a tie; `*` and `$` wildcards.

/// The product token matched against `User-agent` lines.
pub const AGENT: &str = "kurzgefasst";

/// The rules that apply to this crawler. The default allows everything.
#[derive(Debug, Default, Clone)]
pub struct Robots {
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// Parses robots.txt, keeping the group for `agent` (case-insensitive), else the `*` group.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut specific: Vec<(bool, String)> = Vec::new();
        let mut generic: Vec<(bool, String)> = Vec::new();
        let mut found_specific = false;
        let mut group_agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group_agents.clear();
                        in_rules = false;
                    }
                    group_agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    let allow = key == "allow";
                    if value.is_empty() {
                        continue; // "Disallow:" with nothing means allow all
                    }
                    let rule = (allow, value.to_string());
                    if group_agents
                        .iter()
                        .any(|a| a != "*" && agent.contains(a.as_str()))
                    {
                        found_specific = true;
                        specific.push(rule.clone());
                    }
                    if group_agents.iter().any(|a| a == "*") {
                        generic.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots {
            rules: if found_specific { specific } else { generic },
        }
    }

    /// Whether `path` (with its query) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, a)| a)
    }
}

/// Whether a robots.txt path pattern matches `path` from its start.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if let Some(found) = path[pos..].find(part) {
            pos += found + part.len();
        } else {
            return false;
        }
    }
    if anchored {
        if parts.len() > 1 {
            let last = parts.last().unwrap();
            return path.ends_with(last) && pos <= path.len();
        }
        return pos == path.len();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_longest_match_and_wildcards() {
        let txt = "User-agent: *\nDisallow: /privat/\nDisallow: /*.pdf$\nAllow: /privat/offen\n\nUser-agent: OtherBot\nDisallow: /\n";
        let r = Robots::parse(txt, AGENT);
        assert!(r.allowed("/artikel/1.html"));
        assert!(!r.allowed("/privat/geheim.html"));
        assert!(r.allowed("/privat/offen.html"));
        assert!(!r.allowed("/docs/x.pdf"));
        assert!(r.allowed("/docs/x.pdf?download=1"));
        let r = Robots::parse(
            "User-agent: kurzgefasst\nDisallow: /artikel/\n\nUser-agent: *\nAllow: /\n",
            AGENT,
        );
        assert!(!r.allowed("/artikel/1.html"));
        assert!(r.allowed("/feed.xml"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", AGENT).allowed("/x"));
        assert!(Robots::default().allowed("/x"));
    }
}
