//! Claims, groups and conflicts: small corpora written for each case, and the shipped
//! corpus through `parallax compare`.

mod common;

use std::path::Path;
use std::process::Command;

use parallax::corpus;
use parallax::model::groups::Status;
use parallax::model::{Analysis, analyze};

/// Writes one article per (name, text) and analyses them.
fn analyse(articles: &[(&str, &str)]) -> (corpus::Corpus, Analysis) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in articles {
        std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
    }
    let corpus = corpus::load(&[dir.path().to_path_buf()]);
    let analysis = analyze(&corpus);
    (corpus, analysis)
}

/// The group holding the claim of document `doc` whose text contains `needle`.
fn group_of(corpus: &corpus::Corpus, analysis: &Analysis, doc: &str, needle: &str) -> usize {
    let d = corpus.documents.iter().position(|x| x.id == doc).unwrap();
    analysis
        .claims
        .iter()
        .find(|c| c.doc == d && corpus.documents[d].text[c.start..c.end].contains(needle))
        .unwrap_or_else(|| panic!("no claim in {doc} contains {needle:?}"))
        .group
}

const HEADER_A: &str = "Talks in Lima\n\nPublished: 2023-03-08\n\n";
const HEADER_B: &str = "Ministers meet\n\nPublished: 2023-03-08\n\n";

#[test]
fn agreement_is_corroborated() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}The foreign ministers of Chile and Peru signed a fisheries accord in Lima on Tuesday.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}The foreign ministers of Chile and Peru signed a fisheries accord in Lima on Tuesday, officials said.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "fisheries accord");
    assert_eq!(g, group_of(&c, &a, "b", "fisheries accord"));
    assert_eq!(a.groups[g].status, Status::Corroborated);
}

#[test]
fn paraphrases_are_one_group() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Chile and Peru jointly condemned the transfer of rockets to the rebels.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}Chile and Peru condemned in the strongest possible terms the transfer of rockets to the rebels.\n"
            ),
        ),
    ]);
    assert_eq!(
        group_of(&c, &a, "a", "condemned"),
        group_of(&c, &a, "b", "condemned")
    );
}

#[test]
fn a_short_sentence_joins_its_paraphrase() {
    // The README's demo: "The port authority said shipments would restart on Friday."
    // is five terms, short but not terse.
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/demo");
    let c = corpus::load(&[demo]);
    let a = analyze(&c);
    let g = group_of(&c, &a, "coastal-times", "restart on Friday");
    assert_eq!(g, group_of(&c, &a, "harbour-gazette", "resume on Friday"));
    assert_eq!(a.groups[g].status, Status::Corroborated);
}

#[test]
fn a_headline_joins_its_lead_and_through_it_the_other_outlets() {
    let (c, a) = analyse(&[
        (
            "a",
            "Dock workers walk out in Valdora\n\nPublished: 2023-03-08\n\n\
             Dock workers at the port of Valdora walked out on Monday, demanding higher wages.\n\n\
             The harbour authority said talks would resume next week.\n",
        ),
        (
            "b",
            "Port strike\n\nPublished: 2023-03-08\n\n\
             Dock workers at the port of Valdora walked out on Monday to demand higher wages, union leaders said.\n",
        ),
        (
            "c",
            "Harbour news\n\nPublished: 2023-03-08\n\n\
             Ferry crews in Marrisport accepted a new contract after two days of talks.\n",
        ),
    ]);
    let lead = group_of(&c, &a, "a", "walked out");
    assert_eq!(group_of(&c, &a, "a", "walk out in"), lead);
    assert_eq!(group_of(&c, &a, "b", "walked out"), lead);
    assert_ne!(group_of(&c, &a, "c", "Ferry crews"), lead);
}

#[test]
fn an_article_that_states_its_lead_again_keeps_both_in_one_group() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}The regional council approved the new harbour budget of the province on Tuesday.\n\n\
                 Members argued for three hours about the fishing quotas.\n\n\
                 The opposition walked out twice during the session.\n\n\
                 Several mayors asked for more money for roads.\n\n\
                 In the end the regional council approved the new harbour budget of the province by 31 votes to 12.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}On Tuesday the regional council approved the new harbour budget of the province.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "b", "approved");
    assert_eq!(group_of(&c, &a, "a", "on Tuesday"), g);
    assert_eq!(group_of(&c, &a, "a", "In the end"), g);
    assert_ne!(group_of(&c, &a, "a", "fishing quotas"), g);
}

