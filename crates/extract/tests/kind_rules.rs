//! The rules added for pages that are not one article (issue 21), each on a small hand-written
//! page: the kind model with and without an address, the second try for pages that come out
//! empty, folded tabs, prose paragraphs with a navigation-like class, a documentation page's
//! link index. Each is also checked the other way (what it must not let in).

mod common;
use common::*;
use kg_extract::PageType;

fn filler(n: usize, what: &str) -> String {
    (0..n)
        .map(|k| {
            format!(
                "<p>{what} paragraph {k} tells the reader something new about the subject, with \
                 a full sentence, a second clause, and enough words to count as prose here.</p>"
            )
        })
        .collect()
}

fn nav() -> &'static str {
    "<header><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a> \
     <a href=\"/contact\">Contact</a></nav></header>"
}

#[test]
fn kind_model_tells_a_news_article_from_a_thread_with_and_without_address() {
    let article = format!(
        "<html><head><title>Council approves budget</title>\
         <meta property=\"og:type\" content=\"article\">\
         <meta property=\"article:published_time\" content=\"2024-05-02T10:00:00+02:00\">\
         </head><body>{}<article><h1>Council approves budget</h1>{}</article>\
         <footer>© Example News</footer></body></html>",
        nav(),
        filler(8, "Budget")
    );
    for url in [
        Some("https://news.example.com/politics/2024/05/council-approves-the-new-city-budget"),
        None,
    ] {
        let (kind, _) = text_at(&article, url);
        assert_eq!(kind, PageType::Article, "url {url:?}");
    }
    let posts: String = (0..6)
        .map(|k| {
            format!(
                "<div class=\"post\" id=\"p{k}\"><div class=\"author\"><a href=\"/u/{k}\">user{k}</a></div>\
                 <time datetime=\"2024-05-0{}T1{k}:00\">May {}</time>\
                 <div class=\"message\">Reply {k}: my printer still jams after the update, \
                 did anyone find a fix?</div><a href=\"#\">Reply</a> <a href=\"#\">Quote</a></div>",
                k + 1,
                k + 1
            )
        })
        .collect();
    let thread = format!(
        "<html><head><title>Printer jams after update - Help forum</title></head><body>{}\
         <h1>Printer jams after update</h1><div class=\"thread\">{posts}</div></body></html>",
        nav()
    );
    let (kind, text) = text_at(
        &thread,
        "https://forum.example.com/t/printer-jams-after-update/123",
    );
    assert_eq!(kind, PageType::Forum);
    assert_has(&text, &["did anyone find a fix"]);
}

#[test]
fn empty_page_is_read_again_from_its_hidden_streamed_container() {
    // React streams the content into a hidden container and moves it in by script.
    let page = format!(
        "<html><head><title>Guide</title></head><body>{}<main id=\"app\"></main>\
         <div hidden id=\"S:0\"><article><h1>A guide to pruning roses</h1>{}</article></div>\
         <script>$RC(\"B:0\",\"S:0\")</script></body></html>",
        nav(),
        filler(6, "Pruning")
    );
    let (_, t) = text_at(&page, "https://garden.example.com/blog/pruning-roses");
    assert_has(&t, &["Pruning paragraph 3"]);
    // A page with visible text keeps hiding what is hidden.
    let page = format!(
        "<html><head><title>Guide</title></head><body>{}<article><h1>A guide</h1>{}</article>\
         <div hidden><p>Secret draft paragraph that nobody should read on this page at all, \
         long enough to be prose of its own here.</p></div></body></html>",
        nav(),
        filler(6, "Visible")
    );
    let (_, text) = text_at(&page, "https://garden.example.com/blog/guide");
    assert_has(&text, &["Visible paragraph 3"]);
    assert_lacks(&text, &["Secret draft"]);
}

