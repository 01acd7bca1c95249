"""Measures across editions, in time order, with the changes between consecutive ones."""

from __future__ import annotations

from register_audit.load.editions import load_register
from register_audit.render.trend import chart_svg, trend_html
from register_audit.compare.trend import measure, trend
from test_diff import keyword_labels  # tests/ is on sys.path (rootdir conftest, no package)


def classified(*names: str):
    return [keyword_labels(load_register(n)) for n in names]


def test_editions_given_in_any_order_come_out_in_time_order():
    """trend sorts by RegisterMeta.edition, not by the order on the command line."""
    result = trend(classified("us/2024-01-30", "us/2021-11-12", "us/2022-05-27"))
    assert [m.name for m in result.measures] == ["us/2021-11-12", "us/2022-05-27", "us/2024-01-30"]
    assert [(s.old, s.new) for s in result.steps] == [("us/2021-11-12", "us/2022-05-27"), ("us/2022-05-27", "us/2024-01-30")]


def test_steps_add_up_to_the_change_in_the_count():
    """Each step's net service change is the difference of the two editions' counts."""
    result = trend(classified("ca/2016-2017", "ca/2017-2018", "ca/2018-2019"))
    for step, (a, b) in zip(result.steps, zip(result.measures, result.measures[1:])):
        assert step.net_services == b.services - a.services
        assert step.net_human == b.human - a.human


def test_measures_count_labels_and_the_partial_share():
    """Measures count each label; the partial share is partial / services."""
    m = measure(keyword_labels(load_register("us/2024-01-30")))
    assert m.services == 79 == m.complete + m.partial
    assert m.partial_share == round(m.partial / m.services, 4)


def test_the_html_chart_is_inline_svg_and_loads_nothing():
    """The chart sits inline and the page loads nothing from outside (its bytes across runs:
    tests/test_determinism.py)."""
    result = trend(classified("us/2021-11-12", "us/2022-05-27"))
    assert chart_svg(result).startswith("<svg")
    page = trend_html(result)
    assert "<svg" in page and "<script" not in page and "<link" not in page and 'src="http' not in page
