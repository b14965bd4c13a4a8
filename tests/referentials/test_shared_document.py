"""A stored referential's document is parsed once per process and shared (tnl/referentials/shared.py):
every way of changing it in place is refused, a deep copy is plain and editable, and the exports
write it as before."""

import copy
import json
import pickle
from decimal import Decimal

import pytest

from tnl.referentials.canonical import dump_referential
from tnl.referentials.models import Referential
from tnl.referentials.shared import READ_ONLY, shared_document

SOURCE = json.dumps({"axes": [{"code": "STR", "questions": [{"code": "STR-01", "points": 1.5}]}], "levels": []})

DICT_CHANGES = {
    "set": lambda d: d.__setitem__("axes", []),
    "delete": lambda d: d.__delitem__("axes"),
    "or-assign": lambda d: d.__ior__({"x": 1}),
    "setdefault": lambda d: d.setdefault("x", 1),
    "pop": lambda d: d.pop("axes"),
    "popitem": lambda d: d.popitem(),
    "clear": lambda d: d.clear(),
    "update": lambda d: d.update(x=1),
}
LIST_CHANGES = {
    "set": lambda items: items.__setitem__(0, None),
    "delete": lambda items: items.__delitem__(0),
    "add-assign": lambda items: items.__iadd__([None]),
    "multiply-assign": lambda items: items.__imul__(2),
    "append": lambda items: items.append(None),
    "extend": lambda items: items.extend([None]),
    "insert": lambda items: items.insert(0, None),
    "pop": lambda items: items.pop(),
    "remove": lambda items: items.remove(items[0]),
    "clear": lambda items: items.clear(),
    "sort": lambda items: items.sort(key=id),
    "reverse": lambda items: items.reverse(),
}


def pristine():
    return json.loads(SOURCE, parse_float=Decimal)


@pytest.mark.parametrize("change", list(DICT_CHANGES))
def test_a_mapping_of_the_document_cannot_be_changed(change):
    document = shared_document(SOURCE)
    with pytest.raises(TypeError) as refused:
        DICT_CHANGES[change](document["axes"][0])
    assert str(refused.value) == READ_ONLY
    assert document == pristine()


@pytest.mark.parametrize("change", list(LIST_CHANGES))
def test_a_list_of_the_document_cannot_be_changed(change):
    document = shared_document(SOURCE)
    with pytest.raises(TypeError) as refused:
        LIST_CHANGES[change](document["axes"])
    assert str(refused.value) == READ_ONLY
    assert document == pristine()


def test_a_deep_copy_is_plain_and_can_be_changed():
    document = shared_document(SOURCE)
    edited = copy.deepcopy(document)
    assert (type(edited), type(edited["axes"]), type(edited["axes"][0]["questions"][0])) == (dict, list, dict)
    edited["axes"][0]["questions"].append({"code": "STR-02"})
    assert len(document["axes"][0]["questions"]) == 1
    assert type(copy.copy(document)) is dict and type(copy.copy(document["axes"])) is list
    assert pickle.loads(pickle.dumps(document)) == pristine()
    assert type(pickle.loads(pickle.dumps(document))["axes"]) is list


def test_referentials_with_the_same_source_share_one_document(default_referential):
    again = Referential.objects.get(pk=default_referential.pk)
    assert again.document is default_referential.document
    assert again.document["axes"][0]["questions"][0]["points"] == Decimal(
        str(json.loads(again.source)["axes"][0]["questions"][0]["points"])
    )
    assert again.questions is default_referential.questions
    codes = [question["code"] for axis in again.document["axes"] for question in axis["questions"]]
    assert list(again.questions) == codes and again.questions["STR-01"]["code"] == "STR-01"
    edited = copy.deepcopy(again.document)
    edited["title"] = {"fr": "Autre titre", "en": "Other title"}
    edited["axes"][0]["questions"].pop(0)
    again.set_document(edited)
    assert again.document["title"] == {"fr": "Autre titre", "en": "Other title"}
    assert default_referential.document["title"] != again.document["title"]
    assert list(again.questions) == codes[1:]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_shared_document_is_exported_as_a_plain_one(default_referential, fmt):
    shared = default_referential.document
    assert dump_referential(shared, fmt) == dump_referential(copy.deepcopy(shared), fmt)
