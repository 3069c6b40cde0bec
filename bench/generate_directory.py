"""Write a realistic synthetic resource directory, valid against the model, for benchmarks.

    python bench/generate_directory.py --count 10000 --out /tmp/dir [--seed 1] [--per-file 1000]

The shipped categories.yaml and regions.yaml are copied, and regions-synthetic.yaml adds seven
more states and a few hundred counties (with city aliases) so region filters are meaningful.
Phone numbers are real-looking and valid for libphonenumber (real area codes), names come from
word lists, every text is in English and Spanish, and hours mix 24/7, office hours, overnight
periods, notes and unknowns across four time zones. The same seed gives the same directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
import yaml

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic_words import (
    BRANCHES,
    CITY_PARTS,
    NAME_ENDINGS,
    NAME_FOCUS,
    NAME_PREFIXES,
    OTHER_LANGUAGES,
    PEOPLE,
    STATES,
    STREET_KINDS,
    STREETS,
    TAGS,
    TOLL_FREE,
    TOPICS,
)

SHIPPED = Path(__file__).resolve().parents[1] / "resources"
CATEGORY_WEIGHTS = {"hotline": 15, "legal": 20, "therapy": 15, "jobs": 14, "shelter": 12,
                    "medical": 13, "advocacy": 11}  # fmt: skip
ELIGIBILITY_TAGS = ["survivors", "women", "youth", "adults", "low-income", "any-immigration-status"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYS = (*WEEKDAYS, "sat", "sun")


@dataclass(frozen=True)
class Place:
    """A region resources can serve, with what a generated entry needs to know about it."""

    region_id: str
    state: str
    label: str
    label_es: str
    cities: tuple[str, ...]


@dataclass
class _Generator:
    rng: random.Random
    today: dt.date
    places: list[Place]
    states: list[Place]
    used_numbers: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)

    def resource(self, index: int) -> dict[str, Any]:
        rng = self.rng
        categories = self._categories()
        scope = rng.random()
        if scope < 0.05:
            place, regions = None, ["us"]
        elif scope < 0.2:
            place = rng.choice(self.states)
            regions = [place.region_id]
        else:
            place = rng.choice(self.places)
            regions = [place.region_id]
            if rng.random() < 0.1:  # some serve a neighbouring county too
                other = rng.choice([p for p in self.places if p.state == place.state])
                if other.region_id != place.region_id:
                    regions.append(other.region_id)
        main = categories[0]
        name = self._name(main, place)
        entry: dict[str, Any] = {
            "id": f"r{index:06d}-{_slug(NAME_ENDINGS[main][0])}",
            "name": name,
        }
        if rng.random() < 0.2:
            entry["organization"] = f"{rng.choice(NAME_PREFIXES)} Community Services"
        entry["description"] = self._description(categories, place)
        entry["categories"] = categories
        entry["regions"] = regions
        state = place.state if place else "us"
        entry["phones"] = self._phones(state)
        slug = _slug(name)[:30].strip("-")
        if rng.random() < 0.8:
            entry["website"] = f"https://www.{slug}.org"
        if rng.random() < 0.15:
            entry["chat_url"] = f"https://chat.{slug}.org/start"
        if rng.random() < 0.3:
            entry["email"] = f"help@{slug}.org"
        if "shelter" not in categories and place is not None and rng.random() < 0.4:
            entry["address"] = {
                "street": f"{rng.randint(100, 9999)} {rng.choice(STREETS)} "
                f"{rng.choice(STREET_KINDS)}",
                "city": rng.choice(place.cities) if place.cities else place.label,
                "region": place.state.upper(),
                "postal_code": f"{rng.randint(10000, 99999)}",
            }
        hours = self._hours(main, state)
        if hours:
            entry["hours"] = hours
        entry["languages"] = self._languages()
        if rng.random() < 0.2:
            entry["interpreters"] = True
        if rng.random() < 0.25:
            people_en, people_es = rng.choice(PEOPLE)
            entry["eligibility"] = {
                "note": {"en": f"For {people_en}.", "es": f"Para {people_es}."},
                "tags": rng.sample(ELIGIBILITY_TAGS, k=2),
            }
        if rng.random() < 0.6:
            entry["cost"] = rng.choice(["free", "free", "sliding-scale", "fee"])
        if main in ("shelter", "hotline") and rng.random() < 0.7:
            entry["confidential"] = True
        entry["tags"] = self._tags(categories)
        entry["last_verified"] = self.today - dt.timedelta(days=rng.randint(0, 450))
        if rng.random() < 0.5:
            entry["sources"] = [f"https://www.{slug}.org/about"]
        if rng.random() < 0.03:
            entry["needs_review"] = True
            entry["review_note"] = "Confirm the phone number and hours."
        status = rng.random()
        if status < 0.02:
            entry["status"] = "inactive"
        elif status < 0.03:
            entry["status"] = "temporarily_closed"
        return entry

    def _categories(self) -> list[str]:
        ids, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        count = self.rng.choices((1, 2, 3), weights=(70, 24, 6))[0]
        chosen: list[str] = []
        while len(chosen) < count:
            pick = self.rng.choices(ids, weights=weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    def _name(self, category: str, place: Place | None) -> str:
        rng = self.rng
        endings = NAME_ENDINGS[category]
        focus = rng.choice(NAME_FOCUS)
        if place is not None and place.cities and rng.random() < 0.35:
            prefix = rng.choice(place.cities)
        elif place is not None and rng.random() < 0.15:
            prefix = place.label.removesuffix(" County")
        else:
            prefix = rng.choice(NAME_PREFIXES)
        name = " ".join(part for part in (prefix, focus, rng.choice(endings)) if part)
        if name in self.used_names:
            name = f"{name} - {rng.choice(BRANCHES)}"
        base, branch = name, 2
        while name in self.used_names:
            name, branch = f"{base} {branch}", branch + 1
        self.used_names.add(name)
        return name

    def _description(self, categories: list[str], place: Place | None) -> dict[str, str]:
        rng = self.rng
        topic_en, topic_es = rng.choice(TOPICS[categories[0]])
        people_en, people_es = rng.choice(PEOPLE)
        where = place.label if place else "the United States"
        donde = place.label_es if place else "Estados Unidos"
        en = f"Help with {topic_en} for {people_en} in {where}."
        es = f"Ayuda con {topic_es} para {people_es} en {donde}."
        if len(categories) > 1:
            extra_en, extra_es = rng.choice(TOPICS[categories[1]])
            en += f" Also {extra_en}."
            es += f" También {extra_es}."
        return {"en": en, "es": es}

    def _tags(self, categories: list[str]) -> dict[str, list[str]]:
        pairs = [pair for c in categories for pair in TAGS[c]]
        chosen = self.rng.sample(pairs, k=min(len(pairs), self.rng.randint(2, 6)))
        return {"en": [en for en, _ in chosen], "es": [es for _, es in chosen]}

    def _phones(self, state: str) -> list[dict[str, Any]]:
        rng = self.rng
        area_codes = STATES[state][2] if state in STATES else TOLL_FREE
        phones: list[dict[str, Any]] = [{"kind": "voice", "number": self._number(area_codes)}]
        if rng.random() < 0.3:
            phones.append(
                {
                    "kind": "voice",
                    "number": self._number(TOLL_FREE),
                    "label": {"en": "Toll-free", "es": "Gratuita"},
                }
            )
        if rng.random() < 0.1:
            phones.append({"kind": "sms", "number": self._short_code(), "keyword": "HELP"})
        if rng.random() < 0.05:
            phones.append({"kind": "tty", "number": "711"})
        return phones

    def _number(self, area_codes: tuple[int, ...]) -> str:
        while True:
            area = self.rng.choice(area_codes)
            exchange = self.rng.randint(200, 999)
            line = self.rng.randint(0, 9999)
            if exchange % 100 == 11 or exchange == 555:
                continue
            digits = f"{area}{exchange}{line:04d}"
            if digits in self.used_numbers:
                continue
            if not phonenumbers.is_valid_number(phonenumbers.parse(f"+1{digits}")):
                continue
            self.used_numbers.add(digits)
            style = self.rng.randrange(4)
            if style == 0:
                return f"({area}) {exchange}-{line:04d}"
            if style == 1:
                return f"{area}-{exchange}-{line:04d}"
            if style == 2:
                return f"1-{area}-{exchange}-{line:04d}"
            return f"+1 {area} {exchange} {line:04d}"

    def _short_code(self) -> str:
        while True:
            code = str(self.rng.randint(20000, 899999))
            if code not in self.used_numbers:
                self.used_numbers.add(code)
                return code

    def _hours(self, category: str, state: str) -> dict[str, Any] | None:
        rng = self.rng
        zone = STATES[state][1] if state in STATES else "America/New_York"
        roll = rng.random()
        if roll < (0.6 if category == "hotline" else 0.12):
            return {"open_24_7": True}
        roll = rng.random()
        if roll < 0.55:
            opens = rng.choice(("08:00", "08:30", "09:00", "10:00"))
            closes = rng.choice(("16:00", "17:00", "17:30", "18:00", "20:00"))
            weekly = [{"days": list(WEEKDAYS), "opens": opens, "closes": closes}]
            if rng.random() < 0.3:
                weekly.append({"days": ["sat"], "opens": "10:00", "closes": "14:00"})
            return {"timezone": zone, "weekly": weekly}
        if roll < 0.65:  # overnight, e.g. an evening drop-in or a night line
            opens, closes = rng.choice((("20:00", "08:00"), ("22:00", "02:00"), ("18:00", "24:00")))
            return {
                "timezone": zone,
                "weekly": [{"days": list(ALL_DAYS), "opens": opens, "closes": closes}],
            }
        if roll < 0.8:
            return {"note": {"en": "By appointment.", "es": "Con cita previa."}}
        return None

    def _languages(self) -> list[str]:
        languages = ["en"]
        if self.rng.random() < 0.55:
            languages.append("es")
        if self.rng.random() < 0.15:
            languages.append(self.rng.choice(OTHER_LANGUAGES))
        return languages


def synthetic_regions(seed: int = 0) -> list[dict[str, Any]]:
    """States (besides the shipped `wa`) and their counties, each with a few city aliases."""
    rng = random.Random(f"regions-{seed}")
    regions: list[dict[str, Any]] = []
    for state, (label, zone, _, counties) in STATES.items():
        if state != "wa":
            regions.append(
                {
                    "id": state,
                    "parent": "us",
                    "label": {"en": label, "es": label},
                    "aliases": {"en": [label.lower()], "es": [label.lower()]},
                    "timezone": zone,
                }
            )
        for county in counties:
            cities = sorted(
                {f"{rng.choice(CITY_PARTS[0])}{rng.choice(CITY_PARTS[1])}" for _ in range(2)}
            )
            regions.append(
                {
                    "id": f"{state}-{_slug(county)}"[:40],
                    "parent": state,
                    "label": {"en": f"{county} County", "es": f"Condado de {county}"},
                    "aliases": {
                        "en": [f"{county} County".lower(), *(c.lower() for c in cities)],
                        "es": [f"condado de {county}".lower()],
                    },
                    "timezone": zone,
                }
            )
    return regions


def generate_resources(
    count: int, *, seed: int = 0, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """`count` resources as YAML-ready dicts, the same for the same seed and date."""
    regions = synthetic_regions(seed)
    places = [_place(r) for r in regions if r["parent"] != "us"]
    king = ("Seattle", "Burien", "Kent", "Renton")
    places.append(Place("wa-king", "wa", "King County", "el condado de King", king))
    states = [_place(r) for r in regions if r["parent"] == "us"]
    states.append(Place("wa", "wa", "Washington", "Washington", ()))
    generator = _Generator(random.Random(seed), today or dt.date.today(), places, states)
    return [generator.resource(i) for i in range(count)]


def write_directory(
    out: Path,
    count: int,
    *,
    seed: int = 0,
    per_file: int = 1000,
    today: dt.date | None = None,
) -> list[Path]:
    """Write a directory of `count` resources into `out` (created if needed); the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("categories.yaml", "regions.yaml"):
        shutil.copyfile(SHIPPED / name, out / name)
        written.append(out / name)
    written.append(_dump(out / "regions-synthetic.yaml", {"regions": synthetic_regions(seed)}))
    resources = generate_resources(count, seed=seed, today=today)
    for number, chunk in enumerate(_chunks(resources, per_file), start=1):
        written.append(_dump(out / f"resources-{number:04d}.yaml", {"resources": chunk}))
    return written


def _place(region: dict[str, Any]) -> Place:
    """A state is its own state; a county belongs to its parent."""
    state = region["id"] if region["parent"] == "us" else region["parent"]
    cities = tuple(a.title() for a in region["aliases"]["en"][1:])
    return Place(region["id"], state, region["label"]["en"], region["label"]["es"], cities)


def _chunks(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _dump(path: Path, data: dict[str, Any]) -> Path:
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(
            data,
            file,
            Dumper=dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
            default_flow_style=None,  # short lists inline: `days: [mon, tue]`
        )
    return path


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, required=True, help="number of resources")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-file", type=int, default=1000, help="resources per YAML file")
    args = parser.parse_args(argv)
    files = write_directory(args.out, args.count, seed=args.seed, per_file=args.per_file)
    print(f"wrote {args.count} resources in {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
