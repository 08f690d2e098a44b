//! `charset`: feed bytes to UTF-8 before parsing. The HTTP header's charset wins, then a BOM,
//! then the XML declaration; a declaration that says ISO-8859-1 over bytes that are valid UTF-8
//! (a common publishing mistake) is overruled by the bytes, and undeclared bytes that are not
//! UTF-8 are read as windows-1252.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// The charset parameter of a Content-Type header.
fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            Encoding::for_label(v.trim().trim_matches('"').as_bytes())
        } else {
            None
        }
    })
}

/// The encoding named in an `<?xml … encoding="…"?>` declaration, with the declaration's span.
fn xml_declaration(bytes: &[u8]) -> Option<(&'static Encoding, std::ops::Range<usize>)> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.windows(5).position(|w| w == b"<?xml")?;
    let end = head[start..].windows(2).position(|w| w == b"?>")? + start + 2;
    let decl = std::str::from_utf8(&head[start..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let value = rest[1..].split(quote).next()?;
    Some((Encoding::for_label(value.trim().as_bytes())?, start..end))
}

/// Returns the feed as UTF-8 bytes with any XML declaration's encoding set to UTF-8.
pub fn feed_to_utf8(bytes: &[u8], content_type: Option<&str>) -> Vec<u8> {
    let (enc, bom_len) = match Encoding::for_bom(bytes) {
        Some((e, n)) => (Some(e), n),
        None => (None, 0),
    };
    let body = &bytes[bom_len..];
    let declared = xml_declaration(body);
    let valid_utf8 = std::str::from_utf8(body).is_ok();
    let chosen = enc
        .or_else(|| {
            content_type
                .and_then(header_charset)
                .filter(|e| !(valid_utf8 && is_latin(e) && !body.is_ascii()))
        })
        .or_else(|| {
            declared
                .as_ref()
                .map(|(e, _)| *e)
                .filter(|e| !(valid_utf8 && is_latin(e) && !body.is_ascii()))
        })
        .unwrap_or(if valid_utf8 { UTF_8 } else { WINDOWS_1252 });
    let chosen = if chosen == encoding_rs::UTF_16LE || chosen == encoding_rs::UTF_16BE {
        if enc.is_some() {
            chosen
        } else {
            UTF_8
        }
    } else {
        chosen
    };
    let (text, _, _) = chosen.decode(&bytes[if enc.is_some() { bom_len } else { 0 }..]);
    let mut text = text.into_owned();
    if let Some(pos) = text.find("<?xml") {
        if let Some(end) = text[pos..].find("?>") {
            let decl = &text[pos..pos + end + 2];
            if decl.contains("encoding") {
                let fixed = rewrite_encoding(decl);
                text.replace_range(pos..pos + end + 2, &fixed);
            }
        }
    }
    text.into_bytes()
}

fn is_latin(e: &&'static Encoding) -> bool {
    *e == WINDOWS_1252 || e.name().starts_with("ISO-8859")
}

fn rewrite_encoding(decl: &str) -> String {
    let Some(at) = decl.find("encoding") else {
        return decl.to_string();
    };
    let after = &decl[at + 8..];
    let Some(q1) = after.find(['"', '\'']) else {
        return decl.to_string();
    };
    let quote = after.as_bytes()[q1] as char;
    let Some(q2) = after[q1 + 1..].find(quote) else {
        return decl.to_string();
    };
    format!(
        "{}encoding=\"UTF-8\"{}",
        &decl[..at],
        &after[q1 + 1 + q2 + 1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: Vec<u8>) -> String {
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn latin1_declared_and_true() {
        let mut b = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Gr".to_vec();
        b.push(0xfc);
        b.extend_from_slice(b"ne</title></rss>");
        let out = s(feed_to_utf8(&b, None));
        assert!(out.contains("Grüne"));
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }

    #[test]
    fn latin1_declared_but_utf8_bytes() {
        let b = "<?xml version='1.0' encoding='iso-8859-1'?><rss><title>Grüne Straße</title></rss>";
        assert!(s(feed_to_utf8(b.as_bytes(), None)).contains("Grüne Straße"));
    }

    #[test]
    fn header_wins_and_no_declaration_sniffs() {
        let b = [b"<rss><title>K".as_slice(), &[0xe4], b"se</title></rss>"].concat();
        assert!(s(feed_to_utf8(&b, Some("text/xml; charset=ISO-8859-1"))).contains("Käse"));
        assert!(s(feed_to_utf8(&b, None)).contains("Käse"));
        let bom = [
            &[0xef, 0xbb, 0xbf][..],
            "<rss><title>Öl</title></rss>".as_bytes(),
        ]
        .concat();
        assert!(s(feed_to_utf8(&bom, Some("text/xml; charset=ISO-8859-1"))).contains("Öl"));
    }
}
