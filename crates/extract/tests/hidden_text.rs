//! Text the page hides until a reader acts (closed disclosures) or that only scripts put on
//! screen: when it is the page's content and when it is not.

mod common;
use common::*;
use kg_extract::PageType;

/// A guide whose steps are closed accordion items without class names: a link with
/// `role=button` names its panel in `aria-controls`, the panel (`display:none`) carries
/// `panel_attrs` (its ARIA role, its label).
fn role_accordion_guide(panel_attrs: &str, controls: &str) -> String {
    let step = |k: u32, title: &str, text: &str| {
        format!(
            "<div class=\"es-accordion\"><a id=\"s{k}_head\" role=\"button\" \
             aria-controls=\"{controls}{k}_content\" class=\"es-accordion-heading\">{title}</a>\
             <div id=\"s{k}_content\" style=\"display:none;\" class=\"\" {panel_attrs}>\
             <div class=\"rich-text\"><p>{text}</p></div></div></div>"
        )
    };
    format!(
        "<html><head><title>Heat pump installation: what to expect | Warmly</title>\
         <script type=\"application/ld+json\">{{\"@type\":\"Article\",\
         \"headline\":\"Heat pump installation: what to expect\"}}</script></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/heat-pumps\">Heat pumps</a></nav><main><article>\
         <h1>Heat pump installation: what to expect</h1>\
         <p>A heat pump can replace both your furnace and your air conditioner, but getting one \
         installed takes a few weeks from the first home visit to the first warm evening.</p>\
         <h2>The steps of a heat pump installation</h2>{}{}{}\
         <p>Once the installer has tested the system, it runs on its own and your energy bill \
         shows the difference within the first month of the heating season.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>",
        step(
            1,
            "1. The home visit",
            "A technician measures the rooms, checks the insulation and the electrical panel, \
             and works out how much heat the house loses on the coldest day of the year."
        ),
        step(
            2,
            "2. Choosing the unit",
            "With the heat loss known, you compare quotes for units of the right size; an \
             oversized unit switches on and off too often and wears out sooner."
        ),
        step(
            3,
            "3. Installation day",
            "Fitting the outdoor unit and the indoor heads usually takes two or three days, \
             depending on how many rooms are heated and how far the pipes run."
        ),
    )
}

const GUIDE_URL: &str = "https://www.warmly.example/heat-pumps/installation-guide-what-to-expect/";

#[test]
fn an_articles_closed_region_panels_named_by_their_buttons_are_its_text() {
    // The panels have no class at all: `role=region` and `aria-labelledby` make them a
    // disclosure's panels, the button's `aria-controls` names them.
    let (kind, t) = text_at(
        &role_accordion_guide("role=\"region\" aria-labelledby=\"s1_head\"", "s"),
        GUIDE_URL,
    );
    assert_eq!(kind, PageType::Article);
    assert_has(
        &t,
        &[
            "measures the rooms",
            "compare quotes for units",
            "two or three days",
            "the first month of the heating season",
        ],
    );
}

#[test]
fn a_hidden_region_no_button_opens_stays_hidden() {
    // The other way: the buttons name other ids, so the hidden regions are not theirs.
    let (_, t) = text_at(
        &role_accordion_guide("role=\"region\" aria-labelledby=\"s1_head\"", "other"),
        GUIDE_URL,
    );
    assert_has(&t, &["the first month of the heating season"]);
    assert_lacks(&t, &["measures the rooms"]);
}

#[test]
fn a_hidden_panel_without_a_role_stays_hidden() {
    // The other way: named by the button but neither a region nor labelled by it.
    let (_, t) = text_at(&role_accordion_guide("", "s"), GUIDE_URL);
    assert_has(&t, &["the first month of the heating season"]);
    assert_lacks(&t, &["measures the rooms"]);
}

