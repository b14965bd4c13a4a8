"""Check a credential file (.jwt) as an Open Badges 3.0 verifier does, and against this platform.

    python manage.py verify_credential credential.jwt [--jwks jwks.json]

Prints each check (format, signature, issuer, structure, claims, dates, status). Exit status: 0 the
credential is valid, 1 it is not (forged, altered, expired, revoked, unknown), 2 the file cannot
be read."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from tnl.publication import credentials, keys


class Command(BaseCommand):
    help = "Check a credential file (.jwt): signature, issuer, dates, structure and revocation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the credential file (a compact JWS, as downloaded)")
        parser.add_argument(
            "--jwks",
            help="a JWK Set file (the published credentials/jwks.json) to take the keys from, instead of the key file",
        )

    def handle(self, *args, **options):
        try:
            path = Path(options["file"])
            if path.stat().st_size > credentials.MAX_SIZE:
                raise ValueError(f"larger than {credentials.MAX_SIZE} bytes: not a credential")
            token = path.read_text(encoding="utf-8")
            verification_keys = None
            if options["jwks"]:
                verification_keys = keys.keys_from_jwks(json.loads(Path(options["jwks"]).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as error:
            self.stderr.write(f"cannot read: {error}")
            raise SystemExit(2) from error
        verdict = credentials.verify(token, verification_keys)
        for check in verdict.checks:
            mark = "ok  " if check.ok else "FAIL"
            self.stdout.write(f"[{mark}] {check.code}: {check.message}")
        self.stdout.write(verdict.status)
        if not verdict.valid:
            raise SystemExit(1)
