//! `parallax extract` on the shipped corpus: the JSON contract, determinism, and what
//! an analyst reading these five articles would expect the model to find.

mod common;

use std::process::Command;

use serde_json::Value;

fn extract(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        // Never the user's analysis cache: tests run cold (tests/cache.rs tests it).
        .env("PARALLAX_NO_CACHE", "1")
        .arg("extract")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run parallax extract");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn corpus_json() -> Value {
    let (stdout, stderr, code) = extract(&["corpus", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).expect("valid JSON")
}

fn entities(json: &Value) -> &Vec<Value> {
    json["entities"].as_array().unwrap()
}

/// The entity holding a mention with exactly this text.
fn entity_with(json: &Value, text: &str) -> Value {
    entity_with_in(json, text, "")
}

/// The entity holding a mention with exactly this text in a document whose id starts
/// with `doc`.
fn entity_with_in(json: &Value, text: &str, doc: &str) -> Value {
    entities(json)
        .iter()
        .find(|e| {
            e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["text"] == text && m["doc"].as_str().unwrap_or("").starts_with(doc))
        })
        .unwrap_or_else(|| panic!("no entity has a mention {text:?} in {doc:?}"))
        .clone()
}

fn names_of(entity: &Value) -> Vec<String> {
    let mut names: Vec<String> = entity["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    names.push(entity["name"].as_str().unwrap().to_string());
    names
}

#[test]
fn output_follows_the_contract_and_is_byte_identical() {
    let (a, _, _) = extract(&["corpus", "--format", "json"]);
    let (b, _, _) = extract(&["corpus", "--format", "json"]);
    assert_eq!(a, b, "same input, same bytes");
    let json: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(json["schema"], "parallax.extract/1");
    assert!(json["model"]["name"].is_string() && json["model"]["version"].is_string());
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    for d in docs {
        for field in ["id", "path", "title", "source", "published", "bytes"] {
            assert!(d.get(field).is_some(), "document lacks {field}");
        }
    }
    assert_eq!(docs[4]["published"], "2024-01-10");
    let texts: Vec<String> = docs
        .iter()
        .map(|d| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(d["path"].as_str().unwrap()),
            )
            .unwrap()
        })
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    for e in entities(&json) {
        assert!(e["id"].as_str().unwrap().starts_with('E'));
        let kind = e["type"].as_str().unwrap();
        assert!(
            parallax::model::types::EntityType::parse(kind).is_some(),
            "{kind}"
        );
        for m in e["mentions"].as_array().unwrap() {
            let doc = ids.iter().position(|i| *i == m["doc"]).unwrap();
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &texts[doc][s..t],
                m["text"].as_str().unwrap(),
                "offsets index the file"
            );
        }
    }
}

#[test]
fn spellings_of_one_person_are_one_entity_and_people_stay_apart() {
    let json = corpus_json();
    let advisor = entity_with(&json, "Chang Ho-jin");
    assert_eq!(advisor["type"], "PERSON");
    let names = names_of(&advisor);
    for variant in ["Jang Ho-jin", "Chung Ho Jin", "Chang", "Chan"] {
        assert!(
            names.iter().any(|n| n == variant),
            "{variant} missing from {names:?}"
        );
    }
    let sullivan = entity_with(&json, "Jake Sullivan");
    assert!(names_of(&sullivan).contains(&"Sullivan".to_string()));
    assert_ne!(sullivan["id"], advisor["id"]);
    let kirby = entity_with(&json, "John Kirby");
    assert_ne!(kirby["id"], sullivan["id"]);
    let kim = entity_with(&json, "Kim Jong-un");
    assert_ne!(kim["id"], advisor["id"]);
    // The advisers appear in three articles.
    let docs: std::collections::HashSet<&str> = advisor["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
}

#[test]
fn acronyms_official_names_and_dotted_forms_are_one_entity() {
    let json = corpus_json();
    let us = entity_with(&json, "United States");
    let names = names_of(&us);
    for variant in ["U.S.", "US", "USA"] {
        assert!(
            names.iter().any(|n| n == variant),
            "{variant} missing from {names:?}"
        );
    }
    let north = entity_with(&json, "DPRK");
    let names = names_of(&north);
    assert!(names.iter().any(|n| n == "North Korea"), "{names:?}");
    // "People’s" and "People's": one spelling among the names, not two.
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("Democratic People"))
            .count(),
        1,
        "{names:?}"
    );
    let south = entity_with(&json, "South Korea");
    assert_ne!(south["id"], north["id"]);
    assert!(names_of(&south).iter().any(|n| n == "Republic of Korea"));
    let council = entity_with(&json, "UNSC");
    assert!(
        names_of(&council)
            .iter()
            .any(|n| n.contains("Security Council"))
    );
    let eu = entity_with(&json, "EU");
    assert!(names_of(&eu).contains(&"European Union".to_string()));
    // A headline's "N. Korean leader" is the people, not a person named Korean.
    let abbreviated = entity_with(&json, "N. Korean");
    assert_eq!(abbreviated["type"], "NORP");
    assert!(names_of(&abbreviated).contains(&"North Korean".to_string()));
}

