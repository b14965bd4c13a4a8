"""A referential's document, parsed once per process and shared by every request that reads it.

Parsing a 120 kB document at each request cost a millisecond or two, and its tens of thousands of
short-lived objects scattered a worker's memory: the home page and the dossier pages made a
worker grow by about 20 MB within its first thousand requests. The shared document is read-only,
so that no request can change what the next one reads: changing it raises TypeError, and
`copy.deepcopy()` of it gives plain, editable dicts and lists (what the editing services do).
"""

import copy
import json
from decimal import Decimal
from functools import lru_cache

READ_ONLY = "a referential's document is shared and read-only: change a copy.deepcopy() of it"


def _refuse(self, *args, **kwargs):
    raise TypeError(READ_ONLY)


class ReadOnlyDict(dict):
    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = setdefault = pop = popitem = clear = update = _refuse

    def __copy__(self):
        return dict(self)

    def __deepcopy__(self, memo):
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self):
        return dict, (dict(self),)


class ReadOnlyList(list):
    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __copy__(self):
        return list(self)

    def __deepcopy__(self, memo):
        return [copy.deepcopy(value, memo) for value in self]

    def __reduce__(self):
        return list, (list(self),)


def _read_only(value):
    if isinstance(value, dict):
        return ReadOnlyDict((key, _read_only(item)) for key, item in value.items())
    if isinstance(value, list):
        return ReadOnlyList(_read_only(item) for item in value)
    return value


@lru_cache(maxsize=8)
def shared_document(source):
    """The read-only document of a referential's canonical JSON `source` (decimals as Decimal)."""
    return _read_only(json.loads(source, parse_float=Decimal))


@lru_cache(maxsize=8)
def shared_questions(source):
    """Every question of the shared document by its code, in the document's order (read-only)."""
    document = shared_document(source)
    return ReadOnlyDict((question["code"], question) for axis in document["axes"] for question in axis["questions"])
