"""Pictures drawn at build time: developments per month, figure series, relationship maps.

Plain SVG written by Python (no JavaScript, no external service), inlined in a <figure>
so links work and colours follow the page's light or dark scheme: text and lines use
`currentColor`, fills use a colour-blind-safe palette that reads on both backgrounds.
Layouts depend only on the content (sorted inputs, rounded coordinates), so the same
notes give the same bytes.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from markupsafe import Markup

from . import paths
from .index import Index, Month, Series
from .model import Note, Term, counted, number_text
from .sanitize import display_title, nested_quotes

Link = Callable[..., str]  # the page's `url(target, fragment="")`
# Okabe–Ito: distinguishable with colour-blindness, legible on white and on Material's slate.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#A6761D")
OTHER = "#999999"
PARTIAL_MARK = "*"  # after the value and period of a figure that covers only part of its period


def _e(text: object) -> str:
    """Content text for SVG/HTML: escaped, quotes included."""
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    """A coordinate with one decimal and no '-0.0', so output is stable."""
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


# Every chart shares one coordinate width and one type size: the SVG is scaled to its column,
# so on a 390 px phone (a 358 px column) 14 units render at about 10.9 px, and the CSS caps the
# width on a desktop so text stays near the page's own size (see brief.css).
WIDTH = 460
FONT = 14
SMALL = 13
CHAR = 0.6  # a generous average glyph width, in ems, for laying out labels before any browser sees them


def _text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


def _svg(chart_id: str, box: tuple[float, float, float, float], title: str, desc: str, body: list[str]) -> str:
    """An SVG that scales to its container (viewBox, no fixed size).

    It is a group, not an image: its bars and dots are links a reader can follow, and an
    image's children are hidden from assistive technology.
    """
    x, y, width, height = box
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="brief-svg" viewBox="{_n(x)} {_n(y)} {_n(width)} {_n(height)}" '
        f'role="group" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="inherit" font-size="{FONT}" fill="currentColor">',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">{_e(desc)}</desc>',
        *body,
        "</svg>",
    ])


def _figure(css: str, svg: str, caption: str) -> Markup:
    """One raw-HTML block with no blank line; kept out of the search index (its words are labels)."""
    return Markup(f'<figure class="brief-chart {css}" data-search-exclude>\n{svg}\n'
                  f"<figcaption>{caption}</figcaption>\n</figure>")


def country_colours(index: Index) -> dict[str, str]:
    """Country name -> colour, most named first; the same in every map."""
    ranked = [term.name for term, _ in index.ranked("countries")]
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER for i, name in enumerate(ranked)}


def _ticks(top: float) -> list[float]:
    """About four round steps from 0 to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 5, 10) if s * magnitude >= raw)
    step = max(step, 1)
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def _axis(ticks: list[float], left: float, right: float, y_of: Callable[[float], float], unit: str) -> list[str]:
    """Grid lines, tick values and the unit above them; hidden from screen readers (the desc says it all)."""
    out = ['<g aria-hidden="true">']
    for tick in ticks:
        y = _n(y_of(tick))
        out.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{y}" y2="{y}" stroke="currentColor" '
                   f'stroke-opacity="{0.45 if tick == 0 else 0.15}"/>')
        out.append(f'<text x="{_n(left - 5)}" y="{y}" dy="0.35em" text-anchor="end" font-size="{SMALL}" '
                   f'fill-opacity="0.8">{number_text(tick)}</text>')
    if unit:
        out.append(f'<text x="0" y="{SMALL}" font-size="{SMALL}" fill-opacity="0.8">{_e(unit)}</text>')
    out.append("</g>")
    return out


def _every(slot: float, widest: float) -> int:
    """Label every n-th slot, n the same all along the axis, so each label sits under its own bar."""
    return max(1, math.ceil((widest + 6) / slot))


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    out: list[tuple[int, int]] = []
    for i, flag in enumerate(flags):
        if flag and out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        elif flag:
            out.append((i, i))
    return out


