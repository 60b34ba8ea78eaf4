"""The shared filters: one frozen object with three faces.

From input (widgets or the URL), to SQL parameters, and to words (captions, empty
states, export file names). The URL writes every parameter out, defaults included, so a
link reproduces the view exactly; a URL value that is not valid is dropped with a
notice that says so, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sidefx import drugnames

COMPARE_BY = {
    "none": "No comparison",
    "drug": "Drug",
    "class": "Drug class",
    "duration_band": "Duration of use",
    "sex": "Sex",
    "age_band": "Age band",
}
# Breakpoints of the duration slider, in months.
DURATION_STEPS = (0, 1, 3, 6, 12, 24, 36, 60, 120, 240, 480)
ALL = "all"


def months_words(m: int) -> str:
    """'6 months', '1 year', '3 years', '18 months'."""
    if m % 12 == 0 and m >= 12:
        return f"{m // 12} year" + ("s" if m > 12 else "")
    return f"{m} month" + ("s" if m != 1 else "")


def duration_words(lo: int, hi: int) -> str:
    """What a duration range includes, in words: 'taken for 1 year or more', 'taken for 6 months to 3 years'."""
    if lo <= 0 and hi >= DURATION_STEPS[-1]:
        return "any duration"
    if hi >= DURATION_STEPS[-1]:
        return f"taken for {months_words(lo)} or more"
    if lo <= 0:
        return f"taken for up to {months_words(hi)}"
    return f"taken for {months_words(lo)} to {months_words(hi)}"


def months_label(m: int) -> str:
    if m == 0:
        return "0"
    if m < 12 or m % 12:
        return f"{m} mo"
    return f"{m // 12} yr"


@dataclass(frozen=True)
class Options:
    """The values the filters may take, read from the data."""

    drugs: tuple[str, ...]
    brands: dict = field(default_factory=dict)  # lower-case brand -> inn
    classes: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()

    def resolve_drug(self, name: str) -> str | None:
        """An INN for an INN, brand, salt or common misspelling (any case, accents or spacing), or None.

        Names resolve through the one table in ``sidefx.drugnames``; a name it does not know is never guessed.
        """
        key = name.strip().lower()
        if key in self.drugs:
            return key
        inn = self.brands.get(key) or drugnames.resolve(name)
        return inn if inn in self.drugs else None


@dataclass(frozen=True)
class Filters:
    drugs: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    min_months: int = 0
    max_months: int = DURATION_STEPS[-1]
    sexes: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    compare_by: str = "none"

    @property
    def full_duration(self) -> bool:
        return self.min_months <= 0 and self.max_months >= DURATION_STEPS[-1]

    def to_params(self) -> dict:
        """The respondent filters as bound SQL parameters (see filtered_respondents in _views.sql)."""
        return {
            "drugs": list(self.drugs),
            "classes": list(self.classes),
            "min_months": int(self.min_months),
            "max_months": int(self.max_months),
            # Respondents who did not give a duration stay in only while the range is not narrowed.
            "include_unknown": self.full_duration,
            "sexes": list(self.sexes),
            "age_bands": list(self.age_bands),
        }

    # ---- words ------------------------------------------------------------------
    def parts(self) -> list[tuple[str, str]]:
        """(filter name, words) for each filter that narrows the respondents."""
        out = []
        if self.drugs:
            out.append(("drug", ", ".join(self.drugs)))
        if self.classes:
            out.append(("drug class", ", ".join(self.classes)))
        if not self.full_duration:
            out.append(("duration", duration_words(self.min_months, self.max_months)))
        if self.sexes:
            out.append(("sex", ", ".join(self.sexes)))
        if self.age_bands:
            out.append(("age", "aged " + ", ".join(self.age_bands)))
        return out

    def scope(self) -> str:
        """What a title should say about the selection: drugs or classes chosen, and the duration in words."""
        bits = (
            [" and ".join([", ".join(self.drugs[:-1]), self.drugs[-1]] if len(self.drugs) > 1 else list(self.drugs))]
            if self.drugs
            else []
        )
        bits += [" and ".join(self.classes)] if self.classes else []
        if not self.full_duration:
            bits.append(duration_words(self.min_months, self.max_months))
        return ", ".join(bits)

    def describe(self, everyone: str = "all respondents") -> str:
        parts = [words for _, words in self.parts()]
        text = "; ".join(parts) if parts else everyone
        if self.compare_by != "none":
            text += f"; compared by {COMPARE_BY[self.compare_by].lower()}"
        return text

    def slug(self) -> str:
        """A short file-name fragment: 'paroxetine', 'ssri_women', or 'all'."""
        bits = list(self.drugs) + list(self.classes) + list(self.sexes) + list(self.age_bands)
        if not self.full_duration:
            bits.append(f"{self.min_months}-{self.max_months}mo")
        text = "_".join(bits) or "all"
        text = re.sub(r"[^a-z0-9_+-]+", "-", text.lower()).strip("-")
        return text[:60]

    # ---- URL ----------------------------------------------------------------------
    def to_query_params(self) -> dict[str, str]:
        def many(values):
            return ",".join(values) if values else ALL

        return {
            "drug": many(self.drugs),
            "class": many(self.classes),
            "min_months": str(self.min_months),
            "max_months": str(self.max_months),
            "sex": many(self.sexes),
            "age": many(self.age_bands),
            "compare": self.compare_by,
        }

    @classmethod
    def from_query_params(cls, params: dict[str, str], options: Options) -> tuple[Filters, list[str]]:
        """Filters from URL parameters, and a notice for every value that was dropped."""
        notices: list[str] = []
        f = cls()

        def many(key, allowed, resolve=None, label=None):
            by_lower = {a.lower(): a for a in allowed}
            raw = params.get(key)
            if raw is None or raw.strip().lower() in ("", ALL):
                return ()
            kept = []
            for item in raw.split(","):
                item = item.strip()
                value = resolve(item) if resolve else by_lower.get(item.lower())  # links may change case
                if value is None:
                    notices.append(f"Ignored {label or key} '{item[:40]}' from the link: it is not in the data.")
                elif value not in kept:
                    kept.append(value)
            return tuple(kept)

        drugs = many("drug", options.drugs, options.resolve_drug, "drug")
        classes = many("class", options.classes, label="drug class")
        sexes = many("sex", options.sexes)
        ages = many("age", options.age_bands, label="age band")

        def months(key, default):
            raw = params.get(key)
            if raw is None:
                return default
            if not re.fullmatch(r"\d{1,4}", raw.strip()):
                notices.append(
                    f"Ignored {key.replace('_', ' ')} '{raw[:20]}' from the link: it must be a whole number of months from 0 to {DURATION_STEPS[-1]}."
                )
                return default
            value = int(raw)
            if value > DURATION_STEPS[-1]:
                notices.append(
                    f"Ignored {key.replace('_', ' ')} {value} from the link: the most is {DURATION_STEPS[-1]} months."
                )
                return default
            return value

        lo, hi = months("min_months", f.min_months), months("max_months", f.max_months)
        if lo > hi:
            notices.append(f"Ignored the duration range {lo} to {hi} months from the link: the start is after the end.")
            lo, hi = f.min_months, f.max_months
        compare = params.get("compare", "none")
        if compare not in COMPARE_BY:
            notices.append(f"Ignored compare '{compare[:20]}' from the link: choose one of {', '.join(COMPARE_BY)}.")
            compare = "none"
        return replace(
            f,
            drugs=drugs,
            classes=classes,
            min_months=lo,
            max_months=hi,
            sexes=sexes,
            age_bands=ages,
            compare_by=compare,
        ), notices


def snap_months(value: int, up: bool) -> int:
    """The duration slider's breakpoint at or below (or above) a month count."""
    if up:
        return next((s for s in DURATION_STEPS if s >= value), DURATION_STEPS[-1])
    return max(s for s in DURATION_STEPS if s <= value)
