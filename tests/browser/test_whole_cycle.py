"""The whole cycle of the label in Chromium, on a fresh database, as its people live it, page by
page: the organiser opens an edition; Nancy and Vandœuvre-lès-Nancy apply (Vandœuvre's agent with
the keyboard only); the jurors calibrate and review, one of them in conflict with Nancy; the
organiser decides the levels and plans the publication, which `manage.py publish_scheduled` (the
job cron runs every minute) carries out; a visitor then finds the results, the badge, the
verifiable credential and the open data by following links from the home page.

Only what precedes the story is built in Python: the registry, the people's accounts and
memberships, and a small referential (no page imports a referential outside an edition). Every
page of the story passes axe-core (`visit_check`)."""

import csv
import io
import itertools
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from tests import factories
from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.factories import TECHNICAL, member_of
from tnl.core.formatting import when
from tnl.dossiers.models import Dossier
from tnl.editions.models import Edition
from tnl.publication.models import Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year
LABEL = f"Territoire Numérique Libre {YEAR}"
NANCY_PROOF = "https://nancy.example.org/deliberation-logiciel-libre.pdf"
VANDOEUVRE_PROOF = "https://vandoeuvre.example.org/logiciels-libres"
AGREED_READING = "Ne compter que les jeux de données mis à jour dans l’année."
HIGHLIGHT = "Un portail de données ouvertes partagé avec la métropole."
_shots = itertools.count(1)


@pytest.fixture
def small_referential(db):
    """The test suite's small referential (2 axes, 3 questions) under the code "mini": the edition's
    copy is then "mini-<year>" (the file's own code, mini-2026, would clash with a 2026 copy)."""
    from tnl.referentials.services import import_referential

    text = factories.MINI_REFERENTIAL.read_text().replace("code: mini-2026", "code: mini")
    return import_referential(factories.SYSTEM, text, "mini.yaml")


# Helpers -----------------------------------------------------------------------------------------


def visit_check(page):
    """What every page of the story must be: free of axe-core violations."""
    page.wait_for_load_state()
    assert axe_violations(page) == [], page.url
    screenshot(page, f"whole-cycle-{next(_shots):02d}")


def messages(page):
    return page.locator(".messages .message").all_inner_texts()


def texts(page, selector):
    """The texts of the elements, each on one line."""
    return [" ".join(text.split()) for text in page.locator(selector).all_inner_texts()]


def go(page, action):
    """Do what leads to another page (a click, a key), wait for it, and check it."""
    with page.expect_navigation():
        action()
    visit_check(page)


def click_link(page, name, within=None):
    go(page, lambda: (within or page).get_by_role("link", name=name, exact=True).click())


def click_button(page, name, within=None):
    go(page, lambda: (within or page).get_by_role("button", name=name, exact=True).click())


def tab_to(page, selector=None, text=None, limit=150):
    """Press Tab until the focused element matches the CSS `selector`, or shows exactly `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            """([selector, text]) => { const element = document.activeElement;
                 return !!element && (selector ? element.matches(selector) : element.textContent.trim() === text); }""",
            [selector, text],
        ):
            return
    pytest.fail(f"Tab never reached {selector or text!r} on {page.url}")


def press_enter(page):
    go(page, lambda: page.keyboard.press("Enter"))


def saved(page, code):
    page.locator(f"#q-{code}-status").filter(has_text="Enregistré à").wait_for()


def assert_submitted(page, code, by):
    """The dossier of the body `code` is submitted: the message, and its status with who and when."""
    assert messages(page) == [
        "Le dossier est déposé. Un accusé de réception a été envoyé par courriel à tous les membres de l’organisme."
    ]
    dossier = Dossier.objects.get(territory__code=code)
    assert page.locator("#dossier-status").inner_text() == (
        f"Déposé — le {in_french(when, dossier.submitted_at)} par {by}"
    )


def as_user(page, live_server, user):
    """A new session for `user` (None: a visitor), starting from the home page."""
    page.context.clear_cookies()
    if user is not None:
        log_in(page, live_server, user)
    page.goto("/")
    visit_check(page)


def open_edition_page(page):
    click_link(page, "Éditions")
    click_link(page, LABEL)


def local_input(moment):
    """A moment as a datetime-local field takes it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def result_emails(mailoutbox):
    return sorted((message.subject, message.to) for message in mailoutbox if "décision du jury" in message.subject)


