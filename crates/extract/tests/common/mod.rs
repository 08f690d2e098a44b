//! Helpers shared by kg-extract's integration tests: read a hand-written page at an address and
//! check the text that comes out for the snippets it must and must not hold.
//!
//! Each test file that uses them says `mod common;` and `use common::*;`. Not every file uses
//! every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use kg_extract::{extract, PageType};

/// Extracts `page` (HTML) as read from `url` and gives the page kind and the article's text.
pub fn text_at(page: &str, url: &str) -> (PageType, String) {
    let a = extract(page.as_bytes(), Some(url), None);
    let text = a.text();
    (a.page_type, text)
}

/// Panics, naming the first snippet `text` does not hold (and printing `text`), unless it holds
/// every one of `snippets`.
#[track_caller]
pub fn assert_has(text: &str, snippets: &[&str]) {
    for s in snippets {
        assert!(text.contains(s), "missing {s:?} in:\n{text}");
    }
}

/// Panics, naming the first snippet `text` holds (and printing `text`), if it holds any one of
/// `snippets`.
#[track_caller]
pub fn assert_lacks(text: &str, snippets: &[&str]) {
    for s in snippets {
        assert!(!text.contains(s), "forbidden {s:?} in:\n{text}");
    }
}
