"""Solver tests: the labelling pricing compiled before the first test."""

from __future__ import annotations

import pytest

from roster.curtois import read
from solver.labelling import LabellingPricing
from tests.roster.test_curtois import FIXTURES


@pytest.fixture(scope="session", autouse=True)
def compiled_labelling() -> None:
    """Compile the labelling pricing once, up front. Its first compile (numba, about 4 s
    while the cache beside the module is cold, as in a fresh clone) would otherwise fall
    inside whichever test prices first, and use up the budget that test gives a timed
    stage (with the cache cleared, the second-dive test's 10 s run had no time left for
    a dive)."""
    instance = read(FIXTURES / "Instance1.txt")
    pricing = LabellingPricing.build(instance, instance.employees[0])
    assert pricing is not None
    schedules, least = pricing.solve({})
    assert schedules and least == 0  # no costs: some legal schedule, at 0
