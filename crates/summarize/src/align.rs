//! Alignment: links each TLDR sentence to the article sentences that support it, by weighted overlap
//! of content words (folded, lightly stemmed, stop words dropped; rarer words weigh more).
//!
//! Used for both methods: an extractive sentence aligns to itself; an LLM sentence to the one to
//! three article sentences that cover most of its content words.

use crate::text::{content_hashes, fold, for_each_word, hash_str, HashMap64, HashSet64};
use crate::Document;

/// Share of a TLDR sentence's content weight its supporting article sentences must cover together
/// for the sentence to count as supported at all.
pub const MIN_COVERAGE: f32 = 0.25;
/// Share the best single article sentence must cover.
pub const MIN_BEST_COVERAGE: f32 = 0.15;
/// At most this many article sentences support one TLDR sentence.
pub const MAX_SUPPORT: usize = 3;

/// Length of the word beginnings that also count as tokens.
const PREFIX: usize = 6;

/// The content words of `s` (see [`content_hashes`]) and, for words longer than [`PREFIX`]
/// letters, their beginnings: "Kooperation" shares "kooper" with "kooperieren", so a paraphrase
/// that derives a word differently still covers half of its weight.
fn token_set(s: &str, article: bool) -> Vec<u64> {
    let mut v = Vec::new();
    content_hashes(s, &mut v);
    for_each_word(s, |w, pos| {
        let len = w.chars().count();
        // A word of exactly six letters is its own beginning: "wächst" covers the beginning of
        // "Wachstum".
        if len >= PREFIX {
            let f = fold(w);
            let end = f.char_indices().nth(PREFIX).map_or(f.len(), |(i, _)| i);
            v.push(beginning(&f[..end]));
        }
        if article {
            participle(w, &mut v);
        }
        // The heads of an article's compound: "Antrittspressekonferenz" also says
        // "Pressekonferenz" and "Konferenz" (at least five letters, after at least three), with
        // their beginnings.
        if article && len >= 8 {
            let f = fold(w);
            let starts: Vec<usize> = f.char_indices().map(|(i, _)| i).collect();
            for k in 3..starts.len().saturating_sub(4) {
                content_hashes(&f[starts[k]..], &mut v);
                // And the beginning of a head longer than its beginning, as the word on its own
                // has one: "Umweltprämien" says "Prämien" to the letter (a head of six letters is
                // its own word, as the hyphenated compound's run below).
                if let Some(&end) = starts.get(k + PREFIX) {
                    v.push(beginning(&f[starts[k]..end]));
                }
            }
        }
        if article {
            skeleton(w, &mut v);
            clippings(w, &mut v);
            paraphrase(w, &mut v);
        }
        // The plural of an abbreviation is the abbreviation ("SUVs", "SUV").
        if let Some(base) = w.strip_suffix('s') {
            if base.chars().count() >= 2 && base.chars().all(|c| c.is_uppercase()) {
                content_hashes(base, &mut v);
            }
        }
        // An article's hyphenated compound is also the word written together
        // ("Luxus-Klinik" for a summary's "Luxusklinik").
        if article && s[pos + w.len()..].starts_with('-') && (pos == 0 || !s[..pos].ends_with('-'))
        {
            let run: String = s[pos..]
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .next()
                .unwrap_or("")
                .replace('-', "");
            if run.chars().count() > w.chars().count() {
                content_hashes(&run.to_lowercase(), &mut v);
                // And its beginning, as the word written together has one.
                let f = fold(&run);
                if let Some((end, _)) = f.char_indices().nth(PREFIX) {
                    v.push(beginning(&f[..end]));
                }
            }
        }
    });
    v.sort_unstable();
    v.dedup();
    v
}

/// The token of a word's beginning (its first [`PREFIX`] folded letters, cut by the caller): kept
/// apart from the words themselves, so "wachst" the beginning is not "wachst" the word.
fn beginning(cut: &str) -> u64 {
    hash_str(cut) ^ 0x5bd1_e995
}