#[test]
fn a_lead_joins_the_group_of_its_article_that_states_it_at_length() {
    // The lead sums the story up in its own words; four sentences down the article
    // quotes the statement, which another outlet quotes too. Lead and quotation are
    // too far apart to be neighbours and too differently worded to be restatements,
    // yet an analyst puts all three in one row.
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}The foreign ministers of Norland and Estavia have jointly condemned the sale of combat drones to Karvia, which were reportedly used against border towns.\n\n\
                 The ministers spoke by telephone for an hour.\n\n\
                 Both also discussed fishing rights in the northern sea.\n\n\
                 Trade between the two countries grew last year.\n\n\
                 Their readout said both ministers condemned in the strongest terms the sale of combat drones to Karvia and the use of these drones against border towns.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}The two ministers condemned in the strongest terms the sale of combat drones to Karvia and the use of these drones against border towns.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "b", "condemned");
    assert_eq!(group_of(&c, &a, "a", "Their readout"), g);
    assert_eq!(group_of(&c, &a, "a", "jointly condemned"), g);
    assert_ne!(group_of(&c, &a, "a", "Trade between"), g);
}

#[test]
fn an_event_told_without_a_name_is_a_claim_and_groups_with_its_reports() {
    // No person, place, number or date: still an event two outlets report.
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}A security guard suffered minor injuries during the robbery of the jewellery shop.\n\n\
                 Is anyone surprised?\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}The robbers injured a security guard during the robbery of the jewellery shop.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "security guard");
    assert_eq!(group_of(&c, &a, "b", "security guard"), g);
    assert_eq!(a.groups[g].status, Status::Corroborated);
    let asked = c.documents[0].text.find("Is anyone").unwrap();
    assert!(
        a.claims
            .iter()
            .all(|cl| !(cl.doc == 0 && cl.start <= asked && asked < cl.end)),
        "a question is no claim"
    );
}

#[test]
fn different_counts_are_contested() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Representatives of 32 countries signed the fisheries accord in Lima.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}Representatives of 35 countries signed the fisheries accord in Lima.\n"
            ),
        ),
        (
            "c",
            "Accord signed\n\nPublished: 2023-03-08\n\nMore than 30 countries signed the fisheries accord in Lima.\n",
        ),
    ]);
    let g = group_of(&c, &a, "a", "32 countries");
    assert_eq!(g, group_of(&c, &a, "b", "35 countries"));
    let group = &a.groups[g];
    assert_eq!(group.status, Status::Contested);
    let conflict = group
        .conflicts
        .iter()
        .find(|k| k.slot == "count of participants")
        .unwrap();
    let values: Vec<&str> = conflict
        .values
        .iter()
        .map(|v| v.normalized.as_deref().unwrap())
        .collect();
    assert!(
        values.contains(&"32") && values.contains(&"35"),
        "{values:?}"
    );
}

#[test]
fn counts_contest_only_when_what_they_count_is_clear() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Berg carried the ball for 120 yards and caught passes for 80 yards in the final in Lima.\n\n\
                 The gauge at the Lima dam read 85 on the morning of the final.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}Berg carried the ball for 95 yards in the final in Lima.\n\n\
                 The gauge at the Lima dam read 60 on the morning of the final.\n"
            ),
        ),
    ]);
    // Article a gives two yard counts: which of them b's answers is unknown.
    let yards = group_of(&c, &a, "a", "120 yards");
    assert_eq!(yards, group_of(&c, &a, "b", "95 yards"));
    assert_eq!(a.groups[yards].status, Status::Corroborated);
    // A number that says not what it counts is not compared.
    let gauge = group_of(&c, &a, "a", "read 85");
    assert_eq!(gauge, group_of(&c, &a, "b", "read 60"));
    assert_eq!(a.groups[gauge].status, Status::Corroborated);
}

#[test]
fn a_score_counts_nothing() {
    // Tokenised text spaces out the dash of a score: "20 - 13" counts no "-".
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}The Lima Condors beat the Callao Herons 20 - 13 on Sunday to reach the final.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}The Lima Condors beat the Callao Herons 20 - 10 on Sunday to reach the final.\n"
            ),
        ),
    ]);
    for claim in &a.claims {
        for v in &claim.values {
            assert_ne!(v.unit.as_deref(), Some("-"), "{:?}", v);
        }
    }
    let g = group_of(&c, &a, "a", "beat");
    assert_eq!(g, group_of(&c, &a, "b", "beat"));
}

