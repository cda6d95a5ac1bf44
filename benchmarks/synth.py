"""A realistic synthetic brief of any size: `python -m benchmarks.synth N DIR`.

N notes over a generated registry (40 countries, 200 actors of seven kinds, 25 sources, each
with aliases), text drawn from a vocabulary of thousands of pseudo-words in a Zipf-like
distribution, dates over ten years at day, month and approximate precision, some figures,
some notes with two or three sources or a `via`. Seeded: the same N always writes the same
bytes. The project's own mkdocs.yml and pages are copied beside the content.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import shutil
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent
SEED = 16
FIRST_DAY, DAYS = dt.date(2015, 1, 1), 3653  # ten years, to the end of 2024
MARKER = ".synthetic-brief"  # a folder holding this may be replaced by another run

# Syllables for pseudo-words and names; real function words take the top ranks, as in any text.
ONSETS = ("b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "br", "dr", "gr", "kh", "sh", "st", "tr", "")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "ai", "ou", "ia", "ei")
CODAS = ("", "", "", "n", "r", "l", "s", "m", "k", "d", "th", "st")
FUNCTION_WORDS = (
    "the of and to in a that said on for with was by as from at is its had has were would an after not "
    "which their also but over against officials government forces will they this been are more than who "
    "security minister two new talks attack report statement according during military since between "
    "week president foreign ministry country sources told meeting agreement border region support "
    "leaders people three spokesman sanctions militia attacks strikes troops oil deal elections").split()
VERBS = ("warns", "meets", "rejects", "announces", "denies", "accuses", "visits", "suspends", "signs",
         "condemns", "expands", "halts", "backs", "threatens", "resumes", "questions", "blocks", "welcomes")
TAGS = ("diplomacy", "sanctions", "militia-attacks", "energy", "elections", "economy", "deterrence",
        "sovereignty", "humanitarian", "border", "intelligence", "protests", "negotiations", "military-aid",
        "terrorism", "oil", "water", "refugees", "cyber", "nuclear", "trade", "courts", "media", "health")
ACTOR_KINDS = (("person", 90), ("government", 25), ("armed group", 30), ("party", 20),
               ("intelligence agency", 12), ("international organization", 13), ("alliance", 10))
SOURCE_KINDS = (("outlet", 18), ("think tank", 5), ("archive", 2))
COUNTRIES, VOCABULARY, SERIES = 40, 8000, 5


@dataclass(frozen=True)
class Entity:
    kind: str  # countries, actors or sources
    slug: str
    name: str
    aliases: tuple[str, ...]
    category: str = ""
    affiliation: str = ""
    role: str = ""
    url: str = ""
    adjective: str = ""  # countries: 'Velmorian', for names such as 'Velmorian Prime Minister'


class Generator:
    """Everything drawn from one seeded random stream, in a fixed order."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()  # every name and alias, unique across kinds so links are never ambiguous
        self.vocabulary = self._vocabulary()
        # Zipf–Mandelbrot, 1 / (rank + 2.5): 'the' about 4 % of words, the top hundred about 45 %, as in news text
        self.word_weights = list(itertools.accumulate(1 / (rank + 2.5) for rank in range(1, len(self.vocabulary) + 1)))
        self.countries = self._countries()
        self.actors = self._actors()
        self.sources = self._sources()
        self.series = self._series()
        self.country_weights = _zipf(len(self.countries), 1.1)
        self.actor_weights = _zipf(len(self.actors), 0.9)
        self.source_weights = _zipf(len(self.sources), 0.8)
        self.slugs: set[str] = set()
        self.figure_periods: set[tuple[str, str]] = set()

    # -- words and names ------------------------------------------------------------------
    def pseudo(self, syllables: int) -> str:
        r = self.rng
        return "".join(r.choice(ONSETS) + r.choice(VOWELS) + r.choice(CODAS) for _ in range(syllables))

    def _vocabulary(self) -> list[str]:
        words = dict.fromkeys(FUNCTION_WORDS)
        while len(words) < VOCABULARY:
            word = self.pseudo(self.rng.choice((1, 2, 2, 2, 3, 3, 4)))
            if len(word) > 2:
                words.setdefault(word)
        return list(words)

    def proper(self, syllables: int = 2) -> str:
        while True:
            word = self.pseudo(syllables)
            if 3 < len(word) < 12:
                return word.capitalize()

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.word_weights, k=count)

    def _claim(self, names: list[str]) -> tuple[str, tuple[str, ...]] | None:
        """The name and those aliases not yet taken; None when the name itself is taken."""
        if names[0].casefold() in self.used:
            return None
        kept = []
        for name in names:
            if name.casefold() not in self.used:
                self.used.add(name.casefold())
                kept.append(name)
        return kept[0], tuple(kept[1:])

    # -- the registry ---------------------------------------------------------------------
    def _countries(self) -> list[Entity]:
        out = []
        while len(out) < COUNTRIES:
            stem = self.proper(self.rng.choice((2, 2, 3)))
            name = stem + self.rng.choice(("ia", "stan", "land", "ra", "ovia", "", "a", "esh"))
            adjective = _adjective(name)
            claimed = self._claim([name, f"Republic of {name}", f"{adjective} state"])
            if claimed:
                out.append(Entity("countries", slugify(name), claimed[0], claimed[1], "country", adjective=adjective))
        return out

    def _actors(self) -> list[Entity]:
        out: list[Entity] = []
        offices = ("Prime Minister", "President", "Foreign Minister", "Defence Minister", "Interior Minister")
        office_of = itertools.cycle(itertools.product(offices, self.countries))
        governments = iter(self.countries)
        for kind, count in ACTOR_KINDS:
            made = 0
            while made < count:
                names, role, country = self._actor_names(kind, office_of, governments)
                claimed = self._claim(names)
                if claimed:
                    out.append(Entity("actors", slugify(claimed[0]), claimed[0], claimed[1], kind, country.name, role))
                    made += 1
        return out

    def _actor_names(self, kind: str, office_of: Iterator, governments: Iterator) -> tuple[list[str], str, Entity]:
        """(name and aliases, role, country) of one actor of `kind`."""
        if kind == "person":
            first, last = self.proper(2), self.proper(self.rng.choice((2, 3)))
            office, country = next(office_of)
            return ([f"{first} {last}", last, f"{country.adjective} {office}", f"{office} {last}"],
                    f"{office} of {country.name}", country)
        if kind == "government":
            country = next(governments)
            return [f"Government of {country.name}", f"{country.adjective} government", f"{country.name} cabinet"], "", country
        country = self.rng.choice(self.countries)
        adjective = country.adjective
        word = self.proper(self.rng.choice((2, 3)))
        pattern = {
            "armed group": (f"{word} Brigades", f"{adjective} {word} Front", f"Army of {word}"),
            "party": (f"{adjective} {word} Party", f"{word} Movement", f"Party of {word} Unity"),
            "intelligence agency": (f"{adjective} General Intelligence Directorate", f"{word} Security Service"),
            "international organization": (f"{word} Organization for Cooperation", f"{word} Council"),
            "alliance": (f"{word} Pact", f"Axis of {word}", f"{word} Coalition"),
        }[kind]
        name = self.rng.choice(pattern)
        return [name, _acronym(name), word if kind != "intelligence agency" else f"{adjective} intelligence"], "", country

    def _sources(self) -> list[Entity]:
        out = []
        for kind, count in SOURCE_KINDS:
            made = 0
            while made < count:
                word = self.proper(self.rng.choice((2, 3)))
                name = {"outlet": self.rng.choice((f"{word} News", f"The {word} Times", f"{word} Post", f"{word} Agency")),
                        "think tank": self.rng.choice((f"{word} Institute", f"Center for {word} Studies")),
                        "archive": f"{word} Archive"}[kind]
                domain = f"{word.lower()}.example"
                claimed = self._claim([name, _acronym(name), word])
                if claimed:
                    country = self.rng.choice(self.countries)
                    out.append(Entity("sources", slugify(name), claimed[0], claimed[1], kind, country.name,
                                      url=f"https://{domain}"))
                    made += 1
        return out

    def _series(self) -> list[tuple[str, str, float]]:
        units = (("drone attacks", "attacks", 30.0), ("displaced people", "people", 120000.0),
                 ("oil exports", "barrels per day", 3.2e6), ("civilian casualties", "deaths", 80.0),
                 ("inflation rate", "percent", 9.0))
        return [(f"{self.countries[i].adjective} {what}", unit, base) for i, (what, unit, base) in enumerate(units[:SERIES])]

    # -- text -----------------------------------------------------------------------------
    def sentence(self, names: list[str]) -> str:
        words = self.words(self.rng.randint(8, 24))
        if names and self.rng.random() < 0.5:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(names))
        if len(words) > 12 and self.rng.random() < 0.4:
            words[self.rng.randrange(3, len(words) - 3)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, names: list[str], sentences: tuple[int, int] = (2, 6)) -> str:
        return " ".join(self.sentence(names) for _ in range(self.rng.randint(*sentences)))

    def body(self, names: list[str], link: str) -> str:
        r = self.rng
        parts = [self.paragraph(names) for _ in range(r.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8)))]
        if r.random() < 0.1:
            parts.insert(1, "\n".join(f"- {self.sentence(names)}" for _ in range(r.randint(2, 5))))
        if r.random() < 0.08:
            parts.append(f"See [the original report]({link}) for the full statement.")
        if r.random() < 0.2:
            parts.append(f"**Dating.** {self.paragraph([], (1, 2))}")
        return "\n\n".join(parts)

    def profile(self, entity: Entity) -> str:
        return f"**{entity.name}.** {self.paragraph([], (2, 4))}"


