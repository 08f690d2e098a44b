//! Fuzz target: `kg_extract::extract` must never panic, whatever the bytes, URL and Content-Type.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a Content-Type and URL variant, the rest is the page.
    let (sel, page) = data.split_first().unwrap_or((&0, data));
    let content_type = match sel % 4 {
        0 => None,
        1 => Some("text/html; charset=utf-8"),
        2 => Some("text/html; charset=ISO-8859-1"),
        _ => Some("text/html; charset=\"bogus\""),
    };
    let url = match sel / 4 % 3 {
        0 => None,
        1 => Some("https://www.spiegel.de/politik/deutschland/artikel-a-123.html"),
        _ => Some("not a url"),
    };
    let article = kg_extract::extract(page, url, content_type);
    // Touch the derived text so its code runs too.
    let _ = article.text();
});