def in_french(function, *args):
    with translation.override("fr"):
        return function(*args)


# The story ---------------------------------------------------------------------------------------


def test_an_edition_from_its_opening_to_its_published_results(
    page,
    live_server,
    mailoutbox,
    organiser,
    nancy,
    vandoeuvre,
    elected,
    technical,
    member_of_other_body,
    small_referential,
):
    page.set_default_timeout(10000)
    vandoeuvre_agent = member_of(vandoeuvre, TECHNICAL, "tech@vandoeuvre.fr", full_name="Valérie Vidal")
    jules = factories.UserFactory(email="jules@example.org", full_name="Jules Juré")
    jeanne = factories.UserFactory(email="jeanne@example.org", full_name="Jeanne Jurée")

    open_the_edition(page, live_server, organiser, jurors=[jules, jeanne])
    apply_with_the_mouse(page, live_server, technical)
    apply_with_the_keyboard_only(page, live_server, vandoeuvre_agent)
    declare_a_conflict(page, live_server, jeanne)
    calibrate(page, live_server, organiser, jules, jeanne)
    assign_and_review(page, live_server, organiser, jules, jeanne)
    deliberate(page, live_server, organiser)
    plan_and_publish(page, organiser, mailoutbox)
    visit_the_results(page, live_server)


def open_the_edition(page, live_server, organiser, jurors):
    """1. The organiser creates the edition from the referential, opens applications now and seats
    the jurors."""
    as_user(page, live_server, organiser)
    click_link(page, "Éditions")
    click_link(page, "Nouvelle édition")
    today = timezone.localdate()
    page.get_by_label("Année").fill(str(YEAR))
    page.get_by_label("Partir du référentiel").select_option(label="Mini référentiel (mini)")
    page.get_by_label("Clôture des candidatures").fill(local_input(timezone.now() + timedelta(days=20)))
    page.get_by_label("Début de l’examen par le jury").fill(str(today + timedelta(days=25)))
    page.get_by_label("Cérémonie").fill(str(today + timedelta(days=30)))
    page.get_by_label("Publication prévue des résultats").fill(str(today + timedelta(days=30)))
    click_button(page, "Créer l’édition")
    assert messages(page) == [f"Édition {YEAR} créée."]
    assert page.locator("h1").inner_text() == LABEL
    click_link(page, "Ouvrir les candidatures maintenant")
    click_button(page, "Confirmer")
    assert messages(page) == ["C’est fait : l’édition est maintenant dans la phase « Ouverte aux candidatures »."]
    click_link(page, "Membres du jury et leurs conflits d’intérêts")
    for juror in jurors:
        page.get_by_label("Adresse électronique").fill(juror.email)
        click_button(page, "Ajouter au jury")
        assert messages(page) == [f"{juror.full_name} rejoint le jury comme juré."]
    assert texts(page, "table.members tbody th") == ["Jeanne Jurée", "Jules Juré"]


