from django.core.management.base import BaseCommand, no_translations

from tnl.jury.console_services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the deadline reminders that are due (14 and 3 days before the deadline of each open "
        "edition) to the referents of the bodies whose dossier is still in draft. Run it daily "
        "(cron): each body gets each reminder once, so a second run sends nothing."
    )

    @no_translations
    def handle(self, **options):
        done = send_due_reminders()
        for edition, key, outcome in done:
            if isinstance(outcome, str):
                self.stdout.write(f"{edition.year} {key}: nothing sent ({outcome})")
            else:
                self.stdout.write(
                    f"{edition.year} {key}: sent to {outcome.bodies_now} bodies, {outcome.emails_now} e-mails"
                )
        if not done:
            self.stdout.write("No reminder is due.")