#[test]
fn vague_counts_agree_with_exact_ones() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Representatives of 32 countries signed the fisheries accord in Lima.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}Representatives of more than 30 countries signed the fisheries accord in Lima.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "32 countries");
    assert_eq!(g, group_of(&c, &a, "b", "more than 30"));
    assert_eq!(a.groups[g].status, Status::Corroborated);
}

#[test]
fn relative_dates_that_disagree_are_contested_with_the_time_zone_noted() {
    // 2023-03-08 was a Wednesday: "on Tuesday" is 7 March.
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}The fisheries accord was signed in Lima on Tuesday by both ministers.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}The fisheries accord was signed in Lima on Wednesday, Tokyo time, by both ministers.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "on Tuesday");
    assert_eq!(g, group_of(&c, &a, "b", "Tokyo time"));
    let group = &a.groups[g];
    assert_eq!(group.status, Status::Contested);
    let date = group.conflicts.iter().find(|k| k.slot == "date").unwrap();
    let days: Vec<&str> = date
        .values
        .iter()
        .map(|v| v.normalized.as_deref().unwrap())
        .collect();
    assert!(
        days.contains(&"2023-03-07") && days.contains(&"2023-03-08"),
        "{days:?}"
    );
    assert!(date.note.as_deref().unwrap().contains("Tokyo time"));
}

#[test]
fn affirmed_against_not_confirmed_is_contested() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}The energy ministry confirmed that the Kakhovka dam was damaged by shelling overnight.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}The energy ministry did not confirm that the Kakhovka dam was damaged by shelling overnight.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "confirmed");
    assert_eq!(g, group_of(&c, &a, "b", "did not confirm"));
    let group = &a.groups[g];
    assert_eq!(group.status, Status::Contested);
    assert!(group.conflicts.iter().any(|k| k.slot == "stance"));
}

#[test]
fn a_doubt_worded_apart_from_what_it_doubts_is_contested_by_the_assertion() {
    // One outlet's source asserts it; another outlet's source does not confirm it, in
    // other words: two groups, and the doubt's group shows both stances.
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Deputy minister Ana Torres said last week that for the first time Chile had used naval drones to strike fishing boats off the coast of Peru.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}On Monday, navy spokesman Luis Vega did not confirm the information that Chile had used drones handed over to it by a supplier.\n"
            ),
        ),
        (
            "c",
            "Harbour news\n\nPublished: 2023-03-08\n\nThe port authority did not confirm that the harbour of Callao was closed to fishing boats.\n",
        ),
    ]);
    let asserted = group_of(&c, &a, "a", "Ana Torres");
    let doubted = group_of(&c, &a, "b", "did not confirm");
    assert_ne!(asserted, doubted, "worded apart: two groups");
    let group = &a.groups[doubted];
    assert_eq!(group.status, Status::Contested);
    let stance = group
        .conflicts
        .iter()
        .find(|k| k.slot == "stance")
        .expect("a stance conflict");
    let docs: Vec<usize> = stance
        .values
        .iter()
        .map(|v| a.claims[v.claim].doc)
        .collect();
    assert!(docs.contains(&0) && docs.contains(&1), "{stance:?}");
    // The doubt and what it doubts tell of one happening.
    assert_eq!(a.groups[asserted].event, a.groups[doubted].event);
    // What it doubts is told apart from what it does not: the assertion's own group
    // is not contested, and a doubt of something else finds nothing to contest.
    assert_ne!(a.groups[asserted].status, Status::Contested);
    let other = group_of(&c, &a, "c", "harbour");
    assert_ne!(a.groups[other].status, Status::Contested);
}

#[test]
fn places_in_different_countries_are_contested_and_a_city_agrees_with_its_country() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}A firebomb attack on a bank in Greece killed three employees on Tuesday, police said.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}A firebomb attack on a bank in Cyprus killed three employees on Tuesday, police said.\n"
            ),
        ),
        (
            "c",
            &format!(
                "{HEADER_B}A firebomb attack on a bank in Athens killed three employees on Tuesday, police said.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "firebomb");
    assert_eq!(g, group_of(&c, &a, "b", "firebomb"));
    assert_eq!(g, group_of(&c, &a, "c", "firebomb"));
    let group = &a.groups[g];
    assert_eq!(group.status, Status::Contested);
    let place = group
        .conflicts
        .iter()
        .find(|k| k.slot == "place")
        .expect("a place conflict");
    let named: Vec<&str> = place.values.iter().map(|v| v.text.as_str()).collect();
    assert!(
        named.contains(&"Greece") && named.contains(&"Cyprus"),
        "{named:?}"
    );

    // A city and its country, or two towns the gazetteer cannot tell apart, agree.
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}A firebomb attack on a bank in Greece killed three employees on Tuesday, police said.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}A firebomb attack on a bank in Athens killed three employees on Tuesday, police said.\n"
            ),
        ),
    ]);
    let g = group_of(&c, &a, "a", "firebomb");
    assert_eq!(g, group_of(&c, &a, "b", "firebomb"));
    assert_eq!(a.groups[g].status, Status::Corroborated);
}

