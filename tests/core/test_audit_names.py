"""Every audit action follows `<noun>.<past participle>` (see the docstring of tnl/core/audit.py)."""

import ast
import re
from pathlib import Path

TNL = Path(__file__).resolve().parents[2] / "tnl"
NOUNS = {
    "user",
    "territory",
    "registry",
    "membership",
    "invitation",
    "referential",
    "edition",
    "dossier",
    "answer",
    "evidence",
    "clarification",
    "calibration_sample",
    "question_note",
    "reminder",
    "jury_member",
    "conflict",
    "assignment",
    "review",
    "reading",
    "opinion",
    "decision",
    "result_template",
    "outbox",
    "outbox_message",
    "release",
}
# Irregular past participles in use; regular ones end in "ed".
IRREGULAR = {"undone", "sent", "left", "withdrawn"}


def is_action_name(name):
    match = re.fullmatch(r"([a-z][a-z_]*)\.([a-z_]+)", name)
    if match is None or match[1] not in NOUNS:
        return False
    verb = match[2].rsplit("_", 1)[-1]
    return verb.endswith("ed") or verb in IRREGULAR


def recorded_actions():
    """(file, action) of every `record(...)`/`audit.record(...)` call whose action is a literal or an f-string."""
    for path in sorted(TNL.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name != "record":
                continue
            action = node.args[1]
            if isinstance(action, ast.Constant):
                yield str(path.relative_to(TNL)), action.value
            elif isinstance(action, ast.JoinedStr):
                yield str(path.relative_to(TNL)), ast.unparse(action)
            elif isinstance(action, ast.IfExp):
                yield from ((str(path.relative_to(TNL)), branch.value) for branch in (action.body, action.orelse))


def test_the_scheme_check_tells_good_names_from_bad():
    assert [is_action_name(n) for n in ("dossier.submitted", "invitation.sent", "membership.role_changed")] == [
        True,
        True,
        True,
    ]
    assert [is_action_name(n) for n in ("territories.invited", "dossier.submit", "edition.open_now")] == [
        False,
        False,
        False,
    ]


def test_every_recorded_action_follows_the_scheme():
    found = list(recorded_actions())
    assert len(found) > 20
    literal = [(path, name) for path, name in found if not name.startswith("f")]
    assert [(path, name) for path, name in literal if not is_action_name(name)] == []
    # The phase moves of an edition: "edition.<new state>", the states passed by its services.
    assert [name for _path, name in found if name.startswith("f")] == ["f'edition.{action}'"]


def test_the_phase_moves_of_an_edition_are_named_after_their_new_state():
    source = (TNL / "editions" / "services.py").read_text()
    moves = re.findall(r'_transition\(actor, edition, "([a-z_]+)"', source)
    assert len(moves) == 5
    assert [name for name in moves if not is_action_name(f"edition.{name}")] == []