#[test]
fn service_page_keeps_folded_tabs_an_article_does_not() {
    let tabs: String = ["Coverage", "Claims", "Costs"]
        .iter()
        .enumerate()
        .map(|(k, t)| {
            format!(
                "<div role=\"tabpanel\" class=\"tabs-panel\" id=\"tab{k}\" {}>\
                 <h3>{t}</h3><p>{t} explained: what our insurance plan covers for drivers, \
                 how a claim is handled and what it costs each month in every state.</p></div>",
                if k == 0 { "" } else { "hidden" }
            )
        })
        .collect();
    let service = format!(
        "<html><head><title>Insurance for drivers</title></head><body>{}\
         <main><h1>Insurance for drivers</h1><p>We protect you on every trip, from the first \
         ride to the last delivery of the day, with cover that meets the law.</p>\
         <section class=\"services\"><h2>Our services</h2>\
         <a class=\"btn\" href=\"/quote\">Get a quote</a> <a class=\"btn\" href=\"/contact\">Contact us</a>\
         <a class=\"btn\" href=\"/learn\">Learn more</a></section>{tabs}</main>\
         <footer>© Example Insurance</footer></body></html>",
        nav()
    );
    let (kind, t) = text_at(
        &service,
        "https://www.example-insurance.com/drive/insurance-services",
    );
    assert_eq!(kind, PageType::Service);
    assert_has(&t, &["Claims explained", "Costs explained"]);
    // On an article page a hidden panel stays out.
    let article = format!(
        "<html><head><title>Budget</title><meta property=\"og:type\" content=\"article\"></head>\
         <body>{}<article><h1>Budget</h1>{}<div role=\"tabpanel\" class=\"tabs-panel\" hidden>\
         <p>Hidden tab text of an article page that is only a leftover of the layout and \
         not part of the story.</p></div></article></body></html>",
        nav(),
        filler(8, "Story")
    );
    let (kind, t) = text_at(
        &article,
        "https://news.example.com/politics/2024/05/council-approves-the-new-city-budget",
    );
    assert_eq!(kind, PageType::Article);
    assert_lacks(&t, &["Hidden tab text"]);
}

