"""Words the interface shows as they are: quoted values, the duration caption, the small-sample sentence."""

from __future__ import annotations

import re

from sidefx import words
from sidefx.filters import DURATION_STEPS, Filters, duration_words, months_label

STEPS = " · ".join(months_label(m) for m in DURATION_STEPS)


def literal(text: str) -> str:
    """Text shown as it is, never as Markdown: a notice quotes what a link held, a dataset's name can hold anything."""
    return re.sub(r"([\\`*_{}\[\]()<>#|~$])", r"\\\1", text)


def duration_caption(f: Filters) -> str:
    """What the duration range includes, in words, and the slider's steps (visible before dragging)."""
    if f.full_duration:
        scope = "Any duration of use, including people who did not say"
    else:
        scope = duration_words(f.min_months, f.max_months).capitalize()
    return f"{scope}. Steps: {STEPS}."


def and_list(items) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def small_sample_note() -> str:
    """The sentence under charts that hatch small samples (one sentence, in words)."""
    return words.small_sample_sentence()
