//! Validation errors: what failed, where in the instance, and where in the schema.

use serde_json::Value;
use std::fmt;

/// A set of JSON types, as `type` names them (iteration order: null, boolean, integer,
/// number, string, array, object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeSet(u8);

const NAMES: [&str; 7] = [
    "null", "boolean", "integer", "number", "string", "array", "object",
];

impl TypeSet {
    /// No type.
    pub const EMPTY: TypeSet = TypeSet(0);

    /// The set holding one type name, or `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<TypeSet> {
        NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| TypeSet(1 << i))
    }

    /// Both sets together.
    pub fn union(self, o: TypeSet) -> TypeSet {
        TypeSet(self.0 | o.0)
    }

    pub(crate) fn has(self, bit: u8) -> bool {
        self.0 & (1 << bit) != 0
    }

    /// True when the instance is of one of the types (`integer` by value: `1.0` counts).
    pub fn matches(self, v: &Value) -> bool {
        match v {
            Value::Null => self.has(0),
            Value::Bool(_) => self.has(1),
            Value::Number(n) => self.has(3) || (self.has(2) && crate::num::is_integer(n)),
            Value::String(_) => self.has(4),
            Value::Array(_) => self.has(5),
            Value::Object(_) => self.has(6),
        }
    }

    /// The type names in the set.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
    }

    /// Number of types in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// True for the empty set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What failed. Values borrow from the compiled schema.
#[derive(Debug, Clone)]
pub enum ErrorKind<'a> {
    /// The instance is not of the expected type(s).
    Type {
        /// The accepted types.
        expected: TypeSet,
    },
    /// Not one of the `enum` values.
    Enum {
        /// The `enum` array.
        options: &'a Value,
    },
    /// Not the `const` value.
    Const {
        /// The expected value.
        expected: &'a Value,
    },
    /// A required property is missing (from `required` or `dependentRequired`).
    Required {
        /// The missing name (a JSON string).
        property: &'a Value,
    },
    /// The string does not match `pattern`.
    Pattern {
        /// The pattern text.
        pattern: &'a Value,
    },
    /// The string is not in the asserted `format`.
    Format {
        /// The format name.
        format: &'a Value,
    },
    /// Below `minimum`.
    Minimum {
        /// The limit as written.
        limit: &'a Value,
    },
    /// Above `maximum`.
    Maximum {
        /// The limit as written.
        limit: &'a Value,
    },
    /// Not above `exclusiveMinimum`.
    ExclusiveMinimum {
        /// The limit as written.
        limit: &'a Value,
    },
    /// Not below `exclusiveMaximum`.
    ExclusiveMaximum {
        /// The limit as written.
        limit: &'a Value,
    },
    /// Not a multiple of `multipleOf`.
    MultipleOf {
        /// The divisor as written.
        multiple_of: &'a Value,
    },
    /// Shorter than `minLength` characters.
    MinLength {
        /// The limit.
        limit: u64,
    },
    /// Longer than `maxLength` characters.
    MaxLength {
        /// The limit.
        limit: u64,
    },
    /// Fewer than `minItems` items.
    MinItems {
        /// The limit.
        limit: u64,
    },
    /// More than `maxItems` items.
    MaxItems {
        /// The limit.
        limit: u64,
    },
    /// Fewer than `minProperties` members.
    MinProperties {
        /// The limit.
        limit: u64,
    },
    /// More than `maxProperties` members.
    MaxProperties {
        /// The limit.
        limit: u64,
    },
    /// Two equal items under `uniqueItems`.
    UniqueItems,
    /// Members that `additionalProperties` rejects (one error for all of them).
    AdditionalProperties {
        /// The rejected names, in document order.
        unexpected: Vec<String>,
    },
    /// Members that `unevaluatedProperties` rejects.
    UnevaluatedProperties {
        /// The rejected names, in document order.
        unexpected: Vec<String>,
    },
    /// Items that `unevaluatedItems` rejects.
    UnevaluatedItems {
        /// The rejected items as JSON text.
        unexpected: Vec<String>,
    },
    /// No `anyOf` branch holds.
    AnyOf,
    /// No `oneOf` branch holds.
    OneOfNotValid,
    /// More than one `oneOf` branch holds.
    OneOfMultipleValid,
    /// The `not` schema holds.
    Not {
        /// The `not` schema.
        schema: &'a Value,
    },
    /// Too few (or too many, with `maxContains`) items match `contains`.
    Contains,
    /// A property name fails `propertyNames`.
    PropertyNames {
        /// The failing name.
        name: String,
    },
    /// The `false` schema.
    FalseSchema,
    /// A finding keyword (`x-a6-finding`) applies here.
    Finding {
        /// The keyword.
        keyword: &'a str,
        /// Its value: `{"code", "severity"?, "message"?, "args"?}`.
        spec: &'a Value,
    },
    /// `$ref` recursion went deeper than the validator allows.
    RecursionLimit,
}

