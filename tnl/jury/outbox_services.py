"""The result e-mails: templates per edition and language, the outbox prepared from the decisions,
edited by hand if need be, and sent in one batch when the results are published.

Templates hold placeholders in braces ({body}, {level_label}…), filled per message; `{{` and `}}`
write a brace. The jury's reason is a placeholder too ({reason}) but the default templates leave it
out: it is the jury's, and the organiser decides whether a candidate reads it.
"""

import string

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tnl.core import audit
from tnl.core.notifications import send_email
from tnl.core.services import Refused, ensure
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.territories.models import Membership

from .deliberation_services import level_label, mention_choices
from .enums import OutboxStatus
from .models import MAX_TEXT_LENGTH, Decision, OutboxMessage, ResultTemplate

SUBJECT_MAX_LENGTH = 200

# The placeholders a template may use, with what each one becomes (shown on the page).
PLACEHOLDERS = {
    "body": gettext_lazy("the body's name"),
    "level": gettext_lazy("the decided level, as a number (0: no level)"),
    "level_label": gettext_lazy("the decided level in words"),
    "edition": gettext_lazy("the edition's name"),
    "mentions": gettext_lazy("the special mentions awarded, or “none”"),
    "reason": gettext_lazy("the jury's reason when the level differs from the proposed one (left out by default)"),
    "dossier_url": gettext_lazy("the address of the dossier's page"),
}


def default_template(language):
    """(subject, text) of the default result e-mail in `language`."""
    with translation.override(language):
        subject = _("{edition}: the jury's decision for {body}")
        body = _(
            "Hello,\n\n"
            "The jury of {edition} has deliberated on the dossier of {body}.\n\n"
            "Level awarded: {level_label}\n"
            "Special mentions: {mentions}\n\n"
            "Your dossier: {dossier_url}\n\n"
            "Thank you for your application.\n"
            "The organising team of {edition}\n"
        )
    return subject, body


def placeholder_errors(text):
    """The problems of a template text, in words: unknown placeholders (named) and lone braces."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return [_("A brace is alone: write {{ or }} for a brace in the text, or close the placeholder.")]
    errors = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            errors.append(
                _("Unknown placeholder %(placeholder)s; use one of: %(known)s.")
                % {"placeholder": shown, "known": ", ".join("{" + known + "}" for known in PLACEHOLDERS)}
            )
    return errors


def render(text, values):
    """The template text with its placeholders filled (every value is a plain string)."""
    return text.format(**values)


def _check_template(subject, body):
    errors = {}
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    if not subject:
        errors["subject"] = [_("Write the subject.")]
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = [_("The subject is too long: at most %(max)s characters.") % {"max": SUBJECT_MAX_LENGTH}]
    else:
        errors.update({"subject": found} if (found := placeholder_errors(subject)) else {})
    if not body:
        errors["body"] = [_("Write the text.")]
    elif len(body) > MAX_TEXT_LENGTH:
        errors["body"] = [_("The text is too long: at most %(max)s characters.") % {"max": MAX_TEXT_LENGTH}]
    else:
        errors.update({"body": found} if (found := placeholder_errors(body)) else {})
    if errors:
        raise Refused(errors)
    return subject, body + "\n"


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _missing_templates(edition):
    existing = set(ResultTemplate.objects.filter(edition=edition).values_list("language", flat=True))
    created = []
    for language in _languages():
        if language not in existing:
            subject, body = default_template(language)
            created.append(
                ResultTemplate.objects.create(edition=edition, language=language, subject=subject, body=body)
            )
    return created


@transaction.atomic
def ensure_templates(actor, edition):
    """Give the edition the default result e-mail in each language it lacks (French, English).

    Side effects: creates the missing ResultTemplate rows, writes `result_template.created` for
    each. Returns the edition's templates by language."""
    ensure(actor, "jury.manage", edition)
    for template in _missing_templates(edition):
        audit.record(
            actor,
            "result_template.created",
            template,
            f"{edition.year} {template.language}",
            language=template.language,
        )
    return {template.language: template for template in ResultTemplate.objects.filter(edition=edition)}


