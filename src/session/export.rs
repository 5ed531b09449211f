//! `parallax export`: a session's annotations, re-anchored against the documents as they
//! are now, as JSON, CSV, a Markdown brief, or W3C Web Annotation JSON-LD.

use serde_json::{Value, json};

use crate::corpus::Corpus;
use crate::model::Analysis;

use super::anchor::Match;
use super::resolve::Found;
use super::{Annotation, Session, TargetKind};

pub const SCHEMA: &str = "parallax.annotations/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Markdown,
    W3c,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["json", "csv", "markdown", "w3c"];

    pub fn parse(name: &str) -> Option<Format> {
        match name.to_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "markdown" | "md" => Some(Format::Markdown),
            "w3c" | "jsonld" | "json-ld" => Some(Format::W3c),
            _ => None,
        }
    }

    /// Whether this format needs the model's groups (the brief does).
    pub fn needs_analysis(self) -> bool {
        self == Format::Markdown
    }
}

/// The session written in `format`, re-anchored against `corpus`. `analysis` (with the
/// overrides applied) is needed for Markdown and gives claims their groups.
pub fn render(
    format: Format,
    session: &Session,
    corpus: &Corpus,
    analysis: Option<&Analysis>,
) -> Rendered {
    let found = super::resolve::find_all(&session.annotations, corpus, analysis);
    let placed = place(session, &found);
    let text = match (format, analysis) {
        (Format::Json, _) => to_json(session, corpus, &placed),
        (Format::Csv, _) => {
            let mut csv = to_csv(corpus, &placed);
            csv.push_str(&corrections_csv(&corrections(session, corpus)));
            csv
        }
        (Format::W3c, _) => to_w3c(session, corpus, &placed),
        (Format::Markdown, Some(a)) => {
            to_markdown(corpus, a, &placed, &corrections(session, corpus))
        }
        (Format::Markdown, None) => to_markdown(
            corpus,
            &crate::model::analyze(corpus),
            &placed,
            &corrections(session, corpus),
        ),
    };
    let lost = corrections(session, corpus)
        .iter()
        .filter(|c| c.found.is_none())
        .count();
    Rendered {
        text,
        orphaned: found.iter().filter(|f| f.is_none()).count() + lost,
    }
}

/// A correction to names (reject, retype, name) and where its text is now: a training
/// example a tagger can learn from (the text, its place, the type wanted).
pub struct Correction<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub anchor: &'a super::Anchor,
    /// The type the analyst asked for; None: not a name.
    pub wanted: Option<crate::model::types::EntityType>,
    /// "mention", "all" (every mention with the same text), "entity" or "span".
    pub scope: &'static str,
    /// The type the model had given it, where recorded.
    pub was: Option<crate::model::types::EntityType>,
    pub found: Option<super::resolve::Located>,
}

/// The session's corrections to names, in the order they were made, re-anchored.
pub fn corrections<'a>(session: &'a Session, corpus: &Corpus) -> Vec<Correction<'a>> {
    use super::Override;
    let hashes = super::resolve::Hashes::of(corpus);
    session
        .overrides
        .iter()
        .filter_map(|o| {
            let (anchor, wanted) = o.name_correction()?;
            let (scope, was) = match o {
                Override::Reject { all, was, .. } => (if *all { "all" } else { "mention" }, *was),
                Override::Retype { all, was, .. } => (if *all { "all" } else { "entity" }, *was),
                _ => ("span", None),
            };
            Some(Correction {
                id: o.id(),
                kind: o.kind_name(),
                anchor,
                wanted,
                scope,
                was,
                found: super::resolve::locate(anchor, corpus, &hashes),
            })
        })
        .collect()
}

/// The text a correction covers now, else the quote it was made on.
fn correction_exact<'a>(corpus: &'a Corpus, c: &'a Correction) -> &'a str {
    match c.found {
        Some(at) => &corpus.documents[at.doc].text[at.start..at.end],
        None => &c.anchor.exact,
    }
}

fn correction_json(corpus: &Corpus, c: &Correction) -> Value {
    json!({
        "id": c.id,
        "kind": c.kind,
        "doc": c.anchor.doc,
        "start": c.found.map(|f| f.start),
        "end": c.found.map(|f| f.end),
        "exact": correction_exact(corpus, c),
        "type": c.wanted.map(|t| t.name()),
        "was": c.was.map(|t| t.name()),
        "scope": c.scope,
        "orphaned": c.found.is_none(),
        "match": c.found.map(|f| match_name(f.how)),
    })
}

