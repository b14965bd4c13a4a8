"""Search keys: how names are folded so that "vandoeuvre", "VANDŒUVRE" and "Vandœuvre-lès-Nancy" meet.

The same folding is applied to stored names (`Territory.search_name`) and to queries, so a
query matches a name when its folded words are substrings of the folded name.
"""

import re
import unicodedata

# Ligatures that Unicode decomposition leaves whole.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# The official names always spell "Saint" out; people often type "St".
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold_words(text):
    """Lowercase ASCII words: accents removed, ligatures split, punctuation, hyphens and apostrophes as spaces."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return _NOT_ALPHANUMERIC.sub(" ", text).split()


def search_key(name):
    """The folded form stored in `Territory.search_name`: "Saint-Dié-des-Vosges" -> "saint die des vosges"."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold_words(name))


def query_words(query):
    """Folded words of a search query.

    "St"/"Ste" become "saint"/"sainte" only when the query has more words ("st die"): a lone "st"
    is more likely the start of a name such as Strasbourg or Stenay.
    """
    words = fold_words(query)
    if len(words) > 1:
        words = [_ABBREVIATIONS.get(word, word) for word in words]
    return words
