"""Copy the current build of the published files from the object storage to this app server
(`TNL_PUBLISHED_STORAGE=s3`; every minute by cron on each app server)."""

from django.core.management.base import BaseCommand, CommandError

from tnl.publication import distribution


class Command(BaseCommand):
    help = "Copy the current build of the published files from the object storage and switch to it."

    def handle(self, *args, **options):
        if not distribution.enabled():
            raise CommandError("TNL_PUBLISHED_STORAGE is not set: this server reads TNL_PUBLISHED_ROOT as it is.")
        try:
            downloaded = distribution.sync()
        except distribution.SyncError as error:
            raise CommandError(f"The published files were not copied: {error}") from error
        if downloaded is None:
            self.stdout.write("The current build is already served here.")
        else:
            self.stdout.write(f"Switched to the storage's current build: {downloaded} files downloaded.")
