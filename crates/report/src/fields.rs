//! The AEF v2 tables as columns: JSON key, AEF label (the workbook header text), and
//! how a cell is read and written. One list serves the workbook reader and writer and
//! the CSV writer, so the three cannot drift apart.
//!
//! Labels are those of the AEF second iteration as transcribed in the domain brief
//! (sections 2.2, 2.3, 4.4, 4.6, 4.7); each column also accepts its technical name.

/// How a cell's value is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free or controlled text.
    Text,
    /// A version `X.Y` (T1): a number cell `1` reads as `1.0`.
    Version,
    /// A calendar date: ISO in JSON, `dd/mm/yyyy` in the workbook.
    Date,
    /// The T3 action date: an ISO date or ISO UTC date-time.
    DateTime,
    /// A whole number (years, versions, authorized quantity).
    Integer,
    /// A First ID / Last ID: an integer serial or a full ITMO unique identifier.
    Serial,
    /// An underlying unit ID: an integer or the registry's serial text.
    UnitId,
    /// A quantity: an exact decimal number.
    Quantity,
    /// A multi-valued cell: comma- or semicolon-separated text, a JSON array.
    List,
    /// Filled by the CARP; the template shows the given placeholder.
    Carp(&'static str),
}

/// The CARP placeholder for information fields.
pub const CARP_INFO: &str = "{Information in this field is populated by the CARP}";
/// The CARP placeholder for links.
pub const CARP_LINK: &str = "{Link to be produced by the CARP}";

/// One column (or, in Table 1, one row) of an AEF table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Canonical JSON key.
    pub key: &'static str,
    /// AEF label: the header text in the workbook.
    pub label: &'static str,
    /// Technical name of the common nomenclature, accepted as a header too.
    pub technical: &'static str,
    /// How the cell is read and written.
    pub kind: Kind,
}

const fn col(
    key: &'static str,
    label: &'static str,
    technical: &'static str,
    kind: Kind,
) -> Column {
    Column {
        key,
        label,
        technical,
        kind,
    }
}

/// One AEF table and where it sits in the workbook.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// JSON key of the table (`t3Actions`).
    pub key: &'static str,
    /// Sheet name in the v2 template.
    pub sheet: &'static str,
    /// Short name for CSV files (`table3-actions`).
    pub file: &'static str,
    /// Header row (1-based); for Table 1 the first label row.
    pub header_row: u32,
    /// Columns in template order.
    pub columns: &'static [Column],
}

use Kind::*;

/// Table 1 "Submission" (transposed: labels in column B from row 4, values in column C).
pub const T1: Table = Table {
    key: "t1Submission",
    sheet: "Table 1 Submission",
    file: "table1-submission",
    header_row: 4,
    columns: &[
        col("party", "Party", "ParticipatingParty", Text),
        col("version", "Version", "SubmissionVersion", Version),
        col("reportedYear", "Reported year", "ReportedYear", Integer),
        col(
            "dateOfSubmission",
            "Date of submission",
            "DateOfSubmission",
            Date,
        ),
        col(
            "reviewStatus",
            "Review status of the initial report",
            "ReviewStatusOfInitialReport",
            Carp(CARP_INFO),
        ),
        col(
            "consistencyCheckResult",
            "Result of the consistency check of this AEF submission",
            "ResultOfConsistencyCheck",
            Carp(CARP_INFO),
        ),
        col(
            "ndcFirstYear",
            "First year of the NDC implementation period",
            "FirstYearOfNDCPeriod",
            Integer,
        ),
        col(
            "ndcLastYear",
            "Last year of the NDC implementation period",
            "LastYearOfNDCPeriod",
            Integer,
        ),
        col(
            "terReportReference",
            "Reference to the Article 6 TER report of the initial report",
            "ReferenceToTerReport",
            Carp(CARP_LINK),
        ),
    ],
};

