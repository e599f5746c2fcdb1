"""The best response on windows (solver.window_response) against the scorer and the full
model."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from ortools.sat.python import cp_model

import solver.curtois as curtois
import solver.window_response as window_response_module
from roster.curtois import evaluate, parse, read
from solver.column_generation import ColumnGeneration
from solver.curtois import BenchOptions, CurtoisModel, assignments_of, block_spans
from solver.labelling import LabellingPricing
from solver.window_response import window_response
from tests.roster.test_curtois import FIVE_WEEKS, FIXTURES
from tests.solver.test_curtois import search_stages


def greedy(instance):
    schedules = ColumnGeneration(instance, threads=1)._first_schedules(
        time.perf_counter() + 60)
    return assignments_of(instance, schedules)


def best_on_window(instance, roster, i: int, window: tuple[int, int]) -> int:
    """The least objective with employee i free on the window's days and everything else
    held: the full model, independent of the dynamic program."""
    model = CurtoisModel(instance, roster, free=[i], days=range(*window))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model.model) == cp_model.OPTIMAL
    return evaluate(instance, model.assignments(solver.boolean_value)).objective


@pytest.mark.parametrize(("name", "window_days", "threads", "ties"), [
    ("Five", 7, 1, True), ("Five", 7, 2, True), ("Five", 7, 2, False),
    ("Instance4", 14, 2, True)])
def test_window_response_is_exact_and_ends_where_no_employee_gains_on_a_window(
        name, window_days, threads, ties):
    """From the greedy roster, passes until one gains nothing (min_gain 0): the roster is
    legal, its gain is exactly the scorer's fall, and in the last pass's windows (one of
    the two offsets) no employee alone can do better, by the full model. With two threads
    two employees answer the same roster at once; a stale answer taken would break the
    exact gain. With ties broken at random first, the strict passes after them still end
    there."""
    instance = (parse(FIVE_WEEKS, "Five") if name == "Five"
                else read(FIXTURES / f"{name}.txt"))
    start = greedy(instance)
    start_value = evaluate(instance, start).objective
    roster, gain = window_response(instance, start, time.perf_counter() + 600,
                                   window_days=window_days, min_gain=0, threads=threads,
                                   ties=ties)
    evaluation = evaluate(instance, roster)
    assert evaluation.legal, evaluation.breaches
    assert gain > 0 and evaluation.objective == start_value - gain
    settled = [all(best_on_window(instance, roster, i, window) == evaluation.objective
                   for window in block_spans(instance.days, window_days, offset)
                   for i in range(len(instance.employees)))
               for offset in (0, window_days // 2)]
    assert any(settled)


# A takes one shift at most and covers day 1, leaving day 0 short; B, off on day 0, could
# cover day 1 only. A moving to day 0 gains nothing alone, so strict passes stop at 100.
CHAIN = "\n".join([
    "SECTION_HORIZON", "7", "",
    "SECTION_SHIFTS", "D,480,", "",
    "SECTION_STAFF", "A,D=7,480,0,7,1,1,1", "B,D=7,480,0,7,1,1,1", "",
    "SECTION_DAYS_OFF", "B,0", "",
    "SECTION_COVER", "0,D,1,100,1", "1,D,1,100,1",
    *(f"{d},D,0,100,1" for d in range(2, 7)), "",
])


def test_ties_broken_at_random_let_a_sideways_move_start_a_chain():
    """A's move to day 0 is a tie; taken, it leaves day 1 to B, who gains it. Without
    ties the roster stays at 100; with them, no seed ends worse, and some reach 0."""
    instance = parse(CHAIN, "Chain")
    start = {"A": ["", "D", "", "", "", "", ""], "B": [""] * 7}
    assert evaluate(instance, start).objective == 100

    def respond(**kwargs):
        roster, gain = window_response(instance, start, time.perf_counter() + 60,
                                       window_days=7, min_gain=0, threads=1, **kwargs)
        evaluation = evaluate(instance, roster)
        assert evaluation.legal and evaluation.objective == 100 - gain
        return evaluation.objective

    assert respond(ties=False) == 100
    ends = [respond(seed=seed) for seed in range(10)]
    assert set(ends) <= {0, 100} and 0 in ends


def test_window_response_changes_nothing_outside_its_windows_context(monkeypatch):
    """Each answer keeps the context days restrict() adds around the window: a window of
    one week in the middle changes no day outside it."""
    instance = parse(FIVE_WEEKS, "Five")
    start = greedy(instance)
    monkeypatch.setattr(window_response_module, "block_spans",
                        lambda days, window_days, offset: [(14, 21)])
    roster, gain = window_response(instance, start, time.perf_counter() + 60,
                                   window_days=7, min_gain=0, threads=1)
    changed = {d for id_, row in roster.items() for d, s in enumerate(row)
               if s != start[id_][d]}
    assert changed <= set(range(14, 21))
    assert evaluate(instance, roster).objective == evaluate(instance, start).objective - gain


def test_window_response_stops_at_its_deadline_and_refuses_an_illegal_roster():
    instance = parse(FIVE_WEEKS, "Five")
    start = greedy(instance)
    roster, gain = window_response(instance, start, time.perf_counter() - 1, window_days=7)
    assert (roster, gain) == (start, 0)
    broken = {id_: list(row) for id_, row in start.items()}
    broken["A"] = ["D"] * instance.days  # far past A's longest run and minutes
    with pytest.raises(ValueError, match="legal roster"):
        window_response(instance, broken, time.perf_counter() + 60, window_days=7)


def test_an_employee_without_a_dynamic_program_keeps_their_schedule(monkeypatch):
    """build() gives None for a state space too large: that employee is left as is."""
    instance = parse(FIVE_WEEKS, "Five")
    start = greedy(instance)
    build = LabellingPricing.build

    def none_for_a(part, e):
        return None if e.id == "A" else build(part, e)

    monkeypatch.setattr(LabellingPricing, "build", staticmethod(none_for_a))
    roster, _ = window_response(instance, start, time.perf_counter() + 60, window_days=7,
                                min_gain=0, threads=1)
    assert roster["A"] == start["A"] and evaluate(instance, roster).legal


def test_the_large_path_takes_the_window_response_first_on_a_horizon_longer_than_a_window():
    """Without column generation (large_model 0): greedy roster, the best response on
    windows, the whole horizon's best response, then a search; not on a horizon of one
    window (Instance1's 14 days), nor when turned off. Not again after the best response
    (only after block search)."""
    five = parse(FIVE_WEEKS, "Five")
    options = BenchOptions(time_limit_s=3, workers=1, large_model=0)
    first = "best response on 28-day windows"
    names = search_stages(five, options)
    assert names[:3] == ["greedy first roster", first, "best response"]
    assert names.count(first) == 1
    assert first not in search_stages(five, replace(options, window_response_share=0))
    assert first not in search_stages(read(FIXTURES / "Instance1.txt"), options)


@pytest.mark.parametrize("share", [0.6, 0.0])
def test_block_search_is_followed_by_the_window_response_unless_turned_off(
        monkeypatch, share):
    """After block search (here 7-day blocks of the five weeks), the best response on
    windows once more, then window search; window_polish_share 0 turns it off."""
    monkeypatch.setattr(curtois, "BLOCK_DAYS", 7)
    monkeypatch.setattr(curtois, "BLOCK_MIN_S", 0.2)
    five = parse(FIVE_WEEKS, "Five")
    names = search_stages(five, BenchOptions(time_limit_s=4, workers=1,
                                             window_polish_share=share))
    assert names[0] == "greedy first roster" and names[1].startswith("block search")
    assert (names[2:3] == ["best response on 28-day windows"]) == (share > 0)
