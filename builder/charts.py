"""Pictures drawn at build time: developments per month, figure series, relationship maps.

Plain SVG written by Python (no JavaScript, no external service), inlined in a <figure>
so links work and colours follow the page's light or dark scheme: text and lines use
`currentColor`, fills use a colour-blind-safe palette that reads on both backgrounds.
Layouts depend only on the content (sorted inputs, rounded coordinates), so the same
notes give the same bytes.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from html import escape

from markupsafe import Markup

from . import paths
from .index import FULL_MONTHS, Index, Series
from .dates import MONTHS
from .model import Note, Term

Link = Callable[..., str]  # the page's `url(target, fragment="")`
# Okabe–Ito: distinguishable with colour-blindness, legible on white and on Material's slate.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#A6761D")
OTHER = "#999999"
PARTIAL_MARK = "*"  # after the value and period of a figure that covers only part of its period
UNSPECIFIED = "no country named"


def _e(text: object) -> str:
    """Content text for SVG/HTML: escaped, quotes included."""
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    """A coordinate with one decimal and no '-0.0', so output is stable."""
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="brief-svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="inherit" font-size="13" fill="currentColor">',
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
    """Country name -> colour, most named first; the same in every chart and map."""
    ranked = [term.name for term, _ in index.ranked("countries")]
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER for i, name in enumerate(ranked)}


def _primary(note: Note) -> str:
    return note.countries[0].name if note.countries else UNSPECIFIED


def _month_range(index: Index) -> list[tuple[int, int]]:
    if not index.notes:
        return []
    (y, m), end = (index.start.year, index.start.month), (index.cutoff.year, index.cutoff.month)
    months = []
    while (y, m) <= end:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _ticks(top: float) -> list[float]:
    """About five round steps from 0 to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    step = max(step, 1)
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _axis(ticks: list[float], left: int, right: int, y_of: Callable[[float], float]) -> list[str]:
    out = []
    for tick in ticks:
        y = _n(y_of(tick))
        out.append(f'<line class="brief-grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="currentColor" '
                   f'stroke-opacity="{0.45 if tick == 0 else 0.15}"/>')
        out.append(f'<text x="{left - 6}" y="{y}" dy="0.35em" text-anchor="end" fill-opacity="0.75">{_num(tick)}</text>')
    return out


def monthly(index: Index, url: Link, chart_id: str = "brief-monthly") -> Markup:
    """Developments per month as bars stacked by each note's primary (first-named) country."""
    months = _month_range(index)
    if not months:
        return Markup("")
    colours = country_colours(index)
    counts: dict[tuple[int, int], Counter] = {key: Counter() for key in months}
    for note in index.notes:
        counts[(note.date.year, note.date.month)][_primary(note)] += 1
    totals = Counter()
    for counter in counts.values():
        totals.update(counter)
    order = sorted(totals, key=lambda name: (-totals[name], name))
    width, height, left, top, bottom = 720, 300, 40, 16, 250
    slot = (width - left - 10) / len(months)
    bar = min(42.0, slot * 0.7)
    ticks = _ticks(max(sum(c.values()) for c in counts.values()))

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * v / ticks[-1]

    body = _axis(ticks, left, width - 10, y_of)
    every = max(1, math.ceil(len(months) / 12))
    for i, (year, month) in enumerate(months):
        x = left + slot * i + (slot - bar) / 2
        counter = counts[(year, month)]
        label = f"{FULL_MONTHS[month - 1]} {year}"
        if counter:
            total = sum(counter.values())
            body.append(f'<a href="{_e(url(paths.timeline(), f"{year:04d}-{month:02d}"))}">')
            base = 0
            for name in order:
                if counter[name]:
                    y0, y1 = y_of(base), y_of(base + counter[name])
                    body.append(f'<rect x="{_n(x)}" y="{_n(y1)}" width="{_n(bar)}" height="{_n(y0 - y1)}" '
                                f'fill="{colours.get(name, OTHER)}"><title>{_e(label)}: {_e(name)}, '
                                f'{counter[name]} of {total}</title></rect>')
                    base += counter[name]
            body.append(f'<text x="{_n(x + bar / 2)}" y="{_n(y_of(total) - 5)}" text-anchor="middle" '
                        f'font-weight="600">{total}</text>')
            body.append("</a>")
        if i % every == 0 or month == 1:
            text = MONTHS[month - 1] + (f" {year}" if month == 1 or i == 0 else "")
            body.append(f'<text x="{_n(x + bar / 2)}" y="{bottom + 18}" text-anchor="middle" font-size="12">'
                        f"{_e(text)}</text>")
    body += _legend(order, colours, left, height - 12, width - 10)
    per_month = "; ".join(f"{MONTHS[m - 1]} {y}: {sum(counts[(y, m)].values())}" for y, m in months)
    title = f"Developments per month, {MONTHS[months[0][1] - 1]} {months[0][0]} to {MONTHS[months[-1][1] - 1]} {months[-1][0]}"
    desc = (f"Bar chart of {len(index.notes)} developments per month, each bar stacked by the first country "
            f"its note names ({', '.join(f'{n} {totals[n]}' for n in order)}). {per_month}.")
    caption = (f"{_e(title)}, coloured by the first country each note names. "
               f"Select a bar to open that month in the timeline.")
    return _figure("brief-chart-monthly", _svg(chart_id, width, height, title, desc, body), caption)


