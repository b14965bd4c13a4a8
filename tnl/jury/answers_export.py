"""The organiser's export of every answer of an edition, streamed as CSV.

One row per stored answer of every dossier of the edition (drafts included, as on the console),
by dossier number, then in the referential's question order: the edition's year, the dossier's
number, its body (official code, name, kind), the dossier's status, the question (code and text in
the active language), the answer in words, its comment, how many pieces of evidence the question
has, and when the answer last changed. The file is written like the console's export (comma
separated, a header row, dates as 2026-11-29 15:46, decimals with a point, UTF-8 with a byte order
mark, CRLF), every cell made formula-safe.

It streams, whatever the size of the edition: the answers are read from one query, joined to their
dossier and body and counting their evidence in a subquery, in chunks (`.iterator`); the
referential is the edition's, already loaded. The number of queries does not depend on the number
of dossiers or answers, and memory holds one dossier's answers at a time (to put them in the
referential's order) and the query's chunks of CHUNK_SIZE answers (two while the next is read);
bench/national_export.py measures it."""

import csv
import json
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tnl.core.formatting import plain_number
from tnl.core.spreadsheet import safe_cell
from tnl.core.texts import localized
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Answer, Evidence
from tnl.dossiers.words import answer_words
from tnl.referentials.answers import is_unanswered
from tnl.territories.enums import Kind
from tnl.territories.models import Territory

# Answers read from the database at a time.
CHUNK_SIZE = 2000
# The words of answers written with at most this many characters of JSON (yes, no, a choice, a
# number) are kept for the next dossiers, up to this many different ones: memory stays bounded.
MEMO_VALUE_LENGTH = 40
MEMO_SIZE = 5000

FIELDS = (
    "dossier_id",
    "dossier__status",
    "dossier__territory__kind",
    "dossier__territory__code",
    "dossier__territory__name",
    "question",
    "value_json",
    "comment",
    "updated_at",
    "evidence_count",
)


def answers_header():
    """The header row, in the active language."""
    return [
        _("Edition"),
        _("Dossier number"),
        _("Official code"),
        _("Body"),
        _("Kind"),
        _("Dossier status"),
        _("Question code"),
        _("Question"),
        _("Answer"),
        _("Comment"),
        _("Evidence (number)"),
        _("Last change"),
    ]


def answer_text(question, value):
    """An answer in one cell: as the pages write it ("Yes", a choice's label, labels joined with
    "; ", texts and links as typed), except numbers and percents, written language-neutral with a
    point as in the console's export ("62.5" for 62.5 %) so that spreadsheets read them as numbers;
    empty when unanswered. A question the referential does not have gets its value as text."""
    if is_unanswered(value):
        return ""
    kind = (question or {}).get("kind")
    if kind in ("number", "percent") and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return plain_number(value)
    words = answer_words(question or {"kind": "text"}, value)
    return "; ".join(words) if isinstance(words, list) else words


def _answers(edition):
    """The stored answers of the edition's dossiers as dicts of FIELDS, by dossier then question
    code: one query, read in chunks."""
    evidence = (
        Evidence.objects.filter(dossier_id=OuterRef("dossier_id"), question=OuterRef("question"))
        .order_by()
        .values("dossier_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Answer.objects.filter(dossier__edition=edition)
        .annotate(evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), 0))
        .order_by("dossier_id", "question")
        .values(*FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def dossier_rows(edition):
    """Per dossier of `edition` with stored answers, by dossier number: the rows (lists of
    formula-safe text cells) of its answers in the referential's order (then by code, for a
    question the referential does not have), in the active language. A generator: one dossier in
    memory. What repeats is worked out once: a dossier's cells once per dossier, a question's text
    once per question, the words of a short answer (yes, a choice, a number) once per value, up to
    MEMO_SIZE values."""
    questions = [question for axis in edition.referential.document["axes"] for question in axis["questions"]]
    position = {question["code"]: index for index, question in enumerate(questions)}
    by_code = {question["code"]: question for question in questions}
    texts = {question["code"]: safe_cell(localized(question["text"])) for question in questions}
    unknown = len(questions)
    zone = timezone.get_current_timezone()
    words = {}
    for dossier_id, answers in groupby(_answers(edition), key=lambda answer: answer["dossier_id"]):
        answers = sorted(answers, key=lambda answer: (position.get(answer["question"], unknown), answer["question"]))
        first = answers[0]
        kind, code = first["dossier__territory__kind"], first["dossier__territory__code"]
        dossier_cells = [
            str(edition.year),
            str(dossier_id),
            safe_cell(code),
            # The name as the console shows it ("Nancy (54)"), from an unsaved body: no query.
            safe_cell(Territory(kind=kind, code=code, name=first["dossier__territory__name"]).display_name),
            safe_cell(Kind(kind).label),
            safe_cell(capfirst(DossierStatus(first["dossier__status"]).label)),
        ]
        rows = []
        for answer in answers:
            question_code, raw = answer["question"], answer["value_json"]
            key = (question_code, raw)
            text = words.get(key)
            if text is None:
                value = json.loads(raw, parse_float=Decimal)  # as Answer.value reads it
                text = safe_cell(answer_text(by_code.get(question_code), value))
                if len(raw) <= MEMO_VALUE_LENGTH and len(words) < MEMO_SIZE:
                    words[key] = text
            rows.append(
                [
                    *dossier_cells,
                    safe_cell(question_code),
                    texts.get(question_code, ""),
                    text,
                    safe_cell(answer["comment"]),
                    str(answer["evidence_count"]),
                    answer["updated_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        yield rows


class _Echo:
    """A file that hands back what is written to it: csv.writer's writerow then returns the line."""

    def write(self, text):
        return text


def csv_chunks(edition, language):
    """The export as CSV text in pieces to stream: the byte order mark with the header, then one
    piece per dossier (its answers' lines). Each piece is written in `language`: the pieces are
    made while the response is sent, after the view has returned."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    dossiers = dossier_rows(edition)
    with translation.override(language):
        header = writer.writerow([safe_cell(cell) for cell in answers_header()])
    yield "\ufeff" + header
    while True:
        with translation.override(language):
            rows = next(dossiers, None)
            if rows is None:
                return
            piece = "".join(writer.writerow(row) for row in rows)
        yield piece
