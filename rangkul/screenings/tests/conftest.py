from typing import Any

import pytest

from rangkul.screenings.tests.factories import launch


@pytest.fixture
def campaign(school: Any) -> Any:
    """PHQ-A for school 1's class, open today."""
    return launch(school, "phqa")
