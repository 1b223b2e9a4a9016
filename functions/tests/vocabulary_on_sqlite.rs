//! The codes the registry stores are the domain's enums, and the migrations'
//! `CHECK` lists say which codes a column takes: read from the schema the
//! migrations leave, each list must be exactly its enum's codes. An enum with
//! a code the `CHECK` lacks would fail on its first insert in production; a
//! `CHECK` with a code the enum lacks would hold rows the code cannot read.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;

use domain::account_type::AccountType;
use domain::campaign::{CampaignStage, CampaignState};
use domain::email_change::EmailSlot;
use domain::emails::{EmailKind, OutboxStatus};
use domain::funnel::FunnelStage;
use domain::grant::GrantState;
use domain::link::LinkPurpose;
use domain::migration_state::MigrationState;
use domain::staff::{Recovery, Role};
use functions::store::funnel;
use functions::store::sqlite::Sqlite;
use rusqlite::OptionalExtension;

/// The codes of `column`'s `CHECK (… column IN (…))` in `table`'s schema, as the migrations left it.
fn check_list(db: &Sqlite, table: &str, column: &str) -> BTreeSet<String> {
    let sql: String = db
        .connection()
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |row| row.get(0))
        .optional()
        .unwrap()
        .unwrap_or_else(|| panic!("no table {table}"));
    let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    // The column's own CHECK: the first list after its definition (a table's
    // CHECK over several columns comes after them all).
    let definition = sql.find(&format!(" {column} TEXT")).unwrap_or_else(|| panic!("no column {table}.{column}"));
    let opening = format!("{column} IN (");
    let from = definition
        + sql[definition..].find(&opening).unwrap_or_else(|| panic!("no CHECK list for {table}.{column}"))
        + opening.len();
    let list = &sql[from..from + sql[from..].find(')').unwrap()];
    list.split(',').map(|code| code.trim().trim_matches('\'').to_owned()).collect()
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|&value| code(value).to_owned()).collect()
}

#[test]
fn every_check_list_is_exactly_its_enums_codes() {
    let db = support::demo_registry();
    let works_for_an_examiner: Vec<AccountType> =
        AccountType::ALL.into_iter().filter(|t| t.works_for_an_examiner()).collect();
    let columns = [
        ("registry_accounts", "account_type", codes(&AccountType::ALL, AccountType::code)),
        ("registry_accounts", "migration_state", codes(&MigrationState::ALL, MigrationState::code)),
        ("account_emails", "slot", codes(&EmailSlot::ALL, EmailSlot::code)),
        ("account_links", "purpose", codes(&LinkPurpose::ALL, LinkPurpose::code)),
        ("account_links", "email_slot", codes(&EmailSlot::ALL, EmailSlot::code)),
        ("email_outbox", "kind", codes(&EmailKind::ALL, EmailKind::code)),
        ("email_outbox", "status", codes(&OutboxStatus::ALL, OutboxStatus::code)),
        ("staff_members", "role", codes(&Role::ALL, Role::code)),
        ("funnel_counts", "stage", codes(&FunnelStage::ACCOUNTS, FunnelStage::code)),
        ("recovery_requests", "recovery", codes(&Recovery::ALL, Recovery::code)),
        ("grants", "role", codes(&works_for_an_examiner, AccountType::code)),
        ("grants", "state", codes(&GrantState::ALL, GrantState::code)),
        ("approved_grants_per_person", "role", codes(&works_for_an_examiner, AccountType::code)),
        ("campaigns", "account_type", codes(&AccountType::ALL, AccountType::code)),
        ("campaigns", "stage", codes(&CampaignStage::ALL, CampaignStage::code)),
        ("campaigns", "state", codes(&CampaignState::ALL, CampaignState::code)),
    ];
    for (table, column, enum_codes) in columns {
        assert_eq!(check_list(&db, table, column), enum_codes, "{table}.{column}");
    }
}

#[test]
fn the_funnel_days_hold_only_stages_the_funnel_knows() {
    // funnel_days has no CHECK: its stages are what the cron's snapshot writes
    // (the accounts' stages, and the people with access by role).
    let db = support::demo_registry();
    pollster::block_on(funnel::snapshot(&db)).unwrap();
    let connection = db.connection();
    let mut statement = connection.prepare("SELECT DISTINCT stage FROM funnel_days").unwrap();
    let stages: Vec<String> = statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(stages.len() >= 4, "{stages:?}");
    for stage in stages {
        assert!(FunnelStage::parse(&stage).is_some(), "{stage}");
    }
}
