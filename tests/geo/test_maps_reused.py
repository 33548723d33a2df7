"""Maps rendered once and filled in: the same text folium would write, values escaped, markers as data."""

from __future__ import annotations

import json
import re

from bourse.geo import maps
from bourse.premises import maps as premises_maps

IDS = re.compile(r"_[0-9a-f]{32}")


def _fresh_detail(lat, lon, title):
    import folium

    fmap = maps.base_map(lat, lon, zoom=17)
    folium.Marker([lat, lon], tooltip=maps.label(title)).add_to(fmap)
    return maps.render(fmap)


def test_a_reused_map_is_what_folium_would_have_written(app):
    with app.test_request_context():
        for lat, lon, title in [(47.668, -2.9826, "Boutique"), (48.1, 1e-05, "Quai `${alert(1)}` <b>\\\\")]:
            reused = premises_maps.detail_map(lat, lon, title)
            fresh = _fresh_detail(lat, lon, title)
            assert IDS.sub("_ID", str(reused.script)) == IDS.sub("_ID", str(fresh.script))
            assert reused.js == fresh.js and reused.css == fresh.css


def test_search_map_opens_on_its_bounds(app):
    from bourse.geo import BBox

    with app.test_request_context():
        script = str(premises_maps.search_map(47.6, -2.9, 13, bounds=BBox(-3.0, 47.5, -2.8, 47.7)).script)
        assert "fitBounds" in script and "[47.5, -3.0]" in script and "[47.7, -2.8]" in script
        assert "fitBounds" not in str(premises_maps.search_map(46.6, 2.4, 6).script)


def test_markers_travel_as_json_that_cannot_close_the_script(app):
    with app.test_request_context():
        shell = premises_maps.picker_map(47.6, -2.9, 12)
        rendered = maps.with_features(shell, [(-2.9, 47.6, "</script><script>alert(1)</script>"), (-2.8, 47.7, "B")],
                                      fit=True)
        assert "</script>" not in str(rendered.markers)
        data = json.loads(str(rendered.markers))
        assert data["fit"] is True and data["features"][0]["properties"]["label"].startswith("</script>")