/// A blog post with a code block whose comments a syntax highlighter wraps in spans of the
/// class `comment_class`.
fn code_post(comment_class: &str) -> String {
    format!(
        "<html><head><title>A short intro to version control | Devnotes</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/posts\">Posts</a></nav><main><article>\
         <h1>A short intro to version control</h1>\
         <p>A version control system is a critical part of your toolkit, whatever the size of \
         the project or the team you work with. These are the commands I use every day.</p>\
         <pre><code class=\"language-bash\">\
         <span class=\"{comment_class}\"># start tracking a new project here</span>\n\
         vc init\n\
         <span class=\"{comment_class}\"># record every modified file in one step</span>\n\
         vc commit --all\n</code></pre>\
         <p>Each of these commands has many options, and the manual explains them with \
         examples for every one of them.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

#[test]
fn a_code_blocks_highlighted_comments_are_part_of_it() {
    // "hljs-comment" names a token of the code, not a comment section of the page.
    let (_, t) = text_at(
        &code_post("hljs-comment"),
        "https://devnotes.example/posts/2021/a-short-intro-to-version-control",
    );
    assert_has(
        &t,
        &[
            "vc commit --all",
            "start tracking a new project here",
            "record every modified file",
        ],
    );
}

/// A column whose paragraphs all carry the class `class` (a body-text class with a menu
/// word in it); two of them are short.
fn menu_classed_column(class: &str) -> String {
    format!(
        "<html><head><title>Evergreens to plant this winter | Cork Gardens</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/gardening\">Gardening</a></nav><main><article>\
         <h1>Evergreens to plant this winter</h1>\
         <p class=\"{class}\">These are the shortest days of the year, and it is a time for some \
         armchair gardening, as the weather is usually either wet or frosty at this point of the winter.</p>\
         <p class=\"{class}\">Then spring is the time to plant, before growth begins.</p>\
         <p class=\"{class}\">Winter is a good time to look at the garden, when the leaves have \
         dropped and the place is bare, and to see what works well and what might be missing.</p>\
         <p class=\"{class}\">Bay laurel is a shrub with scented foliage for the kitchen.</p>\
         <p class=\"{class}\">Left to its own devices it can grow ten metres tall, so it needs a \
         sheltered spot and a trim every summer to keep it to the size of a small town garden.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

#[test]
fn short_paragraphs_of_a_menu_classed_body_text_stay() {
    let (_, t) = text_at(
        &menu_classed_column("contextmenu Body"),
        "https://www.corkgardens.example/gardening/evergreens-to-plant-this-winter-4176",
    );
    assert_has(
        &t,
        &[
            "armchair gardening",
            "Then spring is the time to plant",
            "Bay laurel is a shrub",
        ],
    );
}

/// A packing checklist: `items` as list items, each `(name, linked)`.
fn checklist_page(items: &[(&str, bool)]) -> String {
    let list: String = items
        .iter()
        .map(|(name, linked)| {
            if *linked {
                format!("<li><a href=\"/gear/best-{}\">{name}</a></li>", name.len())
            } else {
                format!("<li>{name}</li>")
            }
        })
        .collect();
    format!(
        "<html><head><title>The ultimate hiking checklist | Trailwise</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/hiking\">Hiking</a></nav><main><article>\
         <h1>The ultimate hiking checklist</h1>\
         <p>Packing for a night outdoors is easier with a list: tick off each item as it goes \
         into the pack and nothing important stays at home on the kitchen table.</p>\
         <h2>Shelter</h2><ul class=\"wp-block-list\">{list}</ul>\
         <p>Items in italics are optional; leave them at home when the forecast is good and \
         the pack is already heavy enough for the climb.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

const CHECKLIST_URL: &str = "https://www.trailwise.example/hiking/ultimate-hiking-checklist/";

#[test]
fn a_checklists_linked_items_stay_beside_its_plain_ones() {
    let (_, t) = text_at(
        &checklist_page(&[
            ("Tent", true),
            ("Rainfly", false),
            ("Stakes", true),
            ("Guylines", true),
            ("Footprint", false),
        ]),
        CHECKLIST_URL,
    );
    assert_has(&t, &["Rainfly", "Stakes", "Guylines"]);
}

#[test]
fn a_list_of_linked_headlines_with_the_pages_own_unlinked_still_goes() {
    // The other way: a most-read box whose items are headlines, the page's own unlinked.
    let (_, t) = text_at(
        &checklist_page(&[
            ("New rules for hiking permits in the national parks", true),
            ("The ultimate hiking checklist", false),
            ("How to choose a sleeping bag for the autumn nights", true),
            ("Five trails for a long weekend in the mountains", true),
        ]),
        CHECKLIST_URL,
    );
    assert_has(&t, &["tick off each item"]);
    assert_lacks(&t, &["hiking permits", "choose a sleeping bag"]);
}

/// A ranked list of hotel brands; each entry has a list of facts whose last item is
/// `remark` (HTML with links).
fn ranking_page(remark: &str) -> String {
    let entry = |n: u32, name: &str, text: &str| {
        format!(
            "<h5>{n}. {name}</h5><p>{text}</p><ul><li>Official website: {name}</li>\
             <li>{remark}</li></ul>"
        )
    };
    format!(
        "<html><head><title>The best luxury hotel brands | Travelnotes</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/hotels\">Hotels</a></nav><main><article>\
         <h1>The best luxury hotel brands in the world</h1>\
         <p>Only a few hotel chains deliver the consistent excellence that travellers expect, \
         and these are the ones I happily return to again and again around the globe.</p>\
         {}{}<p>Do you agree, or does your favourite brand miss from my list? Tell me which \
         one in a comment, and I will visit it on my next trip.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>",
        entry(
            2,
            "Harbor Hotels",
            "Harbor Hotels runs twenty houses by the sea, each with a spa and a restaurant that \
             buys its fish from the boats in the harbour every morning before dawn."
        ),
        entry(
            1,
            "Summit Lodges",
            "Summit Lodges builds small hotels high in the mountains, where every room looks \
             at a glacier and the staff know each guest by name after the first evening."
        ),
    )
}

const RANKING_URL: &str = "https://www.travelnotes.example/best-luxury-hotel-brands/";

#[test]
fn an_articles_sentence_that_links_what_it_names_stays() {
    let (_, t) = text_at(
        &ranking_page(
            "This hotel features in my lists of the <a href=\"/a\">best luxury hotels in \
             Lisbon</a> and the <a href=\"/b\">most stunning indoor hotel pools</a>.",
        ),
        RANKING_URL,
    );
    assert_has(
        &t,
        &[
            "This hotel features in my lists",
            "most stunning indoor hotel pools",
        ],
    );
}

#[test]
fn a_linked_title_without_a_full_stop_still_goes() {
    // The other way: the same links as titles of related articles are a link list.
    let (_, t) = text_at(
        &ranking_page(
            "Related: <a href=\"/a\">The best luxury hotels in Lisbon this year</a> \
             <a href=\"/b\">The most stunning indoor hotel pools</a>",
        ),
        RANKING_URL,
    );
    assert_has(&t, &["buys its fish"]);
    assert_lacks(&t, &["most stunning indoor hotel pools"]);
}

/// A blog post built from editor modules: each section's title in a title module (class
/// `title_class`), its text in a rich-text module of its own.
fn module_post(title_class: &str) -> String {
    let section = |k: u32, title: &str, text: &str| {
        format!(
            "<section class=\"editor-temp temp-{k}a editor-blog-title\">\
             <h3 class=\"{title_class}\">{title}</h3></section>\
             <section class=\"editor-temp temp-{k}b editor-blog-richtext\">\
             <div class=\"richtext-body\"><p>{text}</p></div></section>"
        )
    };
    format!(
        "<html><head><title>How many watts does a laptop use? | Voltwise</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/blog\">Blog</a></nav><div class=\"blog-detail\">\
         <h1>How many watts does a laptop use?</h1>{}{}{}</div>\
         <footer><a href=\"/privacy\">Privacy</a></footer></body></html>",
        section(
            1,
            "Laptop energy consumption",
            "Most laptops draw between thirty and seventy watts while working, and far less \
             when the screen is dimmed and the processor has little to do in the evening. Gaming laptops are the exception: under load they \
             can draw two hundred watts or more."
        ),
        section(
            2,
            "Desktop energy consumption",
            "A desktop computer with a separate monitor uses two to five times as much power, \
             most of it in the graphics card when games or video editing keep it busy. At idle it still draws forty to sixty watts, \
             more than most laptops at full load."
        ),
        section(
            3,
            "How to reduce your energy use",
            "Lower the screen brightness, let the machine sleep when idle and unplug the \
             peripherals you do not use: each step saves a few watts every working hour. A smart plug shows what each \
             device really draws over a week."
        ),
    )
}

#[test]
fn the_section_titles_between_a_bodys_text_modules_stay() {
    let (_, t) = text_at(
        &module_post("blog-heading"),
        "https://www.voltwise.example/blog/how-many-watts-does-a-laptop-use",
    );
    assert_has(
        &t,
        &[
            "between thirty and seventy watts",
            "each step saves a few watts",
            "Desktop energy consumption",
            "How to reduce your energy use",
        ],
    );
}

/// A law firm's blog post followed by a grid of other posts, each card with an excerpt of
/// its post in a `<div class="{excerpt_class}">`.
fn post_with_excerpt_grid(excerpt_class: &str) -> String {
    let card = |k: u32, title: &str| {
        format!(
            "<article class=\"post-card post-{k}\"><h3><a href=\"/blog/post-{k}\">{title}</a></h3>\
             <div class=\"{excerpt_class}\"><p>Navigating the disability benefits system can be \
             overwhelming when you are already dealing with a disabling condition. The process \
             is complex, with strict deadlines and high denial rates for first applications. Our \
             lawyers have the knowledge and the dedication to guide residents through it and \
             improve their chances of an approval in case number {k}.</p></div>\
             <a href=\"/blog/post-{k}\">Read more</a></article>"
        )
    };
    format!(
        "<html><head><title>Getting hurt at a gym | Firm Blog</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/blog\">Blog</a></nav>\
         <div class=\"elementor-widget-theme-post-content\">\
         <p>On behalf of <a href=\"/about\">the firm</a> | Apr 21, 2017</p>\
         <p>If someone is not careful at the gym, they may get hurt. Dropping equipment or \
         straining too hard are common causes of injury, but patrons are also hurt by faulty \
         equipment that the owners did not maintain.</p>\
         <p>Many gyms have members sign waivers that limit when a person can sue if they are \
         hurt on the premises, and most waivers only protect the gym from claims of ordinary \
         negligence.</p>\
         <p>If the gym knew that a machine was broken and let members use it anyway, the \
         waiver may not protect it, and the injured member may have a claim.</p></div>\
         <section class=\"related-posts\">{}{}{}{}</section>\
         <footer><a href=\"/privacy\">Privacy</a></footer></body></html>",
        card(1, "Can you sue the benefits office?"),
        card(2, "Why hire a disability lawyer"),
        card(3, "Understanding disability laws"),
        card(4, "How to apply for disability benefits"),
    )
}

#[test]
fn excerpts_of_other_posts_do_not_join_into_one_body() {
    let (_, t) = text_at(
        &post_with_excerpt_grid("elementor-post__excerpt"),
        "https://www.firm.example/blog/legal-issues-getting-hurt-at-a-gym/",
    );
    assert_has(
        &t,
        &["not careful at the gym", "the waiver may not protect it"],
    );
    assert_lacks(&t, &["strict deadlines"]);
}

#[test]
fn a_lazy_images_noscript_copy_is_no_lead_text() {
    // The picture's wrapper has a lead-like class; its `<noscript>` holds the markup of the
    // image for browsers without scripts, which is no text of the page.
    let html = "<html><head><title>Babies learn more than language models | Techdigest</title>\
        </head><body><nav><a href=\"/\">Home</a></nav><main><article>\
        <h1>Babies learn more than language models</h1>\
        <div class=\"leader_image\"><img src=\"data:image/svg+xml,%3Csvg%3E\" \
        alt=\"A researcher on a stage\" data-lazy-src=\"https://img.example/ai.png\">\
        <noscript><img src=\"https://img.example/ai.png\" width=\"1280\" height=\"720\" \
        alt=\"A researcher on a stage speaking about models of the world\"></noscript></div>\
        <p>A four-year-old has seen more data through its eyes than the largest language model \
        has read, a leading researcher argued this week at a conference in Paris.</p>\
        <p>Text alone, he said, will never teach a machine how the physical world works, and \
        models that learn from video are the way to systems that can plan and reason.</p>\
        </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>";
    let (_, t) = text_at(
        html,
        "https://www.techdigest.example/features/babies-learn-more-than-language-models.html",
    );
    assert_has(&t, &["A four-year-old has seen more data"]);
    assert_lacks(&t, &["<img", "width="]);
}

#[test]
fn a_scripts_loading_placeholder_and_a_like_row_are_no_text() {
    let html = "<html><head><title>Pruning clematis in winter | Garden notes</title></head><body>\
        <nav><a href=\"/\">Home</a></nav><main><article><h1>Pruning clematis in winter</h1>\
        <p>Clematis fall into three pruning groups, and knowing which group a plant belongs to \
        decides whether you cut it hard in February or leave it almost alone.</p>\
        <div class=\"embed\"><p>Loading...</p></div>\
        <p>Group three flowers on this year's growth: cut every stem back to a pair of strong \
        buds about thirty centimetres above the ground before the sap rises.</p>\
        <div class=\"sharedaddy\"><h3>Like this:</h3></div>\
        </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>";
    let (_, t) = text_at(
        html,
        "https://gardennotes.example/articles/pruning-clematis-in-winter",
    );
    assert_has(&t, &["cut every stem back"]);
    assert_lacks(&t, &["Loading", "Like this"]);
}

/// A cleaning company's blog post by `author` (JSON-LD) that ends with a biography of
/// `bio_name`.
fn post_with_bio(author: &str, bio_name: &str) -> String {
    format!(
        "<html><head><title>Trends in house cleaning | Bright Maids</title>\
         <script type=\"application/ld+json\">{{\"@type\":\"BlogPosting\",\
         \"headline\":\"Trends in house cleaning\",\"author\":{{\"@type\":\"Person\",\
         \"name\":\"{author}\"}}}}</script></head><body>\
         <nav><a href=\"/\">Home</a></nav><main><article><h1>Trends in house cleaning</h1>\
         <p>More households book a cleaning service every other week than five years ago, and \
         most of them ask for products without strong scents or harsh chemicals.</p>\
         <p>Subscription plans are replacing one-off visits: a fixed day and a fixed team make \
         it easier to trust the people who have the keys to your home.</p>\
         <p>Deep cleaning before the holidays remains the busiest week of the year, so book it \
         early if you want the team you know.</p>\
         <p>{bio_name} is the owner of Bright Maids, a local cleaning company, and writes about \
         keeping a home clean without spending every weekend on it.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

const BIO_URL: &str = "https://www.brightmaids.example/the-latest-trends-in-house-cleaning/";

#[test]
fn the_authors_biography_at_the_end_is_no_article_text() {
    let (_, t) = text_at(&post_with_bio("Karin Holm", "Karin Holm"), BIO_URL);
    assert_has(&t, &["book it early"]);
    assert_lacks(&t, &["is the owner of Bright Maids"]);
}

#[test]
fn a_closing_paragraph_about_someone_else_stays() {
    // The other way: the last paragraph names someone who is not the author.
    let (_, text) = text_at(&post_with_bio("Karin Holm", "Maria Lind"), BIO_URL);
    assert_has(&text, &["is the owner of Bright Maids"]);
}

/// A service page whose offers each end with a list item that is a sentence linking what it
/// names, or (`sentence` false) a row of linked names.
fn service_with_linked_lines(sentence: bool) -> String {
    let line = |a: &str, b: &str| {
        if sentence {
            format!(
                "<li>We connect your help desk with <a href=\"/i/{a}\">{a} for your sales \
                 team</a> and <a href=\"/i/{b}\">{b} for your engineers</a>.</li>"
            )
        } else {
            format!("<li><a href=\"/i/{a}\">{a} integration</a> <a href=\"/i/{b}\">{b}</a></li>")
        }
    };
    let offer = |title: &str, text: &str, a: &str, b: &str| {
        format!(
            "<section class=\"offer\"><h2>{title}</h2><p>{text}</p><ul><li>Setup within a \
             week</li>{}</ul></section>",
            line(a, b)
        )
    };
    helpdesk_page(&format!(
        "{}{}",
        offer(
            "One inbox for every channel",
            "Email, chat, phone and social messages land in one shared inbox where every agent \
             sees the whole history of a customer before answering.",
            "Salesflow",
            "Trackit"
        ),
        offer(
            "Automations that route tickets",
            "Rules send each ticket to the right team by language, topic and urgency, and \
             remind agents before a promised answer time runs out.",
            "Chatter",
            "Billbox"
        ),
    ))
}

#[test]
fn a_service_pages_sentence_that_links_what_it_names_stays() {
    let (kind, t) = text_at(&service_with_linked_lines(true), HELPDESK_URL);
    assert_eq!(kind, PageType::Service);
    assert_has(&t, &["one shared inbox", "We connect your help desk with"]);
}

#[test]
fn a_service_pages_row_of_linked_names_still_goes() {
    let (_, t) = text_at(&service_with_linked_lines(false), HELPDESK_URL);
    assert_has(&t, &["one shared inbox"]);
    assert_lacks(&t, &["Salesflow integration"]);
}