def monthly(index: Index, url: Link, chart_id: str = "brief-monthly") -> Markup:
    """Developments per month, one colour; months with no notes drawn as gaps in collection, not as zero."""
    months = index.calendar()
    if not months:
        return Markup("")
    counts = [len(month.notes) for month in months]
    left, right, top, bottom = 34.0, WIDTH - 4.0, 34.0, 196.0
    slot = (right - left) / len(months)
    bar = min(36.0, slot * 0.7)
    ticks = _ticks(max(counts))

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * v / ticks[-1]

    def x_of(i: int) -> float:
        return left + slot * i

    body = _axis(ticks, left, right, y_of, "developments")
    gaps = _runs([not count for count in counts])
    if gaps:
        body.append(f'<defs><pattern id="{chart_id}-gap" width="7" height="7" patternUnits="userSpaceOnUse" '
                    f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="7" stroke="currentColor" '
                    f'stroke-opacity="0.28" stroke-width="2.5"/></pattern></defs>')
    for first, last in gaps:
        body.append(_gap(f"url(#{chart_id}-gap)", _span(months[first], months[last]),
                         x_of(first) + 1, x_of(last + 1) - 1, top, bottom))
    for i, (month, total) in enumerate(zip(months, counts)):
        if not total:
            continue
        x = x_of(i) + (slot - bar) / 2
        label = f"{month.label}: {counted(total, 'development')}"
        body.append(f'<a href="{_e(url(index.timeline_page(month.year, month.month), month.anchor))}" aria-label="{_e(label)}">'
                    f'<rect x="{_n(x)}" y="{_n(y_of(total))}" width="{_n(bar)}" height="{_n(bottom - y_of(total))}" '
                    f'fill="{PALETTE[0]}"><title>{_e(label)}</title></rect>'
                    f'<text x="{_n(x + bar / 2)}" y="{_n(y_of(total) - 5)}" text-anchor="middle" font-weight="600">'
                    f"{total}</text></a>")
    body += _period_labels([(m.abbreviation, str(m.year)) for m in months], x_of, slot, bottom)
    per_month = "; ".join(f"{m.short}: {count or 'no notes collected'}" for m, count in zip(months, counts))
    title = f"Developments per month, {_span(months[0], months[-1])}"
    desc = f"Bar chart of {len(index.notes)} developments by the month of each note. {per_month}."
    gap_note = (" Hatched: months with no notes collected, a gap in collection rather than a quiet period."
                if gaps else "")
    caption = (f"{_e(title)}: the number of notes dated in each month.{gap_note} "
               f"Select a bar to open that month in the timeline.")
    box = (0.0, 0.0, float(WIDTH), bottom + 44)
    return _figure("brief-chart-monthly", _svg(chart_id, box, title, desc, body), caption)


def _gap(fill: str, span: str, x0: float, x1: float, top: float, bottom: float) -> str:
    """A hatched band over months with no notes, labelled level if it fits, else upright."""
    label = "no notes collected" if x1 - x0 >= _text_width("no notes collected", SMALL) + 8 else "no notes"
    mid, middle = _n((x0 + x1) / 2), _n((top + bottom) / 2)
    turn = (f'x="{mid}" y="{middle}"' if x1 - x0 >= _text_width(label, SMALL) + 4 else
            f'transform="translate({mid} {middle}) rotate(-90)"')
    return (f'<g class="brief-gap"><title>{_e(span)}: no notes collected (a gap in collection, not a quiet period)'
            f'</title><rect x="{_n(x0)}" y="{_n(top)}" width="{_n(x1 - x0)}" height="{_n(bottom - top)}" fill="{fill}"/>'
            f'<text {turn} dy="0.35em" text-anchor="middle" font-size="{SMALL}" paint-order="stroke" '
            f'class="brief-label" stroke-width="4">{label}</text></g>')


def _span(first: Month, last: Month) -> str:
    return first.short if first == last else f"{first.short} to {last.short}"