def _check_not_over(edition):
    if edition.phase == Phase.ARCHIVED:
        raise Refused(_("This edition is archived: its result e-mails can no longer change."))


@transaction.atomic
def update_template(actor, edition, language, subject, body):
    """Change the result e-mail of `edition` in `language`.

    Unknown placeholders are refused, naming them, as are lone braces. Messages prepared from the
    template change at the next preparation (unless edited by hand).
    Side effects: saves the ResultTemplate, writes `result_template.changed`."""
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _check_not_over(edition)
    if language not in _languages():
        raise Refused(_("Unknown language: %(language)s.") % {"language": language})
    subject, body = _check_template(subject, body)
    _missing_templates(edition)
    template = ResultTemplate.objects.select_for_update().get(edition=edition, language=language)
    if (template.subject, template.body) == (subject, body):
        return template
    before = {"subject": template.subject, "body": template.body}
    template.subject, template.body = subject, body
    template.save()
    audit.record(
        actor,
        "result_template.changed",
        template,
        f"{edition.year} {language}",
        language=language,
        before=before,
        after={"subject": subject, "body": body},
    )
    return template


def message_values(edition, decision, language):
    """{placeholder: text} of one decision's result e-mail in `language`."""
    referential = edition.referential
    mentions = dict(mention_choices(referential, language))
    with translation.override(language):
        return {
            "body": decision.dossier.territory.display_name,
            "level": str(decision.level),
            "level_label": level_label(referential, decision.level, language),
            "edition": str(edition),
            "mentions": ", ".join(mentions.get(code, code) for code in decision.mentions) or _("none"),
            "reason": decision.reason,
            "dossier_url": settings.SITE_URL.rstrip("/") + reverse("dossiers:detail", args=[decision.dossier_id]),
        }


@transaction.atomic
def prepare_outbox(actor, edition):
    """Prepare one result e-mail per confirmed member of each decided dossier's body, in the
    member's language, from the edition's templates.

    During the deliberation or once published. Preparing again refreshes the messages not edited
    by hand and keeps the edited ones; messages already sent are never touched; a message whose
    person no longer acts for the body (or whose dossier has no decision) is removed.
    Side effects: creates, updates and deletes OutboxMessage rows, writes `outbox.prepared` with
    the counts. Sends nothing. Returns {"created", "refreshed", "kept", "removed"}."""
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().select_related("referential").get(pk=edition.pk)
    if edition.phase not in (Phase.DELIBERATION, Phase.PUBLISHED):
        raise Refused(
            _(
                "The outbox is prepared from the decisions, during the deliberation; the edition is in the phase: %(phase)s."
            )
            % {"phase": Phase(edition.phase).label}
        )
    _missing_templates(edition)
    templates = {template.language: template for template in ResultTemplate.objects.filter(edition=edition)}
    decisions = list(Decision.objects.filter(dossier__edition=edition).select_related("dossier__territory"))
    by_body = {}
    for membership in (
        Membership.objects.confirmed()
        .filter(territory_id__in=[decision.dossier.territory_id for decision in decisions])
        .select_related("user")
        .order_by("user_id")
    ):
        if membership.user.is_active:
            by_body.setdefault(membership.territory_id, []).append(membership.user)
    existing = {
        (message.dossier_id, message.recipient_id): message
        for message in OutboxMessage.objects.select_for_update().filter(edition=edition)
    }
    counts = {"created": 0, "refreshed": 0, "kept": 0, "removed": 0}
    wanted = set()
    values = {}
    for decision in decisions:
        for user in by_body.get(decision.dossier.territory_id, []):
            key = (decision.dossier_id, user.pk)
            wanted.add(key)
            language = user.language if user.language in templates else settings.LANGUAGE_CODE
            if (decision.pk, language) not in values:
                values[decision.pk, language] = message_values(edition, decision, language)
            template = templates[language]
            subject = " ".join(render(template.subject, values[decision.pk, language]).split())[:SUBJECT_MAX_LENGTH]
            body = render(template.body, values[decision.pk, language])
            message = existing.get(key)
            if message is None:
                OutboxMessage.objects.create(
                    edition=edition,
                    dossier_id=decision.dossier_id,
                    recipient=user,
                    language=language,
                    subject=subject,
                    body=body,
                )
                counts["created"] += 1
            elif message.status == OutboxStatus.SENT or message.edited:
                counts["kept"] += 1
            else:
                if (message.language, message.subject, message.body) != (language, subject, body):
                    message.language, message.subject, message.body = language, subject, body
                    message.save()
                counts["refreshed"] += 1
    stale = [m.pk for key, m in existing.items() if key not in wanted and m.status != OutboxStatus.SENT]
    if stale:
        OutboxMessage.objects.filter(pk__in=stale).delete()
        counts["removed"] = len(stale)
    audit.record(
        actor,
        "outbox.prepared",
        edition,
        ", ".join(f"{name} {count}" for name, count in counts.items()),
        **counts,
    )
    return counts


