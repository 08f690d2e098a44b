//! Faithful summaries from the benchmark sets (paraphrased into short hand-written articles) that
//! the gate once rejected, each beside a corrupted twin it must still reject.

use crate::gate::tests::{cases, faith, Expect::*};

#[test]
fn an_adverb_opening_a_sentence_is_no_name() {
    // 10kGNAD: "Ansonsten gilt: Weitermachen!" reported "Ansonsten" as a name the article lacks
    // (a word before a verb in the singular is checked as strictly as a name).
    let article = &[
        "Wien – Nach der Wahl sieht der Wirtschaftsbund keinen Anlass für Personalrochaden. \
         Personelle Wechsel bringen derzeit überhaupt nichts, sagt Leitl. Die Regierung müsse \
         sachlich zusammenarbeiten.",
    ];
    cases(
        |t| faith(article, t),
        &[
            (
                "Ansonsten gilt für Leitl: Personelle Wechsel bringen derzeit nichts.",
                Accepted,
            ),
            // The twin: a name the article lacks in its place.
            (
                "Kowalski gilt für Leitl: Personelle Wechsel bringen derzeit nichts.",
                Has("unsupported_name"),
            ),
        ],
    );
}

#[test]
fn premature_says_not_yet() {
    // 10kGNAD: "Zu einem Kurswechsel sollte es beim Treffen am Freitag aber nicht kommen" where
    // the article has "Spekulationen über eine mögliche Kursänderung … beim Opec-Treffen am
    // Freitag … kommen verfrüht": "verfrüht" negates in itself, as "verzichtet" does.
    let article = &[
        "Wien – Spekulationen über eine mögliche Kursänderung der Förderländer beim Treffen am \
         Freitag in Wien kommen verfrüht, sagt ein Analyst der Landesbank. Die Förderung werde \
         unverändert bleiben. Der Ölpreis liegt derzeit bei 40 Dollar.",
    ];
    cases(
        |t| faith(article, t),
        &[
            (
                "Zu einem Kurswechsel sollte es beim Treffen am Freitag nicht kommen.",
                Accepted,
            ),
            // The twin negates the word that says "not" itself: a double negation says yes.
            (
                "Spekulationen über eine Kursänderung beim Treffen am Freitag kommen nicht \
                 verfrüht.",
                Has("negation_mismatch"),
            ),
        ],
    );
}

#[test]
fn a_hyphenated_quote_is_the_word_written_together() {
    // 10kGNAD: the union launches the "All-in-Rechner"; the article writes the site's name
    // together ("unter www.allinrechner.at ein Online-Werkzeug lanciert").
    let article = &[
        "Wien – Für mehr Transparenz hat die Gewerkschaft nun unter www.allinrechner.at ein \
         Online-Werkzeug lanciert, das Angestellten mit Pauschalverträgen helfen soll. Der \
         Rechner zeigt, wie viele Überstunden abgegolten sind.",
    ];
    cases(
        |t| faith(article, t),
        &[
            (
                "Die Gewerkschaft lanciert den \"All-in-Rechner\" für Angestellte mit Pauschalverträgen.",
                Accepted,
            ),
            // The twin: a compound the article does not write, together or apart.
            (
                "Die Gewerkschaft lanciert den \"All-in-Planer\" für Angestellte mit Pauschalverträgen.",
                Has("unsupported_quote"),
            ),
        ],
    );
}

#[test]
fn irrevocable_says_no_longer_possible() {
    // 10kGNAD: "Für Raif Badawi ist keine Berufung mehr möglich" where the article confirms the
    // verdict and adds "Die letztinstanzliche Entscheidung des Gerichts sei unwiderruflich"; the
    // only "möglich" of the article is elsewhere, without a negation (a "nicht" two sentences
    // before it grounds a negation at all, as in the article).
    let article = |decision: &str| {
        vec![format!(
            "Riad – Der Oberste Gerichtshof hat die Verurteilung des Bloggers Omar Sayed zu zehn \
             Jahren Haft bestätigt. Die letztinstanzliche Entscheidung des Gerichts sei \
             {decision}, sagte Sayeds Ehefrau. Sayed war 2012 festgenommen worden. Der \
             Außenminister nannte das Urteil gegen Sayed ein Unrecht, man werde nicht locker \
             lassen. Es müsse möglich sein, seine Meinung zu äußern, wie der Blogger es getan \
             habe."
        )]
    };
    let text = "Für Omar Sayed ist keine Berufung mehr möglich.";
    let a = article("unwiderruflich");
    cases(
        |t| faith(&a.iter().map(String::as_str).collect::<Vec<_>>(), t),
        &[(text, Accepted)],
    );
    // The twin: an article whose decision can still be revoked.
    let a = article("noch widerruflich");
    cases(
        |t| faith(&a.iter().map(String::as_str).collect::<Vec<_>>(), t),
        &[(text, Has("negation_mismatch"))],
    );
}

