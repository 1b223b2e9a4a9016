//! A synthetic registry the size of the real one, for development and
//! benchmarks: 92,625 Medical Examiners and 10,000 assistants and third
//! parties, as an import file. Deterministic: the same file every time, so
//! that figures measured on it can be compared. Nobody in it is real, and every
//! address is under `.example`, which no mail server answers.

use domain::UsState;

use crate::COLUMNS;

/// The number of certified Medical Examiners in the National Registry.
pub const EXAMINERS: u32 = 92_625;
/// Administrative assistants and third parties, each working for one examiner.
pub const ASSISTANTS: u32 = 7_500;
pub const THIRD_PARTIES: u32 = 2_500;

/// Registry numbers of the synthetic accounts: none of the demo registry's
/// (1000000001…1000000007, 2000000001, 3000000001) nor of the tests' (8…).
const FIRST_EXAMINER: u64 = 5_000_000_000;
const FIRST_STAFF: u64 = 5_100_000_000;

const FIRST_NAMES: [&str; 32] = [
    "Maria", "James", "Aisha", "Robert", "Linda", "Wei", "Carlos", "Priya", "Michael", "Fatima", "David", "Olga",
    "Thomas", "Grace", "Ahmed", "Susan", "Daniel", "Mei", "Joseph", "Ana", "Kevin", "Yuki", "Brian", "Chloe", "Samuel",
    "Nadia", "Patrick", "Rosa", "Anthony", "Hannah", "Luis", "Emily",
];
const LAST_NAMES: [&str; 32] = [
    "Lopez",
    "Carter",
    "Okafor",
    "Nguyen",
    "Smith",
    "Johnson",
    "Garcia",
    "Patel",
    "Kim",
    "Brown",
    "Davis",
    "Miller",
    "Wilson",
    "Moore",
    "Taylor",
    "Anderson",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
    "Thompson",
    "Lee",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "O'Neil",
    "Hernandez",
];
const DOMAINS: [&str; 6] =
    ["clinic.example", "mail.example", "occmed.example", "health.example", "dotexams.example", "inbox.example"];