def apply_with_the_mouse(page, live_server, agent):
    """2. Nancy's technical referent starts the dossier, answers, adds the evidence and submits."""
    as_user(page, live_server, agent)
    click_link(page, "Nos dossiers")
    click_link(page, f"Commencer notre dossier {YEAR}")
    click_button(page, "Commencer notre dossier")
    assert messages(page) == ["Le dossier de Nancy est commencé. Les réponses sont enregistrées au fur et à mesure."]
    click_link(page, "Stratégie")
    page.locator("#q-STR-01").get_by_role("radio", name="Oui", exact=True).check()
    saved(page, "STR-01")
    page.locator("#q-STR-01-link-url").fill(NANCY_PROOF)
    page.locator("#q-STR-01-evidence").get_by_role("button", name="Ajouter le lien").click()
    page.locator("#q-STR-01-evidence").get_by_role("link", name=NANCY_PROOF).wait_for()
    page.locator("#q-STR-02").get_by_role("radio", name="Un élu et un agent", exact=True).check()
    saved(page, "STR-02")
    visit_check(page)
    click_link(page, "Axe suivant : Données ouvertes")
    page.locator("#q-DON-01").get_by_label("Votre réponse").fill("25")
    saved(page, "DON-01")
    visit_check(page)
    click_link(page, "Retour à la vue d’ensemble du dossier")
    assert page.locator("#global-percent").inner_text() == "100,0\u00a0%"
    assert page.locator("#proposed-level").inner_text() == "Niveau proposé : niveau 2"
    click_button(page, "Déposer le dossier auprès du jury")
    assert_submitted(page, "54395", "Théo Technicien")


def apply_with_the_keyboard_only(page, live_server, agent):
    """2. Vandœuvre's technical referent does the same with the keyboard only (Tab, Enter, Space,
    arrows and typing), and agrees to show the answers with the results."""
    as_user(page, live_server, agent)
    tab_to(page, text="Nos dossiers")
    press_enter(page)
    tab_to(page, text=f"Commencer notre dossier {YEAR}")
    press_enter(page)
    tab_to(page, text="Commencer notre dossier")
    press_enter(page)
    assert messages(page) == [
        "Le dossier de Vandœuvre-lès-Nancy est commencé. Les réponses sont enregistrées au fur et à mesure."
    ]
    tab_to(page, text="Stratégie")
    press_enter(page)
    tab_to(page, "#q-STR-01-value_0")  # Oui
    page.keyboard.press("Space")
    saved(page, "STR-01")
    tab_to(page, "#q-STR-01-link-url")
    page.keyboard.type(VANDOEUVRE_PROOF)
    page.keyboard.press("Enter")
    page.locator("#q-STR-01-evidence").get_by_role("link", name=VANDOEUVRE_PROOF).wait_for()
    tab_to(page, "#q-STR-02-value_0")  # Personne; the arrow moves on to "Un élu et un agent"
    page.keyboard.press("ArrowDown")
    saved(page, "STR-02")
    assert page.evaluate("document.activeElement.id") == "q-STR-02-value_1"
    visit_check(page)
    tab_to(page, text="Axe suivant : Données ouvertes")
    press_enter(page)
    tab_to(page, "#q-DON-01-value")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    saved(page, "DON-01")
    visit_check(page)
    tab_to(page, text="Retour à la vue d’ensemble du dossier")
    press_enter(page)
    assert page.locator("#global-percent").inner_text() == "82,1\u00a0%"
    assert page.locator("#proposed-level").inner_text() == "Niveau proposé : niveau 2"
    tab_to(page, "#id_public_answers")
    page.keyboard.press("Space")
    tab_to(page, text="Enregistrer ce choix")
    press_enter(page)
    assert messages(page) == [
        "Vos réponses figureront sur la page publique de votre organisme une fois les résultats publiés."
    ]
    tab_to(page, text="Déposer le dossier auprès du jury")
    press_enter(page)
    assert_submitted(page, "54547", "Valérie Vidal")


def declare_a_conflict(page, live_server, juror):
    """3. Jeanne used to work for the city of Nancy: she declares it from her jury page."""
    as_user(page, live_server, juror)
    click_link(page, "Jury")
    click_link(page, "Mes conflits d’intérêts")
    page.get_by_label("Nom, code INSEE, SIREN ou code postal").fill("Nancy")
    click_button(page, "Rechercher")
    page.get_by_role("radio", name="Nancy (54) (Commune)", exact=True).check()
    page.get_by_label("Motif").fill("Ancienne employée de la ville")
    click_button(page, "Déclarer le conflit")
    assert messages(page) == ["Conflit avec Nancy (54) déclaré."]
    assert texts(page, ".declared-conflicts strong") == ["Nancy (54)"]


