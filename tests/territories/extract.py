"""Editing a copy of the shipped registry extract in import tests."""

import json


def edit_json(path, change):
    """Load the records of `path`, let `change` alter them in place, write them back."""
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