#[test]
fn events_on_different_dates_are_different_events() {
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Rockets hit the port of Callao on March 1, damaging two warehouses.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}Rockets hit the port of Callao on March 5, damaging two warehouses.\n"
            ),
        ),
    ]);
    let ga = group_of(&c, &a, "a", "March 1");
    let gb = group_of(&c, &a, "b", "March 5");
    assert_ne!(ga, gb, "a week apart: two attacks, not one disputed date");
    assert!(a.groups.iter().all(|g| g.status != Status::Contested));
}

#[test]
fn debris_is_never_a_claim() {
    let (c, a) = analyse(&[(
        "a",
        "http : / / www . example . org / news / 2023 / chile - peru - sign - accord . html\nTalks in Lima\n\nPosted : Tuesday , March 7 , 2023 2 : 39 pm\nShare Tweet Email\nMUST READ: Rockets hit the port of Callao on March 1\nThe ministers of Chile and Peru signed a fisheries accord on Monday.\nscroll to top\n",
    )]);
    let doc = &c.documents[0];
    for claim in &a.claims {
        let text = &doc.text[claim.start..claim.end];
        assert!(
            !text.contains("MUST READ")
                && !text.contains("Tweet")
                && !text.contains("http")
                && !text.contains("Posted"),
            "{text}"
        );
    }
    assert!(
        a.claims
            .iter()
            .any(|cl| doc.text[cl.start..cl.end].contains("fisheries accord"))
    );
}

#[test]
fn speakers_and_stances_of_the_shipped_corpus() {
    let corpus = corpus::load(&[common::corpus_path()]);
    let a = analyze(&corpus);
    let claim_with = |needle: &str| {
        a.claims
            .iter()
            .find(|c| corpus.documents[c.doc].text[c.start..c.end].contains(needle))
            .unwrap_or_else(|| panic!("no claim holds {needle:?}"))
    };
    let ihnat = claim_with("did not confirm the information");
    assert_eq!(ihnat.stance.name(), "unconfirmed");
    assert_eq!(a.entities[ihnat.speaker.unwrap()].name, "Yurii Ihnat");
    let deny = claim_with("both deny the accusations");
    assert_eq!(deny.stance.name(), "denies");
    let kirby = claim_with("Kirby said that the Russian Federation");
    assert_eq!(a.entities[kirby.speaker.unwrap()].name, "John Kirby");
    let read = claim_with("the English-language joint statement read");
    assert_eq!(read.speaker_text.as_deref(), Some("joint statement"));
    let confirmed = claim_with("as confirmed by the White House");
    assert_eq!(a.entities[confirmed.speaker.unwrap()].name, "White House");
    // "States" in "the United States" is no reporting verb.
    let pledged = claim_with("The United States and South Korea pledged");
    assert_eq!(
        (pledged.speaker, pledged.speaker_text.as_deref()),
        (None, None)
    );
    // The governor speaks, not the region he governs.
    let governor = claim_with("region of Kharkiv said");
    assert_eq!(governor.speaker, None);
    assert_eq!(governor.speaker_text.as_deref(), Some("governor"));
    let inverted = claim_with("There is a potential for technological cooperation");
    assert_eq!(a.entities[inverted.speaker.unwrap()].name, "Hong Min");
}

