"""What the API answers, as pydantic models (ninja makes the OpenAPI document from them).

The endpoints return plain dicts, so the models are pydantic's own, not ninja's `Schema`: that one
reads each value through a getter made for model instances, which cost most of a results page's
time (about 10 ms for 50 results)."""

from pydantic import BaseModel as Schema


class Error(Schema):
    detail: str


class InvalidParameters(Schema):
    detail: str
    errors: dict[str, str]


class RateLimitError(Schema):
    detail: str
    retry_after: int


class Texts(Schema):
    fr: str
    en: str


class LevelCount(Schema):
    level: int
    label: Texts
    count: int


class EditionDates(Schema):
    opens_at: str | None
    closes_at: str | None
    ceremony_on: str | None


class EditionLinks(Schema):
    results: str
    page_fr: str
    page_en: str
    laureates: str


class Edition(Schema):
    year: int
    publication: int
    published_at: str
    imported: bool
    dates: EditionDates
    participation: int | None
    laureates: int
    levels: list[LevelCount]
    links: EditionLinks


class Editions(Schema):
    count: int
    results: list[Edition]
    licence: str


class Place(Schema):
    code: str
    name: str


class AxisScore(Schema):
    code: str
    title: Texts
    percent: float | None


class Mention(Schema):
    code: str
    label: Texts


class BodyLinks(Schema):
    page_fr: str
    page_en: str
    api: str


class Result(Schema):
    year: int
    kind: str
    code: str
    name: str
    display_name: str
    siren: str
    population: int | None
    size_class: str
    departement: Place | None
    region: Place | None
    level: int
    level_label: Texts
    global_percent: float | None
    axes: list[AxisScore]
    mentions: list[Mention]
    highlight: str
    links: BodyLinks


class ResultsPage(Schema):
    year: int
    count: int
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[Result]
    licence: str


class PublicAnswer(Schema):
    question: str
    axis: str
    title: Texts
    answer: Texts


class BodyResult(Schema):
    year: int
    name: str
    display_name: str
    level: int
    level_label: Texts
    global_percent: float | None
    axes: list[AxisScore]
    mentions: list[Mention]
    highlight: str
    public_answers: list[PublicAnswer]


class Body(Schema):
    kind: str
    code: str
    name: str
    display_name: str
    siren: str
    departement: Place | None
    region: Place | None
    links: BodyLinks
    labels: list[BodyResult]
    licence: str
