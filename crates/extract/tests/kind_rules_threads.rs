//! Issue 21, threads and service pages: rules for forum threads whose posts carry their own id
//! in the class, sit under print-only or label-hidden wrappers, or in forms of their own; each
//! on a small hand-written page and checked the other way too (what must stay out).

mod common;
use common::*;
use kg_extract::PageType;

const THREAD_URL: &str = "https://talk.example.org/forum/careers/is-consulting-worth-it";

fn thread_head() -> &'static str {
    "<html><head><title>Is consulting worth it? - Careers Forum</title>\
     <script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\
     \"@type\":\"DiscussionForumPosting\",\"headline\":\"Is consulting worth it?\",\
     \"author\":{\"@type\":\"Person\",\"name\":\"atlan\"},\
     \"datePublished\":\"2024-02-01T10:00:00Z\"}</script></head>"
}

fn reply(id: u32, author: &str, text: &str) -> String {
    format!(
        "<article class=\"js-comment comment-layer comment-id-{id}\" id=\"c{id}\">\
         <div class=\"comment-author\"><a href=\"/u/{author}\">{author}</a> 2y</div>\
         <div class=\"comment-body\">{text}</div>\
         <div class=\"comment-links\"><a href=\"#\">Reply</a> <a href=\"#\">Quote</a></div>\
         </article>"
    )
}

/// A thread whose replies sit in a print-hidden wrapper (Bootstrap's `hidden-print`), inside
/// a Drupal field with a hidden label, each reply's class carrying its id.
fn thread_page() -> String {
    format!(
        "{}<body><header><nav><a href=\"/\">Home</a> <a href=\"/forum\">Forums</a> \
         <a href=\"/login\">Log in</a></nav></header>\
         <div class=\"main\"><div class=\"forum-container\">\
         <div class=\"post-header\"><h1>Is consulting worth it?</h1></div>\
         <div class=\"content\"><div class=\"field field--name-body\">\
         <p>I moved from a mid-market bank to a tier two consulting firm last spring and the \
         hours are still long. Was the switch worth it for those of you who made it, and what \
         does a normal week look like in your office?</p>\
         <p>I am asking because my friends in banking say consulting is the easier life, but \
         so far I have not seen much of that easier life in my own calendar.</p></div></div>\
         <div class=\"post-block post-comments hidden-print comment-wrapper\">\
         <section class=\"field field--name-comment-forum field--type-comment \
         field--label-hidden comment-wrapper\">{}{}{}</section></div>\
         </div></div>\
         <aside class=\"sidebar\"><h3>Trending Content</h3><a href=\"/t/1\">Best firms to work \
         for in 2024 and why</a> <a href=\"/t/2\">Exit options after two years</a></aside>\
         <footer class=\"footer\">Copyright Careers Forum</footer></body></html>",
        thread_head(),
        reply(
            3184298,
            "drapeman",
            "As a consultant in a large European office I can say that it is worth it for the \
             learning curve alone, even though the weeks regularly run past sixty hours."
        ),
        reply(
            3184356,
            "padam",
            "A note on the region: the work-life balance here is notably worse than in other \
             regions, mostly because of travel on Mondays and Thursdays every single week."
        ),
        reply(
            3184766,
            "stratco",
            "You have good answers already, so I will only add that the first year is the \
             hardest and that the hours get better once you know how to push back on scope."
        ),
    )
}

#[test]
fn thread_keeps_replies_under_a_print_hidden_wrapper_with_ids_in_their_class() {
    let (kind, t) = text_at(&thread_page(), THREAD_URL);
    assert_eq!(kind, PageType::Forum);
    let first = t
        .find("I moved from a mid-market bank")
        .expect("first post");
    let r1 = t.find("worth it for the learning curve").expect("reply 1");
    let r2 = t
        .find("work-life balance here is notably")
        .expect("reply 2");
    let r3 = t.find("first year is the hardest").expect("reply 3");
    assert!(first < r1 && r1 < r2 && r2 < r3, "{t}");
    assert_lacks(
        &t,
        &[
            "Trending Content",
            "Exit options after two years",
            "Copyright",
        ],
    );
}

#[test]
fn an_article_with_the_same_comments_does_not_take_them() {
    // The other way: on a news article the comments below stay out.
    let html = thread_page()
        .replace(
            "\"@type\":\"DiscussionForumPosting\"",
            "\"@type\":\"NewsArticle\"",
        )
        .replace("Careers Forum", "Daily Ledger");
    let (kind, t) = text_at(
        &html,
        "https://www.dailyledger.example/2024/02/01/is-consulting-worth-it-a-bankers-view",
    );
    assert_eq!(kind, PageType::Article);
    assert_has(&t, &["I moved from a mid-market bank"]);
    assert_lacks(&t, &["first year is the hardest"]);
}

/// An old-Reddit-like thread: each comment's text inside a `<form class="usertext">`.
fn form_thread(form_class: &str) -> String {
    let comment = |id: &str, user: &str, text: &str| {
        format!(
            "<div class=\"thing id-t1_{id} noncollapsed comment\">\
             <p class=\"tagline\"><a class=\"author\" href=\"/user/{user}\">{user}</a> \
             <time datetime=\"2026-03-05T10:00:00Z\">17 hours ago</time></p>\
             <form class=\"{form_class} form-t1_{id}\" action=\"#\">\
             <input type=\"hidden\" name=\"thing_id\" value=\"t1_{id}\">\
             <div class=\"usertext-body md-container\"><div class=\"md\"><p>{text}</p></div></div>\
             </form>\
             <ul class=\"flat-list buttons\"><li><a href=\"#\">permalink</a></li>\
             <li><a href=\"#\">reply</a></li></ul></div>"
        )
    };
    format!(
        "<html><head><title>Hair follicles grown in the lab : science</title></head><body>\
         <div class=\"header\"><a href=\"/\">reddit</a> <a href=\"/r/science\">science</a></div>\
         <div class=\"content\"><div class=\"sitetable linklisting\">\
         <div class=\"thing link\"><p class=\"title\"><a href=\"https://news.example/hair\">\
         Fully functional hair follicles have been grown in the lab for the first time</a></p>\
         </div></div>\
         <div class=\"commentarea\"><div class=\"sitetable nestedlisting\">{}{}{}</div></div>\
         </div><div class=\"footer-parent\"><a href=\"/help\">help</a> \
         <a href=\"/rules\">site rules</a></div></body></html>",
        comment(
            "o8nd42m",
            "ragnar",
            "Might this also be a path to treating burn victims who lost their hair follicles? \
             The article says the grown follicles cycled through growth phases like real ones."
        ),
        comment(
            "o8o9g61",
            "penvast",
            "The mice grew hair that lasted for months, which is longer than any earlier \
             attempt, but human trials are still years away according to the authors."
        ),
        comment(
            "o8n5vbe",
            "insanesnow",
            "We are another step closer to a cure for baldness, although the same promise has \
             been made every few years since the nineties, so I will wait and see."
        ),
    )
}