def calibrate(page, live_server, organiser, jules, jeanne):
    """3. Vandœuvre's dossier serves for calibration; applications close; both jurors review it, Jules
    corrects DON-01; the organiser writes the agreed reading of DON-01."""
    as_user(page, live_server, organiser)
    open_edition_page(page)
    click_link(page, "Calibrage")
    page.get_by_label("Dossier déposé").select_option(label="Vandœuvre-lès-Nancy (54)")
    click_button(page, "Ajouter au calibrage")
    assert messages(page) == [
        "Le dossier de Vandœuvre-lès-Nancy (54) est maintenant un dossier de calibrage : 2 jurés l’ont à examiner."
    ]
    click_link(page, str(YEAR))
    click_link(page, "Clore les candidatures maintenant")
    click_button(page, "Confirmer")
    assert messages(page) == ["C’est fait : l’édition est maintenant dans la phase « Candidatures closes »."]

    for juror in (jules, jeanne):
        as_user(page, live_server, juror)
        click_link(page, "Jury")
        click_link(page, "Mon évaluation de calibrage de Vandœuvre-lès-Nancy (54)")
        if juror is jules:
            question = page.locator("#q-DON-01")
            question.get_by_text("Corriger les points").click()
            question.get_by_label("Points corrigés (de 0 à 10)").fill("0")
            question.get_by_label("Raison de la correction").fill("Seuls 2 jeux de données sont à jour")
            question.get_by_role("button", name="Enregistrer", exact=True).click()
            page.locator("#q-DON-01-status").filter(has_text="Enregistré.").wait_for()
            visit_check(page)
        click_button(page, "Envoyer l’évaluation")
        assert messages(page) == ["Votre évaluation est envoyée. Elle compte pour la délibération."]

    as_user(page, live_server, organiser)
    open_edition_page(page)
    click_link(page, "Calibrage")
    click_link(page, "Voir l’accord entre les jurés")
    assert texts(page, ".calibration-counts") == ["2 jurés ont ce dossier ; examens commencés : 2, déposés : 2."]
    assert texts(page, ".calibration-agreement > .table-scroll .calibration-readings li") == [
        "Jeanne Jurée : aucune correction (5 points)",
        "Jules Juré : corrigé à 0 point (0 point)",
    ]
    click_link(page, "Écrire la lecture commune de DON-01")
    page.get_by_label("Lecture commune").fill(AGREED_READING)
    click_button(page, "Enregistrer la lecture commune")
    assert messages(page) == ["La lecture commune de DON-01 est enregistrée."]