def _zipf(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / rank ** exponent for rank in range(1, count + 1)))


def _adjective(name: str) -> str:
    if name.endswith(("ia", "a")):
        return name + "n"
    if name.endswith(("stan", "land")):
        return name + "i"
    return name + "ian"


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


# -- files ------------------------------------------------------------------------------------
def _list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def entity_text(g: Generator, e: Entity) -> str:
    lines = ["---", f"name: {e.name}"]
    if e.aliases:
        lines.append(f"aliases: {_list(list(e.aliases))}")
    if e.kind != "countries":
        lines.append(f"kind: {e.category}")
        lines.append(f"affiliation: {e.affiliation}")
    if e.role and e.kind == "actors":
        lines.append(f"role: {e.role}")
    if e.url:
        lines.append(f"url: {e.url}")
    if e.kind == "sources":  # graded as analysts grade outlets (from the slug: the random stream stays the same)
        lines.append(f"reliability: {'ABBCCCDDEF'[zlib.crc32(e.slug.encode()) % 10]}")
    return "\n".join(lines) + "\n---\n" + g.profile(e) + "\n"


def _pick(g: Generator, items: list[Entity], weights: list[float], count: int) -> list[Entity]:
    chosen: dict[str, Entity] = {}
    while len(chosen) < count:
        item = g.rng.choices(items, cum_weights=weights)[0]
        chosen.setdefault(item.slug, item)
    return list(chosen.values())


