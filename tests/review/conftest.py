from tests.cases.conftest import api, catalog, clock, frank, grace, heidi, team  # noqa: F401
