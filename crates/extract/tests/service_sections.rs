//! Service pages (issue 21): the structural rules that keep a service page's sections, each on
//! a small hand-written page and each checked the other way (what it must not let in).

mod common;
use common::*;
use kg_extract::PageType;

const URL: &str = "https://www.example-insurance.com/drive/insurance-services";

fn nav() -> &'static str {
    "<header class=\"site\"><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a> \
     <a href=\"/contact\">Contact</a></nav></header>"
}

fn service_page(sections: &str) -> String {
    format!(
        "<html><head><title>Insurance for drivers</title></head><body>{}\
         <main><h1>Insurance for drivers</h1><p>We protect you on every trip, from the first \
         ride to the last delivery of the day, with cover that meets the law.</p>{}\
         <section class=\"services\"><h2>Our services</h2>\
         <a class=\"btn\" href=\"/quote\">Get a quote</a> <a class=\"btn\" href=\"/contact\">Contact us</a>\
         <a class=\"btn\" href=\"/learn\">Learn more</a></section>{sections}</main>\
         <footer>© Example Insurance</footer></body></html>",
        nav(),
        intro()
    )
}

fn intro() -> String {
    (0..4)
        .map(|k| {
            format!(
                "<p>Reason {k} to drive with us: a plan for every vehicle and every budget, \
                 a team that answers the phone, and claims paid within days.</p>"
            )
        })
        .collect()
}

#[test]
fn service_section_heading_in_a_header_element_is_kept_the_banner_is_not() {
    let sections: String = ["Coverage", "Claims", "Costs"]
        .iter()
        .map(|t| {
            format!(
                "<section><div class=\"grid\"><header class=\"drop-shadow\"><h2>{t} you can \
                 trust</h2><p>{t} explained: what our insurance plan covers for drivers, how a \
                 claim is handled and what it costs each month in every state.</p>\
                 <a href=\"/{t}\"><img src=\"arrow.svg\" alt=\"\"></a></header><ul><li><a href=\"/a\">Alpha</a></li>\
                 <li><a href=\"/b\">Beta</a></li></ul></div></section>"
            )
        })
        .collect();
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(
        &text,
        &[
            "Claims you can trust",
            "Costs explained: what our insurance",
        ],
    );
    // The site's banner (a `<header>` with the menu) stays out.
    assert_lacks(&text, &["About"]);
}

