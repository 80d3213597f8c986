//! Reconciling a Party's whole file and its counterparts: many documents at once.
//!
//! Each input is read, recognised (or forced to a form), validated on its own like
//! [`Engine::validate`], reduced to compact records ([`index`]) and freed before the next
//! one is read: memory holds the index of blocks, not the documents. Then the
//! cross-document rules of the bundle ([`rules`]) run over the index. Sorting and
//! interval claims keep it O(n log n) in the total number of rows.
//!
//! A form is recognised from the top-level members: `t1Submission` or any of the AEF
//! tables → `aef`; `authorizingParty` → `authorization`; `reportType` or
//! `cooperativeApproaches` → `initial-report`.

pub(crate) mod index;
pub mod rules;

use crate::findings::{Finding, Severity};
use crate::{Engine, EngineError, Options};
use serde_json::{Map, Value};

/// One file to reconcile: its name as the user gave it, the form when forced, its text.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file name exactly as given (echoed in every finding's `document`).
    pub name: String,
    /// The form, when forced (`FORM:FILE`); recognised from the content otherwise.
    pub form: Option<String>,
    /// The JSON text.
    pub text: String,
}

/// What reconciling knows of one input.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name as given.
    pub name: String,
    /// The form, when known (a file that is not JSON and not forced has none).
    pub form: Option<String>,
    /// The reporting or authorizing Party.
    pub party: Option<String>,
    /// The reported year (AEF), the year of authorization or of submission.
    pub year: Option<i64>,
    /// The version as written (`"1.0"` for an AEF, `2` for an authorization).
    pub version: Option<Value>,
    /// The input that replaces this one (a higher version of the same submission).
    pub replaced_by: Option<u32>,
}

/// A finding in one of the inputs.
#[derive(Debug, Clone)]
pub struct DocumentFinding {
    /// Index of the input in [`Reconciliation::documents`].
    pub document: usize,
    /// The finding (its pointer is within that document).
    pub finding: Finding,
}

/// ITMOs moved from one Party to another, as each side reports them: the table a focal
/// point reads to see which counterpart is missing or short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// The transferring Party.
    pub from: String,
    /// The acquiring Party.
    pub to: String,
    /// Cooperative approach.
    pub approach: String,
    /// Vintage.
    pub vintage: String,
    /// Reported year.
    pub year: i64,
    /// ITMOs the transferring Party reports as (first) transferred to the acquirer;
    /// `None` when its AEF for the year is not among the inputs.
    pub transferred: Option<u128>,
    /// ITMOs the acquiring Party reports as acquired from the transferor; `None` when its
    /// AEF for the year is not among the inputs.
    pub acquired: Option<u128>,
}

/// The result of reconciling: every input and every finding, own and across documents.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    /// The inputs in the order given.
    pub documents: Vec<Document>,
    /// Each document's own findings, then the cross-document ones, document by document.
    pub findings: Vec<DocumentFinding>,
    /// Transfers against acquisitions per Party pair, approach, vintage and year.
    pub flows: Vec<Flow>,
}

impl Reconciliation {
    /// False exactly when some finding is an error.
    pub fn valid(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|f| f.finding.severity == Severity::Error)
    }

    /// The flows as JSON (`[{"from", "to", "approach", "vintage", "year", "transferred",
    /// "acquired"}]`, counts of ITMOs as exact decimal strings, `null` when that side's
    /// AEF is not among the inputs), for the demo's table of Party pairs.
    pub fn flows_json(&self) -> Value {
        let n = |v: Option<u128>| v.map_or(Value::Null, |x| Value::String(x.to_string()));
        Value::Array(
            self.flows
                .iter()
                .map(|f| {
                    let mut m = Map::new();
                    m.insert("from".into(), Value::String(f.from.clone()));
                    m.insert("to".into(), Value::String(f.to.clone()));
                    m.insert("approach".into(), Value::String(f.approach.clone()));
                    m.insert("vintage".into(), Value::String(f.vintage.clone()));
                    m.insert("year".into(), Value::from(f.year));
                    m.insert("transferred".into(), n(f.transferred));
                    m.insert("acquired".into(), n(f.acquired));
                    Value::Object(m)
                })
                .collect(),
        )
    }

    /// The reconcile output of the CLI contract (`{"valid", "documents", "findings"}`).
    pub fn to_json(&self) -> String {
        let opt = |s: &Option<String>| s.clone().map_or(Value::Null, Value::String);
        let documents: Vec<Value> = self
            .documents
            .iter()
            .map(|d| {
                let mut m = Map::new();
                m.insert("document".into(), Value::String(d.name.clone()));
                m.insert("form".into(), opt(&d.form));
                m.insert("party".into(), opt(&d.party));
                m.insert("year".into(), d.year.map_or(Value::Null, Value::from));
                m.insert("version".into(), d.version.clone().unwrap_or(Value::Null));
                Value::Object(m)
            })
            .collect();
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|df| {
                let name = self.documents.get(df.document).map(|d| d.name.as_str());
                df.finding.to_value(Some(name.unwrap_or_default()))
            })
            .collect();
        let mut root = Map::new();
        root.insert("valid".into(), Value::Bool(self.valid()));
        root.insert("documents".into(), Value::Array(documents));
        root.insert("findings".into(), Value::Array(findings));
        Value::Object(root).to_string()
    }
}

