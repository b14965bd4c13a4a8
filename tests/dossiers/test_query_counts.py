"""The number of queries of the services a candidate calls most (autosave, submission): fixed
numbers, so that a lazy read of the dossier's edition, referential or body (one query more each
time) shows here. Counted on a locked dossier read with its edition, referential and body."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dossiers.answering import answer_all_required
from tnl.dossiers import services


def count(call, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        call(*args, **kwargs)
    return len(queries)


def test_saving_an_answer(dossier, contributor):
    assert count(services.save_answer, contributor, dossier, "STR-02", "both") == 10
    assert count(services.save_answer, contributor, dossier, "STR-02", "none", expected_version=1) == 9


def test_submitting(dossier, elected):
    answer_all_required(dossier, elected)
    assert count(services.submit_dossier, elected, dossier) == 11
