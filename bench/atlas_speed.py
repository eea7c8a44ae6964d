"""Atlas speed at scale: cluster answers for every zoom from 4 to 16, with and without a
filter, through the API (in process: routing, parameters, query, JSON), p50 and p95.

    DATABASE_URL=... .venv/bin/python bench/atlas_speed.py [--rebuild] [--repeat 15]
        [--viewports 40] [--naive] [--export-points FILE]

Runs against the database DATABASE_URL names, which should hold a large directory
(`tadamun demo --actors 1000000`). Two kinds of request per zoom:

- `whole`: the box of the whole of Morocco and Tunisia (what the issue asks for; past
  zoom 6 the server answers it at the coarsest level that keeps it under MAX_BOX_CELLS);
- `view`: a 1280x800-pixel window at that zoom, centred on a random actor (what a browser
  on a desktop screen asks for as someone explores the map).

`--rebuild` first times the precomputation (`atlas_rebuild`); `--naive` times the way
that sends every point to the browser; `--export-points` writes the points, as
[longitude, latitude, legal form code] rows, for bench/supercluster/bench.mjs.
"""

import argparse
import gzip
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from tadamun.atlas import grid  # noqa: E402
from tadamun.atlas.models import AtlasPoint  # noqa: E402
from tadamun.atlas.services import atlas_rebuild  # noqa: E402
from tadamun.atlas.views import MAGHREB  # noqa: E402
from tadamun.directory.models import Actor, LegalForm  # noqa: E402
from tadamun.directory.services import actor_delete, actor_update  # noqa: E402
from tadamun.places.selectors import place_by_code  # noqa: E402

FILTERS = {
    "none": "",
    "cooperatives": "&legal_form=cooperative",
    "women-led": "&women_led=true",
    "sector": "&sector=care",
    "search": "&q=tissage",
    "name": "&q=Tifawin+Nador",
}
WIDTH, HEIGHT = 1280, 800


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def viewport(x: int, y: int, zoom: int) -> tuple[float, float, float, float]:
    pixel = 2 ** (grid.BITS - 8 - zoom)
    north, west = grid.unproject(x - WIDTH / 2 * pixel, y - HEIGHT / 2 * pixel)
    south, east = grid.unproject(x + WIDTH / 2 * pixel, y + HEIGHT / 2 * pixel)
    return max(-180, west), max(-85, south), min(180, east), min(85, north)


def timed_get(client: Client, url: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST="127.0.0.1")
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.content[:300])
    return elapsed, response.json()


def bench_clusters(args) -> None:
    client = Client()
    rng = random.Random(7)
    total = AtlasPoint.objects.count()
    sample = [
        AtlasPoint.objects.filter(actor_id__gte=rng.randint(1, total)).values_list("x", "y")[0]
        for _ in range(args.viewports)
    ]
    bbox = ",".join(str(v) for v in MAGHREB)
    # Warm the caches (places, vocabularies, database pages) as a running server has them.
    for extra in FILTERS.values():
        timed_get(client, f"/api/v1/atlas/clusters?bbox={bbox}&zoom=6{extra}")
    print(
        f"\n{total:,} actors on the map; {args.repeat} requests per cell for `whole`, "
        f"{args.viewports} for `view` (ms)\n"
    )
    filters = [f for f in FILTERS if f in args.filters]
    header = (
        "| zoom | "
        + " | ".join(f"{kind} {name} p50 / p95" for kind in ("whole", "view") for name in filters)
        + " | features max |"
    )
    print(header)
    print("|" + "---|" * (2 + 2 * len(filters)))
    everything: dict[str, list[float]] = {}
    for zoom in range(4, 17):
        cells = []
        most = 0
        for kind in ("whole", "view"):
            for name in filters:
                extra = FILTERS[name]
                times = []
                boxes = (
                    [MAGHREB] * args.repeat
                    if kind == "whole"
                    else [viewport(x, y, zoom) for x, y in sample]
                )
                for box in boxes:
                    b = ",".join(f"{v:.5f}" for v in box)
                    elapsed, data = timed_get(
                        client, f"/api/v1/atlas/clusters?bbox={b}&zoom={zoom}{extra}"
                    )
                    times.append(elapsed)
                    most = max(most, len(data["features"]))
                everything.setdefault(f"{kind} {name}", []).extend(times)
                cells.append(f"{percentile(times, 50):.1f} / {percentile(times, 95):.1f}")
        print(f"| {zoom} | " + " | ".join(cells) + f" | {most} |")
        sys.stdout.flush()
    print("\nAll zooms together (p50 / p95 / max, ms):\n")
    for key, times in everything.items():
        print(
            f"- {key}: {percentile(times, 50):.1f} / {percentile(times, 95):.1f} / {max(times):.1f}"
        )