def _legend(names: list[str], colours: dict[str, str], left: int, y: int, right: int) -> list[str]:
    """A one-line legend of coloured squares; wraps to a new line when full."""
    out, x, line = [], float(left), 0
    for name in names:
        size = 18 + 6.4 * len(name)
        if x + size > right and x > left:
            x, line = float(left), line + 1
        yy = y - 18 * line
        out.append(f'<rect x="{_n(x)}" y="{yy - 9}" width="10" height="10" fill="{colours.get(name, OTHER)}"/>')
        out.append(f'<text x="{_n(x + 14)}" y="{yy}" font-size="12">{_e(name)}</text>')
        x += size + 10
    return out


def series(item: Series, url: Link, chart_id: str) -> Markup:
    """One figure series as bars per period, its values written on them, its source notes below."""
    width, height, left, top, bottom = 720, 240, 56, 24, 200
    slot = (width - left - 10) / max(len(item.points), 1)
    bar = min(64.0, slot * 0.6)
    ticks = _ticks(max(f.value for f, _ in item.points))

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * v / ticks[-1]

    body = _axis(ticks, left, width - 10, y_of)
    for i, (figure, note) in enumerate(item.points):
        x = left + slot * i + (slot - bar) / 2
        y = y_of(figure.value)
        mark = PARTIAL_MARK if figure.partial else ""
        covers = f", {figure.covers}" if figure.partial else ""
        # a partial period is drawn hollow and starred: it is not comparable with the full periods beside it
        style = (f'fill="{PALETTE[0]}" fill-opacity="0.35" stroke="{PALETTE[0]}" stroke-width="2" stroke-dasharray="5 3" '
                 f'class="brief-partial"' if figure.partial else f'fill="{PALETTE[0]}"')
        body.append(f'<a href="{_e(url(paths.note(note)))}">')
        body.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(bottom - y)}" {style}>'
                    f"<title>{_e(figure.period.display())}{_e(covers)}: {_e(figure.value_text)} {_e(figure.unit)} "
                    f"({_e(note.title)})</title></rect>")
        body.append(f'<text x="{_n(x + bar / 2)}" y="{_n(y - 6)}" text-anchor="middle" font-weight="600">'
                    f"{_e(figure.value_text)}{mark}</text>")
        body.append("</a>")
        body.append(f'<text x="{_n(x + bar / 2)}" y="{bottom + 18}" text-anchor="middle" font-size="12">'
                    f"{_e(figure.period.display())}{mark}</text>")
    if item.unit:
        body.append(f'<text x="{left}" y="12" font-size="12" fill-opacity="0.75">{_e(item.unit)}</text>')
    values = "; ".join(f"{f.period.display()}{f' ({f.covers})' if f.partial else ''}: {f.value_text} {f.unit}".strip()
                       for f, _ in item.points)
    notes = list(dict.fromkeys(note for _, note in item.points))
    sources = "; ".join(
        f'<a href="{_e(url(paths.note(note)))}">{_e(note.title)}</a> '
        f'({_e(", ".join(dict.fromkeys(ref.source.name for ref in note.sources)))})' for note in notes)
    caption = f"<strong>{_e(item.name)}</strong>. Source{'s' * (len(notes) != 1)}: {sources}"
    partial = [f for f, _ in item.points if f.partial]
    if partial:
        caption += "<br>" + "; ".join(f"{PARTIAL_MARK} {_e(f.period.display())} covers {_e(f.covers)}" for f in partial) + \
            ": drawn hollow, not comparable with the full periods."
    desc = f"Bar chart of {item.name}: {values}. From {len(notes)} note{'s' * (len(notes) != 1)}."
    return _figure("brief-chart-series", _svg(chart_id, width, height, item.name, desc, body), caption)


def all_series(index: Index, url: Link) -> list[Markup]:
    return [series(item, url, f"brief-series-{i + 1}") for i, item in enumerate(index.series())]


# Relationship maps: actors on a ring, named-together links as curves through the middle.

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


def _ring(actors: list[Term], cx: float, cy: float, radius: float, start: float) -> dict[tuple, tuple[float, float, float]]:
    """Evenly spaced angles clockwise from `start` (radians); key -> (x, y, angle)."""
    out = {}
    for i, term in enumerate(actors):
        angle = start + 2 * math.pi * i / len(actors)
        out[term.key] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    return out