/// SplitMix64: a small, well-known generator, so the file needs no dependency
/// and is the same on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True `percent` times in a hundred (tenths allowed: 0.5).
    fn chance(&mut self, percent: f64) -> bool {
        (self.below(1000) as f64) < percent * 10.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// One account's row, in the order of [`COLUMNS`].
struct Row {
    number: u64,
    account_type: &'static str,
    examiner: Option<u64>,
    first: String,
    last: String,
    license: Option<(String, &'static str)>,
    primary: String,
    secondary: Option<String>,
    migration: &'static str,
    subject: Option<String>,
    certification: Option<(String, String)>,
    birth: Option<String>,
}

impl Row {
    fn csv(&self) -> String {
        let or_empty = |v: Option<&str>| v.unwrap_or("").to_owned();
        [
            self.number.to_string(),
            self.account_type.to_owned(),
            self.examiner.map(|n| n.to_string()).unwrap_or_default(),
            self.first.clone(),
            self.last.clone(),
            or_empty(self.license.as_ref().map(|(number, _)| number.as_str())),
            or_empty(self.license.as_ref().map(|(_, state)| *state)),
            self.primary.clone(),
            or_empty(self.secondary.as_deref()),
            self.migration.to_owned(),
            or_empty(self.subject.as_deref()),
            or_empty(self.certification.as_ref().map(|(issued, _)| issued.as_str())),
            or_empty(self.certification.as_ref().map(|(_, expires)| expires.as_str())),
            or_empty(self.birth.as_deref()),
        ]
        .join(",")
    }
}

/// The whole registry as an import file (header and 102,625 rows). About 1 %
/// of the accounts share a primary email with another (a family's or a
/// clinic's address; those stay in legacy state, as the move left them), 20 %
/// have a secondary email, 80 % a date of birth, and the examiners are in a mix of states: 30 %
/// legacy, 15 % migrated, 55 % linked to a login.gov identity.
pub fn full_size_registry_csv() -> String {
    let mut random = Random(0x00C0_FFEE_2024_0128);
    let states: Vec<&'static str> = UsState::all().map(UsState::code).collect();
    let mut rows: Vec<Row> = Vec::with_capacity((EXAMINERS + ASSISTANTS + THIRD_PARTIES) as usize);
    for i in 0..u64::from(EXAMINERS) {
        let mut row = person(&mut random, FIRST_EXAMINER + i, "examiner", None);
        let state = random.pick(&states);
        row.license = Some((license_number(&mut random, state), state));
        let year = 2016 + random.below(10);
        let (month, day) = (1 + random.below(12), 1 + random.below(28));
        row.certification = Some((format!("{year}-{month:02}-{day:02}"), format!("{}-{month:02}-{day:02}", year + 10)));
        // A family's address, shared with the examiner before.
        if let Some(earlier) = rows.last().filter(|_| random.chance(0.5)) {
            row.primary.clone_from(&earlier.primary);
        }
        rows.push(row);
    }
    for j in 0..u64::from(ASSISTANTS + THIRD_PARTIES) {
        let account_type = if j < u64::from(ASSISTANTS) { "assistant" } else { "third_party" };
        let examiner = random.below(u64::from(EXAMINERS)) as usize;
        let mut row = person(&mut random, FIRST_STAFF + j, account_type, Some(rows[examiner].number));
        // The clinic's address: the examiner's own.
        if random.chance(5.0) {
            row.primary.clone_from(&rows[examiner].primary);
            row.secondary = None;
        }
        rows.push(row);
    }
    settle_migration_states(&mut random, &mut rows);

    let mut csv = COLUMNS.join(",");
    csv.push('\n');
    for row in &rows {
        csv.push_str(&row.csv());
        csv.push('\n');
    }
    csv
}

fn person(random: &mut Random, number: u64, account_type: &'static str, examiner: Option<u64>) -> Row {
    let (first, last) = (random.pick(&FIRST_NAMES), random.pick(&LAST_NAMES));
    let local = format!("{}.{}.{number}", first, last.replace('\'', ""));
    // Some addresses were typed with capitals: the registry matches them in any case.
    let local = if random.chance(10.0) { local } else { local.to_lowercase() };
    let secondary = random.chance(20.0).then(|| format!("{}.{number}@home.example", first.to_lowercase()));
    // The legacy registry holds a date of birth for most accounts, not all.
    let birth = random
        .chance(80.0)
        .then(|| format!("{}-{:02}-{:02}", 1945 + random.below(55), 1 + random.below(12), 1 + random.below(28)));
    Row {
        number,
        account_type,
        examiner,
        first: first.to_owned(),
        last: last.to_owned(),
        license: None,
        primary: format!("{local}@{}", random.pick(&DOMAINS)),
        secondary,
        migration: "legacy",
        subject: None,
        certification: None,
        birth,
    }
}

/// States write licenses their own way; the registry keeps each as written.
fn license_number(random: &mut Random, state: &str) -> String {
    let digits = random.below(1_000_000);
    match random.below(5) {
        0 => format!("{state}-{digits:06}"),
        1 => format!("{state}{digits:06}"),
        2 => format!("{state} {digits:06}"),
        3 => format!("A{:05}", digits % 100_000),
        _ => format!("{digits:07}"),
    }
}

/// Accounts whose primary email another account uses stay legacy (the move
/// cannot finish for them until the address is fixed); the others move on.
fn settle_migration_states(random: &mut Random, rows: &mut [Row]) {
    let mut users: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for row in rows.iter() {
        for address in std::iter::once(&row.primary).chain(row.secondary.as_ref()) {
            *users.entry(address.to_lowercase()).or_default() += 1;
        }
    }
    for row in rows.iter_mut() {
        if users[&row.primary.to_lowercase()] > 1 {
            continue;
        }
        match random.below(100) {
            0..30 => {}
            30..45 => row.migration = "migrated",
            _ => {
                row.migration = "linked";
                let hex = format!("{:016x}{:016x}", random.next(), random.next());
                row.subject =
                    Some(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_the_same_every_time_and_every_row_imports() {
        let csv = full_size_registry_csv();
        assert_eq!(csv, full_size_registry_csv());
        let accounts = crate::parse_registry_csv(&csv).unwrap_or_else(|errors| panic!("{:?}", &errors[..3]));
        assert_eq!(accounts.len(), (EXAMINERS + ASSISTANTS + THIRD_PARTIES) as usize);
    }

    #[test]
    fn no_number_is_one_of_the_demo_registrys() {
        let demo = crate::parse_registry_csv(include_str!("../../dev/demo-registry.csv")).unwrap_or_default();
        let synthetic = crate::parse_registry_csv(&full_size_registry_csv()).unwrap_or_default();
        let numbers: std::collections::HashSet<_> = synthetic.iter().map(|a| a.registry_number.clone()).collect();
        assert!(!demo.is_empty() && demo.iter().all(|a| !numbers.contains(&a.registry_number)));
    }

    #[test]
    fn about_one_in_a_hundred_accounts_shares_its_primary_email_and_one_in_five_has_a_secondary() {
        let csv = full_size_registry_csv();
        let accounts = crate::parse_registry_csv(&csv).unwrap_or_default();
        let mut primaries: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        for a in &accounts {
            *primaries.entry(a.primary_email.canonical()).or_default() += 1;
        }
        let sharing = accounts.iter().filter(|a| primaries[&a.primary_email.canonical()] > 1).count();
        let with_secondary = accounts.iter().filter(|a| a.secondary_email.is_some()).count();
        let percent = |n: usize| n * 100 / accounts.len();
        assert!((1..=2).contains(&percent(sharing)), "{sharing} sharing");
        assert!((18..=22).contains(&percent(with_secondary)), "{with_secondary} with a secondary email");
    }
}