/// CSV rows of the corrections to names, under the annotations' header.
fn corrections_csv(list: &[Correction]) -> String {
    let mut out = String::new();
    for c in list {
        let (start, end) = c.found.map_or((String::new(), String::new()), |f| {
            (f.start.to_string(), f.end.to_string())
        });
        let row = [
            c.id.to_string(),
            c.kind.to_string(),
            c.anchor.doc.clone(),
            start,
            end,
            c.anchor.exact.clone(),
            String::new(),
            String::new(),
            c.found.is_none().to_string(),
            c.wanted.map(|t| t.name().to_string()).unwrap_or_default(),
            c.scope.to_string(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

pub struct Rendered {
    pub text: String,
    /// Annotations whose text could not be found.
    pub orphaned: usize,
}

/// One annotation and where it is now (None: orphaned).
pub struct Placed<'a> {
    pub annotation: &'a Annotation,
    pub found: Option<Found>,
}

/// Pairs each annotation with where it was found.
pub fn place<'a>(session: &'a Session, found: &[Option<Found>]) -> Vec<Placed<'a>> {
    session
        .annotations
        .iter()
        .zip(found.iter().copied())
        .map(|(annotation, found)| Placed { annotation, found })
        .collect()
}

fn match_name(how: Match) -> &'static str {
    match how {
        Match::Unchanged => "unchanged",
        Match::Exact => "exact",
        Match::Fuzzy => "fuzzy",
    }
}

/// The text an annotation covers now: the current text at its place, else (orphaned)
/// the quote it was made on.
fn current_exact<'a>(corpus: &'a Corpus, p: &'a Placed) -> &'a str {
    match p.found {
        Some(f) => &corpus.documents[f.at.doc].text[f.at.start..f.at.end],
        None => &p.annotation.anchor.exact,
    }
}

/// JSON: every annotation with its current place, or `orphaned`.
pub fn to_json(session: &Session, corpus: &Corpus, placed: &[Placed]) -> String {
    let annotations: Vec<Value> = placed
        .iter()
        .map(|p| {
            let a = p.annotation;
            let mut v = json!({
                "id": a.id,
                "kind": a.kind.name(),
                "label": a.label,
                "doc": a.anchor.doc,
                "start": p.found.map(|f| f.at.start),
                "end": p.found.map(|f| f.at.end),
                "exact": current_exact(corpus, p),
                "tags": a.tags,
                "note": a.note,
                "orphaned": p.found.is_none(),
                "match": p.found.map(|f| match_name(f.at.how)),
            });
            if p.found.is_none_or(|f| f.at.how != Match::Unchanged) {
                v["anchored"] = json!({
                    "hash": a.anchor.hash,
                    "start": a.anchor.start,
                    "end": a.anchor.end,
                    "exact": a.anchor.exact,
                });
            }
            v
        })
        .collect();
    let orphaned = placed.iter().filter(|p| p.found.is_none()).count();
    let value = json!({
        "schema": SCHEMA,
        "corpus": session.corpus,
        "annotations": annotations,
        "orphaned": orphaned,
        "overrides": session.overrides,
        "corrections": corrections(session, corpus)
            .iter()
            .map(|c| correction_json(corpus, c))
            .collect::<Vec<Value>>(),
    });
    let mut text = crate::export::json::pretty(&value);
    text.push('\n');
    text
}