@transaction.atomic
def edit_outbox_message(actor, message, subject, body):
    """Change one prepared result e-mail by hand; preparing again then keeps it as it is.

    Not once sent. Side effects: saves the message with `edited` set, writes `outbox_message.edited`."""
    ensure(actor, "jury.manage", message.edition)
    message = OutboxMessage.objects.select_for_update().select_related("edition").get(pk=message.pk)
    if message.status == OutboxStatus.SENT:
        raise Refused(_("This e-mail was sent already: it can no longer change."))
    _check_not_over(message.edition)
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = [_("Write the subject.")]
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = [_("The subject is too long: at most %(max)s characters.") % {"max": SUBJECT_MAX_LENGTH}]
    if not body:
        errors["body"] = [_("Write the text.")]
    elif len(body) > MAX_TEXT_LENGTH:
        errors["body"] = [_("The text is too long: at most %(max)s characters.") % {"max": MAX_TEXT_LENGTH}]
    if errors:
        raise Refused(errors)
    body += "\n"
    if (message.subject, message.body) == (subject, body):
        return message
    message.subject, message.body, message.edited = subject, body, True
    message.save()
    audit.record(
        actor, "outbox_message.edited", message, f"{message.recipient_id}: {subject}", dossier=message.dossier_id
    )
    return message


@transaction.atomic
def send_outbox(actor, edition):
    """Send every result e-mail still to send, in one batch: the publication step calls it once
    the edition is published (never before, so nothing of a decision reaches a candidate early).

    Side effects: marks the messages sent (with the time), queues one e-mail each once the
    transaction commits (through the notification worker), writes `outbox.sent` with the count.
    Returns the number of e-mails queued."""
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.phase != Phase.PUBLISHED:
        raise Refused(
            _("The result e-mails are sent when the results are published; the edition is in the phase: %(phase)s.")
            % {"phase": Phase(edition.phase).label}
        )
    messages = list(
        OutboxMessage.objects.select_for_update()
        .filter(edition=edition, status=OutboxStatus.DRAFT)
        .select_related("recipient")
    )
    now = timezone.now()
    batch = [(message.recipient.email, message.subject, message.body) for message in messages]
    OutboxMessage.objects.filter(pk__in=[message.pk for message in messages]).update(
        status=OutboxStatus.SENT, sent_at=now
    )

    def enqueue():
        for address, subject, body in batch:
            send_email.enqueue(to=[address], subject=subject, body=body)

    transaction.on_commit(enqueue)
    audit.record(actor, "outbox.sent", edition, f"{len(batch)} e-mails", count=len(batch))
    return len(batch)