def _period_labels(labels: list[tuple[str, str]], x_of: Callable[[int], float], slot: float, bottom: float) -> list[str]:
    """(label, year) under every n-th slot; the year on a second line where it starts or changes."""
    every = _every(slot, max(_text_width(text, SMALL) for text, _ in labels))
    out, shown_year = ['<g aria-hidden="true">'], ""
    for i, (text, year) in enumerate(labels):
        if i % every:
            continue
        x = _n(x_of(i) + slot / 2)
        out.append(f'<text x="{x}" y="{_n(bottom + 18)}" text-anchor="middle" font-size="{SMALL}">{_e(text)}</text>')
        if year and year != shown_year:
            out.append(f'<text x="{x}" y="{_n(bottom + 36)}" text-anchor="middle" font-size="{SMALL}" '
                       f'fill-opacity="0.8">{_e(year)}</text>')
            shown_year = year
    out.append("</g>")
    return out


def _outlets(note: Note) -> str:
    """The outlets a note cites, e.g. 'The Soufan Center (through Shafaq News), Axios'."""
    return ", ".join(dict.fromkeys(
        ref.source.name + (f" (through {ref.via.name})" if ref.via else "") for ref in note.sources))


def series(item: Series, url: Link, chart_id: str) -> Markup:
    """One figure series as bars per period, its values written on them, its sources below."""
    left, right, top, bottom = 40.0, WIDTH - 4.0, 34.0, 176.0
    slot = (right - left) / max(len(item.points), 1)
    bar = min(56.0, slot * 0.6)
    ticks = _ticks(max(f.value for f, _ in item.points))

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * v / ticks[-1]

    def x_of(i: int) -> float:
        return left + slot * i

    body = _axis(ticks, left, right, y_of, item.unit)
    for i, (figure, note) in enumerate(item.points):
        x, y = x_of(i) + (slot - bar) / 2, y_of(figure.value)
        mark = PARTIAL_MARK if figure.partial else ""
        covers = f", {figure.covers}" if figure.partial else ""
        label = f"{figure.period.display()}{covers}: {figure.value_text} {figure.unit}".strip()
        # a partial period is drawn hollow and starred: it is not comparable with the full periods beside it
        style = (f'fill="{PALETTE[0]}" fill-opacity="0.35" stroke="{PALETTE[0]}" stroke-width="2" stroke-dasharray="5 3" '
                 f'class="brief-partial"' if figure.partial else f'fill="{PALETTE[0]}"')
        body.append(f'<a href="{_e(url(paths.note(note)))}" aria-label="{_e(label)}, from the note '
                    f'{_e(nested_quotes(display_title(note.title)))}">'
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(bottom - y)}" {style}>'
                    f"<title>{_e(label)}</title></rect>"
                    f'<text x="{_n(x + bar / 2)}" y="{_n(y - 5)}" text-anchor="middle" font-weight="600">'
                    f"{_e(figure.value_text)}{mark}</text></a>")
    body += _period_labels([(f.period.display() + (PARTIAL_MARK if f.partial else ""), "") for f, _ in item.points],
                           x_of, slot, bottom)
    values = "; ".join(f"{f.period.display()}{f' ({f.covers})' if f.partial else ''}: {f.value_text} {f.unit}".strip()
                       for f, _ in item.points)
    notes = list(dict.fromkeys(note for _, note in item.points))
    sources = "; ".join(f'{_e(_outlets(note))}, via note <a href="{_e(url(paths.note(note)))}">'
                        f"“{_e(nested_quotes(display_title(note.title)))}”</a>" for note in notes)
    unit = f" ({_e(item.unit)})" if item.unit else ""
    caption = f"<strong>{_e(item.name)}</strong>{unit}. Source{'s' * (len(notes) != 1)}: {sources}."
    partial = [f for f, _ in item.points if f.partial]
    if partial:
        caption += "<br>" + "; ".join(f"{PARTIAL_MARK} {_e(f.period.display())} covers {_e(f.covers)}" for f in partial) + \
            ": drawn hollow, not comparable with the full periods."
    desc = (f"Bar chart of {item.name}: {values}. Source{'s' * (len(notes) != 1)}: "
            + "; ".join(_outlets(note) for note in notes) + ".")
    box = (0.0, 0.0, float(WIDTH), bottom + 26)
    return _figure("brief-chart-series", _svg(chart_id, box, item.name, desc, body), caption)


def all_series(index: Index, url: Link) -> list[Markup]:
    return [series(item, url, f"brief-series-{i + 1}") for i, item in enumerate(index.series())]


