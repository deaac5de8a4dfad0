from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    # Scanned consent forms go to a throwaway storage root, never the demo's.
    settings.MEDIA_ROOT = tmp_path / "media"