/// One CSV field, quoted when it must be (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// CSV: a header, then one row per annotation.
pub fn to_csv(corpus: &Corpus, placed: &[Placed]) -> String {
    let mut out = String::from("id,kind,doc,start,end,exact,tags,note,orphaned,type,scope\n");
    for p in placed {
        let a = p.annotation;
        let (start, end) = p.found.map_or((String::new(), String::new()), |f| {
            (f.at.start.to_string(), f.at.end.to_string())
        });
        let row = [
            a.id.clone(),
            a.kind.name().to_string(),
            a.anchor.doc.clone(),
            start,
            end,
            current_exact(corpus, p).to_string(),
            a.tags.join(";"),
            a.note.clone().unwrap_or_default(),
            p.found.is_none().to_string(),
            String::new(),
            String::new(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// Code points before byte `offset`: the W3C selectors count characters, not bytes.
fn code_points(text: &str, offset: usize) -> usize {
    text[..offset].chars().count()
}

/// W3C Web Annotation JSON-LD: an AnnotationCollection whose items select their text by
/// quote (with prefix and suffix) and by position in code points.
pub fn to_w3c(session: &Session, corpus: &Corpus, placed: &[Placed]) -> String {
    let items: Vec<Value> = placed
        .iter()
        .map(|p| {
            let a = p.annotation;
            let mut body: Vec<Value> = a
                .tags
                .iter()
                .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t}))
                .collect();
            if let Some(note) = &a.note {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": note,
                    "format": "text/plain",
                }));
            }
            let doc = corpus.get(&a.anchor.doc);
            let source = doc.map_or_else(
                || a.anchor.doc.clone(),
                |d| match &d.url {
                    Some(url) => url.clone(),
                    None => d.path.display().to_string(),
                },
            );
            let mut target = json!({ "source": source });
            if a.kind != TargetKind::Document {
                // The context as it is now, where the text was found.
                let now = match (p.found, doc) {
                    (Some(f), Some(d)) => {
                        super::Anchor::new(&d.id, &d.text, "", f.at.start, f.at.end)
                    }
                    _ => a.anchor.clone(),
                };
                let mut selectors = vec![json!({
                    "type": "TextQuoteSelector",
                    "exact": now.exact,
                    "prefix": now.prefix,
                    "suffix": now.suffix,
                })];
                if let (Some(f), Some(d)) = (p.found, doc) {
                    selectors.push(json!({
                        "type": "TextPositionSelector",
                        "start": code_points(&d.text, f.at.start),
                        "end": code_points(&d.text, f.at.end),
                    }));
                }
                target["selector"] = Value::Array(selectors);
            }
            let motivation = if a.tags.is_empty() {
                "commenting"
            } else {
                "assessing"
            };
            json!({
                "id": format!("urn:parallax:annotation:{}", a.id),
                "type": "Annotation",
                "motivation": motivation,
                "body": body,
                "target": target,
            })
        })
        .collect();
    let mut items = items;
    for c in corrections(session, corpus) {
        items.push(correction_w3c(corpus, &c));
    }
    let value = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": format!("Parallax session on {}", session.corpus.join(", ")),
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "items": items,
        },
    });
    let mut text = crate::export::json::pretty(&value);
    text.push('\n');
    text
}

/// A correction to names as a Web Annotation: motivation `editing`, a body that says
/// what the text is (its type, or not a name) and, for every mention with the same
/// text, a comment that says so.
fn correction_w3c(corpus: &Corpus, c: &Correction) -> Value {
    let doc = corpus.get(&c.anchor.doc);
    let source = doc.map_or_else(
        || c.anchor.doc.clone(),
        |d| match &d.url {
            Some(url) => url.clone(),
            None => d.path.display().to_string(),
        },
    );
    let now = match (c.found, doc) {
        (Some(f), Some(d)) => super::Anchor::new(&d.id, &d.text, "", f.start, f.end),
        _ => c.anchor.clone(),
    };
    let mut selectors = vec![json!({
        "type": "TextQuoteSelector",
        "exact": now.exact,
        "prefix": now.prefix,
        "suffix": now.suffix,
    })];
    if let (Some(f), Some(d)) = (c.found, doc) {
        selectors.push(json!({
            "type": "TextPositionSelector",
            "start": code_points(&d.text, f.start),
            "end": code_points(&d.text, f.end),
        }));
    }
    let mut body = vec![match c.wanted {
        Some(t) => json!({"type": "TextualBody", "purpose": "classifying", "value": t.name()}),
        None => json!({"type": "TextualBody", "purpose": "editing", "value": "not a name"}),
    }];
    let scope = match c.scope {
        "all" => Some("every mention with this text"),
        "entity" => Some("the entity of this mention"),
        _ => None,
    };
    if let Some(scope) = scope {
        body.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": scope,
            "format": "text/plain",
        }));
    }
    json!({
        "id": format!("urn:parallax:correction:{}", c.id),
        "type": "Annotation",
        "motivation": "editing",
        "body": body,
        "target": {"source": source, "selector": selectors},
    })
}

/// What a correction did, in words: "not a name (was GPE)", "GPE → ORG", "named PERSON".
fn correction_words(c: &Correction) -> String {
    let was = c.was.map(|t| t.name());
    match (c.kind, c.wanted, was) {
        (_, None, Some(was)) => format!("not a name (was {was})"),
        (_, None, None) => "not a name".to_string(),
        ("name", Some(to), _) => format!("named {}", to.name()),
        (_, Some(to), Some(was)) => format!("{was} → {}", to.name()),
        (_, Some(to), None) => format!("retyped {}", to.name()),
    }
}