# Relationship maps: a few actors on a ring, labels written level beside their dots, links as
# curves. Bounded (the top actors, their strongest links), so a map is as readable with 5,000
# notes as with 20, and framed tightly around what is drawn, so no band of it is empty.
HOME_ACTORS = 10  # the home page's map: the most-named actors
EGO_ACTORS = 12  # an actor's own map: its most frequent companions
HOME_LINKS = 3  # on the home map, each actor's strongest links among the others
LINE = 15.0  # label line height


def _affiliation_colour(term: Term, colours: dict[str, str]) -> str:
    return colours.get(term.affiliation, OTHER)


def _pairs(index: Index, actors: list[Term]) -> list[tuple[Term, Term, int]]:
    """Co-mention counts among `actors`, each pair once, in a total order."""
    inside = {t.key for t in actors}
    out = []
    for term in actors:
        for other, count in index.related_to(term, "actors"):
            if other.key in inside and term.key < other.key:
                out.append((term, other, count))
    return sorted(out, key=lambda p: (p[0].key, p[1].key))


def _strongest(pairs: list[tuple[Term, Term, int]], per_actor: int) -> list[tuple[Term, Term, int]]:
    """Each actor's `per_actor` strongest links (ties by name), as one list in the pairs' order."""
    keep: set[tuple] = set()
    actors = {t.key for a, b, _ in pairs for t in (a, b)}
    for key in actors:
        mine = sorted((p for p in pairs if key in (p[0].key, p[1].key)),
                      key=lambda p: (-p[2], p[0].name, p[1].name))
        keep.update((a.key, b.key) for a, b, _ in mine[:per_actor])
    return [p for p in pairs if (p[0].key, p[1].key) in keep]


def _wrap(name: str, width: int = 16) -> tuple[str, ...]:
    """A label in as few lines as fit `width` characters, balanced, broken between words only."""
    words = name.split()
    for count in range(1, len(words) + 1):
        best = None
        for cuts in _cuts(len(words), count):
            lines = tuple(" ".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words))))
            if best is None or max(map(len, lines)) < max(map(len, best)):
                best = lines
        if best and max(map(len, best)) <= width:
            return best
    return tuple(words)


def _cuts(n: int, lines: int) -> list[tuple[int, ...]]:
    """Every way to cut n words into `lines` non-empty lines (names are short: a handful of words)."""
    if lines == 1:
        return [()]
    return [(first, *(first + c for c in rest)) for first in range(1, n - lines + 2)
            for rest in _cuts(n - first, lines - 1)]


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class _Frame:
    """The bounding box of what is drawn, so the viewBox fits it exactly."""

    def __init__(self) -> None:
        self.x0 = self.y0 = math.inf
        self.x1 = self.y1 = -math.inf

    def add(self, box: Box) -> None:
        self.x0, self.y0 = min(self.x0, box[0]), min(self.y0, box[1])
        self.x1, self.y1 = max(self.x1, box[2]), max(self.y1, box[3])

    def box(self, margin: float = 6) -> tuple[float, float, float, float]:
        return (math.floor(self.x0 - margin), math.floor(self.y0 - margin),
                math.ceil(self.x1 - self.x0 + 2 * margin), math.ceil(self.y1 - self.y0 + 2 * margin))


class _Place:
    """Where an actor's dot and label go: the label level, beside the dot, on the ring's outside."""

    def __init__(self, term: Term, x: float, y: float, angle: float | None, notes: int) -> None:
        self.term, self.x, self.y, self.angle, self.notes = term, x, y, angle, notes
        self.r = _radius(notes)
        self.lines = _wrap(term.name)
        height = LINE * len(self.lines)
        if angle is None:  # the centre of an actor's own map: below its dot
            self.anchor, tx, ty = "middle", x, y + self.r + 4
        elif math.cos(angle) > 0.35:
            self.anchor, tx, ty = "start", x + self.r + 5, y - height / 2
        elif math.cos(angle) < -0.35:
            self.anchor, tx, ty = "end", x - self.r - 5, y - height / 2
        elif math.sin(angle) < 0:
            self.anchor, tx, ty = "middle", x, y - self.r - 5 - height
        else:
            self.anchor, tx, ty = "middle", x, y + self.r + 4
        width = max(_text_width(line) for line in self.lines)
        left = {"start": tx, "end": tx - width, "middle": tx - width / 2}[self.anchor]
        self.tx, self.ty = tx, ty + FONT * 0.8  # the first baseline
        self.label: Box = (left, ty, left + width, ty + height)
        self.dot: Box = (x - self.r, y - self.r, x + self.r, y + self.r)


