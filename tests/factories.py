"""Test data builders. The referential fixtures use the real default referential file."""

from pathlib import Path

import factory

from tnl.accounts.models import User

DEFAULT_REFERENTIAL = Path(__file__).resolve().parent.parent / "tnl" / "referentials" / "data" / "tnl-default.yaml"
PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()