/// The form of a document from its top-level members (see the module docs).
pub fn recognise(doc: &Value) -> Option<&'static str> {
    let Value::Object(m) = doc else { return None };
    let has = |k: &str| m.contains_key(k);
    if has("t1Submission")
        || has("t2Authorizations")
        || has("t3Actions")
        || has("t4Holdings")
        || has("t5AuthorizedEntities")
    {
        Some("aef")
    } else if has("authorizingParty") {
        Some("authorization")
    } else if has("reportType") || has("cooperativeApproaches") {
        Some("initial-report")
    } else {
        None
    }
}

/// `1.10` → (1, 10): AEF versions compare part by part.
fn version_key(v: Option<&Value>) -> (u64, u64) {
    match v {
        Some(Value::String(s)) => {
            let (a, b) = s.split_once('.').unwrap_or((s, "0"));
            (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
        }
        Some(Value::Number(n)) => (n.as_u64().unwrap_or(0), 0),
        _ => (0, 0),
    }
}

fn year_of_date(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_str)
        .and_then(|s| s.get(0..4))
        .and_then(|y| y.parse().ok())
}

impl Engine {
    /// Reconcile many documents: each validated on its own, then the cross-document
    /// rules. Inputs are read one at a time from `inputs` (a reader's error stops the
    /// run); an input of no recognisable form is an error naming it.
    pub fn reconcile(
        &self,
        inputs: impl IntoIterator<Item = Result<Input, EngineError>>,
        opts: &Options,
    ) -> Result<Reconciliation, EngineError> {
        let catalog = self.catalog(opts.lang.as_deref())?;
        let mut index = index::Index::default();
        let mut documents: Vec<Document> = Vec::new();
        let mut findings: Vec<DocumentFinding> = Vec::new();
        for input in inputs {
            let input = input?;
            let n = documents.len() as u32;
            if let Some(f) = &input.form {
                self.check_form(f)?;
            }
            let read = if input.text.len() > crate::MAX_INPUT_BYTES {
                Err(Box::new(crate::too_large(input.text.len(), "")))
            } else {
                crate::read_json(&input.text, "", &mut |_| {})
            };
            drop(input.text);
            let form = match (&input.form, &read) {
                (Some(f), _) => Some(f.clone()),
                (None, Ok((doc, _))) => Some(
                    recognise(doc)
                        .ok_or_else(|| {
                            EngineError::new("reconcile-form-unknown")
                                .arg("file", input.name.as_str())
                        })?
                        .to_owned(),
                ),
                (None, Err(_)) => None,
            };
            let mut doc_info = Document {
                name: input.name,
                form: form.clone(),
                party: None,
                year: None,
                version: None,
                replaced_by: None,
            };
            let (report, doc) = match &form {
                Some(f) => self.check_read(f, read, &[], opts, &mut |_, _| {})?,
                None => {
                    // Not JSON and no form: its syntax finding, rendered without labels.
                    let mut f = match read {
                        Err(f) => *f,
                        Ok(_) => Finding::new("json-syntax", Severity::Error, ""),
                    };
                    let fallback = self.catalogs.get(&self.manifest.default_language);
                    let label = catalog
                        .text("label.document", fallback)
                        .unwrap_or("The document")
                        .to_owned();
                    f.args.insert("field".into(), Value::String(label));
                    catalog.render(&mut f, fallback);
                    (
                        crate::Report {
                            findings: vec![f],
                            unreadable: true,
                        },
                        None,
                    )
                }
            };
            for f in report.findings {
                findings.push(DocumentFinding {
                    document: n as usize,
                    finding: f,
                });
            }
            if let (Some(doc), Some(form)) = (doc, form.as_deref()) {
                match form {
                    "aef" => {
                        doc_info.party = crate::identity::submitting_party(&doc).map(str::to_owned);
                        doc_info.year = doc
                            .pointer("/t1Submission/reportedYear")
                            .and_then(Value::as_i64);
                        doc_info.version = doc.pointer("/t1Submission/version").cloned();
                        index.add_aef(n, &doc, &self.cross_kinds);
                    }
                    "authorization" => {
                        doc_info.party = doc
                            .get("authorizingParty")
                            .and_then(Value::as_str)
                            .map(str::to_owned);
                        doc_info.year = year_of_date(doc.get("dateOfAuthorization"));
                        doc_info.version = doc.get("version").cloned();
                        index.add_authorization(n, &doc);
                    }
                    "initial-report" => {
                        doc_info.party =
                            doc.get("party").and_then(Value::as_str).map(str::to_owned);
                        doc_info.year = year_of_date(doc.get("submissionDate"));
                        index.add_initial_report(n, &doc);
                    }
                    _ => {}
                }
            }
            documents.push(doc_info);
        }
        let mut cross = self.replacements(&mut documents);
        let world = rules::World {
            index: &index,
            docs: &documents,
        };
        let flows = rules::flows(&world);
        for rule in &self.cross {
            let Some((severity, overridden)) = crate::rules::effective_severity(
                &opts.rules,
                &rule.code,
                &rule.aliases,
                rule.severity,
                rule.unconfirmed,
            ) else {
                continue;
            };
            for hit in rule.function.run(&world) {
                let severity = crate::rules::hit_severity(hit.severity, severity, overridden);
                let mut f = Finding::new(&rule.code, severity, hit.pointer);
                f.message_key = rule.message.clone();
                f.args = hit.args;
                if let Some((d, p)) = hit.other {
                    let other = &documents[d as usize];
                    f.args
                        .insert("otherDocument".into(), Value::String(other.name.clone()));
                    if let Some(form) = other.form.as_deref().and_then(|k| self.form(k).ok()) {
                        let label = form
                            .labels
                            .label_in(
                                &p,
                                catalog.labels_of(other.form.as_deref().unwrap_or_default()),
                            )
                            .map(str::to_owned);
                        if let Some(l) = label {
                            f.args.insert("otherField".into(), Value::String(l));
                        }
                    }
                    f.args.insert("other".into(), Value::String(p));
                }
                cross.push((hit.doc as usize, f));
            }
        }
        // Render each cross-document finding with its document's form and labels.
        for (d, f) in &mut cross {
            if let Some(key) = documents[*d].form.clone() {
                let form = self.form(&key)?;
                self.render(form, &key, catalog, std::slice::from_mut(f));
            }
        }
        findings.extend(
            cross
                .into_iter()
                .map(|(document, finding)| DocumentFinding { document, finding }),
        );
        // Document by document, in input order; each one's own findings first.
        findings.sort_by_key(|f| f.document);
        Ok(Reconciliation {
            documents,
            findings,
            flows,
        })
    }