impl ErrorKind<'_> {
    /// The keyword that failed (`falseSchema` for the `false` schema).
    pub fn keyword(&self) -> &str {
        match self {
            ErrorKind::Type { .. } => "type",
            ErrorKind::Enum { .. } => "enum",
            ErrorKind::Const { .. } => "const",
            ErrorKind::Required { .. } => "required",
            ErrorKind::Pattern { .. } => "pattern",
            ErrorKind::Format { .. } => "format",
            ErrorKind::Minimum { .. } => "minimum",
            ErrorKind::Maximum { .. } => "maximum",
            ErrorKind::ExclusiveMinimum { .. } => "exclusiveMinimum",
            ErrorKind::ExclusiveMaximum { .. } => "exclusiveMaximum",
            ErrorKind::MultipleOf { .. } => "multipleOf",
            ErrorKind::MinLength { .. } => "minLength",
            ErrorKind::MaxLength { .. } => "maxLength",
            ErrorKind::MinItems { .. } => "minItems",
            ErrorKind::MaxItems { .. } => "maxItems",
            ErrorKind::MinProperties { .. } => "minProperties",
            ErrorKind::MaxProperties { .. } => "maxProperties",
            ErrorKind::UniqueItems => "uniqueItems",
            ErrorKind::AdditionalProperties { .. } => "additionalProperties",
            ErrorKind::UnevaluatedProperties { .. } => "unevaluatedProperties",
            ErrorKind::UnevaluatedItems { .. } => "unevaluatedItems",
            ErrorKind::AnyOf => "anyOf",
            ErrorKind::OneOfNotValid | ErrorKind::OneOfMultipleValid => "oneOf",
            ErrorKind::Not { .. } => "not",
            ErrorKind::Contains => "contains",
            ErrorKind::PropertyNames { .. } => "propertyNames",
            ErrorKind::FalseSchema => "falseSchema",
            ErrorKind::Finding { keyword, .. } => keyword,
            ErrorKind::RecursionLimit => "$ref",
        }
    }
}

/// One validation error.
#[derive(Debug, Clone)]
pub struct Error<'a> {
    /// What failed.
    pub kind: ErrorKind<'a>,
    /// JSON Pointer of the failing value in the instance.
    pub instance_path: String,
    /// JSON Pointer of the failing keyword in the schema document that holds it
    /// (after following `$ref`).
    pub schema_path: String,
    /// The keywords as traversed from the root, `$ref` segments included.
    pub evaluation_path: String,
    /// The failing value.
    pub instance: &'a Value,
}

fn plural(f: &mut fmt::Formatter<'_>, n: u64, one: &str, many: &str) -> fmt::Result {
    f.write_str(if n == 1 { one } else { many })
}

fn quoted_list(f: &mut fmt::Formatter<'_>, names: &[String]) -> fmt::Result {
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{}", Value::String(n.clone()))?;
    }
    let verb = if names.len() == 1 { "was" } else { "were" };
    write!(f, " {verb} unexpected)")
}