#[test]
fn prose_paragraph_with_a_menu_like_class_is_kept_a_menu_is_not() {
    let paras: String = (0..6)
        .map(|k| {
            format!(
                "<p class=\"contextmenu body\">Garden paragraph {k}: gathering from the garden \
                 and creating indoor decorations is traditional in December, and it is a great \
                 time to consider planting some evergreen shrubs for the coming years.</p>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>December garden</title></head><body>{}<div class=\"page-content\">\
         <h1>December garden</h1>{paras}<p class=\"menu\"><a href=\"/a\">Gardening</a> \
         <a href=\"/b\">Recipes</a> <a href=\"/c\">Travel</a></p></div></body></html>",
        nav()
    );
    let (_, text) = text_at(&page, "https://www.example.ie/garden/arid-41763068.html");
    assert_has(&text, &["Garden paragraph 0", "Garden paragraph 5"]);
    assert_lacks(&text, &["Recipes"]);
}

#[test]
fn documentation_keeps_its_link_index_but_not_single_word_links() {
    let items: String = [
        "Tuning your server by three authors",
        "Query profiler in the studio by a vendor",
        "Performance tips for large tables",
        "How to ask questions about slow queries",
    ]
    .iter()
    .map(|t| format!("<li><a href=\"/wiki/{}\">{t}</a></li>", t.len()))
    .collect();
    let page = format!(
        "<html><head><title>Performance Optimization - Example wiki</title></head><body>{}\
         <div id=\"content\" class=\"mw-body\"><h1>Performance Optimization</h1>\
         <div class=\"mw-body-content\"><h2>General setup</h2><ul>{items}</ul>\
         <p>Performance courses are available from a number of companies; check the events page \
         for further details and dates.</p><pre>SET work_mem = '64MB';\nEXPLAIN ANALYZE SELECT 1;</pre>\
         <pre>VACUUM ANALYZE;</pre><ul><li><a href=\"/x\">Edit</a></li></ul></div></div>\
         <div class=\"sidebar\"><a href=\"/\">Main page</a> <a href=\"/r\">Random page</a></div>\
         </body></html>",
        nav()
    );
    let (kind, text) = text_at(
        &page,
        "https://wiki.example.org/wiki/Performance_Optimization",
    );
    assert_eq!(kind, PageType::Documentation);
    assert_has(
        &text,
        &[
            "Tuning your server by three authors",
            "Performance tips for large tables",
        ],
    );
    assert_lacks(&text, &["Random page"]);
    assert!(!text.lines().any(|l| l.trim() == "Edit"), "{}", text);
}

#[test]
fn article_in_sections_widens_beyond_its_best_section_but_not_into_navigation() {
    // A product promotion told in sections, each a picture and a text box: the scored container
    // is one text box; the article is all of them.
    let secs: String = [
        "Performance",
        "Cooling",
        "Silence",
        "Durability",
        "Gaming",
        "Software",
    ]
    .iter()
    .enumerate()
    .map(|(k, name)| {
        let extra = if k == 0 {
            " It also adds a second sentence of detail here.".repeat(3)
        } else {
            String::new()
        };
        format!(
            "<div class=\"block{k}\"><img src=\"/img/{k}.jpg\" alt=\"\"><div class=\"text{k}\">\
                 <p>{name}: the new graphics card delivers industry-leading {}, with fast memory \
                 and innovative technologies for smooth and immersive play.{extra}</p></div></div>",
            name.to_lowercase()
        )
    })
    .collect();
    let page = format!(
        "<html><head><title>Graphics cards</title></head><body><header><nav>\
         <a href=\"/\">Home</a> <a href=\"/deals\">Deals</a> <a href=\"/help\">Help</a></nav></header>\
         <div class=\"wrapper\">{secs}</div><footer><a href=\"/imprint\">Imprint</a> \
         <a href=\"/privacy\">Privacy</a></footer></body></html>"
    );
    let (kind, text) = text_at(
        &page,
        "https://promotions.example.com/cards/17-3454/index.html",
    );
    assert_eq!(kind, PageType::Article);
    assert_has(&text, &["Performance: the new", "Software: the new"]);
    assert_lacks(&text, &["Deals", "Imprint"]);
}

#[test]
fn modal_dialog_stays_out_even_when_it_holds_most_text() {
    let terms: String = (0..12)
        .map(|k| {
            format!(
                "<p>Terms section {k}: you agree to use the platform only for purposes that are \
                 permitted by these terms and in compliance with all applicable laws, rules and \
                 regulations of every place you use it from.</p>"
            )
        })
        .collect();
    let cards: String = [
        "Tree Runner",
        "Wool Runner",
        "Dasher Mizzle",
        "Cruiser Slip",
    ]
    .iter()
    .map(|n| {
        format!(
            "<div class=\"product-card\"><a href=\"/p/{}\"><img src=\"/i.jpg\" alt=\"\">\
                 <h3>Men's {n} sneakers</h3></a><span class=\"price\">$98</span>\
                 <p>Light, breathable and made from natural materials for every day.</p></div>",
            n.len()
        )
    })
    .collect();
    let page = format!(
        "<html><head><title>Men's sneakers</title></head><body>{}<main><h1>Men's sneakers</h1>\
         <p class=\"intro\">Lightweight, supportive and wildly comfortable sneakers that make any \
         outing feel effortless, in every size and many colours.</p>\
         <div class=\"grid\">{cards}</div>\
         <div id=\"modal-terms\" role=\"dialog\" aria-modal=\"true\" class=\"fixed inset-0\">\
         <h2>Terms of service</h2>{terms}</div></main></body></html>",
        nav()
    );
    let (kind, t) = text_at(&page, "https://shop.example.com/collections/mens-sneakers");
    assert_eq!(kind, PageType::Listing);
    assert_has(&t, &["Wool Runner"]);
    assert_lacks(&t, &["Terms section"]);
    // The same text in a plain section (not a dialog) is the page's text.
    let plain = page.replace(
        "role=\"dialog\" aria-modal=\"true\" class=\"fixed inset-0\"",
        "class=\"legal\"",
    );
    let (_, text) = text_at(&plain, "https://shop.example.com/pages/terms-of-service");
    assert_has(&text, &["Terms section 5"]);
}

#[test]
fn a_listing_keeps_the_headers_of_its_items_but_not_the_page_banner() {
    let items: String = (1..=8)
        .map(|k| {
            format!(
                "<article class=\"story\"><header><h2><a href=\"/headphones/story-{k}\">Story \
                 number {k} about new headphones</a></h2><p>Teaser {k}: the maker adds colours \
                 and a longer battery life to its popular model.</p></header>\
                 <a href=\"/headphones/story-{k}\"><img src=\"/i/{k}.jpg\"></a></article>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>headphones News, Rumors and Reviews</title></head><body>\
         <header class=\"site\"><a href=\"/\">Banner Site</a> <a href=\"/mac\">Mac</a> \
         <a href=\"/iphone\">iPhone</a></header>\
         <main><h1>headphones</h1><div class=\"river\">{items}</div></main>\
         <footer>© Example</footer></body></html>"
    );
    let (kind, text) = text_at(&page, "https://news.example.com/topic/headphones");
    assert_eq!(kind, PageType::Listing);
    for k in 1..=8 {
        assert_has(
            &text,
            &[
                &format!("Story number {k} about new headphones"),
                &format!("Teaser {k}:"),
            ],
        );
    }
    assert_lacks(&text, &["Banner Site"]);
}
