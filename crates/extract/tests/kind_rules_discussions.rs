//! Issue 21, discussions: a story page whose comments hold nearly all of its text is a forum
//! (a link aggregator's thread, a news site's story with its discussion), and a thread that
//! shows nothing of itself but its headline gives that headline. Small hand-written pages,
//! each checked the other way too.

mod common;
use common::*;
use kg_extract::PageType;

/// One comment of a story's discussion, with its author, time and text, replies nested.
fn comment(k: u32, author: &str, text: &str, replies: &str) -> String {
    format!(
        "<li class=\"comments_subtree\"><div class=\"comment\" id=\"c_{k}\">\
         <div class=\"details\"><span class=\"byline\"><a href=\"/~{author}\">{author}</a> \
         <span title=\"2024-08-13\">1 year ago</span> | <a href=\"#c_{k}\">link</a></span></div>\
         <div class=\"comment_text\"><p>{text}</p></div></div>\
         <ol class=\"comments\">{replies}</ol></li>"
    )
}

const TEXTS: [&str; 4] = [
    "Very interested in the ergonomic reference counting work. I write a lot of asynchronous \
     code and cloning shared pointers before every closure is most of the noise in my files.",
    "So do I, and I am not sure that eliding the clones would improve things much: the moves \
     are explicit today and I rather like seeing where a value goes when I read the code later.",
    "That is my concern as well. I have never felt the pain of cloning counted pointers to be \
     as large as people say, and the implicit version hides a cost that matters in hot loops.",
    "Great writeup, there are many things on this list that will help systems work in \
     particular, and the goals are written so that an outsider can follow what is planned.",
];

/// A link aggregator's story page: the story's title and link, a line of tags, and a
/// discussion of `n` top-level comments (each with one reply) that holds the page's text.
fn story_page(n: u32) -> String {
    let mut comments = String::new();
    for k in 0..n {
        let reply = comment(100 + k, "kbknapp", TEXTS[(k as usize + 1) % 4], "");
        comments.push_str(&comment(k, "dureuill", TEXTS[k as usize % 4], &reply));
    }
    format!(
        "<html><head><title>Project goals for 2024 | Linkers</title>\
         <meta property=\"og:type\" content=\"article\">\
         <meta property=\"og:title\" content=\"Project goals for 2024\"></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/active\">Active</a> \
         <a href=\"/recent\">Recent</a> <a href=\"/login\">Login</a></nav></header>\
         <main><div class=\"story\"><h1><a href=\"https://blog.example.org/goals\">Project \
         goals for 2024</a></h1><div class=\"byline\"><a href=\"/t/rust\">rust</a> \
         blog.example.org via <a href=\"/~scvalex\">scvalex</a> 1 year ago | \
         <a href=\"/s/dwip3v\">{n} comments</a></div></div>\
         <ol class=\"comments comments1\">{comments}</ol></main>\
         <footer><a href=\"/about\">About</a> <a href=\"/privacy\">Privacy</a></footer>\
         </body></html>"
    )
}

const STORY_URL: &str = "https://linkers.example.org/s/dwip3v/project_goals_for_2024";

#[test]
fn a_story_page_made_of_its_discussion_is_a_forum_with_its_comments() {
    let (kind, t) = text_at(&story_page(6), STORY_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(
        &t,
        &["ergonomic reference counting", "hides a cost that matters"],
    );
}

/// A blog article of several long paragraphs with a short discussion below it.
fn article_with_comments() -> String {
    let para = "The city council agreed on Tuesday to extend the tram line to the new district \
                in the north, after two years of planning and a long public consultation in \
                which residents asked above all for more frequent service in the evenings.";
    let paras: String = (0..8).map(|_| format!("<p>{para}</p>")).collect();
    format!(
        "<html><head><title>Tram line to be extended | City Journal</title>\
         <meta property=\"og:type\" content=\"article\"></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav></header>\
         <main><article><h1>Tram line to be extended to the northern district</h1>\
         <div class=\"byline\">By Jane Doe, 12 March 2024</div>{paras}</article>\
         <section class=\"comments\"><h2>2 comments</h2><ol>{}{}</ol></section></main>\
         <footer><a href=\"/about\">About</a></footer></body></html>",
        comment(1, "reader1", TEXTS[0], ""),
        comment(2, "reader2", TEXTS[1], "")
    )
}

#[test]
fn an_article_with_a_few_comments_below_stays_an_article() {
    // The other way: an article's own text outweighs its discussion.
    let (kind, text) = text_at(
        &article_with_comments(),
        "https://journal.example.com/2024/03/12/tram-line-to-be-extended-to-the-north",
    );
    assert_eq!(kind, PageType::Article);
    assert_has(&text, &["tram line to the new district"]);
}

/// A link post of a community site: its headline (an `<h1>`) and nothing else that survives
/// (the post and its comments come by script), no description.
fn link_post(headline: &str) -> String {
    format!(
        "<html><head><title>{headline} : r/technology</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"DiscussionForumPosting\",\"headline\":\"{headline}\",\
         \"author\":{{\"@type\":\"Person\",\"name\":\"ControlCAD\"}}}}</script></head>\
         <body><header><nav><a href=\"/\">Home</a> <a href=\"/login\">Log In</a></nav></header>\
         <div class=\"main-container\"><shreddit-post><h1 slot=\"title\">{headline}</h1>\
         </shreddit-post></div></body></html>"
    )
}

const POST_URL: &str = "https://www.community.example/r/technology/comments/1rl4mew/fcc_chair/";

#[test]
fn a_thread_showing_only_its_headline_gives_the_headline() {
    let h = "Regulator to Europe: if you restrict our satellite providers, we will ban yours \
             here, the chair says";
    let (kind, text) = text_at(&link_post(h), POST_URL);
    assert_eq!(kind, PageType::Forum);
    assert_has(&text, &["if you restrict our satellite providers"]);
}

#[test]
fn a_short_headline_of_an_empty_thread_is_no_text() {
    // The other way: a headline of a few words is a label, not the post.
    let (kind, text) = text_at(&link_post("Weekly discussion thread"), POST_URL);
    assert_eq!(kind, PageType::Forum);
    assert_eq!(text, "");
}
