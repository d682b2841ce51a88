from tests.cases.conftest import api, catalog, clock, frank, grace, heidi, local_storage, team  # noqa: F401
