//! Metric families: money, workforce and the run itself.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    COST_TOTAL_PER_YEAR: "cost.total_per_year",
        "Total cost a year",
        "Workforce, overtime, non-pay, investigation and investment costs, £ a year averaged over the run's accounting years.",
        "£ a year", Lower;
    COST_WORKFORCE_PER_YEAR: "cost.workforce_per_year",
        "Workforce cost a year",
        "Pay of everyone in post, £ a year.",
        "£ a year", Lower;
    COST_OVERTIME_PER_YEAR: "cost.overtime_per_year",
        "Overtime cost a year",
        "Overtime pay, £ a year.",
        "£ a year", Lower;
    COST_OUTSIDE_TEAMS_PER_YEAR: "cost.outside_teams_per_year",
        "Cost of staff outside teams a year",
        "Pay of ranks and roles outside the simulated teams, £ a year.",
        "£ a year", Lower;
    COST_FORCE_NON_PAY_PER_YEAR: "cost.force_non_pay_per_year",
        "Non-pay cost a year",
        "The force's non-pay costs, £ a year.",
        "£ a year", Lower;
    COST_FTE: "cost.fte",
        "Full-time equivalents costed",
        "Full-time equivalents whose pay is in the cost.",
        "FTE", Neither;
    COST_TEAMS_PER_YEAR: "cost.teams.*.per_year",
        "{1}: cost a year",
        "Pay of {1}, £ a year.",
        "£ a year", Lower;
    COST_TEAMS_OVERTIME_PER_YEAR: "cost.teams.*.overtime_per_year",
        "{1}: overtime cost a year",
        "The overtime part of {1}'s cost, £ a year.",
        "£ a year", Lower;
    COST_INVESTIGATIONS_PER_YEAR: "cost.investigations.*.per_year",
        "{1}: cost a year",
        "Pay of the {1} investigation team, £ a year.",
        "£ a year", Lower;
    COST_INVESTMENTS_PER_YEAR: "cost.investments.*.per_year",
        "{1}: investment cost a year",
        "Cost of the {1} investment, £ a year.",
        "£ a year", Lower;
    FUNDING_TOTAL_PER_YEAR: "funding.total_per_year",
        "Total funding a year",
        "Police grant, precept and other income, £ a year.",
        "£ a year", Higher;
    FUNDING_NET_BUDGET_PER_YEAR: "funding.net_budget_per_year",
        "Net budget a year",
        "The net revenue budget, £ a year.",
        "£ a year", Neither;
    FUNDING_POLICE_GRANT_PER_YEAR: "funding.police_grant_per_year",
        "Police grant a year",
        "Central government grant, £ a year.",
        "£ a year", Neither;
    FUNDING_PRECEPT_INCOME_PER_YEAR: "funding.precept_income_per_year",
        "Precept income a year",
        "Council-tax precept income, £ a year.",
        "£ a year", Neither;
    FUNDING_PRECEPT_CHANGE_REVENUE_PER_YEAR: "funding.precept_change_revenue_per_year",
        "Revenue from precept changes a year",
        "Extra precept income from changes in the rate, £ a year.",
        "£ a year", Neither;
    FUNDING_PRECEPT_CHANGE_REVENUE_YEAR: "funding.precept_change_revenue.*",
        "Revenue from precept changes, {1}",
        "Extra precept income from changes in the rate in {1}.",
        "£", Neither;
    COST_TOTAL: "cost.total",
        "Total cost",
        "Workforce, overtime, non-pay, investigation and investment costs in the year, £.",
        "£", Lower;
    COST_OVERTIME: "cost.overtime",
        "Overtime cost",
        "Overtime pay in the year, £.",
        "£", Lower;
    FUNDING_TOTAL: "funding.total",
        "Total funding",
        "Police grant, precept and other income in the year, £.",
        "£", Higher;
    BUDGET_SURPLUS: "budget.surplus",
        "Budget surplus",
        "Funding less cost in the year, £ (negative: a deficit).",
        "£", Higher;
    BUDGET_SURPLUS_PER_YEAR: "budget.surplus_per_year",
        "Budget surplus a year",
        "Funding less cost, £ a year (negative: a deficit).",
        "£ a year", Higher;
    WORKFORCE_OFFICERS: "workforce.officers",
        "Officers in post",
        "Police officers in post.",
        "people", Neither;
    RUN_SIMULATED_DAYS: "run.simulated_days",
        "Days simulated",
        "Days simulated after the warm-up.",
        "days", Neither;
    RUN_STOPPED_EARLY: "run.stopped_early",
        "Stopped early",
        "1 when a replication stopped early because a queue grew without limit.",
        "replications", Lower;
}
