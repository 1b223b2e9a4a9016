//! The legacy import: a CSV file of registry accounts in, SQL for D1 out.
//!
//! Every row is checked before anything is written, so a file with one bad row
//! loads nothing. The SQL inserts with `ON CONFLICT DO NOTHING` and writes an
//! audit event only for rows it inserted: running the same file again changes
//! nothing.

use std::collections::HashSet;

pub mod synthetic;

use domain::audit::{Actor, AuditEvent};
use domain::identity::{iso_date, person_name};
use domain::{AccountType, Email, LicenseNumber, MigrationState, RegistryNumber, UsState};

/// The columns of an import file, in the order the README lists them.
pub const COLUMNS: [&str; 14] = [
    "registry_number",
    "account_type",
    "examiner_registry_number",
    "first_name",
    "last_name",
    "license_number",
    "license_state",
    "primary_email",
    "secondary_email",
    "migration_state",
    "login_gov_subject",
    "certification_issued",
    "certification_expires",
    "date_of_birth",
];

/// Columns a file may leave out: the legacy registry did not always hold them.
const OPTIONAL_COLUMNS: [&str; 1] = ["date_of_birth"];

/// What is wrong with one line of the file. Line 1 is the header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

/// One registry account, every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyAccount {
    pub registry_number: RegistryNumber,
    pub account_type: AccountType,
    /// Set exactly when the account works for an examiner.
    pub examiner: Option<RegistryNumber>,
    pub first_name: String,
    pub last_name: String,
    /// An examiner's professional license and the State that issued it.
    pub license: Option<(LicenseNumber, UsState)>,
    pub primary_email: Email,
    pub secondary_email: Option<Email>,
    pub migration_state: MigrationState,
    pub login_gov_subject: Option<String>,
    /// Issue and expiry dates of the examiner's certification, `YYYY-MM-DD`.
    pub certification: Option<(String, String)>,
    /// `YYYY-MM-DD`: compared with the one login.gov verifies, where an address proves nothing.
    pub date_of_birth: Option<String>,
}

/// Reads a whole file. Either every row is good, or every bad row is reported.
pub fn parse_registry_csv(text: &str) -> Result<Vec<LegacyAccount>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let header_error = |reason: String| vec![RowError { line: 1, reason }];
    let headers = reader.headers().map_err(|e| header_error(e.to_string()))?.clone();
    let index = column_index(&headers).map_err(header_error)?;

    let mut accounts = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, csv::Position::line);
                match parse_row(&Row { index: &index, record: &record }) {
                    Ok(account) => accounts.push((line, account)),
                    Err(reason) => errors.push(RowError { line, reason }),
                }
            }
            Err(e) => {
                errors.push(RowError { line: e.position().map_or(0, csv::Position::line), reason: e.to_string() })
            }
        }
    }
    errors.extend(check_across_rows(&accounts));
    if errors.is_empty() {
        Ok(accounts.into_iter().map(|(_, account)| account).collect())
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Where each of [`COLUMNS`] stands in this file.
struct ColumnIndex(Vec<(&'static str, usize)>);

/// One record, read by column name; an absent or blank field reads as "".
struct Row<'r> {
    index: &'r ColumnIndex,
    record: &'r csv::StringRecord,
}

impl<'r> Row<'r> {
    fn field(&self, name: &str) -> &'r str {
        let position = self.index.0.iter().find(|(n, _)| *n == name).map(|(_, i)| *i);
        position.and_then(|i| self.record.get(i)).unwrap_or("")
    }

    fn optional(&self, name: &str) -> Option<&'r str> {
        Some(self.field(name)).filter(|v| !v.is_empty())
    }
}

fn column_index(headers: &csv::StringRecord) -> Result<ColumnIndex, String> {
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(h)) {
        return Err(format!("unknown column \"{unknown}\"; the columns are {}", COLUMNS.join(",")));
    }
    COLUMNS
        .iter()
        .filter_map(|&name| match headers.iter().position(|h| h == name) {
            Some(i) => Some(Ok((name, i))),
            None if OPTIONAL_COLUMNS.contains(&name) => None,
            None => Some(Err(format!("the column \"{name}\" is missing"))),
        })
        .collect::<Result<_, _>>()
        .map(ColumnIndex)
}

