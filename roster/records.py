"""The cooperation's cost and governance records (fixtures/records/), transcribed from the
council papers of Samarbeidsrådet for ROR-IKT, 11.10.2023, and their consistency check.

Figures are kept as printed. ``check_records`` recomputes every total, share and derived
figure and lists each discrepancy with the record, the figure printed and the figure
computed. Tolerances follow the printed precision: a sum of n figures rounded to a unit may
be off by n/2 units; a percentage printed with k decimals by half a unit of its last digit.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from roster.i18n import grouped
from roster.loading import InputError, Problem, parse_text, problems_from_validation, read_text


class Percent(str):
    """A percentage as printed ("8,09"): its value and the precision it was printed with."""

    @property
    def value(self) -> Decimal:
        return Decimal(self.replace(",", ".").strip())

    @property
    def half_unit(self) -> Decimal:
        decimals = len(self.split(",")[1]) if "," in self else 0
        return Decimal(5) / Decimal(10) ** (decimals + 1)


def _percent(text: object) -> Percent:
    # Validated by PercentText's pattern on loading, so the conversion cannot fail.
    return Percent(str(text))


PercentText = Annotated[str, Field(pattern=r"^-?\d+(,\d+)?$")]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- meeting and documents


class Case(Record):
    number: str = Field(pattern=r"^\d{4}/M\d+-\d{3}$")
    title: str
    responsible: list[str]
    kind: Literal["Vedtak", "Orientering", "Diskusjon"]
    summary: str
    proposed_decision: str | None
    attachments: list[str]


class Meeting(Record):
    record: Literal["meeting"]
    version: int
    source: str
    body: str
    date: datetime.date
    time: str
    members: list[str]
    cases: list[Case]


class Document(Record):
    attachment: str
    title: str
    version: str | None = None
    status: str | None = None
    approved_date: datetime.date | None = None
    approved_by: str | None = None
    owner: str | None = None


class Documents(Record):
    record: Literal["documents"]
    version: int
    documents: list[Document]


# ---------------------------------------------------------------- activity report, budget


class CostLine(Record):
    name: str
    accounts: int
    budget: int
    deviation: int
    forecast: int


class CostTable(Record):
    columns: list[str]
    lines: list[CostLine]
    total: CostLine


class ActivityReport(Record):
    record: Literal["activity_report"]
    version: int
    as_of: datetime.date
    unit: int
    operating: CostTable
    investment: CostTable


class Amount(Record):
    name: str
    amount: int


class BuildUp(Record):
    start: Amount
    lines: list[Amount]
    total: Amount


class Deflator(Record):
    original_frame_2023: int
    increase: int
    increase_percent: PercentText
    revised_frame_2023: int


class StatedChange(Record):
    text: str
    amount: int
    precision: int = Field(gt=0)
    line: str


class Budget(Record):
    record: Literal["budget"]
    version: int
    year: int
    operating_frame: int
    investment_frame: int
    deflator: Deflator
    increase_percent_stated: PercentText
    build_up: BuildUp
    stated_changes: list[StatedChange]


# ---------------------------------------------------------------- distribution


class DistributionLine(Record):
    name: str
    share: PercentText | None = None
    cost: int | None = None
    amount: int
    key: list[int] | None = Field(None, min_length=5, max_length=5)
    key_total: int | None = None
    weights: list[PercentText] | None = Field(None, min_length=5, max_length=5)
    split: list[int] = Field(min_length=5, max_length=5)
    sum: int

    @field_validator("weights")
    @classmethod
    def _one_basis(cls, weights, info):  # type: ignore[no-untyped-def]
        if weights is not None and info.data.get("key") is not None:
            raise ValueError("give key or weights, not both")
        return weights

    def basis(self) -> list[Decimal]:
        if self.key is not None:
            return [Decimal(k) for k in self.key]
        if self.weights is not None:
            return [_percent(w).value for w in self.weights]
        raise ValueError(f"{self.name}: no key")

    def basis_total(self) -> Decimal:
        if self.key is not None and self.key_total is not None:
            return Decimal(self.key_total)
        return sum(self.basis(), Decimal(0))


class Category(Record):
    name: str
    share: PercentText
    amount: int
    lines: list[DistributionLine]
    subtotal: list[int] = Field(min_length=5, max_length=5)
    subtotal_shares: list[PercentText] = Field(min_length=5, max_length=5)


class DistributionModel(Record):
    record: Literal["distribution_model"]
    version: int
    year: int
    municipalities: list[str]
    total: int
    accounts_shares: dict[str, PercentText]
    categories: list[Category]
    grand_total: list[int] = Field(min_length=5, max_length=5)
    grand_total_shares: list[PercentText] = Field(min_length=5, max_length=5)


class Contribution(Record):
    total: int
    amounts: dict[str, int]
    shares: dict[str, PercentText]


class Contributions(Record):
    unit: int
    years: dict[str, Contribution]


class Distribution(Record):
    record: Literal["distribution"]
    version: int
    municipalities: list[str]
    shares: dict[str, dict[str, PercentText]]
    contributions: Contributions


class EconomyPlan(Record):
    record: Literal["economy_plan"]
    version: int
    unit: int
    years: list[int]
    total: list[int]
    municipalities: dict[str, list[int]]
    increase_percent: list[PercentText | None]


class Project(Record):
    group: str
    name: str
    description: str
    deadline: datetime.date
    amount: int


class InvestmentYear(Record):
    frame: int
    vat_compensation: int
    amounts: dict[str, int]
    total: int


class InvestmentDistribution(Record):
    unit: int
    vat_rate_percent: PercentText
    years: dict[str, InvestmentYear]
    difference: dict[str, int]
    key_year: str


class AfterTransfer(Record):
    unit: int
    transferred: int
    frame: int
    vat_compensation: int
    amounts: dict[str, int]
    total: int


class PlanTable(Record):
    unit: int
    years: list[int]
    frame: list[int]
    vat_compensation: list[int]
    municipalities: dict[str, list[int]]
    total: list[int]


class InvestmentPlan(Record):
    record: Literal["investment_plan"]
    version: int
    frame: int
    projects: list[Project]
    group_totals: dict[str, int]
    total: int
    distribution: InvestmentDistribution
    after_transfer: AfterTransfer
    plan: PlanTable


KINDS: dict[str, type[Record]] = {
    "meeting": Meeting,
    "documents": Documents,
    "activity_report": ActivityReport,
    "budget": Budget,
    "distribution_model": DistributionModel,
    "distribution": Distribution,
    "economy_plan": EconomyPlan,
    "investment_plan": InvestmentPlan,
}
FILES = {
    "meeting": "meeting.yaml",
    "documents": "documents.yaml",
    "activity_report": "activity-report.yaml",
    "budget": "budget-2024.yaml",
    "distribution_model": "distribution-model.yaml",
    "distribution": "distribution.yaml",
    "economy_plan": "economy-plan.yaml",
    "investment_plan": "investment-plan.yaml",
}


@dataclass
class Records:
    meeting: Meeting
    documents: Documents
    activity_report: ActivityReport
    budget: Budget
    distribution_model: DistributionModel
    distribution: Distribution
    economy_plan: EconomyPlan
    investment_plan: InvestmentPlan


def default_records_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures" / "records"


def load_records(directory: Path | None = None) -> Records:
    """Every record file of the directory, validated; InputError names file and field."""
    directory = directory or default_records_dir()
    loaded = {}
    for kind, name in FILES.items():
        path = directory / name
        if not path.is_file():
            raise InputError(str(path), [Problem("", "input.file_missing", {"path": str(path)})])
        data = parse_text(read_text(path), str(path), "yaml")
        if not isinstance(data, dict):
            raise InputError(str(path), [Problem("", "records.not_mapping", {})])
        try:
            loaded[kind] = KINDS[kind].model_validate(data)
        except ValidationError as exc:
            raise InputError(str(path), problems_from_validation(exc, data)) from None
    return Records(**loaded)


# ---------------------------------------------------------------- consistency check


@dataclass(frozen=True)
class Discrepancy:
    record: str
    item: str
    printed: str
    computed: str
    rule: str


class _Checker:
    def __init__(self) -> None:
        self.found: list[Discrepancy] = []

    def compare(self, record: str, item: str, printed: Decimal | int, computed: Decimal | int,
                tolerance: Decimal | float, rule: str) -> None:
        if abs(Decimal(printed) - Decimal(computed)) > Decimal(str(tolerance)):
            self.found.append(Discrepancy(record, item, _fmt(printed), _fmt(computed), rule))

    def total(self, record: str, item: str, printed: int, terms: list[int]) -> None:
        # Each term is rounded to the unit, so their sum may be off by n/2 units.
        self.compare(record, item, printed, sum(terms), Decimal(len(terms)) / 2, "sum")

    def shares_sum(self, record: str, item: str, shares: list[str]) -> None:
        ps = [_percent(s) for s in shares]
        self.compare(record, item, Decimal(100), sum((p.value for p in ps), Decimal(0)),
                     sum((p.half_unit for p in ps), Decimal(0)), "shares sum to 100 %")

    def share(self, record: str, item: str, printed: str, part: Decimal | int,
              whole: Decimal | int, unit_error: Decimal = Decimal(0)) -> None:
        p = _percent(printed)
        computed = (Decimal(part) / Decimal(whole) * 100) if whole else Decimal(0)
        self.compare(record, item, p.value, computed.quantize(Decimal("0.001")),
                     p.half_unit + unit_error, "share = amount / total")


def _fmt(value: Decimal | int) -> str:
    d = Decimal(value)
    if d == d.to_integral_value():
        return grouped(d)
    return f"{d.normalize():f}".replace(".", ",")


def check_records(records: Records) -> list[Discrepancy]:
    """Every recomputable figure of the records; an empty list when all agree."""
    c = _Checker()
    _check_activity(c, records.activity_report, records.budget)
    _check_budget(c, records.budget)
    _check_model(c, records.distribution_model, records.budget, records.distribution)
    _check_distribution(c, records.distribution)
    _check_economy_plan(c, records.economy_plan, records.distribution)
    _check_investments(c, records.investment_plan, records.distribution, records.budget,
                       records.activity_report)
    return c.found


def _check_activity(c: _Checker, report: ActivityReport, budget: Budget) -> None:
    for label, table in (("operating", report.operating), ("investment", report.investment)):
        record = f"activity-report.{label}"
        for column in ("accounts", "budget", "deviation", "forecast"):
            c.total(record, f"SUM {column}", getattr(table.total, column),
                    [getattr(line, column) for line in table.lines])
        for line in table.lines + [table.total]:
            c.compare(record, f"{line.name}: deviation", line.deviation,
                      line.budget - line.forecast, 1, "deviation = budget − forecast")
    c.compare("activity-report.operating", "SUM budget (thousands) vs. budget 2023 frame",
              report.operating.total.budget * report.unit, budget.deflator.original_frame_2023,
              report.unit / 2, "same figure in two records")


def _check_budget(c: _Checker, budget: Budget) -> None:
    record = "budget-2024"
    d = budget.deflator
    c.compare(record, "revised frame 2023", d.revised_frame_2023,
              d.original_frame_2023 + d.increase, 0, "sum")
    c.share(record, "deflator increase", d.increase_percent, d.increase, d.original_frame_2023)
    c.total(record, "build-up total", budget.build_up.total.amount,
            [budget.build_up.start.amount] + [line.amount for line in budget.build_up.lines])
    c.compare(record, "build-up start vs. revised frame 2023", budget.build_up.start.amount,
              d.revised_frame_2023, 0, "same figure in two places")
    c.compare(record, "build-up total vs. operating frame", budget.build_up.total.amount,
              budget.operating_frame, 0, "same figure in two places")
    c.share(record, "increase on the deflated 2023 budget", budget.increase_percent_stated,
            budget.operating_frame - d.revised_frame_2023, d.revised_frame_2023)
    lines = {line.name: line.amount for line in budget.build_up.lines}
    for change in budget.stated_changes:
        c.compare(record, f"text vs. table: {change.line}", change.amount, lines[change.line],
                  Decimal(change.precision) / 2, "the text and the table state the same change")


def _check_model(c: _Checker, model: DistributionModel, budget: Budget,
                 distribution: Distribution) -> None:
    record = "distribution-model"
    c.compare(record, "total vs. operating frame", model.total, budget.operating_frame, 0,
              "same figure in two records")
    c.shares_sum(record, "accounts shares", list(model.accounts_shares.values()))
    c.total(record, "categories", model.total, [cat.amount for cat in model.categories])
    c.shares_sum(record, "category shares", [cat.share for cat in model.categories])
    for cat in model.categories:
        where = f"{record}.{cat.name}"
        # An amount in whole kroner adds at most half a krone of rounding to its share.
        c.share(where, "share of the budget", cat.share, cat.amount, model.total)
        c.total(where, "lines", cat.amount, [line.amount for line in cat.lines])
        shared = [line.share for line in cat.lines if line.share is not None]
        if len(shared) == len(cat.lines):
            c.shares_sum(where, "line shares", shared)
        for line in cat.lines:
            item = line.name
            if line.share is not None:
                c.share(where, f"{item}: share of the category", line.share, line.amount,
                        cat.amount)
            c.compare(where, f"{item}: sum", line.sum, line.amount, 0,
                      "the split adds up to the line's amount")
            c.total(where, f"{item}: split", line.sum, line.split)
            if line.key is not None and line.key_total is not None:
                c.total(where, f"{item}: key total", line.key_total, line.key)
            basis, total = line.basis(), line.basis_total()
            for m, part, printed in zip(model.municipalities, basis, line.split):
                c.compare(where, f"{item}: {m}", printed,
                          (Decimal(line.amount) * part / total).quantize(Decimal(1)), 2,
                          "split = key × amount")
        for i, m in enumerate(model.municipalities):
            c.total(where, f"subtotal {m}", cat.subtotal[i], [line.split[i] for line in cat.lines])
            c.share(where, f"subtotal share {m}", cat.subtotal_shares[i], cat.subtotal[i],
                    cat.amount)
        c.shares_sum(where, "subtotal shares", cat.subtotal_shares)
    for i, m in enumerate(model.municipalities):
        c.total(record, f"grand total {m}", model.grand_total[i],
                [cat.subtotal[i] for cat in model.categories])
        c.share(record, f"grand total share {m}", model.grand_total_shares[i],
                model.grand_total[i], model.total)
        c.compare(record, f"grand total share {m} vs. distribution 2024",
                  _percent(model.grand_total_shares[i]).value,
                  _percent(distribution.shares["2024"][m]).value, 0, "same figure in two records")
    c.total(record, "grand total", model.total, model.grand_total)


def _check_distribution(c: _Checker, distribution: Distribution) -> None:
    record = "distribution"
    for year, shares in distribution.shares.items():
        c.shares_sum(record, f"shares {year}", list(shares.values()))
    for year, table in distribution.contributions.years.items():
        where = f"{record}.contributions {year}"
        c.total(where, "total", table.total, list(table.amounts.values()))
        for m, amount in table.amounts.items():
            printed = _percent(table.shares[m])
            # A share printed from the year's finer key is rounded twice (12,35 → 12,4).
            key = distribution.shares.get(year, {}).get(m)
            twice = _percent(key).half_unit if key is not None else Decimal(0)
            c.share(where, f"{m}: share", table.shares[m], amount, table.total,
                    unit_error=Decimal(50) / table.total + twice)
            # The amount is the share of the total, rounded to the unit.
            c.compare(where, f"{m}: amount = share × total", amount,
                      (printed.value * table.total / 100).quantize(Decimal(1)),
                      printed.half_unit * table.total / 100 + Decimal("0.5"),
                      "amount = key × total")
            if year in distribution.shares and m in distribution.shares[year]:
                c.share(where, f"{m}: amount vs. the {year} key", distribution.shares[year][m],
                        amount, table.total, unit_error=Decimal(50) / table.total)


def _check_economy_plan(c: _Checker, plan: EconomyPlan, distribution: Distribution) -> None:
    record = "economy-plan"
    for i, year in enumerate(plan.years):
        c.total(record, f"total {year}", plan.total[i],
                [values[i] for values in plan.municipalities.values()])
        if i and plan.increase_percent[i] is not None:
            c.share(record, f"increase {year}", plan.increase_percent[i],
                    plan.total[i] - plan.total[i - 1], plan.total[i - 1])
    first = str(plan.years[0])
    contributions = distribution.contributions
    if first in contributions.years and plan.unit == contributions.unit:
        table = contributions.years[first]
        c.compare(record, f"total {first} vs. distribution", plan.total[0], table.total, 0,
                  "same figure in two records")
        for m, values in plan.municipalities.items():
            c.compare(record, f"{m} {first} vs. distribution", values[0], table.amounts[m], 0,
                      "same figure in two records")


def _check_investments(c: _Checker, plan: InvestmentPlan, distribution: Distribution,
                       budget: Budget, report: ActivityReport) -> None:
    record = "investment-plan"
    c.total(record, "projects", plan.total, [p.amount for p in plan.projects])
    for group, printed in plan.group_totals.items():
        c.total(record, f"group {group}", printed,
                [p.amount for p in plan.projects if p.group == group])
    c.compare(record, "total vs. investment frame", plan.total, budget.investment_frame, 0,
              "same figure in two records")
    dist = plan.distribution
    rate = _percent(dist.vat_rate_percent).value / 100
    key = {m: _percent(v).value / 100 for m, v in distribution.shares[dist.key_year].items()}
    half_key = {m: _percent(v).half_unit / 100 for m, v in
                distribution.shares[dist.key_year].items()}

    def by_key(where: str, label: str, base: Decimal, amounts: dict[str, int]) -> None:
        for m, printed in amounts.items():
            # Frame and VAT are printed in whole thousands: the base may be off by one.
            c.compare(where, f"{m}{label}", printed, (key[m] * base).quantize(Decimal(1)),
                      half_key[m] * base + 1,
                      f"share of the investment by the {dist.key_year} key")

    for year, row in dist.years.items():
        where = f"{record}.distribution {year}"
        c.compare(where, "VAT compensation", row.vat_compensation,
                  (rate * row.frame).quantize(Decimal(1)), Decimal("0.5"), "20 % of the frame")
        c.total(where, "financing", row.total,
                [row.vat_compensation] + list(row.amounts.values()))
        if year == dist.key_year:
            by_key(where, "", Decimal(row.frame - row.vat_compensation), row.amounts)
    years = sorted(dist.years)
    if len(years) == 2:
        old, new = dist.years[years[0]], dist.years[years[1]]
        for m in new.amounts:
            c.compare(f"{record}.distribution", f"difference {m}", dist.difference[m],
                      new.amounts[m] - old.amounts[m], 1,
                      f"difference = {years[1]} − {years[0]}")
    after = plan.after_transfer
    where = f"{record}.after transfer"
    c.compare(where, "transferred vs. investment deviation in the activity report",
              after.transferred, report.investment.total.deviation, 0,
              "same figure in two records")
    c.compare(where, "frame", after.frame, plan.total // after.unit - after.transferred, 0,
              "frame − transferred")
    c.compare(where, "VAT compensation", after.vat_compensation,
              (rate * after.frame).quantize(Decimal(1)), Decimal("0.5"), "20 % of the frame")
    by_key(where, "", Decimal(after.frame - after.vat_compensation), after.amounts)
    c.total(where, "financing", after.total,
            [after.vat_compensation] + list(after.amounts.values()))
    table = plan.plan
    for i, year in enumerate(table.years):
        where = f"{record}.plan {year}"
        c.total(where, "financing", table.total[i],
                [table.vat_compensation[i]] + [v[i] for v in table.municipalities.values()])
        by_key(where, "", Decimal(table.frame[i] - table.vat_compensation[i]),
               {m: v[i] for m, v in table.municipalities.items()})


# ---------------------------------------------------------------- cost split


def split_keys(records: Records) -> dict[str, dict[str, Decimal]]:
    """The keys a joint cost can be split by: '2024', '2023' (the operating distribution)
    and each category of the 2024 model (its municipalities' subtotals)."""
    keys: dict[str, dict[str, Decimal]] = {
        year: {m: _percent(v).value for m, v in shares.items()}
        for year, shares in records.distribution.shares.items()
    }
    model = records.distribution_model
    for cat in model.categories:
        keys[cat.name] = {m: Decimal(v) for m, v in zip(model.municipalities, cat.subtotal)}
    return keys


def split_amount(amount: int, key: dict[str, Decimal]) -> dict[str, int]:
    """Whole kroner per municipality, in proportion to ``key`` and adding up exactly to
    ``amount`` (largest remainder: each gets the floor of its exact part, and the kroner
    left go to the largest remainders, ties in the key's order)."""
    if amount < 0:
        raise ValueError("the amount must be ≥ 0")
    total = sum(key.values(), Decimal(0))
    if total <= 0:
        raise ValueError("the key has no weight")
    exact = {m: Decimal(amount) * w / total for m, w in key.items()}
    result = {m: int(math.floor(v)) for m, v in exact.items()}
    left = amount - sum(result.values())
    order = sorted(key, key=lambda m: -(exact[m] - result[m]))
    for m in order[:left]:
        result[m] += 1
    return result
