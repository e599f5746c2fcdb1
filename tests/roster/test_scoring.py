"""Soft goals on a one-week roster whose every component is worked out by hand."""

from __future__ import annotations

from roster.checker import check
from roster.loading import unit_from_data
from roster.problem import POINT, compile_problem
from tests.conftest import make_roster, tiny_unit_data


def one_week(**weights):
    data = {
        "unit": {"id": "w1", "name": "Uke"},
        "turnus": {"weeks": 1, "start": "2027-01-04"},
        "shift_types": [{"code": "D", "start": "07:00", "end": "15:00"},
                        {"code": "A", "start": "15:00", "end": "23:00"}],
        "rules": {"full_time_weekly_hours": 30, "quick_return_hours": 17,
                  "max_consecutive_days": 6},
        "requirements": [{"shift": "D", "min": 0, "target": 1},
                         {"shift": "A", "days": ["mon"], "min": 0}],
        "staff": [
            {"id": "1", "name": "Kari", "fte": 1.0, "wishes": {"prefer_shifts": ["D"]}},
            {"id": "2", "name": "Ola", "fte": 0.5,
             "wishes": {"avoid_shifts": ["A"], "days_off": ["wed"]}},
        ],
    }
    if weights:
        data["weights"] = weights
    return unit_from_data(data)


ROWS = {"1": "A A . D . D D", "2": ". . D . . A ."}


def test_components_by_hand():
    """Targets: Kari 30 h = 1800 min, Ola 900 min; weekend shares 6667 and 3333 basis points.

    evening and night: Ola avoids A, the only shift with evening or night time she may work,
    so she is not compared; Kari alone is no comparison. No fairness terms.
    weekend (Sat/Sun shifts, 480 min each): Kari 960, Ola 480, total 1440:
        |10000·960 − 6667·1440| = 480, |10000·480 − 3333·1440| = 480
    fairness_worst = 480, fairness_total = 960
    D below target 1 on Mon, Tue, Fri = 3; A surplus on Monday = 1
    Ola avoids A (Sat) = 1; Kari prefers D (Mon, Tue A) = 2; Ola wished Wed off = 1
    isolated work days: Kari Thu, Ola Wed and Sat = 3; isolated days off: Kari Wed, Fri = 2
    quick returns (< 17 h): Kari A→A Mon–Tue 16 h, D→D Sat–Sun 16 h = 2
    hours deviation: Kari 2400 − 1800, Ola 960 − 900 = 660 min
    """
    unit = one_week()
    result = check(compile_problem(unit), make_roster(unit, ROWS))
    assert result.score.quantities == {
        "fairness_worst": 480, "fairness_total": 960, "coverage_below_target": 3,
        "coverage_surplus_peak": 1, "wish_avoid_shift": 1, "wish_prefer_shift": 2,
        "wish_day_off": 1, "isolated_work_day": 3, "isolated_day_off": 2, "quick_return": 2,
        "hours_deviation": 660,
    }
    # 20·480 + 2·960 + POINT·(30·3 + 5·1 + 10·1 + 5·2 + 10·1 + 10·3 + 10·2 + 20·2)
    # + 5 points per hour · 660 min
    assert result.score.total == 20 * 480 + 2 * 960 + POINT * 215 + (POINT // 60) * 5 * 660
    assert result.score.total == 162_011_520
    assert round(result.score.points, 4) == 270.0192


def test_evening_fairness_by_hand():
    """Without the wishes, both are compared on evening and night too.

    evening (A has 17–21 = 240 min): Kari 480, Ola 240, total 720:
        |10000·480 − 6667·720| = 240, |10000·240 − 3333·720| = 240
    night (A has 21–23 = 120 min): Kari 240, Ola 120, total 360: 120 and 120
    """
    unit = one_week()
    for person in unit.staff:
        object.__setattr__(person, "wishes", type(person.wishes)())
    details = check(compile_problem(unit), make_roster(unit, ROWS)).score.fairness
    assert {(d.kind, tuple(d.deviations.values())) for d in details} == {
        ("evening", (240, 240)), ("night", (120, 120)), ("weekend", (480, 480))}


def test_weights_from_the_file():
    unit = one_week(quick_return=0, hours_deviation=1.5)
    score = check(compile_problem(unit), make_roster(unit, ROWS)).score
    assert score.coefficients["quick_return"] == 0
    assert score.coefficients["hours_deviation"] == 15_000
    assert score.internal("quick_return") == 0


def test_fairness_groups_only_compare_the_same_shift_kinds(tiny_problem):
    groups = [(g.shifts, g.kind, g.members) for g in tiny_problem.fairness_groups]
    # Kari and Ola may work D, A and N; Per only D and A, and so sits alone (no group).
    assert groups == [(("A", "D", "N"), "evening", (0, 1)), (("A", "D", "N"), "night", (0, 1)),
                      (("A", "D", "N"), "weekend", (0, 1))]
    assert all(sum(g.shares) == 10_000 for g in tiny_problem.fairness_groups)


def test_wishes_about_shift_types_come_before_fairness():
    data = tiny_unit_data()
    data["staff"] = [
        {"id": str(i), "name": f"P{i}", "fte": 1.0, "shifts": ["D", "A"], "wishes": wishes}
        for i, wishes in enumerate([{}, {}, {"avoid_shifts": ["A"]}, {"prefer_shifts": ["A"]},
                                    {"prefer_shifts": ["D"]}])]
    problem = compile_problem(unit_from_data(data))
    members = {g.kind: g.members for g in problem.fairness_groups}
    # 2 avoids the only evening shift: not held to an evening share; 3 prefers it: not
    # counted as overloaded. Preferring D says nothing about evenings. Weekends: everyone.
    assert members == {"evening": (0, 1, 4), "night": (0, 1, 4), "weekend": (0, 1, 2, 3, 4)}