#[test]
fn a_full_name_whose_last_name_ends_as_a_noun_is_known() {
    // 20 Minuten: "Massenmörder Anders Behring Breivik (42) … muss weiterhin in Haft bleiben"
    // reported "Anders" and "Behring" as misplaced: "Breivik" ends as "Politik" does, so it is no
    // article name, and the full name had no last name to lean on.
    let article = &[
        "Oslo – Der norwegische Rechtsterrorist Anders Behring Breivik kommt nicht auf freien \
         Fuss. Ein Antrag auf Entlassung wurde abgewiesen, wie das Bezirksgericht am Dienstag \
         mitteilte. Richterin Ingrid Nilsen begründete den Entscheid mit der Gefahr neuer Taten. \
         Der Verurteilte sei weiterhin gefährlich, sagte sie.",
        "Die Anwälte hatten die Haftbedingungen kritisiert. Das Gericht sah das anders.",
        "Breivik hatte im Juli 2011 insgesamt 77 Menschen ermordet. Es ist offen, ob Breivik \
         jemals wieder aus der Haft entlassen wird.",
    ];
    cases(
        |t| faith(article, t),
        &[
            (
                "Massenmörder Anders Behring Breivik, der 2011 insgesamt 77 Menschen ermordet hatte, muss \
         in Haft bleiben.",
                Accepted,
            ),
            // The twin: another first name of the article before the last name.
            (
                "Massenmörder Ingrid Behring Breivik, der 2011 insgesamt 77 Menschen ermordet hatte, muss \
         in Haft bleiben.",
                Has("misplaced_name"),
            ),
        ],
    );
}

#[test]
fn a_place_in_a_ranking_is_the_same_place() {
    // 10kGNAD: "Österreicher in Norwegen auf Platz vier" where the article's first sentence has
    // "… in Lillehammer Rang vier belegt" and the rest of the sentence aligned to sentences far
    // from it ("vier" was not where the sentence is supported).
    let article = &[
        "Lillehammer – Weltmeister Bernhard Gruber hat am Samstag beim Weltcup-Auftakt der \
         Kombinierer Rang vier belegt. Den Sieg holte der Deutsche Fabian Riesle.",
        "Wegen des Windes fiel der Teambewerb aus. Statt dessen wurde ein Einzelbewerb \
         ausgetragen. Die Jury entschied am Morgen.",
        "Im Probedurchgang hatte Gruber Platz sieben belegt, diese gute Ausgangsposition nützte \
         der Salzburger für einen gelungenen Einstieg in den Winter.",
    ];
    cases(
        |t| faith(article, t),
        &[
            (
                "Der Salzburger nützte die gute Ausgangsposition für einen Einstieg auf Platz \
                 vier.",
                Accepted,
            ),
            // The twin: a place the ranking does not give.
            (
                "Der Salzburger nützte die gute Ausgangsposition für einen Einstieg auf Platz \
                 fünf.",
                Has("unsupported_number"),
            ),
        ],
    );
}

/// An airline's savings plan, modelled on 10kGNAD test-941: the plan "durch den 2.900
/// Arbeitsplätze gefährdet sind", cabin crew counted as "900" beside it.
const JOB_CUTS: &[&str] = &[
    "Paris – Im Streit um einen neuen Sparplan haben Demonstranten ein Treffen der \
     Konzernführung gestürmt. Die Mitarbeiter drangen in die Zentrale ein und schlugen \
     Top-Manager in die Flucht.",
    "Zuvor hatte der Konzernchef den Vertretern der Belegschaft den neuen Sparplan vorgestellt, \
     durch den 2.900 Arbeitsplätze gefährdet sind. Betroffen sein könnten 300 Piloten, 900 \
     Flugbegleiter und 1.700 Mitarbeiter am Boden.",
    "Die Fluglinie ist durch Billigflieger unter Druck geraten. Verhandlungen mit den \
     Gewerkschaften scheiterten. Vergangene Woche gab der Verwaltungsrat grünes Licht für den \
     Plan.",
];

#[test]
fn jobs_at_risk_are_jobs_to_be_cut_under_a_heading() {
    // 10kGNAD test-941: "Management plant massiven Jobabbau: 2.900 Stellen sollen gestrichen
    // werden" for "… Sparplan …, durch den 2.900 Arbeitsplätze gefährdet sind": "Stellen" are
    // "Arbeitsplätze", "gestrichen" and "Jobabbau" say what "gefährdet" does, "2.900" is one
    // number (not the "900" of the cabin crew), and the heading before the colon is supported
    // by the sentence that supports what follows it.
    cases(
        |t| faith(JOB_CUTS, t),
        &[
            (
                "Management plant massiven Jobabbau: 2.900 Stellen sollen gestrichen werden.",
                Accepted,
            ),
            // The twins: the negation the article does not say, a heading it does not say, another
            // number.
            (
                "Management plant massiven Jobabbau: 2.900 Stellen sollen nicht gestrichen werden.",
                Has("negation_mismatch"),
            ),
            (
                "Aktionäre feiern Rekorddividende: 2.900 Stellen sollen gestrichen werden.",
                Has("unsupported_sentence"),
            ),
            (
                "Management plant massiven Jobabbau: 3.600 Stellen sollen gestrichen werden.",
                Has("unsupported_number"),
            ),
        ],
    );
}

