from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` (`manage.py load_demo`): it uses every domain app, so it lives
    outside `tnl.core`, which imports none."""

    name = "tnl.demo"
    label = "demo"
