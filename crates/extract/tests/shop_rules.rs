//! Rules for listings, collections and product pages (issue 21), each on a small hand-written
//! page and each checked the other way too (what it must not let in).

mod common;
use common::*;
use kg_extract::PageType;

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
    let (kind, text) = text_at(
        &page,
        "https://shop.example.com/collections/decorative-candles",
    );
    assert_eq!(kind, PageType::Listing);
    for k in 1..=10 {
        assert_has(
            &text,
            &[
                &format!("Lemon Blossom Glass Candle {k}"),
                &format!("${k}4.50"),
            ],
        );
    }
    assert_lacks(&text, &["Imprint"]);
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
    let (_, text) = text_at(&page, "https://shop.example.com/category/desk-converters");
    assert!(text.len() < 40, "{}", text);
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
    let (_, text) = text_at(&page, "https://papers.example.org/list/cs.AI/recent");
    for k in 1..=12 {
        assert_has(&text, &[&format!("Sparse attention sinks in model {k}")]);
    }
    assert_lacks(&text, &["Help"]);
    // A footer-class element that does not wrap the page's <main> still goes.
    let page = format!(
        "<html><head><title>A note</title></head><body>{}<main><h1>A note</h1>\
         <p>{}</p></main><div class=\"site-footer\"><p>{}</p></div></body></html>",
        nav(),
        "The main text of this page is a paragraph long enough to be prose. ".repeat(6),
        "Footer words about the company and its many offices around the world. ".repeat(3)
    );
    let (_, text) = text_at(&page, "https://example.org/a-note-on-things");
    assert_has(&text, &["The main text"]);
    assert_lacks(&text, &["Footer words"]);
}

