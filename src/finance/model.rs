//! Validated finance types: what a scenario's `[costs]` and `[funding]`
//! compile to. Built only by `scenario::validate`, they cannot hold invalid
//! values: money and FTE are finite and at least 0, shares are in [0, 1],
//! every role mix sums to 1 and names an existing role, and every rostered
//! and investigation team of the model has a [`TeamCost`].
//!
//! Money is in pounds (£) at the prices of the scenario's year; nothing is
//! inflated or discounted.

/// Weeks in a year, for turning a weekly contract into an hourly rate.
pub const WEEKS_PER_YEAR: f64 = 52.0;

/// Pay and on-costs of one role (a rank or a kind of staff).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The role's name in `[costs.roles]`.
    pub name: String,
    /// Basic pay per full-time equivalent per year, £.
    pub pay_per_year: f64,
    /// Employer pension contribution, share of basic pay.
    pub pension_share: f64,
    /// Paid hours per FTE per week (for the hourly rate of overtime).
    pub hours_per_week: f64,
}

/// The cost model of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct CostModel {
    /// Every role costed; other fields refer to them by index.
    pub roles: Vec<Role>,
    /// Employer national insurance, share of pay above the threshold.
    pub employer_ni_share: f64,
    /// Pay per year on which no employer national insurance is due, £.
    pub ni_threshold_per_year: f64,
    /// An overtime hour costs this multiple of the basic hourly rate.
    pub overtime_multiplier: f64,
    /// One per rostered team, in `Model::teams` order.
    pub teams: Vec<TeamCost>,
    /// One per investigation team, in `Model::investigation_teams` order.
    pub investigation_teams: Vec<TeamCost>,
    /// People in no simulated team (role index, FTE), paid every year.
    pub outside_teams: Vec<(usize, f64)>,
    /// Force costs not itemised anywhere else (estates, fleet, IT, supplies,
    /// capital financing), £ per year.
    pub force_non_pay_per_year: f64,
    /// Investments (technology, estates), in the scenario's order.
    pub investments: Vec<Investment>,
    /// What a budget sweep may buy (`forcesim sweep --budget`).
    pub options: Vec<BudgetOption>,
}

/// How one team is costed.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamCost {
    /// (role index, share of the team's FTE); shares sum to 1.
    pub role_mix: Vec<(usize, f64)>,
    /// FTE paid in each simulated year (index 0 = year 1).
    pub fte_by_year: Vec<f64>,
    /// Team non-pay (vehicles, equipment, accommodation), £ per year.
    pub non_pay_per_year: f64,
    /// Non-pay that scales with the team's FTE, £ per FTE per year.
    pub non_pay_per_fte_per_year: f64,
}

/// A named investment: a one-off cost spread over its life, and a
/// recurring cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Investment {
    /// The investment's name (in `cost.investments.NAME.per_year`).
    pub name: String,
    /// One-off (capital) cost, £, charged in equal parts over `life_years`.
    pub one_off: f64,
    /// Years over which the one-off cost is charged, ≥ 1.
    pub life_years: u32,
    /// Recurring cost other than staff, £ per year (licences, fuel, upkeep).
    pub recurring_per_year: f64,
    /// Staff it employs outside the simulated teams: (role index, FTE).
    pub staff: Vec<(usize, f64)>,
    /// First simulated year it is paid for (0 = year 1).
    pub from_year: usize,
    /// A switched-off investment costs nothing (a budget option may switch
    /// it on).
    pub enabled: bool,
}

/// Something a budget sweep can buy, in whole units.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetOption {
    /// Short name, shown in the budget table.
    pub name: String,
    /// What one unit buys, in words.
    pub description: String,
    /// Most units that may be bought, ≥ 1.
    pub max_units: u32,
    /// Per unit: (key path, amount added to the number there).
    pub add: Vec<(String, f64)>,
    /// (key path, value written there); only options with `max_units = 1`.
    pub set: Vec<(String, toml::Value)>,
}

/// Where the money comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Funding {
    /// Net revenue budget before the precept change, £ per year; it
    /// includes the police grant and the precept at `band_d`.
    pub net_budget_per_year: f64,
    /// Police grant, £ per year (part of the net budget; reported).
    pub police_grant_per_year: f64,
    /// Police precept on a Band D household, £ per year.
    pub band_d: f64,
    /// Tax base: Band D equivalent households.
    pub tax_base: f64,
    /// Change to the Band D precept, £ per household per year, from year 1.
    pub band_d_change: f64,
    /// Compound growth of the tax base per year.
    pub tax_base_growth_per_year: f64,
}

impl CostModel {
    /// Employer cost of one FTE of `role` for a year, £: pay, employer
    /// national insurance on pay above the threshold, and employer pension.
    pub fn cost_per_fte(&self, role: usize) -> f64 {
        let r = &self.roles[role];
        r.pay_per_year
            + self.employer_ni_share * (r.pay_per_year - self.ni_threshold_per_year).max(0.0)
            + r.pension_share * r.pay_per_year
    }

