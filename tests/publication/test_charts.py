"""The SVG charts of the published pages: pure functions, texts escaped, figures written out."""

import pytest

from tests.html import parse
from tnl.publication.charts import axis_bars_svg, level_history_svg


def texts(svg):
    return [node.text for node in parse(svg).find_all("text")]


def test_the_level_history_writes_each_year_and_level():
    svg = level_history_svg("history", [(2025, 2, "2"), (2026, 4, "4")], 5, "Levels of <Nancy> & co", "2025: 2")
    root = next(parse(svg).find_all("svg"))
    assert (root.attrs["role"], root.attrs["aria-labelledby"]) == ("img", "history-title history-desc")
    assert next(root.find_all("title")).text == "Levels of <Nancy> & co"
    assert "Levels of &lt;Nancy&gt; &amp; co" in svg and "<Nancy>" not in svg
    assert texts(svg) == ["0", "1", "2", "3", "4", "5", "2", "2025", "4", "2026"]
    heights = [rect.attrs["height"] for rect in root.find_all("rect")]
    assert heights == ["60.0", "120.0"]  # 150 px for 5 levels


def test_the_axis_bars_are_as_long_as_their_percent():
    svg = axis_bars_svg("axes", [("Strategy", 50, "50.0 %"), ("Data <open>", 100, "100.0 %")], "Scores")
    assert texts(svg) == ["Strategy", "50.0 %", "Data <open>", "100.0 %"]
    widths = [rect.attrs["width"] for rect in parse(svg).find_all("rect")]
    assert widths == ["240", "120.0", "240", "240.0"]
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_a_chart_id_must_be_plain():
    with pytest.raises(ValueError):
        axis_bars_svg('a" onload="x', [], "Scores")
