from ninja import Field, Schema

from tadamun.search.services import COUNT_LIMIT


class Names(Schema):
    ar: str = Field(description="Name in Arabic, empty when unknown")
    fr: str = Field(description="Name in French, empty when unknown")
    en: str = Field(description="Name in English, empty when unknown")


class SourceRecord(Schema):
    source: str = Field(description="Name of the source (registry, partner list, import)")
    source_id: str = Field(description="Identifier of the record in that source")


class ActorOut(Schema):
    id: int
    name: str = Field(description="Name in the requested language, else another one")
    names: Names
    legal_form: str | None = Field(description="Code of the legal form vocabulary")
    legal_form_name: str | None
    sectors: list[str] = Field(description="Codes of the sector vocabulary")
    status: str = Field(description="project, active, dormant or closed")
    country: str = Field(description="ISO 3166-1 alpha-2")
    territory: str | None = Field(description="Code of the province or region (ISO 3166-2)")
    region: str | None = Field(description="Code of the region or governorate")
    place: str | None = Field(description="Code of the most precise known place")
    latitude: float | None
    longitude: float | None
    women_led: bool
    youth_led: bool
    members_women: int | None
    members_men: int | None
    employees: int | None
    founded: int | None
    sources: list[SourceRecord]
    url: str = Field(description="The actor's public page")


class ActorDetailOut(ActorOut):
    description: str
    descriptions: Names
    address: str
    phone: str
    email: str
    website: str


class ActorList(Schema):
    count: int = Field(
        description=f"Number of actors matching, all pages together (exact up to "
        f"{COUNT_LIMIT:,} for a search; see count_exact)"
    )
    count_exact: bool = Field(
        description=f"False when a search matches more than {COUNT_LIMIT:,} actors: count "
        f"is then {COUNT_LIMIT:,}, a lower bound (pages go on past it)"
    )
    results: list[ActorOut]


class Error(Schema):
    detail: str
