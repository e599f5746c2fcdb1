"""The Curtois & Qu format reader and scorer (roster.curtois)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from roster.curtois import (
    OFF,
    daily_penalties,
    evaluate,
    parse,
    read,
    read_best_known,
    restrict,
    runs,
    share_up,
)
from roster.loading import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "curtois"

TINY = """\
# two weeks, two shift types, two people
SECTION_HORIZON
14

SECTION_SHIFTS
D,480,
N,600,D

SECTION_STAFF
A,D=14|N=2,4800,1920,4,2,2,1
B,N=0,4800,0,5,1,1,2

SECTION_DAYS_OFF
A,3
B,0,1

SECTION_SHIFT_ON_REQUESTS
A,0,D,2

SECTION_SHIFT_OFF_REQUESTS
B,4,D,3

SECTION_COVER
0,D,1,100,1
1,D,2,100,1
4,N,1,50,5
"""


def tiny(days: int = 14):
    """Tiny, or Tiny over a longer horizon (the same staff, requests and cover)."""
    return parse(TINY.replace("SECTION_HORIZON\n14", f"SECTION_HORIZON\n{days}"), "Tiny")


def row(text: str) -> list[str]:
    """'DD-N…' → one entry per day ('-' is a day off)."""
    return [OFF if c == "-" else c for c in text]


# A legal plan for A: runs of 2–4 working days, days off in pairs, one weekend (week 0),
# 4 × 480 = 1920 minutes, nothing on day 3. B works nothing (MinTotalMinutes 0).
LEGAL_A = row("DD--DD--------")


# ------------------------------------------------------------------------- parser


def test_every_section_is_read():
    inst = tiny()
    assert inst.days == 14 and inst.weeks == 2
    assert inst.shifts["D"].minutes == 480 and inst.shifts["D"].cannot_follow == ()
    assert inst.shifts["N"].cannot_follow == ("D",)
    a, b = inst.employees
    assert a.max_shifts == {"D": 14, "N": 2}
    assert (a.max_minutes, a.min_minutes, a.max_consecutive, a.min_consecutive,
            a.min_days_off, a.max_weekends) == (4800, 1920, 4, 2, 2, 1)
    assert a.days_off == {3} and b.days_off == {0, 1}
    assert not b.may_work("N") and b.may_work("D")
    assert inst.allowed(b, 0) == () and inst.allowed(b, 2) == ("D",)
    assert [(r.employee, r.day, r.shift, r.weight) for r in inst.on_requests] == [("A", 0, "D", 2)]
    assert [(r.employee, r.day, r.shift, r.weight) for r in inst.off_requests] == [("B", 4, "D", 3)]
    assert [(c.day, c.shift, c.requirement, c.weight_under, c.weight_over)
            for c in inst.cover] == [(0, "D", 1, 100, 1), (1, "D", 2, 100, 1), (4, "N", 1, 50, 5)]


def test_published_instances_load_with_their_sizes():
    sizes = {1: (14, 8, 1), 2: (14, 14, 2), 7: (28, 20, 3), 12: (28, 60, 10)}
    for number, (days, staff, shifts) in sizes.items():
        inst = read(FIXTURES / f"Instance{number}.txt")
        assert (inst.days, len(inst.employees), len(inst.shifts)) == (days, staff, shifts)
        assert inst.name == f"Instance{number}"
        assert inst.cover and inst.on_requests


def test_best_known_table():
    table = read_best_known(FIXTURES / "best_known.tsv")
    assert table["Instance1"] == 607 and table["Instance12"] == 4040 and len(table) == 12
    assert read_best_known(FIXTURES / "missing.tsv") == {}


@pytest.mark.parametrize("change, line, words", [
    (("SECTION_COVER", "SECTION_CUPBOARD"), 23, "unknown section SECTION_CUPBOARD"),
    (("A,3", "A,x"), 14, "whole number"),
    (("A,3", "Z,3"), 14, "unknown employee 'Z'"),
    (("A,3", "A,14"), 14, "outside the horizon 0–13"),
    (("A,0,D,2", "A,0,Q,2"), 18, "unknown shift 'Q'"),
    (("N,600,D", "N,600,Q"), 7, "unknown shift 'Q' in CannotFollow"),
    (("A,D=14|N=2", "A,D14|N=2"), 10, "MaxShifts item 'D14'"),
    (("B,N=0,4800,0,5,1,1,2", "B,N=0,4800,0,5,1,1"), 11, "needs 8 comma-separated fields"),
    (("A,D=14|N=2,4800,1920", "A,D=14|N=2,1000,1920"), 10, "exceeds MaxTotalMinutes"),
    (("14\n", "15\n"), 3, "whole weeks"),
    (("0,D,1,100,1\n1,D", "0,D,1,100,1\n0,D"), 25, "given twice"),
])
def test_bad_files_name_the_line(change, line, words):
    old, new = change
    assert old in TINY
    with pytest.raises(InputError) as err:
        parse(TINY.replace(old, new, 1), "Tiny")
    text = err.value.render("en")
    assert f"line {line}:" in text and words in text
    assert f"linje {line}:" in err.value.render("nb")


def test_missing_section_is_named():
    text = TINY[:TINY.index("SECTION_COVER")]
    with pytest.raises(InputError, match="SECTION_COVER is missing"):
        parse(text, "Tiny")


def test_data_outside_a_section():
    with pytest.raises(InputError, match="line 1: data outside a section"):
        parse("14\n" + TINY, "Tiny")


# ------------------------------------------------------------------------- scorer


def test_runs():
    assert runs([True, True, False, True], True) == [(0, 2), (3, 1)]
    assert runs([True, True, False, True], False) == [(2, 1)]


def test_known_penalties():
    # A works D on days 0, 1, 4, 5: the on-request (A, 0, D) is met. B works nothing.
    # Cover: day 0 D 1 of 1; day 1 D 1 of 2 → 100; day 4 N 0 of 1 → 50.
    ev = evaluate(tiny(), {"A": LEGAL_A, "B": row("-" * 14)})
    assert ev.legal, ev.breaches
    assert (ev.on_requests, ev.off_requests, ev.cover_under, ev.cover_over) == (0, 0, 150, 0)
    assert ev.objective == 150


def test_every_penalty_kind():
    # A is off on day 0 (on-request A 0 D missed: 2); B works D on days 2–4 (off-request
    # B 4 D hit: 3). Cover: day 0 D 0 of 1 → 100; day 1 D 0 of 2 → 200; day 4 N 0 of 1 → 50.
    ev = evaluate(tiny(), {"A": row("-----NN----DD-"), "B": row("--DDD---------")})
    assert (ev.on_requests, ev.off_requests, ev.cover_under, ev.cover_over) == (2, 3, 350, 0)
    assert ev.objective == 355


def test_over_cover_costs_weight_over():
    # Two people on N on day 4 against a requirement of 1: 1 × weight 5. (B may not work N:
    # a breach, but the penalties are still counted.)
    ev = evaluate(tiny(), {"A": row("DD--NN--------"), "B": row("----N---------")})
    assert (ev.cover_under, ev.cover_over) == (100, 5)
    assert ev.objective == 105


@pytest.mark.parametrize("a, b, expected", [
    # test_known_penalties: day 1 D 1 of 2, day 4 N 0 of 1.
    ("DD--DD--------", "-" * 14, {1: 100, 4: 50}),
    # test_every_penalty_kind: day 0 cover and A's missed on-request (100 + 2), day 1 cover,
    # day 4 cover and B's off-request hit (50 + 3).
    ("-----NN----DD-", "--DDD---------", {0: 102, 1: 200, 4: 53}),
    # Over cover where it has a weight: N on day 4 twice (5).
    ("DD--NN--------", "----N---------", {1: 100, 4: 5}),
    # A request alone, every cover met (legality aside: penalties are counted all the same).
    ("DD--N---------", "-D--D---------", {4: 3}),
    ("-D--N---------", "DD------------", {0: 2}),
    # Everything met.
    ("DD--N---------", "-D------------", {}),
])
def test_daily_penalties_add_up_to_the_objective(a, b, expected):
    assignments = {"A": row(a), "B": row(b)}
    assert daily_penalties(tiny(), assignments) == expected
    assert sum(expected.values()) == evaluate(tiny(), assignments).objective


def test_daily_penalties_of_cover_alone():
    # test_every_penalty_kind without its requests (A's on-request on day 0: 2, B's
    # off-request on day 4: 3).
    assignments = {"A": row("-----NN----DD-"), "B": row("--DDD---------")}
    assert daily_penalties(tiny(), assignments, requests=False) == {0: 100, 1: 200, 4: 50}
    assert daily_penalties(tiny(), {"A": row("-D--N---------"), "B": row("DD------------")},
                           requests=False) == {}


def breaches_of(a: str, b: str = "-" * 14) -> list[str]:
    return evaluate(tiny(), {"A": row(a), "B": row(b)}).breaches


def test_legal_plan_has_no_breach():
    assert breaches_of("DD--DD--------") == []


@pytest.mark.parametrize("a, rule", [
    ("ND--DD--------", "2:"),  # D the day after N
    ("DD--NN--NN----", "3:"),  # 4 N, at most 2
    ("DD------------", "4:"),  # 960 minutes, at least 1920
    ("DD--DDDDD-----", "5:"),  # 5 days in a row, at most 4
    ("DD---D--DD----", "6:"),  # a lone working day inside the horizon, at least 2
    ("DD--DDD-DD----", "7:"),  # a lone day off (day 7), at least 2
    ("-----DD----DDD", "8:"),  # two weekends, at most 1
    ("DD-DD---------", "9:"),  # day 3 is A's fixed day off
])
def test_each_hard_rule_is_reported(a, rule):
    found = breaches_of(a)
    assert any(b.startswith(rule) for b in found), found


def test_rotation_rule_direction():
    assert any(b.startswith("2:") for b in breaches_of("NDD-DD--------"))
    assert not any(b.startswith("2:") for b in breaches_of("DNN-DD--------"))


def test_minimum_runs_are_exempt_at_the_horizon_ends():
    # Lone working days on day 0 and day 13: exempt (the horizon continues).
    found = breaches_of("D---DD--DD---D")
    assert not any(b.startswith(("6:", "7:")) for b in found), found
    # A lone day off on day 0: exempt.
    found = breaches_of("-DD--DD--DD--D")
    assert not any(b.startswith(("6:", "7:")) for b in found), found
    # One step inside, the same lone working day is a breach.
    assert any(b.startswith("6:") for b in breaches_of("-D--DD--DD----"))


def test_malformed_assignments_are_breaches():
    assert any(b.startswith("1:") for b in breaches_of("DX--DD--------"))
    ev = evaluate(tiny(), {"A": row("DD--D"), "B": row("-" * 14)})
    assert any("has 5 days" in b for b in ev.breaches)
    ev = evaluate(tiny(), {"A": row("DD--DD--------"), "B": row("-" * 14),
                           "Q": row("-" * 14)})
    assert any("unknown employee 'Q'" in b for b in ev.breaches)


def test_shift_excluded_by_zero_cap():
    assert any(b.startswith("3:") and "B works N" in b
               for b in breaches_of("DD--DD--------", "----N---------"))


def test_allowed_follows_the_employee_asked_about():
    """allowed() keeps each employee's shifts once, but an employee changed since (the
    same id: dataclasses.replace, as restrictions and searches do) is asked anew, and a
    fixed day off has none."""
    instance = tiny()
    a, b = instance.employees
    assert instance.allowed(a, 0) == ("D", "N")
    assert instance.allowed(b, 2) == ("D",)
    assert instance.allowed(b, 0) == ()
    assert instance.allowed(a, 3) == ()
    assert instance.allowed(a, 0) is instance.allowed(a, 1)
    barred = replace(a, max_shifts={"D": 0})
    assert instance.allowed(barred, 0) == ("N",)
    assert instance.allowed(a, 0) == ("D", "N")


# ------------------------------------------------------------------- restriction

FIVE_WEEKS = "\n".join([
    "SECTION_HORIZON", "35", "",
    "SECTION_SHIFTS", "D,480,", "N,600,D", "",
    "SECTION_STAFF",
    "A,D=35|N=2,12000,7680,4,2,2,3",
    "B,N=0,14400,8160,5,1,1,2",
    "C,D=10|N=35,9360,4800,3,2,3,5", "",
    "SECTION_DAYS_OFF", "A,17", "B,0,30", "",
    "SECTION_SHIFT_ON_REQUESTS", "A,12,N,3", "C,20,D,2", "",
    "SECTION_SHIFT_OFF_REQUESTS", "B,15,D,4", "C,26,N,1", "",
    "SECTION_COVER",
    *(f"{d},{s},{1 + d % 2},{50 + d},{1 + d % 3}" for d in range(35) for s in "DN"),
    "",
])

# Legal; A and B work their most weekends, A its most nights, B its least minutes, C its
# most.
FIVE_WEEKS_ROSTER = {
    "A": row("DD--DD--DDDD--DD--NN----DDDD--DDD--"),
    "B": row("---DDDDD--DDDD--DDD----DDD--DD-----"),
    "C": row("NN---NNN---NN---DD---NNN---NN---NN-"),
}


def test_restriction_of_a_stretch_in_the_middle():
    """Whole weeks around the days, context (here 5, B's longest run) on each side; totals
    less what is worked outside; requests, cover and days off renumbered."""
    instance = parse(FIVE_WEEKS, "Five")
    assert evaluate(instance, FIVE_WEEKS_ROSTER).legal
    part = restrict(instance, FIVE_WEEKS_ROSTER, range(14, 16))
    assert (part.first, part.instance.days) == (7, 14)  # days 7–20: 14 − 5 → 7, 15 + 5 → 20
    a = part.instance.employees[0]
    outside = FIVE_WEEKS_ROSTER["A"][:7] + FIVE_WEEKS_ROSTER["A"][21:]
    worked = [s for s in outside if s]
    assert a.max_minutes == 12000 - 480 * worked.count("D") - 600 * worked.count("N")
    assert a.max_shifts == {"D": 35 - worked.count("D"), "N": 2 - worked.count("N")}
    assert a.max_weekends == 3 - 2  # A works weekends 0 and 3 (days 5, 26–27) outside
    assert a.days_off == {10}
    assert [(r.employee, r.day) for r in part.instance.on_requests] == [("A", 5), ("C", 13)]
    assert {c.day for c in part.instance.cover} == set(range(14))
    assert part.roster["B"] == FIVE_WEEKS_ROSTER["B"][7:21]
    assert part.merge(FIVE_WEEKS_ROSTER, part.roster) == FIVE_WEEKS_ROSTER


def test_restriction_within_its_share_of_the_horizon_limits():
    """Days 7–20 are 14 of 35: each limit over the horizon is held to ⌈0.4 · limit⌉, never
    below what the roster works on the stretch, never above what the roster outside
    leaves; the roster stays legal there and the minimum minutes are untouched."""
    instance = parse(FIVE_WEEKS, "Five")
    part = restrict(instance, FIVE_WEEKS_ROSTER, range(14, 16))
    held = part.within_share(instance)
    a, b, c = held.instance.employees
    assert a.max_shifts == {"D": 14, "N": 2}  # N: 0.8 → 1, but A works both nights there
    assert a.max_minutes == 4800
    assert a.max_weekends == 1  # the share is 2, the roster outside leaves 1
    assert b.max_shifts == {"N": 0} and b.max_minutes == 5760 and b.max_weekends == 1
    # C works its most minutes: the outside leaves 2 760, below the share (3 744).
    assert c.max_shifts == {"D": 4, "N": 14} and c.max_minutes == 2760
    assert c.max_weekends == 2
    assert [e.min_minutes for e in held.instance.employees] == [
        e.min_minutes for e in part.instance.employees]
    assert (held.first, held.roster) == (part.first, part.roster)
    assert evaluate(held.instance, held.roster).legal


def test_share_up_rounds_up_in_integers():
    """⌈limit · part / whole⌉ exactly, where the float product does not: 108 · 49 / 84 is
    63, and 108 · (49 / 84) rounds up to 64."""
    assert math.ceil(108 * (49 / 84)) == 64  # the pitfall
    assert share_up(108, 49, 84) == 63
    assert share_up(109, 49, 84) == 64  # 63.58…
    assert share_up(0, 49, 84) == 0 and share_up(84, 84, 84) == 84


def test_restriction_at_the_horizon_start_keeps_its_edge():
    part = restrict(parse(FIVE_WEEKS, "Five"), FIVE_WEEKS_ROSTER, range(0, 3))
    assert (part.first, part.instance.days) == (0, 14)


@settings(max_examples=1000, deadline=None)
@given(first=st.integers(0, 34), length=st.integers(1, 4),
       changes=st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 3),
                                  st.sampled_from(["", "D", "N"])), max_size=3))
@example(first=32, length=1, changes=[("A", 0, "N")])  # A's third night: rule 3
@example(first=17, length=1, changes=[("C", 0, "N")])  # C 120 minutes over: rule 4
@example(first=16, length=1, changes=[("B", 0, "")])  # B 480 minutes short: rule 4
@example(first=23, length=1, changes=[("A", 0, "D")])  # A 5 days in a row: rule 5
@example(first=20, length=1, changes=[("B", 0, "D")])  # B's third weekend: rule 8
def test_restriction_judges_changes_inside_as_the_instance_does(first, length, changes):
    """A change confined to the days is legal for the restriction exactly when the merged
    roster is legal for the instance, and both objectives move by the same amount."""
    instance = parse(FIVE_WEEKS, "Five")
    days = range(first, min(35, first + length))
    part = restrict(instance, FIVE_WEEKS_ROSTER, days)
    changed = {id_: list(r) for id_, r in part.roster.items()}
    for employee, offset, shift in changes:
        day = days.start + offset % len(days)
        changed[employee][day - part.first] = shift
    merged = part.merge(FIVE_WEEKS_ROSTER, changed)
    assert merged[employee][day] == shift if changes else merged == FIVE_WEEKS_ROSTER
    alone, whole = evaluate(part.instance, changed), evaluate(instance, merged)
    assert alone.legal == whole.legal, (alone.breaches, whole.breaches)
    if whole.legal:
        assert (whole.objective - alone.objective
                == evaluate(instance, FIVE_WEEKS_ROSTER).objective
                - evaluate(part.instance, part.roster).objective)
