from tests.cases.conftest import api, catalog, clock, document_storage, frank, grace, heidi, team  # noqa: F401