#[test]
fn service_accordion_with_role_tablist_is_kept_a_tab_strip_is_not() {
    let panels: String = ["Coverage", "Claims", "Costs"]
        .iter()
        .enumerate()
        .map(|(k, t)| {
            format!(
                "<div class=\"panel\"><div class=\"panel-heading\" role=\"tab\"><h4>\
                 <a role=\"button\" href=\"#c{k}\" aria-controls=\"c{k}\">What does {t} \
                 mean?</a></h4></div><div id=\"c{k}\" class=\"panel-collapse collapse\">\
                 <div class=\"panel-body\"><p>{t} explained: what our insurance plan covers \
                 for drivers, how a claim is handled and what it costs each month in every \
                 state.</p></div></div></div>"
            )
        })
        .collect();
    let sections = format!(
        "<section class=\"faq\"><h2>Questions</h2><div class=\"panel-group\" role=\"tablist\">\
         {panels}</div></section><div role=\"tablist\" class=\"switcher\">\
         <a role=\"tab\" href=\"#x\">Monthly</a><a role=\"tab\" href=\"#y\">Yearly</a>\
         <span>Toggle billing</span></div>"
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(
        &text,
        &[
            "Claims explained: what our insurance",
            "Costs explained: what our insurance",
        ],
    );
    // A tab strip (short labels) stays out.
    assert_lacks(&text, &["Toggle billing"]);
}

#[test]
fn service_faq_answer_folded_in_details_is_kept() {
    let faq: String = ["Coverage", "Claims", "Costs"]
        .iter()
        .map(|t| {
            format!(
                "<details><summary><h4>What does {t} mean?</h4></summary>\
                 <div class=\"content\" aria-hidden=\"true\"><p>{t} explained: what our \
                 insurance plan covers for drivers, how a claim is handled and what it costs \
                 each month in every state.</p></div></details>"
            )
        })
        .collect();
    let sections = format!(
        "<section><h2>Questions</h2>{faq}</section>\
         <div aria-hidden=\"true\" class=\"content\"><p>Decorative marquee text that a \
         screen reader skips and that is not folded in any details element.</p></div>"
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(
        &text,
        &[
            "What does Claims mean?",
            "Costs explained: what our insurance",
        ],
    );
    // Hidden from assistive technology outside a `<details>`: stays out.
    assert_lacks(&text, &["Decorative marquee"]);
}

fn qa(class: &str) -> String {
    ["Coverage", "Claims", "Costs"]
        .iter()
        .map(|t| {
            format!(
                "<div class=\"{class}\"><h4>What does {t} mean?</h4><div><p>{t} explained: \
                 what our insurance plan covers for drivers, how a claim is handled and what it \
                 costs each month in every state.</p></div></div>"
            )
        })
        .collect()
}

#[test]
fn service_closed_spoiler_is_kept() {
    let sections = format!(
        "<section><h2>Questions</h2>{}</section>",
        qa("su-spoiler su-spoiler-style-fancy su-spoiler-icon-plus su-spoiler-closed")
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Claims explained: what our insurance"]);
}

#[test]
fn service_faq_named_a_menu_is_kept_a_menu_of_links_is_not() {
    let links: String = (0..12)
        .map(|k| format!("<li><a href=\"/faq/{k}\">Question number {k} of the list</a></li>"))
        .collect();
    let sections = format!(
        "<section><h2>Questions</h2><div class=\"faq_tabs-menu\">{}</div></section>\
         <div class=\"faq-menu\"><ul>{links}</ul></div>",
        qa("faq_item")
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Costs explained: what our insurance"]);
    assert_lacks(&text, &["Question number 3"]);
}

#[test]
fn shopify_section_wrappers_are_no_shop_evidence() {
    let sections: String = ["Our story", "Our values", "Our team", "Our promise"]
        .iter()
        .enumerate()
        .map(|(k, t)| {
            format!(
                "<div class=\"shopify-section shopify-section-template--2607__{k}f6b\">\
                 <h2>{t}</h2><p>{t}: before we launched we started as a small website and a \
                 community devoted to sharing what works, and we still listen every day.</p></div>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>About us</title></head><body>{}<main>{sections}</main>\
         <div class=\"shop-drawer\"><p>Your bag is empty</p></div>\
         <footer>© Example Beauty</footer></body></html>",
        nav()
    );
    let (_, text) = text_at(&page, "https://www.example-beauty.com/pages/about");
    assert_has(
        &text,
        &[
            "Our values: before we launched",
            "Our promise: before we launched",
        ],
    );
    assert_lacks(&text, &["Your bag is empty"]);
}

#[test]
fn empty_page_second_try_keeps_blocks_with_weak_class_evidence_not_link_lists() {
    let blocks: String = ["Live TV", "Streaming", "Internet"]
        .iter()
        .map(|t| {
            format!(
                "<section class=\"hx-meta-block-section hx-card\"><h2>{t}</h2><p>{t} with \
                 us: discover, watch and repeat, explore channels, packages and add-ons, all \
                 in one place and on one bill, with a team that answers when you call.</p></section>"
            )
        })
        .collect();
    let links: String = (0..10)
        .map(|k| format!("<a href=\"/plan/{k}\">Plan number {k} and its price</a> "))
        .collect();
    let page = format!(
        "<html><head><title>Entertainment</title></head><body>{}{blocks}\
         <div class=\"hx-meta-block-section\">{links}</div>\
         <footer>© Example Cable</footer></body></html>",
        nav()
    );
    let (_, text) = text_at(
        &page,
        "https://www.example-cable.com/learn/digital-cable-tv",
    );
    assert_has(
        &text,
        &["Streaming with us: discover", "Internet with us: discover"],
    );
    assert_lacks(&text, &["Plan number 4"]);
}

#[test]
fn service_answer_hidden_under_its_question_button_is_kept_other_hidden_text_is_not() {
    let faq: String = ["Coverage", "Claims", "Costs"]
        .iter()
        .map(|t| {
            format!(
                "<div class=\"flex flex-col\"><button type=\"button\"><h5>What does {t} \
                 mean?</h5></button><div class=\"text-sm lg:text-base hidden\"><p>{t} \
                 explained: what our insurance plan covers for drivers, how a claim is handled \
                 and what it costs each month in every state.</p></div></div>"
            )
        })
        .collect();
    let sections = format!(
        "<section><h2>Questions</h2>{faq}</section><div><h4>Leftover</h4>\
         <div class=\"text-sm hidden\"><p>Template leftover text that no button opens and \
         that the page never shows to its readers at all.</p></div></div>"
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Claims explained: what our insurance"]);
    assert_lacks(&text, &["Template leftover"]);
}

#[test]
fn service_contact_form_notice_is_dropped_a_calculator_form_is_kept() {
    let notice = |what: &str| {
        format!(
            "{what}: nothing on this page is advice for your own matter; please do not send \
             anything confidential before we have agreed in writing to act for you, and read \
             the privacy notice before you press the button below, which sends your answers \
             to our team and starts the calculation of your plan for the years ahead."
        )
    };
    let sections = format!(
        "<section><h2>Plan your retirement</h2><form action=\"/calc\" method=\"post\">\
         <select name=\"status\"><option>Single</option><option>Married</option></select>\
         <p>{}</p></form></section><section><h2>Contact us</h2>\
         <form action=\"/contact\" method=\"post\">\
         <input type=\"text\" name=\"name\" placeholder=\"Name\">\
         <input type=\"email\" name=\"email\" placeholder=\"Email\">\
         <textarea name=\"message\"></textarea><p>{}</p></form></section>",
        notice("Calculator note"),
        notice("Contact note")
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Calculator note: nothing"]);
    assert_lacks(&text, &["Contact note"]);
}

#[test]
fn kadence_advanced_heading_is_no_advert() {
    let sections: String = ["Repair", "Maintenance", "Relocation"]
        .iter()
        .enumerate()
        .map(|(k, t)| {
            format!(
                "<h2>{t} for corporate gyms</h2><div class=\"kt-adv-heading{k}_d9e20b-fd \
                 wp-block-kadence-advancedheading\">{t}: we work with numerous equipment \
                 brands and have the technical knowledge and expert staff to keep every \
                 machine of your gym safe and running.</div>"
            )
        })
        .collect();
    let sections = format!(
        "{sections}<div class=\"adv-slot\">Advertisement: buy the newest treadmill today at \
         a special price from our partner store.</div>"
    );
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Maintenance: we work with numerous"]);
    assert_lacks(&text, &["Advertisement: buy"]);
}

#[test]
fn service_infobox_cards_are_offers() {
    let boxes: String = ["Community", "Enterprise", "Cloud"]
        .iter()
        .map(|t| {
            format!(
                "<div class=\"infobox\"><h3>{t} edition</h3><p>The {t} edition gives you \
                 professional support, add-ons and security features for your own servers.</p>\
                 <a href=\"/{t}\">Learn more</a></div>"
            )
        })
        .collect();
    let sections = format!("<section><h2>Editions</h2>{boxes}</section>");
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["The Enterprise edition gives you"]);
}

#[test]
fn service_card_footer_is_part_of_its_card_the_page_footer_is_not() {
    let cards: String = ["Ada", "Ben", "Cleo"]
        .iter()
        .map(|n| {
            format!(
                "<div class=\"card\"><h3>{n}'s story</h3><div class=\"styledcustomercardfooter-sc-1 \
                 jnsxbh\">{n} says: we moved everything to this cloud because we love it for its \
                 cost, its speed and its support team.</div></div>"
            )
        })
        .collect();
    let sections = format!("<section><h2>Customers</h2>{cards}</section>");
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Ben says: we moved everything"]);
    assert_lacks(&text, &["Example Insurance"]);
}

#[test]
fn service_tabs_named_a_menu_keep_their_text() {
    let tabs: String = ["Manage content visually", "Scale with your brand"]
        .iter()
        .map(|t| {
            format!(
                "<div class=\"autoplay-tabs_menu\"><div><h2>{t}</h2><div class=\"rich-text\">\
                 {t}: with the visual canvas, teams build and edit the site's content in \
                 context, see every change rendered in real time, and publish without waiting \
                 for developers; editors, designers and marketers share one workspace, one \
                 library of components and one review flow, from the first draft to the page \
                 that goes live for every visitor; \
                 and when the site grows, the same canvas holds a thousand pages as easily as ten.</div></div></div>"
            )
        })
        .collect();
    let (kind, text) = text_at(&service_page(&tabs), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Scale with your brand: with the visual canvas"]);
}

#[test]
fn service_section_header_with_only_its_h2_is_kept() {
    let sections: String = ["Sales", "Support", "Design"]
        .iter()
        .map(|t| {
            format!(
                "<section><header class=\"mx-auto flex\"><h2>Video messages for {t} teams</h2>\
                 </header><p>{t} teams record their screen and camera in a few clicks and \
                 share the video anywhere, instead of one more meeting.</p></section>"
            )
        })
        .collect();
    let (kind, text) = text_at(&service_page(&sections), URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&text, &["Video messages for Support teams"]);
}
