"""The cooperation's records (roster.records): loading, the consistency check, the split."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roster.loading import InputError
from roster.records import (
    FILES,
    check_records,
    load_records,
    split_amount,
    split_keys,
)

# The discrepancies that are really in the council papers (as OCR'd), record and item.
KNOWN = {
    ("budget-2024", "text vs. table: Reduksjon linjeleie"),
    ("distribution-model.Lisens, vedlikehold, support", "lines"),
    ("distribution-model.Lisens, vedlikehold, support", "MDM Helse - E-FOTA: split"),
    ("distribution-model.Lisens, vedlikehold, support", "MDM Helse - E-FOTA: Aukra"),
    ("distribution-model.Lisens, vedlikehold, support", "subtotal Aukra"),
    ("distribution-model.Lisens, vedlikehold, support", "subtotal Hustadvika"),
    ("distribution-model.Lisens, vedlikehold, support", "subtotal Vestnes"),
    ("distribution-model.Samband og tele", "Linjeleie: key total"),
    ("distribution-model.Samband og tele", "Linjeleie: Vestnes"),
    ("economy-plan", "Rauma 2024 vs. distribution"),
    ("economy-plan", "Vestnes 2024 vs. distribution"),
    ("investment-plan.after transfer", "Rauma"),
    ("investment-plan.after transfer", "Vestnes"),
    ("investment-plan.after transfer", "financing"),
} | {(f"investment-plan.plan {y}", m) for y in (2024, 2025, 2026, 2027)
     for m in ("Rauma", "Vestnes")}


_RECORDS = load_records()


@pytest.fixture(scope="module")
def records():
    return _RECORDS


def found(records) -> set[tuple[str, str]]:
    return {(d.record, d.item) for d in check_records(records)}


def test_every_record_loads(records):
    assert [c.number for c in records.meeting.cases] == [f"2023/M4-00{i}" for i in range(1, 8)]
    assert {c.kind for c in records.meeting.cases} == {"Vedtak", "Orientering", "Diskusjon"}
    assert records.budget.operating_frame == 89_477_000
    assert records.budget.investment_frame == 11_519_000
    assert [c.name for c in records.distribution_model.categories] == [
        "Diverse", "Lønnsbasert", "Lisens, vedlikehold, support", "Samband og tele"]
    assert records.economy_plan.total == [89477, 93772, 97429, 101229]
    controlled = [d for d in records.documents.documents if d.status]
    assert {d.title for d in controlled} == {"Aktivitetsrapport", "Budsjett 2024"}


def test_check_finds_exactly_the_discrepancies_in_the_papers(records):
    assert found(records) == KNOWN


def test_swapped_municipalities_are_reported_with_both_figures(records):
    by_item = {(d.record, d.item): d for d in check_records(records)}
    rauma = by_item[("economy-plan", "Rauma 2024 vs. distribution")]
    assert (rauma.printed, rauma.computed) == ("11 435", "11 015")


def broken(records, change) -> set[tuple[str, str]]:
    clone = copy.deepcopy(records)
    change(clone)
    return found(clone) - KNOWN


def test_sum_of_lines(records):
    def change(r):
        r.activity_report.operating.lines[0].accounts += 10
    assert ("activity-report.operating", "SUM accounts") in broken(records, change)


def test_deviation_is_budget_minus_forecast(records):
    def change(r):
        r.activity_report.investment.lines[2].deviation = 300
    new = broken(records, change)
    assert ("activity-report.investment", "Innbyggerportal: deviation") in new


def test_shares_sum_to_100(records):
    def change(r):
        r.distribution.shares["2023"]["Molde"] = "46,87"
    assert ("distribution", "shares 2023") in broken(records, change)


def test_split_by_key(records):
    def change(r):
        r.distribution_model.categories[0].lines[0].split[2] += 5000
    new = broken(records, change)
    assert ("distribution-model.Diverse", "Antall brukere admin: Molde") in new


def test_share_of_amount(records):
    def change(r):
        r.distribution_model.categories[1].share = "36,5"
    assert ("distribution-model.Lønnsbasert", "share of the budget") in broken(records, change)


def test_same_figure_in_two_records(records):
    def change(r):
        r.budget.investment_frame = 11_520_000
    assert ("investment-plan", "total vs. investment frame") in broken(records, change)


def test_rounding_is_not_a_discrepancy(records):
    # Kroner lines that are one krone off their exact key share are within rounding.
    def change(r):
        r.distribution_model.categories[0].lines[0].split[0] += 1
        r.distribution_model.categories[0].lines[0].split[1] -= 1
    assert broken(records, change) == set()


def test_missing_or_bad_file_names_file_and_field(tmp_path: Path):
    src = Path(__file__).resolve().parents[2] / "fixtures" / "records"
    for name in FILES.values():
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "economy-plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "economy-plan.yaml").write_text(text.replace("unit: 1000", "unit: tusen"),
                                                encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_records(tmp_path)
    assert "economy-plan.yaml" in err.value.render("en") and "unit" in err.value.render("en")
    (tmp_path / "meeting.yaml").unlink()
    with pytest.raises(InputError, match="meeting.yaml"):
        load_records(tmp_path)


# ------------------------------------------------------------------------ split


def test_split_2024_key(records):
    split = split_amount(450_000, split_keys(records)["2024"])
    assert split == {"Aukra": 36405, "Hustadvika": 88740, "Molde": 211950, "Rauma": 55395,
                     "Vestnes": 57510}


def test_largest_remainder():
    key = {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)}
    assert split_amount(100, key) == {"A": 34, "B": 33, "C": 33}
    assert split_amount(2, key) == {"A": 1, "B": 1, "C": 0}
    with pytest.raises(ValueError):
        split_amount(-1, key)


@given(st.integers(0, 10**9), st.sampled_from(["2024", "2023", "Diverse", "Samband og tele"]))
def test_split_adds_up_exactly_and_stays_within_a_krone(amount, key_name):
    key = split_keys(_RECORDS)[key_name]
    split = split_amount(amount, key)
    assert sum(split.values()) == amount
    total = sum(key.values())
    for m, part in split.items():
        assert abs(Decimal(part) - Decimal(amount) * key[m] / total) < 1

