"""A panel is one chart's record: everything the screen, every export and every data bundle are drawn from.

It holds the plotted frame, the query runs (each ``.sql`` file with exactly the values bound
to it), the chart kind and its options, the words, the dataset (its name, whether it is
synthetic and the data source it is, as fields) and the data version, and the link to the view. The screen figure is
drawn from the record by the chart kind's builder; exports, the CSV and the README read the
same record and re-derive nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, field, replace
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from sidefx import charts, settings, words
from sidefx.charts import ChartText
from sidefx.filters import Filters
from sidefx.serve import cache, sources
from sidefx.serve.queries import QueryRun
from sidefx.serve.sources import Dataset


@dataclass(frozen=True, eq=False)
class Panel:
    slug: str  # file-name stem, e.g. 'withdrawal-by-duration'
    kind: str  # the builder that draws it: a key of charts.BUILDERS
    table: pd.DataFrame  # exactly the plotted numbers
    text: ChartText
    alt: str
    runs: tuple[QueryRun, ...]  # the queries the numbers come from, with exactly the values bound
    filters: Filters
    dataset: Dataset | None  # the survey drawn from; None when the chart shows published figures only
    data_version: str
    columns: dict[str, str] = field(default_factory=dict)  # table column -> display name
    citations: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)  # the builder's own arguments (an axis title, a measure)
    empty_reason: str = "Widen the filters in the sidebar."
    computed: str = ""  # numbers in the table that no query returns as they are, and how they were computed
    link: str = ""  # the view's address; set by the page once per run

    @property
    def everyone(self) -> str:
        """Who the chart counts when no filter narrows it, in words."""
        return (self.dataset.origin if self.dataset is not None else sources.SURVEY).everyone

    @property
    def synthetic(self) -> bool:
        return self.dataset is not None and self.dataset.synthetic

    @cached_property
    def figure(self) -> go.Figure:
        """The screen figure, drawn from the record by its kind's builder."""
        return charts.screen_figure(self.kind, self.table, self.text, self.options)

    @cached_property
    def narrow_figure(self) -> go.Figure:
        """The phone's figure: the words wrapped for 390 px, and the kind's narrow layout where it has one."""
        return charts.screen_figure(self.kind, self.table, self.text, self.options, narrow=True)

    def draw(self, style: charts.Style) -> go.Figure:
        """The chart's marks in a style (an export size, dark or light), without the words around them."""
        narrow = style.narrow and self.kind in charts.NARROW_KINDS
        return charts.BUILDERS[self.kind](self.table, replace(style, narrow=narrow), **self.options)

    @cached_property
    def key(self) -> str:
        """A fingerprint of everything drawn: exports and fit checks are cached by it."""
        h = hashlib.sha256(self.table.to_json(orient="split", default_handler=str).encode())
        h.update(
            json.dumps(
                [
                    self.kind,
                    self.slug,
                    list(astuple(self.text)),
                    repr(sorted(self.options.items())),
                    self.data_version,
                    self.link,
                    repr(self.dataset),
                ],
                default=str,
            ).encode()
        )
        return h.hexdigest()

    def with_link(self, link: str) -> Panel:
        return replace(self, link=link)


INTERVAL = {"ci_low": "95% CI low", "ci_high": "95% CI high"}  # every chart's interval columns, labelled once


def panel(source: sources.Source, slug, kind, table, text, alt, runs, filters, columns, **more) -> Panel:
    """The one way a chart's record is made: its dataset, title-area badge, source line and data version all come
    from the source it is drawn from. ``text.source`` holds only what the chart adds to the source line."""
    ds = cache.dataset(source)
    text = replace(text, badge=_badge(source, ds), source=words.source_line(ds.source) + text.source)
    return Panel(slug, kind, table, text, alt, tuple(runs), filters, ds, cache.version(source), columns, **more)


def _badge(source: sources.Source, ds: Dataset) -> str | None:
    """What the title area says about the data; under the source's minimum count, that it is too few to conclude."""
    label = words.badge_for(ds)
    if source.few:
        setting, noun = source.few
        n = int(cache.fetch(QueryRun(source.dataset_query, {})).iloc[0][source.counts])
        label = words.counted_badge(label, n, noun, settings.get(setting))
    return label