def assign_and_review(page, live_server, organiser, jules, jeanne):
    """3. One juror per dossier, assigned automatically: Nancy's goes to Jules, since Jeanne is in
    conflict, and the organiser who tries to give it to her is refused. The organiser then brings
    the start of the jury review forward to today, on the dates page, and the edition enters the
    jury review: Jules finds Nancy's evidence valid and Jeanne, who sees the agreed reading, finds
    Vandœuvre's not valid. Both reviews sent, the organiser starts the deliberation, and Jeanne's
    deliberation table leaves out Nancy, with whom she is in conflict."""
    as_user(page, live_server, organiser)
    open_edition_page(page)
    click_link(page, "Attribution des dossiers")
    page.get_by_label("Évaluateurs par dossier").fill("1")
    click_button(page, "Enregistrer les réglages")
    assert messages(page) == ["Réglages du jury enregistrés."]
    click_button(page, "Attribuer automatiquement")
    assert messages(page) == ["2 attributions faites."]
    nancy_row = page.locator("tr", has=page.get_by_role("link", name="Nancy (54)", exact=True))
    assert nancy_row.locator(".reviewers li > a").all_inner_texts() == ["Jules Juré"]
    assert nancy_row.get_by_role("option").all_inner_texts() == ["Choisir…", "Jeanne Jurée — en conflit"]
    nancy_row.get_by_role("combobox").select_option(label="Jeanne Jurée — en conflit")
    click_button(page, "Ajouter", within=nancy_row)
    assert nancy_row.locator(".field-error").inner_text() == (
        "Jeanne Jurée ne peut pas évaluer le dossier de Nancy (54) : Conflit déclaré : Ancienne employée de la ville."
    )
    assert nancy_row.locator(".reviewers li > a").all_inner_texts() == ["Jules Juré"]

    click_link(page, str(YEAR))
    assert page.locator("[class*=badge-phase-]").inner_text() == "Candidatures closes"
    click_link(page, "Modifier les dates")
    jury_field = page.get_by_label("Début de l’examen par le jury")
    planned = date.fromisoformat(jury_field.input_value())
    today = timezone.localdate()
    jury_field.fill(str(today))
    click_button(page, "Enregistrer les dates")
    assert messages(page) == ["Dates enregistrées."]
    assert page.locator("[class*=badge-phase-]").inner_text() == "Examen par le jury"
    latest = page.locator("#log-title ~ table tbody tr").first.locator("td")
    assert latest.nth(1).inner_text() == "Olga Organisatrice"
    # Only the jury's date changed: the opening and the closing, shown to the minute, keep their second.
    assert latest.nth(2).inner_text().splitlines() == [
        "Dates modifiées",
        f"Début de l’examen par le jury : {in_french(date_format, planned, 'j F Y')} → "
        f"{in_french(date_format, today, 'j F Y')}",
    ]

    as_user(page, live_server, jules)
    click_link(page, "Jury")
    assert texts(page, "table.my-dossiers tbody th") == ["Nancy (54)"]
    click_link(page, "Nancy (54)")
    evidence = page.locator("#q-STR-01-evidence")
    evidence.get_by_role("button", name=f"Valide ({NANCY_PROOF})", exact=True).click()
    evidence.locator(".evidence-check").filter(has_text="✓ valable").wait_for()
    visit_check(page)
    assert page.locator("#reviewed-level").inner_text() == "niveau 2"
    click_button(page, "Envoyer l’évaluation")
    assert messages(page) == ["Votre évaluation est envoyée. Elle compte pour la délibération."]

    as_user(page, live_server, jeanne)
    click_link(page, "Jury")
    assert texts(page, "table.my-dossiers tbody th") == ["Vandœuvre-lès-Nancy (54)"]
    click_link(page, "Vandœuvre-lès-Nancy (54)")
    assert page.locator("#q-DON-01-note").inner_text() == f"Lecture commune du jury : {AGREED_READING}"
    evidence = page.locator("#q-STR-01-evidence")
    evidence.get_by_role("button", name=f"Non valide ({VANDOEUVRE_PROOF})", exact=True).click()
    evidence.locator(".evidence-check").filter(has_text="✗ non valide").wait_for()
    visit_check(page)
    assert page.locator("#reviewed-percent").inner_text() == "46,4\u00a0%"
    assert page.locator("#reviewed-level").inner_text() == "niveau 1 – Découverte"
    click_button(page, "Envoyer l’évaluation")
    assert messages(page) == ["Votre évaluation est envoyée. Elle compte pour la délibération."]

    as_user(page, live_server, organiser)
    open_edition_page(page)
    assert page.locator("[class*=badge-phase-]").inner_text() == "Examen par le jury"
    click_link(page, "Commencer la délibération")
    click_button(page, "Confirmer")
    assert messages(page) == ["C’est fait : l’édition est maintenant dans la phase « Délibération »."]

    as_user(page, live_server, jeanne)
    click_link(page, "Jury")
    click_link(page, "Tableau de délibération")
    # Nancy's row is left out of the table of the juror in conflict with it.
    assert page.locator(".deliberation-table caption").inner_text() == "1 dossier"
    assert texts(page, ".deliberation-table tbody th") == ["Vandœuvre-lès-Nancy (54)"]


