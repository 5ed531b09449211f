//! The extraction JSON, schema `parallax.extract/1` (see the README). Fields may be
//! added; the ones listed in the spec keep their meaning. Output is deterministic.

use serde::Serialize;

use crate::corpus::Corpus;
use crate::model::types::{EntityType, Quantity};
use crate::model::{Analysis, MODEL_NAME, MODEL_VERSION, ReferenceSource, model_fingerprint};

pub const SCHEMA: &str = "parallax.extract/1";

#[derive(Serialize)]
struct ModelJson {
    name: &'static str,
    version: &'static str,
    /// A hash of the weights and gazetteers built in.
    data: String,
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
    text: String,
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
    id: String,
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
    group: String,
}

#[derive(Serialize)]
struct ConflictValueJson<'a> {
    claim: String,
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
    id: String,
    label: &'a str,
    claims: Vec<String>,
    status: &'static str,
    conflicts: Vec<ConflictJson<'a>>,
}

#[derive(Serialize)]
struct ExtractJson<'a> {
    schema: &'static str,
    model: ModelJson,
    documents: Vec<DocumentJson<'a>>,
    entities: Vec<EntityJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
    groups: Vec<GroupJson<'a>>,
}

/// The value kinds of the contract: counts are NUMBER.
fn value_kind(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Cardinal => "NUMBER",
        other => other.name(),
    }
}

fn claims<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    only_doc: Option<usize>,
) -> Vec<ClaimJson<'a>> {
    analysis
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| only_doc.is_none_or(|d| c.doc == d))
        .map(|(i, c)| {
            let doc = &corpus.documents[c.doc];
            ClaimJson {
                id: format!("C{}", i + 1),
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
                        text: doc.text[v.start..v.end].to_string(),
                        normalized: match &v.quantity {
                            Quantity::Amount(a) => Some(a.normalized()),
                            Quantity::Days(d) => Some(d.normalized()),
                            Quantity::Number(n) => Some(n.clone()),
                            Quantity::Text => None,
                        },
                        unit: v.unit.as_deref(),
                        start: v.start,
                        end: v.end,
                        slot: &v.slot,
                        note: v.note.as_deref(),
                    })
                    .collect(),
                group: format!("G{}", c.group + 1),
            }
        })
        .collect()
}

fn groups<'a>(corpus: &'a Corpus, analysis: &'a Analysis) -> Vec<GroupJson<'a>> {
    analysis
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| GroupJson {
            id: format!("G{}", i + 1),
            label: &g.label,
            claims: g.claims.iter().map(|c| format!("C{}", c + 1)).collect(),
            status: g.status.name(),
            conflicts: g
                .conflicts
                .iter()
                .map(|c| ConflictJson {
                    slot: &c.slot,
                    values: c
                        .values
                        .iter()
                        .map(|v| ConflictValueJson {
                            claim: format!("C{}", v.claim + 1),
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
    corpus
        .documents
        .iter()
        .zip(&analysis.documents)
        .map(|(d, a)| DocumentJson {
            id: &d.id,
            path: d.path.display().to_string(),
            title: &d.title,
            source: d.source.as_deref(),
            published: d.published.map(|p| p.to_string()),
            bytes: d.text.len(),
            url: d.url.as_deref(),
            reference_date: a.reference_date.map(|r| r.to_string()),
            reference_date_source: source_name(a.reference_source),
        })
        .collect()
}

fn entities<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    only_doc: Option<usize>,
) -> Vec<EntityJson<'a>> {
    analysis
        .entities
        .iter()
        .filter_map(|e| {
            let mentions: Vec<MentionJson> = e
                .mentions
                .iter()
                .map(|&i| &analysis.mentions[i])
                .filter(|m| only_doc.is_none_or(|d| m.doc == d))
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

/// The whole corpus as one JSON object.
pub fn to_json(corpus: &Corpus, analysis: &Analysis) -> String {
    let out = ExtractJson {
        schema: SCHEMA,
        model: ModelJson {
            name: MODEL_NAME,
            version: MODEL_VERSION,
            data: model_fingerprint(),
        },
        documents: documents(corpus, analysis),
        entities: entities(corpus, analysis, None),
        claims: claims(corpus, analysis, None),
        groups: groups(corpus, analysis),
    };
    crate::export::json::pretty(&out)
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
}

/// One line per document (its entities with the mentions in it), then one line of
/// cross-document results.
pub fn to_jsonl(corpus: &Corpus, analysis: &Analysis) -> String {
    let mut out = String::new();
    for (i, document) in documents(corpus, analysis).into_iter().enumerate() {
        let line = DocumentLine {
            schema: SCHEMA,
            kind: "document",
            document,
            entities: entities(corpus, analysis, Some(i)),
            claims: claims(corpus, analysis, Some(i)),
        };
        out.push_str(&crate::export::json::compact(&line));
        out.push('\n');
    }
    let last = CorpusLine {
        schema: SCHEMA,
        kind: "corpus",
        model: ModelJson {
            name: MODEL_NAME,
            version: MODEL_VERSION,
            data: model_fingerprint(),
        },
        entities: entities(corpus, analysis, None),
        groups: groups(corpus, analysis),
    };
    out.push_str(&crate::export::json::compact(&last));
    out.push('\n');
    out
}