/// Table 2 "Authorizations" (19 columns, header row 7).
pub const T2: Table = Table {
    key: "t2Authorizations",
    sheet: "Table 2 Authorizations",
    file: "table2-authorizations",
    header_row: 7,
    columns: &[
        col(
            "authorizationId",
            "Authorization ID",
            "AuthorizationID",
            Text,
        ),
        col(
            "dateOfAuthorization",
            "Date of authorization",
            "DateOfAuthorization",
            Date,
        ),
        col(
            "cooperativeApproachId",
            "Cooperative approach ID",
            "CooperativeApproachID",
            Text,
        ),
        col(
            "version",
            "Version of the authorization",
            "AuthorizationVersion",
            Integer,
        ),
        col(
            "authorizedQuantity",
            "Authorized quantity",
            "AuthorizedQuantity",
            Integer,
        ),
        col("metric", "Metric", "Metric", Text),
        col("gwpValues", "Applicable GWP value(s)", "GWPValues", Text),
        col(
            "nonGhgMetric",
            "Applicable non-GHG metric",
            "Non-GHGMetric",
            Text,
        ),
        col("sectors", "Sector(s)", "Sectors", List),
        col("activityTypes", "Activity type(s)", "ActivityType", List),
        col(
            "purposes",
            "Purposes for authorization",
            "PurposeForAuthorization",
            Text,
        ),
        col(
            "authorizedParties",
            "Authorized Party(ies) ID",
            "AuthorizedPartyIDs",
            List,
        ),
        col(
            "authorizedEntities",
            "Authorized entity(ies) ID",
            "AuthorizedEntityIDs",
            List,
        ),
        col(
            "oimpAuthorized",
            "OIMP authorized by the Party",
            "OIMPAuthorized",
            Text,
        ),
        col(
            "authorizedTimeframe",
            "Authorized timeframe",
            "AuthorizedTimeframe",
            Text,
        ),
        col(
            "termsAndConditions",
            "Authorization terms and conditions",
            "AuthorizationT&Cs",
            Text,
        ),
        col(
            "authorizationDocumentation",
            "Authorization documentation",
            "AuthorizationDocumentation",
            Carp(CARP_LINK),
        ),
        col(
            "firstTransferDefinitionOimp",
            "First transfer definition for OIMP",
            "FirstTransferDefnForOIMP",
            Text,
        ),
        col(
            "additionalInformation",
            "Additional explanatory information",
            "AdditionalExplanatoryInformation",
            Text,
        ),
    ],
};

/// The block columns shared by Table 3 and Table 4, in template order.
macro_rules! block_columns {
    () => {
        [
            col(
                "cooperativeApproachId",
                "Cooperative approach ID",
                "CooperativeApproachID",
                Text,
            ),
            col(
                "authorizationId",
                "Authorization ID",
                "AuthorizationID",
                Text,
            ),
            col(
                "firstTransferringPartyId",
                "First transferring participating Party ID",
                "FirstTransferringPartyID",
                Text,
            ),
            col(
                "partyItmoRegistryId",
                "Party ITMO registry ID",
                "PartyITMORegistryID",
                Text,
            ),
            col("firstId", "First ID", "FirstID", Serial),
            col("lastId", "Last ID", "LastID", Serial),
            col(
                "underlyingUnitRegistryId",
                "Underlying unit registry ID",
                "UnderlyingUnitRegistryID",
                Text,
            ),
            col(
                "firstUnitId",
                "First unit ID",
                "UnderlyingUnitFirstUnitID",
                UnitId,
            ),
            col(
                "lastUnitId",
                "Last unit ID",
                "UnderlyingUnitLastUnitID",
                UnitId,
            ),
            col("metric", "Metric", "Metric", Text),
            col("gwpValues", "Applicable GWP value(s)", "GWPValues", Text),
            col(
                "nonGhgMetric",
                "Applicable non-GHG metric",
                "Non-GHGMetric",
                Text,
            ),
            col(
                "quantityTCO2e",
                "Quantity (t CO2 eq)",
                "QuantityCO2",
                Quantity,
            ),
            col(
                "quantityNonGhg",
                "Quantity (in non-GHG metric)",
                "QuantityNon-GHG",
                Quantity,
            ),
            col("mitigationType", "Mitigation type", "MitigationType", Text),
            col("vintage", "Vintage", "Vintage", Integer),
        ]
    };
}

const BLOCK: [Column; 16] = block_columns!();

const fn t3_columns() -> [Column; 27] {
    let head = [
        col("actionDate", "Action date", "ActionDateTime", DateTime),
        col("actionType", "Action type", "ActionType", Text),
        col("actionSubtype", "Action subtype", "ActionSubtype", Text),
    ];
    let tail = [
        col(
            "transferringPartyId",
            "Transferring participating Party ID",
            "TransferringPartyID",
            Text,
        ),
        col(
            "acquiringPartyId",
            "Acquiring participating Party ID",
            "AcquiringPartyID",
            Text,
        ),
        col(
            "purposeOimp",
            "Purpose for which the ITMO has been used towards or cancelled for OIMP",
            "PurposeITMOUsedForOIMP",
            Text,
        ),
        col(
            "usingPartyId",
            "Using/cancelling participating Party ID",
            "Using/cancellingPartyID",
            Text,
        ),
        col(
            "usingEntityId",
            "Using/cancelling authorized entity ID",
            "Using/cancellingEntityID",
            Text,
        ),
        col(
            "yearUsedTowardsNdc",
            "Calendar year for which the ITMOs are used towards the Party's NDC",
            "YearITMOUsedTowardsNDC",
            Integer,
        ),
        col(
            "consistencyCheckResult",
            "Result of the consistency checks",
            "ResultOfConsistencyChecks",
            Carp(CARP_INFO),
        ),
        col(
            "additionalInformation",
            "Additional explanatory information",
            "AdditionalExplanatoryInformation",
            Text,
        ),
    ];
    let mut out = [head[0]; 27];
    let mut i = 0;
    while i < 3 {
        out[i] = head[i];
        i += 1;
    }
    let mut j = 0;
    while j < 16 {
        out[3 + j] = BLOCK[j];
        j += 1;
    }
    let mut k = 0;
    while k < 8 {
        out[19 + k] = tail[k];
        k += 1;
    }
    out
}

