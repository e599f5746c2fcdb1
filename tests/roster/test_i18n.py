"""Every message built from a name exists in both languages."""

from __future__ import annotations

from roster.calendar import UNSOCIAL_KINDS
from roster.checker import RULES
from roster.i18n import CATALOG, hours, t
from roster.scoring import COMPONENTS
from solver.explain import RULE_FAMILIES


def test_dynamic_keys_exist():
    keys = ([f"breach.{r}" for r in RULES] + [f"rule.{r}" for r in RULE_FAMILIES]
            + [f"component.{c}" for c in COMPONENTS] + [f"kind.{k}" for k in UNSOCIAL_KINDS]
            + [f"cli.status.{s}" for s in ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN",
                                           "MODEL_INVALID")])
    missing = [k for k in keys if k not in CATALOG]
    assert missing == []
    assert all(nb and en for nb, en in CATALOG.values())


def test_language_choice(monkeypatch):
    assert t("cli.status.INFEASIBLE") == "umulig"
    monkeypatch.setenv("ROSTER_LANG", "en")
    assert t("cli.status.INFEASIBLE") == "infeasible"
    assert t("cli.status.INFEASIBLE", "nb") == "umulig"
    assert hours(570, "nb") == "9,5 t" and hours(570, "en") == "9.5 h"
