"""Property-based run of the API against its own OpenAPI description (schemathesis): every generated
request gets a documented status and a body that matches the schema, and never a 5xx.

One check is left out: "schema-valid request accepted". No schema can say which strings are valid queries
in the query language (`[`, an unclosed quote) or which cursors we issued, so those are rightly 400s."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

OPERATIONS = ["/api/search", "/api/facets", "/api/histogram", "/api/export.{fmt}", "/api/cable/{ident}",
              "/api/cable/{ident}/refs", "/api/cable/{ident}/versions", "/api/cable/{ident}/explained",
              "/api/browse/{kind}", "/api/cable/{ident}/thread", "/api/gaps", "/api/network", "/api/graph",
              "/api/trends", "/api/topics", "/api/topics/{n}"]


@pytest.fixture(scope="module")
def api_schema(app):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_api_path_is_fuzzed(api_schema):
    paths = {r.ok().path for r in api_schema.get_all_operations()}
    assert paths == set(OPERATIONS)


@pytest.mark.parametrize("path", OPERATIONS)
def test_api_conforms_to_its_description(api_schema, path):  # type: ignore[no-untyped-def]
    operation = api_schema["/api" + path[4:]]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
