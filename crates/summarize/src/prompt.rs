//! The chat prompt for an LLM TLDR (any OpenAI-compatible chat-completions server). Pure: the
//! client that sends it is `crate::llm` (feature `client`). Whatever comes back goes through [`crate::Tldr::from_llm`]
//! and [`crate::gate::check`] before it is shown.

use crate::Document;

/// Longest article text (in characters) put into the prompt; longer texts are cut at a sentence.
pub const MAX_ARTICLE_CHARS: usize = 6000;

/// The system and user messages asking for a 3-to-5-sentence TLDR of `doc` in its language, using
/// only facts from the article.
pub fn messages(doc: &Document) -> (String, String) {
    let mut body = String::new();
    for s in &doc.sentences {
        if body.chars().count() + s.chars().count() > MAX_ARTICLE_CHARS {
            break;
        }
        if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(s);
    }
    if doc.lang() == "en" {
        let system = "You summarise news articles. Write 3 to 5 complete sentences (40 to 100 words) in \
                      English. Use only facts, numbers, names and quotes that appear in the article; \
                      invent nothing, add no opinion, no heading, no list."
            .to_string();
        let user = format!("Title: {}\n\nArticle: {}\n\nSummary:", doc.title, body);
        (system, user)
    } else {
        let system = "Du fasst Nachrichtenartikel zusammen. Schreibe 3 bis 5 vollständige Sätze (40 bis \
                      100 Wörter) auf Deutsch. Verwende nur Fakten, Zahlen, Namen und Zitate, die im \
                      Artikel stehen; erfinde nichts, bewerte nichts, keine Überschrift, keine Liste."
            .to_string();
        let user = format!(
            "Titel: {}\n\nArtikel: {}\n\nZusammenfassung:",
            doc.title, body
        );
        (system, user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_prompt_carries_the_article() {
        let d = Document::new("Titel", vec!["Ein Satz. Noch ein Satz.".into()], None);
        let (system, user) = messages(&d);
        assert!(system.contains("auf Deutsch"));
        assert!(user.contains("Ein Satz. Noch ein Satz."));
    }
}
