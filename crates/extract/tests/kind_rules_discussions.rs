//! Issue 21, discussions: a thread that shows nothing of itself but its headline gives that
//! headline. Small hand-written pages, each checked the other way too.

use kg_extract::{extract, PageType};

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
    let a = extract(link_post(h).as_bytes(), Some(POST_URL), None);
    assert_eq!(a.page_type, PageType::Forum);
    assert!(
        a.text().contains("if you restrict our satellite providers"),
        "{}",
        a.text()
    );
}

#[test]
fn a_short_headline_of_an_empty_thread_is_no_text() {
    // The other way: a headline of a few words is a label, not the post.
    let a = extract(
        link_post("Weekly discussion thread").as_bytes(),
        Some(POST_URL),
        None,
    );
    assert_eq!(a.page_type, PageType::Forum);
    assert_eq!(a.text(), "");
}