/// A basketball round-up, modelled on 10kGNAD test-601: the champions "sind … derzeit nicht zu
/// stoppen", won in Utah.
const UNSTOPPABLE: &[&str] = &[
    "Salt Lake City (Utah) – Die Warriors sind in der Liga derzeit nicht zu stoppen. Mit einem \
     knappen Erfolg bei den Utah Jazz gewann der Titelverteidiger auch sein 19. Saisonspiel. \
     Stephen Curry erzielte zwölf seiner 26 Punkte im Schlussviertel.",
    "Dirk Nowitzki hat mit seinen Mavericks die vierte Niederlage in fünf Spielen kassiert. Zur \
     Pause lagen die Mavericks noch knapp in Führung, verloren dann aber den Anschluss.",
];

#[test]
fn a_run_that_does_not_end_cannot_be_stopped() {
    // 10kGNAD test-601: "Der unheimliche Lauf endet auch in Utah nicht" for "… sind derzeit nicht
    // zu stoppen": "endet" and "stoppen" are one family, so the sentence is supported there and
    // its negation is the article's.
    cases(
        |t| faith(UNSTOPPABLE, t),
        &[
            ("Der unheimliche Lauf endet auch in Utah nicht.", Accepted),
            // The twin drops the negation: "nicht zu stoppen" negates the family's word ("zu"
            // between).
            (
                "Der unheimliche Lauf endet auch in Utah.",
                Has("negation_mismatch"),
            ),
        ],
    );
}

/// Plug-in hybrids, modelled on MLSUM test-5873: "nicht grundsätzlich umweltschonend" beside
/// "ob sie umweltfreundlich sind".
const HYBRIDS: &[&str] = &[
    "Plug-in-Hybride gelten als klimaschonend und leistungsstark. Von der Regierung werden sie \
     mit Umweltprämien und Steuervergünstigungen unterstützt.",
    "Aus der Antwort auf eine Anfrage geht hervor, dass Plug-in-Hybride nicht grundsätzlich \
     umweltschonend sind. Denn: Wie das Auto genutzt wird, ist bei Plug-in-Hybriden noch viel \
     ausschlaggebender dafür, ob sie umweltfreundlich sind, als bei anderen Autotypen. Ein \
     Dienstwagen fährt auf der Autobahn hauptsächlich mit Benzin.",
];

#[test]
fn environmentally_kind_is_environmentally_friendly() {
    // MLSUM test-5873: "Ob sie das Auto auch umweltfreundlich bewegen, spielt keine Rolle": its
    // "keine" is grounded by the article's negation of "umweltschonend", a word of the family of
    // "umweltfreundlich".
    cases(
        |t| faith(HYBRIDS, t),
        &[
            (
                "Ob sie das Auto auch umweltfreundlich bewegen, spielt keine Rolle.",
                Accepted,
            ),
            // The twin: a negation about a word the article negates nowhere.
            (
                "Ob sie das Auto auch sparsam bewegen, spielt keine Rolle.",
                Has("negation_mismatch"),
            ),
        ],
    );
}

#[test]
fn nicht_opening_a_compound_is_no_negation() {
    // 10kGNAD test-776: the corrupted copy "Ein Waldviertler Sozialarbeiter muss nicht 1.100 Euro
    // Strafe bezahlen" found its negation in the article's "Strafhöhe … 1.100 Euro; ein weiteres
    // Verfahren … wegen Nicht-Anmeldung … ist noch offen": "Nicht-Anmeldung" is a noun.
    let article = &[
        "Weitra – Ein Sozialarbeiter soll einen Flüchtling illegal beschäftigt haben, sagt die \
         Behörde. Strafhöhe für den Sozialarbeiter: 1.100 Euro; ein weiteres Verfahren wegen \
         Nicht-Anmeldung bei der Sozialversicherung ist noch offen.",
        "Der Sozialarbeiter hatte dem Flüchtling nach drei Tagen Mithilfe im Garten 110 Euro \
         gegeben. Sein Anwalt will gegen die Strafe berufen.",
    ];
    cases(
        |t| faith(article, t),
        &[
            (
                "Ein Sozialarbeiter muss 1.100 Euro Strafe bezahlen, weil er einem Flüchtling nach Hilfe \
         im Garten 110 Euro gab.",
                Accepted,
            ),
            // The twin: the negation no sentence of the article says.
            (
                "Ein Sozialarbeiter muss nicht 1.100 Euro Strafe bezahlen, weil er einem Flüchtling nach \
         Hilfe im Garten 110 Euro gab.",
                Has("negation_mismatch"),
            ),
        ],
    );
}