def deliberate(page, live_server, organiser):
    """4. The organiser decides the levels on the deliberation table, and prepares the result e-mails."""
    as_user(page, live_server, organiser)
    open_edition_page(page)
    click_link(page, "Tableau de délibération")
    assert texts(page, ".deliberation-table tbody th") == ["Nancy (54)", "Vandœuvre-lès-Nancy (54)"]
    click_link(page, "Nancy (54)")
    page.get_by_label("Première candidature").check()
    page.get_by_label("Ce que l’organisme a bien fait (publié avec les résultats)").fill(HIGHLIGHT)
    click_button(page, "Enregistrer la décision")
    assert messages(page) == [
        "Décision enregistrée pour Nancy (54). Elle reste confidentielle jusqu’à la publication des résultats."
    ]
    click_link(page, "Vandœuvre-lès-Nancy (54)")
    # The proposed level comes first: the reviewed one, below the declared level 2.
    assert page.get_by_label("Niveau décidé").evaluate("select => select.selectedOptions[0].text") == (
        "Niveau 1 — Découverte"
    )
    click_button(page, "Enregistrer la décision")
    assert messages(page) == [
        "Décision enregistrée pour Vandœuvre-lès-Nancy (54). "
        "Elle reste confidentielle jusqu’à la publication des résultats."
    ]
    decided = [
        [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator(".deliberation-table tbody tr").all()
    ]
    assert [(row[0], row[7], row[8]) for row in decided] == [
        ("Nancy (54)", "Niveau 2", "Première candidature"),
        ("Vandœuvre-lès-Nancy (54)", "Niveau 1 — Découverte", "—"),
    ]
    click_link(page, "Courriels de résultats (boîte d’envoi)")
    click_button(page, "Préparer la boîte d’envoi")
    assert messages(page) == [
        "Boîte d’envoi préparée : 4 nouveaux, 0 à jour des modèles, "
        "0 modifiés à la main ou envoyés gardés tels quels, 0 retirés."
    ]


def plan_and_publish(page, organiser, mailoutbox):
    """5. The organiser plans the publication for the ceremony; when its minute comes, the job that
    cron runs every minute publishes it, and the result e-mails leave then."""
    click_link(page, str(YEAR))
    click_link(page, "Publication des résultats")
    ceremony = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(18, 0)))
    page.get_by_label("Date et heure de la publication").fill(local_input(ceremony))
    click_button(page, "Planifier")
    assert messages(page) == ["La publication est planifiée."]
    assert page.get_by_text("Planifiée le").inner_text() == (
        f"Planifiée le {in_french(when, ceremony)}, par Olga Organisatrice."
    )
    assert result_emails(mailoutbox) == []  # they leave with the publication, not before

    # The ceremony's minute comes (moved to now in the database rather than waited for).
    Edition.objects.filter(year=YEAR).update(publication_scheduled_at=timezone.now())
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    assert output.getvalue() == f"{YEAR}: published (2 labelled bodies)\n"

    page.reload()
    visit_check(page)
    release = Release.objects.get(year=YEAR)
    assert page.locator("#live-title + p").inner_text() == (
        f"Publication nº 1, le {in_french(when, release.published_at)} : 2 organismes labellisés."
    )
    assert result_emails(mailoutbox) == [
        (f"{LABEL} — décision du jury pour Nancy (54)", ["elue@nancy.fr"]),
        (f"{LABEL} — décision du jury pour Nancy (54)", ["tech@nancy.fr"]),
        (f"{LABEL} — décision du jury pour Vandœuvre-lès-Nancy (54)", ["elu@vandoeuvre.fr"]),
        (f"{LABEL} — décision du jury pour Vandœuvre-lès-Nancy (54)", ["tech@vandoeuvre.fr"]),
    ]


