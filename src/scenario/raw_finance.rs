//! Raw `[costs]` and `[funding]` tables: exactly what the TOML says.
//! Money is in pounds (£) a year unless the key says otherwise.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `[costs]`: what every part of the force costs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    /// Pay and on-costs by role (rank or kind of staff).
    pub roles: BTreeMap<String, RawRole>,
    /// Employer national insurance, share of pay above the threshold.
    pub employer_ni_share: f64,
    /// Pay a year on which no employer national insurance is due, £.
    #[serde(default)]
    pub ni_threshold_per_year: f64,
    /// Multiple of the basic hourly rate paid for an overtime hour.
    pub overtime_multiplier: f64,
    /// Costing of rostered teams, by team name.
    #[serde(default)]
    pub teams: BTreeMap<String, RawTeamCost>,
    /// Costing of investigation teams, by team name.
    #[serde(default)]
    pub investigation_teams: BTreeMap<String, RawTeamCost>,
    /// People in no simulated team: role → FTE.
    #[serde(default)]
    pub outside_teams: BTreeMap<String, f64>,
    /// Force costs not itemised elsewhere (estates, fleet, IT, supplies,
    /// capital financing), £ a year.
    #[serde(default)]
    pub force_non_pay_per_year: f64,
    /// Named investments.
    #[serde(default)]
    pub investments: BTreeMap<String, RawInvestment>,
    /// What `forcesim sweep --budget` may buy.
    #[serde(default)]
    pub options: Vec<RawOption>,
}

/// A role's pay and on-costs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    /// Basic pay per FTE a year, £.
    pub pay_per_year: f64,
    /// Employer pension contribution, share of pay.
    #[serde(default)]
    pub pension_share: f64,
    /// Paid hours per FTE a week (for the overtime hourly rate).
    #[serde(default = "super::raw::forty")]
    pub hours_per_week: f64,
}

/// How one team is costed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeamCost {
    /// Shares of the team's headcount by role (sum 1); for a team without
    /// `headcount_by_role`.
    #[serde(default)]
    pub role_mix: BTreeMap<String, f64>,
    /// Team non-pay, £ a year.
    #[serde(default)]
    pub non_pay_per_year: f64,
    /// Non-pay per FTE, £ a year (vehicles, equipment).
    #[serde(default)]
    pub non_pay_per_fte_per_year: f64,
}

/// A named investment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInvestment {
    /// Free text for reports.
    #[serde(default)]
    pub description: String,
    /// One-off cost, £, charged in equal parts over `life_years`.
    #[serde(default)]
    pub one_off: f64,
    /// Years the one-off cost is spread over (at least 1).
    #[serde(default = "one_year")]
    pub life_years: u32,
    /// Recurring cost other than staff, £ a year (licences, fuel, upkeep).
    #[serde(default)]
    pub recurring_per_year: f64,
    /// Staff it employs outside the simulated teams: role → FTE, priced
    /// like everyone else.
    #[serde(default)]
    pub fte_by_role: BTreeMap<String, f64>,
    /// First simulated year paid for (1 = the first).
    #[serde(default = "one_year")]
    pub from_year: u32,
    /// Whether it is bought (a budget option may switch it on).
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn one_year() -> u32 {
    1
}

fn one_unit() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// Something a budget sweep may buy, in whole units.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Free text for reports.
    #[serde(default)]
    pub description: String,
    /// Most units that may be bought.
    #[serde(default = "one_unit")]
    pub max_units: u32,
    /// Per unit: key path → amount added to the number there.
    #[serde(default)]
    pub add: BTreeMap<String, f64>,
    /// Key path → value written there (options with `max_units = 1`).
    #[serde(default)]
    pub set: BTreeMap<String, toml::Value>,
}

/// `[funding]`: where the money comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFunding {
    /// Net revenue budget before any precept change, £ a year.
    pub net_budget_per_year: f64,
    /// Police grant, £ a year (part of the net budget).
    #[serde(default)]
    pub police_grant_per_year: f64,
    /// The precept: Band D amount, tax base and change.
    pub precept: RawPrecept,
}

/// The police precept on council tax.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrecept {
    /// Precept on a Band D household, £ a year.
    pub band_d: f64,
    /// Tax base: Band D equivalent households.
    pub tax_base_band_d_equivalents: f64,
    /// Change to the Band D precept from year 1, £ a year (0: none).
    #[serde(default)]
    pub band_d_change: f64,
    /// Compound growth of the tax base a year.
    #[serde(default)]
    pub tax_base_growth_per_year: f64,
}
