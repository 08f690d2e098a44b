//! Rules for listings, collections and product pages (issue 21), each on a small hand-written
//! page and each checked the other way too (what it must not let in).

use kg_extract::{extract, PageType};

fn nav() -> &'static str {
    "<header class=\"site-header\"><nav><a href=\"/\">Home</a> <a href=\"/shop\">Shop</a> \
     <a href=\"/contact\">Contact</a></nav></header>"
}

/// A shop's grid: each tile a linked name (a heading) and a price, no sentence anywhere.
fn tiles(n: usize) -> String {
    (1..=n)
        .map(|k| {
            format!(
                "<div class=\"tile-grid-cell\"><div class=\"product-tile\">\
                 <a href=\"/p/candle-{k}\"><img src=\"/i/{k}.jpg\"><h2>Lemon Blossom Glass \
                 Candle {k}</h2></a><p class=\"tile-cost\">${k}4.50</p></div></div>"
            )
        })
        .collect()
}

#[test]
fn a_grid_of_short_items_is_the_page_not_a_trail_of_fragments() {
    let page = format!(
        "<html><head><title>Decorative Candles | Example Shop</title></head><body>{}\
         <main><h1>Decorative Candles</h1><div class=\"tile-grid\">{}</div></main>\
         <footer><a href=\"/imprint\">Imprint</a> <a href=\"/privacy\">Privacy</a></footer>\
         </body></html>",
        nav(),
        tiles(10)
    );
    let a = extract(
        page.as_bytes(),
        Some("https://shop.example.com/collections/decorative-candles"),
        None,
    );
    assert_eq!(a.page_type, PageType::Listing);
    let text = a.text();
    for k in 1..=10 {
        assert!(
            text.contains(&format!("Lemon Blossom Glass Candle {k}")),
            "{text}"
        );
        assert!(text.contains(&format!("${k}4.50")), "{text}");
    }
    assert!(!text.contains("Imprint"), "{text}");
}

#[test]
fn a_few_stray_words_are_still_no_listing_text() {
    // The grid is filled by script: what is left is a sort menu and "Loading".
    let page = format!(
        "<html><head><title>Desk converters | Example Shop</title></head><body>{}\
         <main><h1>Desk converters</h1><div class=\"sort\"><span>Sort:</span>\
         <ul><li>Relevance</li><li>Latest</li><li>Top sales</li></ul></div>\
         <div class=\"product-grid\"><div class=\"product-item\">Loading</div>\
         <div class=\"product-item\">Loading</div></div></main></body></html>",
        nav()
    );
    let a = extract(
        page.as_bytes(),
        Some("https://shop.example.com/category/desk-converters"),
        None,
    );
    assert!(a.text().len() < 40, "{}", a.text());
}

#[test]
fn a_wrapper_around_main_is_no_footer_whatever_its_class() {
    let items: String = (1..=12)
        .map(|k| {
            format!(
                "<dl><dt><a href=\"/abs/26.{k:05}\">arXiv:26.{k:05}</a></dt><dd>\
                 <div class=\"list-title\">Title: Sparse attention sinks in model {k}</div>\
                 <div class=\"list-authors\">Ada Lovelace, Alan Turing</div>\
                 <div class=\"list-subjects\">Subjects: Artificial Intelligence</div>\
                 </dd></dl>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Artificial Intelligence</title></head><body>\
         <div class=\"flex-wrap-footer\">{}<main><div id=\"content\"><h1>Artificial \
         Intelligence</h1><h3>Authors and titles for recent submissions</h3>{items}</div></main>\
         <footer><a href=\"/about\">About</a> <a href=\"/help\">Help</a> \
         <a href=\"/contact\">Contact</a></footer></div></body></html>",
        nav()
    );
    let a = extract(
        page.as_bytes(),
        Some("https://papers.example.org/list/cs.AI/recent"),
        None,
    );
    let text = a.text();
    for k in 1..=12 {
        assert!(
            text.contains(&format!("Sparse attention sinks in model {k}")),
            "{text}"
        );
    }
    assert!(!text.contains("Help"), "{text}");
    // A footer-class element that does not wrap the page's <main> still goes.
    let page = format!(
        "<html><head><title>A note</title></head><body>{}<main><h1>A note</h1>\
         <p>{}</p></main><div class=\"site-footer\"><p>{}</p></div></body></html>",
        nav(),
        "The main text of this page is a paragraph long enough to be prose. ".repeat(6),
        "Footer words about the company and its many offices around the world. ".repeat(3)
    );
    let a = extract(
        page.as_bytes(),
        Some("https://example.org/a-note-on-things"),
        None,
    );
    assert!(a.text().contains("The main text"), "{}", a.text());
    assert!(!a.text().contains("Footer words"), "{}", a.text());
}