const REDDIT_URL: &str =
    "https://old.reddit.com/r/science/comments/1rku5x9/fully_functional_hair_follicles_grown/";

#[test]
fn thread_keeps_comments_written_inside_their_own_forms() {
    let (kind, t) = text_at(&form_thread("usertext warn-on-unload"), REDDIT_URL);
    assert_eq!(kind, PageType::Forum);
    let c1 = t.find("path to treating burn victims").expect("comment 1");
    let c2 = t
        .find("grew hair that lasted for months")
        .expect("comment 2");
    let c3 = t.find("another step closer to a cure").expect("comment 3");
    assert!(c1 < c2 && c2 < c3, "{t}");
    assert_lacks(&t, &["site rules"]);
}

#[test]
fn a_thread_form_without_a_post_class_stays_out() {
    // The other way: a form whose class names no post part (a search, a sign-up) is still a
    // form, and a form named for logging in stays out even on a thread.
    for class in ["searchbox warn-on-unload", "login-user warn-on-unload"] {
        let (_, t) = text_at(&form_thread(class), REDDIT_URL);
        assert!(
            !t.contains("grew hair that lasted for months"),
            "{class}: {t}"
        );
    }
}

#[test]
fn a_filled_in_form_on_a_thread_stays_out() {
    // The other way: the answer box below a thread ("Your Answer", a text area) is a form
    // even though its class names a post.
    let html = form_thread("usertext warn-on-unload").replace(
        "<div class=\"commentarea\">",
        "<form class=\"post-form\" action=\"/answer\"><h2>Your Answer</h2>\
         <textarea name=\"body\"></textarea><p>Thanks for contributing an answer to this \
         thread, please share the details of your own experience with the treatment.</p>\
         <button type=\"submit\">Post Your Answer</button></form><div class=\"commentarea\">",
    );
    let (_, t) = text_at(&html, REDDIT_URL);
    assert_has(&t, &["grew hair that lasted for months"]);
    assert_lacks(&t, &["Thanks for contributing an answer"]);
}

/// A landing page whose sections are the body's own children (no `<main>`, no wrapper).
fn service_page(before_body: &str) -> String {
    let card = |h: &str, p: &str| format!("<div class=\"col-md-4\"><h3>{h}</h3><p>{p}</p></div>");
    format!(
        "<html><head><title>Data Analytics Services | Northwind Consulting</title></head>\
         {before_body}<body><header class=\"site-header\"><nav><a href=\"/\">Home</a> \
         <a href=\"/services\">Services</a> <a href=\"/about\">About</a> \
         <a href=\"/contact\">Contact</a></nav></header>\
         <section class=\"hero\"><h1>Data Analytics Services</h1>\
         <p>Turn raw data into decisions: we design, build and run analytics platforms for \
         mid-sized companies, from the first workshop to the dashboards your teams use.</p>\
         <a class=\"btn\" href=\"/contact\">Get a free consultation</a></section>\
         <section class=\"offers\"><h2>What we offer</h2><div class=\"row\">{}{}{}</div></section>\
         <section class=\"why\"><h2>Why Northwind</h2><div class=\"row\"><div class=\"col\">\
         <p>Twelve years of analytics projects in retail, logistics and healthcare, with a team \
         of forty engineers who stay with your project from start to finish.</p></div></div>\
         </section>\
         <section class=\"faq\"><h2>Frequently asked questions</h2><h3>How long does a first \
         project take?</h3><p>Most first projects take eight to twelve weeks, from the workshop \
         to a dashboard in daily use, depending on the state of your data.</p></section>\
         <footer class=\"footer\"><p>© Northwind Consulting</p><a href=\"/imprint\">Imprint</a> \
         <a href=\"/privacy\">Privacy</a></footer></body></html>",
        card(
            "Data strategy",
            "We map the data you have, the questions you need answered and the shortest path \
             from one to the other, in a roadmap your board can sign off."
        ),
        card(
            "Data engineering",
            "Pipelines that load your sources every night into one warehouse, tested and \
             documented, so every report starts from the same numbers."
        ),
        card(
            "Dashboards and reporting",
            "Reports your managers read every morning, built with them in short iterations \
             instead of a specification nobody remembers a month later."
        ),
    )
}

#[test]
fn service_page_keeps_every_section_that_is_a_child_of_the_body() {
    let (kind, t) = text_at(
        &service_page(""),
        "https://www.northwind.example/services/data-analytics-services",
    );
    assert_eq!(kind, PageType::Service);
    for needle in [
        "Turn raw data into decisions",
        "shortest path from one to the other",
        "Pipelines that load your sources",
        "Reports your managers read every morning",
        "Twelve years of analytics projects",
        "Most first projects take eight to twelve weeks",
    ] {
        assert!(t.contains(needle), "{needle:?} missing:\n{t}");
    }
    assert_lacks(&t, &["Imprint"]);
}

