"""Determinism for a seed, the refusal on a database that is not empty, and the CLI."""

import pytest
from sqlalchemy import select

from demo.generate import GeneratorRefused, generate
from extensions import db
from tests.demo.generate.conftest import SMALL, wipe


def snapshot() -> dict[str, list[tuple]]:
    tables = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name.startswith("search"):
                continue  # the search index is derived (H1's), its ids follow sequences
            columns = [c for c in table.c if c.name != "password_hash"]
            order = list(table.primary_key.columns)
            tables[table.name] = connection.execute(select(*columns).order_by(*order)).all()
    return tables


def test_same_seed_same_data_other_seed_other_data(app):
    wipe()  # from an empty install each time: the generator makes its own committee
    generate(**SMALL)
    first = snapshot()
    wipe()
    generate(**SMALL)
    assert snapshot() == first
    wipe()
    generate(**{**SMALL, "seed": SMALL["seed"] + 1})
    assert snapshot()["opinion"] != first["opinion"]


def test_refuses_a_database_with_meetings(app):
    generate(**SMALL)
    with pytest.raises(GeneratorRefused):
        generate(**SMALL)


def test_cli_generates_and_then_refuses(app, runner):
    result = runner.invoke(args=["generate", "--years", "2", "--scale", "0.02", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "opinions=" in result.output and "benchmark_meeting_id=" in result.output
    again = runner.invoke(args=["generate", "--years", "2", "--scale", "0.02"])
    assert again.exit_code != 0
    assert "already holds meetings" in again.output
