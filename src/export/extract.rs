//! The extraction JSON, schema `parallax.extract/1` (see the README). Fields may be
//! added; the ones listed in the spec keep their meaning. Output is deterministic.

use std::io::{self, Write};

use serde::Serialize;

use crate::corpus::Corpus;
use crate::model::types::EntityType;
use crate::model::{Analysis, MODEL_NAME, MODEL_VERSION, ReferenceSource, model_fingerprint};

pub const SCHEMA: &str = "parallax.extract/1";

#[derive(Serialize)]
struct ModelJson {
    name: &'static str,
    version: &'static str,
    /// A hash of the weights and gazetteers built in.
    data: String,
    /// What the tagger learned from a session's corrections (`extract --session`), if
    /// it learned anything: the sentences and a hash of the weights learned.
    #[serde(skip_serializing_if = "Option::is_none")]
    learned: Option<crate::model::Learned>,
}

impl ModelJson {
    /// The model that made `analysis`.
    fn of(analysis: &Analysis) -> ModelJson {
        ModelJson {
            name: MODEL_NAME,
            version: MODEL_VERSION,
            data: model_fingerprint(),
            learned: analysis.learned.clone(),
        }
    }
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    source: Option<&'a str>,
    published: Option<String>,
    bytes: usize,
    url: Option<&'a str>,
    /// The date relative dates were resolved against, and how it was found.
    reference_date: Option<String>,
    reference_date_source: &'static str,
    /// Present only when the model failed on this document (a bug, caught): why, in one
    /// line. Its entities and claims are then missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    model_failed: Option<String>,
}

#[derive(Serialize)]
struct MentionJson<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    aliases: &'a [String],
    mentions: Vec<MentionJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    normalized: Option<&'a str>,
}

#[derive(Serialize)]
struct ValueJson<'a> {
    kind: &'static str,
    text: &'a str,
    normalized: Option<String>,
    unit: Option<&'a str>,
    start: usize,
    end: usize,
    /// What the value is about: "date", "count of participants".
    slot: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    id: Id,
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_text: Option<&'a str>,
    stance: &'static str,
    entities: Vec<&'a str>,
    values: Vec<ValueJson<'a>>,
    group: Id,
    event: Id,
}

#[derive(Serialize)]
struct ConflictValueJson<'a> {
    claim: Id,
    doc: &'a str,
    text: &'a str,
    normalized: Option<&'a str>,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    slot: &'a str,
    values: Vec<ConflictValueJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    id: Id,
    label: &'a str,
    claims: Vec<Id>,
    status: &'static str,
    conflicts: Vec<ConflictJson<'a>>,
    event: Id,
}

/// The whole object at once, as `to_json` wrote it before it went parallel: what the
/// tests compare it with.
#[cfg(test)]
#[derive(Serialize)]
struct ExtractJson<'a> {
    schema: &'static str,
    model: ModelJson,
    documents: Vec<DocumentJson<'a>>,
    entities: Vec<EntityJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
    groups: Vec<GroupJson<'a>>,
    events: Vec<EventJson<'a>>,
}

/// The value kinds of the contract: counts are NUMBER.
fn value_kind(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Cardinal => "NUMBER",
        other => other.name(),
    }
}

/// The claims of `range` (indices into the analysis's claims).
fn claims_in<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    only_doc: Option<usize>,
    range: std::ops::Range<usize>,
) -> Vec<ClaimJson<'a>> {
    let first = range.start;
    analysis.claims[range]
        .iter()
        .enumerate()
        .map(|(k, c)| (first + k, c))
        .filter(|(_, c)| only_doc.is_none_or(|d| c.doc == d))
        .map(|(i, c)| {
            let doc = &corpus.documents[c.doc];
            ClaimJson {
                id: Id::claim(i),
                doc: &doc.id,
                start: c.start,
                end: c.end,
                text: &doc.text[c.start..c.end],
                speaker: c.speaker.map(|e| analysis.entities[e].id.as_str()),
                speaker_text: c.speaker_text.as_deref(),
                stance: c.stance.name(),
                entities: c
                    .entities
                    .iter()
                    .map(|&e| analysis.entities[e].id.as_str())
                    .collect(),
                values: c
                    .values
                    .iter()
                    .map(|v| ValueJson {
                        kind: value_kind(v.kind),
                        text: &doc.text[v.start..v.end],
                        normalized: v.quantity.normalized(),
                        unit: v.unit.as_deref(),
                        start: v.start,
                        end: v.end,
                        slot: &v.slot,
                        note: v.note.as_deref(),
                    })
                    .collect(),
                group: Id::group(c.group),
                event: Id::event(analysis.groups.get(c.group).map_or(0, |g| g.event)),
            }
        })
        .collect()
}

