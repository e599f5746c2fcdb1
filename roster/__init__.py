"""Domain of the roster engine: the unit's staffing plan, calendar arithmetic, the rule
checker (the executable specification), scoring of soft goals and KPIs.

Nothing in this package imports OR-Tools: any roster, generated or hand-made, is judged
here by the same rules the solver obeys.
"""

__version__ = "0.1.0"