def bench_edits() -> None:
    """Time the services that keep the map in step (search index and map, one actor)."""
    nador = place_by_code("MA-NAD-NADOR")
    association = LegalForm.objects.get(code="association")
    ids = list(Actor.objects.order_by("?").values_list("id", flat=True)[:20])
    moves, edits, deletes = [], [], []
    with transaction.atomic():
        for pk in ids[:10]:
            actor = Actor.objects.get(pk=pk)
            started = time.perf_counter()
            actor_update(
                actor=actor,
                place=nador,
                country=nador.country,
                latitude=nador.latitude,
                longitude=nador.longitude,
            )
            moves.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            actor_update(actor=actor, legal_form=association, women_led=not actor.women_led)
            edits.append((time.perf_counter() - started) * 1000)
        for pk in ids[10:]:
            started = time.perf_counter()
            actor_delete(actor=Actor.objects.get(pk=pk))
            deletes.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    print("\nKeeping the map in step (whole service: validation, search index, map), ms:")
    for name, times in (("move", moves), ("edit", edits), ("delete", deletes)):
        print(f"- {name} one actor: median {statistics.median(times):.1f}, max {max(times):.1f}")


def bench_naive() -> None:
    """Every point to the browser: read them all and write them as JSON."""
    started = time.perf_counter()
    rows = list(
        Actor.objects.exclude(latitude=None).values_list(
            "id", "latitude", "longitude", "legal_form_id"
        )
    )
    body = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"id": pk, "legal_form": form},
                }
                for pk, lat, lon, form in rows
            ],
        }
    ).encode()
    elapsed = time.perf_counter() - started
    compressed = len(gzip.compress(body, 6))
    print(
        f"\nNaive, every point as GeoJSON: {len(rows):,} points, {elapsed:.1f} s on the "
        f"server, {len(body) / 1e6:.1f} MB ({compressed / 1e6:.1f} MB gzipped) to send"
    )


def export_points(path: str) -> None:
    codes = dict(LegalForm.objects.values_list("id", "code"))
    with open(path, "w") as out:
        out.write("[")
        first = True
        for x, y, form in AtlasPoint.objects.values_list("x", "y", "legal_form").iterator(
            chunk_size=50_000
        ):
            lat, lon = grid.unproject(x + 0.5, y + 0.5)
            out.write(
                ("" if first else ",")
                + json.dumps([round(lon, 6), round(lat, 6), codes.get(form, "")])
            )
            first = False
        out.write("]")
    print(f"points written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--viewports", type=int, default=40)
    parser.add_argument("--filters", default="none,cooperatives,sector")
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--edits", action="store_true")
    parser.add_argument("--export-points")
    args = parser.parse_args()
    args.filters = args.filters.split(",")
    vendor = connection.vendor
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, database: {vendor}"
    )
    if args.rebuild:
        report = atlas_rebuild()
        print(
            f"Precomputation (atlas_rebuild): {report.points:,} points, {report.cells:,} "
            f"cell counts, {report.seconds:.1f} s"
        )
    if args.export_points:
        export_points(args.export_points)
    bench_clusters(args)
    if args.edits:
        bench_edits()
    if args.naive:
        bench_naive()


if __name__ == "__main__":
    main()