#[test]
fn relative_dates_resolve_to_calendar_days() {
    let json = corpus_json();
    let day = |text: &str| {
        entity_with(&json, text)["normalized"]
            .as_str()
            .map(str::to_string)
    };
    assert_eq!(day("last Thursday").as_deref(), Some("2024-01-04"));
    assert_eq!(
        day("the following Saturday")
            .or_else(|| day("following Saturday"))
            .as_deref(),
        Some("2024-01-06")
    );
    assert_eq!(day("Jan. 6").as_deref(), Some("2024-01-06"));
    // "issued on Wednesday, Seoul time": the day is Seoul's, and Seoul is a place of
    // its own, not a word of the date.
    let in_004 = |text: &str| entity_with_in(&json, text, "004");
    assert_eq!(in_004("Wednesday")["normalized"], "2024-01-10");
    assert_eq!(in_004("Seoul")["type"], "GPE");
    assert_eq!(day("January 9th").as_deref(), Some("2024-01-09"));
    assert_eq!(day("9 January").as_deref(), Some("2024-01-09"));
    // One entity per calendar day: "Tuesday (January 9)" and "January 9th" together.
    assert_eq!(
        entity_with(&json, "January 9th")["id"],
        entity_with(&json, "9 January")["id"]
    );
}

#[test]
fn counts_keep_what_they_count() {
    let (stdout, _, _) = extract(&["corpus", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let find = |text: &str| entity_with(&json, text);
    assert_eq!(find("48")["normalized"], "48");
    assert_eq!(find("47")["normalized"], "47");
    assert_eq!(find("more than 40")["normalized"], ">=41");
    assert_eq!(find("several dozen")["type"], "CARDINAL");
    assert_eq!(find("resolution 1718")["type"], "LAW");
    assert_eq!(find("resolution 1718")["id"], find("Resolution 1718")["id"]);
}

/// The three made-up reports of `docs/demo`, as the sidebar lists them: one count per
/// value and what it counts, no name made of an ordinary word that opens a sentence,
/// and the outlets on their mastheads as organisations.
#[test]
fn the_demo_entities_read_as_an_analyst_writes_them() {
    let (stdout, stderr, code) = extract(&["docs/demo", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let counts = |value: &str| -> Vec<&Value> {
        entities(&json)
            .iter()
            .filter(|e| e["type"] == "CARDINAL" && e["normalized"] == value)
            .collect()
    };
    // The town and its port authority stay apart, whatever the tagger made of one
    // "Portmere" on its own.
    let town = entity_with(&json, "Portmere");
    let authority = entity_with(&json, "Portmere Port Authority");
    assert_eq!(town["type"], "GPE");
    assert_eq!(authority["type"], "ORG");
    assert_ne!(town["id"], authority["id"]);
    // "Nine hurt ..." (a headline), "injured nine workers", "injuring nine workers",
    // "injures nine" (a headline): one entity.
    let nine = counts("9");
    assert_eq!(nine.len(), 1, "{nine:?}");
    let texts: Vec<(&str, &str)> = nine[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["doc"].as_str().unwrap(), m["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        texts,
        [
            ("coastal-times", "Nine"),
            ("coastal-times", "nine"),
            ("harbour-gazette", "nine"),
            ("harbour-gazette", "nine"),
        ]
    );
    assert_eq!(nine[0]["name"], "nine");
    // Seven workers are another count, also one entity.
    let seven = counts("7");
    assert_eq!(seven.len(), 1, "{seven:?}");
    assert_eq!(seven[0]["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(seven[0]["name"], "seven");
    // "Terminal operator Kestrel Logistics denied ...": no place called Terminal.
    for e in entities(&json) {
        assert_ne!(e["name"], "Terminal", "{e}");
        for m in e["mentions"].as_array().unwrap() {
            assert_ne!(m["text"], "Terminal", "{e}");
        }
    }
    assert_eq!(entity_with(&json, "Kestrel Logistics")["type"], "ORG");
    // The mastheads: each outlet one organisation, by its whole name.
    for outlet in ["Coastal Times", "Harbour Gazette", "Northern Wire"] {
        let e = entity_with(&json, outlet);
        assert_eq!(e["type"], "ORG", "{e}");
        assert_eq!(e["name"], outlet, "{e}");
    }
    assert!(
        entities(&json)
            .iter()
            .all(|e| e["type"] != "PRODUCT" && e["name"] != "Gazette"),
        "{:?}",
        entities(&json)
    );
}

#[test]
fn people_organisations_and_places_are_found_with_their_types() {
    let json = corpus_json();
    let expect = [
        ("Jake Sullivan", "PERSON"),
        ("Mykhailo Podolyak", "PERSON"),
        ("Yurii Ihnat", "PERSON"),
        ("John Kirby", "PERSON"),
        ("Kim Jong-un", "PERSON"),
        ("Hong Min", "PERSON"),
        ("Volodymyr Zelenskiy’s", "PERSON"),
        ("White House", "ORG"),
        ("Yonhap News Agency", "ORG"),
        ("European Union", "ORG"),
        ("Korea Institute for National Unification", "ORG"),
        ("Korean Central News Agency", "ORG"),
        ("Kharkiv", "GPE"),
        ("Moscow", "GPE"),
        ("Pyongyang", "GPE"),
        ("Japan", "GPE"),
        ("the Korean Peninsula", "LOC"),
    ];
    for (text, kind) in expect {
        assert_eq!(entity_with(&json, text)["type"], kind, "{text}");
    }
    // Web debris is not read: nothing from the "MUST READ" links.
    assert!(entities(&json).iter().all(|e| e["name"] != "Zelensky"));
}

#[test]
fn jsonl_has_a_line_per_document_then_the_corpus() {
    let (stdout, _, code) = extract(&["corpus", "--format", "jsonl"]);
    assert_eq!(code, Some(0));
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    for l in &lines[..5] {
        assert_eq!(l["kind"], "document");
        assert!(l["document"]["id"].is_string());
    }
    assert_eq!(lines[5]["kind"], "corpus");
    assert!(!lines[5]["entities"].as_array().unwrap().is_empty());
}

#[test]
fn bad_input_is_a_warning_and_nothing_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "Officials met in Lima on Monday.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.json"), "{ nope").unwrap();
    let (stdout, stderr, code) = extract(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("bad.json: invalid JSON"), "{stderr}");
    assert!(serde_json::from_str::<Value>(&stdout).is_ok());
    let empty = tempfile::tempdir().unwrap();
    let (_, stderr, code) = extract(&[empty.path().to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("error: no documents found in"),
        "{stderr}"
    );
}

/// Names as news writes them, in two articles written for this test: a leading
/// initial, a nickname in quotes inside the name and after "known as", a possessive,
/// and a given name shortened in one article and written out in the other.
#[test]
fn initials_nicknames_possessives_and_shortened_given_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("one.txt"),
        "Former harbour chief dies\n\n\
         J. Robert Hallworth, the former harbour chief, died on Monday, his family said.\n\
         Hallworth, who was known as \"The Pilot\" to the man who succeeded him, was 88.\n\
         Rob Hallworth's memoir was published in 2001.\n\
         Teresa \"Tess\" Marlowe, his deputy, said the port owed him a great deal.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("two.txt"),
        "Harbour chief Robert Hallworth dead at 88\n\n\
         Robert Hallworth led the harbour board for twenty years.\n\
         Marlowe said he would be missed.\n",
    )
    .unwrap();
    let (stdout, stderr, code) = extract(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    // The initial belongs to the name; the possessive to the mention, not the name.
    let hallworth = entity_with(&json, "J. Robert Hallworth");
    let names = names_of(&hallworth);
    assert!(names.iter().all(|n| !n.ends_with("'s")), "{names:?}");
    let texts: Vec<&str> = hallworth["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"Rob Hallworth's"), "{texts:?}");
    // "Rob" shortens "Robert": one person across both articles.
    assert!(texts.contains(&"Robert Hallworth"), "{texts:?}");
    // A nickname in quotes inside a name is part of the mention.
    let marlowe = entity_with(&json, "Teresa \"Tess\" Marlowe");
    assert_eq!(marlowe["type"], "PERSON");
    // A nickname given after "known as" is a name of its own.
    let pilot = entity_with(&json, "The Pilot");
    assert_eq!(pilot["type"], "PERSON");
}

#[test]
fn every_claim_has_an_event_and_events_list_their_claims() {
    let json = corpus_json();
    let events = json["events"].as_array().expect("events listed");
    assert!(!events.is_empty());
    let groups = json["groups"].as_array().unwrap();
    let group_event: std::collections::HashMap<&str, &str> = groups
        .iter()
        .map(|g| (g["id"].as_str().unwrap(), g["event"].as_str().unwrap()))
        .collect();
    let mut listed = std::collections::HashMap::new();
    for e in events {
        let id = e["id"].as_str().unwrap();
        assert!(id.starts_with("EV"), "{id}");
        assert!(!e["label"].as_str().unwrap().is_empty());
        assert!(!e["documents"].as_array().unwrap().is_empty());
        for c in e["claims"].as_array().unwrap() {
            listed.insert(c.as_str().unwrap().to_string(), id.to_string());
        }
    }
    for c in json["claims"].as_array().unwrap() {
        let event = c["event"].as_str().expect("each claim has an event");
        // A claim's event is its group's, and the event lists it.
        assert_eq!(group_event[c["group"].as_str().unwrap()], event);
        assert_eq!(listed[c["id"].as_str().unwrap()], event);
    }
    // Groups stay what they are: fewer events than groups, each group in one event, and
    // the missile launches told by several outlets are one event with a day.
    assert!(events.len() < groups.len());
    let launches = events
        .iter()
        .find(|e| e["day"] == "2023-12-30")
        .expect("an event on the day of the first launch");
    assert!(launches["documents"].as_array().unwrap().len() >= 2);
}
