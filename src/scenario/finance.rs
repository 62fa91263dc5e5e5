//! Checking and compiling `[costs]` and `[funding]`.
//!
//! With `[costs]`, every rostered and investigation team must be costed:
//! it needs a headcount, and a role mix (its `headcount_by_role`, or
//! `costs.teams.NAME.role_mix`) over roles priced in `[costs.roles]`.
//! A rostered team's `headcount` is its year-1 figure (as the shipped
//! scenarios write it, after the year-1 staffing multiplier); later years
//! scale with `staffing_by_year` relative to year 1. An investigation
//! team's FTE in year y is `headcount × staffing_by_year[y]`, as its case
//! slots are.

use super::checker::{Checker, index_of};
use super::model::{InvestigationTeam, Team, staffing_in_year};
use super::raw::RawScenario;
use super::raw_finance::{RawCosts, RawFunding, RawOption, RawTeamCost};
use crate::finance::model::{BudgetOption, CostModel, Funding, Investment, Role, TeamCost};
use std::collections::{BTreeMap, BTreeSet};

/// Most units of one budget option.
pub const MAX_OPTION_UNITS: u32 = 100;

/// The compiled `[costs]` and `[funding]`, each if present.
pub(super) fn compile(
    c: &mut Checker,
    raw: &RawScenario,
    merged: &toml::Table,
    teams: &[Team],
    investigation_teams: &[InvestigationTeam],
    years: usize,
) -> (Option<CostModel>, Option<Funding>) {
    let costs = raw
        .costs
        .as_ref()
        .map(|rc| compile_costs(c, raw, rc, merged, teams, investigation_teams, years));
    let funding = raw.funding.as_ref().map(|f| compile_funding(c, f));
    (costs, funding)
}

fn compile_costs(
    c: &mut Checker,
    raw: &RawScenario,
    rc: &RawCosts,
    merged: &toml::Table,
    teams: &[Team],
    investigation_teams: &[InvestigationTeam],
    years: usize,
) -> CostModel {
    let roles: Vec<Role> = rc
        .roles
        .iter()
        .map(|(name, r)| {
            let p = format!("costs.roles.{name}");
            let hours = c.positive(&format!("{p}.hours_per_week"), r.hours_per_week);
            if hours > 168.0 {
                c.fail(
                    &format!("{p}.hours_per_week"),
                    format!("must be at most 168 (got {hours})"),
                );
            }
            Role {
                name: name.clone(),
                pay_per_year: c.non_negative(&format!("{p}.pay_per_year"), r.pay_per_year),
                pension_share: c.share(&format!("{p}.pension_share"), r.pension_share),
                hours_per_week: hours,
            }
        })
        .collect();
    if roles.is_empty() {
        c.fail("costs.roles", "at least one role is needed");
    }
    let role_index = index_of(&rc.roles);
    let multiplier = c.non_negative("costs.overtime_multiplier", rc.overtime_multiplier);
    if multiplier > 10.0 {
        c.fail(
            "costs.overtime_multiplier",
            format!("must be at most 10 (got {multiplier})"),
        );
    }
    for (key, names) in [
        (
            "teams",
            teams
                .iter()
                .map(|t| t.name.as_str())
                .collect::<BTreeSet<_>>(),
        ),
        (
            "investigation_teams",
            investigation_teams
                .iter()
                .map(|t| t.name.as_str())
                .collect(),
        ),
    ] {
        let given = if key == "teams" {
            &rc.teams
        } else {
            &rc.investigation_teams
        };
        for name in given.keys().filter(|n| !names.contains(n.as_str())) {
            let known: Vec<&str> = names.iter().copied().collect();
            c.fail(
                &format!("costs.{key}.{name}"),
                format!(
                    "no team named `{name}` in [{key}] (defined: {})",
                    known.join(", ")
                ),
            );
        }
    }
    let team_costs = teams
        .iter()
        .map(|t| {
            let by_role = raw
                .teams
                .get(&t.name)
                .map(|rt| rt.headcount_by_role.clone())
                .unwrap_or_default();
            let plan = &t.staffing_by_year;
            let first = staffing_in_year(plan, 0);
            if first <= 0.0 && t.headcount.is_some() {
                c.fail(
                    &format!("teams.{}.staffing_by_year[0]", t.name),
                    "must be greater than 0 for a costed team (headcount is the year-1 figure)",
                );
            }
            let fte = (0..years)
                .map(|y| t.headcount.unwrap_or(0.0) * staffing_in_year(plan, y) / first.max(1e-9))
                .collect();
            let entry = rc.teams.get(&t.name);
            let ctx = TeamContext {
                key: "teams",
                name: &t.name,
                headcount: t.headcount,
                by_role: &by_role,
            };
            team_cost(c, &ctx, entry, &role_index, fte)
        })
        .collect();
    let investigation_costs = investigation_teams
        .iter()
        .map(|t| {
            let fte = (0..years)
                .map(|y| t.headcount * staffing_in_year(&t.staffing_by_year, y))
                .collect();
            let ctx = TeamContext {
                key: "investigation_teams",
                name: &t.name,
                headcount: Some(t.headcount),
                by_role: &BTreeMap::new(),
            };
            team_cost(
                c,
                &ctx,
                rc.investigation_teams.get(&t.name),
                &role_index,
                fte,
            )
        })
        .collect();
    let outside_teams = rc
        .outside_teams
        .iter()
        .map(|(role, fte)| {
            let p = format!("costs.outside_teams.{role}");
            (
                c.lookup(&p, "role in [costs.roles]", role, &role_index),
                c.non_negative(&p, *fte),
            )
        })
        .collect();
    let investments = rc
        .investments
        .iter()
        .map(|(name, i)| {
            let p = format!("costs.investments.{name}");
            if i.life_years == 0 {
                c.fail(&format!("{p}.life_years"), "must be at least 1 year");
            }
            if i.from_year == 0 {
                c.fail(
                    &format!("{p}.from_year"),
                    "must be at least 1 (the first simulated year)",
                );
            }
            Investment {
                name: name.clone(),
                one_off: c.non_negative(&format!("{p}.one_off"), i.one_off),
                life_years: i.life_years.max(1),
                recurring_per_year: c
                    .non_negative(&format!("{p}.recurring_per_year"), i.recurring_per_year),
                staff: i
                    .fte_by_role
                    .iter()
                    .map(|(role, fte)| {
                        let path = format!("{p}.fte_by_role.{role}");
                        let r = c.lookup(&path, "role in [costs.roles]", role, &role_index);
                        (r, c.non_negative(&path, *fte))
                    })
                    .collect(),
                from_year: i.from_year.saturating_sub(1) as usize,
                enabled: i.enabled,
            }
        })
        .collect();
    CostModel {
        employer_ni_share: c.share("costs.employer_ni_share", rc.employer_ni_share),
        ni_threshold_per_year: c
            .non_negative("costs.ni_threshold_per_year", rc.ni_threshold_per_year),
        overtime_multiplier: multiplier,
        roles,
        teams: team_costs,
        investigation_teams: investigation_costs,
        outside_teams,
        force_non_pay_per_year: c
            .non_negative("costs.force_non_pay_per_year", rc.force_non_pay_per_year),
        investments,
        options: compile_options(c, &rc.options, merged),
    }
}

