"""The grid the Atlas clusters on: Web Mercator pixels, square cells, Morton codes.

Every actor gets a position on a square grid of 2**BITS by 2**BITS points over the Web
Mercator world (the projection of the map tiles), and a Morton code that interleaves the
bits of its column and row. A cell of level L (2**L cells per side) is then a run of codes
sharing their first 2*L bits: `code >> 2 * (BITS - L)` names it, so the actors of any cell
at any level are one range of codes, and counting them per cell is a GROUP BY on a shift.

At map zoom z the world is 256 * 2**z pixels wide, so cells of level z + 2 are 64 pixels
wide: that is the size of a cluster on screen.
"""

import math
from dataclasses import dataclass

BITS = 24  # 2**24 points per side: 2.4 m at the equator, finer than any address
SIDE = 1 << BITS
MAX_LATITUDE = 85.05112878  # where Web Mercator is square
CELL_LEVELS_ABOVE_ZOOM = 2  # 256-pixel tiles, 64-pixel cells


def project(latitude: float, longitude: float) -> tuple[int, int]:
    """Grid column and row of a position (row 0 is the north edge, as on tiles)."""
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    longitude = max(-180.0, min(180.0, longitude))
    sine = math.sin(math.radians(latitude))
    x = (longitude + 180.0) / 360.0
    y = 0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)
    return min(int(x * SIDE), SIDE - 1), min(max(int(y * SIDE), 0), SIDE - 1)


def unproject(x: float, y: float) -> tuple[float, float]:
    """Latitude and longitude of a (possibly fractional) grid position."""
    longitude = x / SIDE * 360.0 - 180.0
    latitude = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / SIDE))))
    return latitude, longitude


def _spread(v: int) -> int:
    v = (v | (v << 16)) & 0x0000FFFF0000FFFF
    v = (v | (v << 8)) & 0x00FF00FF00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v << 2)) & 0x3333333333333333
    return (v | (v << 1)) & 0x5555555555555555


def _compact(v: int) -> int:
    v &= 0x5555555555555555
    v = (v | (v >> 1)) & 0x3333333333333333
    v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v >> 4)) & 0x00FF00FF00FF00FF
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFF
    return (v | (v >> 16)) & 0x00000000FFFFFFFF


def interleave(x: int, y: int) -> int:
    """The Morton code of a column and row (of any level)."""
    return _spread(x) | (_spread(y) << 1)


def deinterleave(code: int) -> tuple[int, int]:
    return _compact(code), _compact(code >> 1)


def shift(level: int) -> int:
    """How far to shift a point's code right to get its cell at `level`."""
    return 2 * (BITS - level)


@dataclass(frozen=True)
class Box:
    """A rectangle of cells at one level, inclusive: columns x0..x1, rows y0..y1."""

    level: int
    x0: int
    y0: int
    x1: int
    y1: int

    @classmethod
    def from_bounds(
        cls, level: int, *, west: float, south: float, east: float, north: float
    ) -> "Box":
        (x0, y0), (x1, y1) = project(north, west), project(south, east)
        s = BITS - level
        return cls(level, x0 >> s, y0 >> s, x1 >> s, y1 >> s)

    @property
    def cells(self) -> int:
        return (self.x1 - self.x0 + 1) * (self.y1 - self.y0 + 1)

    def coarser(self) -> "Box":
        return Box(self.level - 1, self.x0 >> 1, self.y0 >> 1, self.x1 >> 1, self.y1 >> 1)

    def contains(self, cell: int) -> bool:
        x, y = deinterleave(cell)
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def ranges(self, max_span: int = 8) -> list[tuple[int, int]]:
        """Runs of cell codes (at this box's level) that cover the box.

        The box is covered with the squares of the finest coarser level at which it spans
        at most `max_span` of them per side; each square is one run of codes, and adjacent
        runs are merged. What the runs hold outside the box is at most about twice its area,
        and is left out by `contains`.
        """
        k = 0
        while (self.x1 >> k) - (self.x0 >> k) >= max_span or (self.y1 >> k) - (
            self.y0 >> k
        ) >= max_span:
            k += 1
        squares = sorted(
            interleave(x, y)
            for x in range((self.x0 >> k), (self.x1 >> k) + 1)
            for y in range((self.y0 >> k), (self.y1 >> k) + 1)
        )
        runs: list[list[int]] = []
        for square in squares:
            low, high = square << (2 * k), ((square + 1) << (2 * k)) - 1
            if runs and runs[-1][1] + 1 == low:
                runs[-1][1] = high
            else:
                runs.append([low, high])
        return [(low, high) for low, high in runs]

    def point_ranges(self) -> list[tuple[int, int]]:
        """The runs of `ranges` as runs of the points' codes."""
        s = shift(self.level)
        return [(low << s, ((high + 1) << s) - 1) for low, high in self.ranges()]

    def point_edges(self) -> tuple[int, int, int, int]:
        """The box in the points' columns and rows: x from, x to, y from, y to."""
        s = BITS - self.level
        return self.x0 << s, ((self.x1 + 1) << s) - 1, self.y0 << s, ((self.y1 + 1) << s) - 1


def cell_bounds(level: int, cell: int) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a cell."""
    x, y = deinterleave(cell)
    s = BITS - level
    north, west = unproject(x << s, y << s)
    south, east = unproject((x + 1) << s, (y + 1) << s)
    return south, west, north, east
