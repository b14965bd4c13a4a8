from django.core.management.base import BaseCommand

from tnl.demo import loader as demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print one login per role."

    def handle(self, **options):
        logins = demo.load(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.PASSWORD})")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}")
        self.stdout.write("  (visitors need no login)")
        url = demo.published_results_url()
        if url:
            self.stdout.write(f"Published results of the past editions: {url}")
