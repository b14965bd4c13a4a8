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
