"""Plain-text e-mails in French put no space before ":" (a non-breaking space cannot be relied on
in every mail reader, and a plain one lets the colon wrap onto the next line)."""

import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
EMAIL_TEMPLATES = [
    *sorted((ROOT / "tnl" / "territories" / "templates" / "emails").glob("*.txt")),
    *sorted((ROOT / "tnl" / "jury" / "templates" / "emails").glob("*.txt")),
    *sorted((ROOT / "tnl" / "publication" / "templates" / "emails").glob("*.txt")),
    *sorted((ROOT / "tnl" / "templates" / "account" / "email").glob("*.txt")),
]
_MESSAGE = re.compile(
    r'\{% translate "(?P<plain>.*?)"|\{% blocktranslate(?P<options>[^%]*)%\}(?P<block>.*?)\{% endblocktranslate %\}',
    re.S,
)


def messages_of(path):
    for match in _MESSAGE.finditer(path.read_text(encoding="utf-8")):
        text = match["plain"] if match["plain"] is not None else match["block"]
        if "trimmed" in (match["options"] or ""):
            text = " ".join(text.split())
        yield re.sub(r"\{\{ *(\w+)[^}]*\}\}", r"%(\1)s", text)


def test_the_e_mail_templates_were_found():
    assert len(EMAIL_TEMPLATES) > 40
    assert "Hello," in set(messages_of(EMAIL_TEMPLATES[0]))


def test_french_e_mails_have_no_space_before_a_colon():
    spaced = []
    with translation.override("fr"):
        for path in EMAIL_TEMPLATES:
            for message in messages_of(path):
                french = translation.gettext(message)
                if re.search(r"[ \u00a0\u202f]:", french):
                    spaced.append((path.name, french))
    assert spaced == []