impl fmt::Display for Error<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = self.instance;
        match &self.kind {
            ErrorKind::Type { expected } => {
                if expected.len() == 1 {
                    let t = expected.names().next().unwrap_or("null");
                    write!(f, "{i} is not of type \"{t}\"")
                } else {
                    let names: Vec<String> = expected.names().map(|n| format!("\"{n}\"")).collect();
                    write!(f, "{i} is not of types {}", names.join(", "))
                }
            }
            ErrorKind::Enum { options } => write!(f, "{i} is not one of {options}"),
            ErrorKind::Const { expected } => write!(f, "{expected} was expected"),
            ErrorKind::Required { property } => write!(f, "{property} is a required property"),
            ErrorKind::Pattern { pattern } => {
                write!(f, "{i} does not match {pattern}")
            }
            ErrorKind::Format { format } => write!(f, "{i} is not a {format}"),
            ErrorKind::Minimum { limit } => write!(f, "{i} is less than the minimum of {limit}"),
            ErrorKind::Maximum { limit } => {
                write!(f, "{i} is greater than the maximum of {limit}")
            }
            ErrorKind::ExclusiveMinimum { limit } => {
                write!(f, "{i} is less than or equal to the minimum of {limit}")
            }
            ErrorKind::ExclusiveMaximum { limit } => {
                write!(f, "{i} is greater than or equal to the maximum of {limit}")
            }
            ErrorKind::MultipleOf { multiple_of } => {
                write!(f, "{i} is not a multiple of {multiple_of}")
            }
            ErrorKind::MinLength { limit } => {
                write!(f, "{i} is shorter than {limit} character")?;
                plural(f, *limit, "", "s")
            }
            ErrorKind::MaxLength { limit } => {
                write!(f, "{i} is longer than {limit} character")?;
                plural(f, *limit, "", "s")
            }
            ErrorKind::MinItems { limit } => {
                write!(f, "{i} has less than {limit} item")?;
                plural(f, *limit, "", "s")
            }
            ErrorKind::MaxItems { limit } => {
                write!(f, "{i} has more than {limit} item")?;
                plural(f, *limit, "", "s")
            }
            ErrorKind::MinProperties { limit } => {
                write!(f, "{i} has less than {limit} propert")?;
                plural(f, *limit, "y", "ies")
            }
            ErrorKind::MaxProperties { limit } => {
                write!(f, "{i} has more than {limit} propert")?;
                plural(f, *limit, "y", "ies")
            }
            ErrorKind::UniqueItems => write!(f, "{i} has non-unique elements"),
            ErrorKind::AdditionalProperties { unexpected } => {
                f.write_str("Additional properties are not allowed (")?;
                quoted_list(f, unexpected)
            }
            ErrorKind::UnevaluatedProperties { unexpected } => {
                f.write_str("Unevaluated properties are not allowed (")?;
                quoted_list(f, unexpected)
            }
            ErrorKind::UnevaluatedItems { unexpected } => {
                f.write_str("Unevaluated items are not allowed (")?;
                quoted_list(f, unexpected)
            }
            ErrorKind::AnyOf => write!(
                f,
                "{i} is not valid under any of the schemas listed in the 'anyOf' keyword"
            ),
            ErrorKind::OneOfNotValid => write!(
                f,
                "{i} is not valid under any of the schemas listed in the 'oneOf' keyword"
            ),
            ErrorKind::OneOfMultipleValid => write!(
                f,
                "{i} is valid under more than one of the schemas listed in the 'oneOf' keyword"
            ),
            ErrorKind::Not { schema } => write!(f, "{schema} is not allowed for {i}"),
            ErrorKind::Contains => write!(f, "None of {i} are valid under the given schema"),
            ErrorKind::PropertyNames { name } => {
                write!(
                    f,
                    "{} is not a valid property name",
                    Value::String(name.clone())
                )
            }
            ErrorKind::FalseSchema => write!(f, "False schema does not allow {i}"),
            ErrorKind::Finding { spec, .. } => write!(f, "{spec}"),
            ErrorKind::RecursionLimit => f.write_str("$ref recursion too deep"),
        }
    }
}