/// The careful reading of the shipped corpus (tests/fixtures/corpus_reading.txt): for
/// each claim of the model, the group an analyst draws it in, found through the words
/// the reading quotes from its sentence.
fn analyst_groups(corpus: &corpus::Corpus, a: &Analysis) -> Vec<Option<usize>> {
    let reading = std::fs::read_to_string(common::fixture("corpus_reading.txt")).unwrap();
    let mut group_of = vec![None; a.claims.len()];
    let mut group = None;
    for line in reading.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("= ") {
            group = Some(group.map_or(0, |g| g + 1));
            continue;
        }
        let (doc, words) = line.split_once('\t').expect("document<TAB>words");
        let d = corpus
            .documents
            .iter()
            .position(|x| x.id.starts_with(doc))
            .unwrap_or_else(|| panic!("no document {doc}"));
        let text = &corpus.documents[d].text;
        let places: Vec<usize> = text.match_indices(words).map(|(at, _)| at).collect();
        assert!(!places.is_empty(), "{doc}: {words:?} is not in the text");
        for at in places {
            // A repeated headline is found at each place; a place in no claim (a
            // headline read as debris) is left out.
            if let Some(c) = a
                .claims
                .iter()
                .position(|c| c.doc == d && c.start <= at && at < c.end)
            {
                group_of[c] = group;
            }
        }
    }
    group_of
}

/// Pairwise precision and recall of the model's groups against the analyst's, over
/// pairs of claims from different documents.
#[test]
fn the_shipped_corpus_groups_against_a_careful_reading() {
    let corpus = corpus::load(&[common::corpus_path()]);
    let a = analyze(&corpus);
    let analyst = analyst_groups(&corpus, &a);
    let (mut both, mut model, mut reading) = (0, 0, 0);
    for (i, x) in a.claims.iter().enumerate() {
        for (j, y) in a.claims.iter().enumerate().skip(i + 1) {
            if x.doc == y.doc {
                continue;
            }
            let by_model = x.group == y.group;
            let by_reading = analyst[i].is_some() && analyst[i] == analyst[j];
            model += by_model as usize;
            reading += by_reading as usize;
            if by_model != by_reading && std::env::var_os("SHOW_MISSES").is_some() {
                let text = |c: &parallax::model::claims::Claim| {
                    corpus.documents[c.doc].text[c.start..c.end].replace('\n', " ")
                };
                let what = if by_model { "extra" } else { "missed" };
                println!(
                    "{what} [{}|{}]\n  {}\n  {}",
                    x.group,
                    y.group,
                    text(x),
                    text(y)
                );
            }
            both += (by_model && by_reading) as usize;
        }
    }
    let precision = both as f64 / model as f64;
    let recall = both as f64 / reading as f64;
    println!(
        "pairwise precision {precision:.3} recall {recall:.3} ({both} of {model} model pairs, {reading} reading pairs)"
    );
    // Issue 18 asks P 0.95 and R 0.90. Measured: P 0.980, R 0.925 (99 of 101 model
    // pairs, 107 reading pairs). Still missed: a phone call told as "called" and "a
    // telephone conversation" in sentences that say mostly other things; "revealed"
    // and "disclosed" with an official's earlier remark; a governor's "not made in
    // Russia" with the launches it speaks of. The two extra pairs: a caption fragment
    // ("Ballistic missiles, one of the largest attacks") joins the launches beside it.
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
}