/// An id of the contract: a prefix and a number from 1 ("C12" is the twelfth claim),
/// written as a JSON string without being built as one (a large corpus has hundreds
/// of thousands of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Id {
    prefix: &'static str,
    index: usize,
}

impl Id {
    /// Claim `index` (from 0): "C1", "C2", ...
    fn claim(index: usize) -> Id {
        Id { prefix: "C", index }
    }

    /// Group `index`: "G1", ...
    fn group(index: usize) -> Id {
        Id { prefix: "G", index }
    }

    /// Event `index`: "EV1", ... ("E" is taken by entities).
    fn event(index: usize) -> Id {
        Id {
            prefix: "EV",
            index,
        }
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The prefix, then the number's digits from the back of a buffer that holds
        // any `usize` (20 digits) after a prefix of up to 12 bytes.
        let mut buf = [0u8; 32];
        let mut at = buf.len();
        let mut n = self.index.saturating_add(1);
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let prefix = self.prefix.as_bytes();
        let start = at.saturating_sub(prefix.len());
        buf[start..at].copy_from_slice(&prefix[..at - start]);
        match std::str::from_utf8(&buf[start..]) {
            Ok(id) => serializer.serialize_str(id),
            Err(_) => serializer.serialize_str(""),
        }
    }
}

#[derive(Serialize)]
struct EventJson<'a> {
    id: Id,
    label: &'a str,
    status: &'static str,
    /// The day most of its claims give (YYYY-MM-DD).
    day: Option<String>,
    /// The place most of its claims name: an entity id.
    place: Option<&'a str>,
    documents: Vec<&'a str>,
    groups: Vec<Id>,
    claims: Vec<Id>,
}

fn events_in<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    range: std::ops::Range<usize>,
) -> Vec<EventJson<'a>> {
    let first = range.start;
    analysis.events[range]
        .iter()
        .enumerate()
        .map(|(k, e)| EventJson {
            id: Id::event(first + k),
            label: &e.label,
            status: e.status.name(),
            day: e.day.map(|d| d.to_string()),
            place: e
                .place
                .and_then(|p| analysis.entities.get(p))
                .map(|p| p.id.as_str()),
            documents: e
                .docs
                .iter()
                .filter_map(|&d| corpus.documents.get(d).map(|d| d.id.as_str()))
                .collect(),
            groups: e.groups.iter().map(|&g| Id::group(g)).collect(),
            claims: e.claims.iter().map(|&c| Id::claim(c)).collect(),
        })
        .collect()
}

fn events<'a>(corpus: &'a Corpus, analysis: &'a Analysis) -> Vec<EventJson<'a>> {
    events_in(corpus, analysis, 0..analysis.events.len())
}

fn groups<'a>(corpus: &'a Corpus, analysis: &'a Analysis) -> Vec<GroupJson<'a>> {
    groups_in(corpus, analysis, 0..analysis.groups.len())
}

/// The groups of `range` (indices into the analysis's groups).
fn groups_in<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    range: std::ops::Range<usize>,
) -> Vec<GroupJson<'a>> {
    let first = range.start;
    analysis.groups[range]
        .iter()
        .enumerate()
        .map(|(k, g)| (first + k, g))
        .map(|(i, g)| GroupJson {
            id: Id::group(i),
            label: &g.label,
            claims: g.claims.iter().map(|&c| Id::claim(c)).collect(),
            status: g.status.name(),
            event: Id::event(g.event),
            conflicts: g
                .conflicts
                .iter()
                .map(|c| ConflictJson {
                    slot: &c.slot,
                    values: c
                        .values
                        .iter()
                        .map(|v| ConflictValueJson {
                            claim: Id::claim(v.claim),
                            doc: &corpus.documents[analysis.claims[v.claim].doc].id,
                            text: &v.text,
                            normalized: v.normalized.as_deref(),
                        })
                        .collect(),
                    note: c.note.as_deref(),
                })
                .collect(),
        })
        .collect()
}

fn source_name(source: ReferenceSource) -> &'static str {
    match source {
        ReferenceSource::Published => "published",
        ReferenceSource::Estimated => "estimated",
        ReferenceSource::Unknown => "unknown",
    }
}

fn documents<'a>(corpus: &'a Corpus, analysis: &Analysis) -> Vec<DocumentJson<'a>> {
    documents_in(corpus, analysis, 0..documents_shown(corpus, analysis))
}