#[test]
fn an_article_in_the_same_shape_does_not_take_the_whole_body() {
    // The other way: the body is taken for a service page only; an article keeps its one
    // long section.
    let long: String = (0..6)
        .map(|k| {
            format!(
                "<p>Paragraph {k} of the report explains how the city council weighed the \
                 budget, which projects were cut and why the vote was closer than expected.</p>"
            )
        })
        .collect();
    let html = service_page("")
        .replace(
            "<section class=\"why\">",
            &format!("<section class=\"story\"><article>{long}</article></section><section class=\"why\">"),
        )
        .replace(
            "<title>Data Analytics Services | Northwind Consulting</title>",
            "<title>Council passes budget after long night</title>\
             <meta property=\"og:type\" content=\"article\">",
        );
    let (kind, t) = text_at(
        &html,
        "https://www.dailyledger.example/2024/05/02/council-passes-budget-after-long-night",
    );
    assert_eq!(kind, PageType::Article);
    assert_has(&t, &["Paragraph 5 of the report"]);
    assert_lacks(&t, &["Pipelines that load your sources"]);
}

#[test]
fn content_before_the_body_tag_opens_the_body_as_in_browsers() {
    // A stray `<div>` between `</head>` and `<body>`: browsers open the body there and the
    // `<body>` tag only repeats it. Every section after the first stays part of the page.
    // The page's one `</div>` too many (after the first section) closes that `<div>`, not
    // the body.
    let html = service_page("<div class=\"page-wrap\"><link rel=\"stylesheet\" href=\"/a.css\">")
        .replace(
            "</section><section class=\"offers\">",
            "</section></div><section class=\"offers\">",
        );
    let (_, t) = text_at(
        &html,
        "https://www.northwind.example/services/data-analytics-services",
    );
    assert_has(
        &t,
        &[
            "Turn raw data into decisions",
            "Most first projects take eight to twelve weeks",
        ],
    );
    assert_lacks(&t, &["Imprint"]);
}

/// A page rendered by React's streaming server: the shell holds the headline, every finished
/// part arrives as `<div hidden id="S:n">` moved into place by script.
fn streamed_page(segment_id: &str) -> String {
    format!(
        "<html><head><title>Your fastest path to production | Hostly</title></head><body>\
         <header><nav><a href=\"/\">Hostly</a> <a href=\"/pricing\">Pricing</a> \
         <a href=\"/docs\">Docs</a> <a href=\"/login\">Log in</a></nav></header>\
         <main><section class=\"hero\"><h1>Your fastest path to production</h1>\
         <p>Intuitive infrastructure to run any app from your first user to your millionth, \
         with managed databases and private networking included.</p></section>\
         <template id=\"B:1\"></template></main>\
         <footer class=\"footer\"><a href=\"/imprint\">Imprint</a></footer>\
         <div hidden id=\"{segment_id}\"><section><h2>Click, click, done</h2>\
         <p>Select a service, connect your repository and deploy: every push builds a new \
         version, and a failed build never replaces the one that is running.</p>\
         <p>Preview environments for every pull request let your team review a change on a \
         real address before it reaches production, without any extra setup.</p></section></div>\
         <script>$RC(\"B:1\",\"{segment_id}\")</script></body></html>"
    )
}

#[test]
fn a_streamed_react_segment_is_part_of_the_page() {
    let (_, t) = text_at(&streamed_page("S:1"), "https://hostly.example/");
    assert_has(
        &t,
        &[
            "Intuitive infrastructure to run any app",
            "every push builds a new version",
            "Preview environments for every pull request",
        ],
    );
    assert_lacks(&t, &["Imprint"]);
}

#[test]
fn another_hidden_div_stays_hidden() {
    // The other way: `hidden` on a div whose id is not a React segment keeps its verdict.
    let (_, t) = text_at(&streamed_page("pricing-dialog"), "https://hostly.example/");
    assert_has(&t, &["Intuitive infrastructure to run any app"]);
    assert_lacks(&t, &["every push builds a new version"]);
}

fn accordion_page(panel_attr: &str) -> String {
    let panel = |k: u32, q: &str, a: &str| {
        format!(
            "<h3><button aria-expanded=\"false\" aria-controls=\"p{k}\">{q}</button></h3>\
             <section id=\"p{k}\" {panel_attr} class=\"accordion-panel\"><p>{a}</p></section>"
        )
    };
    helpdesk_page(&format!(
        "<section class=\"features\"><h2>How it works</h2>{}{}{}</section>",
        panel(
            1,
            "One inbox for every channel",
            "Email, chat, phone and social messages land in one shared inbox where every agent \
             sees the whole history of a customer before answering."
        ),
        panel(
            2,
            "Automations that route tickets",
            "Rules send each ticket to the right team by language, topic and urgency, and \
             remind agents before a promised answer time runs out."
        ),
        panel(
            3,
            "Reports that show what customers need",
            "Dashboards count the questions customers ask most, so your team can write help \
             articles that answer them before anyone has to open a ticket."
        ),
    ))
}

#[test]
fn a_service_page_keeps_its_aria_hidden_accordion_panels() {
    let (kind, t) = text_at(&accordion_page("aria-hidden=\"true\" inert"), HELPDESK_URL);
    assert_eq!(kind, PageType::Service);
    assert_has(
        &t,
        &[
            "one shared inbox where every agent",
            "Rules send each ticket to the right team",
            "Dashboards count the questions",
        ],
    );
}

#[test]
fn aria_hidden_that_is_no_folded_panel_stays_out_of_a_service_page() {
    // The other way: an aria-hidden element that is no tab or accordion (a decorative
    // duplicate, a slider's clone) keeps its verdict.
    let html = accordion_page("aria-hidden=\"true\" inert").replace("accordion-panel", "clone");
    let (_, t) = text_at(&html, HELPDESK_URL);
    assert_has(&t, &["Our customer service software brings"]);
    assert_lacks(&t, &["Rules send each ticket to the right team"]);
}

