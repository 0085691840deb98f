"""Leipzig's Ortsteile as SVG paths: projected and simplified once, at build time, not per request.

`flask --app participation planning build-map` turns the packaged GeoJSON (WGS84 lon/lat) into
participation/data/ortsteile_map.json; the dashboard only reads that small file.
"""

import json
import math
from functools import cache
from importlib import resources
from pathlib import Path

WIDTH = 600.0  # SVG user units
TOLERANCE = 0.6  # Douglas-Peucker tolerance in SVG units: finer than a pixel at the shown size
MAP_FILE = "ortsteile_map.json"


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (no recursion limit on long rings)."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        best, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            # A closed ring starts and ends at the same point: measure from that point instead of a line.
            distance = (
                abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
                if length
                else math.hypot(x - x1, y - y1)
            )
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def build_map(geojson: dict, only: set[str] | None = None) -> dict:
    """Project (equirectangular around Leipzig's latitude), scale to WIDTH and simplify every Ortsteil.

    The frame always comes from every boundary; with only, just those Ortsteile get paths (for checks).
    """
    rings = [
        (f["properties"]["OT"], ring) for f in geojson["features"] for ring in f["geometry"]["coordinates"]
    ]
    lons = [p[0] for _, ring in rings for p in ring]
    lats = [p[1] for _, ring in rings for p in ring]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = WIDTH / ((max(lons) - min(lons)) * squeeze)
    height = round((max(lats) - min(lats)) * scale, 1)

    def project(point):
        return ((point[0] - min(lons)) * squeeze * scale, (max(lats) - point[1]) * scale)

    paths: dict[str, str] = {}
    for code, ring in rings:
        if only is not None and code not in only:
            continue
        points = _simplify([project(p) for p in ring], TOLERANCE)
        d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"
        paths[code] = paths.get(code, "") + d
    return {"width": WIDTH, "height": height, "paths": dict(sorted(paths.items()))}


def packaged_geojson() -> dict:
    raw = resources.files("participation.data").joinpath("leipzig_ortsteile.geojson").read_text("utf-8")
    return json.loads(raw)


def write_map(target: Path) -> dict:
    """Build the map from the packaged GeoJSON and write it as compact JSON."""
    shapes = build_map(packaged_geojson())
    target.write_text(json.dumps(shapes, separators=(",", ":")), encoding="utf-8")
    return shapes


@cache
def map_shapes() -> dict:
    """The prebuilt map: {"width", "height", "paths": {Ortsteil code: SVG path}}."""
    return json.loads(resources.files("participation.data").joinpath(MAP_FILE).read_text("utf-8"))
