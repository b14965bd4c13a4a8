"""E-mails: rendered in each recipient's language, sent by the background worker.

A service function calls `notify(...)` inside its transaction; the e-mail task is enqueued
only when the transaction commits, so a rolled-back change sends nothing. Templates come in
pairs: `<name>_subject.txt` (one line) and `<name>_body.txt`, under templates/emails/.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_email(to, subject, body, reply_to=None):
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)
    message.send()
    return len(to)


def render_email(template, context, language=None):
    language = language or settings.LANGUAGE_CODE
    context = {"LABEL_NAME": settings.TNL_LABEL_NAME, "SITE_URL": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}_body.txt", context)
    return " ".join(subject.split()), body


def notify(recipients, template, context, language=None):
    """Queue one e-mail per recipient (an address or a user) once the transaction commits.

    Each e-mail is rendered in its recipient's language (`User.language`; a bare address, or a
    person without one, gets the site's), or in `language` for everyone when it is given, and
    sent alone, so that no recipient sees another's address. Returns the addresses."""
    groups = {}
    for recipient in recipients:
        address = getattr(recipient, "email", recipient)
        if address:
            groups.setdefault(language or getattr(recipient, "language", None) or None, []).append(address)
    rendered = [(addresses, render_email(template, context, lang)) for lang, addresses in groups.items()]

    def enqueue():
        for addresses, (subject, body) in rendered:
            for address in addresses:
                send_email.enqueue(to=[address], subject=subject, body=body)

    transaction.on_commit(enqueue)
    return [address for addresses in groups.values() for address in addresses]
