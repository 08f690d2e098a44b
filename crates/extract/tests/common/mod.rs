//! Helpers shared by kg-extract's integration tests: read a hand-written page at an address and
//! check the text that comes out for the snippets it must and must not hold.
//!
//! Each test file that uses them says `mod common;` and `use common::*;`. Not every file uses
//! every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use kg_extract::{extract, PageType};

/// Extracts `page` (HTML) as read from `url` (an address, or an `Option` of one) and gives the
/// page kind and the article's text.
pub fn text_at<'u>(page: &str, url: impl Into<Option<&'u str>>) -> (PageType, String) {
    let a = extract(page.as_bytes(), url.into(), None);
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

/// Address of the customer-service software page that [`helpdesk_page`] builds.
pub const HELPDESK_URL: &str = "https://www.helpdeskly.example/service/customer-service-software";

/// A service page for customer-service software: title, a bar of four links, a hero section
/// (heading, one sentence, a trial button), then `sections` in `<main>`, then a one-link footer.
pub fn helpdesk_page(sections: &str) -> String {
    format!(
        "<html><head><title>Customer Service Software | Helpdeskly</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/service\">Service</a> \
         <a href=\"/pricing\">Pricing</a> <a href=\"/contact\">Contact us</a></nav></header>\
         <main><section class=\"hero\"><h1>Customer service software</h1>\
         <p>Our customer service software brings every conversation into one place, so your \
         agents answer faster and your customers never repeat themselves.</p>\
         <a class=\"btn\" href=\"/trial\">Start your free trial</a></section>{sections}</main>\
         <footer class=\"footer\"><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}