fn documents_shown(corpus: &Corpus, analysis: &Analysis) -> usize {
    corpus.documents.len().min(analysis.documents.len())
}

/// The documents `range` (indices into the corpus).
fn documents_in<'a>(
    corpus: &'a Corpus,
    analysis: &Analysis,
    range: std::ops::Range<usize>,
) -> Vec<DocumentJson<'a>> {
    let first = range.start;
    corpus.documents[range.clone()]
        .iter()
        .zip(&analysis.documents[range])
        .enumerate()
        .map(|(k, (d, a))| (first + k, (d, a)))
        .map(|(i, (d, a))| DocumentJson {
            id: &d.id,
            path: d.path.display().to_string(),
            title: &d.title,
            source: d.source.as_deref(),
            published: d.published.map(|p| p.to_string()),
            bytes: d.text.len(),
            url: d.url.as_deref(),
            reference_date: a.reference_date.map(|r| r.to_string()),
            reference_date_source: source_name(a.reference_source),
            model_failed: analysis
                .failures
                .iter()
                .find(|f| f.doc == Some(i))
                .map(|f| f.failure.summary()),
        })
        .collect()
}

fn entities<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    only_doc: Option<usize>,
) -> Vec<EntityJson<'a>> {
    entities_among(corpus, analysis, only_doc, 0..analysis.entities.len())
}

/// The entities `which` (indices into the analysis's entities), with their mentions
/// in `only_doc` if given (an entity with none there is left out).
fn entities_among<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    only_doc: Option<usize>,
    which: impl IntoIterator<Item = usize>,
) -> Vec<EntityJson<'a>> {
    which
        .into_iter()
        .map(|i| &analysis.entities[i])
        .filter_map(|e| {
            // An entity's mentions are in document order: those of one document are
            // a run, found by bisection (a name in a thousand articles is not read
            // through for each of them).
            let run = match only_doc {
                Some(d) => {
                    let doc_of = |k: &usize| analysis.mentions[*k].doc;
                    let start = e.mentions.partition_point(|k| doc_of(k) < d);
                    let end = e.mentions.partition_point(|k| doc_of(k) <= d);
                    &e.mentions[start..end]
                }
                None => &e.mentions[..],
            };
            let mentions: Vec<MentionJson> = run
                .iter()
                .map(|&i| &analysis.mentions[i])
                .map(|m| {
                    let doc = &corpus.documents[m.doc];
                    MentionJson {
                        doc: &doc.id,
                        start: m.start,
                        end: m.end,
                        text: &doc.text[m.start..m.end],
                    }
                })
                .collect();
            (!mentions.is_empty()).then_some(EntityJson {
                id: &e.id,
                name: &e.name,
                kind: e.kind.name(),
                aliases: &e.aliases,
                mentions,
                normalized: e.normalized.as_deref(),
            })
        })
        .collect()
}

/// Elements of a large array rendered per thread, this many at a time.
const CHUNK: usize = 2048;

