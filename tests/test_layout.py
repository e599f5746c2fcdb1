"""The domain package stays free of the solver: any roster can be checked without
OR-Tools, and the checker cannot borrow the solver's encodings."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def test_roster_package_imports_neither_ortools_nor_solver():
    for path in sorted((ROOT / "roster").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("ortools", "solver", "api")), (path.name, name)


def test_checking_loads_no_ortools():
    code = ("import sys, roster.checker, roster.loading, roster.schedule, roster.kpis; "
            "assert 'ortools' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
