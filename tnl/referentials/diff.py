"""What changed between two referentials (an edition and the next, a draft and its source).

Pure: two validated referential documents in, a list of Change out. Questions, axes,
levels, mentions and size classes are matched by code (level number for levels), so a
question that changed axis is "moved", not removed and added. Rules have no code: they
are matched by content, then by position, and named by their index in the new file
(in the old one when removed).
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tnl.referentials.answers import shown
from tnl.referentials.format import to_json

TEXT_FIELDS = ("title", "text", "label", "description", "help", "expected_evidence")


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed | moved
    scope: str  # referential | size_class | axis | question | rule | level | mention
    code: object  # the code (level number, rule index) of the thing that changed
    field: str | None = None  # e.g. "points", "text.fr", "choices"; None for a whole item
    before: object = None
    after: object = None


def _field_changes(scope, code, before, after, skip=()):
    """Changes between two versions of one item, field by field; texts language by language."""
    changes = []
    keys = [key for key in after if key not in skip]
    keys += [key for key in before if key not in skip and key not in after]
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in TEXT_FIELDS and isinstance(old or {}, dict) and isinstance(new or {}, dict):
            old, new = old or {}, new or {}
            for language in [*new, *(lang for lang in old if lang not in new)]:
                if old.get(language) != new.get(language):
                    changes.append(
                        Change("changed", scope, code, f"{key}.{language}", old.get(language), new.get(language))
                    )
        elif old != new:
            changes.append(Change("changed", scope, code, key, old, new))
    return changes


def _matched(scope, before_items, after_items, key="code", skip=("code",)):
    """Items matched by key: added and changed in the new order, then the removed ones."""
    old = {item[key]: item for item in before_items}
    new_keys = {item[key] for item in after_items}
    changes = []
    for item in after_items:
        if item[key] not in old:
            changes.append(Change("added", scope, item[key], after=item))
        else:
            changes.extend(_field_changes(scope, item[key], old[item[key]], item, skip))
    changes.extend(
        Change("removed", scope, item[key], before=item) for item in before_items if item[key] not in new_keys
    )
    return changes


def _questions(doc):
    return {question["code"]: (axis["code"], question) for axis in doc["axes"] for question in axis["questions"]}


def _rule_changes(before, after):
    changes, removed = [], []
    matcher = SequenceMatcher(a=[to_json(rule) for rule in before], b=[to_json(rule) for rule in after], autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            continue
        paired = min(a_end - a_start, b_end - b_start)
        for offset in range(paired):
            changes.extend(_field_changes("rule", b_start + offset, before[a_start + offset], after[b_start + offset]))
        for index in range(b_start + paired, b_end):
            changes.append(Change("added", "rule", index, after=after[index]))
        for index in range(a_start + paired, a_end):
            removed.append(Change("removed", "rule", index, before=before[index]))
    return changes + removed


def diff_referentials(a_doc, b_doc):
    """Changes from referential a_doc to b_doc (both validated), in a stable, readable order."""
    changes = _field_changes(
        "referential", b_doc["code"], a_doc, b_doc, skip=("size_classes", "axes", "rules", "levels", "mentions")
    )
    changes += _matched("size_class", a_doc["size_classes"], b_doc["size_classes"])
    changes += _matched("axis", a_doc["axes"], b_doc["axes"], skip=("code", "questions"))
    old, new = _questions(a_doc), _questions(b_doc)
    for code, (axis, question) in new.items():
        if code not in old:
            changes.append(Change("added", "question", code, after=question))
            continue
        old_axis, old_question = old[code]
        if old_axis != axis:
            changes.append(Change("moved", "question", code, "axis", old_axis, axis))
        changes += _field_changes("question", code, old_question, question, skip=("code",))
    changes += [
        Change("removed", "question", code, before=question) for code, (_, question) in old.items() if code not in new
    ]
    changes += _rule_changes(a_doc["rules"], b_doc["rules"])
    changes += _matched("level", a_doc["levels"], b_doc["levels"], key="level", skip=("level",))
    changes += _matched("mention", a_doc["mentions"], b_doc["mentions"])
    return changes


_SUBJECTS = {
    "referential": gettext_noop("Referential %(code)s"),
    "size_class": gettext_noop("Size class %(code)s"),
    "axis": gettext_noop("Axis %(code)s"),
    "question": gettext_noop("Question %(code)s"),
    "rule": gettext_noop("Rule %(code)s"),
    "level": gettext_noop("Level %(code)s"),
    "mention": gettext_noop("Mention %(code)s"),
}


def _subject(change):
    # People count rules from 1; the code stays the index, as in error paths (rules[0]).
    code = change.code + 1 if change.scope == "rule" else change.code
    return _(_SUBJECTS[change.scope]) % {"code": code}


def _title(item, language):
    for key in ("title", "text", "label"):
        texts = item.get(key) if isinstance(item, dict) else None
        if isinstance(texts, dict):
            return texts.get(language) or texts.get("fr")
    return None


def _value(value):
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value) if value else "[]"
    return shown(value, limit=60)


def _simple(value):
    """Shown in full: a scalar, a list of codes, or a mapping of scalars (a scale, a condition)."""
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    if isinstance(value, dict):
        return all(not isinstance(item, dict | list) for item in value.values())
    return True


def format_change(change, language="fr"):
    """One line describing a change, for an organiser comparing two referentials."""
    with translation.override(language):
        subject = _subject(change)
        if change.kind == "added":
            item = change.after
            if change.scope == "question":
                return _("%(subject)s added (%(kind)s, %(points)s points): %(text)s") % {
                    "subject": subject,
                    "kind": item["kind"],
                    "points": _value(item["points"]),
                    "text": _value(_title(item, language)),
                }
            title = _title(item, language)
            if title:
                return _("%(subject)s added: %(title)s") % {"subject": subject, "title": _value(title)}
            return _("%(subject)s added") % {"subject": subject}
        if change.kind == "removed":
            return _("%(subject)s removed") % {"subject": subject}
        if change.kind == "moved":
            return _("%(subject)s moved from axis %(before)s to axis %(after)s") % {
                "subject": subject,
                "before": change.before,
                "after": change.after,
            }
        values = {
            "subject": subject,
            "field": change.field,
            "before": _value(change.before),
            "after": _value(change.after),
        }
        if change.before is None:
            return _("%(subject)s: %(field)s set to %(after)s") % values
        if change.after is None:
            return _("%(subject)s: %(field)s removed (was %(before)s)") % values
        if not (_simple(change.before) and _simple(change.after)):
            return _("%(subject)s: %(field)s changed") % values
        return _("%(subject)s: %(field)s changed from %(before)s to %(after)s") % values


# -- For the differences page: each change in the words an organiser uses ------------------


@dataclass(frozen=True)
class ChangeInWords:
    subject: str  # "Question STR-01"
    kind: str  # added | removed | changed | moved
    field: str = ""  # "Help (French)"; empty for a whole item
    before: str | None = None  # a value in words, when short enough to show whole
    after: str | None = None
    words: tuple = ()  # a changed text, word by word: (operation, text) with equal | delete | insert
    sentence: str = ""  # a whole item added, removed or moved


def word_diff(before, after):
    """The two texts compared word by word: ((operation, text), ...), operation being
    "equal", "delete" or "insert"; the spaces between words are kept in the equal parts."""
    import re

    old, new = re.findall(r"\S+\s*", before or ""), re.findall(r"\S+\s*", after or "")
    matcher = SequenceMatcher(a=[w.strip() for w in old], b=[w.strip() for w in new], autojunk=False)
    parts = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(("equal", "".join(new[b_start:b_end])))
            continue
        if a_end > a_start:
            parts.append(("delete", "".join(old[a_start:a_end]).strip()))
        if b_end > b_start:
            parts.append(("insert", "".join(new[b_start:b_end]).strip()))
            if new[b_end - 1] != new[b_end - 1].rstrip():
                parts.append(("equal", " "))
    return tuple(parts)


def _in_words(field, value):
    from tnl.referentials.wording import value_words

    if value is None:
        return None
    words = value_words(field, value)
    if words is not None:
        return words
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value) if value else "—"
    if isinstance(value, str):
        return value
    if field == "choices" and isinstance(value, list):
        return "; ".join(
            _("%(label)s (%(points)s pts)")
            % {
                "label": _title(choice, translation.get_language()) or choice["code"],
                "points": _value(choice["points"]),
            }
            for choice in value
        )
    if field == "brackets":

        def ladder(items):
            return ", ".join(
                _("from %(min)s: %(points)s pts") % {"min": _value(b["min"]), "points": _value(b["points"])}
                for b in items
            )

        if isinstance(value, list):
            return ladder(value)
        return "; ".join(f"{code} — {ladder(items)}" for code, items in value.items())
    return shown(value, limit=300)


def change_in_words(change, language="fr"):
    """A ChangeInWords for the differences page, in `language`."""
    from tnl.referentials.wording import QUESTION_KINDS, field_label

    with translation.override(language):
        subject = _subject(change)
        if change.kind == "added":
            item = change.after
            title = _title(item, language)
            if change.scope == "question":
                sentence = _("Added (%(kind)s, %(points)s points): %(text)s") % {
                    "kind": QUESTION_KINDS.get(item["kind"], item["kind"]),
                    "points": _value(item["points"]),
                    "text": title or "",
                }
            else:
                sentence = _("Added: %(title)s") % {"title": title} if title else _("Added")
            return ChangeInWords(subject, "added", sentence=sentence)
        if change.kind == "removed":
            title = _title(change.before, language)
            sentence = _("Removed: %(title)s") % {"title": title} if title else _("Removed")
            return ChangeInWords(subject, "removed", sentence=sentence)
        if change.kind == "moved":
            sentence = _("Moved from axis %(before)s to axis %(after)s") % {
                "before": change.before,
                "after": change.after,
            }
            return ChangeInWords(subject, "moved", sentence=sentence)
        field = field_label(change.field)
        base = (change.field or "").split(".")[0]
        if base in TEXT_FIELDS and isinstance(change.before, str) and isinstance(change.after, str):
            return ChangeInWords(subject, "changed", field, words=word_diff(change.before, change.after))
        return ChangeInWords(subject, "changed", field, _in_words(base, change.before), _in_words(base, change.after))