/// The whole corpus as one JSON object.
///
/// Written as `json::pretty` would write it, byte for byte, but with the four big
/// arrays rendered in parallel chunks: a 10,000-article corpus makes hundreds of
/// megabytes of JSON, and one thread took seconds over it.
pub fn to_json(corpus: &Corpus, analysis: &Analysis) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_json_in_chunks(corpus, analysis, CHUNK, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The whole corpus as one JSON object, written to `out` as it is rendered: the text of
/// a large corpus (hundreds of megabytes) is never held whole, only a few chunks of it.
pub fn write_json(corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    write_json_in_chunks(corpus, analysis, CHUNK, out)
}

fn write_json_in_chunks(
    corpus: &Corpus,
    analysis: &Analysis,
    chunk: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    // The object around the arrays, with a marker where each array goes: the markers
    // are the only strings in it besides the schema and model, so each is found once.
    let skeleton = ExtractSkeleton {
        schema: SCHEMA,
        model: ModelJson::of(analysis),
        documents: MARKERS[0],
        entities: MARKERS[1],
        claims: MARKERS[2],
        groups: MARKERS[3],
        events: MARKERS[4],
    };
    let skeleton = crate::export::json::pretty(&skeleton);
    let mut rest = skeleton.as_str();
    for (k, marker) in MARKERS.iter().enumerate() {
        let quoted = format!("\"{marker}\"");
        let Some(at) = rest.find(&quoted) else {
            continue;
        };
        out.write_all(&rest.as_bytes()[..at])?;
        // Chunks of at most `chunk` elements and about `chunk * 8` mentions or claims
        // listed in them: one entity named in every article is a chunk of its own.
        let weighed = |len: usize, weight: &dyn Fn(usize) -> usize| {
            chunk_ranges(len, chunk, chunk.saturating_mul(8), weight)
        };
        match k {
            // As many as both hold (they are the same corpus).
            0 => write_array(
                out,
                weighed(documents_shown(corpus, analysis), &|_| 1),
                |r| pretty_elements(&documents_in(corpus, analysis, r)),
            )?,
            1 => write_array(
                out,
                weighed(analysis.entities.len(), &|i| {
                    analysis.entities[i].mentions.len()
                }),
                |r| pretty_elements(&entities_among(corpus, analysis, None, r)),
            )?,
            2 => write_array(out, weighed(analysis.claims.len(), &|_| 1), |r| {
                pretty_elements(&claims_in(corpus, analysis, None, r))
            })?,
            3 => write_array(
                out,
                weighed(analysis.groups.len(), &|i| {
                    let g = &analysis.groups[i];
                    g.claims.len() + g.conflicts.len()
                }),
                |r| pretty_elements(&groups_in(corpus, analysis, r)),
            )?,
            _ => write_array(
                out,
                weighed(analysis.events.len(), &|i| {
                    let e = &analysis.events[i];
                    e.claims.len() + e.groups.len() + e.docs.len()
                }),
                |r| pretty_elements(&events_in(corpus, analysis, r)),
            )?,
        }
        rest = &rest[at + quoted.len()..];
    }
    out.write_all(rest.as_bytes())
}

const MARKERS: [&str; 5] = [
    "parallax-array:documents",
    "parallax-array:entities",
    "parallax-array:claims",
    "parallax-array:groups",
    "parallax-array:events",
];

#[derive(Serialize)]
struct ExtractSkeleton {
    schema: &'static str,
    model: ModelJson,
    documents: &'static str,
    entities: &'static str,
    claims: &'static str,
    groups: &'static str,
    events: &'static str,
}

/// Consecutive ranges covering `0..len`, each of at most `most` elements and, unless it
/// is one element, of at most `heaviest` in `weight` summed.
fn chunk_ranges(
    len: usize,
    most: usize,
    heaviest: usize,
    weight: &dyn Fn(usize) -> usize,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut load = 0usize;
    for i in 0..len {
        let w = weight(i);
        if i > start && (i - start >= most.max(1) || load.saturating_add(w) > heaviest) {
            ranges.push(start..i);
            start = i;
            load = 0;
        }
        load = load.saturating_add(w);
    }
    if start < len {
        ranges.push(start..len);
    }
    ranges
}

/// An array of the elements in `ranges` (consecutive, from 0) as a value of the
/// top-level object (indented one level), exactly as the pretty printer writes it;
/// `render(range)` gives the elements of `range` as [`pretty_elements`] does. Chunks
/// are rendered in parallel a few at a time and written in order.
fn write_array(
    out: &mut dyn Write,
    ranges: Vec<std::ops::Range<usize>>,
    render: impl Fn(std::ops::Range<usize>) -> String + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    if ranges.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[\n")?;
    let window = rayon::current_num_threads().max(1) * 4;
    for (w, batch) in ranges.chunks(window).enumerate() {
        let rendered: Vec<String> = batch
            .par_iter()
            .map(|range| render(range.clone()))
            .collect();
        for (k, text) in rendered.iter().enumerate() {
            if w > 0 || k > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(text.as_bytes())?;
        }
    }
    out.write_all(b"\n  ]")
}

fn pretty_elements<T: Serialize>(elements: &[T]) -> String {
    // "[\n    A,\n    B\n  ]" at depth one: the part between the brackets.
    let mut array = crate::export::json::pretty_at_depth(elements, 1);
    if array.starts_with("[\n") && array.ends_with("\n  ]") {
        array.truncate(array.len() - "\n  ]".len());
        array.drain(.."[\n".len());
        array
    } else {
        String::new()
    }
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    schema: &'static str,
    kind: &'static str,
    document: DocumentJson<'a>,
    entities: Vec<EntityJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
}

#[derive(Serialize)]
struct CorpusLine<'a> {
    schema: &'static str,
    kind: &'static str,
    model: ModelJson,
    entities: Vec<EntityJson<'a>>,
    groups: Vec<GroupJson<'a>>,
    events: Vec<EventJson<'a>>,
}

/// One line per document (its entities with the mentions in it), then one line of
/// cross-document results.
pub fn to_jsonl(corpus: &Corpus, analysis: &Analysis) -> String {
    use rayon::prelude::*;
    // Each document's entities, found in one pass over the entities (in id order), and
    // its claims, which are stored by document: a line never looks at the whole corpus.
    let mut entities_of: Vec<Vec<usize>> = vec![Vec::new(); corpus.documents.len()];
    for (e, entity) in analysis.entities.iter().enumerate() {
        for &m in &entity.mentions {
            let doc = analysis.mentions[m].doc;
            if entities_of[doc].last() != Some(&e) {
                entities_of[doc].push(e);
            }
        }
    }
    let claims_of = |doc: usize| {
        analysis.claims.partition_point(|c| c.doc < doc)
            ..analysis.claims.partition_point(|c| c.doc <= doc)
    };
    let lines: Vec<String> = documents(corpus, analysis)
        .into_par_iter()
        .enumerate()
        .map(|(i, document)| {
            let line = DocumentLine {
                schema: SCHEMA,
                kind: "document",
                document,
                entities: entities_among(corpus, analysis, Some(i), entities_of[i].iter().copied()),
                claims: claims_in(corpus, analysis, Some(i), claims_of(i)),
            };
            let mut text = crate::export::json::compact(&line);
            text.push('\n');
            text
        })
        .collect();
    let mut out = String::with_capacity(lines.iter().map(String::len).sum::<usize>());
    for line in &lines {
        out.push_str(line);
    }
    let last = CorpusLine {
        schema: SCHEMA,
        kind: "corpus",
        model: ModelJson::of(analysis),
        entities: entities(corpus, analysis, None),
        groups: groups(corpus, analysis),
        events: events(corpus, analysis),
    };
    out.push_str(&crate::export::json::compact(&last));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_prefix_and_number_from_one() {
        for index in [0, 8, 9, 10, 99, 12_345, usize::MAX - 1] {
            let number = index + 1;
            for (id, written) in [
                (Id::claim(index), format!("\"C{number}\"")),
                (Id::group(index), format!("\"G{number}\"")),
                (Id::event(index), format!("\"EV{number}\"")),
            ] {
                assert_eq!(crate::export::json::compact(&id), written);
            }
        }
    }

    #[test]
    fn chunks_cover_the_array_in_order_and_keep_to_their_limits() {
        let weights = [1, 5, 0, 30, 2, 2, 2, 9, 1];
        let w = |i: usize| weights[i];
        for (most, heaviest) in [(1, 100), (3, 100), (100, 6), (2, 4), (100, 0), (0, 0)] {
            let ranges = chunk_ranges(weights.len(), most, heaviest, &w);
            let flat: Vec<usize> = ranges.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(flat, (0..weights.len()).collect::<Vec<_>>());
            for r in &ranges {
                assert!(!r.is_empty());
                assert!(r.len() <= most.max(1));
                let load: usize = r.clone().map(w).sum();
                assert!(r.len() == 1 || load <= heaviest, "{r:?} {most} {heaviest}");
            }
        }
        assert!(chunk_ranges(0, 4, 4, &w).is_empty());
        // A heavy element alone, the light ones around it together.
        assert_eq!(
            chunk_ranges(5, 10, 10, &|i| [1, 1, 50, 1, 1][i]),
            vec![0..2, 2..3, 3..5]
        );
    }

    #[test]
    fn parallel_json_is_the_pretty_printers_byte_for_byte() {
        let corpus = crate::corpus::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus"
        ))]);
        let analysis = crate::model::analyze(&corpus);
        let whole = crate::export::json::pretty(&ExtractJson {
            schema: SCHEMA,
            model: ModelJson::of(&analysis),
            documents: documents(&corpus, &analysis),
            entities: entities(&corpus, &analysis, None),
            claims: claims_in(&corpus, &analysis, None, 0..analysis.claims.len()),
            groups: groups(&corpus, &analysis),
            events: events(&corpus, &analysis),
        });
        // One chunk, many small ones, one element each.
        for chunk in [CHUNK, 7, 1] {
            assert!(
                {
                    let mut out = Vec::new();
                    write_json_in_chunks(&corpus, &analysis, chunk, &mut out).unwrap();
                    out == whole.as_bytes()
                },
                "chunk {chunk}"
            );
        }
        // Empty arrays are "[]", as the pretty printer writes them.
        let empty = Analysis::default();
        let none = crate::corpus::Corpus {
            documents: Vec::new(),
            warnings: Vec::new(),
        };
        let whole = crate::export::json::pretty(&ExtractJson {
            schema: SCHEMA,
            model: ModelJson::of(&empty),
            documents: Vec::new(),
            entities: Vec::new(),
            claims: Vec::new(),
            groups: Vec::new(),
            events: Vec::new(),
        });
        assert_eq!(to_json(&none, &empty), whole);
    }
}
