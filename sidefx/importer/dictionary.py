"""The file that says what an export's codes mean (``--dictionary FILE``): a REDCap data dictionary (CSV) or a
LimeSurvey survey structure file (``.lss``, XML), told apart by their content, not their name."""

from __future__ import annotations

from pathlib import Path

from sidefx.importer import limesurvey, reading, redcap


def apply(survey: reading.SurveyFile, path: Path) -> reading.SurveyFile:
    """The export read through the dictionary (raises reading.FileRefused, in words)."""
    path = Path(path)
    if not path.is_file():
        raise reading.FileRefused(f"{path.name}: no such file")
    if limesurvey.is_structure(path):
        return limesurvey.apply(survey, path)
    return redcap.apply(survey, path)
