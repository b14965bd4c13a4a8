"""The organisers' text fields have a length limit: an over-long text is refused on the form,
with what was typed kept, and the referential is not changed."""

import pytest
from django.urls import reverse

from tnl.editions import services
from tnl.editions.forms import AxisTextsForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(organiser, mini_referential):
    return services.create_edition(organiser, 2027, mini_referential)


@pytest.mark.parametrize(
    ("field", "limit"),
    [("STR-01__text__fr", 1000), ("STR-01__help__en", 5000), ("axis__title__fr", 200)],
)
def test_an_over_long_axis_text_is_refused(edition, organiser, login, field, limit):
    client = login(organiser)
    url = reverse("editions:axis_texts", args=[edition.year, "STR"])
    form = client.get(url).context["form"]
    data = {name: (f.initial or "") for name, f in form.fields.items()}
    data[field] = "x" * (limit + 1)

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        field: [f"Assurez-vous que cette valeur comporte au plus {limit} caractères (actuellement {limit + 1})."]
    }
    edition.referential.refresh_from_db()
    assert edition.referential.version == 1


def test_the_limits_leave_room_for_the_default_referential():
    assert AxisTextsForm.MAX_LENGTHS == {"title": 200, "text": 1000}
    assert AxisTextsForm.MAX_LENGTH == 5000