/// A participle in "-t" of eight letters or more also says its verb: "veröffentlicht" the stem of
/// "veröffentlichen". Added for the article's words, and for a summary's word only where the
/// article has that form (see [`align_with`]): a form the article lacks weighs no more.
fn participle(w: &str, v: &mut Vec<u64>) {
    if w.chars().count() >= 8 {
        let f = fold(w);
        if let Some(base) = f.strip_suffix('t') {
            content_hashes(base, v);
        }
    }
}

/// Words that news paraphrases exchange, each family's members as folded beginnings of a word or
/// of its stem: "2.900 Stellen" for "2.900 Arbeitsplätze", "Der Lauf endet nicht" for "… sind
/// nicht zu stoppen", "umweltfreundlich" for "umweltschonend". A word of a family is also the
/// family's token (see [`families`]); the gate compares negations on them as on one word.
const PARAPHRASES: &[&[&str]] = &[
    &["arbeitsplatz", "stelle", "job"],
    &["streich", "gestrich", "-abbau", "abgebaut", "gefahrd"],
    &["endet", "enden", "beend", "stopp", "gestoppt"],
    &["umweltfreund", "umweltschon"],
    &["klimafreund", "klimaschon"],
];

/// The family of the jobs in [`PARAPHRASES`]: its members are nouns ("Stellen", not the verb
/// "stellen").
const JOBS: usize = 0;

/// Folded words that begin like a member of a family and are not of it: "Stellenwert" is no
/// job.
const NOT_OF_A_FAMILY: &[&str] = &["stellenwert"];

/// The paraphrase families ([`PARAPHRASES`]) of a folded word or stem: a member it begins with,
/// or a member written "-abbau" it ends with ("Jobabbau" is of the jobs and of cutting).
pub(crate) fn families(folded: &str) -> impl Iterator<Item = usize> + '_ {
    let none = NOT_OF_A_FAMILY.iter().any(|w| folded.starts_with(w));
    PARAPHRASES.iter().enumerate().filter_map(move |(k, f)| {
        (!none
            && f.iter().any(|m| match m.strip_prefix('-') {
                Some(head) => folded.ends_with(head),
                None => folded.starts_with(m),
            }))
        .then_some(k)
    })
}

/// Whether two folded words or stems are of one paraphrase family.
pub(crate) fn same_family(a: &str, b: &str) -> bool {
    families(a).any(|k| families(b).any(|l| l == k))
}

/// Marks a paraphrase family's token, kept apart from words.
const FAMILY: u64 = 0x6a09_e667_f3bc_c909;

