import pytest

from apps.readiness import irt, services


@pytest.fixture(autouse=True)
def _fresh_prior_cache():
    """Stored priors are cached per process by id; a test database reuses ids after each rollback."""
    services._priors.clear()
    services._priors[None] = irt.DEFAULT_PRIOR
    yield
    services._priors.clear()
    services._priors[None] = irt.DEFAULT_PRIOR