/// A product page: description, specifications, and customer reviews below them.
fn product_page(reviews_class: &str) -> String {
    let reviews: String = (1..=4)
        .map(|k| {
            format!(
                "<div class=\"{reviews_class}__item\"><p class=\"author\">Hiker {k}</p>\
                 <p>Reviewer {k} took this pack on a long day hike and found the straps \
                 comfortable, the pockets easy to reach and the rain cover handy when the \
                 weather turned. Would buy again for the next trip.</p></div>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Trail 25 Pack | Example Outfitters</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Trail 25 Pack\",\"offers\":{{\"@type\":\"Offer\",\
         \"price\":\"99.95\",\"priceCurrency\":\"USD\"}}}}</script></head><body>{}\
         <main><div class=\"product-page\"><h1>Trail 25 Pack</h1>\
         <div class=\"product-price\">$99.95</div><button class=\"add-to-cart\">Add to cart\
         </button><div class=\"product-description\"><p>Keep your day's gear within easy \
         reach in the Trail 25 pack. It fits a wide range of body types and has pockets \
         galore for quick access to all your essentials.</p></div>\
         <h2>Technical Specs</h2><table class=\"specs\"><tr><th>Capacity</th><td>25 liters\
         </td></tr><tr><th>Weight</th><td>1 lb. 13 oz.</td></tr><tr><th>Frame</th>\
         <td>Internal HDPE framesheet</td></tr></table>\
         <section class=\"{reviews_class}\"><h2>Reviews</h2>{reviews}</section></div></main>\
         <footer><a href=\"/help\">Help</a></footer></body></html>",
        nav()
    )
}

#[test]
fn a_product_page_keeps_description_and_specs_not_its_customer_reviews() {
    let page = product_page("customer-reviews");
    let (kind, text) = text_at(
        &page,
        "https://outfitters.example.com/product/227955/trail-25-pack",
    );
    assert_eq!(kind, PageType::Product);
    assert_has(
        &text,
        &[
            "Keep your day's gear within easy reach",
            "Internal HDPE framesheet",
        ],
    );
    assert_lacks(&text, &["took this pack on a long day hike"]);
    // "preview" is no review: the same section named a preview stays.
    let page = product_page("product-preview");
    let (_, text) = text_at(
        &page,
        "https://outfitters.example.com/product/227955/trail-25-pack",
    );
    assert_has(&text, &["took this pack on a long day hike"]);
}

#[test]
fn an_article_reviewing_a_product_keeps_its_review_text() {
    let paras: String = (1..=6)
        .map(|k| {
            format!(
                "<p>Part {k} of our test: the pack carried a full day's load without strain, \
                 and its pockets, straps and rain cover all held up in wet weather.</p>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Trail 25 review: a daypack that does it all</title>\
         <meta property=\"og:type\" content=\"article\"></head><body>{}<main><article>\
         <h1>Trail 25 review: a daypack that does it all</h1><p class=\"byline\">By Ada \
         Tester, 3 March 2026</p><div class=\"review-body\">{paras}</div></article></main>\
         </body></html>",
        nav()
    );
    let (kind, text) = text_at(
        &page,
        "https://news.example.com/2026/03/03/trail-25-review-a-daypack-that-does-it-all",
    );
    assert_eq!(kind, PageType::Article);
    for k in 1..=6 {
        assert_has(&text, &[&format!("Part {k} of our test")]);
    }
}

#[test]
fn a_product_page_drops_its_rows_of_other_products_but_not_its_own_sections() {
    let row: String = (1..=5)
        .map(|k| {
            format!(
                "<div class=\"carousel-cell\"><a href=\"/itm/{k}\"><img src=\"/i/{k}.jpg\">\
                 </a><h3>Vintage Floral Blouse Size {k}0 Green White</h3><span>Private</span>\
                 <span>${k}.03</span><span>+ $23.51 delivery</span><span>Sponsored</span></div>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Trail 25 Pack | Example Outfitters</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Trail 25 Pack\"}}</script></head><body>{}<main>\
         <h1>Trail 25 Pack</h1><div class=\"product-price\">$99.95</div>\
         <button class=\"add-to-cart\">Add to cart</button>\
         <h2>People who viewed this item also viewed</h2><div class=\"row\">{row}</div>\
         <h2>About this item</h2><div class=\"product-description\"><p>Keep your day's gear \
         within easy reach in the Trail 25 pack. It fits a wide range of body types and has \
         pockets galore for quick access to all your essentials.</p></div>\
         <h2>Technical Specs</h2><ul><li>Capacity: 25 liters</li><li>Weight: 1 lb. 13 oz.\
         </li></ul></main></body></html>",
        nav()
    );
    let (kind, text) = text_at(
        &page,
        "https://outfitters.example.com/product/227955/trail-25-pack",
    );
    assert_eq!(kind, PageType::Product);
    assert_lacks(
        &text,
        &["Vintage Floral Blouse", "also viewed", "Sponsored"],
    );
    assert_has(
        &text,
        &[
            "About this item",
            "Keep your day's gear within easy reach",
            "Capacity: 25 liters",
        ],
    );
}

#[test]
fn a_product_page_opens_the_sheets_of_its_accordion_but_no_other_dialog() {
    let item = |label: &str, body: &str| {
        format!(
            "<div class=\"accordion__item\" aria-label=\"{label}\"><button class=\"accordion__info\">\
             <h5>{label}</h5></button><div class=\"sheet\" role=\"dialog\" aria-modal=\"false\">\
             <aside class=\"sheet_aside\"><div class=\"sheet-header\"><h5>{label}</h5></div>\
             <div class=\"sheet-body\"><p>{body}</p></div></aside></div></div>"
        )
    };
    let page = format!(
        "<html><head><title>Arrival T-Shirt | Example Sportswear</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Arrival T-Shirt\"}}</script></head><body>{}<main>\
         <h1>Arrival T-Shirt</h1><div class=\"product-price\">$22</div>\
         <button class=\"add-to-cart\">Add to bag</button>\
         <div class=\"sheet\" role=\"dialog\" aria-modal=\"false\"><aside class=\"sheet_aside\">\
         <h5>Stock alerts</h5><p>Enter your email and we will notify you as soon as your size \
         is back in stock, so you never miss a restock of your favourite training tops.</p>\
         </aside></div><section class=\"accordion\">{}{}</section></main></body></html>",
        nav(),
        item(
            "Description",
            "The Arrival T-Shirt is your admission to a new, purposeful approach to training, \
             made of a light sweat-wicking fabric with flatlock seams."
        ),
        item(
            "Fit and care",
            "Slim fit with a straight hem and set-in sleeves; machine wash cold with similar \
             colours and do not tumble dry."
        )
    );
    let (kind, text) = text_at(
        &page,
        "https://sportswear.example.com/products/arrival-t-shirt-black",
    );
    assert_eq!(kind, PageType::Product);
    assert_has(
        &text,
        &["is your admission to a new", "Slim fit with a straight hem"],
    );
    assert_lacks(&text, &["notify you as soon as your size"]);
}

#[test]
fn a_listing_of_fully_linked_items_is_not_left_for_a_small_sign_up_box() {
    let items: String = (1..=12)
        .map(|k| {
            format!(
                "<article class=\"pY-z Jx-z\"><a class=\"YB-z\" href=\"/p/shoe-{k}\">Trail \
                 Brand - Runner {k}. Color Grey/Grey. On sale for ${k}8.00. MSRP $120.00. 4.4 \
                 out of 5 stars</a><div class=\"JQ-z\"><button>Add to favorites</button></div>\
                 </article>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Women's Sneakers | Example Shoes</title></head><body>{}\
         <div class=\"c-z\"><h1>Women's Sneakers</h1><div id=\"products\" class=\"Ix-z\">\
         {items}</div><div class=\"max-w-670\"><h2>Join Our Email List</h2><p>Never \
         miss out on latest drops and sales, plus new subscribers get 10% off their first \
         order, early access to seasonal collections and an invitation to members' evenings.\
         </p></div></div>\
         <footer><a href=\"/about\">About</a></footer></body></html>",
        nav()
    );
    let (kind, text) = text_at(
        &page,
        "https://shoes.example.com/women-sneakers-athletic-shoes",
    );
    assert_eq!(kind, PageType::Listing);
    for k in 1..=12 {
        assert_has(&text, &[&format!("Trail Brand - Runner {k}. Color Grey")]);
    }
}

#[test]
fn a_listing_keeps_its_grid_wrapper_beside_a_large_menu_whatever_its_class() {
    let menu: String = (1..=80)
        .map(|k| format!("<li><a href=\"/c/{k}\">Category number {k}</a></li>"))
        .collect();
    let items: String = (1..=30)
        .map(|k| {
            format!(
                "<li class=\"tile\"><a href=\"/p/{k}\">Insulated Water Bottle {k} - 24 fl. oz.\
                 </a><span>${k}9.95</span></li>"
            )
        })
        .collect();
    let page = |wrapper: &str| {
        format!(
            "<html><head><title>Water Bottles | Example Outfitters</title></head><body>\
             <header class=\"site-header\"><nav><ul>{menu}</ul></nav></header>\
             <div class=\"{wrapper}\"><h1>Water Bottles</h1><ul class=\"results\">{items}</ul>\
             </div></body></html>"
        )
    };
    let (kind, text) = text_at(
        &page("search-page-wrapper"),
        "https://outfitters.example.com/c/water-bottles",
    );
    assert_eq!(kind, PageType::Listing);
    for k in 1..=16 {
        assert_has(&text, &[&format!("Insulated Water Bottle {k} - 24")]);
    }
    assert_lacks(&text, &["Category number"]);
}

#[test]
fn a_category_page_keeps_its_intro_and_its_grid_of_linked_items() {
    let items: String = (1..=30)
        .map(|k| {
            format!(
                "<li class=\"product\"><a href=\"/p/{k}\"><img src=\"/i/{k}.jpg\"></a>\
                 <h4><a href=\"/p/{k}\">SitOnIt Wit High Back WFH Mesh Task Chair model {k}</a></h4>\
                 <span class=\"price\">${k}03.00</span></li>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Ergonomic Mesh Office Chairs</title></head><body>{}\
         <div class=\"page\"><h1>Ergonomic Mesh Office Chairs</h1><div class=\"intro\"><p>The \
         ergonomic mesh office chairs in this category include designs with mesh backs and \
         padded seats as well as all-mesh models. Mesh keeps you cool through a long working \
         day, and every chair here adjusts in height, tilt and lumbar support. Most ship within \
         two days and come with a warranty of at least five years.</p></div>\
         <ul class=\"productgrid\">{items}</ul></div><footer><a href=\"/about\">About</a>\
         </footer></body></html>",
        nav()
    );
    let (kind, text) = text_at(
        &page,
        "https://chairs.example.com/seating/mesh-style-chairs/",
    );
    assert_eq!(kind, PageType::Listing);
    assert_has(&text, &["Mesh keeps you cool"]);
    for k in 1..=30 {
        assert_has(&text, &[&format!("Mesh Task Chair model {k}")]);
    }
}

/// An outfitter's category page: a mega-menu in the site header and footer that together hold
/// most of the page's text, the filters and the product grid in a wrapper whose id says
/// "search-page", and expert advice below.
fn mega_menu_page(side: &str) -> String {
    let menu: String = (1..=150)
        .map(|k| format!("<li><a href=\"/c/{k}\">Department of gear {k}</a></li>"))
        .collect();
    let items: String = (1..=25)
        .map(|k| {
            format!(
                "<li class=\"tile\"><a href=\"/p/{k}\">Vacuum Bottle with Chug Cap {k} - 36 fl. oz.\
                 </a><span>${k}0.00</span><dl><dt>Cap Type:</dt><dd>Screw Cap</dd>\
                 <dt>Bottle Opening:</dt><dd>Wide</dd></dl></li>"
            )
        })
        .collect();
    let filters: String = (1..=30)
        .map(|k| format!("<li><a href=\"?brand={k}\">Brand {k} (12)</a></li>"))
        .collect();
    let advice: String = (1..=10)
        .map(|k| {
            format!(
                "<li><a href=\"/learn/{k}\">Expert advice {k}: how to choose a water bottle \
                 for hiking, running and everyday use</a></li>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Water Bottles | Example Co-op</title></head><body>\
         <header class=\"site-header\"><nav><ul>{menu}</ul></nav></header>\
         <div id=\"search-page-wrapper\" class=\"Uha8Ord\"><h1>Water Bottles</h1>\
         <div class=\"modal-filters\"><ul>{filters}</ul></div>\
         <div id=\"search-results\"><ul class=\"results\">{items}</ul></div></div>{side}\
         <ul class=\"advice\">{advice}</ul><footer><ul>{menu}</ul></footer></body></html>"
    )
}

#[test]
fn a_listing_keeps_its_grid_beside_a_mega_menu_that_holds_most_of_the_page() {
    let (kind, text) = text_at(
        &mega_menu_page(""),
        "https://coop.example.com/c/water-bottles",
    );
    assert_eq!(kind, PageType::Listing);
    for k in 1..=25 {
        assert_has(&text, &[&format!("Vacuum Bottle with Chug Cap {k} - 36")]);
    }
    assert_lacks(&text, &["Department of gear", "Brand 7 (12)"]);
    // A box of links with weak class evidence that holds a small part of the rest stays out.
    let promo: String = (1..=20)
        .map(|k| {
            format!("<li><a href=\"/deals/{k}\">Members get {k}0 % back on camping gear</a></li>")
        })
        .collect();
    let (_, text) = text_at(
        &mega_menu_page(&format!("<ul class=\"promo-box\">{promo}</ul>")),
        "https://coop.example.com/c/water-bottles",
    );
    assert_has(&text, &["Vacuum Bottle with Chug Cap 7 - 36"]);
    assert_lacks(&text, &["Members get"]);
}

/// A news site's topic page with generated class names: an intro section and the section of
/// stories share one class, each story a link from headline to teaser.
fn topic_page(story_class: &str) -> String {
    let stories: String = (1..=10)
        .map(|k| {
            format!(
                "<div class=\"{story_class}\"><div class=\"jqo6jW\"><a href=\"/story/{k}\">\
                 <h2>Rental company number {k} changes its fees</h2><p>New York -- Trouble \
                 continues at rental car company number {k}, which raised its fees again.</p>\
                 </a></div></div><hr>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Vehicle rental News and Reporting | Example TV</title></head><body>\
         <div><section class=\"LFud7X bg-brand-gray-000\"><div class=\"fCbXG7\"><h1>Vehicle \
         rental</h1><p>Stay up to date with our Vehicle rental news and reporting coverage</p>\
         </div></section><section class=\"LFud7X bg-brand-gray-000\"><div class=\"fCbXG7\">\
         <div class=\"U3W3BJ\">{stories}</div></div></section></div></body></html>"
    )
}

#[test]
fn a_listing_with_generated_classes_takes_its_items_not_two_wrappers_of_one_class() {
    let (kind, text) = text_at(
        &topic_page("SFlf8z JY2t8E"),
        "https://tv.example.com/vehicle-rental/18236761/",
    );
    assert_eq!(kind, PageType::Listing);
    assert_has(&text, &["Stay up to date"]);
    for k in 1..=10 {
        assert_has(&text, &[&format!("Rental company number {k} changes")]);
    }
}

/// A supplier directory's index of categories: a short title block, then one linked word per
/// category under letter headings.
fn category_index(n: usize) -> String {
    let words = [
        "Adapters",
        "Adjusters",
        "Aligners",
        "Anchors",
        "Bands",
        "Binders",
        "Bolts",
        "Braces",
        "Buckles",
        "Caps",
        "Catches",
        "Clamps",
        "Clasps",
        "Clevises",
        "Clips",
        "Closures",
        "Collars",
        "Couplings",
        "Dowels",
        "Fasteners",
        "Grommets",
        "Hinges",
        "Hooks",
        "Inserts",
        "Keys",
        "Latches",
        "Nuts",
        "Pins",
        "Rivets",
        "Screws",
    ];
    let names: Vec<String> = words
        .iter()
        .flat_map(|w| [w.to_string(), format!("{w} Kits")])
        .take(n)
        .collect();
    let cats: String = names
        .chunks(6)
        .map(|group| {
            let links: String = group
                .iter()
                .map(|w| format!("<a href=\"/catalogs/{w}/\">{w}</a>\n"))
                .collect();
            format!(
                "<div class=\"vert_cats\"><div class=\"letter\">{}</div>\
                 <div class=\"vert_cats_wrap\">{links}</div></div>",
                &group[0][..1]
            )
        })
        .collect();
    format!(
        "<html><head><title>Fasteners &amp; Hardware Catalogs | Example Directory</title></head>\
         <body>{}<div class=\"tnet_content\"><div class=\"cats_pagetitle\"><h1>Manufacturer and \
         Distributor Catalog Collection</h1>Find item details, images, downloadable spec \
         sheets, schematics, 3-D CAD models and more.</div><h2>Fasteners &amp; Hardware Categories</h2>\
         <div class=\"cat-list\">{cats}</div></div><footer><a href=\"/about\">About</a></footer>\
         </body></html>",
        nav()
    )
}

#[test]
fn an_index_of_one_word_items_is_the_listing_not_its_title_block() {
    let (kind, text) = text_at(
        &category_index(60),
        "https://directory.example.com/catalogs/fasteners-hardware/",
    );
    assert_eq!(kind, PageType::Listing);
    for w in ["Adapters", "Clevises Kits", "Grommets", "Screws Kits"] {
        assert_has(&text, &[w]);
    }
    // A handful of links beside the title block is no index.
    let (kind, text) = text_at(
        &category_index(8),
        "https://directory.example.com/catalogs/fasteners-hardware/",
    );
    assert_eq!(kind, PageType::Listing);
    assert_lacks(&text, &["Anchors Kits"]);
}

#[test]
fn a_listings_item_captions_are_its_items_but_photo_captions_are_not() {
    let cards: String = (1..=12)
        .map(|k| {
            format!(
                "<div class=\"col-sm-4\"><a class=\"plbox\" href=\"/p/{k}\"><img src=\"/i/{k}.jpg\">\
                 </a><a class=\"plbox\" href=\"/p/{k}\"><div class=\"caption center\">\
                 <div class=\"cat-grid-product-name\">Short Throw Laser Projector model {k} \
                 with 5100 lumens</div><div>Manufacturer: BenQ</div><div>Price: ${k},899.00</div>\
                 </div></a></div>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Native 4K Projectors | Example Screens</title></head><body>{}\
         <div class=\"row\"><h1>Native 4K Projectors</h1><p>Products 1-12 of 12</p>{cards}\
         </div><footer><a href=\"/about\">About</a></footer></body></html>",
        nav()
    );
    let (kind, text) = text_at(&page, "https://screens.example.com/native-4k-projectors");
    assert_eq!(kind, PageType::Listing);
    for k in 1..=12 {
        assert_has(
            &text,
            &[&format!("Short Throw Laser Projector model {k} with")],
        );
    }
    // A news topic page: the photo captions of its stories stay out.
    let stories: String = (1..=12)
        .map(|k| {
            format!(
                "<article class=\"item\"><figure><img src=\"/i/{k}.jpg\"><div class=\"caption\">\
                 A researcher holds a fossil number {k} recovered from the Arctic tundra.\
                 </div></figure><h2><a href=\"/story/{k}\">Study number {k} finds teens sleep \
                 less than ever</a></h2><p>High school students sleep less each year, and \
                 three-quarters get under seven hours a night, study {k} shows.</p></article>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Science | Example Radio</title></head><body>{}\
         <main><h1>Science</h1>{stories}</main></body></html>",
        nav()
    );
    let (kind, text) = text_at(&page, "https://radio.example.org/sections/science/");
    assert_eq!(kind, PageType::Listing);
    assert_has(&text, &["Study number 4 finds teens"]);
    assert_lacks(&text, &["fossil number 4"]);
}

/// A clothing store's product page: description and details shown, and a list of custom
/// fields for the store's feeds in a `<dl>` of class `hide_class`.
fn tee_page(hide_class: &str) -> String {
    let fields: String = ["Bone", "Mushroom", "Powder", "Atlantic", "Chestnut", "Ecru"]
        .iter()
        .map(|c| {
            format!(
                "<dt class=\"productView-info-name\">cat_thumb_{c}:</dt>\
                 <dd class=\"productView-info-value\"><p>https://cdn.example.com/images/stencil/\
                 160x160/uploaded_images/5001/WEB_THUMBNAILS/5001_STAPLE_TEE_{c}.jpg</p></dd>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Staple Tee | Example Colour</title><script \
         type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\
         \"Product\",\"name\":\"Staple Tee\"}}</script></head><body>{}\
         <div class=\"body\"><div class=\"productView\"><h1>Staple Tee</h1>\
         <div class=\"productView-price\">$20.00</div><button>Add to Cart</button><p class=\"productView-description\">The \
         Staple Tee. Enduring comfort in a regular fit, crafted from 5.3 oz combed cotton, with \
         neck ribbing, side seams and double needle hems.</p><dl class=\"{hide_class}\">{fields}\
         </dl><h2>Details</h2><ul class=\"details\"><li>Fit: Regular</li><li>Fabric: Mid \
         weight, 5.3 oz, 100% combed cotton</li><li>Construction: Neck ribbing, side seamed, \
         double needle hems, preshrunk</li></ul></div></div>\
         <footer><a href=\"/about\">About</a></footer></body></html>",
        nav()
    )
}

#[test]
fn a_product_page_leaves_out_its_hidden_custom_fields() {
    let url = "https://colour.example.com/staple-tee-5001/";
    let (kind, text) = text_at(&tee_page("productView-info hide"), url);
    assert_eq!(kind, PageType::Product);
    assert_has(&text, &["Enduring comfort in a regular fit"]);
    assert_lacks(&text, &["cat_thumb_Bone"]);
    // Shown, the same list is the page's.
    let (_, text) = text_at(&tee_page("productView-info"), url);
    assert_has(&text, &["cat_thumb_Bone"]);
}

#[test]
fn a_listings_second_links_hidden_from_screen_readers_are_shown_teasers() {
    let stories: String = (1..=10)
        .map(|k| {
            format!(
                "<article class=\"river-article\"><a href=\"/a/{k}\" aria-hidden=\"true\" \
                 tabindex=\"-1\"><img src=\"/i/{k}.jpg\"></a><header><h2><a href=\"/a/{k}\">\
                 Headphones number {k} gain new colour options</a></h2><p class=\"river-desc\">\
                 <a href=\"/a/{k}\" aria-hidden=\"true\" tabindex=\"-1\">A retailer now has \
                 headphones number {k} in exclusive colourways that were not offered before.</a>\
                 </p></header><div aria-hidden=\"true\" class=\"river-aux\">Share story {k} \
                 with your friends and followers on every network</div></article>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>headphones News and Reviews | Example Insider</title></head><body>\
         {}<main><h1>headphones</h1>{stories}</main></body></html>",
        nav()
    );
    let (kind, text) = text_at(&page, "https://insider.example.com/topic/headphones");
    assert_eq!(kind, PageType::Listing);
    for k in 1..=10 {
        assert_has(
            &text,
            &[&format!("headphones number {k} in exclusive colourways")],
        );
    }
    // What else is hidden from screen readers stays out.
    assert_lacks(&text, &["Share story 3"]);
}

/// A game's store page: its description, its system requirements, and a table of the
/// languages it supports (class `table_class`): a tick per interface, audio and subtitles.
fn game_page(table_class: &str) -> String {
    let rows: String = ["English", "German", "Korean", "Turkish", "Vietnamese"]
        .iter()
        .map(|l| format!("<tr><td>{l}</td><td>&#10004;</td><td>&#10004;</td><td></td></tr>"))
        .collect();
    format!(
        "<html><head><title>Harbour Racer on Example Store</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Harbour Racer\",\"offers\":{{\"@type\":\"Offer\",\
         \"price\":\"19.99\",\"priceCurrency\":\"EUR\"}}}}</script></head><body>{}\
         <main><div class=\"product-page\"><h1>Harbour Racer</h1>\
         <div class=\"product-price\">19,99€</div><button class=\"add-to-cart\">Add to cart\
         </button><div class=\"product-description\"><h2>About this game</h2><p>Race small \
         boats through a busy harbour at dawn, dodge ferries and cranes, and tune your hull \
         between heats to win the coastal cup.</p></div>\
         <table class=\"{table_class}\"><tr><th></th><th>Interface</th><th>Full audio</th>\
         <th>Subtitles</th></tr>{rows}</table>\
         <h2>System requirements</h2><ul class=\"specs\"><li>Memory: 8 GB RAM</li>\
         <li>Storage: 20 GB available space</li></ul></div></main>\
         <footer><a href=\"/help\">Help</a></footer></body></html>",
        nav()
    )
}

#[test]
fn a_product_page_leaves_out_its_table_of_supported_languages() {
    let url = "https://store.example.com/app/4711/harbour-racer";
    let page = game_page("game_language_options");
    let (kind, text) = text_at(&page, url);
    assert_eq!(kind, PageType::Product);
    assert_has(
        &text,
        &[
            "Race small boats through a busy harbour",
            "Storage: 20 GB available space",
        ],
    );
    assert_lacks(&text, &["Vietnamese"]);
    // The same table under another class (a spec table) stays.
    let page = game_page("game_editions");
    let (_, text) = text_at(&page, url);
    assert_has(&text, &["Vietnamese"]);
}

/// A product page that renders its description twice (once for the phone, once for the
/// desktop) and a care box saying one short line twice; `kind` is its JSON-LD type.
fn twice_described_page(kind: &str) -> String {
    let desc = "The Harbour Tee. Lasting comfort in a regular fit, made from mid-weight combed \
                cotton with neck ribbing, side seams and double-needle hems.";
    format!(
        "<html><head><title>Harbour Tee | Example Outfitters</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"{kind}\",\"name\":\"Harbour Tee\",\"offers\":{{\"@type\":\"Offer\",\
         \"price\":\"20.00\",\"priceCurrency\":\"USD\"}}}}</script></head><body>{}\
         <main><div class=\"product-page\"><h1>Harbour Tee</h1>\
         <div class=\"product-price\">$20.00</div><div class=\"product-info-mobile\"><p>{desc}</p>\
         </div><button class=\"add-to-cart\">Add to cart</button>\
         <div class=\"product-details\"><h2>Description</h2><p>{desc}</p>\
         <h2>Care</h2><p>Machine wash cold.</p><p>Line dry in shade.</p>\
         <p>Machine wash cold.</p></div></div></main>\
         <footer><a href=\"/help\">Help</a></footer></body></html>",
        nav()
    )
}

#[test]
fn a_product_page_says_its_description_once() {
    let url = "https://outfitters.example.com/products/harbour-tee";
    let page = twice_described_page("Product");
    let (kind, text) = text_at(&page, url);
    assert_eq!(kind, PageType::Product);
    assert_eq!(
        text.matches("Lasting comfort in a regular fit").count(),
        1,
        "{text}"
    );
    // A short line said twice (a refrain, a care instruction) stays twice.
    assert_eq!(text.matches("Machine wash cold.").count(), 2, "{text}");
}

#[test]
fn a_design_systems_display_none_class_hides_a_block() {
    // Etsy's "wt-display-none" on the report form it opens in a dialog.
    let url = "https://colour.example.com/staple-tee-5001/";
    let (_, text) = text_at(&tee_page("productView-info wt-display-none"), url);
    assert_has(&text, &["Enduring comfort in a regular fit"]);
    assert_lacks(&text, &["cat_thumb_Bone"]);
    // A display utility that shows the block ("wt-display-flex-xs") hides nothing.
    let (_, text) = text_at(&tee_page("productView-info wt-display-flex-xs"), url);
    assert_has(&text, &["cat_thumb_Bone"]);
}

/// A guitar's page: its features, then a row of its other colours under `heading`, each a
/// name, a cut-off description ending in "..." and a price, then its own delivery note.
fn guitar_page(heading: &str) -> String {
    let row: String = ["Sunburst", "Cherry", "Black", "Polar White"]
        .iter()
        .map(|c| {
            format!(
                "<div class=\"variant\"><a href=\"/gb/harbour_strat_{c}.htm\"><img \
                 src=\"/i/{c}.jpg\"></a><strong>Harbour Strat RW {c}</strong><p>Harbour Strat RW {c} Electric Guitar * Body: Alder * Neck: Maple \
                 * Fingerboard: Rosewood * White dot inlays * Scale: 648 mm...</p>\
                 <span>£699</span></div>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Harbour Strat RW Green – Example Music</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Harbour Strat RW Green\"}}</script></head><body>{}\
         <main><h1>Harbour Strat RW Green</h1><div class=\"product-price\">£675</div>\
         <button class=\"add-to-cart\">Add to basket</button><ul class=\"features\">\
         <li>Body: Alder</li><li>Neck profile: Modern C</li><li>22 Medium jumbo frets</li>\
         </ul><h2>{heading}</h2><div class=\"variants\">{row}</div>\
         <p>Every guitar is checked by our workshop before it leaves the warehouse, and it \
         ships within two working days.</p></main></body></html>",
        nav()
    )
}

#[test]
fn a_product_page_drops_its_row_of_variations_up_to_its_own_next_sentence() {
    let url = "https://music.example.com/gb/harbour_strat_rw_green.htm";
    let (kind, text) = text_at(&guitar_page("Show variations of this product"), url);
    assert_eq!(kind, PageType::Product);
    assert_has(&text, &["Neck profile: Modern C"]);
    assert_lacks(&text, &["Harbour Strat RW Cherry", "£699"]);
    assert_has(&text, &["checked by our workshop"]);
    // Under a heading of its own the same row stays.
    let (_, text) = text_at(&guitar_page("Colours"), url);
    assert_has(&text, &["Harbour Strat RW Cherry"]);
}

/// An auction item's page whose coverage note ends in a visible label and, right inside it,
/// the `clipped` screen-reader text `sr`.
fn auction_page(sr: &str) -> String {
    format!(
        "<html><head><title>Clutch kit for a delivery van | Example Auctions</title></head>\
         <body>{}<main><h1>Clutch kit for a delivery van</h1><div class=\"price\">EUR 355.58\
         </div><p>International shipment of items may be subject to customs processing and \
         additional charges.</p><div><span>Read item description or contact seller for \
         details. </span><a href=\"#COVERAGE\"><span class=\"ux-textspans\">See all details\
         <span class=\"clipped\">{sr}</span></span></a></div><p>The kit holds the pressure \
         plate, the clutch disc and the release bearing, all matched to the van's engine.</p>\
         </main></body></html>",
        nav()
    )
}

#[test]
fn a_label_said_again_by_its_screen_reader_text_is_read_once() {
    let url = "https://auctions.example.com/itm/276702815108";
    let (_, text) = text_at(&auction_page("See all details on coverage"), url);
    assert_has(&text, &["seller for details. See all details on coverage"]);
    assert_eq!(text.matches("See all details").count(), 1, "{text}");
    // Screen-reader text that says something else than the label keeps the label.
    let (_, text) = text_at(&auction_page("about returns"), url);
    assert_has(&text, &["See all details", "about returns"]);
}

/// An auction item's page whose condition value sits in a labelled icon of class `class`.
fn condition_page(class: &str) -> String {
    format!(
        "<html><head><title>Three-pack of ladies' tops | Example Auctions</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Three-pack of ladies' tops\"}}</script></head>\
         <body>{}<main><h1>Three-pack of ladies' tops</h1><div class=\"price\">EUR 12.40</div>\
         <button class=\"add-to-cart\">Buy it now</button><div class=\"x-item-condition\">\
         <span>Condition:</span> <div class=\"{class}\"><span>Gently worn</span></div></div>\
         <p>Three cotton tops in black, white and green, each worn twice and washed at thirty \
         degrees, sent in one parcel within two working days.</p></main></body></html>",
        nav()
    )
}

#[test]
fn a_products_labelled_icon_keeps_its_value() {
    let url = "https://auctions.example.com/itm/276702815108";
    let (kind, text) = text_at(&condition_page("ux-icon-text"), url);
    assert_eq!(kind, PageType::Product);
    assert_has(&text, &["Gently worn", "Three cotton tops"]);
    // A plain icon's box stays out.
    let (_, text) = text_at(&condition_page("ux-icon"), url);
    assert_lacks(&text, &["Gently worn"]);
}

/// A small collection (two linked names with a line and a price each) beside a cart drawer
/// of class `drawer_class` that holds more text than the grid.
fn small_collection(drawer_class: &str) -> String {
    let card = |slug: &str, name: &str, line: &str, price: &str| {
        format!(
            "<li class=\"collection__item\"><article class=\"pi\"><a href=\"/products/{slug}\">\
             <img src=\"/i/{slug}.jpg\"></a><h3 class=\"pi__title\"><a href=\"/products/{slug}\">\
             {name}</a></h3><p class=\"pi__option\">{line}</p><p class=\"pi__price\">{price}</p>\
             <button>Add to bag</button></article></li>"
        )
    };
    format!(
        "<html><head><title>For the tea lover | Example Teas</title></head><body>{}\
         <main><section class=\"collection\"><ul class=\"collection__list\">{}{}</ul></section>\
         </main><aside class=\"{drawer_class}\"><form class=\"drawer__form\"><h2>Shopping Bag</h2>\
         <p>You are £30.00 away from free standard shipping on every order</p>\
         <div class=\"drawer__summary\"><p>Subtotal</p><p>£0.00</p><p>Tax and shipping are \
         calculated in checkout</p><p>Shipping is free on orders over the threshold</p></div>\
         <p>Your bag is empty, but you can still browse our teas.</p><p>Orders placed before \
         two o'clock leave our warehouse the same day; returns are free within thirty days of \
         delivery, and every parcel is packed in paper that can go into the recycling bin.</p>\
         </form></aside></body></html>",
        nav(),
        card(
            "green-trio",
            "The Green Trio",
            "Three loose-leaf greens",
            "£28"
        ),
        card("oolong-pack", "Oolong Pack", "Two roasted oolongs", "£19")
    )
}

#[test]
fn a_collection_is_not_left_for_the_cart_drawer_beside_it() {
    let url = "https://teas.example.com/collections/tea-lover";
    let (_, text) = text_at(&small_collection("bag bag--mini is-empty"), url);
    assert_lacks(&text, &["Your bag is empty", "Subtotal"]);
    assert_has(&text, &["Three loose-leaf greens"]);
    // The same aside named for something else is no cart drawer.
    let (_, text) = text_at(&small_collection("tea-notes"), url);
    assert_has(&text, &["Your bag is empty"]);
}

/// A shop's category: an intro and a grid of tiles in `<main>`, then, after `<main>`, a block
/// of class `below_class` holding `below`.
fn category_with_text_below(below_class: &str, below: &str) -> String {
    format!(
        "<html><head><title>Gas grills | Example Grills</title></head><body>{}<main>\
         <h1>Gas grills</h1><div class=\"category-intro\"><p>All our gas grills in stock, from \
         small two-burner models to large grills with a side burner, from four makers, with a \
         griddle plate or a full grate: pick the one that suits you, and if you need help, read \
         our buying guide first.</p><p>Buy your gas grill from us and get free delivery from \
         250 euros, and pay in three, four or ten instalments with our partner, at no extra \
         cost to you, whatever the model.</p></div><div class=\"tile-grid\">{}</div></main>\
         <div class=\"{below_class}\">{below}</div><footer><a href=\"/imprint\">Imprint</a> \
         <a href=\"/privacy\">Privacy</a></footer></body></html>",
        nav(),
        tiles(8)
    )
}

/// A buying guide of a heading, a sentence and five points.
const GRILL_GUIDE: &str = "<h2>Finding your gas grill</h2><p>A gas grill is ready in minutes: \
    one press of the igniter and the grate is hot.</p><ul><li>Burners: two do for a balcony \
    and a family of four, three or four let you cook directly over one zone and indirectly \
    beside it.</li><li>Lid: a thermometer in the lid turns the grill into an oven for a roast \
    or a loaf of bread.</li><li>Warranty: a grill whose burner tubes are guaranteed for ten \
    years is the cheaper one in the end.</li><li>Gas: propane does not freeze in winter, so a \
    grill that stays outside all year should run on it.</li><li>Cleaning: no ash to carry \
    away, only the grate to brush while it is still hot after the meal.</li></ul>";

#[test]
fn a_category_keeps_its_description_below_the_grid_outside_main() {
    let url = "https://grills.example.com/10-gas-grills";
    let page = category_with_text_below("category-description", GRILL_GUIDE);
    let (kind, text) = text_at(&page, url);
    assert_eq!(kind, PageType::Listing);
    assert_has(
        &text,
        &[
            "Burners: two do for a balcony",
            "Lemon Blossom Glass Candle 3",
        ],
    );
    assert_lacks(&text, &["Imprint"]);
    // A block so named that is a list of links (other categories) is no description.
    let links: String = (1..=12)
        .map(|k| format!("<a href=\"/c/{k}\">Charcoal grills and smokers, range {k}</a> "))
        .collect();
    let page = category_with_text_below("category-description", &links);
    let (_, text) = text_at(&page, url);
    assert_lacks(&text, &["smokers, range 7"]);
    assert_has(&text, &["Lemon Blossom Glass Candle 3"]);
}

/// A product page whose details sit in a sheet of class `sheet` ("…-modal__container") that
/// a button opens, with its measurements in a second one.
fn shelf_page(sheet: &str) -> String {
    format!(
        "<html><head><title>Cube shelf unit | Example Furniture</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Cube shelf unit\"}}</script></head><body>{}\
         <main><div class=\"pip-product\"><h1>Cube shelf unit</h1><div class=\"product-price\">\
         $79.99</div><p class=\"product-summary\">Standing or lying, the cube shelf adapts to \
         your room and your budget.</p><button>Product details</button>\
         <div class=\"{sheet}\"><p class=\"{sheet}__paragraph\">Place it standing as a \
         bookcase or lying as a sideboard.</p><p class=\"{sheet}__paragraph\">Add boxes \
         and inserts for closed storage.</p></div><button>Measurements</button>\
         <div class=\"{sheet}\"><p>Width: 30 inches, depth: 15 inches, height: 57 \
         inches.</p></div></div></main><footer><a href=\"/help\">Help</a></footer>\
         </body></html>",
        nav()
    )
}

#[test]
fn a_product_page_keeps_its_details_sheet_though_its_class_says_modal() {
    let url = "https://furniture.example.com/us/en/p/cube-shelf-unit-80275887/";
    let (kind, text) = text_at(&shelf_page("product-details-modal"), url);
    assert_eq!(kind, PageType::Product);
    assert_has(&text, &["lying as a sideboard", "Width: 30 inches"]);
    // Any other modal stays out.
    let (_, text) = text_at(&shelf_page("signup-modal"), url);
    assert_lacks(&text, &["lying as a sideboard"]);
    assert_has(&text, &["Standing or lying"]);
}

/// A shop's home page built from hero modules of class `hero`, each a heading, a sentence and
/// a link, with a one-off banner above them.
fn hero_home(hero: &str) -> String {
    let modules: String = [
        (
            "A Legacy of Craft",
            "For a century our workshop has built watches by hand in one town.",
        ),
        (
            "The Pilot Chronograph",
            "A dial cut from a meteorite, so that no two are alike.",
        ),
        (
            "The Diver Automatic",
            "Water-resistant to three hundred metres, with a ceramic bezel.",
        ),
        (
            "Our Museum",
            "The faces of many firsts, shown in the rooms of our first factory.",
        ),
    ]
    .iter()
    .map(|(h, t)| {
        format!(
            "<div class=\"{hero}\"><div class=\"hero-text\"><h2>{h}</h2><p>{t}</p>\
             <a href=\"/explore\">Explore</a></div></div>"
        )
    })
    .collect();
    format!(
        "<html><head><title>Example Watches | Official site</title></head><body>{}\
         <div class=\"page\"><div class=\"top-banner\"><p>Free shipping on every order over \
         fifty dollars this week only.</p></div>{modules}</div><footer><a href=\"/help\">Help\
         </a></footer></body></html>",
        nav()
    )
}

#[test]
fn hero_modules_sharing_a_banner_class_are_the_pages_sections() {
    let url = "https://watches.example.com/global/";
    let (kind, text) = text_at(&hero_home("experience-component hero-banner"), url);
    assert_has(&text, &["a ceramic bezel", "built watches by hand"]);
    assert_lacks(&text, &["Free shipping on every order"]);
    assert_ne!(kind, PageType::Article);
}

#[test]
fn a_products_editorial_reviews_stay_with_its_description() {
    let url = "https://outfitters.example.com/product/227955/trail-25-pack";
    let (kind, text) = text_at(&product_page("editorial-reviews"), url);
    assert_eq!(kind, PageType::Product);
    assert_has(
        &text,
        &[
            "took this pack on a long day hike",
            "Internal HDPE framesheet",
        ],
    );
}

/// A card of a small collection: a linked name, then a box of its option line and its price
/// (with screen-reader labels), then a button.
fn option_card(slug: &str, name: &str, line: &str, now: &str, was: &str) -> String {
    format!(
        "<li class=\"collection__item\"><article class=\"pi\"><div class=\"pi__img\">\
         <a href=\"/products/{slug}\"><img src=\"/i/{slug}.jpg\"></a></div><div class=\"pi__desc\">\
         <div class=\"pi__desc-top\"><div class=\"pi__details\"><h3 class=\"pi__title\">\
         <a href=\"/products/{slug}\">{name}</a></h3></div><div class=\"pi__options\">\
         <p class=\"pi__option\">{line}</p><p class=\"pi__price\"><span class=\"pi__price--current\">\
         <span class=\"screenreader\">Sale price</span> {now}</span> <span class=\"pi__price--was\">\
         <span class=\"screenreader\">Regular price</span> <s>{was}</s></span></p></div></div>\
         <div class=\"pi__actions\"><button>Add to bag</button></div></div></article></li>"
    )
}

#[test]
fn a_collection_read_in_pieces_of_its_cards_is_read_whole() {
    let page = format!(
        "<html><head><title>For the tea lover | Example Teas</title></head><body>{}<main>\
         <section class=\"collection\"><ul class=\"collection__list\">{}{}</ul></section></main>\
         <footer><a href=\"/imprint\">Imprint</a></footer></body></html>",
        nav(),
        option_card(
            "green-trio",
            "The Green Trio",
            "Three loose-leaf greens",
            "£28",
            "£34"
        ),
        option_card(
            "oolong-pack",
            "Oolong Pack",
            "Two roasted oolongs",
            "£19",
            "£24"
        )
    );
    let url = "https://teas.example.com/collections/tea-lover";
    let (kind, text) = text_at(&page, url);
    assert_eq!(kind, PageType::Listing);
    assert_has(
        &text,
        &["The Green Trio", "Oolong Pack", "Two roasted oolongs"],
    );
    assert_lacks(&text, &["Imprint"]);
}

/// A shoe category: a grid of 24 tiles (a linked name, a line and a price each) in `<main>`,
/// then the category's search-engine copy in a block of class `copy_class`.
fn category_with_seo_copy(copy_class: &str) -> String {
    let tiles: String = (1..=24)
        .map(|k| {
            format!(
                "<div class=\"shoe-tile\"><a href=\"/p/runner-{k}\"><img src=\"/i/{k}.jpg\">\
                 <h2>City Runner {k}</h2></a><p class=\"shoe-line\">Leather upper, rubber sole, \
                 in four colours</p><p class=\"shoe-cost\">${k}9.00</p></div>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Men's sneakers | Example Shoes</title></head><body>{}<main>\
         <h1>Men's sneakers</h1><div class=\"tile-grid\">{tiles}</div></main>\
         <div class=\"{copy_class}\"><h2>Shop sneakers for men</h2><p>We make dress sneakers \
         that are a step up from the ordinary tennis shoe: refined leather uppers, cushioned \
         footbeds and soles that can be replaced when they wear down.</p><p>Our casual \
         sneakers suit work and weekend alike, and our athletic pairs keep up with a long \
         walk through the city; every pair is made in our own factory.</p><p>Not sure of your \
         size? Each pair ships free and comes back free within thirty days.</p></div>\
         <footer><a href=\"/imprint\">Imprint</a> <a href=\"/privacy\">Privacy</a></footer>\
         </body></html>",
        nav()
    )
}

#[test]
fn a_categorys_search_engine_copy_is_its_text_though_its_class_says_footer() {
    let url = "https://shoes.example.com/browse/shoes/mens/sneakers";
    let (kind, text) = text_at(&category_with_seo_copy("field-seofootercopy"), url);
    assert_eq!(kind, PageType::Listing);
    assert_has(
        &text,
        &["a step up from the ordinary tennis shoe", "City Runner 3"],
    );
    assert_lacks(&text, &["Imprint"]);
    // Footer copy that is not named for search engines stays out.
    let (_, text) = text_at(&category_with_seo_copy("field-footercopy"), url);
    assert_lacks(&text, &["a step up from the ordinary tennis shoe"]);
}

/// A category with a closed accordion below its grid: a button whose `aria-controls` is
/// `controls` and a panel `aria-hidden` until opened.
fn category_with_closed_guide(controls: &str) -> String {
    format!(
        "<html><head><title>Hiking boots | Example Outfitters</title></head><body>{}<main>\
         <h1>Hiking boots</h1><div class=\"tile-grid\">{}</div><div class=\"guide\"><h3>\
         <button class=\"accordion__button\" aria-controls=\"{controls}\">How to choose hiking \
         boots</button></h3><div class=\"accordion__content accordion--closed\" \
         aria-hidden=\"true\" id=\"guide-0-panel\"><p>How long will you be on the trail? Hiking \
         shoes do for day hikes, boots with a stiffer sole for several days with a pack.</p>\
         <p>Look for a waterproof membrane if your trails cross streams or snow.</p></div></div>\
         </main><footer><a href=\"/imprint\">Imprint</a></footer></body></html>",
        nav(),
        tiles(8)
    )
}

#[test]
fn a_listings_closed_accordion_a_button_opens_is_its_text() {
    let url = "https://outfitters.example.com/c/hiking-boots";
    let (kind, text) = text_at(&category_with_closed_guide("guide-0-panel"), url);
    assert_eq!(kind, PageType::Listing);
    assert_has(
        &text,
        &[
            "stiffer sole for several days",
            "Lemon Blossom Glass Candle 3",
        ],
    );
    // A hidden panel no button opens stays hidden.
    let (_, text) = text_at(&category_with_closed_guide("size-picker"), url);
    assert_lacks(&text, &["stiffer sole for several days"]);
}

/// A product page whose ingredients sit in a hidden block of class `panel_class` that a
/// toggle opens.
fn oil_page(panel_class: &str) -> String {
    format!(
        "<html><head><title>Winter Beard Oil | Example Grooming</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Winter Beard Oil\"}}</script></head><body>{}\
         <main><div class=\"product\"><h1>Winter Beard Oil</h1><div class=\"product-price\">$29\
         </div><div class=\"product-description\"><p>A beard oil with a scent of fir needles \
         and smoke, for the cold months, that softens the beard and the skin beneath.</p>\
         </div><div class=\"toggle\"><span class=\"toggle__label\">Ingredients</span>\
         <div class=\"{panel_class}\" style=\"display:none\"><p>Jojoba seed oil, argan kernel \
         oil, fir needle oil, vitamin E.</p></div></div></div></main><footer>\
         <a href=\"/help\">Help</a></footer></body></html>",
        nav()
    )
}

#[test]
fn a_products_closed_toggle_content_is_its_text() {
    let url = "https://grooming.example.com/products/winter-beard-oil";
    let (kind, text) = text_at(&oil_page("toggle__content"), url);
    assert_eq!(kind, PageType::Product);
    assert_has(&text, &["argan kernel oil", "scent of fir needles"]);
    // Another hidden block stays hidden.
    let (_, text) = text_at(&oil_page("size-chart"), url);
    assert_lacks(&text, &["argan kernel oil"]);
}

/// A product page with a question whose answer is hidden until opened; `control` goes into
/// the question's heading.
fn diffuser_page(control: &str) -> String {
    format!(
        "<html><head><title>Flame diffuser | Example Home</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"Product\",\"name\":\"Flame diffuser\"}}</script></head><body>{}\
         <main><div class=\"product\"><h1>Flame diffuser</h1><div class=\"product-price\">€49\
         </div><div class=\"product-description\"><p>An essential-oil diffuser whose mist is \
         lit like a small flame, in acrylic and bamboo, for a living room or a bedroom.</p>\
         </div><div class=\"content bordered\"><h3>Can it be used in a bedroom?{control}</h3>\
         <div class=\"content\" style=\"display: none;\"><p>Yes: it runs silently and turns \
         itself off when the tank is empty.</p></div></div></div></main><footer>\
         <a href=\"/help\">Help</a></footer></body></html>",
        nav()
    )
}

#[test]
fn a_products_answer_hidden_under_its_toggling_question_is_its_text() {
    let url = "https://home.example.com/gifts/513-flame-diffuser.html";
    let page = diffuser_page("<span class=\"toggler\"></span>");
    let (kind, text) = text_at(&page, url);
    assert_eq!(kind, PageType::Product);
    assert_has(&text, &["turns itself off when the tank"]);
    // Under a heading that opens nothing, a hidden block stays hidden.
    let (_, text) = text_at(&diffuser_page(""), url);
    assert_lacks(&text, &["turns itself off"]);
}

/// Thirty grill tiles: a linked name, a line and a price each.
fn grill_tiles() -> String {
    (1..=30)
        .map(|k| {
            format!(
                "<div class=\"grill-tile\"><a href=\"/p/kettle-{k}\"><img src=\"/i/{k}.jpg\">\
                 <h2>Kettle Grill {k}</h2></a><p class=\"grill-line\">Enamelled steel bowl, \
                 57 cm grate, ash catcher and lid thermometer</p><p class=\"grill-cost\">\
                 €{k}49</p></div>"
            )
        })
        .collect()
}

/// A category whose FAQ is marked up as a tab list (`role` = `faq_role`): each question a
/// link that opens its answer's panel.
fn category_with_faq(faq_role: &str) -> String {
    let qa = [
        ("Which charcoal grills are best?", "Kettle grills from the two large makers lead, and ceramic kamados follow for long, slow cooking at low heat."),
        ("How do I light a charcoal grill?", "Use a chimney starter: fill it with briquettes, light two firelighters below it and pour the coals out after fifteen minutes."),
        ("Kettle or kamado?", "A kettle is light and cheap; a kamado holds its heat for hours and uses less charcoal, but weighs much more."),
        ("How do I clean the grate?", "Brush it while it is still hot after cooking, and once a season soak it overnight in warm water with washing soda."),
    ];
    let panels: String = qa
        .iter()
        .enumerate()
        .map(|(k, (q, a))| {
            format!(
                "<div class=\"faq__item\"><div role=\"tab\"><a class=\"faq__question\" \
                 href=\"#faq-{k}\" aria-controls=\"faq-{k}\"><p>{q}</p></a></div>\
                 <div id=\"faq-{k}\" class=\"collapse show\" role=\"tabpanel\"><p>{a}</p></div></div>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Charcoal grills | Example Grills</title></head><body>{}<main>\
         <h1>Charcoal grills</h1><div class=\"tile-grid\">{}</div><div class=\"faq\">\
         <h2>Questions about charcoal grills</h2><div id=\"faqAccord\" role=\"{faq_role}\">\
         {panels}</div></div></main><footer><a href=\"/imprint\">Imprint</a></footer></body></html>",
        nav(),
        grill_tiles()
    )
}

#[test]
fn a_faq_marked_up_as_a_tab_list_is_text_on_a_listing() {
    let url = "https://grills.example.com/11-charcoal-grills";
    let (kind, text) = text_at(&category_with_faq("tablist"), url);
    assert_eq!(kind, PageType::Listing);
    assert_has(&text, &["Use a chimney starter", "Kettle Grill 3"]);
}
