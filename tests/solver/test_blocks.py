"""Building blocks (solver.blocks) on their own."""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from solver import blocks


def feasible(values: tuple[int, ...]) -> bool:
    model = cp_model.CpModel()
    first, *successors = [model.new_bool_var(f"v{i}") for i in range(len(values))]
    blocks.forbid_successors(model, first, successors)
    for var, value in zip([first, *successors], values):
        model.add(var == value)
    return cp_model.CpSolver().solve(model) == cp_model.OPTIMAL


def test_forbid_successors_excludes_exactly_a_shift_followed_by_a_successor():
    """With the successors exclusive among themselves (one shift a day), the block rejects
    exactly the assignments where the first and a successor are both worked."""
    for values in itertools.product((0, 1), repeat=3):
        if sum(values[1:]) > 1:
            continue  # two shifts on one day: excluded by rule 1, not this block's case
        assert feasible(values) == (not (values[0] and any(values[1:]))), values