/// A team being costed.
struct TeamContext<'a> {
    /// `teams` or `investigation_teams`.
    key: &'static str,
    name: &'a str,
    headcount: Option<f64>,
    by_role: &'a BTreeMap<String, f64>,
}

fn team_cost(
    c: &mut Checker,
    t: &TeamContext,
    entry: Option<&RawTeamCost>,
    role_index: &BTreeMap<String, usize>,
    fte_by_year: Vec<f64>,
) -> TeamCost {
    let (key, name) = (t.key, t.name);
    let p = format!("costs.{key}.{name}");
    if t.headcount.is_none() {
        c.fail(
            &format!("{key}.{name}.headcount"),
            "a costed team needs a headcount (or headcount_by_role): the scenario has [costs]",
        );
    }
    let given_mix = entry.map(|e| &e.role_mix).filter(|m| !m.is_empty());
    let role_mix = match (t.by_role.is_empty(), given_mix) {
        (false, Some(_)) => {
            c.fail(
                &format!("{p}.role_mix"),
                format!(
                    "team `{name}` has headcount_by_role, which gives its role mix; remove role_mix"
                ),
            );
            Vec::new()
        }
        (false, None) => {
            let total: f64 = t.by_role.values().sum();
            t.by_role
                .iter()
                .map(|(role, n)| {
                    let path = format!("{key}.{name}.headcount_by_role.{role}");
                    let r = c.lookup(&path, "role in [costs.roles]", role, role_index);
                    (r, if total > 0.0 { n / total } else { 0.0 })
                })
                .collect()
        }
        (true, Some(mix)) => {
            let shares: Vec<(String, f64)> = mix.iter().map(|(k, v)| (k.clone(), *v)).collect();
            c.mix(&format!("{p}.role_mix."), &shares);
            mix.iter()
                .map(|(role, s)| {
                    let path = format!("{p}.role_mix.{role}");
                    (
                        c.lookup(&path, "role in [costs.roles]", role, role_index),
                        *s,
                    )
                })
                .collect()
        }
        (true, None) => {
            c.fail(
                &p,
                format!(
                    "team `{name}` is not costed: give [costs.{key}.{name}] a role_mix \
                     (shares of its headcount by role, e.g. {{ constable = 0.9, sergeant = 0.1 }})"
                ),
            );
            Vec::new()
        }
    };
    let (non_pay, per_fte) = entry.map_or((0.0, 0.0), |e| {
        (e.non_pay_per_year, e.non_pay_per_fte_per_year)
    });
    TeamCost {
        role_mix,
        fte_by_year,
        non_pay_per_year: c.non_negative(&format!("{p}.non_pay_per_year"), non_pay),
        non_pay_per_fte_per_year: c.non_negative(&format!("{p}.non_pay_per_fte_per_year"), per_fte),
    }
}