    /// Employer cost of one FTE of a role mix for a year, £.
    pub fn cost_per_fte_of_mix(&self, mix: &[(usize, f64)]) -> f64 {
        mix.iter().map(|&(r, s)| s * self.cost_per_fte(r)).sum()
    }

    /// Cost of one overtime hour worked by a person of the mix, £: the
    /// basic hourly rate × the overtime multiplier, plus employer national
    /// insurance (overtime is not pensionable).
    pub fn overtime_cost_per_hour(&self, mix: &[(usize, f64)]) -> f64 {
        let basic: f64 = mix
            .iter()
            .map(|&(r, s)| {
                let role = &self.roles[r];
                s * role.pay_per_year / (role.hours_per_week * WEEKS_PER_YEAR)
            })
            .sum();
        basic * self.overtime_multiplier * (1.0 + self.employer_ni_share)
    }
}

impl Investment {
    /// Whether it is paid for in simulated year `year` (0-based).
    pub fn active_in_year(&self, year: usize) -> bool {
        self.enabled && year >= self.from_year
    }

    /// Cost other than staff in simulated year `year` (0-based) at an
    /// annual rate, £: the recurring cost plus one-off ÷ life in each year
    /// of its life.
    pub fn cost_in_year(&self, year: usize) -> f64 {
        if !self.active_in_year(year) {
            return 0.0;
        }
        let capital = if year - self.from_year < self.life_years as usize {
            self.one_off / f64::from(self.life_years)
        } else {
            0.0
        };
        self.recurring_per_year + capital
    }
}

impl Funding {
    /// Tax base in simulated year `year` (0-based).
    pub fn tax_base_in_year(&self, year: usize) -> f64 {
        self.tax_base * (1.0 + self.tax_base_growth_per_year).powi(year as i32)
    }

    /// Revenue the Band D change raises in `year`, £: change × tax base.
    pub fn precept_change_revenue(&self, year: usize) -> f64 {
        self.band_d_change * self.tax_base_in_year(year)
    }

    /// Precept income at the Band D amount before the change in `year`, £.
    pub fn precept_income(&self, year: usize) -> f64 {
        self.band_d * self.tax_base_in_year(year)
    }

    /// Funding in `year` at an annual rate, £: the net budget, plus the
    /// growth of precept income with the tax base, plus the change's revenue.
    pub fn total_in_year(&self, year: usize) -> f64 {
        self.net_budget_per_year + self.precept_income(year) - self.precept_income(0)
            + self.precept_change_revenue(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> CostModel {
        CostModel {
            roles: vec![Role {
                name: "constable".into(),
                pay_per_year: 30_000.0,
                pension_share: 0.2,
                hours_per_week: 40.0,
            }],
            employer_ni_share: 0.138,
            ni_threshold_per_year: 8_424.0,
            overtime_multiplier: 1.5,
            teams: Vec::new(),
            investigation_teams: Vec::new(),
            outside_teams: Vec::new(),
            force_non_pay_per_year: 0.0,
            investments: Vec::new(),
            options: Vec::new(),
        }
    }

    #[test]
    fn on_costs_by_hand() {
        let m = model();
        // 30,000 + 13.8 % × 21,576 + 20 % × 30,000
        assert!((m.cost_per_fte(0) - (30_000.0 + 2_977.488 + 6_000.0)).abs() < 1e-6);
        // 30,000 / 2,080 h × 1.5 × 1.138
        let hourly = 30_000.0 / 2_080.0 * 1.5 * 1.138;
        assert!((m.overtime_cost_per_hour(&[(0, 1.0)]) - hourly).abs() < 1e-9);
    }

    #[test]
    fn investments_spread_their_one_off_over_their_life() {
        let i = Investment {
            name: "records".into(),
            one_off: 3_000_000.0,
            life_years: 3,
            recurring_per_year: 100_000.0,
            staff: Vec::new(),
            from_year: 1,
            enabled: true,
        };
        let by_year: Vec<f64> = (0..5).map(|y| i.cost_in_year(y)).collect();
        assert_eq!(
            by_year,
            [0.0, 1_100_000.0, 1_100_000.0, 1_100_000.0, 100_000.0]
        );
        let off = Investment {
            enabled: false,
            ..i
        };
        assert!((0..5).all(|y| off.cost_in_year(y) == 0.0));
    }

    #[test]
    fn precept_revenue_grows_with_the_tax_base() {
        let f = Funding {
            net_budget_per_year: 100.0e6,
            police_grant_per_year: 60.0e6,
            band_d: 200.0,
            tax_base: 1000.0,
            band_d_change: 10.0,
            tax_base_growth_per_year: 0.1,
        };
        assert_eq!(f.precept_change_revenue(0), 10_000.0);
        assert!((f.precept_change_revenue(1) - 11_000.0).abs() < 1e-9);
        assert!((f.total_in_year(1) - (100.0e6 + 20_000.0 + 11_000.0)).abs() < 1e-6);
    }
}