def _name(g: Generator, e: Entity) -> str:
    """Notes name entities by their name, sometimes by an alias, as analysts do."""
    return g.rng.choice(e.aliases) if e.aliases and g.rng.random() < 0.25 else e.name


def note_text(g: Generator, index: int) -> tuple[str, str]:
    """(path under the project, text) of note number `index`."""
    r = g.rng
    date = FIRST_DAY + dt.timedelta(days=r.randrange(DAYS))
    actors = _pick(g, g.actors, g.actor_weights, r.choice((1, 1, 2, 2, 3, 3, 4, 5)))
    countries = _pick(g, g.countries, g.country_weights, r.choice((1, 1, 2, 2, 3)))
    for actor in actors:  # an actor's country is usually named too
        if len(countries) < 5 and all(c.name != actor.affiliation for c in countries):
            countries += [c for c in g.countries if c.name == actor.affiliation]
    sources = _pick(g, g.sources, g.source_weights, r.choices((1, 2, 3), (70, 22, 8))[0])
    title = (f"{_name(g, actors[0])} {r.choice(VERBS)} {' '.join(g.words(r.randint(1, 4)))} "
             f"{r.choice(('in', 'over', 'with', 'after'))} {_name(g, countries[0])}")
    title = title[0].upper() + title[1:]
    slug = _unique_slug(g, title)
    lines = ["---", f"title: {_q(title)}"]
    roll = r.random()
    if roll < 0.8:
        lines.append(f"date: {date.isoformat()}")
    elif roll < 0.94:
        lines += [f"date: {date.isoformat()[:7]}", "date_precision: month"]
    else:
        lines += [f"date: {date.isoformat()}", "date_precision: approximate"]
    lines.append("sources:")
    for number, source in enumerate(sources):
        lines += _source_lines(g, source, date, slug, number)
    lines.append(f"countries: {_list([_name(g, c) for c in countries])}")
    lines.append(f"actors: {_list([_name(g, a) for a in actors])}")
    lines.append(f"tags: {_list(r.sample(TAGS, r.randint(1, 3)))}")
    lines.append(f"credibility: {'2233334456'[zlib.crc32(slug.encode()) % 10]}")  # 1 would need two independent sources
    if r.random() < 0.5:
        lines.append(f"summary: {_q(g.paragraph([], (1, 2)))}")
    lines += _figure_lines(g, date)
    if r.random() < 0.02:
        lines.append(f"disputed: {_q(g.sentence([s.name for s in sources]))}")
    names = [c.name for c in countries] + [a.name for a in actors] + [a for a in actors[0].aliases[:1]]
    body = g.body(names, f"https://{sources[0].url.removeprefix('https://')}/{slug}")
    return f"content/notes/{date.year}/{slug}.md", "\n".join(lines) + "\n---\n" + body + "\n"


