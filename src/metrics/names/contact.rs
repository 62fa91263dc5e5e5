//! Metric families: contact: calls, contacts and demand offered.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    CALLS_OFFERED: "calls.*.offered",
        "{1} contacts offered",
        "Contacts arriving on the {1} channel after the warm-up.",
        "contacts", Neither;
    CALLS_ANSWERED: "calls.*.answered",
        "{1} contacts answered",
        "Contacts on the {1} channel answered by a call handler or the online desk.",
        "contacts", Neither;
    CALLS_ABANDONED: "calls.*.abandoned",
        "{1} contacts abandoned",
        "Contacts on the {1} channel whose caller gave up before being answered.",
        "contacts", Lower;
    CALLS_ABANDONED_SHARE: "calls.*.abandoned_share",
        "{1} contacts abandoned (share)",
        "Abandoned contacts as a share of those offered on the {1} channel.",
        "% of contacts", Lower;
    CALLS_ANSWER_TIME_MEAN_S: "calls.*.answer_time_mean_s",
        "{1} mean time to answer",
        "Mean time from arrival to answer of answered contacts on the {1} channel.",
        "seconds", Lower;
    CALLS_ANSWER_TIME_P90_S: "calls.*.answer_time_p90_s",
        "{1} time to answer, 90th percentile",
        "Nine in ten answered {1} contacts were answered within this time.",
        "seconds", Lower;
    CALLS_ANSWER_TIME_P95_S: "calls.*.answer_time_p95_s",
        "{1} time to answer, 95th percentile",
        "Nineteen in twenty answered {1} contacts were answered within this time.",
        "seconds", Lower;
    CALLS_ANSWERED_WITHIN_TARGET_SHARE: "calls.*.answered_within_*s_share",
        "{1} answered within {2} seconds",
        "Share of {1} contacts answered within {2} seconds (the national 999 standard is 90 % within 10 seconds).",
        "% of contacts", Higher;
    CALLS_ANSWERED_WITHOUT_WAIT_SHARE: "calls.*.answered_without_wait_share",
        "{1} answered without waiting",
        "Share of {1} contacts answered the moment they arrived.",
        "% of contacts", Higher;
    CALLS_WAITING_AT_END: "calls.*.waiting_at_end",
        "{1} contacts waiting at the end",
        "Contacts on the {1} channel still waiting to be answered when the run ended.",
        "contacts", Lower;
    CONTACTS_AWAITING_GRADING_AT_END: "contacts.awaiting_grading_at_end",
        "Contacts awaiting grading at the end",
        "Answered contacts not yet graded when the run ended.",
        "contacts", Lower;
    CONTACTS_NO_INCIDENT: "contacts.no_incident",
        "Contacts needing no incident",
        "Answered contacts resolved at first contact, creating no incident.",
        "contacts", Neither;
    DEMAND_OFFERED: "demand.*.offered",
        "{1} demand offered",
        "Pieces of demand of category {1} arriving after the warm-up.",
        "contacts", Neither;
    CALLS_ANSWER_TIME_S: "calls.*.answer_time_s",
        "{1} time to answer (distribution)",
        "The distribution of the time from arrival to answer of answered contacts on the {1} channel.",
        "seconds", Lower;
}