const T3_COLUMNS: [Column; 27] = t3_columns();

/// Table 3 "Actions" (27 columns, header row 8).
pub const T3: Table = Table {
    key: "t3Actions",
    sheet: "Table 3 Actions",
    file: "table3-actions",
    header_row: 8,
    columns: &T3_COLUMNS,
};

/// Table 4 "Holdings" (16 columns, header row 7).
pub const T4: Table = Table {
    key: "t4Holdings",
    sheet: "Table 4 Holdings",
    file: "table4-holdings",
    header_row: 7,
    columns: &BLOCK,
};

/// Table 5 "Authorized entities" (8 columns, header row 10).
pub const T5: Table = Table {
    key: "t5AuthorizedEntities",
    sheet: "Table 5 Auth. entities",
    file: "table5-authorized-entities",
    header_row: 10,
    columns: &[
        col(
            "dateOfAuthorization",
            "Date of the authorization",
            "DateOfAuthorization",
            Date,
        ),
        col("name", "Name", "AuthorizedEntityName", Text),
        col(
            "countryOfIncorporation",
            "Country of incorporation",
            "AuthorizedEntityCountryOfIncorporation",
            Text,
        ),
        col(
            "identificationNumber",
            "Identification number",
            "AuthorizedEntityID",
            Text,
        ),
        col(
            "cooperativeApproachId",
            "Cooperative approach ID",
            "CooperativeApproachID",
            Text,
        ),
        col(
            "conditions",
            "Conditions",
            "AuthorizedEntityConditions",
            Text,
        ),
        col(
            "changeAndRevocationConditions",
            "Change and revocation conditions",
            "AuthorizedEntityChangeConditions",
            Text,
        ),
        col(
            "additionalInformation",
            "Additional explanatory information",
            "AdditionalExplanatoryInformation",
            Text,
        ),
    ],
};

/// The row tables (T2-T5), in workbook order.
pub const ROW_TABLES: [Table; 4] = [T2, T3, T4, T5];

/// Sheet names of the v2 template, in order.
pub const SHEETS: [&str; 7] = [
    "Index",
    "Summary information",
    "Table 1 Submission",
    "Table 2 Authorizations",
    "Table 3 Actions",
    "Table 4 Holdings",
    "Table 5 Auth. entities",
];

/// The JSON keys of an ITMO block (Table 4 row; the block part of a Table 3 row).
pub fn block_keys() -> impl Iterator<Item = &'static str> {
    BLOCK.iter().map(|c| c.key)
}

/// Header text as compared: case-insensitive, whitespace collapsed, curly quotes straight,
/// and a trailing footnote marker (`*`, `(a)`, a superscript digit) dropped.
pub fn header_key(s: &str) -> String {
    let mut t: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{a0}' | '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    loop {
        let before = t.len();
        t = t
            .trim_end_matches(['*', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰'])
            .trim_end()
            .to_owned();
        if let Some(i) = t.rfind(" (") {
            let tail = &t[i + 2..];
            if tail.len() == 2 && tail.ends_with(')') && tail.as_bytes()[0].is_ascii_lowercase() {
                t.truncate(i);
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// The column whose label or technical name is `header`, if any.
pub fn find_column<'t>(table: &'t Table, header: &str) -> Option<&'t Column> {
    let h = header_key(header);
    if h.is_empty() {
        return None;
    }
    table
        .columns
        .iter()
        .find(|c| header_key(c.label) == h)
        .or_else(|| table.columns.iter().find(|c| header_key(c.technical) == h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_the_aef_column_counts() {
        assert_eq!(T1.columns.len(), 9);
        assert_eq!(T2.columns.len(), 19);
        assert_eq!(T3.columns.len(), 27);
        assert_eq!(T4.columns.len(), 16);
        assert_eq!(T5.columns.len(), 8);
        assert_eq!(T3.columns[3].key, "cooperativeApproachId");
        assert_eq!(T3.columns[26].key, "additionalInformation");
    }

    #[test]
    fn headers_match_loosely() {
        assert_eq!(
            find_column(&T3, "  first   ID* ").map(|c| c.key),
            Some("firstId")
        );
        assert_eq!(
            find_column(&T3, "Quantity (t CO2 eq)").map(|c| c.key),
            Some("quantityTCO2e")
        );
        assert_eq!(
            find_column(&T3, "Vintage (a)").map(|c| c.key),
            Some("vintage")
        );
        assert_eq!(
            find_column(&T3, "QuantityCO2").map(|c| c.key),
            Some("quantityTCO2e")
        );
        assert_eq!(
            find_column(
                &T3,
                "Calendar year for which the ITMOs are used towards the Party\u{2019}s NDC"
            )
            .map(|c| c.key),
            Some("yearUsedTowardsNdc")
        );
        assert!(find_column(&T3, "First IDs").is_none());
    }
}