def _node(term: Term, x: float, y: float, angle: float | None, r: float, colour: str, notes: int, url: Link,
          bold: bool = False) -> str:
    href = _e(url(paths.term(term)))
    label = _e(term.name)
    tip = f"<title>{label}: {notes} note{'s' * (notes != 1)}</title>"
    # a halo in the page background keeps labels legible where lines cross them
    weight = (' font-weight="700"' if bold else "") + ' class="brief-label" paint-order="stroke" stroke="#fff" stroke-width="3"'
    if angle is None:  # the centre of an actor's own map: label below
        text = f'<text x="{_n(x)}" y="{_n(y + r + 16)}" text-anchor="middle"{weight}>{label}</text>'
    else:  # radial label outside the ring, never upside down
        degrees = math.degrees(angle) % 360
        flip = 90 < degrees < 270
        rotate = degrees + 180 if flip else degrees
        dx = -(r + 6) if flip else r + 6
        text = (f'<text transform="translate({_n(x)} {_n(y)}) rotate({_n(rotate)})" x="{_n(dx)}" dy="0.35em" '
                f'text-anchor="{"end" if flip else "start"}"{weight}>{label}</text>')
    return (f'<a href="{href}" class="brief-node">{tip}<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}" '
            f'stroke="currentColor" stroke-opacity="0.5"/>{text}</a>')


def _edge(a: tuple[float, float], b: tuple[float, float], via: tuple[float, float], count: int, strong: bool,
          tip: str) -> str:
    width = min(1 + 1.2 * count, 8)
    return (f'<path d="M{_n(a[0])} {_n(a[1])} Q{_n(via[0])} {_n(via[1])} {_n(b[0])} {_n(b[1])}" fill="none" '
            f'stroke="currentColor" stroke-opacity="{0.55 if strong else 0.22}" stroke-width="{_n(width)}">'
            f"<title>{_e(tip)}</title></path>")


def _radius(notes: int) -> float:
    return 4 + 2.2 * math.sqrt(notes)


def actor_map(index: Index, url: Link, term: Term | None = None, limit: int = 16) -> Markup:
    """Who is named with whom: for one actor (its strongest links) or for the whole brief."""
    colours = country_colours(index)
    if term is None:
        actors = sorted((t for t, _ in index.ranked("actors")),
                        key=lambda t: (list(colours).index(t.affiliation) if t.affiliation in colours else len(colours),
                                       t.affiliation, t.name))
        others = actors
        chart_id, size, radius = "brief-map-all", 1000, 250
    else:
        related = index.related_to(term, "actors")
        others = [t for t, _ in related[:limit]]
        actors = [term, *others]
        chart_id, size, radius = f"brief-map-{term.slug}", 760, 160
    if len(actors) < 2:
        return Markup("")
    # room for the longest label around the ring, so small maps are not mostly blank
    size = min(size, int(2 * (radius + 24 + 7 * max(len(t.name) for t in others))) + 30)
    centre = size / 2
    ring = _ring(others, centre, centre, radius, -math.pi / 2)
    if term is not None:
        ring[term.key] = (centre, centre, None)
    pairs = _pairs(index, actors)
    body = []
    for a, b, count in pairs:
        pa, pb = ring[a.key][:2], ring[b.key][:2]
        strong = term is None or term.key in (a.key, b.key)
        via = pb if strong and term is not None else (centre + (pa[0] + pb[0] - 2 * centre) * 0.25,
                                                       centre + (pa[1] + pb[1] - 2 * centre) * 0.25)
        body.append(_edge(pa, pb, via, count, strong,
                          f"{a.name} and {b.name}: named together in {count} note{'s' * (count != 1)}"))
    for actor in actors:
        x, y, angle = ring[actor.key]
        notes = len(index.notes_of(actor))
        body.append(_node(actor, x, y, angle, _radius(notes), _affiliation_colour(actor, colours), notes, url,
                          bold=term is not None and actor.key == term.key))
    shown = [c for c in colours if any(a.affiliation == c for a in actors)]
    if any(a.affiliation not in colours for a in actors):
        shown.append("other")
    body += _legend(shown, {**colours, "other": OTHER}, 10, size - 10, size - 10)
    strongest = ", ".join(f"{a.name} and {b.name} ({n})" for a, b, n in sorted(pairs, key=lambda p: (-p[2], p[0].name, p[1].name))[:5])
    if term is None:
        title = "Relationship map: actors named together in the same notes"
        desc = (f"{len(actors)} actors on a ring, grouped and coloured by affiliation; a line joins two actors "
                f"named in the same note, thicker for more notes. Strongest links: {strongest}.")
        caption = ("Actors named together in the same notes. Line width: number of notes; dot size: notes naming the "
                   "actor; colour: affiliation. Select an actor to open its page.")
    else:
        more = len(index.related_to(term, "actors")) - len(others)
        title = f"Relationship map of {term.name}"
        desc = (f"{term.name} in the centre, linked to the {len(others)} actors most often named with it"
                f"{f' ({more} more not shown)' if more > 0 else ''}; line width is the number of shared notes. "
                f"Strongest links: {strongest}.")
        caption = (f"Actors named in the same notes as {_e(term.name)}"
                   f"{f' (the {len(others)} most frequent; {more} more in the list above)' if more > 0 else ''}. "
                   f"Line width: number of shared notes; colour: affiliation.")
    return _figure("brief-map", _svg(chart_id, size, size, title, desc, body), caption)
