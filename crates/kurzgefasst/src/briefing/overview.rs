//! The optional overview at the top of a briefing: three sentences about the day that a language
//! model writes from the stories' TLDRs, shown only when `kg_summarize`'s faithfulness gate
//! accepts them against those TLDRs (every number, date, name, quote and negation must be in
//! them). When the model fails or the gate rejects the answer, the briefing has no overview.

use kg_summarize::gate::{self, Limits, Verdict};
use kg_summarize::llm::Client;
use kg_summarize::{Document, Tldr};

use super::{one_line, Briefing};

/// Sentences of the overview.
pub const SENTENCES: usize = 3;
/// Stories whose TLDRs the model is given (the top first, then the categories').
pub const MAX_STORIES: usize = 8;

/// The TLDRs the overview is written from and checked against, one paragraph per story, in the
/// language of the first story's article (German unless it says otherwise). `None` when the
/// briefing has no story with a TLDR.
pub fn source(b: &Briefing) -> Option<Document> {
    let stories: Vec<_> = b
        .stories()
        .filter(|st| {
            st.lead
                .tldr
                .as_ref()
                .is_some_and(|t| !t.text.trim().is_empty())
        })
        .take(MAX_STORIES)
        .collect();
    let first = stories.first()?;
    let language = first
        .lead
        .language
        .clone()
        .filter(|l| l == "en" || l == "de");
    let paragraphs = stories
        .iter()
        .filter_map(|st| st.lead.tldr.as_ref().map(|t| one_line(&t.text)))
        .collect();
    Some(Document::new("", paragraphs, language.as_deref()))
}

/// The system and user messages asking for the overview of `doc`'s TLDRs.
pub fn messages(doc: &Document) -> (String, String) {
    let list: Vec<String> = doc
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}. {p}", i + 1))
        .collect();
    if doc.lang() == "en" {
        (
            "You write the overview of a news day. Write exactly three complete sentences in \
             English about the most important of the following reports. Use only facts, numbers, \
             names and quotes that appear in them; invent nothing, add no opinion, no heading, no \
             list."
                .to_string(),
            format!("Reports:\n\n{}\n\nOverview:", list.join("\n")),
        )
    } else {
        (
            "Du schreibst den Überblick eines Nachrichtentages. Schreibe genau drei vollständige \
             Sätze auf Deutsch über die wichtigsten der folgenden Meldungen. Verwende nur Fakten, \
             Zahlen, Namen und Zitate, die in ihnen stehen; erfinde nichts, bewerte nichts, keine \
             Überschrift, keine Liste."
                .to_string(),
            format!("Meldungen:\n\n{}\n\nÜberblick:", list.join("\n")),
        )
    }
}

/// The gate's bounds for the overview: exactly three sentences of 15 to 120 words; loops are
/// checked as for a TLDR.
pub fn limits() -> Limits {
    Limits {
        min_sentences: SENTENCES,
        max_sentences: SENTENCES,
        min_words: 15,
        max_words: 120,
        ..Limits::default()
    }
}

/// Checks a model's answer against the TLDRs: the overview's text when the gate accepts it, else
/// the gate's verdict.
pub fn check(doc: &Document, answer: &str) -> Result<String, Verdict> {
    let tldr = Tldr::from_llm(doc, answer, "");
    let verdict = gate::check_with(doc, &tldr, &limits());
    if verdict.accepted {
        Ok(tldr.text())
    } else {
        Err(verdict)
    }
}

/// Asks the model for the overview of `b` and sets it when the gate accepts it; leaves the
/// briefing without one (and says why in the log) when the model fails or the gate rejects it.
/// Returns whether an overview was set.
pub async fn add(b: &mut Briefing, client: &Client) -> bool {
    let Some(doc) = source(b) else {
        return false;
    };
    let (system, user) = messages(&doc);
    match client.complete(&system, &user).await {
        Ok(answer) => match check(&doc, &answer.text) {
            Ok(text) => {
                b.overview = Some(text);
                true
            }
            Err(v) => {
                tracing::warn!(reasons = ?v.codes(), "briefing overview rejected by the gate; left out");
                false
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "briefing overview: the language model failed; left out");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::new(
            "",
            vec![
                "Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen. Es soll 42 Kilometer lang werden.".into(),
                "Die Hitzewelle hält an. Am Mittwoch wurden 38 Grad gemessen.".into(),
                "Der FC Musterstadt hat sein Heimspiel mit 3:1 gewonnen.".into(),
            ],
            None,
        )
    }

    #[test]
    fn a_faithful_overview_passes_and_an_invented_number_is_rejected() {
        let d = doc();
        let good = "Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen, das 42 Kilometer lang werden soll. \
                    Die Hitzewelle hält an, am Mittwoch wurden 38 Grad gemessen. \
                    Der FC Musterstadt hat sein Heimspiel mit 3:1 gewonnen.";
        assert!(check(&d, good).is_ok(), "{:?}", check(&d, good));
        let bad = good.replace("38 Grad", "45 Grad");
        let v = check(&d, &bad).unwrap_err();
        assert!(v.codes().contains(&"unsupported_number"), "{:?}", v.codes());
        // Two sentences are not the overview's three.
        let short = "Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen, das 42 Kilometer lang werden soll. \
                     Die Hitzewelle hält an, am Mittwoch wurden 38 Grad gemessen.";
        assert!(check(&d, short).is_err());
    }

    #[test]
    fn the_prompt_lists_every_tldr() {
        let (system, user) = messages(&doc());
        assert!(system.contains("genau drei"));
        assert!(user.contains("1. Der Stadtrat") && user.contains("3. Der FC Musterstadt"));
    }
}