fn parse_row(row: &Row) -> Result<LegacyAccount, String> {
    let field = |name| row.field(name);
    let optional = |name| row.optional(name);
    let named = |name: &str, reason: String| format!("{name}: {reason}");

    let registry_number =
        RegistryNumber::parse(field("registry_number")).map_err(|e| named("registry_number", e.to_string()))?;
    let account_type = AccountType::parse(field("account_type")).map_err(|e| named("account_type", e.to_string()))?;
    let examiner = optional("examiner_registry_number")
        .map(RegistryNumber::parse)
        .transpose()
        .map_err(|e| named("examiner_registry_number", e.to_string()))?;
    match (account_type.works_for_an_examiner(), &examiner) {
        (true, None) => return Err(format!("examiner_registry_number: a {account_type} works for an examiner; give the examiner's National Registry number")),
        (false, Some(_)) => return Err("examiner_registry_number: a Medical Examiner works for nobody; leave it empty".into()),
        _ => {}
    }

    let first_name = person_name(field("first_name")).map_err(|e| named("first_name", e))?;
    let last_name = person_name(field("last_name")).map_err(|e| named("last_name", e))?;

    let license = match (optional("license_number"), optional("license_state")) {
        (None, None) => None,
        (Some(number), Some(state)) => Some((
            LicenseNumber::parse(number).map_err(|e| named("license_number", e.to_string()))?,
            UsState::parse(state).map_err(|e| named("license_state", e.to_string()))?,
        )),
        _ => return Err("license_number and license_state go together".into()),
    };
    if account_type.works_for_an_examiner() != license.is_none() {
        return Err(if license.is_none() {
            "license_number: a Medical Examiner has a professional license number and State".into()
        } else {
            format!("license_number: a {account_type} has no professional license; leave it empty")
        });
    }

    let primary_email = Email::parse(field("primary_email")).map_err(|e| named("primary_email", e.to_string()))?;
    let secondary_email = optional("secondary_email")
        .map(Email::parse)
        .transpose()
        .map_err(|e| named("secondary_email", e.to_string()))?;
    if secondary_email.as_ref() == Some(&primary_email) {
        return Err("secondary_email: it repeats the primary email; leave it empty".into());
    }

    let migration_state = optional("migration_state")
        .map(MigrationState::parse)
        .transpose()
        .map_err(|e| named("migration_state", e.to_string()))?
        .unwrap_or(MigrationState::Legacy);
    let login_gov_subject = optional("login_gov_subject").map(str::to_owned);
    if (migration_state == MigrationState::Linked) != login_gov_subject.is_some() {
        return Err("login_gov_subject: it is given exactly when migration_state is linked".into());
    }
    if login_gov_subject.as_deref().is_some_and(|s| s.len() > 255 || s.chars().any(char::is_control)) {
        return Err("login_gov_subject: at most 255 characters and no control characters".into());
    }

    let certification = match (optional("certification_issued"), optional("certification_expires")) {
        (None, None) => None,
        (Some(issued), Some(expires)) => {
            let issued = iso_date(issued).map_err(|e| named("certification_issued", e))?;
            let expires = iso_date(expires).map_err(|e| named("certification_expires", e))?;
            // Same-width ISO dates order as text.
            if expires <= issued {
                return Err("certification_expires: it comes after certification_issued".into());
            }
            Some((issued, expires))
        }
        _ => return Err("certification_issued and certification_expires go together".into()),
    };
    if certification.is_some() && account_type.works_for_an_examiner() {
        return Err(format!("certification_issued: a {account_type} is not certified; leave it empty"));
    }

    let date_of_birth = optional("date_of_birth")
        .map(|value| {
            let date = iso_date(value)?;
            // Same-width ISO dates order as text.
            if date.as_str() < "1900-01-01" {
                return Err(format!("\"{value}\" is before 1900"));
            }
            Ok(date)
        })
        .transpose()
        .map_err(|e| named("date_of_birth", e))?;

    Ok(LegacyAccount {
        registry_number,
        account_type,
        examiner,
        first_name,
        last_name,
        license,
        primary_email,
        secondary_email,
        migration_state,
        login_gov_subject,
        certification,
        date_of_birth,
    })
}