/// A Markdown brief: the analyst's conclusions first (tagged and noted claims, notes on
/// documents and entities, corrections to names, anything orphaned), then the
/// comparison with a column of the analyst's tags and notes.
pub fn to_markdown(
    corpus: &Corpus,
    analysis: &Analysis,
    placed: &[Placed],
    corrections: &[Correction],
) -> String {
    let escape = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::from("# Brief\n\n");
    let claims: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.annotation.kind == TargetKind::Claim && p.found.is_some())
        .collect();
    if !claims.is_empty() {
        out.push_str("## The analyst's tags and notes\n\n| Document | Claim | Group | Tags | Note |\n|---|---|---|---|---|\n");
        for p in &claims {
            let a = p.annotation;
            let group = p
                .found
                .and_then(|f| f.target)
                .map(|c| analysis.groups[analysis.claims[c].group].status.name())
                .unwrap_or("—");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                escape(&a.anchor.doc),
                escape(&collapse(current_exact(corpus, p))),
                group,
                escape(&a.tags.join(", ")),
                escape(a.note.as_deref().unwrap_or(""))
            ));
        }
        out.push('\n');
    }
    for (kind, heading) in [
        (TargetKind::Document, "Notes on documents"),
        (TargetKind::Entity, "Notes on entities"),
    ] {
        let list: Vec<&Placed> = placed
            .iter()
            .filter(|p| p.annotation.kind == kind && p.found.is_some())
            .collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("## {heading}\n\n"));
        for p in list {
            let a = p.annotation;
            let tags = if a.tags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", a.tags.join(", "))
            };
            out.push_str(&format!(
                "- **{}**{tags}: {}\n",
                collapse(&a.label),
                collapse(a.note.as_deref().unwrap_or(""))
            ));
        }
        out.push('\n');
    }
    if !corrections.is_empty() {
        out.push_str(
            "## Corrections to names

The tagger learned from these: the names below are \
             read by it with what they teach.\n\n| Document | Text | Correction | Scope |\n\
             |---|---|---|---|\n",
        );
        for c in corrections {
            let gone = if c.found.is_none() {
                " (its text is gone)"
            } else {
                ""
            };
            out.push_str(&format!(
                "| {} | {} | {}{gone} | {} |\n",
                escape(&c.anchor.doc),
                escape(&collapse(correction_exact(corpus, c))),
                correction_words(c),
                match c.scope {
                    "all" => "every mention spelt so",
                    "entity" => "the entity",
                    "span" => "the span",
                    _ => "the mention",
                }
            ));
        }
        out.push('\n');
    }
    let orphans: Vec<&Placed> = placed.iter().filter(|p| p.found.is_none()).collect();
    if !orphans.is_empty() {
        out.push_str("## Orphaned (the text they were on is gone)\n\n");
        for p in orphans {
            let a = p.annotation;
            out.push_str(&format!(
                "- {} {} in {}: \"{}\" [{}] {}\n",
                a.id,
                a.kind.name(),
                a.anchor.doc,
                collapse(&a.anchor.exact),
                a.tags.join(", "),
                collapse(a.note.as_deref().unwrap_or(""))
            ));
        }
        out.push('\n');
    }
    // The comparison, with the analyst's column.
    let mut per_group: Vec<Vec<String>> = vec![Vec::new(); analysis.groups.len()];
    for p in &claims {
        let Some(c) = p.found.and_then(|f| f.target) else {
            continue;
        };
        let a = p.annotation;
        let mut words = Vec::new();
        if !a.tags.is_empty() {
            words.push(format!("**{}**", a.tags.join(", ")));
        }
        if let Some(note) = &a.note {
            words.push(collapse(note));
        }
        per_group[analysis.claims[c].group].push(format!("{}: {}", a.anchor.doc, words.join(" ")));
    }
    let analyst = |g: usize| per_group[g].join("<br>");
    out.push_str(&crate::export::compare::to_markdown_with(
        corpus,
        analysis,
        Some(("Analyst", &analyst)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_they_must_be() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn positions_count_code_points() {
        let text = "Café – naïve";
        let start = text.find("naïve").unwrap();
        assert_eq!(code_points(text, start), 7);
        assert_eq!(code_points(text, text.len()), 12);
    }
}
