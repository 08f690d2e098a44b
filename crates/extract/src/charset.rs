//! Charset detection and decoding: HTTP header, BOM, `<meta charset>`, then sniffing.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page the `<meta charset>` prescan looks. Larger than the 1024 bytes of the
/// HTML standard because many pages put megabytes of inline script or styles before it; the
/// scan is a cheap byte search.
const META_SCAN_BYTES: usize = 64 * 1024;

/// Decodes the raw page bytes to a string.
///
/// Order: the charset of the HTTP `Content-Type` header, a byte-order mark, a `<meta charset>` or
/// `http-equiv` declaration in the first 64 KB, then sniffing (valid UTF-8, else windows-1252).
/// ISO-8859-1 is decoded as windows-1252, as browsers do.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some(enc) = content_type
        .and_then(charset_param)
        .and_then(label_to_encoding)
    {
        return decode_with(enc, bytes);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Some(enc) = meta_charset(&bytes[..bytes.len().min(META_SCAN_BYTES)]) {
        // A page that declares UTF-8 but is not valid UTF-8 is usually windows-1252.
        if enc == UTF_8 && std::str::from_utf8(bytes).is_err() && !mostly_utf8(bytes) {
            return decode_with(WINDOWS_1252, bytes);
        }
        return decode_with(enc, bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) if mostly_utf8(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => decode_with(WINDOWS_1252, bytes),
    }
}

/// Decodes with `enc`; UTF-16 declarations in markup are treated as UTF-8 (as the HTML standard
/// says), since a page readable as ASCII cannot be UTF-16.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> String {
    let enc = enc.output_encoding();
    if enc == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        };
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// True when invalid sequences are rare compared with valid multi-byte ones (a mostly UTF-8 page
/// with a few broken bytes), so lossy UTF-8 is better than windows-1252.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multi = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multi += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                valid_multi += good.iter().filter(|b| **b >= 0xC0).count();
                invalid += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                if skip >= after.len() {
                    break;
                }
                rest = &after[skip..];
                if invalid > 64 {
                    break;
                }
            }
        }
    }
    invalid * 10 < valid_multi
}

fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(
        label
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .as_bytes(),
    )
}

/// The `charset=` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = &content_type[pos + 7..];
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    let v = &rest[..end];
    (!v.is_empty()).then_some(v)
}

/// Finds a charset declared in a `<meta>` tag (`charset=` or `http-equiv` content) in `head`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(rel) = find_ci(&head[from..], b"<meta") {
        let start = from + rel;
        let end = head[start..]
            .iter()
            .position(|b| *b == b'>')
            .map(|p| start + p)
            .unwrap_or(head.len());
        let tag = &head[start..end];
        if let Some(p) = find_ci(tag, b"charset") {
            let value = attr_value_after(&tag[p + 7..]);
            if let Some(enc) = std::str::from_utf8(value).ok().and_then(label_to_encoding) {
                return Some(enc);
            }
        }
        from = end.max(start + 5);
        if from >= head.len() {
            break;
        }
    }
    None
}

/// Reads the value after `charset`: skips spaces and `=`, optional quotes, until a delimiter.
fn attr_value_after(s: &[u8]) -> &[u8] {
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= s.len() || s[i] != b'=' {
        return &[];
    }
    i += 1;
    while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'"' || s[i] == b'\'') {
        i += 1;
    }
    let start = i;
    while i < s.len()
        && !matches!(s[i], b'"' | b'\'' | b';' | b'/' | b'>')
        && !s[i].is_ascii_whitespace()
    {
        i += 1;
    }
    &s[start..i]
}

/// Case-insensitive search of an ASCII needle.
pub(crate) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let last = hay.len() - needle.len();
    let mut i = 0;
    while i <= last {
        if hay[i].to_ascii_lowercase() == first
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_wins() {
        let bytes = b"<meta charset=utf-8><p>Gr\xfc\xdfe</p>";
        assert!(decode(bytes, Some("text/html; charset=ISO-8859-1")).contains("Grüße"));
    }

    #[test]
    fn meta_after_long_script() {
        let mut page = b"<html><head><script>".to_vec();
        page.extend(std::iter::repeat_n(b'x', 5000));
        page.extend_from_slice(b"</script><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><p>M\xe4rz</p>");
        assert!(decode(&page, None).contains("März"));
    }

    #[test]
    fn bom_and_sniff() {
        assert_eq!(decode(b"\xef\xbb\xbfS\xc3\xbc\xc3\x9f", None), "Süß");
        assert_eq!(decode(b"S\xfc\xdf", None), "Süß");
        assert_eq!(decode("Süß".as_bytes(), None), "Süß");
    }

    #[test]
    fn declared_utf8_but_latin1() {
        assert!(decode(b"<meta charset=\"utf-8\"><p>F\xfc\xdfe</p>", None).contains("Füße"));
    }
}
