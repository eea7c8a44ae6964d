import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tadamun.atlas import grid

latitudes = st.floats(min_value=-85, max_value=85)
longitudes = st.floats(min_value=-180, max_value=179.999)


@given(latitudes, longitudes)
@settings(max_examples=300, derandomize=True)
def test_projection_round_trips_to_within_a_few_metres(latitude, longitude):
    x, y = grid.project(latitude, longitude)
    back_lat, back_lon = grid.unproject(x + 0.5, y + 0.5)
    # A grid point is 2.4 m wide at the equator: 1e-4 degrees is about 11 m.
    assert abs(back_lat - latitude) < 1e-4
    assert abs(back_lon - longitude) < 1e-4


@given(st.integers(0, grid.SIDE - 1), st.integers(0, grid.SIDE - 1))
@settings(max_examples=300, derandomize=True)
def test_morton_codes_round_trip_and_nest_by_level(x, y):
    code = grid.interleave(x, y)
    assert grid.deinterleave(code) == (x, y)
    for level in (0, 5, 14, 24):
        s = grid.BITS - level
        assert code >> grid.shift(level) == grid.interleave(x >> s, y >> s)


def test_tangier_is_north_west_of_tunis_on_the_grid():
    tangier, tunis = grid.project(35.77, -5.8), grid.project(36.8, 10.18)
    assert tangier[0] < tunis[0]  # west
    assert tangier[1] > tunis[1]  # south of Tunis, rows grow southwards


boxes = st.tuples(
    st.integers(0, 18),
    st.integers(0, 2**18 - 1),
    st.integers(0, 2**18 - 1),
    st.integers(0, 40),
    st.integers(0, 40),
)


@given(boxes)
@settings(max_examples=300, derandomize=True)
def test_the_ranges_of_a_box_cover_every_cell_in_it_and_little_more(spec):
    level, x, y, width, height = spec
    side = 1 << level
    x0, y0 = x % side, y % side
    box = grid.Box(level, x0, y0, min(side - 1, x0 + width), min(side - 1, y0 + height))
    ranges = box.ranges()
    assert ranges == sorted(ranges)
    assert all(high < low2 for (_l, high), (low2, _h) in itertools.pairwise(ranges))
    for cx in range(box.x0, box.x1 + 1, max(1, (box.x1 - box.x0) // 5)):
        for cy in range(box.y0, box.y1 + 1, max(1, (box.y1 - box.y0) // 5)):
            code = grid.interleave(cx, cy)
            assert any(low <= code <= high for low, high in ranges)
            assert box.contains(code)
    covered = sum(high - low + 1 for low, high in ranges)
    # Squares of at most an eighth of the box's larger side around it.
    longest = max(box.x1 - box.x0, box.y1 - box.y0) + 1
    margin = 2 * max(1, -(-longest // 4))
    assert covered <= (box.x1 - box.x0 + 1 + margin) * (box.y1 - box.y0 + 1 + margin)


def test_a_box_of_the_whole_maghreb_is_answered_in_a_bounded_number_of_cells():
    box = grid.Box.from_bounds(18, west=-17.2, south=21.0, east=11.8, north=37.6)
    while box.cells > 600:
        box = box.coarser()
    assert box.level == 8
    assert box.cells <= 600
