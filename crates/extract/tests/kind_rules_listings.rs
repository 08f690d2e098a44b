//! Issue 21, listings: an index of names keeps its one-word names when the index is long and
//! many of its names are several words; a grid of cards repeating its labels does not. Small
//! hand-written pages, each checked the other way too.

mod common;
use common::*;
use kg_extract::{extract, PageType};

const NAMES: [&str; 20] = [
    "Agda",
    "ALGOL 58",
    "Alice ML",
    "Ballerina",
    "Bash",
    "BCPL",
    "C Shell (csh)",
    "Caml",
    "Carbon",
    "Common Intermediate Language",
    "Concurrent Pascal",
    "Dart",
    "Easy PL/I",
    "Eiffel",
    "Elixir",
    "Game Maker Language",
    "GDScript (Godot)",
    "Groovy",
    "High Level Assembly",
    "Haskell",
];

/// An encyclopedia's list page: an intro, then the names in a column list, each a link.
fn index_page(names: &[&str]) -> String {
    let items: String = names
        .iter()
        .map(|n| {
            format!(
                "<li><a href=\"/article/{}\">{n}</a></li>",
                n.replace(' ', "_")
            )
        })
        .collect();
    format!(
        "<html><head><title>List of programming languages - Wiki</title></head><body>\
         <header><nav><a href=\"/\">Main page</a> <a href=\"/random\">Random</a></nav></header>\
         <main><h1>List of programming languages</h1>\
         <p>This is an index to notable programming languages, in current or historical use. \
         Dialects and esoteric languages have their own pages and are not included here.</p>\
         <div class=\"div-col\"><ul>{items}</ul></div>\
         <h2>See also</h2><p>Other lists sort the languages by their type and by the year \
         they first appeared, with the people who designed them.</p></main>\
         <footer><a href=\"/privacy\">Privacy</a> <a href=\"/about\">About</a></footer>\
         </body></html>"
    )
}

const INDEX_URL: &str = "https://www.encyclopedia.example/list/programming-languages";

#[test]
fn a_long_index_of_names_keeps_its_one_word_names() {
    let a = extract(index_page(&NAMES).as_bytes(), Some(INDEX_URL), None);
    assert_eq!(a.page_type, PageType::Listing);
    let t = a.text();
    assert_has(&t, &["Alice ML"]);
    for n in ["Agda", "Ballerina", "Groovy", "Haskell"] {
        assert!(a.blocks.iter().any(|b| b.text == n), "{n}: {t}");
    }
}

#[test]
fn a_short_index_keeps_only_its_names_of_several_words() {
    // The other way: a dozen links are a menu as much as an index.
    let a = extract(index_page(&NAMES[..12]).as_bytes(), Some(INDEX_URL), None);
    assert_eq!(a.page_type, PageType::Listing);
    assert_has(&a.text(), &["ALGOL 58"]);
    assert!(!a.blocks.iter().any(|b| b.text == "Agda"), "{}", a.text());
}

/// A shop's grid: each card a linked list of label and value lines, the labels repeated from
/// card to card.
fn card_grid() -> String {
    let cards: String = [
        ("Trail Runner", "Grey", "$108"),
        ("Road Glide", "Lotus", "$80"),
        ("Fresh Foam", "Black", "$74"),
        ("Wave Horizon", "Pearl", "$139"),
    ]
    .iter()
    .map(|(name, color, price)| {
        format!(
            "<a class=\"product-card\" href=\"/p/{color}\"><ul>\
             <li>Product Name</li><li>{name}</li><li>Color</li><li>{color}</li>\
             <li>Price</li><li>{price}</li></ul></a>"
        )
    })
    .collect();
    format!(
        "<html><head><title>Women's running shoes | Shoe Shop</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/cart\">Cart</a></nav></header>\
         <main><h1>Women's running shoes</h1><p>3953 items found</p>\
         <div class=\"results\">{cards}</div></main>\
         <footer><a href=\"/help\">Help</a></footer></body></html>"
    )
}

#[test]
fn a_grid_of_cards_repeating_its_labels_keeps_no_one_word_labels() {
    let a = extract(
        card_grid().as_bytes(),
        Some("https://shop.example.com/womens-running-shoes"),
        None,
    );
    assert_eq!(a.page_type, PageType::Listing);
    assert!(!a.blocks.iter().any(|b| b.text == "Color"), "{}", a.text());
}

/// A blog's front page whose cards each carry their title as a linked `<h1>`, a teaser under
/// it; `boxes` adds two sidebar boxes labelled by unlinked `<h1>`s.
fn h1_cards(boxes: bool) -> String {
    let cards: String = [
        ("building-brains", "Building brains for bulldozers", "Robotics is advancing now that simulation fills the gaps real data leaves, and the labour shortage gives it a market."),
        ("whats-new-march", "What is new on the site this March", "Everything that changed last month, including the redesigned pages in beta and open questions for all users."),
        ("upload-scanner", "Still building a better upload scanner", "Network traffic gets all the press, but some teams are still trying to scan the files users upload."),
        ("developer-trust", "Developer trust and generated code", "Trust means a willingness to deploy generated code to production with minimal review, and few are there yet."),
    ]
    .iter()
    .map(|(slug, title, teaser)| {
        format!(
            "<article class=\"card\"><h1><a href=\"/2026/03/{slug}\">{title}</a></h1>\
             <p>{teaser}</p><div class=\"meta\">March 6, 2026</div></article>"
        )
    })
    .collect();
    let sidebar = if boxes {
        "<section><h1>Most read this week</h1><p>Our readers liked the story about \
         the scanner more than any other this week, and the one about trust came second.</p></section>\
         <section><h1>Letters from our readers</h1><p>Write to us about anything you read here; we \
         print a selection of the letters every Friday with our answers.</p></aside>"
    } else {
        ""
    };
    format!(
        "<html><head><title>The Overflow Blog</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/podcast\">Podcast</a></nav></header>\
         <main><div class=\"latest\"><h2>Latest articles</h2>{cards}{cards}</div>{sidebar}\
         <nav class=\"pagination\"><a href=\"/page/2\">2</a> <a href=\"/page/2\" rel=\"next\">\
         Older posts</a></nav></main>\
         <footer><a href=\"/about\">About</a></footer></body></html>"
    )
}

#[test]
fn a_page_of_item_cards_keeps_the_linked_h1_titles_of_its_items() {
    let (_, t) = text_at(&h1_cards(false), "https://blog.example.com/");
    // (The first is the page's title: the page's `<title>` is only the site's name.)
    assert_has(
        &t,
        &[
            "Still building a better upload scanner",
            "Developer trust and generated code",
            "simulation fills the gaps",
        ],
    );
}

#[test]
fn unlinked_h1_box_labels_stay_out() {
    // The other way: an `<h1>` that is no link labels a box.
    let (_, t) = text_at(&h1_cards(true), "https://blog.example.com/");
    assert_lacks(&t, &["Most read this week", "Letters from our readers"]);
}
