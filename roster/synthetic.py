"""Generated units for scaling benchmarks: a nursing-home ward of any size and length.

The staff mix follows the shared example (a day/evening pool working every third weekend,
a separate night team, many part-time positions); requirements are set from the staff's
own capacity (about 90 % of the person-weekends and hours they can give), so the plan
is tight but meant to be feasible.
"""

from __future__ import annotations

import datetime as dt
import random

from roster.loading import unit_from_data
from roster.models import Unit

FTE_MIX = ((1.0, 0.25), (0.8, 0.2), (0.6, 0.25), (0.5, 0.15), (0.25, 0.15))
SHIFT_HOURS = {"D": 7.5, "A": 7.5, "N": 10.0}


def _fte(rng: random.Random) -> float:
    return rng.choices([f for f, _ in FTE_MIX], [w for _, w in FTE_MIX])[0]


def generated_unit(staff: int, weeks: int, seed: int = 0) -> Unit:
    if staff < 12:
        raise ValueError("a generated unit needs at least 12 staff")
    rng = random.Random(seed)
    weekly, every = 35.5, 3
    n_night = max(6, round(0.18 * staff))  # ≥ 3 night nurses for every third weekend
    n_day = staff - n_night
    people = []
    for i in range(staff):
        night = i >= n_day
        skill = "sykepleier" if i % 5 < 2 else "helsefagarbeider" if i % 5 < 4 else "assistent"
        person = {"id": str(10001 + i), "name": f"Ansatt {i + 1}", "fte": _fte(rng),
                  "skills": [skill], "shifts": ["N"] if night else ["D", "A"]}
        roll = rng.random()
        if not night and roll < 0.08:
            person["wishes"] = {"avoid_shifts": ["A"]}
        elif not night and roll < 0.14:
            person["wishes"] = {"days_off": [rng.choice(["mon", "wed", "fri"])]}
        people.append(person)
    day_pool, night_pool = people[:n_day], people[n_day:]
    # Night nurses hold the larger night positions, as is usual: with a nurse on every
    # night, small positions alone would leave the plan on the edge of what is possible.
    for rank, person in enumerate(sorted(night_pool, key=lambda p: -p["fte"])):
        person["skills"] = ["sykepleier"] if rank < (len(night_pool) + 1) // 2 else [
            "helsefagarbeider"]

    # Weekends: each person works weeks/every of them, Saturday and Sunday.
    per_weekend_day = int(0.9 * n_day / every)
    weekend_a = int(0.45 * per_weekend_day)
    weekend_d = per_weekend_day - weekend_a
    weekend_hours = per_weekend_day * 2 * SHIFT_HOURS["D"]
    weekday_people = (0.9 * sum(p["fte"] for p in day_pool) * weekly - weekend_hours) / (
        5 * SHIFT_HOURS["D"])
    weekday_d = max(1, int(0.55 * weekday_people))
    weekday_a = max(1, int(0.45 * weekday_people))
    night_hours = 0.9 * sum(p["fte"] for p in night_pool) * weekly
    per_night = max(1, min(int(night_hours / (7 * SHIFT_HOURS["N"])),
                           int(len(night_pool) / every)))
    requirements = [
        {"shift": "D", "days": ["mon", "tue", "wed", "thu", "fri"], "min": weekday_d,
         "target": weekday_d + 1, "skills": {"sykepleier": max(1, weekday_d // 4)}},
        {"shift": "A", "days": ["mon", "tue", "wed", "thu", "fri"], "min": weekday_a,
         "skills": {"sykepleier": 1}},
        {"shift": "D", "days": ["sat", "sun"], "min": weekend_d,
         "skills": {"sykepleier": max(1, weekend_d // 5)}},
        {"shift": "A", "days": ["sat", "sun"], "min": weekend_a, "skills": {"sykepleier": 1}},
        {"shift": "N", "min": per_night, "skills": {"sykepleier": 1}},
    ]
    return unit_from_data({
        "unit": {"id": f"generated-{staff}x{weeks}", "name": f"Generert avdeling {staff}"},
        "turnus": {"weeks": weeks, "start": dt.date(2027, 1, 4).isoformat()},
        "shift_types": [
            {"code": "D", "name": "Dagvakt", "start": "07:30", "end": "15:00"},
            {"code": "A", "name": "Aftenvakt", "start": "14:30", "end": "22:00"},
            {"code": "N", "name": "Nattevakt", "start": "21:45", "end": "07:45"},
        ],
        "rules": {"weekend_every": every, "full_time_weekly_hours": weekly},
        "requirements": requirements,
        "staff": people,
    }, source=f"generated {staff}x{weeks}")