    /// Mark the lower versions of the same submission (Party, reported year) as replaced,
    /// with an info finding on each replaced input naming the one that replaces it.
    fn replacements(&self, documents: &mut [Document]) -> Vec<(usize, Finding)> {
        let mut out = Vec::new();
        for i in 0..documents.len() {
            let d = &documents[i];
            if d.form.as_deref() != Some("aef") || d.party.is_none() || d.year.is_none() {
                continue;
            }
            // The winner: highest version, the later input on a tie.
            let winner = (0..documents.len())
                .filter(|&j| {
                    let o = &documents[j];
                    o.form == d.form && o.party == d.party && o.year == d.year
                })
                .max_by_key(|&j| (version_key(documents[j].version.as_ref()), j));
            if let Some(w) = winner.filter(|&w| w != i) {
                let by = documents[w].name.clone();
                let mut f = Finding::new(
                    "submission-replaced",
                    Severity::Info,
                    "/t1Submission/version",
                )
                .arg("otherDocument", by)
                .arg("other", "/t1Submission/version");
                if let Some(v) = &documents[i].version {
                    f = f.arg("value", v.clone());
                }
                if let Some(v) = &documents[w].version {
                    f = f.arg("expected", v.clone());
                }
                out.push((i, f));
                documents[i].replaced_by = Some(w as u32);
            }
        }
        out
    }
}