def _overlap(a: Box, b: Box, gap: float = 6) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _layout(index: Index, centre: Term | None, others: list[Term]) -> list[_Place]:
    """Others evenly on an ellipse from 12 o'clock, clockwise, made taller until no two labels overlap."""
    rx = 92.0 if len(others) > 6 else 70.0
    for step in range(40):
        ry = rx + 8 * step
        places = [_Place(t, rx * math.cos(a), ry * math.sin(a), a, len(index.notes_of(t)))
                  for i, t in enumerate(others) for a in [-math.pi / 2 + 2 * math.pi * i / len(others)]]
        if centre is not None:
            places.insert(0, _Place(centre, 0.0, 0.0, None, len(index.notes_of(centre))))
        boxes = [p.label for p in places]
        if not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
            break
    return places


def _node(place: _Place, colour: str, url: Link, bold: bool = False) -> str:
    tip = f"{place.term.name}: {counted(place.notes, 'note')}"
    # lines joined by a space, so assistive technology reads the name as words, as the link's label
    # says; the space goes where it moves no visible text (before a line that ends at the anchor)
    end = place.anchor == "end"
    spans = ("" if end else " ").join(
        f'<tspan x="{_n(place.tx)}" dy="{0 if i == 0 else _n(LINE)}">{" " * (end and i > 0)}{_e(line)}</tspan>'
        for i, line in enumerate(place.lines))
    weight = ' font-weight="700"' if bold else ""
    # a halo in the page's background colour (brief.css) keeps labels legible where lines cross them
    return (f'<a href="{_e(url(paths.term(place.term)))}" class="brief-node" aria-label="{_e(tip)}">'
            f"<title>{_e(tip)}</title>"
            f'<circle cx="{_n(place.x)}" cy="{_n(place.y)}" r="{_n(place.r)}" fill="{colour}" stroke="currentColor" '
            f'stroke-opacity="0.5"/><text class="brief-label" x="{_n(place.tx)}" y="{_n(place.ty)}" '
            f'text-anchor="{place.anchor}"{weight} paint-order="stroke" stroke-width="4" aria-hidden="true">'
            f"{spans}</text></a>")


def _edge(a: tuple[float, float], b: tuple[float, float], via: tuple[float, float], count: int, strong: bool,
          tip: str) -> str:
    width = min(1 + 1.2 * count, 8)
    return (f'<path d="M{_n(a[0])} {_n(a[1])} Q{_n(via[0])} {_n(via[1])} {_n(b[0])} {_n(b[1])}" fill="none" '
            f'stroke="currentColor" stroke-opacity="{0.55 if strong else 0.25}" stroke-width="{_n(width)}">'
            f"<title>{_e(tip)}</title></path>")


def _radius(notes: int) -> float:
    return 4 + 2.2 * math.sqrt(notes)


def _legend(names: list[str], colours: dict[str, str], left: float, top: float, right: float,
            frame: _Frame) -> list[str]:
    """Coloured squares with names, wrapping to a new line when full."""
    out, x, y = ['<g aria-hidden="true">'], left, top + SMALL
    for name in names:
        size = 16 + _text_width(name, SMALL)
        if x + size > right and x > left:
            x, y = left, y + LINE + 3
        out.append(f'<rect x="{_n(x)}" y="{_n(y - 10)}" width="11" height="11" fill="{colours.get(name, OTHER)}"/>')
        out.append(f'<text x="{_n(x + 15)}" y="{_n(y)}" font-size="{SMALL}">{_e(name)}</text>')
        frame.add((x, y - 11, x + size, y + 3))
        x += size + 12
    out.append("</g>")
    return out


