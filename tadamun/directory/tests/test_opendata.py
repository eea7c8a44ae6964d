import csv
import io
import json

import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from tadamun.directory.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

ESSGLOBAL = Namespace("http://purl.org/essglobal/vocab/")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def read_csv(response, delimiter=","):
    raw = body(response)
    assert raw.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_the_csv_export_of_a_formula_name_opens_as_text(client):
    ActorFactory(name_fr="=1+1", name_ar="تعاونية الأمل")
    rows = read_csv(client.get("/data/actors.csv"))
    assert rows[0]["name_fr"] == "'=1+1"
    assert rows[0]["name_ar"] == "تعاونية الأمل"


def test_the_csv_export_holds_every_field_and_source(client):
    actor = ActorFactory(
        name_fr="Coopérative Touiza",
        place="MA-BER-BERKANE",
        sectors=["agrifood", "care"],
        phone="+212536000000",
        members_women=12,
        members_men=3,
        founded=2015,
        sources=[("ODCO", "B-1")],
    )
    response = client.get("/data/actors.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    row = read_csv(response)[0]
    assert row["id"] == str(actor.pk)
    assert row["legal_form"] == "cooperative"
    assert row["sectors"] == "agrifood;care"
    assert (row["country"], row["region"], row["province"]) == ("MA", "MA-02", "MA-BER")
    assert row["longitude"] == "-2.32"  # numbers stay numbers
    assert row["phone"] == "+212536000000"  # a number's sign runs nothing: left readable
    assert (row["members_women"], row["members_men"], row["founded"]) == ("12", "3", "2015")
    assert row["sources"] == "ODCO:B-1"


def test_the_csv_export_for_excel_uses_semicolons(client):
    ActorFactory(name_fr="Coopérative; avec point-virgule")
    rows = read_csv(client.get("/data/actors.csv?excel=1"), delimiter=";")
    assert rows[0]["name_fr"] == "Coopérative; avec point-virgule"


def test_exports_apply_the_directory_filters_and_search(client):
    ActorFactory(name_fr="Coopérative Annour", place="TN-72-NEFTA")
    ActorFactory(name_fr="Coopérative Assalam", place="TN-72-NEFTA")
    ActorFactory(name_fr="Coopérative Annour", place="MA-NAD-NADOR")
    rows = read_csv(client.get("/data/actors.csv?country=TN&q=annour"))
    assert [(r["name_fr"], r["country"]) for r in rows] == [("Coopérative Annour", "TN")]
    features = json.loads(body(client.get("/data/actors.geojson?country=TN")))["features"]
    assert len(features) == 2
    graph = json.loads(body(client.get("/data/actors.jsonld?territory=MA-02")))["@graph"]
    assert len(graph) == 1


def test_a_bad_filter_in_an_export_is_a_400(client):
    response = client.get("/data/actors.geojson?country=Narnia", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "unknown country" in response.content.decode()
    response = client.get("/data/actors.csv?country=Narnia", HTTP_ACCEPT_LANGUAGE="ar")
    assert "Narnia" in response.content.decode()


def test_the_geojson_export_is_a_feature_collection_with_points(client):
    located = ActorFactory(name_fr="Coopérative Touiza", place="MA-BER-BERKANE")
    ActorFactory(name_fr="Sans adresse", latitude=None, longitude=None)
    response = client.get("/data/actors.geojson")
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["names"]["fr"]: f for f in collection["features"]}
    point = features["Coopérative Touiza"]
    assert point["id"] == located.pk
    assert point["geometry"] == {"type": "Point", "coordinates": [-2.32, 34.92]}
    assert point["properties"]["territory"] == "MA-BER"
    assert features["Sans adresse"]["geometry"] is None


def test_the_jsonld_export_describes_actors_with_essglobal_terms(client, standards_dir):
    vocabulary = Graph().parse(standards_dir / "essglobal/vocabs/vocab/essglobal-vocab.ttl")
    defined = set(vocabulary.subjects())
    ActorFactory(
        name_ar="تعاونية تويزة",
        name_fr="Coopérative Touiza",
        place="MA-BER-BERKANE",
        sectors=["agrifood"],
        members_women=12,
        members_men=3,
    )
    ActorFactory(name_fr="Réseau Med", legal_form="network", country_id="TN")
    graph = Graph().parse(data=body(client.get("/data/actors.jsonld")), format="json-ld")

    used = {p for p in graph.predicates() if str(p).startswith(str(ESSGLOBAL))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(ESSGLOBAL))}
    assert used, "the export uses no ESSGlobal term"
    assert used <= defined, f"terms not in the ESSGlobal vocabulary: {used - defined}"

    initiative = next(graph.subjects(RDF.type, ESSGLOBAL.SSEInitiative))
    assert int(graph.value(initiative, ESSGLOBAL.totalWomen)) == 12
    assert int(graph.value(initiative, ESSGLOBAL.totalOfMembers)) == 15
    legal_form = graph.value(initiative, ESSGLOBAL.legalForm)
    assert isinstance(legal_form, URIRef)
    assert next(graph.subjects(RDF.type, ESSGLOBAL.Network), None) is not None
    names = {
        (str(n), n.language)
        for n in graph.objects(initiative, URIRef("http://purl.org/goodrelations/v1#name"))
    }
    assert ("تعاونية تويزة", "ar") in names and ("Coopérative Touiza", "fr") in names


def test_the_legal_forms_and_sectors_point_at_real_essglobal_concepts(standards_dir):
    import re

    from tadamun.directory.models import LegalForm, Sector

    concepts = set()
    for scheme in (standards_dir / "essglobal/vocabs/standard").glob("*.skos"):
        text = scheme.read_text(encoding="utf-8")
        base = re.search(r'xml:base="([^"]+)"', text).group(1)
        concepts |= {base + c for c in re.findall(r'<skos:Concept rdf:about="([^"]+)"', text)}
    for term in [*LegalForm.objects.all(), *Sector.objects.all()]:
        assert term.essglobal in concepts, (term.code, term.essglobal)