/// A XenForo-like thread: each post with an author card (name, title, join date, post count)
/// and a signature below the text; the poster's statistics carry `extras_class`.
fn carded_thread(extras_class: &str) -> String {
    let post = |id: u32, user: &str, text: &str| {
        format!(
            "<article class=\"message message--post\" id=\"post-{id}\">\
             <div class=\"message-user\"><h4 class=\"message-name\">\
             <a class=\"username\" href=\"/members/{user}\">{user}</a></h4>\
             <h5 class=\"message-userTitle\">New Head-Fier</h5>\
             <div class=\"{extras_class}\"><dl><dt>Joined</dt><dd>Feb 8, 2023</dd></dl>\
             <dl><dt>Posts</dt><dd>6,696</dd></dl><dl><dt>Likes</dt><dd>9,236</dd></dl></div></div>\
             <div class=\"message-main\"><time datetime=\"2024-07-05T10:00:00Z\">Jul 5, 2024</time>\
             <div class=\"message-body\"><div class=\"bbWrapper\">{text}</div></div>\
             <aside class=\"message-signature\"><div>Sennheiser HD 600, Focal Clear, \
             a Schiit stack and far too many cables on my desk</div></aside></div></article>"
        )
    };
    format!(
        "<html><head><title>Best closed headphones as of 07/2024? | Headphone Forum</title>\
         </head><body><nav><a href=\"/\">Forums</a> <a href=\"/whats-new\">What's new</a></nav>\
         <div class=\"p-body\"><h1>Best closed headphones as of 07/2024?</h1>\
         <div class=\"block-body\">{}{}{}</div></div>\
         <footer>Community platform by XenForo</footer></body></html>",
        post(
            1,
            "FutureBSD",
            "I currently own a closed pair for my media consumption but I am considering selling \
             it and getting something with a wider stage and better instrument separation."
        ),
        post(
            2,
            "Leo",
            "For a wide stage in a closed design the usual answer is a planar magnetic pair, \
             though they are heavy and you should try them on before you buy anything."
        ),
        post(
            3,
            "mrsmith",
            "I would add that the wife acceptance factor at night also depends on leakage, and \
             closed planars leak far less than open dynamic headphones at the same volume."
        ),
    )
}

const CARDED_URL: &str =
    "https://www.headphones.example/threads/best-closed-headphones-as-of-07-2024.973407/";