def visit_the_results(page, live_server):
    """6. A visitor, not logged in, follows links from the home page to the results, a body's page
    and badge, the verification of its credential, and the open data."""
    as_user(page, live_server, None)
    latest = page.locator(".latest-results")
    assert latest.locator("h2").inner_text() == f"Derniers résultats : l’édition {YEAR}"
    assert texts(page, ".latest-results li") == ["Niveau 2 : 1 organisme", "Niveau 1 — Découverte : 1 organisme"]
    click_link(page, f"Voir les résultats {YEAR}")
    published_on = in_french(date_format, timezone.localtime(Release.objects.get(year=YEAR).published_at), "j F Y")
    assert page.locator("h1").inner_text() == f"{LABEL} : les résultats"
    assert page.locator(".lead").inner_text() == (
        f"2 organismes labellisés, résultats publiés le {published_on}. 2 organismes ont déposé un dossier."
    )
    assert texts(page, "section h2[id^=level-]") == ["Niveau 2 (1)", "Niveau 1 — Découverte (1)"]
    assert texts(page, ".result-name") == ["Nancy (54)", "Vandœuvre-lès-Nancy (54)"]
    assert texts(page, ".result-highlight") == [HIGHLIGHT]
    assert texts(page, ".jury-list li") == ["Jeanne Jurée", "Jules Juré"]

    click_link(page, "Vandœuvre-lès-Nancy (54)")
    assert page.locator(".latest-label").inner_text() == f"{LABEL} : Niveau 1 — Découverte"
    assert texts(page, ".public-answers dt") == [
        "Une délibération en faveur du logiciel libre a-t-elle été adoptée ?",
        "Qui porte la démarche ?",
        "Nombre de jeux de données publiés",
    ]
    assert texts(page, ".public-answers dd") == ["Oui", "Un élu et un agent", "6"]
    click_link(page, f"Tous les résultats {YEAR}")
    click_link(page, "Nancy (54)")
    assert page.locator("h1").inner_text() == "Nancy (54)"
    assert page.locator(".latest-label").inner_text() == f"{LABEL} : Niveau 2"
    assert page.evaluate("document.querySelector('.body-badge img').naturalWidth") == 360
    assert page.locator(".body-badge img").get_attribute("alt") == f"Badge {LABEL} : Niveau 2"

    click_link(page, "Badge, vérification et code pour l’intégrer")
    assert page.locator(".verdict").inner_text() == f"Valide — Nancy (54) détient le label {LABEL} : Niveau 2."
    assert page.evaluate("document.querySelector('img.credential-badge').naturalWidth") == 360
    with page.expect_download() as download:
        page.get_by_role("link", name="L’attestation signée (Open Badges 3.0, .jwt)").click()
    credential = Path(download.value.path()).read_text()
    click_link(page, "Vérifiez-le ici")
    page.get_by_label("Attestation (texte)").fill(credential)
    click_button(page, "Vérifier")
    assert page.get_by_role("heading", name="Attestation valide").is_visible()
    assert texts(page, ".checks li") == [
        "✓ Réussi : Une attestation signée (JWT, RS256).",
        "✓ Réussi : La signature correspond à la clé de l’émetteur.",
        "✓ Réussi : Délivrée par Adullact.",
        "✓ Réussi : Une attestation Open Badges 3.0 (OpenBadgeCredential).",
        "✓ Réussi : Les champs du JWT correspondent à l’attestation.",
        f"✓ Réussi : Valable depuis le {published_on}.",
        "✓ Réussi : Non révoquée : le résultat est publié.",
    ]

    click_link(page, "Données ouvertes")
    row = page.locator("tr", has=page.get_by_role("rowheader", name=str(YEAR), exact=True))
    csv_link = row.get_by_role("link", name="results.csv", exact=True)
    response = page.request.get(csv_link.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "text/csv; charset=utf-8")
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [(r["display_name"], r["level"], r["level_label_fr"], r["mention_labels_fr"]) for r in rows] == [
        ("Nancy (54)", "2", "Niveau 2", "Première candidature"),
        ("Vandœuvre-lès-Nancy (54)", "1", "Niveau 1 — Découverte", ""),
    ]