/// Rules that need the whole file: numbers and subjects are unique, and an
/// assistant's examiner is an examiner in the same file.
fn check_across_rows(accounts: &[(u64, LegacyAccount)]) -> Vec<RowError> {
    let examiners: HashSet<&RegistryNumber> = accounts
        .iter()
        .filter(|(_, a)| a.account_type == AccountType::MedicalExaminer)
        .map(|(_, a)| &a.registry_number)
        .collect();
    let mut numbers = HashSet::new();
    let mut subjects = HashSet::new();
    let mut errors = Vec::new();
    for (line, account) in accounts {
        let mut fail = |reason: String| errors.push(RowError { line: *line, reason });
        if !numbers.insert(&account.registry_number) {
            fail(format!("registry_number: {} appears on an earlier line", account.registry_number));
        }
        if let Some(subject) = &account.login_gov_subject {
            if !subjects.insert(subject) {
                fail(
                    "login_gov_subject: it appears on an earlier line; a login.gov identity links to one account"
                        .into(),
                );
            }
        }
        if let Some(examiner) = &account.examiner {
            if !examiners.contains(examiner) {
                fail(format!("examiner_registry_number: no Medical Examiner with number {examiner} in this file"));
            }
        }
    }
    errors
}

/// Rows per INSERT: a statement stays far below D1's 100 KB limit, and the
/// full-size registry loads in a few hundred statements instead of 200,000.
const ROWS_PER_STATEMENT: usize = 200;

/// The SQL that loads the accounts: examiners first, so that the accounts that
/// work for them find them. Each chunk of rows is one INSERT, followed by the
/// audit event of every account of the chunk that has none yet — those it
/// inserted: an account already there has its own `account_imported` event.
pub fn to_sql(accounts: &[LegacyAccount]) -> String {
    let mut ordered: Vec<&LegacyAccount> = accounts.iter().collect();
    ordered.sort_by_key(|a| a.account_type.works_for_an_examiner());
    let mut sql = String::new();
    for chunk in ordered.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = chunk.iter().map(|account| format!("({})", values(account).join(", "))).collect();
        sql.push_str(&format!(
            "INSERT INTO registry_accounts ({}, license_key) VALUES\n{}\nON CONFLICT (registry_number) DO NOTHING;\n",
            COLUMNS.join(", "),
            rows.join(",\n")
        ));
        let numbers: Vec<String> = chunk.iter().map(|a| quote(a.registry_number.as_str())).collect();
        sql.push_str(&format!(
            "INSERT INTO audit_events (account_id, event, actor) SELECT a.id, '{}', '{}' \
             FROM registry_accounts a WHERE a.registry_number IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.account_id = a.id);\n",
            AuditEvent::AccountImported.code(),
            Actor::LegacyImport.code(),
            numbers.join(", ")
        ));
    }
    sql
}

/// One account's values, in the order of [`COLUMNS`], then its license key.
fn values(account: &LegacyAccount) -> [String; 15] {
    let license = account.license.as_ref();
    [
        quote(account.registry_number.as_str()),
        quote(account.account_type.code()),
        quote_optional(account.examiner.as_ref().map(RegistryNumber::as_str)),
        quote(&account.first_name),
        quote(&account.last_name),
        quote_optional(license.map(|(number, _)| number.as_str())),
        quote_optional(license.map(|(_, state)| state.code())),
        quote(account.primary_email.as_str()),
        quote_optional(account.secondary_email.as_ref().map(Email::as_str)),
        quote(account.migration_state.code()),
        quote_optional(account.login_gov_subject.as_deref()),
        quote_optional(account.certification.as_ref().map(|(issued, _)| issued.as_str())),
        quote_optional(account.certification.as_ref().map(|(_, expires)| expires.as_str())),
        quote_optional(account.date_of_birth.as_deref()),
        quote_optional(license.map(|(number, _)| number.key())),
    ]
}

fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn quote_optional(value: Option<&str>) -> String {
    value.map_or_else(|| "NULL".to_owned(), quote)
}