def actor_map_inputs(index: Index, term: Term, limit: int = EGO_ACTORS) -> tuple:
    """What `actor_map(index, url, term)` reads of the index besides `country_colours(index)`:
    the same inputs draw the same map."""
    others = [t for t, _ in index.related_to(term, "actors")[:limit]]
    return (len(index.related_to(term, "actors")),
            tuple((t, len(index.notes_of(t)), index.related_to(t, "actors")) for t in (term, *others)))


def actor_map(index: Index, url: Link, term: Term | None = None, limit: int = EGO_ACTORS) -> Markup:
    """Who is named with whom: one actor and its companions, or the brief's most-named actors."""
    colours = country_colours(index)
    if term is None:
        top = [t for t, _ in index.ranked("actors")[:HOME_ACTORS]]
        others = sorted(top, key=lambda t: (list(colours).index(t.affiliation) if t.affiliation in colours
                                            else len(colours), t.affiliation, t.name))
        actors, chart_id = others, "brief-map-all"
    else:
        others = [t for t, _ in index.related_to(term, "actors")[:limit]]
        actors, chart_id = [term, *others], f"brief-map-{term.slug}"
    if len(actors) < 2:
        return Markup("")
    places = _layout(index, term, others)
    where = {p.term.key: (p.x, p.y) for p in places}
    pairs = _pairs(index, actors)
    if term is None:
        pairs = _strongest(pairs, HOME_LINKS)
    else:  # the centre's links, and among its companions only links of more than one note
        pairs = [p for p in pairs if term.key in (p[0].key, p[1].key) or p[2] > 1]
    frame, body = _Frame(), []
    for a, b, count in pairs:
        pa, pb = where[a.key], where[b.key]
        strong = term is None or term.key in (a.key, b.key)
        via = pb if term is not None and strong else ((pa[0] + pb[0]) * 0.25, (pa[1] + pb[1]) * 0.25)
        body.append(_edge(pa, pb, via, count, strong,
                          f"{a.name} and {b.name}: named together in {counted(count, 'note')}"))
    for place in places:
        frame.add(place.dot)
        frame.add(place.label)
        body.append(_node(place, _affiliation_colour(place.term, colours), url,
                          bold=term is not None and place.term.key == term.key))
    shown = [c for c in colours if any(a.affiliation == c for a in actors)]
    if any(a.affiliation not in colours for a in actors):
        shown.append("other")
    body += _legend(shown, {**colours, "other": OTHER}, frame.x0, frame.y1 + 14, max(frame.x1, frame.x0 + 300), frame)
    strongest = ", ".join(f"{a.name} and {b.name} ({n})"
                          for a, b, n in sorted(pairs, key=lambda p: (-p[2], p[0].name, p[1].name))[:5])
    if term is None:
        named = len(index.ranked("actors"))
        title = f"Relationship map: the {len(actors)} most-named actors and who they are named with"
        desc = (f"The {len(actors)} actors named in the most notes (of {named}), on a ring coloured by affiliation; "
                f"a line joins two actors named in the same note, thicker for more notes, each actor's "
                f"{HOME_LINKS} strongest links shown. Strongest links: {strongest}.")
        caption = (f"The {len(actors)} most-named actors (of {named}; all in the "
                   f'<a href="{_e(url(paths.kind_index("actors")))}">actors index</a>) and each one\'s {HOME_LINKS} '
                   f"strongest links. Line width: notes naming both; dot size: notes naming the actor; colour: "
                   f"affiliation. Select an actor to open its page and its own map.")
    else:
        more = len(index.related_to(term, "actors")) - len(others)
        title = f"Relationship map of {term.name}"
        desc = (f"{term.name} in the centre, linked to the {len(others)} actors most often named with it"
                f"{f' ({more} more not shown)' if more > 0 else ''}; line width is the number of shared notes. "
                f"Strongest links: {strongest}.")
        caption = (f"Actors named in the same notes as {_e(term.name)}"
                   f"{f' (the {len(others)} most frequent; {more} more in the list above)' if more > 0 else ''}. "
                   f"Line width: number of shared notes; colour: affiliation.")
    return _figure("brief-map", _svg(chart_id, frame.box(), title, desc, body), caption)