#[test]
fn thread_drops_the_posters_statistics_and_signatures() {
    let (kind, t) = text_at(&carded_thread("message-userExtras"), CARDED_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(
        &t,
        &[
            "wider stage and better instrument",
            "planar magnetic pair",
            "leak far less",
        ],
    );
    assert_lacks(&t, &["6,696", "too many cables"]);
}

#[test]
fn a_posters_card_without_a_statistics_class_keeps_its_lines() {
    // The other way: only the named parts go; a card part whose class names no statistics
    // ("message-userBlurb") is left to the other rules, and the posts stay either way.
    let (kind, t) = text_at(&carded_thread("message-userBlurb"), CARDED_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(&t, &["planar magnetic pair", "6,696"]);
    assert_lacks(&t, &["too many cables"]);
}

/// A Stack-Exchange-like Q&A page: a question and two answers, each with its comments; the
/// posts' classes are `question_class` and `answer_class`.
fn qa_page(question_class: &str, answer_class: &str) -> String {
    let comments = |id: u32, text: &str| {
        format!(
            "<div id=\"comments-{id}\" class=\"comments js-comments-container\">\
             <ul class=\"comments-list\"><li class=\"comment js-comment\">\
             <div class=\"comment-body\"><span class=\"comment-copy\">{text}</span> – \
             <a class=\"comment-user\" href=\"/users/7\">Tony</a> \
             <span class=\"comment-date\">Mar 26, 2019 at 16:40</span></div></li></ul></div>"
        )
    };
    format!(
        "<html><head><title>How does residential electricity work? - Electrical Engineering \
         Stack Exchange</title></head><body><header><a href=\"/\">Home</a> \
         <a href=\"/questions\">Questions</a></header><div id=\"mainbar\">\
         <h1>How does residential electricity work?</h1>\
         <div class=\"{question_class}\" id=\"question\"><div class=\"post-layout\">\
         <div class=\"s-prose js-post-body\"><p>I am trying to understand how the electricity \
         in my house works. When the circuit is open there is no current flowing, so what are \
         the electrons in the hot wire doing?</p></div>{}</div></div>\
         <h2>2 Answers</h2>\
         <div class=\"{answer_class}\" id=\"answer-1\"><div class=\"post-layout\">\
         <div class=\"s-prose js-post-body\"><p>First, a current of 120 V does not make sense: \
         the units of current are amperes, and volts are a unit of potential difference.</p>\
         </div>{}</div></div>\
         <div class=\"{answer_class}\" id=\"answer-2\"><div class=\"post-layout\">\
         <div class=\"s-prose js-post-body\"><p>What you are missing is that voltage is not \
         current, it is pressure, like the water standing in the pipes behind a faucet.</p>\
         </div>{}</div></div></div>\
         <footer>Site design / logo © Stack Exchange Inc</footer></body></html>",
        comments(
            1,
            "When would you expect the neutral to ever become hot at all?"
        ),
        comments(
            2,
            "People often say current when they mean voltage, I blame Edison."
        ),
        comments(
            3,
            "Could you check whether my explanation at the bottom is correct?"
        ),
    )
}

const QA_URL: &str =
    "https://electronics.stackexchange.com/questions/429163/how-does-residential-electricity-work";

#[test]
fn qa_page_drops_the_comments_under_its_question_and_answers() {
    let (kind, t) = text_at(&qa_page("question js-question", "answer js-answer"), QA_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(
        &t,
        &[
            "what are the electrons in the hot wire doing",
            "units of current are amperes",
            "voltage is not current, it is pressure",
        ],
    );
    assert_lacks(&t, &["I blame Edison", "ever become hot"]);
}

#[test]
fn comments_outside_a_question_or_answer_stay() {
    // The other way: posts whose class names no question or answer ("post-item") are a
    // thread's posts, and the comments in them stay (on many forums the comments are the
    // thread).
    let (_, t) = text_at(&qa_page("post-item", "post-item"), QA_URL);
    assert_has(&t, &["units of current are amperes", "I blame Edison"]);
}

/// A guide streamed by React: the article's body holds placeholders (`<template id="B:b">`,
/// hex ids) for sections that arrive at the end of the page as hidden segments.
fn streamed_guide(late_id: &str) -> String {
    format!(
        "<html><head><title>How to Invest in Index Funds: A Beginner's Guide | Fool Money</title>\
         </head><body><header><nav><a href=\"/\">Home</a> <a href=\"/guides\">Guides</a></nav>\
         </header><main><article><h1>How to Invest in Index Funds</h1>\
         <div class=\"article-body\">\
         <p>Index funds can put your stock investment strategy on autopilot, and they can do \
         this while still producing excellent appreciation over the long run for patient \
         investors who keep their costs low.</p>\
         <template id=\"B:b\"></template>\
         <h2>Tax considerations</h2>\
         <p>Investing in index funds can be a hands-off approach, but it is essential to \
         understand that this strategy can have tax implications in a standard account.</p>\
         <template id=\"B:1f\"></template></div></article></main>\
         <footer><a href=\"/about\">About us</a> <a href=\"/privacy\">Privacy</a></footer>\
         <div hidden id=\"S:b\"><section><h2>1. Pick an index</h2><p>Here is a short list of \
         some additional top indexes, broken down by the part of the market they cover, from \
         large companies to bonds and international stocks.</p></section></div>\
         <div hidden id=\"{late_id}\"><section><h2>Who should not invest</h2><p>If you have \
         the time, knowledge and desire to build a portfolio of individual stocks, by all \
         means go for it, but most people are better served by a few broad funds.</p>\
         </section></div>\
         <script>$RC(\"B:b\",\"S:b\");$RC(\"B:1f\",\"{late_id}\")</script></body></html>"
    )
}

const GUIDE_URL: &str = "https://money.example/investing/how-to-invest/index-funds/";

#[test]
fn streamed_sections_of_an_article_are_read_where_their_placeholders_stand() {
    let (kind, t) = text_at(&streamed_guide("S:1f"), GUIDE_URL);
    assert_eq!(kind, PageType::Article);
    let intro = t.find("on autopilot").expect("intro");
    let pick = t
        .find("short list of some additional top indexes")
        .expect("segment b");
    let tax = t.find("hands-off approach").expect("tax");
    let who = t
        .find("individual stocks, by all means")
        .expect("segment 1f");
    assert!(intro < pick && pick < tax && tax < who, "{t}");
    assert_lacks(&t, &["Privacy"]);
}

#[test]
fn a_hidden_section_without_a_placeholder_stays_out_of_the_article() {
    // The other way: a hidden div named like a segment whose placeholder the page lacks is
    // not moved into the article.
    let (_, t) = text_at(&streamed_guide("S:2e"), GUIDE_URL);
    assert_has(&t, &["short list of some additional top indexes"]);
    assert_lacks(&t, &["individual stocks, by all means"]);
}

/// An SMF-like topic: the whole page (menu, posts, footer) inside `<div id="footerfix">`.
fn footerfix_topic(footer_links: bool) -> String {
    let post = |user: &str, text: &str| {
        format!(
            "<div class=\"windowbg\"><div class=\"poster\"><h4><a href=\"/u/{user}\">{user}</a>\
             </h4></div><div class=\"postarea\"><div class=\"keyinfo\">\
             <a href=\"#msg1\">Re: Forum statistics block</a> March 02, 2026, 10:14:05 AM</div>\
             <div class=\"post\"><div class=\"inner\">{text}</div></div></div></div>"
        )
    };
    let posts = [
        post(
            "Sesquipedalian",
            "The statistics block counts guests from the session table, so the numbers jump \
             whenever the garbage collector runs; that is expected and not a bug in itself.",
        ),
        post(
            "Arantor",
            "If you want steadier numbers, raise the session lifetime in the server settings \
             and the count of online guests will follow the real traffic more closely.",
        ),
        post(
            "Kindred",
            "Thanks, raising the session lifetime to an hour made the guest count far more \
             believable, and the block no longer drops to zero every few minutes.",
        ),
        post(
            "Doug Heffernan",
            "Good to hear. Please mark the topic as solved so that others who search for the \
             same symptom later can find the answer without opening a new topic.",
        ),
        post(
            "Illori",
            "Marked as solved. For the record, the same applies to version 2.0 of the \
             software, where the setting sits under the server settings as well.",
        ),
        post(
            "Kindred",
            "One more remark for anyone who lands here: clear the cache after changing the \
             setting, otherwise the old lifetime stays in effect until the next restart.",
        ),
        post(
            "Sesquipedalian",
            "Correct, the settings cache holds the value for a while; the admin panel has a \
             button to empty it, so there is no need to restart the whole server for this.",
        ),
        post(
            "Arantor",
            "And keep in mind that a very long session lifetime keeps more rows in the session \
             table, which on a busy board can slow down the queries that count the guests.",
        ),
    ]
    .concat();
    let footer = if footer_links {
        "<a href=\"/help\">Help</a> | <a href=\"/terms\">Terms and Rules</a>"
    } else {
        ""
    };
    format!(
        "<html><head><title>Forum statistics block - Simple Forum Community</title></head>\
         <body><div id=\"footerfix\"><div id=\"top_section\"><a href=\"/\">Home</a> \
         <a href=\"/login\">Log in</a> <a href=\"/register\">Sign up</a></div>\
         <div id=\"content_section\"><h1>Forum statistics block</h1>{}</div>\
         <div id=\"footer\">{footer} Page created in 0.030 seconds</div></div></body></html>",
        if footer_links { posts.as_str() } else { "" },
    )
}

#[test]
fn a_topic_wrapped_in_a_footer_named_div_is_read_on_the_second_try() {
    let (_, t) = text_at(
        &footerfix_topic(true),
        "https://forum.example.org/index.php?topic=589061.0",
    );
    assert_has(
        &t,
        &["garbage collector runs", "clear the cache after changing"],
    );
    assert_lacks(&t, &["Terms and Rules"]);
}

#[test]
fn a_footer_of_links_stays_out_on_the_second_try() {
    // The other way: a page with no posts whose footer-named wrapper holds only a few words
    // gives no text rather than the footer.
    let (_, t) = text_at(
        &footerfix_topic(false),
        "https://forum.example.org/index.php?topic=589061.0",
    );
    assert_lacks(&t, &["Page created in", "Sign up"]);
}

/// A service page whose offers sit in a tab widget named like a filter menu: each panel's
/// class (and its inner wrapper's) carries "menu"; `body` builds each panel's content.
fn menu_tabs_page(body: impl Fn(&str, &str) -> String) -> String {
    let panel = |k: &str, title: &str, text: &str| {
        format!(
            "<div id=\"tab-{k}\" role=\"tabpanel\" class=\"cmp-tabs__tabpanel \
             filter-menu-tabs-c0d9-item-{k}-tabpanel\"><div class=\"filter-menu-item-container\">\
             <div id=\"filter-menu-item-container-{k}\" class=\"cmp-container\">{}</div></div></div>",
            body(title, text)
        )
    };
    format!(
        "<html><head><title>Cybersecurity Services | Bluestone</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/services\">Services</a> \
         <a href=\"/contact\">Contact us</a></nav></header>\
         <main><section class=\"hero\"><h1>Cybersecurity services</h1>\
         <p>Transform your business and manage risk with a global leader in cybersecurity \
         consulting, cloud and managed security services.</p></section>\
         <section class=\"offers\"><h2>Our services</h2><ol role=\"tablist\">\
         <li role=\"tab\">AI for security</li><li role=\"tab\">Quantum-safe</li></ol>{}{}</section>\
         </main><footer class=\"footer\"><a href=\"/privacy\">Privacy</a></footer></body></html>",
        panel(
            "a1",
            "How agentic AI enables an autonomous SOC",
            "AI for security is the process of using AI to strengthen an organization's \
             security posture, so that analysts spend their time on the threats that matter."
        ),
        panel(
            "b2",
            "What is quantum-safe cryptography?",
            "Advancements in quantum computing create opportunities, but they also put the \
             encryption that protects today's data at risk within the next decade or so."
        ),
    )
}

const MENU_TABS_URL: &str = "https://www.bluestone.example/services/security";

#[test]
fn a_service_pages_tab_panels_named_like_a_menu_are_kept() {
    let html = menu_tabs_page(|title, text| format!("<h3>{title}</h3><p>{text}</p>"));
    let (kind, t) = text_at(&html, MENU_TABS_URL);
    assert_eq!(kind, PageType::Service);
    assert_has(
        &t,
        &[
            "strengthen an organization's security posture",
            "encryption that protects today's data",
        ],
    );
    assert_lacks(&t, &["Privacy"]);
}

#[test]
fn a_menu_tab_panel_of_links_stays_out() {
    // The other way: a panel of the same widget that is nothing but links (a mega menu's
    // column) keeps its verdict.
    let html = menu_tabs_page(|title, text| {
        format!("<h3><a href=\"/t\">{title}</a></h3><a href=\"/x\">{text}</a>")
    });
    let (_, t) = text_at(&html, MENU_TABS_URL);
    assert_has(&t, &["Transform your business and manage risk"]);
    assert_lacks(&t, &["strengthen an organization's security posture"]);
}

/// [`service_page`] with a section of `n` linked insight titles after the FAQ (links make up
/// a third of the body's text with 7 of them, over half with 16).
fn service_page_with_insights(n: usize) -> String {
    let links: String = (0..n)
        .map(|k| {
            format!(
                "<li><a href=\"/insights/{k}\">What retailers learned from analytics project \
                 number {k} this year</a></li>"
            )
        })
        .collect();
    service_page("").replace(
        "<footer class=\"footer\">",
        &format!("<section class=\"insights\"><h2>Insights</h2><ul>{links}</ul></section><footer class=\"footer\">"),
    )
}

#[test]
fn service_body_with_a_third_of_its_words_in_links_is_still_the_page() {
    let (kind, t) = text_at(
        &service_page_with_insights(7),
        "https://www.northwind.example/services/data-analytics-services",
    );
    assert_eq!(kind, PageType::Service);
    assert_has(
        &t,
        &[
            "Turn raw data into decisions",
            "Pipelines that load your sources",
            "Most first projects take eight to twelve weeks",
        ],
    );
}

#[test]
fn service_body_mostly_of_links_is_not_the_page() {
    // The other way: with half of the body's words in links the body is no container of the
    // page's text; the insight titles stay out.
    let (_, t) = text_at(
        &service_page_with_insights(16),
        "https://www.northwind.example/services/data-analytics-services",
    );
    assert_lacks(&t, &["analytics project number 12"]);
}

/// A Discourse topic sent without its posts and without a crawler view: only the meta tags
/// and a splash screen; `description` is its `og:description`.
fn empty_topic(description: &str) -> String {
    format!(
        "<html><head><title>Start making my home smart. Where should I start? - Configuration - \
         Home Assistant Community</title>\
         <meta name=\"generator\" content=\"Discourse 3.4.0\">\
         <meta property=\"og:type\" content=\"website\">\
         <meta property=\"og:description\" content=\"{description}\">\
         <link rel=\"next\" href=\"/t/start-making-my-home-smart/68911?page=2\"></head>\
         <body><section id=\"d-splash\"><div class=\"preloader-image\"><div class=\"dots\"></div>\
         </div></section><discourse-assets></discourse-assets></body></html>"
    )
}

const TOPIC_URL: &str = "https://community.example.io/t/start-making-my-home-smart/68911";

#[test]
fn a_thread_that_shows_nothing_gives_its_description() {
    let d = "I have nothing smart in my apartment yet, so I want to start. What is the best \
             solution? I was going to start with a camera and a sensor in the living room.";
    let (kind, text) = text_at(&empty_topic(d), TOPIC_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(&text, &["nothing smart in my apartment"]);
}

#[test]
fn a_short_description_of_an_empty_thread_is_no_text() {
    // The other way: a description of a few words is the site's slogan, not a post.
    let (_, text) = text_at(
        &empty_topic("The place to talk about home automation"),
        TOPIC_URL,
    );
    assert_eq!(text, "");
}

/// A guide whose steps are closed accordion items (`hidden` until clicked), with the class
/// `panel_class` on each item's content.
fn accordion_guide(panel_class: &str) -> String {
    let step = |k: u32, title: &str, text: &str| {
        format!(
            "<div class=\"es-accordion\"><a role=\"button\" aria-controls=\"step{k}_content\" \
             class=\"es-accordion-heading\">{title}</a>\
             <div id=\"step{k}_content\" class=\"{panel_class}\" hidden><p>{text}</p></div></div>"
        )
    };
    format!(
        "<html><head><title>Solar panel installation: what to expect | Sunwise</title>\
         <script type=\"application/ld+json\">{{\"@type\":\"Article\",\
         \"headline\":\"Solar panel installation: what to expect\"}}</script></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/solar\">Solar</a></nav><main><article>\
         <h1>Solar panel installation: what to expect</h1>\
         <p>Installing solar panels can offset or even eliminate your electric bill, but the \
         process takes a few months from the first quote to the day you switch the system on.</p>\
         <h2>The five steps of a home solar installation</h2>{}{}{}\
         <p>Once the utility grants permission to operate, your panels start producing power and \
         your monthly bill reflects the electricity you send back to the grid.</p>\
         </article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>",
        step(
            1,
            "1. Engineering site visit",
            "After you sign a contract, an engineer visits your property to evaluate the roof \
             and the electrical panel, and to confirm that the design will work."
        ),
        step(
            2,
            "2. Permits and documentation",
            "Installing solar panels involves a lot of paperwork, and your installer should deal \
             with most of it, from building permits to the utility's interconnection forms."
        ),
        step(
            3,
            "3. Installation day",
            "Solar panel installations usually take about one to three days to complete, \
             depending on the size of the system and the layout of your roof."
        ),
    )
}

const GUIDE2_URL: &str =
    "https://www.sunwise.example/solar/solar-panel-installation-guide-what-should-you-expect/";

#[test]
fn an_articles_closed_accordion_steps_are_its_text() {
    let (kind, t) = text_at(
        &accordion_guide("collapse es-accordion-content"),
        GUIDE2_URL,
    );
    assert_eq!(kind, PageType::Article);
    assert_has(
        &t,
        &[
            "an engineer visits your property",
            "a lot of paperwork",
            "one to three days to complete",
            "permission to operate",
        ],
    );
}

#[test]
fn a_hidden_block_of_an_article_that_is_no_folded_panel_stays_hidden() {
    // The other way: a hidden element whose class names no tab, accordion or collapse
    // keeps its verdict on an article.
    let (_, t) = text_at(&accordion_guide("es-step-text"), GUIDE2_URL);
    assert_has(&t, &["permission to operate"]);
    assert_lacks(&t, &["a lot of paperwork"]);
}

/// A service page whose offers are the slides of a carousel (`slider_class` on the track).
fn slider_service_page(slider_class: &str) -> String {
    let slide = |title: &str, text: &str| {
        format!(
            "<div class=\"swiper-slide cmp-dual-slider__slide-item\"><h3>{title}</h3>\
             <p>{text}</p></div>"
        )
    };
    format!(
        "<html><head><title>Our services | Harbor Advisory</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/services\">Services</a> \
         <a href=\"/contact\">Contact us</a></nav></header><main>\
         <section class=\"hero\"><h1>Vast services. Real results.</h1><p>We see every \
         challenge as an opportunity for growth: our people combine insight and industry \
         experience to solve your toughest problems.</p></section>\
         <section class=\"{slider_class}\"><div class=\"swiper-wrapper\">{}{}{}</div></section>\
         </main><footer class=\"footer\"><a href=\"/privacy\">Privacy</a></footer></body></html>",
        slide(
            "Assurance",
            "Our assurance practice uses accounting, controls and reporting expertise to deliver \
             assurance on both financial and non-financial information."
        ),
        slide(
            "Business process solutions",
            "Customised solutions in operational finance, payroll and tax compliance, run by \
             experienced professionals with global methods."
        ),
        slide(
            "Cyber",
            "We simplify complexity and secure your organisation, so that you can operate with \
             resilience and grow with confidence in a connected world."
        ),
    )
}

const SLIDER_URL: &str = "https://www.harbor-advisory.example/us/en/services.html";

#[test]
fn a_service_pages_offers_in_a_carousel_are_its_text() {
    let (kind, t) = text_at(
        &slider_service_page("dual-animation-slider cmp-dual-slider"),
        SLIDER_URL,
    );
    assert_eq!(kind, PageType::Service);
    assert_has(
        &t,
        &[
            "assurance on both financial",
            "operational finance, payroll",
            "operate with resilience",
        ],
    );
}

#[test]
fn a_carousel_on_a_news_article_stays_out() {
    // The other way: on an article the same slides keep their verdict (a carousel there is
    // other stories).
    let html = slider_service_page("dual-animation-slider cmp-dual-slider")
        .replace(
            "<title>Our services | Harbor Advisory</title>",
            "<title>Harbor Advisory posts record results | Daily Ledger</title>\
             <meta property=\"og:type\" content=\"article\">",
        )
        .replace(
            "<section class=\"hero\"><h1>Vast services. Real results.</h1>",
            "<article><h1>Harbor Advisory posts record results</h1>",
        )
        .replace("</section>\n", "")
        .replace(
            "toughest problems.</p></section>",
            "toughest problems.</p><p>The firm said on Tuesday that revenue rose by a fifth \
             in the last quarter, driven by demand for its consulting work in the region.</p>\
             <p>Analysts had expected slower growth after two years of rapid hiring, and the \
             shares rose four percent in early trading on the news.</p></article>",
        );
    let (kind, t) = text_at(
        &html,
        "https://www.dailyledger.example/business/2024/05/07/harbor-advisory-posts-record-results",
    );
    assert_eq!(kind, PageType::Article);
    assert_has(&t, &["revenue rose by a fifth"]);
    assert_lacks(&t, &["operate with resilience"]);
}

/// A Discourse-like thread: each post its author, its stamp, its text and a line `likes`.
fn liked_thread(likes: &str) -> String {
    let post = |author: &str, text: &str| {
        format!(
            "<div class=\"topic-post\"><div class=\"topic-meta-data\"><span class=\"creator\">\
             <a href=\"/u/{author}\">{author}</a></span><span class=\"post-time\">Apr 26, 2024, \
             6:28am</span></div><div class=\"post\"><p>{text}</p></div>\
             <div class=\"post-likes\">{likes}</div></div>"
        )
    };
    format!(
        "{}<body><header><nav><a href=\"/\">Home</a> <a href=\"/forum\">Forums</a></nav></header>\
         <main><h1>Is consulting worth it?</h1>{}{}{}</main></body></html>",
        thread_head(),
        post(
            "atlan",
            "I moved from a mid-market bank to a consulting firm last spring and the hours are \
             still long. Was the switch worth it for those of you who made it?"
        ),
        post(
            "drapeman",
            "It is worth it for the learning curve alone, even though the weeks regularly run \
             past sixty hours in our office."
        ),
        post(
            "padam",
            "The first year is the hardest, and the hours get better once you know how to push \
             back on scope with the partners."
        ),
    )
}

#[test]
fn a_threads_like_counts_stay_out_but_its_stamps_stay() {
    let (kind, t) = text_at(&liked_thread("4 Likes"), THREAD_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(&t, &["learning curve alone", "Apr 26, 2024"]);
    assert_lacks(&t, &["4 Likes"]);
    // The author box's count of posts stays out as well.
    let (_, text) = text_at(&liked_thread("Posts: 1,234"), THREAD_URL);
    assert_lacks(&text, &["1,234"]);
    // A short line with a number that is not a like count stays.
    let (_, text) = text_at(&liked_thread("4 replies"), THREAD_URL);
    assert_has(&text, &["4 replies"]);
}

/// An Elementor landing page (cut down from a marketing agency's service page): the benefits
/// sit in icon boxes, each one an `elementor-widget-icon-box` holding an
/// `elementor-icon-box-wrapper`; `sidebar` names a real sidebar of widgets.
fn elementor_service_page(sidebar_class: &str) -> String {
    let benefit = |h: &str, p: &str| {
        format!(
            "<div class=\"elementor-element elementor-widget__width-initial elementor-widget \
             elementor-widget-icon-box\"><div class=\"elementor-widget-container\">\
             <div class=\"elementor-icon-box-wrapper\"><div class=\"elementor-icon-box-content\">\
             <h3 class=\"elementor-icon-box-title\">{h}</h3>\
             <p class=\"elementor-icon-box-description\">{p}</p></div></div></div></div>"
        )
    };
    format!(
        "<html><head><title>Marketing Services | Example Agency</title></head><body>\
         <header class=\"elementor elementor-location-header\"><nav><a href=\"/\">Home</a> \
         <a href=\"/services\">Services</a> <a href=\"/contact\">Contact</a></nav></header>\
         <div class=\"page-content\"><h1>Marketing and Advertising for Wellness Brands</h1>\
         <p>We plan and run campaigns for clinics, studios and health shops, from the first \
         brand audit to the monthly report on what every channel brought in.</p>\
         <h2>What marketing does for you</h2>{}{}{}\
         <div class=\"{sidebar_class}\"><h3>Recent posts</h3><ul><li>Spring offers</li>\
         <li>Our new studio</li><li>Award night</li></ul></div></div>\
         <footer class=\"elementor elementor-location-footer\"><p>© Example Agency</p></footer>\
         </body></html>",
        benefit(
            "Greater visibility",
            "Campaigns put your brand in front of the people who look for it, so that more \
             of them know your name when they choose."
        ),
        benefit(
            "Closer customer contact",
            "Every channel is a way to talk with your customers, and each conversation makes \
             them more likely to come back."
        ),
        benefit(
            "More sales",
            "Telling more people about your services brings more bookings, and the reports \
             show which campaign brought which."
        ),
    )
}

#[test]
fn elementor_icon_boxes_are_a_service_pages_text_and_a_widget_sidebar_is_not() {
    let (kind, t) = text_at(
        &elementor_service_page("sidebar-widget widget_categories"),
        "https://agency.example/services/marketing-and-advertising",
    );
    assert_eq!(kind, PageType::Service);
    for needle in [
        "We plan and run campaigns",
        "Greater visibility",
        "put your brand in front of the people",
        "Closer customer contact",
        "brings more bookings",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in {t}");
    }
    assert_lacks(&t, &["Recent posts", "Award night"]);
}

/// A local-marketing tool's landing page (cut down): each section opens with a heading block
/// whose class says "header" (`cd-header`, `gm-header`); the site's top bar (`header-top`, no
/// heading) and its menu bar (`main-header`, links) say "header" too.
fn section_header_page() -> String {
    let section = |h: &str, sub: &str, p: &str| {
        format!(
            "<section class=\"feature\"><div class=\"gm-header text-left\"><h2>{h}</h2>\
             <p>{sub}</p></div><div class=\"feature-body\"><p>{p}</p></div></section>"
        )
    };
    format!(
        "<html><head><title>Local SEO Tools | Example Local</title></head><body>\
         <div class=\"header-top\"><span>Call sales: 0800 123 456, weekdays 9 to 5</span></div>\
         <div class=\"main-header\"><h2><a href=\"/\">Example Local</a></h2><a href=\"/pricing\">\
         Pricing</a> <a href=\"/tools\">Tools</a> <a href=\"/login\">Log in</a></div>\
         <main><h1>The complete platform to monitor and improve local search</h1>\
         <p>Track rankings, audit listings and answer reviews for every location you manage, \
         from one account and in reports your clients understand.</p>\
         <div class=\"cd-header\"><h2>Local SEO tools that help you rank higher</h2></div>{}{}\
         </main><footer><a href=\"/imprint\">Imprint</a></footer></body></html>",
        section(
            "Go beyond basic rank reporting",
            "Track how your business ranks in map results.",
            "Rankings are checked from the searcher's own postcode every week, so the report \
             shows what nearby customers really see when they search for you."
        ),
        section(
            "Audit your business profile",
            "See why your rivals win the map pack.",
            "The audit compares your profile with the three businesses above you and lists \
             what to fix first, from categories to opening hours."
        ),
    )
}

#[test]
fn a_service_pages_section_headers_stay_and_its_top_bars_do_not() {
    let (kind, t) = text_at(
        &section_header_page(),
        "https://local.example/local-seo-tools",
    );
    assert_eq!(kind, PageType::Service);
    for needle in [
        "Local SEO tools that help you rank higher",
        "Go beyond basic rank reporting",
        "Track how your business ranks in map results.",
        "Audit your business profile",
        "Rankings are checked from the searcher",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in {t}");
    }
    assert_lacks(&t, &["Call sales", "Log in"]);
}