fn compile_options(c: &mut Checker, raw: &[RawOption], merged: &toml::Table) -> Vec<BudgetOption> {
    let mut seen = BTreeSet::new();
    raw.iter()
        .enumerate()
        .map(|(i, o)| {
            let p = format!("costs.options[{i}]");
            c.unique_name(&format!("{p}.name"), &mut seen, &o.name, "option");
            if !(1..=MAX_OPTION_UNITS).contains(&o.max_units) {
                c.fail(
                    &format!("{p}.max_units"),
                    format!("must be 1–{MAX_OPTION_UNITS} (got {})", o.max_units),
                );
            }
            if o.add.is_empty() && o.set.is_empty() {
                c.fail(
                    &p,
                    "an option must `add` to or `set` some value of the scenario",
                );
            }
            if !o.set.is_empty() && o.max_units > 1 {
                c.fail(
                    &format!("{p}.max_units"),
                    "an option that sets values can be bought once: max_units must be 1",
                );
            }
            for key in o.add.keys().chain(o.set.keys()) {
                if let Err(m) = crate::scenario::overrides::KeyPath::parse(key) {
                    let kind = if o.add.contains_key(key) {
                        "add"
                    } else {
                        "set"
                    };
                    c.fail(&format!("{p}.{kind}.{key}"), m);
                }
            }
            for (key, amount) in &o.add {
                let path = format!("{p}.add.{key}");
                if !amount.is_finite() {
                    c.fail(&path, format!("must be a finite number (got {amount})"));
                }
                if crate::scenario::overrides::KeyPath::parse(key).is_err() {
                    continue; // reported above
                }
                match crate::scenario::load::get_path(merged, key) {
                    Some(toml::Value::Integer(_) | toml::Value::Float(_)) => {}
                    Some(other) => c.fail(
                        &path,
                        format!("`{key}` is a {}, not a number to add to", other.type_str()),
                    ),
                    None => c.fail(&path, format!("no value at `{key}` in the scenario")),
                }
                if o.set.contains_key(key) {
                    c.fail(&path, "a key may be added to or set, not both");
                }
            }
            for key in o.set.keys() {
                if let Some((parent, _)) = key.rsplit_once('.')
                    && !matches!(
                        crate::scenario::load::get_path(merged, parent),
                        Some(toml::Value::Table(_))
                    )
                {
                    c.fail(
                        &format!("{p}.set.{key}"),
                        format!("no table `{parent}` in the scenario to set `{key}` in"),
                    );
                }
            }
            BudgetOption {
                name: o.name.clone(),
                description: o.description.clone(),
                max_units: o.max_units.clamp(1, MAX_OPTION_UNITS),
                add: o.add.iter().map(|(k, v)| (k.clone(), *v)).collect(),
                set: o.set.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            }
        })
        .collect()
}

fn compile_funding(c: &mut Checker, f: &RawFunding) -> Funding {
    let net = c.non_negative("funding.net_budget_per_year", f.net_budget_per_year);
    let grant = c.non_negative("funding.police_grant_per_year", f.police_grant_per_year);
    if grant > net {
        c.fail(
            "funding.police_grant_per_year",
            format!("is part of the net budget, so cannot exceed it ({grant} > {net})"),
        );
    }
    let p = &f.precept;
    let band_d = c.non_negative("funding.precept.band_d", p.band_d);
    let change = p.band_d_change;
    if !change.is_finite() || band_d + change < 0.0 {
        c.fail(
            "funding.precept.band_d_change",
            format!("must be a number no lower than −band_d (got {change})"),
        );
    }
    Funding {
        net_budget_per_year: net,
        police_grant_per_year: grant,
        band_d,
        tax_base: c.positive(
            "funding.precept.tax_base_band_d_equivalents",
            p.tax_base_band_d_equivalents,
        ),
        band_d_change: if change.is_finite() { change } else { 0.0 },
        tax_base_growth_per_year: c.growth(
            "funding.precept.tax_base_growth_per_year",
            p.tax_base_growth_per_year,
        ),
    }
}
