"""CP-SAT model of the base-roster problem.

``solver.model.RosterModel`` builds variables (``variables``), one module per constraint
family (``constraints/``) and the objective (``objective``, mirroring
``roster.scoring``); ``solve()`` returns a :class:`solver.result.SolveResult`.
"""

from solver.model import RosterModel, SolveOptions, solve
from solver.result import SolveResult

__all__ = ["RosterModel", "SolveOptions", "SolveResult", "solve"]