/// The token of `w`'s paraphrase family, if it has one. A summary's word counts this way only
/// where the article has a word of the family (see [`align_with`]). A word of the jobs is a
/// noun: written with a capital.
fn paraphrase(w: &str, v: &mut Vec<u64>) {
    let noun = w.starts_with(char::is_uppercase);
    for k in families(&fold(w)).filter(|&k| k != JOBS || noun) {
        v.push(FAMILY ^ (k as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    }
}

/// Marks a clipped word ("Heli" of "Helikopter"), kept apart from words and beginnings.
const CLIPPED: u64 = 0x2f1b_93d7_c4a5_0e61;

/// The clippings an article word of seven letters or more may be written as in a hyphenated
/// compound: its first three to five letters ("Heli" for "Helikopter", "Demo" for
/// "Demonstration").
fn clippings(w: &str, v: &mut Vec<u64>) {
    if w.chars().count() < 7 {
        return;
    }
    let f = fold(w);
    let ends: Vec<usize> = f.char_indices().map(|(i, _)| i).collect();
    for k in 3..=5 {
        v.push(hash_str(&f[..ends[k]]) ^ CLIPPED);
    }
}

/// A summary's clipped word: the first part (three to five letters) of a hyphenated compound
/// ("Heli-Flüge"), counted where the article has a word it clips (see [`align_with`]).
fn clipped(s: &str, w: &str, pos: usize, v: &mut Vec<u64>) {
    let len = w.chars().count();
    if (3..=5).contains(&len) && s[pos + w.len()..].starts_with('-') {
        v.push(hash_str(&fold(w)) ^ CLIPPED);
    }
}

/// A place and its derived forms ("Zürich", "Zürcher"): the consonants of the word's core (see
/// `gate::core`), for capitalised words of at least five letters. A summary's word counts this way
/// only where the article has such a form (see [`align_with`]): a noun the article lacks weighs
/// no more for it.
fn skeleton(w: &str, v: &mut Vec<u64>) {
    if w.chars().count() >= 5 && w.chars().next().is_some_and(char::is_uppercase) {
        let skeleton: String = crate::gate::core(w)
            .chars()
            .filter(|c| !"aeiouy".contains(*c))
            .collect();
        if skeleton.chars().count() >= 3 {
            v.push(hash_str(&skeleton) ^ 0x2545_f491_4f6c_dd1d);
        }
    }
}

/// A summary's compound both of whose parts the article writes: the first part as a word or a
/// word's beginning, the head as a word or a compound's head ("Wäscheriese" for the article's
/// "Wäschekette" and "Textilriese", "Barcodesystem" for "Barcodescanner" and
/// "Datenerfassungssysteme"). Adds the parts' tokens (a first part of at least four letters, a
/// head of at least five) for the first split where the article (`df`) has both.
fn attested_parts(w: &str, df: &HashMap64<u32>, v: &mut Vec<u64>) {
    let len = w.chars().count();
    if len < 9 {
        return;
    }
    let f = fold(w);
    let starts: Vec<usize> = f.char_indices().map(|(i, _)| i).collect();
    for k in 4..=len - 5 {
        let first = &f[..starts[k]];
        let mut a = Vec::new();
        content_hashes(first, &mut a);
        if k >= PREFIX {
            a.push(beginning(&f[..starts[PREFIX]]));
        }
        let mut b = Vec::new();
        content_hashes(&f[starts[k]..], &mut b);
        a.retain(|t| df.contains_key(t));
        b.retain(|t| df.contains_key(t));
        if !a.is_empty() && !b.is_empty() {
            v.extend(a);
            v.extend(b);
            return;
        }
    }
}

/// For each of `sentences`, the indices into [`Document::sentences`] that support it, best first:
/// the article sentence covering most of its content words (at least [`MIN_BEST_COVERAGE`] of their
/// weight), then up to two more that each add at least two uncovered words; together they must cover
/// [`MIN_COVERAGE`]. An empty list means no article sentence supports it.
///
/// A sentence that fuses several article sentences (no single one covers enough of it) is
/// supported when each of its clauses of three words or more is, on its own: its support is
/// theirs, in order ("Während die Todesursache … unbekannt bleibt …, wurde sein letztes Album
/// veröffentlicht: „Hit n Run Phase Two“").
pub fn align(doc: &Document, sentences: &[String]) -> Vec<Vec<usize>> {
    let mut out = align_with(doc, sentences, MIN_BEST_COVERAGE, MIN_COVERAGE, 2);
    for (support, s) in out.iter_mut().zip(sentences) {
        if support.is_empty() {
            *support = by_clauses(doc, s);
        }
    }
    out
}

/// The support of `s` clause by clause (see [`align`]): empty unless it has two or more clauses
/// of three words or more and every one of them is supported.
///
/// A heading before a colon that opens the sentence says in short what follows it ("Management
/// plant massiven Jobabbau: 2.900 Stellen sollen gestrichen werden"): it is supported where the
/// article sentence that covers most of it, at least [`MIN_BEST_COVERAGE`], supports a clause
/// after it.
fn by_clauses(doc: &Document, s: &str) -> Vec<usize> {
    let clauses: Vec<String> = s
        .split([',', ';', ':', '–', '—'])
        .filter(|c| c.split_whitespace().count() >= 3)
        .map(str::to_string)
        .collect();
    if clauses.len() < 2 {
        return Vec::new();
    }
    let mut supports = align_with(doc, &clauses, MIN_BEST_COVERAGE, MIN_COVERAGE, 2);
    let heading = s.split_once(':').is_some_and(|(h, _)| {
        !h.contains([',', ';', '–', '—']) && h.split_whitespace().count() >= 3
    });
    if heading && supports[0].is_empty() && supports[1..].iter().all(|x| !x.is_empty()) {
        let best = align_with(doc, &clauses[..1], MIN_BEST_COVERAGE, 0.0, 2)
            .pop()
            .and_then(|x| x.first().copied());
        if let Some(j) = best.filter(|j| supports[1..].iter().any(|x| x.contains(j))) {
            supports[0] = vec![j];
        }
    }
    if supports.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let mut out: Vec<usize> = Vec::new();
    for j in supports.into_iter().flatten() {
        if !out.contains(&j) {
            out.push(j);
        }
    }
    out
}

/// The article sentences closest to `sentence` even when they do not support it (no coverage
/// required; a second or third sentence needs to add one word, not two): what the gate compares
/// an unsupported sentence's names and negations with. "Entscheidende Kenngrößen werden nicht
/// veröffentlicht" shares one word with "Die entscheidende Maßzahl also: die Wertschöpfung" and
/// one with "… er dürfe sie allerdings nicht veröffentlichen", where its negation is.
pub fn nearest(doc: &Document, sentence: &str) -> Vec<usize> {
    align_with(doc, &[sentence.to_string()], 0.0, 0.0, 1)
        .pop()
        .unwrap_or_default()
}

fn align_with(
    doc: &Document,
    sentences: &[String],
    min_best: f32,
    min_coverage: f32,
    min_extra: usize,
) -> Vec<Vec<usize>> {
    let source: Vec<Vec<u64>> = doc.sentences.iter().map(|s| token_set(s, true)).collect();
    let mut df: HashMap64<u32> = HashMap64::default();
    for s in &source {
        for &t in s {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let n = source.len().max(1) as f32;
    // Words the article never uses still weigh in the denominator, as much as its rarest words.
    let weight = |t: &u64| -> f32 { (1.0 + n / (*df.get(t).unwrap_or(&1) as f32)).ln() };
    sentences
        .iter()
        .map(|s| {
            let mut toks = token_set(s, false);
            let mut sk = Vec::new();
            for_each_word(s, |w, pos| {
                skeleton(w, &mut sk);
                participle(w, &mut sk);
                clipped(s, w, pos, &mut sk);
                paraphrase(w, &mut sk);
            });
            toks.extend(sk.into_iter().filter(|t| df.contains_key(t)));
            for_each_word(s, |w, _| attested_parts(w, &df, &mut toks));
            toks.sort_unstable();
            toks.dedup();
            let total: f32 = toks.iter().map(weight).sum();
            if total <= 0.0 {
                return Vec::new();
            }
            let mut uncovered: HashSet64 = toks.iter().copied().collect();
            let mut support = Vec::new();
            let mut covered = 0.0;
            while support.len() < MAX_SUPPORT && !uncovered.is_empty() {
                let mut best: Option<(usize, f32, usize)> = None;
                for (j, src) in source.iter().enumerate() {
                    if support.contains(&j) {
                        continue;
                    }
                    let (mut w, mut c) = (0.0, 0);
                    for t in src {
                        if uncovered.contains(t) {
                            w += weight(t);
                            c += 1;
                        }
                    }
                    if best.is_none_or(|(_, bw, _)| w > bw) {
                        best = Some((j, w, c));
                    }
                }
                let Some((j, w, c)) = best else { break };
                let enough = if support.is_empty() {
                    w > 0.0 && w >= min_best * total
                } else {
                    c >= min_extra
                };
                if !enough {
                    break;
                }
                covered += w;
                support.push(j);
                for t in &source[j] {
                    uncovered.remove(t);
                }
            }
            if covered < min_coverage * total {
                support.clear();
            }
            support
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::tests::{cases, faith, Expect::*};

    fn doc() -> Document {
        Document::new(
            "Stadtrat beschließt neues Radwegenetz",
            vec![
                "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Es soll 42 Kilometer lang werden.".into(),
                "Die Kosten liegen bei 18 Millionen Euro. Bürgermeisterin Anna Beispiel sprach von einem „Meilenstein für die Stadt“.".into(),
            ],
            Some("de"),
        )
    }

    #[test]
    fn copies_align_to_themselves() {
        let d = doc();
        let a = align(&d, &d.sentences.clone());
        for (i, s) in a.iter().enumerate() {
            assert_eq!(s[0], i);
        }
    }

    #[test]
    fn paraphrase_aligns_to_sources() {
        let d = doc();
        let a = align(
            &d,
            &[
                "Kassel bekommt ein 42 Kilometer langes Radwegenetz für 18 Millionen Euro."
                    .to_string(),
            ],
        );
        assert!(a[0].contains(&0) && a[0].contains(&2), "{a:?}");
        let none = align(
            &d,
            &["Quantenphysiker entdecken neuartige Teilchen am Südpol.".to_string()],
        );
        assert!(none[0].is_empty());
    }

    #[test]
    fn abbreviation_plurals_and_compounds_written_together() {
        // MLSUM: "Nun diskutiert die Hauptstadt über SUVs" for a text on the debate about the
        // "SUV"; 20 Minuten: "Luxusklinik" for "Luxus-Klinik".
        let d = Document::new(
            "Debatte",
            vec![
                "In Berlin ist eine Debatte über das Fahrzeug entbrannt, einen SUV.".into(),
                "Die Fürstin lässt sich in einer Luxus-Klinik am See behandeln.".into(),
            ],
            Some("de"),
        );
        let a = align(
            &d,
            &[
                "Berlin streitet über SUVs.".to_string(),
                "Sie ist in einer Luxusklinik.".to_string(),
                "Der Stadtrat plant neue Radwege.".to_string(),
            ],
        );
        assert_eq!(a[0].first(), Some(&0), "{a:?}");
        assert_eq!(a[1].first(), Some(&1), "{a:?}");
        assert!(a[2].is_empty(), "{a:?}");
    }

    #[test]
    fn a_place_and_its_derived_form_align() {
        // 20 Minuten: "Gerüchten zufolge in einer Luxusklinik in Zürich" for "… lässt sich die
        // Monegassin … angeblich in einer Zürcher Luxus-Klinik behandeln" (sentences of the article).
        let d = Document::new(
            "",
            vec![
                "Seit Wochen wird spekuliert, ob Fürstin Charlène ihre Behandlung unterbrechen wird, \
                 um für die kommende Woche zurück nach Monaco zu reisen. Am 27. Januar finden im \
                 Fürstentum nämlich die Feierlichkeiten zu Ehren der Schutzpatronin von Monaco statt."
                    .into(),
                "Die Hinweise zu einer möglichen Heimreise verdichten sich: Am Samstagnachmittag wurde \
                 Andrea Casiraghi (37), der Neffe der Fürstin, in Küsnacht ZH gesichtet."
                    .into(),
                "Nachdem Fürstin Charlène monatelang in Südafrika festsass, lässt sich die Monegassin \
                 seit rund zwei Monaten wegen physischer und psychischer Erschöpfung angeblich in \
                 einer Zürcher Luxus-Klinik behandeln."
                    .into(),
                "Ein offizielles Statement des Fürstenhauses gibt es allerdings noch nicht.".into(),
            ],
            Some("de"),
        );
        let s = |t: &str| align(&d, &[t.to_string()]).pop().unwrap();
        assert_eq!(
            s("Gerüchten zufolge in einer Luxusklinik in Zürich."),
            vec![3]
        );
        // The twin: another city is no derived form of "Zürcher" (the gate names it).
        let t = crate::Tldr::from_llm(&d, "Gerüchten zufolge in einer Luxusklinik in Genf.", "");
        let v = crate::gate::check_with(&d, &t, &crate::gate::Limits::faithfulness_only());
        assert!(v.codes().contains(&"unsupported_name"), "{:?}", v.reasons);
    }

    #[test]
    fn a_family_takes_its_words_and_not_their_look_alikes() {
        // "Stellen" and "Arbeitsplätze" are one family; "Stellenwert" and the verb "stellen"
        // begin like "Stelle" and are not of it.
        let jobs = |w: &str| {
            let mut v = Vec::new();
            paraphrase(w, &mut v);
            v
        };
        assert!(!jobs("Stellen").is_empty());
        assert_eq!(jobs("Stellen"), jobs("Arbeitsplätze"));
        assert!(same_family("stellen", "arbeitsplatze"));
        assert!(jobs("Stellenwert").is_empty());
        assert!(!same_family("stellenwert", "arbeitsplatze"));
        assert!(jobs("stellen").is_empty());
        // Cutting is of its family whatever its case ("gestrichen", "Abbau" at the end).
        assert_eq!(jobs("gestrichen"), jobs("gefährdet"));
    }

    #[test]
    fn a_participle_aligns_with_its_verb() {
        // 10kGNAD: "Entscheidende Kenngrößen werden nicht veröffentlicht" fuses "Die entscheidende
        // Maßzahl …" with "… er dürfe sie allerdings nicht veröffentlichen"; "veröffentlicht"
        // shared only its beginning with "veröffentlichen", too little for a second sentence.
        let article = &[
            "Innsbruck – Das Land meldet jedes Jahr neue Rekorde bei den Nächtigungen. Diese \
             Zahlen bilden aber nur die Menge ab, sagen Fachleute aus dem Tourismus.",
            "Die entscheidende Maßzahl wäre die Wertschöpfung. Das Land erklärt, es gebe dazu \
             keine Zahlen. Ein Forscher der Fachhochschule hat solche Daten, er darf sie \
             allerdings nicht veröffentlichen. Die Entwicklung der Betriebe sei gut, die \
             Verteilung über das Land aber problematisch.",
        ];
        let text = "Entscheidende Kenngrößen werden nicht veröffentlicht.";
        cases(
            |t| faith(article, t),
            &[
                (text, Accepted),
                // The twin without the negation is still rejected.
                (
                    "Entscheidende Kenngrößen werden veröffentlicht.",
                    Has("negation_mismatch"),
                ),
            ],
        );
    }

    #[test]
    fn a_compound_head_has_its_beginning() {
        // MLSUM: "Käufer kassieren hohe Prämien" where the article writes "Prämie" only in
        // compounds ("Kaufprämie", "Umweltprämien"): the summary word's beginning "prämie" was
        // weight no article sentence could cover.
        let article = &[
            "Plug-in-Hybride gelten als sparsam. Von der Regierung werden sie mit Umweltprämien \
             und Steuervorteilen unterstützt. Im Alltag fahren viele Besitzer aber mit Benzin.",
            "Der Kauf wird mit 3000 Euro pro Wagen bezuschusst. Erst im Mai wurde die Kaufprämie \
             verlängert. Fachleute fordern, dass die Kaufprämie für reine Elektroautos verdoppelt \
             wird. Die Hersteller verkaufen so mehr große Autos.",
        ];
        cases(
            |t| faith(article, t),
            &[
                ("Käufer kassieren hohe Prämien.", Accepted),
                // The twin: a claim about something else the article lacks.
                ("Käufer kassieren hohe Zinsen.", Has("unsupported_sentence")),
            ],
        );
    }

    #[test]
    fn a_compound_whose_parts_the_article_writes_aligns() {
        // 10kGNAD: "Wäscheriese Palmers macht mittels Barcodesystem den Sprung zur papierlosen
        // Lagerhaltung" for an article on "Textilriese Palmers", "Die Wäschekette", "Die neuen
        // Barcodescanner im Palmers-Lager" and "digitale Datenerfassungssysteme".
        let article = &[
            "Wien – Papierlieferscheine haben in vielen Lagern ausgedient. Die Arbeit soll \
             einfacher werden und Fehler in der Erfassung verschwinden.",
            "Das Erfassungssystem hat Palmers in seinem Lager in Vösendorf erneuert. Die \
             Wäschekette ist ein Textilriese mit 200 Filialen. Die neuen \
             Barcodescanner im Palmers-Lager sind wie digitale Datenerfassungssysteme im Handel \
             gang und gäbe.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Wäscheriese Palmers macht mittels Barcodesystem den Sprung zur papierlosen \
                     Lagerhaltung.",
                    Accepted,
                ),
                // The twin: compounds whose parts the article does not write.
                (
                    "Modekonzern Palmers macht mittels Funkchipnetz den Sprung zur papierlosen \
                     Buchhaltung.",
                    Has("unsupported_sentence"),
                ),
            ],
        );
    }

    #[test]
    fn a_sentence_fusing_several_aligns_clause_by_clause() {
        // 10kGNAD: "Während die Todesursache des Popstars weiter unbekannt bleibt und sich neue
        // Verwandtschaft … vorstellt, wurde sein letztes Album veröffentlicht: „Hit n Run Phase
        // Two“" fuses four sentences of a long review; no single one covered 15 % of it.
        let article = &[
            "Wien – Der Tod, heißt es, sei nicht das Ende. Das lässt sich am frühen Tod des \
             Popstars Prince verfolgen. Ein Erbe von 300 Millionen Dollar ohne Testament weckt \
             Ambitionen. Auch eine Halbschwester des Stars ist aufgetaucht.",
            "Noch liegt kein Obduktionsbericht vor, der die Todesursache des Stars erklären würde. \
             Im Netz wird sein Erbe ausgeschlachtet. Seine Tonträger erleben eine Hausse bei \
             Auktionen.",
            "In dieser Hysterie ist relativ unbemerkt sein letztes Album erschienen. Als Download \
             wurde Hit n Run Phase Two schon im Dezember bereitgestellt. Es ist sein 39. \
             Studioalbum. Hit n Run Phase Two ist ein leichtes Erbe. Die Eröffnungsnummer ist \
             ein eloquenter Popsong.",
        ];
        let fused = "Während die Todesursache des Popstars weiter unbekannt bleibt und sich neue \
                     Verwandtschaft beim Nachlassverwalter vorstellt, wurde sein letztes Album \
                     veröffentlicht: Hit n Run Phase Two.";
        cases(
            |t| faith(article, t),
            &[
                (fused, Accepted),
                // The twin: one clause the article does not say (every clause must be supported).
                (
                    "Während die Todesursache des Popstars weiter unbekannt bleibt und sich neue \
             Verwandtschaft beim Nachlassverwalter vorstellt, plant die Plattenfirma eine große \
             Tournee mit Hologrammen.",
                    Has("unsupported_sentence"),
                ),
            ],
        );
    }

    #[test]
    fn a_clipped_first_part_aligns_with_its_word() {
        // MLSUM: "Der Fall dürfte die Diskussion um kommerzielle Heli-Flüge über der Stadt weiter
        // anheizen" for an article on a "Helikopter" crash in New York; "Heli" is "Helikopter"
        // clipped.
        let article = &[
            "New York – Über Manhattan ist ein Helikopter abgestürzt. Der Pilot kam ums Leben. \
             Der Bürgermeister sprach von einem Unglück.",
            "Der Pilot hatte nach dem Start die Orientierung verloren. Ein früherer Arbeitgeber \
             erzählte, bei einem Flug mit Passagieren habe ein Vogel die Scheibe seines \
             Helikopters durchschlagen. Initiativen fordern seit Langem weniger Verkehr über der \
             Stadt. Diese Forderungen dürften jetzt wieder lauter werden.",
        ];
        cases(
            |t| faith(article, t),
            &[
                (
                    "Der Fall dürfte die Diskussion um kommerzielle Heli-Flüge weiter anheizen.",
                    Accepted,
                ),
                // The twin: a compound whose first part the article does not have.
                (
                    "Der Fall dürfte die Diskussion um kommerzielle Ballon-Flüge weiter anheizen.",
                    Has("unsupported_sentence"),
                ),
            ],
        );
    }
}