def _unique_slug(g: Generator, title: str) -> str:
    base = slugify(title, 60)
    slug = base
    for n in itertools.count(2):
        if slug not in g.slugs:
            break
        slug = f"{base}-{n}"
    g.slugs.add(slug)
    return slug


def _source_lines(g: Generator, source: Entity, date: dt.date, slug: str, number: int) -> list[str]:
    r = g.rng
    lines = [f"  - name: {_name(g, source)}"]
    if source.category == "archive" or r.random() < 0.04:
        lines.append(f"    archived: \"analyst archive, item {r.randrange(10**6):06d}\"")
    else:
        lines.append(f"    url: {source.url}/{date.year}/{date.month:02d}/{slug}{'-' + str(number) if number else ''}")
    lines.append("    published: undated" if r.random() < 0.05 else
                 f"    published: {(date + dt.timedelta(days=r.randint(0, 3))).isoformat()}")
    if r.random() < 0.5:
        lines.append(f"    title: {_q(' '.join(g.words(r.randint(4, 10))).capitalize())}")
    if r.random() < 0.08:
        via = r.choice([s for s in g.sources if s.slug != source.slug])
        lines.append(f"    via: {via.name}")
    return lines


def _figure_lines(g: Generator, date: dt.date) -> list[str]:
    if g.rng.random() >= 0.04:
        return []
    series, unit, base = g.rng.choice(g.series)
    period = date.isoformat()[:7]
    if (series, period) in g.figure_periods:
        return []
    g.figure_periods.add((series, period))
    value = round(base * (0.6 + 0.8 * g.rng.random()) * (1 + (date.year - 2015) / 20), 1)
    return ["figures:", f"  - series: {series}", f"    period: {period}", f"    value: {value:g}", f"    unit: {unit}"]


def files(notes: int, seed: int = SEED) -> dict[str, str]:
    """Project path -> text for the registry and `notes` notes."""
    g = Generator(seed)
    out = {f"content/{e.kind}/{e.slug}.md": entity_text(g, e) for e in (*g.countries, *g.actors, *g.sources)}
    for index in range(notes):
        path, text = note_text(g, index)
        out[path] = text
    return out


def make_project(dest: Path, notes: int, seed: int = SEED) -> Path:
    """A project folder: the repository's mkdocs.yml and pages, a generated registry and notes (brief's own templates)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "pages", dest / "content" / "pages")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / MARKER).write_text(f"{notes} notes, seed {seed}\n", encoding="utf-8")
    folders: set[Path] = set()
    for rel, text in files(notes, seed).items():
        path = dest / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__.splitlines()[0])
    p.add_argument("notes", type=int, help="how many notes")
    p.add_argument("dir", type=Path, help="the project folder to write (new, or one this command wrote)")
    p.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = p.parse_args(argv)
    if args.dir.exists() and any(args.dir.iterdir()) and not (args.dir / MARKER).is_file():
        print(f"{args.dir}: exists and is not a synthetic brief; give a new folder", file=sys.stderr)
        return 1
    make_project(args.dir, args.notes, args.seed)
    print(f"wrote a synthetic brief of {args.notes} notes to {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