fn compare(args: &[&str]) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        // Never the user's analysis cache: tests run cold (tests/cache.rs tests it).
        .env("PARALLAX_NO_CACHE", "1")
        .arg("compare")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn the_shipped_corpus_contests_the_count_and_the_day_of_the_joint_statement() {
    let (json, code) = compare(&["corpus", "--format", "json"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows[0]["status"], "contested", "contested first");
    let contested: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["status"] == "contested").collect();
    let conflicts: Vec<String> = contested
        .iter()
        .flat_map(|r| {
            r["conflicts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
        })
        .collect();
    let count = conflicts
        .iter()
        .find(|c| c.starts_with("count of participants"))
        .expect("a count conflict");
    assert!(count.contains("48") && count.contains("47"), "{count}");
    let date = conflicts
        .iter()
        .find(|c| c.starts_with("date"))
        .expect("a date conflict");
    assert!(
        date.contains("2024-01-09") && date.contains("2024-01-10") && date.contains("Seoul time"),
        "{date}"
    );
    // Whether Russia used the missiles: one outlet's spokesman did not confirm what
    // others' sources assert, in other words.
    let stance = conflicts
        .iter()
        .find(|c| c.starts_with("stance"))
        .expect("a stance conflict");
    assert!(
        stance.contains("002_8c51b0f38795dcb8: unconfirmed")
            && stance.contains("001_97f60dc42b758b6a: asserts"),
        "{stance}"
    );
    assert!(
        contested.len() <= 2,
        "few groups contested: {}",
        contested.len()
    );
}

#[test]
fn markdown_is_a_table_with_contested_rows_first() {
    let (md, code) = compare(&["corpus", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert!(table[0].starts_with("| # | Status | Claim | 000_848f1216616fd0f6 |"));
    assert!(table[1].starts_with("|---|---|"));
    // Rows sit under their event's heading; the first event holds the contested row.
    assert!(table[2].contains("**EVENT "), "{}", table[2]);
    assert!(table[2].contains("contested"), "{}", table[2]);
    assert!(table[3].contains("**contested**"));
    let columns = table[0].matches('|').count();
    for row in &table {
        // Escaped pipes inside cells do not count.
        assert_eq!(
            row.replace("\\|", "").matches('|').count(),
            columns,
            "{row}"
        );
    }
    assert!(md.contains("**48**"), "values in conflict are picked out");
    let (text, _) = compare(&["corpus", "--width", "120"]);
    assert!(text.starts_with("STATUS"));
    assert!(text.contains("CONTESTED"));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .exists()
    );
}

#[test]
fn groups_sit_under_their_event_headings() {
    let (out, code) = compare(&["corpus", "--all"]);
    assert_eq!(code, Some(0));
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with("EVENT ")).collect();
    assert!(headings.len() > 3, "{out}");
    // The first event holds the contested group; a heading names its documents and
    // groups.
    assert!(headings[0].contains("contested"), "{}", headings[0]);
    assert!(
        headings
            .iter()
            .all(|h| h.contains("document") && h.contains("group"))
    );
    let first_row = out
        .lines()
        .skip_while(|l| !l.starts_with("EVENT "))
        .find(|l| l.starts_with("CONTESTED") || l.starts_with("CORROBORATED"))
        .unwrap();
    assert!(first_row.starts_with("CONTESTED"), "{first_row}");
}

#[test]
fn events_folded_are_one_heading_each_with_their_groups_counted() {
    let (all, code) = compare(&["corpus", "--all", "--events", "--width", "200"]);
    assert_eq!(code, Some(0));
    let headings = all.lines().filter(|l| l.starts_with("EVENT ")).count();
    let (json, _) = compare(&["corpus", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut events: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["event"].as_str().unwrap())
        .collect();
    events.dedup();
    assert_eq!(headings, events.len(), "{all}");
    assert!(!all.contains("CORROBORATED"), "no rows, only headings");
    // Under each heading, its groups by status; the contested event comes first.
    let lines: Vec<&str> = all.lines().collect();
    assert!(lines[0].contains("contested"), "{}", lines[0]);
    let counts = lines[1].trim_start();
    assert!(
        counts.starts_with(|c: char| c.is_ascii_digit())
            && counts
                .split_once(' ')
                .is_some_and(|(_, rest)| rest.starts_with("contested")),
        "{}",
        lines[1]
    );
    let groups = v["rows"].as_array().unwrap().len();
    let footer = format!("{headings} events shown of {headings} ({groups} groups, 5 documents)\n");
    assert!(all.ends_with(&footer), "{all}");
    // Without --all, events of single groups only are left out, and the footer says so.
    let (some, _) = compare(&["corpus", "--events", "--width", "200"]);
    let shown = some.lines().filter(|l| l.starts_with("EVENT ")).count();
    assert!(shown > 3 && shown < headings, "{some}");
    assert!(some.contains("--all shows the single ones"));
}

#[test]
fn claims_about_one_happening_in_other_words_share_an_event() {
    // One arrest, told in other words and with other details: the groups may differ,
    // the event is one. A storm elsewhere is another event.
    let (c, a) = analyse(&[
        (
            "a",
            &format!(
                "{HEADER_A}Police in Lima arrested the Ruritanian smuggler Jan Kowalczyk on Tuesday after a chase through the harbour.\n\nA storm flooded the port of Callao.\n"
            ),
        ),
        (
            "b",
            &format!(
                "{HEADER_B}Jan Kowalczyk was apprehended by officers in Lima on Tuesday, his lawyer confirmed.\n"
            ),
        ),
    ]);
    let arrest = group_of(&c, &a, "a", "arrested");
    let apprehended = group_of(&c, &a, "b", "apprehended");
    let storm = group_of(&c, &a, "a", "storm");
    assert_eq!(a.groups[arrest].event, a.groups[apprehended].event);
    assert_ne!(a.groups[arrest].event, a.groups[storm].event);
    let event = &a.events[a.groups[arrest].event];
    assert_eq!(event.docs.len(), 2);
    assert_eq!(
        event.day.map(|d| d.to_string()).as_deref(),
        Some("2023-03-07")
    );
}
