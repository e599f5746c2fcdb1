"""Constraint building blocks shared by every model in this package: the grunnturnus model
(solver.constraints) and the benchmark model (solver.curtois) build their rules from these.

Each block takes plain literals or expressions and returns the constraints it added, so a
caller can put them under an enforcement literal (solver.context.ModelContext.enforce).
A sequence is cyclic for a repeating roster (the last day is followed by the first) and
open for a dated horizon.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ortools.sat.python import cp_model

Literal = cp_model.IntVar | cp_model.NotBooleanVariable


def max_run(model: cp_model.CpModel, lits: Sequence[Literal], limit: int, cyclic: bool
            ) -> list[cp_model.Constraint]:
    """No more than ``limit`` true literals in a row: every window of limit + 1 holds a
    false one. On a cyclic sequence windows wrap round (and may cover a day twice when
    the sequence is short: a roster worked every day repeats into an endless run)."""
    n, span = len(lits), limit + 1
    starts = range(n) if cyclic else range(n - span + 1)
    return [model.add(sum(lits[(d + i) % n] for i in range(span)) <= limit) for d in starts]


def min_run(model: cp_model.CpModel, lits: Sequence[Literal], length: int, cyclic: bool
            ) -> list[cp_model.Constraint]:
    """Every run of true literals bounded by false ones on both sides is at least
    ``length`` long: for each shorter run the pattern false, true × k, false is forbidden.

    On an open horizon a run touching the first or last day has no bounding false literal,
    so it is exempt (the horizon is assumed to continue with the same value), which is the
    edge rule of the Curtois benchmark."""
    n, added = len(lits), []
    for k in range(1, length):
        starts = range(n) if cyclic else range(1, n - k)
        if cyclic and k + 2 > n:
            break
        for d in starts:
            before, after = lits[(d - 1) % n], lits[(d + k) % n]
            inside = [lits[(d + i) % n] for i in range(k)]
            added.append(model.add_bool_or([before, after] + [~v for v in inside]))
    return added


def forbid_pairs(model: cp_model.CpModel, pairs: Iterable[tuple[Literal, Literal]]
                 ) -> list[cp_model.Constraint]:
    """Not both of each pair: a forbidden succession of shifts (rest or rotation rules)."""
    return [model.add_bool_or([~a, ~b]) for a, b in pairs]


def forbid_successors(model: cp_model.CpModel, first: Literal, successors: Sequence[Literal]
                      ) -> cp_model.Constraint:
    """``first`` excludes each of ``successors`` (a shift and the shifts that may not
    follow it the next day), for successors that already exclude one another (one shift a
    day): then "at most one of them all" says exactly that, in one constraint instead of a
    clause per pair (a 32-shift, 364-day instance has some 135 000 pairs per employee)."""
    return model.add_at_most_one([first, *successors])


def any_worked(model: cp_model.CpModel, lits: Sequence[Literal], exact: bool, name: str = ""
               ) -> cp_model.IntVar:
    """A literal that is true when any of ``lits`` is (a weekend worked when Saturday or
    Sunday is). With exact=False it is only bounded from below, which is enough when the
    model limits it from above (at most so many weekends) and is a smaller encoding."""
    flag = model.new_bool_var(name)
    if exact:
        model.add_max_equality(flag, list(lits))
    else:
        for lit in lits:
            model.add_implication(lit, flag)
    return flag


def shortfall(model: cp_model.CpModel, expr: cp_model.LinearExprT, target: int,
              name: str = "") -> cp_model.IntVar:
    """max(0, target − expr), exactly (so every solution's objective is its score)."""
    var = model.new_int_var(0, max(0, target), name)
    model.add_max_equality(var, [target - expr, 0])
    return var


def surplus(model: cp_model.CpModel, expr: cp_model.LinearExprT, target: int, upper: int,
            name: str = "") -> cp_model.IntVar:
    """max(0, expr − target), exactly; ``upper`` bounds expr."""
    var = model.new_int_var(0, max(0, upper - target), name)
    model.add_max_equality(var, [expr - target, 0])
    return var
