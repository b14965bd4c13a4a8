"""FormatError and field paths, shared by the text reader (textio) and the validator (format)."""

import json
import re

from django.utils.translation import gettext as _


class FormatError(Exception):
    """A malformed referential or dossier. `errors` lists every (path, expected) found.

    `expected` is already translated into the language active when the error was raised.
    """

    def __init__(self, source, path, expected, errors=None):
        super().__init__(source, path, expected)
        self.source = source
        self.path = path
        self.expected = expected
        self.errors = list(errors) if errors else [(path, expected)]

    def __str__(self):
        return f"{self.source}: {self.path or '(root)'}: {self.expected}"

    @classmethod
    def from_errors(cls, source, errors):
        path, expected = errors[0]
        return cls(source, path, expected, errors)

    def describe(self, limit=50):
        """Every error, one per line, for people (the command line, an import page)."""
        lines = [f"{self.source}: {path or '(root)'}: {expected}" for path, expected in self.errors[:limit]]
        if len(self.errors) > limit:
            more = len(self.errors) - limit
            lines.append(_("%(source)s: … and %(count)s more errors") % {"source": self.source, "count": more})
        return "\n".join(lines)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def format_path(parts):
    """["axes", 2, "questions", 4, "brackets"] -> "axes[2].questions[4].brackets"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += ("." if text else "") + part
        else:
            text += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return text
