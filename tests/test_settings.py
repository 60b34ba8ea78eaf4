"""Every setting is documented for a user: the README's Settings table names each one, with its override."""

from __future__ import annotations

import re
from pathlib import Path

from sidefx import settings

README = Path(__file__).resolve().parent.parent / "README.md"


def _settings_table() -> dict[str, str]:
    text = README.read_text()
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", section, re.M)}


def test_every_setting_has_a_row_in_the_readme_settings_table():
    documented = _settings_table()
    missing = sorted(set(settings.SETTINGS) - set(documented))
    assert not missing, f"settings not described in the README's Settings table: {missing}"


def test_the_readme_documents_no_setting_that_does_not_exist():
    assert sorted(set(_settings_table()) - set(settings.SETTINGS)) == []


def test_each_setting_can_be_overridden_as_the_readme_says(monkeypatch):
    for name, setting in settings.SETTINGS.items():
        value = 7 if isinstance(setting.default, int) else "elsewhere"
        monkeypatch.setenv(f"SIDEFX_{name.upper()}", str(value))
        assert settings.get(name) == value, name
