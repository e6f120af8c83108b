"""bench/run_all.py: finds the benches, reads their GOAL lines and sums them up."""

from bench.run_all import discover, parse_goals, summary

OUTPUT = """{"health_seconds": 21.0}
GOAL first_run_seconds: 21.0 (target < 30) MET
GOAL cold_lists_vs_v2: 12.5x (target >= 20x) NOT MET
not a GOAL line: 1 (target 2) MET
"""


def test_goal_lines_are_read_with_value_target_and_verdict():
    assert parse_goals(OUTPUT) == [
        {"name": "first_run_seconds", "value": "21.0", "target": "< 30", "met": "MET"},
        {"name": "cold_lists_vs_v2", "value": "12.5x", "target": ">= 20x", "met": "NOT MET"},
    ]


def test_the_summary_fails_on_an_unmet_goal_or_a_failed_bench():
    met = {"bench": "first_run", "exit": 0, "goals": parse_goals(OUTPUT)[:1]}
    table, ok = summary([met])
    assert ok and "first_run_seconds" in table and "MET" in table

    unmet = {"bench": "cms_bench", "exit": 0, "goals": parse_goals(OUTPUT)[1:]}
    crashed = {"bench": "load_mix", "exit": 1, "goals": []}
    table, ok = summary([met, unmet, crashed])
    assert not ok
    assert "NOT MET" in table and "(no goal printed)" in table and "FAILED" in table


def test_every_bench_script_is_found_but_not_helpers_or_the_runner():
    names = {path.stem for path in discover()}
    assert {"first_run", "cms_bench", "webhooks_bench"} <= names
    assert not names & {"run_all", "seed", "cms_settings", "cms_urls"}
